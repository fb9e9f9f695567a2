"""BPMN timers fired by the scheduler's dumb loop: the correspondence turn's internal due date."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import SpiffWorkflow.bpmn.specs.event_definitions.timer as spiff_timer
from sqlmodel import select

from engine.audit import AuditEvent
from engine.clock import DEFAULT_TIMEZONE, to_local
from engine.db import transaction
from engine.legal_calendar import office_calendar
from engine.processes import OpenTask, ProcessInstance
from engine.timers import fire_due_timers
from workflows.correspondence import handlers as correspondence_handlers
from workflows.correspondence.models import Turn
from tests.today import demo_today
from tests.workflows.test_correspondence_paths import complete, open_tasks, register



class FrozenClock(datetime):
    """SpiffWorkflow decides whether a timer fired with datetime.now(); the test sets that moment."""

    moment: datetime = datetime.now(UTC)

    @classmethod
    def now(cls, tz=None):
        return cls.moment.astimezone(tz) if tz else cls.moment.replace(tzinfo=None)


@pytest.fixture
def office_day(engine, demo, monkeypatch) -> tuple[datetime, datetime]:
    """9:00 and 18:00 (closing) of today or, after a weekend or holiday, the next día hábil, in the
    organization's zone; the turn is given at that 9:00, whatever the real day and hour (after
    closing, a turn given today would count from tomorrow)."""
    with transaction(engine) as session:
        day = office_calendar(session, demo.organization.id).next_business_day(demo_today(), include_same_day=True)
    morning, closing = (datetime.combine(day, hour, tzinfo=ZoneInfo(DEFAULT_TIMEZONE)).astimezone(UTC)
                        for hour in (time(9, 0), time(18, 0)))
    monkeypatch.setattr(correspondence_handlers, "utcnow", lambda: morning)
    return morning, closing


@pytest.fixture
def clock(monkeypatch, office_day):
    """Spiff's clock starts at 9:00 of the due date in the organization's zone."""
    monkeypatch.setattr(spiff_timer, "datetime", FrozenClock)
    FrozenClock.moment = office_day[0]

    def set_to(moment: datetime) -> datetime:
        FrozenClock.moment = moment
        return moment
    return set_to


def turned_due_today(engine, demo, oficialia, office_day):
    """A document turned to two areas due the day it is turned (the earliest the form allows)."""
    instance = register(engine, oficialia)
    [turn] = open_tasks(engine, instance.id)
    day = to_local(office_day[0], DEFAULT_TIMEZONE).date()
    complete(engine, oficialia, turn.id, {"areas": [demo.areas["DA"].id, demo.areas["DRI"].id],
                                          "instruccion": "Atender hoy mismo", "fecha_limite": day.isoformat()})
    return instance


def actions(engine, instance_id):
    with transaction(engine) as session:
        return [e.action for e in session.exec(select(AuditEvent).where(
            AuditEvent.object_id == str(instance_id)).order_by(AuditEvent.seq)).all()]


def test_the_turn_timer_fires_once_marks_the_pending_turns_overdue_and_keeps_the_answers_open(
        engine, demo, oficialia, office_day, clock):
    instance = turned_due_today(engine, demo, oficialia, office_day)
    # The office closes at 18:00 in the organization's zone on the due date.
    due = office_day[1]
    with transaction(engine) as session:
        next_timer = session.get(ProcessInstance, instance.id).next_timer_at
    assert next_timer.replace(tzinfo=UTC) == due

    before = clock(due - timedelta(minutes=1))
    assert fire_due_timers(engine, now=before) == 0

    after = clock(due + timedelta(minutes=1))
    assert fire_due_timers(engine, now=after) == 1
    assert fire_due_timers(engine, now=after + timedelta(hours=1)) == 0

    with transaction(engine) as session:
        turns = session.exec(select(Turn).order_by(Turn.id)).all()
        stored = session.get(ProcessInstance, instance.id)
        answers = session.exec(select(OpenTask).where(OpenTask.instance_id == instance.id)).all()
    assert [t.overdue for t in turns] == [True, True]
    assert stored.next_timer_at is None and stored.status == "en_curso"
    # The boundary timer does not interrupt: both areas can still answer, late.
    assert sorted(t.task_name for t in answers) == ["answer", "answer"]
    assert actions(engine, instance.id).count("turno.vencido") == 1
    assert actions(engine, instance.id).count("proceso.temporizador") == 1


def test_an_answered_turn_before_the_due_date_has_no_timer_left(engine, demo, oficialia, enlace_area_a,
                                                                  enlace_area_b, office_day, clock):
    instance = turned_due_today(engine, demo, oficialia, office_day)
    for task in open_tasks(engine, instance.id):
        actor = enlace_area_a if task.area_id == demo.areas["DA"].id else enlace_area_b
        complete(engine, actor, task.id, {"sentido": "atendido", "respuesta": "Atendido a tiempo."})
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).next_timer_at is None
    later = clock(office_day[1] + timedelta(days=2))
    assert fire_due_timers(engine, now=later) == 0
    assert "turno.vencido" not in actions(engine, instance.id)
