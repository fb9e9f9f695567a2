"""The inbox over the open-task projection: who sees what, due states, claiming and reassigning."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update
from sqlmodel import select

from engine import inbox
from engine.accounts import Role, actor_for, create_user
from engine.audit import AuditEvent
from engine.calendar_overlay import declare_non_working
from engine.db import transaction
from engine.files import StoredFile
from engine.legal_calendar import office_calendar
from engine.processes import OpenTask, ProcessInstance
from engine.runtime import NotAllowed, TaskGone, runtime
from engine.tenancy import Organization
from workflows.board_session.models import SessionKind
from board_session_steps import boards, plan
from correspondence_steps import register_document, turn_document
from concurrency import second_runs_into_first
from correspondence_steps import open_tasks as steps_open_tasks



def register(engine, oficialia, asunto="Solicita informe de avance del programa anual"):
    return register_document(engine, oficialia, asunto=asunto)


def tasks_of(engine, instance_id):
    return steps_open_tasks(engine, instance_id)


def turn(engine, oficialia, instance, areas):
    turn_document(engine, oficialia, instance.id, areas)
    return {t.area_id: t for t in tasks_of(engine, instance.id)}


def inbox_of(engine, actor, **filters):
    with transaction(engine) as session:
        return inbox.my_tasks(session, actor, **filters)


def test_an_enlace_sees_only_the_tasks_of_its_own_area(engine, demo, oficialia, enlace_area_a, enlace_area_b):
    first, second = register(engine, oficialia), register(engine, oficialia)
    turn(engine, oficialia, first, [demo.areas["DA"], demo.areas["DRI"]])
    turn(engine, oficialia, second, [demo.areas["DRI"]])
    mine = inbox_of(engine, enlace_area_a)
    assert [(r.task.task_name, r.task.area_id) for r in mine.rows] == [("answer", demo.areas["DA"].id)]
    assert mine.rows[0].area_name == "Dirección de Administración"
    assert inbox_of(engine, enlace_area_b).total == 2
    assert inbox_of(engine, oficialia).total == 0


def test_oficialia_sees_every_turn_task_of_its_organization_and_the_admin_none_of_them(
        engine, demo, oficialia, admin):
    register(engine, oficialia)
    register(engine, oficialia)
    page = inbox_of(engine, oficialia)
    assert page.total == 2 and {r.task.task_name for r in page.rows} == {"turn"}
    assert page.rows[0].process_title == "Correspondencia (oficialía de partes)"
    assert inbox_of(engine, admin).total == 0


def test_another_organization_never_shows_up(engine, demo, oficialia):
    register(engine, oficialia)
    with transaction(engine) as session:
        other = Organization(slug="otro-ente", name="Otro ente", short_name="OE")
        session.add(other)
        session.flush()
        stranger = inbox.Actor(None, other.id, "Otro ente", {Role.OFICIALIA: {None}})
    assert inbox_of(engine, stranger).total == 0


def test_filters_by_process_area_and_due_state(engine, demo, oficialia, enlace_area_b):
    instances = [register(engine, oficialia) for _ in range(3)]
    tasks = [turn(engine, oficialia, i, [demo.areas["DRI"]])[demo.areas["DRI"].id] for i in instances]
    now = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # a Monday
    dues = [now - timedelta(hours=1), now + timedelta(days=2), now + timedelta(days=10)]
    with transaction(engine) as session:
        for task, due in zip(tasks, dues):
            session.execute(update(OpenTask).where(OpenTask.id == task.id).values(due_at=due))

    def ids(**filters):
        return [r.task.id for r in inbox_of(engine, enlace_area_b, now=now, **filters).rows]

    assert ids() == [t.id for t in tasks]  # soonest due first
    assert ids(due="vencidas") == [tasks[0].id]
    assert ids(due="proximas") == [tasks[1].id]
    assert ids(due="a_tiempo") == [tasks[2].id]
    assert [r.due for r in inbox_of(engine, enlace_area_b, now=now).rows] == [
        inbox.DueState.OVERDUE, inbox.DueState.SOON, inbox.DueState.ON_TIME]
    assert ids(process="correspondence", area_id=demo.areas["DRI"].id) == [t.id for t in tasks]
    assert ids(process="otro") == []
    assert ids(area_id=demo.areas["DA"].id) == []


def test_pages_split_the_list_and_count_all_of_it(engine, demo, oficialia):
    for _ in range(3):
        register(engine, oficialia)
    first = inbox_of(engine, oficialia, per_page=2)
    last = inbox_of(engine, oficialia, per_page=2, page=2)
    beyond = inbox_of(engine, oficialia, per_page=2, page=9)
    assert (first.total, first.pages, len(first.rows), len(last.rows)) == (3, 2, 2, 1)
    assert beyond.page == 2 and {r.task.id for r in first.rows}.isdisjoint({r.task.id for r in last.rows})


def test_a_page_past_the_end_asked_not_to_be_the_last_is_empty(engine, demo, oficialia):
    for _ in range(3):
        register(engine, oficialia)
    beyond = inbox_of(engine, oficialia, per_page=2, page=9, past_the_end_is_last=False)
    assert (beyond.rows, beyond.page, beyond.pages, beyond.total) == ([], 9, 2, 3)


def test_every_page_follows_the_due_order_across_roles_areas_and_tasks_without_due_date(engine, demo, oficialia):
    # Each page reads only the first tasks of every role and area; walked page by page, the whole
    # list must still be the one order: soonest due first, tasks without a due date last.
    instance = register(engine, oficialia)
    area, other_area = demo.areas["DA"].id, demo.areas["DRI"].id
    base = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
    lanes = [("oficialia", None), ("enlace", area), ("enlace", None), ("enlace", other_area)]
    with transaction(engine) as session:
        for n in range(20):
            role, area_id = lanes[n % len(lanes)]
            session.add(OpenTask(id=f"00000000-0000-0000-0000-{n:012d}", organization_id=instance.organization_id,
                                 instance_id=instance.id, process_id="correspondence", task_name="answer",
                                 title="Atender el turno", subject=f"Tarea {n}", role=role, area_id=area_id,
                                 due_at=None if n % 3 == 0 else base + timedelta(hours=(n * 7) % 11),
                                 created_at=base, version=1))
        user = create_user(session, demo.organization.id, "doble", "Persona con dos roles", "d@example.org",
                           "x-2026-segura", [(Role.OFICIALIA, None), (Role.ENLACE, area)])
        actor = actor_for(session, user)
    with transaction(engine) as session:
        visible = [t for t in session.exec(select(OpenTask)).all()
                   if t.role == "oficialia" or (t.role == "enlace" and t.area_id in (area, None))]
    expected = [t.id for t in sorted(visible, key=lambda t: (t.due_at is None, t.due_at or base, t.id))]
    pages = inbox_of(engine, actor, per_page=4, now=base).pages
    walked = [row.task.id for page in range(1, pages + 1)
              for row in inbox_of(engine, actor, per_page=4, page=page, now=base).rows]
    assert pages == 4 and walked == expected


def test_tasks_without_a_due_date_come_oldest_first(engine, demo, oficialia):
    """The oficialía's queue of documents to turn has no due date: it is read in the order they came in."""
    instances = [register(engine, oficialia, asunto=f"Documento número {n} de la semana") for n in range(6)]
    rows = inbox_of(engine, oficialia).rows
    assert [row.task.instance_id for row in rows] == [i.id for i in instances]


