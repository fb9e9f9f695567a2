"""Service tasks of bpmn/arco_request.bpmn: each is registered by its operator id.

The steps an ARCO request shares with an access request (prevención, turns, Comité, oficio,
recurso) are the access handlers themselves, registered again under this process's ids; the
access module sends only the inexistencia of the data to the Comité for an ARCO request
(COMMITTEE_SENSES). What is ARCO's own is here: the holder's identity at registration, the
ampliación the Unidad notifies without the Comité, the answers that exist for a holder's own
data, and the right made effective within 15 días hábiles once identity was verified.
"""

from datetime import date, datetime, time

from sqlmodel import Session

from engine import deadlines
from engine.clock import to_utc, today_in, utcnow
from engine.deadlines import Deadline, DeadlineError, DeadlineKind, DeadlineStatus
from engine.documents import long_date
from engine.forms import FormInvalid
from engine.processes import ProcessInstance
from engine.runtime import ServiceCall, runtime
from engine.scripting import service_handler
from engine.tenancy import Organization
from workflows.access_request import handlers as access
from workflows.access_request.committee import cases_to_open, extension_asked_at, with_due_day
from workflows.access_request.models import (DELIVERS_NOTHING, AnswerSense, ArcoRight, RequestKind, RequestStatus,
                                             TransparencyRequest)
from workflows.access_request.oficio import Extension
from workflows.access_request.payment import UNPAID_ACTION, check_paid_before, payment_term
from workflows.moved_terms import recheck

# The right is made effective only after an answer that grants it, in whole or in part.
GRANTS_THE_RIGHT = {AnswerSense.ENTREGA_TOTAL, AnswerSense.ENTREGA_PARCIAL}
# What an ARCO answer can say; classification and "información pública" belong to access requests.
ARCO_ANSWERS = GRANTS_THE_RIGHT | DELIVERS_NOTHING

service_handler("arco_request.record_incompetence")(access.record_incompetence)
service_handler("arco_request.start_prevention")(access.start_prevention)
service_handler("arco_request.restart_clock")(access.restart_clock)
service_handler("arco_request.mark_not_presented")(access.mark_not_presented)
service_handler("arco_request.check_prevention_term")(access.check_prevention_term)
service_handler("arco_request.check_appeal_window")(access.check_appeal_window)
service_handler("arco_request.record_turns")(access.record_turns)
service_handler("arco_request.open_cases")(access.open_cases)
service_handler("arco_request.apply_resolutions")(access.apply_resolutions)
service_handler("arco_request.record_conclusion")(access.record_conclusion)
service_handler("arco_request.record_appeal")(access.record_appeal)
service_handler("arco_request.record_appeal_outcome")(access.record_appeal_outcome)
service_handler("arco_request.record_compliance")(access.record_compliance)
service_handler("arco_request.return_to_review")(access.return_to_review)


def _timezone(call: ServiceCall) -> str:
    return call.session.get(Organization, call.organization_id).timezone


@service_handler("arco_request.register")
def register(call: ServiceCall, params: dict) -> dict:
    """Number the request with the holder's identity, and open its response term (20 días hábiles)."""
    data = call.data
    right = ArcoRight(data["derecho"])
    # The holder is the addressee of the answer: an ARCO request is never anonymous.
    as_access = call.with_data({**data, "tipo_solicitante": "nombre", "nombre": data["titular"]})
    filed = access.register_as(as_access, RequestKind.ARCO, arco_right=right, holder_name=data["titular"],
                               representative_name=data.get("representante", ""),
                               identity_document=data["documento_identidad"])
    # The description of an ARCO request is personal data; the title is read in inboxes and lists.
    instance = call.session.get(ProcessInstance, call.instance_id)
    instance.title = f"{filed['folio']} · Derechos ARCO: {right.label.lower()}"
    return {**filed, "derecho": right.value, "derecho_texto": right.label}


@service_handler("arco_request.record_area_answers")
def record_area_answers(call: ServiceCall, params: dict) -> dict:
    """The areas' answers, as for access; and whether one asked for more time, which the Unidad notifies. An
    ampliación is decided first, even when another area returned the request in that round (apply_extension
    then sends it back to turn it again)."""
    asked = any(answer and answer.get("sentido") == AnswerSense.AMPLIACION
                for answer in call.data.get("respuestas", []))
    result = access.record_area_answers(call, params, extension_asked=asked)
    if asked:
        access.request_of(call).status = RequestStatus.ANSWERING  # the Unidad decides the ampliación first
    return {**result, "ampliacion": asked}


