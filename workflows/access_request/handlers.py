"""Service tasks of bpmn/access_request.bpmn: each is registered by its operator id.

Every date a person gives is checked against the request (an answer cannot predate the filing);
an impossible one refuses the step with a Spanish message beside the field (FormInvalid), and the
transaction rolls back. Every term is a deadline row of engine.deadlines, filed under the
request's folio, so it is explained, recomputed with the calendar and alerted.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from engine import audit, deadlines, files
from engine.accounts import areas_without_enlace, unstaffed_turn_message
from engine.business_calendar import Unit
from engine.clock import today_in, to_local, to_utc, utcnow
from engine.deadlines import Deadline, DeadlineError, DeadlineKind
from engine.documents import long_date
from engine.folios import next_folio
from engine.forms import FormInvalid
from engine.labels import counted, in_a_series
from engine.processes import ProcessInstance
from engine.rule_sets import LegalLimit, Rule, UnknownRule, rule_set_by_code, rule_set_code_in_force
from engine.runtime import ServiceCall, runtime
from engine.scripting import service_handler
from engine.settings import load_settings
from engine.tenancy import Area, Organization
from workflows.access_request import windows
from workflows.access_request.analysis import LATE_PREVENTION, already_prevented, free_pages_limit
from workflows.access_request.committee import (CONSEQUENCE, EXTENDED, RESOLVED, cases_to_open, committee_refusal,
                                               extension_refusal, joint_reasoning, needs_public_version, outcome_now,
                                               number_refusal, proposed_by, resolved_about_the_answer,
                                               unresolved_refusal)
from workflows.access_request.forms import ORDERS_COMPLIANCE
from workflows.access_request.models import (COPIES, AgeRange, AnswerSense, Appeal,
                                             AppealGround, CommitteeCase, CommitteeCaseKind, CommitteeResolution,
                                             DeliveryMode, RequestChannel, RequesterKind, RequestKind, RequestStatus,
                                             RequestTurn, RequestTurnStatus, Sex, TransparencyRequest, resolution_key,
                                             sense_label)
from workflows.access_request.prevention import desahogo_refusal_in
from workflows.access_request.oficio import (Extension, build_extension_oficio, build_incompetence_oficio, build_oficio,
                                            build_prevention_oficio)
from workflows.access_request.oficio_numbering import check_oficio_date, number_oficio
from workflows.access_request.reception import filing_words
from workflows.board_session import committee_link
from workflows.correspondence.models import Correspondence
from workflows.moved_terms import recheck


class FolioSeries(NamedTuple):
    series: str  # engine.folios' counter
    pattern: str


# Access and ARCO requests are numbered apart, each from 1 every year: two procedures under two
# laws, which the Unidad counts and reports apart (SAI-2026-00001, ARCO-2026-00001).
FOLIO_SERIES = {RequestKind.ACCESO: FolioSeries("SAI", "SAI-{year}-{seq:05d}"),
                RequestKind.ARCO: FolioSeries("ARCO", "ARCO-{year}-{seq:05d}")}
# Deadlines of a request are filed under its folio.
SUBJECT_TYPE = "solicitud"



def issue_oficio(call: ServiceCall, organization: Organization, request: TransparencyRequest, dated: date, field: str,
                 kind: str, title: str, build: Callable[[str, str], bytes]) -> tuple[str, files.StoredFile]:
    """Number an oficio of the Unidad's series, write it (`build` takes the number and how the oficio names
    the request's filing, as its acuse dates it) and keep it with the request's process. Call it once
    every check passed: a refused step takes no number. A date no oficio can carry is refused beside
    `field`, the form's date (oficio_numbering)."""
    number = number_oficio(call.session, organization, request, dated, field)
    filename = f"{kind.replace('_', '-')}-{request.folio}.docx"  # oficio-respuesta-SAI-2026-00001.docx
    content = build(number, filing_words(call.session, request))
    stored = files.store(call.session, load_settings(), organization.id, kind, title, filename, content,
                         created_by=call.actor.user_id, instance_id=call.instance_id)
    return number, stored


def request_of(call: ServiceCall) -> TransparencyRequest:
    return call.session.exec(select(TransparencyRequest).where(
        TransparencyRequest.instance_id == call.instance_id,
        TransparencyRequest.organization_id == call.organization_id)).one()


def log_step(call: ServiceCall, action: str, summary: str, after=None) -> None:
    """An entry of the request's timeline: an audit event of its process."""
    audit.record(call.session, call.organization_id, call.actor.user_id, call.actor.name, action,
                 "proceso", call.instance_id, summary=summary, after=after)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _received_on(request: TransparencyRequest, tz_name: str) -> date:
    return to_local(request.received_at, tz_name).date()


def _not_before_filing(call: ServiceCall, request: TransparencyRequest, field: str, value: date | None) -> None:
    organization = call.session.get(Organization, call.organization_id)
    received = _received_on(request, organization.timezone)
    if value is not None and value < received:
        raise FormInvalid({field: f"La fecha no puede ser anterior a la recepción de la solicitud "
                                  f"({received.strftime('%d/%m/%Y')})."})


def response_deadline(call: ServiceCall, request: TransparencyRequest) -> Deadline:
    return call.session.get(Deadline, request.response_deadline_id)


def back_to_analysis(session: Session, request: TransparencyRequest) -> RequestStatus:
    """The status of a request back at the Unidad's analysis: «De nuevo en análisis» once it was turned
    (to turn it again), «Registrada» if it never was (after a desahogo, or going back from an answer the
    Unidad was giving directly)."""
    turned = session.exec(select(RequestTurn.id).where(RequestTurn.request_id == request.id)).first()
    return RequestStatus.REANALYSIS if turned is not None else RequestStatus.REGISTERED


# The window to appeal belongs to the requester of an access request and to the titular of ARCO data.
APPEAL_TERM_TITLE = {RequestKind.ACCESO: "Plazo del solicitante para recurrir",
                     RequestKind.ARCO: "Plazo del titular para recurrir"}


def open_appeal_window(call: ServiceCall, request: TransparencyRequest, notified: date) -> Deadline:
    """The requester's (or titular's) window to appeal an answer or a notice notified that day."""
    return open_term(call, request, DeadlineKind.RECURSO, "recurso", APPEAL_TERM_TITLE[request.kind],
                     starts_after=notified, responsible_user_id=call.actor.user_id)


def open_term(call: ServiceCall, request: TransparencyRequest, kind: DeadlineKind, rule_key: str, title: str,
              starts_after: date | None = None, received_at: datetime | None = None, **extra) -> Deadline:
    """A deadline of this request under the rule set it was filed with."""
    return deadlines.open_deadline(
        call.session, call.actor, subject_type=SUBJECT_TYPE, subject_id=request.folio, kind=kind,
        procedure=request.kind.value, rule_key=rule_key, title=f"{title} · {request.folio}",
        rule_set_code=request.rule_set_code, starts_after=starts_after, received_at=received_at,
        instance_id=call.instance_id, **extra)


