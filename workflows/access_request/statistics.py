"""Figures of the access and ARCO requests of a period, for the statistics page and the reports.

Every figure is about the requests received in the period (local days of the organization) and is
counted by the database; only the response time needs the calendar, so it reads the pairs of
dates (start of the term, answer) grouped, and counts their días hábiles here.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Date, and_, case, cast, func
from sqlmodel import Session, select

from engine.business_calendar import BusinessCalendar
from engine.clock import utcnow
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus
from engine.labels import by_free_text, free_text_labels
from engine.legal_calendar import calendar_for
from engine.tenancy import Area, Organization
from workflows.access_request.models import (Appeal, CommitteeCase, CommitteeCaseKind,
                                             CommitteeResolution, RequestChannel, RequestKind, RequestStatus,
                                             RequestTurn, RequestTurnStatus, Sex, TransparencyRequest, sense_label)
from workflows.access_request.queries import SUBJECT_TYPE

MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]
QUARTER_NAMES = {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto"}

# Still waiting for an answer. A request closed otherwise (no presentada, say) is neither
# answered nor pending: it is counted as concluded without an answer.
OPEN_STATUSES = (RequestStatus.REGISTERED, RequestStatus.PREVENTED, RequestStatus.TURNED,
                 RequestStatus.IN_COMMITTEE, RequestStatus.REANALYSIS, RequestStatus.ANSWERING)


@dataclass(frozen=True)
class Period:
    """Local days from start to end (both included), of one kind of request or both (None)."""

    start: date
    end: date
    kind: RequestKind | None = None

    @classmethod
    def of_quarter(cls, year: int, quarter: int, kind: RequestKind | None = None) -> "Period":
        if quarter not in QUARTER_NAMES:
            raise ValueError("El trimestre va del 1 al 4.")
        start = date(year, 3 * quarter - 2, 1)
        following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return cls(start, following - timedelta(days=1), kind)

    @classmethod
    def of_year(cls, year: int, kind: RequestKind | None = None) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), kind)

    def months(self) -> list[tuple[int, int]]:
        months, (year, month) = [], (self.start.year, self.start.month)
        while (year, month) <= (self.end.year, self.end.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


@dataclass
class Count:
    label: str
    count: int


def _local_start(day: date, tz_name: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz_name)).astimezone(UTC)


def received_in(organization: Organization, period: Period) -> list:
    """The WHERE clause of the requests received in the period, in the organization's zone."""
    # Every kind and status named: the database then reads ix_request_list (organization, kind,
    # status, received_at) as one range of days per pair instead of the whole table.
    return [TransparencyRequest.organization_id == organization.id,
            TransparencyRequest.kind.in_([period.kind] if period.kind is not None else list(RequestKind)),
            TransparencyRequest.status.in_(list(RequestStatus)),
            TransparencyRequest.received_at >= _local_start(period.start, organization.timezone),
            TransparencyRequest.received_at < _local_start(period.end + timedelta(days=1), organization.timezone)]


def _sorted(counts: dict[str, int]) -> list[Count]:
    return sorted((Count(label, n) for label, n in counts.items() if n), key=lambda c: (-c.count, c.label))


# -- received per day, month, year ---------------------------------------------------------------

def _counts_per_local_day(session: Session, organization: Organization, period: Period) -> dict[date, int]:
    conditions = received_in(organization, period)
    if session.get_bind().dialect.name == "postgresql":
        day = cast(func.timezone(organization.timezone, TransparencyRequest.received_at), Date)
        return dict(session.exec(select(day, func.count()).where(*conditions).group_by(day)).all())
    # SQLite has no time zones: count per UTC hour, then place each hour in its local day.
    hour = func.strftime("%Y-%m-%d %H", TransparencyRequest.received_at)
    counts: Counter[date] = Counter()
    zone = ZoneInfo(organization.timezone)
    for bucket, n in session.exec(select(hour, func.count()).where(*conditions).group_by(hour)).all():
        moment = datetime.strptime(bucket, "%Y-%m-%d %H").replace(tzinfo=UTC)
        counts[moment.astimezone(zone).date()] += n
    return dict(counts)


def _per_day(period: Period, counts: dict[date, int]) -> list[Count]:
    days = (period.start + timedelta(days=n) for n in range((period.end - period.start).days + 1))
    return [Count(day.isoformat(), counts.get(day, 0)) for day in days]


def _per_month(period: Period, counts: dict[date, int]) -> list[Count]:
    months: Counter[tuple[int, int]] = Counter()
    for day, n in counts.items():
        months[(day.year, day.month)] += n
    return [Count(f"{MONTHS[month - 1]} {year}", months[(year, month)]) for year, month in period.months()]


