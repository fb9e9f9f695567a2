"""Administration pages: the organization, its areas, users, roles, API tokens and processes in error."""

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
from engine.accounts import (Actor, ApiToken, Membership, Role, User, create_user, hash_password,
                             issue_api_token)
from engine.calendar_overlay import change_office_hours
from engine.clock import utcnow
from engine.db import transaction
from engine.forms import BlankIsNone, FormInvalid, validate_form
from engine.job_runs import job_statuses
from engine.legal_calendar import weekend_days
from engine.outbox import failed_count
from engine.processes import InstanceStatus, ProcessInstance
from engine.scheduler import JOB_NAMES
from engine.tenancy import DEFAULT_TRANSPARENCY_HEAD_TITLE, Area, Organization
from web import form_versions

FormData = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]

# -- forms --------------------------------------------------------------------------------------


def _email(value: str) -> str:
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
        if "{seq" not in value:
            raise ValueError(f"El patrón debe incluir {{seq}} (el número consecutivo), p. ej. {example}.")
        try:
            first, second = (value.format(year=2026, seq=n, series="OP") for n in (1, 2))
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            raise ValueError(f"El patrón no se puede aplicar: use solo {{year}}, {{seq}} y {{series}}, "
                             f"p. ej. {example}.") from None
        if first == second:
            raise ValueError("El patrón debe producir un número distinto para cada consecutivo.")
        if len(second) > 60:
            raise ValueError("El número resultante no puede pasar de 60 caracteres.")
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
        return _email(value)


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


class UserEditForm(BaseModel):
    nombre: str = Field(min_length=3, max_length=200)
    correo: str = Field(min_length=3, max_length=200)

    @field_validator("correo")
    @classmethod
    def email_like(cls, value: str) -> str:
        return _email(value)


class PasswordForm(BaseModel):
    contrasena: str = Field(min_length=10, max_length=200)
    confirmacion: str

    @model_validator(mode="after")
    def same(self) -> "PasswordForm":
        if self.contrasena != self.confirmacion:
            raise ValueError("La confirmación no coincide con la contraseña.")
        return self


class AreaForm(BaseModel):
    clave: str = Field(min_length=1, max_length=30)
    nombre: str = Field(min_length=3, max_length=250)
    titular: str = Field(default="", max_length=200)
    # The account that receives escalations when the area misses a deadline.
    titular_usuario_id: Annotated[int | None, BlankIsNone] = None

    @field_validator("clave")
    @classmethod
    def code_like(cls, value: str) -> str:
        value = value.strip().upper()
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9_-]*", value):
            raise ValueError("Use letras sin acentos, números, guion o guion bajo (p. ej. DJ, UT).")
        return value


class MembershipForm(BaseModel):
    rol: Role
    area_id: Annotated[int | None, BlankIsNone] = None  # none: for the whole organization

    @model_validator(mode="after")
    def enlace_has_area(self) -> "MembershipForm":
        if self.rol == Role.ENLACE and self.area_id is None:
            raise ValueError("Un enlace siempre es de un área: elija el área.")
        return self


class TokenForm(BaseModel):
    nombre_token: str = Field(min_length=3, max_length=100)


# -- two administrators editing at once (web/form_versions.py) -----------------------------------

STALE_ORGANIZATION = ("Otra persona modificó los datos de este ente mientras usted los editaba."
                      + form_versions.AGAIN)
STALE_AREA = "Otra persona modificó esta área mientras usted la editaba." + form_versions.AGAIN
STALE_USER = "Otra persona modificó los datos de esta cuenta mientras usted los editaba." + form_versions.AGAIN
REVOKED_ALREADY = ("Ese rol ya no estaba asignado: otra persona lo revocó mientras usted veía la página. "
                   "La lista muestra los roles actuales.")

