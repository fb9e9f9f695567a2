"""A body's published calendar as an iCalendar feed (RFC 5545) people subscribe to."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from icalendar import Event
from sqlmodel import Session, select

from engine.calendar_feeds import new_calendar
from engine.tenancy import Organization
from workflows.board_session.models import Board, BoardSession
from workflows.board_session.public import LISTED, is_public
from workflows.board_session.sessions import held_moment, title_of

# Sessions carry no end time; two hours blocks the time in a subscriber's calendar.
DURATION = timedelta(hours=2)


def session_uid(board_session: BoardSession, organization: Organization) -> str:
    """Stable across renames and reschedules, so a subscriber's calendar updates the same event."""
    return f"sesion-{board_session.id}@{organization.slug}.pleno"


def board_of_public(db: Session, board_id: int) -> Board:
    board = db.get(Board, board_id)
    organization = db.get(Organization, board.organization_id) if board else None
    if board is None or not board.active or not organization.active:
        raise LookupError("Órgano colegiado no encontrado.")
    return board


def body_calendar(db: Session, board: Board, base_url: str = "") -> bytes:
    """Every planned, convocada or held session of the body (not cancelled), in the organization's time zone."""
    organization = db.get(Organization, board.organization_id)
    zone = ZoneInfo(organization.timezone)
    feed = new_calendar("Sesiones de órganos colegiados", f"{board.name} · {organization.short_name}",
                        organization.timezone)
    sessions = db.exec(select(BoardSession).where(BoardSession.board_id == board.id, BoardSession.status.in_(LISTED))
                       .order_by(BoardSession.scheduled_at, BoardSession.id)).all()
    for board_session in sessions:
        # A session held on another day than convened shows the day it was held, as its acta does.
        start = held_moment(board_session, organization.timezone).replace(tzinfo=zone)
        event = Event()
        event.add("uid", session_uid(board_session, organization))
        event.add("dtstamp", board_session.created_at)
        event.add("dtstart", start)
        event.add("dtend", start + DURATION)
        event.add("summary", title_of(board_session, board))
        if board_session.place:
            event.add("location", board_session.place)
        event.add("status", "CONFIRMED" if is_public(board_session) else "TENTATIVE")
        description = f"{board.name}. Estado: {board_session.status.label}."
        if is_public(board_session) and base_url:
            event.add("url", f"{base_url}/portal/sesiones/{board_session.id}")
            description += f" Orden del día: {base_url}/portal/sesiones/{board_session.id}"
        event.add("description", description)
        feed.add_component(event)
    feed.add_missing_timezones()
    return feed.to_ical()
