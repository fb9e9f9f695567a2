"""What the correspondence pages read: lists, one item and the public status (statistics: statistics.py)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from engine.accounts import Actor, Role, User
from engine.calculator import reception_note
from engine.clock import today_in, utcnow
from engine.days_left import NO_TERM, Calendars, Remaining
from engine.deadlines import Deadline
from engine.files import StoredFile
from engine.folios import padded_forms
from engine.legal_calendar import calendar_for
from engine.processes import OpenTask
from engine.rule_sets import Procedure
from engine.labels import unaccented
from engine.runtime import NotAllowed, NotFound
from engine.tenancy import Area, Organization
from workflows.correspondence.models import Correspondence, CorrespondenceStatus, Turn, TurnStatus

PER_PAGE = 25
# Roles that see every document of their organization; everyone else only what was turned to their areas.
FULL_VIEW = {Role.OFICIALIA, Role.ADMIN}


def sees_everything(actor: Actor) -> bool:
    return bool(actor.roles & FULL_VIEW)


# -- list --------------------------------------------------------------------------------------


@dataclass
class Filters:
    status: CorrespondenceStatus | None = None
    year: int | None = None
    area_id: int | None = None
    text: str = ""

    @classmethod
    def parse(cls, estado: str | None, anio: str | None, area: str | None, texto: str | None) -> "Filters":
        """Filters from query parameters; anything unreadable is ignored rather than refused."""
        status = CorrespondenceStatus(estado) if estado in CorrespondenceStatus._value2member_map_ else None
        return cls(status=status, year=_int_or_none(anio), area_id=_int_or_none(area),
                   text=(texto or "").strip()[:100])


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


@dataclass
class ListRow:
    id: int
    folio: str
    subject: str
    sender_name: str
    received_at: datetime
    status: CorrespondenceStatus
    areas: list[str]


@dataclass
class Page:
    rows: list[ListRow]
    total: int
    page: int
    pages: int


def _visible(actor: Actor):
    """The WHERE clause of what an actor may see, always inside its organization."""
    conditions = [Correspondence.organization_id == actor.organization_id]
    if not sees_everything(actor):
        turned = select(Turn.correspondence_id).where(Turn.organization_id == actor.organization_id,
                                                      Turn.area_id.in_(actor.area_ids() or {-1}))
        conditions.append(Correspondence.id.in_(turned))
    return conditions


def visible_items(session: Session, actor: Actor, filters: Filters, page: int = 1,
                  per_page: int = PER_PAGE) -> Page:
    """The documents an actor may see, newest first, one page at a time."""
    conditions = _visible(actor)
    if filters.status is not None:
        conditions.append(Correspondence.status == filters.status)
    if filters.year is not None:
        conditions.append(Correspondence.year == filters.year)
    if filters.area_id is not None:
        conditions.append(Correspondence.id.in_(select(Turn.correspondence_id).where(
            Turn.organization_id == actor.organization_id, Turn.area_id == filters.area_id)))
    if filters.text:
        # «perez» finds «Pérez»: both sides folded alike. A % or _ typed is that character, not a wildcard.
        conditions.append(Correspondence.search_text.contains(unaccented(filters.text), autoescape=True))
    total = session.exec(select(func.count()).select_from(Correspondence).where(*conditions)).one()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    items = session.exec(select(Correspondence).where(*conditions)
                         .order_by(Correspondence.received_at.desc(), Correspondence.id.desc())
                         .offset((page - 1) * per_page).limit(per_page)).all()
    areas = _turned_areas(session, actor, [i.id for i in items])
    rows = [ListRow(i.id, i.folio, i.subject, i.sender_name, i.received_at, i.status, areas.get(i.id, []))
            for i in items]
    return Page(rows, total, page, pages)


def _turned_areas(session: Session, actor: Actor, item_ids: list[int]) -> dict[int, list[str]]:
    if not item_ids:
        return {}
    found: dict[int, list[str]] = {}
    for item_id, name in session.exec(
            select(Turn.correspondence_id, Area.name).join(Area, Area.id == Turn.area_id)
            .where(Turn.organization_id == actor.organization_id, Turn.correspondence_id.in_(item_ids))
            .order_by(Turn.id)).all():
        names = found.setdefault(item_id, [])
        if name not in names:
            names.append(name)
    return found


def years_with_items(session: Session, organization_id: int) -> list[int]:
    return list(session.exec(select(Correspondence.year).where(Correspondence.organization_id == organization_id)
                             .distinct().order_by(Correspondence.year.desc())).all())


# -- one item ----------------------------------------------------------------------------------


@dataclass
class TurnView:
    turn: Turn
    area_name: str
    overdue: bool
    answer_file: StoredFile | None
    # The turn's deadline row: its due day follows the calendar (a día inhábil declared later).
    deadline: Deadline | None = None
    remaining: Remaining = NO_TERM
    answered_by_name: str = ""

    @property
    def due_on(self) -> date:
        return self.deadline.due_on if self.deadline else self.turn.due_date


@dataclass
class Detail:
    item: Correspondence
    turns: list[TurnView]
    documents: list[StoredFile]
    tasks: list[OpenTask]
    full_view: bool
    # The acuse's sentence when it came in after hours or on an inhábil day (reception_words).
    reception: str = ""


def reception_words(session: Session, item: Correspondence) -> str:
    """From which día hábil the document counts as received, in the acuse's words («Recibido el sábado…: se tiene
    por recibido el lunes…»); "" when it counts the day it came in."""
    return reception_note(calendar_for(session, item.organization_id, Procedure.CORRESPONDENCIA), item.received_at)


def may_see(session: Session, actor: Actor, item: Correspondence) -> bool:
    """The oficialía and the administration see every item of their organization; anyone else, an
    item turned to one of their areas (the Unidad de Transparencia's, for the Unidad's enlace)."""
    if item.organization_id != actor.organization_id:
        return False
    if sees_everything(actor):
        return True
    return session.exec(select(Turn.id).where(Turn.correspondence_id == item.id,
                                              Turn.area_id.in_(actor.area_ids() or {-1}))).first() is not None


def item_for(session: Session, actor: Actor, item_id: int) -> Correspondence:
    """An item the actor may see: another organization's does not exist, another area's is refused."""
    item = session.get(Correspondence, item_id)
    if item is None or item.organization_id != actor.organization_id:
        raise NotFound("No existe ese documento en la correspondencia de su ente.")
    if not may_see(session, actor, item):
        raise NotAllowed("Este documento no se turnó a su área.")
    return item


def turn_views(session: Session, actor: Actor, item: Correspondence, today: date | None = None) -> list[TurnView]:
    """Every round's turns of an item the actor may see, oldest first, with the areas' answers: they
    live in the Turn rows, as the process data keeps only the current round."""
    full_view = sees_everything(actor)
    today = today or today_in(actor.timezone)  # the organization's day, not the server's
    rows = session.exec(select(Turn, Area.name, User.full_name).join(Area, Area.id == Turn.area_id)
                        .outerjoin(User, User.id == Turn.answered_by)
                        .where(Turn.correspondence_id == item.id).order_by(Turn.round, Turn.id)).all()
    own_areas = actor.area_ids()
    calendars = Calendars(session, actor.organization_id, utcnow())
    turns = []
    for turn, area_name, author in rows:
        # An enlace sees its own area's turns, not what other areas answered.
        if not full_view and turn.area_id not in own_areas:
            continue
        deadline = session.get(Deadline, turn.deadline_id) if turn.deadline_id else None
        due_on = deadline.due_on if deadline else turn.due_date
        overdue = turn.overdue or (turn.status == TurnStatus.PENDING and due_on < today)
        answer_file = session.get(StoredFile, turn.answer_file_id) if turn.answer_file_id else None
        turns.append(TurnView(turn, area_name, overdue, answer_file, deadline, calendars.remaining(deadline),
                              author or ""))
    return turns


def detail(session: Session, actor: Actor, item_id: int, today: date | None = None) -> Detail:
    item = item_for(session, actor, item_id)
    full_view = sees_everything(actor)
    turns = turn_views(session, actor, item, today)
    document_ids = [item.acuse_file_id, item.scan_file_id] + [t.answer_file.id for t in turns if t.answer_file]
    documents = []
    for file_id in dict.fromkeys(i for i in document_ids if i):
        stored = session.get(StoredFile, file_id)
        if stored is not None and stored.organization_id == item.organization_id:
            documents.append(stored)
    tasks = []
    if item.instance_id is not None:
        tasks = [t for t in session.exec(select(OpenTask).where(
            OpenTask.instance_id == item.instance_id,
            OpenTask.organization_id == actor.organization_id).order_by(OpenTask.created_at)).all()
            if actor.can_act(t.role, t.area_id)]
    return Detail(item, turns, documents, tasks, full_view, reception_words(session, item))


# -- public lookup -----------------------------------------------------------------------------


@dataclass
class PublicTurn:
    number: int
    turned_on: datetime
    due_on: date  # its deadline's, which follows the calendar (a día inhábil declared later)
    answered_on: datetime | None
    returned: bool = False  # the area sent it back to the oficialía as not its own


@dataclass
class PublicStatus:
    """Only what anyone may know of a folio: no subject, sender, areas or answers."""

    folio: str
    organization_name: str
    status_label: str
    received_at: datetime
    turns: list[PublicTurn]
    closed_at: datetime | None
    timezone: str
    # The acuse's sentence when it came in after hours or on an inhábil day: from which día hábil it counts.
    reception: str = ""


@dataclass
class PublicLookup:
    status: PublicStatus | None = None
    # When the folio exists in several organizations: (slug, name) to choose from.
    choices: list[tuple[str, str]] = field(default_factory=list)


def normalize_folio(raw: str | None) -> str:
    return "".join((raw or "").split()).upper()[:60]


def _as_typed_or_padded(folio: str, numbered: Callable[[list[str]], list]) -> list:
    """What `numbered` finds for the folio as typed or, if nothing, with the zeros a person left out
    («OP-2026-123» for OP-2026-000123)."""
    folio = normalize_folio(folio)
    padded = padded_forms(folio)
    return numbered([folio]) or (numbered(padded) if padded else [])


def document_by_folio(session: Session, organization_id: int, folio: str) -> Correspondence | None:
    """The organization's document of that folio, found as /consulta finds it."""
    def numbered(folios: list[str]) -> list[Correspondence]:
        return list(session.exec(select(Correspondence).where(Correspondence.organization_id == organization_id,
                                                              Correspondence.folio.in_(folios))).all())

    found = _as_typed_or_padded(folio, numbered)
    return found[0] if found else None


