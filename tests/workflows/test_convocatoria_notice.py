"""The convocatoria: the body's lead time (refused or warned with the dates), e-mails to members and
suplentes delivered to a real SMTP server, one confirmation link per member."""

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo
from email import policy
from email.parser import BytesParser

import pytest
from sqlmodel import select

from board_quarter import SUPLENTES, member
from board_session_steps import boards, complete, on, plan, reload, session_clock, tasks  # noqa: F401
from engine.alert_policy import policy_for, recipients_of
from engine.alerts import SweepCaches, reason_for, recipients
from engine.audit import AuditEvent
from engine import deadlines, files
from engine.calendar_overlay import change_suspension_end, declare_non_working, declare_suspension, lift_suspension
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus, deadlines_of, explain
from engine.documents import long_date, text_of
from engine.legal_calendar import Suspension, SuspensionScope
from engine.forms import FormInvalid
from engine.outbox import OutboxMessage, deliver
from workflows.board_session import notice
from workflows.board_session.cancellation import cancel_session
from workflows.board_session.models import BoardSession, Gender, Reply, SessionKind, SessionNotice, SessionStatus
from workflows.board_session.sessions import BoardError, seats
from smtp_sink import Sink, smtp_server

SESSION_AT = datetime(2021, 6, 30, 10, 0)
MEXICO_CITY = ZoneInfo("America/Mexico_City")


def planned_and_agenda_closed(engine, demo, juridico, kind=SessionKind.ORDINARY, when=SESSION_AT, board="CC"):
    board_session = plan(engine, juridico, boards(engine, demo)[board], kind, when)
    on(date(2021, 6, 20))
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    return board_session


def notices(engine, session_id) -> list[SessionNotice]:
    with transaction(engine) as db:
        return list(db.exec(select(SessionNotice).where(SessionNotice.session_id == session_id)
                            .order_by(SessionNotice.id)).all())


@pytest.mark.parametrize("board, kind, session_day, latest", [
    ("CC", SessionKind.ORDINARY, datetime(2021, 6, 30, 10), date(2021, 6, 25)),       # 5 días naturales
    ("CC", SessionKind.EXTRAORDINARY, datetime(2021, 6, 30, 10), date(2021, 6, 29)),  # 1 día natural
    # 3 días hábiles before Monday 5 July 2021: Wednesday 30 June (the weekend does not count).
    ("CE", SessionKind.ORDINARY, datetime(2021, 7, 5, 10), date(2021, 6, 30)),
    # 2 días hábiles before Thursday 16 September 2021 (a holiday falls on the session day itself): 14 September.
    ("CT", SessionKind.ORDINARY, datetime(2021, 9, 16, 10), date(2021, 9, 14)),
])
def test_the_last_day_to_send_follows_the_bodys_lead_time_and_unit(engine, demo, juridico, board, kind, session_day,
                                                                     latest):
    body = boards(engine, demo)[board]
    board_session = plan(engine, juridico, body, kind, session_day)
    with transaction(engine) as db:
        check = notice.check_lead_time(db, body, db.get(BoardSession, board_session.id), date(2021, 6, 1))
    assert check.latest == latest and check.on_time


def test_an_ordinary_session_whose_lead_time_passed_is_refused_with_the_dates(engine, demo, juridico):
    board_session = planned_and_agenda_closed(engine, demo, juridico)
    on(date(2021, 6, 26))
    with pytest.raises(FormInvalid) as refused:
        complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    assert refused.value.errors["confirmar"] == (
        "La convocatoria a una sesión ordinaria debe enviarse con 5 días naturales de anticipación: a más tardar "
        "el 25 de junio de 2021 (la sesión es el 30 de junio de 2021; hoy es 26 de junio de 2021); reprograme la "
        "sesión.")
    # Not even a justification lets an ordinary one through; nothing was sent or changed.
    with pytest.raises(FormInvalid):
        complete(engine, juridico, board_session.instance_id, "send_notice",
                 {"confirmar": True, "justificacion": "Urgente"})
    assert reload(engine, BoardSession, board_session.id).status == SessionStatus.PLANNED
    assert notices(engine, board_session.id) == []
    assert [t.task_name for t in tasks(engine, board_session.instance_id)] == ["send_notice"]


