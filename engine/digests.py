"""The daily digest: on each día hábil, one e-mail per person with their overdue deadlines and those due soon.

It goes out once the organization's clock reads 08:00, from whichever worker looks first. The key
resumen:<user>:<date> makes every later pass, and a second worker, a no-op; a worker started
late in the day still sends that morning's digest.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from engine.accounts import User
from engine.alert_policy import lapse_is_no_breach, recipients_of
from engine.alerts import SweepCaches, link_of, recipients
from engine.clock import to_local, utcnow
from engine.db import reading, transaction
from engine.deadlines import LIVE_STATUSES, Deadline, business_days_left
from engine.documents import long_date
from engine.email_templates import render_email
from engine.legal_calendar import calendar_for
from engine.outbox import OutboxMessage, enqueue
from engine.rule_sets import Procedure
from engine.settings import load_settings
from engine.tenancy import Organization

DIGEST_HOUR = time(8)
SOON_BUSINESS_DAYS = 5
# A person answering for a whole organization may have hundreds; the e-mail lists the first ones.
LISTED = 30


@dataclass(frozen=True)
class Entry:
    title: str
    due: str
    remaining: int
    link: str


@dataclass
class Digest:
    person: User
    overdue: list[Entry] = field(default_factory=list)
    soon: list[Entry] = field(default_factory=list)


def digest_key(user_id: int, day: date) -> str:
    return f"resumen:{user_id}:{day.isoformat()}"


def digest_day(session: Session, organization: Organization, now: datetime) -> date | None:
    """The local date whose digest is due now: a día hábil from 08:00 on (None otherwise)."""
    local = to_local(now, organization.timezone)
    if local.time() < DIGEST_HOUR:
        return None
    # Office days are the oficialía de partes' calendar: holidays and declared días inhábiles.
    office = calendar_for(session, organization.id, Procedure.CORRESPONDENCIA)
    return local.date() if office.is_business_day(local.date()) else None


def digests_for(session: Session, organization_id: int, today: date) -> dict[int, Digest]:
    """Who should hear about which live deadline today, person by person."""
    caches = SweepCaches()
    digests: dict[int, Digest] = {}
    live = session.exec(select(Deadline).where(Deadline.organization_id == organization_id,
                                               Deadline.status.in_(LIVE_STATUSES))
                        .order_by(Deadline.due_on, Deadline.id)).all()
    for deadline in live:
        remaining = business_days_left(caches.calendar(session, deadline), deadline, today)
        overdue = deadline.due_on < today
        if not overdue and remaining > SOON_BUSINESS_DAYS:
            continue
        if overdue and lapse_is_no_breach(deadline.kind, deadline.rule_key):
            continue  # the requester's term ran out, or an option was not used: nobody here is late
        entry = Entry(deadline.title, long_date(deadline.due_on), remaining, link_of(deadline))
        # The same people its alerts go to, by its kind's policy (responsible, enlaces, the office).
        for person, _reason in recipients(session, caches, deadline, recipients_of(caches.policy(session, deadline))):
            digest = digests.setdefault(person.id, Digest(person))
            (digest.overdue if overdue else digest.soon).append(entry)
    return digests


def send_digests_of(session: Session, organization: Organization, now: datetime) -> int:
    """Write today's digests of one organization not written yet; returns how many."""
    today = digest_day(session, organization, now)
    if today is None:
        return 0
    digests = [d for d in digests_for(session, organization.id, today).values() if d.person.email]
    written = set(session.exec(select(OutboxMessage.key).where(
        OutboxMessage.key.in_([digest_key(d.person.id, today) for d in digests]))).all())
    sent = 0
    for digest in digests:
        key = digest_key(digest.person.id, today)
        if key in written:
            continue
        subject, body = render_email(
            "resumen", person=digest.person, today=long_date(today), soon_days=SOON_BUSINESS_DAYS,
            overdue=digest.overdue[:LISTED], overdue_total=len(digest.overdue), soon=digest.soon[:LISTED],
            soon_total=len(digest.soon), list_link=f"{load_settings().base_url}/plazos")
        enqueue(session, organization_id=organization.id, key=key, kind="resumen", to_address=digest.person.email,
                subject=subject, body=body, recipient_user_id=digest.person.id)
        sent += 1
    return sent


def send_digests_once(engine: Engine, now: datetime | None = None) -> int:
    """Write every digest due now (each organization in its own transaction); returns how many."""
    now = now or utcnow()
    with reading(engine) as session:
        organizations = session.exec(select(Organization).where(Organization.active).order_by(Organization.id)).all()
    sent = 0
    for organization in organizations:
        with transaction(engine) as session:
            sent += send_digests_of(session, organization, now)
    return sent
