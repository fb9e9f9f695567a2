"""People, their roles in areas, passwords and API tokens."""

import hashlib
import os
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import chain
from typing import NamedTuple
from threading import Lock
from time import monotonic

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import CheckConstraint, and_, delete, event, func, inspect, or_
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, Session, SQLModel, UniqueConstraint, select

from engine.clock import DEFAULT_TIMEZONE, utcnow
from engine.db import LARGEST_ID
from engine.labels import LabeledEnum, counted
from engine.tenancy import Area, Organization, organization_timezone


class Role(LabeledEnum):
    """Roles are also the lane names of the BPMN files."""

    ADMIN = "administrador", "Administración"
    OFICIALIA = "oficialia", "Oficialía de partes"
    ENLACE = "enlace", "Enlace de área"
    TRANSPARENCIA = "transparencia", "Unidad de Transparencia"
    JURIDICO = "juridico", "Dirección Jurídica"
    INTEGRANTE = "integrante", "Integrante de órgano colegiado"
    COMITE = "comite", "Comité de Transparencia"


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    username: str = Field(max_length=80, unique=True, index=True)
    full_name: str = Field(max_length=200)
    email: str = Field(max_length=200)
    password_hash: str = Field(max_length=200)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    # Bumped to sign out every web session of the person (a password reset, a deactivation): a session
    # keeps the number it signed in with, and one with an older number is signed out (web/deps.py),
    # whichever web process it reaches.
    credential_generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


# The roles held for one area: an enlace works its area's tasks. Every other role works for the whole
# organization (its lanes' tasks belong to no area, its pages list the whole organization's work),
# so an area given with it would limit nothing, or only some pages.
AREA_ROLES = frozenset({Role.ENLACE})


def membership_problem(role: Role, area_id: int | None) -> str | None:
    """Why a role cannot be held so (with or without an area), in Spanish; None when it can."""
    if role in AREA_ROLES and area_id is None:
        return "Un enlace siempre es de un área: elija el área."
    if role not in AREA_ROLES and area_id is not None:
        return f"El rol «{role.label}» es para todo el ente, no para un área: deje el área vacía."
    return None


class Membership(SQLModel, table=True):
    """A role a user holds: an enlace's for one area, any other for the whole organization (area_id None)."""

    __table_args__ = (UniqueConstraint("user_id", "role", "area_id"),
                      CheckConstraint("role = 'ENLACE' OR area_id IS NULL", name="ck_membership_area_only_for_enlace"))

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    role: Role = Field(max_length=30)
    area_id: int | None = Field(default=None, foreign_key="area.id", index=True)


class ApiToken(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=100)
    # Only the SHA-256 of the token is kept; the token itself is shown once.
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


def _password_hasher() -> PasswordHasher:
    # The test suite creates personas for every test; there the cheapest Argon2 parameters do.
    # Hashes keep their own parameters, so verification works whatever made them.
    if os.environ.get("PLENO_PASSWORD_HASHING") == "cheapest-for-tests":
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher()


_hasher = _password_hasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def end_sessions(user: User) -> None:
    """Sign out every web session of this person: they sign in again (User.credential_generation)."""
    user.credential_generation += 1


def revoke_api_tokens(session: Session, user: User) -> int:
    """Revoke every API token of this person still in force; how many."""
    tokens = session.exec(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))).all()
    revoked_at = utcnow()
    for token in tokens:
        token.revoked_at = revoked_at
    return len(tokens)


class Revoked(NamedTuple):
    """What ending a person's credentials took away, for the page or the log to say."""
    api_tokens: int
    calendar_feed: bool

    def in_the_log(self) -> str:
        """« y revocó 2 tokens de API y la dirección de su calendario», or nothing when nothing was revoked."""
        parts = ([counted(self.api_tokens, "token", "tokens") + " de API"] if self.api_tokens else []) + (
            ["la dirección de su calendario"] if self.calendar_feed else [])
        return " y revocó " + " y ".join(parts) if parts else ""


def end_credentials(session: Session, user: User) -> Revoked:
    """Nothing issued before now lets this person in again: their web sessions end, their API
    tokens are revoked and the secret address of their calendar feed stops answering."""
    # Imported here: the feed's table refers to User, so its module imports this one.
    from engine.calendar_feeds import revoke_feed
    end_sessions(user)
    return Revoked(revoke_api_tokens(session, user), revoke_feed(session, user.id))


def set_password(session: Session, user: User, password: str) -> Revoked:
    """A new password; what it revoked.

    A reset usually means the account was compromised: whoever took it may also hold a token
    (they do not need the password for /api/v1) or the feed's address (it needs no session), so
    they go with the web sessions.
    """
    user.password_hash = hash_password(password)
    return end_credentials(session, user)