def test_a_late_extraordinary_session_is_sent_only_with_a_justification_kept_in_the_audit(engine, demo, juridico):
    board_session = planned_and_agenda_closed(engine, demo, juridico, SessionKind.EXTRAORDINARY)
    on(date(2021, 6, 30), hour=7)
    with pytest.raises(FormInvalid) as warned:
        complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    assert warned.value.errors["justificacion"] == (
        "La convocatoria a una sesión extraordinaria debe enviarse con 1 día natural de anticipación: a más "
        "tardar el 29 de junio de 2021 (la sesión es el 30 de junio de 2021; hoy es 30 de junio de 2021). Para "
        "enviarla de todos modos, escriba la justificación de la urgencia.")
    complete(engine, juridico, board_session.instance_id, "send_notice",
             {"confirmar": True, "justificacion": "Resolución judicial notificada ayer con plazo de 24 horas."})
    assert reload(engine, BoardSession, board_session.id).status == SessionStatus.CALLED
    with transaction(engine) as db:
        [event] = db.exec(select(AuditEvent).where(AuditEvent.action == "sesion.convocada")).all()
    assert "fuera del plazo del órgano" in event.summary
    assert "Resolución judicial notificada ayer" in str(event.after)
    [term] = session_terms(engine, board_session)
    assert term.status == DeadlineStatus.MET and term.met_late  # sent, but after its last day


URGENCY = "Resolución judicial notificada ayer con plazo de 24 horas."
SHORT_NOTICE = ("La sesión se convoca con carácter extraordinario, con una anticipación menor a la de cinco días "
                "naturales que las reglas del órgano prevén para convocar a las sesiones ordinarias.")


@pytest.mark.parametrize("sent_on, justification, says", [
    # Four days before an extraordinary session of the Comité Coordinador, whose ordinary ones need five.
    (date(2021, 6, 26), URGENCY, [SHORT_NOTICE, f"Motivo de la urgencia: {URGENCY}"]),
    (date(2021, 6, 26), "", [SHORT_NOTICE]),
    # Past even the extraordinary term (one día natural): the motive is required, and said.
    (date(2021, 6, 30), URGENCY, [SHORT_NOTICE, f"Motivo de la urgencia: {URGENCY}"]),
    # With the anticipación of an ordinary session, there is nothing to explain.
    (date(2021, 6, 25), URGENCY, []),
])
def test_an_extraordinary_convocatoria_sent_with_less_than_the_ordinary_notice_says_so_and_why(
        engine, demo, juridico, settings, sent_on, justification, says):
    board_session = planned_and_agenda_closed(engine, demo, juridico, SessionKind.EXTRAORDINARY)
    on(sent_on, hour=7)
    complete(engine, juridico, board_session.instance_id, "send_notice",
             {"confirmar": True, "justificacion": justification})
    [own, *_] = notices(engine, board_session.id)
    with transaction(engine) as db:
        to_all = text_of(files.read(settings, notice.latest_file(db, db.get(BoardSession, board_session.id),
                                                                "convocatoria")))
        to_one = text_of(files.read(settings, db.get(files.StoredFile, own.file_id)))  # a member's own copy
    for text in (to_all, to_one):
        lines = text.splitlines()
        stated = [line for line in lines if "carácter extraordinario" in line or line.startswith("Motivo de")]
        assert stated == says
        if says:  # after the orden del día it announces, before the closing requests
            assert lines.index(SHORT_NOTICE) > lines.index("ORDEN DEL DÍA")


