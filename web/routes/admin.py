"""Administration pages: the overview, the organizations and processes in error, and what every
administration page shares (who may enter, the page and audit helpers). Areas are in
web.routes.admin_areas; users, roles and API tokens in web.routes.admin_users."""

import re
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from litestar import Router, get, post
from litestar.datastructures import State
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import Body
from litestar.response import Redirect, Template
from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor, Role, User, create_user
from engine.calendar_overlay import change_office_hours
from engine.db import transaction
from engine.folios import pattern_problem
from engine.forms import FormInvalid, validate_form
from engine.job_runs import job_statuses
from engine.legal_calendar import weekend_days
from engine.outbox import failed_count
from engine.processes import InstanceStatus, ProcessInstance
from engine.scheduler import JOB_NAMES
from engine.tenancy import DEFAULT_TRANSPARENCY_HEAD_TITLE, Area, Organization
from web import form_versions

FormData = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]

# -- forms --------------------------------------------------------------------------------------


def checked_email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError("Escriba un correo electrónico válido.")
    return value


class OrganizationForm(BaseModel):
    nombre: str = Field(min_length=3, max_length=250)
    nombre_corto: str = Field(min_length=2, max_length=40)
    clave: str = Field(min_length=2, max_length=60)
    zona_horaria: str = Field(default="America/Mexico_City", max_length=60)
    domicilio: str = Field(default="", max_length=300)
    patron_folio: str = Field(default="OP-{year}-{seq:06d}", min_length=5, max_length=80)
    patron_oficio: str = Field(default="UT/{seq:04d}/{year}", min_length=5, max_length=80)
    titular_ut: str = Field(default="", max_length=200)
    cargo_titular_ut: str = Field(default=DEFAULT_TRANSPARENCY_HEAD_TITLE, min_length=3, max_length=200)

    @field_validator("clave")
    @classmethod
    def slug_like(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
            raise ValueError("Use solo minúsculas sin acentos, números y guiones (p. ej. sesaech).")
        return value

    @field_validator("zona_horaria")
    @classmethod
    def known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("Zona horaria desconocida; use p. ej. America/Mexico_City o America/Tijuana.") from None
        return value

    @field_validator("patron_folio", "patron_oficio")
    @classmethod
    def usable_pattern(cls, value: str, info: ValidationInfo) -> str:
        example = "UT/{seq:04d}/{year}" if info.field_name == "patron_oficio" else "OP-{year}-{seq:06d}"
        problem = pattern_problem(value, example)
        if problem:
            raise ValueError(problem)
        return value


class NewUserForm(BaseModel):
    usuario: str = Field(min_length=3, max_length=80)
    nombre: str = Field(min_length=3, max_length=200)
    correo: str = Field(min_length=3, max_length=200)
    contrasena: str = Field(min_length=10, max_length=200)

    @field_validator("usuario")
    @classmethod
    def username_like(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9._-]+", value):
            raise ValueError("Use solo minúsculas sin acentos, números, punto, guion y guion bajo.")
        return value

    @field_validator("correo")
    @classmethod
    def email_like(cls, value: str) -> str:
        return checked_email(value)


class NewOrganizationForm(OrganizationForm):
    """A new organization comes with its first administrator, who manages it from then on."""

    admin_usuario: str = Field(min_length=3, max_length=80)
    admin_nombre: str = Field(min_length=3, max_length=200)
    admin_correo: str = Field(min_length=3, max_length=200)
    admin_contrasena: str = Field(min_length=10, max_length=200)

    @model_validator(mode="after")
    def valid_admin(self) -> "NewOrganizationForm":
        try:
            validate_form(NewUserForm, {"usuario": self.admin_usuario, "nombre": self.admin_nombre,
                                        "correo": self.admin_correo, "contrasena": self.admin_contrasena})
        except FormInvalid as exc:
            field, message = next(iter(exc.errors.items()))
            raise ValueError(f"Administrador ({field}): {message}") from None
        return self


# -- two administrators editing at once (web/form_versions.py) -----------------------------------

STALE_ORGANIZATION = ("Otra persona modificó los datos de este ente mientras usted los editaba."
                      + form_versions.AGAIN)

# The labels of the edit forms' fields, to say which saved values differ from what was typed.
ORGANIZATION_LABELS = {"nombre": "Nombre del ente", "nombre_corto": "Nombre corto (siglas)", "clave": "Clave",
                       "zona_horaria": "Zona horaria", "domicilio": "Domicilio",
                       "patron_folio": "Patrón de folio de correspondencia",
                       "patron_oficio": "Patrón de número de oficio",
                       "titular_ut": "Titular de la Unidad de Transparencia", "cargo_titular_ut": "Cargo con que firma"}


# -- helpers ------------------------------------------------------------------------------------


def require_admin(actor: Actor) -> Actor:
    if not actor.is_admin:
        raise PermissionDeniedException("Esta sección es solo para la administración de la plataforma.")
    return actor


def page(admin: Actor, name: str, status: int = 200, **context: Any) -> Template:
    # With the actor, the page keeps the main menu, the bell and «Salir» like every other page.
    return Template(f"admin/{name}.html", context={"actor": admin, **context}, status_code=status)


def redirect(url: str) -> Redirect:
    return Redirect(url, status_code=303)


def record(session: Session, admin: Actor, action: str, object_type: str, object_id: Any, summary: str,
           before: Any = None, after: Any = None, organization_id: int | None = None) -> None:
    audit.record(session, organization_id or admin.organization_id, admin.user_id, admin.name, action,
                 object_type, object_id, summary=summary, before=before, after=after)


def own(session: Session, admin: Actor, model: type, object_id: int, for_update: bool = False):
    """A row of the admin's organization; any other organization's row does not exist for them."""
    # An edit locks its row until it commits (PostgreSQL; SQLite's BEGIN IMMEDIATE already serializes
    # writers): two saves at once then check their form's version one after the other, never both
    # against the values from before either wrote.
    row = session.get(model, object_id, with_for_update=for_update)
    if row is None or row.organization_id != admin.organization_id:
        raise NotFoundException()
    return row


def validate(model: type[BaseModel], data: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    try:
        return validate_form(model, data), {}
    except FormInvalid as exc:
        errors = dict(exc.errors)
        if "__all__" in errors:
            errors["general"] = errors.pop("__all__")
        return None, errors


def _org_values(org: Organization) -> dict[str, Any]:
    return {"nombre": org.name, "nombre_corto": org.short_name, "clave": org.slug, "zona_horaria": org.timezone,
            "domicilio": org.address, "patron_folio": org.correspondence_folio_pattern,
            "patron_oficio": org.oficio_number_pattern, "titular_ut": org.transparency_head_name,
            "cargo_titular_ut": org.transparency_head_title}


def areas_of(session: Session, admin: Actor, active_only: bool = False) -> list[Area]:
    query = select(Area).where(Area.organization_id == admin.organization_id)
    if active_only:
        query = query.where(Area.active.is_(True))
    return list(session.exec(query.order_by(Area.code)).all())


# -- overview and organizations -----------------------------------------------------------------


@get("/", sync_to_thread=True)
def overview(admin: Actor, db: Session) -> Template:
    org_id = admin.organization_id
    count = lambda query: db.exec(query).one()  # noqa: E731
    return page(
        admin, "index", organization=db.get(Organization, org_id),
        areas=count(select(func.count()).select_from(Area).where(Area.organization_id == org_id,
                                                                 Area.active.is_(True))),
        users=count(select(func.count()).select_from(User).where(User.organization_id == org_id,
                                                                 User.active.is_(True))),
        errors=count(select(func.count()).select_from(ProcessInstance).where(
            ProcessInstance.organization_id == org_id, ProcessInstance.status == InstanceStatus.ERROR)),
        unhealthy_jobs=sum(not status.healthy for status in job_statuses(db, JOB_NAMES)),
        failed_mail=failed_count(db, org_id))


@get("/entes", sync_to_thread=True)
def organizations(admin: Actor, db: Session) -> Template:
    # Entes are public bodies: their names are listed, but only one's own can be edited.
    rows = db.exec(select(Organization).order_by(Organization.name)).all()
    return page(admin, "organizations", organizations=rows, own_id=admin.organization_id)


@get("/entes/nuevo", sync_to_thread=True)
def new_organization(admin: Actor) -> Template:
    return page(admin, "organization_form", values=_org_values(Organization(name="", short_name="", slug="")),
                errors={}, organization=None)


@post("/entes", sync_to_thread=True)
def create_organization(admin: Actor, state: State, data: FormData) -> Template | Redirect:
    form, errors = validate(NewOrganizationForm, data)
    if form is None:
        return page(admin, "organization_form", 400, values=data, errors=errors, organization=None)
    try:
        with transaction(state.engine) as session:
            if session.exec(select(Organization).where(Organization.slug == form.clave)).first():
                errors["clave"] = "Ya existe un ente con esa clave; elija otra."
            if session.exec(select(User).where(User.username == form.admin_usuario)).first():
                errors["admin_usuario"] = "Ese nombre de usuario ya existe; elija otro."
            if errors:
                return page(admin, "organization_form", 400, values=data, errors=errors, organization=None)
            org = Organization(name=form.nombre, short_name=form.nombre_corto, slug=form.clave,
                               timezone=form.zona_horaria, address=form.domicilio,
                               correspondence_folio_pattern=form.patron_folio,
                               oficio_number_pattern=form.patron_oficio, transparency_head_name=form.titular_ut,
                               transparency_head_title=form.cargo_titular_ut)
            session.add(org)
            session.flush()
            first_admin = create_user(session, org.id, form.admin_usuario, form.admin_nombre, form.admin_correo,
                                      form.admin_contrasena, [(Role.ADMIN, None)])
            after = _org_values(org) | {"administrador": first_admin.username}
            record(session, admin, "admin.ente.creado", "ente", org.id, f"Creó el ente {org.short_name}",
                   after=after)
            record(session, admin, "admin.ente.creado", "ente", org.id, f"Creó el ente {org.short_name}",
                   after=after, organization_id=org.id)
    except IntegrityError:
        return page(admin, "organization_form", 400, values=data, organization=None,
                    errors={"clave": "Ya existe un ente con esa clave o un usuario con ese nombre."})
    return redirect("/admin/entes")


@get("/entes/{org_id:int}", sync_to_thread=True)
def edit_organization(admin: Actor, db: Session, org_id: int) -> Template:
    org = _own_organization(db, admin, org_id)
    return page(admin, "organization_form", values=form_versions.loaded(_org_values(org)), errors={},
                organization=org)


def _own_organization(session: Session, admin: Actor, org_id: int, for_update: bool = False) -> Organization:
    org = session.get(Organization, org_id, with_for_update=for_update)  # see _own
    if org is None or org.id != admin.organization_id:
        raise NotFoundException()
    return org


@post("/entes/{org_id:int}", sync_to_thread=True)
def update_organization(admin: Actor, state: State, data: FormData, org_id: int) -> Template | Redirect:
    form, errors = validate(OrganizationForm, data)
    with transaction(state.engine) as session:
        org = _own_organization(session, admin, org_id, for_update=True)
        stale = form_versions.conflict(data, _org_values(org), STALE_ORGANIZATION, ORGANIZATION_LABELS)
        if stale:
            return page(admin, "organization_form", 409, values=stale.values, errors=errors, organization=org,
                        conflict=stale)
        if form is not None and session.exec(select(Organization).where(
                Organization.slug == form.clave, Organization.id != org.id)).first():
            errors["clave"] = "Ya existe un ente con esa clave; elija otra."
        if errors:
            return page(admin, "organization_form", 400, values=data, errors=errors, organization=org)
        before = _org_values(org)
        org.name, org.short_name, org.slug = form.nombre, form.nombre_corto, form.clave
        org.address, org.correspondence_folio_pattern = form.domicilio, form.patron_folio
        org.oficio_number_pattern = form.patron_oficio
        org.transparency_head_name, org.transparency_head_title = form.titular_ut, form.cargo_titular_ut
        if form.zona_horaria != org.timezone:
            # Office hours are read in this zone: every open deadline is recomputed with it.
            change_office_hours(session, admin, org.office_opens, org.office_closes, weekend_days(org),
                                form.zona_horaria)
        record(session, admin, "admin.ente.modificado", "ente", org.id, f"Modificó los datos de {org.short_name}",
               before=before, after=_org_values(org))
    return redirect("/admin/entes")


# -- processes in error -------------------------------------------------------------------------


@get("/errores", sync_to_thread=True)
def failed_instances(admin: Actor, db: Session) -> Template:
    rows = db.exec(select(ProcessInstance).where(ProcessInstance.organization_id == admin.organization_id,
                                                 ProcessInstance.status == InstanceStatus.ERROR)
                   .order_by(ProcessInstance.updated_at.desc())).all()
    return page(admin, "errors", instances=rows)


ROUTES = [Router(
    path="/admin",
    dependencies={"admin": Provide(require_admin, sync_to_thread=False)},
    route_handlers=[overview, organizations, new_organization, create_organization, edit_organization,
                    update_organization, failed_instances],
    include_in_schema=False,
)]
