"""Bodies' seats, planning a session and building its orden del día."""

from datetime import UTC, date, datetime

from sqlalchemy import update
from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor, Role
from engine.clock import to_local, to_utc, utcnow
from engine.deadlines import Deadline, DeadlineKind
from engine.documents import long_date
from engine.files import StoredFile
from engine.folios import lock_series
from engine.processes import OpenTask, ProcessInstance
from engine.tenancy import Organization
from workflows.board_session.agenda_notice import AgendaChange, agenda_changed
from workflows.board_session.agenda_order import CLOSING, OPENING, add_fixed, fit_previous_minutes, items_of, renumber
from workflows.board_session.models import (AgendaDocument, AgendaItem, Board, BoardMember, BoardSession, FixedItem,
                                            ItemKind, ItemStatus, MemberRole, SessionKind, SessionStatus)
from workflows.board_session.naming import convocatoria_term_title, of_body, session_name, title_of, title_with_year

# Who prepares sessions: the Dirección Jurídica (the Secretaría Técnica's legal staff).
ORGANIZERS = frozenset({Role.JURIDICO, Role.ADMIN})
ROLE_ORDER = {MemberRole.PRESIDENTE: 0, MemberRole.SECRETARIO_TECNICO: 1, MemberRole.VOCAL: 2,
              MemberRole.INVITADO: 3}
# The orden del día and the previous acta are approved by vote; the other fixed items are not voted.
VOTED_FIXED = frozenset({FixedItem.AGENDA, FixedItem.PREVIOUS_MINUTES})
# The sessions a body counts against its ordinary sessions of a year: a cancelled one or one without
# quorum was not held, and another takes its place.
LIVE = (SessionStatus.PLANNED, SessionStatus.CALLED, SessionStatus.IN_PROGRESS, SessionStatus.HELD)


