"""Deadline rows: opened under a rule set, paused and restarted, extended, recomputed, explained.

Dates are worked out by hand from the laws (LGTAIP 2025 art. 134: 20 días hábiles; art. 130:
prevención restarts the term the day after the answer) on the 2026 calendar: Monday holidays of
LFT art. 74 are 2 Feb, 16 Mar and 16 Nov 2026; Holy Thursday and Friday 2026 are 2 and 3 April.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from engine import deadlines
from engine.audit import AuditEvent
from engine.calendar_overlay import (OverlayError, change_suspension_end, declare_non_working, declare_suspension,
                                     lift_suspension, remove_non_working, tell_moved)
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineError, DeadlineKind, DeadlineStatus
from engine.documents import long_date
from engine.legal_calendar import NonWorkingDay, SuspensionScope
from engine.notifications import Notification
from engine.outbox import OutboxMessage
from engine.rule_sets import ProcedureRuleSet, RuleSetVariant
from engine.tenancy import Organization

MX = ZoneInfo("America/Mexico_City")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=MX).astimezone(UTC)


def open_response(session, actor, received_at, procedure="acceso", **extra) -> Deadline:
    return deadlines.open_deadline(session, actor, subject_type="solicitud", subject_id=1,
                                   kind=DeadlineKind.RESPUESTA, procedure=procedure, rule_key="respuesta",
                                   title="Respuesta a la solicitud 0001/2026", received_at=received_at, **extra)


def test_a_request_filed_on_monday_is_due_twenty_business_days_later(engine, transparencia):
    with transaction(engine) as session:
        deadline = open_response(session, transparencia, at(date(2026, 3, 23)))
        assert (deadline.starts_after, deadline.counted_from, deadline.due_on) == (
            date(2026, 3, 23), date(2026, 3, 24), date(2026, 4, 20))
        assert deadline.rule_set_code == "MX-LGTAIP-2025"
        assert deadline.basis == "LGTAIP 2025, art. 134"
        assert deadline.due_at == datetime(2026, 4, 20, 18, 0, tzinfo=MX)


def test_a_filing_after_office_hours_counts_from_the_next_business_day(engine, transparencia):
    with transaction(engine) as session:
        late = open_response(session, transparencia, at(date(2026, 3, 27), 18, 5))  # Friday 18:05
        assert late.starts_after == date(2026, 3, 30)
        assert late.due_on == date(2026, 4, 27)


def test_prevention_restarts_the_clock_the_day_after_the_answer(engine, transparencia):
    with transaction(engine) as session:
        deadline = open_response(session, transparencia, at(date(2026, 3, 23)))
        deadlines.pause(session, transparencia, deadline, date(2026, 3, 26), "Prevención al solicitante")
        assert deadline.status == DeadlineStatus.PAUSED and deadline.next_alert_on is None
        deadlines.restart(session, transparencia, deadline, date(2026, 4, 8), "Desahogo de la prevención")
        # Counting restarts on Thu 9 Apr: 20 días hábiles → Thu 7 May (1 May is LFT art. 74).
        assert (deadline.status, deadline.counted_from, deadline.due_on) == (
            DeadlineStatus.OPEN, date(2026, 4, 9), date(2026, 5, 7))
        history = [(e.action, e.due_before, e.due_after) for e in deadlines.events_of(session, deadline)]
        assert history == [("abierto", None, date(2026, 4, 20)), ("pausado", date(2026, 4, 20), None),
                           ("reanudado", date(2026, 4, 20), date(2026, 5, 7))]


def test_restarting_a_deadline_that_is_not_paused_is_refused(engine, transparencia):
    with transaction(engine) as session:
        deadline = open_response(session, transparencia, at(date(2026, 3, 23)))
        with pytest.raises(DeadlineError, match="en pausa"):
            deadlines.restart(session, transparencia, deadline, date(2026, 4, 8), "Desahogo")


def test_extension_adds_ten_business_days_when_notified_in_time(engine, transparencia):
    with transaction(engine) as session:
        deadline = open_response(session, transparencia, at(date(2026, 3, 23)))
        deadlines.extend(session, transparencia, deadline, date(2026, 4, 20), "Resolución CT/005/2026")
        assert deadline.due_on == date(2026, 5, 5)  # 21 Apr … 5 May skipping 1 May
        with pytest.raises(DeadlineError, match="una sola ampliación"):
            deadlines.extend(session, transparencia, deadline, date(2026, 4, 21), "Otra")


def test_extension_notified_after_expiry_is_refused(engine, transparencia):
    with transaction(engine) as session:
        deadline = open_response(session, transparencia, at(date(2026, 3, 23)))
        with pytest.raises(DeadlineError, match="después del vencimiento"):
            deadlines.extend(session, transparencia, deadline, date(2026, 4, 21), "Resolución tardía")
        assert deadline.due_on == date(2026, 4, 20) and deadline.extension_days == 0


def test_declaring_holy_week_after_filing_moves_the_deadline_and_tells_its_people(engine, transparencia, admin, demo):
    with transaction(engine) as session:
        deadline = open_response(session, transparencia, at(date(2026, 3, 23)),
                                 responsible_user_id=demo.users["transparencia"].id)
        deadline_id = deadline.id
    with transaction(engine) as session:
        _, moved = declare_non_working(session, admin, date(2026, 4, 2), date(2026, 4, 3), "Jueves y Viernes Santo",
                                       "Acuerdo CT/01/2026")
        assert [(m.before, m.after) for m in moved] == [(date(2026, 4, 20), date(2026, 4, 22))]
    with transaction(engine) as session:
        deadline = session.get(Deadline, deadline_id)
        assert deadline.due_on == date(2026, 4, 22)
        explanation = deadlines.explain(session, deadline)
        reasons = {day.day: day.reason for day in explanation.skipped}
        assert reasons[date(2026, 4, 2)] == "Jueves y Viernes Santo — Acuerdo CT/01/2026"
        assert reasons[date(2026, 3, 28)] == "sábado"
        moved_events = session.exec(select(AuditEvent).where(AuditEvent.action == "plazo.recalculado")).all()
        assert [(e.before, e.after) for e in moved_events] == [({"vence": "2026-04-20"}, {"vence": "2026-04-22"})]
        notice = session.exec(select(Notification).where(Notification.user_id == demo.users["transparencia"].id)).one()
        assert "Cambió la fecha" in notice.title
        mail = session.exec(select(OutboxMessage)).one()
        assert "pasó del 20 de abril de 2026 al 22 de abril de 2026" in mail.body


def test_a_deadline_moving_again_between_the_same_two_days_tells_its_people_again_and_only_once(
        engine, transparencia, admin, demo):
    with transaction(engine) as session:
        open_response(session, transparencia, at(date(2026, 3, 23)),  # due 20 April
                      responsible_user_id=demo.users["transparencia"].id)
    holy_thursday = date(2026, 4, 2)
    with transaction(engine) as session:
        day, _ = declare_non_working(session, admin, holy_thursday, holy_thursday, "Jueves Santo", "Acuerdo M1")
    with transaction(engine) as session:
        remove_non_working(session, admin, session.get(NonWorkingDay, day.id))
    with transaction(engine) as session:
        _, moved = declare_non_working(session, admin, holy_thursday, holy_thursday, "Jueves Santo", "Acuerdo M2")
        assert [(m.before, m.after) for m in moved] == [(date(2026, 4, 20), date(2026, 4, 21))]
        tell_moved(session, moved, "Día inhábil declarado: Jueves Santo — Acuerdo M2")  # the same change again
    with transaction(engine) as session:
        mails = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        notices = session.exec(select(Notification).where(Notification.user_id == demo.users["transparencia"].id)
                               .order_by(Notification.id)).all()
    assert [("Acuerdo M2" in mail.body, "al 21 de abril" in mail.body) for mail in mails] == [
        (False, True), (False, False), (True, True)]
    assert len(notices) == 3


def test_a_suspension_of_access_requests_does_not_move_arco_deadlines(engine, transparencia, admin):
    with transaction(engine) as session:
        access = open_response(session, transparencia, at(date(2026, 3, 23)))
        arco = open_response(session, transparencia, at(date(2026, 3, 23)), procedure="arco")
        suspension, moved = declare_suspension(session, admin, date(2026, 4, 6), date(2026, 4, 10),
                                               SuspensionScope.ACCESO, "Acuerdo del órgano garante 12/2026")
        assert [m.deadline.id for m in moved] == [access.id]
        assert (access.due_on, arco.due_on) == (date(2026, 4, 27), date(2026, 4, 20))
        assert "suspensión de plazos — Acuerdo del órgano garante 12/2026" in {
            d.reason for d in deadlines.explain(session, access).skipped}
        lift_suspension(session, admin, suspension)
        assert access.due_on == date(2026, 4, 20)


def test_extending_a_suspension_moves_the_deadlines_it_covers_once(engine, transparencia, admin):
    with transaction(engine) as session:
        access = open_response(session, transparencia, at(date(2026, 3, 23)))  # due 20 April
        suspension, _ = declare_suspension(session, admin, date(2026, 4, 6), date(2026, 4, 10), SuspensionScope.ALL,
                                           "Acuerdo del órgano garante 12/2026")
        assert access.due_on == date(2026, 4, 27)
        moved = change_suspension_end(session, admin, suspension, date(2026, 4, 17), "Acuerdo 14/2026 (prórroga)")
        assert [(m.before, m.after) for m in moved] == [(date(2026, 4, 27), date(2026, 5, 5))]
        assert access.due_on == date(2026, 5, 5)  # 1 May is a rest day
        with pytest.raises(OverlayError, match="ya termina el 17 de abril de 2026"):
            change_suspension_end(session, admin, suspension, date(2026, 4, 17), "Acuerdo 15/2026")
        # A suspensión de plazos, not «un periodo inhábil» as it was called before.
        with pytest.raises(OverlayError, match="^Una suspensión de plazos no puede abarcar más de un año.$"):
            change_suspension_end(session, admin, suspension, date(2027, 6, 30), "Acuerdo 16/2026")


def test_an_internal_deadline_runs_five_business_days_before_the_legal_one_and_follows_it(engine, transparencia, admin):
    with transaction(engine) as session:
        legal = open_response(session, transparencia, at(date(2026, 3, 23)))
        internal = deadlines.open_deadline(session, transparencia, subject_type="turno", subject_id=1,
                                           kind=DeadlineKind.TURNADO_INTERNO, procedure="acceso",
                                           rule_key="turnado_interno", title="Respuesta del área",
                                           received_at=at(date(2026, 3, 24)), parent=legal)
        assert internal.due_on == date(2026, 4, 13)
        declare_non_working(session, admin, date(2026, 4, 2), date(2026, 4, 3), "Semana Santa")
        assert (legal.due_on, internal.due_on) == (date(2026, 4, 22), date(2026, 4, 15))


def test_a_turn_given_on_the_legal_due_day_is_not_due_after_it(engine, transparencia):
    with transaction(engine) as session:
        legal = open_response(session, transparencia, at(date(2026, 3, 23)))  # due 20 April
        internal = deadlines.open_deadline(session, transparencia, subject_type="turno", subject_id=1,
                                           kind=DeadlineKind.TURNADO_INTERNO, procedure="acceso",
                                           rule_key="turnado_interno", title="Respuesta del área",
                                           received_at=at(date(2026, 4, 20)), parent=legal)
        assert (legal.due_on, internal.due_on) == (date(2026, 4, 20), date(2026, 4, 20))
        assert deadlines.explain(session, internal).sentence().endswith(
            "se turnó el día del vencimiento legal o después, así que vence con él, el 20 de abril de 2026.")


def open_turn(session, actor, legal, turned_on: date) -> Deadline:
    return deadlines.open_deadline(session, actor, subject_type="turno", subject_id=1,
                                   kind=DeadlineKind.TURNADO_INTERNO, procedure="acceso", rule_key="turnado_interno",
                                   title="Respuesta del área", received_at=at(turned_on), parent=legal)


@pytest.mark.parametrize("turned_on,due,ending", [
    # Wednesday 15 April: 5 días hábiles before Monday 20 April is the 13th, already gone.
    (date(2026, 4, 15), date(2026, 4, 16), "el 16 de abril de 2026."),
    # Turned on the 13th itself, the area still gets a día hábil.
    (date(2026, 4, 13), date(2026, 4, 14), "el 14 de abril de 2026."),
    # Friday 17 April: its next día hábil is the legal due day.
    (date(2026, 4, 17), date(2026, 4, 20), "el 20 de abril de 2026, el mismo día del vencimiento legal."),
])
def test_a_late_turn_explains_the_dia_habil_it_got_not_the_margin_it_could_not_have(
        engine, transparencia, turned_on, due, ending):
    with transaction(engine) as session:
        legal = open_response(session, transparencia, at(date(2026, 3, 23)))  # due 20 April
        internal = open_turn(session, transparencia, legal, turned_on)
        assert internal.due_on == due
        sentence = deadlines.explain(session, internal).sentence()
    assert sentence == (
        f"Turnado el {long_date(turned_on)}, ya no podía vencer 5 días hábiles antes del vencimiento "
        f"legal del 20 de abril de 2026 ({internal.basis}), el 13 de abril de 2026: vence el día hábil siguiente "
        f"al turno, {ending}")


def test_a_turn_given_with_the_margin_still_ahead_is_explained_by_the_margin(engine, transparencia):
    with transaction(engine) as session:
        legal = open_response(session, transparencia, at(date(2026, 3, 23)))  # due 20 April
        # Friday 10 April: its next día hábil, Monday 13, is the day the margin gives.
        internal = open_turn(session, transparencia, legal, date(2026, 4, 10))
        assert internal.due_on == date(2026, 4, 13)
        assert deadlines.explain(session, internal).sentence() == (
            f"5 días hábiles antes del vencimiento legal del 20 de abril de 2026 ({internal.basis}): "
            "vence el 13 de abril de 2026.")


def test_a_turn_counted_back_over_a_dia_inhabil_names_it_among_the_days_not_counted(engine, transparencia, admin):
    with transaction(engine) as session:
        legal = open_response(session, transparencia, at(date(2026, 3, 23)))  # due 20 April
        internal = deadlines.open_deadline(session, transparencia, subject_type="turno", subject_id=1,
                                           kind=DeadlineKind.TURNADO_INTERNO, procedure="acceso",
                                           rule_key="turnado_interno", title="Respuesta del área",
                                           received_at=at(date(2026, 3, 24)), parent=legal)
        declare_non_working(session, admin, date(2026, 4, 15), date(2026, 4, 15), "Aniversario del ente")
        # The legal term moves to Tuesday 21 April; 5 días hábiles before it, over the 15th: Monday 13 April.
        assert (legal.due_on, internal.due_on) == (date(2026, 4, 21), date(2026, 4, 13))
        explanation = deadlines.explain(session, internal)
    assert explanation.sentence().endswith(
        "vence el 13 de abril de 2026. Además de los sábados y domingos, no cuentan: 15 de abril de 2026 "
        "(Aniversario del ente).")
    assert [d.day for d in explanation.skipped] == [date(2026, 4, 15), date(2026, 4, 18), date(2026, 4, 19)]


def test_a_term_met_on_its_last_afternoon_in_tijuana_is_on_time_though_utc_is_on_the_next_day(
        engine, transparencia):
    zone = ZoneInfo("America/Tijuana")
    with transaction(engine) as session:
        session.get(Organization, transparencia.organization_id).timezone = zone.key
        legal = open_response(session, transparencia, datetime(2026, 3, 23, 10, tzinfo=zone))  # due 20 April
        assert legal.due_at == datetime(2026, 4, 20, 18, tzinfo=zone)
        deadlines.close(session, transparencia, legal, "Respondida", met_at=datetime(2026, 4, 20, 17, 30, tzinfo=zone))
        assert legal.met_at.astimezone(UTC).date() == date(2026, 4, 21) and not legal.met_late
        legal.met_at = datetime(2026, 4, 20, 18, 30, tzinfo=zone)  # after closing time
        assert legal.met_late


def test_a_one_day_term_says_one_dia_habil_in_singular(engine, transparencia):
    with transaction(engine) as session:
        term = deadlines.open_deadline(session, transparencia, subject_type="turno", subject_id=1,
                                       kind=DeadlineKind.TURNADO_INTERNO, procedure="acceso",
                                       rule_key="turnado_interno", title="Respuesta del área", days=1,
                                       received_at=at(date(2026, 3, 24)))
        assert deadlines.describe_rule(term).startswith("1 día hábil (")


def test_a_state_variant_with_ten_business_days_is_defined_as_data(engine, transparencia):
    with transaction(engine) as session:
        session.add(RuleSetVariant(organization_id=transparencia.organization_id, code="MX-CHIH-2016",
                                   name="Ley de Transparencia del Estado de Chihuahua", base_code="MX-LGTAIP-2015",
                                   overrides={"respuesta": {"value": 10, "basis": "LTAIPECH, art. 136"}}))
        session.add(ProcedureRuleSet(organization_id=transparencia.organization_id, procedure="acceso",
                                     rule_set_code="MX-CHIH-2016"))
        session.flush()
        deadline = open_response(session, transparencia, at(date(2026, 3, 23)))
        assert (deadline.rule_set_code, deadline.days, deadline.basis, deadline.due_on) == (
            "MX-CHIH-2016", 10, "LTAIPECH, art. 136", date(2026, 4, 6))


def test_a_request_keeps_the_rule_set_it_was_filed_under(engine, transparencia):
    with transaction(engine) as session:
        deadline = open_response(session, transparencia, at(date(2026, 3, 23)))
        session.add(ProcedureRuleSet(organization_id=transparencia.organization_id, procedure="acceso",
                                     rule_set_code="MX-LGTAIP-2015"))
        session.flush()
        assert deadlines.explain(session, deadline).rule.endswith("(LGTAIP 2025, art. 134)")


def test_explanation_reads_as_a_sentence(engine, transparencia):
    with transaction(engine) as session:
        deadline = open_response(session, transparencia, at(date(2026, 1, 30)))  # Friday before 2 Feb
        sentence = deadlines.explain(session, deadline).sentence()
        assert sentence.startswith("20 días hábiles (LGTAIP 2025, art. 134), contados a partir del 3 de febrero de 2026")
        assert "2 de febrero de 2026 (Día de la Constitución, LFT art. 74)" in sentence


def test_a_paused_term_explains_that_it_restarts_after_the_answer_instead_of_a_due_day(engine, transparencia):
    with transaction(engine) as session:
        deadline = open_response(session, transparencia, at(date(2026, 3, 23)))
        deadlines.pause(session, transparencia, deadline, date(2026, 3, 26), "Prevención al solicitante")
        assert deadlines.explain(session, deadline).sentence() == (
            "20 días hábiles (LGTAIP 2025, art. 134), contados a partir del 24 de marzo de 2026; en pausa desde el "
            "26 de marzo de 2026: se computa de nuevo, completo, a partir del día siguiente al desahogo (sin la "
            "pausa habría vencido el 20 de abril de 2026).")
        deadlines.restart(session, transparencia, deadline, date(2026, 4, 8), "Desahogo de la prevención")
        assert "vence el 7 de mayo de 2026." in deadlines.explain(session, deadline).sentence()


def test_a_suspension_recorded_after_filing_that_covers_the_filing_day_moves_the_start(engine, transparencia, admin):
    with transaction(engine) as session:
        # Filed Thu 20 May 2021, before the suspension was recorded: received that day; 20 dh
        # (LGTAIP 2015 art. 132) from Fri 21 May: 21 (1), 24–28 (6), 31 (7), 1–4 Jun (11),
        # 7–11 (16), 14–17 Jun (20).
        deadline = open_response(session, transparencia, at(date(2021, 5, 20)), rule_set_code="MX-LGTAIP-2015")
        assert (deadline.starts_after, deadline.due_on) == (date(2021, 5, 20), date(2021, 6, 17))
        # The ITAIPCH resumed plazos by acta 19-E/2021: suspended until Mon 31 May 2021. A filing on
        # a day terms do not run counts as received the next día hábil, Tue 1 Jun; the term counts
        # from Wed 2 Jun: 2–4 (3), 7–11 (8), 14–18 (13), 21–25 (18), 28–29 Jun (20).
        _, moved = declare_suspension(session, admin, date(2021, 5, 3), date(2021, 5, 31), SuspensionScope.ALL,
                                      "acta 19-E/2021 del ITAIPCH")
        assert [(m.before, m.after) for m in moved] == [(date(2021, 6, 17), date(2021, 6, 29))]
        assert (deadline.starts_after, deadline.counted_from, deadline.due_on) == (
            date(2021, 6, 1), date(2021, 6, 2), date(2021, 6, 29))
        assert [(e.action, e.reason) for e in deadlines.events_of(session, deadline)][-1] == (
            "recalculado", "Suspensión de plazos: acta 19-E/2021 del ITAIPCH")
        # The explanation starts on the filing day: why it counts as received on 1 June.
        skipped = deadlines.explain(session, deadline).skipped
        assert (skipped[0].day, skipped[0].reason) == (date(2021, 5, 20), "suspensión de plazos — acta 19-E/2021 del ITAIPCH")
        assert {d.day for d in skipped} >= {date(2021, 5, 31), date(2021, 6, 5)}


def test_a_colombian_petition_skips_the_monday_festivos_of_its_rule_set(engine, transparencia):
    with transaction(engine) as session:
        # Ley 1755 art. 14 num. 1: 10 dh. Filed Fri 9 Jan 2026; weekend and Mon 12 Jan (Reyes
        # Magos, moved to Monday) skipped: 13–16 (4), 19–23 (9), Mon 26 Jan (10).
        deadline = open_response(session, transparencia, at(date(2026, 1, 9)), rule_set_code="CO-1755")
        assert (deadline.counted_from, deadline.due_on, deadline.basis) == (
            date(2026, 1, 13), date(2026, 1, 26), "Ley 1755 de 2015, art. 14 num. 1")
        skipped = {day.day: day.reason for day in deadlines.explain(session, deadline).skipped}
        assert skipped[date(2026, 1, 12)] == "Día de los Reyes Magos (observado) (Ley 51 de 1983)"


def requester_term(rule_key: str, status: DeadlineStatus, updated_at: datetime | None = None) -> Deadline:
    """A term whose last day ended on Friday 17 April 2026 at the office's 18:00 (naive UTC, as SQLite gives it)."""
    due_at = datetime(2026, 4, 18, 0, 0)
    return Deadline(rule_key=rule_key, status=status, due_at=due_at, updated_at=updated_at or due_at,
                    due_on=date(2026, 4, 17))


