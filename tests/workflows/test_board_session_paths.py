"""Path tests of bpmn/board_session.bpmn: every branch, with a serialize/restore after every step."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from board_quarter import hold_session as hold_whole_session
from board_quarter import open_with_quorum, plan_called, vote_item
from board_session_steps import (approval_item, boards, complete, hold_in_the_room, on, plan, reload,
                                 session_clock, tasks)  # noqa: F401  (session_clock: autouse fixture)
from engine.calendar_overlay import declare_non_working
from engine import files
from engine.db import transaction
from engine.documents import text_of
from engine.deadlines import Deadline, DeadlineStatus
from engine.files import StoredFile
from engine.forms import FormInvalid
from engine.outbox import OutboxMessage
from engine.processes import ProcessInstance
from engine.runtime import runtime
from engine.settings import load_settings
from workflows.board_session import finish_session_step, room, start_session_process
from workflows.board_session.models import (Board, BoardSession, FixedItem, ItemKind, MinutesStatus, Resolution,
                                            ResolutionStatus, SessionKind, SessionNotice, SessionStatus)
from workflows.board_session.room_view import room_view
from workflows.board_session.planning import open_for_proposals
from workflows.board_session.sessions import VOTED_FIXED, BoardError, decide_item, items_of, plan_session, submit_item

SESSION_AT = datetime(2021, 6, 30, 10, 0)  # local time of the organization


def files_of(engine, instance_id) -> dict[str, int]:
    with transaction(engine) as db:
        rows = db.exec(select(StoredFile.kind, func.count()).where(StoredFile.instance_id == instance_id)
                       .group_by(StoredFile.kind)).all()
    return dict(rows)


def outbox_count(engine, kind) -> int:
    with transaction(engine) as db:
        return db.exec(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == kind)).one()


def state(engine, session_id):
    """What each step is checked against: the session's status and acta, the open task, the instance."""
    board_session = reload(engine, BoardSession, session_id)
    instance = reload(engine, ProcessInstance, board_session.instance_id)
    return (board_session.status.value, board_session.minutes_status.value,
            [t.task_name for t in tasks(engine, instance.id)], instance.status.value)


# (day of the step, who, task, form) → (session status, acta, open tasks, instance status)
HELD_PATH = [
    (date(2021, 6, 21), "prepare_agenda", {"confirmar": True},
     ("programada", "sin_acta", ["send_notice"], "en_curso")),
    (date(2021, 6, 22), "send_notice", {"confirmar": True},
     ("convocada", "sin_acta", ["hold_session"], "en_curso")),
    ("room", None, None,
     ("celebrada", "en_revision", ["review_minutes"], "en_curso")),
    (date(2021, 7, 2), "review_minutes", {"observaciones": "Se precisó la redacción del punto 5."},
     ("celebrada", "borrador", ["sign_minutes"], "en_curso")),
    ("next session", None, None,
     ("celebrada", "aprobada", ["sign_minutes"], "en_curso")),
    (date(2021, 10, 1), "sign_minutes", {"confirmar": True},
     ("celebrada", "firmada", [], "concluido")),
]


def test_a_held_session_goes_from_the_agenda_to_the_signed_and_published_acta(engine, demo, juridico):
    cc = boards(engine, demo)["CC"]
    area = demo.areas["DA"]
    board_session = plan(engine, juridico, cc, SessionKind.ORDINARY, SESSION_AT,
                         [approval_item(areas=[area.id], due=date(2021, 8, 31))])
    for day, task, form, expected in HELD_PATH:
        if day == "room":
            hold_in_the_room(engine, juridico, board_session.id, date(2021, 6, 30))
            with transaction(engine) as db:
                finish_session_step(db, juridico, db.get(BoardSession, board_session.id))
        elif day == "next session":
            on(date(2021, 9, 30))
            with transaction(engine) as db:
                hold_whole_session(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 9, 30, 10, 0))
        else:
            on(day)
            complete(engine, juridico, reload(engine, BoardSession, board_session.id).instance_id, task, form)
        assert state(engine, board_session.id) == expected, (day, task)
    done = reload(engine, BoardSession, board_session.id)
    assert done.signed_at is not None and done.published_at is not None
    assert done.called_at.date() == date(2021, 6, 22)
    # The draft, the reviewed acta, the one approved and the one signed and published.
    assert files_of(engine, done.instance_id) == {"convocatoria": 1, "acta": 4}
    with transaction(engine) as db:
        review = db.get(Deadline, done.minutes_review_deadline_id)
        [resolution] = db.exec(select(Resolution).where(Resolution.session_id == done.id)).all()
        followup = db.get(ProcessInstance, resolution.followup_instance_id)
    # Five días hábiles after the session day (Wednesday 30 June): Wednesday 7 July.
    assert (review.rule_key, review.days, review.starts_after, review.due_on, review.status) == \
        ("revision_acta", 5, date(2021, 6, 30), date(2021, 7, 7), DeadlineStatus.MET)
    assert review.title == "Revisión del acta de la Primera Sesión Ordinaria 2021 del Comité Coordinador"
    assert (followup.process_id, followup.subject_type, followup.subject_id) == \
        ("resolution_followup", "acuerdo", resolution.id)
    assert resolution.status == ResolutionStatus.PENDING
    assert outbox_count(engine, "convocatoria") == 11  # 9 seats and 2 suplentes of the Comité Coordinador
    assert outbox_count(engine, "acta_revision") == 11


