"""The e-mail outbox: every message is a row written before delivery, delivered exactly once.

A message is written in the same transaction as the event it reports, with a unique key (for an
alert: deadline, step, recipient), so re-running a sweep never writes it twice. Delivery is a
separate step that claims rows in the database (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: a
conditional UPDATE), sends them and marks them sent. Each message has a stable Message-ID built
from its key, so a retry after a crash between "sent" and "marked" is recognisable downstream.
"""

import hashlib
from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, Index, Session, SQLModel

from engine.clock import utcnow
from engine.db import insert_if_missing
from engine.labels import LabeledEnum


class OutboxStatus(LabeledEnum):
    PENDING = "pendiente", "Pendiente"
    SENDING = "enviando", "Enviando"
    SENT = "enviado", "Enviado"
    FAILED = "fallido", "Fallido"


class OutboxMessage(SQLModel, table=True):
    __table_args__ = (
        # Delivery reads the oldest pending messages whose next attempt is due.
        Index("ix_outbox_delivery", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=30)
    recipient_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    to_address: str = Field(max_length=200)
    subject: str = Field(max_length=300)
    body: str = Field(sa_type=Text)
    message_id: str = Field(max_length=200)
    status: OutboxStatus = Field(default=OutboxStatus.PENDING, max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_until: datetime | None = None
    claimed_by: str = Field(default="", max_length=80)
    last_error: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


def message_id_for(key: str, domain: str = "pleno.local") -> str:
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def enqueue(session: Session, *, organization_id: int, key: str, kind: str, to_address: str, subject: str,
            body: str, recipient_user_id: int | None = None) -> None:
    """Write a message unless one with the same key exists (then this is a repeat: nothing happens)."""
    insert_if_missing(session, OutboxMessage.__table__, dict(
        organization_id=organization_id, key=key, kind=kind, recipient_user_id=recipient_user_id,
        to_address=to_address, subject=subject[:300], body=body, message_id=message_id_for(key),
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=utcnow(), claimed_by="",
        last_error="", created_at=utcnow()))