def met_on(day: date, tz_name: str) -> datetime:
    """The moment a notification of `day` counts as given: within office hours of that day."""
    return datetime.combine(day, time(12, 0), tzinfo=ZoneInfo(tz_name))


@service_handler("access_request.register")
def register(call: ServiceCall, params: dict) -> dict:
    """Number the request, keep it as a row and open its response term."""
    return register_as(call, RequestKind.ACCESO)


def register_as(call: ServiceCall, kind: RequestKind, **fields) -> dict:
    session, data = call.session, call.data
    organization = session.get(Organization, call.organization_id)
    received_local = datetime.combine(date.fromisoformat(data["fecha_recepcion"]),
                                      time.fromisoformat(data["hora_recepcion"]))
    pnt_folio = data.get("folio_pnt") or None
    if pnt_folio and session.exec(select(TransparencyRequest.id).where(
            TransparencyRequest.organization_id == organization.id,
            TransparencyRequest.pnt_folio == pnt_folio)).first():
        raise FormInvalid({"folio_pnt": "Ya existe una solicitud con ese folio de la PNT."})
    correspondence_id = _correspondence_of(call, data.get("folio_correspondencia"))
    numbering = FOLIO_SERIES[kind]
    seq, folio = next_folio(session, organization.id, numbering.series, received_local.year, numbering.pattern)
    request = TransparencyRequest(
        organization_id=organization.id, kind=kind, folio=folio, year=received_local.year, seq=seq,
        pnt_folio=pnt_folio, channel=RequestChannel(data["canal"]), correspondence_id=correspondence_id,
        received_at=to_utc(received_local, organization.timezone), description=data["descripcion"],
        topic=data.get("tema", ""), requester_kind=RequesterKind(data.get("tipo_solicitante", "nombre")),
        requester_name=data.get("nombre", ""), contact=data.get("contacto", ""), sex=Sex(data.get("sexo", "no_dice")),
        age_range=AgeRange(data.get("rango_edad", "no_dice")), occupation=data.get("ocupacion", ""),
        state=data.get("entidad", ""), rule_set_code="", instance_id=call.instance_id,
        registered_by=call.actor.user_id, **fields)
    session.add(request)
    session.flush()
    # Under the law in force the day it was filed (one received before the LGTAIP of 2025, under the 2015 one).
    deadline = deadlines.open_deadline(
        session, call.actor, subject_type=SUBJECT_TYPE, subject_id=folio, kind=DeadlineKind.RESPUESTA,
        procedure=kind.value, rule_key="respuesta", title=f"Respuesta a la solicitud {folio}",
        received_at=request.received_at, responsible_user_id=call.actor.user_id, instance_id=call.instance_id,
        rule_set_code=rule_set_code_in_force(session, organization.id, kind.value, received_local.date()))
    request.rule_set_code, request.response_deadline_id = deadline.rule_set_code, deadline.id
    windows.open_windows(session, call.actor, request)
    if data.get("archivo_id"):
        stored = session.get(files.StoredFile, data["archivo_id"])
        if stored is not None and stored.organization_id == organization.id:
            stored.instance_id = call.instance_id
    instance = session.get(ProcessInstance, call.instance_id)
    instance.title = f"{folio} · {request.description[:200]}"[:300]
    instance.subject_type, instance.subject_id = "solicitud", request.id
    log_step(call, "solicitud.registrada", f"Registró la solicitud {folio}; vence el {long_date(deadline.due_on)}",
             after={"folio": folio, "folio_pnt": pnt_folio, "vence": deadline.due_on})
    return {"id": request.id, "folio": folio, "vence": deadline.due_on.isoformat(),
            "vence_en": deadline.due_at.isoformat(), "plazo_id": deadline.id}


def _correspondence_of(call: ServiceCall, folio: str | None) -> int | None:
    """The correspondence item the request comes from; one document is one request, with one term."""
    if not folio:
        return None
    # The row lock makes a second conversion of the same document, sent at the same moment, wait
    # for the first and then find its request.
    item = call.session.exec(select(Correspondence).where(
        Correspondence.organization_id == call.organization_id, Correspondence.folio == folio)
        .with_for_update()).first()
    if item is None:
        raise FormInvalid({"folio_correspondencia": f"No existe el folio {folio} en la oficialía de partes."})
    converted = converted_into(call.session, item)
    if converted is not None:
        raise FormInvalid({"folio_correspondencia": f"El documento {folio} ya se registró como la solicitud "
                                                    f"{converted.folio}: no se registra dos veces."})
    return item.id


def converted_into(session: Session, item: Correspondence) -> TransparencyRequest | None:
    """The request a correspondence item was registered as, if it was."""
    return session.exec(select(TransparencyRequest).where(
        TransparencyRequest.organization_id == item.organization_id,
        TransparencyRequest.correspondence_id == item.id).order_by(TransparencyRequest.id)).first()


@service_handler("access_request.record_incompetence")
def record_incompetence(call: ServiceCall, params: dict) -> dict:
    """Notoria incompetencia: the notice (due in 3 días hábiles) answers the request instead of the areas,
    and opens the requester's window to appeal it, as an answer does (the notice tells them so)."""
    request = request_of(call)
    notified = _day(call.data.get("fecha_notificacion"))
    _not_before_filing(call, request, "fecha_notificacion", notified)
    appealed = pending_appeal(call.session, request)
    if appealed is not None:
        # Ending here would leave the recurso without the step that records its resolution.
        raise FormInvalid({"decision": f"Hay un recurso por falta de respuesta en trámite ({appealed.number}): "
                                       "notifique la incompetencia como respuesta («Responder», sentido "
                                       "incompetencia), para registrar después la resolución del recurso."})
    organization = call.session.get(Organization, call.organization_id)
    tz_name = organization.timezone
    notice = windows.window_for(call.session, call.actor, request, DeadlineKind.INCOMPETENCIA)
    windows.use(call.session, call.actor, request, notice, met_on(notified, tz_name), "se notificó la incompetencia")
    deadlines.cancel(call.session, call.actor, response_deadline(call, request),
                     "Notoria incompetencia: no corresponde responder.")
    request.status = RequestStatus.INCOMPETENT  # concluded once the window to appeal closes unused
    request.competent_body = call.data.get("organo_competente", "").strip()
    dated = notified or today_in(tz_name)
    # The notice is the request's answer (the reports to the garante count it so): answered the day it
    # was notified, with the incompetencia as its sense, and on time by its own term, not the one cancelled.
    request.answer_sense, request.answered_on = AnswerSense.INCOMPETENCIA, dated
    request.oficio_number, oficio = issue_oficio(
        call, organization, request, dated, "fecha_notificacion", "oficio_incompetencia",
        f"Oficio de {'incompetencia' if request.kind == RequestKind.ARCO else 'notoria incompetencia'} {request.folio}",
        lambda number, received: build_incompetence_oficio(organization, request, number, received, dated,
                                                           request.competent_body, notice, call.actor.name,
                                                           appeal_rule(call, request)))
    request.oficio_file_id = oficio.id
    log_step(call, "solicitud.incompetencia",
             f"Notificó la notoria incompetencia con el oficio {request.oficio_number}; "
             f"competente: {request.competent_body}",
             after={"oficio": request.oficio_number, "notificada": notified, "a_tiempo": not notice.met_late})
    result = {"a_tiempo": not notice.met_late, "organo_competente": request.competent_body, "oficio_id": oficio.id,
              "notificada": dated.isoformat()}
    if runtime.has_step(call.session, call.session.get(ProcessInstance, call.instance_id), "ended_incompetent"):
        # Started on a diagram that ends at the notice: no window would be waited on, nor closed.
        request.closed_at = utcnow()
        return result
    window = open_appeal_window(call, request, dated)
    # What record_response gives the diagram's «Registrar un recurso de revisión» and its timer.
    return {**result, "recurso_vence": window.due_on.isoformat(), "recurso_vence_en": window.due_at.isoformat(),
            "recurso_plazo_id": window.id}


