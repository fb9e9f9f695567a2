"""Request dependencies: the database, the signed-in person and what they may do."""

from collections.abc import Iterator

from litestar import Request
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException
from sqlmodel import Session

from engine.accounts import Actor, User, actor_for, user_for_token
from engine.settings import Settings


def provide_db(state: State) -> Iterator[Session]:
    """A reading session; handlers that write open engine.db.transaction themselves."""
    with Session(state.engine, expire_on_commit=False) as session:
        yield session


def provide_settings(state: State) -> Settings:
    return state.settings


def signed_in_user(request: Request, db: Session) -> User | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_token(db, header[7:].strip())
    user_id = request.session.get("user_id") if "session" in request.scope else None
    if user_id is None:
        return None
    user = db.get(User, user_id)
    return user if user is not None and user.active else None


def provide_actor(request: Request, db: Session) -> Actor:
    user = signed_in_user(request, db)
    if user is None:
        raise NotAuthorizedException("Inicie sesión para continuar.")
    return actor_for(db, user)
