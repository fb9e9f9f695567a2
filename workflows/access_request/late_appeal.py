"""A recurso de revisión against the answer that the órgano garante notifies once the requester's
window to appeal has closed (LGTAIP 2025 art. 144; 2015 art. 142; the same for ARCO).

The garante notifies the body days after the recurso was filed: one filed on the window's last day
arrives when the request has already concluded without recurso. As a recurso por falta de respuesta
(unanswered_appeal), the Unidad records it from the request's page. The process goes back to its step
«Registrar un recurso de revisión» and completes it there, so the recurso follows the steps and the
garante's terms of one recorded in time (handlers.record_appeal): its resolution, then the compliance.
One filed after the window, by the body's count, is recorded too, with a note in the timeline: whether
it was in time is for the garante to qualify.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from engine.accounts import Actor
from engine.business_calendar import Unit
from engine.clock import today_in
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus
from engine.documents import long_date
from engine.forms import FormInvalid, validate_form
from engine.processes import InstanceStatus, ProcessInstance
from engine.runtime import runtime
from workflows.access_request.forms import AppealForm
from workflows.access_request.handlers import SUBJECT_TYPE
from workflows.access_request.models import Appeal, TransparencyRequest
from workflows.access_request.page_actions import request_to_record_on

# The step of both diagrams (access and ARCO) that records a recurso against the answer.
APPEAL_STEP = "appeal"


@dataclass(frozen=True)
class ClosedWindow:
    """The requester's window to appeal the answer (or the notice of incompetencia) closed unused."""

    answered_on: date  # the day the answer was notified: no recurso is filed before it
    last_day: date  # the window's last day: a recurso filed after it is out of time by the body's count
    amount: str  # the window in words, «15 días hábiles»
    basis: str  # «LGTAIP 2025, art. 144»


def closed_window_of(session: Session, request: TransparencyRequest) -> ClosedWindow | None:
    """The window to appeal of a request that concluded without recurso when it closed; None otherwise."""
    if request.closed_at is None or request.answered_on is None or request.instance_id is None:
        return None
    if session.exec(select(Appeal.id).where(Appeal.request_id == request.id)).first() is not None:
        return None
    window = _window(session, request)
    # Cancelled when it closed unused (handlers.record_conclusion); met, it was appealed in its step.
    if window is None or window.status != DeadlineStatus.CANCELLED:
        return None
    instance = session.get(ProcessInstance, request.instance_id)
    if instance.status != InstanceStatus.COMPLETED or not runtime.has_step(session, instance, APPEAL_STEP):
        return None
    return ClosedWindow(request.answered_on, window.due_on, Unit(window.unit).amount(window.days), window.basis)


def _window(session: Session, request: TransparencyRequest) -> Deadline | None:
    return session.exec(select(Deadline).where(
        Deadline.organization_id == request.organization_id, Deadline.subject_type == SUBJECT_TYPE,
        Deadline.subject_id == request.folio, Deadline.kind == DeadlineKind.RECURSO, Deadline.rule_key == "recurso")
        .order_by(Deadline.id.desc())).first()


def record_late_appeal(session: Session, actor: Actor, request_id: int, data: dict) -> Appeal:
    """Reopen the concluded request's process at «Registrar un recurso de revisión» with the recurso."""
    request = request_to_record_on(session, actor, request_id,
                                   "Solo la Unidad de Transparencia registra recursos de revisión.")
    form = validate_form(AppealForm, data, today_in(actor.timezone))
    closed = closed_window_of(session, request)
    if closed is None:
        raise FormInvalid({"__all__": _why_not(session, request)})
    # The step itself refuses a recurso dated before the answer, and notes one filed after the window.
    request.closed_at = None  # in course again, until the garante resolves it (and it is complied with)
    runtime.reopen_at(session, actor, session.get(ProcessInstance, request.instance_id), APPEAL_STEP,
                      form.model_dump(mode="json"),
                      f"el órgano garante notificó, ya cerrado el plazo para recurrir, el recurso de revisión "
                      f"{form.numero}, presentado el {long_date(form.fecha_presentacion)}")
    return session.exec(select(Appeal).where(Appeal.request_id == request.id).order_by(Appeal.id.desc())).first()


def _why_not(session: Session, request: TransparencyRequest) -> str:
    if session.exec(select(Appeal.id).where(Appeal.request_id == request.id)).first() is not None:
        return "Esta solicitud ya tiene un recurso de revisión registrado."
    if request.closed_at is None:
        return ("La solicitud sigue en trámite: el recurso contra la respuesta se registra en su paso «Registrar un "
                "recurso de revisión», mientras corre el plazo para recurrir.")
    if request.answered_on is None:
        return "La solicitud concluyó sin respuesta (no presentada): no admite un recurso contra la respuesta."
    return ("Esta solicitud no tiene en la plataforma el paso del proceso que registra un recurso contra su "
            "respuesta (se registró con una versión anterior del proceso o se importó ya concluida).")
