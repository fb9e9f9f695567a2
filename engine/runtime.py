"""The one object that loads, advances and saves workflow instances, each step in one transaction."""

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import bindparam, cast, event, exists, insert
from sqlalchemy.orm import defer, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.exceptions import TaskNotFoundException
from SpiffWorkflow.util.task import TaskState

from engine import audit, files
from engine.accounts import Actor, User
from engine.bpmn_specs import ParsedProcess, bpmn_path, parse_xml, xml_hash
from engine.clock import today_in, utcnow
from engine.deadlines import due_moments
from engine.forms import FormInvalid, file_fields, validate_form
from engine.instance_state import StateSerializer
from engine.processes import BpmnDefinition, InstanceStatus, OpenTask, ProcessInstance, descriptor
from engine.scripting import SCRIPT_ENGINE, current_call, error_message
from engine.step_writes import PROJECTED_IDS, write_step
from engine.task_notices import tell_areas


def _form_refusal(exc: BaseException) -> FormInvalid | None:
    """The FormInvalid a service handler raised, under SpiffWorkflow's wrappers, if any."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, FormInvalid):
            return exc
        seen.add(id(exc))
        exc = getattr(exc, "exception", None) or exc.__cause__ or exc.__context__
    return None


class Conflict(Exception):
    """Someone else got there first (409). Without a message it is the usual case: USUAL says what
    happened and RELOAD what a person at a page does about it; the JSON API says its own instead."""

    USUAL = RELOAD = ""

    def __init__(self, message: str | None = None, instance_id: int | None = None):
        super().__init__(message or f"{self.USUAL} {self.RELOAD}")
        self.usual = message is None
        # The process it happened in, when known: the API tells which one to read again.
        self.instance_id = instance_id


class TaskGone(Conflict):
    """The task is no longer open: someone completed it, or the process moved on."""

    # Who completed it is not known here (web/routes/tasks.py names them when the form says its process).
    USUAL = "Esta tarea ya no está pendiente: ya se completó o el proceso avanzó."
    RELOAD = "Recargue la página para ver el estado actual."


class TaskTaken(TaskGone):
    """Someone else claimed the task first."""


def taken_by(session: Session, user_id: int | None, advice: str) -> TaskTaken:
    """The conflict of a task that the person `user_id` holds, naming them."""
    holder = session.get(User, user_id) if user_id is not None else None
    return TaskTaken(f"{holder.full_name if holder else 'Otra persona'} ya tomó esta tarea. {advice}")


class StaleInstance(Conflict):
    USUAL = "El expediente cambió mientras usted trabajaba en él (otra persona guardó antes). No se guardó nada."
    RELOAD = "Recargue la página y revise."


class NotAllowed(Exception):
    pass


class NotFound(Exception):
    pass


def real_task_id(task_id: str) -> str:
    """The id, if it could name a task at all (SpiffWorkflow's ids are UUIDs). An address with
    anything else names none: «no existe», not «ya no está pendiente»."""
    try:
        UUID(task_id)
    except ValueError:
        raise NotFound("No existe esa tarea.") from None
    return task_id


@dataclass(frozen=True)
class ServiceCall:
    """What a service handler receives: where it runs, for whom, and the task's data."""

    session: Session
    organization_id: int
    instance_id: int
    actor: Actor
    data: dict[str, Any]

    def with_data(self, data: dict[str, Any]) -> "ServiceCall":
        return replace(self, data=data)


@dataclass(frozen=True)
class InstanceView:
    data: dict[str, Any]
    states: dict[str, str]


# Where a completed task keeps who completed it ({"id", "nombre"}), in its internal data.
COMPLETED_BY = "completed_by"


class PastTask(NamedTuple):
    """A task that is or was in an instance: its BPMN id, and who completed it when that is known."""

    instance: ProcessInstance
    name: str
    completed_by: dict[str, Any] | None


TIMER_EVENTS = {"TimeDateEventDefinition", "DurationTimerEventDefinition", "CycleTimerEventDefinition"}


def _timer_moment(value: Any) -> datetime | None:
    if isinstance(value, dict):
        value = value.get("next")
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _merge_unheard_children(workflow: BpmnWorkflow) -> int:
    """Merge into their multi-instance task the completed children it never merged, as it would
    have on hearing them complete; how many there were."""
    merged = 0
    for flow in [workflow, *workflow.subprocesses.values()]:
        for task in list(flow.tasks.values()):
            if task.state != TaskState.STARTED or not isinstance(task.task_spec, LoopTask):
                continue
            heard = set(task.internal_data.get("merged", []))
            for child in list(task.children):
                if child.state == TaskState.COMPLETED and str(child.id) not in heard \
                        and child.task_spec.name == task.task_spec.task_spec:
                    # What the completion would have told its listeners: the merge, then the
                    # output put back in input order (engine.bpmn_specs).
                    child.task_spec.completed_event.emit(flow, child)
                    merged += 1
    return merged


@event.listens_for(Session, "after_commit")
def _cache_committed(session: Session) -> None:
    for owner, instance_id, version, workflow, projected in session.info.pop("runtime_saved", ()):
        owner._remember(instance_id, version, workflow, projected)


@event.listens_for(Session, "after_rollback")
def _drop_uncommitted(session: Session) -> None:
    session.info.pop("runtime_saved", None)


# Statements of every step, built once (the writes are in engine/step_writes.py).
# The state is read only when the workflow is not cached (then _restore loads it on access).
# The task's columns the checks need, not an OpenTask object: loading a second entity cost more
# than the query.
_open_tasks = OpenTask.__table__
_TASK_AND_INSTANCE = (select(_open_tasks.c.organization_id, _open_tasks.c.role, _open_tasks.c.area_id,
                             _open_tasks.c.assignee_id, _open_tasks.c.process_id, _open_tasks.c.task_name,
                             _open_tasks.c.version.label("task_version"), ProcessInstance)
                      .join(ProcessInstance, ProcessInstance.id == _open_tasks.c.instance_id)
                      .where(_open_tasks.c.id == bindparam("task_id"))
                      .options(defer(ProcessInstance.state)))
_definitions, _instances = BpmnDefinition.__table__, ProcessInstance.__table__
_INSERT_INSTANCE = insert(_instances)
_INSTANCE_COLUMNS = [column.name for column in _instances.columns if column.name != "id"]


@lru_cache(maxsize=2)
def _insert_instance_if_defined(dialect: str):
    """INSERT … SELECT the values WHERE the definition EXISTS, RETURNING the id (none if it does not).

    PostgreSQL types the values of a SELECT list on their own, so each is cast to its column's type;
    SQLite must not cast them (a CAST to DATETIME would make a number of a date)."""
    def value(name: str):
        parameter = bindparam(name, type_=_instances.c[name].type)
        return cast(parameter, _instances.c[name].type) if dialect == "postgresql" else parameter
    rows = (select(*[value(name) for name in _INSTANCE_COLUMNS])
            .where(exists().where(_definitions.c.hash == bindparam("definition_hash"))))
    return insert(_instances).from_select(_INSTANCE_COLUMNS, rows).returning(_instances.c.id)


class WorkflowRuntime:
    def __init__(self, cache_size: int = 4096):
        self.serializer = StateSerializer()
        self._parsed: dict[str, ParsedProcess] = {}
        self._current_hash: dict[str, tuple[float, str]] = {}
        self._current_xml: dict[str, bytes] = {}
        # Deserialized workflows of recently saved instances, keyed by id and valid for one version.
        self._cache: OrderedDict[int, tuple[int, BpmnWorkflow]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    # -- definitions ---------------------------------------------------------------------------

    def current_definition(self, session: Session, process_id: str) -> tuple[ParsedProcess, bool]:
        """The BPMN file as it is now, and whether it is known to be stored in this database.

        A file unchanged since this process last stored it is not read again, but the database may
        have been emptied since (a restore, a test): the instance's insert checks it then."""
        path = bpmn_path(process_id)
        mtime = path.stat().st_mtime
        known = self._current_hash.get(process_id)
        if known and known[0] == mtime and known[1] in self._parsed:
            return self._parsed[known[1]], False
        xml = path.read_bytes()
        digest = xml_hash(xml)
        self._store_definition(session, process_id, digest, xml)
        self._parsed[digest] = parse_xml(process_id, xml)
        self._current_xml[digest] = xml  # to store again if the database loses it
        self._current_hash[process_id] = (mtime, digest)
        return self._parsed[digest], True

    @staticmethod
    def _store_definition(session: Session, process_id: str, digest: str, xml: bytes) -> None:
        if session.get(BpmnDefinition, digest) is None:
            session.add(BpmnDefinition(hash=digest, process_id=process_id, xml=xml.decode()))
            session.flush()

    def definition(self, session: Session, digest: str) -> ParsedProcess:
        parsed = self._parsed.get(digest)
        if parsed is None:
            row = session.get(BpmnDefinition, digest)
            parsed = self._parsed[digest] = parse_xml(row.process_id, row.xml.encode())
        return parsed

    def has_step(self, session: Session, instance: ProcessInstance, bpmn_id: str) -> bool:
        """Whether the diagram the instance runs has this element: an instance keeps the version
        of the diagram it started with, so a step added since is not on its way."""
        return bpmn_id in self.definition(session, instance.definition_hash).spec.task_specs

    def definition_xml(self, session: Session, instance: ProcessInstance) -> str:
        return session.get(BpmnDefinition, instance.definition_hash).xml

    # -- loading and saving --------------------------------------------------------------------

    def _restore(self, session: Session, instance: ProcessInstance) -> BpmnWorkflow:
        parsed = self.definition(session, instance.definition_hash)
        dct = self.serializer.parse(instance.state)
        self.serializer.migrate(dct)
        dct["spec"], dct["subprocess_specs"] = parsed.spec, parsed.subprocess_specs
        workflow = self.serializer.from_dict(dct)
        # A restored workflow comes back with SpiffWorkflow's eval-based engine: replace it.
        workflow.script_engine = SCRIPT_ENGINE
        return workflow

    def _take(self, session: Session, instance: ProcessInstance) -> tuple[BpmnWorkflow, set[str]]:
        """The instance's workflow and the ids of its projected open tasks, from the cache when
        it holds this very version (then both are known without reading them)."""
        for _owner, instance_id, version, workflow, projected in session.info.get("runtime_saved", ()):
            if instance_id == instance.id and version == instance.version:
                return workflow, projected  # saved earlier in this same transaction
        with self._lock:
            cached = self._cache.pop(instance.id, None)
        if cached is not None and cached[0] == instance.version:
            return cached[1], cached[2]
        return self._restore(session, instance), self._projected_ids(session, instance.id)

    def _keep_after_commit(self, session: Session, instance_id: int, version: int, workflow: BpmnWorkflow,
                           projected: set[str]):
        # Only a committed state may be reused; a rolled-back one is simply never cached.
        session.info.setdefault("runtime_saved", []).append((self, instance_id, version, workflow, projected))

    def _remember(self, instance_id: int, version: int, workflow: BpmnWorkflow, projected: set[str]) -> None:
        with self._lock:
            if workflow.is_completed():  # never advanced again: keeping it would only hold memory
                self._cache.pop(instance_id, None)
                return
            self._cache[instance_id] = (version, workflow, projected)
            self._cache.move_to_end(instance_id)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _save(self, session: Session, instance: ProcessInstance, workflow: BpmnWorkflow, actor: Actor,
              before: set[str], completed: tuple[str, int] | None = None) -> None:
        """`completed`: the task this step completes and the version its row was read at (see write_step).
        The enlaces of an area a new task landed on are told in the same transaction (engine/task_notices.py)."""
        ready, next_timer = self._scan(workflow)
        now = utcnow()
        if workflow.is_completed():
            status = InstanceStatus.COMPLETED
        else:
            status = InstanceStatus.ERROR if instance.error_message else InstanceStatus.RUNNING
        values = {  # exactly the columns of step_writes.SAVED_COLUMNS
            "state": self.serializer.serialize_json(workflow), "serializer_version": self.serializer.VERSION,
            "updated_at": now, "status": status, "next_timer_at": next_timer,
            "error_message": instance.error_message, "title": instance.title,
            "completed_at": instance.completed_at or (now if status == InstanceStatus.COMPLETED else None),
            "version": instance.version + 1,
        }
        gone, added = self._projection_change(session, instance, ready, before)
        session.flush()  # whatever handlers changed on their own rows goes first
        # Plain statements with the version read at load: the ORM's unit of work costs more than
        # the statements, and this is the hottest write of the engine.
        if not write_step(session.connection(), instance.id, instance.version, values, gone, added, completed):
            raise StaleInstance(instance_id=instance.id)
        if added:
            tell_areas(session, actor, instance, [(row, ready[row["id"]].data) for row in added])
        for key, value in values.items():
            set_committed_value(instance, key, value)
        self._keep_after_commit(session, instance.id, instance.version, workflow, set(ready))

    @staticmethod
    def _scan(workflow: BpmnWorkflow) -> tuple[dict[str, Any], datetime | None]:
        """One pass over the task dictionaries (SpiffWorkflow's tree iterators are much slower):
        the READY user tasks and the earliest pending timer."""
        ready: dict[str, Any] = {}
        moments = []
        for flow in [workflow, *workflow.subprocesses.values()]:
            for task in flow.tasks.values():
                if task.state == TaskState.READY and task.task_spec.manual:
                    ready[str(task.id)] = task
                elif task.state == TaskState.WAITING:
                    definition = getattr(task.task_spec, "event_definition", None)
                    if type(definition).__name__ in TIMER_EVENTS:
                        moment = _timer_moment(task._get_internal_data("event_value"))
                        if moment is not None:
                            moments.append(moment)
        return ready, min(moments) if moments else None

    @staticmethod
    def _projected_ids(session: Session, instance_id: int) -> set[str]:
        return set(session.connection().execute(PROJECTED_IDS, {"instance_id": instance_id}).scalars())

    @staticmethod
    def _projection_change(session: Session, instance: ProcessInstance, ready: dict[str, Any],
                           before: set[str]) -> tuple[list[str], list[dict[str, Any]]]:
        """What takes the instance's open-task rows from the ids `before` to the READY user tasks
        now: the ids to delete and the rows to insert."""
        info = descriptor(instance.process_id)
        new = {task_id: ready[task_id] for task_id in ready.keys() - before}
        governed = {task_id: info.task_deadline(task.task_spec.bpmn_id, task.data) for task_id, task in new.items()}
        current = due_moments(session, {deadline_id for deadline_id in governed.values() if deadline_id is not None})
        added = []
        for task_id, task in new.items():
            name = task.task_spec.bpmn_id
            due_at = current.get(governed[task_id]) or info.task_due(name, task.data)
            added.append(dict(
                id=task_id, organization_id=instance.organization_id, instance_id=instance.id,
                process_id=instance.process_id, task_name=name, title=task.task_spec.bpmn_name or name,
                subject=instance.title, role=task.task_spec.lane, area_id=info.task_area(name, task.data),
                due_at=due_at, deadline_id=governed[task_id], assignee_id=None, created_at=utcnow(), version=1))
        return list(before - ready.keys()), added

    def _advance(self, session: Session, instance: ProcessInstance, workflow: BpmnWorkflow, actor: Actor,
                 then: tuple[str, dict[str, Any]] | None = None) -> None:
        """Run engine steps; a failing handler leaves the instance in a visible error state.

        `then` (task id, form data): complete that user task too, as soon as the diagram reaches it
        and before anything else runs, a boundary timer that would cancel it included."""
        token = current_call.set(ServiceCall(session, instance.organization_id, instance.id, actor, {}))
        followed = []

        def follow(_ran) -> None:
            if followed:
                return
            task = workflow.get_next_task(state=TaskState.READY, manual=True, spec_name=then[0])
            if task is not None:
                followed.append(task)
                self._fill_and_run(session, actor, instance, task, descriptor(instance.process_id).forms[then[0]],
                                   then[1])

        try:
            if then is None:
                workflow.do_engine_steps()
            else:
                follow(None)
                workflow.do_engine_steps(did_complete_task=follow)
                if not followed:
                    raise FormInvalid({"__all__": f"El proceso no llegó a la tarea {then[0]!r}; no se guardó nada."})
            if instance.error_message is not None:  # untouched otherwise: a dirty row costs a flush
                instance.error_message = None
        except Exception as exc:
            refusal = _form_refusal(exc)
            if refusal is not None:
                # A handler that finds the person's data impossible (an answer dated before the
                # filing) refuses the step: the transaction rolls back and the form says why.
                raise refusal from exc
            instance.error_message = error_message(exc)
            audit.record(session, instance.organization_id, actor.user_id, actor.name, "proceso.error",
                         "proceso", instance.id, summary=f"Error: {instance.error_message}")
        finally:
            current_call.reset(token)

    # -- operations ----------------------------------------------------------------------------

    def start(self, session: Session, actor: Actor, process_id: str, title: str,
              data: dict[str, Any] | None = None, subject_type: str = "",
              subject_id: int | None = None,
              first_task: tuple[str, dict[str, Any]] | None = None) -> ProcessInstance:
        """Start an instance; with first_task (task id, form data) also complete that first task,
        saving once, as a registration page does."""
        parsed, stored = self.current_definition(session, process_id)
        workflow = BpmnWorkflow(parsed.spec, parsed.subprocess_specs, script_engine=SCRIPT_ENGINE)
        workflow.task_tree.data.update(data or {})
        instance = ProcessInstance(
            organization_id=actor.organization_id, process_id=process_id, definition_hash=parsed.xml_hash,
            title=title[:300], subject_type=subject_type, subject_id=subject_id, state="{}",
            serializer_version=self.serializer.VERSION, started_by=actor.user_id, version=1)
        self._insert(session, instance, process_id, definition_stored=stored)
        audit.record(session, instance.organization_id, actor.user_id, actor.name, "proceso.iniciado",
                     "proceso", instance.id, summary=f"Inició «{descriptor(process_id).title}»",
                     after={"titulo": instance.title})
        self._advance(session, instance, workflow, actor)
        if first_task is not None:
            name, form_data = first_task
            task = next((t for t in self._scan(workflow)[0].values() if t.task_spec.bpmn_id == name), None)
            if task is None or instance.error_message:
                raise TaskGone(f"El proceso no empieza con la tarea {name!r}.")
            info = descriptor(process_id)
            if not actor.can_act(task.task_spec.lane, info.task_area(name, task.data)):
                raise NotAllowed("Esta tarea corresponde a otra área o a otro rol.")
            self._fill_and_run(session, actor, instance, task, info.forms[name], form_data)
            self._advance(session, instance, workflow, actor)
        self._save(session, instance, workflow, actor, before=set())
        return instance

    def _insert(self, session: Session, instance: ProcessInstance, process_id: str, definition_stored: bool) -> None:
        """Insert the new instance with one plain statement and attach it to the session as if
        loaded: the ORM's flush of a single new row cost more than the rest of the start.

        Unless its definition was just stored, the insert is made only if the definition is in the
        database (one statement instead of a check and an insert); if it is not, it is stored
        again (the XML this process parsed) and the instance inserted after it."""
        values = {name: getattr(instance, name) for name in _INSTANCE_COLUMNS}
        connection = session.connection()
        new_id = None
        if not definition_stored:
            new_id = connection.execute(_insert_instance_if_defined(connection.dialect.name), values).scalar()
            if new_id is None:
                digest = instance.definition_hash
                self._store_definition(session, process_id, digest, self._current_xml[digest])
        if new_id is None:
            new_id = connection.execute(_INSERT_INSTANCE, values).inserted_primary_key[0]
        instance.id = new_id
        make_transient_to_detached(instance)
        session.add(instance)

    def _fill_and_run(self, session: Session, actor: Actor, instance: ProcessInstance, task,
                      form_model: type, form_data: dict[str, Any]) -> dict[str, Any]:
        """Validate the form, put its data in the task, complete it and record who did; the data it took."""
        payload = validate_form(form_model, form_data, today_in(actor.timezone)).model_dump(mode="json")
        refused = {name: why for name in file_fields(form_model) if payload.get(name) is not None
                   and (why := files.why_not_yours(session, instance.organization_id, actor.user_id, instance.id,
                                                   payload[name]))}
        if refused:
            raise FormInvalid(refused)
        key = getattr(form_model, "data_key", None)
        author = {"id": actor.user_id, "nombre": actor.name}
        if key:
            # Nested answers (one per multi-instance task) keep who gave them.
            task.data[key] = {**payload, "_autor": author}
        else:
            task.data.update(payload)
        # Kept with the task, out of the process data: who to name to a form sent for it again.
        task.internal_data[COMPLETED_BY] = author
        task.run()
        completed = descriptor(instance.process_id).task_completed
        if completed is not None:
            completed(ServiceCall(session, instance.organization_id, instance.id, actor, task.data),
                      task.task_spec.bpmn_id)
        title = task.task_spec.bpmn_name or task.task_spec.bpmn_id
        # A form may say what its submission was when «Completó» would misread it (going back).
        said = getattr(form_model, "completion_summary", None)
        summary = (said(payload, title) if said else None) or f"Completó «{title}»"
        audit.record(session, instance.organization_id, actor.user_id, actor.name, "tarea.completada",
                     "proceso", instance.id, summary=summary, after=payload)
        return payload

    def open_task(self, session: Session, actor: Actor, task_id: str) -> OpenTask:
        """An open task the actor may see; another organization's task does not exist for them."""
        return self._checked(actor, session.get(OpenTask, real_task_id(task_id)))

    @staticmethod
    def _checked(actor: Actor, row: Any) -> Any:
        """The open task (an OpenTask or a row of its columns) if the actor may complete it."""
        if row is None or row.organization_id != actor.organization_id:
            raise TaskGone()
        if not actor.can_act(row.role, row.area_id):
            raise NotAllowed("Esta tarea corresponde a otra área o a otro rol.")
        return row

    def _task_to_complete(self, session: Session, actor: Actor, task_id: str) -> Any:
        """The open task's row (with its instance) if the actor may complete it now."""
        # The task and its instance in one query: the hot path of every step.
        row = self._checked(actor, session.execute(_TASK_AND_INSTANCE, {"task_id": real_task_id(task_id)}).first())
        if row.assignee_id is not None and row.assignee_id != actor.user_id:
            raise taken_by(session, row.assignee_id, "Solo esa persona puede completarla; si necesita atenderla, "
                                                     "pídale que la libere o que se la reasignen.")
        return row

    def complete_task(self, session: Session, actor: Actor, task_id: str, form_data: dict[str, Any],
                      expected_version: int | None = None) -> ProcessInstance:
        row = self._task_to_complete(session, actor, task_id)
        instance = row.ProcessInstance
        form_model = descriptor(row.process_id).forms[row.task_name]
        if expected_version is not None and instance.version != expected_version:
            raise StaleInstance(instance_id=instance.id)
        workflow, before = self._take(session, instance)
        task = workflow.get_task_from_id(UUID(task_id))
        if task is None or task.state != TaskState.READY:
            raise TaskGone(instance_id=instance.id)
        payload = self._fill_and_run(session, actor, instance, task, form_model, form_data)
        follow_up = descriptor(row.process_id).follow_up
        self._advance(session, instance, workflow, actor, then=follow_up(row.task_name, payload) if follow_up else None)
        try:
            self._save(session, instance, workflow, actor, before, completed=(task_id, row.task_version))
        except StaleInstance:
            # Someone got there first. If it was to this very task (completed or claimed it), say so:
            # the row as they left it tells (on PostgreSQL the save waited for them to commit).
            try:
                self._task_to_complete(session, actor, task_id)
            except TaskGone as gone:
                gone.instance_id = instance.id  # its row is gone, but this is the process it was in
                raise
            raise
        return instance

    def retry(self, session: Session, actor: Actor, instance_id: int) -> ProcessInstance:
        """Run again the service task that failed (an administrator fixed its cause)."""
        if not actor.is_admin:
            raise NotAllowed("Solo la administración puede reintentar un proceso con error.")
        instance = self.instance(session, actor, instance_id)
        if instance.status != InstanceStatus.ERROR:
            raise TaskGone("El proceso no tiene un error pendiente.")
        workflow, before = self._take(session, instance)
        for task in workflow.get_tasks(state=TaskState.ERROR):
            task._set_state(TaskState.READY)
        audit.record(session, instance.organization_id, actor.user_id, actor.name, "proceso.reintentado",
                     "proceso", instance.id, summary="Reintentó el paso con error",
                     before={"error": instance.error_message})
        self._advance(session, instance, workflow, actor)
        self._save(session, instance, workflow, actor, before)
        return instance

    def resume(self, session: Session, actor: Actor, instance: ProcessInstance) -> bool:
        """Advance an instance that stood still because a multi-instance task never heard some of its
        children complete (before diagrams connected them when parsed, an area's answer given after a
        restart was lost that way). False when it has nothing of that kind waiting: nothing is written."""
        workflow, before = self._take(session, instance)
        if not _merge_unheard_children(workflow):
            return False
        audit.record(session, instance.organization_id, actor.user_id, actor.name, "proceso.reanudado",
                     "proceso", instance.id, summary="Reanudó el proceso detenido: recogió las respuestas "
                                                     "que no había recibido")
        self._advance(session, instance, workflow, actor)
        self._save(session, instance, workflow, actor, before)
        return True

    def reopen_at(self, session: Session, actor: Actor, instance: ProcessInstance, step: str,
                  form_data: dict[str, Any], reason: str) -> ProcessInstance:
        """Take a completed instance back to the last time it reached the user task `step` and complete
        that task with `form_data`, in one save: what the diagram waited for there came after it ended (a
        recurso de revisión the órgano garante notifies once the window to appeal closed). The diagram goes
        on from the task as if it had been completed then; nothing else runs first, so a boundary timer of
        the task, already due, does not end it again."""
        if instance.status != InstanceStatus.COMPLETED:
            raise TaskGone("El proceso no ha concluido: complete la tarea en curso.")
        workflow, before = self._take(session, instance)
        reached = workflow.get_tasks(spec_name=step)
        if not reached:
            raise TaskGone(f"El proceso no pasó por la tarea {step!r}.")
        task = reached[-1]
        if not actor.can_act(task.task_spec.lane, descriptor(instance.process_id).task_area(step, task.data)):
            raise NotAllowed("Esta tarea corresponde a otra área o a otro rol.")
        workflow.reset_from_task_id(task.id)
        workflow.completed = False  # SpiffWorkflow keeps the flag once its end was reached
        if isinstance(task.parent.task_spec, BoundaryEventSplit):
            # Its boundary events belong to the time it waited: reset, a timer already due (the window that
            # closed) is ready at once and would interrupt the task this very step completes.
            for boundary in task.parent.children:
                if boundary is not task:
                    boundary.cancel()
        instance.completed_at = None
        audit.record(session, instance.organization_id, actor.user_id, actor.name, "proceso.reabierto", "proceso",
                     instance.id, summary=f"Reabrió el proceso concluido: {reason}"[:500])
        self._advance(session, instance, workflow, actor, then=(step, form_data))
        self._save(session, instance, workflow, actor, before)
        return instance

    def cancel(self, session: Session, actor: Actor, instance: ProcessInstance, reason: str) -> ProcessInstance:
        """Stop a running instance for a reason its business gives (a session called off): its open
        tasks leave every inbox and its timers stop; its state stays as it was, to be read."""
        if instance.status in (InstanceStatus.COMPLETED, InstanceStatus.CANCELLED):
            raise TaskGone(f"El proceso ya está {instance.status.label.lower()}.")
        before = instance.status
        instance.status, instance.completed_at, instance.next_timer_at = InstanceStatus.CANCELLED, utcnow(), None
        instance.updated_at = utcnow()
        for row in session.exec(select(OpenTask).where(OpenTask.instance_id == instance.id)).all():
            session.delete(row)
        session.flush()
        audit.record(session, instance.organization_id, actor.user_id, actor.name, "proceso.cancelado", "proceso",
                     instance.id, summary=f"Canceló el proceso: {reason}"[:500], before={"estado": before.value})
        return instance

    def fire_timers(self, session: Session, actor: Actor, instance: ProcessInstance) -> ProcessInstance:
        workflow, before = self._take(session, instance)
        _, previous = self._scan(workflow)
        workflow.refresh_timers()
        if self._scan(workflow)[1] == previous:
            return instance  # by SpiffWorkflow's clock nothing fired yet: nothing to save or log
        audit.record(session, instance.organization_id, None, actor.name, "proceso.temporizador",
                     "proceso", instance.id, summary="Venció un plazo del proceso")
        self._advance(session, instance, workflow, actor)
        self._save(session, instance, workflow, actor, before)
        return instance

    def instance(self, session: Session, actor: Actor, instance_id: int) -> ProcessInstance:
        instance = session.get(ProcessInstance, instance_id)
        if instance is None or instance.organization_id != actor.organization_id:
            raise NotFound("No existe ese expediente.")
        return instance

    def inspect(self, session: Session, instance: ProcessInstance) -> "InstanceView":
        """What the instance page shows, from one restore of the workflow: its current data and
        each BPMN element's state ('ready' / 'completed' / 'waiting' / 'error') for the diagram."""
        workflow = self._restore(session, instance)
        names = {TaskState.READY: "ready", TaskState.COMPLETED: "completed",
                 TaskState.WAITING: "waiting", TaskState.ERROR: "error", TaskState.STARTED: "ready"}
        states: dict[str, str] = {}
        for task in workflow.get_tasks():
            bpmn_id = task.task_spec.bpmn_id
            label = names.get(task.state)
            if bpmn_id and label and states.get(bpmn_id) not in ("ready", "error"):
                states[bpmn_id] = label
        source = workflow.last_task.data if workflow.last_task is not None else workflow.data
        data = {k: v for k, v in source.items() if not k.startswith("spiff__")}
        return InstanceView(data=data, states=states)

    def task_of(self, session: Session, actor: Actor, instance_id: int, task_id: str) -> PastTask | None:
        """The instance and the BPMN id of a task that is or was in it (open or completed), and who completed
        it, when the instance is of the actor's organization; None otherwise. What a gone task was."""
        instance = session.get(ProcessInstance, instance_id)
        if instance is None or instance.organization_id != actor.organization_id:
            return None
        try:
            task = self._restore(session, instance).get_task_from_id(UUID(real_task_id(task_id)))
        except TaskNotFoundException:
            return None
        # Tasks completed before this was kept, and those the process left behind, have no one.
        completed_by = task.internal_data.get(COMPLETED_BY) if task.state == TaskState.COMPLETED else None
        return PastTask(instance, task.task_spec.bpmn_id, completed_by)

    def task_data(self, session: Session, instance: ProcessInstance, task_id: str) -> dict[str, Any]:
        """The data an open task sees (e.g. the turn it answers), to draw its form."""
        workflow = self._restore(session, instance)
        task = workflow.get_task_from_id(UUID(task_id))
        if task is None:
            raise TaskGone()
        return {k: v for k, v in task.data.items() if not k.startswith("spiff__")}


runtime = WorkflowRuntime()
