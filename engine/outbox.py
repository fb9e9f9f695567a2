"""The e-mail outbox: every message is a row written before delivery, delivered exactly once.

A message is written in the same transaction as the event it reports, with a unique key (for an
alert: deadline, step, recipient), so re-running a sweep never writes it twice. Delivery is a
separate step that claims rows in the database (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: a
conditional UPDATE), sends them and marks them sent. Each message has a stable Message-ID built
from its key, so a retry after a crash between "sent" and "marked" is recognisable downstream.
"""

import hashlib
import os
import socket
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Text, and_, func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Field, Index, Session, SQLModel, select, update

from engine import mail
from engine.clock import utcnow
from engine.db import insert_if_missing, is_sqlite, transaction
from engine.labels import LabeledEnum
from engine.settings import Settings

BATCH = 100
MAX_BACKOFF = timedelta(hours=6)


class OutboxStatus(LabeledEnum):
    PENDING = "pendiente", "Pendiente"
    SENDING = "enviando", "Enviando"
    SENT = "enviado", "Enviado"
    FAILED = "fallido", "Fallido"
    # No longer true when its turn came (WITHDRAWALS): never sent, never retried.
    WITHDRAWN = "retirado", "Retirado"


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
    withdrawn_reason: str = Field(default="", sa_type=Text)
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


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:80]


def _claimable(now: datetime):
    # Pending and due, or claimed by a worker whose lease ran out (it died or hung mid-batch).
    return or_(and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
               and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_until < now))


def claim(engine: Engine, now: datetime, worker: str, batch: int, lease_seconds: int) -> list[OutboxMessage]:
    """Take up to `batch` due messages for this worker, in a short transaction of their own."""
    until = now + timedelta(seconds=lease_seconds)
    with transaction(engine) as session:
        query = select(OutboxMessage.id).where(_claimable(now)).order_by(
            OutboxMessage.next_attempt_at, OutboxMessage.id).limit(batch)
        if not is_sqlite(engine):
            # Rows another worker is claiming right now are its batch, not ours: skip, do not wait.
            query = query.with_for_update(skip_locked=True)
        ids = session.exec(query).all()
        if not ids:
            return []
        # Conditional, so a row is never taken from a live claim (SQLite already holds the write lock).
        session.connection().execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids), _claimable(now)).values(
            status=OutboxStatus.SENDING, claimed_until=until, claimed_by=worker,
            attempts=OutboxMessage.attempts + 1))
        return list(session.exec(select(OutboxMessage).where(
            OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == worker, OutboxMessage.claimed_until == until)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)).all())


def _still_ours(row: OutboxMessage, worker: str):
    return and_(OutboxMessage.id == row.id, OutboxMessage.status == OutboxStatus.SENDING,
                OutboxMessage.claimed_by == worker)


def mark_sent(engine: Engine, row: OutboxMessage, worker: str, now: datetime) -> bool:
    """Record the delivery unless another worker took the row over meanwhile."""
    with transaction(engine) as session:
        connection = session.connection()
        if not is_sqlite(engine):
            # Not waiting for the disk here is safe: a mark lost in a database crash means the
            # message is sent again, with the same Message-ID, which is the case designed for.
            connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
        result = connection.execute(update(OutboxMessage).where(_still_ours(row, worker)).values(
            status=OutboxStatus.SENT, sent_at=now, claimed_until=None, last_error=""))
        return result.rowcount == 1


