"""The runtime: failing service handlers, retries by an administrator, and the restricted script engine."""

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.util.task import TaskState

from engine import scripting
from engine.accounts import Actor, Role, actor_for, create_user
from engine.clock import DEFAULT_TIMEZONE, today_in
from engine.db import reading, transaction
from engine.bpmn_specs import bpmn_path, parse_xml, xml_hash
from engine.audit import AuditEvent
from engine.processes import BpmnDefinition, InstanceStatus, OpenTask, ProcessInstance
from engine.runtime import NotAllowed, StaleInstance, TaskGone, runtime
from engine.scripting import SCRIPT_ENGINE
from engine.step_writes import SAVED_COLUMNS, write_step
from engine.tenancy import Organization
from workflows.correspondence.models import Turn
from tests.concurrency import second_runs_into_first
from tests.workflows.test_correspondence_paths import complete, open_tasks, register

TURN = {"instruccion": "Atender y responder", "fecha_limite": (today_in(DEFAULT_TIMEZONE) + timedelta(days=5)).isoformat()}


@pytest.fixture
def broken_turns(monkeypatch):
    """The handler of record_turns fails, as when a service it depends on is down."""
    original = scripting._handlers["correspondence.record_turns"]

    def failing(call, params):
        raise RuntimeError("El servicio de turnos no responde")

    monkeypatch.setitem(scripting._handlers, "correspondence.record_turns", failing)
    return lambda: monkeypatch.setitem(scripting._handlers, "correspondence.record_turns", original)


def stored(engine, instance_id) -> ProcessInstance:
    with reading(engine) as session:
        return session.get(ProcessInstance, instance_id)


def test_a_failing_handler_leaves_the_instance_in_error_and_an_admin_retry_continues(
        engine, demo, oficialia, admin, broken_turns):
    instance = register(engine, oficialia)
    [turn] = open_tasks(engine, instance.id)
    complete(engine, oficialia, turn.id, {"areas": [demo.areas["DA"].id], **TURN})

    failed = stored(engine, instance.id)
    assert failed.status == InstanceStatus.ERROR
    assert failed.error_message == "El servicio de turnos no responde"
    assert open_tasks(engine, instance.id) == []
    with reading(engine) as session:
        assert session.exec(select(Turn)).all() == []

    broken_turns()  # the administrator fixed the cause
    runtime._cache.clear()
    with transaction(engine) as session:
        runtime.retry(session, admin, instance.id)

    retried = stored(engine, instance.id)
    assert retried.status == InstanceStatus.RUNNING and retried.error_message is None
    [answer] = open_tasks(engine, instance.id)
    assert (answer.task_name, answer.area_id) == ("answer", demo.areas["DA"].id)
    with reading(engine) as session:
        assert len(session.exec(select(Turn)).all()) == 1


def test_only_an_administrator_may_retry(engine, demo, oficialia, admin, broken_turns):
    instance = register(engine, oficialia)
    [turn] = open_tasks(engine, instance.id)
    complete(engine, oficialia, turn.id, {"areas": [demo.areas["DA"].id], **TURN})
    with pytest.raises(NotAllowed), transaction(engine) as session:
        runtime.retry(session, oficialia, instance.id)
    # Still failing: a retry before the fix leaves it in error, with the message.
    with transaction(engine) as session:
        runtime.retry(session, admin, instance.id)
    assert stored(engine, instance.id).status == InstanceStatus.ERROR


def test_retrying_an_instance_without_error_is_refused(engine, demo, oficialia, admin):
    instance = register(engine, oficialia)
    with pytest.raises(TaskGone), transaction(engine) as session:
        runtime.retry(session, admin, instance.id)


def test_a_workflow_restored_from_json_runs_expressions_only_in_the_restricted_engine(engine, demo, oficialia):
    instance = register(engine, oficialia)
    runtime._cache.clear()
    with reading(engine) as session:
        workflow, _ = runtime._take(session, stored(engine, instance.id))
    assert workflow.script_engine is SCRIPT_ENGINE
    [task] = workflow.get_tasks(state=TaskState.READY)
    assert workflow.script_engine.evaluate(task, "len(acuse['folio']) > 3") is True
    for expression in ["__import__('os').getcwd()", "open('/etc/passwd').read()",
                       "().__class__.__base__.__subclasses__()"]:
        with pytest.raises(WorkflowTaskException):
            workflow.script_engine.evaluate(task, expression)