def test_a_requester_term_past_its_last_day_has_run_out_not_fallen_overdue():
    before, after = at(date(2026, 4, 17), 17), at(date(2026, 4, 20))
    for rule_key in ("desahogo", "pago", "conservacion", "recurso"):
        assert not deadlines.ran_out(requester_term(rule_key, DeadlineStatus.OPEN), before)
        assert deadlines.ran_out(requester_term(rule_key, DeadlineStatus.OPEN), after)
        assert deadlines.ran_out(requester_term(rule_key, DeadlineStatus.MISSED), after)
    # The body's own terms are late, never «transcurridos»; nor is the garante's resolution.
    for rule_key in ("respuesta", "turnado", "resolucion_recurso"):
        assert not deadlines.ran_out(requester_term(rule_key, DeadlineStatus.MISSED), after)
    assert deadlines.status_label(requester_term("pago", DeadlineStatus.MISSED)) == "Transcurrido"
    assert deadlines.status_label(requester_term("respuesta", DeadlineStatus.MISSED)) == "Vencido"


def test_an_option_of_the_unidad_past_its_last_day_has_run_out_as_a_requesters_term_does():
    before, after = at(date(2026, 4, 17), 17), at(date(2026, 4, 20))
    for kind, rule_key in ((DeadlineKind.PREVENCION, "prevencion"), (DeadlineKind.INCOMPETENCIA, "incompetencia"),
                           (DeadlineKind.INFORMACION_PUBLICA, "informacion_publica")):
        window = requester_term(rule_key, DeadlineStatus.OPEN)
        window.kind = kind
        assert (deadlines.ran_out(window, before), deadlines.ran_out(window, after)) == (False, True)
        assert deadlines.status_label(window, after) == "Transcurrido"
    # The response term counted by the rule of an answer pointing to information already public is the
    # body's own: late, never «transcurrido».
    response = requester_term("informacion_publica", DeadlineStatus.MISSED)
    response.kind = DeadlineKind.RESPUESTA
    assert deadlines.status_label(response, after) == "Vencido"


