"""Properties of días hábiles that hold for any start, any number of days and any declared closures.

Random starts 2020–2030 on the LFT calendar, with random días inhábiles declared around them;
each property checks the counting against the calendar itself, never against a fixed answer.
"""

from datetime import date, timedelta
from functools import partial

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.business_calendar import BusinessCalendar, Closure, Unit
from engine.holiday_lists import holidays_in

EXAMPLES = settings(max_examples=200, deadline=None)

starts = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
amounts = st.integers(min_value=0, max_value=60)
holiday_lists = st.sampled_from(["MX-LFT", "MX-LFPA", "CO"])


@st.composite
def closures_near(draw, start: date, count: int = 4) -> tuple[Closure, ...]:
    """Up to `count` declared closures of 1–15 days, from a month before `start` to four after."""
    found = []
    for index in range(draw(st.integers(0, count))):
        first = start + timedelta(days=draw(st.integers(-30, 120)))
        last = first + timedelta(days=draw(st.integers(0, 14)))
        found.append(Closure(first, last, f"Día inhábil declarado {index + 1} — Acuerdo CT/{index + 1:02d}"))
    return tuple(found)


@st.composite
def cases(draw):
    start = draw(starts)
    return draw(holiday_lists), start, draw(amounts), draw(closures_near(start))


def calendar(holiday_list: str, closures: tuple[Closure, ...] = ()) -> BusinessCalendar:
    return BusinessCalendar(holidays_for_year=partial(holidays_in, holiday_list), closures=closures)


@EXAMPLES
@given(cases())
def test_the_due_day_of_a_term_in_business_days_is_a_business_day(case):
    holiday_list, start, days, closures = case
    cal = calendar(holiday_list, closures)
    term = cal.add(start, max(days, 1))
    assert cal.is_business_day(term.due)
    assert cal.is_business_day(term.counted_from) and start < term.counted_from <= term.due


@EXAMPLES
@given(cases())
def test_counting_the_business_days_from_start_to_due_gives_the_term(case):
    holiday_list, start, days, closures = case
    cal = calendar(holiday_list, closures)
    due = cal.add(start, days).due
    assert cal.business_days_between(start, due) == days
    assert cal.business_days_between(due, start) == -days


@EXAMPLES
@given(cases())
def test_the_skipped_days_are_exactly_the_inhabiles_between_start_and_due(case):
    holiday_list, start, days, closures = case
    cal = calendar(holiday_list, closures)
    term = cal.add(start, days)
    every_day = [start + timedelta(days=offset) for offset in range(1, (term.due - start).days + 1)]
    assert [s.day for s in term.skipped] == [day for day in every_day if not cal.is_business_day(day)]
    assert len(every_day) - len(term.skipped) == days


@EXAMPLES
@given(cases(), st.data())
def test_declaring_one_more_closure_never_makes_a_due_day_earlier(case, data):
    holiday_list, start, days, closures = case
    extra = data.draw(closures_near(start, count=1).filter(bool))
    for unit in Unit:
        before = calendar(holiday_list, closures).add(start, days, unit).due
        after = calendar(holiday_list, closures + extra).add(start, days, unit).due
        assert after >= before


@EXAMPLES
@given(cases(), st.integers(min_value=1, max_value=30))
def test_more_days_never_make_a_due_day_earlier(case, more):
    holiday_list, start, days, closures = case
    cal = calendar(holiday_list, closures)
    assert cal.add(start, days + more).due > cal.add(start, days).due
    assert cal.add(start, days + more, Unit.CALENDAR_DAYS).due >= cal.add(start, days, Unit.CALENDAR_DAYS).due


@EXAMPLES
@given(cases())
def test_a_term_in_calendar_days_ends_on_the_first_business_day_from_its_last_day(case):
    holiday_list, start, days, closures = case
    cal = calendar(holiday_list, closures)
    nominal = start + timedelta(days=days)
    due = cal.add(start, days, Unit.CALENDAR_DAYS).due
    assert due >= nominal and cal.is_business_day(due)
    assert all(not cal.is_business_day(nominal + timedelta(days=offset)) for offset in range((due - nominal).days))


@st.composite
def starts_near_new_year(draw) -> date:
    return date(draw(st.integers(2020, 2029)), 12, 31) + timedelta(days=draw(st.integers(-45, 45)))


# A calendar computes years in blocks around the days it is asked about; the blocks must join
# up, or a term that crosses into a year nobody asked about yet comes out a year late.
@EXAMPLES
@given(cases(), starts_near_new_year(), st.lists(st.sampled_from([-6, -5, -4, -2, 2, 4, 5, 6]), max_size=3))
def test_the_answer_does_not_depend_on_which_years_were_asked_before(case, start, years_asked_first):
    holiday_list, _, days, _ = case
    warmed = calendar(holiday_list)
    for offset in years_asked_first:
        warmed.is_business_day(date(start.year + offset, 6, 1))
    fresh = calendar(holiday_list)
    assert warmed.add(start, days) == fresh.add(start, days)
    assert warmed.subtract_business_days(start, days) == fresh.subtract_business_days(start, days)
    assert warmed.business_days_between(start, start + timedelta(days=days)) == fresh.business_days_between(
        start, start + timedelta(days=days))


@EXAMPLES
@given(cases())
def test_counting_back_from_a_due_day_returns_to_the_first_day_counted(case):
    holiday_list, start, days, closures = case
    cal = calendar(holiday_list, closures)
    term = cal.add(start, max(days, 1))
    assert cal.subtract_business_days(term.due, max(days, 1) - 1) == term.counted_from
