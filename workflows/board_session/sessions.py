"""Bodies' seats, planning a session and building its orden del día."""

from datetime import date, datetime

from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor, Role
from engine.clock import to_local, to_utc, utcnow
from engine.folios import next_folio
from engine.tenancy import Organization
from workflows.board_session.models import (AgendaItem, Board, BoardMember, BoardSession, FixedItem, ItemKind,
                                            ItemStatus, MemberRole, SessionKind, SessionStatus)
from workflows.board_session.naming import of_body, session_name

# Who prepares sessions: the Dirección Jurídica (the Secretaría Técnica's legal staff).
ORGANIZERS = frozenset({Role.JURIDICO, Role.ADMIN})
ROLE_ORDER = {MemberRole.PRESIDENTE: 0, MemberRole.SECRETARIO_TECNICO: 1, MemberRole.VOCAL: 2,
              MemberRole.INVITADO: 3}
# Fixed items before the areas' items, and after them. An extraordinary session treats only the
# matters it was called for: no previous acta, no follow-up, no asuntos generales.
OPENING = {SessionKind.ORDINARY: (FixedItem.ATTENDANCE, FixedItem.AGENDA, FixedItem.PREVIOUS_MINUTES,
                                  FixedItem.FOLLOWUP),
           SessionKind.EXTRAORDINARY: (FixedItem.ATTENDANCE, FixedItem.AGENDA)}
CLOSING = {SessionKind.ORDINARY: (FixedItem.GENERAL,), SessionKind.EXTRAORDINARY: ()}
# The orden del día and the previous acta are approved by vote; the other fixed items are not voted.
VOTED_FIXED = frozenset({FixedItem.AGENDA, FixedItem.PREVIOUS_MINUTES})


class BoardError(ValueError):
    """A refusal with its Spanish reason; `field` names the form field it belongs beside."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class Conflict(BoardError):
    def __init__(self, what: str = "el registro"):
        super().__init__(f"Otra persona modificó {what} mientras usted trabajaba; recargue la página y "
                         "vuelva a intentarlo. No se guardó ningún cambio.")


def require_organizer(actor: Actor) -> None:
    if not actor.roles & ORGANIZERS:
        raise BoardError("Solo la Dirección Jurídica prepara y conduce las sesiones.")


def check_version(row, expected: int | None, what: str) -> None:
    """A form carries the version it was read at; a newer one means someone else changed it."""
    if expected is not None and row.version != expected:
        raise Conflict(what)


def board_of(db: Session, actor: Actor, board_id: int) -> Board:
    board = db.get(Board, board_id)
    if board is None or board.organization_id != actor.organization_id:
        raise LookupError("Órgano colegiado no encontrado.")
    return board


def session_of(db: Session, actor: Actor, session_id: int) -> BoardSession:
    board_session = db.get(BoardSession, session_id)
    if board_session is None or board_session.organization_id != actor.organization_id:
        raise LookupError("Sesión no encontrada.")
    return board_session


def seats(db: Session, board: Board, on: date) -> list[BoardMember]:
    """The titular seats serving on a day, presidente first, then secretario, vocales, invitados."""
    members = db.exec(select(BoardMember).where(BoardMember.board_id == board.id,
                                                BoardMember.substitute_for_id.is_(None))).all()
    serving = [m for m in members if m.serves_on(on)]
    return sorted(serving, key=lambda m: (ROLE_ORDER[m.role], m.id))


def substitutes(db: Session, board: Board, on: date) -> dict[int, list[BoardMember]]:
    """The suplentes serving on a day, by the seat they substitute."""
    rows = db.exec(select(BoardMember).where(BoardMember.board_id == board.id,
                                             BoardMember.substitute_for_id.is_not(None))).all()
    by_seat: dict[int, list[BoardMember]] = {}
    for member in rows:
        if member.serves_on(on):
            by_seat.setdefault(member.substitute_for_id, []).append(member)
    return by_seat


def local_day(db: Session, board_session: BoardSession) -> date:
    """The session's day: the day it was held (opened) once it was, else the day it is convened for."""
    organization = db.get(Organization, board_session.organization_id)
    return held_moment(board_session, organization.timezone).date()


def held_moment(board_session: BoardSession, tz_name: str) -> datetime:
    """When the session was opened (local), or its scheduled moment while it has not been.

    A session opened on another day than the one convened (held late) is held that day: its acta,
    its acuerdos and the resolutions they carry to requests say so, not the date of the convocatoria.
    """
    return to_local(board_session.opened_at or board_session.scheduled_at, tz_name)