def test_a_live_term_past_its_due_moment_reads_vencido_before_the_sweep_marks_it():
    before, after = at(date(2026, 4, 17), 17), at(date(2026, 4, 20))
    unswept = requester_term("respuesta", DeadlineStatus.OPEN)
    assert deadlines.status_label(unswept, before) == "En curso"
    assert deadlines.status_label(unswept, after) == "Vencido"


def test_a_window_closed_once_over_ran_out_and_one_cut_short_was_cancelled():
    closed_by_its_timer = requester_term("recurso", DeadlineStatus.CANCELLED, updated_at=datetime(2026, 4, 18, 6, 0))
    cut_short = requester_term("recurso", DeadlineStatus.CANCELLED, updated_at=datetime(2026, 4, 10, 17, 0))
    assert deadlines.status_label(closed_by_its_timer) == "Transcurrido"
    assert deadlines.status_label(cut_short) == "Cancelado"
    assert deadlines.status_label(requester_term("recurso", DeadlineStatus.MET)) == "Cumplido"


def test_cancelling_a_term_stamps_when_it_was_closed(engine, transparencia):
    with transaction(engine) as session:
        deadline = open_response(session, transparencia, at(date(2026, 4, 6)))
        opened = deadline.updated_at
        deadlines.cancel(session, transparencia, deadline, "La solicitud se desechó.")
        assert deadline.status == DeadlineStatus.CANCELLED and deadline.updated_at > opened


