"""The quarterly report to the órgano garante (XLSX and .docx) and the open-data CSV of requests.

The report names the provisions it is rendered under, as the organization's rule sets for access and
ARCO requests keep them («informe_trimestral», which a state variant sets to its own law), and is
signed by the titular of the Unidad de Transparencia, as its oficios are (oficio.signature_of).
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from engine.clock import to_local, today_in
from engine.deadlines import Deadline
from engine.documents import add_signature, city_of, describe_workbook, letterhead, long_date, to_bytes
from engine.legal_calendar import calendar_for
from engine.rule_sets import Procedure, rule_set_for
from engine.spreadsheet_cells import inert
from engine.tenancy import Organization
from workflows.access_request.models import (Appeal, RequestChannel, RequestKind,
                                             TransparencyRequest, sense_label)
from workflows.access_request.oficio import signature_of
from workflows.board_session.naming import the_body
from workflows.access_request.statistics import (QUARTER_NAMES, Count, KindRow, Period, ResponseTimes,
                                                 business_days_taken, by_area, by_kind, by_sense,
                                                 notice_of_incompetence, received_in, response_times, topic_labels,
                                                 total_of)

TITLE = "Informe trimestral de solicitudes de acceso a la información y de derechos ARCO"


@dataclass
class QuarterlyReport:
    organization_name: str
    year: int
    quarter: int
    period: Period
    kinds: list[KindRow]
    senses: list[Count]
    areas: list[Count]
    times: ResponseTimes
    made_on: date
    # The provisions it is rendered under (one per law, in the order of the procedures), and who signs
    # it and as what.
    bases: list[str]
    signatory: tuple[str, str]

    @property
    def total(self) -> KindRow:
        return total_of(self.kinds)

    def period_in_words(self) -> str:
        return (f"{QUARTER_NAMES[self.quarter]} trimestre de {self.year}, del {long_date(self.period.start)} "
                f"al {long_date(self.period.end)}")

    def basis_in_words(self) -> str:
        """«LGTAIP 2025, art. 40 fr. VII»; with two laws, «… y en …» (a basis may itself say «arts. 44 y
        45»); empty when no rule set names one."""
        return " y en ".join(self.bases)


def report_bases(session: Session, organization: Organization) -> list[str]:
    """The provisions the organization renders the report under, from the rule sets it applies today to
    access and to ARCO requests, each once."""
    bases = [rule_set_for(session, organization.id, procedure).basis_of("informe_trimestral")
             for procedure in (Procedure.ACCESO, Procedure.ARCO)]
    return list(dict.fromkeys(basis for basis in bases if basis))


def quarterly_report(session: Session, organization: Organization, year: int, quarter: int,
                     today: date | None = None, made_by: str = "") -> QuarterlyReport:
    """The figures of the requests of both kinds received in the quarter, as they stand today; `made_by`
    signs it when the organization has no titular of the Unidad on record."""
    period = Period.of_quarter(year, quarter)
    return QuarterlyReport(
        organization_name=organization.name, year=year, quarter=quarter, period=period,
        kinds=by_kind(session, organization, period), senses=by_sense(session, organization, period),
        areas=by_area(session, organization, period), times=response_times(session, organization, period),
        made_on=today or today_in(organization.timezone), bases=report_bases(session, organization),
        signatory=signature_of(organization, made_by))


@dataclass
class Table:
    sheet: str
    heading: str
    headers: list[str]
    rows: list[list]


def _decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def tables_of(report: QuarterlyReport) -> list[Table]:
    """The report's four tables, the same in the workbook and in the document; numbers stay numbers."""
    kind_rows = [[row.label, row.received, row.answered, row.pending, row.concluded_unanswered, row.extended,
                  row.appeals] for row in report.kinds + [report.total]]
    senses = [[c.label, c.count] for c in report.senses] + [["Total de respondidas", report.total.answered]]
    times = report.times
    return [
        Table("Por tipo", "Solicitudes por tipo",
              ["Tipo de solicitud", "Recibidas", "Respondidas", "En trámite", "Concluidas sin respuesta",
               "Con ampliación", "Recursos de revisión"], kind_rows),
        Table("Por sentido", "Solicitudes respondidas por sentido de la respuesta",
              ["Sentido de la respuesta", "Solicitudes"], senses),
        Table("Por área", "Solicitudes turnadas por área",
              ["Área", "Solicitudes turnadas"], [[c.label, c.count] for c in report.areas]),
        Table("Tiempos", "Tiempos de respuesta",
              ["Concepto", "Valor"],
              [["Solicitudes respondidas", times.answered],
               ["Tiempo promedio de respuesta (días hábiles)", times.average_days],
               ["Tiempo mediano de respuesta (días hábiles)", times.median_days],
               ["Respondidas dentro del plazo", times.on_time],
               ["Respondidas fuera del plazo", times.late],
               ["Porcentaje respondido dentro del plazo (%)", times.on_time_percent],
               ["Solicitudes con ampliación del plazo", report.total.extended],
               ["Recursos de revisión", report.total.appeals],
               ["Solicitudes en trámite", report.total.pending],
               ["Solicitudes en trámite con el plazo vencido", report.total.overdue]]),
    ]


def _text(value) -> str:
    if value is None:
        return "—"
    return _decimal(value) if isinstance(value, float) else str(value)


# -- XLSX ---------------------------------------------------------------------------------------------