def local_moment(db: Session, board_session: BoardSession) -> datetime:
    """The moment the session is convened for (local)."""
    organization = db.get(Organization, board_session.organization_id)
    return to_local(board_session.scheduled_at, organization.timezone)


def today_for(db: Session, organization_id: int, now: datetime | None = None) -> date:
    """The organization's day at `now` (default: this moment)."""
    organization = db.get(Organization, organization_id)
    return to_local(now or utcnow(), organization.timezone).date()


def title_of(board_session: BoardSession, board: Board) -> str:
    """"Primera Sesión Extraordinaria del Comité Coordinador"."""
    return f"{session_name(board_session.kind.label, board_session.number)} {of_body(board.name)}"


def title_with_year(board_session: BoardSession, board: Board) -> str:
    """"Primera Sesión Ordinaria 2027 del Órgano de Gobierno": in lists where a body's sessions of
    several years meet (Mis plazos, the inbox), where the same ordinal comes back every year."""
    return (f"{session_name(board_session.kind.label, board_session.number)} {board_session.year} "
            f"{of_body(board.name)}")


def convocatoria_term_title(board_session: BoardSession, board: Board) -> str:
    return f"Convocatoria a la {title_with_year(board_session, board)}"[:300]


def plan_session(db: Session, actor: Actor, board: Board, kind: SessionKind, scheduled_at: datetime,
                 place: str = "", agenda_cutoff: date | None = None, notes: str = "") -> BoardSession:
    """A new session numbered per body, type and year, with its fixed items already in the agenda (a
    cut-off chosen on a page is checked first by planning.schedule_session)."""
    require_organizer(actor)
    organization = db.get(Organization, board.organization_id)
    moment = to_utc(scheduled_at, organization.timezone)
    year = to_local(moment, organization.timezone).year
    series = f"SES-{board.id}-{kind.value[:3]}"
    number, _ = next_folio(db, board.organization_id, series, year, "{seq}")
    board_session = BoardSession(organization_id=board.organization_id, board_id=board.id, kind=kind, year=year,
                                 number=number, scheduled_at=moment, place=place or board.default_place,
                                 agenda_cutoff=agenda_cutoff, notes=notes, created_by=actor.user_id)
    db.add(board_session)
    db.flush()
    for fixed in OPENING[kind] + CLOSING[kind]:
        db.add(AgendaItem(organization_id=board.organization_id, session_id=board_session.id, kind=ItemKind.FIXED,
                          fixed=fixed, title=fixed.label, status=ItemStatus.ACCEPTED))
    db.flush()
    renumber(db, board_session)
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.programada", "sesion",
                 board_session.id, summary=f"Programó la {title_of(board_session, board)}",
                 after={"fecha": moment.isoformat(), "lugar": board_session.place})
    return board_session


def items_of(db: Session, board_session: BoardSession, with_proposals: bool = False) -> list[AgendaItem]:
    """The orden del día in its order; with the proposals not yet decided when asked."""
    statuses = [ItemStatus.ACCEPTED] + ([ItemStatus.PROPOSED] if with_proposals else [])
    return list(db.exec(select(AgendaItem).where(AgendaItem.session_id == board_session.id,
                                                 AgendaItem.status.in_(statuses))
                        .order_by(AgendaItem.position, AgendaItem.id)).all())


def renumber(db: Session, board_session: BoardSession) -> None:
    """Opening fixed items, then the accepted items in their order, then the closing ones."""
    items = items_of(db, board_session, with_proposals=True)
    opening = [i for i in items if i.fixed in OPENING[board_session.kind]]
    closing = [i for i in items if i.fixed in CLOSING[board_session.kind]]
    middle = [i for i in items if i.fixed is None]
    opening.sort(key=lambda i: OPENING[board_session.kind].index(i.fixed))
    for position, item in enumerate(opening + middle + closing, start=1):
        if item.position != position:
            item.position = position
    db.flush()


def _editable(board_session: BoardSession) -> None:
    if board_session.status not in (SessionStatus.PLANNED, SessionStatus.CALLED):
        raise BoardError(f"La sesión está {board_session.status.label.lower()}: su orden del día ya no cambia.")


