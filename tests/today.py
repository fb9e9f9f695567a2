"""The date it is now where the demo organization works (America/Mexico_City).

Read when a test needs it, never kept in a module constant: the suite takes about half an hour,
and a constant read at import goes stale when a run crosses midnight in Mexico (06:00 UTC),
while the code under test already lives on the next day.
"""

from datetime import date
from functools import partial

from engine.business_calendar import BusinessCalendar
from engine.clock import DEFAULT_TIMEZONE, today_in
from engine.holiday_lists import holidays_in


def demo_today() -> date:
    return today_in(DEFAULT_TIMEZONE)


def workday_until(day: date) -> date:
    """`day`, or the día hábil before it, for the demo organization: the date an oficio can carry (weekends
    and the LFT's rest days aside; the test organization declares no días inhábiles)."""
    return BusinessCalendar(holidays_for_year=partial(holidays_in, "MX-LFT")).last_business_day(day)


def demo_workday() -> date:
    """Today, or the last día hábil before it: an oficio dated «today» on a Saturday would be refused."""
    return workday_until(demo_today())