def received_per_day(session: Session, organization: Organization, period: Period) -> list[Count]:
    """Requests received each local day of the period, zeros included (labels are ISO dates)."""
    return _per_day(period, _counts_per_local_day(session, organization, period))


def received_per_month(session: Session, organization: Organization, period: Period) -> list[Count]:
    return _per_month(period, _counts_per_local_day(session, organization, period))


def received_per_year(session: Session, organization: Organization, kind: RequestKind | None = None) -> list[Count]:
    """Requests of every year of the organization, by the year of their folio."""
    query = select(TransparencyRequest.year, func.count()).where(
        TransparencyRequest.organization_id == organization.id)
    if kind is not None:
        query = query.where(TransparencyRequest.kind == kind)
    rows = session.exec(query.group_by(TransparencyRequest.year).order_by(TransparencyRequest.year)).all()
    return [Count(str(year), n) for year, n in rows]


# -- by area, topic, channel, sex, sense -----------------------------------------------------------

def _id_range(session: Session, organization: Organization, period: Period) -> tuple[int | None, int | None]:
    """The smallest and the largest id of the period's requests (None, None when there are none)."""
    # `id + 0`, not `id`: PostgreSQL would find min(id) by walking the primary key from its first
    # row until one falls in the period, which reads most of the table for a recent year.
    return session.exec(select(func.min(TransparencyRequest.id + 0), func.max(TransparencyRequest.id + 0))
                        .where(*received_in(organization, period))).one()


def by_area(session: Session, organization: Organization, period: Period) -> list[Count]:
    """Requests turned to each area; one turned twice to an area counts once, a returned turn not at all."""
    first, last = _id_range(session, organization, period)
    if first is None:
        return []
    rows = session.exec(
        select(Area.id, Area.name, func.count(func.distinct(RequestTurn.request_id)))
        .join(Area, Area.id == RequestTurn.area_id)
        .join(TransparencyRequest, TransparencyRequest.id == RequestTurn.request_id)
        .where(RequestTurn.organization_id == organization.id, RequestTurn.status != RequestTurnStatus.RETURNED,
               # Implied by the join, but it lets the database read the turns of that range of
               # requests through ix_requestturn_request_id instead of every turn of every year.
               RequestTurn.request_id.between(first, last),
               *received_in(organization, period))
        .group_by(Area.id, Area.name)).all()
    return sorted((Count(name, n) for _, name, n in rows), key=lambda c: (-c.count, c.label))


def _grouped(session: Session, organization: Organization, period: Period, column, *extra) -> list[tuple]:
    return list(session.exec(select(column, func.count()).where(*received_in(organization, period), *extra)
                             .group_by(column)).all())


def by_topic(session: Session, organization: Organization, period: Period) -> list[Count]:
    return _sorted(by_free_text(_grouped(session, organization, period, TransparencyRequest.topic), "Sin tema"))


def topic_labels(session: Session, organization: Organization, period: Period) -> dict[str | None, str]:
    """The label `by_topic` counts each topic as typed under; empty for none given."""
    return free_text_labels(_grouped(session, organization, period, TransparencyRequest.topic), "")


def by_channel(session: Session, organization: Organization, period: Period) -> list[Count]:
    return _sorted({RequestChannel(channel).label: n
                    for channel, n in _grouped(session, organization, period, TransparencyRequest.channel)})


def by_sex(session: Session, organization: Organization, period: Period) -> list[Count]:
    """Requests by the sex the requester declared, in the order of the form (every option shown)."""
    found = {Sex(sex): n for sex, n in _grouped(session, organization, period, TransparencyRequest.sex)}
    return [Count(sex.label, found.get(sex, 0)) for sex in Sex]


def by_sense(session: Session, organization: Organization, period: Period) -> list[Count]:
    """Answered requests by the sense of their answer."""
    counts: Counter[str] = Counter()
    for kind, sense, n in session.exec(
            select(TransparencyRequest.kind, TransparencyRequest.answer_sense, func.count())
            .where(*received_in(organization, period), TransparencyRequest.answer_sense.is_not(None))
            .group_by(TransparencyRequest.kind, TransparencyRequest.answer_sense)).all():
        counts[sense_label(kind, sense)] += n  # an ARCO right granted is «Procedente», not «Entrega total»
    return _sorted(counts)


# -- progress by kind: answered, pending, ampliaciones, recursos ----------------------------------

