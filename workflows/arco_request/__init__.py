"""Solicitudes de derechos ARCO: register with the holder's identity, answer, make the right effective."""

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from engine.accounts import Actor
from engine.processes import ProcessDescriptor, ProcessInstance, register_process
from engine.runtime import runtime
from workflows.access_request import TASK_TERMS as ACCESS_TASK_TERMS, WAITING_TASKS, task_area, task_turn
from workflows.access_request import task_completed, task_deadline as access_task_deadline
from workflows.access_request import task_due as access_task_due
from workflows.access_request.analysis import request_form_context
from workflows.access_request.forms import with_its_desahogo
from workflows.arco_request import handlers  # noqa: F401  (service handlers)
from workflows.access_request.queries import PERSONAL_FIELDS, PERSONAL_FILE_KINDS, instance_sees_personal_data
from workflows.arco_request.forms import FORMS, RegisterArcoForm

PROCESS_ID = "arco_request"


# «Hacer efectivo el derecho»: without costs to pay, and while the holder's window to pay them runs.
EFFECTIVENESS_TASKS = ("make_effective", "make_effective_with_costs")


def task_due(name: str, data: dict[str, Any]) -> datetime | None:
    """The efectividad term for making the right effective; the legal response term for the ampliación."""
    if name in EFFECTIVENESS_TASKS and "efectividad_vence_en" in data.get("notificacion", {}):
        return datetime.fromisoformat(data["notificacion"]["efectividad_vence_en"]).astimezone(UTC)
    if name == "extend" and "solicitud" in data:
        return datetime.fromisoformat(data["solicitud"]["vence_en"]).astimezone(UTC)
    return access_task_due(name, data)


TASK_TERMS = {**ACCESS_TASK_TERMS, **{name: ("notificacion", "efectividad_plazo_id") for name in EFFECTIVENESS_TASKS},
              "extend": ("solicitud", "plazo_id")}


def task_deadline(name: str, data: dict[str, Any]) -> int | None:
    return access_task_deadline(name, data, TASK_TERMS)


DESCRIPTOR = register_process(ProcessDescriptor(
    process_id=PROCESS_ID, title="Solicitud de derechos ARCO", forms=FORMS,
    task_area=task_area, task_due=task_due, task_deadline=task_deadline, task_turn=task_turn,
    form_context=request_form_context, task_completed=task_completed, follow_up=with_its_desahogo,
    # The holder's personal data: the Unidad de Transparencia and the enlaces of the turned areas only.
    private_to_roles=frozenset({"transparencia"}),
    sees_personal_data=instance_sees_personal_data, personal_file_kinds=PERSONAL_FILE_KINDS,
    # The holder, their representative and identification, and the data the request is about.
    personal_fields=PERSONAL_FIELDS | {"titular", "representante", "documento_identidad", "descripcion"},
    waiting_tasks=WAITING_TASKS))


def register_arco_request(session: Session, actor: Actor, form: RegisterArcoForm) -> ProcessInstance:
    """Start the process and complete its registration in one step; the UT then reviews it."""
    # Not the description: it is personal data, and the title is shown in inboxes.
    return runtime.start(session, actor, PROCESS_ID, title=f"Solicitud ARCO: {form.derecho.label.lower()}",
                         first_task=("register", form.model_dump(mode="json")))
