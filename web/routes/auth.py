"""Signing in and out: Argon2 passwords, server-side sessions, rate-limited attempts."""

from typing import Annotated

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy import delete
from sqlmodel import select

from engine.accounts import (LoginAttempt, LoginSession, User, check_password, hash_password,
                             too_many_attempts)
from engine.db import transaction
from engine.settings import Settings
from web.deps import login_session_data

SESSION_COOKIE = "session"  # ServerSideSessionConfig's default key
_nobody = User(organization_id=0, username="", full_name="", email="", password_hash="")


def _check(user: User | None, password: str) -> bool:
    """Verify a hash even for an unknown user name, so timing does not tell which names exist."""
    if user is None or not user.active:
        if not _nobody.password_hash:
            _nobody.password_hash = hash_password("no-es-una-cuenta")
        check_password(_nobody, password)
        return False
    return check_password(user, password)


def safe_next(target: str | None) -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative '//' trick."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _client(request: Request) -> str:
    return (request.client.host if request.client else "desconocido")[:60]


def _login_page(next_path: str, username: str = "", error: str = "", status: int = 200) -> Template:
    return Template("auth/login.html", context={"next": next_path, "username": username, "error": error},
                    status_code=status)


def _rotate_session(request: Request, data: dict) -> str | None:
    """A new session id at sign-in, so a session cookie planted before it is worthless."""
    old = request.cookies.get(SESSION_COOKIE)
    request.clear_session()
    # Litestar reuses the id of the request's cookie unless it is gone from the parsed cookies.
    request.cookies.pop(SESSION_COOKIE, None)
    request.set_session(data)
    return old


@get("/login", sync_to_thread=False)
def login_page(next: str | None = None) -> Template:
    # Always the form, even with a session: its user may have been deactivated meanwhile.
    return _login_page(safe_next(next))


@post("/login", sync_to_thread=True)
def login(request: Request, state: State, settings: Settings,
          data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]) -> Response:
    username = (data.get("username") or "").strip()[:80]
    password = data.get("password") or ""
    next_path = safe_next(data.get("next"))
    client = _client(request)
    with transaction(state.engine) as session:
        if too_many_attempts(session, username, client, settings.login_attempts_per_window,
                             settings.login_attempts_per_client, settings.login_window_seconds):
            session.add(LoginAttempt(username=username, client=client, succeeded=False))
            minutes = max(1, settings.login_window_seconds // 60)
            return _login_page(next_path, username, status=429, error=(
                f"Demasiados intentos fallidos. Espere {minutes} minutos antes de volver a intentar."))
        user = session.exec(select(User).where(User.username == username)).first() if username else None
        ok = _check(user, password)
        session.add(LoginAttempt(username=username, client=client, succeeded=ok))
        if not ok:
            return _login_page(next_path, username, status=400,
                               error="Usuario o contraseña incorrectos.")
        old = _rotate_session(request, login_session_data(user))
        if old and old != "null":
            session.execute(delete(LoginSession).where(LoginSession.key == old))
    return Redirect(next_path, status_code=303)


@post("/logout", sync_to_thread=False)
def logout(request: Request) -> Redirect:
    request.clear_session()
    return Redirect("/login", status_code=303)


ROUTES: list = [login_page, login, logout]
