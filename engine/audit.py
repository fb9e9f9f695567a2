"""Audit log: who did what, when, before and after, hash-chained per organization."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, SQLModel, UniqueConstraint, select

from engine.clock import utcnow

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


def _digest(prev_hash: str, event: AuditEvent) -> str:
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


def record(session: Session, organization_id: int, actor_id: int | None, actor_name: str,
           action: str, object_type: str, object_id: Any, summary: str = "",
           before: Any = None, after: Any = None) -> AuditEvent:
    """Append one event to the organization's chain, inside the caller's transaction."""
    head = session.exec(select(AuditChainHead).where(AuditChainHead.organization_id == organization_id)
                        .with_for_update()).first()
    if head is None:
        head = AuditChainHead(organization_id=organization_id)
        session.add(head)
        session.flush()
    event = AuditEvent(organization_id=organization_id, seq=head.last_seq + 1, actor_id=actor_id,
                       actor_name=actor_name, action=action, object_type=object_type,
                       object_id=str(object_id), summary=summary[:500],
                       before=_to_json(before), after=_to_json(after), prev_hash=head.last_hash, hash="")
    event.hash = _digest(head.last_hash, event)
    session.add(event)
    head.last_seq, head.last_hash = event.seq, event.hash
    return event


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


def events_for(session: Session, organization_id: int, object_type: str, object_id: Any) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(
        AuditEvent.organization_id == organization_id, AuditEvent.object_type == object_type,
        AuditEvent.object_id == str(object_id)).order_by(AuditEvent.seq)).all())