@dataclass
class KindRow:
    label: str
    received: int = 0
    answered: int = 0
    pending: int = 0
    extended: int = 0
    appeals: int = 0
    overdue: int = 0  # of the pending ones, those whose term to answer has already run out

    @property
    def concluded_unanswered(self) -> int:
        """Closed without an answer: no presentada (a notice of incompetencia is an answer)."""
        return self.received - self.answered - self.pending

    def add(self, other: "KindRow") -> None:
        for name in ("received", "answered", "pending", "extended", "appeals", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _one_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def by_kind(session: Session, organization: Organization, period: Period) -> list[KindRow]:
    """One row per kind of request (both listed unless the period is of one kind)."""
    kinds = [period.kind] if period.kind is not None else list(RequestKind)
    rows = {kind: KindRow(kind.label) for kind in kinds}
    answered = TransparencyRequest.answered_on.is_not(None)
    for kind, received, n_answered, pending, extended in session.exec(
            select(TransparencyRequest.kind, func.count(), _one_if(answered),
                   _one_if(and_(TransparencyRequest.answered_on.is_(None),
                                TransparencyRequest.status.in_(OPEN_STATUSES))),
                   _one_if(TransparencyRequest.extended.is_(True)))
            .where(*received_in(organization, period)).group_by(TransparencyRequest.kind)).all():
        row = rows[RequestKind(kind)]
        row.received, row.answered, row.pending, row.extended = received, n_answered, pending, extended
    for kind, appeals in session.exec(
            select(TransparencyRequest.kind, func.count(Appeal.id))
            .join(TransparencyRequest, TransparencyRequest.id == Appeal.request_id)
            .where(Appeal.organization_id == organization.id, *received_in(organization, period))
            .group_by(TransparencyRequest.kind)).all():
        rows[RequestKind(kind)].appeals = appeals
    # By the due moment, not the deadline's status: that turns «vencido» when the scheduler sweeps.
    for kind, overdue in session.exec(
            select(TransparencyRequest.kind, func.count())
            .join(Deadline, Deadline.id == TransparencyRequest.response_deadline_id)
            .where(*received_in(organization, period), TransparencyRequest.answered_on.is_(None),
                   TransparencyRequest.status.in_(OPEN_STATUSES),
                   Deadline.status.in_((DeadlineStatus.OPEN, DeadlineStatus.MISSED)), Deadline.due_at < utcnow())
            .group_by(TransparencyRequest.kind)).all():
        rows[RequestKind(kind)].overdue = overdue
    return list(rows.values())


def total_of(rows: list[KindRow]) -> KindRow:
    total = KindRow("Total")
    for row in rows:
        total.add(row)
    return total


# -- response time and on-time rate -----------------------------------------------------------------

@dataclass
class ResponseTimes:
    """Días hábiles from the start of the term to the answer, of the answered requests with a term."""

    answered: int
    average_days: float | None
    median_days: float | None
    on_time: int
    days: Counter = field(default_factory=Counter, repr=False)

    @property
    def late(self) -> int:
        return self.answered - self.on_time

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.on_time / self.answered, 1) if self.answered else None


def response_times(session: Session, organization: Organization, period: Period) -> ResponseTimes:
    """Average and median días hábiles taken, on each request's own calendar; on time: by the due day of
    the term the answer met (the response term's, or a notice of incompetencia's own)."""
    days: Counter[int] = Counter()
    on_time = 0
    calendars: dict[tuple, BusinessCalendar] = {}
    for query in (_answers_in_the_response_term(organization, period), _notices_of_incompetence(organization, period)):
        for procedure, code, starts_after, answered_on, n, n_on_time in session.exec(query).all():
            if (procedure, code) not in calendars:
                calendars[(procedure, code)] = calendar_for(session, organization.id, procedure, code)
            days[business_days_taken(calendars[(procedure, code)], starts_after, answered_on)] += n
            on_time += n_on_time
    answered = sum(days.values())
    if not answered:
        return ResponseTimes(0, None, None, 0)
    every = sorted(days.elements())
    return ResponseTimes(answered, round(statistics.fmean(every), 1), round(statistics.median(every), 1),
                         on_time, days)


def _answer_pairs(organization: Organization, period: Period, term_join, *conditions):
    """The period's answers, grouped by the pair of dates (start of the term they met, answer): a quarter
    has few distinct pairs however many requests it has. With how many of each, and how many on time."""
    return (select(Deadline.procedure, Deadline.rule_set_code, Deadline.starts_after,
                   TransparencyRequest.answered_on, func.count(),
                   _one_if(TransparencyRequest.answered_on <= Deadline.due_on))
            .join(Deadline, term_join)
            .where(*received_in(organization, period), TransparencyRequest.answered_on.is_not(None),
                   # Implied (a term ends after its filing), but it lets the database read only the
                   # recent deadlines through an index instead of all of them.
                   Deadline.organization_id == organization.id, Deadline.due_on >= period.start, *conditions)
            # The dates first: the sort behind the grouping then seldom compares the two texts,
            # which cost PostgreSQL about twice as much to sort by (100,000 answers of a year).
            .group_by(Deadline.starts_after, TransparencyRequest.answered_on, Deadline.procedure,
                      Deadline.rule_set_code))


