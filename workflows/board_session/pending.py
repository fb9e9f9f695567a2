"""Items a session left pending, and each one carried, once, to a later session of the same body.

An item is left pending when the room defers it («se acordó diferir el punto»), when the session closes
after losing its quorum before voting it, and when its session is not held (no quorum, cancelled). It keeps
its place in that session's orden del día and acta, marked with why; Jurídica passes it to a later session
whose orden del día is still open, as a new item with the same title, area, proposer, documents and proposed
acuerdo, which names the item it continues (AgendaItem.carried_from_id: unique, so once).
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, func, select

from engine import audit
from engine.accounts import Actor
from engine.documents import long_date
from engine.labels import LabeledEnum
from workflows.board_session import as_utc, committee_link, room
from workflows.board_session.models import (AgendaDocument, AgendaItem, Board, BoardSession, ItemKind, ItemResult,
                                            ItemStatus, SessionStatus, Vote)
from workflows.board_session.naming import of_body
from workflows.board_session.sessions import (ITEM_STANDING, BoardError, Conflict, agenda_closed_on, check_version,
                                              local_day, renumber, require_organizer, title_of)


class Pending(LabeledEnum):
    """Why an item of the orden del día was not desahogado: read from the item and its session, never stored."""

    DEFERRED = "diferido", "Diferido"
    QUORUM_LOST = "pendiente_quorum", "No desahogado: se perdió el quórum"
    NO_QUORUM = "pendiente_sin_quorum", "No desahogado: la sesión no reunió quórum"
    CANCELLED = "pendiente_cancelada", "No desahogado: se canceló la sesión"


# How the item that continues one says what happened to it there: «Viene de la …, donde se difirió».
ORIGIN = {Pending.DEFERRED: "donde se difirió", Pending.QUORUM_LOST: "donde no se desahogó al perderse el quórum",
          Pending.NO_QUORUM: "que no reunió quórum", Pending.CANCELLED: "que se canceló"}


def pending_reason(item: AgendaItem, board_session: BoardSession) -> Pending | None:
    """Why an areas' item of this session was left for a later one, or None (decided, or not yet held)."""
    if item.fixed is not None or item.status != ItemStatus.ACCEPTED:
        return None
    if item.result == ItemResult.DEFERRED:
        return Pending.DEFERRED
    if item.result is not None:
        return None
    if board_session.status == SessionStatus.HELD and item.kind == ItemKind.FOR_APPROVAL:
        # Closed with a vote still open: only a lost quorum lets the room do that (room.close_session).
        return Pending.QUORUM_LOST
    return {SessionStatus.NO_QUORUM: Pending.NO_QUORUM, SessionStatus.CANCELLED: Pending.CANCELLED}.get(
        board_session.status)


def defer_item(db: Session, actor: Actor, item: AgendaItem, reason: str, expected_version: int | None) -> None:
    """The body agrees to leave the item for a later session: a decision, so with its quorum; no vote is
    recorded and no acuerdo number is taken."""
    require_organizer(actor)
    board_session = room.deciding(db, item)
    check_version(item, expected_version, "este punto")
    if item.fixed is not None:
        raise BoardError("Los puntos fijos no se difieren: se desahogan en cada sesión.")
    if item.status != ItemStatus.ACCEPTED:
        raise BoardError(f"Este punto {ITEM_STANDING[item.status]}: no se difiere.")
    if item.result == ItemResult.DEFERRED:
        raise BoardError("Este punto ya se difirió a una sesión posterior.")
    if item.result is not None:
        raise BoardError(f"La votación de este punto ya se cerró ({item.result.label.lower()}): ya no se difiere.")
    resolved = committee_link.already_resolved(db, item)
    if resolved:
        raise BoardError(resolved)
    if db.exec(select(func.count()).select_from(Vote).where(Vote.item_id == item.id)).one():
        raise BoardError("Ya hay votos registrados en este punto: un punto se difiere antes de votarse. Termine la "
                         "votación y ciérrela.")
    item.result, item.deferred_reason = ItemResult.DEFERRED, reason.strip()
    try:
        db.flush()  # the item's version check: someone closing its vote at the same moment gets a conflict
    except StaleDataError:
        raise Conflict("este punto") from None
    because = f": {item.deferred_reason}" if item.deferred_reason else ""
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.punto_diferido", "sesion",
                 board_session.id, summary=f"Se difirió el punto «{item.title[:150]}»{because}"[:500])
    committee_link.item_deferred(db, actor, item)


@dataclass(frozen=True)
class Link:
    """The other end of a carried item: the item, its session, how that session is named and its day."""

    item: AgendaItem
    session: BoardSession
    title: str
    day: date
    pending: Pending | None = None  # for an item it comes from: why it was left there

    @property
    def origin(self) -> str:
        """«donde se difirió»: what happened to it in the session it comes from."""
        return ORIGIN.get(self.pending, "")


def _links(db: Session, pairs: list[tuple[int, AgendaItem]]) -> dict[int, Link]:
    sessions = {s.id: s for s in db.exec(select(BoardSession).where(
        BoardSession.id.in_({other.session_id for _, other in pairs} or {-1}))).all()}
    boards = {b.id: b for b in db.exec(select(Board).where(
        Board.id.in_({s.board_id for s in sessions.values()} or {-1}))).all()}
    found = {}
    for item_id, other in pairs:
        board_session = sessions[other.session_id]
        found[item_id] = Link(other, board_session, title_of(board_session, boards[board_session.board_id]),
                              local_day(db, board_session), pending_reason(other, board_session))
    return found


