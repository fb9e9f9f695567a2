"""A session called off before it is held: its process stops, the convened are told, its cases move on."""

from datetime import datetime

from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor
from engine.clock import utcnow
from engine.documents import long_date
from engine.email_templates import render_email
from engine.outbox import enqueue
from engine.processes import InstanceStatus, ProcessInstance
from engine.runtime import runtime
from workflows.access_request.models import CommitteeCase
from workflows.board_session import committee_link
from workflows.board_session.models import (AgendaItem, Board, BoardMember, BoardSession, ItemStatus, SessionNotice,
                                            SessionStatus)
from workflows.board_session.naming import hour_and_day
from workflows.board_session.notice import settle_convocatoria_term
from workflows.board_session.agenda_order import fit_previous_minutes
from workflows.board_session.sessions import (BoardError, check_version, free_number, local_moment,
                                              require_organizer, title_of)

CANCELLABLE = (SessionStatus.PLANNED, SessionStatus.CALLED)


def cancel_session(db: Session, actor: Actor, board_session: BoardSession, reason: str,
                   expected_version: int | None, now: datetime | None = None) -> list[int]:
    """Cancel a session not yet opened; returns the ids of the requests' cases placed again elsewhere."""
    require_organizer(actor)
    check_version(board_session, expected_version, "la sesión")
    reason = reason.strip()
    if board_session.status not in CANCELLABLE:
        raise BoardError(f"La sesión está {board_session.status.label.lower()}: ya no puede cancelarse.")
    if len(reason) < 10:
        raise BoardError("Escriba el motivo de la cancelación (al menos 10 caracteres); queda en la bitácora "
                         "y se comunica a quienes recibieron la convocatoria.", "motivo")
    convened = board_session.status == SessionStatus.CALLED
    board_session.status = SessionStatus.CANCELLED
    board_session.notes = "\n".join(n for n in (board_session.notes, f"Cancelada: {reason}") if n)
    instance = db.get(ProcessInstance, board_session.instance_id) if board_session.instance_id else None
    if instance is not None and instance.status in (InstanceStatus.RUNNING, InstanceStatus.ERROR):
        runtime.cancel(db, actor, instance, reason)
    settle_convocatoria_term(db, actor, board_session, f"Se canceló la sesión: {reason}"[:500], sent=False)
    db.flush()
    if board_session.called_at is None:  # no convocatoria names it: its number goes to the next session
        free_number(db, actor, board_session)
    fit_previous_minutes(db, board_session.board_id)  # its acta will not wait for the sessions after it
    if convened:
        _tell_the_convened(db, board_session, reason)
    moved = _place_cases_again(db, actor, board_session, now or utcnow())
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.cancelada", "sesion",
                 board_session.id, summary=f"Canceló la sesión: {reason}"[:500])
    return moved


def _tell_the_convened(db: Session, board_session: BoardSession, reason: str) -> None:
    board = db.get(Board, board_session.board_id)
    title, moment = title_of(board_session, board), local_moment(db, board_session)
    notices = db.exec(select(SessionNotice, BoardMember).join(BoardMember, BoardMember.id == SessionNotice.member_id)
                      .where(SessionNotice.session_id == board_session.id)).all()
    for notice, member in notices:
        subject, body = render_email("sesion_cancelada", member=member, title=title, board=board,
                                     when=hour_and_day(moment), day=long_date(moment), reason=reason)
        enqueue(db, organization_id=board.organization_id, key=f"cancelacion:{board_session.id}:{member.id}",
                kind="sesion_cancelada", to_address=notice.email, subject=subject, body=body,
                recipient_user_id=member.user_id)


def _place_cases_again(db: Session, actor: Actor, board_session: BoardSession, now: datetime) -> list[int]:
    """A request's case waiting in this session goes to the Comité's next one in time (or a proposed one)."""
    # A withdrawn item's case was resolved in its request's file: it goes nowhere.
    waiting = db.exec(select(AgendaItem.id, AgendaItem.committee_case_id).where(
        AgendaItem.session_id == board_session.id, AgendaItem.committee_case_id.is_not(None),
        AgendaItem.result.is_(None), AgendaItem.status == ItemStatus.ACCEPTED)).all()
    moved = []
    for item_id, case_id in waiting:
        case = db.get(CommitteeCase, case_id)
        placement = committee_link.raise_case(db, actor, case, now) if case is not None and case.resolution is None \
            else None
        if placement is not None:
            # The cancelled orden del día keeps the item, with where it went (pending.carried_to).
            placement.item.carried_from_id = item_id
            db.flush()
            moved.append(case_id)
    return moved
