"""Open acuerdos of a body with their status, for the next session's "seguimiento de acuerdos"."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from engine.clock import to_local, utcnow
from engine.deadlines import Deadline, DeadlineStatus
from engine.tenancy import Area, Organization
from workflows.board_session.models import OPEN_RESOLUTION_STATUSES, Resolution, ResolutionStatus


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
    if today is None:
        organization = db.get(Organization, organization_id)
        today = to_local(utcnow(), organization.timezone).date()
    rows = db.exec(select(Resolution).where(Resolution.organization_id == organization_id,
                                            Resolution.board_id == board_id,
                                            Resolution.status.in_(list(OPEN_RESOLUTION_STATUSES)))
                   .order_by(Resolution.year, Resolution.seq)).all()
    numbers = [r.number for r in rows]
    # The areas' live terms: the latest one of each acuerdo decides whether it is overdue.
    live: dict[str, date] = {}
    if numbers:
        for deadline in db.exec(select(Deadline).where(
                Deadline.organization_id == organization_id, Deadline.subject_type == "acuerdo",
                Deadline.subject_id.in_(numbers), Deadline.status.in_([DeadlineStatus.OPEN, DeadlineStatus.MISSED]))):
            live[deadline.subject_id] = max(live.get(deadline.subject_id, deadline.due_on), deadline.due_on)
    area_ids = {a for r in rows for a in r.area_ids}
    names = {a.id: a.name for a in db.exec(select(Area).where(Area.id.in_(area_ids)))} if area_ids else {}
    result = []
    for resolution in rows:
        due = live.get(resolution.number, resolution.due_on)
        status = resolution.status
        if due is not None and due < today:
            status = ResolutionStatus.OVERDUE
        result.append(OpenResolution(resolution, [names.get(a, "—") for a in resolution.area_ids], due, status,
                                     resolution.progress))
    return result
