"""Organizations (entes públicos) and their areas (unidades administrativas)."""

from datetime import datetime, time

from sqlalchemy import Row, bindparam
from sqlmodel import Field, Session, SQLModel, UniqueConstraint, select

from engine.clock import DEFAULT_TIMEZONE, utcnow

DEFAULT_TRANSPARENCY_HEAD_TITLE = "Titular de la Unidad de Transparencia"


class Organization(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True, index=True)
    name: str = Field(max_length=250)
    short_name: str = Field(max_length=40)
    timezone: str = Field(default=DEFAULT_TIMEZONE, max_length=60)
    address: str = Field(default="", max_length=300)
    # Folio pattern per organization; {year} and {seq} are filled in, e.g. OP-2026-000123.
    correspondence_folio_pattern: str = Field(default="OP-{year}-{seq:06d}", max_length=80)
    # The Unidad de Transparencia's oficios de respuesta, numbered per year: UT/0001/2026.
    oficio_number_pattern: str = Field(default="UT/{seq:04d}/{year}", max_length=80)
    # Who signs the oficios de respuesta, and as what. Empty name: the person who answers signs.
    transparency_head_name: str = Field(default="", max_length=200)
    transparency_head_title: str = Field(default=DEFAULT_TRANSPARENCY_HEAD_TITLE, max_length=200)
    # Office hours decide when a filing counts as received (after closing → next día hábil).
    office_opens: time = time(8, 0)
    office_closes: time = time(18, 0)
    # Weekdays without office (0 = lunes … 6 = domingo), comma separated.
    weekend: str = Field(default="5,6", max_length=20)
    # Bumped on every change of the declared calendar, so cached calendars are rebuilt.
    calendar_version: int = 0
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class Area(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("organization_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    code: str = Field(max_length=30)
    name: str = Field(max_length=250)
    head_name: str = Field(default="", max_length=200)
    # The person deadlines of the area escalate to when they are missed.
    head_user_id: int | None = Field(default=None, foreign_key="user.id")
    active: bool = True


_TIMEZONE = select(Organization.__table__.c.timezone).where(Organization.__table__.c.id == bindparam("id"))


def organization_timezone(session: Session, organization_id: int) -> str:
    """The organization's time zone, without loading the organization (pages ask on every request)."""
    return session.connection().execute(_TIMEZONE, {"id": organization_id}).scalar_one()


_area = Area.__table__
_ACTIVE_AREAS = (select(_area.c.id, _area.c.code, _area.c.name)
                 .where(_area.c.organization_id == bindparam("organization_id"), _area.c.active)
                 .order_by(_area.c.name))


def active_areas(session: Session, organization_id: int) -> list[Row]:
    """(id, code, name) of the organization's active areas, by name: for pickers and filters.

    Plain rows from a statement built once, not Area objects: pages list every area on every request.
    """
    return list(session.connection().execute(_ACTIVE_AREAS, {"organization_id": organization_id}).all())
