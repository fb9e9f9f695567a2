"""Oficialía de partes: register a received document, list, detail, statistics and the public lookup."""

from datetime import date, datetime
from typing import Any

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import State, UploadFile
from litestar.exceptions import PermissionDeniedException
from litestar.response import Redirect, Template
from sqlmodel import Session, select

from engine import files, sent_forms
from engine.accounts import Actor, Role
from engine import clock
from engine.clock import to_local, today_in, utcnow
from engine.db import reading, transaction
from engine.forms import FormInvalid, date_problem, validate_form
from engine.settings import Settings
from engine.tenancy import Organization
from web import resubmission
from web.periods import asked_year
from web.uploads import not_kept, sent_file, store_upload
from workflows import correspondence
from workflows.access_request import detail as request_detail
from workflows.access_request.handlers import converted_into
from workflows.correspondence import queries, statistics
from workflows.correspondence.capture import LATE_AFTER_DAYS
from workflows.correspondence.forms import RegisterForm
from workflows.correspondence.models import Correspondence, CorrespondenceStatus
from workflows.correspondence.turn_form import turn_due
from engine.tenancy import active_areas

REGISTRARS = queries.FULL_VIEW


def _require_registrar(actor: Actor) -> None:
    if not actor.roles & REGISTRARS:
        raise PermissionDeniedException("Solo la oficialía de partes o la administración pueden hacer esto.")


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def _organization(session: Session, actor: Actor) -> Organization:
    return session.get(Organization, actor.organization_id)


# -- registering a received document -----------------------------------------------------------

class InvalidRegistration(Exception):
    def __init__(self, errors: dict[str, str], values: dict[str, Any]):
        super().__init__("registro inválido")
        self.errors, self.values = errors, values


def _new_form_page(actor: Actor, values: dict, errors: dict, status: int = 200) -> Template:
    return Template("correspondence/new.html", context={"actor": actor, "values": values, "errors": errors,
                                                        "late_capture_days": LATE_AFTER_DAYS}, status_code=status)


# Async on purpose: Litestar 2.25 registers every handler of a path again when another handler joins
# that path (here the POST), and a sync_to_thread handler wrapped twice returns an unawaited coroutine.
@get("/correspondencia/nueva")
async def new_document_page(state: State, actor: Actor) -> Template:
    _require_registrar(actor)
    now = to_local(utcnow(), actor.timezone)
    return _new_form_page(actor, {"fecha_recepcion": now.date().isoformat(),
                                  "hora_recepcion": now.strftime("%H:%M"), "fojas": "1",
                                  resubmission.FIELD: resubmission.new_key()}, {})


def _read_registration(form) -> tuple[dict[str, Any], UploadFile | None]:
    values: dict[str, Any] = {}
    for name in RegisterForm.model_fields:
        raw = form.get(name)
        if isinstance(raw, str) and raw.strip():
            values[name] = raw.strip()
    return values, sent_file(form, "archivo_id")


def _register(state: State, settings: Settings, actor: Actor, form) -> int:
    """Check the file and the form first, then store the file and start the process in one transaction."""
    values, upload = _read_registration(form)
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
        validate_form(RegisterForm, payload, now=now)
    except FormInvalid as exc:
        errors = {**exc.errors, **errors}
    if errors:
        raise InvalidRegistration(errors, values)
    with transaction(state.engine) as session:
        sent = sent_forms.claim(session, actor.organization_id, form.get(resubmission.FIELD))
        if upload is not None:
            try:
                stored = store_upload(session, settings, actor, upload, kind="escaneo", title="Documento escaneado")
            except files.UploadRejected as exc:
                raise InvalidRegistration({"archivo_id": str(exc)}, values) from None
            payload["archivo_id"] = stored.id
        try:
            instance = correspondence.register(session, actor, validate_form(RegisterForm, payload, now=now))
        except FormInvalid as exc:
            raise InvalidRegistration(exc.errors, values) from None
        item_id = session.exec(select(Correspondence.id).where(
            Correspondence.instance_id == instance.id,
            Correspondence.organization_id == actor.organization_id)).one()
        sent_forms.record(session, sent, item_id)
        return item_id


@post("/correspondencia/nueva")
async def register_document(request: Request, state: State, settings: Settings, actor: Actor) -> Response:
    _require_registrar(actor)
    form = await request.form()
    key = form.get(resubmission.FIELD)
    try:
        item_id = await to_thread.run_sync(_register, state, settings, actor, form)
    except sent_forms.SentAlready as sent:
        return Redirect(f"/correspondencia/{sent.registered_id}?registrado=ya", status_code=303)
    except InvalidRegistration as exc:
        # 422 is swapped by htmx too; the page shows each message beside its field.
        return _new_form_page(actor, {**exc.values, resubmission.FIELD: key},
                              not_kept({"archivo_id": sent_file(form, "archivo_id")}, exc.errors), status=422)
    finally:
        for value in form.values():
            if isinstance(value, UploadFile):
                await value.close()
    return Redirect(f"/correspondencia/{item_id}?registrado=1", status_code=303)


# -- the turn form's due date ------------------------------------------------------------------

