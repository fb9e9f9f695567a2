"""The Comité de Transparencia's transparency obligation as one workbook: calendar, members, resolutions.

No personal data: a resolution on a request names its folio, never the applicant.
"""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlmodel import Session, select

from engine.accounts import Actor, Role
from engine.documents import describe_workbook
from engine.spreadsheet_cells import inert
from engine.tenancy import Organization
from workflows.access_request.models import (CommitteeCase, CommitteeCaseKind, CommitteeResolution,
                                             TransparencyRequest)
from workflows.board_session.models import AgendaItem, Board, BoardMember, BoardSession, Resolution, SessionStatus
from workflows.board_session.committee_link import item_title, proposing_areas
from workflows.board_session.sessions import ROLE_ORDER, held_moment, title_of
from workflows.board_session.standing import standings

READERS = frozenset({Role.JURIDICO, Role.COMITE, Role.TRANSPARENCIA, Role.ADMIN})
CALENDAR_COLUMNS = ["Sesión", "Tipo", "Fecha", "Hora", "Lugar", "Estado"]
MEMBER_COLUMNS = ["Nombre", "Cargo", "Función en el órgano", "Con voto", "Suplente de", "Inicio del periodo",
                  "Fin del periodo"]
RESOLUTION_COLUMNS = ["Número de acuerdo", "Fecha", "Sesión", "Asunto", "Tipo de caso", "Sentido",
                      "Folio de la solicitud", "Estado del acuerdo"]


def may_export(actor: Actor) -> bool:
    return bool(actor.roles & READERS)


def calendar_rows(db: Session, board: Board, year: int) -> list[list]:
    tz_name = db.get(Organization, board.organization_id).timezone
    sessions = db.exec(select(BoardSession).where(BoardSession.board_id == board.id, BoardSession.year == year,
                                                  BoardSession.status != SessionStatus.CANCELLED)
                       .order_by(BoardSession.scheduled_at, BoardSession.id)).all()
    rows = []
    for s in sessions:
        moment = held_moment(s, tz_name)  # a session held late: the day it was held
        rows.append([title_of(s, board), s.kind.label, moment.date(), moment.strftime("%H:%M"), s.place,
                     s.status.label])
    return rows


def member_rows(db: Session, board: Board, year: int) -> list[list]:
    """Every seat and suplente whose term touches the year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    members = [m for m in db.exec(select(BoardMember).where(BoardMember.board_id == board.id)).all()
               if m.term_start <= last and (m.term_end is None or m.term_end >= first)]
    names = {m.id: m.name for m in members}
    members.sort(key=lambda m: (ROLE_ORDER[m.role], m.substitute_for_id or 0, m.id))
    return [[m.name, m.position, m.role.label, "Sí" if m.has_vote else "No",
             names.get(m.substitute_for_id, "") if m.substitute_for_id else "", m.term_start, m.term_end]
            for m in members]


def resolution_rows(db: Session, board: Board, year: int) -> list[list]:
    resolutions = db.exec(select(Resolution, AgendaItem, BoardSession).join(
        AgendaItem, AgendaItem.id == Resolution.item_id).join(BoardSession, BoardSession.id == Resolution.session_id)
        .where(Resolution.board_id == board.id, Resolution.year == year).order_by(Resolution.seq)).all()
    case_ids = [item.committee_case_id for _, item, _ in resolutions if item.committee_case_id]
    cases = {c.id: c for c in db.exec(select(CommitteeCase).where(CommitteeCase.id.in_(case_ids))).all()} \
        if case_ids else {}
    folios = dict(db.exec(select(TransparencyRequest.id, TransparencyRequest.folio).where(
        TransparencyRequest.id.in_([c.request_id for c in cases.values()]))).all()) if cases else {}
    statuses = standings(db, board.organization_id, [resolution for resolution, _, _ in resolutions])
    rows = []
    for resolution, item, board_session in resolutions:
        case = cases.get(item.committee_case_id)
        sense = CommitteeResolution(item.committee_sense).label if case and item.committee_sense else ""
        rows.append([resolution.number, resolution.approved_on, title_of(board_session, board), item.title,
                     case.kind.label if case else "", sense, folios.get(case.request_id, "") if case else "",
                     statuses[resolution.id].status.label])
    if board.transparency_committee:
        rows += file_resolution_rows(db, board, year)
        rows.sort(key=lambda row: (row[1] or date.min, row[0]))
    return rows


IN_THE_FILE = "En el expediente de la solicitud"


def file_resolution_rows(db: Session, board: Board, year: int) -> list[list]:
    """The cases the Comité resolved in a request's own file («Resolver el caso»), dated in the year.

    A case its vote in a session resolved is already a Resolution row: it carries the item's case and
    the acuerdo's number, and is left out here."""
    voted = {(case_id, number) for case_id, number in db.exec(
        select(AgendaItem.committee_case_id, Resolution.number).join(Resolution, Resolution.item_id == AgendaItem.id)
        .where(Resolution.board_id == board.id, AgendaItem.committee_case_id.is_not(None))).all()}
    cases = db.exec(select(CommitteeCase, TransparencyRequest).join(
        TransparencyRequest, TransparencyRequest.id == CommitteeCase.request_id).where(
        CommitteeCase.organization_id == board.organization_id, CommitteeCase.resolution.is_not(None),
        CommitteeCase.resolved_on >= date(year, 1, 1), CommitteeCase.resolved_on <= date(year, 12, 31))
        .order_by(CommitteeCase.resolved_on, CommitteeCase.id)).all()
    rows = []
    for case, request in cases:
        if (case.id, case.resolution_number) in voted:
            continue
        sense = CommitteeResolution(case.resolution)
        # The folio only, never the applicant's data.
        rows.append([case.resolution_number, case.resolved_on, IN_THE_FILE,
                     item_title(case, request, proposing_areas(db, case), sense),
                     CommitteeCaseKind(case.kind).label, sense.label, request.folio, ""])
    return rows


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([inert(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"


def workbook_of(db: Session, board: Board, year: int) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    organization = db.get(Organization, board.organization_id)
    describe_workbook(workbook, organization.name, f"{board.name}: calendario, integrantes y resoluciones {year}")
    _sheet(workbook, "Calendario", CALENDAR_COLUMNS, calendar_rows(db, board, year))
    _sheet(workbook, "Integrantes", MEMBER_COLUMNS, member_rows(db, board, year))
    _sheet(workbook, "Resoluciones", RESOLUTION_COLUMNS, resolution_rows(db, board, year))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
