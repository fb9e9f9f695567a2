"""The deadline sweep: which alerts go out on which day, to whom, and only once.

A request filed Monday 23 March 2026 is due Monday 20 April 2026 (20 días hábiles, LGTAIP 2025
art. 134). With the default policy its alerts fall on: 13 April (5 días hábiles before),
15 April (3 before), 17 April (1 before), 20 April (due day); then every día hábil while overdue
from 21 April, and the escalation to the area's head on 21 April (the first día hábil after).
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import select

from engine import deadlines
from engine.accounts import Membership, Role
from engine.alert_policy import AlertPolicy, default_policy
from engine.alerts import sweep
from engine.calendar_overlay import change_alert_policy, declare_non_working, remove_non_working
from engine.legal_calendar import NonWorkingDay
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus
from engine.notifications import Notification
from engine.outbox import OutboxMessage, OutboxStatus, deliver, message_id_for
from smtp_sink import smtp

MX = ZoneInfo("America/Mexico_City")


def morning(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=MX).astimezone(UTC)


def open_request(engine, actor, demo, **extra) -> int:
    with transaction(engine) as session:
        deadline = deadlines.open_deadline(
            session, actor, subject_type="solicitud", subject_id=7, kind=DeadlineKind.RESPUESTA, procedure="acceso",
            rule_key="respuesta", title="Respuesta a la solicitud 0007/2026", received_at=morning(date(2026, 3, 23)),
            responsible_user_id=demo.users["transparencia"].id, now=morning(date(2026, 3, 23)), **extra)
        return deadline.id


def alert_keys(engine) -> list[str]:
    with transaction(engine) as session:
        return sorted({n.key.rsplit(":", 1)[0] for n in session.exec(select(Notification)).all()})


def sweep_on(engine, day: date):
    return sweep(engine, morning(day))


def test_alerts_go_out_five_three_and_one_business_days_before_and_on_the_due_day(engine, demo, transparencia):
    deadline_id = open_request(engine, transparencia, demo)
    days_with_alerts = []
    for day in (date(2026, 4, d) for d in range(6, 21)):
        before = len(alert_keys(engine))
        sweep_on(engine, day)
        if len(alert_keys(engine)) > before:
            days_with_alerts.append(day.day)
    assert days_with_alerts == [13, 15, 17, 20]
    assert alert_keys(engine) == [f"alerta:{deadline_id}:2026-04-20:{step}"
                                 for step in ("antes-1", "antes-3", "antes-5", "vence")]
    with transaction(engine) as session:
        subjects = [m.subject for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()]
    assert subjects[0] == "Vence en 5 días hábiles: Respuesta a la solicitud 0007/2026"
    assert subjects[-1] == "Vence hoy: Respuesta a la solicitud 0007/2026"


def test_the_alert_body_counts_the_days_left_in_good_spanish(engine, demo, transparencia):
    open_request(engine, transparencia, demo)
    for day in (13, 17):  # 5 and 1 días hábiles before 20 April
        sweep_on(engine, date(2026, 4, day))
    with transaction(engine) as session:
        bodies = [m.body for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()]
    assert "El plazo vence el 20 de abril de 2026: quedan 5 días hábiles." in bodies[0]
    assert "El plazo vence el 20 de abril de 2026: queda 1 día hábil." in bodies[-1]


def test_an_alert_before_the_term_begins_counts_only_the_terms_own_days(engine, demo, transparencia):
    with transaction(engine) as session:
        # Friday 27 March after closing time: received Monday 30, counted from Tuesday 31; 3 días hábiles,
        # due Thursday 2 April.
        deadline = deadlines.open_deadline(
            session, transparencia, subject_type="solicitud", subject_id=8, kind=DeadlineKind.RESPUESTA,
            procedure="acceso", rule_key="respuesta", title="Incompetencia de la solicitud 0008/2026",
            received_at=datetime(2026, 3, 27, 18, 30, tzinfo=MX).astimezone(UTC), days=3,
            responsible_user_id=demo.users["transparencia"].id, now=morning(date(2026, 3, 27)))
        assert deadline.due_on == date(2026, 4, 2)
    # Its nearest reminder (5 días hábiles before) has passed: the sweep that evening tells it at once.
    sweep(engine, datetime(2026, 3, 27, 19, 0, tzinfo=MX).astimezone(UTC))
    with transaction(engine) as session:
        [notice] = session.exec(select(Notification)).all()
        [mail] = session.exec(select(OutboxMessage)).all()
    assert notice.title == mail.subject == "Vence en 3 días hábiles: Incompetencia de la solicitud 0008/2026"
    assert "El plazo vence el 2 de abril de 2026: quedan 3 días hábiles." in mail.body


def test_sweeping_twice_on_the_same_day_writes_each_alert_once(engine, demo, transparencia):
    open_request(engine, transparencia, demo)
    first = sweep_on(engine, date(2026, 4, 13))
    second = sweep_on(engine, date(2026, 4, 13))
    assert (first.alerts > 0, second.deadlines, second.alerts) == (True, 0, 0)
    with transaction(engine) as session:
        assert len(session.exec(select(OutboxMessage)).all()) == first.alerts


def test_alerts_reach_the_responsible_person_the_areas_enlaces_and_the_transparency_unit(engine, demo, transparencia):
    open_request(engine, transparencia, demo, responsible_area_id=demo.areas["DA"].id)
    sweep_on(engine, date(2026, 4, 13))
    with transaction(engine) as session:
        addresses = sorted(m.to_address for m in session.exec(select(OutboxMessage)).all())
    # transparencia is both the responsible person and the Unidad de Transparencia: one message.
    assert addresses == ["enlace_da@sesaech.example", "transparencia@sesaech.example"]


def test_a_missed_deadline_is_marked_alerts_every_business_day_and_escalates_once_to_the_area_head(
        engine, demo, transparencia):
    with transaction(engine) as session:
        session.get(type(demo.areas["DA"]), demo.areas["DA"].id).head_user_id = demo.users["juridico"].id
    deadline_id = open_request(engine, transparencia, demo, responsible_area_id=demo.areas["DA"].id)
    for day in (21, 22, 23, 24, 25, 26, 27):  # 25 and 26 April 2026 are Saturday and Sunday
        sweep_on(engine, date(2026, 4, day))
    keys = alert_keys(engine)
    assert [k for k in keys if "vencido" in k] == [f"alerta:{deadline_id}:vencido-2026-04-{d}"
                                                for d in (21, 22, 23, 24, 27)]
    with transaction(engine) as session:
        assert session.get(Deadline, deadline_id).status == DeadlineStatus.MISSED
        escalations = session.exec(select(OutboxMessage).where(OutboxMessage.key.like("%escalamiento%"))).all()
        assert [m.to_address for m in escalations] == ["juridico@sesaech.example"]
        assert escalations[0].subject.startswith("Escalamiento: plazo vencido en su área")
        assert [e.action for e in deadlines.events_of(session, session.get(Deadline, deadline_id))] == [
            "abierto", "vencido"]


def alert_subjects(engine) -> list[str]:
    with transaction(engine) as session:
        return [m.subject for m in session.exec(select(OutboxMessage).where(OutboxMessage.kind == "alerta")
                                                .order_by(OutboxMessage.id)).all()]


def test_a_term_moved_while_overdue_gets_no_second_overdue_alert_nor_escalation_that_day(
        engine, demo, transparencia, admin, monkeypatch):
    with transaction(engine) as session:
        session.get(type(demo.areas["DA"]), demo.areas["DA"].id).head_user_id = demo.users["juridico"].id
    deadline_id = open_request(engine, transparencia, demo, responsible_area_id=demo.areas["DA"].id)
    sweep_on(engine, date(2026, 4, 22))  # overdue since 21 April: today's alert and the escalation
    sent = alert_subjects(engine)
    assert sorted(set(sent)) == ["Escalamiento: plazo vencido en su área — Respuesta a la solicitud 0007/2026",
                                 "Plazo vencido hace 2 días hábiles: Respuesta a la solicitud 0007/2026"]
    # The same day an administrator declares a day inside the term inhábil: it moves to 21 April and
    # is still overdue.
    monkeypatch.setattr(deadlines, "utcnow", lambda: morning(date(2026, 4, 22)))
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 4, 8), date(2026, 4, 8), "Suspensión de labores")
        assert session.get(Deadline, deadline_id).due_on == date(2026, 4, 21)
    sweep_on(engine, date(2026, 4, 22))
    assert alert_subjects(engine) == sent
    sweep_on(engine, date(2026, 4, 23))  # the next día hábil: its overdue alert, no escalation again
    assert [s.split(":")[0] for s in alert_subjects(engine)[len(sent):]] == ["Plazo vencido hace 2 días hábiles"] * 2


def test_an_overdue_alert_or_escalation_written_under_a_key_naming_the_due_day_is_not_sent_again(
        engine, demo, transparencia):
    # Rows written before the overdue alerts' keys stopped naming the due day keep the old shape.
    deadline_id = open_request(engine, transparencia, demo, responsible_area_id=demo.areas["DA"].id)
    sweep_on(engine, date(2026, 4, 21))
    with transaction(engine) as session:
        for row in [*session.exec(select(Notification)).all(), *session.exec(select(OutboxMessage)).all()]:
            row.key = row.key.replace(f"alerta:{deadline_id}:", f"alerta:{deadline_id}:2026-04-20:")
        session.get(Deadline, deadline_id).next_alert_on = date(2026, 4, 21)
    sent = alert_subjects(engine)
    assert len(sent) == 3  # two overdue alerts and the escalation to the Unidad (no head account)
    sweep_on(engine, date(2026, 4, 21))
    assert alert_subjects(engine) == sent


def test_a_missed_term_whose_area_has_no_head_escalates_to_the_unit_that_gets_its_alerts_saying_why(
        engine, demo, transparencia):
    deadline_id = open_request(engine, transparencia, demo, responsible_area_id=demo.areas["DA"].id)
    sweep_on(engine, date(2026, 4, 21))  # the demo's Dirección de Administración has no head account
    with transaction(engine) as session:
        [escalation] = session.exec(select(OutboxMessage).where(OutboxMessage.key.like("%escalamiento%"))).all()
    assert escalation.to_address == "transparencia@sesaech.example"
    assert escalation.subject == ("Escalamiento sin titular que lo reciba: plazo vencido — "
                                  "Respuesta a la solicitud 0007/2026")
    # Who reads it is no administrator: they are told to ask the administration, not sent to its page.
    assert ("El área «Dirección de Administración» no tiene registrada en Pleno la cuenta de su titular: este "
            "escalamiento le llega a usted en su lugar. Para que lo reciba la persona titular, pida a la "
            "administración de Pleno que registre su cuenta.") in " ".join(escalation.body.split())
    assert "Administración → Áreas" not in escalation.body
    assert "Recibe este correo porque es la persona responsable de este plazo." in escalation.body
    assert f"/plazos/{deadline_id}" in escalation.body


def test_an_escalation_with_no_head_to_receive_it_tells_an_administrator_where_to_register_the_head(
        engine, demo, transparencia):
    with transaction(engine) as session:
        session.add(Membership(organization_id=demo.organization.id, user_id=demo.users["transparencia"].id,
                               role=Role.ADMIN))
    open_request(engine, transparencia, demo, responsible_area_id=demo.areas["DA"].id)
    sweep_on(engine, date(2026, 4, 21))
    with transaction(engine) as session:
        [escalation] = session.exec(select(OutboxMessage).where(OutboxMessage.key.like("%escalamiento%"))).all()
    assert ("Para que lo reciba la persona titular, registre su cuenta en Administración → Áreas."
            in " ".join(escalation.body.split()))


def test_a_missed_term_of_no_area_is_not_escalated_to_the_people_its_overdue_alerts_already_reach(
        engine, demo, transparencia):
    open_request(engine, transparencia, demo)  # the Unidad's own legal term: no area above it
    sweep_on(engine, date(2026, 4, 21))
    with transaction(engine) as session:
        subjects = [m.subject for m in session.exec(select(OutboxMessage)).all()]
    assert subjects == ["Plazo vencido hace 1 día hábil: Respuesta a la solicitud 0007/2026"]


def test_a_term_moved_later_gets_its_due_day_alert_again_on_its_new_due_day(engine, demo, transparencia, admin):
    # Declaring a day inhábil recomputes the alerts from the real today: the term runs from it.
    today = datetime.now(MX).date()
    with transaction(engine) as session:
        deadline = deadlines.open_deadline(
            session, transparencia, subject_type="solicitud", subject_id=7, kind=DeadlineKind.RESPUESTA,
            procedure="acceso", rule_key="respuesta", title="Respuesta a la solicitud 0007/2026",
            received_at=morning(today), responsible_user_id=demo.users["transparencia"].id)
        deadline_id, due = deadline.id, deadline.due_on
    sweep_on(engine, due)  # «Vence hoy»
    with transaction(engine) as session:
        declare_non_working(session, admin, due, due, "Suspensión de labores")
        new_due = session.get(Deadline, deadline_id).due_on
    assert new_due > due
    sweep_on(engine, new_due)
    assert [k for k in alert_keys(engine) if k.endswith(":vence")] == [
        f"alerta:{deadline_id}:{due.isoformat()}:vence", f"alerta:{deadline_id}:{new_due.isoformat()}:vence"]
    with transaction(engine) as session:
        subjects = [m.subject for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()]
    assert subjects.count("Vence hoy: Respuesta a la solicitud 0007/2026") == 2
    assert not any(subject.startswith("Plazo vencido") for subject in subjects)


def test_a_reminder_already_sent_is_not_sent_again_each_time_the_term_moves_but_on_its_new_day(
        engine, demo, transparencia, admin, monkeypatch):
    with transaction(engine) as session:
        session.add(AlertPolicy(organization_id=demo.organization.id, kind="respuesta", days_before="10,1"))
    deadline_id = open_request(engine, transparencia, demo)
    for day in range(1, 14):
        sweep_on(engine, date(2026, 4, day))
    [reminder] = alert_subjects(engine)
    assert reminder.startswith("Vence en 10 días hábiles")
    monkeypatch.setattr(deadlines, "utcnow", lambda: morning(date(2026, 4, 13)))
    for day in (8, 9, 10):  # on 13 April three days of the term are declared inhábiles, one by one
        with transaction(engine) as session:
            declare_non_working(session, admin, date(2026, 4, day), date(2026, 4, day), "Suspensión de labores")
        sweep_on(engine, date(2026, 4, 13))
    # The reminder's new day passed too: it is not said again (nor three times) today.
    assert alert_subjects(engine) == [reminder]
    with transaction(engine) as session:
        assert session.get(Deadline, deadline_id).due_on == date(2026, 4, 23)
    days_with_alerts = []
    for day in range(14, 24):
        before = len(alert_keys(engine))
        sweep_on(engine, date(2026, 4, day))
        if len(alert_keys(engine)) > before:
            days_with_alerts.append(day)
    assert days_with_alerts == [22, 23]  # 1 día hábil before the new due day, and the day itself
    assert alert_subjects(engine)[-1] == "Vence hoy: Respuesta a la solicitud 0007/2026"


def test_a_term_moved_earlier_sends_the_reminder_whose_new_day_has_passed_once(
        engine, demo, transparencia, admin, monkeypatch):
    # 8 to 10 April declared inhábiles before the request came: due 23 April, 5 días hábiles before on 16 April.
    monkeypatch.setattr(deadlines, "utcnow", lambda: morning(date(2026, 3, 20)))
    with transaction(engine) as session:
        day, _ = declare_non_working(session, admin, date(2026, 4, 8), date(2026, 4, 10), "Suspensión de labores")
        day_id = day.id
    deadline_id = open_request(engine, transparencia, demo)
    for day in range(1, 14):
        sweep_on(engine, date(2026, 4, day))
    assert alert_subjects(engine) == []
    # On 14 April the declaration is withdrawn: the term is due 20 April again, and its «5 días hábiles
    # before» was yesterday.
    monkeypatch.setattr(deadlines, "utcnow", lambda: morning(date(2026, 4, 14)))
    with transaction(engine) as session:
        remove_non_working(session, admin, session.get(NonWorkingDay, day_id))
        assert session.get(Deadline, deadline_id).due_on == date(2026, 4, 20)
    sweep_on(engine, date(2026, 4, 14))
    sweep_on(engine, date(2026, 4, 14))
    assert alert_subjects(engine) == ["Vence en 4 días hábiles: Respuesta a la solicitud 0007/2026"]
    days_with_alerts = []
    for day in range(15, 21):
        before = len(alert_keys(engine))
        sweep_on(engine, date(2026, 4, day))
        if len(alert_keys(engine)) > before:
            days_with_alerts.append(day)
    assert days_with_alerts == [15, 17, 20]
    assert len(alert_subjects(engine)) == 4


def test_a_shorter_rule_sends_only_the_nearest_reminder_it_skipped_and_never_one_already_said(
        engine, demo, transparencia, monkeypatch):
    deadline_id = open_request(engine, transparencia, demo)  # due 20 April: nothing to say before 13 April
    # On 26 March the answer points to information already published: 5 días hábiles, due 30 March. Its
    # reminders 5 and 3 días hábiles before (23 and 25 March) have passed: only the nearer one is said.
    monkeypatch.setattr(deadlines, "utcnow", lambda: morning(date(2026, 3, 26)))
    with transaction(engine) as session:
        deadlines.retarget(session, transparencia, session.get(Deadline, deadline_id), "informacion_publica",
                           "La respuesta orienta a información ya publicada")
        assert session.get(Deadline, deadline_id).due_on == date(2026, 3, 30)
    sweep_on(engine, date(2026, 3, 26))
    assert alert_keys(engine) == [f"alerta:{deadline_id}:2026-03-30:antes-3"]
    assert alert_subjects(engine) == ["Vence en 2 días hábiles: Respuesta a la solicitud 0007/2026"]
    # Recomputed again the same day (the rule applied twice): what was said is not said again.
    with transaction(engine) as session:
        deadlines.retarget(session, transparencia, session.get(Deadline, deadline_id), "informacion_publica",
                           "La respuesta orienta a información ya publicada")
    sweep_on(engine, date(2026, 3, 26))
    assert len(alert_subjects(engine)) == 1
    for day in (27, 28, 29, 30):
        sweep_on(engine, date(2026, 3, day))
    assert alert_keys(engine) == [f"alerta:{deadline_id}:2026-03-30:{step}" for step in ("antes-1", "antes-3", "vence")]


def test_a_term_moved_later_the_day_a_reminder_went_out_does_not_say_it_again_that_day(
        engine, demo, transparencia, admin, monkeypatch):
    deadline_id = open_request(engine, transparencia, demo)
    sweep_on(engine, date(2026, 4, 13))  # 5 días hábiles before 20 April
    [reminder] = alert_subjects(engine)
    # Later that day 14 April is declared inhábil: due 21 April, whose 5 días hábiles before is 13 April still.
    monkeypatch.setattr(deadlines, "utcnow", lambda: morning(date(2026, 4, 13)))
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 4, 14), date(2026, 4, 14), "Suspensión de labores")
        assert session.get(Deadline, deadline_id).due_on == date(2026, 4, 21)
    sweep_on(engine, date(2026, 4, 13))
    assert alert_subjects(engine) == [reminder]
    days_with_alerts = []
    for day in range(14, 22):
        before = len(alert_keys(engine))
        sweep_on(engine, date(2026, 4, day))
        if len(alert_keys(engine)) > before:
            days_with_alerts.append(day)
    assert days_with_alerts == [16, 20, 21]  # 3 and 1 días hábiles before the new due day, and the day itself


def test_a_worker_that_was_down_sends_only_the_latest_step_when_it_comes_back(engine, demo, transparencia):
    deadline_id = open_request(engine, transparencia, demo)
    sweep_on(engine, date(2026, 4, 16))  # nobody swept on 13 or 15 April
    assert alert_keys(engine) == [f"alerta:{deadline_id}:2026-04-20:antes-3"]
    with transaction(engine) as session:
        [message] = session.exec(select(OutboxMessage)).all()
    # The text says what is true on the day it is written, not what the missed step would have said.
    assert message.subject.startswith("Vence en 2 días hábiles")


def test_a_met_or_paused_deadline_stops_alerting(engine, demo, transparencia):
    met = open_request(engine, transparencia, demo)
    paused = open_request(engine, transparencia, demo)
    with transaction(engine) as session:
        deadlines.close(session, transparencia, session.get(Deadline, met), "Respuesta notificada")
        deadlines.pause(session, transparencia, session.get(Deadline, paused), date(2026, 3, 25), "Prevención")
    for day in (13, 15, 17, 20, 21):
        sweep_on(engine, date(2026, 4, day))
    assert alert_keys(engine) == []


def test_an_organizations_policy_for_a_kind_changes_the_days_and_the_recipients(engine, demo, transparencia):
    with transaction(engine) as session:
        session.add(AlertPolicy(organization_id=demo.organization.id, kind="respuesta", days_before="2",
                                on_due_day=False, daily_while_overdue=False, escalate=False, recipients="responsable"))
    deadline_id = open_request(engine, transparencia, demo, responsible_area_id=demo.areas["DA"].id)
    for day in range(13, 25):
        sweep_on(engine, date(2026, 4, day))
    assert alert_keys(engine) == [f"alerta:{deadline_id}:2026-04-20:antes-2"]
    with transaction(engine) as session:
        assert [m.to_address for m in session.exec(select(OutboxMessage)).all()] == ["transparencia@sesaech.example"]


def test_a_policy_with_only_the_overdue_alerts_sends_them_from_the_first_business_day_after_the_due_day(
        engine, demo, transparencia, admin, monkeypatch):
    overdue = open_request(engine, transparencia, demo)
    # On 22 April an administrator leaves only «Avisar cada día hábil mientras esté vencido» checked.
    monkeypatch.setattr(deadlines, "utcnow", lambda: morning(date(2026, 4, 22)))
    with transaction(engine) as session:
        change_alert_policy(session, admin, "respuesta", days_before=[], on_due_day=False, daily_while_overdue=True,
                            escalate=False, recipient_kinds=["responsable"])
        assert session.get(Deadline, overdue).next_alert_on == date(2026, 4, 22)
    later = open_request(engine, transparencia, demo)  # due 20 April too, alerts scheduled under the new policy
    with transaction(engine) as session:
        assert session.get(Deadline, later).next_alert_on == date(2026, 4, 21)
    for day in (21, 22, 23):
        sweep_on(engine, date(2026, 4, day))
    assert [k for k in alert_keys(engine) if k.startswith(f"alerta:{overdue}:")] == [
        f"alerta:{overdue}:vencido-2026-04-{d}" for d in (22, 23)]
    assert [k for k in alert_keys(engine) if k.startswith(f"alerta:{later}:")] == [
        f"alerta:{later}:vencido-2026-04-{d}" for d in (21, 22, 23)]


def test_an_acuerdos_follow_up_alerts_the_areas_enlaces_and_the_direccion_juridica_not_transparency(
        engine, demo, juridico):
    with transaction(engine) as session:
        deadline = deadlines.open_deadline(
            session, juridico, subject_type="acuerdo", subject_id="003/CC/SAECH/2026", kind=DeadlineKind.SEGUIMIENTO,
            procedure="sesiones", rule_key="seguimiento_acuerdo", title="Acuerdo 003/CC/SAECH/2026: DA",
            starts_after=date(2026, 3, 23), days=10, responsible_area_id=demo.areas["DA"].id,
            now=morning(date(2026, 3, 23)))
        due = deadline.due_on
    sweep_on(engine, due)
    with transaction(engine) as session:
        bodies = {m.to_address: m.body for m in session.exec(select(OutboxMessage)).all()}
    assert sorted(bodies) == ["enlace_da@sesaech.example", "juridico@sesaech.example"]
    # Each e-mail says why that person gets it.
    assert "Recibe este correo porque es enlace del área a cargo de este plazo." in bodies["enlace_da@sesaech.example"]
    assert ("Recibe este correo porque la Dirección Jurídica, a la que pertenece, recibe los avisos de este tipo "
            "de plazo (Administración → Alertas).") in bodies["juridico@sesaech.example"]


def a_term(engine, actor, demo, kind: DeadlineKind, rule_key: str, title: str) -> int:
    """A term of the request counted from 23 March 2026 with an area in charge (its head: juridico)."""
    with transaction(engine) as session:
        session.get(type(demo.areas["DA"]), demo.areas["DA"].id).head_user_id = demo.users["juridico"].id
        deadline = deadlines.open_deadline(
            session, actor, subject_type="solicitud", subject_id=7, kind=kind, procedure="acceso", rule_key=rule_key,
            title=title, starts_after=date(2026, 3, 23), days=10, responsible_user_id=demo.users["transparencia"].id,
            responsible_area_id=demo.areas["DA"].id, now=morning(date(2026, 3, 23)))
        return deadline.due_on


def test_a_term_that_runs_for_the_requester_gets_no_overdue_alert_nor_escalation(engine, demo, transparencia):
    due = a_term(engine, transparencia, demo, DeadlineKind.DESAHOGO, "desahogo", "Desahogo de la prevención")
    a_term(engine, transparencia, demo, DeadlineKind.RECURSO, "recurso", "Plazo para interponer el recurso")
    # The body's term to comply with the garante's resolution is of the same kind, and is a breach when missed.
    a_term(engine, transparencia, demo, DeadlineKind.RECURSO, "resolucion_recurso", "Cumplimiento de la resolución")
    for day in range(due.day, due.day + 8):
        sweep_on(engine, date(2026, due.month, day))
    subjects = alert_subjects(engine)
    assert not [s for s in subjects if "Desahogo" in s and not s.startswith("Vence hoy")]
    assert not [s for s in subjects if "interponer" in s and not s.startswith(("Vence hoy", "Vence en"))]
    assert any(s.startswith("Plazo vencido") and "Cumplimiento" in s for s in subjects)
    assert [s for s in subjects if s.startswith("Escalamiento")] == [
        "Escalamiento: plazo vencido en su área — Cumplimiento de la resolución"]



def test_an_option_of_the_unidad_is_reminded_once_and_lapses_without_overdue_alerts_whatever_its_policy_ticks(
        engine, demo, transparencia):
    # The window to prevent a request filed Friday 27 November 2026: 5 días hábiles, 30 November to 4
    # December. Administration ticked the overdue alerts and the escalation of «Emisión de la prevención».
    with transaction(engine) as session:
        session.get(type(demo.areas["DA"]), demo.areas["DA"].id).head_user_id = demo.users["juridico"].id
        session.add(AlertPolicy(organization_id=demo.organization.id, kind=DeadlineKind.PREVENCION, days_before="1",
                                daily_while_overdue=True, escalate=True))
        window = deadlines.open_deadline(
            session, transparencia, subject_type="solicitud", subject_id=7, kind=DeadlineKind.PREVENCION,
            procedure="acceso", rule_key="prevencion", title="Emisión de la prevención · SAI-2026-00007",
            received_at=morning(date(2026, 11, 27)), responsible_user_id=demo.users["transparencia"].id,
            responsible_area_id=demo.areas["DA"].id, now=morning(date(2026, 11, 27)))
        window_id = window.id
        assert window.due_on == date(2026, 12, 4)
    for day in [date(2026, 11, d) for d in (27, 30)] + [date(2026, 12, d) for d in range(1, 15)]:
        sweep_on(engine, day)
        sweep_on(engine, day)
    assert alert_keys(engine) == [f"alerta:{window_id}:2026-12-04:antes-1", f"alerta:{window_id}:2026-12-04:vence"]
    assert list(dict.fromkeys(alert_subjects(engine))) == [  # each to the Unidad and the area's enlace
        "Vence en 1 día hábil: Emisión de la prevención · SAI-2026-00007",
        "Vence hoy: Emisión de la prevención · SAI-2026-00007"]
    with transaction(engine) as session:
        window = session.get(Deadline, window_id)
        # Marked past the first día hábil after its last day, so it leaves the live lists, and looked at no more.
        assert (window.status, window.next_alert_on) == (DeadlineStatus.MISSED, None)
        assert deadlines.status_label(window, morning(date(2026, 12, 14))) == "Transcurrido"
        assert [(e.action, e.reason) for e in deadlines.events_of(session, window)][-1] == (
            "vencido", "Transcurrió sin usarse.")


def test_the_unidads_options_are_reminded_the_business_day_before_their_last_day_unless_configured(engine, demo):
    for kind in (DeadlineKind.PREVENCION, DeadlineKind.INCOMPETENCIA, DeadlineKind.INFORMACION_PUBLICA):
        policy = default_policy(demo.organization.id, kind)
        assert (policy.days_before, policy.on_due_day, policy.daily_while_overdue, policy.escalate) == (
            "1", True, False, False)
    assert default_policy(demo.organization.id, DeadlineKind.RESPUESTA).days_before == "5,3,1"


# -- an alert that waited in the outbox (an SMTP outage) goes out only if it still holds -----------

def outbox_of(engine, deadline_id: int) -> list[OutboxMessage]:
    with transaction(engine) as session:
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.key.like(f"alerta:{deadline_id}:%"))
                                 .order_by(OutboxMessage.id)).all())


def unread_notices_of(engine, deadline_id: int) -> int:
    with transaction(engine) as session:
        return len(session.exec(select(Notification).where(Notification.key.like(f"alerta:{deadline_id}:%"),
                                                           Notification.read_at.is_(None))).all())


def test_an_overdue_alert_still_waiting_when_the_turn_is_answered_is_withdrawn_not_sent(
        engine, settings, demo, transparencia, sink, port):
    answered = open_request(engine, transparencia, demo, responsible_area_id=demo.areas["DA"].id)
    still_late = open_request(engine, transparencia, demo, responsible_area_id=demo.areas["DA"].id)
    sweep_on(engine, date(2026, 4, 23))  # the mail server is down: the alerts wait in the outbox
    assert {m.subject for m in outbox_of(engine, answered)} >= {
        "Plazo vencido hace 3 días hábiles: Respuesta a la solicitud 0007/2026"}
    with transaction(engine) as session:
        deadlines.close(session, transparencia, session.get(Deadline, answered), "Respuesta notificada")
    assert deliver(engine, smtp(settings, port)) == len(outbox_of(engine, answered)) + len(outbox_of(engine, still_late))
    # Only the term still overdue is told; the answered one's alerts are kept, marked, never sent.
    assert sorted(sink.message_ids) == sorted(message_id_for(m.key) for m in outbox_of(engine, still_late))
    assert {(m.status, m.attempts, m.sent_at, m.withdrawn_reason) for m in outbox_of(engine, answered)} == {
        (OutboxStatus.WITHDRAWN, 0, None, "El plazo quedó cumplido antes de que el aviso saliera.")}
    assert (unread_notices_of(engine, answered), unread_notices_of(engine, still_late) > 0) == (0, True)
    assert deliver(engine, smtp(settings, port)) == 0  # not retried
    assert len(sink.messages) == len(outbox_of(engine, still_late))


def test_alerts_waiting_when_their_term_moves_are_withdrawn_if_the_move_made_them_false(
        engine, settings, demo, transparencia, admin, sink, port, monkeypatch):
    reminded = open_request(engine, transparencia, demo)
    sweep_on(engine, date(2026, 4, 13))  # «Vence en 5 días hábiles», for 20 April
    overdue = open_request(engine, transparencia, demo, responsible_area_id=demo.areas["DA"].id)
    with transaction(engine) as session:
        session.get(Deadline, reminded).next_alert_on = None  # said; its later steps are not this test's
    sweep_on(engine, date(2026, 4, 21))  # overdue since 21 April: its alert and the escalation
    # That day a day inside both terms is declared inhábil: both now end on 21 April, which has not ended.
    monkeypatch.setattr(deadlines, "utcnow", lambda: morning(date(2026, 4, 21)))
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 4, 8), date(2026, 4, 8), "Suspensión de labores")
        assert {session.get(Deadline, d).due_on for d in (reminded, overdue)} == {date(2026, 4, 21)}
    deliver(engine, smtp(settings, port))
    moved = "El plazo cambió de fecha antes de que el aviso saliera: ahora vence el 21 de abril de 2026."
    assert {(m.subject.split(":")[0], m.status, m.withdrawn_reason) for m in
            outbox_of(engine, reminded) + outbox_of(engine, overdue)} == {
        ("Vence en 5 días hábiles", OutboxStatus.WITHDRAWN, moved),
        ("Plazo vencido hace 1 día hábil", OutboxStatus.WITHDRAWN, moved),
        ("Escalamiento sin titular que lo reciba", OutboxStatus.WITHDRAWN, moved)}
    assert not [m for m in sink.messages if m["Subject"].startswith(("Vence", "Plazo vencido", "Escalamiento"))]


def test_alerts_waiting_for_a_term_that_moved_but_still_holds_them_go_out_once(
        engine, settings, demo, transparencia, admin, sink, port, monkeypatch):
    deadline_id = open_request(engine, transparencia, demo, responsible_area_id=demo.areas["DA"].id)
    sweep_on(engine, date(2026, 4, 23))
    monkeypatch.setattr(deadlines, "utcnow", lambda: morning(date(2026, 4, 23)))
    with transaction(engine) as session:  # now due 21 April: still overdue on the 23rd, still escalated
        declare_non_working(session, admin, date(2026, 4, 8), date(2026, 4, 8), "Suspensión de labores")
        assert session.get(Deadline, deadline_id).status == DeadlineStatus.MISSED
    deliver(engine, smtp(settings, port))
    deliver(engine, smtp(settings, port))
    alerts = outbox_of(engine, deadline_id)
    assert {m.status for m in alerts} == {OutboxStatus.SENT}
    # (The people are also told that the date moved: another message.)
    assert [sink.message_ids.count(message_id_for(m.key)) for m in alerts] == [1] * len(alerts)
