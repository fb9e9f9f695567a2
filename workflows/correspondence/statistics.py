"""The oficialía's statistics of a year: received per day, month and year, by area, topic, medio de
recepción and status, the areas' answers and response times in días hábiles."""

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from engine.clock import to_local, today_in
from engine.labels import by_free_text
from engine.legal_calendar import calendar_for
from engine.rule_sets import Procedure
from engine.tenancy import Area, Organization
from workflows.correspondence.models import Channel, Correspondence, CorrespondenceStatus, Turn, TurnStatus
from workflows.correspondence.queries import years_with_items

MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]


@dataclass
class Count:
    label: str
    count: int


@dataclass
class ResponseTimes:
    closed: int
    average_days: float | None
    median_days: float | None


def _local_start(day: date, tz_name: str) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(tz_name)).astimezone(UTC)


def received_per_day(session: Session, organization_id: int, start: date, end: date,
                     tz_name: str = "America/Mexico_City") -> list[Count]:
    """Documents received each local day from start to end (both included), zeros too."""
    moments = session.exec(select(Correspondence.received_at).where(
        Correspondence.organization_id == organization_id,
        Correspondence.received_at >= _local_start(start, tz_name),
        Correspondence.received_at < _local_start(end + timedelta(days=1), tz_name))).all()
    counts: dict[date, int] = {}
    for moment in moments:
        day = to_local(moment, tz_name).date()
        counts[day] = counts.get(day, 0) + 1
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return [Count(day.isoformat(), counts.get(day, 0)) for day in days]


def received_per_month(session: Session, organization_id: int, year: int,
                       tz_name: str = "America/Mexico_City") -> list[Count]:
    moments = session.exec(select(Correspondence.received_at).where(
        Correspondence.organization_id == organization_id, Correspondence.year == year)).all()
    counts = [0] * 12
    for moment in moments:
        counts[to_local(moment, tz_name).month - 1] += 1
    return [Count(name, n) for name, n in zip(MONTHS, counts)]


def received_per_year(session: Session, organization_id: int) -> list[Count]:
    rows = session.exec(select(Correspondence.year, func.count()).where(
        Correspondence.organization_id == organization_id)
        .group_by(Correspondence.year).order_by(Correspondence.year)).all()
    return [Count(str(year), n) for year, n in rows]


def by_area(session: Session, organization_id: int, year: int | None = None) -> list[Count]:
    """Documents turned to each area (a document turned twice to one area counts once)."""
    query = (select(Area.name, func.count(func.distinct(Turn.correspondence_id)))
             .join(Area, Area.id == Turn.area_id)
             .join(Correspondence, Correspondence.id == Turn.correspondence_id)
             .where(Turn.organization_id == organization_id, Correspondence.organization_id == organization_id))
    if year is not None:
        query = query.where(Correspondence.year == year)
    rows = session.exec(query.group_by(Area.name)).all()
    return sorted((Count(name, n) for name, n in rows), key=lambda c: (-c.count, c.label))


def by_topic(session: Session, organization_id: int, year: int | None = None) -> list[Count]:
    query = select(Correspondence.topic, func.count()).where(Correspondence.organization_id == organization_id)
    if year is not None:
        query = query.where(Correspondence.year == year)
    counts = by_free_text(session.exec(query.group_by(Correspondence.topic)).all(), "Sin tema")
    return sorted((Count(k, v) for k, v in counts.items()), key=lambda c: (-c.count, c.label))


def by_channel(session: Session, organization_id: int, year: int | None = None) -> list[Count]:
    """Documents by their medio de recepción, the most used first."""
    query = select(Correspondence.channel, func.count()).where(Correspondence.organization_id == organization_id)
    if year is not None:
        query = query.where(Correspondence.year == year)
    rows = session.exec(query.group_by(Correspondence.channel)).all()
    return sorted((Count(Channel(channel).label, n) for channel, n in rows), key=lambda c: (-c.count, c.label))


