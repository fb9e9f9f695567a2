"""Solicitudes de acceso a la información: register, prevent, turn, Comité, answer, recurso."""

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from engine.accounts import Actor, Role
from engine.processes import ProcessDescriptor, ProcessInstance, TurnNotice, register_process
from engine.runtime import ServiceCall, runtime
from workflows.access_request import handlers, models  # noqa: F401  (service handlers, tables)
from workflows.access_request.analysis import request_form_context
from workflows.access_request.forms import FORMS, RegisterRequestForm, with_its_desahogo
from workflows.access_request.queries import PERSONAL_FIELDS, PERSONAL_FILE_KINDS, instance_sees_personal_data

PROCESS_ID = "access_request"


def task_area(name: str, data: dict[str, Any]) -> int | None:
    return data["turno"]["area_id"] if name == "area_answer" and "turno" in data else None


def task_due(name: str, data: dict[str, Any]) -> datetime | None:
    """The area's internal term for its answer; the legal one for the UT's steps; for a step that waits,
    the term of whoever it waits for (the requester's window to appeal, the garante's to resolve)."""
    if name == "area_answer" and "turno" in data:
        return datetime.fromisoformat(data["turno"]["vence_en"]).astimezone(UTC)
    if name == "prevention_answer" and "prevencion" in data:
        return datetime.fromisoformat(data["prevencion"]["vence_en"]).astimezone(UTC)
    if name in ("review", "respond", "committee_resolution") and "solicitud" in data:
        return datetime.fromisoformat(data["solicitud"]["vence_en"]).astimezone(UTC)
    if name == "appeal" and "recurso_vence_en" in data.get("notificacion", {}):
        return datetime.fromisoformat(data["notificacion"]["recurso_vence_en"]).astimezone(UTC)
    if name == "appeal_outcome" and "resolucion_vence_en" in appeal_in_course(data):
        return datetime.fromisoformat(appeal_in_course(data)["resolucion_vence_en"]).astimezone(UTC)
    return None


def task_turn(name: str, data: dict[str, Any]) -> TurnNotice | None:
    """The Unidad's turn an area's answer attends: one per area and round (its RequestTurn row)."""
    if name != "area_answer" or "turno" not in data:
        return None
    return TurnNotice(turn=f"turno-{data['turno']['turno_id']}", sender=Role.TRANSPARENCIA.label,
                      instruction=data["turno"].get("instruccion", ""))


# The requester's window to appeal and the garante's resolution: the Unidad only records them when they come.
WAITING_TASKS = frozenset({"appeal", "appeal_outcome"})

# Where each task's term is kept: the turn's internal one, the desahogo's, the legal response term, the
# requester's window to appeal (a waiting step shows the term it waits on, never another term of the
# request that happens to move with the calendar, such as the information kept at their disposal).
TASK_TERMS = {"area_answer": ("turno", "plazo_id"), "prevention_answer": ("prevencion", "plazo_id"),
              "review": ("solicitud", "plazo_id"), "respond": ("solicitud", "plazo_id"),
              "committee_resolution": ("solicitud", "plazo_id"), "appeal": ("notificacion", "recurso_plazo_id"),
              "comply": ("recurso_resuelto", "cumplimiento_plazo_id")}


def appeal_in_course(data: dict[str, Any]) -> dict[str, Any]:
    """What the garante's resolution step knows of the recurso (handlers.appeal_summary): recorded at the
    step «Registrar un recurso de revisión», or before the answer (falta de respuesta), which then carries it."""
    return data.get("recurso") or (data.get("notificacion") or {}).get("recurso") or {}


def task_deadline(name: str, data: dict[str, Any], terms: dict[str, tuple[str, str]] = TASK_TERMS) -> int | None:
    """The deadline row of the task's term (requests registered before it was kept have none)."""
    if name == "appeal_outcome":
        return appeal_in_course(data).get("plazo_id")  # the garante's term to resolve
    key, field = terms.get(name, (None, None))
    return (data.get(key) or {}).get(field) if key else None


def task_completed(call: ServiceCall, task_name: str) -> None:
    """Recorded as given: an area's answer on its turn, the Comité's resolution on its case's session; and
    the analysis may not choose to answer while a proposal waits for the Comité (when it may, the request
    reads «Por responder»)."""
    handlers.area_answered(call, task_name)
    handlers.case_resolved(call, task_name)
    handlers.review_decided(call, task_name)


DESCRIPTOR = register_process(ProcessDescriptor(
    process_id=PROCESS_ID, title="Solicitud de acceso a la información", forms=FORMS,
    task_area=task_area, task_due=task_due, task_deadline=task_deadline, task_turn=task_turn,
    form_context=request_form_context, task_completed=task_completed, follow_up=with_its_desahogo,
    # The requester's name, contact and escrito: the Unidad, the Comité (it must read the areas'
    # evidence to confirm a classification) and the turned areas' enlaces; everyone else works from
    # /solicitudes/<id>, which leaves them out.
    private_to_roles=frozenset({"transparencia", "comite"}),
    sees_personal_data=instance_sees_personal_data, personal_fields=PERSONAL_FIELDS,
    personal_file_kinds=PERSONAL_FILE_KINDS, waiting_tasks=WAITING_TASKS))


def register_request(session: Session, actor: Actor, form: RegisterRequestForm) -> ProcessInstance:
    """Start the process and complete its registration in one step; the UT then reviews it."""
    return runtime.start(session, actor, PROCESS_ID, title=form.descripcion[:200],
                         first_task=("register", form.model_dump(mode="json")))
