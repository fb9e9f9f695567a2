"""The filtered request list as CSV or XLSX, without personal data.

A spreadsheet leaves Pleno (it is forwarded, printed, kept on a laptop): the requester's and the
holder's names and contacts, and what an ARCO request asks about, stay on the request's page,
which only the Unidad de Transparencia and the turned areas' enlaces may open.
"""

import csv
import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from sqlmodel import Session

from engine.accounts import Actor
from engine.clock import to_local
from engine.documents import describe_workbook
from engine.spreadsheet_cells import inert
from workflows.access_request.list_filters import Filters
from workflows.access_request.models import RequestKind
from workflows.access_request.queries import ListRow, request_list

EXPORT_CAP = 20_000
TITLE = "Solicitudes de acceso a la información y de derechos ARCO"
COLUMNS = ["Folio", "Folio PNT", "Tipo", "Medio", "Recibida", "Tema", "Información solicitada", "Estado",
           "Áreas", "Vence", "Días hábiles restantes", "Fecha de respuesta"]
# What an ARCO request asks about is the holder's personal data (a CURP, a medical record).
ARCO_DESCRIPTION = "Datos personales: consulte la solicitud en Pleno"


def _values(row: ListRow, tz_name: str) -> list:
    # The reception moment on the organization's clock, without a zone: spreadsheets keep none.
    received = to_local(row.received_at, tz_name).replace(tzinfo=None, second=0, microsecond=0)
    description = ARCO_DESCRIPTION if row.kind == RequestKind.ARCO else row.description
    values = [row.folio, row.pnt_folio or "", row.kind.label, row.channel.label, received, row.topic, description,
              row.status.label, ", ".join(row.areas), None if row.remaining.paused else row.due_on,
              "En pausa" if row.remaining.paused else row.remaining.days, row.answered_on]
    return [inert(v) for v in values]


def export_rows(session: Session, actor: Actor, filters: Filters, tz_name: str,
                now: datetime | None = None) -> tuple[list[str], list[list], bool]:
    """Header, rows and whether the list was cut at EXPORT_CAP."""
    page = request_list(session, actor, filters, page=1, per_page=EXPORT_CAP, now=now)
    return list(COLUMNS), [_values(row, tz_name) for row in page.rows], page.has_next


def as_csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with BOM, so spreadsheet programs read the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _csv_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_text(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat() if isinstance(value, date) else value


# Wide enough for what each column holds; the description and the areas wrap in the cell anyway.
_WIDTHS = {"Información solicitada": 60, "Áreas": 30, "Tema": 20, "Recibida": 17, "Folio PNT": 18}


def as_xlsx(header: list[str], rows: list[list], author: str = "", title: str = TITLE) -> bytes:
    """Dates as dates (dd/mm/aaaa, as the pages write them), the header frozen and filterable;
    `author`, the organization whose requests they are."""
    workbook = Workbook(write_only=True)
    describe_workbook(workbook, author, title)
    sheet = workbook.create_sheet("Solicitudes")
    sheet.freeze_panes = "A2"
    for index, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(title, max(12, len(title) + 2))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsxinert(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsxinert(sheet, value):
    if not isinstance(value, date):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = "dd/mm/yyyy hh:mm" if isinstance(value, datetime) else "dd/mm/yyyy"
    return cell
