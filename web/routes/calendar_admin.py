"""Administration of the legal calendar: office hours, días inhábiles, suspensions of plazos, imports.

Every change goes through engine.calendar_overlay, which recomputes the open deadlines it moves;
the page then lists them ("Se recalcularon N plazos") so the administrator sees the consequence.
Rule sets and alert policies have their pages in web.routes.rules_admin.
"""

from datetime import date, time
from functools import cache
from typing import Annotated, Any
from zoneinfo import available_timezones

from litestar import Router, get, post
from litestar.datastructures import State, UploadFile
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template
from pydantic import BaseModel, Field, ValidationInfo, field_validator
from sqlmodel import Session, select

from engine import files
from engine.accounts import Actor
from engine.business_calendar import WEEKDAY_NAMES
from engine.calendar_import import MAX_BYTES, ImportRejected, parse_upload
from engine.calendar_overlay import (Imported, OverlayError, change_office_hours, change_suspension_end,
                                     declare_imported, declare_non_working, declare_suspension, imported_text,
                                     left_alone, lift_suspension, remove_non_working)
from engine.clock import today_in
from engine.db import reading, transaction
from engine.deadlines import Moved
from engine.documents import long_date
from engine.forms import BlankIsNone, FormDate, FormInvalid, LocalTime, validate_form
from engine.holiday_lists import holiday_lists, holidays_in
from engine.legal_calendar import NonWorkingDay, Suspension, SuspensionScope, weekend_days
from engine.rule_sets import Procedure, rule_set_for
from engine.settings import Settings
from engine.tenancy import Organization
from web import form_versions
from web.periods import PLANNING_YEARS_AHEAD, shown_year
from web.routes.admin import FormData, own, require_admin

MultipartData = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]

WEEKDAYS = [(str(number), name.capitalize()) for number, name in enumerate(WEEKDAY_NAMES)]
SCOPES = [(scope.value, scope.label) for scope in SuspensionScope]
RANGE_ERROR = "La fecha final no puede ser anterior a la inicial."

# Two administrators editing at once (web/form_versions.py).
STALE_HOURS = ("Otra persona modificó el horario mientras usted lo editaba; no se recalculó ningún plazo."
               + form_versions.AGAIN)
STALE_SUSPENSION = ("Otra persona modificó esta suspensión mientras usted la editaba; no se recalculó ningún plazo."
                    + form_versions.AGAIN)
HOURS_LABELS = {"zona_horaria": "Zona horaria", "abre": "Hora de apertura", "cierra": "Hora de cierre",
                "descanso": "Días de descanso"}
SUSPENSION_LABELS = {"hasta": "Último día de la suspensión"}


@cache
def american_timezones() -> list[str]:
    return sorted(zone for zone in available_timezones() if zone.startswith("America/"))


# -- forms --------------------------------------------------------------------------------------


class HoursForm(BaseModel):
    zona_horaria: str
    abre: LocalTime
    cierra: LocalTime
    descanso: list[int] = []

    @field_validator("zona_horaria")
    @classmethod
    def american_zone(cls, value: str) -> str:
        if value not in american_timezones():
            raise ValueError("Elija una zona horaria de la lista (p. ej. America/Mexico_City).")
        return value

    @field_validator("cierra")
    @classmethod
    def after_opening(cls, value: time, info: ValidationInfo) -> time:
        if "abre" in info.data and value <= info.data["abre"]:
            raise ValueError("La hora de cierre debe ser posterior a la de apertura.")
        return value

    @field_validator("descanso", mode="before")
    @classmethod
    def checkbox_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("descanso")
    @classmethod
    def some_business_day(cls, value: list[int]) -> list[int]:
        if any(day not in range(7) for day in value):
            raise ValueError("Elija días de la semana de la lista.")
        if len(set(value)) == 7:
            raise ValueError("Debe quedar al menos un día hábil a la semana.")
        return value


