"""Administration of the organization's areas: create, edit (with the account that receives
escalations) and deactivate."""

import re
from typing import Annotated, Any

from litestar import Router, get, post
from litestar.datastructures import State
from litestar.di import Provide
from litestar.response import Redirect, Template
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from engine.accounts import Actor, User
from engine.db import transaction
from engine.forms import BlankIsNone
from engine.handover import area_deactivation_problem
from engine.tenancy import Area
from web import form_versions
from web.routes.admin import FormData, areas_of, own, page, record, redirect, require_admin, validate


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


# Two administrators editing at once (web/form_versions.py).
STALE_AREA = "Otra persona modificó esta área mientras usted la editaba." + form_versions.AGAIN
AREA_LABELS = {"clave": "Clave", "nombre": "Nombre", "titular": "Titular",
               "titular_usuario_id": "Cuenta de la persona titular"}


def _area_values(area: Area) -> dict[str, Any]:
    return {"clave": area.code, "nombre": area.name, "titular": area.head_name,
            "titular_usuario_id": area.head_user_id}


def _area_form(session: Session, admin: Actor, status: int = 200, **context: Any) -> Template:
    """The area form, with the organization's active people to pick the head's account from, and the
    area's current head even if deactivated since: left out, the unchanged form would clear it."""
    area = context.get("area")
    current_head = area.head_user_id if area is not None else None
    people = [(u.id, f"{u.full_name} ({u.username})" + ("" if u.active else " (cuenta desactivada)"))
              for u in session.exec(select(User).where(
                  User.organization_id == admin.organization_id,
                  or_(User.active, User.id == current_head) if current_head else User.active)
                  .order_by(User.full_name))]
    return page(admin, "area_form", status, people=people, **context)


UNKNOWN_HEAD = "Elija una persona de este ente."
INACTIVE_HEAD = "Esa cuenta está desactivada: elija como titular a una persona activa."


def _head_problem(session: Session, admin: Actor, user_id: int | None, current_head: int | None) -> str | None:
    """Why this account cannot be the area's head; None when it can. A deactivated head already set
    may stay (the form keeps it); a new head must be an active account, as the list offers."""
    if user_id is None:
        return None
    user = session.get(User, user_id)
    if user is None or user.organization_id != admin.organization_id:
        return UNKNOWN_HEAD
    return INACTIVE_HEAD if not user.active and user_id != current_head else None


@get("/areas", sync_to_thread=True)
def areas(admin: Actor, db: Session) -> Template:
    return page(admin, "areas", areas=areas_of(db, admin))


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
                 area: Area | None = None) -> dict[str, str]:
    if form is not None and _duplicate_code(session, admin, form.clave, exclude_id=area.id if area else None):
        errors["clave"] = DUPLICATE_AREA
    head_problem = form and _head_problem(session, admin, form.titular_usuario_id, area.head_user_id if area else None)
    if head_problem:
        errors["titular_usuario_id"] = head_problem
    return errors


@post("/areas", sync_to_thread=True)
def create_area(admin: Actor, state: State, data: FormData) -> Template | Redirect:
    form, errors = validate(AreaForm, data)
    try:
        with transaction(state.engine) as session:
            if _area_errors(session, admin, form, errors):
                return _area_form(session, admin, 400, values=data, errors=errors, area=None)
            area = Area(organization_id=admin.organization_id, code=form.clave, name=form.nombre,
                        head_name=form.titular, head_user_id=form.titular_usuario_id)
            session.add(area)
            session.flush()
            record(session, admin, "admin.area.creada", "area", area.id, f"Creó el área {area.code}",
                   after=_area_values(area))
    except IntegrityError:
        with transaction(state.engine) as session:
            return _area_form(session, admin, 400, values=data, errors={"clave": DUPLICATE_AREA}, area=None)
    return redirect("/admin/areas")


@get("/areas/{area_id:int}", sync_to_thread=True)
def edit_area(admin: Actor, db: Session, area_id: int) -> Template:
    area = own(db, admin, Area, area_id)
    return _area_form(db, admin, values=form_versions.loaded(_area_values(area)), errors={}, area=area)


def _area_conflict(session: Session, area: Area, data: dict[str, Any]) -> form_versions.Conflict | None:
    head = session.get(User, area.head_user_id) if area.head_user_id else None
    shown = {"titular_usuario_id": f"{head.full_name} ({head.username})"} if head else {}
    return form_versions.conflict(data, _area_values(area), STALE_AREA, AREA_LABELS, shown)


@post("/areas/{area_id:int}", sync_to_thread=True)
def update_area(admin: Actor, state: State, data: FormData, area_id: int) -> Template | Redirect:
    form, errors = validate(AreaForm, data)
    try:
        with transaction(state.engine) as session:
            area = own(session, admin, Area, area_id, for_update=True)
            stale = _area_conflict(session, area, data)
            if stale:
                return _area_form(session, admin, 409, values=stale.values, errors=errors, area=area, conflict=stale)
            if _area_errors(session, admin, form, errors, area=area):
                return _area_form(session, admin, 400, values=data, errors=errors, area=area)
            before = _area_values(area)
            area.code, area.name, area.head_name = form.clave, form.nombre, form.titular
            area.head_user_id = form.titular_usuario_id
            record(session, admin, "admin.area.modificada", "area", area.id, f"Modificó el área {area.code}",
                   before=before, after=_area_values(area))
    except IntegrityError:
        # Nothing was written, so the form's version still holds; the form stays this area's.
        with transaction(state.engine) as session:
            return _area_form(session, admin, 400, values=data, errors={"clave": DUPLICATE_AREA},
                              area=own(session, admin, Area, area_id))
    return redirect("/admin/areas")


def _set_area_active(admin: Actor, state: State, area_id: int, active: bool) -> Template | Redirect:
    with transaction(state.engine) as session:
        area = own(session, admin, Area, area_id, for_update=True)
        if area.active and not active and (problem := area_deactivation_problem(session, area)):
            return page(admin, "areas", 400, areas=areas_of(session, admin), errors={"general": problem})
        if area.active != active:
            area.active = active
            verb = "Reactivó" if active else "Desactivó"
            record(session, admin, "admin.area." + ("activada" if active else "desactivada"), "area", area.id,
                   f"{verb} el área {area.code}", before={"activa": not active}, after={"activa": active})
    return redirect("/admin/areas")


@post("/areas/{area_id:int}/desactivar", sync_to_thread=True)
def deactivate_area(admin: Actor, state: State, area_id: int) -> Template | Redirect:
    return _set_area_active(admin, state, area_id, False)


@post("/areas/{area_id:int}/activar", sync_to_thread=True)
def activate_area(admin: Actor, state: State, area_id: int) -> Template | Redirect:
    return _set_area_active(admin, state, area_id, True)


ROUTES = [Router(
    path="/admin",
    dependencies={"admin": Provide(require_admin, sync_to_thread=False)},
    route_handlers=[areas, new_area, create_area, edit_area, update_area, deactivate_area, activate_area],
    include_in_schema=False,
)]
