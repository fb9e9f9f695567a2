"""Request dependencies: the database, the signed-in person and what they may do."""

from collections.abc import AsyncIterator, Callable
from time import monotonic
from typing import TypeVar

from anyio import to_thread
from litestar import Request
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException
from sqlmodel import Session

from engine.accounts import (Actor, User, actor_for, actor_generation, remember_actor, remembered_actor,
                             user_for_token)
from engine.db import reading_session
from engine.settings import Settings
from web.filters import ZONE_KEY

T = TypeVar("T")


async def provide_db(state: State) -> AsyncIterator[Session]:
    """A reading session; handlers that write open engine.db.transaction themselves."""
    # Async only so that Litestar closes it on the event loop: closing a sync generator
    # dependency costs every request a hop to a worker thread and back.
    with reading_session(state.engine) as session:
        yield session


async def run_reads(db: Session, read: Callable[..., T], *args) -> T:
    """A page's reads: on the event loop on SQLite, in a worker thread on PostgreSQL."""
    # On PostgreSQL each query waits for the server, time the loop spends on other requests. On
    # SQLite nothing waits (WAL readers take no lock) and the hop to a thread and back costs more
    # than the reads: the request list under 32 connections serves about 1.6 times as many.
    if db.get_bind().dialect.name == "sqlite":
        return read(*args)
    return await to_thread.run_sync(lambda: read(*args))


def provide_settings(state: State) -> Settings:
    return state.settings


# The login session keeps the account's credential generation from its sign-in: once the password
# is reset (or the account deactivated) the numbers differ and the session is signed out. Sessions
# from before the number was kept read as 0, what every account starts with.
CREDENTIAL_GENERATION_KEY = "credential_generation"


def login_session_data(user: User) -> dict:
    """What a web session holds for its signed-in person."""
    return {"user_id": user.id, CREDENTIAL_GENERATION_KEY: user.credential_generation}


def signed_in_user(request: Request, db: Session) -> User | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_token(db, header[7:].strip())
    user_id = request.session.get("user_id") if "session" in request.scope else None
    if user_id is None:
        return None
    user = db.get(User, user_id)
    if user is None or not user.active:
        return None
    return user if request.session.get(CREDENTIAL_GENERATION_KEY, 0) == user.credential_generation else None


def provide_actor(request: Request, db: Session) -> Actor:
    actor = _signed_in_actor(request, db)
    request.scope[ZONE_KEY] = actor.timezone  # the zone the page's dates are shown in (web/filters.py)
    return actor


def _signed_in_actor(request: Request, db: Session) -> Actor:
    # A signed-in page's person and roles are remembered per login session for a few seconds
    # (engine.accounts.ACTOR_TTL_SECONDS); the login session itself was read for this request.
    session_key = _login_session_key(request)
    if session_key is not None:
        actor = remembered_actor(session_key, request.session["user_id"])
        if actor is not None:
            return actor
    generation, read_at = actor_generation(), monotonic()
    user = signed_in_user(request, db)
    if user is None:
        raise NotAuthorizedException("Inicie sesión para continuar.")
    actor = actor_for(db, user)
    if session_key is not None:
        remember_actor(session_key, actor, generation, read_at)
    return actor


def _login_session_key(request: Request) -> str | None:
    """The login session's cookie when the request is signed in by it (not by an API token)."""
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return None
    if "session" not in request.scope or request.session.get("user_id") is None:
        return None
    return request.cookies.get("session")  # ServerSideSessionConfig's default key
