"""Oficialía de partes: receive with folio and acuse, turn to areas, answer, close."""

import logging
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from engine.accounts import Actor, Role
from engine.forms import FormInvalid
from engine.processes import ProcessDescriptor, ProcessInstance, TurnNotice, register_process
from engine.runtime import runtime
from workflows.correspondence import handlers  # noqa: F401  (registers the service handlers)
from workflows.correspondence.forms import FORMS, RegisterForm
from workflows.correspondence.turn_form import turn_form_context

PROCESS_ID = "correspondence"
FOLIO_NOT_ASSIGNED = ("No se pudo asignar el folio y no se registró el documento. Intente de nuevo; si vuelve a "
                      "ocurrir, avise a la administración.")
_log = logging.getLogger(__name__)


def _task_area(name: str, data: dict[str, Any]) -> int | None:
    return data["turno"]["area_id"] if name == "answer" and "turno" in data else None


def _task_due(name: str, data: dict[str, Any]) -> datetime | None:
    if name == "answer" and "turno" in data:
        return datetime.fromisoformat(data["turno"]["vence_en"]).astimezone(UTC)
    return None


def _task_turn(name: str, data: dict[str, Any]) -> TurnNotice | None:
    """The oficialía's turn an area's answer task attends: one per area and round (its Turn row)."""
    if name != "answer" or "turno" not in data:
        return None
    return TurnNotice(turn=f"turno-{data['turno']['turno_id']}", sender=Role.OFICIALIA.label,
                      instruction=data["turno"].get("instruccion", ""))


DESCRIPTOR = register_process(ProcessDescriptor(
    process_id=PROCESS_ID, title="Correspondencia (oficialía de partes)", forms=FORMS,
    task_area=_task_area, task_due=_task_due, task_turn=_task_turn, form_context=turn_form_context,
    # The sender's data and the document: the oficialía (and the administration) organization-wide;
    # anyone else, as on /correspondencia, only once it is turned to their area.
    private_to_roles=frozenset({Role.OFICIALIA.value, Role.ADMIN.value}),
    task_completed=handlers.answer_given))


def register(session: Session, actor: Actor, form: RegisterForm) -> ProcessInstance:
    """Start the process and complete its first task with the registration form, in one step; a
    folio step that fails refuses the registration (the caller's transaction rolls it back)."""
    instance = runtime.start(session, actor, PROCESS_ID, title=form.asunto,
                             first_task=("register", form.model_dump(mode="json")))
    if instance.error_message:
        # The program's error (often a database message echoing the sender's data): the log keeps
        # it, the person reads what to do.
        _log.error("No se pudo asignar el folio de correspondencia: %s", instance.error_message)
        raise FormInvalid({"__all__": FOLIO_NOT_ASSIGNED})
    return instance