def test_every_member_and_suplente_receives_the_convocatoria_by_email_on_a_real_smtp_server(engine, demo, juridico,
                                                                                           settings):
    board_session = planned_and_agenda_closed(engine, demo, juridico)
    on(date(2021, 6, 22))
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    cc = boards(engine, demo)["CC"]
    with transaction(engine) as db:
        titulares = seats(db, cc, date(2021, 6, 30))
        suplentes = [member(db, cc, name) for name, (short, _) in SUPLENTES.items() if short == "CC"]
        expected = sorted(m.email for m in titulares + suplentes)
    sent = notices(engine, board_session.id)
    assert sorted(n.email for n in sent) == expected and len(expected) == 11
    assert len({n.token for n in sent}) == 11 and all(len(n.token) >= 40 for n in sent)
    assert {n.sent_at.date() for n in sent} == {date(2021, 6, 22)}
    sink = Sink()
    with smtp_server(sink) as port:
        deliver(engine, replace(settings, mail_backend="smtp", smtp_host="127.0.0.1", smtp_port=port))
    assert sorted(m["To"] for m in sink.messages) == expected
    parsed = {m["To"]: BytesParser(policy=policy.default).parsebytes(m.as_bytes()) for m in sink.messages}
    suplente = [n for n in sent if n.email == suplentes[0].email][0]
    text = parsed[suplente.email].get_content()
    assert parsed[suplente.email]["Subject"] == ("Convocatoria: Primera Sesión Ordinaria del Comité Coordinador — "
                                                 "30 de junio de 2021, 10:00 horas")
    assert "como suplente de C.P. Alberto Ruiz Zenteno" in text
    assert "a las diez horas del día treinta de junio de dos mil veintiuno" in text
    # The body's first session: no acta anterior to approve.
    assert "3. Seguimiento de acuerdos" in text and "acta de la sesión anterior" not in text
    assert f"{settings.base_url}/convocatoria/{suplente.token}\n" in text
    assert f"{settings.base_url}/convocatoria/{suplente.token}/documento" in text
    with transaction(engine) as db:
        keys = sorted(db.exec(select(OutboxMessage.key)).all())
    assert keys == sorted(f"convocatoria:{board_session.id}:{n.member_id}" for n in sent)


def test_a_suplentes_email_says_whose_suplente_with_the_article_of_the_gender_recorded(engine, demo, juridico):
    board_session = planned_and_agenda_closed(engine, demo, juridico)
    cc = boards(engine, demo)["CC"]
    with transaction(engine) as db:
        member(db, cc, "Gutiérrez Coello").gender = Gender.MASCULINE
    on(date(2021, 6, 22))
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    with transaction(engine) as db:
        bodies = {m.to_address: m.body for m in db.exec(select(OutboxMessage)).all()}
        his, hers = member(db, cc, "Estrada Molina").email, member(db, cc, "Coutiño Ramos").email
    assert "Se le convoca, como suplente del Lic. Mario Gutiérrez Coello, a la" in bodies[his]
    # Alberto Ruiz's gender is not recorded, and «C.P.» does not say it: no article.
    assert "Se le convoca, como suplente de C.P. Alberto Ruiz Zenteno, a la" in bodies[hers]


def test_a_member_confirms_or_declines_from_the_link_and_can_change_the_answer(engine, demo, juridico):
    board_session = planned_and_agenda_closed(engine, demo, juridico)
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    first, second = notices(engine, board_session.id)[:2]
    with transaction(engine) as db:
        notice.reply(db, first.token, Reply.ATTENDS)
        notice.reply(db, second.token, Reply.DOES_NOT_ATTEND)
        notice.reply(db, second.token, Reply.ATTENDS)
    answered = {n.id: n.reply for n in notices(engine, board_session.id) if n.reply}
    assert answered == {first.id: Reply.ATTENDS, second.id: Reply.ATTENDS}
    with transaction(engine) as db, pytest.raises(LookupError):
        notice.reply(db, "no-existe", Reply.ATTENDS)


