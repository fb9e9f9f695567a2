"""Folios numbered per organization, series and year (OP-2026-000123), never repeated."""

import re
from string import Formatter

from sqlmodel import Field, Session, SQLModel, select

from engine.db import insert_if_missing


class FolioCounter(SQLModel, table=True):
    organization_id: int = Field(foreign_key="organization.id", primary_key=True)
    series: str = Field(max_length=20, primary_key=True)
    year: int = Field(primary_key=True)
    last: int = 0


def lock_series(session: Session, organization_id: int, series: str, year: int) -> FolioCounter:
    """The series' counter, locked until the caller's transaction ends: whoever numbers it next waits."""
    # Two clerks may register the first document of a year at the same moment: both try to
    # create the counter, one insert wins, and both then wait their turn on its row lock.
    insert_if_missing(session, FolioCounter.__table__,
                      {"organization_id": organization_id, "series": series, "year": year, "last": 0})
    return session.exec(select(FolioCounter).where(
        FolioCounter.organization_id == organization_id, FolioCounter.series == series,
        FolioCounter.year == year).with_for_update()).one()


def next_folio(session: Session, organization_id: int, series: str, year: int, pattern: str) -> tuple[int, str]:
    """Take the next number inside the caller's transaction; the row lock serializes takers."""
    counter = lock_series(session, organization_id, series, year)
    counter.last += 1
    session.flush()
    return counter.last, pattern.format(year=year, seq=counter.last, series=series)


FIELDS = ("year", "seq", "series")
# The only format a number takes: zero padding to a width ({seq:06d}).
_ZERO_PADDING = re.compile(r"0[1-9][0-9]?d")


def _field_problem(pattern: str) -> str | None:
    """A field of the pattern that is not plainly one of FIELDS, in Spanish; None when all are.

    str.format would also run a conversion ({seq!r}), another format ({seq:>6}) or an attribute or an
    index ({seq.real}, {year[0]}): numbers no one meant, or a way into the values' internals."""
    try:
        parts = list(Formatter().parse(pattern))
    except ValueError:
        return "El patrón tiene una llave { o } sin su pareja; escriba {{ o }} para una llave literal."
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if name not in FIELDS:
            return (f"«{written}» no es un campo del patrón: use solo {{year}}, {{seq}} y {{series}}, sin puntos ni "
                    "corchetes.")
        if conversion:
            return f"«{written}»: el patrón no admite conversiones (!r, !s, !a); escriba {{{name}}}."
        if spec and (name == "series" or not _ZERO_PADDING.fullmatch(spec)):
            return (f"«{written}»: el único formato admitido es el relleno con ceros de un número, como {{seq:06d}}; "
                    f"o escriba {{{name}}} sin formato.")
    return None


def pattern_problem(pattern: str, example: str) -> str | None:
    """Why `pattern` cannot number a series counted per year (in Spanish, for the form), or None."""
    field = _field_problem(pattern)
    if field:
        return f"{field} P. ej. {example}."
    if "{seq" not in pattern:
        return f"El patrón debe incluir {{seq}} (el número consecutivo), p. ej. {example}."
    try:
        first, second, next_year = (pattern.format(year=year, seq=seq, series="OP")
                                    for year, seq in ((2026, 1), (2026, 2), (2027, 1)))
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        return f"El patrón no se puede aplicar: use solo {{year}}, {{seq}} y {{series}}, p. ej. {example}."
    if first == second:
        return "El patrón debe producir un número distinto para cada consecutivo."
    if first == next_year:
        # The counter starts again at 1 each year: without the year, January repeats last year's numbers.
        return (f"El patrón debe incluir {{year}}: el consecutivo vuelve a 1 cada año y, sin el año, el {first} "
                f"de 2027 repetiría el de 2026. P. ej. {example}.")
    if len(second) > 60:
        return "El número resultante no puede pasar de 60 caracteres."
    return None


_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")
PADDED_UP_TO = 8


def padded_forms(folio: str) -> list[str]:
    """The folio with its final number written with more leading zeros, up to PADDED_UP_TO digits:
    «OP-2026-123» for the OP-2026-000123 a person copied without its zeros. Empty when it ends in
    no number or the number is already that long."""
    match = _TRAILING_NUMBER.match(folio)
    if not match:
        return []
    head, number = match.groups()
    return [head + number.zfill(width) for width in range(len(number) + 1, PADDED_UP_TO + 1)]