@service_handler("access_request.start_prevention")
def start_prevention(call: ServiceCall, params: dict) -> dict:
    """The requerimiento pauses the response term and gives the applicant 10 días hábiles."""
    request = request_of(call)
    issued = _day(call.data.get("fecha_prevencion"))
    _not_before_filing(call, request, "fecha_prevencion", issued)
    if already_prevented(call.session, request):
        raise FormInvalid({"decision": "La ley permite prevenir una sola vez; turne la solicitud o declare la incompetencia."})
    organization = call.session.get(Organization, call.organization_id)
    tz_name = organization.timezone
    issue_term = windows.window_for(call.session, call.actor, request, DeadlineKind.PREVENCION)
    if issued is not None and issued > issue_term.due_on:
        raise FormInvalid({"fecha_prevencion": f"El plazo para prevenir venció el {long_date(issue_term.due_on)}: "
                                               f"{LATE_PREVENTION}."})
    windows.use(call.session, call.actor, request, issue_term, met_on(issued, tz_name), "se notificó la prevención")
    deadlines.pause(call.session, call.actor, response_deadline(call, request), issued,
                    "Prevención al solicitante: el plazo se interrumpe hasta el desahogo.")
    answer_term = open_term(call, request, DeadlineKind.DESAHOGO, "desahogo", "Desahogo de la prevención",
                            starts_after=issued, responsible_user_id=call.actor.user_id)
    request.status = RequestStatus.PREVENTED
    dated = issued or today_in(tz_name)
    requirement = call.data.get("requerimiento", "")
    number, oficio = issue_oficio(
        call, organization, request, dated, "fecha_prevencion", "oficio_prevencion",
        f"Oficio de prevención {request.folio}",
        lambda number, received: build_prevention_oficio(organization, request, number, received, dated, requirement,
                                                         answer_term, call.actor.name))
    log_step(call, "solicitud.prevenida", f"Previno al solicitante con el oficio {number}; tiene hasta el "
             f"{long_date(answer_term.due_on)}",
             after={"oficio": number, "requerimiento": requirement, "desahogo_vence": answer_term.due_on})
    waits_until = answer_term.due_at
    if call.data.get("fecha_desahogo"):
        # The desahogo came with the prevención and this same step records it (forms.with_its_desahogo).
        # Recorded after the notification, the requester's window may have ended since: the diagram's
        # timer, already due, would make the request «no presentada» before the desahogo is heard.
        waits_until = max(waits_until, utcnow() + timedelta(minutes=1))
    return {"plazo_id": answer_term.id, "vence": answer_term.due_on.isoformat(),
            "vence_en": waits_until.isoformat(), "oficio_id": oficio.id}


def desahogo_refusal(answer_term: Deadline, answered: date, answered_at: datetime | None) -> tuple[str, str] | None:
    """The field and the reason a desahogo of that day (and moment) is refused, or None. The desahogo
    form refuses it with these words and its forecast says them before it is sent."""
    return desahogo_refusal_in(answer_term.anchored_at.date(), answer_term.due_on, answer_term.due_at, answered,
                               answered_at)


@service_handler("access_request.restart_clock")
def restart_clock(call: ServiceCall, params: dict) -> dict:
    """The applicant answered: the response term starts again, whole, the next día hábil."""
    request = request_of(call)
    answered = _day(call.data.get("fecha_desahogo"))
    answer_term = call.session.get(Deadline, call.data["prevencion"]["plazo_id"])
    tz_name = call.session.get(Organization, call.organization_id).timezone
    hour = call.data.get("hora_desahogo")
    answered_at = to_utc(datetime.combine(answered, time.fromisoformat(hour)), tz_name) if hour else None
    refusal = desahogo_refusal(answer_term, answered, answered_at)
    if refusal:
        field, reason = refusal
        raise FormInvalid({field: reason})
    deadlines.close(call.session, call.actor, answer_term, "El solicitante desahogó la prevención.",
                    met_at=answered_at or met_on(answered, tz_name))
    response = response_deadline(call, request)
    deadlines.restart(call.session, call.actor, response, answered, "Desahogo de la prevención", answered_at)
    request.status = back_to_analysis(call.session, request)
    log_step(call, "solicitud.desahogada", f"Registró el desahogo; la respuesta vence el {long_date(response.due_on)}",
             after={"desahogo": answered, "vence": response.due_on})
    return {"vence": response.due_on.isoformat()}


@service_handler("access_request.check_prevention_term")
def check_prevention_term(call: ServiceCall, params: dict) -> dict:
    """Did the requester's 10 días hábiles really end, or did a suspension move them?"""
    return recheck(call, call.data["prevencion"], "solicitud.plazo_sigue", utcnow())


@service_handler("access_request.check_appeal_window")
def check_appeal_window(call: ServiceCall, params: dict) -> dict:
    """Did the window to appeal really close, or did a suspension move it?"""
    return recheck(call, call.data["notificacion"], "solicitud.plazo_sigue", utcnow(), prefix="recurso_")


@service_handler("access_request.mark_not_presented")
def mark_not_presented(call: ServiceCall, params: dict) -> dict:
    request = request_of(call)
    for deadline in deadlines.deadlines_of(call.session, call.organization_id, SUBJECT_TYPE, request.folio):
        deadlines.cancel(call.session, call.actor, deadline, "La prevención no se desahogó: solicitud no presentada.")
    request.status, request.closed_at = RequestStatus.NOT_PRESENTED, utcnow()
    log_step(call, "solicitud.no_presentada", "La prevención no se desahogó en plazo: se tiene por no presentada")
    return {"no_presentada": True}