def check_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def create_user(session: Session, organization_id: int, username: str, full_name: str, email: str,
                password: str, roles: list[tuple[Role, int | None]] = ()) -> User:
    problems = [problem for role, area_id in roles if (problem := membership_problem(role, area_id))]
    if problems:
        raise ValueError(problems[0])
    user = User(organization_id=organization_id, username=username, full_name=full_name,
                email=email, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    for role, area_id in roles:
        session.add(Membership(organization_id=organization_id, user_id=user.id, role=role, area_id=area_id))
    session.flush()
    return user


def issue_api_token(session: Session, user: User, name: str) -> str:
    token = "pl_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=_digest(token)))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == _digest(token),
                                              ApiToken.revoked_at.is_(None))).first()
    if row is None:
        return None
    user = session.get(User, row.user_id)
    return user if user and user.active else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def memberships_of(session: Session, user_id: int) -> list[Membership]:
    return list(session.exec(select(Membership).where(Membership.user_id == user_id)).all())


class Actor:
    """Who is acting and where: the user's roles, each for the whole organization or some areas."""

    def __init__(self, user_id: int | None, organization_id: int, name: str,
                 grants: dict[Role, set[int | None]], timezone: str = DEFAULT_TIMEZONE):
        self.user_id = user_id
        self.organization_id = organization_id
        self.name = name
        self.grants = grants
        # The organization's zone: pages show every moment in it.
        self.timezone = timezone

    @property
    def roles(self) -> set[Role]:
        return set(self.grants)

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.grants

    def can_act(self, role: str | None, area_id: int | None) -> bool:
        """A task in a lane (role) and maybe an area: does this actor hold that role there?"""
        if role is None:
            return self.is_admin
        areas = self.grants.get(Role(role)) if role in Role._value2member_map_ else None
        if areas is None:
            return False
        return None in areas or area_id is None or area_id in areas

    def area_ids(self) -> set[int]:
        return {a for areas in self.grants.values() for a in areas if a is not None}


def grants_of(memberships: Iterable[Membership]) -> dict[Role, set[int | None]]:
    """Each role these memberships hold, with its areas (None: the whole organization)."""
    grants: dict[Role, set[int | None]] = {}
    for membership in memberships:
        grants.setdefault(Role(membership.role), set()).add(membership.area_id)
    return grants


def actor_for(session: Session, user: User) -> Actor:
    return Actor(user.id, user.organization_id, user.full_name, grants_of(memberships_of(session, user.id)),
                 organization_timezone(session, user.organization_id))


# -- signed-in people remembered for a few seconds -----------------------------------------------
#
# Every page needs the Actor: the user row and its memberships, two reads on every request. An
# Actor is remembered per login session for ACTOR_TTL_SECONDS. A change to a User or Membership
# written through any ORM session of this process forgets the people it touches when it commits
# (the hooks below); another web process sees the change when its entry expires. So a disabled
# user, a removed role or a new one takes effect at the latest ACTOR_TTL_SECONDS after the commit.
# Signing out needs none of this: the login session row is read on every request.

ACTOR_TTL_SECONDS = 10.0
_REMEMBER_AT_MOST = 10_000
_remembered: dict[str, tuple[float, Actor]] = {}
_remembered_lock = Lock()
_generation = 0  # bumped by every forget, so a read that raced a change is not remembered


def actor_generation() -> int:
    """Take before reading an actor from the database; give to remember_actor."""
    return _generation


def remembered_actor(key: str, user_id: int) -> Actor | None:
    entry = _remembered.get(key)
    if entry is None or entry[0] <= monotonic() or entry[1].user_id != user_id:
        return None
    return entry[1]


def remember_actor(key: str, actor: Actor, generation: int, read_at: float) -> None:
    """Remember an actor read at `read_at` (monotonic), unless people changed since `generation`."""
    with _remembered_lock:
        if generation != _generation:
            return
        if len(_remembered) >= _REMEMBER_AT_MOST:
            _remembered.clear()
        _remembered[key] = (read_at + ACTOR_TTL_SECONDS, actor)


def forget_actors(user_ids: set[int] | None = None) -> None:
    """Forget these people (None: everyone) in this process."""
    global _generation
    with _remembered_lock:
        _generation += 1
        if user_ids is None:
            _remembered.clear()
        else:
            for key in [k for k, (_, actor) in _remembered.items() if actor.user_id in user_ids]:
                del _remembered[key]


_CHANGED = "pleno_people_changed"
_EVERYONE = object()


@event.listens_for(OrmSession, "after_flush")
def _note_changed_people(session, _flush_context) -> None:
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Organization):  # its time zone, which every remembered Actor carries
            session.info[_CHANGED] = _EVERYONE
        elif isinstance(obj, (User, Membership)):
            # Loaded values only: an expired object must not be read back in the middle of a flush.
            user_id = inspect(obj).dict.get("id" if isinstance(obj, User) else "user_id")
            changed = session.info.setdefault(_CHANGED, set())
            if user_id is None:
                session.info[_CHANGED] = _EVERYONE
            elif changed is not _EVERYONE:
                changed.add(user_id)


