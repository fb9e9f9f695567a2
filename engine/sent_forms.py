"""A registration sent more than once registers once: the browser's «Atrás» and «Registrar» again,
a client that retries, the same form sent three times at once, an API request sent again after a timeout.

Each registration form carries a key of its own (web/resubmission.py); an API client sends its own key
in the Idempotency-Key header. The registration takes the key in its own transaction, first, under a
unique constraint (organization, key): of two sends of one key, the second waits for the first to
commit and then learns what it registered; if the first rolled back, the key is free again and the
second registers.
"""

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Column, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel, UniqueConstraint

from engine.clock import utcnow

KEY_LENGTH = 40
# An API client's own key: a UUID is 36 characters; room for a client's scheme of its own.
REQUEST_KEY_LENGTH = 100
# An API key is kept as «api:<user id>:<key>»: each token's owner has keys of their own, and no form's key
# (web/resubmission.py makes them without «:») is ever one of them.
_STORED_KEY_LENGTH = 128
# How long a sent form's key guards against its repetition. A form sent again later than this (a page
# left open for weeks, then «Atrás» and «Registrar») registers again; the table does not grow forever.
KEPT_FOR = timedelta(days=30)


class SentForm(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("organization_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    key: str = Field(max_length=_STORED_KEY_LENGTH)
    # What the form registered (a document's, a request's id): set in the same transaction as the key.
    registered_id: int | None = None
    # An API request's only: its body's digest, which tells a retry from another request reusing the key,
    # and the answer it got, which a retry gets again.
    request_digest: str | None = Field(default=None, max_length=64)
    response: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)


class SentAlready(Exception):
    """This key already registered something: `registered_id` (and, sent by the API, its `response`)."""

    def __init__(self, registered_id: int | None, response: dict[str, Any] | None = None):
        super().__init__("formulario ya enviado")
        self.registered_id = registered_id
        self.response = response


class KeyReused(Exception):
    """An API request reuses the key of an earlier one with another body: `response` is the earlier one's."""

    def __init__(self, key: str, response: dict[str, Any] | None):
        super().__init__("clave usada con otros datos")
        self.key = key
        self.response = response


def claim(session: Session, organization_id: int, key: object) -> int | None:
    """Take the form's key inside the registration's transaction, before anything is written; SentAlready
    if a send of it already registered. None (nothing to guard) for a form without a usable key."""
    if not isinstance(key, str) or not key or len(key) > KEY_LENGTH or ":" in key:
        return None
    claimed, earlier = _take(session, organization_id, key, None)
    if earlier is not None:
        raise SentAlready(earlier.registered_id)
    return claimed


def claim_request(session: Session, organization_id: int, user_id: int, key: str, body: Any) -> int:
    """Take an API request's Idempotency-Key, as `claim` a form's: SentAlready if a request with this key
    and body already registered, KeyReused if the key's request had another body."""
    digest = request_digest(body)
    claimed, earlier = _take(session, organization_id, f"api:{user_id}:{key}", digest)
    if earlier is not None:
        if earlier.request_digest != digest:
            raise KeyReused(key, earlier.response)
        raise SentAlready(earlier.registered_id, earlier.response)
    return claimed


def request_digest(body: Any) -> str:
    """The same JSON in any key order or spacing gives the same digest."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _take(session: Session, organization_id: int, key: str, digest: str | None) -> tuple[int | None, Any]:
    """(the claimed row's id, None), or (None, the row of the send that took the key first)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = SentForm.__table__
    # ON CONFLICT DO NOTHING waits for a send of the same key still in course: its commit makes this
    # one a repetition, its rollback lets this one register.
    taken = session.connection().execute(
        dialect.insert(table).values(organization_id=organization_id, key=key, request_digest=digest,
                                     created_at=utcnow())
        .on_conflict_do_nothing().returning(table.c.id)).scalar()
    if taken is not None:
        return taken, None
    return None, session.connection().execute(select(table).where(
        table.c.organization_id == organization_id, table.c.key == key)).one()


def record(session: Session, claimed: int | None, registered_id: int,
           response: dict[str, Any] | None = None) -> None:
    """What the send whose key was claimed registered, and for an API request what it answered."""
    if claimed is not None:
        session.connection().execute(update(SentForm.__table__).where(SentForm.__table__.c.id == claimed)
                                     .values(registered_id=registered_id, response=response))


def purge_old(session: Session, now: datetime) -> int:
    """Delete the keys older than KEPT_FOR; how many."""
    table = SentForm.__table__
    return session.connection().execute(delete(table).where(table.c.created_at < now - KEPT_FOR)).rowcount
