"""A document of the oficialía registered as a request: its turn to the Unidad is answered by it.

The oficialía turns a paper request to the Unidad de Transparencia; the Unidad registers it as a
request, and from then on it is answered by that procedure. Without this the turn stayed open in
the Unidad's Mis tareas, fell overdue and kept sending alerts for a document already being attended.
"""

from sqlmodel import Session, select

from engine.accounts import Actor
from engine.processes import OpenTask
from engine.runtime import runtime
from workflows.access_request.models import RequestKind, TransparencyRequest
from workflows.correspondence.models import Correspondence

_PROCEDURES = {RequestKind.ACCESO: "solicitud de acceso a la información", RequestKind.ARCO: "solicitud de derechos ARCO"}


def conversion_answer(request: TransparencyRequest) -> str:
    return (f"Se registró como la {_PROCEDURES[request.kind]} {request.folio} y se atiende por ese "
            "procedimiento, con sus plazos.")


def answer_turns_with_request(session: Session, actor: Actor, request: TransparencyRequest) -> list[str]:
    """Answer, as the person who registered the request, the open turns of its document that they
    may answer; in the same transaction as the registration. The folios of the documents answered."""
    if request.correspondence_id is None:
        return []
    item = session.get(Correspondence, request.correspondence_id)
    if item is None or item.instance_id is None:
        return []
    turns = session.exec(select(OpenTask).where(
        OpenTask.organization_id == actor.organization_id, OpenTask.instance_id == item.instance_id,
        OpenTask.task_name == "answer").order_by(OpenTask.created_at, OpenTask.id)).all()
    # Another area's turn, or one a colleague took, is theirs to answer.
    mine = [t.id for t in turns if actor.can_act(t.role, t.area_id) and t.assignee_id in (None, actor.user_id)]
    for task_id in mine:
        runtime.complete_task(session, actor, task_id, {"sentido": "atendido", "respuesta": conversion_answer(request)})
    return [item.folio] if mine else []
