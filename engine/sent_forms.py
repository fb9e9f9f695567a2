"""A registration form sent more than once registers once: the browser's «Atrás» and «Registrar» again,
a client that retries, the same form sent three times at once.

Each registration form carries a key of its own (web/resubmission.py). The registration takes the key
in its own transaction, first, under a unique constraint (organization, key): of two sends of one key,
the second waits for the first to commit and then learns what it registered; if the first rolled back,
the key is free again and the second registers.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel, UniqueConstraint

from engine.clock import utcnow

KEY_LENGTH = 40
# How long a sent form's key guards against its repetition. A form sent again later than this (a page
# left open for weeks, then «Atrás» and «Registrar») registers again; the table does not grow forever.
KEPT_FOR = timedelta(days=30)


class SentForm(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("organization_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    key: str = Field(max_length=KEY_LENGTH)
    # What the form registered (a document's, a request's id): set in the same transaction as the key.
    registered_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class SentAlready(Exception):
    """This form's key already registered something: `registered_id`."""

    def __init__(self, registered_id: int | None):
        super().__init__("formulario ya enviado")
        self.registered_id = registered_id


def claim(session: Session, organization_id: int, key: object) -> int | None:
    """Take the form's key inside the registration's transaction, before anything is written; SentAlready
    if a send of it already registered. None (nothing to guard) for a form without a usable key."""
    if not isinstance(key, str) or not key or len(key) > KEY_LENGTH:
        return None
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = SentForm.__table__
    # ON CONFLICT DO NOTHING waits for a send of the same key still in course: its commit makes this
    # one a repetition, its rollback lets this one register.
    taken = session.connection().execute(
        dialect.insert(table).values(organization_id=organization_id, key=key, created_at=utcnow())
        .on_conflict_do_nothing().returning(table.c.id)).scalar()
    if taken is None:
        raise SentAlready(session.connection().execute(select(table.c.registered_id).where(
            table.c.organization_id == organization_id, table.c.key == key)).scalar())
    return taken


def record(session: Session, claimed: int | None, registered_id: int) -> None:
    """What the form whose key was claimed registered."""
    if claimed is not None:
        session.connection().execute(update(SentForm.__table__).where(SentForm.__table__.c.id == claimed)
                                     .values(registered_id=registered_id))


def purge_old(session: Session, now: datetime) -> int:
    """Delete the keys older than KEPT_FOR; how many."""
    table = SentForm.__table__
    return session.connection().execute(delete(table).where(table.c.created_at < now - KEPT_FOR)).rowcount