def _answers_in_the_response_term(organization: Organization, period: Period):
    # Every status but cancelled: a notice of incompetencia cancels the response term it answers in
    # the stead of, and is counted by its own term. Named, the statuses keep ix_deadline_org_live usable.
    return _answer_pairs(organization, period, Deadline.id == TransparencyRequest.response_deadline_id,
                         Deadline.status.in_([s for s in DeadlineStatus if s != DeadlineStatus.CANCELLED]))


def _notices_of_incompetence(organization: Organization, period: Period):
    return _answer_pairs(organization, period, notice_of_incompetence(Deadline))


def notice_of_incompetence(notice):
    """How a request joins (`notice`: Deadline or an alias of it) the notice of incompetencia that answered
    it: the notice's own term (3 días hábiles, LGTAIP 2025 art. 138; in ARCO its law's), met when notified."""
    return and_(notice.organization_id == TransparencyRequest.organization_id,
                notice.subject_type == SUBJECT_TYPE, notice.subject_id == TransparencyRequest.folio,
                notice.kind == DeadlineKind.INCOMPETENCIA, notice.status == DeadlineStatus.MET)


def business_days_taken(calendar: BusinessCalendar, starts_after: date, answered_on: date) -> int:
    """Días hábiles from the first day of the term (counted_from, day 1) to the answer, inclusive.

    The term starts the día hábil after `starts_after`, so counting after it is counting from
    counted_from included; an answer on the day of filing took 0.
    """
    return max(0, calendar.business_days_between(starts_after, answered_on))


# -- Comité de Transparencia --------------------------------------------------------------------------

@dataclass
class CommitteeRow:
    label: str
    total: int = 0
    resolutions: dict[str, int] = field(default_factory=dict)

    @property
    def unresolved(self) -> int:
        return self.total - sum(self.resolutions.values())


def committee_cases(session: Session, organization: Organization, period: Period) -> list[CommitteeRow]:
    """Comité cases of the period's requests by kind, with how many it confirmed, modified or revoked."""
    rows: dict[CommitteeCaseKind, CommitteeRow] = {}
    for kind, resolution, n in session.exec(
            select(CommitteeCase.kind, CommitteeCase.resolution, func.count())
            .join(TransparencyRequest, TransparencyRequest.id == CommitteeCase.request_id)
            .where(CommitteeCase.organization_id == organization.id, *received_in(organization, period))
            .group_by(CommitteeCase.kind, CommitteeCase.resolution)).all():
        row = rows.setdefault(CommitteeCaseKind(kind), CommitteeRow(CommitteeCaseKind(kind).label))
        row.total += n
        if resolution is not None:
            label = CommitteeResolution(resolution).label
            row.resolutions[label] = row.resolutions.get(label, 0) + n
    return [rows[kind] for kind in CommitteeCaseKind if kind in rows]


# -- everything the page shows --------------------------------------------------------------------------

@dataclass
class Statistics:
    period: Period
    # Every year with requests of either kind, for choosing another one.
    years: list[int]
    per_day: list[Count]
    per_month: list[Count]
    per_year: list[Count]
    kinds: list[KindRow]
    areas: list[Count]
    topics: list[Count]
    channels: list[Count]
    sexes: list[Count]
    senses: list[Count]
    times: ResponseTimes
    committee: list[CommitteeRow]

    @property
    def total(self) -> KindRow:
        return total_of(self.kinds)


def statistics_for(session: Session, organization: Organization, period: Period) -> Statistics:
    """Every figure of the page; the days and the years are each read once."""
    days = _counts_per_local_day(session, organization, period)
    every_year = received_per_year(session, organization)
    return Statistics(
        period=period, years=[int(c.label) for c in every_year],
        per_day=_per_day(period, days), per_month=_per_month(period, days),
        per_year=every_year if period.kind is None else received_per_year(session, organization, period.kind),
        kinds=by_kind(session, organization, period),
        areas=by_area(session, organization, period),
        topics=by_topic(session, organization, period),
        channels=by_channel(session, organization, period),
        sexes=by_sex(session, organization, period),
        senses=by_sense(session, organization, period),
        times=response_times(session, organization, period),
        committee=committee_cases(session, organization, period))