def test_the_session_step_is_refused_until_the_room_closes_the_session(engine, demo, juridico):
    cc = boards(engine, demo)["CC"]
    board_session = plan(engine, juridico, cc, SessionKind.ORDINARY, SESSION_AT)
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    with pytest.raises(FormInvalid) as refused:
        complete(engine, juridico, board_session.instance_id, "hold_session", {})
    assert "La sesión está convocada" in refused.value.errors["notas"]
    assert state(engine, board_session.id) == ("convocada", "sin_acta", ["hold_session"], "en_curso")


def test_a_session_without_quorum_ends_the_process_without_an_acta(engine, demo, juridico):
    cc = boards(engine, demo)["CC"]
    board_session = plan(engine, juridico, cc, SessionKind.ORDINARY, SESSION_AT)
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    on(date(2021, 6, 30))
    with transaction(engine) as db:
        row = db.get(BoardSession, board_session.id)
        room.open_session(db, juridico, row, None)
        for seat in room.room_seats(db, row):
            room.record_attendance(db, juridico, row, seat.member.id, room.AttendanceStatus.ABSENT)
        room.record_no_quorum(db, juridico, row, None)
    with transaction(engine) as db:
        finish_session_step(db, juridico, db.get(BoardSession, board_session.id))
    assert state(engine, board_session.id) == ("sin_quorum", "sin_acta", [], "concluido")
    assert "acta" not in files_of(engine, board_session.instance_id)


def held_and_in_review(engine, demo, juridico) -> BoardSession:
    """A CC ordinary session held on 30 June 2021, its acta drafted and under the members' review."""
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, SESSION_AT)
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    hold_in_the_room(engine, juridico, board_session.id, date(2021, 6, 30))
    with transaction(engine) as db:
        finish_session_step(db, juridico, db.get(BoardSession, board_session.id))
    return board_session


def test_when_the_review_term_ends_the_acta_waits_for_approval_without_anyone_closing_it(engine, demo, juridico):
    board_session = held_and_in_review(engine, demo, juridico)
    [review] = tasks(engine, board_session.instance_id)
    deadline = reload(engine, Deadline, reload(engine, BoardSession, board_session.id).minutes_review_deadline_id)
    assert review.due_at.replace(tzinfo=None) == deadline.due_at.replace(tzinfo=None)
    on(date(2021, 7, 8))
    runtime._cache.clear()
    with transaction(engine) as db:
        runtime.fire_timers(db, juridico, db.get(ProcessInstance, board_session.instance_id))
    assert state(engine, board_session.id) == ("celebrada", "borrador", ["sign_minutes"], "en_curso")
    with transaction(engine) as db:
        assert db.get(Deadline, deadline.id).status == DeadlineStatus.MET