@pytest.mark.parametrize("now, expected", [
    # Monday 10:00 → the end of Thursday; Friday → the end of Wednesday (the weekend does not count).
    (datetime(2026, 3, 2, 16, 0, tzinfo=UTC), datetime(2026, 3, 6, 6, 0, tzinfo=UTC)),
    (datetime(2026, 3, 6, 16, 0, tzinfo=UTC), datetime(2026, 3, 12, 6, 0, tzinfo=UTC)),
    # Saturday → the end of Wednesday.
    (datetime(2026, 3, 7, 16, 0, tzinfo=UTC), datetime(2026, 3, 12, 6, 0, tzinfo=UTC)),
    # Friday 13 March → the end of Thursday 19: Monday 16 March is a rest day (LFT art. 74, third Monday).
    (datetime(2026, 3, 13, 16, 0, tzinfo=UTC), datetime(2026, 3, 20, 6, 0, tzinfo=UTC)),
])
def test_por_vencer_means_within_three_business_days(engine, demo, now, expected):
    with transaction(engine) as session:
        calendar = office_calendar(session, demo.organization.id)
    assert inbox.due_soon_limit(calendar, now) == expected


def test_a_task_due_at_closing_time_on_the_third_business_day_is_por_vencer_in_the_morning(engine, demo):
    monday_morning = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # 10:00 in Mexico City
    thursday_closing = datetime(2026, 3, 5, 18, 0, tzinfo=ZoneInfo("America/Mexico_City"))
    with transaction(engine) as session:
        limit = inbox.due_soon_limit(office_calendar(session, demo.organization.id), monday_morning)
    assert inbox.due_state(thursday_closing, monday_morning, limit) == inbox.DueState.SOON
    assert inbox.due_state(thursday_closing + timedelta(days=1), monday_morning, limit) == inbox.DueState.ON_TIME


