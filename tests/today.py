"""The date it is now where the demo organization works (America/Mexico_City).

Read when a test needs it, never kept in a module constant: the suite takes about half an hour,
and a constant read at import goes stale when a run crosses midnight in Mexico (06:00 UTC),
while the code under test already lives on the next day.
"""

from datetime import date

from engine.clock import DEFAULT_TIMEZONE, today_in


def demo_today() -> date:
    return today_in(DEFAULT_TIMEZONE)
