"""Días restantes in words: «hoy» only when the due day is today, also when today is inhábil.

Calendar of November–December 2026 (America/Mexico_City): Friday 27 November is a día hábil,
Saturday 28 and Sunday 29 are not; the demo organization declares 21–31 December inhábiles here.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from engine import deadlines
from engine.calendar_overlay import declare_non_working
from engine.days_left import Calendars, Remaining
from engine.db import reading, transaction
from engine.deadlines import Deadline, DeadlineKind
from engine.inbox import DueState

MX = ZoneInfo("America/Mexico_City")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=MX).astimezone(UTC)


def open_turn(engine, actor, starts_after: date, days: int) -> Deadline:
    """An internal term of `days` días hábiles counted from the día hábil after `starts_after`."""
    with transaction(engine) as session:
        return deadlines.open_deadline(session, actor, subject_type="correspondencia", subject_id="OP-2026-000001",
                                       kind=DeadlineKind.TURNO_CORRESPONDENCIA, procedure="correspondencia",
                                       rule_key="turnado_interno", title="OP-2026-000001 turnado", starts_after=starts_after,
                                       days=days)


def remaining_at(engine, actor, deadline: Deadline, now: datetime) -> Remaining:
    with reading(engine) as session:
        return Calendars(session, actor.organization_id, now).remaining(session.get(Deadline, deadline.id))


@pytest.fixture
def due_friday(engine, oficialia) -> Deadline:
    deadline = open_turn(engine, oficialia, date(2026, 11, 20), 5)
    assert deadline.due_on == date(2026, 11, 27)
    return deadline


@pytest.mark.parametrize("now,text,state", [
    (at(date(2026, 11, 27), 10), "Vence hoy", DueState.SOON),
    (at(date(2026, 11, 27), 19), "Venció hoy", DueState.OVERDUE),  # after closing time, the same day
    (at(date(2026, 11, 28), 10), "Venció el viernes", DueState.OVERDUE),  # Saturday: not «hoy»
    (at(date(2026, 11, 29), 23, 30), "Venció el viernes", DueState.OVERDUE),  # Sunday night
    (at(date(2026, 11, 30), 10), "Vencido hace 1 día hábil", DueState.OVERDUE),  # Monday
])
def test_a_term_due_on_friday_read_through_the_weekend(engine, oficialia, due_friday, now, text, state):
    remaining = remaining_at(engine, oficialia, due_friday, now)
    assert (remaining.text, remaining.state) == (text, state)


def test_on_a_saturday_a_term_due_on_monday_is_one_business_day_away_not_due_today(engine, oficialia):
    monday = open_turn(engine, oficialia, date(2026, 11, 20), 1)
    assert monday.due_on == date(2026, 11, 23)
    remaining = remaining_at(engine, oficialia, monday, at(date(2026, 11, 21), 10))
    assert (remaining.text, remaining.state) == ("1 día hábil", DueState.SOON)


def open_term_received(engine, actor, received_at: datetime, days: int) -> Deadline:
    with transaction(engine) as session:
        return deadlines.open_deadline(session, actor, subject_type="correspondencia", subject_id="OP-2026-000002",
                                       kind=DeadlineKind.TURNO_CORRESPONDENCIA, procedure="correspondencia",
                                       rule_key="turnado_interno", title="OP-2026-000002 turnado",
                                       received_at=received_at, days=days)


@pytest.mark.parametrize("received,days,now,text", [
    # Monday 23 November at 19:00, after closing time: received Tuesday, counted from Wednesday 25 (1) to
    # Thursday 26 (2). That evening and all Tuesday its two días hábiles are left, not three.
    (at(date(2026, 11, 23), 19), 2, at(date(2026, 11, 23), 19, 30), "2 días hábiles"),
    (at(date(2026, 11, 23), 19), 2, at(date(2026, 11, 24), 10), "2 días hábiles"),
    (at(date(2026, 11, 23), 19), 2, at(date(2026, 11, 25), 10), "1 día hábil"),
    # Saturday 21 November: received Monday 23, counted from Tuesday 24; 5 días hábiles, due Monday 30.
    (at(date(2026, 11, 21), 10), 5, at(date(2026, 11, 21), 11), "5 días hábiles"),
    (at(date(2026, 11, 21), 10), 5, at(date(2026, 11, 23), 10), "5 días hábiles"),
    (at(date(2026, 11, 21), 10), 5, at(date(2026, 11, 24), 10), "4 días hábiles"),
    # The same day a turn is due on: filed on Saturday, it is due Monday, not «hoy».
    (at(date(2026, 11, 21), 10), 0, at(date(2026, 11, 21), 11), "1 día hábil"),
])
def test_days_left_never_count_the_days_before_the_term_begins(engine, oficialia, received, days, now, text):
    term = open_term_received(engine, oficialia, received, days)
    assert remaining_at(engine, oficialia, term, now).text == text


def test_after_a_vacation_period_the_day_it_ended_is_named_with_its_date(engine, admin, oficialia):
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 12, 21), date(2026, 12, 31), "Segundo periodo vacacional",
                            "Acuerdo SESAECH/CT/2026/01")
    friday = open_turn(engine, oficialia, date(2026, 12, 11), 5)
    assert friday.due_on == date(2026, 12, 18)
    # Monday 28 December, still on vacation: «el viernes» alone would point at Friday the 25th.
    remaining = remaining_at(engine, oficialia, friday, at(date(2026, 12, 28), 10))
    assert remaining.text == "Venció el viernes 18/12/2026"


@pytest.mark.parametrize("remaining,text", [
    (Remaining(0, DueState.SOON), "Vence hoy"),
    (Remaining(0, DueState.OVERDUE), "Venció hoy"),
    (Remaining(-2, DueState.OVERDUE), "Vencido hace 2 días hábiles"),
    (Remaining(4, DueState.ON_TIME), "4 días hábiles"),
    (Remaining(0, DueState.OVERDUE, due_on=date(2026, 11, 27), today=date(2026, 11, 28)), "Venció el viernes"),
    # A term due on an inhábil day yet to come (counted back from a session): that day, not today.
    (Remaining(0, DueState.SOON, due_on=date(2026, 11, 29), today=date(2026, 11, 28)), "Vence el domingo"),
])
def test_the_words_for_each_case(remaining, text):
    assert remaining.text == text
