"""Telling an area that work landed on it: each active enlace gets a bell notice and an e-mail «Nuevo turno: …».

The runtime calls this in the step that projects the task, so the notice and its outbox row are written in
the task's own transaction: a step rolled back tells nothing, a committed one tells. The key names the turn,
not the task (the process says which, ProcessDescriptor.task_turn): the same turn's task projected again,
its term recomputed, the task claimed or released tell nothing new; a new round of turns is a new notice.
"""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from engine.accounts import Actor, Role
from engine.alerts import SweepCaches, people_with_role
from engine.clock import to_local
from engine.documents import weekday_date
from engine.email_templates import render_email
from engine.notifications import Message, notify
from engine.processes import ProcessInstance, TurnNotice, descriptor
from engine.settings import load_settings
from engine.tenancy import Area, organization_timezone


def turn_of(instance: ProcessInstance, actor: Actor, row: dict[str, Any], data: dict[str, Any]) -> TurnNotice | None:
    """The turn a projected task answers, when it is an area's enlace's: as its process says, or the task itself."""
    if row["role"] != Role.ENLACE.value or row["area_id"] is None:
        return None
    said = descriptor(instance.process_id).task_turn
    if said is None:
        return TurnNotice(turn=f"tarea-{row['id']}", sender=actor.name)
    return said(row["task_name"], data)


def sender_of(notice: TurnNotice, actor: Actor) -> str:
    """«Unidad de Transparencia (Luis Alberto Pérez Soto)»; the office alone for a step of the system (a timer)."""
    if actor.user_id is None or notice.sender == actor.name:
        return notice.sender
    return f"{notice.sender} ({actor.name})"


def due_day(due_at: datetime | None, zone: str) -> str:
    return weekday_date(to_local(due_at, zone).date()) if due_at is not None else ""


def tell_areas(session: Session, actor: Actor, instance: ProcessInstance,
               tasks: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Tell the enlaces of each area a step's new tasks landed on (`tasks`: each projected row with the
    task's data). Whoever took the step is not told of the turn they gave (an enlace of the area as well)."""
    caches = SweepCaches()
    for row, data in tasks:
        notice = turn_of(instance, actor, row, data)
        if notice is None:
            continue
        people = [person for person in people_with_role(session, caches, instance.organization_id, Role.ENLACE,
                                                        row["area_id"]) if person.id != actor.user_id]
        if not people:
            continue
        message = turn_message(session, actor, instance, row, notice)
        for person in people:
            notify(session, person, message)


def turn_message(session: Session, actor: Actor, instance: ProcessInstance, row: dict[str, Any],
                 notice: TurnNotice) -> Message:
    """The same words for every enlace of the area: they name only this area's turn."""
    area = session.get(Area, row["area_id"])
    link = f"/tareas/{row['id']}"
    subject, body = render_email(
        "nuevo_turno", task=row["title"], subject=row["subject"], area=area.name, sender=sender_of(notice, actor),
        instruction=notice.instruction.strip(), instruction_label=notice.instruction_label,
        due=due_day(row["due_at"], organization_timezone(session, instance.organization_id)),
        link=f"{load_settings().base_url}{link}")
    return Message(key=f"turno:{instance.process_id}:{notice.turn}", subject=subject, body=body, link=link,
                   kind="turno")

