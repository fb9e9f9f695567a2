"""A session called off before it is held: its process stops, the convened are told, its cases move on."""

from datetime import date, datetime

import pytest
from sqlmodel import select

from board_session_steps import boards, complete, on, plan, reload, session_clock, tasks  # noqa: F401
from engine.audit import AuditEvent
from engine.db import transaction
from engine.outbox import OutboxMessage
from engine.processes import InstanceStatus, ProcessInstance
from workflows.board_session import room
from workflows.board_session.cancellation import cancel_session
from workflows.board_session.models import Board, BoardSession, SessionKind, SessionNotice, SessionStatus
from workflows.board_session.sessions import BoardError, Conflict, plan_session, title_of

SESSION_AT = datetime(2021, 6, 30, 10, 0)
REASON = "La presidencia no podrá asistir; se convocará de nuevo."


def convened(engine, demo, juridico) -> BoardSession:
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, SESSION_AT)
    on(date(2021, 6, 21))
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    return reload(engine, BoardSession, board_session.id)


def test_a_convened_session_cancelled_stops_its_process_and_tells_everyone_convened(engine, demo, juridico):
    board_session = convened(engine, demo, juridico)
    with transaction(engine) as db:
        cancel_session(db, juridico, db.get(BoardSession, board_session.id), REASON, board_session.version)
    cancelled = reload(engine, BoardSession, board_session.id)
    assert cancelled.status == SessionStatus.CANCELLED and REASON in cancelled.notes
    assert reload(engine, ProcessInstance, cancelled.instance_id).status == InstanceStatus.CANCELLED
    assert tasks(engine, cancelled.instance_id) == []
    with transaction(engine) as db:
        convened_to = {n.email for n in db.exec(select(SessionNotice).where(
            SessionNotice.session_id == board_session.id)).all()}
        told = db.exec(select(OutboxMessage).where(OutboxMessage.kind == "sesion_cancelada")).all()
    assert {m.to_address for m in told} == convened_to and len(told) == len(convened_to)
    assert all("Se cancela la Primera Sesión Ordinaria del Comité Coordinador" in m.subject for m in told)
    assert all(REASON in m.body for m in told)
    # «convocada para las diez horas», not «convocada para a las diez horas».
    assert all("La Primera Sesión Ordinaria del Comité Coordinador, convocada para las diez horas del día treinta "
               "de junio de dos mil veintiuno, se cancela." in m.body for m in told)


def test_a_planned_session_cancelled_sends_no_mail(engine, demo, juridico):
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, SESSION_AT)
    with transaction(engine) as db:
        cancel_session(db, juridico, db.get(BoardSession, board_session.id), REASON, None)
        assert db.exec(select(OutboxMessage)).all() == []
    assert reload(engine, BoardSession, board_session.id).status == SessionStatus.CANCELLED


def test_a_cancellation_without_a_reason_or_of_a_stale_page_changes_nothing(engine, demo, juridico):
    board_session = convened(engine, demo, juridico)
    with transaction(engine) as db, pytest.raises(BoardError, match="motivo"):
        cancel_session(db, juridico, db.get(BoardSession, board_session.id), "  ", board_session.version)
    with transaction(engine) as db, pytest.raises(Conflict):
        cancel_session(db, juridico, db.get(BoardSession, board_session.id), REASON, board_session.version - 1)
    assert reload(engine, BoardSession, board_session.id).status == SessionStatus.CALLED
    assert [t.task_name for t in tasks(engine, board_session.instance_id)] == ["hold_session"]


def test_a_session_already_opened_cannot_be_cancelled(engine, demo, juridico):
    board_session = convened(engine, demo, juridico)
    on(SESSION_AT.date())
    with transaction(engine) as db:
        room.open_session(db, juridico, db.get(BoardSession, board_session.id), board_session.version)
    opened = reload(engine, BoardSession, board_session.id)
    with transaction(engine) as db, pytest.raises(BoardError, match="en curso"):
        cancel_session(db, juridico, db.get(BoardSession, opened.id), REASON, opened.version)


def test_only_legal_staff_cancel_a_session(engine, demo, juridico, integrante):
    board_session = convened(engine, demo, juridico)
    with transaction(engine) as db, pytest.raises(BoardError, match="Dirección Jurídica"):
        cancel_session(db, integrante, db.get(BoardSession, board_session.id), REASON, board_session.version)