def test_a_dia_inhabil_declared_during_the_review_keeps_the_acta_in_review_until_the_new_end(
        engine, demo, juridico, admin):
    board_session = held_and_in_review(engine, demo, juridico)
    deadline_id = reload(engine, BoardSession, board_session.id).minutes_review_deadline_id
    first_end = reload(engine, Deadline, deadline_id).due_on
    with transaction(engine) as db:
        declare_non_working(db, admin, date(2021, 7, 2), date(2021, 7, 2), "Aniversario de la institución")
    moved = reload(engine, Deadline, deadline_id).due_on
    assert moved > first_end
    on(moved, hour=9)  # the timer had the first end
    runtime._cache.clear()
    with transaction(engine) as db:
        runtime.fire_timers(db, juridico, db.get(ProcessInstance, board_session.instance_id))
    assert [t.task_name for t in tasks(engine, board_session.instance_id)] == ["review_minutes"]
    on(date.fromordinal(moved.toordinal() + 1))
    with transaction(engine) as db:
        runtime.fire_timers(db, juridico, db.get(ProcessInstance, board_session.instance_id))
    assert [t.task_name for t in tasks(engine, board_session.instance_id)] == ["sign_minutes"]


def test_signing_is_refused_while_the_acta_is_not_approved_at_the_next_session(engine, demo, juridico):
    board_session = held_and_in_review(engine, demo, juridico)
    complete(engine, juridico, board_session.instance_id, "review_minutes", {})
    with pytest.raises(FormInvalid) as refused:
        complete(engine, juridico, board_session.instance_id, "sign_minutes", {"confirmar": True})
    # Where the acta stands in words, not its status label («El acta está proyecto de acta»).
    assert refused.value.errors["confirmar"].startswith("El acta es todavía un proyecto: se firma y publica solo "
                                                        "después de aprobarse en la siguiente sesión")
    row = reload(engine, BoardSession, board_session.id)
    assert (row.minutes_status, row.signed_at, row.published_at) == (MinutesStatus.DRAFT, None, None)


def test_an_acta_cannot_be_approved_before_its_session_is_closed(engine, demo, juridico):
    """The next session's "acta anterior" approves only a session already closed (celebrada)."""
    cc = boards(engine, demo)["CC"]
    first = plan(engine, juridico, cc, SessionKind.ORDINARY, SESSION_AT)
    complete(engine, juridico, first.instance_id, "prepare_agenda", {"confirmar": True})
    complete(engine, juridico, first.instance_id, "send_notice", {"confirmar": True})
    on(date(2021, 6, 30))
    with transaction(engine) as db:
        room.open_session(db, juridico, db.get(BoardSession, first.id), None)  # still en curso
    on(date(2021, 7, 15))
    with transaction(engine) as db:
        hold_whole_session(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 7, 15, 10, 0))
    row = reload(engine, BoardSession, first.id)
    assert (row.status, row.minutes_status, row.minutes_approved_in_id) == \
        (SessionStatus.IN_PROGRESS, MinutesStatus.NONE, None)


def test_closing_the_agenda_is_refused_while_an_areas_proposal_is_undecided(engine, demo, juridico, enlace_area_a):
    from workflows.board_session.models import ItemKind
    from workflows.board_session.sessions import submit_item
    cc = boards(engine, demo)["CC"]
    board_session = plan(engine, juridico, cc, SessionKind.ORDINARY, SESSION_AT)
    with transaction(engine) as db:
        submit_item(db, enlace_area_a, db.get(BoardSession, board_session.id), title="Informe de la auditoría",
                    kind=ItemKind.INFORMATIVE, area_id=demo.areas["DA"].id, today=date(2021, 6, 20))
    with pytest.raises(FormInvalid) as refused:
        complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    assert "Informe de la auditoría" in refused.value.errors["confirmar"]
    assert [t.task_name for t in tasks(engine, board_session.instance_id)] == ["prepare_agenda"]


def test_the_orden_del_dia_and_the_convocatoria_are_due_on_the_last_day_it_may_be_sent(engine, demo, juridico):
    cc = boards(engine, demo)["CC"]
    board_session = plan(engine, juridico, cc, SessionKind.ORDINARY, SESSION_AT)
    # 5 días naturales before 30 June, at the close of office hours (18:00 in Mexico City, summer time in 2021):
    # the orden del día goes out with the convocatoria, so both are due then.
    [agenda] = tasks(engine, board_session.instance_id)
    assert agenda.task_name == "prepare_agenda" and agenda.due_at.replace(tzinfo=None) == datetime(2021, 6, 25, 23, 0)
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    [task] = tasks(engine, board_session.instance_id)
    assert task.due_at.replace(tzinfo=None) == datetime(2021, 6, 25, 23, 0)
    with transaction(engine) as db:
        closed = db.get(BoardSession, board_session.id)
        # No cut-off was announced (until the session's day): closing the orden del día does not invent one.
        assert closed.agenda_cutoff is None and closed.agenda_closed_at is not None
        assert db.exec(select(func.count()).select_from(SessionNotice)).one() == 0


