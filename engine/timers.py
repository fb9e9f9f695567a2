"""Fire the BPMN timers that are due: a dumb loop over an indexed column, safe with many workers."""

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from engine.accounts import system_actor
from engine.clock import utcnow
from engine.db import is_sqlite, reading, transaction
from engine.processes import InstanceStatus, ProcessInstance
from engine.runtime import runtime


def fire_due_timers(engine: Engine, now: datetime | None = None, limit: int = 100) -> int:
    """Advance instances whose next timer is due; returns how many were advanced."""
    now = now or utcnow()
    with reading(engine) as session:
        due = session.exec(select(ProcessInstance.id).where(
            ProcessInstance.next_timer_at <= now, ProcessInstance.status == InstanceStatus.RUNNING)
            .order_by(ProcessInstance.next_timer_at).limit(limit)).all()
    fired = 0
    for instance_id in due:
        with transaction(engine) as session:
            query = select(ProcessInstance).where(
                ProcessInstance.id == instance_id, ProcessInstance.next_timer_at <= now,
                ProcessInstance.status == InstanceStatus.RUNNING)
            if not is_sqlite(engine):
                # Another worker holding this row is already firing it: skip, do not wait.
                query = query.with_for_update(skip_locked=True)
            instance = session.exec(query).first()
            if instance is None:
                continue
            runtime.fire_timers(session, system_actor(instance.organization_id), instance)
            fired += 1
    return fired
