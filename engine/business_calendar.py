"""Días hábiles: an organization's calendar as plain data, and the terms counted on it.

Pure computation, no database: the legal calendar module builds a `BusinessCalendar` from the
organization's settings, its holiday list and its declared overlay, and everything that counts a
term (deadlines, the public calculadora, alerts) asks it. Business days are kept as a sorted list
of day ordinals so adding n días hábiles is a bisect and an index, not a day-by-day walk.
"""

import calendar as stdlib_calendar
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Lock
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from engine.labels import in_a_series

WEEKDAY_NAMES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_WEEKDAY_PLURALS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábados", "domingos")

# Years computed around the first one asked for; terms longer than this are not legal terms.
_YEAR_MARGIN = 2
# The years a date may be in to be counted on (the calculadora and the forms keep to them), and the room a term
# counted from one of the last of them may run into. Every year up to the one asked for is computed (they stay
# contiguous), so a date far out («9999-12-31», typed to mean «sin fecha») cost seconds before failing on year 10000.
FIRST_YEAR, LAST_YEAR = 2000, 2100
_ROOM_YEARS = 5


def weekend_words(weekend: frozenset[int]) -> str:
    """«sábados y domingos»; «ninguno por semana» where every day of the week counts."""
    names = [_WEEKDAY_PLURALS[day] for day in sorted(weekend)]
    if not names:
        return "ninguno por semana"
    return in_a_series(names)


class Unit(StrEnum):
    BUSINESS_DAYS = "habiles"
    CALENDAR_DAYS = "naturales"
    MONTHS = "meses"

    @property
    def label(self) -> str:
        return {"habiles": "días hábiles", "naturales": "días naturales", "meses": "meses"}[self.value]

    def amount(self, number: int) -> str:
        """"1 día hábil", "5 días hábiles", "1 mes"."""
        one = {"habiles": "día hábil", "naturales": "día natural", "meses": "mes"}[self.value]
        return f"{number} {one if number == 1 else self.label}"


@dataclass(frozen=True)
class Closure:
    """A day (or range) on which terms do not run, and the words that explain why."""

    first: date
    last: date
    reason: str
    # A suspension of plazos stops every term, días naturales included; a day declared inhábil
    # is still a día natural.
    suspends: bool = False


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: str


@dataclass(frozen=True)
class Term:
    """A computed term: the day counting starts, the due day, and every day it skipped."""

    counted_from: date
    due: date
    skipped: tuple[SkippedDay, ...]
    # Of those, the inhábiles days a term in días naturales (or months) moved its due day over because
    # its last day was inhábil: they were not left out of the count, the due day went past them.
    rolled: tuple[SkippedDay, ...] = ()


