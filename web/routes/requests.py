"""Solicitudes de acceso y ARCO: the list with its filters and exports, saved filters, detail, registration."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import State, UploadFile
from litestar.exceptions import PermissionDeniedException
from litestar.response import Redirect, Template
from pydantic import BaseModel
from sqlalchemy import bindparam
from sqlmodel import Session, select

from engine import audit, files, inbox, sent_forms
from engine.accounts import Actor, Role
from engine import clock
from engine.business_calendar import BusinessCalendar
from engine.calculator import why_received_later
from engine.clock import to_local, today_in, utcnow
from engine.db import reading, transaction
from engine.documents import long_date
from engine.deadlines import (Deadline, DeadlineKind, DeadlineStatus, Foreseen, deadlines_of, foresee,
                              foresee_restart)
from engine.forms import FormInvalid, hour_of_day, validate_form
from engine.legal_calendar import calendar_for
from engine.processes import ProcessInstance
from engine.rule_sets import UnknownRule, rule_set_code_in_force
from engine.runtime import NotFound, runtime
from engine.settings import Settings
from engine.tenancy import Organization, active_areas
from web import resubmission
from web.deps import run_reads
from web.routes.deadlines import may_see
from web.routes.request_statistics import READERS as STATISTICS_READERS
from web.routes.instances import diagram_response
from web.uploads import not_kept, sent_file, store_upload
from workflows.access_request import (appeal_extension, conversion, detail, late_appeal, list_export, page_actions,
                                      payment, queries, register_request, unanswered_appeal)
from workflows.access_request.analysis import LATE_PREVENTION, analysis_limits
from workflows.access_request.forms import RegisterRequestForm, received_before_the_law
from workflows.access_request.handlers import SUBJECT_TYPE, desahogo_refusal
from workflows.access_request.oficio_numbering import oficio_date_refusal
from workflows.access_request.prevention import prevention_forecast
from workflows.access_request.reception import calendar_of
from workflows.access_request.list_filters import DUE_FILTERS, SORTS, Filters, int_or_none
from workflows.access_request.models import (RequestChannel, RequestKind, RequestStatus, SavedFilter,
                                             TransparencyRequest)
from workflows.arco_request import effectiveness, register_arco_request
from workflows.arco_request.forms import RegisterArcoForm
from workflows.correspondence import queries as correspondence_queries
from workflows.correspondence.models import Correspondence

REGISTRARS = {Role.TRANSPARENCIA}
_log = logging.getLogger("pleno.web")
EXPORT_TYPES = {"csv": "text/csv",  # Litestar adds «; charset=utf-8» to a text type
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _require_list(actor: Actor) -> None:
    if not (queries.sees_everything(actor) or queries.enlace_areas(actor)):
        raise PermissionDeniedException("Las solicitudes las atienden la Unidad de Transparencia, el Comité, "
                                        "la Dirección Jurídica y los enlaces de las áreas.")


def _require_registrar(actor: Actor) -> None:
    if not actor.roles & REGISTRARS:
        raise PermissionDeniedException("Solo la Unidad de Transparencia registra solicitudes.")


# -- list ----------------------------------------------------------------------------------------

_saved = SavedFilter.__table__
_SAVED = (select(_saved.c.id, _saved.c.name, _saved.c.query).where(_saved.c.user_id == bindparam("user_id"))
          .order_by(_saved.c.name))


def _saved_filters(session: Session, actor: Actor) -> list:
    """(id, name, query) of the person's saved filters: read on every list page."""
    if actor.user_id is None:
        return []
    return list(session.connection().execute(_SAVED, {"user_id": actor.user_id}).all())


@get("/solicitudes")
async def list_page(request: Request, db: Session, actor: Actor) -> Template:
    _require_list(actor)
    context = await run_reads(db, _list_context, request, db, actor)
    if request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "tabla-solicitudes":
        return Template("requests/_table.html", context=context)
    return Template("requests/list.html", context=context)


def _filter_notice(request: Request) -> dict[str, Any] | None:
    """What became of the filter just saved (not saved and why, or another one of that name
    replaced), shown once (a reload does not repeat it)."""
    notice = request.session.get(FILTER_NOTICE_KEY) if "session" in request.scope else None
    if not notice:
        return None
    request.set_session({k: v for k, v in request.session.items() if k != FILTER_NOTICE_KEY})
    # A session written before notices said whether they were errors held only the text of one.
    return notice if isinstance(notice, dict) else {"texto": str(notice), "error": True}


