"""Items a session leaves pending: the room defers one, each says why it was not desahogado, and Jurídica
passes it, once, to a later session of the same body whose orden del día is still open."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from engine import audit, files
from engine.db import transaction
from tests.board_quarter import Item, make_boards, member, open_with_quorum, plan_called, vote_item
from workflows.board_session import room
from workflows.board_session.cancellation import cancel_session
from workflows.board_session.models import (AgendaDocument, AgendaItem, AttendanceStatus, BoardSession, FixedItem,
                                            ItemKind, ItemResult, ItemStatus, Resolution, SessionKind, SessionStatus,
                                            Vote, VoteSense)
from workflows.board_session.pending import Pending, carried_from, carried_to, carry_item, defer_item, pending_reason
from workflows.board_session.sessions import BoardError, items_of, plan_session, submit_item

WHEN = datetime(2021, 4, 9, 10, 0)
POLICY = Item("Propuesta de Política Estatal Anticorrupción", "Se aprueba la Política Estatal Anticorrupción.")
LINEAMIENTOS = Item("Lineamientos para la emisión de recomendaciones no vinculantes",
                    "Se aprueban los Lineamientos para la emisión de recomendaciones no vinculantes.")
REPORT = Item("Informe de avance de la Plataforma Digital Estatal")
WHY = "La Auditoría Superior pidió revisar el proyecto con las observaciones de los municipios."


@pytest.fixture
def boards(engine, demo):
    with transaction(engine) as db:
        return make_boards(db, demo)


def in_quorum(engine, juridico, board, items=(POLICY, LINEAMIENTOS, REPORT), attendance=None) -> BoardSession:
    with transaction(engine) as db:
        board_session = plan_called(db, juridico, board, SessionKind.EXTRAORDINARY, WHEN, items)
        open_with_quorum(db, juridico, board_session, attendance)
        return board_session


def titled(engine, board_session, title) -> AgendaItem:
    with transaction(engine) as db:
        return next(i for i in items_of(db, db.get(BoardSession, board_session.id)) if i.title == title)


def defer(engine, juridico, item, reason=WHY):
    with transaction(engine) as db:
        defer_item(db, juridico, db.get(AgendaItem, item.id), reason, None)


def later_session(engine, juridico, board, when=datetime(2021, 5, 14, 10, 0),
                  kind=SessionKind.EXTRAORDINARY) -> BoardSession:
    with transaction(engine) as db:
        return plan_session(db, juridico, board, kind, when)


def carry(engine, juridico, item, target):
    with transaction(engine) as db:
        return carry_item(db, juridico, db.get(AgendaItem, item.id), db.get(BoardSession, target.id), None)


def db_session(engine, session_id) -> BoardSession:
    with transaction(engine) as db:
        return db.get(BoardSession, session_id)


def items_in(engine, board_session) -> list[str]:
    with transaction(engine) as db:
        return [i.title for i in items_of(db, db.get(BoardSession, board_session.id)) if i.fixed is None]


def test_the_room_defers_an_item_with_its_reason_and_no_acuerdo_number_is_taken(engine, juridico, boards):
    cc = boards["CC"]
    board_session = in_quorum(engine, juridico, cc)
    policy, lineamientos = (titled(engine, board_session, t) for t in (POLICY.title, LINEAMIENTOS.title))
    defer(engine, juridico, policy)
    with transaction(engine) as db:
        agenda = next(i for i in items_of(db, board_session) if i.fixed == FixedItem.AGENDA)
        vote_item(db, juridico, agenda)
        resolution = vote_item(db, juridico, db.get(AgendaItem, lineamientos.id))
        deferred = db.get(AgendaItem, policy.id)
        assert (deferred.result, deferred.deferred_reason) == (ItemResult.DEFERRED, WHY)
        assert db.exec(select(func.count()).select_from(Vote).where(Vote.item_id == policy.id)).one() == 0
        # The next acuerdo takes the first number of the year: the deferred item took none.
        assert resolution.number == "001/CC/SAECH/2021"
        assert db.exec(select(func.count()).select_from(Resolution).where(Resolution.item_id == policy.id)).one() == 0
        # A deferred item does not hold the session open.
        room.close_session(db, juridico, db.get(BoardSession, board_session.id), None)
        assert db.get(BoardSession, board_session.id).status == SessionStatus.HELD
        logged = db.exec(select(audit.AuditEvent).where(audit.AuditEvent.action == "sesion.punto_diferido")).one()
        assert logged.summary == f"Se difirió el punto «{POLICY.title}»: {WHY}"


def test_a_deferred_item_is_not_voted_afterwards(engine, juridico, boards):
    cc = boards["CC"]
    board_session = in_quorum(engine, juridico, cc)
    policy = titled(engine, board_session, POLICY.title)
    defer(engine, juridico, policy, "")
    with transaction(engine) as db, pytest.raises(BoardError, match="Este punto se difirió a una sesión posterior: "
                                                                     "no se vota en esta."):
        room.cast_vote(db, juridico, db.get(AgendaItem, policy.id), member(db, cc, "Lucía Hernández").id,
                       VoteSense.FOR)
    with transaction(engine) as db, pytest.raises(BoardError, match="Este punto ya se difirió"):
        defer_item(db, juridico, db.get(AgendaItem, policy.id), "otra vez", None)
    with transaction(engine) as db:
        assert db.get(AgendaItem, policy.id).deferred_reason == ""


def test_an_item_is_not_deferred_without_the_quorum(engine, juridico, boards):
    ce = boards["CE"]
    with transaction(engine) as db:
        board_session = plan_called(db, juridico, ce, SessionKind.EXTRAORDINARY, WHEN, [POLICY])
        room.open_session(db, juridico, board_session, None)
    policy = titled(engine, board_session, POLICY.title)
    with pytest.raises(BoardError, match="La sesión no tiene quórum declarado"):
        defer(engine, juridico, policy)
    with transaction(engine) as db:
        in_progress = db.get(BoardSession, board_session.id)
        for seat in room.room_seats(db, in_progress):
            room.record_attendance(db, juridico, in_progress, seat.member.id, AttendanceStatus.PRESENT)
        room.declare_quorum(db, juridico, in_progress, None)
        for name in ("Silvia Aguilar", "Ricardo Pérez", "Patricia León"):
            room.record_attendance(db, juridico, in_progress, member(db, ce, name).id,
                                   AttendanceStatus.ABSENT)
    with pytest.raises(BoardError, match="Se perdió el quórum legal"):
        defer(engine, juridico, policy)
    with transaction(engine) as db:
        assert (db.get(AgendaItem, policy.id).result, db.get(AgendaItem, policy.id).deferred_reason) == (None, "")


def test_neither_a_fixed_item_nor_one_whose_vote_began_is_deferred(engine, juridico, boards):
    cc = boards["CC"]
    board_session = in_quorum(engine, juridico, cc)
    with transaction(engine) as db:
        agenda = next(i for i in items_of(db, board_session) if i.fixed == FixedItem.AGENDA)
    with pytest.raises(BoardError, match="Los puntos fijos no se difieren"):
        defer(engine, juridico, agenda)
    policy = titled(engine, board_session, POLICY.title)
    with transaction(engine) as db:
        room.cast_vote(db, juridico, db.get(AgendaItem, policy.id), member(db, cc, "Lucía Hernández").id,
                       VoteSense.FOR)
    with pytest.raises(BoardError, match="Ya hay votos registrados en este punto"):
        defer(engine, juridico, policy)
    with transaction(engine) as db:
        assert db.get(AgendaItem, policy.id).result is None


def test_each_item_left_pending_says_why(engine, juridico, boards):
    cc, ce, og = boards["CC"], boards["CE"], boards["OG"]
    # Deferred in a session held; the others voted, or presented.
    held = in_quorum(engine, juridico, cc)
    defer(engine, juridico, titled(engine, held, POLICY.title))
    with transaction(engine) as db:
        for item in items_of(db, held):
            if item.fixed == FixedItem.AGENDA or item.title == LINEAMIENTOS.title:
                vote_item(db, juridico, item)
        room.close_session(db, juridico, db.get(BoardSession, held.id), None)
    # Closed after losing the quorum with the programa unvoted; its informe was presented.
    lost = in_quorum(engine, juridico, ce, (POLICY, REPORT), {"Patricia León": "ausente"})
    with transaction(engine) as db:
        vote_item(db, juridico, next(i for i in items_of(db, lost) if i.fixed == FixedItem.AGENDA))
        for name in ("Silvia Aguilar", "Ricardo Pérez"):
            room.record_attendance(db, juridico, db.get(BoardSession, lost.id), member(db, ce, name).id,
                                   AttendanceStatus.ABSENT)
        room.close_session(db, juridico, db.get(BoardSession, lost.id), None)
    # Without quorum; and cancelled after its convocatoria went out.
    with transaction(engine) as db:
        no_quorum = plan_called(db, juridico, og, SessionKind.EXTRAORDINARY, WHEN, [POLICY])
        room.open_session(db, juridico, no_quorum, None)
        room.record_no_quorum(db, juridico, no_quorum, None)
        cancelled = plan_called(db, juridico, og, SessionKind.EXTRAORDINARY, WHEN + timedelta(days=7), [POLICY])
        cancel_session(db, juridico, cancelled, "El Órgano de Gobierno no reunirá quórum esa semana.", None)
    with transaction(engine) as db:
        reasons = {(s.id, i.title): pending_reason(i, db.get(BoardSession, s.id))
                   for s in (held, lost, no_quorum, cancelled) for i in items_of(db, s) if i.fixed is None}
    assert reasons == {
        (held.id, POLICY.title): Pending.DEFERRED, (held.id, LINEAMIENTOS.title): None, (held.id, REPORT.title): None,
        (lost.id, POLICY.title): Pending.QUORUM_LOST, (lost.id, REPORT.title): None,
        (no_quorum.id, POLICY.title): Pending.NO_QUORUM, (cancelled.id, POLICY.title): Pending.CANCELLED}
    assert [p.label for p in Pending] == ["Diferido", "No desahogado: se perdió el quórum",
                                          "No desahogado: la sesión no reunió quórum",
                                          "No desahogado: se canceló la sesión"]


def test_a_deferred_item_goes_on_to_a_later_session_as_it_was_proposed_and_says_where_from(
        engine, settings, demo, juridico, enlace_area_a, boards):
    cc = boards["CC"]
    area = demo.areas["DA"].id
    with transaction(engine) as db:
        board_session = plan_called(db, juridico, cc, SessionKind.EXTRAORDINARY, WHEN, [])
        item = submit_item(db, juridico, board_session, title=POLICY.title, kind=ItemKind.FOR_APPROVAL, area_id=area,
                           description="Proyecto elaborado con el CPC.", proposed_resolution=POLICY.resolution,
                           today=WHEN.date())
        # Proposed by the area's enlace, with the follow-up its acuerdo would order.
        item.submitted_by, item.followup_area_ids = enlace_area_a.user_id, [area]
        item.followup_due = WHEN.date() + timedelta(days=90)
        annex = files.store(db, settings, demo.organization.id, "anexo_punto", "Proyecto", "politica.pdf",
                            b"%PDF-1.4 politica", created_by=juridico.user_id)
        db.add(AgendaDocument(organization_id=demo.organization.id, item_id=item.id, file_id=annex.id))
        open_with_quorum(db, juridico, board_session)
    defer(engine, juridico, item)
    later = later_session(engine, juridico, cc)
    carried = carry(engine, juridico, item, later)
    with transaction(engine) as db:
        new = db.get(AgendaItem, carried.id)
        old = db.get(AgendaItem, item.id)
        same = ("kind", "title", "description", "proposed_resolution", "matter", "area_id", "submitted_by",
                "followup_area_ids", "followup_due")
        assert {f: getattr(new, f) for f in same} == {f: getattr(old, f) for f in same}
        assert (new.session_id, new.status, new.result, new.carried_from_id) == (later.id, ItemStatus.ACCEPTED, None,
                                                                                 item.id)
        assert db.exec(select(AgendaDocument.file_id).where(AgendaDocument.item_id == new.id)).all() == [annex.id]
        went, came = carried_to(db, [old])[old.id], carried_from(db, [new])[new.id]
        assert (went.item.id, went.title) == (new.id, "Segunda Sesión Extraordinaria del Comité Coordinador")
        assert (came.item.id, came.session.id, came.origin) == (old.id, board_session.id, "donde se difirió")
        # The item it continues keeps its place in its own session, deferred.
        assert (old.session_id, old.result) == (board_session.id, ItemResult.DEFERRED)
    assert items_in(engine, later) == [POLICY.title]


def test_an_item_goes_on_once_and_only_to_a_later_open_session_of_its_body(engine, juridico, boards):
    cc, og = boards["CC"], boards["OG"]
    with transaction(engine) as db:
        no_quorum = plan_called(db, juridico, cc, SessionKind.EXTRAORDINARY, WHEN, [POLICY, REPORT])
        room.open_session(db, juridico, no_quorum, None)
        room.record_no_quorum(db, juridico, no_quorum, None)
    policy = titled(engine, no_quorum, POLICY.title)
    other_body = later_session(engine, juridico, og)
    # An ordinary one (a series of its own: an extraordinary one before the Primera would take its number).
    earlier = later_session(engine, juridico, cc, WHEN - timedelta(days=20), SessionKind.ORDINARY)
    closed = later_session(engine, juridico, cc, datetime(2021, 5, 20, 10, 0))
    called = later_session(engine, juridico, cc, datetime(2021, 5, 27, 10, 0))
    with transaction(engine) as db:
        # Closed on 10 May at 17:00 in Mexico City.
        db.get(BoardSession, closed.id).agenda_closed_at = datetime(2021, 5, 10, 22, 0, tzinfo=UTC)
        db.get(BoardSession, called.id).status = SessionStatus.CALLED
    refusals = {
        other_body.id: "La Primera Sesión Extraordinaria del Órgano de Gobierno es de otro órgano: el punto pasa a "
                       "una sesión posterior del Comité Coordinador.",
        earlier.id: "no es posterior a esta sesión: elija una que se celebre después.",
        closed.id: "se cerró el 10 de mayo de 2021: ya no recibe puntos.",
        called.id: "está convocada: su orden del día ya no recibe puntos."}
    for target_id, message in refusals.items():
        with pytest.raises(BoardError) as refused:
            carry(engine, juridico, policy, db_session(engine, target_id))
        assert message in str(refused.value)
    open_one = later_session(engine, juridico, cc, datetime(2021, 6, 3, 10, 0))
    carry(engine, juridico, policy, open_one)
    again = later_session(engine, juridico, cc, datetime(2021, 6, 10, 10, 0))
    with pytest.raises(BoardError, match="Este punto ya pasó a la .* \\(3 de junio de 2021\\): pasa una sola vez."):
        carry(engine, juridico, policy, again)
    with pytest.raises(BoardError, match="Este punto ya pasó a la"):
        carry(engine, juridico, policy, open_one)
    for board_session in (other_body, earlier, closed, called, again):
        assert items_in(engine, board_session) == []
    assert items_in(engine, open_one) == [POLICY.title]


def test_an_item_decided_or_of_a_session_still_open_does_not_go_on(engine, juridico, boards):
    cc = boards["CC"]
    board_session = in_quorum(engine, juridico, cc)
    policy = titled(engine, board_session, POLICY.title)
    later = later_session(engine, juridico, cc)
    # Still to be voted in a session in progress.
    with pytest.raises(BoardError, match="Este punto no quedó pendiente"):
        carry(engine, juridico, policy, later)
    with transaction(engine) as db:
        vote_item(db, juridico, db.get(AgendaItem, policy.id))
    with pytest.raises(BoardError, match="Este punto no quedó pendiente"):
        carry(engine, juridico, policy, later)
    assert items_in(engine, later) == []