def test_a_diagram_script_is_refused(engine, demo, oficialia):
    instance = register(engine, oficialia)
    with reading(engine) as session:
        workflow, _ = runtime._take(session, stored(engine, instance.id))
    [task] = workflow.get_tasks(state=TaskState.READY)
    with pytest.raises(Exception, match="no ejecuta scripts"):
        workflow.script_engine.execute(task, "import os")


def test_a_start_stores_its_definition_again_when_the_database_no_longer_has_it(
        engine, demo, oficialia, monkeypatch):
    # The runtime remembers which diagram file it stored; a database restored or emptied since
    # lacks it. Here the runtime believes a variant of the file is stored that never was.
    xml = bpmn_path("correspondence").read_bytes() + b"<!-- otra version -->"
    digest = xml_hash(xml)
    monkeypatch.setitem(runtime._parsed, digest, parse_xml("correspondence", xml))
    monkeypatch.setitem(runtime._current_xml, digest, xml)
    monkeypatch.setitem(runtime._current_hash, "correspondence",
                        (bpmn_path("correspondence").stat().st_mtime, digest))
    instance = register(engine, oficialia)
    with reading(engine) as session:
        assert session.get(ProcessInstance, instance.id).definition_hash == digest
        assert session.get(BpmnDefinition, digest).xml == xml.decode()
    assert [task.task_name for task in open_tasks(engine, instance.id)] == ["turn"]


def test_a_cancelled_instance_leaves_every_inbox_and_is_not_cancelled_twice(engine, demo, oficialia):
    instance = register(engine, oficialia)
    assert open_tasks(engine, instance.id)
    with transaction(engine) as session:
        runtime.cancel(session, oficialia, session.get(ProcessInstance, instance.id), "Registrado por error")
    cancelled = stored(engine, instance.id)
    assert cancelled.status == InstanceStatus.CANCELLED and cancelled.next_timer_at is None
    assert open_tasks(engine, instance.id) == []
    with transaction(engine) as session, pytest.raises(TaskGone, match="cancelado"):
        runtime.cancel(session, oficialia, session.get(ProcessInstance, instance.id), "otra vez")


def test_a_save_that_finds_the_instance_saved_by_someone_else_is_refused_and_its_task_rows_roll_back(
        engine, demo, oficialia, monkeypatch):
    """The save's version check is the last guard against two people completing steps at once;
    on PostgreSQL it travels in one statement with the task rows, which must not survive it."""
    instance = register(engine, oficialia)
    [turn] = open_tasks(engine, instance.id)
    original = scripting._handlers["correspondence.record_turns"]

    def saved_meanwhile(call, params):
        # Another person's save lands between this step's load and its save.
        call.session.connection().execute(update(ProcessInstance).where(ProcessInstance.id == call.instance_id)
                                          .values(version=ProcessInstance.version + 1))
        return original(call, params)

    monkeypatch.setitem(scripting._handlers, "correspondence.record_turns", saved_meanwhile)
    with pytest.raises(StaleInstance) as stale, transaction(engine) as session:
        runtime.complete_task(session, oficialia, turn.id, {"areas": [demo.areas["DA"].id], **TURN})

    assert stale.value.instance_id == instance.id
    assert [task.id for task in open_tasks(engine, instance.id)] == [turn.id]
    assert stored(engine, instance.id).version == instance.version
    with reading(engine) as session:
        assert session.exec(select(Turn)).all() == []


ANSWER = {"sentido": "atendido", "respuesta": "Se remite el informe solicitado."}


@pytest.fixture
def second_enlace_da(engine, demo):
    """Another enlace of the Dirección de Administración: both see its group tasks."""
    with transaction(engine) as session:
        return actor_for(session, create_user(session, demo.organization.id, "enlace_da2", "Pedro Solís Ramos",
                                              "p@sesaech.example", "x", [(Role.ENLACE, demo.areas["DA"].id)]))