def _notify_filter(request: Request, text: str, error: bool) -> None:
    request.set_session({**request.session, FILTER_NOTICE_KEY: {"texto": text, "error": error}})


def _list_context(request: Request, db: Session, actor: Actor) -> dict[str, Any]:
    filters = Filters.parse(request.query_params)
    page = int_or_none(request.query_params.get("pagina")) or 1
    result = queries.request_list(db, actor, filters, page=page)
    areas = active_areas(db, actor.organization_id)
    if not queries.sees_everything(actor):
        own = queries.enlace_areas(actor)
        areas = [a for a in areas if a.id in own]
    years = queries.years_to_filter(today_in(actor.timezone))
    return {"actor": actor, "result": result, "filters": filters, "query": filters.query_string(),
            "area_options": [(area_id, name) for area_id, _, name in areas], "year_options": [(y, y) for y in years],
            "kinds": list(RequestKind), "statuses": list(RequestStatus), "channels": list(RequestChannel),
            "due_filters": DUE_FILTERS, "sorts": SORTS,
            "saved": _saved_filters(db, actor), "filter_notice": _filter_notice(request),
            "can_register": bool(actor.roles & REGISTRARS),
            "can_see_statistics": bool(actor.roles & STATISTICS_READERS)}


@get("/solicitudes/exportar", sync_to_thread=True)
def export_list(request: Request, db: Session, actor: Actor, formato: str = "csv") -> Response:
    _require_list(actor)
    if formato not in EXPORT_TYPES:
        raise NotFound("Formato de exportación desconocido: use csv o xlsx.")
    header, rows, cut = list_export.export_rows(db, actor, Filters.parse(request.query_params),
                                                actor.timezone)
    content = list_export.as_csv(header, rows) if formato == "csv" else list_export.as_xlsx(
        header, rows, db.get(Organization, actor.organization_id).name)
    filename = f"solicitudes-{to_local(utcnow(), actor.timezone):%Y%m%d-%H%M}.{formato}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store",
               "X-Content-Type-Options": "nosniff"}
    if cut:
        headers["X-Pleno-Recortado"] = str(list_export.EXPORT_CAP)
    return Response(content, media_type=EXPORT_TYPES[formato], headers=headers)


# -- saved filters -------------------------------------------------------------------------------

FILTER_NOTICE_KEY = "aviso_filtro"

def _save_filter(state: State, actor: Actor, name: str, query: str) -> tuple[str, bool]:
    """The query kept and whether it replaced another filter of that name (then the person is told:
    the name stays, the criteria saved before under it are gone)."""
    # Only what the list understands is kept, so a saved filter is always a valid link.
    query = Filters.parse(dict(parse_qsl(query.lstrip("?")))).query_string()
    with transaction(state.engine) as session:
        saved = session.exec(select(SavedFilter).where(SavedFilter.user_id == actor.user_id,
                                                       SavedFilter.name == name)).first()
        if saved is None:
            session.add(SavedFilter(user_id=actor.user_id, name=name, query=query))
            return query, False
        replaced = saved.query != query
        saved.query = query
    return query, replaced


@post("/solicitudes/filtros")
async def save_filter(request: Request, state: State, actor: Actor) -> Response:
    _require_list(actor)
    form = await request.form()
    name = " ".join(str(form.get("nombre") or "").split())[:80]
    query = str(form.get("consulta") or "")[:1000]
    if name:
        query, replaced = await to_thread.run_sync(_save_filter, state, actor, name, query)
        if replaced:
            _notify_filter(request, f"El filtro «{name}» ya existía: ahora guarda los criterios de esta lista.",
                           error=False)
    else:
        # Back to the same list (nothing lost), with the reason shown once above it.
        query = Filters.parse(dict(parse_qsl(query.lstrip("?")))).query_string()
        _notify_filter(request, "Escriba un nombre para guardar el filtro.", error=True)
    return Redirect(f"/solicitudes?{query}" if query else "/solicitudes", status_code=303)


def _delete_filter(state: State, actor: Actor, filter_id: int) -> None:
    with transaction(state.engine) as session:
        saved = session.get(SavedFilter, filter_id)
        if saved is None or saved.user_id != actor.user_id:
            raise NotFound("No existe ese filtro guardado.")
        session.delete(saved)


@post("/solicitudes/filtros/{filter_id:int}/borrar")
async def delete_filter(state: State, actor: Actor, filter_id: int) -> Response:
    await to_thread.run_sync(_delete_filter, state, actor, filter_id)
    return Redirect("/solicitudes", status_code=303)


