"""The seguimiento de acuerdos a session hears: the body's acuerdos of earlier sessions still open, and where
each stood. Read live while the session is prepared; kept with the session when the room closes it, so that
every later version of its acta and of its orden del día says what the session heard, not where those
acuerdos stand by then (returned with observations, met, given a new fecha compromiso).
"""

from datetime import date
from typing import Any

from sqlmodel import Session, select

from engine.tenancy import Area
from workflows.board_session.models import (OPEN_RESOLUTION_STATUSES, BoardSession, Resolution, ResolutionStatus,
                                            SessionKind)
from workflows.board_session.naming import session_name
from workflows.board_session.sessions import local_day
from workflows.board_session.standing import standings

DATES = ("due_on", "approved_on", "returned_on")


def open_before(db: Session, board_session: BoardSession) -> list[tuple[Resolution, str]]:
    """The body's acuerdos of sessions convened before this one that are still open, in number order, each with
    the session that approved it («Primera Sesión Ordinaria»)."""
    rows = db.exec(select(Resolution, BoardSession.kind, BoardSession.number)
                   .join(BoardSession, BoardSession.id == Resolution.session_id)
                   .where(Resolution.board_id == board_session.board_id,
                          Resolution.status.in_(OPEN_RESOLUTION_STATUSES),
                          BoardSession.scheduled_at < board_session.scheduled_at)
                   .order_by(Resolution.year, Resolution.seq)).all()
    return [(resolution, session_name(SessionKind(kind).label, number)) for resolution, kind, number in rows]


def line_fields(resolution: Resolution, status: ResolutionStatus, areas: dict[int, str],
                session_title: str) -> dict[str, Any]:
    """What the documents say of an acuerdo: the fields of record.ResolutionLine."""
    return {"id": resolution.id, "number": resolution.number, "text": resolution.text, "status": status,
            "areas": tuple(areas.get(a, "") for a in resolution.area_ids or []), "due_on": resolution.due_on,
            "progress": resolution.progress, "approved_on": resolution.approved_on, "session_title": session_title,
            "returned_on": resolution.returned_on}


def keep_heard(db: Session, board_session: BoardSession) -> None:
    """Keep the seguimiento as it stands on the session's day, with the session: what it heard."""
    rows = open_before(db, board_session)
    area_ids = {a for resolution, _ in rows for a in resolution.area_ids or []}
    areas = dict(db.exec(select(Area.id, Area.name).where(Area.id.in_(area_ids))).all()) if area_ids else {}
    standing = standings(db, board_session.organization_id, [resolution for resolution, _ in rows],
                         today=local_day(db, board_session))
    board_session.followup_heard = [_stored(line_fields(resolution, standing[resolution.id].status, areas, title))
                                    for resolution, title in rows]


def heard(board_session: BoardSession) -> list[dict[str, Any]] | None:
    """The seguimiento kept at the session, as line_fields; None when none was kept (a session not yet held, or
    held before Pleno kept it: its documents read the acuerdos as they stand)."""
    if board_session.followup_heard is None:
        return None
    return [_read(entry) for entry in board_session.followup_heard]


def _stored(fields: dict[str, Any]) -> dict[str, Any]:
    return {**fields, "status": fields["status"].value, "areas": list(fields["areas"]),
            **{name: fields[name].isoformat() if fields[name] else None for name in DATES}}


def _read(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "status": ResolutionStatus(entry["status"]), "areas": tuple(entry["areas"]),
            **{name: date.fromisoformat(entry[name]) if entry.get(name) else None for name in DATES}}
