"""The year and quarter a statistics page or report is asked for, read strictly from the query string."""

from datetime import date

# The earliest year one may ask for is the first the calendar counts (the federal transparency law, LFTAIPG,
# dates from 2002).
from engine.business_calendar import FIRST_YEAR


def _int_in(raw: str | None, low: int, high: int) -> int | None:
    try:
        value = int(raw) if raw not in (None, "") else None
    except ValueError:
        return None
    return value if value is not None and low <= value <= high else None


# Pages that plan (the legal calendar's días inhábiles, the sessions of the collegiate bodies) are
# asked for years still to come; statistics only for years that have begun.
PLANNING_YEARS_AHEAD = 5


def asked_year(raw: str | None, today: date, years_ahead: int = 0) -> int | None:
    """The year asked for, None if none was; ValueError saying which years are valid otherwise."""
    if raw in (None, ""):
        return None
    latest = today.year + years_ahead
    year = _int_in(raw, FIRST_YEAR, latest)
    if year is None:
        raise ValueError(f"El año «{raw.strip()[:12]}» no es válido: elija uno de {FIRST_YEAR} a {latest}.")
    return year


def shown_year(raw: str | None, today: date, years_ahead: int = 0) -> tuple[int, str]:
    """The year a page shows: the one asked for, else the current one, with the notice saying why
    when the one asked for is impossible (a page still answers; a download refuses with 400)."""
    try:
        return asked_year(raw, today, years_ahead) or today.year, ""
    except ValueError as error:
        return today.year, f"{error} Se muestra {today.year}."


def asked_quarter(raw: str | None) -> int | None:
    """The quarter asked for, None if none was; ValueError saying which are valid otherwise."""
    if raw in (None, ""):
        return None
    quarter = _int_in(raw, 1, 4)
    if quarter is None:
        raise ValueError(f"El trimestre «{raw.strip()[:12]}» no es válido: elija 1, 2, 3 o 4.")
    return quarter