def test_two_people_completing_the_same_task_at_once_make_one_step_and_one_conflict(
        engine, demo, oficialia, enlace_area_a, second_enlace_da):
    """Turned to one area, the answer leads to the same next task for both, with the same id
    (SpiffWorkflow predicts it): the second is told, instead of failing on the first one's row."""
    instance = register(engine, oficialia)
    [turn] = open_tasks(engine, instance.id)
    complete(engine, oficialia, turn.id, {"areas": [demo.areas["DA"].id], **TURN})
    [answer] = open_tasks(engine, instance.id)
    version = stored(engine, instance.id).version

    def answer_as(actor):
        return lambda session: runtime.complete_task(session, actor, answer.id, ANSWER, expected_version=version)

    first, second = second_runs_into_first(engine, answer_as(enlace_area_a), answer_as(second_enlace_da))
    assert isinstance(first, ProcessInstance)
    assert type(second) is TaskGone and "ya se completó" in str(second)
    # On PostgreSQL the second's save waited for the first: it knows the process, which the API then names.
    # On SQLite it began after the first's commit and found the task's row gone, as a later retry does.
    assert second.instance_id == (instance.id if engine.dialect.name == "postgresql" else None)
    assert [task.task_name for task in open_tasks(engine, instance.id)] == ["close"]
    assert stored(engine, instance.id).version == version + 1
    with reading(engine) as session:
        answered = session.exec(select(AuditEvent.actor_name).where(
            AuditEvent.object_id == str(instance.id), AuditEvent.summary == "Completó «Atender el turno»")).all()
    assert answered == ["Rosa Elena Martínez Cruz"]


def test_a_stale_steps_write_is_refused_even_with_task_rows_the_first_step_already_inserted(
        engine, demo, oficialia):
    """Two steps from the same version predict the same ids for their next tasks: the write of the
    second says it is stale (a conflict for the person) instead of failing on the first's rows."""
    instance = register(engine, oficialia)
    [turn] = open_tasks(engine, instance.id)
    with transaction(engine) as session:
        saved = session.get(ProcessInstance, instance.id)
        values = {name: getattr(saved, name) for name in SAVED_COLUMNS}
        already_there = dict(session.get(OpenTask, turn.id).model_dump())
        assert not write_step(session.connection(), instance.id, saved.version - 1, values, [], [already_there])
    assert [task.id for task in open_tasks(engine, instance.id)] == [turn.id]


def test_a_running_workflow_stays_cached_after_its_step_and_a_completed_one_does_not(
        engine, demo, oficialia, enlace_area_a):
    """Completed workflows are never advanced again: keeping them would only hold memory."""
    instance = register(engine, oficialia)
    runtime._cache.clear()
    [turn] = open_tasks(engine, instance.id)
    with transaction(engine) as session:
        runtime.complete_task(session, oficialia, turn.id, {"areas": [demo.areas["DA"].id], **TURN})
    assert instance.id in runtime._cache
    [answer] = open_tasks(engine, instance.id)
    with transaction(engine) as session:
        runtime.complete_task(session, enlace_area_a, answer.id,
                              {"sentido": "atendido", "respuesta": "Se remite el informe solicitado."})
        [close] = session.exec(select(OpenTask).where(OpenTask.instance_id == instance.id)).all()
        done = runtime.complete_task(session, oficialia, close.id, {"conclusion": "Atendido."})
    assert done.status == InstanceStatus.COMPLETED
    assert instance.id not in runtime._cache


def forget_parsed_definitions() -> None:
    """What a new process (a restart, another web worker, `pleno worker`) starts with: no parsed
    diagram and no cached workflow."""
    parse_xml.cache_clear()
    runtime._parsed.clear()
    runtime._current_hash.clear()
    runtime._cache.clear()


def test_a_turn_started_before_a_restart_is_still_completed_by_the_areas_answers_after_it(
        engine, demo, oficialia, enlace_area_a, enlace_area_b):
    # The areas' answers are the children of a multi-instance task: each child's completion must
    # reach its parent in a process that did not create the children.
    instance = register(engine, oficialia)
    [turn] = open_tasks(engine, instance.id)
    complete(engine, oficialia, turn.id, {"areas": [demo.areas["DA"].id, demo.areas["DRI"].id], **TURN})
    by_area = {t.area_id: t for t in open_tasks(engine, instance.id)}
    forget_parsed_definitions()
    complete(engine, enlace_area_a, by_area[demo.areas["DA"].id].id,
             {"sentido": "atendido", "respuesta": "Se remite el informe solicitado."})
    forget_parsed_definitions()
    complete(engine, enlace_area_b, by_area[demo.areas["DRI"].id].id,
             {"sentido": "atendido", "respuesta": "Sin observaciones de esta dirección."})
    assert [t.task_name for t in open_tasks(engine, instance.id)] == ["close"]


