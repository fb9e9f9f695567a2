"""A recurso de revisión por falta de respuesta (LGTAIP art. 142 / 2025 art. 144; the same for ARCO).

When the response term runs out with no answer, the requester may appeal within the rule set's
term (15 días hábiles in the LGTAIP) of the lapse. That happens at whatever step the request is in (turned, before the Comité, being
answered), so the Unidad records it from the request's page rather than from a task of the
diagram. The process goes on: the answer is still owed. After it, the diagram's «¿Ya hay recurso?»
goes straight to the garante's resolution instead of opening a new window to appeal.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session

from engine.accounts import Actor
from engine.clock import to_local, today_in, utcnow
from engine.deadlines import LIVE_STATUSES, Deadline, last_day_from
from engine.documents import long_date
from engine.forms import FormInvalid, validate_form
from engine.processes import ProcessInstance
from engine.rule_sets import Rule, UnknownRule
from engine.runtime import ServiceCall, runtime
from engine.tenancy import Organization
from workflows.access_request.forms import AppealForm
from workflows.access_request.handlers import file_appeal, note_out_of_time, pending_appeal
from workflows.access_request.models import Appeal, AppealGround, TransparencyRequest
from workflows.access_request.page_actions import request_to_record_on


@dataclass(frozen=True)
class Lapse:
    """The response term ran out with no answer."""

    due_on: date  # the term's last day
    appeal_until: date | None  # the requester's last day to appeal (None: the rule set has no such term)
    window_over: bool = False  # that day has passed: a recurso filed now is late (the garante decides)
    appeal_rule: Rule | None = None  # the rule set's term to appeal: its days and basis, said on the page


def lapse_of(session: Session, request: TransparencyRequest, now: datetime | None = None) -> Lapse | None:
    """The lapse of the request's response term, while nobody has answered it nor appealed it yet."""
    now = now or utcnow()
    if request.answered_on is not None or request.response_deadline_id is None or request.instance_id is None:
        return None
    response = session.get(Deadline, request.response_deadline_id)
    # A paused term (prevención) or one already ended (no presentada, incompetencia) cannot lapse.
    if response is None or response.status not in LIVE_STATUSES or response.due_at > now:
        return None
    if pending_appeal(session, request) is not None:
        return None
    # A request started before the diagram had «¿Ya hay recurso?» would, after its answer, wait
    # for a recurso window its answer no longer opens.
    if not runtime.has_step(session, session.get(ProcessInstance, request.instance_id), "appealed_gateway"):
        return None
    timezone = session.get(Organization, request.organization_id).timezone
    try:
        # Counted like the window after an answer notified on the term's last day.
        appeal_until, rule = last_day_from(session, request.organization_id, request.kind.value, "recurso",
                                           datetime.combine(response.due_on, time(12), tzinfo=ZoneInfo(timezone)),
                                           request.rule_set_code)
    except UnknownRule:
        appeal_until, rule = None, None
    return Lapse(response.due_on, appeal_until,
                 appeal_until is not None and to_local(now, timezone).date() > appeal_until, rule)


def record_unanswered_appeal(session: Session, actor: Actor, request_id: int, data: dict,
                             now: datetime | None = None) -> Appeal:
    """Record the recurso and open the garante's term to resolve it; the process itself is not moved."""
    request = request_to_record_on(session, actor, request_id,
                                   "Solo la Unidad de Transparencia registra recursos de revisión.")
    form = validate_form(AppealForm, data, today_in(actor.timezone))
    lapse = lapse_of(session, request, now)
    if lapse is None:
        raise FormInvalid({"__all__": _why_not(session, request)})
    if form.fecha_presentacion <= lapse.due_on:
        raise FormInvalid({"fecha_presentacion": "El recurso por falta de respuesta se presenta después de que "
                                                 f"venció el plazo de respuesta ({long_date(lapse.due_on)})."})
    # The instance's version moves too: a form of this process opened before (the answer, say)
    # then meets a clear conflict instead of going on as if no recurso had been filed.
    session.execute(update(ProcessInstance).where(ProcessInstance.id == request.instance_id)
                    .values(version=ProcessInstance.version + 1).execution_options(synchronize_session=False))
    call = ServiceCall(session, actor.organization_id, request.instance_id, actor, {})
    appeal, _ = file_appeal(call, request, form.numero, form.fecha_presentacion, AppealGround.NO_ANSWER)
    if lapse.appeal_until is not None and form.fecha_presentacion > lapse.appeal_until:
        note_out_of_time(call, appeal, lapse.appeal_until, lapse.appeal_rule.amount, lapse.appeal_rule.basis,
                         "la falta de respuesta")
    return appeal


def _why_not(session: Session, request: TransparencyRequest) -> str:
    if request.answered_on is not None:
        return "La solicitud ya se respondió: un recurso contra la respuesta se registra en su paso del proceso."
    if pending_appeal(session, request) is not None:
        return "Ya hay un recurso de revisión en trámite para esta solicitud."
    if request.instance_id is not None and not runtime.has_step(
            session, session.get(ProcessInstance, request.instance_id), "appealed_gateway"):
        return ("Esta solicitud se registró con una versión anterior del proceso, que no sigue un recurso por falta "
                "de respuesta: regístrelo al responder, en el paso «Registrar un recurso de revisión».")
    if request.closed_at is not None:
        return "La solicitud ya concluyó (no presentada): no admite un recurso por falta de respuesta."
    return "El plazo de respuesta no ha vencido (o está en pausa): aún no procede un recurso por falta de respuesta."