@service_handler("access_request.record_turns")
def record_turns(call: ServiceCall, params: dict) -> list[dict]:
    """One turn per area, each with an internal term that ends días hábiles before the legal one."""
    session, data = call.session, call.data
    request = request_of(call)
    response = response_deadline(call, request)
    rule = rule_set_by_code(session, call.organization_id, request.rule_set_code).rule("turnado_interno")
    previous_round = max(session.exec(select(RequestTurn.round).where(RequestTurn.request_id == request.id)).all(),
                         default=0)
    unstaffed = areas_without_enlace(session, call.organization_id, data["areas"])
    if unstaffed:
        raise FormInvalid({"areas": unstaffed_turn_message(unstaffed)})
    turns = []
    for area_id in data["areas"]:
        area = session.get(Area, area_id)
        if area is None or area.organization_id != call.organization_id or not area.active:
            raise FormInvalid({"areas": "Elija áreas activas de su institución."})
        turn = RequestTurn(organization_id=call.organization_id, request_id=request.id, area_id=area.id,
                           round=previous_round + 1, instruction=data.get("instruccion", ""), turned_at=utcnow())
        session.add(turn)
        session.flush()
        internal = deadlines.open_deadline(
            session, call.actor, subject_type=SUBJECT_TYPE, subject_id=request.folio,
            kind=DeadlineKind.TURNADO_INTERNO, procedure=request.kind.value, rule_key="turnado_interno",
            rule_set_code=request.rule_set_code, title=f"{request.folio} turnada a {area.name}",
            received_at=utcnow(), parent=response, days=rule.value, responsible_area_id=area.id,
            instance_id=call.instance_id)
        turn.deadline_id = internal.id
        turns.append({"turno_id": turn.id, "area_id": area.id, "area": area.name, "instruccion": turn.instruction,
                      "vence": internal.due_on.isoformat(), "vence_en": internal.due_at.isoformat(),
                      "plazo_id": internal.id})
    request.status = RequestStatus.TURNED
    windows.close_unused(session, call.actor, request, "la solicitud se turnó a las áreas", windows.DECIDED_BY_THE_TURN)
    # A new round needs an empty output collection; earlier answers are kept in the turn rows.
    data.pop("respuestas", None)
    log_step(call, "solicitud.turnada", "Turnó a " + ", ".join(t["area"] for t in turns),
             after={"areas": [t["area"] for t in turns]})
    return turns


def _round_outcome(returned: int, cases: int, extension_asked: bool = False) -> str:
    """What the areas' answers mean for the request, as the timeline says it."""
    if returned and extension_asked:
        return (f"{counted(returned, 'área la devolvió', 'áreas la devolvieron')} y se pidió ampliar el plazo: la "
                "Unidad de Transparencia decide primero la ampliación, y después vuelve a turnarla")
    if returned and cases:
        return (f"{counted(returned, 'área la devolvió', 'áreas la devolvieron')} y "
                f"{counted(cases, 'caso va', 'casos van')} al Comité de Transparencia; cuando el Comité resuelva, "
                "vuelve a la Unidad de Transparencia para turnarla de nuevo")
    if returned:
        return (f"{counted(returned, 'área la devolvió', 'áreas la devolvieron')}; vuelve a la Unidad de "
                "Transparencia para turnarla de nuevo")
    if cases:
        return f"Las áreas respondieron; {counted(cases, 'caso va', 'casos van')} al Comité de Transparencia"
    return "Las áreas respondieron; pasa a la Unidad de Transparencia para responder"


def _record_turn_answer(call: ServiceCall, turn: RequestTurn, answer: dict) -> None:
    """An area's answer (or return) on its turn, which settles the turn's internal deadline."""
    session = call.session
    author = answer.get("_autor") or {}
    turn.answer = answer["respuesta"] + (f"\n\nFundamento: {answer['fundamento']}" if answer.get("fundamento") else "")
    turn.file_ids = [answer["anexo_id"]] if answer.get("anexo_id") else []
    turn.answered_by, turn.answered_at = author.get("id"), utcnow()
    internal = session.get(Deadline, turn.deadline_id) if turn.deadline_id else None
    if answer["sentido"] == "devuelto":
        turn.status = RequestTurnStatus.RETURNED
        if internal:
            deadlines.cancel(session, call.actor, internal, "El área devolvió la solicitud: no le corresponde.")
    else:
        turn.status, turn.sense = RequestTurnStatus.ANSWERED, AnswerSense(answer["sentido"])
        if internal:
            kind = session.get(TransparencyRequest, turn.request_id).kind
            deadlines.close(session, call.actor, internal, f"El área respondió: {sense_label(kind, turn.sense)}.",
                            met_at=turn.answered_at)


def area_answered(call: ServiceCall, task_name: str) -> None:
    """An area answered its turn (access or ARCO): record it now, so the turn shows its answer and its
    internal deadline stops (and alerts no one) while the other areas still work on theirs."""
    turno, answer = call.data.get("turno"), call.data.get("respuesta")
    if task_name != "area_answer" or not turno or not answer:
        return
    if answer.get("sentido") == AnswerSense.AMPLIACION:
        # A second one would open no case (cases_to_open) and pass for an answer: refused, nothing changes.
        refusal = extension_refusal(call.session, request_of(call))
        if refusal:
            raise FormInvalid({"sentido": refusal})
    turn = call.session.get(RequestTurn, turno["turno_id"])
    if turn is not None and turn.status == RequestTurnStatus.PENDING:
        _record_turn_answer(call, turn, answer)


@service_handler("access_request.record_area_answers")
def record_area_answers(call: ServiceCall, params: dict, extension_asked: bool = False) -> dict:
    """The round's answers; `extension_asked` (ARCO): an area asked for an ampliación, which the Unidad decides."""
    session = call.session
    request = request_of(call)
    by_id = {t.id: t for t in session.exec(select(RequestTurn).where(RequestTurn.request_id == request.id)).all()}
    returned = 0
    # Each answer was recorded as it was given (area_answered); one still pending was given before that existed.
    for turno, answer in zip(call.data.get("turnos", []), call.data.get("respuestas", [])):
        turn = by_id.get(turno["turno_id"])
        if turn is None or not answer:
            continue
        if turn.status == RequestTurnStatus.PENDING:
            _record_turn_answer(call, turn, answer)
        returned += turn.status == RequestTurnStatus.RETURNED
    pending_cases = cases_to_open(session, request)
    # An area's proposal is heard whatever the others answered: a case goes to the Comité, and an ARCO
    # ampliación to the Unidad's decision. The diagram sends a request some area returned back to the analysis
    # before anything else, where the proposal would wait without its case (or, an ampliación, be lost), so
    # the return waits for it: apply_resolutions, or arco_request's apply_extension, then sends it back.
    back_now = 0 if pending_cases or extension_asked else returned
    request.status = RequestStatus.IN_COMMITTEE if pending_cases else (
        back_to_analysis(session, request) if back_now else RequestStatus.ANSWERING)
    log_step(call, "solicitud.respuestas_de_areas", _round_outcome(returned, len(pending_cases), extension_asked))
    return {"devueltos": back_now, "comite": bool(pending_cases)}