def public_status(session: Session, folio: str, organization_slug: str | None = None) -> PublicLookup:
    found = _as_typed_or_padded(folio, lambda folios: _documents_numbered(session, folios, organization_slug))
    if len(found) > 1:
        return PublicLookup(choices=[(o.slug, o.name) for _, o in found])
    if not found:
        return PublicLookup()
    item, organization = found[0]
    turns = session.exec(select(Turn, Deadline.due_on).outerjoin(Deadline, Deadline.id == Turn.deadline_id)
                         .where(Turn.correspondence_id == item.id, Turn.organization_id == item.organization_id)
                         .order_by(Turn.round, Turn.id)).all()
    return PublicLookup(status=PublicStatus(
        folio=item.folio, organization_name=organization.name, status_label=item.status.label,
        received_at=item.received_at,
        turns=[PublicTurn(n, t.created_at, due_on or t.due_date, t.answered_at, t.status == TurnStatus.RETURNED)
               for n, (t, due_on) in enumerate(turns, 1)],
        closed_at=item.closed_at, timezone=organization.timezone,
        reception=reception_words(session, item)))


def _documents_numbered(session: Session, folios: list[str], organization_slug: str | None) -> list:
    query = (select(Correspondence, Organization).join(Organization, Organization.id == Correspondence.organization_id)
             .where(Correspondence.folio.in_(folios), Organization.active))
    if organization_slug:
        query = query.where(Organization.slug == organization_slug.strip().lower())
    return session.exec(query.order_by(Organization.name)).all()
