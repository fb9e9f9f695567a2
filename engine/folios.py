"""Folios numbered per organization, series and year (OP-2026-000123), never repeated."""

from sqlmodel import Field, Session, SQLModel, select

from engine.db import insert_if_missing


class FolioCounter(SQLModel, table=True):
    organization_id: int = Field(foreign_key="organization.id", primary_key=True)
    series: str = Field(max_length=20, primary_key=True)
    year: int = Field(primary_key=True)
    last: int = 0


def next_folio(session: Session, organization_id: int, series: str, year: int, pattern: str) -> tuple[int, str]:
    """Take the next number inside the caller's transaction; the row lock serializes takers."""
    # Two clerks may register the first document of a year at the same moment: both try to
    # create the counter, one insert wins, and both then wait their turn on its row lock.
    insert_if_missing(session, FolioCounter.__table__,
                      {"organization_id": organization_id, "series": series, "year": year, "last": 0})
    counter = session.exec(select(FolioCounter).where(
        FolioCounter.organization_id == organization_id, FolioCounter.series == series,
        FolioCounter.year == year).with_for_update()).one()
    counter.last += 1
    session.flush()
    return counter.last, pattern.format(year=year, seq=counter.last, series=series)
