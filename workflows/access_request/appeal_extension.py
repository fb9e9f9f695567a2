"""The órgano garante's extension of its term to resolve a recurso de revisión: 40 días hábiles that
it may extend once, by 20 (LGTAIP 2025 art. 148; 2015 art. 146). The garante notifies the extension
to the body; the Unidad records it from the request's page, so the recurso's term shows the garante's
real last day instead of a day already passed."""

from pydantic import BaseModel, Field
from sqlmodel import Session

from engine import deadlines
from engine.accounts import Actor
from engine.clock import today_in
from engine.deadlines import LIVE_STATUSES, Deadline, DeadlineError
from engine.documents import long_date
from engine.forms import FormInvalid, validate_form
from engine.rule_sets import UnknownRule, rule_set_by_code
from engine.runtime import ServiceCall
from workflows.access_request.forms import PastDate
from workflows.access_request.handlers import log_step, pending_appeal
from workflows.access_request.models import Appeal, TransparencyRequest
from workflows.access_request.page_actions import request_to_record_on


class AppealExtensionForm(BaseModel):
    fecha_notificacion: PastDate = Field(title="Fecha en que el órgano garante notificó la ampliación")
    acuerdo: str = Field(default="", max_length=200, title="Acuerdo o número de oficio del órgano garante")


def appeal_in_course(session: Session, request: TransparencyRequest) -> tuple[Appeal, Deadline] | None:
    """The recurso the garante has not resolved, with its term to resolve while that term is live."""
    appeal = pending_appeal(session, request)
    if appeal is None or appeal.resolution_deadline_id is None:
        return None
    term = session.get(Deadline, appeal.resolution_deadline_id)
    return (appeal, term) if term is not None and term.status in LIVE_STATUSES else None


def extendable_appeal(session: Session, request: TransparencyRequest) -> Appeal | None:
    """The recurso whose term the garante may still extend: in course, not extended yet, under a
    rule set that provides for the extension."""
    found = appeal_in_course(session, request)
    if found is None or found[1].extension_days:
        return None
    rules = rule_set_by_code(session, request.organization_id, request.rule_set_code).rules
    return found[0] if "ampliacion_recurso" in rules else None


def record_appeal_extension(session: Session, actor: Actor, request_id: int, data: dict) -> Deadline:
    """Add the rule set's extension to the garante's term; refused after that term or a second time."""
    request = request_to_record_on(session, actor, request_id,
                                   "Solo la Unidad de Transparencia registra las ampliaciones del órgano garante.")
    form = validate_form(AppealExtensionForm, data, today_in(actor.timezone))
    found = appeal_in_course(session, request)
    if found is None:
        raise FormInvalid({"__all__": "Esta solicitud no tiene un recurso de revisión en trámite."})
    appeal, term = found
    if form.fecha_notificacion < appeal.filed_on:
        raise FormInvalid({"fecha_notificacion": "La ampliación no puede ser anterior a la presentación del "
                                                 f"recurso ({long_date(appeal.filed_on)})."})
    agreement = form.acuerdo.strip()
    reason = f"El órgano garante amplió el plazo para resolver{f' ({agreement})' if agreement else ''}"
    before = term.due_on
    try:
        deadlines.extend(session, actor, term, form.fecha_notificacion, reason, rule_key="ampliacion_recurso")
    except UnknownRule:
        raise FormInvalid({"__all__": f"El conjunto de reglas {request.rule_set_code} no prevé la ampliación del "
                                      "plazo para resolver el recurso."}) from None
    except DeadlineError as refused:
        raise FormInvalid({"fecha_notificacion": str(refused)}) from None
    call = ServiceCall(session, actor.organization_id, request.instance_id, actor, {})
    log_step(call, "solicitud.recurso_ampliado",
             f"El órgano garante amplió el plazo para resolver el recurso {appeal.number}: vence el "
             f"{long_date(term.due_on)}, no el {long_date(before)}",
             after={"recurso": appeal.number, "notificada": form.fecha_notificacion, "acuerdo": agreement,
                    "vence": term.due_on})
    return term