# The areas' answers in the order of their course: answered, returned (not its matter), still awaited.
TURN_RESULTS = [TurnStatus.ANSWERED, TurnStatus.RETURNED, TurnStatus.PENDING]


def by_turn_result(session: Session, organization_id: int, year: int | None = None) -> list[Count]:
    """Turns of the year's documents by the area's answer: each turn counts, so a document turned to
    two areas, or returned and turned again, counts once per turn."""
    query = (select(Turn.status, func.count()).join(Correspondence, Correspondence.id == Turn.correspondence_id)
             .where(Turn.organization_id == organization_id, Correspondence.organization_id == organization_id))
    if year is not None:
        query = query.where(Correspondence.year == year)
    found = {TurnStatus(status): n for status, n in session.exec(query.group_by(Turn.status)).all()}
    return [Count(status.label, found.get(status, 0)) for status in TURN_RESULTS]


def by_status(session: Session, organization_id: int, year: int | None = None) -> dict[str, int]:
    """Open and closed documents (open: any status before concluded)."""
    query = select(Correspondence.status, func.count()).where(Correspondence.organization_id == organization_id)
    if year is not None:
        query = query.where(Correspondence.year == year)
    result = {"abiertos": 0, "concluidos": 0}
    for status, n in session.exec(query.group_by(Correspondence.status)).all():
        result["concluidos" if status == CorrespondenceStatus.CLOSED else "abiertos"] += n
    return result


def response_times(session: Session, organization_id: int, year: int | None = None) -> ResponseTimes:
    """Días hábiles from reception to closing of the concluded documents, on the oficialía's calendar,
    as every other term in Pleno is counted: received Monday and closed Friday is 4; the same day, 0."""
    query = select(Correspondence.received_at, Correspondence.closed_at).where(
        Correspondence.organization_id == organization_id, Correspondence.closed_at.is_not(None))
    if year is not None:
        query = query.where(Correspondence.year == year)
    calendar = calendar_for(session, organization_id, Procedure.CORRESPONDENCIA)
    zone = calendar.timezone
    days = [max(0, calendar.business_days_between(calendar.received_on(to_local(received, zone)),
                                                  to_local(closed, zone).date()))
            for received, closed in session.exec(query).all()]
    if not days:
        return ResponseTimes(0, None, None)
    return ResponseTimes(len(days), round(statistics.fmean(days), 1), round(statistics.median(days), 1))


@dataclass
class Statistics:
    year: int
    years: list[int]
    # The last 30 days of the year: up to today in the current year, up to 31 December in a past one.
    per_day: list[Count]
    per_month: list[Count]
    per_year: list[Count]
    areas: list[Count]
    topics: list[Count]
    channels: list[Count]
    turn_results: list[Count]
    status: dict[str, int]
    times: ResponseTimes

    @property
    def total(self) -> int:
        return sum(c.count for c in self.per_month)


def statistics_for(session: Session, organization: Organization, year: int | None = None,
                   today: date | None = None) -> Statistics:
    today = today or today_in(organization.timezone)
    year = year or today.year
    years = sorted(set(years_with_items(session, organization.id)) | {today.year, year}, reverse=True)
    # Every figure of the page is the chosen year's, the days too: a past year shows its last 30 days.
    last_day = today if year == today.year else date(year, 12, 31)
    return Statistics(
        year=year, years=years,
        per_day=received_per_day(session, organization.id, last_day - timedelta(days=29), last_day,
                                 organization.timezone),
        per_month=received_per_month(session, organization.id, year, organization.timezone),
        per_year=received_per_year(session, organization.id),
        areas=by_area(session, organization.id, year),
        topics=by_topic(session, organization.id, year),
        channels=by_channel(session, organization.id, year),
        turn_results=by_turn_result(session, organization.id, year),
        status=by_status(session, organization.id, year),
        times=response_times(session, organization.id, year))