@event.listens_for(OrmSession, "do_orm_execute")
def _note_bulk_changes(state) -> None:
    # An UPDATE/DELETE/INSERT statement on users or memberships: who it touched is unknown.
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    if getattr(state.statement, "table", None) in (User.__table__, Membership.__table__, Organization.__table__):
        state.session.info[_CHANGED] = _EVERYONE


@event.listens_for(OrmSession, "after_commit")
def _forget_changed_people(session) -> None:
    changed = session.info.pop(_CHANGED, None)
    if changed is not None:
        forget_actors(None if changed is _EVERYONE else changed)


def system_actor(organization_id: int) -> Actor:
    """The scheduler and service tasks act as the system, not as a person."""
    return Actor(None, organization_id, "Sistema", {})


class LoginSession(SQLModel, table=True):
    """Server-side web sessions, in the database so any web process can serve any request."""

    key: str = Field(primary_key=True, max_length=100)
    data: bytes
    expires_at: datetime | None = Field(default=None, index=True)


def purge_expired_sessions(session: Session, now: datetime) -> int:
    """Delete the sessions whose time ran out (they already read as signed out); how many."""
    return session.connection().execute(delete(LoginSession).where(LoginSession.expires_at <= now)).rowcount


class LoginAttempt(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, index=True)
    client: str = Field(max_length=60, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    succeeded: bool = False


def too_many_attempts(session: Session, username: str, client: str, per_user: int, per_client: int,
                      window_seconds: int) -> bool:
    """Whether sign-in is closed for a while: `per_user` failures for this user name, or `per_client`
    failures (for any names) from this address, within the window.

    The address gets a larger allowance than a name: a whole office often reaches Pleno from one
    address (one NAT, one proxy), and one colleague's typos must not lock everyone else out; guessing
    across many names from one place is still cut short.
    """
    since = utcnow() - timedelta(seconds=window_seconds)
    failed = and_(LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False))
    by_name, by_client = session.exec(select(
        func.count().filter(LoginAttempt.username == username),
        func.count().filter(LoginAttempt.client == client)).where(
        failed, or_(LoginAttempt.username == username, LoginAttempt.client == client))).one()
    return by_name >= per_user or by_client >= per_client


def areas_without_enlace(session: Session, organization_id: int, area_ids: list[int]) -> list[Area]:
    """Of these areas, those no active person is enlace of: a task turned there reaches no inbox."""
    staffed = set(session.exec(select(Membership.area_id).join(User, User.id == Membership.user_id).where(
        Membership.organization_id == organization_id, Membership.role == Role.ENLACE,
        Membership.area_id.in_(area_ids), User.active)).all())
    areas = session.exec(select(Area).where(Area.organization_id == organization_id, Area.id.in_(area_ids))
                         .order_by(Area.name)).all()
    return [area for area in areas if area.id not in staffed]


def unstaffed_turn_message(areas: list[Area]) -> str:
    names = ", ".join(area.name for area in areas)
    return (f"Nadie es enlace de {names}: el turno no llegaría a ninguna bandeja. Asigne un enlace en "
            "Administración → Usuarios, o elija otra área.")


def areas_problem(session: Session, organization_id: int, area_ids: list[int]) -> str | None:
    """Why work cannot be given to these areas, as a Spanish sentence without its period; None when it can.

    An id of no area of the organization (typed into a form by hand, sent by an API client) or of an
    area closed since would leave the work where nobody sees it: refused before anything is written.
    """
    ids = [area_id for area_id in area_ids if 0 < area_id <= LARGEST_ID]  # a bigger one names no row
    found = {area.id: area for area in session.exec(select(Area).where(
        Area.organization_id == organization_id, Area.id.in_(ids or [-1]))).all()}
    unknown = [str(area_id) for area_id in area_ids if area_id not in found]
    if unknown:
        return (f"El área {unknown[0]} no existe en este ente" if len(unknown) == 1
                else f"Las áreas {', '.join(unknown)} no existen en este ente")
    closed = sorted((area for area in found.values() if not area.active), key=lambda area: area.name)
    if closed:
        names = ", ".join(area.name for area in closed)
        return f"{names} ya no {'está activa' if len(closed) == 1 else 'están activas'}"
    return None


def turn_areas_problem(session: Session, organization_id: int, area_ids: list[int]) -> str | None:
    """Why a turn to these areas cannot be given (see areas_problem, and areas nobody is enlace of)."""
    problem = areas_problem(session, organization_id, area_ids)
    if problem:
        return f"{problem}: elija las áreas de la lista."
    unstaffed = areas_without_enlace(session, organization_id, area_ids)
    return unstaffed_turn_message(unstaffed) if unstaffed else None
