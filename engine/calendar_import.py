"""Reading a year's días inhábiles from a file: CSV (one row per day or range) or iCalendar.

Nothing is declared here: the file becomes a list of (first, last, reason, acuerdo) that the
caller declares through engine.calendar_overlay in one transaction. A file with any bad line is
refused whole, with one Spanish message per bad line, so an administrator never ends up with half
a calendar.
"""

import csv
import io
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from icalendar import Calendar

from engine.labels import unaccented

MAX_BYTES = 256 * 1024
MAX_DAYS = 366
TEXT_LIMIT = 250
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
CSV_EXTENSIONS = {"csv", "txt"}
ICAL_EXTENSIONS = {"ics", "ical", "ifb", "icalendar"}


class ImportedDay(NamedTuple):
    first: date
    last: date
    reason: str
    acuerdo: str


class ImportRejected(ValueError):
    """The file cannot be imported; `problems` are Spanish messages, one per bad line."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


def parse_upload(filename: str, content: bytes) -> list[ImportedDay]:
    """The días inhábiles in an uploaded .csv or .ics file (ImportRejected when it cannot be read)."""
    extension = Path(filename or "").suffix.lower().lstrip(".")
    if extension not in CSV_EXTENSIONS | ICAL_EXTENSIONS:
        raise ImportRejected([f"No se aceptan archivos .{extension or '(sin extensión)'}: suba un archivo .csv "
                              "o un calendario .ics (iCalendar)."])
    if not content:
        raise ImportRejected(["El archivo está vacío."])
    if len(content) > MAX_BYTES:
        raise ImportRejected([f"El archivo pesa {len(content) // 1024} KB; el máximo para un calendario es "
                              f"{MAX_BYTES // 1024} KB."])
    if b"\x00" in content:
        raise ImportRejected(["El archivo no es de texto; suba un .csv o un .ics."])
    return parse_csv(content) if extension in CSV_EXTENSIONS else parse_ical(content)


# -- CSV --------------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in Spanish saves "CSV" in Windows-1252 unless told otherwise.
        return content.decode("cp1252", errors="replace")


def _column(name: str) -> str:
    return unaccented(name.strip())


def _parse_date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _check(first: date, last: date, reason: str, acuerdo: str) -> str | None:
    if last < first:
        return "la fecha final es anterior a la inicial."
    if (last - first).days > MAX_DAYS:
        return "un periodo no puede abarcar más de un año."
    if not reason:
        return "falta el motivo."
    if len(reason) > TEXT_LIMIT or len(acuerdo) > TEXT_LIMIT:
        return f"el motivo y el acuerdo admiten hasta {TEXT_LIMIT} caracteres."
    return None


def _csv_row(row: dict[str, str]) -> ImportedDay | str:
    """A row as a día inhábil, or what is wrong with it."""
    value = lambda name: (row.get(name) or "").strip()  # noqa: E731
    single = value("fecha")
    if single and (value("desde") or value("hasta")):
        return "use la columna fecha o las columnas desde/hasta, no ambas."
    first_text, last_text = (single, single) if single else (value("desde"), value("hasta") or value("desde"))
    if not first_text:
        return "falta la fecha (columna fecha, o desde y hasta)."
    first, last = _parse_date(first_text), _parse_date(last_text)
    for text, parsed in ((first_text, first), (last_text, last)):
        if parsed is None:
            return f"«{text}» no es una fecha; use AAAA-MM-DD o DD/MM/AAAA."
    reason, acuerdo = value("motivo"), value("acuerdo")
    return _check(first, last, reason, acuerdo) or ImportedDay(first, last, reason, acuerdo)


def parse_csv(content: bytes) -> list[ImportedDay]:
    """Rows of a CSV with a header: fecha (or desde and hasta), motivo, acuerdo."""
    text = _decode(content)
    first_line = text.splitlines()[0] if text.strip() else ""
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = {_column(name) for name in reader.fieldnames or [] if name}
    if "motivo" not in columns or not ({"fecha", "desde"} & columns):
        raise ImportRejected(["La primera línea debe ser el encabezado con las columnas fecha (o desde y hasta), "
                              "motivo y, si se desea, acuerdo; p. ej. «fecha,motivo,acuerdo»."])
    days, problems = [], []
    for row in reader:
        cleaned = {_column(k): v for k, v in row.items() if k is not None and isinstance(v, str)}
        if not any(v.strip() for v in cleaned.values()):
            continue
        parsed = _csv_row(cleaned)
        if isinstance(parsed, str):
            problems.append(f"Línea {reader.line_num}: {parsed}")
        else:
            days.append(parsed)
    if problems:
        raise ImportRejected(problems)
    if not days:
        raise ImportRejected(["El archivo no tiene ningún día inhábil debajo del encabezado."])
    return days


# -- iCalendar --------------------------------------------------------------------------------


def _event_lines(text: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), start=1)
            if line.strip().upper() == "BEGIN:VEVENT"]


def _ical_event(event) -> ImportedDay | str:
    if event.get("RRULE") is not None or event.get("RDATE") is not None:
        return "los eventos que se repiten (RRULE) no se admiten; exporte las fechas concretas del año."
    if event.get("DTSTART") is None:
        return "falta la fecha de inicio (DTSTART)."
    try:
        start, end = event.start, event.end
    except (ValueError, TypeError, KeyError, AttributeError):
        return "la fecha de inicio o de fin no es válida."
    if isinstance(start, datetime):
        # A timed event covers each calendar day it touches; an end at 00:00 is the previous day's end.
        first = start.date()
        last = end.date() if isinstance(end, datetime) else end
        if isinstance(end, datetime) and end > start and end.time() == datetime.min.time():
            last -= timedelta(days=1)
        last = max(first, last)
    else:
        # DTEND of an all-day event is exclusive (RFC 5545): 2–4 April means the 2nd and 3rd.
        first, last = start, max(start, end - timedelta(days=1))
    reason = str(event.get("SUMMARY") or "").strip()
    return _check(first, last, reason, "") or ImportedDay(first, last, reason, "")


def parse_ical(content: bytes) -> list[ImportedDay]:
    """All-day (or timed) VEVENTs: DTSTART, DTEND and SUMMARY as the motivo."""
    text = _decode(content)
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError):
        raise ImportRejected(["El archivo no es un calendario iCalendar (.ics) válido."]) from None
    lines = _event_lines(text)
    days, problems = [], []
    for number, event in enumerate(calendar.walk("VEVENT")):
        parsed = _ical_event(event)
        if isinstance(parsed, str):
            where = f"Línea {lines[number]}" if number < len(lines) else f"Evento {number + 1}"
            summary = str(event.get("SUMMARY") or "").strip()
            problems.append(f"{where}{f' («{summary}»)' if summary else ''}: {parsed}")
        else:
            days.append(parsed)
    if problems:
        raise ImportRejected(problems)
    if not days:
        raise ImportRejected(["El calendario no tiene ningún evento (VEVENT)."])
    return days
