"""Audit log: who did what, when, before and after, hash-chained per organization."""

import hashlib
import json
import weakref
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Column, and_, bindparam, insert, or_, union_all, update
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, UniqueConstraint, select

from engine.clock import utcnow
from engine.db import insert_if_missing

GENESIS = "0" * 64


class AuditEvent(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("organization_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    seq: int
    at: datetime = Field(default_factory=utcnow)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    actor_name: str = Field(max_length=200)
    action: str = Field(max_length=80)
    object_type: str = Field(max_length=60, index=True)
    object_id: str = Field(max_length=60, index=True)
    summary: str = Field(default="", max_length=500)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditChainHead(SQLModel, table=True):
    """The last link of each organization's chain; updating it serializes writers."""

    organization_id: int = Field(foreign_key="organization.id", primary_key=True)
    last_seq: int = 0
    last_hash: str = Field(default=GENESIS, max_length=64)


def _digest(prev_hash: str, event: "AuditEvent | PendingEvent") -> str:
    payload = json.dumps({
        "prev": prev_hash, "seq": event.seq, "org": event.organization_id,
        "at": event.at.isoformat(timespec="microseconds"), "actor": event.actor_id,
        "action": event.action, "type": event.object_type, "id": event.object_id,
        "summary": event.summary, "before": event.before, "after": event.after,
    }, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _to_json(value: Any) -> Any:
    # Store exactly what is hashed: the JSON round-trip of the value.
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False, default=str))


@dataclass(slots=True)
class PendingEvent:
    """An event queued by a transaction; it becomes an AuditEvent row when it is linked."""

    organization_id: int
    actor_id: int | None
    actor_name: str
    action: str
    object_type: str
    object_id: str
    summary: str
    before: Any
    after: Any
    at: datetime
    seq: int = 0
    prev_hash: str = ""
    hash: str = ""

    def row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _COLUMNS}


def record(session: Session, organization_id: int, actor_id: int | None, actor_name: str,
           action: str, object_type: str, object_id: Any, summary: str = "",
           before: Any = None, after: Any = None) -> PendingEvent:
    """Queue one event; the transaction appends its events to the chain just before it commits.

    Linking at commit time keeps the per-organization head locked only for a moment, and
    writes all of a transaction's events with one read and one update of the head.
    """
    event = PendingEvent(organization_id, actor_id, actor_name, action, object_type, str(object_id),
                         summary[:500], _to_json(before), _to_json(after), utcnow())
    session.info.setdefault("audit_pending", []).append(event)
    return event


def pending_count(session: Session) -> int:
    return len(session.info.get("audit_pending", ()))


def discard_pending_after(session: Session, count: int) -> None:
    """Forget the events queued after the first `count` (their savepoint was rolled back)."""
    del session.info.get("audit_pending", [])[count:]


@sa_event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    # Events of a rolled-back transaction never happened, nor did the heads they moved.
    session.info.pop("audit_pending", None)
    session.info.pop("audit_heads", None)


# Each organization's head as this process's last commit left it, per database. A transaction
# that finds the head still there moves it with one compare-and-swap UPDATE instead of reading
# it under lock first; if another process moved it meanwhile, the UPDATE matches no row and the
# head is read as before. Only committed heads are kept (after_commit below).
_known_heads: "weakref.WeakKeyDictionary[Engine, dict[int, tuple[int, str]]]" = weakref.WeakKeyDictionary()


@sa_event.listens_for(Session, "after_commit")
def _remember_heads(session: Session) -> None:
    for engine, organization_id, head in session.info.pop("audit_heads", ()):
        _known_heads.setdefault(engine, {})[organization_id] = head


def _link(events: list[PendingEvent], head: tuple[int, str]) -> tuple[int, str]:
    """Number and hash the events after the given head; the new head."""
    seq, prev = head
    for event in events:
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = _digest(prev, event)
    return seq, prev


@sa_event.listens_for(Session, "before_commit")
def _link_pending(session: Session) -> None:
    if session.in_nested_transaction() or not session.info.get("audit_pending"):
        return  # a savepoint's commit: the events wait for the real one
    pending = session.info.pop("audit_pending")
    by_org: dict[int, list[PendingEvent]] = {}
    for event in pending:
        by_org.setdefault(event.organization_id, []).append(event)
    connection = session.connection()
    known = _known_heads.get(connection.engine, {})
    moved = session.info.setdefault("audit_heads", [])
    for organization_id in sorted(by_org):  # a fixed order, so two writers cannot deadlock
        events = by_org[organization_id]
        was = known.get(organization_id)
        head = _link(events, was) if was is not None else None
        if head is None or not _swapped(connection, organization_id, was, head, events):
            head = _link(events, _locked_head(session, organization_id))
            connection.execute(_MOVE_HEAD, {"head_of": organization_id, "seq": head[0], "hash": head[1]})
            connection.execute(_APPEND, [event.row() for event in events])
        moved.append((connection.engine, organization_id, head))