def test_a_session_cancelled_before_its_convocatoria_gives_its_number_to_the_sessions_after_it(
        engine, demo, juridico):
    cc = boards(engine, demo)["CC"]
    first, second, third = (plan(engine, juridico, cc, SessionKind.ORDINARY, datetime(2021, month, 28, 10, 0))
                            for month in (6, 8, 10))
    with transaction(engine) as db:
        cancel_session(db, juridico, db.get(BoardSession, second.id), REASON, None)
    with transaction(engine) as db:
        later = plan_session(db, juridico, db.get(Board, cc.id), SessionKind.ORDINARY, datetime(2021, 11, 26, 10, 0))
        titles = {s.id: (title_of(s, db.get(Board, cc.id)), s.status) for s in db.exec(select(BoardSession)).all()}
        freed = db.exec(select(AuditEvent).where(AuditEvent.action == "sesion.numero_liberado")).one()
        renamed = db.exec(select(AuditEvent).where(AuditEvent.action == "sesion.renumerada")).one()
        instance = db.get(ProcessInstance, third.instance_id)
    assert titles == {
        first.id: ("Primera Sesión Ordinaria del Comité Coordinador", SessionStatus.PLANNED),
        second.id: ("Sesión Ordinaria sin número del Comité Coordinador", SessionStatus.CANCELLED),
        third.id: ("Segunda Sesión Ordinaria del Comité Coordinador", SessionStatus.PLANNED),
        later.id: ("Tercera Sesión Ordinaria del Comité Coordinador", SessionStatus.PLANNED)}
    assert (freed.object_id, freed.before, freed.after) == (str(second.id), {"numero": 2}, {"numero": None})
    assert freed.summary.startswith("La Segunda Sesión Ordinaria del Comité Coordinador, programada para el 28 de "
                                    "agosto de 2021, se canceló antes de enviarse su convocatoria y dejó libre su")
    assert renamed.object_id == str(third.id)
    assert renamed.summary == ("Era la Tercera Sesión Ordinaria del Comité Coordinador; ahora es la Segunda Sesión "
                               "Ordinaria del Comité Coordinador: la Segunda Sesión Ordinaria del Comité Coordinador, "
                               "programada para el 28 de agosto de 2021, se canceló antes de enviarse su convocatoria "
                               "y dejó libre su número (las sesiones se numeran en el orden en que se celebran)")
    assert instance.title.startswith("Segunda Sesión Ordinaria 2021")


def test_a_session_cancelled_after_its_convocatoria_keeps_its_number_and_the_next_one_follows_it(
        engine, demo, juridico):
    board_session = convened(engine, demo, juridico)  # the Primera, convened for 30 June 2021
    cc = boards(engine, demo)["CC"]
    with transaction(engine) as db:
        cancel_session(db, juridico, db.get(BoardSession, board_session.id), REASON, None)
        later = plan_session(db, juridico, db.get(Board, cc.id), SessionKind.ORDINARY, datetime(2021, 8, 27, 10, 0))
        assert (db.get(BoardSession, board_session.id).number, later.number) == (1, 2)
        assert db.exec(select(AuditEvent).where(AuditEvent.action == "sesion.renumerada")).all() == []


def test_a_session_cancelled_before_its_convocatoria_leaves_a_convened_later_session_its_number(
        engine, demo, juridico):
    cc = boards(engine, demo)["CC"]
    earlier = plan(engine, juridico, cc, SessionKind.ORDINARY, datetime(2021, 6, 10, 10, 0))  # the Primera
    board_session = convened(engine, demo, juridico)  # the Segunda, 30 June: its convocatoria went out
    with transaction(engine) as db:
        cancel_session(db, juridico, db.get(BoardSession, earlier.id), REASON, None)
    with transaction(engine) as db:
        later = plan_session(db, juridico, db.get(Board, cc.id), SessionKind.ORDINARY, datetime(2021, 8, 27, 10, 0))
        assert (db.get(BoardSession, board_session.id).number, later.number) == (2, 3)
        assert db.exec(select(AuditEvent).where(AuditEvent.action == "sesion.renumerada")).all() == []
