"""Administration of the organization's users: their data, password, roles and API tokens."""

from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from pydantic import BaseModel, Field, field_validator, model_validator
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from engine.accounts import (Actor, ApiToken, Membership, Revoked, Role, User, create_user, issue_api_token,
                             membership_problem, set_password)
from engine.clock import utcnow
from engine.db import transaction
from engine.forms import BlankIsNone, FieldProblem
from engine.handover import release_claims_of, revocation_problem, set_active
from engine.tenancy import Area
from web import form_versions
from web.deps import login_session_data
from web.routes.admin import (FormData, NewUserForm, areas_of, checked_email, own, page, record, redirect,
                              require_admin, validate)

# -- forms --------------------------------------------------------------------------------------


class UserEditForm(BaseModel):
    nombre: str = Field(min_length=3, max_length=200)
    correo: str = Field(min_length=3, max_length=200)

    @field_validator("correo")
    @classmethod
    def email_like(cls, value: str) -> str:
        return checked_email(value)


class PasswordForm(BaseModel):
    contrasena: str = Field(min_length=10, max_length=200)
    confirmacion: str

    @model_validator(mode="after")
    def same(self) -> "PasswordForm":
        if self.contrasena != self.confirmacion:
            raise ValueError("La confirmación no coincide con la contraseña.")
        return self


class MembershipForm(BaseModel):
    rol: Role
    area_id: Annotated[int | None, BlankIsNone] = None  # none: for the whole organization

    @model_validator(mode="after")
    def area_as_the_role_needs(self) -> "MembershipForm":
        problem = membership_problem(self.rol, self.area_id)
        if problem:
            raise FieldProblem("area_id", problem)
        return self


class TokenForm(BaseModel):
    nombre_token: str = Field(min_length=3, max_length=100)


# -- helpers ------------------------------------------------------------------------------------

# Two administrators editing at once (web/form_versions.py).
STALE_USER = "Otra persona modificó los datos de esta cuenta mientras usted los editaba." + form_versions.AGAIN
REVOKED_ALREADY = ("Ese rol ya no estaba asignado: otra persona lo revocó mientras usted veía la página. "
                   "La lista muestra los roles actuales.")
USER_LABELS = {"nombre": "Nombre completo", "correo": "Correo electrónico"}

ROLE_OPTIONS = [(role.value, role.label) for role in Role]


def _area_options(session: Session, admin: Actor) -> list[tuple[int, str]]:
    return [(a.id, f"{a.code} · {a.name}") for a in areas_of(session, admin, active_only=True)]


# -- users, roles and tokens --------------------------------------------------------------------


@get("/usuarios", sync_to_thread=True)
def users(admin: Actor, db: Session) -> Template:
    rows = db.exec(select(User).where(User.organization_id == admin.organization_id)
                   .order_by(User.username)).all()
    return page(admin, "users", users=rows)


@get("/usuarios/nuevo", sync_to_thread=True)
def new_user(admin: Actor, db: Session) -> Template:
    return page(admin, "user_new", values={}, errors={}, roles=ROLE_OPTIONS, area_options=_area_options(db, admin))


DUPLICATE_USER = "Ese nombre de usuario ya existe; elija otro."