def _swapped(connection, organization_id: int, was: tuple[int, str], head: tuple[int, str],
             events: list[PendingEvent]) -> bool:
    """Move the head from `was` to `head` and append the events linked to it, if no other process
    moved the head meanwhile (False then, and nothing was written)."""
    swap = {"head_of": organization_id, "seq": head[0], "hash": head[1], "was_seq": was[0], "was_hash": was[1]}
    if connection.dialect.name == "postgresql" and len(events) <= _EVENTS_IN_ONE_STATEMENT:
        # Each statement is a round trip to the server: a step's swap and append travel as one.
        rows = {f"{name}_{n}": value for n, event in enumerate(events) for name, value in event.row().items()}
        return connection.execute(_swap_and_append(len(events)), {**swap, **rows}).rowcount == len(events)
    if connection.execute(_SWAP_HEAD, swap).rowcount != 1:
        return False
    connection.execute(_APPEND, [event.row() for event in events])
    return True


def _locked_head(session: Session, organization_id: int) -> tuple[int, str]:
    """The head read under its row lock, created if the organization has none yet."""
    connection, key = session.connection(), {"organization_id": organization_id}
    head = connection.execute(_HEAD, key).first()
    if head is None:
        # The organization's first events may come from two transactions at once: one insert
        # of the head wins, and both then queue on its row lock.
        insert_if_missing(session, _heads, {**key, "last_seq": 0, "last_hash": GENESIS})
        head = connection.execute(_HEAD, key).one()
    return head[0], head[1]


_COLUMNS = [c for c in AuditEvent.__table__.columns.keys() if c != "id"]
# Built once: every writing transaction runs these.
_heads = AuditChainHead.__table__
_HEAD = (select(_heads.c.last_seq, _heads.c.last_hash)
         .where(_heads.c.organization_id == bindparam("organization_id")).with_for_update())
_APPEND = insert(AuditEvent.__table__)
_MOVE_HEAD = (update(_heads).where(_heads.c.organization_id == bindparam("head_of"))
              .values(last_seq=bindparam("seq"), last_hash=bindparam("hash")))
_SWAP_HEAD = _MOVE_HEAD.where(_heads.c.last_seq == bindparam("was_seq"),
                              _heads.c.last_hash == bindparam("was_hash"))


# A step records one to a few events. A bigger batch (an import) keeps the two statements: one
# statement per number of events would be compiled again and again, with 13 parameters per event.
_EVENTS_IN_ONE_STATEMENT = 4


@lru_cache(maxsize=_EVENTS_IN_ONE_STATEMENT)
def _swap_and_append(count: int):
    """WITH moved AS (the swap … RETURNING) INSERT the `count` events SELECTed FROM moved: when the
    swap finds the head moved, there is no row to select and nothing is inserted."""
    moved = _SWAP_HEAD.returning(_heads.c.organization_id).cte("moved")
    table = AuditEvent.__table__
    rows = [select(*[bindparam(f"{name}_{n}", type_=table.c[name].type) for name in _COLUMNS]).select_from(moved)
            for n in range(count)]
    statement = insert(table).from_select(_COLUMNS, rows[0] if count == 1 else union_all(*rows)).add_cte(moved)
    # SQLAlchemy reports an INSERT's row count only when asked to keep it.
    return statement.execution_options(preserve_rowcount=True)


@dataclass
class ChainReport:
    organization_id: int
    events: int
    broken_at: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session, organization_id: int, batch: int = 2000) -> ChainReport:
    """Recompute every link; the first mismatch is where someone changed history."""
    prev, expected_seq, count = GENESIS, 1, 0
    while True:
        rows = session.exec(select(AuditEvent).where(AuditEvent.organization_id == organization_id,
                                                     AuditEvent.seq >= expected_seq)
                            .order_by(AuditEvent.seq).limit(batch)).all()
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return ChainReport(organization_id, count, expected_seq, f"falta el evento {expected_seq}")
            if event.prev_hash != prev or _digest(prev, event) != event.hash:
                return ChainReport(organization_id, count, event.seq, "el contenido o el enlace no coincide")
            prev, expected_seq, count = event.hash, expected_seq + 1, count + 1
    head = session.get(AuditChainHead, organization_id)
    if head is not None and (head.last_seq != count or head.last_hash != prev):
        return ChainReport(organization_id, count, count + 1, "faltan eventos al final de la cadena")
    return ChainReport(organization_id, count, None)


def events_for(session: Session, organization_id: int, object_type: str, object_id: Any,
               *others: tuple[str, Any]) -> list[AuditEvent]:
    """The events of that object (and of the others named), in the order they happened."""
    objects = [(object_type, object_id), *others]
    return list(session.exec(select(AuditEvent).where(
        AuditEvent.organization_id == organization_id,
        or_(*(and_(AuditEvent.object_type == kind, AuditEvent.object_id == str(key)) for kind, key in objects))
    ).order_by(AuditEvent.seq)).all())
