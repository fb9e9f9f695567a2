"""Time as Pleno keeps it: aware UTC everywhere, the organization's zone only when shown."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# Where an organization is unless it says otherwise (most of Mexico).
DEFAULT_TIMEZONE = "America/Mexico_City"


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_utc(moment: datetime, tz_name: str) -> datetime:
    """A wall-clock time in the organization's zone (or an aware one) as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz_name))
    return moment.astimezone(UTC)


def to_local(moment: datetime, tz_name: str) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(tz_name))


def now_in(tz_name: str) -> datetime:
    """The moment it is now, on that zone's clock (aware)."""
    return to_local(utcnow(), tz_name)


def today_in(tz_name: str) -> date:
    """The date it is now in that zone (a server in UTC is on tomorrow while Mexico works on today)."""
    return now_in(tz_name).date()