class BoardError(ValueError):
    """A refusal with its Spanish reason; `field` names the form field it belongs beside."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class OutOfOrder(BoardError):
    """A session dated before one of its series whose convocatoria already went out (see _make_room)."""


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


def plan_session(db: Session, actor: Actor, board: Board, kind: SessionKind, scheduled_at: datetime,
                 place: str = "", agenda_cutoff: date | None = None, notes: str = "") -> BoardSession:
    """A new session numbered per body, type and year in date order, with its fixed items already in
    the agenda (a date and cut-off chosen on a page are checked first by planning.schedule_session)."""
    require_organizer(actor)
    organization = db.get(Organization, board.organization_id)
    moment = to_utc(scheduled_at, organization.timezone)
    year = to_local(moment, organization.timezone).year
    counter = _lock_numbers(db, board, kind, year)
    series = _series(db, board, kind, year)
    if kind == SessionKind.ORDINARY and sum(s.status in LIVE for s in series) >= board.ordinary_per_year:
        raise BoardError(f"{board.name} ya tiene programadas sus {board.ordinary_per_year} sesiones ordinarias de "
                         f"{year}, las que fijan sus reglas. Programe esta como extraordinaria o, si el órgano "
                         "celebra más sesiones ordinarias al año, cambie ese número en sus reglas.", "tipo")
    _refuse_before_convened(db, board, series, moment)
    number = max([counter.last, *(s.number for s in series)]) + 1
    counter.last = number
    number, moved = _make_room(db, series, moment, number)
    board_session = BoardSession(organization_id=board.organization_id, board_id=board.id, kind=kind, year=year,
                                 number=number, scheduled_at=moment, place=place or board.default_place,
                                 agenda_cutoff=agenda_cutoff, notes=notes, created_by=actor.user_id)
    db.add(board_session)
    db.flush()
    for fixed in OPENING[kind] + CLOSING[kind]:
        if fixed != FixedItem.PREVIOUS_MINUTES:
            add_fixed(db, board_session, fixed)
    db.flush()
    # The acta anterior where an acta waits: in this session, and in those after it, which its acta will wait for.
    fit_previous_minutes(db, board.id)
    renumber(db, board_session)
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.programada", "sesion",
                 board_session.id, summary=f"Programó la {title_of(board_session, board)}",
                 after={"fecha": moment.isoformat(), "lugar": board_session.place})
    for other, before in moved:
        _renamed(db, actor, board, other, before,
                 f"la {title_of(board_session, board)}, que se programó después, se celebrará antes (las sesiones "
                 "se numeran en el orden en que se celebran)")
    return board_session


# -- numbers in the order the sessions are held ------------------------------------------------------
#
# A session is numbered when it is planned, but the number is the order in which the body holds its
# sessions of that type and year. A session planned for a day before others still planned takes its
# place among them, and they move one number up. A session whose convocatoria already went out keeps
# its number: the members hold the document that names it. A new session dated before one of those is
# refused rather than numbered out of order: its acta would say a «Segunda» was held before the
# «Primera», or the convocatoria already sent would name a session that no longer exists. Cancelling
# that session (its members are told) and planning it again after the new one is the way to do it.
# A session cancelled after its convocatoria went out keeps its number, unused: the members hold a
# convocatoria that names it, and the portal listed it by that name. One cancelled before was never
# named outside Pleno (the portal shows a planned session by its date and body only): it gives its
# number back, and the sessions still planned after it move one number down (free_number).

def _lock_numbers(db: Session, board: Board, kind: SessionKind, year: int):
    return lock_series(db, board.organization_id, f"SES-{board.id}-{kind.value[:3]}", year)


def free_number(db: Session, actor: Actor, cancelled: BoardSession) -> list[BoardSession]:
    """The number of a session cancelled before its convocatoria went out, given back: the sessions
    still planned after it move one number down (returned). When a session after it was already
    convened, none moves: that one keeps the number its convocatoria gives, and the gap stays."""
    board = db.get(Board, cancelled.board_id)
    counter = _lock_numbers(db, board, cancelled.kind, cancelled.year)
    series = _series(db, board, cancelled.kind, cancelled.year)
    later = sorted((s for s in series if s.number > cancelled.number), key=lambda s: s.number)
    if any(s.status != SessionStatus.PLANNED for s in later):
        return []
    day = to_local(cancelled.scheduled_at, db.get(Organization, board.organization_id).timezone)
    cancelled_on = (f"{title_of(cancelled, board)}, programada para el {long_date(day)}, se canceló antes de enviarse "
                    "su convocatoria y dejó libre su número (las sesiones se numeran en el orden en que se celebran)")
    number = cancelled.number
    # Out of the series (a number no session has, as _make_room uses), then each later one a number down,
    # lowest first: no two rows hold the same number at any moment (unique key).
    cancelled.number = -cancelled.id
    db.flush()
    for board_session in later:
        board_session.number -= 1
        db.flush()
    counter.last = max((s.number for s in series), default=0)
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.numero_liberado", "sesion",
                 cancelled.id, summary=f"La {cancelled_on}"[:500], before={"numero": number}, after={"numero": None})
    for board_session in later:
        _renamed(db, actor, board, board_session, board_session.number + 1, f"la {cancelled_on}")
    return later


def _as_utc(moment: datetime) -> datetime:
    # SQLite gives stored moments back without their zone; they are UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _series(db: Session, board: Board, kind: SessionKind, year: int) -> list[BoardSession]:
    """The body's sessions of one type and year, read again under the series' lock (lock_series): two
    planners at once number one after the other, the second seeing the first's session."""
    return list(db.exec(select(BoardSession).where(BoardSession.board_id == board.id, BoardSession.kind == kind,
                                                   BoardSession.year == year)
                        .order_by(BoardSession.scheduled_at, BoardSession.id)
                        .execution_options(populate_existing=True)).all())


# The sessions whose convocatoria went out, and how the refusal says so.
CONVENED_WORDS = {SessionStatus.CALLED: "ya fue convocada para el", SessionStatus.IN_PROGRESS: "ya se abrió el",
                  SessionStatus.HELD: "ya se celebró el",
                  SessionStatus.NO_QUORUM: "no reunió quórum el"}


