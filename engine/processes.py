"""Process definitions, instances and the projection of their open human tasks."""

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import DDL, Column, Index, Integer, Text, event
from sqlmodel import Field, SQLModel

from engine.clock import utcnow
from engine.labels import LabeledEnum


class InstanceStatus(LabeledEnum):
    RUNNING = "en_curso", "En curso"
    COMPLETED = "concluido", "Concluido"
    ERROR = "error", "Con error"
    CANCELLED = "cancelado", "Cancelado"


class BpmnDefinition(SQLModel, table=True):
    """Each distinct BPMN file is stored once; running instances keep the one they started with."""

    hash: str = Field(primary_key=True, max_length=64)
    process_id: str = Field(max_length=80, index=True)
    xml: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)


# Optimistic locking: SQLAlchemy adds "AND version = <read>" to every UPDATE of an instance.
_instance_version = Column("version", Integer, nullable=False, default=1)


class ProcessInstance(SQLModel, table=True):
    __mapper_args__ = {"version_id_col": _instance_version}

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    process_id: str = Field(max_length=80, index=True)
    definition_hash: str = Field(foreign_key="bpmndefinition.hash", max_length=64)
    title: str = Field(max_length=300)
    subject_type: str = Field(default="", max_length=60)
    subject_id: int | None = Field(default=None, index=True)
    status: InstanceStatus = Field(default=InstanceStatus.RUNNING, max_length=20, index=True)
    # The instance's own state only: the process definition lives in BpmnDefinition.
    state: str = Field(sa_type=Text)
    serializer_version: str = Field(max_length=20)
    version: int | None = Field(default=None, sa_column=_instance_version)
    error_message: str | None = Field(default=None, sa_type=Text)
    next_timer_at: datetime | None = Field(default=None, index=True)
    started_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    completed_at: datetime | None = None


# PostgreSQL compresses the state (~9 kB) on every save; pglz, its default, costs ~10 % of a
# workflow step there (ops/bench/engine.py), lz4 much less. Servers built without lz4 keep pglz.
# The migration 9d4f2b7c1e35 does the same to existing databases.
STATE_COMPRESSION = DDL("""
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)) THEN
    ALTER TABLE processinstance ALTER COLUMN state SET COMPRESSION lz4;
  END IF;
END $$""")
event.listen(ProcessInstance.__table__, "after_create", STATE_COMPRESSION.execute_if(dialect="postgresql"))


class OpenTask(SQLModel, table=True):
    """One row per READY user task: what inboxes read, never the serialized state."""

    # The inbox asks "this organization, these roles, these areas (or none), soonest due first";
    # with the id in it the index alone answers the count and the page's order.
    __table_args__ = (Index("ix_opentask_inbox", "organization_id", "role", "area_id", "due_at", "id"),)

    id: str = Field(primary_key=True, max_length=36)
    organization_id: int = Field(foreign_key="organization.id")
    instance_id: int = Field(foreign_key="processinstance.id", index=True)
    process_id: str = Field(max_length=80)
    task_name: str = Field(max_length=80)
    title: str = Field(max_length=200)
    subject: str = Field(max_length=300)
    role: str | None = Field(default=None, max_length=30)
    area_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    assignee_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    due_at: datetime | None = Field(default=None, index=True)
    # The deadline whose due moment `due_at` shows, when the process names one: a recomputed term
    # moves exactly its own rows (an area's answer keeps its internal term when the legal one moves).
    # No foreign key nor index: the projection is rewritten at every step, and the rows a term moves
    # are found by their instance (indexed) first.
    deadline_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    version: int = 1


@dataclass(frozen=True)
class TurnNotice:
    """What an area's enlaces are told when a task lands on their area (engine/task_notices.py)."""

    # The turn the task answers, unique within its process: the notice's key. The same turn's task
    # projected again (a loop back to it, a restart) is not told again; a new round of turns is.
    turn: str
    sender: str  # the office that turned it, as the e-mail names it: «Unidad de Transparencia»
    instruction: str = ""
    instruction_label: str = "Instrucción"


