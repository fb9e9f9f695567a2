"""Which areas proposed an item of an orden del día: its own area, or every area of the request's case it carries.

An item keeps one area (AgendaItem.area_id); a Comité de Transparencia case several areas proposed
together (one ampliación for all of them) keeps the others in CommitteeCase.other_area_ids, and the
item is each of those areas' as much as the first one's: their enlaces follow it, and it is named
as proposed by all of them.
"""

from sqlalchemy import func
from sqlmodel import Session, select

from engine.labels import in_a_series
from engine.tenancy import Area
from workflows.access_request.models import CommitteeCase
from workflows.board_session.models import AgendaItem


def area_ids_of(db: Session, items: list[AgendaItem]) -> dict[int, list[int]]:
    """Each item's proposing areas (item id → area ids, the first one first); [] for one no area proposed."""
    case_ids = {i.committee_case_id for i in items if i.committee_case_id is not None}
    cases = {c.id: c for c in db.exec(select(CommitteeCase).where(CommitteeCase.id.in_(case_ids))).all()} \
        if case_ids else {}
    return {i.id: cases[i.committee_case_id].area_ids if i.committee_case_id in cases
            else [i.area_id] if i.area_id is not None else [] for i in items}


def names_of(db: Session, items: list[AgendaItem]) -> dict[int, str]:
    """«Dirección de Administración y Dirección de Riesgos»: who proposed each item that an area proposed."""
    proposing = area_ids_of(db, items)
    wanted = {a for area_ids in proposing.values() for a in area_ids}
    names = dict(db.exec(select(Area.id, Area.name).where(Area.id.in_(wanted))).all()) if wanted else {}
    return {item_id: in_a_series([names.get(a, "") for a in area_ids])
            for item_id, area_ids in proposing.items() if area_ids}


def joint_cases_of(db: Session, organization_id: int, area_ids: set[int]) -> list[int]:
    """The cases these areas proposed together with an area named before them (the item keeps that one)."""
    rows = db.exec(select(CommitteeCase.id, CommitteeCase.other_area_ids).where(
        CommitteeCase.organization_id == organization_id,
        func.json_array_length(CommitteeCase.other_area_ids) > 0)).all()
    return [case_id for case_id, others in rows if area_ids & set(others)]