@service_handler("arco_request.apply_extension")
def apply_extension(call: ServiceCall, params: dict) -> dict:
    """Add 10 días hábiles once, if the holder was notified by the due day (LGPDPPSO; no Comité needed)."""
    notice = call.data["aviso_ampliacion"]
    request = access.request_of(call)
    pending_cases = bool(cases_to_open(call.session, request))
    if notice["decision"] != "ampliar":
        # An area that returned the request in that round waited for this decision (record_area_answers): now the
        # request goes back to the analysis to turn it again, where the diagram has that way back; with an
        # inexistencia for the Comité, once the Comité resolves it (apply_resolutions).
        returned = 0 if pending_cases else access.returned_in_the_latest_round(call.session, request)
        if returned and _goes_back_when_not_extended(call):
            request.status = access.back_to_analysis(call.session, request)
            access.log_step(call, "solicitud.sin_ampliacion", "La Unidad decidió responder sin ampliar el plazo; como "
                            "un área la devolvió, vuelve al análisis para turnarla de nuevo")
            return {"ampliado": False, "resultado": "No se amplió el plazo.", "comite": False, "devueltos": returned}
        access.log_step(call, "solicitud.sin_ampliacion", "La Unidad decidió responder sin ampliar el plazo")
        return {"ampliado": False, "resultado": "No se amplió el plazo.", "comite": pending_cases, "devueltos": 0}
    notified = date.fromisoformat(notice["fecha_notificacion"])
    # As a Comité resolution is checked against the day its case was raised: a notice dated before any
    # area asked for more time would revive a request whose term had already run out.
    access.not_before(call, request, "fecha_notificacion", notified,
                      extension_asked_at(call.session, request) or request.received_at,
                      "La ampliación no puede notificarse antes del día en que el área la pidió")
    response = access.response_deadline(call, request)
    try:
        rule = deadlines.extend(call.session, call.actor, response, notified,
                                f"Ampliación notificada al titular: {notice['motivo'].strip()}")
    except DeadlineError as refused:
        # Late or a second one: the Unidad corrects the date or answers within the term it has.
        raise FormInvalid({"fecha_notificacion": str(refused)}) from None
    # Back to the Unidad's analysis to turn it again (as a returned request goes), not «turnada».
    request.extended, request.status = True, access.back_to_analysis(call.session, request)
    number = access.notify_extension(call, request, Extension(notified, rule, notice["motivo"], response.due_on))
    outcome = f"Plazo ampliado (oficio {number})."
    access.log_step(call, "solicitud.ampliada", with_due_day(outcome, response.due_on),
                    after={"oficio": number, "notificada": notified, "vence": response.due_on,
                           "motivo": notice["motivo"]})
    # Without the due day, which a día inhábil or a suspension may move: the forms add it from the term.
    return {"ampliado": True, "resultado": outcome, "vence": response.due_on.isoformat(), "comite": pending_cases,
            "devueltos": 0}


def _goes_back_when_not_extended(call: ServiceCall) -> bool:
    """Whether the request's diagram goes back to the analysis when the Unidad does not extend the term and an
    area returned the request (extension_returned_gateway); one started before goes on to the answer, whose
    form can still go back to the analysis."""
    return runtime.has_step(call.session, call.session.get(ProcessInstance, call.instance_id),
                            "extension_returned_gateway")


@service_handler("arco_request.record_response")
def record_response(call: ServiceCall, params: dict) -> dict:
    """The access answer (oficio, response term met, recurso window); a favourable one opens the efectividad term."""
    access.refuse_going_back(call)
    sense = AnswerSense(call.data["sentido"])
    if sense not in ARCO_ANSWERS:
        raise FormInvalid({"sentido": "Una respuesta ARCO es procedente (total o parcialmente), improcedente, de "
                                      "inexistencia de los datos o de incompetencia; la clasificación no se opone "
                                      "al titular."})
    request = access.request_of(call)
    # The Comité's resolution on an inexistencia binds the answer: access.record_response checks it.
    if sense not in GRANTS_THE_RIGHT:
        return {**access.record_response(call, params), "efectividad": False}
    opened: list[Deadline] = []

    def opens_effectiveness(notified: date) -> Deadline:
        opened.append(access.open_term(call, request, DeadlineKind.EFECTIVIDAD, "efectividad",
                                       "Hacer efectivo el derecho", starts_after=notified,
                                       responsible_user_id=call.actor.user_id))
        return opened[0]

    result = access.record_response(call, params, opens_effectiveness)
    [term] = opened
    access.log_step(call, "solicitud.efectividad_pendiente",
                    f"El derecho debe hacerse efectivo a más tardar el {long_date(term.due_on)}")
    # With costs, the right is made effective once they are paid: the diagram waits at a step whose timer
    # ends it when the holder's window to pay lapses unpaid (check_payment_window).
    window = payment_term(call.session, request)
    payment = {"pago_plazo_id": window.id, "pago_vence": window.due_on.isoformat(),
               "pago_vence_en": window.due_at.isoformat()} if window is not None else {}
    return {**result, "efectividad": True, "efectividad_vence": term.due_on.isoformat(),
            "efectividad_vence_en": term.due_at.isoformat(), "efectividad_plazo_id": term.id,
            "pago_pendiente": window is not None, **payment}


