"""Where an acuerdo stands on a given day. «Vencido» is derived, never stored: the day its compliance is
due passes without anything being written, so the session's page, its documents, the follow-up's page and
the exports all ask here and say the same on any day, with no sweep to wait for."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from engine.clock import to_local, utcnow
from engine.deadlines import LIVE_STATUSES, Deadline, DeadlineKind
from engine.tenancy import Organization
from workflows.board_session.models import OPEN_RESOLUTION_STATUSES, Resolution, ResolutionStatus

SUBJECT_TYPE = "acuerdo"  # the areas' terms are kept under the acuerdo's number


@dataclass(frozen=True)
class Standing:
    status: ResolutionStatus
    # The last day an area still owes its compliance (its current term, moved to a día hábil and by any
    # día inhábil declared since); the fecha compromiso before the terms open; None once nothing is owed.
    owed_until: date | None


def organization_today(db: Session, organization_id: int) -> date:
    organization = db.get(Organization, organization_id)
    return to_local(utcnow(), organization.timezone).date()


def _owed_terms(db: Session, organization_id: int, numbers: list[str]) -> dict[str, list[Deadline] | None]:
    """Per acuerdo number, its areas' current terms still owed (a return opens a new term per area, the
    latest counts); an acuerdo whose terms never opened is left out."""
    current: dict[str, dict[int | None, Deadline]] = {}
    if numbers:
        for term in db.exec(select(Deadline).where(
                Deadline.organization_id == organization_id, Deadline.subject_type == SUBJECT_TYPE,
                Deadline.subject_id.in_(numbers), Deadline.kind == DeadlineKind.SEGUIMIENTO).order_by(Deadline.id)):
            current.setdefault(term.subject_id, {})[term.responsible_area_id] = term
    return {number: [t for t in by_area.values() if t.status in LIVE_STATUSES] for number, by_area in current.items()}


def standings(db: Session, organization_id: int, resolutions: Iterable[Resolution],
              today: date | None = None) -> dict[int, Standing]:
    """Each acuerdo's standing by id, in one query: vencido once an area's current term ended before `today`
    (default: the organization's today) unreported; before its terms open, once its fecha compromiso passed.
    Areas that all reported 100 % owe nothing: the acuerdo waits for Jurídica's verification, not vencido."""
    resolutions = list(resolutions)
    today = today or organization_today(db, organization_id)
    owed = _owed_terms(db, organization_id, [r.number for r in resolutions if r.status in OPEN_RESOLUTION_STATUSES])
    result = {}
    for resolution in resolutions:
        status = ResolutionStatus(resolution.status)
        if status not in OPEN_RESOLUTION_STATUSES:
            result[resolution.id] = Standing(status, None)
            continue
        terms = owed.get(resolution.number)
        ends = [t.due_on for t in terms] if terms is not None else [d for d in (resolution.due_on,) if d]
        if ends and min(ends) < today:
            status = ResolutionStatus.OVERDUE
        result[resolution.id] = Standing(status, max(ends, default=None))
    return result