def _refuse_before_convened(db: Session, board: Board, series: list[BoardSession], moment: datetime) -> None:
    later = [s for s in series if s.status in CONVENED_WORDS and _as_utc(s.scheduled_at) > moment]
    if not later:
        return
    first = min(later, key=lambda s: (_as_utc(s.scheduled_at), s.id))
    zone = db.get(Organization, board.organization_id).timezone
    day, new_day = to_local(first.scheduled_at, zone), to_local(moment, zone)
    raise OutOfOrder(f"La {title_of(first, board)} {CONVENED_WORDS[first.status]} {long_date(day)} y conserva su "
                     f"número, el que dice su convocatoria; una sesión del {long_date(new_day)} se celebraría antes "
                     "y debería llevarlo, pues las sesiones se numeran en el orden en que se celebran. Elija una "
                     f"fecha posterior al {day:%d/%m/%Y} o, si el órgano debe reunirse antes, cancele esa sesión y "
                     "prográmela de nuevo después de esta.", "fecha")


def _make_room(db: Session, series: list[BoardSession], moment: datetime,
               fresh: int) -> tuple[int, list[tuple[BoardSession, int]]]:
    """The new session's number, and the planned sessions moved up to give it its place by date
    (with the number each had): their numbers and a fresh one, given again in date order."""
    planned = [s for s in series if s.status == SessionStatus.PLANNED]
    numbers = sorted([s.number for s in planned] + [fresh])
    # At the same moment as another session, the new one comes after it.
    order = sorted([(_as_utc(s.scheduled_at), 0, s.id) for s in planned] + [(moment, 1, None)])
    given = {session_id: number for (_, _, session_id), number in zip(order, numbers)}
    moved = [(s, s.number) for s in planned if given[s.id] != s.number]
    # Through numbers no session has, so that no two rows hold the same one at any moment (unique key).
    for board_session, _ in moved:
        board_session.number = -board_session.id
    db.flush()
    for board_session, _ in moved:
        board_session.number = given[board_session.id]
    db.flush()
    return given[None], moved


def _renamed(db: Session, actor: Actor, board: Board, board_session: BoardSession, before: int, why: str) -> None:
    """What names a renumbered session follows it: its convocatoria's term, its process and tasks; the
    history says why. Nothing was sent yet: a session whose convocatoria went out is never renumbered."""
    for term in db.exec(select(Deadline).where(Deadline.organization_id == board_session.organization_id,
                                               Deadline.subject_type == "sesion",
                                               Deadline.subject_id == str(board_session.id),
                                               Deadline.kind == DeadlineKind.CONVOCATORIA)).all():
        term.title = convocatoria_term_title(board_session, board)
    if board_session.instance_id is not None:
        # Plain UPDATEs: the runtime versions the instance for its own steps, and a title is not one.
        title = title_with_year(board_session, board)
        db.exec(update(ProcessInstance).where(ProcessInstance.id == board_session.instance_id).values(title=title))
        db.exec(update(OpenTask).where(OpenTask.instance_id == board_session.instance_id).values(subject=title))
    old = f"{session_name(board_session.kind.label, before)} {of_body(board.name)}"
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.renumerada", "sesion",
                 board_session.id, summary=f"Era la {old}; ahora es la {title_of(board_session, board)}: {why}"[:500],
                 before={"numero": before}, after={"numero": board_session.number})


def agenda_closed_on(db: Session, board_session: BoardSession) -> date | None:
    """The day legal staff closed the orden del día («Integrar el orden del día»), if they have."""
    if board_session.agenda_closed_at is None:
        return None
    return today_for(db, board_session.organization_id, board_session.agenda_closed_at)


def intake_closed(db: Session, board_session: BoardSession, today: date) -> str:
    """Why an area can no longer send items to the session, or "" while it can."""
    closed_on = agenda_closed_on(db, board_session)
    if closed_on is not None:
        return f"El orden del día se cerró el {long_date(closed_on)}"
    if board_session.agenda_cutoff is not None and today > board_session.agenda_cutoff:
        return f"El plazo para enviar puntos a esta sesión venció el {board_session.agenda_cutoff.strftime('%d/%m/%Y')}"
    return ""


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
        closed = intake_closed(db, board_session, today)
        if closed:
            raise BoardError(f"{closed}; solicite a la Dirección Jurídica que lo incluya.")
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
    if item.status == ItemStatus.ACCEPTED:
        agenda_changed(db, board_session, item, AgendaChange.ADDED)
    return item