@service_handler("arco_request.check_payment_window")
def check_payment_window(call: ServiceCall, params: dict) -> dict:
    """The holder's window to pay the costs ended: did they pay (the Unidad records it from the request's page),
    or did a suspension move the window? If neither, it lapsed unpaid (record_unpaid)."""
    notice = call.data["notificacion"]
    window = call.session.get(Deadline, notice["pago_plazo_id"])
    if window is not None and window.status == DeadlineStatus.MET:
        return {**notice, "pagado": True, "pago_sigue": False}
    return {**recheck(call, notice, "solicitud.plazo_sigue", utcnow(), prefix="pago_"), "pagado": False}


@service_handler("arco_request.record_unpaid")
def record_unpaid(call: ServiceCall, params: dict) -> dict:
    """The holder did not pay the costs within their window: the right is made effective «previa acreditación
    del pago» (LGPDPPSO; the oficio said so), so the obligation to make it effective ends with the window.
    Its term closes without breach (cancelled: no alert of a term missed), and the timeline says why; the
    diagram goes on to the titular's window to appeal."""
    session, notice = call.session, call.data["notificacion"]
    request = access.request_of(call)
    window = session.get(Deadline, notice["pago_plazo_id"])
    unpaid = f"{request.kind.party.capitalize()} no pagó los costos a más tardar el {long_date(window.due_on)}"
    # The window stays as it ran out («Transcurrido»): a payment made by its last day and recorded only now is
    # still recorded from the request's page, and brings the obligation back (payment.record_payment).
    deadlines.cancel(session, call.actor, session.get(Deadline, notice["efectividad_plazo_id"]),
                     f"{unpaid}: sin el pago, el derecho no se hace efectivo y la obligación de hacerlo efectivo "
                     "concluyó con el plazo para pagar.")
    access.log_step(call, UNPAID_ACTION, f"{unpaid}: concluyó la obligación de hacer efectivo el derecho. Para "
                    f"ejercerlo, {request.kind.party} debe presentar una nueva solicitud.",
                    after={"pago_vencio": window.due_on})
    return {"sin_pago": True, "pago_vencio": window.due_on.isoformat()}


def check_effectiveness_dates(session: Session, request: TransparencyRequest, verified_on: date | None,
                              effective_on: date, tz_name: str) -> None:
    """The holder's identity verified, not before the filing, before the right is made effective, and that
    not before the answer was notified nor before its costs were paid: the process's step and the page
    of an imported request check the same. Checked beside each date rather than in the form, where the
    error would sit apart."""
    if verified_on is None:
        raise FormInvalid({"fecha_verificacion_identidad": "Antes de hacer efectivo el derecho debe verificarse la "
                                                           "identidad del titular o de su representante: indique "
                                                           "la fecha en que la acreditó."})
    received_on = access._received_on(request, tz_name)
    if verified_on < received_on:
        raise FormInvalid({"fecha_verificacion_identidad": "La fecha no puede ser anterior a la recepción de la "
                                                           f"solicitud ({received_on.strftime('%d/%m/%Y')})."})
    if verified_on > effective_on:
        raise FormInvalid({"fecha_verificacion_identidad": "La identidad se verifica antes de hacer efectivo el "
                                                           "derecho: esta fecha no puede ser posterior a la de "
                                                           "efectividad."})
    if effective_on < request.answered_on:
        raise FormInvalid({"fecha_efectividad": "El derecho no puede hacerse efectivo antes de notificar la respuesta "
                                                f"({request.answered_on.strftime('%d/%m/%Y')})."})
    check_paid_before(session, request, effective_on, today_in(tz_name))


@service_handler("arco_request.record_effectiveness")
def record_effectiveness(call: ServiceCall, params: dict) -> dict:
    """The right was made effective, which needs the holder's or representative's identity verified first."""
    session = call.session
    request = access.request_of(call)
    done = call.data["hecho_efectivo"]
    effective_on = date.fromisoformat(done["fecha_efectividad"])
    verified_on = access._day(done.get("fecha_verificacion_identidad"))
    tz_name = _timezone(call)
    check_effectiveness_dates(session, request, verified_on, effective_on, tz_name)
    term = session.get(Deadline, call.data["notificacion"]["efectividad_plazo_id"])
    deadlines.close(session, call.actor, term, "Se hizo efectivo el derecho.",
                    met_at=access.met_on(effective_on, tz_name))
    request.identity_verified_at = to_utc(datetime.combine(verified_on, time(12, 0)), tz_name)
    # With a recurso for falta de respuesta in course the request stays «en recurso» until it is resolved.
    if not call.data["notificacion"].get("recurso_previo"):
        request.status = RequestStatus.EFFECTIVE
    access.log_step(call, "solicitud.efectiva", f"Hizo efectivo el derecho el {long_date(effective_on)}",
                    after={"identidad_verificada": verified_on, "efectivo": effective_on, "a_tiempo": not term.met_late,
                       "descripcion": done["descripcion"]})
    return {"efectivo": effective_on.isoformat(), "a_tiempo": not term.met_late}