@service_handler("access_request.open_cases")
def open_cases(call: ServiceCall, params: dict) -> list[dict]:
    session = call.session
    request = request_of(call)
    cases = []
    now = utcnow()
    for proposals, kind in cases_to_open(session, request):
        proposed = proposed_by(session, proposals)
        reasoning = joint_reasoning(proposed)
        # Raised now: the Comité cannot resolve it on an earlier day (check_resolution_dates). Every area that
        # proposed it is named with it and its enlace sees it; each one's reasons are in its reasoning.
        first, *others = dict.fromkeys(turn.area_id for turn in proposals)
        case = CommitteeCase(organization_id=call.organization_id, request_id=request.id, kind=kind,
                             area_id=first, other_area_ids=others, reasoning=reasoning, created_at=now)
        session.add(case)
        session.flush()
        entry = {"caso_id": case.id, "tipo": kind.value, "tipo_texto": kind.label,
                 "area": in_a_series([area for area, _ in proposed]), "motivo": reasoning[:2000]}
        if len(proposed) > 1:
            # The Comité's form shows each area's proposal apart, none cut short by the other's length.
            entry["propuestas"] = [{"area": area, "motivo": text[:2000]} for area, text in proposed]
        cases.append(entry)
        # With a Comité de Transparencia body the case is also an item of its next session in time.
        committee_link.raise_case(session, call.actor, case, now)
    request.status = RequestStatus.IN_COMMITTEE
    call.data.pop("resoluciones", None)
    log_step(call, "solicitud.casos_comite", "Sometió al Comité: " + ", ".join(c["tipo_texto"] for c in cases))
    return cases


def not_before(call: ServiceCall, request: TransparencyRequest, field: str, day: date, since: datetime,
               refusal: str) -> None:
    """`day`, typed in `field`, is on or after the filing and the organization's day of `since`, the moment
    what it dates became possible (a case raised, an ampliación asked for); else `refusal` is said beside
    it, with that day. A date before would let a backdated ampliación revive a request whose term ran out."""
    _not_before_filing(call, request, field, day)
    possible = to_local(since, call.session.get(Organization, call.organization_id).timezone).date()
    if day < possible:
        raise FormInvalid({field: f"{refusal} ({long_date(possible)})."})


def check_resolution_dates(call: ServiceCall, request: TransparencyRequest, case: CommitteeCase,
                           resolved_on: date, notified_on: date | None) -> None:
    """A resolution of the case is dated on or after the day the case was raised (the organization's
    day), which is on or after the filing; its notification, on or after the resolution. A date before
    the case existed would let a backdated ampliación revive a request whose term had run out."""
    not_before(call, request, "fecha_resolucion", resolved_on, case.created_at,
               "La resolución no puede ser anterior al día en que el caso se sometió al Comité de Transparencia")
    if notified_on is not None and notified_on < resolved_on:
        # An ampliación notified "before" a resolution dated after the due day would pass for timely.
        raise FormInvalid({"fecha_notificacion": "La notificación no puede ser anterior a la resolución del "
                                                 f"Comité ({long_date(resolved_on)})."})


def check_resolution_number(session: Session, case: CommitteeCase, number: str) -> None:
    """The number of the Comité's resolution is the case's own: one given to another case is refused beside it."""
    refusal = number_refusal(session, case, number)
    if refusal:
        raise FormInvalid({"numero": refusal})


def give_resolution_number(session: Session, case: CommitteeCase, number: str) -> None:
    """Write the number on the case now, where the unique index sees it: another case resolved under it at
    the same moment passed check_resolution_number too, and whichever comes second is refused beside the
    field as the check refuses it, naming the first."""
    try:
        # Written when the savepoint ends (the pattern of room.cast_vote): a refused write undoes only itself.
        with session.begin_nested():
            case.resolution_number, case.resolution_key = number.strip(), resolution_key(number)
    except IntegrityError:
        with session.no_autoflush:
            refusal = number_refusal(session, case, number)
        raise FormInvalid({"numero": refusal or "Otra resolución del Comité acaba de registrarse con este número: "
                                                "escriba el de esta resolución."}) from None


def case_resolved(call: ServiceCall, task_name: str) -> None:
    """The Comité resolved a case in the request's own file: its dates are checked now, so that with
    several cases a wrong one is refused beside the form that has it; and at once, even while other
    cases still wait, it leaves the orden del día of the session that was to vote it (a session's vote
    that resolved it has its result already, and nothing leaves)."""
    caso, resolution = call.data.get("caso"), call.data.get("resolucion_caso")
    if task_name != "committee_resolution" or not caso or not resolution:
        return
    case = call.session.get(CommitteeCase, caso["caso_id"])
    if case is not None:
        check_resolution_dates(call, request_of(call), case, _day(resolution["fecha_resolucion"]),
                               _day(resolution.get("fecha_notificacion")))
        check_resolution_number(call.session, case, resolution["numero"])
    committee_link.resolved_in_the_file(call.session, call.actor, caso["caso_id"], resolution["numero"],
                                        _day(resolution["fecha_resolucion"]),
                                        CommitteeResolution(resolution["resolucion"]))


@service_handler("access_request.apply_resolutions")
def apply_resolutions(call: ServiceCall, params: dict) -> dict:
    """Record each resolution; an ampliación adds days only if notified by the original due day."""
    session = call.session
    request = request_of(call)
    reopen = False
    resolved = []
    for caso, resolution in zip(call.data.get("casos", []), call.data.get("resoluciones", [])):
        case = session.get(CommitteeCase, caso["caso_id"])
        if case is None or not resolution:
            continue
        resolved_on = _day(resolution["fecha_resolucion"])
        notified_on = _day(resolution.get("fecha_notificacion"))
        check_resolution_dates(call, request, case, resolved_on, notified_on)
        # Again here: two cases of one request, each resolved in its own form, may have been given one number.
        check_resolution_number(session, case, resolution["numero"])
        case.resolution = CommitteeResolution(resolution["resolucion"])
        give_resolution_number(session, case, resolution["numero"])
        case.resolved_on, case.notified_on = resolved_on, notified_on
        case.notes, case.resolved_by = resolution.get("notas", ""), (resolution.get("_autor") or {}).get("id")
        extended_before = request.extended
        case.outcome = _apply(call, request, case)
        reopen = reopen or (request.extended and not extended_before) or _sends_the_area_back(call, case)
        resolved.append(case)
    reopen = reopen or _returned_before_the_comite(call, request)
    # Reopened: back to the Unidad's analysis to turn it again, as a returned request goes.
    request.status = back_to_analysis(session, request) if reopen else RequestStatus.ANSWERING
    # The history says the due day an ampliación gave that day; the forms read today's (resolved_outcomes).
    due_on = response_deadline(call, request).due_on
    log_step(call, "solicitud.resoluciones_comite",
             "; ".join(f"{case.kind.label}: {outcome_now(case, due_on)}" for case in resolved)[:500])
    return {"reabrir": reopen, "resultados": [f"{case.kind.label}: {case.outcome}" for case in resolved]}