class NonWorkingForm(BaseModel):
    desde: FormDate
    hasta: Annotated[FormDate | None, BlankIsNone] = None
    motivo: str = Field(min_length=3, max_length=250)
    acuerdo: str = Field(default="", max_length=250)

    @field_validator("hasta")
    @classmethod
    def not_before_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is not None and "desde" in info.data and value < info.data["desde"]:
            raise ValueError(RANGE_ERROR)
        return value


class SuspensionEndForm(BaseModel):
    hasta: FormDate
    acuerdo: str = Field(min_length=3, max_length=250)


class SuspensionForm(BaseModel):
    desde: FormDate
    hasta: FormDate
    alcance: SuspensionScope = SuspensionScope.ALL
    acuerdo: str = Field(min_length=3, max_length=250)

    @field_validator("hasta")
    @classmethod
    def not_before_start(cls, value: date, info: ValidationInfo) -> date:
        if "desde" in info.data and value < info.data["desde"]:
            raise ValueError(RANGE_ERROR)
        return value


def _validate(model: type[BaseModel], data: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    try:
        return validate_form(model, data), {}
    except FormInvalid as exc:
        return None, dict(exc.errors)


def _text_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The typed fields of a multipart form (files left out), to show back in the form."""
    return {key: value for key, value in data.items() if not isinstance(value, UploadFile)}


def _upload(data: dict[str, Any], name: str, limit: int) -> tuple[str, bytes] | None:
    """(filename, content) of an uploaded file, read up to one byte past the limit; None when absent."""
    upload = data.get(name)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    try:
        return upload.filename, upload.file.read(limit + 1)
    finally:
        upload.file.close()


# -- pages ----------------------------------------------------------------------------------------


def _page(name: str, admin: Actor, status: int = 200, **context: Any) -> Template:
    return Template(f"admin/{name}.html", context={"actor": admin, **context}, status_code=status)


def _moved_notice(moved: list[Moved]) -> str:
    if len(moved) == 1:
        return "Se recalculó 1 plazo."
    return f"Se recalcularon {len(moved)} plazos."


def _imported_notice(imported: Imported) -> str:
    if not imported.declared:
        return "No se importó nada: todos los días del archivo ya estaban declarados; no cambió ningún plazo."
    return f"{imported_text(len(imported.declared))}. {_moved_notice(imported.moved)}"


def _hours_values(organization: Organization) -> dict[str, Any]:
    return {"zona_horaria": organization.timezone,
            "abre": (organization.office_opens or time(8)).strftime("%H:%M"),
            "cierra": (organization.office_closes or time(18)).strftime("%H:%M"),
            "descanso": [str(day) for day in sorted(weekend_days(organization))]}


def _hours_conflict(organization: Organization, data: dict[str, Any]) -> form_versions.Conflict | None:
    names = dict(WEEKDAYS)
    rest = ", ".join(names[day] for day in _hours_values(organization)["descanso"]) or "Ninguno"
    return form_versions.conflict(data, _hours_values(organization), STALE_HOURS, HOURS_LABELS,
                                  {"descanso": rest})


def _settings_page(session: Session, admin: Actor, status: int = 200, **context: Any) -> Template:
    organization = session.get(Organization, admin.organization_id)
    context.setdefault("values", form_versions.loaded(_hours_values(organization)))
    context.setdefault("errors", {})
    return _page("calendar", admin, status, organization=organization, weekdays=WEEKDAYS,
                 zones=[(zone, zone) for zone in american_timezones()], **context)


@get("/calendario", sync_to_thread=True)
def calendar_settings(admin: Actor, db: Session) -> Template:
    return _settings_page(db, admin)


@post("/calendario", sync_to_thread=True)
def save_calendar_settings(admin: Actor, state: State, data: FormData) -> Template:
    form, errors = _validate(HoursForm, data)
    moved: list[Moved] = []
    try:
        with transaction(state.engine) as session:
            organization = session.get(Organization, admin.organization_id, with_for_update=True)
            stale = _hours_conflict(organization, data)
            if stale:
                # Checked before anything is written: a refused save recomputes no deadline.
                return _settings_page(session, admin, 409, values=stale.values, errors=errors, conflict=stale)
            if form is not None:
                moved = change_office_hours(session, admin, form.abre, form.cierra, set(form.descanso),
                                            form.zona_horaria)
    except OverlayError as exc:
        errors = {"general": str(exc)}
    with reading(state.engine) as session:
        if errors:
            return _settings_page(session, admin, 400, values=data, errors=errors)
        return _settings_page(session, admin, notice="Se guardó el horario. " + _moved_notice(moved), moved=moved)


def _base_lists(session: Session, admin: Actor, year: int) -> list[dict[str, Any]]:
    """The national holiday lists the organization's rule sets use, with the procedures under each."""
    procedures_of: dict[str, list[str]] = {}
    for procedure in Procedure:
        code = rule_set_for(session, admin.organization_id, procedure).holiday_list
        procedures_of.setdefault(code, []).append(procedure.label)
    return [{"code": code, "name": holiday_lists()[code]["name"], "procedures": labels,
             "holidays": sorted(holidays_in(code, year).items())} for code, labels in procedures_of.items()]


def _year(raw: Any, admin: Actor) -> tuple[int, str]:
    """The year asked for, or the organization's current one (not UTC's: on 31 December evening
    in Mexico, UTC is already in the new year) with the notice saying why."""
    return shown_year(None if raw is None else str(raw), today_in(admin.timezone), PLANNING_YEARS_AHEAD)


def _days_page(session: Session, admin: Actor, year: int, status: int = 200, **context: Any) -> Template:
    rows = session.exec(select(NonWorkingDay).where(
        NonWorkingDay.organization_id == admin.organization_id, NonWorkingDay.first_day <= date(year, 12, 31),
        NonWorkingDay.last_day >= date(year, 1, 1)).order_by(NonWorkingDay.first_day, NonWorkingDay.id)).all()
    this_year = today_in(admin.timezone).year
    context.setdefault("values", {})
    context.setdefault("errors", {})
    context.setdefault("import_errors", [])
    context.setdefault("year_notice", "")
    return _page("calendar_days", admin, status, year=year, days=rows, base_lists=_base_lists(session, admin, year),
                 years=sorted(set(range(this_year - 2, this_year + 3)) | {year}), **context)


@get("/calendario/inhabiles", sync_to_thread=True)
def non_working_days(admin: Actor, db: Session, anio: str | None = None) -> Template:
    year, notice = _year(anio, admin)
    return _days_page(db, admin, year, year_notice=notice)


@post("/calendario/inhabiles", sync_to_thread=True)
def add_non_working_day(admin: Actor, state: State, data: FormData) -> Template:
    form, errors = _validate(NonWorkingForm, data)
    if form is not None:
        try:
            with transaction(state.engine) as session:
                day, moved = declare_non_working(session, admin, form.desde, form.hasta or form.desde, form.motivo,
                                                 form.acuerdo)
        except OverlayError as exc:
            errors = {"general": str(exc)}
    with reading(state.engine) as session:
        if errors:
            year, notice = _year(data.get("anio"), admin)
            return _days_page(session, admin, year, 400, values=data, errors=errors, year_notice=notice)
        return _days_page(session, admin, form.desde.year, moved=moved,
                          notice=f"Se declaró inhábil: {day.describe()}. " + _moved_notice(moved))


@get("/calendario/inhabiles/{day_id:int}/eliminar", sync_to_thread=True)
def confirm_day_removal(admin: Actor, db: Session, day_id: int) -> Template:
    day = own(db, admin, NonWorkingDay, day_id)
    return _page("calendar_confirm", admin, title="Eliminar un día inhábil", what=day.describe(),
                 first=day.first_day, last=day.last_day, action=f"/admin/calendario/inhabiles/{day.id}/eliminar",
                 back=f"/admin/calendario/inhabiles?anio={day.first_day.year}")


@post("/calendario/inhabiles/{day_id:int}/eliminar", sync_to_thread=True)
def remove_day(admin: Actor, state: State, day_id: int) -> Template:
    with transaction(state.engine) as session:
        day = own(session, admin, NonWorkingDay, day_id)
        description, year = day.describe(), day.first_day.year
        moved = remove_non_working(session, admin, day)
    with reading(state.engine) as session:
        return _days_page(session, admin, year, moved=moved,
                          notice=f"Se eliminó el día inhábil: {description}. " + _moved_notice(moved))


@post("/calendario/importar", sync_to_thread=True)
def import_days(admin: Actor, state: State, data: MultipartData) -> Template:
    year, year_notice = _year(data.get("anio"), admin)
    uploaded = _upload(data, "archivo", MAX_BYTES)
    acuerdo = str(data.get("acuerdo") or "").strip()[:250]
    problems: list[str] = []
    if uploaded is None:
        problems = ["Elija el archivo .csv o .ics con los días inhábiles."]
    else:
        try:
            days = parse_upload(*uploaded)
            with transaction(state.engine) as session:
                imported = declare_imported(session, admin, days, acuerdo)
        except ImportRejected as exc:
            problems = exc.problems
        except OverlayError as exc:
            problems = [str(exc)]
    with reading(state.engine) as session:
        if problems:
            return _days_page(session, admin, year, 400, import_errors=problems, import_values=_text_fields(data),
                              year_notice=year_notice)
        shown = (imported.declared or imported.already_declared)[0].first_day.year
        return _days_page(session, admin, shown, moved=imported.moved, left_alone=left_alone(imported),
                          notice=_imported_notice(imported))


# -- suspensions of plazos ----------------------------------------------------------------------


def _suspensions_page(session: Session, admin: Actor, status: int = 200, **context: Any) -> Template:
    rows = session.exec(select(Suspension).where(Suspension.organization_id == admin.organization_id)
                        .order_by(Suspension.first_day.desc(), Suspension.id.desc())).all()
    context.setdefault("values", {"alcance": SuspensionScope.ALL.value})
    context.setdefault("errors", {})
    return _page("calendar_suspensions", admin, status, suspensions=rows, scopes=SCOPES, **context)


@get("/calendario/suspensiones", sync_to_thread=True)
def suspensions(admin: Actor, db: Session) -> Template:
    return _suspensions_page(db, admin)


@post("/calendario/suspensiones", sync_to_thread=True)
def add_suspension(admin: Actor, state: State, settings: Settings, data: MultipartData) -> Template:
    values = _text_fields(data)
    form, errors = _validate(SuspensionForm, values)
    uploaded = _upload(data, "documento", settings.max_upload_bytes)
    if uploaded is not None:
        try:
            files.check_upload(settings, *uploaded)
        except files.UploadRejected as exc:
            errors["documento"] = str(exc)
    if not errors:
        try:
            with transaction(state.engine) as session:
                stored = files.store(session, settings, admin.organization_id, "acuerdo",
                                     f"Acuerdo de suspensión de plazos {form.acuerdo}"[:200], *uploaded,
                                     created_by=admin.user_id) if uploaded else None
                suspension, moved = declare_suspension(session, admin, form.desde, form.hasta, form.alcance,
                                                       form.acuerdo, file_id=stored.id if stored else None)
        except OverlayError as exc:
            errors = {"general": str(exc)}
    with reading(state.engine) as session:
        if errors:
            return _suspensions_page(session, admin, 400, values=values, errors=errors)
        return _suspensions_page(session, admin, moved=moved, notice=f"Se declaró la suspensión de plazos "
                                 f"({suspension.scope.label.lower()}): {suspension.acuerdo}. " + _moved_notice(moved))


@get("/calendario/suspensiones/{suspension_id:int}/eliminar", sync_to_thread=True)
def confirm_suspension_removal(admin: Actor, db: Session, suspension_id: int) -> Template:
    suspension = own(db, admin, Suspension, suspension_id)
    return _page("calendar_confirm", admin, title="Eliminar una suspensión de plazos",
                 what=f"{suspension.acuerdo} ({suspension.scope.label})", first=suspension.first_day,
                 last=suspension.last_day, action=f"/admin/calendario/suspensiones/{suspension.id}/eliminar",
                 back="/admin/calendario/suspensiones")


@post("/calendario/suspensiones/{suspension_id:int}/eliminar", sync_to_thread=True)
def remove_suspension(admin: Actor, state: State, suspension_id: int) -> Template:
    with transaction(state.engine) as session:
        suspension = own(session, admin, Suspension, suspension_id)
        acuerdo = suspension.acuerdo
        moved = lift_suspension(session, admin, suspension)
    with reading(state.engine) as session:
        return _suspensions_page(session, admin, moved=moved,
                                 notice=f"Se eliminó la suspensión: {acuerdo}. " + _moved_notice(moved))


def _change_page(admin: Actor, suspension: Suspension, values: dict, errors: dict, status: int = 200,
                 conflict: form_versions.Conflict | None = None) -> Template:
    return _page("calendar_suspension_change", admin, status, suspension=suspension, values=values, errors=errors,
                 conflict=conflict)


def _suspension_values(suspension: Suspension) -> dict[str, Any]:
    """What the change form starts from; the acuerdos too, since each change adds its own to them."""
    return {"hasta": suspension.last_day.isoformat(), "acuerdos": suspension.acuerdo}


@get("/calendario/suspensiones/{suspension_id:int}/modificar", sync_to_thread=True)
def suspension_end_form(admin: Actor, db: Session, suspension_id: int) -> Template:
    suspension = own(db, admin, Suspension, suspension_id)
    return _change_page(admin, suspension, form_versions.loaded(_suspension_values(suspension)), {})


@post("/calendario/suspensiones/{suspension_id:int}/modificar", sync_to_thread=True)
def change_suspension(admin: Actor, state: State, data: FormData, suspension_id: int) -> Template:
    values = _text_fields(data)
    form, errors = _validate(SuspensionEndForm, values)
    try:
        with transaction(state.engine) as session:
            suspension = own(session, admin, Suspension, suspension_id, for_update=True)
            stale = form_versions.conflict(values, _suspension_values(suspension), STALE_SUSPENSION,
                                           SUSPENSION_LABELS, {"hasta": long_date(suspension.last_day)})
            if stale:
                # Checked before anything is written: a refused save recomputes no deadline.
                return _change_page(admin, suspension, stale.values, errors, 409, stale)
            if not errors:
                moved = change_suspension_end(session, admin, suspension, form.hasta, form.acuerdo)
                last_day = suspension.last_day
    except OverlayError as exc:
        errors = {"general": str(exc)}
    with reading(state.engine) as session:
        if errors:
            return _change_page(admin, own(session, admin, Suspension, suspension_id), values, errors, 400)
        return _suspensions_page(session, admin, moved=moved, notice=f"La suspensión termina ahora el "
                                 f"{long_date(last_day)}. " + _moved_notice(moved))


ROUTES = [Router(
    path="/admin",
    dependencies={"admin": Provide(require_admin, sync_to_thread=False)},
    route_handlers=[calendar_settings, save_calendar_settings, non_working_days, add_non_working_day,
                    confirm_day_removal, remove_day, import_days, suspensions, add_suspension,
                    confirm_suspension_removal, remove_suspension, suspension_end_form, change_suspension],
    include_in_schema=False,
)]