# The labels of the edit forms' fields, to say which saved values differ from what was typed.
ORGANIZATION_LABELS = {"nombre": "Nombre del ente", "nombre_corto": "Nombre corto (siglas)", "clave": "Clave",
                       "zona_horaria": "Zona horaria", "domicilio": "Domicilio",
                       "patron_folio": "Patrón de folio de correspondencia",
                       "patron_oficio": "Patrón de número de oficio",
                       "titular_ut": "Titular de la Unidad de Transparencia", "cargo_titular_ut": "Cargo con que firma"}
AREA_LABELS = {"clave": "Clave", "nombre": "Nombre", "titular": "Titular",
               "titular_usuario_id": "Cuenta de la persona titular"}
USER_LABELS = {"nombre": "Nombre completo", "correo": "Correo electrónico"}


# -- helpers ------------------------------------------------------------------------------------


def require_admin(actor: Actor) -> Actor:
    if not actor.is_admin:
        raise PermissionDeniedException("Esta sección es solo para la administración de la plataforma.")
    return actor


def _page(admin: Actor, name: str, status: int = 200, **context: Any) -> Template:
    # With the actor, the page keeps the main menu, the bell and «Salir» like every other page.
    return Template(f"admin/{name}.html", context={"actor": admin, **context}, status_code=status)


def _redirect(url: str) -> Redirect:
    return Redirect(url, status_code=303)


def _record(session: Session, admin: Actor, action: str, object_type: str, object_id: Any, summary: str,
            before: Any = None, after: Any = None, organization_id: int | None = None) -> None:
    audit.record(session, organization_id or admin.organization_id, admin.user_id, admin.name, action,
                 object_type, object_id, summary=summary, before=before, after=after)


def _own(session: Session, admin: Actor, model: type, object_id: int, for_update: bool = False):
    """A row of the admin's organization; any other organization's row does not exist for them."""
    # An edit locks its row until it commits (PostgreSQL; SQLite's BEGIN IMMEDIATE already serializes
    # writers): two saves at once then check their form's version one after the other, never both
    # against the values from before either wrote.
    row = session.get(model, object_id, with_for_update=for_update)
    if row is None or row.organization_id != admin.organization_id:
        raise NotFoundException()
    return row


def _validate(model: type[BaseModel], data: dict[str, Any]) -> tuple[Any, dict[str, str]]:
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


def _area_values(area: Area) -> dict[str, Any]:
    return {"clave": area.code, "nombre": area.name, "titular": area.head_name,
            "titular_usuario_id": area.head_user_id}


def _area_form(session: Session, admin: Actor, status: int = 200, **context: Any) -> Template:
    """The area form, with the organization's active people to pick the head's account from."""
    people = [(u.id, f"{u.full_name} ({u.username})") for u in session.exec(
        select(User).where(User.organization_id == admin.organization_id, User.active).order_by(User.full_name))]
    return _page(admin, "area_form", status, people=people, **context)


UNKNOWN_HEAD = "Elija una persona de este ente."


def _head_is_ours(session: Session, admin: Actor, user_id: int | None) -> bool:
    if user_id is None:
        return True
    user = session.get(User, user_id)
    return user is not None and user.organization_id == admin.organization_id


def _area_options(session: Session, admin: Actor) -> list[tuple[int, str]]:
    return [(a.id, f"{a.code} · {a.name}") for a in _areas(session, admin, active_only=True)]


def _areas(session: Session, admin: Actor, active_only: bool = False) -> list[Area]:
    query = select(Area).where(Area.organization_id == admin.organization_id)
    if active_only:
        query = query.where(Area.active.is_(True))
    return list(session.exec(query.order_by(Area.code)).all())


ROLE_OPTIONS = [(role.value, role.label) for role in Role]

# -- overview and organizations -----------------------------------------------------------------