def about(report: QuarterlyReport) -> Table:
    """What the workbook says of itself: who reports, which period, under which provisions, who signs."""
    name, capacity = report.signatory
    return Table("Fundamento y firma", "", ["Concepto", "Valor"], [
        ["Sujeto obligado", report.organization_name],
        ["Periodo que se informa", report.period_in_words()],
        ["Estado de las cifras al", long_date(report.made_on)],
        ["Fundamento", report.basis_in_words() or "—"],
        ["Firma", name],
        ["Cargo", capacity]])


def build_xlsx(report: QuarterlyReport) -> bytes:
    """One sheet per table, headers in Spanish on the first row, numbers as numbers; a last sheet with
    the report's basis and signatory."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    describe_workbook(workbook, report.organization_name, f"{TITLE} — {report.period_in_words()}")
    for table in tables_of(report) + [about(report)]:
        sheet = workbook.create_sheet(table.sheet)
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([inert(v) for v in row])
        sheet.column_dimensions["A"].width = max(len(str(r[0])) for r in [table.headers] + table.rows) + 2
        for column in "BCDEFG"[:len(table.headers) - 1]:
            sheet.column_dimensions[column].width = 16
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- .docx --------------------------------------------------------------------------------------------

def build_docx(report: QuarterlyReport, organization: Organization) -> bytes:
    document = letterhead(organization, TITLE)
    title = document.add_paragraph(TITLE, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.bases:
        document.add_paragraph(
            f"Con fundamento en {report.basis_in_words()}, {the_body(report.organization_name)}, por conducto de su Unidad de "
            "Transparencia, informa al órgano garante sobre las solicitudes de acceso a la información y de "
            "derechos ARCO recibidas en el periodo.")
    document.add_paragraph(f"Periodo que se informa: {report.period_in_words()}.")
    document.add_paragraph(
        f"Las cifras se refieren a las {report.total.received} solicitudes recibidas en el periodo, con su "
        f"estado al {long_date(report.made_on)}. Los tiempos se cuentan en días hábiles del calendario de la "
        "institución, desde el primer día del plazo hasta la respuesta, sin contar los días inhábiles ni las "
        "suspensiones de plazos declarados.")
    for table in tables_of(report):
        document.add_heading(table.heading, level=2)
        grid = document.add_table(rows=1, cols=len(table.headers))
        grid.style = "Table Grid"
        for cell, header in zip(grid.rows[0].cells, table.headers):
            cell.text = header
            cell.paragraphs[0].runs[0].bold = True
        for row in table.rows:
            for cell, value in zip(grid.add_row().cells, row):
                cell.text = _text(value)
    if not report.areas:
        document.add_paragraph("Ninguna solicitud del periodo se turnó a un área.")
    place = city_of(organization)
    document.add_paragraph("")
    document.add_paragraph(f"{place}, a {long_date(report.made_on)}" if place else long_date(report.made_on))
    add_signature(document, *report.signatory)
    return to_bytes(document)


# -- open data ----------------------------------------------------------------------------------------

OPEN_DATA_HEADERS = ["Folio", "Tipo", "Canal", "Fecha de recepción", "Tema", "Sentido de la respuesta",
                     "Fecha de respuesta", "Días hábiles", "A tiempo", "Ampliación", "Recurso"]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Sí" if value else "No")


def open_data_rows(session: Session, organization: Organization, period: Period) -> list[list[str]]:
    """The requests of the period without personal data: only the columns named here are read; a topic
    under the label the statistics count it under («informes» as «Informes»)."""
    appealed = TransparencyRequest.id.in_(select(Appeal.request_id).where(
        Appeal.organization_id == organization.id))
    # A notice of incompetencia answered in the response term's stead: its own term counts the days.
    notice = aliased(Deadline)
    query = (select(TransparencyRequest.folio, TransparencyRequest.kind, TransparencyRequest.channel,
                    TransparencyRequest.received_at, TransparencyRequest.topic, TransparencyRequest.answer_sense,
                    TransparencyRequest.answered_on, TransparencyRequest.extended, Deadline.procedure,
                    Deadline.rule_set_code, func.coalesce(notice.starts_after, Deadline.starts_after),
                    func.coalesce(notice.due_on, Deadline.due_on), appealed)
             .outerjoin(Deadline, Deadline.id == TransparencyRequest.response_deadline_id)
             .outerjoin(notice, notice_of_incompetence(notice))
             .where(*received_in(organization, period))
             .order_by(TransparencyRequest.received_at, TransparencyRequest.id))
    rows, calendars, topics = [], {}, topic_labels(session, organization, period)
    for (folio, kind, channel, received_at, topic, sense, answered_on, extended, procedure, code,
         starts_after, due_on, has_appeal) in session.exec(query).all():
        days = on_time = None
        if answered_on is not None and starts_after is not None:
            if (procedure, code) not in calendars:
                calendars[(procedure, code)] = calendar_for(session, organization.id, procedure, code)
            days = business_days_taken(calendars[(procedure, code)], starts_after, answered_on)
            on_time = answered_on <= due_on
        rows.append([folio, RequestKind(kind).label, RequestChannel(channel).label,
                     to_local(received_at, organization.timezone).date().isoformat(), topics.get(topic, topic or ""),
                     sense_label(kind, sense), answered_on.isoformat() if answered_on else "",
                     "" if days is None else str(days), _yes_no(on_time), _yes_no(bool(extended)),
                     _yes_no(bool(has_appeal))])
    return rows


def open_data_csv(session: Session, organization: Organization, period: Period) -> bytes:
    """UTF-8 with a byte order mark, so Excel shows the accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(OPEN_DATA_HEADERS)
    writer.writerows([inert(v) for v in row] for row in open_data_rows(session, organization, period))
    return buffer.getvalue().encode("utf-8-sig")
