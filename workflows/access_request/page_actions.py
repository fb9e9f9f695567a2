"""What the Unidad records on a request from its page, outside the diagram's steps (a recurso por
falta de respuesta, the payment of the costs): who may, and the request each one works on."""

from sqlmodel import Session, select

from engine.accounts import Actor, Role
from engine.runtime import NotAllowed, NotFound
from workflows.access_request.models import TransparencyRequest


def may_record(actor: Actor) -> bool:
    """The Unidad de Transparencia records them, as it does the diagram's own steps of a request."""
    return Role.TRANSPARENCIA in actor.roles


def request_to_record_on(session: Session, actor: Actor, request_id: int, refusal: str) -> TransparencyRequest:
    """The request, locked until the transaction ends (two people recording at once take turns);
    `refusal` tells whoever is not the Unidad what they may not do."""
    if not may_record(actor):
        raise NotAllowed(refusal)
    request = session.exec(select(TransparencyRequest).where(TransparencyRequest.id == request_id)
                           .with_for_update()).first()
    if request is None or request.organization_id != actor.organization_id:
        raise NotFound("No existe esa solicitud en su ente.")
    return request
