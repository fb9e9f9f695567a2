"""The turn form proposes a due date: the organization's internal term for a turned document
(PLENO-INTERNO `turnado_interno`, 5 días hábiles unless its rule set says otherwise), counted from now;
and says, as a date is picked, on which day a turn given with it really ends."""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlmodel import Session

from engine.accounts import Actor
from engine.business_calendar import BusinessCalendar
from engine.clock import utcnow
from engine.deadlines import last_day_from
from engine.documents import long_date
from engine.legal_calendar import calendar_for
from engine.rule_sets import Procedure
from workflows.correspondence.models import Correspondence
from workflows.correspondence.queries import TurnView, may_see, reception_words, turn_views


@dataclass(frozen=True)
class SuggestedDue:
    day: date
    rule: str  # "5 días hábiles (Plazo interno que fija la oficialía de partes)"


def suggested_due(session: Session, organization_id: int) -> SuggestedDue:
    day, rule = last_day_from(session, organization_id, Procedure.CORRESPONDENCIA, "turnado_interno", utcnow())
    return SuggestedDue(day, f"{rule.amount}: {rule.basis}")


def turn_form_context(session: Session, actor: Actor, task_name: str, data: dict[str, Any]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if task_name == "turn":
        context["suggested_due"] = suggested_due(session, actor.organization_id)
    if task_name in ("turn", "close"):
        context["answers"] = answers_so_far(session, actor, data)
    if task_name in ("turn", "answer"):
        context["reception"] = _reception(session, actor, data)
    return context


def _reception(session: Session, actor: Actor, data: dict[str, Any]) -> str:
    """The acuse's sentence on the día hábil the document counts from, for whoever turns or answers it: what
    /consulta tells the sender, the enlace reads too."""
    item = session.get(Correspondence, (data.get("acuse") or {}).get("correspondencia_id") or 0)
    if item is None or item.organization_id != actor.organization_id:
        return ""
    return reception_words(session, item)


def answers_so_far(session: Session, actor: Actor, data: dict[str, Any]) -> list[TurnView]:
    """Every area's answer of every round: what the oficialía weighs to turn again or to conclude (the
    process data holds only the last round's answers)."""
    item = session.get(Correspondence, (data.get("acuse") or {}).get("correspondencia_id") or 0)
    if item is None or not may_see(session, actor, item):
        return []
    return turn_views(session, actor, item)


def counted_turn(calendar: BusinessCalendar, now: datetime | date, picked: date) -> tuple[date, int]:
    """(the día hábil a turn given now counts from, its días hábiles) for the due date the oficialía picked.

    The date is kept as a number of días hábiles from today, so a día inhábil declared later moves it,
    and a date that falls on an inhábil day rolls forward to the next día hábil. A turn given after
    closing counts from the next día hábil, as a filing does: picked for that same day, it ends on the
    day it counts from.
    """
    turned_on = calendar.received_on(now)
    return turned_on, max(calendar.business_days_between(
        turned_on, calendar.next_business_day(picked, include_same_day=True)), 0)


@dataclass(frozen=True)
class TurnDue:
    picked: date
    due: date  # the day the turn's term really ends
    closed_because: str | None  # why the picked day is inhábil («sábado», a holiday, a suspension)
    counts_from: date  # the día hábil the turn counts from: today's, or the next one after closing
    closes: time  # the oficialía's closing hour

    @property
    def given_after_closing(self) -> bool:
        """The picked day is a día hábil the turn counts after: it was today's, and the office had closed."""
        return self.closed_because is None and self.picked < self.counts_from

    def moved_note(self) -> str:
        """Why the turn ends on another day than the picked one, as the history says it; "" when it does not."""
        if self.due == self.picked:
            return ""
        if self.given_after_closing:
            return (f"se turnó fuera del horario de atención (después de las {self.closes:%H:%M}) del "
                    f"{long_date(self.picked)}, su fecha límite: cuenta desde el siguiente día hábil y vence el "
                    f"{long_date(self.due)}")
        return f"el {long_date(self.picked)} es inhábil: vence el {long_date(self.due)}"


def foreseen_turn(calendar: BusinessCalendar, now: datetime | date, picked: date) -> TurnDue:
    """The last day of a turn given at `now` (a day: within its hours) with `picked` as its due date, and why it
    is another day. An acuerdo returned to its areas with a new date ends the same way."""
    turned_on, days = counted_turn(calendar, now, picked)
    return TurnDue(picked, calendar.add(turned_on, days).due, calendar.reason_closed(picked), turned_on,
                   calendar.closes)


def turn_due(session: Session, organization_id: int, picked: date, now: datetime | None = None) -> TurnDue:
    """The last day of a turn given now with `picked` as its due date, as record_turns will open it."""
    calendar = calendar_for(session, organization_id, Procedure.CORRESPONDENCIA)
    return foreseen_turn(calendar, now or utcnow(), picked)