def carried_to(db: Session, items: list[AgendaItem]) -> dict[int, Link]:
    """Where each of these items went on (item id → the item that continues it), for those that did."""
    ids = [i.id for i in items]
    later = db.exec(select(AgendaItem).where(AgendaItem.carried_from_id.in_(ids))).all() if ids else []
    return _links(db, [(i.carried_from_id, i) for i in later])


def carried_from(db: Session, items: list[AgendaItem]) -> dict[int, Link]:
    """Where each of these items comes from (item id → the item of the earlier session), for those that do."""
    earlier = {i.id: i for i in db.exec(select(AgendaItem).where(AgendaItem.id.in_(
        [i.carried_from_id for i in items if i.carried_from_id is not None] or [-1]))).all()}
    return _links(db, [(i.id, earlier[i.carried_from_id]) for i in items if i.carried_from_id in earlier])


def open_targets(db: Session, board_session: BoardSession) -> list[BoardSession]:
    """The body's sessions after this one still open for items: programadas, their orden del día not closed."""
    return list(db.exec(select(BoardSession).where(
        BoardSession.board_id == board_session.board_id, BoardSession.status == SessionStatus.PLANNED,
        BoardSession.agenda_closed_at.is_(None), BoardSession.scheduled_at > board_session.scheduled_at)
        .order_by(BoardSession.scheduled_at, BoardSession.id)).all())


def carry_item(db: Session, actor: Actor, item: AgendaItem, target: BoardSession,
               expected_version: int | None) -> AgendaItem:
    """Jurídica passes an item left pending to a later session of its body: a new item there, the same as it
    was proposed, naming the one it continues; once."""
    require_organizer(actor)
    check_version(item, expected_version, "este punto")
    source = db.get(BoardSession, item.session_id)
    board = db.get(Board, source.board_id)
    if pending_reason(item, source) is None:
        raise BoardError("Este punto no quedó pendiente: pasa a una sesión posterior solo un punto diferido o que "
                         "no se desahogó.")
    went = carried_to(db, [item]).get(item.id)
    if went is not None:
        raise BoardError(f"Este punto ya pasó a la {went.title} ({long_date(went.day)}): pasa una sola vez.")
    target_title = title_of(target, db.get(Board, target.board_id))
    if target.board_id != source.board_id:
        raise BoardError(f"La {target_title} es de otro órgano: el punto pasa a una sesión posterior "
                         f"{of_body(board.name)}.", "sesion")
    if as_utc(target.scheduled_at) <= as_utc(source.scheduled_at):
        raise BoardError(f"La {target_title} no es posterior a esta sesión: elija una que se celebre después.",
                         "sesion")
    if target.status != SessionStatus.PLANNED:
        raise BoardError(f"La {target_title} está {target.status.label.lower()}: su orden del día ya no recibe "
                         "puntos.", "sesion")
    closed_on = agenda_closed_on(db, target)
    if closed_on is not None:
        raise BoardError(f"El orden del día de la {target_title} se cerró el {long_date(closed_on)}: ya no recibe "
                         "puntos.", "sesion")
    _check_case(db, item)
    carried = AgendaItem(
        organization_id=item.organization_id, session_id=target.id, kind=item.kind, title=item.title,
        description=item.description, proposed_resolution=item.proposed_resolution, matter=item.matter,
        area_id=item.area_id, submitted_by=item.submitted_by, status=ItemStatus.ACCEPTED,
        followup_area_ids=list(item.followup_area_ids), followup_due=item.followup_due,
        committee_case_id=item.committee_case_id, committee_sense=item.committee_sense,
        committee_notes=item.committee_notes, carried_from_id=item.id, position=10_000)
    try:
        # Two people passing it at once: the unique key keeps the first, the second is told.
        with db.begin_nested():
            db.add(carried)
            db.flush()
    except IntegrityError:
        raise BoardError("Otra persona acaba de pasar este punto a una sesión posterior; recargue la página: pasa "
                         "una sola vez.") from None
    for file_id in db.exec(select(AgendaDocument.file_id).where(AgendaDocument.item_id == item.id)
                           .order_by(AgendaDocument.id)).all():
        db.add(AgendaDocument(organization_id=item.organization_id, item_id=carried.id, file_id=file_id))
    db.flush()
    renumber(db, target)
    source_title = title_of(source, board)
    for board_session, summary in ((source, f"Pasó el punto «{item.title[:150]}» a la {target_title}"),
                                   (target, f"Agregó el punto «{item.title[:150]}», que viene de la {source_title}")):
        audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.punto_trasladado", "sesion",
                     board_session.id, summary=summary[:500], after={"punto": carried.id, "viene_de": item.id})
    committee_link.item_carried(db, actor, carried)
    return carried


def _check_case(db: Session, item: AgendaItem) -> None:
    """A request's case goes on only while it is open and waits in no other session."""
    if item.committee_case_id is None:
        return
    resolved = committee_link.already_resolved(db, item)
    if resolved:
        raise BoardError(resolved)
    waiting = committee_link.item_of_case(db, item.committee_case_id)
    if waiting is not None and waiting.id != item.id:
        elsewhere = db.get(BoardSession, waiting.session_id)
        raise BoardError(f"El caso de este punto ya espera en el orden del día de la "
                         f"{title_of(elsewhere, db.get(Board, elsewhere.board_id))}.")