def _apply(call: ServiceCall, request: TransparencyRequest, case: CommitteeCase) -> str:
    """The outcome of the Comité's resolution, which begins with what it resolved (a modified
    classification never reads «Confirmada»)."""
    sense = CommitteeResolution(case.resolution)
    if case.kind != CommitteeCaseKind.AMPLIACION or sense == CommitteeResolution.REVOCA:
        return f"{RESOLVED[sense]}: {CONSEQUENCE[(CommitteeCaseKind(case.kind), sense)]}"
    if case.notified_on is None:
        raise FormInvalid({"fecha_notificacion": "Indique cuándo se notificó la ampliación al solicitante."})
    # Notified by oficio, on a day the office works: checked before the due day is, so that one notified
    # late is refused on a Saturday as a timely one is when its oficio is numbered.
    check_oficio_date(call.session, call.session.get(Organization, call.organization_id), request,
                      case.notified_on, "fecha_notificacion")
    response = response_deadline(call, request)
    try:
        rule = deadlines.extend(call.session, call.actor, response, case.notified_on,
                                f"Ampliación {case.resolution_number} del Comité de Transparencia")
    except DeadlineError as refused:
        return f"No procede: {refused}"
    request.extended = True
    resolution = (f"la resolución {case.resolution_number} del Comité de Transparencia, del "
                  f"{long_date(case.resolved_on)}")
    number = notify_extension(call, request, Extension(case.notified_on, rule, case.reasoning, response.due_on,
                                                       resolution))
    modified = ", en los términos en que el Comité la modificó" if sense == CommitteeResolution.MODIFICA else ""
    # Without the due day: a día inhábil or a suspension may move it, and views read it from the term (outcome_now).
    return f"{RESOLVED[sense]}: {EXTENDED}{modified} (oficio {number})."


def _sends_the_area_back(call: ServiceCall, case: CommitteeCase) -> bool:
    """A revoked clasificación, inexistencia or incompetencia: the area must search again and deliver
    (CONSEQUENCE), so the request goes back to the Unidad's analysis to turn it again, where the
    diagram the request runs has that way back (reopen_gateway; an ARCO request started before it
    goes on to the answer, whose form refuses the revoked sense)."""
    if case.kind == CommitteeCaseKind.AMPLIACION or case.resolution != CommitteeResolution.REVOCA:
        return False
    return _can_reopen(call)


def _returned_before_the_comite(call: ServiceCall, request: TransparencyRequest) -> bool:
    """An area returned the request in the round whose proposals the Comité just resolved (record_area_answers
    sent them first): now the request goes back to the analysis to turn it again, as a returned request goes."""
    return bool(returned_in_the_latest_round(call.session, request)) and _can_reopen(call)


def returned_in_the_latest_round(session: Session, request: TransparencyRequest) -> int:
    """How many areas returned the request in its latest round of turns (the one whose answers were just heard)."""
    turns = session.exec(select(RequestTurn.round, RequestTurn.status).where(
        RequestTurn.request_id == request.id)).all()
    latest = max((number for number, _ in turns), default=None)
    return sum(number == latest and status == RequestTurnStatus.RETURNED for number, status in turns)


def _can_reopen(call: ServiceCall) -> bool:
    """Whether the request's diagram goes back to the analysis after the Comité (reopen_gateway)."""
    return runtime.has_step(call.session, call.session.get(ProcessInstance, call.instance_id), "reopen_gateway")


def free_pages(call: ServiceCall, request: TransparencyRequest) -> LegalLimit | None:
    """The law's limit of hojas simples delivered without cost, when this answer is within it."""
    limit = free_pages_limit(call.session, request)
    if limit is None or request.delivery_mode != DeliveryMode.COPIA_SIMPLE or not request.pages:
        return None
    return limit if request.pages <= limit.value else None


def appeal_rule(call: ServiceCall, request: TransparencyRequest) -> Rule | None:
    """The requester's term to appeal under the request's rule set; None where that law has none."""
    try:
        return rule_set_by_code(call.session, call.organization_id, request.rule_set_code).rule("recurso")
    except UnknownRule:
        return None


def notify_extension(call: ServiceCall, request: TransparencyRequest, extension: Extension) -> str:
    """The oficio that tells the requester (or the holder) of the ampliación; its number."""
    organization = call.session.get(Organization, call.organization_id)
    number, _ = issue_oficio(
        call, organization, request, extension.notified, "fecha_notificacion", "oficio_ampliacion",
        f"Oficio de ampliación {request.folio}",
        lambda number, received: build_extension_oficio(organization, request, number, received, extension,
                                                        call.actor.name))
    return number


@service_handler("access_request.return_to_review")
def return_to_review(call: ServiceCall, params: dict) -> dict:
    """The Unidad, about to answer, goes back to its analysis to turn the request again (an area's answer
    falls short, another area holds the information): nothing of the answer is recorded, only why."""
    request = request_of(call)
    motivo = call.data["motivo"].strip()
    # Back to the Unidad's analysis, as a returned request goes.
    request.status = back_to_analysis(call.session, request)
    log_step(call, "solicitud.vuelve_a_analisis", f"Volvió a analizar la solicitud antes de responder: {motivo}"[:500],
             after={"motivo": motivo})
    return {"motivo": motivo}


# The respond form's other choice, «Volver a analizar la solicitud», where the diagram has no way back.
NO_WAY_BACK = ("Esta solicitud se tramita con una versión anterior del proceso, que no permite volver a analizarla "
               "desde la respuesta: respóndala con lo que ya contestaron las áreas.")


# How a proposal left without its case gets one, said in the answer's form (committee.unresolved_refusal).
TURN_AGAIN_FROM_THE_ANSWER = ("Vuelva a analizarla y túrnela de nuevo: con las respuestas de ese turno, la propuesta "
                              "se somete al Comité.")


def review_decided(call: ServiceCall, task_name: str) -> None:
    """The Unidad's analysis chose to answer: refused while an area's proposal waits for the Comité (after an
    ampliación that sent the request back to turn it again, or a request returned before its case opened);
    otherwise the request goes straight to its answer, and reads so (no service step between them says it)."""
    if task_name != "review" or call.data.get("decision") != "responder":
        return
    request = request_of(call)
    refusal = unresolved_refusal(call.session, request)
    if refusal:
        raise FormInvalid({"decision": refusal})
    request.status = RequestStatus.ANSWERING


def refuse_going_back(call: ServiceCall) -> None:
    """The answer of a request started on a diagram without respond_gateway, whose form still came back
    with «volver» (sent by hand): refused, rather than recorded as an answer without its fields. Above the
    form: that form offers no such choice to put the message beside."""
    if call.data.get("accion") == "volver":
        raise FormInvalid({"__all__": NO_WAY_BACK})


