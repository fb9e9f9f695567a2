"""Open acuerdos of a body with their status, for the next session's "seguimiento de acuerdos"; the
areas' progress reports on an acuerdo, each as it was given."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from engine.accounts import User
from engine.deadlines import Deadline, DeadlineKind
from engine.files import StoredFile
from engine.tenancy import Area
from workflows.board_session.models import OPEN_RESOLUTION_STATUSES, ProgressReport, Resolution, ResolutionStatus
from workflows.board_session.standing import standings


@dataclass(frozen=True)
class OpenResolution:
    resolution: Resolution
    areas: list[str]
    due_on: date | None
    status: ResolutionStatus  # vencido once its due day passed without being met
    progress: int

    @property
    def number(self) -> str:
        return self.resolution.number


def open_resolutions(db: Session, organization_id: int, board_id: int,
                     today: date | None = None) -> list[OpenResolution]:
    """Every acuerdo of the body still pending, in process or overdue, oldest first."""
    rows = db.exec(select(Resolution).where(Resolution.organization_id == organization_id,
                                            Resolution.board_id == board_id,
                                            Resolution.status.in_(list(OPEN_RESOLUTION_STATUSES)))
                   .order_by(Resolution.year, Resolution.seq)).all()
    standing = standings(db, organization_id, rows, today)
    area_ids = {a for r in rows for a in r.area_ids}
    names = {a.id: a.name for a in db.exec(select(Area).where(Area.id.in_(area_ids)))} if area_ids else {}
    return [OpenResolution(r, [names.get(a, "—") for a in r.area_ids], standing[r.id].owed_until or r.due_on,
                           standing[r.id].status, r.progress) for r in rows]


def current_terms(db: Session, resolution: Resolution) -> dict[int, int]:
    """Each responsible area's current term (the latest: a return opens a new one), by area id."""
    terms: dict[int, int] = {}
    for term_id, area_id in db.exec(select(Deadline.id, Deadline.responsible_area_id).where(
            Deadline.organization_id == resolution.organization_id, Deadline.subject_type == "acuerdo",
            Deadline.subject_id == resolution.number, Deadline.kind == DeadlineKind.SEGUIMIENTO)
            .order_by(Deadline.id)).all():
        terms[area_id] = term_id
    return terms


def progress_of(db: Session, resolution: Resolution) -> int:
    """The acuerdo's progress: the least advanced area's latest report on its current term (0 for an area
    that has not reported on it, as after a return: the compliance returned does not count)."""
    terms = current_terms(db, resolution)
    latest: dict[int | None, int] = {}
    for area_id, progress in db.exec(select(ProgressReport.area_id, ProgressReport.progress).where(
            ProgressReport.resolution_id == resolution.id,
            ProgressReport.deadline_id.in_(list(terms.values()) or [-1])).order_by(ProgressReport.id)).all():
        latest[area_id] = progress
    return min((latest.get(area_id, 0) for area_id in resolution.area_ids), default=0)


@dataclass(frozen=True)
class ReportView:
    """One progress report as the forms and the expediente list it."""

    area_id: int | None
    area: str
    progress: int
    previous: int | None  # the area's report before it on the same term: a lower one shows the drop
    text: str
    drop_reason: str
    file_id: int | None
    file_name: str
    reported_by: str
    reported_at: datetime
    term_id: int | None
    term_due: date | None  # the term it reports on: after a return, the new one

    @property
    def lower(self) -> bool:
        return self.previous is not None and self.progress < self.previous


def reports_of(db: Session, organization_id: int, resolution_id: int,
               area_ids: Iterable[int] | None = None) -> list[ReportView]:
    """Every report on the acuerdo, in the order given; only those of `area_ids` when given."""
    query = (select(ProgressReport, Area.name, User.full_name, StoredFile.filename, Deadline.due_on)
             .join(Area, Area.id == ProgressReport.area_id, isouter=True)
             .join(User, User.id == ProgressReport.reported_by, isouter=True)
             .join(StoredFile, StoredFile.id == ProgressReport.file_id, isouter=True)
             .join(Deadline, Deadline.id == ProgressReport.deadline_id, isouter=True)
             .where(ProgressReport.organization_id == organization_id, ProgressReport.resolution_id == resolution_id)
             .order_by(ProgressReport.id))
    if area_ids is not None:
        query = query.where(ProgressReport.area_id.in_(list(area_ids) or [-1]))
    before: dict[tuple[int | None, int | None], int] = {}
    views = []
    for report, area, author, file_name, term_due in db.exec(query).all():
        key = (report.area_id, report.deadline_id)
        views.append(ReportView(report.area_id, area or "—", report.progress, before.get(key), report.text,
                                report.drop_reason, report.file_id, file_name or "", author or "—",
                                report.reported_at, report.deadline_id, term_due))
        before[key] = report.progress
    return views
