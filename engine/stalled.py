"""Instances that stood still: running, with no open task, because a multi-instance task never heard
some of its children complete. Before diagrams connected them when parsed, an area's answer given in
a process that had not turned the request (after a restart, in another worker) was lost that way;
`pleno processes resume` finds those instances and lets them go on."""

from sqlalchemy import exists
from sqlalchemy.engine import Engine
from sqlmodel import select

from engine.accounts import system_actor
from engine.db import is_sqlite, reading, transaction
from engine.processes import InstanceStatus, OpenTask, ProcessInstance
from engine.runtime import runtime


def resume_stalled(engine: Engine) -> list[ProcessInstance]:
    """Advance every running instance with no open task that had answers waiting to be merged; the
    ones resumed. Instances that only wait (for a timer, for someone outside) are left as they are."""
    with reading(engine) as session:
        candidates = session.exec(select(ProcessInstance.id).where(
            ProcessInstance.status == InstanceStatus.RUNNING,
            ~exists().where(OpenTask.instance_id == ProcessInstance.id)).order_by(ProcessInstance.id)).all()
    resumed = []
    for instance_id in candidates:
        with transaction(engine) as session:
            query = select(ProcessInstance).where(ProcessInstance.id == instance_id,
                                                  ProcessInstance.status == InstanceStatus.RUNNING)
            if not is_sqlite(engine):
                query = query.with_for_update()
            instance = session.exec(query).first()
            if instance is not None and runtime.resume(session, system_actor(instance.organization_id), instance):
                resumed.append(instance)
    return resumed