def test_a_term_in_dias_naturales_ending_on_a_sunday_rolls_to_monday_and_does_not_say_weekends_are_skipped(
        engine, transparencia):
    with transaction(engine) as session:
        upload = deadlines.open_deadline(session, transparencia, subject_type="obligacion", subject_id=1,
                                         kind=DeadlineKind.RESPUESTA, procedure="acceso", rule_key="carga_trimestral",
                                         title="Carga del tercer trimestre", starts_after=date(2026, 11, 13))
        assert upload.due_on == date(2026, 12, 14)  # 30 días naturales end on Sunday 13 December
        assert deadlines.explain(session, upload).sentence() == (
            "30 días naturales (Lineamientos Técnicos Generales, tabla de actualización y conservación), "
            "contados a partir del 14 de noviembre de 2026; vence el 14 de diciembre de 2026, día hábil siguiente al "
            "13 de diciembre de 2026, inhábil (domingo).")


def test_a_turn_given_after_a_suspension_declared_later_still_runs_before_the_legal_term_it_moved(
        engine, transparencia, admin):
    with transaction(engine) as session:
        legal = open_response(session, transparencia, at(date(2026, 3, 23)))  # due 20 April
        internal = deadlines.open_deadline(session, transparencia, subject_type="turno", subject_id=1,
                                           kind=DeadlineKind.TURNADO_INTERNO, procedure="acceso",
                                           rule_key="turnado_interno", title="Respuesta del área",
                                           received_at=at(date(2026, 4, 1)), parent=legal)
        assert internal.due_on == date(2026, 4, 13)
        # Declared afterwards for two days before the turn was given: the legal term moves two días hábiles.
        _, moved = declare_suspension(session, admin, date(2026, 3, 25), date(2026, 3, 26), SuspensionScope.ACCESO,
                                      "Acuerdo del órgano garante 15/2026")
        assert (legal.due_on, internal.due_on) == (date(2026, 4, 22), date(2026, 4, 15))
        assert {m.deadline.id for m in moved} == {legal.id, internal.id}


def test_a_turn_due_the_day_it_is_given_says_the_same_day_not_zero_dias_habiles(engine, transparencia):
    with transaction(engine) as session:
        same_day = deadlines.open_deadline(session, transparencia, subject_type="correspondencia",
                                           subject_id="OP-2026-000011", kind=DeadlineKind.TURNO_CORRESPONDENCIA,
                                           procedure="correspondencia", rule_key="turnado_interno",
                                           title="OP-2026-000011 turnado", starts_after=date(2026, 3, 24), days=0)
        assert same_day.due_on == date(2026, 3, 24)
        assert deadlines.explain(session, same_day).sentence() == (
            "El mismo día (Plazo interno que fija la oficialía de partes): vence el 24 de marzo de 2026.")