# -- detail --------------------------------------------------------------------------------------

REGISTERED_KEY = "solicitud_registrada"
SENT_AGAIN_KEY = "solicitud_enviada_de_nuevo"
# The folios of the oficialía's documents whose turn to the Unidad the registration answered.
TURNS_ANSWERED_KEY = "turnos_atendidos_con_la_solicitud"


def _just_registered(request: Request, request_id: int, key: str = REGISTERED_KEY) -> bool:
    """Whether this page follows the registration of the request (or the same form sent again): a
    notice shown once (no query flag, so a reload or a shared link does not repeat it)."""
    if request.session.get(key) != request_id:
        return False
    request.set_session({k: v for k, v in request.session.items() if k != key})
    return True


@get("/solicitudes/{request_id:int}", sync_to_thread=True)
def detail_page(request: Request, db: Session, actor: Actor, request_id: int) -> Template:
    found = detail.request_detail(db, actor, request_id)
    instance = db.get(ProcessInstance, found.request.instance_id) if found.request.instance_id else None
    just_registered = _just_registered(request, request_id)
    turns_answered = request.session.get(TURNS_ANSWERED_KEY, []) if just_registered else []
    if TURNS_ANSWERED_KEY in request.session:
        request.set_session({k: v for k, v in request.session.items() if k != TURNS_ANSWERED_KEY})
    states, events = {}, []
    if instance is not None:
        states = runtime.inspect(db, instance).states
        events = audit.events_for(db, actor.organization_id, "proceso", instance.id)
    return Template("requests/detail.html", context={
        "actor": actor, "found": found, "item": found.request, "instance": instance, "states": states,
        "events": events, "just_registered": just_registered, "turns_answered": turns_answered,
        "sent_again": _just_registered(request, request_id, SENT_AGAIN_KEY),
        "linkable": {d.deadline.id for d in found.deadlines if may_see(actor, d.deadline)},
        # The whole expediente opens to fewer people than the request (an access request's, to the
        # Unidad and the Comité): link to it only for them.
        "expediente": instance is not None and inbox.can_view_instance(db, actor, instance),
        # The lapse of the response term matters to whoever follows the whole request, not to an area.
        "lapse": unanswered_appeal.lapse_of(db, found.request) if found.full_view else None,
        "payment": payment.payment_term(db, found.request) if found.full_view else None,
        "paid": payment.recorded_payment(db, found.request) if found.full_view else None,
        # An ARCO right whose costs went unpaid: the window's lapse ended the obligation to make it effective.
        "unpaid": payment.lapsed_unpaid(db, found.request) if found.full_view else None,
        "today": today_in(actor.timezone),
        # The Unidad records a payment, a recurso or the garante's extension and issues the acuse from this page.
        "unidad_records": page_actions.may_record(actor),
        "extendable_appeal": appeal_extension.extendable_appeal(db, found.request)
        if page_actions.may_record(actor) else None,
        # A concluded request whose window to appeal closed: the garante may still notify a recurso filed in it.
        "closed_window": late_appeal.closed_window_of(db, found.request) if page_actions.may_record(actor) else None,
        # An ARCO request imported already answered has no task to make the right effective: the Unidad records it here.
        "effectiveness": effectiveness.pending_term(db, found.request) if page_actions.may_record(actor) else None})


@get("/solicitudes/{request_id:int}/diagrama.bpmn", sync_to_thread=True)
def request_diagram(db: Session, actor: Actor, request_id: int) -> Response:
    """The process diagram, for whoever may see the request (an enlace may not see the whole expediente)."""
    request = detail.request_for(db, actor, request_id)
    instance = db.get(ProcessInstance, request.instance_id) if request.instance_id else None
    if instance is None:
        raise NotFound("Esta solicitud no tiene un proceso en la plataforma.")
    return diagram_response(db, instance)


# -- registration --------------------------------------------------------------------------------

class InvalidRegistration(Exception):
    def __init__(self, errors: dict[str, str], values: dict[str, Any]):
        super().__init__("registro inválido")
        self.errors, self.values = errors, values


@dataclass(frozen=True)
class Registration:
    """What registering one kind of request takes: its form, its process and its fields' template."""

    title: str
    form: type[BaseModel]
    start: Callable[..., ProcessInstance]
    fields: str


REGISTRATIONS = {
    "acceso": Registration("Nueva solicitud de acceso a la información", RegisterRequestForm, register_request,
                           "forms/access_request/register.html"),
    "arco": Registration("Nueva solicitud de derechos ARCO", RegisterArcoForm, register_arco_request,
                         "forms/arco_request/register.html"),
}