@service_handler("access_request.record_response")
def record_response(call: ServiceCall, params: dict,
                    opens_effectiveness: Callable[[date], Deadline] | None = None) -> dict:
    """The UT's answer: the oficio de respuesta, the response term met, the window to appeal opened.

    `opens_effectiveness` (ARCO, a favourable answer): opens the term to make the right effective
    from the notification day, before the oficio is written, which tells the holder its last day."""
    refuse_going_back(call)
    session, data = call.session, call.data
    request = request_of(call)
    notified = _day(data["fecha_notificacion"])
    _not_before_filing(call, request, "fecha_notificacion", notified)
    sense = AnswerSense(data["sentido"])
    if sense == AnswerSense.IMPROCEDENTE and request_of(call).kind != RequestKind.ARCO:
        raise FormInvalid({"sentido": "Una solicitud de acceso no se declara improcedente: elija el sentido de la respuesta."})
    committee = resolved_about_the_answer(session, request)
    refusal = unresolved_refusal(session, request, TURN_AGAIN_FROM_THE_ANSWER) or committee_refusal(
        committee, request.kind, sense)
    if refusal:
        raise FormInvalid({"sentido": refusal})
    if needs_public_version(session, request, sense) and not data.get("version_publica_id") \
            and not data.get("leyenda", "").strip():
        raise FormInvalid({"version_publica_id": "Una respuesta clasificada se entrega en versión pública: "
                                                 "adjúntela o escriba la leyenda de clasificación."})
    if request.status in (RequestStatus.ANSWERED, RequestStatus.CONCLUDED):
        raise FormInvalid({"respuesta": "Esta solicitud ya fue respondida."})
    resolved = session.exec(select(func.max(CommitteeCase.resolved_on)).where(
        CommitteeCase.request_id == request.id)).one()
    if resolved is not None and notified < resolved:
        raise FormInvalid({"fecha_notificacion": "La respuesta no puede notificarse antes de la resolución del Comité "
                                                 f"de Transparencia ({long_date(resolved)})."})
    organization = session.get(Organization, call.organization_id)
    request.answer_sense, request.answer_text, request.answered_on = sense, data["respuesta"], notified
    request.delivery_mode, request.cost = DeliveryMode(data["modalidad"]), float(data.get("costo") or 0)
    request.pages = data.get("hojas") if request.delivery_mode in COPIES else None
    free = free_pages(call, request)
    if free is not None and request.cost > 0:
        raise FormInvalid({"costo": f"La entrega de no más de {free.value} hojas simples es sin costo ({free.basis}): "
                                    "registre costo 0."})
    request.public_version_file_id = data.get("version_publica_id")
    response = response_deadline(call, request)
    if sense == AnswerSense.PUBLICA and not response.extension_days:
        try:  # pointing to information already published has its own, shorter term
            deadlines.retarget(session, call.actor, response, "informacion_publica",
                               "La respuesta orienta a información ya publicada")
        except UnknownRule:
            pass  # a rule set without that term (another country's law)
    if request.cost > 0 and met_on(notified, organization.timezone) > response.due_at:
        raise FormInvalid({"costo": f"La respuesta se notifica después del vencimiento ({long_date(response.due_on)}): "
                                    "la ley pone los costos de entrega a cargo del sujeto obligado. Registre costo 0."})
    payment = None
    if request.cost > 0:
        try:  # opened before the oficio is written: the oficio tells the requester its last day
            payment = open_term(call, request, DeadlineKind.ENTREGA, "pago", "Pago de los costos de reproducción",
                                starts_after=notified, responsible_user_id=call.actor.user_id)
        except UnknownRule:
            pass  # the rule set has no payment window (e.g. CO-1755)
    effective = opens_effectiveness(notified) if opens_effectiveness else None
    # Numbered only now that every check passed: a refused answer takes no number.
    request.oficio_number, oficio = issue_oficio(
        call, organization, request, notified, "fecha_notificacion", "oficio_respuesta",
        f"Oficio de respuesta {request.folio}",
        lambda number, received: build_oficio(organization, request, number, received, call.actor.name,
                                              data.get("leyenda", ""), appeal=appeal_rule(call, request),
                                              payment=payment, free=free,
                                              committee=committee, effective=effective,
                                              law=rule_set_by_code(session, organization.id, request.rule_set_code)))
    request.oficio_file_id = oficio.id
    deadlines.close(session, call.actor, response, f"Respuesta notificada: {request.answer_label}.",
                    met_at=met_on(notified, organization.timezone))
    public = windows.window_of(session, request, DeadlineKind.INFORMACION_PUBLICA)
    if sense == AnswerSense.PUBLICA and public is not None:
        # Still live only: one a prevención closed no longer applies (the desahogo restarted the response
        # term, which the answer is measured against).
        deadlines.close(session, call.actor, public, "Se respondió orientando a información ya publicada.",
                        met_at=met_on(notified, organization.timezone))
    windows.close_unused(session, call.actor, request, "se notificó la respuesta")
    # The requester who already appealed the lack of an answer gets no new window: what remains is
    # the garante's resolution (the diagram goes there through «¿Ya hay recurso?»).
    appealed = pending_appeal(session, request)
    window = None if appealed else open_appeal_window(call, request, notified)
    request.status = RequestStatus.APPEALED if appealed else RequestStatus.ANSWERED
    in_course = f", con el recurso {appealed.number} en trámite" if appealed else ""
    log_step(call, "solicitud.respondida", f"Respondió con el oficio {request.oficio_number} ({request.answer_label}); "
             f"notificada el {long_date(notified)}{in_course}",
             after={"oficio": request.oficio_number, "sentido": sense.value, "notificada": notified,
                "a_tiempo": not response.met_late, "oficio_sha256": oficio.sha256})
    result = {"oficio_id": oficio.id, "a_tiempo": not response.met_late, "recurso_previo": appealed is not None}
    if appealed is not None:
        resolution = session.get(Deadline, appealed.resolution_deadline_id)
        return {**result, "recurso": appeal_summary(appealed, resolution)}
    return {**result, "recurso_vence": window.due_on.isoformat(), "recurso_vence_en": window.due_at.isoformat(),
            "recurso_plazo_id": window.id}


@service_handler("access_request.record_conclusion")
def record_conclusion(call: ServiceCall, params: dict) -> dict:
    request = request_of(call)
    window = call.session.get(Deadline, call.data["notificacion"]["recurso_plazo_id"])
    deadlines.cancel(call.session, call.actor, window, "Transcurrió el plazo sin recurso de revisión.")
    # A request answered by incompetencia keeps saying so once concluded.
    if request.status != RequestStatus.INCOMPETENT:
        request.status = RequestStatus.CONCLUDED
    request.closed_at = utcnow()
    log_step(call, "solicitud.concluida", "Concluyó: no se interpuso recurso de revisión en el plazo")
    return {"concluida": True}


@service_handler("access_request.record_appeal")
def record_appeal(call: ServiceCall, params: dict) -> dict:
    """A recurso de revisión was filed against the answer: track the garante's term to resolve it."""
    session = call.session
    request = request_of(call)
    filed = _day(call.data["fecha_presentacion"])
    # The answer appealed: the oficio de respuesta, or the notice of incompetencia.
    answered = request.answered_on
    if answered and filed < answered:
        raise FormInvalid({"fecha_presentacion": "El recurso no puede ser anterior a la respuesta."})
    window = session.get(Deadline, call.data["notificacion"]["recurso_plazo_id"])
    deadlines.close(session, call.actor, window, "El solicitante interpuso recurso de revisión.",
                    met_at=met_on(filed, session.get(Organization, call.organization_id).timezone))
    appeal, resolution = file_appeal(call, request, call.data["numero"], filed, AppealGround.ANSWER)
    if filed > window.due_on:
        # The garante notified it after the window closed (late_appeal), or it was recorded before the timer ran.
        note_out_of_time(call, appeal, window.due_on, Unit(window.unit).amount(window.days), window.basis,
                         "la respuesta")
    request.status = RequestStatus.APPEALED
    return appeal_summary(appeal, resolution)