@get("/", sync_to_thread=True)
def overview(admin: Actor, db: Session) -> Template:
    org_id = admin.organization_id
    count = lambda query: db.exec(query).one()  # noqa: E731
    return _page(
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
    return _page(admin, "organizations", organizations=rows, own_id=admin.organization_id)


@get("/entes/nuevo", sync_to_thread=True)
def new_organization(admin: Actor) -> Template:
    return _page(admin, "organization_form", values=_org_values(Organization(name="", short_name="", slug="")),
                 errors={}, organization=None)


@post("/entes", sync_to_thread=True)
def create_organization(admin: Actor, state: State, data: FormData) -> Template | Redirect:
    form, errors = _validate(NewOrganizationForm, data)
    if form is None:
        return _page(admin, "organization_form", 400, values=data, errors=errors, organization=None)
    try:
        with transaction(state.engine) as session:
            if session.exec(select(Organization).where(Organization.slug == form.clave)).first():
                errors["clave"] = "Ya existe un ente con esa clave; elija otra."
            if session.exec(select(User).where(User.username == form.admin_usuario)).first():
                errors["admin_usuario"] = "Ese nombre de usuario ya existe; elija otro."
            if errors:
                return _page(admin, "organization_form", 400, values=data, errors=errors, organization=None)
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
            _record(session, admin, "admin.ente.creado", "ente", org.id, f"Creó el ente {org.short_name}",
                    after=after)
            _record(session, admin, "admin.ente.creado", "ente", org.id, f"Creó el ente {org.short_name}",
                    after=after, organization_id=org.id)
    except IntegrityError:
        return _page(admin, "organization_form", 400, values=data, organization=None,
                     errors={"clave": "Ya existe un ente con esa clave o un usuario con ese nombre."})
    return _redirect("/admin/entes")


@get("/entes/{org_id:int}", sync_to_thread=True)
def edit_organization(admin: Actor, db: Session, org_id: int) -> Template:
    org = _own_organization(db, admin, org_id)
    return _page(admin, "organization_form", values=form_versions.loaded(_org_values(org)), errors={},
                 organization=org)


def _own_organization(session: Session, admin: Actor, org_id: int, for_update: bool = False) -> Organization:
    org = session.get(Organization, org_id, with_for_update=for_update)  # see _own
    if org is None or org.id != admin.organization_id:
        raise NotFoundException()
    return org


@post("/entes/{org_id:int}", sync_to_thread=True)
def update_organization(admin: Actor, state: State, data: FormData, org_id: int) -> Template | Redirect:
    form, errors = _validate(OrganizationForm, data)
    with transaction(state.engine) as session:
        org = _own_organization(session, admin, org_id, for_update=True)
        stale = form_versions.conflict(data, _org_values(org), STALE_ORGANIZATION, ORGANIZATION_LABELS)
        if stale:
            return _page(admin, "organization_form", 409, values=stale.values, errors=errors, organization=org,
                         conflict=stale)
        if form is not None and session.exec(select(Organization).where(
                Organization.slug == form.clave, Organization.id != org.id)).first():
            errors["clave"] = "Ya existe un ente con esa clave; elija otra."
        if errors:
            return _page(admin, "organization_form", 400, values=data, errors=errors, organization=org)
        before = _org_values(org)
        org.name, org.short_name, org.slug = form.nombre, form.nombre_corto, form.clave
        org.address, org.correspondence_folio_pattern = form.domicilio, form.patron_folio
        org.oficio_number_pattern = form.patron_oficio
        org.transparency_head_name, org.transparency_head_title = form.titular_ut, form.cargo_titular_ut
        if form.zona_horaria != org.timezone:
            # Office hours are read in this zone: every open deadline is recomputed with it.
            change_office_hours(session, admin, org.office_opens, org.office_closes, weekend_days(org),
                                form.zona_horaria)
        _record(session, admin, "admin.ente.modificado", "ente", org.id, f"Modificó los datos de {org.short_name}",
                before=before, after=_org_values(org))
    return _redirect("/admin/entes")


# -- areas --------------------------------------------------------------------------------------


@get("/areas", sync_to_thread=True)
def areas(admin: Actor, db: Session) -> Template:
    return _page(admin, "areas", areas=_areas(db, admin))


@get("/areas/nueva", sync_to_thread=True)
def new_area(admin: Actor, db: Session) -> Template:
    return _area_form(db, admin, values={}, errors={}, area=None)


def _duplicate_code(session: Session, admin: Actor, code: str, exclude_id: int | None = None) -> bool:
    query = select(Area).where(Area.organization_id == admin.organization_id, Area.code == code)
    if exclude_id is not None:
        query = query.where(Area.id != exclude_id)
    return session.exec(query).first() is not None


DUPLICATE_AREA = "Ya existe un área con esa clave en este ente."


def _area_errors(session: Session, admin: Actor, form: AreaForm | None, errors: dict[str, str],
                 area_id: int | None = None) -> dict[str, str]:
    if form is not None and _duplicate_code(session, admin, form.clave, exclude_id=area_id):
        errors["clave"] = DUPLICATE_AREA
    if form is not None and not _head_is_ours(session, admin, form.titular_usuario_id):
        errors["titular_usuario_id"] = UNKNOWN_HEAD
    return errors


@post("/areas", sync_to_thread=True)
def create_area(admin: Actor, state: State, data: FormData) -> Template | Redirect:
    form, errors = _validate(AreaForm, data)
    try:
        with transaction(state.engine) as session:
            if _area_errors(session, admin, form, errors):
                return _area_form(session, admin, 400, values=data, errors=errors, area=None)
            area = Area(organization_id=admin.organization_id, code=form.clave, name=form.nombre,
                        head_name=form.titular, head_user_id=form.titular_usuario_id)
            session.add(area)
            session.flush()
            _record(session, admin, "admin.area.creada", "area", area.id, f"Creó el área {area.code}",
                    after=_area_values(area))
    except IntegrityError:
        with transaction(state.engine) as session:
            return _area_form(session, admin, 400, values=data, errors={"clave": DUPLICATE_AREA}, area=None)
    return _redirect("/admin/areas")


@get("/areas/{area_id:int}", sync_to_thread=True)
def edit_area(admin: Actor, db: Session, area_id: int) -> Template:
    area = _own(db, admin, Area, area_id)
    return _area_form(db, admin, values=form_versions.loaded(_area_values(area)), errors={}, area=area)


def _area_conflict(session: Session, area: Area, data: dict[str, Any]) -> form_versions.Conflict | None:
    head = session.get(User, area.head_user_id) if area.head_user_id else None
    shown = {"titular_usuario_id": f"{head.full_name} ({head.username})"} if head else {}
    return form_versions.conflict(data, _area_values(area), STALE_AREA, AREA_LABELS, shown)


@post("/areas/{area_id:int}", sync_to_thread=True)
def update_area(admin: Actor, state: State, data: FormData, area_id: int) -> Template | Redirect:
    form, errors = _validate(AreaForm, data)
    try:
        with transaction(state.engine) as session:
            area = _own(session, admin, Area, area_id, for_update=True)
            stale = _area_conflict(session, area, data)
            if stale:
                return _area_form(session, admin, 409, values=stale.values, errors=errors, area=area, conflict=stale)
            if _area_errors(session, admin, form, errors, area_id=area.id):
                return _area_form(session, admin, 400, values=data, errors=errors, area=area)
            before = _area_values(area)
            area.code, area.name, area.head_name = form.clave, form.nombre, form.titular
            area.head_user_id = form.titular_usuario_id
            _record(session, admin, "admin.area.modificada", "area", area.id, f"Modificó el área {area.code}",
                    before=before, after=_area_values(area))
    except IntegrityError:
        # Nothing was written, so the form's version still holds; the form stays this area's.
        with transaction(state.engine) as session:
            return _area_form(session, admin, 400, values=data, errors={"clave": DUPLICATE_AREA},
                              area=_own(session, admin, Area, area_id))
    return _redirect("/admin/areas")


def _set_area_active(admin: Actor, state: State, area_id: int, active: bool) -> Redirect:
    with transaction(state.engine) as session:
        area = _own(session, admin, Area, area_id)
        if area.active != active:
            area.active = active
            verb = "Reactivó" if active else "Desactivó"
            _record(session, admin, "admin.area." + ("activada" if active else "desactivada"), "area", area.id,
                    f"{verb} el área {area.code}", before={"activa": not active}, after={"activa": active})
    return _redirect("/admin/areas")


@post("/areas/{area_id:int}/desactivar", sync_to_thread=True)
def deactivate_area(admin: Actor, state: State, area_id: int) -> Redirect:
    return _set_area_active(admin, state, area_id, False)


@post("/areas/{area_id:int}/activar", sync_to_thread=True)
def activate_area(admin: Actor, state: State, area_id: int) -> Redirect:
    return _set_area_active(admin, state, area_id, True)


# -- users, roles and tokens --------------------------------------------------------------------


@get("/usuarios", sync_to_thread=True)
def users(admin: Actor, db: Session) -> Template:
    rows = db.exec(select(User).where(User.organization_id == admin.organization_id)
                   .order_by(User.username)).all()
    return _page(admin, "users", users=rows)


@get("/usuarios/nuevo", sync_to_thread=True)
def new_user(admin: Actor, db: Session) -> Template:
    return _page(admin, "user_new", values={}, errors={}, roles=ROLE_OPTIONS, area_options=_area_options(db, admin))


DUPLICATE_USER = "Ese nombre de usuario ya existe; elija otro."


@post("/usuarios", sync_to_thread=True)
def create_user_page(admin: Actor, state: State, db: Session, data: FormData) -> Template | Redirect:
    form, errors = _validate(NewUserForm, data)
    membership = None
    if data.get("rol"):
        membership, role_errors = _validate(MembershipForm, data)
        errors.update(role_errors)
    failed = lambda errs: _page(admin, "user_new", 400, values=data, errors=errs, roles=ROLE_OPTIONS,  # noqa: E731
                                area_options=_area_options(db, admin))
    if errors:
        return failed(errors)
    try:
        with transaction(state.engine) as session:
            if session.exec(select(User).where(User.username == form.usuario)).first():
                return failed({"usuario": DUPLICATE_USER})
            roles = []
            if membership is not None:
                if membership.area_id is not None:
                    _own_active_area(session, admin, membership.area_id)
                roles = [(membership.rol, membership.area_id)]
            user = create_user(session, admin.organization_id, form.usuario, form.nombre, form.correo,
                               form.contrasena, roles)
            _record(session, admin, "admin.usuario.creado", "usuario", user.id, f"Creó el usuario {user.username}",
                    after=_user_values(user) | {"roles": [f"{r.value}:{a or ''}" for r, a in roles]})
    except IntegrityError:
        return failed({"usuario": DUPLICATE_USER})
    except NotFoundException:
        return failed({"area_id": "Elija un área activa de este ente."})
    return _redirect(f"/admin/usuarios/{user.id}")


def _own_active_area(session: Session, admin: Actor, area_id: int) -> Area:
    area = _own(session, admin, Area, area_id)
    if not area.active:
        raise NotFoundException()
    return area


def _user_values(user: User) -> dict[str, Any]:
    return {"usuario": user.username, "nombre": user.full_name, "correo": user.email, "activo": user.active}


def _user_form_values(user: User) -> dict[str, Any]:
    """What the «Datos» form edits: its version ignores the rest (active, roles, tokens)."""
    return {"nombre": user.full_name, "correo": user.email}


def _user_page(session: Session, admin: Actor, user: User, status: int = 200, **context: Any) -> Template:
    memberships = session.exec(select(Membership).where(Membership.user_id == user.id)
                               .order_by(Membership.role, Membership.area_id)).all()
    tokens = session.exec(select(ApiToken).where(ApiToken.user_id == user.id)
                          .order_by(ApiToken.created_at.desc())).all()
    areas = _areas(session, admin)
    context.setdefault("values", form_versions.loaded(_user_form_values(user)))
    context.setdefault("errors", {})
    return _page(admin, "user", status, user=user, memberships=memberships, tokens=tokens,
                 area_names={a.id: f"{a.code} · {a.name}" for a in areas},
                 area_options=[(a.id, f"{a.code} · {a.name}") for a in areas if a.active],
                 roles=ROLE_OPTIONS, role_labels={role.value: role.label for role in Role},
                 is_self=user.id == admin.user_id, **context)


@get("/usuarios/{user_id:int}", sync_to_thread=True)
def user_detail(admin: Actor, db: Session, user_id: int) -> Template:
    return _user_page(db, admin, _own(db, admin, User, user_id))


@post("/usuarios/{user_id:int}", sync_to_thread=True)
def update_user(admin: Actor, state: State, data: FormData, user_id: int) -> Template | Redirect:
    form, errors = _validate(UserEditForm, data)
    with transaction(state.engine) as session:
        user = _own(session, admin, User, user_id, for_update=True)
        stale = form_versions.conflict(data, _user_form_values(user), STALE_USER, USER_LABELS)
        if stale:
            return _user_page(session, admin, user, 409, values=stale.values, errors=errors, conflict=stale)
        if errors:
            return _user_page(session, admin, user, 400, values=data, errors=errors)
        before = _user_values(user)
        user.full_name, user.email = form.nombre, form.correo
        _record(session, admin, "admin.usuario.modificado", "usuario", user.id,
                f"Modificó los datos de {user.username}", before=before, after=_user_values(user))
    return _redirect(f"/admin/usuarios/{user_id}")


def _set_user_active(admin: Actor, state: State, user_id: int, active: bool) -> Template | Redirect:
    with transaction(state.engine) as session:
        user = _own(session, admin, User, user_id)
        if user.id == admin.user_id and not active:
            return _user_page(session, admin, user, 400,
                              errors={"general": "No puede desactivar su propia cuenta."})
        if user.active != active:
            user.active = active
            _record(session, admin, "admin.usuario." + ("activado" if active else "desactivado"), "usuario",
                    user.id, f"{'Reactivó' if active else 'Desactivó'} al usuario {user.username}",
                    before={"activo": not active}, after={"activo": active})
    return _redirect(f"/admin/usuarios/{user_id}")


@post("/usuarios/{user_id:int}/desactivar", sync_to_thread=True)
def deactivate_user(admin: Actor, state: State, user_id: int) -> Template | Redirect:
    return _set_user_active(admin, state, user_id, False)


@post("/usuarios/{user_id:int}/activar", sync_to_thread=True)
def activate_user(admin: Actor, state: State, user_id: int) -> Template | Redirect:
    return _set_user_active(admin, state, user_id, True)


@post("/usuarios/{user_id:int}/contrasena", sync_to_thread=True)
def reset_password(admin: Actor, state: State, data: FormData, user_id: int) -> Template:
    form, errors = _validate(PasswordForm, data)
    with transaction(state.engine) as session:
        user = _own(session, admin, User, user_id)
        if errors:
            return _user_page(session, admin, user, 400, password_errors=errors)
        user.password_hash = hash_password(form.contrasena)
        # The hash itself never goes into the log.
        _record(session, admin, "admin.usuario.contrasena", "usuario", user.id,
                f"Restableció la contraseña de {user.username}")
        return _user_page(session, admin, user, notice="Contraseña restablecida.")


@post("/usuarios/{user_id:int}/roles", sync_to_thread=True)
def grant_role(admin: Actor, state: State, data: FormData, user_id: int) -> Template | Redirect:
    form, errors = _validate(MembershipForm, data)
    with transaction(state.engine) as session:
        user = _own(session, admin, User, user_id)
        if form is not None and form.area_id is not None:
            area = session.get(Area, form.area_id)
            if area is None or area.organization_id != admin.organization_id or not area.active:
                errors["area_id"] = "Elija un área activa de este ente."
        if form is not None and not errors and session.exec(select(Membership).where(
                Membership.user_id == user.id, Membership.role == form.rol,
                Membership.area_id == form.area_id if form.area_id is not None
                else Membership.area_id.is_(None))).first():
            errors["rol"] = "La persona ya tiene ese rol en esa área."
        if errors:
            return _user_page(session, admin, user, 400, role_values=data, role_errors=errors)
        membership = Membership(organization_id=admin.organization_id, user_id=user.id, role=form.rol,
                                area_id=form.area_id)
        session.add(membership)
        session.flush()
        _record(session, admin, "admin.rol.otorgado", "usuario", user.id,
                f"Otorgó el rol {Role(form.rol).label} a {user.username}",
                after={"rol": form.rol.value, "area_id": form.area_id})
    return _redirect(f"/admin/usuarios/{user_id}")


@post("/usuarios/{user_id:int}/roles/{membership_id:int}/revocar", sync_to_thread=True)
def revoke_role(admin: Actor, state: State, user_id: int, membership_id: int) -> Template | Redirect:
    with transaction(state.engine) as session:
        user = _own(session, admin, User, user_id)
        membership = session.get(Membership, membership_id, with_for_update=True)
        if membership is None:
            # Revoked by another administrator since this page was shown: say so rather than a 404.
            return _user_page(session, admin, user, 409, errors={"general": REVOKED_ALREADY})
        if membership.user_id != user.id:
            raise NotFoundException()
        if user.id == admin.user_id and membership.role == Role.ADMIN:
            return _user_page(session, admin, user, 400,
                              errors={"general": "No puede quitarse a sí mismo el rol de administración."})
        _record(session, admin, "admin.rol.revocado", "usuario", user.id,
                f"Revocó el rol {Role(membership.role).label} a {user.username}",
                before={"rol": membership.role, "area_id": membership.area_id})
        session.delete(membership)
    return _redirect(f"/admin/usuarios/{user_id}")


@post("/usuarios/{user_id:int}/tokens", sync_to_thread=True)
def issue_token(admin: Actor, state: State, data: FormData, user_id: int) -> Template:
    form, errors = _validate(TokenForm, data)
    with transaction(state.engine) as session:
        user = _own(session, admin, User, user_id)
        if errors:
            return _user_page(session, admin, user, 400, token_errors=errors, token_values=data)
        token = issue_api_token(session, user, form.nombre_token)
        _record(session, admin, "admin.token.emitido", "usuario", user.id,
                f"Emitió el token de API «{form.nombre_token}» para {user.username}",
                after={"nombre": form.nombre_token})
        # Shown once: only its hash is kept.
        return _user_page(session, admin, user, new_token=token)


@post("/usuarios/{user_id:int}/tokens/{token_id:int}/revocar", sync_to_thread=True)
def revoke_token(admin: Actor, state: State, user_id: int, token_id: int) -> Redirect:
    with transaction(state.engine) as session:
        user = _own(session, admin, User, user_id)
        token = session.get(ApiToken, token_id)
        if token is None or token.user_id != user.id:
            raise NotFoundException()
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            _record(session, admin, "admin.token.revocado", "usuario", user.id,
                    f"Revocó el token de API «{token.name}» de {user.username}", before={"nombre": token.name})
    return _redirect(f"/admin/usuarios/{user_id}")


# -- processes in error -------------------------------------------------------------------------


@get("/errores", sync_to_thread=True)
def failed_instances(admin: Actor, db: Session) -> Template:
    rows = db.exec(select(ProcessInstance).where(ProcessInstance.organization_id == admin.organization_id,
                                                 ProcessInstance.status == InstanceStatus.ERROR)
                   .order_by(ProcessInstance.updated_at.desc())).all()
    return _page(admin, "errors", instances=rows)


ROUTES = [Router(
    path="/admin",
    dependencies={"admin": Provide(require_admin, sync_to_thread=False)},
    route_handlers=[overview, organizations, new_organization, create_organization, edit_organization,
                    update_organization, areas, new_area, create_area, edit_area, update_area, deactivate_area,
                    activate_area, users, new_user, create_user_page, user_detail, update_user, deactivate_user,
                    activate_user, reset_password, grant_role, revoke_role, issue_token, revoke_token,
                    failed_instances],
    include_in_schema=False,
)]