def _kind_of(raw: Any) -> str:
    return raw if raw in REGISTRATIONS else "acceso"


def _office_closes(state: State, actor: Actor) -> str:
    """"18:00": from that hour on, a filing counts as received the next día hábil (the form says so)."""
    with reading(state.engine) as session:
        return session.get(Organization, actor.organization_id).office_closes.strftime("%H:%M")


def _new_form_page(actor: Actor, values: dict, errors: dict, office_closes: str, status: int = 200,
                   kind: str = "acceso") -> Template:
    return Template("requests/new.html", context={"actor": actor, "values": values, "errors": errors, "kind": kind,
                                                  "registration": REGISTRATIONS[kind], "kinds": REGISTRATIONS,
                                                  "office_closes": office_closes},
                    status_code=status)


def _initial_values(state: State, actor: Actor, params) -> dict[str, Any]:
    """Today's date and hour; from a correspondence item, its folio, its reception and its sender."""
    with reading(state.engine) as session:
        tz_name = actor.timezone
        received = to_local(utcnow(), tz_name)
        values: dict[str, Any] = {"tipo_solicitante": "nombre"}
        channel = params.get("canal")
        if channel in RequestChannel._value2member_map_:
            values["canal"] = channel
        folio = "".join((params.get("folio_correspondencia") or "").split()).upper()[:60]
        if folio:
            values["folio_correspondencia"] = folio
            item = session.exec(select(Correspondence).where(
                Correspondence.organization_id == actor.organization_id, Correspondence.folio == folio)).first()
            # The sender's data only to whom the document was turned, as on its own page.
            if item is not None and correspondence_queries.may_see(session, actor, item):
                received = to_local(item.received_at, tz_name)
                values["nombre"] = item.sender_name
                values.setdefault("canal", RequestChannel.OFICIALIA.value)
        values["fecha_recepcion"] = received.date().isoformat()
        values["hora_recepcion"] = received.strftime("%H:%M")
        return values


# Async on purpose, like /correspondencia/nueva: a GET and a POST on one path.
@get("/solicitudes/nueva")
async def new_request_page(request: Request, state: State, actor: Actor) -> Template:
    _require_registrar(actor)
    values = await to_thread.run_sync(_initial_values, state, actor, request.query_params)
    closes = await to_thread.run_sync(_office_closes, state, actor)
    return _new_form_page(actor, {**values, resubmission.FIELD: resubmission.new_key()}, {}, closes,
                          kind=_kind_of(request.query_params.get("tipo")))


def _said(message: str) -> Template:
    return Template("requests/_term_preview.html", context={"message": message})


def _foreseen(calendar: BusinessCalendar, foreseen: Foreseen, day: date, hour: time | None, received: str,
              again: bool = False) -> Template:
    """The foreseen term, saying why the day it counts from moved (after closing time, an inhábil day, a
    suspension of plazos) as the acuse and the calculadora say it."""
    moved = None
    if foreseen.received_on != day:
        filed = datetime.combine(day, hour, tzinfo=ZoneInfo(calendar.timezone)) if hour is not None else day
        why = why_received_later(calendar, filed)
        moved = f"llegó a las {hour:%H:%M}, {why}" if hour is not None else f"llegó {why}"
    return Template("requests/_term_preview.html", context={"foreseen": foreseen, "moved": moved,
                                                            "received": received, "again": again})


@get("/solicitudes/nueva/plazo", sync_to_thread=True)
def term_preview(db: Session, actor: Actor, tipo: str | None = None, fecha_recepcion: str | None = None,
                 hora_recepcion: str | None = None) -> Template:
    """The response term the registration form would open, counted as registration counts it: the
    form asks for it as its date and hour of reception are typed, so the last day is read before saving."""
    _require_registrar(actor)
    try:
        day, hour = date.fromisoformat(fecha_recepcion or ""), hour_of_day(hora_recepcion or "")
    except ValueError:
        return _said("Escriba la fecha y la hora de recepción para ver cuándo vence el plazo de respuesta.")
    filed = datetime.combine(day, hour, tzinfo=ZoneInfo(actor.timezone))
    if filed > utcnow():
        return _said("La fecha y hora de recepción son posteriores a este momento: revíselas.")
    procedure = _kind_of(tipo)
    before_the_law = received_before_the_law(procedure, day)
    if before_the_law:
        return _said(before_the_law)  # as the form will refuse it, not a term under a law not yet in force
    # The law registering would apply: the one in force that day (access_request.handlers.register_as).
    code = rule_set_code_in_force(db, actor.organization_id, procedure, day)
    try:
        foreseen = foresee(db, actor.organization_id, procedure, "respuesta", filed, code)
    except UnknownRule:
        return _said("No hay reglas de plazos para este procedimiento: configúrelas en Administración.")
    return _foreseen(calendar_for(db, actor.organization_id, procedure, code), foreseen, day, hour,
                     "Se tiene por recibida")