def note_out_of_time(call: ServiceCall, appeal: Appeal, last_day: date, term: str, basis: str, against: str) -> None:
    """A recurso filed after the requester's last day to appeal, by the body's count: it is recorded as
    filed, because whether it was in time is for the órgano garante to qualify; the timeline says so."""
    log_step(call, "solicitud.recurso_extemporaneo",
             f"El recurso {appeal.number} se presentó después del {long_date(last_day)}, último día de los {term} "
             f"para recurrir {against} ({basis}), según el cómputo del sujeto obligado; lo califica el órgano garante")


# The garante's term to resolve a recurso where the rule set does not set it (MX-LGPDPPSO here). It is
# counted under its own key, not under the requester's window to appeal: that one's lapse is quiet,
# while this one is followed like the body's other terms of the recurso.
GARANTE_RESOLUTION = Rule("resolucion_recurso", "Resolución del recurso de revisión", 40, Unit.BUSINESS_DAYS,
                          "Plazo de resolución del órgano garante (40 días hábiles; verificar en la ley aplicable)")


def file_appeal(call: ServiceCall, request: TransparencyRequest, number: str, filed: date,
                ground: AppealGround) -> tuple[Appeal, Deadline]:
    """The recurso and the garante's term to resolve it (40 días hábiles where the rule set lacks it)."""
    session = call.session
    appeal = Appeal(organization_id=call.organization_id, request_id=request.id, number=number, filed_on=filed,
                    ground=ground)
    session.add(appeal)
    session.flush()
    resolution = open_term(call, request, DeadlineKind.RECURSO, "resolucion_recurso",
                           f"Resolución del recurso {appeal.number} por el órgano garante", starts_after=filed,
                           rule_if_missing=GARANTE_RESOLUTION)
    appeal.resolution_deadline_id = resolution.id
    against = " por falta de respuesta" if ground == AppealGround.NO_ANSWER else ""
    log_step(call, "solicitud.recurso", f"Se interpuso el recurso {appeal.number}{against}",
             after={"numero": appeal.number, "presentado": filed, "motivo": ground.label,
                "resolucion_vence": resolution.due_on})
    return appeal, resolution


def appeal_summary(appeal: Appeal, resolution: Deadline) -> dict:
    """What the resolution step shows of a recurso: its number and the garante's last day, and the term
    that dates the step while it waits (workflows.access_request.task_deadline)."""
    return {"recurso_id": appeal.id, "numero": appeal.number, "resolucion_vence": resolution.due_on.isoformat(),
            "resolucion_vence_en": resolution.due_at.isoformat(), "plazo_id": resolution.id}


def pending_appeal(session: Session, request: TransparencyRequest) -> Appeal | None:
    """A recurso the garante has not resolved yet (at most one is in course)."""
    return session.exec(select(Appeal).where(Appeal.request_id == request.id, Appeal.resolved_on.is_(None))
                        .order_by(Appeal.id.desc())).first()


def _appeal_of(call: ServiceCall) -> Appeal:
    """The request's latest recurso: filed at the `appeal` step or, for falta de respuesta, from its page."""
    return call.session.exec(select(Appeal).where(Appeal.request_id == request_of(call).id)
                             .order_by(Appeal.id.desc())).first()


def _complied_after(resolved: date, complied: date | None) -> None:
    if complied is not None and complied < resolved:
        raise FormInvalid({"fecha_cumplimiento": "El cumplimiento no puede ser anterior a la resolución "
                                                 f"({long_date(resolved)})."})


@service_handler("access_request.record_appeal_outcome")
def record_appeal_outcome(call: ServiceCall, params: dict) -> dict:
    session = call.session
    request = request_of(call)
    appeal = _appeal_of(call)
    resolved = _day(call.data["fecha_resolucion"])
    complied = _day(call.data.get("fecha_cumplimiento"))
    if resolved < appeal.filed_on:
        raise FormInvalid({"fecha_resolucion": "La resolución no puede ser anterior a la presentación del recurso."})
    _complied_after(resolved, complied)
    appeal.resolution, appeal.resolved_on, appeal.complied_on = call.data["resolucion"], resolved, complied
    tz_name = session.get(Organization, call.organization_id).timezone
    outcome = appeal.outcome
    if appeal.resolution_deadline_id:
        deadlines.close(session, call.actor, session.get(Deadline, appeal.resolution_deadline_id),
                        f"El órgano garante {outcome}.", met_at=met_on(resolved, tz_name))
    if appeal.resolution in ORDERS_COMPLIANCE and complied is None:
        # The body must comply in the term the resolution sets: the request stays open until it does.
        term = open_term(call, request, DeadlineKind.RECURSO, "resolucion_recurso",
                         f"Cumplimiento de la resolución del recurso {appeal.number}", starts_after=resolved,
                         days=call.data["dias_cumplimiento"], responsible_user_id=call.actor.user_id,
                         basis=f"Resolución del recurso {appeal.number} del órgano garante",
                         rule_if_missing=GARANTE_RESOLUTION)
        appeal.compliance_deadline_id = term.id
        log_step(call, "solicitud.recurso_resuelto", f"El órgano garante {outcome} (recurso {appeal.number}); "
                 f"debe cumplirse a más tardar el {long_date(term.due_on)}", after={"resolucion": appeal.resolution})
        return {"resolucion": appeal.resolution, "cumplir": True, "cumplimiento_plazo_id": term.id,
                "cumplimiento_vence": term.due_on.isoformat(), "cumplimiento_vence_en": term.due_at.isoformat()}
    request.status, request.closed_at = RequestStatus.CONCLUDED, utcnow()
    log_step(call, "solicitud.recurso_resuelto", f"El órgano garante {outcome} (recurso {appeal.number})",
             after={"resolucion": appeal.resolution, "cumplimiento": complied})
    return {"resolucion": appeal.resolution, "cumplir": False}


@service_handler("access_request.record_compliance")
def record_compliance(call: ServiceCall, params: dict) -> dict:
    """The body complied with the garante's resolution: the request concludes."""
    session = call.session
    request = request_of(call)
    appeal = _appeal_of(call)
    complied = _day(call.data["fecha_cumplimiento"])
    _complied_after(appeal.resolved_on, complied)
    appeal.complied_on = complied
    term = session.get(Deadline, appeal.compliance_deadline_id)
    deadlines.close(session, call.actor, term, "Se cumplió la resolución del órgano garante.",
                    met_at=met_on(complied, session.get(Organization, call.organization_id).timezone))
    request.status, request.closed_at = RequestStatus.CONCLUDED, utcnow()
    log_step(call, "solicitud.recurso_cumplido", f"Cumplió la resolución del recurso {appeal.number} el "
             f"{long_date(complied)}", after={"cumplimiento": call.data.get("cumplimiento", "")})
    return {"cumplida": complied.isoformat(), "a_tiempo": not term.met_late}
