"""A member's own link, and the word each convened member gets of a change to the orden del día after the
convocatoria: an item added, withdrawn, or merged into another.

The members hold the orden del día the convocatoria carried; a change after it reaches them only if they are told.
Each one who received the convocatoria gets an e-mail (through the outbox) and, with an account in Pleno, a bell
notice, both written in the transaction of the change. The key names the session, the item and the change: an item
enters or leaves an orden del día once, so a retried step, or the same change told again, tells nothing new.
"""

from enum import StrEnum

from sqlmodel import Session, select

from engine.accounts import User
from engine.clock import to_local
from engine.email_templates import render_email
from engine.notifications import Message, notify
from engine.outbox import enqueue
from engine.settings import load_settings
from engine.tenancy import organization_timezone
from workflows.board_session.models import AgendaItem, Board, BoardMember, BoardSession, SessionNotice, SessionStatus
from workflows.board_session.naming import hour_and_day, title_of


def member_link(base_url: str, token: str) -> str:
    """A member's own page of the convocatoria (the token of the e-mail): answered without signing in."""
    return f"{base_url.rstrip('/')}/convocatoria/{token}"


def member_document_link(base_url: str, token: str, file_id: int) -> str:
    """An item's document through a member's own link: downloaded without an account in Pleno."""
    return f"{member_link(base_url, token)}/documentos/{file_id}"


class AgendaChange(StrEnum):
    ADDED = "agregado"
    WITHDRAWN = "retirado"  # detail: the reason
    MERGED = "fusionado"  # detail: the title of the item it joined


def agenda_changed(db: Session, board_session: BoardSession, item: AgendaItem, change: AgendaChange,
                   detail: str = "") -> int:
    """Tell every member and suplente convened of the change (how many were told): nobody before the convocatoria,
    when the members hold no orden del día yet."""
    if board_session.status != SessionStatus.CALLED:
        return 0
    board = db.get(Board, board_session.board_id)
    title = title_of(board_session, board)
    when = hour_and_day(to_local(board_session.scheduled_at, organization_timezone(db, board.organization_id)))
    base_url = load_settings().base_url
    convened = db.exec(select(SessionNotice, BoardMember).join(BoardMember, BoardMember.id == SessionNotice.member_id)
                       .where(SessionNotice.session_id == board_session.id).order_by(SessionNotice.id)).all()
    for notice, member in convened:
        subject, body = render_email("orden_modificado", member=member, title=title, board=board, when=when,
                                     change=change.value, item=item.title, detail=detail.strip(),
                                     link=member_link(base_url, notice.token))
        key = f"orden_del_dia:{board_session.id}:{item.id}:{change.value}:{member.id}"
        # To the address the convocatoria went to, which may not be the one of the member's account.
        enqueue(db, organization_id=board.organization_id, key=key, kind="orden_modificado",
                to_address=notice.email, subject=subject, body=body, recipient_user_id=member.user_id)
        user = db.get(User, member.user_id) if member.user_id is not None else None
        if user is not None and user.active:
            notify(db, user, Message(key=key, subject=subject, body=body, link=member_link("", notice.token),
                                     kind="orden_modificado"), email=False)
    return len(convened)