@get("/correspondencia/turno/vencimiento", sync_to_thread=True)
def turn_due_preview(db: Session, actor: Actor, fecha_limite: str | None = None) -> Template:
    """The day a turn given now with that due date really ends: the turn form asks as the date is
    picked, so a día inhábil is told before saving, not found later in the history."""
    _require_registrar(actor)
    context: dict[str, Any] = {"message": "Elija la fecha límite para ver cuándo vence el turno."}
    try:
        picked = date.fromisoformat(fecha_limite or "")
    except ValueError:
        return Template("correspondence/_turn_due.html", context=context)
    today = today_in(actor.timezone)
    if picked < today:
        context["message"] = "La fecha límite no puede ser anterior a hoy."
    elif problem := date_problem(picked, today):
        context["message"] = problem  # as the turn form refuses it
    else:
        context = {"term": turn_due(db, actor.organization_id, picked)}
    return Template("correspondence/_turn_due.html", context={"actor": actor, **context})


# -- list and detail ---------------------------------------------------------------------------

@get("/correspondencia", sync_to_thread=True)
def list_page(request: Request, db: Session, actor: Actor, estado: str | None = None, anio: str | None = None,
              area: str | None = None, texto: str | None = None, pagina: str | None = None) -> Template:
    filters = queries.Filters.parse(estado, anio, area, texto)
    result = queries.visible_items(db, actor, filters, page=_int_or_none(pagina) or 1)
    full_view = queries.sees_everything(actor)
    areas = active_areas(db, actor.organization_id)
    if not full_view:
        areas = [a for a in areas if a.id in actor.area_ids()]
    context = {"actor": actor, "result": result, "filters": filters, "areas": areas,
               "years": queries.years_with_items(db, actor.organization_id),
               "statuses": list(CorrespondenceStatus), "can_register": full_view}
    if request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "tabla-correspondencia":
        return Template("correspondence/_table.html", context=context)
    return Template("correspondence/list.html", context=context)


@get("/correspondencia/{item_id:int}", sync_to_thread=True)
def detail_page(db: Session, actor: Actor, item_id: int, registrado: str | None = None) -> Template:
    found = queries.detail(db, actor, item_id)
    return Template("correspondence/detail.html", context={
        "actor": actor, "found": found, "item": found.item, "just_registered": registrado == "1",
        "converted_into": converted_into(db, found.item), "may_convert": Role.TRANSPARENCIA in actor.roles,
        "sent_again": registrado == "ya",
        "timezone": _organization(db, actor).timezone})


# -- statistics --------------------------------------------------------------------------------

@get("/correspondencia/estadisticas", sync_to_thread=True)
def statistics_page(db: Session, actor: Actor, anio: str | None = None) -> Template:
    _require_registrar(actor)
    organization = _organization(db, actor)
    today = today_in(organization.timezone)
    notice = ""
    try:
        year = asked_year(anio, today)
    except ValueError as error:
        year, notice = None, f"{error} Se muestra {today.year}."
    stats = statistics.statistics_for(db, organization, year, today)
    charts = {
        "dia": {"etiquetas": [_day_label(c.label) for c in stats.per_day], "valores": [c.count for c in stats.per_day]},
        "mes": {"etiquetas": [c.label for c in stats.per_month], "valores": [c.count for c in stats.per_month]},
        "anio": {"etiquetas": [c.label for c in stats.per_year], "valores": [c.count for c in stats.per_year]},
        "area": {"etiquetas": [c.label for c in stats.areas], "valores": [c.count for c in stats.areas]},
        "tema": {"etiquetas": [c.label for c in stats.topics], "valores": [c.count for c in stats.topics]},
        "canal": {"etiquetas": [c.label for c in stats.channels], "valores": [c.count for c in stats.channels]},
        "resultado": {"etiquetas": [c.label for c in stats.turn_results],
                      "valores": [c.count for c in stats.turn_results]},
        "estado": {"etiquetas": ["Abiertos", "Concluidos"],
                   "valores": [stats.status["abiertos"], stats.status["concluidos"]]},
    }
    return Template("correspondence/statistics.html", context={"actor": actor, "stats": stats, "charts": charts,
                                                               "notice": notice})


def _day_label(iso_day: str) -> str:
    day = datetime.fromisoformat(iso_day)
    return f"{day.day:02d}/{day.month:02d}"


# -- public lookup -----------------------------------------------------------------------------

@get("/consulta", sync_to_thread=True)
def public_lookup(state: State, folio: str | None = None, organizacion: str | None = None) -> Template:
    """Anyone may look up a document's or a request's folio: status and dates, never content or sender."""
    asked = queries.normalize_folio(folio)
    context: dict[str, Any] = {"folio": asked, "organizacion": (organizacion or "").strip().lower()[:60],
                               "lookup": None}
    if not asked:
        return Template("correspondence/public.html", context=context)
    with reading(state.engine) as session:
        lookup = queries.public_status(session, asked, context["organizacion"] or None)
        if lookup.status is None and not lookup.choices:
            # Not a correspondence folio: a request's folio (or its PNT folio) shows its status and dates.
            lookup = request_detail.public_status(session, asked, context["organizacion"] or None)
    context["lookup"] = lookup
    status = 404 if lookup.status is None and not lookup.choices else 200
    return Template("correspondence/public.html", context=context, status_code=status)


ROUTES: list = [new_document_page, register_document, turn_due_preview, list_page, detail_page, statistics_page,
                public_lookup]
