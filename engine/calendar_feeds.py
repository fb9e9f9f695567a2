"""A person's deadlines as an iCalendar feed (RFC 5545) their own calendar subscribes to.

The feed is read by Outlook, Google Calendar or a phone without a session, so its address carries
a secret token; only its SHA-256 is kept, and issuing a new one retires the old. An event names the
deadline, its day and its legal basis, never what the request says nor who made it.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import delete
from sqlmodel import Field, Session, SQLModel, select

from engine.accounts import User
from engine.clock import utcnow
from engine.db import insert_or_replace
from engine.deadlines import Deadline, DeadlineKind
from engine.tenancy import Organization


class CalendarFeed(SQLModel, table=True):
    user_id: int = Field(primary_key=True, foreign_key="user.id")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed(session: Session, user_id: int) -> str:
    """A new secret address for the person's feed; the one before stops working."""
    token = secrets.token_urlsafe(24)
    # An upsert: a double click (two requests at once) must not fail on the key.
    insert_or_replace(session, CalendarFeed.__table__,
                      {"user_id": user_id, "token_hash": _digest(token), "created_at": utcnow()}, key=["user_id"])
    return token


def revoke_feed(session: Session, user_id: int) -> bool:
    return session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user_id)).rowcount > 0


def has_feed(session: Session, user_id: int) -> bool:
    return session.get(CalendarFeed, user_id) is not None


def feed_owner(session: Session, token: str) -> User | None:
    """The active person the token's feed belongs to, if any."""
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.token_hash == _digest(token))).first()
    user = session.get(User, feed.user_id) if feed else None
    return user if user is not None and user.active else None


def new_calendar(product: str, name: str, timezone: str) -> Calendar:
    """An empty feed with the properties every Pleno feed carries (name and zone shown by subscribers)."""
    feed = Calendar()
    feed.add("prodid", f"-//Pleno//{product}//ES")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    feed.add("x-wr-timezone", timezone)
    return feed


def deadlines_calendar(deadlines: list[Deadline], organization: Organization, base_url: str) -> bytes:
    """One all-day event per deadline, on its last day, with a link to its page in Pleno."""
    feed = new_calendar("Mis plazos", f"Plazos · {organization.short_name}", organization.timezone)
    for deadline in deadlines:
        event = Event()
        # Stable across recalculations, so a subscriber's calendar moves the same event.
        event.add("uid", f"plazo-{deadline.id}@{organization.slug}.pleno")
        event.add("dtstamp", deadline.updated_at)
        event.add("dtstart", deadline.due_on)
        event.add("dtend", deadline.due_on + timedelta(days=1))
        event.add("summary", f"Vence: {deadline.title}")
        event.add("description", f"{DeadlineKind(deadline.kind).label}. {deadline.basis.rstrip('.')}. "
                                 f"{base_url}/plazos/{deadline.id}")
        event.add("url", f"{base_url}/plazos/{deadline.id}")
        event.add("transp", "TRANSPARENT")  # a deadline does not make the person busy that day
        feed.add_component(event)
    return feed.to_ical()
