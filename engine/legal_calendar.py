"""An organization's legal calendar: its office hours, its declared días inhábiles and suspensions.

The base holidays come from the rule set's holiday list; the overlay (días inhábiles declared by
acuerdo, suspensions of plazos) is kept here as rows, each with the acuerdo that declared it.
`calendar_for` turns all of it into a `BusinessCalendar`, cached per calendar version.
"""

from datetime import date, datetime, time
from functools import partial
from threading import Lock

from sqlalchemy import and_, bindparam
from sqlmodel import Field, Session, SQLModel, select

from engine.business_calendar import BusinessCalendar, Closure
from engine.clock import utcnow
from engine.holiday_lists import holidays_in
from engine.labels import LabeledEnum
from engine.rule_sets import DEFAULT_RULE_SETS, Procedure, ProcedureRuleSet, rule_set_by_code
from engine.tenancy import Organization


class SuspensionScope(LabeledEnum):
    """Which terms a suspension of plazos stops."""

    ALL = "todos", "Todos los procedimientos"
    ACCESO = "acceso", "Solicitudes de acceso a la información"
    ARCO = "arco", "Solicitudes de derechos ARCO"
    OBLIGACIONES = "obligaciones", "Obligaciones de transparencia"

    @property
    def procedures(self) -> frozenset[Procedure]:
        """The procedures whose terms it stops. Never the sessions of a collegiate body: a suspension
        stops the terms of procedures, it does not close the office, and a body convenes and closes
        its orden del día by its own session rules, in the office's días hábiles."""
        if self is SuspensionScope.ALL:
            return frozenset(Procedure) - {Procedure.SESIONES}
        return frozenset({Procedure(self.value)})


class NonWorkingDay(SQLModel, table=True):
    """A día inhábil (or a range of them) the organization declared for a year."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    first_day: date
    last_day: date
    reason: str = Field(max_length=250)
    acuerdo: str = Field(default="", max_length=250)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)

    def describe(self) -> str:
        return f"{self.reason} — {self.acuerdo}" if self.acuerdo else self.reason


class Suspension(SQLModel, table=True):
    """A suspension of plazos declared by acuerdo (of the órgano garante or the governing body)."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    first_day: date
    last_day: date
    scope: SuspensionScope = Field(default=SuspensionScope.ALL, max_length=20)
    acuerdo: str = Field(max_length=250)
    file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)

    def describe(self) -> str:
        return f"suspensión de plazos — {self.acuerdo}"

    def applies_to(self, procedure: str) -> bool:
        return procedure in SuspensionScope(self.scope).procedures


def weekend_days(organization: Organization) -> frozenset[int]:
    return frozenset(int(part) for part in organization.weekend.split(",") if part.strip())


_cache: dict[tuple, BusinessCalendar] = {}
_cache_lock = Lock()

_organization, _chosen = Organization.__table__, ProcedureRuleSet.__table__
# What a cached calendar depends on, in one read: the declared calendar's version, the office's
# zone, hours and weekend, and the rule set chosen for the procedure (none: the default).
_CALENDAR_KEY = (select(_organization.c.calendar_version, _organization.c.timezone, _organization.c.office_opens,
                        _organization.c.office_closes, _organization.c.weekend, _chosen.c.rule_set_code)
                 .select_from(_organization.outerjoin(_chosen, and_(
                     _chosen.c.organization_id == _organization.c.id, _chosen.c.procedure == bindparam("procedure"))))
                 .where(_organization.c.id == bindparam("organization_id")))


def calendar_for(session: Session, organization_id: int, procedure: Procedure | str,
                 rule_set_code: str | None = None) -> BusinessCalendar:
    """The calendar terms of this procedure run on, under the given (or current) rule set."""
    procedure = Procedure(procedure)
    version, *office, chosen = session.connection().execute(
        _CALENDAR_KEY, {"organization_id": organization_id, "procedure": procedure}).one()
    code = rule_set_code or chosen or DEFAULT_RULE_SETS[procedure]
    key = (organization_id, procedure, code, version, *office)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    built = build_calendar(session, session.get(Organization, organization_id), procedure, code)
    with _cache_lock:
        # Older versions of this organization's calendars are of no further use.
        for stale in [k for k in _cache if k[0] == organization_id and k[3:] != key[3:]]:
            del _cache[stale]
        _cache[key] = built
    return built


def office_calendar(session: Session, organization_id: int) -> BusinessCalendar:
    """The organization's own calendar, for internal terms and the inbox's 'por vencer'.

    Its holiday list is the internal rule set's; only suspensions of every procedure apply.
    """
    return calendar_for(session, organization_id, Procedure.CORRESPONDENCIA)


def forget_calendars() -> None:
    """Drop every cached calendar (tests that recreate organizations with the same ids)."""
    with _cache_lock:
        _cache.clear()


def build_calendar(session: Session, organization: Organization, procedure: str, rule_set_code: str) -> BusinessCalendar:
    rule_set = rule_set_by_code(session, organization.id, rule_set_code)
    closures = [Closure(day.first_day, day.last_day, day.describe()) for day in session.exec(
        select(NonWorkingDay).where(NonWorkingDay.organization_id == organization.id))]
    closures += [Closure(s.first_day, s.last_day, s.describe(), suspends=True) for s in session.exec(
        select(Suspension).where(Suspension.organization_id == organization.id)) if s.applies_to(procedure)]
    # Suspensions first: a day inside a suspension is explained by the suspension.
    closures.sort(key=lambda closure: not closure.suspends)
    return BusinessCalendar(holidays_for_year=partial(holidays_in, rule_set.holiday_list), closures=tuple(closures),
                            timezone=organization.timezone, opens=organization.office_opens or time(8),
                            closes=organization.office_closes or time(18), weekend=weekend_days(organization))


def bump_calendar_version(session: Session, organization_id: int) -> None:
    """Mark the organization's calendar as changed (an SQL increment: two admins lose nothing)."""
    organization = session.get(Organization, organization_id)
    organization.calendar_version = Organization.calendar_version + 1
    session.flush()
    session.refresh(organization)
