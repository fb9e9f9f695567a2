"""The orden del día in its order: the opening fixed items, the areas' items, the closing ones; among them the acta
anterior, only while an acta waits for the session to approve it."""

from sqlalchemy import and_, or_
from sqlmodel import Session, select

from workflows.board_session.models import (AgendaItem, BoardSession, FixedItem, ItemKind, ItemStatus, MinutesStatus,
                                            SessionKind, SessionStatus)

# Fixed items before the areas' items, and after them. An extraordinary session treats only the
# matters it was called for: no previous acta, no follow-up, no asuntos generales.
OPENING = {SessionKind.ORDINARY: (FixedItem.ATTENDANCE, FixedItem.AGENDA, FixedItem.PREVIOUS_MINUTES,
                                  FixedItem.FOLLOWUP),
           SessionKind.EXTRAORDINARY: (FixedItem.ATTENDANCE, FixedItem.AGENDA)}
CLOSING = {SessionKind.ORDINARY: (FixedItem.GENERAL,), SessionKind.EXTRAORDINARY: ()}


def items_of(db: Session, board_session: BoardSession, with_proposals: bool = False) -> list[AgendaItem]:
    """The orden del día in its order; with the proposals not yet decided when asked."""
    statuses = [ItemStatus.ACCEPTED] + ([ItemStatus.PROPOSED] if with_proposals else [])
    return list(db.exec(select(AgendaItem).where(AgendaItem.session_id == board_session.id,
                                                 AgendaItem.status.in_(statuses))
                        .order_by(AgendaItem.position, AgendaItem.id)).all())


def renumber(db: Session, board_session: BoardSession) -> None:
    """Opening fixed items, then the accepted items in their order, then the closing ones."""
    items = items_of(db, board_session, with_proposals=True)
    opening = [i for i in items if i.fixed in OPENING[board_session.kind]]
    closing = [i for i in items if i.fixed in CLOSING[board_session.kind]]
    middle = [i for i in items if i.fixed is None]
    opening.sort(key=lambda i: OPENING[board_session.kind].index(i.fixed))
    for position, item in enumerate(opening + middle + closing, start=1):
        if item.position != position:
            item.position = position
    db.flush()


def add_fixed(db: Session, board_session: BoardSession, fixed: FixedItem) -> None:
    db.add(AgendaItem(organization_id=board_session.organization_id, session_id=board_session.id,
                      kind=ItemKind.FIXED, fixed=fixed, title=fixed.label, status=ItemStatus.ACCEPTED))


# -- the acta anterior ---------------------------------------------------------------------------------
#
# «Lectura y, en su caso, aprobación del acta de la sesión anterior» is on an ordinary session's orden del día
# only when there is an acta for it to approve: of a session of the body held before it whose acta is still a
# draft or in review (room.minutes_to_approve), or of one still to be held before it, whose acta will wait for
# it too. The body's first session has none, nor the one after a session cancelled or without quorum (no acta
# to approve), nor the one whose previous actas were all approved already. Once voted, the actas approved there
# keep it on that session's orden del día (record.load_session names them).

MINUTES_AWAITING_APPROVAL = (MinutesStatus.DRAFT, MinutesStatus.IN_REVIEW)
NOT_YET_HELD = (SessionStatus.PLANNED, SessionStatus.CALLED, SessionStatus.IN_PROGRESS)


def awaits_an_acta(db: Session, board_session: BoardSession) -> bool:
    """Whether an acta of an earlier session of the body waits for this one, or will (see above)."""
    earlier = db.exec(select(BoardSession.id).where(
        BoardSession.board_id == board_session.board_id, BoardSession.id != board_session.id,
        BoardSession.scheduled_at < board_session.scheduled_at,
        or_(BoardSession.status.in_(NOT_YET_HELD),
            and_(BoardSession.status == SessionStatus.HELD,
                 BoardSession.minutes_status.in_(MINUTES_AWAITING_APPROVAL)))).limit(1)).first()
    return earlier is not None or db.exec(select(BoardSession.id).where(
        BoardSession.minutes_approved_in_id == board_session.id).limit(1)).first() is not None


def fit_previous_minutes(db: Session, board_id: int) -> None:
    """The body's ordinary sessions not yet convened carry the acta anterior when an acta waits for them, and
    only then: called when a session of the body is planned, cancelled or left without quorum, and before a
    convocatoria goes out. A convened session keeps the orden del día its members were sent."""
    planned = db.exec(select(BoardSession).where(BoardSession.board_id == board_id,
                                                 BoardSession.kind == SessionKind.ORDINARY,
                                                 BoardSession.status == SessionStatus.PLANNED)).all()
    for board_session in planned:
        item = db.exec(select(AgendaItem).where(AgendaItem.session_id == board_session.id,
                                                AgendaItem.fixed == FixedItem.PREVIOUS_MINUTES)).first()
        wanted = awaits_an_acta(db, board_session)
        if wanted == (item is not None):
            continue
        if wanted:
            add_fixed(db, board_session, FixedItem.PREVIOUS_MINUTES)
        else:
            db.delete(item)  # nothing refers to it yet: a session not convened has no votes
        db.flush()
        renumber(db, board_session)
