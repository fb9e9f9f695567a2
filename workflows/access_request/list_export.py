"""The filtered request list as CSV or XLSX: personal data columns only for who may see them."""

import csv
import io
from datetime import date, datetime

from openpyxl import Workbook
from sqlmodel import Session

from engine.accounts import Actor
from engine.clock import to_local
from workflows.access_request.list_filters import Filters
from workflows.access_request.queries import ListRow, request_list

EXPORT_CAP = 20_000
COLUMNS = ["Folio", "Folio PNT", "Tipo", "Medio", "Recibida", "Tema", "Información solicitada", "Estado",
           "Áreas", "Vence", "Días hábiles restantes", "Fecha de respuesta"]
PERSONAL_COLUMNS = ["Solicitante", "Medio para notificaciones", "Titular de los datos", "Representante"]


def _cell(value) -> str | int | date | None:
    # A text starting like a formula would run in the spreadsheet of whoever opens the file.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _values(row: ListRow, personal_columns: bool, tz_name: str) -> list:
    values = [row.folio, row.pnt_folio or "", row.kind.label, row.channel.label,
              to_local(row.received_at, tz_name).strftime("%Y-%m-%d %H:%M"), row.topic, row.description,
              row.status.label, ", ".join(row.areas), None if row.remaining.paused else row.due_on,
              "En pausa" if row.remaining.paused else row.remaining.days, row.answered_on]
    if personal_columns:
        values += [row.requester, row.contact, row.holder, row.representative]
    return [_cell(v) for v in values]


def export_rows(session: Session, actor: Actor, filters: Filters, tz_name: str,
                now: datetime | None = None) -> tuple[list[str], list[list], bool]:
    """Header, rows and whether the list was cut at EXPORT_CAP."""
    page = request_list(session, actor, filters, page=1, per_page=EXPORT_CAP, now=now)
    header = COLUMNS + (PERSONAL_COLUMNS if page.personal_columns else [])
    return header, [_values(row, page.personal_columns, tz_name) for row in page.rows], page.has_next


def as_csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with BOM, so spreadsheet programs read the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(header: list[str], rows: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Solicitudes")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
