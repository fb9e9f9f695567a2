"""What the public portal shows of the bodies' sessions, and nothing else.

A session planned but not yet convocada shows only its date and body; a convocada or later one
shows its place and orden del día; a held one its results and acuerdos with their status; an acta
only once it is signed and published. Never draft actas, members' observations, discussion notes,
votes per person or anything of the requests behind the Comité's cases beyond their folio.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from engine.clock import to_local, utcnow
from engine.files import StoredFile
from engine.tenancy import Organization
from workflows.board_session.models import (AgendaItem, Board, BoardSession, ItemResult, MinutesStatus,
                                            Resolution, ResolutionStatus, SessionStatus)
from workflows.board_session.naming import vote_count
from workflows.board_session.sessions import held_moment, items_of, title_of
from workflows.board_session.standing import standings

# Listed in the calendar (a cancelled session is not); of these, only the called ones open.
LISTED = (SessionStatus.PLANNED, SessionStatus.CALLED, SessionStatus.IN_PROGRESS, SessionStatus.HELD,
          SessionStatus.NO_QUORUM)
OPEN_TO_PUBLIC = (SessionStatus.CALLED, SessionStatus.IN_PROGRESS, SessionStatus.HELD, SessionStatus.NO_QUORUM)
UPCOMING = (SessionStatus.PLANNED, SessionStatus.CALLED)


def organization_for(db: Session, slug: str | None) -> Organization | None:
    """The organization a visitor asks for; without a slug, the only one when there is only one."""
    if slug:
        return db.exec(select(Organization).where(Organization.slug == slug.strip().lower(),
                                                  Organization.active.is_(True))).first()
    found = db.exec(select(Organization).where(Organization.active.is_(True)).limit(2)).all()
    return found[0] if len(found) == 1 else None


def organizations(db: Session) -> list[Organization]:
    return list(db.exec(select(Organization).where(Organization.active.is_(True)).order_by(Organization.name)).all())


def is_public(board_session: BoardSession) -> bool:
    return board_session.status in OPEN_TO_PUBLIC


def acta_published(board_session: BoardSession) -> bool:
    return board_session.minutes_status == MinutesStatus.SIGNED and board_session.published_at is not None


@dataclass(frozen=True)
class CalendarRow:
    id: int
    board: str
    moment: datetime  # local
    title: str  # "" for a session only planned: its date and body are all that is public
    place: str
    status: str
    opens: bool
    acta: bool


@dataclass(frozen=True)
class PublicCalendar:
    organization: Organization
    year: int
    years: list[int]
    boards: list[Board]
    board_id: int | None
    upcoming: list[CalendarRow]
    held: list[CalendarRow]


def _row(board_session: BoardSession, board: Board, tz_name: str) -> CalendarRow:
    opens = is_public(board_session)
    return CalendarRow(id=board_session.id, board=board.name, moment=held_moment(board_session, tz_name),
                       title=title_of(board_session, board) if opens else "",
                       place=board_session.place if opens else "", status=board_session.status.label,
                       opens=opens, acta=opens and acta_published(board_session))


def calendar(db: Session, organization: Organization, year: int, board_id: int | None = None) -> PublicCalendar:
    """The sessions of a year, per body: upcoming (planned or convocada) and held, not cancelled."""
    boards = list(db.exec(select(Board).where(Board.organization_id == organization.id, Board.active.is_(True))
                          .order_by(Board.name)).all())
    by_id = {b.id: b for b in boards}
    if board_id not in by_id:
        board_id = None
    current = to_local(utcnow(), organization.timezone).year
    years = sorted(set(db.exec(select(BoardSession.year).where(
        BoardSession.organization_id == organization.id, BoardSession.status.in_(LISTED)).distinct()).all())
        | {year, current}, reverse=True)
    query = select(BoardSession).where(BoardSession.organization_id == organization.id, BoardSession.year == year,
                                       BoardSession.status.in_(LISTED),
                                       BoardSession.board_id.in_(list(by_id) if board_id is None else [board_id]))
    rows = db.exec(query.order_by(BoardSession.scheduled_at, BoardSession.id)).all()
    upcoming = [_row(s, by_id[s.board_id], organization.timezone) for s in rows if s.status in UPCOMING]
    held = [_row(s, by_id[s.board_id], organization.timezone) for s in rows if s.status not in UPCOMING]
    return PublicCalendar(organization, year, years, boards, board_id, upcoming, held)


@dataclass(frozen=True)
class PublicItem:
    position: int
    title: str
    kind: str
    result: str
    counts: str
    resolution: Resolution | None


@dataclass(frozen=True)
class PublicSession:
    organization: Organization
    board: Board
    session: BoardSession
    title: str
    moment: datetime
    items: list[PublicItem]
    resolutions: list[Resolution]
    acta: StoredFile | None
    statuses: dict[int, ResolutionStatus]  # by acuerdo id, where it stands today («Vencido» is not stored)

    @property
    def acta_note(self) -> str:
        """Where the acta stands when there is none to download."""
        if self.session.status == SessionStatus.NO_QUORUM:
            # Not held: there is no acta of its deliberations to publish, now or later.
            return "No aplica: la sesión no se celebró por falta de quórum."
        return "Aún no publicada"


def public_session_of(db: Session, session_id: int) -> BoardSession:
    """A session the public may open; any other (unknown, only planned, cancelled, inactive body) is not found."""
    board_session = db.get(BoardSession, session_id)
    board = db.get(Board, board_session.board_id) if board_session else None
    organization = db.get(Organization, board_session.organization_id) if board_session else None
    if board_session is None or not is_public(board_session) or not board.active or not organization.active:
        raise LookupError("Sesión no encontrada.")
    return board_session


def published_acta(db: Session, board_session: BoardSession) -> StoredFile | None:
    """The signed acta's last version, only once the session's minutes are signed and published."""
    if not acta_published(board_session) or board_session.instance_id is None:
        return None
    return db.exec(select(StoredFile).where(StoredFile.instance_id == board_session.instance_id,
                                            StoredFile.organization_id == board_session.organization_id,
                                            StoredFile.kind == "acta").order_by(StoredFile.version.desc(),
                                                                                 StoredFile.id.desc())).first()


def _item(item: AgendaItem, resolution: Resolution | None, held: bool) -> PublicItem:
    counts = ""
    if held and item.result in (ItemResult.APPROVED, ItemResult.NOT_APPROVED):
        counts = vote_count(item.votes_for, item.votes_against, item.abstentions)
    return PublicItem(position=item.position, title=item.title, kind=item.kind.label,
                      result=item.result.label if held and item.result else "", counts=counts,
                      resolution=resolution)


def public_session(db: Session, session_id: int) -> PublicSession:
    board_session = public_session_of(db, session_id)
    board = db.get(Board, board_session.board_id)
    organization = db.get(Organization, board_session.organization_id)
    held = board_session.status in (SessionStatus.HELD, SessionStatus.IN_PROGRESS)
    resolutions = list(db.exec(select(Resolution).where(Resolution.session_id == board_session.id)
                               .order_by(Resolution.seq)).all()) if held else []
    by_item = {r.item_id: r for r in resolutions}
    items = [_item(i, by_item.get(i.id), held) for i in items_of(db, board_session)]
    return PublicSession(organization, board, board_session, title_of(board_session, board),
                         held_moment(board_session, organization.timezone), items, resolutions,
                         published_acta(db, board_session),
                         {i: s.status for i, s in standings(db, organization.id, resolutions).items()})