@dataclass
class ProcessDescriptor:
    """What the engine needs to know of a business process; each workflow package registers one."""

    process_id: str
    title: str
    forms: dict[str, type[BaseModel]]
    # Where a task belongs and when it is due, read from the task's data.
    task_area: Callable[[str, dict[str, Any]], int | None] = lambda name, data: None
    task_due: Callable[[str, dict[str, Any]], datetime | None] = lambda name, data: None
    # The deadline row that governs a task, when there is one: its due moment as it is now wins
    # over task_due's, which the data froze when the term opened (a suspension, the restart after
    # a prevención or an ampliación may have moved it since).
    task_deadline: Callable[[str, dict[str, Any]], int | None] = lambda name, data: None
    subject_of: Callable[[dict[str, Any]], str] | None = None
    # What the enlaces of an area are told when a task of an enlace lands on it: (task name, data) →
    # the turn it answers, or None to tell nothing. None: each new task is a turn of its own, told once.
    task_turn: Callable[[str, dict[str, Any]], TurnNotice | None] | None = None
    # A process not open to the whole organization (the personal data of an ARCO request, an acuerdo's
    # follow-up): besides the areas that work it, only people with one of these organization-wide roles
    # may open it. None: anyone of the organization may.
    private_to_roles: frozenset[str] | None = None
    # A process that names its readers itself instead (a session's: Jurídica and the members of the body,
    # as the session's pages do): (session, actor, instance, kind) → bool, kind None for the expediente
    # (its page, data, history, diagram), else the kind of one of its stored files, for that file.
    may_read: Callable[..., bool] | None = None
    # What a person refused the expediente or its files is told, when «no corresponde a sus áreas» would
    # not say why (to someone who has no area).
    refusal: str = ""
    # Of the expediente's history (audit events, oldest first), what this person reads: (session, actor,
    # instance, events) → the events shown. None: all of it to whoever opens the expediente.
    history_shown: Callable[..., list[Any]] | None = None
    # Who may see the personal data an instance holds (session, actor, instance) → bool, and where
    # it is: top-level data fields and kinds of stored file. Whoever else may open the instance
    # sees the rest. None: the process holds no personal data.
    sees_personal_data: Callable[..., bool] | None = None
    personal_fields: frozenset[str] = frozenset()
    personal_file_kinds: frozenset[str] = frozenset()
    # What a task's form shows besides the task's data (a limit computed on the calendar today):
    # (session, actor, task name, data) → names for the form's template.
    form_context: Callable[..., dict[str, Any]] | None = None
    # Tasks that wait for someone outside to act (a recurso the requester may file): nothing is
    # owed while they are open, and the inbox says «En espera» rather than «Sin plazo».
    waiting_tasks: frozenset[str] = frozenset()
    # Called as a person completes a task, in the same transaction: (ServiceCall with the task's
    # data, task name). One area's answer among several is recorded as it is given, so its turn and
    # its deadline settle then, not when the last area answers.
    task_completed: Callable[..., None] | None = None
    # A form that also answers the task the diagram reaches next, in the same step: (task name, the
    # data it took) → (next task's id, its form data), or None. A prevención recorded after its
    # notification comes with the desahogo that already arrived; waiting for it, the diagram's timer
    # would close the request at once if the requester's window has ended meanwhile.
    follow_up: Callable[[str, dict[str, Any]], tuple[str, dict[str, Any]] | None] | None = None
    # Labels of the data the process's own code writes, by path: a top-level key ("avance") or a dotted one
    # ("acuerdo.texto"). They win over the forms' field titles, which would name a nested key after an
    # unrelated field of the same name.
    data_labels: dict[str, str] = field(default_factory=dict)
    # The words for the values that code writes, by path as data_labels ("sesion.clase": {"ordinaria":
    # "Ordinaria"}): the forms' choices only cover what a person picks.
    data_choices: dict[str, dict[str, str]] = field(default_factory=dict)
    # Data the expediente's page leaves out, by path as data_labels, because it repeats what the page shows
    # otherwise: a loop's current item copied from the list shown whole, a moment also written as text.
    data_hidden: frozenset[str] = frozenset()
    # What the expediente's page shows besides the data (every report of every round, kept in rows):
    # (session, actor, instance) → names for templates/instances/_<process_id>.html, or None.
    page_context: Callable[..., dict[str, Any] | None] | None = None
    # The object whose own history belongs to the instance's timeline too: (session, instance) →
    # (object type, object id) or None. A session's events (renumbered, cancelled, acta published) are
    # recorded on the session, which exists before and apart from its process.
    also_recorded_on: Callable[..., tuple[str, Any] | None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_descriptors: dict[str, ProcessDescriptor] = {}


def register_process(descriptor: ProcessDescriptor) -> ProcessDescriptor:
    _descriptors[descriptor.process_id] = descriptor
    return descriptor


def descriptor(process_id: str) -> ProcessDescriptor:
    try:
        return _descriptors[process_id]
    except KeyError:
        raise LookupError(f"Proceso desconocido: {process_id}") from None


def withholds_personal_data(session: Any, actor: Any, instance: "ProcessInstance") -> bool:
    """Whether this person must not see the instance's personal data."""
    try:
        sees = descriptor(instance.process_id).sees_personal_data
    except LookupError:
        return False
    return sees is not None and not sees(session, actor, instance)


def history_for(session: Any, actor: Any, instance: "ProcessInstance", events: list[Any]) -> list[Any]:
    """The events of the instance's history this person reads (history_shown), the rest left out."""
    try:
        shown = descriptor(instance.process_id).history_shown
    except LookupError:
        return events
    return events if shown is None else shown(session, actor, instance, events)


def field_titles(process_id: str) -> dict[str, str]:
    """The Spanish titles of the process's form fields, to label its data for people."""
    titles: dict[str, str] = {}
    for form in descriptor(process_id).forms.values():
        for name, field_info in form.model_fields.items():
            if field_info.title:
                titles.setdefault(name, field_info.title)
    return titles


def field_choices(process_id: str) -> dict[str, dict[str, str]]:
    """For each form field of the process whose value is one of a list (a LabeledEnum, or a
    Literal), the label of each value: the page shows «Ventanilla», not the stored «ventanilla»."""
    choices: dict[str, dict[str, str]] = {}
    for form in descriptor(process_id).forms.values():
        for name, field_info in form.model_fields.items():
            for option in _options(field_info.annotation):
                choices.setdefault(name, {}).setdefault(str(option), getattr(option, "label", str(option).capitalize()))
    return choices


def _options(annotation) -> list:
    """The values a field annotation allows when it is a list of choices (through Optional and unions)."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return list(annotation)
    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        return [option for arg in typing.get_args(annotation) for option in _options(arg)]
    return []


def registered_processes() -> list[ProcessDescriptor]:
    return list(_descriptors.values())