def test_no_answer_is_taken_once_the_session_is_held(engine, demo, juridico):
    from board_session_steps import hold_in_the_room
    board_session = planned_and_agenda_closed(engine, demo, juridico)
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    hold_in_the_room(engine, juridico, board_session.id, date(2021, 6, 30))
    token = notices(engine, board_session.id)[0].token
    with transaction(engine) as db, pytest.raises(BoardError, match="La sesión está celebrada"):
        notice.reply(db, token, Reply.ATTENDS)



def session_terms(engine, board_session) -> list[Deadline]:
    with transaction(engine) as db:
        return deadlines_of(db, board_session.organization_id, "sesion", board_session.id)


def test_the_convocatoria_is_a_term_of_the_direccion_juridica_met_when_it_is_sent(engine, demo, juridico):
    board_session = planned_and_agenda_closed(engine, demo, juridico)
    [term] = session_terms(engine, board_session)
    assert (term.kind, term.status, term.due_on, term.instance_id) == (
        DeadlineKind.CONVOCATORIA, DeadlineStatus.OPEN, date(2021, 6, 25), board_session.instance_id)
    with transaction(engine) as db:
        assert explain(db, term).sentence() == ("5 días naturales antes del 30 de junio de 2021 (Reglas de sesiones: "
                                                "Comité Coordinador): vence el 25 de junio de 2021.")
        # Its alerts go to the Dirección Jurídica, not to the Unidad de Transparencia.
        people = recipients(db, SweepCaches(), term, recipients_of(policy_for(db, term.organization_id, term.kind)))
    assert [(p.id, reason) for p, reason in people] == [(demo.users["juridico"].id, reason_for("juridico"))]
    on(date(2021, 6, 22))
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    [met] = session_terms(engine, board_session)
    assert met.status == DeadlineStatus.MET and not met.met_late


def test_calling_off_a_planned_session_cancels_its_convocatoria_term(engine, demo, juridico):
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, SESSION_AT)
    with transaction(engine) as db:
        cancel_session(db, juridico, db.get(BoardSession, board_session.id),
                       "La presidencia no podrá asistir; se convocará de nuevo.", None)
    [term] = session_terms(engine, board_session)
    assert (term.kind, term.status) == (DeadlineKind.CONVOCATORIA, DeadlineStatus.CANCELLED)


def test_a_dia_inhabil_declared_before_the_session_moves_the_convocatoria_and_its_tasks_earlier(
        engine, demo, juridico, admin):
    # The CE convenes 3 días hábiles ahead: for Monday 5 July 2021, by Wednesday 30 June.
    board_session = plan(engine, juridico, boards(engine, demo)["CE"], SessionKind.ORDINARY, datetime(2021, 7, 5, 10))
    [term] = session_terms(engine, board_session)
    assert term.due_on == date(2021, 6, 30)
    with transaction(engine) as db:
        _, moved = declare_non_working(db, admin, date(2021, 7, 1), date(2021, 7, 1), "Aniversario del ente")
    assert [(m.before, m.after) for m in moved] == [(date(2021, 6, 30), date(2021, 6, 29))]
    [task] = tasks(engine, board_session.instance_id)
    assert task.task_name == "prepare_agenda" and task.due_at.astimezone(MEXICO_CITY).date() == date(2021, 6, 29)