def test_a_declared_dia_inhabil_widens_por_vencer(engine, demo, admin):
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 3, 4), date(2026, 3, 4), "Día inhábil por acuerdo")
    with transaction(engine) as session:
        limit = inbox.due_soon_limit(office_calendar(session, demo.organization.id),
                                     datetime(2026, 3, 2, 16, 0, tzinfo=UTC))
    assert limit == datetime(2026, 3, 7, 6, 0, tzinfo=UTC)


def test_of_two_people_claiming_a_task_the_second_is_told_who_has_it(engine, demo, oficialia, admin):
    instance = register(engine, oficialia)
    [task] = tasks_of(engine, instance.id)
    with transaction(engine) as session:
        other = actor_for(session, create_user(session, demo.organization.id, "oficialia2", "Mario Ruiz Pérez",
                                               "mario@sesaech.example", "x", [(Role.OFICIALIA, None)]))
    with transaction(engine) as session:
        assert inbox.claim(session, oficialia, task.id).assignee_id == oficialia.user_id
    with pytest.raises(inbox.TaskTaken, match="Patricia Hernández López ya tomó esta tarea"):
        with transaction(engine) as session:
            inbox.claim(session, other, task.id)
    with pytest.raises(inbox.TaskTaken, match="Patricia Hernández López ya tomó esta tarea. Solo esa persona"):
        with transaction(engine) as session:
            runtime.complete_task(session, other, task.id, {})
    with transaction(engine) as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.object_id == str(instance.id))).all()
    assert actions.count("tarea.tomada") == 1


def test_claiming_a_completed_task_says_it_is_gone(engine, demo, oficialia):
    instance = register(engine, oficialia)
    [task] = tasks_of(engine, instance.id)
    turn(engine, oficialia, instance, [demo.areas["DA"]])
    with pytest.raises(TaskGone):
        with transaction(engine) as session:
            inbox.claim(session, oficialia, task.id)


ANSWER = {"sentido": "atendido", "respuesta": "Se remite el informe solicitado."}


@pytest.mark.parametrize("first", ["claim", "completion"])
def test_a_claim_and_a_completion_of_the_same_task_at_once_make_one_success_and_one_conflict(
        engine, demo, oficialia, enlace_area_a, first):
    """Rosa takes the group task while Pedro sends its form: whoever is first wins, the other is told."""
    instance = register(engine, oficialia)
    task = turn(engine, oficialia, instance, [demo.areas["DA"]])[demo.areas["DA"].id]
    with transaction(engine) as session:
        pedro = actor_for(session, create_user(session, demo.organization.id, "enlace_da2", "Pedro Solís Ramos",
                                               "p@sesaech.example", "x", [(Role.ENLACE, demo.areas["DA"].id)]))
    claim = lambda session: inbox.claim(session, enlace_area_a, task.id)  # noqa: E731
    completion = lambda session: runtime.complete_task(session, pedro, task.id, ANSWER)  # noqa: E731
    if first == "claim":
        claimed, completed = second_runs_into_first(engine, claim, completion)
        assert claimed.assignee_id == enlace_area_a.user_id
        assert isinstance(completed, inbox.TaskTaken)
        assert "Rosa Elena Martínez Cruz ya tomó esta tarea" in str(completed)
        [still_open] = tasks_of(engine, instance.id)
        assert still_open.id == task.id and still_open.assignee_id == enlace_area_a.user_id
    else:
        completed, claimed = second_runs_into_first(engine, completion, claim)
        assert isinstance(completed, ProcessInstance)
        assert type(claimed) is TaskGone and "ya no está pendiente" in str(claimed)
        assert [t.task_name for t in tasks_of(engine, instance.id)] == ["close"]
    with transaction(engine) as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.object_id == str(instance.id))).all()
    assert ("tarea.tomada" in actions) != (actions.count("tarea.completada") == 3)  # register, turn, answer