@post("/usuarios", sync_to_thread=True)
def create_user_page(admin: Actor, state: State, db: Session, data: FormData) -> Template | Redirect:
    form, errors = validate(NewUserForm, data)
    membership = None
    if data.get("rol"):
        membership, role_errors = validate(MembershipForm, data)
        errors.update(role_errors)
    failed = lambda errs: page(admin, "user_new", 400, values=data, errors=errs, roles=ROLE_OPTIONS,  # noqa: E731
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
            record(session, admin, "admin.usuario.creado", "usuario", user.id, f"Creó el usuario {user.username}",
                   after=_user_values(user) | {"roles": [f"{r.value}:{a or ''}" for r, a in roles]})
    except IntegrityError:
        return failed({"usuario": DUPLICATE_USER})
    except NotFoundException:
        return failed({"area_id": "Elija un área activa de este ente."})
    return redirect(f"/admin/usuarios/{user.id}")


def _own_active_area(session: Session, admin: Actor, area_id: int) -> Area:
    area = own(session, admin, Area, area_id)
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
    areas = areas_of(session, admin)
    context.setdefault("values", form_versions.loaded(_user_form_values(user)))
    context.setdefault("errors", {})
    return page(admin, "user", status, user=user, memberships=memberships, tokens=tokens,
                area_names={a.id: f"{a.code} · {a.name}" for a in areas},
                area_options=[(a.id, f"{a.code} · {a.name}") for a in areas if a.active],
                roles=ROLE_OPTIONS, role_labels={role.value: role.label for role in Role},
                is_self=user.id == admin.user_id, **context)


@get("/usuarios/{user_id:int}", sync_to_thread=True)
def user_detail(admin: Actor, db: Session, user_id: int) -> Template:
    return _user_page(db, admin, own(db, admin, User, user_id))


@post("/usuarios/{user_id:int}", sync_to_thread=True)
def update_user(admin: Actor, state: State, data: FormData, user_id: int) -> Template | Redirect:
    form, errors = validate(UserEditForm, data)
    with transaction(state.engine) as session:
        user = own(session, admin, User, user_id, for_update=True)
        stale = form_versions.conflict(data, _user_form_values(user), STALE_USER, USER_LABELS)
        if stale:
            return _user_page(session, admin, user, 409, values=stale.values, errors=errors, conflict=stale)
        if errors:
            return _user_page(session, admin, user, 400, values=data, errors=errors)
        before = _user_values(user)
        user.full_name, user.email = form.nombre, form.correo
        record(session, admin, "admin.usuario.modificado", "usuario", user.id,
               f"Modificó los datos de {user.username}", before=before, after=_user_values(user))
    return redirect(f"/admin/usuarios/{user_id}")


def _set_user_active(admin: Actor, state: State, user_id: int, active: bool) -> Template | Redirect:
    with transaction(state.engine) as session:
        user = own(session, admin, User, user_id)
        if user.id == admin.user_id and not active:
            return _user_page(session, admin, user, 400,
                              errors={"general": "No puede desactivar su propia cuenta."})
        if problem := set_active(session, admin, user, active):
            return _user_page(session, admin, user, 400, errors={"general": problem})
    return redirect(f"/admin/usuarios/{user_id}")


@post("/usuarios/{user_id:int}/desactivar", sync_to_thread=True)
def deactivate_user(admin: Actor, state: State, user_id: int) -> Template | Redirect:
    return _set_user_active(admin, state, user_id, False)


@post("/usuarios/{user_id:int}/activar", sync_to_thread=True)
def activate_user(admin: Actor, state: State, user_id: int) -> Template | Redirect:
    return _set_user_active(admin, state, user_id, True)


@post("/usuarios/{user_id:int}/contrasena", sync_to_thread=True)
def reset_password(admin: Actor, request: Request, state: State, data: FormData, user_id: int) -> Template:
    form, errors = validate(PasswordForm, data)
    with transaction(state.engine) as session:
        user = own(session, admin, User, user_id, for_update=True)
        if errors:
            return _user_page(session, admin, user, 400, password_errors=errors)
        # Every session of the person signed in with the old password ends, and their API tokens are
        # revoked; an administrator resetting their own keeps the session they are using.
        revoked = set_password(session, user, form.contrasena)
        if user.id == admin.user_id:
            request.set_session({**request.session, **login_session_data(user)})
        # The hash itself never goes into the log.
        record(session, admin, "admin.usuario.contrasena", "usuario", user.id,
               f"Restableció la contraseña de {user.username}" + revoked.in_the_log())
        return _user_page(session, admin, user, notice="Contraseña restablecida. " + _tokens_revoked(revoked))


def _tokens_revoked(revoked: Revoked) -> str:
    """What a reset did to the person's API tokens and calendar feed: whatever used them needs new ones."""
    if revoked.api_tokens == 0:
        said = "No tenía tokens de API vigentes."
    elif revoked.api_tokens == 1:
        said = "Se revocó su token de API vigente: emita uno nuevo para el sistema que lo usaba."
    else:
        said = (f"Se revocaron sus {revoked.api_tokens} tokens de API vigentes: emita uno nuevo para cada sistema "
                "que los usaba.")
    if revoked.calendar_feed:
        said += (" La dirección de su calendario de plazos dejó de funcionar: la persona debe emitir una nueva en "
                 "Mis plazos y suscribir con ella su calendario.")
    return said


@post("/usuarios/{user_id:int}/roles", sync_to_thread=True)
def grant_role(admin: Actor, state: State, data: FormData, user_id: int) -> Template | Redirect:
    form, errors = validate(MembershipForm, data)
    with transaction(state.engine) as session:
        user = own(session, admin, User, user_id)
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
        record(session, admin, "admin.rol.otorgado", "usuario", user.id,
               f"Otorgó el rol {Role(form.rol).label} a {user.username}",
               after={"rol": form.rol.value, "area_id": form.area_id})
    return redirect(f"/admin/usuarios/{user_id}")


@post("/usuarios/{user_id:int}/roles/{membership_id:int}/revocar", sync_to_thread=True)
def revoke_role(admin: Actor, state: State, user_id: int, membership_id: int) -> Template | Redirect:
    with transaction(state.engine) as session:
        user = own(session, admin, User, user_id)
        membership = session.get(Membership, membership_id, with_for_update=True)
        if membership is None:
            # Revoked by another administrator since this page was shown: say so rather than a 404.
            return _user_page(session, admin, user, 409, errors={"general": REVOKED_ALREADY})
        if membership.user_id != user.id:
            raise NotFoundException()
        if user.id == admin.user_id and membership.role == Role.ADMIN:
            return _user_page(session, admin, user, 400,
                              errors={"general": "No puede quitarse a sí mismo el rol de administración."})
        problem = revocation_problem(session, user, membership)
        if problem:
            return _user_page(session, admin, user, 400, errors={"general": problem})
        record(session, admin, "admin.rol.revocado", "usuario", user.id,
               f"Revocó el rol {Role(membership.role).label} a {user.username}",
               before={"rol": membership.role, "area_id": membership.area_id})
        session.delete(membership)
        release_claims_of(session, admin, user)
    return redirect(f"/admin/usuarios/{user_id}")


@post("/usuarios/{user_id:int}/tokens", sync_to_thread=True)
def issue_token(admin: Actor, state: State, data: FormData, user_id: int) -> Template:
    form, errors = validate(TokenForm, data)
    with transaction(state.engine) as session:
        user = own(session, admin, User, user_id)
        if errors:
            return _user_page(session, admin, user, 400, token_errors=errors, token_values=data)
        token = issue_api_token(session, user, form.nombre_token)
        record(session, admin, "admin.token.emitido", "usuario", user.id,
               f"Emitió el token de API «{form.nombre_token}» para {user.username}",
               after={"nombre": form.nombre_token})
        # Shown once: only its hash is kept.
        return _user_page(session, admin, user, new_token=token)


@post("/usuarios/{user_id:int}/tokens/{token_id:int}/revocar", sync_to_thread=True)
def revoke_token(admin: Actor, state: State, user_id: int, token_id: int) -> Redirect:
    with transaction(state.engine) as session:
        user = own(session, admin, User, user_id)
        token = session.get(ApiToken, token_id)
        if token is None or token.user_id != user.id:
            raise NotFoundException()
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            record(session, admin, "admin.token.revocado", "usuario", user.id,
                   f"Revocó el token de API «{token.name}» de {user.username}", before={"nombre": token.name})
    return redirect(f"/admin/usuarios/{user_id}")


ROUTES = [Router(
    path="/admin",
    dependencies={"admin": Provide(require_admin, sync_to_thread=False)},
    route_handlers=[users, new_user, create_user_page, user_detail, update_user, deactivate_user, activate_user,
                    reset_password, grant_role, revoke_role, issue_token, revoke_token],
    include_in_schema=False,
)]
