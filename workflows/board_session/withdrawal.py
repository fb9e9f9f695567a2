"""An accepted item withdrawn from the orden del día before the session opens: by the Dirección Jurídica, or by
the enlace of the area that proposed it. It stays among the session's items set aside with its reason, and the
members already convened are told (agenda_notice)."""

from sqlmodel import Session

from engine import audit
from engine.accounts import Actor, Role
from workflows.board_session.agenda_notice import AgendaChange, agenda_changed
from workflows.board_session.agenda_order import renumber
from workflows.board_session.models import AgendaItem, BoardSession, ItemStatus, SessionStatus
from workflows.board_session.sessions import ITEM_STANDING, ORGANIZERS, BoardError, check_version

# Long enough to say why: the history keeps it, and the convened read it in their e-mail.
SHORTEST_REASON = 10


def may_withdraw(actor: Actor, item: AgendaItem) -> bool:
    """Jurídica withdraws any item; an enlace only one its own area proposed."""
    if actor.roles & ORGANIZERS:
        return True
    return item.area_id is not None and actor.can_act(Role.ENLACE, item.area_id)


def offered(actor: Actor, board_session: BoardSession, item: AgendaItem) -> bool:
    """Whether the session's page offers this person to withdraw the item (withdraw_item says why not)."""
    return (board_session.status in (SessionStatus.PLANNED, SessionStatus.CALLED) and item.status == ItemStatus.ACCEPTED
            and item.fixed is None and item.committee_case_id is None and may_withdraw(actor, item))


def withdraw_item(db: Session, actor: Actor, item: AgendaItem, reason: str, expected_version: int | None) -> None:
    if not may_withdraw(actor, item):
        raise BoardError("Solo la Dirección Jurídica o el enlace del área que propuso el punto pueden retirarlo "
                         "del orden del día.")
    check_version(item, expected_version, "este punto")
    board_session = db.get(BoardSession, item.session_id)
    if board_session.status not in (SessionStatus.PLANNED, SessionStatus.CALLED):
        hint = (" Si el órgano no lo trata, asiéntelo en las notas del punto."
                if board_session.status == SessionStatus.IN_PROGRESS else "")
        raise BoardError(f"La sesión está {board_session.status.label.lower()}: sus puntos ya no se retiran del "
                         f"orden del día.{hint}")
    if item.fixed is not None:
        raise BoardError(f"«{item.title}» es un punto fijo de la sesión: no se retira del orden del día.")
    if item.committee_case_id is not None:
        # Withdrawn by hand, the request's case would wait for a vote no session will hold.
        raise BoardError("El caso de una solicitud sale del orden del día cuando el Comité lo resuelve en el "
                         "expediente de la solicitud; no se retira a mano.")
    if item.status != ItemStatus.ACCEPTED:
        raise BoardError(f"Este punto {ITEM_STANDING[item.status]}: solo se retira un punto aceptado en el orden "
                         "del día.")
    reason = " ".join(reason.split())
    if len(reason) < SHORTEST_REASON:
        raise BoardError(f"Escriba el motivo del retiro (al menos {SHORTEST_REASON} caracteres): queda en el "
                         "historial de la sesión y se comunica a quienes ya recibieron la convocatoria.", "motivo")
    item.status, item.withdrawn_reason = ItemStatus.WITHDRAWN, reason[:2000]
    db.flush()
    renumber(db, board_session)
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.punto_retirado", "sesion",
                 board_session.id, summary=f"Retiró del orden del día el punto «{item.title[:150]}»: {reason}"[:500],
                 after={"punto": item.id, "motivo": reason})
    agenda_changed(db, board_session, item, AgendaChange.WITHDRAWN, reason)