def test_the_holder_releases_a_task_and_an_enlace_cannot_release_someone_elses(
        engine, demo, oficialia, enlace_area_a):
    instance = register(engine, oficialia)
    answers = turn(engine, oficialia, instance, [demo.areas["DA"]])
    task = answers[demo.areas["DA"].id]
    with transaction(engine) as session:
        colleague = actor_for(session, create_user(session, demo.organization.id, "enlace_da2", "Pedro Solís",
                                                   "pedro@sesaech.example", "x", [(Role.ENLACE, demo.areas["DA"].id)]))
    with transaction(engine) as session:
        inbox.claim(session, enlace_area_a, task.id)
    with pytest.raises(NotAllowed):
        with transaction(engine) as session:
            inbox.release(session, colleague, task.id)
    with transaction(engine) as session:
        assert inbox.release(session, enlace_area_a, task.id).assignee_id is None
        assert inbox.claim(session, colleague, task.id).assignee_id == colleague.user_id


def test_the_admin_reassigns_to_someone_who_can_act_and_only_to_them(
        engine, demo, oficialia, admin, enlace_area_a, enlace_area_b):
    instance = register(engine, oficialia)
    task = turn(engine, oficialia, instance, [demo.areas["DA"]])[demo.areas["DA"].id]
    with transaction(engine) as session:
        names = [u.username for u in inbox.candidates(session, demo.organization.id, task)]
    assert names == ["enlace_da"]
    with pytest.raises(NotAllowed, match="no puede atender"):
        with transaction(engine) as session:
            inbox.reassign(session, admin, task.id, enlace_area_b.user_id)
    with pytest.raises(NotAllowed, match="Solo la administración"):
        with transaction(engine) as session:
            inbox.reassign(session, enlace_area_a, task.id, enlace_area_a.user_id)
    with transaction(engine) as session:
        assert inbox.reassign(session, admin, task.id, enlace_area_a.user_id).assignee_id == enlace_area_a.user_id
    with transaction(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "tarea.reasignada")).one()
    assert (event.object_type, event.object_id) == ("proceso", str(instance.id))


def test_an_enlace_views_instances_its_area_works_or_worked_on(engine, demo, oficialia, enlace_area_a,
                                                               enlace_area_b):
    instance = register(engine, oficialia)
    other = register(engine, oficialia)
    task = turn(engine, oficialia, instance, [demo.areas["DA"]])[demo.areas["DA"].id]
    with transaction(engine) as session:
        row = session.get(ProcessInstance, instance.id)
        assert inbox.can_view_instance(session, enlace_area_a, row)
        assert not inbox.can_view_instance(session, enlace_area_b, row)
        assert not inbox.can_view_instance(session, enlace_area_a, session.get(ProcessInstance, other.id))
        assert inbox.can_view_instance(session, oficialia, row)
    with transaction(engine) as session:
        runtime.complete_task(session, enlace_area_a, task.id, {"sentido": "atendido", "respuesta": "Se remite."})
    with transaction(engine) as session:
        assert inbox.can_view_instance(session, enlace_area_a, session.get(ProcessInstance, instance.id))


def test_a_process_that_names_its_readers_opens_to_them_alone_and_gives_each_only_its_files(
        engine, demo, juridico, integrante, comite, oficialia):
    """A session's process: legal staff and the members of the body (the integrante is a vocal of the Comité
    Coordinador), each file as the session's documents are given; organization-wide roles do not open it."""
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, datetime(2021, 6, 30, 10))
    convocatoria, acta = StoredFile(kind="convocatoria"), StoredFile(kind="acta")
    with transaction(engine) as session:
        instance = session.get(ProcessInstance, board_session.instance_id)
        assert inbox.can_view_instance(session, juridico, instance)
        assert inbox.can_view_instance(session, integrante, instance)
        assert not inbox.can_view_instance(session, comite, instance)
        assert not inbox.can_view_instance(session, oficialia, instance)
        assert inbox.may_read_file(session, juridico, instance, acta)
        assert inbox.may_read_file(session, integrante, instance, convocatoria)
        # Not until the acta goes to the members' review.
        assert not inbox.may_read_file(session, integrante, instance, acta)