@get("/solicitudes/{request_id:int}/plazo-tras-desahogo", sync_to_thread=True)
def term_after_desahogo(db: Session, actor: Actor, request_id: int, fecha_desahogo: str | None = None,
                        hora_desahogo: str | None = None) -> Template:
    """The response term a desahogo of that day (and hour) would restart, as the desahogo form's
    date and hour are typed: counted as engine.deadlines.restart counts it."""
    _require_registrar(actor)
    request = db.get(TransparencyRequest, request_id)
    if request is None or request.organization_id != actor.organization_id:
        raise NotFound("No existe esa solicitud.")
    response = db.get(Deadline, request.response_deadline_id) if request.response_deadline_id else None
    if response is None or response.status != DeadlineStatus.PAUSED:
        return _said("El plazo de respuesta no está en pausa: la solicitud no espera un desahogo.")
    try:
        day = date.fromisoformat(fecha_desahogo or "")
        hour = hour_of_day(hora_desahogo) if hora_desahogo else None
    except ValueError:
        return _said("Escriba la fecha del desahogo (y su hora, si la conoce) para ver cuándo vencerá el plazo "
                     "de respuesta.")
    answered_at = datetime.combine(day, hour, tzinfo=ZoneInfo(actor.timezone)) if hour is not None else None
    if day > today_in(actor.timezone) or (answered_at is not None and answered_at > utcnow()):
        return _said("La fecha y hora del desahogo son posteriores a este momento: revíselas.")
    answer_term = next((term for term in reversed(deadlines_of(db, actor.organization_id, SUBJECT_TYPE, request.folio))
                        if term.kind == DeadlineKind.DESAHOGO), None)
    refusal = answer_term and desahogo_refusal(answer_term, day, answered_at)
    if refusal:
        return _said(refusal[1])  # as the form will refuse it
    return _foreseen(calendar_of(db, request), foresee_restart(db, response, day, answered_at), day, hour,
                     "El desahogo se tiene por recibido", again=True)


@get("/solicitudes/{request_id:int}/plazo-para-desahogar", sync_to_thread=True)
def prevention_preview(db: Session, actor: Actor, request_id: int, fecha_prevencion: str | None = None,
                       fecha_desahogo: str | None = None, hora_desahogo: str | None = None) -> Template:
    """Until when the requester may answer a prevención notified that day, as the analysis form's date
    is typed; already over, that recording it closes the request unless the desahogo that came is given
    with it, and then the response term it restarts."""
    _require_registrar(actor)
    request = db.get(TransparencyRequest, request_id)
    if request is None or request.organization_id != actor.organization_id:
        raise NotFound("No existe esa solicitud.")
    response = db.get(Deadline, request.response_deadline_id) if request.response_deadline_id else None
    who = request.kind.party
    today = today_in(actor.timezone)
    limits = analysis_limits(db, request, today)
    if response is None or limits.prevented:
        return _said("Ya se previno una vez: la ley permite una sola prevención.")
    try:
        notified = date.fromisoformat(fecha_prevencion or "")
    except ValueError:
        return _said(f"Escriba la fecha en que se notificó la prevención para ver hasta cuándo puede desahogarla {who}.")
    received = to_local(request.received_at, actor.timezone).date()
    if notified > today:
        return _said("La fecha en que se notificó la prevención es posterior a hoy: revísela.")
    if notified < received:  # as start_prevention refuses it
        return _said(f"La fecha no puede ser anterior a la recepción de la solicitud ({received:%d/%m/%Y}).")
    if limits.prevent is not None and notified > limits.prevent.due_on:
        return _said(f"El plazo para prevenir venció el {long_date(limits.prevent.due_on)}: {LATE_PREVENTION}.")
    refusal = oficio_date_refusal(db, db.get(Organization, actor.organization_id), request, notified)
    if refusal is not None:  # as start_prevention refuses its oficio
        return _said(refusal)
    try:
        answered = date.fromisoformat(fecha_desahogo) if fecha_desahogo else None
        hour = hour_of_day(hora_desahogo) if answered and hora_desahogo else None
    except ValueError:
        answered, hour = None, None
    if answered is not None and answered > today:
        return _said("La fecha del desahogo es posterior a hoy: revísela.")
    answered_at = datetime.combine(answered, hour, tzinfo=ZoneInfo(actor.timezone)) if hour is not None else None
    forecast = prevention_forecast(db, request, response, notified, answered, answered_at, utcnow())
    return Template("requests/_prevention_preview.html", context={"forecast": forecast, "who": who})


