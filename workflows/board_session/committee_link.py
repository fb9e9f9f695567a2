"""Comité de Transparencia: requests' cases as items of its sessions, and their acuerdos flowing back."""

from sqlmodel import Session

from engine.accounts import Actor
from workflows.board_session.models import AgendaItem, Resolution


def item_decided(db: Session, actor: Actor, item: AgendaItem, resolution: Resolution | None) -> None:
    """An item's vote closed: a request's case it carries learns the acuerdo and moves its clock."""
    if item.committee_case_id is None:
        return
    # Filled in by the Comité link (issue 5): completes the request's committee_resolution task.