def item_of(db: Session, actor: Actor, item_id: int) -> AgendaItem:
    item = db.get(AgendaItem, item_id)
    if item is None or item.organization_id != actor.organization_id:
        raise LookupError("Punto del orden del día no encontrado.")
    return item


# Where an item stands, as a refusal says it after «Este punto»: not every status label follows «está»
# («está no incluido»).
ITEM_STANDING = {
    ItemStatus.PROPOSED: "está propuesto",
    ItemStatus.ACCEPTED: "está aceptado",
    ItemStatus.REJECTED: "no se incluyó en el orden del día",
    ItemStatus.MERGED: "está fusionado con otro punto",
    ItemStatus.WITHDRAWN: "está retirado del orden del día",
}


def decide_item(db: Session, actor: Actor, item: AgendaItem, accept: bool, expected_version: int | None,
                reason: str = "") -> None:
    require_organizer(actor)
    board_session = db.get(BoardSession, item.session_id)
    _editable(board_session)
    check_version(item, expected_version, "este punto")
    if item.status != ItemStatus.PROPOSED:
        raise BoardError(f"Ya se decidió sobre este punto: {ITEM_STANDING[item.status]}.")
    item.status = ItemStatus.ACCEPTED if accept else ItemStatus.REJECTED
    db.flush()
    renumber(db, board_session)
    action = "aceptó" if accept else "no incluyó"
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.punto_decidido", "sesion",
                 board_session.id, summary=f"{action.capitalize()} el punto «{item.title[:200]}» {reason}".strip())
    if accept:
        agenda_changed(db, board_session, item, AgendaChange.ADDED)


def merge_items(db: Session, actor: Actor, source: AgendaItem, target: AgendaItem,
                expected_version: int | None) -> None:
    """Two areas' items on one matter become one: the source's text, proposed acuerdo, follow-up and
    documents join the target, so nothing the source's area sent is lost."""
    require_organizer(actor)
    board_session = db.get(BoardSession, source.session_id)
    _editable(board_session)
    check_version(source, expected_version, "este punto")
    if source.id == target.id or target.session_id != source.session_id or target.fixed or source.fixed:
        raise BoardError("Elija otro punto de la misma sesión (no un punto fijo) para fusionarlo.")
    if target.status not in (ItemStatus.ACCEPTED, ItemStatus.PROPOSED):
        raise BoardError("El punto de destino ya no está en el orden del día.")
    was_on_the_agenda = source.status == ItemStatus.ACCEPTED
    if source.committee_case_id or target.committee_case_id:
        # The request's case waits for the vote of its own item; merged, it would never get one.
        raise BoardError("El caso de una solicitud ante el Comité se vota en su propio punto: no se fusiona.")
    target.description = "\n\n".join(t for t in (target.description, source.title, source.description) if t)
    if source.proposed_resolution:
        target.proposed_resolution = "\n".join(t for t in (target.proposed_resolution, source.proposed_resolution) if t)
        target.kind = ItemKind.FOR_APPROVAL  # the source's acuerdo is still put to the vote
    target.followup_area_ids = list(dict.fromkeys([*target.followup_area_ids, *source.followup_area_ids]))
    target.followup_due = target.followup_due or source.followup_due
    moved = db.exec(select(AgendaDocument, StoredFile.filename)
                    .join(StoredFile, StoredFile.id == AgendaDocument.file_id)
                    .where(AgendaDocument.item_id == source.id).order_by(AgendaDocument.id)).all()
    for document, _ in moved:
        document.item_id = target.id
    source.status, source.merged_into_id = ItemStatus.MERGED, target.id
    db.flush()
    renumber(db, board_session)
    documents = f"; sus documentos pasaron al punto: {', '.join(name for _, name in moved)}" if moved else ""
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.puntos_fusionados", "sesion",
                 board_session.id,
                 summary=f"Fusionó «{source.title[:150]}» con «{target.title[:150]}»{documents}"[:500],
                 after={"punto": target.id, "documentos": [document.file_id for document, _ in moved]})
    if was_on_the_agenda:
        agenda_changed(db, board_session, source, AgendaChange.MERGED, target.title)


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
