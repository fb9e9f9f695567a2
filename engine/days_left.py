"""Días restantes of a deadline, counted on the calendar it runs on, and the colour of its state."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session

from engine.business_calendar import WEEKDAY_NAMES, BusinessCalendar, Unit
from engine.deadlines import LIVE_STATUSES, DeadlineStatus, business_days_left, ran_out, today_for
from engine.inbox import SOON_BUSINESS_DAYS, DueState
from engine.legal_calendar import calendar_for


@dataclass(frozen=True)
class Remaining:
    days: int | None
    state: DueState
    paused: bool = False
    # The due day and today, when no día hábil lies between them and yet they differ (today is
    # inhábil): «hoy» would be wrong, the day is named instead.
    due_on: date | None = None
    today: date | None = None

    @property
    def text(self) -> str:
        if self.paused:
            return "En pausa"
        if self.days is None:
            return "—"
        if self.due_on is not None and self.today is not None:
            # On a Saturday, a term due on Friday: 0 días hábiles ago, but not «hoy».
            day = WEEKDAY_NAMES[self.due_on.weekday()]
            if abs((self.today - self.due_on).days) >= 7:
                # A vacation period in between: the weekday alone would name the wrong week.
                day = f"{day} {self.due_on:%d/%m/%Y}"
            return f"Venció el {day}" if self.due_on < self.today else f"Vence el {day}"
        if self.days == 0:
            # Past closing time the term ran out today: «Vence hoy» would promise hours that are gone.
            return "Venció hoy" if self.state == DueState.OVERDUE else "Vence hoy"
        if self.days < 0:
            return f"Vencido hace {Unit.BUSINESS_DAYS.amount(-self.days)}"
        return Unit.BUSINESS_DAYS.amount(self.days)


NO_TERM = Remaining(None, DueState.NO_DUE)


class Calendars:
    """The calendars a page needs, each built (or taken from the cache) once."""

    def __init__(self, session: Session, organization_id: int, now: datetime):
        self.session, self.organization_id, self.now = session, organization_id, now
        self._built: dict[tuple[str, str | None], BusinessCalendar] = {}

    def get(self, procedure: str, rule_set_code: str | None = None) -> BusinessCalendar:
        key = (procedure, rule_set_code)
        if key not in self._built:
            self._built[key] = calendar_for(self.session, self.organization_id, procedure, rule_set_code)
        return self._built[key]

    def remaining(self, deadline) -> Remaining:
        """Días hábiles left on a deadline (a Deadline or a Term) and the colour of its state."""
        if deadline is None:
            return NO_TERM
        if deadline.status == DeadlineStatus.PAUSED:
            return Remaining(None, DueState.NO_DUE, paused=True)
        if deadline.status not in LIVE_STATUSES or ran_out(deadline, self.now):
            return NO_TERM  # nothing left to count, and a requester's lapsed term is nobody's delay
        calendar = self.get(deadline.procedure, deadline.rule_set_code)
        today = today_for(calendar, self.now)
        days = business_days_left(calendar, deadline, today)
        # How near the due day is, as Mis tareas and the «Por vencer» filters judge it: from today, also
        # for a term whose count begins later.
        ahead = calendar.business_days_between(today, deadline.due_on)
        due_at = deadline.due_at
        if due_at.tzinfo is None:
            due_at = due_at.replace(tzinfo=UTC)  # SQLite hands datetimes back without their zone
        # No día hábil between today and the due day does not make them the same day.
        named = {"due_on": deadline.due_on, "today": today} if days == 0 and deadline.due_on != today else {}
        if days < 0 or deadline.status == DeadlineStatus.MISSED or due_at < self.now:
            return Remaining(days, DueState.OVERDUE, **named)
        return Remaining(days, DueState.SOON if ahead <= SOON_BUSINESS_DAYS else DueState.ON_TIME, **named)