def test_a_suspension_of_plazos_of_every_procedure_leaves_the_convocatoria_and_its_tasks_untouched(
        engine, demo, juridico, admin, transparencia):
    # The CE convenes 3 días hábiles ahead: for Monday 5 July 2021, by Wednesday 30 June. A suspension of
    # plazos stops the procedures' terms; the office still works, and the body follows its session rules.
    board_session = plan(engine, juridico, boards(engine, demo)["CE"], SessionKind.ORDINARY, datetime(2021, 7, 5, 10))
    [term] = session_terms(engine, board_session)
    [agenda] = tasks(engine, board_session.instance_id)
    with transaction(engine) as db:
        request = deadlines.open_deadline(db, transparencia, subject_type="solicitud", subject_id=1,
                                          kind=DeadlineKind.RESPUESTA, procedure="acceso", rule_key="respuesta",
                                          title="Respuesta a la solicitud 0001/2021",
                                          received_at=datetime(2021, 6, 28, 10, tzinfo=MEXICO_CITY))
    with transaction(engine) as db:
        suspension, declared = declare_suspension(db, admin, date(2021, 7, 1), date(2021, 7, 2), SuspensionScope.ALL,
                                                  "Acuerdo ACT-PUB/30/06/2021")
    with transaction(engine) as db:
        extended = change_suspension_end(db, admin, db.get(Suspension, suspension.id), date(2021, 7, 6),
                                         "Acuerdo ACT-PUB/02/07/2021")
    with transaction(engine) as db:
        lifted = lift_suspension(db, admin, db.get(Suspension, suspension.id))
    # The request's term follows the suspension each time; the session's term is not even recomputed.
    assert [[m.deadline.id for m in moved] for moved in (declared, extended, lifted)] == [[request.id]] * 3
    [after] = session_terms(engine, board_session)
    assert (after.due_on, after.due_at, after.updated_at) == (date(2021, 6, 30), term.due_at, term.updated_at)
    [still] = tasks(engine, board_session.instance_id)
    assert still.due_at == agenda.due_at
    with transaction(engine) as db:
        assert [e.action for e in deadlines.events_of(db, after)] == ["abierto"]


def test_the_sessions_terms_skip_the_dias_inhabiles_but_not_the_days_of_a_suspension_in_force(
        engine, demo, juridico, admin):
    with transaction(engine) as db:
        declare_suspension(db, admin, date(2021, 7, 1), date(2021, 7, 2), SuspensionScope.ALL, "Acuerdo 1/2021")
    ce = boards(engine, demo)["CE"]
    board_session = plan(engine, juridico, ce, SessionKind.ORDINARY, datetime(2021, 7, 5, 10))
    [term] = session_terms(engine, board_session)
    assert term.due_on == date(2021, 6, 30)
    with transaction(engine) as db:
        assert notice.check_lead_time(db, ce, db.get(BoardSession, board_session.id), date(2021, 6, 30)).on_time
        # A día inhábil declared by acuerdo still counts as not hábil for the session.
        declare_non_working(db, admin, date(2021, 7, 2), date(2021, 7, 2), "Aniversario del ente")
    assert session_terms(engine, board_session)[0].due_on == date(2021, 6, 29)


def test_the_explanation_of_a_convocatoria_in_dias_habiles_names_the_dia_inhabil_it_counted_back_over(
        engine, demo, juridico, admin):
    board_session = plan(engine, juridico, boards(engine, demo)["CE"], SessionKind.ORDINARY, datetime(2021, 7, 5, 10))
    with transaction(engine) as db:
        declare_non_working(db, admin, date(2021, 7, 1), date(2021, 7, 1), "Aniversario del ente")
    [term] = session_terms(engine, board_session)
    with transaction(engine) as db:
        explanation = explain(db, term)
    assert explanation.sentence() == (
        "3 días hábiles antes del 5 de julio de 2021 (Reglas de sesiones: Comisión Ejecutiva): vence el 29 de junio "
        "de 2021. Además de los sábados y domingos, no cuentan: 1 de julio de 2021 (Aniversario del ente).")
    assert [(d.day, d.reason) for d in explanation.skipped] == [
        (date(2021, 7, 1), "Aniversario del ente"), (date(2021, 7, 3), "sábado"), (date(2021, 7, 4), "domingo")]
    assert explanation.rolled == ()


