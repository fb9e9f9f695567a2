"""What a process instance's timeline says: the summaries of its audit events of one action."""

from sqlmodel import select

from engine.audit import AuditEvent
from engine.db import reading


def summaries(engine, instance_id: int, action: str) -> list[str]:
    with reading(engine) as session:
        return list(session.exec(select(AuditEvent.summary).where(
            AuditEvent.object_id == str(instance_id), AuditEvent.action == action).order_by(AuditEvent.seq)).all())
