"""How long before a session its convocatoria goes out, by the body's rules, and on which calendar: read by the
convocatoria's sending (notice.py), the planning of sessions and the convocatoria itself (record.py)."""

from datetime import date

from sqlmodel import Session

from engine.business_calendar import BusinessCalendar, Unit
from engine.legal_calendar import calendar_for
from engine.rule_sets import Procedure
from workflows.board_session.models import Board, SessionKind


def lead_time(board: Board, kind: SessionKind) -> tuple[int, Unit]:
    """How long before the session its convocatoria must go out, by the body's rules."""
    days = board.lead_ordinary if kind == SessionKind.ORDINARY else board.lead_extraordinary
    return days, Unit(board.lead_unit.value)


def sessions_calendar(db: Session, board: Board) -> BusinessCalendar:
    """The calendar a body's session terms count on: the office's días hábiles, less the días it
    declared inhábiles; a suspension of plazos stops procedures, not the body's sessions."""
    return calendar_for(db, board.organization_id, Procedure.SESIONES)


def latest_sending_day(db: Session, board: Board, kind: SessionKind, session_day: date) -> date:
    """The last day the convocatoria may go out: n días naturales, or hábiles of the sessions' calendar."""
    return sessions_calendar(db, board).subtract(session_day, *lead_time(board, kind))