@pytest.mark.parametrize("session_at, declared, due, closed", [
    # 5 días naturales before Thursday 8 July 2021 is Saturday 3 July: Friday 2 July.
    (datetime(2021, 7, 8, 10), None, date(2021, 7, 2), "3 de julio de 2021, inhábil (sábado)"),
    # Before Tuesday 6 July it is Thursday 1 July, declared inhábil by the ente: Wednesday 30 June.
    (datetime(2021, 7, 6, 10), date(2021, 7, 1), date(2021, 6, 30), "1 de julio de 2021, inhábil (Aniversario del ente)"),
], ids=["saturday", "declared-holiday"])
def test_the_orden_del_dia_and_the_convocatoria_are_due_the_dia_habil_before_a_last_day_that_is_inhabil(
        engine, demo, juridico, admin, session_at, declared, due, closed):
    if declared:
        with transaction(engine) as db:
            declare_non_working(db, admin, declared, declared, "Aniversario del ente")
    cc = boards(engine, demo)["CC"]
    board_session = plan(engine, juridico, cc, SessionKind.ORDINARY, session_at)
    # At the close of that day's office hours: 18:00 in Mexico City, 23:00 UTC in 2021's summer time.
    closing = datetime.combine(due, datetime.min.time()).replace(hour=23)
    [agenda] = tasks(engine, board_session.instance_id)
    assert agenda.task_name == "prepare_agenda" and agenda.due_at.replace(tzinfo=None) == closing
    [term] = session_terms(engine, board_session)
    assert term.due_on == due
    with transaction(engine) as db:
        assert explain(db, term).sentence() == (
            f"5 días naturales antes del {long_date(session_at.date())} (Reglas de sesiones: Comité Coordinador): "
            f"vence el {long_date(due)}, día hábil anterior al {closed}.")
        assert notice.check_lead_time(db, cc, db.get(BoardSession, board_session.id), due).latest == due
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    [convocatoria] = tasks(engine, board_session.instance_id)
    assert convocatoria.task_name == "send_notice" and convocatoria.due_at.replace(tzinfo=None) == closing


def test_a_dia_inhabil_declared_on_the_convocatorias_last_day_in_dias_naturales_moves_it_to_the_day_before(
        engine, demo, juridico, admin):
    # 5 días naturales before Tuesday 6 July 2021: Thursday 1 July, until the ente declares it inhábil.
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, datetime(2021, 7, 6, 10))
    assert session_terms(engine, board_session)[0].due_on == date(2021, 7, 1)
    with transaction(engine) as db:
        _, moved = declare_non_working(db, admin, date(2021, 7, 1), date(2021, 7, 1), "Aniversario del ente")
    assert [(m.before, m.after) for m in moved] == [(date(2021, 7, 1), date(2021, 6, 30))]
    [task] = tasks(engine, board_session.instance_id)
    assert task.task_name == "prepare_agenda" and task.due_at.replace(tzinfo=None) == datetime(2021, 6, 30, 23, 0)


def test_the_first_ordinary_sessions_of_two_years_read_apart_in_mis_plazos_and_the_inbox(engine, demo, juridico):
    og = boards(engine, demo)["OG"]
    sessions = [plan(engine, juridico, og, SessionKind.ORDINARY, datetime(year, 2, 10, 10)) for year in (2021, 2022)]
    with transaction(engine) as db:
        titles = [[d.title for d in deadlines_of(db, s.organization_id, "sesion", s.id)] for s in sessions]
    subjects = [{t.subject for t in tasks(engine, s.instance_id)} for s in sessions]
    assert titles == [["Convocatoria a la Primera Sesión Ordinaria 2021 del Órgano de Gobierno"],
                      ["Convocatoria a la Primera Sesión Ordinaria 2022 del Órgano de Gobierno"]]
    assert subjects == [{"Primera Sesión Ordinaria 2021 del Órgano de Gobierno"},
                        {"Primera Sesión Ordinaria 2022 del Órgano de Gobierno"}]