def backoff(settings: Settings, attempts: int) -> timedelta:
    return min(timedelta(seconds=settings.outbox_retry_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def mark_failed(engine: Engine, settings: Settings, row: OutboxMessage, worker: str, now: datetime,
                error: Exception) -> None:
    """Retry later with a growing wait, or give up after the last attempt or a permanent refusal."""
    final = row.attempts >= settings.outbox_max_attempts or mail.is_permanent(error)
    values = dict(status=OutboxStatus.FAILED, claimed_until=None, last_error=mail.describe_error(error)[:2000])
    if not final:
        values.update(status=OutboxStatus.PENDING, claimed_by="", next_attempt_at=now + backoff(settings, row.attempts))
    with transaction(engine) as session:
        session.connection().execute(update(OutboxMessage).where(_still_ours(row, worker)).values(**values))


def release(engine: Engine, rows: list[OutboxMessage], worker: str) -> None:
    """Give back claimed rows this worker did not try (the attempt it counted did not happen)."""
    if not rows:
        return
    with transaction(engine) as session:
        session.connection().execute(update(OutboxMessage).where(
            OutboxMessage.id.in_([row.id for row in rows]), OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_by == worker).values(
            status=OutboxStatus.PENDING, claimed_until=None, claimed_by="", attempts=OutboxMessage.attempts - 1))


# A kind of message can stop being true while it waits: an alert «plazo vencido» written before the
# turn was answered, held back by an SMTP outage. The module that writes the kind registers here the
# check that names, among claimed rows of that kind, those that no longer hold and why (in Spanish);
# it runs in the transaction that withdraws them, so it may also write what goes with them.
Withdrawal = Callable[[Session, list[OutboxMessage]], dict[int, str]]
WITHDRAWALS: dict[str, Withdrawal] = {}


def withdraw_stale(engine: Engine, rows: list[OutboxMessage], worker: str) -> list[OutboxMessage]:
    """Withdraw the claimed rows that no longer hold (WITHDRAWALS); the rows still to send."""
    kinds = {row.kind for row in rows} & WITHDRAWALS.keys()
    if not kinds:
        return rows
    with transaction(engine) as session:
        reasons: dict[int, str] = {}
        for kind in sorted(kinds):
            reasons.update(WITHDRAWALS[kind](session, [row for row in rows if row.kind == kind]))
        for row in rows:
            if row.id in reasons:
                # Nothing was tried: the attempt the claim counted did not happen.
                session.connection().execute(update(OutboxMessage).where(_still_ours(row, worker)).values(
                    status=OutboxStatus.WITHDRAWN, claimed_until=None, attempts=OutboxMessage.attempts - 1,
                    withdrawn_reason=reasons[row.id]))
    return [row for row in rows if row.id not in reasons]


def deliver_once(engine: Engine, settings: Settings, now: datetime | None = None, worker: str | None = None,
                 batch: int = BATCH) -> int:
    """Claim one batch, send it outside any transaction, record each outcome; returns how many were claimed."""
    now = now or utcnow()
    worker = worker or worker_name()
    claimed = claim(engine, now, worker, batch, settings.outbox_lease_seconds)
    if not claimed:
        return 0
    rows = withdraw_stale(engine, claimed, worker)
    if not rows:
        return len(claimed)
    # Stop before the lease runs out: past it another worker may take the rest and send them too.
    stop_at = time.monotonic() + settings.outbox_lease_seconds * 0.8
    with ExitStack() as stack:
        try:
            send = stack.enter_context(mail.mailer(settings))
        except Exception as error:  # noqa: BLE001 (no connection at all: the whole batch waits)
            for row in rows:
                mark_failed(engine, settings, row, worker, now, error)
            return len(claimed)
        for position, row in enumerate(rows):
            if position and time.monotonic() > stop_at:
                release(engine, rows[position:], worker)
                break
            try:
                send(row)
            except Exception as error:  # noqa: BLE001 (recorded on the row, retried or given up)
                mark_failed(engine, settings, row, worker, now, error)
            else:
                # One by one: a worker killed mid-batch sends again only the message in flight.
                mark_sent(engine, row, worker, now)
    return len(claimed)


def deliver(engine: Engine, settings: Settings, now: datetime | None = None) -> int:
    """Deliver everything due now, batch after batch; returns how many messages were tried."""
    total = 0
    while found := deliver_once(engine, settings, now):
        total += found
    return total


# -- what the administration sees and can do -------------------------------------------------------

FAILED_SHOWN = 50


@dataclass(frozen=True)
class OutboxSummary:
    waiting: int  # pending or being sent
    next_attempt_at: datetime | None  # the earliest a pending message is due (long past: delivery is not running)
    failed: int
    latest_failed: list[OutboxMessage]  # up to FAILED_SHOWN, newest first


def failed_count(session: Session, organization_id: int) -> int:
    """The organization's messages given up on: nobody receives them unless someone sends them again."""
    return session.exec(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.organization_id == organization_id, OutboxMessage.status == OutboxStatus.FAILED)).one()


def summary(session: Session, organization_id: int) -> OutboxSummary:
    own = OutboxMessage.organization_id == organization_id
    waiting = session.exec(select(func.count()).select_from(OutboxMessage).where(
        own, OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))).one()
    due = session.exec(select(func.min(OutboxMessage.next_attempt_at)).where(
        own, OutboxMessage.status == OutboxStatus.PENDING)).one()
    failed = failed_count(session, organization_id)
    latest = session.exec(select(OutboxMessage).where(own, OutboxMessage.status == OutboxStatus.FAILED)
                          .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
                          .limit(FAILED_SHOWN)).all()
    return OutboxSummary(waiting, due, failed, list(latest))


def retry_failed(session: Session, organization_id: int, message_id: int | None = None) -> int:
    """Send again the organization's failed messages (or the one given) at the next delivery, with
    their attempts counted anew; how many were queued. A message not failed is left alone."""
    conditions = [OutboxMessage.organization_id == organization_id, OutboxMessage.status == OutboxStatus.FAILED]
    if message_id is not None:
        conditions.append(OutboxMessage.id == message_id)
    return session.connection().execute(update(OutboxMessage).where(*conditions).values(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=utcnow(), claimed_until=None,
        claimed_by="")).rowcount