def test_closing_the_orden_del_dia_early_keeps_the_announced_cutoff_and_says_when_it_closed(
        engine, demo, juridico, enlace_area_a):
    cc = boards(engine, demo)["CC"]
    with transaction(engine) as db:
        board_session = plan_session(db, juridico, db.get(Board, cc.id), SessionKind.ORDINARY, SESSION_AT,
                                     agenda_cutoff=date(2021, 6, 24))
        start_session_process(db, juridico, board_session)
        proposal = submit_item(db, enlace_area_a, board_session, title="Informe recibido a tiempo",
                               kind=ItemKind.INFORMATIVE, area_id=demo.areas["DA"].id, today=date(2021, 6, 21))
        decide_item(db, juridico, proposal, True, None)
    on(date(2021, 6, 21))
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    with transaction(engine) as db:
        closed = db.get(BoardSession, board_session.id)
        # Announced «hasta el 24 de junio»: it still says so (not the day before the closing, 20 June).
        assert closed.agenda_cutoff == date(2021, 6, 24)
        with pytest.raises(BoardError) as refused:
            submit_item(db, enlace_area_a, closed, title="Informe tardío", kind=ItemKind.INFORMATIVE,
                        area_id=demo.areas["DA"].id, today=date(2021, 6, 22))
        assert str(refused.value) == ("El orden del día se cerró el 21 de junio de 2021; solicite a la Dirección "
                                      "Jurídica que lo incluya.")
        assert board_session.id not in [r.session.id for r in open_for_proposals(
            db, enlace_area_a, now=datetime(2021, 6, 22, 16, tzinfo=UTC))]
        from workflows.board_session.sessions import agenda_closed_on
        assert agenda_closed_on(db, closed) == date(2021, 6, 21)



def test_an_acta_approved_at_the_next_session_during_its_review_ends_that_review_and_keeps_one_approved_version(
        engine, demo, juridico):
    board_session = held_and_in_review(engine, demo, juridico)
    on(date(2021, 7, 5))  # its review runs until 7 July
    with transaction(engine) as db:
        next_session = plan_called(db, juridico, db.get(Board, board_session.board_id), SessionKind.ORDINARY,
                                   datetime(2021, 7, 5, 10, 0))
        open_with_quorum(db, juridico, next_session)
        # The room says so before the vote that would cut it short.
        [minutes_item] = [v for v in room_view(db, next_session).items if v.item.fixed == FixedItem.PREVIOUS_MINUTES]
        assert minutes_item.warning == (
            "Sigue corriendo el plazo de revisión de las y los integrantes del acta de la Primera Sesión Ordinaria del "
            "Comité Coordinador, hasta el 7 de julio de 2021. Si se aprueba ahora, esa revisión concluye: ya no se "
            "reciben observaciones y se aprueba el texto que el acta tiene hoy.")
        for item in items_of(db, next_session):
            if item.fixed in VOTED_FIXED:
                vote_item(db, juridico, item)
    # The task to incorporate observations is done, its term no longer runs nor alerts, and the acta is signed next.
    assert state(engine, board_session.id) == ("celebrada", "aprobada", ["sign_minutes"], "en_curso")
    row = reload(engine, BoardSession, board_session.id)
    review = reload(engine, Deadline, row.minutes_review_deadline_id)
    assert (review.status, review.next_alert_on) == (DeadlineStatus.CANCELLED, None)
    # The draft sent to review and the version approved: one approved version, not a second one.
    assert files_of(engine, row.instance_id) == {"convocatoria": 1, "acta": 2}
    with transaction(engine) as db:
        approved = db.exec(select(StoredFile).where(StoredFile.instance_id == row.instance_id,
                                                    StoredFile.kind == "acta").order_by(StoredFile.version.desc())
                           ).first()
    assert "Proyecto de acta" not in text_of(files.read(load_settings(), approved))
    complete(engine, juridico, board_session.instance_id, "sign_minutes", {"confirmar": True})
    assert state(engine, board_session.id) == ("celebrada", "firmada", [], "concluido")