def _read_registration(form, model: type[BaseModel]) -> tuple[dict[str, Any], UploadFile | None]:
    values: dict[str, Any] = {}
    for name in model.model_fields:
        raw = form.get(name)
        if isinstance(raw, str) and raw.strip():
            values[name] = raw.strip()
    return values, sent_file(form, "archivo_id")


def _register(state: State, settings: Settings, actor: Actor, form, kind: str) -> tuple[int, list[str]]:
    """Check the file and the form first, then store the file and start the process in one transaction;
    in it too, the registered document's turn to the Unidad is answered. The request's id, and the
    folios of the documents whose turn was answered."""
    registration = REGISTRATIONS[kind]
    values, upload = _read_registration(form, registration.form)
    payload = {k: v for k, v in values.items() if k != "archivo_id"}
    now = clock.now_in(actor.timezone)  # the organization's clock: both checks below use the same one
    errors: dict[str, str] = {}
    if upload is not None:
        try:
            files.check_upload(settings, upload.filename, upload.file.read(settings.max_upload_bytes + 1))
        except files.UploadRejected as exc:
            errors["archivo_id"] = str(exc)
        upload.file.seek(0)
    try:
        validate_form(registration.form, payload, now=now)
    except FormInvalid as exc:
        errors = {**exc.errors, **errors}
    if errors:
        raise InvalidRegistration(errors, values)
    with transaction(state.engine) as session:
        sent = sent_forms.claim(session, actor.organization_id, form.get(resubmission.FIELD))
        if upload is not None:
            stored = store_upload(session, settings, actor, upload, kind="solicitud", title="Escrito de solicitud")
            payload["archivo_id"] = stored.id
        try:
            instance = registration.start(session, actor, validate_form(registration.form, payload, now=now))
        except FormInvalid as exc:
            raise InvalidRegistration(exc.errors, values) from None
        registered = session.exec(select(TransparencyRequest).where(
            TransparencyRequest.instance_id == instance.id,
            TransparencyRequest.organization_id == actor.organization_id)).first()
        if registered is None:
            # As on /correspondencia/nueva: the program's error goes to the log, not to the page.
            _log.error("No se pudo registrar la solicitud: %s", instance.error_message)
            raise InvalidRegistration({"__all__": "No se pudo registrar la solicitud y no se guardó nada. Intente "
                                                  "de nuevo; si vuelve a ocurrir, avise a la administración."}, values)
        sent_forms.record(session, sent, registered.id)
        return registered.id, conversion.answer_turns_with_request(session, actor, registered)


@post("/solicitudes/nueva")
async def register_new_request(request: Request, state: State, settings: Settings, actor: Actor) -> Response:
    _require_registrar(actor)
    form = await request.form()
    kind = _kind_of(form.get("tipo"))
    key = form.get(resubmission.FIELD)
    try:
        request_id, turns_answered = await to_thread.run_sync(_register, state, settings, actor, form, kind)
    except sent_forms.SentAlready as sent:
        request.set_session({**request.session, SENT_AGAIN_KEY: sent.registered_id})
        return Redirect(f"/solicitudes/{sent.registered_id}", status_code=303)
    except InvalidRegistration as exc:
        closes = await to_thread.run_sync(_office_closes, state, actor)
        return _new_form_page(actor, {**exc.values, resubmission.FIELD: key},
                              not_kept({"archivo_id": sent_file(form, "archivo_id")}, exc.errors), closes, status=422,
                              kind=kind)
    finally:
        for value in form.values():
            if isinstance(value, UploadFile):
                await value.close()
    request.set_session({**request.session, REGISTERED_KEY: request_id, TURNS_ANSWERED_KEY: turns_answered})
    return Redirect(f"/solicitudes/{request_id}", status_code=303)


ROUTES: list = [list_page, export_list, save_filter, delete_filter, detail_page, request_diagram, new_request_page,
                term_preview, term_after_desahogo, prevention_preview, register_new_request]