@dataclass
class BusinessCalendar:
    """Which days are hábiles for one organization and one kind of procedure.

    `holidays` and `closures` say which days are inhábiles and why; suspensions of plazos that
    apply to this procedure are closures too (a day inside a suspension does not count).
    """

    holidays_for_year: Callable[[int], dict[date, str]]
    closures: tuple[Closure, ...] = ()
    timezone: str = "America/Mexico_City"
    opens: time = time(8, 0)
    closes: time = time(18, 0)
    weekend: frozenset[int] = frozenset({5, 6})
    _years: frozenset[int] = field(default_factory=frozenset, repr=False)
    # Each inhábil day's SkippedDay, made once: a term's explanation is then a lookup per day.
    _closed: dict[int, SkippedDay] = field(default_factory=dict, repr=False)
    _business: list[int] = field(default_factory=list, repr=False)
    # Calendars are cached and shared by the web's threads: years are added to copies under this
    # lock and swapped in, so a reader always bisects one complete, sorted list.
    _lock: Lock = field(default_factory=Lock, repr=False, compare=False)

    # -- which days are hábiles ---------------------------------------------------------------

    def _ensure(self, day: date) -> list[int]:
        """The sorted días hábiles, computed at least for the years around `day`."""
        if day.year in self._years:
            return self._business
        if not FIRST_YEAR - _ROOM_YEARS <= day.year <= LAST_YEAR + _ROOM_YEARS:
            raise ValueError(f"La fecha {day.isoformat()} está fuera de los años en que se cuentan días hábiles "
                             f"({FIRST_YEAR} a {LAST_YEAR}).")
        with self._lock:
            if day.year in self._years:
                return self._business
            # The computed years stay contiguous: with a gap (2020 asked, then 2026) a bisect would
            # jump over the missing year and count its days as if they were not there.
            wanted = self._years | {day.year - _YEAR_MARGIN, day.year + _YEAR_MARGIN}
            years = set(range(min(wanted), max(wanted) + 1)) - self._years
            business = list(self._business)
            for year in sorted(years):
                self._add_year(year, business)
            business.sort()
            # The list first, then the years that say it is there.
            self._business = business
            self._years = self._years | years
            return business

    def _add_year(self, year: int, business: list[int]) -> None:
        start, end = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        holidays = self.holidays_for_year(year)
        for ordinal in range(start, end + 1):
            day = date.fromordinal(ordinal)
            reason = self._reason_closed(day, holidays)
            if reason:
                self._closed[ordinal] = SkippedDay(day, reason)
            else:
                business.append(ordinal)

    def _reason_closed(self, day: date, holidays: dict[date, str]) -> str | None:
        # A declared closure explains a day better than "sábado" (e.g. a suspension that covers
        # a weekend is still the suspension); the weekend comes before a holiday on a Sunday.
        for closure in self.closures:
            if closure.first <= day <= closure.last:
                return closure.reason
        if day.weekday() in self.weekend:
            return WEEKDAY_NAMES[day.weekday()]
        return holidays.get(day)

    def is_business_day(self, day: date) -> bool:
        self._ensure(day)
        return day.toordinal() not in self._closed

    def reason_closed(self, day: date) -> str | None:
        """Why a day is inhábil, or None when it is hábil."""
        self._ensure(day)
        skipped = self._closed.get(day.toordinal())
        return skipped.reason if skipped else None

    def office_closed_reason(self, day: date) -> str | None:
        """Why the office does not work that day (a weekend day, a holiday, a día it declared inhábil), or
        None. A suspension of plazos stops the terms, not the office: it is no reason here."""
        for closure in self.closures:
            if not closure.suspends and closure.first <= day <= closure.last:
                return closure.reason
        if day.weekday() in self.weekend:
            return WEEKDAY_NAMES[day.weekday()]
        return self.holidays_for_year(day.year).get(day)

    def next_office_day(self, day: date) -> date:
        """The first day after `day` the office works (inside a suspension of plazos or not)."""
        day += timedelta(days=1)
        while self.office_closed_reason(day) is not None:
            day += timedelta(days=1)
        return day

    def last_office_day(self, day: date) -> date:
        """`day` when the office works it, else the last day before it that it does."""
        while self.office_closed_reason(day) is not None:
            day -= timedelta(days=1)
        return day

    def next_business_day(self, day: date, include_same_day: bool = False) -> date:
        """The first día hábil after `day` (or `day` itself when allowed and hábil)."""
        business = self._ensure(day)
        ordinal = day.toordinal()
        position = bisect_left(business, ordinal) if include_same_day else bisect_right(business, ordinal)
        return date.fromordinal(self._long_enough(business, position)[position])

    def _long_enough(self, business: list[int], position: int) -> list[int]:
        # Later years are appended after the ones computed, so a position stays valid.
        while position >= len(business):
            business = self._ensure(date.fromordinal(business[-1]) + timedelta(days=366 * _YEAR_MARGIN))
        return business

    # -- filings and terms --------------------------------------------------------------------

    def received_on(self, moment: datetime | date) -> date:
        """The día hábil a filing counts as received: after hours or on an inhábil day, the next one.

        A filing before opening time on a día hábil counts that same day (the office receives it
        when it opens); only filings after closing time move (LFPA art. 30).
        """
        if isinstance(moment, datetime):
            local = moment.astimezone(ZoneInfo(self.timezone)) if moment.tzinfo else moment
            day = local.date()
            if local.time() >= self.closes:
                return self.next_business_day(day)
        else:
            day = moment
        return self.next_business_day(day, include_same_day=True)

    def add(self, start: date, amount: int, unit: Unit | str = Unit.BUSINESS_DAYS) -> Term:
        """The term of `amount` units that starts the day after `start`, with its explanation."""
        unit = Unit(unit)
        if amount < 0:
            raise ValueError("Un plazo no puede tener días negativos.")
        if unit is Unit.BUSINESS_DAYS:
            due = self.add_business_days(start, amount)
            counted_from = self.next_business_day(start) if amount else start
            return Term(counted_from, due, self.closed_days(start + timedelta(days=1), due))
        if unit is Unit.CALENDAR_DAYS:
            counted_from, nominal, suspended = self._natural_days(start, amount)
        else:
            counted_from, nominal, suspended = start + timedelta(days=1), add_months(start, amount), ()
        # A last day that is inhábil rolls forward to the next día hábil (LFPA art. 29); in días
        # naturales the days in between count, so only the suspended and rolled-over days are skipped.
        due = self.next_business_day(nominal, include_same_day=True)
        moved = "inhábil: el plazo que terminaba ese día vence el siguiente día hábil"
        closed = self.closed_days(nominal, due)
        rolled = tuple(SkippedDay(d.day, f"{d.reason}, {moved}" if d.day == nominal else f"{d.reason}, también inhábil")
                       for d in closed)
        return Term(counted_from, due, suspended + rolled, closed)

    def suspension_on(self, day: date) -> str | None:
        """The suspension of plazos that covers `day`, in the words that explain its days (they name its
        acuerdo), or None."""
        return next((c.reason for c in self.closures if c.suspends and c.first <= day <= c.last), None)

    def _natural_days(self, start: date, amount: int) -> tuple[date, date, tuple[SkippedDay, ...]]:
        """(first day counted, last day counted, suspended days passed over) of `amount` días
        naturales after `start`: a day inside a suspension of plazos does not count."""
        day, counted, first, suspended = start, 0, None, []
        if not any(c.suspends and c.last > start for c in self.closures):
            return start + timedelta(days=1), start + timedelta(days=amount), ()
        while counted < amount:
            day += timedelta(days=1)
            reason = self.suspension_on(day)
            if reason is not None:
                suspended.append(SkippedDay(day, reason))
                continue
            first, counted = first or day, counted + 1
        return first or start + timedelta(days=1), day, tuple(suspended)

    def subtract(self, end: date, amount: int, unit: Unit | str = Unit.BUSINESS_DAYS) -> date:
        """The last day to act `amount` units before `end` (a convocatoria before its session), always
        a día hábil: in días hábiles the one that many before; in días naturales the nominal day or,
        when it is inhábil, the día hábil before it. The office acts on días hábiles, and an
        anticipación never rolls forward: the next día hábil may be after the act was due."""
        unit = Unit(unit)
        if unit is Unit.BUSINESS_DAYS:
            return self.subtract_business_days(end, amount)
        if unit is not Unit.CALENDAR_DAYS:
            raise ValueError("Un plazo hacia atrás se cuenta en días hábiles o naturales.")
        return self.last_business_day(end - timedelta(days=amount))

    def last_business_day(self, day: date) -> date:
        """`day` itself when it is hábil, else the día hábil before it."""
        return self.subtract_business_days(day + timedelta(days=1), 1)

    def add_business_days(self, start: date, amount: int) -> date:
        """The `amount`-th día hábil after `start` (start itself never counts)."""
        if amount == 0:
            return start
        business = self._ensure(start)
        position = bisect_right(business, start.toordinal()) + amount - 1
        return date.fromordinal(self._long_enough(business, position)[position])

    def subtract_business_days(self, end: date, amount: int) -> date:
        """The día hábil `amount` días hábiles before `end` (for alerts before a due day)."""
        business = self._ensure(end)
        position = bisect_left(business, end.toordinal()) - amount
        if position < 0:
            business = self._ensure(end - timedelta(days=366 * _YEAR_MARGIN))
            position = bisect_left(business, end.toordinal()) - amount
        # An inhábil `end` in the last year computed so far has its next día hábil in the next one.
        return date.fromordinal(self._long_enough(business, position)[max(position, 0)])

    def business_days_between(self, start: date, end: date) -> int:
        """Días hábiles after `start` up to and including `end` (negative when end is before)."""
        if end < start:
            return -self.business_days_between(end, start)
        self._ensure(start)
        business = self._ensure(end)
        return bisect_right(business, end.toordinal()) - bisect_right(business, start.toordinal())

    def closed_days(self, first: date, last: date) -> tuple[SkippedDay, ...]:
        """The inhábiles days from `first` to `last`, with their reason."""
        if last < first:
            return ()
        # Both ends computed means every year between them is (the computed years are contiguous).
        self._ensure(first)
        self._ensure(last)
        closed = self._closed
        return tuple(closed[ordinal] for ordinal in range(first.toordinal(), last.toordinal() + 1) if ordinal in closed)


def add_months(start: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 → 28 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, stdlib_calendar.monthrange(year, month)[1]))
