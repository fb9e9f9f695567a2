"""Oficialía de partes: receive with folio and acuse, turn to areas, answer, close."""

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from engine.accounts import Actor, Role
from engine.processes import ProcessDescriptor, ProcessInstance, register_process
from engine.runtime import runtime
from workflows.correspondence import handlers  # noqa: F401  (registers the service handlers)
from workflows.correspondence.forms import FORMS, RegisterForm
from workflows.correspondence.turn_form import turn_form_context

PROCESS_ID = "correspondence"


def _task_area(name: str, data: dict[str, Any]) -> int | None:
    return data["turno"]["area_id"] if name == "answer" and "turno" in data else None


def _task_due(name: str, data: dict[str, Any]) -> datetime | None:
    if name == "answer" and "turno" in data:
        return datetime.fromisoformat(data["turno"]["vence_en"]).astimezone(UTC)
    return None


DESCRIPTOR = register_process(ProcessDescriptor(
    process_id=PROCESS_ID, title="Correspondencia (oficialía de partes)", forms=FORMS,
    task_area=_task_area, task_due=_task_due, form_context=turn_form_context,
    # The sender's data and the document: the oficialía (and the administration) organization-wide;
    # anyone else, as on /correspondencia, only once it is turned to their area.
    private_to_roles=frozenset({Role.OFICIALIA.value, Role.ADMIN.value}),
    task_completed=handlers.answer_given))


def register(session: Session, actor: Actor, form: RegisterForm) -> ProcessInstance:
    """Start the process and complete its first task with the registration form, in one step."""
    return runtime.start(session, actor, PROCESS_ID, title=form.asunto,
                         first_task=("register", form.model_dump(mode="json")))
