"""The year and quarter a statistics page or report is asked for, read strictly from the query string."""

from datetime import date

# The earliest year one may ask for: the federal transparency law (LFTAIPG) dates from 2002.
FIRST_YEAR = 2000


def _int_in(raw: str | None, low: int, high: int) -> int | None:
    try:
        value = int(raw) if raw not in (None, "") else None
    except ValueError:
        return None
    return value if value is not None and low <= value <= high else None


def asked_year(raw: str | None, today: date) -> int | None:
    """The year asked for, None if none was; ValueError saying which years are valid otherwise."""
    if raw in (None, ""):
        return None
    year = _int_in(raw, FIRST_YEAR, today.year)
    if year is None:
        raise ValueError(f"El año «{raw.strip()[:12]}» no es válido: elija uno de {FIRST_YEAR} a {today.year}.")
    return year


def asked_quarter(raw: str | None) -> int | None:
    """The quarter asked for, None if none was; ValueError saying which are valid otherwise."""
    if raw in (None, ""):
        return None
    quarter = _int_in(raw, 1, 4)
    if quarter is None:
        raise ValueError(f"El trimestre «{raw.strip()[:12]}» no es válido: elija 1, 2, 3 o 4.")
    return quarter