def submit_item(db: Session, actor: Actor, board_session: BoardSession, *, title: str, kind: ItemKind,
                area_id: int | None, description: str = "", proposed_resolution: str = "", matter: str = "",
                today: date) -> AgendaItem:
    """An area proposes an item by the cut-off; legal staff may add one at any time before the session."""
    _editable(board_session)
    organizer = bool(actor.roles & ORGANIZERS)
    if not organizer:
        if area_id is None or not actor.can_act(Role.ENLACE, area_id):
            raise BoardError("Solo puede proponer puntos a nombre de su propia área.", "area_id")
        if board_session.agenda_cutoff is not None and today > board_session.agenda_cutoff:
            raise BoardError(f"El plazo para enviar puntos a esta sesión venció el "
                             f"{board_session.agenda_cutoff.strftime('%d/%m/%Y')}; solicite a la Dirección "
                             "Jurídica que lo incluya.")
    if kind == ItemKind.FIXED:
        raise BoardError("Los puntos fijos se agregan solos.", "tipo")
    if kind == ItemKind.FOR_APPROVAL and not proposed_resolution.strip():
        raise BoardError("Un punto para aprobación necesita el texto del acuerdo propuesto.", "acuerdo_propuesto")
    item = AgendaItem(organization_id=board_session.organization_id, session_id=board_session.id,
                      kind=kind, title=title.strip(), description=description, matter=matter.strip(),
                      proposed_resolution=proposed_resolution.strip(), area_id=area_id, submitted_by=actor.user_id,
                      status=ItemStatus.ACCEPTED if organizer else ItemStatus.PROPOSED, position=10_000)
    db.add(item)
    db.flush()
    renumber(db, board_session)
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.punto_propuesto", "sesion",
                 board_session.id, summary=f"Propuso el punto «{item.title[:200]}»")
    return item


def item_of(db: Session, actor: Actor, item_id: int) -> AgendaItem:
    item = db.get(AgendaItem, item_id)
    if item is None or item.organization_id != actor.organization_id:
        raise LookupError("Punto del orden del día no encontrado.")
    return item


def decide_item(db: Session, actor: Actor, item: AgendaItem, accept: bool, expected_version: int | None,
                reason: str = "") -> None:
    require_organizer(actor)
    board_session = db.get(BoardSession, item.session_id)
    _editable(board_session)
    check_version(item, expected_version, "este punto")
    if item.status != ItemStatus.PROPOSED:
        raise BoardError(f"Este punto ya está {item.status.label.lower()}.")
    item.status = ItemStatus.ACCEPTED if accept else ItemStatus.REJECTED
    db.flush()
    renumber(db, board_session)
    action = "aceptó" if accept else "no incluyó"
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.punto_decidido", "sesion",
                 board_session.id, summary=f"{action.capitalize()} el punto «{item.title[:200]}» {reason}".strip())


def merge_items(db: Session, actor: Actor, source: AgendaItem, target: AgendaItem,
                expected_version: int | None) -> None:
    """Two areas' items on one matter become one: the source's text and documents join the target."""
    require_organizer(actor)
    board_session = db.get(BoardSession, source.session_id)
    _editable(board_session)
    check_version(source, expected_version, "este punto")
    if source.id == target.id or target.session_id != source.session_id or target.fixed or source.fixed:
        raise BoardError("Elija otro punto de la misma sesión (no un punto fijo) para fusionarlo.")
    if target.status not in (ItemStatus.ACCEPTED, ItemStatus.PROPOSED):
        raise BoardError("El punto de destino ya no está en el orden del día.")
    target.description = "\n\n".join(t for t in (target.description, source.title, source.description) if t)
    if source.proposed_resolution:
        target.proposed_resolution = "\n".join(t for t in (target.proposed_resolution, source.proposed_resolution) if t)
    source.status, source.merged_into_id = ItemStatus.MERGED, target.id
    db.flush()
    renumber(db, board_session)
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.puntos_fusionados", "sesion",
                 board_session.id, summary=f"Fusionó «{source.title[:150]}» con «{target.title[:150]}»")


def move_item(db: Session, actor: Actor, item: AgendaItem, offset: int) -> None:
    """Up (-1) or down (+1) among the areas' items; fixed items keep their place."""
    require_organizer(actor)
    board_session = db.get(BoardSession, item.session_id)
    _editable(board_session)
    middle = [i for i in items_of(db, board_session, with_proposals=True) if i.fixed is None]
    if item.fixed is not None or item not in middle:
        raise BoardError("Los puntos fijos conservan su lugar en el orden del día.")
    index = middle.index(item)
    other = index + offset
    if 0 <= other < len(middle):
        middle[index].position, middle[other].position = middle[other].position, middle[index].position
        db.flush()
        renumber(db, board_session)