def test_an_instance_that_stood_still_before_the_fix_is_resumed_once_by_the_command(
        engine, settings, demo, oficialia, enlace_area_a, monkeypatch, capsys):
    from engine import bpmn_specs
    from engine.audit import AuditEvent
    from web.cli import main
    instance = register(engine, oficialia)
    [turn] = open_tasks(engine, instance.id)
    complete(engine, oficialia, turn.id, {"areas": [demo.areas["DA"].id], **TURN})
    [answer] = open_tasks(engine, instance.id)
    # As Pleno parsed diagrams before: the answer, given after a restart, is never heard.
    with monkeypatch.context() as old_parser:
        old_parser.setattr(bpmn_specs, "_connect_loop_children", lambda process_spec: None)
        forget_parsed_definitions()
        complete(engine, enlace_area_a, answer.id, {"sentido": "atendido", "respuesta": "Se remite el informe."})
    assert open_tasks(engine, instance.id) == [] and stored(engine, instance.id).status == InstanceStatus.RUNNING

    forget_parsed_definitions()
    assert main(["processes", "resume"]) == 0
    assert capsys.readouterr().out.endswith("1 proceso reanudado.\n")
    assert [t.task_name for t in open_tasks(engine, instance.id)] == ["close"]
    with reading(engine) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "proceso.reanudado")).all()
    assert event.object_id == str(instance.id)
    # Once only; an instance that waits on an open task is not touched.
    assert main(["processes", "resume"]) == 0
    assert capsys.readouterr().out == "0 procesos reanudados.\n"


def test_a_completed_task_still_tells_its_instance_and_bpmn_id_only_within_its_organization(engine, demo, oficialia):
    instance = register(engine, oficialia)
    other_instance = register(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    complete(engine, oficialia, task.id, {"areas": [demo.areas["DA"].id], **TURN})
    assert task.id not in [t.id for t in open_tasks(engine, instance.id)]
    with transaction(engine) as session:
        other = Organization(slug="otro-ente", name="Otro ente", short_name="OE")
        session.add(other)
        session.flush()
        stranger = Actor(None, other.id, "Otro ente", {Role.OFICIALIA: {None}})
    with reading(engine) as session:
        found, name, completed_by = runtime.task_of(session, oficialia, instance.id, task.id)
        assert (found.id, name) == (instance.id, "turn")
        assert completed_by == {"id": oficialia.user_id, "nombre": oficialia.name}
        assert runtime.task_of(session, oficialia, other_instance.id, task.id) is None  # not one of its tasks
        assert runtime.task_of(session, oficialia, 999999, task.id) is None
        assert runtime.task_of(session, stranger, instance.id, task.id) is None


def concluded_correspondence(engine, demo, oficialia, enlace_area_a) -> ProcessInstance:
    instance = register(engine, oficialia)
    [turn] = open_tasks(engine, instance.id)
    complete(engine, oficialia, turn.id, {"areas": [demo.areas["DA"].id], **TURN})
    [answer] = open_tasks(engine, instance.id)
    complete(engine, enlace_area_a, answer.id, {"sentido": "atendido", "respuesta": "Se remite el informe solicitado."})
    [close] = open_tasks(engine, instance.id)
    return complete(engine, oficialia, close.id, {"conclusion": "Atendido."})


def test_only_a_completed_instance_is_reopened_at_a_task_it_passed_by_whoever_may_complete_it(
        engine, demo, oficialia, enlace_area_a):
    running = register(engine, oficialia)
    with transaction(engine) as session, pytest.raises(TaskGone, match="no ha concluido"):
        runtime.reopen_at(session, oficialia, session.get(ProcessInstance, running.id), "register", {}, "prueba")
    done = concluded_correspondence(engine, demo, oficialia, enlace_area_a)
    assert done.status == InstanceStatus.COMPLETED
    with transaction(engine) as session, pytest.raises(TaskGone, match="no pasó por la tarea 'appeal'"):
        runtime.reopen_at(session, oficialia, session.get(ProcessInstance, done.id), "appeal", {}, "prueba")
    with transaction(engine) as session, pytest.raises(NotAllowed):  # «Concluir el asunto» is the oficialía's
        runtime.reopen_at(session, enlace_area_a, session.get(ProcessInstance, done.id), "close",
                          {"conclusion": "Otra vez."}, "prueba")
    assert stored(engine, done.id).status == InstanceStatus.COMPLETED
    with reading(engine) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "proceso.reabierto")).all() == []
