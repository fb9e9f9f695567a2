"""Planning: the annual calendar of ordinary sessions, one session at a time, and the areas' proposals."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_
from sqlmodel import Session, select

from engine import audit, files
from engine.accounts import Actor, Role
from engine.clock import to_local, to_utc, utcnow
from engine.documents import long_date
from engine.labels import in_parentheses
from engine.settings import Settings
from engine.tenancy import Area, Organization
from workflows.board_session import proposers, start_session_process
from workflows.board_session.lead_time import latest_sending_day, lead_time, sessions_calendar
from workflows.board_session.models import (AgendaDocument, AgendaItem, AnnualCalendar, Board, BoardSession,
                                            ItemKind, ItemStatus, SessionKind, SessionStatus)
from workflows.board_session.naming import session_name
from workflows.board_session.pending import Link, Pending, carried_from, carried_to, pending_reason
from workflows.board_session.sessions import (LIVE, ORGANIZERS, BoardError, check_version, intake_closed, local_day,
                                              move_item, plan_session, require_organizer, submit_item, title_of,
                                              today_for)

# Días hábiles before an ordinary session of the annual calendar on which the areas' items close.
DEFAULT_CUTOFF_DAYS = 7


def _timezone(db: Session, organization_id: int) -> str:
    return db.get(Organization, organization_id).timezone


def latest_cutoff(db: Session, board: Board, kind: SessionKind, session_day: date) -> date:
    """The last día hábil on which the areas' items may close: the orden del día goes out with the
    convocatoria, so the intake closes on the convocatoria's last day or before."""
    latest = latest_sending_day(db, board, kind, session_day)
    return sessions_calendar(db, board).last_business_day(latest)


@dataclass(frozen=True)
class DayCheck:
    """What a day chosen for a session means: whether it is inhábil and why, and the convocatoria's last day."""

    board: Board
    kind: SessionKind
    day: date
    today: date
    closed: str | None  # why the day is inhábil
    latest: date  # the convocatoria's last day
    rule: str  # "5 días naturales de anticipación"
    earliest: date  # the first day an ordinary session could still be convened in time

    @property
    def late(self) -> bool:
        return self.latest < self.today

    @property
    def refusal(self) -> str | None:
        """Why an ordinary session cannot be held that day; an extraordinary one may be, being urgent."""
        if self.kind != SessionKind.ORDINARY:
            return None
        if self.closed:
            return (f"El {self.day:%d/%m/%Y} es inhábil {in_parentheses(self.closed)}; una sesión ordinaria se "
                    "celebra en día hábil. Elija otro día o, si el asunto no puede esperar, programe una sesión "
                    "extraordinaria.")
        if self.late:
            return (f"La convocatoria a una sesión ordinaria del {self.board.name} se envía con {self.rule}: para el "
                    f"{long_date(self.day)}, a más tardar el {long_date(self.latest)}, que ya pasó. La fecha más "
                    f"próxima posible es el {long_date(self.earliest)}.")
        return None

    @property
    def advice(self) -> str:
        """What the planning form says of the day before it is saved."""
        if self.refusal:
            return self.refusal
        said = []
        if self.closed:
            said.append(f"El {self.day:%d/%m/%Y} es inhábil {in_parentheses(self.closed)}: una sesión "
                        "extraordinaria puede celebrarse ese día cuando el asunto es urgente.")
        if self.late:
            said.append(f"Su convocatoria debía enviarse a más tardar el {long_date(self.latest)} ({self.rule}): se "
                        "enviará fuera de plazo, con la justificación de la urgencia.")
        else:
            said.append(f"La convocatoria debe enviarse a más tardar el {long_date(self.latest)} ({self.rule}).")
        return " ".join(said)


def check_day(db: Session, board: Board, kind: SessionKind, day: date, today: date) -> DayCheck:
    calendar = sessions_calendar(db, board)
    days, unit = lead_time(board, kind)
    earliest = today
    for _ in range(400):
        if calendar.is_business_day(earliest) and \
                latest_sending_day(db, board, SessionKind.ORDINARY, earliest) >= today:
            break
        earliest += timedelta(days=1)
    return DayCheck(board, kind, day, today, calendar.reason_closed(day), latest_sending_day(db, board, kind, day),
                    f"{unit.amount(days)} de anticipación", earliest)


def schedule_session(db: Session, actor: Actor, board: Board, kind: SessionKind, scheduled_at: datetime | None,
                     place: str = "", agenda_cutoff: date | None = None, now: datetime | None = None,
                     notes: str = "") -> BoardSession:
    """A session planned from a page: in the future, an ordinary one on a día hábil still in time for its
    convocatoria, with its cut-off between today and the session."""
    require_organizer(actor)
    if not board.active:
        raise BoardError(f"{board.name} está inactivo; actívelo antes de programar sesiones.", "organo")
    if scheduled_at is None:
        raise BoardError("Indique la fecha y la hora de la sesión.", "fecha")
    now = now or utcnow()
    zone = _timezone(db, board.organization_id)
    if to_utc(scheduled_at, zone) <= now:
        raise BoardError("La fecha y hora de la sesión ya pasaron; elija un momento futuro.", "fecha")
    day, today = to_local(to_utc(scheduled_at, zone), zone).date(), to_local(now, zone).date()
    refusal = check_day(db, board, kind, day, today).refusal
    if refusal:
        raise BoardError(refusal, "fecha")
    if agenda_cutoff is not None:
        _check_cutoff(db, board, kind, agenda_cutoff, today, day)
    elif (last := latest_cutoff(db, board, kind, day)) >= today:
        # Left empty: the intake closes when the orden del día must go out with the convocatoria, not on
        # the session's day (an urgent extraordinary session past that day takes points until it is held).
        agenda_cutoff = last
    board_session = plan_session(db, actor, board, kind, scheduled_at, " ".join(place.split())[:300], agenda_cutoff,
                                 notes)
    start_session_process(db, actor, board_session)
    return board_session


def _check_cutoff(db: Session, board: Board, kind: SessionKind, cutoff: date, today: date, session_day: date) -> None:
    """The areas' intake closes on a día hábil between today and the convocatoria's last día hábil."""
    if cutoff < today:
        raise BoardError("La fecha límite para enviar puntos ya pasó; elija hoy o un día posterior.", "fecha_limite")
    if cutoff > session_day:
        raise BoardError("La fecha límite para enviar puntos no puede ser posterior a la sesión.", "fecha_limite")
    closed = sessions_calendar(db, board).reason_closed(cutoff)
    if closed:
        raise BoardError(f"El {cutoff.strftime('%d/%m/%Y')} es inhábil {in_parentheses(closed)}; elija un día hábil "
                         "para cerrar la recepción de puntos.", "fecha_limite")
    last = latest_cutoff(db, board, kind, session_day)
    # When the convocatoria's last day already passed (an urgent extraordinary session) any day will do.
    if today <= last < cutoff:
        raise BoardError(f"La recepción de puntos debe cerrar a más tardar el {long_date(last)}, último día hábil "
                         "para enviar la convocatoria con su orden del día.", "fecha_limite")


# -- the annual calendar ------------------------------------------------------------------------

def calendar_of(db: Session, board: Board, year: int) -> AnnualCalendar | None:
    return db.exec(select(AnnualCalendar).where(AnnualCalendar.board_id == board.id,
                                                AnnualCalendar.year == year)).first()


def sessions_of_year(db: Session, board: Board, year: int) -> list[BoardSession]:
    return list(db.exec(select(BoardSession).where(BoardSession.board_id == board.id, BoardSession.year == year)
                        .order_by(BoardSession.scheduled_at, BoardSession.id)).all())


def ordinary_still_to_plan(db: Session, board: Board, year: int) -> int:
    planned = [s for s in sessions_of_year(db, board, year) if s.kind == SessionKind.ORDINARY and s.status in LIVE]
    return max(0, board.ordinary_per_year - len(planned))


def propose_calendar(db: Session, actor: Actor, board: Board, year: int, moments: list[datetime | None],
                     place: str = "", cutoff_days: int = DEFAULT_CUTOFF_DAYS,
                     now: datetime | None = None) -> AnnualCalendar:
    """The year's ordinary sessions on the dates chosen, numbered Primera, Segunda… in date order."""
    require_organizer(actor)
    if calendar_of(db, board, year) is not None:
        raise BoardError(f"El calendario {year} de {board.name} ya fue propuesto; programe las demás sesiones "
                         "una por una.", "anio")
    wanted = ordinary_still_to_plan(db, board, year)
    if wanted == 0:
        raise BoardError(f"{board.name} ya tiene programadas sus {board.ordinary_per_year} sesiones ordinarias "
                         f"de {year}.", "anio")
    if not 0 <= cutoff_days <= 40:
        raise BoardError("Los días hábiles de anticipación para recibir puntos deben estar entre 0 y 40.",
                         "dias_corte")
    chosen = [m for m in moments if m is not None]
    if len(chosen) != wanted or len(moments) != len(chosen):
        raise BoardError(f"Indique la fecha y hora de las {wanted} sesiones ordinarias de {year}.", "fechas")
    now = now or utcnow()
    zone = _timezone(db, board.organization_id)
    chosen.sort()
    for moment in chosen:
        if moment.year != year:
            raise BoardError(f"El {moment.strftime('%d/%m/%Y')} no es del año {year}.", "fechas")
        if to_utc(moment, zone) <= now:
            raise BoardError(f"El {moment.strftime('%d/%m/%Y %H:%M')} ya pasó; elija fechas futuras.", "fechas")
    days = [m.date() for m in chosen]
    if len(set(days)) != len(days):
        raise BoardError("Dos sesiones ordinarias no pueden caer el mismo día.", "fechas")
    today = to_local(now, zone).date()
    for day in days:
        refusal = check_day(db, board, SessionKind.ORDINARY, day, today).refusal
        if refusal:
            raise BoardError(refusal, "fechas")
    calendar = AnnualCalendar(organization_id=board.organization_id, board_id=board.id, year=year)
    db.add(calendar)
    db.flush()
    sessions = sessions_calendar(db, board)
    for moment in chosen:
        day = moment.date()
        cutoff = max(today, min(sessions.subtract_business_days(day, cutoff_days) if cutoff_days else day,
                                latest_cutoff(db, board, SessionKind.ORDINARY, day)))
        start_session_process(db, actor, plan_session(db, actor, board, SessionKind.ORDINARY, moment, place, cutoff,
                                                      notes=f"Calendario anual {year}"))
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "calendario.propuesto", "organo", board.id,
                 summary=f"Propuso el calendario {year} de {board.name}: {len(chosen)} sesiones ordinarias",
                 after={"fechas": [m.isoformat() for m in chosen]})
    return calendar


def approve_calendar(db: Session, actor: Actor, board: Board, year: int, approved_in: BoardSession) -> AnnualCalendar:
    """The body approved its calendar at one of its sessions (usually the last of the year before)."""
    require_organizer(actor)
    calendar = calendar_of(db, board, year)
    if calendar is None:
        raise BoardError(f"Primero proponga el calendario {year}.", "anio")
    if calendar.approved_in_session_id is not None:
        raise BoardError(f"El calendario {year} ya fue aprobado el {calendar.approved_on.strftime('%d/%m/%Y')}.",
                         "sesion")
    if approved_in.board_id != board.id:
        raise BoardError("El calendario se aprueba en una sesión del mismo órgano.", "sesion")
    if approved_in.year not in (year - 1, year):
        raise BoardError(f"El calendario {year} se aprueba en una sesión de {year - 1} o de {year}.", "sesion")
    if approved_in.status not in (SessionStatus.IN_PROGRESS, SessionStatus.HELD):
        raise BoardError("El calendario se aprueba en una sesión en curso o ya celebrada.", "sesion")
    calendar.approved_in_session_id = approved_in.id
    calendar.approved_on = local_day(db, approved_in)
    db.flush()
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "calendario.aprobado", "organo", board.id,
                 summary=f"Registró la aprobación del calendario {year} de {board.name} en la "
                         f"{title_of(approved_in, board)}")
    return calendar


# -- lists --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SessionRow:
    session: BoardSession
    board: Board

    @property
    def title(self) -> str:
        return session_name(self.session.kind.label, self.session.number)


def list_sessions(db: Session, actor: Actor, board_id: int | None = None, year: int | None = None,
                  now: datetime | None = None) -> tuple[list[SessionRow], list[SessionRow]]:
    """(upcoming soonest first, past latest first) sessions of the organization's bodies."""
    boards = {b.id: b for b in db.exec(select(Board).where(Board.organization_id == actor.organization_id)).all()}
    query = select(BoardSession).where(BoardSession.organization_id == actor.organization_id)
    if board_id is not None:
        query = query.where(BoardSession.board_id == board_id)
    if year is not None:
        query = query.where(BoardSession.year == year)
    now = now or utcnow()
    upcoming, past = [], []
    for row in db.exec(query.order_by(BoardSession.scheduled_at)).all():
        moment = row.scheduled_at if row.scheduled_at.tzinfo else row.scheduled_at.replace(tzinfo=now.tzinfo)
        open_ = row.status in (SessionStatus.PLANNED, SessionStatus.CALLED, SessionStatus.IN_PROGRESS)
        (upcoming if open_ and moment >= now - timedelta(hours=12) or row.status == SessionStatus.IN_PROGRESS
         else past).append(SessionRow(row, boards[row.board_id]))
    past.reverse()
    return upcoming, past


def session_years(db: Session, organization_id: int) -> list[int]:
    years = db.exec(select(BoardSession.year).where(BoardSession.organization_id == organization_id)
                    .distinct()).all()
    return sorted(set(years), reverse=True)


@dataclass(frozen=True)
class ProposalRow:
    item: AgendaItem
    session: BoardSession
    board: Board
    area_name: str
    pending: Pending | None = None  # why the session left it for a later one
    went: Link | None = None  # the later session it went on to
    came: Link | None = None  # the earlier session it comes from

    @property
    def standing(self) -> str:
        """«Diferido», «No desahogado: se perdió el quórum»; else its status in the orden del día."""
        return self.pending.label if self.pending else self.item.status.label

    @property
    def standing_key(self) -> str:
        return self.pending.value if self.pending else self.item.status.value


def proposals_of_my_areas(db: Session, actor: Actor) -> list[ProposalRow]:
    """Items the enlace's areas proposed, newest session first, with their status and every area that
    proposed them (a request's case several areas proposed together is each of theirs)."""
    areas = {a for a in actor.grants.get(Role.ENLACE, set()) if a is not None}
    if not areas:
        return []
    joint = proposers.joint_cases_of(db, actor.organization_id, areas)
    rows = db.exec(select(AgendaItem, BoardSession, Board)
                   .join(BoardSession, BoardSession.id == AgendaItem.session_id)
                   .join(Board, Board.id == BoardSession.board_id)
                   .where(AgendaItem.organization_id == actor.organization_id,
                          or_(AgendaItem.area_id.in_(areas), AgendaItem.committee_case_id.in_(joint or [-1])))
                   .order_by(BoardSession.scheduled_at.desc(), AgendaItem.position)).all()
    items = [item for item, _, _ in rows]
    names, went, came = proposers.names_of(db, items), carried_to(db, items), carried_from(db, items)
    return [ProposalRow(item, board_session, board, names.get(item.id, ""), pending_reason(item, board_session),
                        went.get(item.id), came.get(item.id)) for item, board_session, board in rows]


def open_for_proposals(db: Session, actor: Actor, now: datetime | None = None) -> list[SessionRow]:
    """Planned or called sessions whose cut-off has not passed: where an enlace may still send items."""
    today = today_for(db, actor.organization_id, now)
    upcoming, _ = list_sessions(db, actor, now=now)
    return [r for r in upcoming if r.session.status in (SessionStatus.PLANNED, SessionStatus.CALLED)
            and not intake_closed(db, r.session, today)]


# -- an area's item -----------------------------------------------------------------------------

def propose_item(db: Session, actor: Actor, board_session: BoardSession, *, title: str, kind: ItemKind,
                 area_id: int | None, description: str = "", proposed_resolution: str = "", matter: str = "",
                 followup_area_ids: list[int] | None = None, followup_due: date | None = None,
                 now: datetime | None = None) -> AgendaItem:
    """An item with the follow-up its acuerdo would order (responsible areas and due day)."""
    title = " ".join(title.split())
    if not title:
        raise BoardError("Escriba el título del punto.", "titulo")
    if len(title) > 500:
        raise BoardError("El título es demasiado largo (máximo 500 caracteres).", "titulo")
    board = db.get(Board, board_session.board_id)
    matter = matter.strip()
    if matter and matter.lower() not in {m["materia"].lower() for m in board.qualified_matters or []}:
        raise BoardError("Elija una materia de la lista de mayorías calificadas del órgano, o ninguna.", "materia")
    followup_area_ids = sorted(set(followup_area_ids or []))
    area = db.get(Area, area_id) if area_id is not None else None
    if area_id is not None and (area is None or area.organization_id != actor.organization_id):
        raise BoardError("Elija un área de la lista.", "area_id")
    known = set(db.exec(select(Area.id).where(Area.organization_id == actor.organization_id, Area.active,
                                              Area.id.in_(followup_area_ids or [-1]))).all())
    if set(followup_area_ids) - known:
        raise BoardError("Elija las áreas responsables de la lista.", "areas_seguimiento")
    if (followup_area_ids or followup_due) and kind != ItemKind.FOR_APPROVAL:
        raise BoardError("Solo un punto para aprobación ordena trabajo con responsables y fecha.", "tipo")
    if followup_area_ids and followup_due is None:
        raise BoardError("Indique la fecha en que las áreas responsables deben cumplir el acuerdo.",
                         "fecha_cumplimiento")
    if followup_due is not None and not followup_area_ids:
        raise BoardError("Indique qué áreas deben cumplir el acuerdo.", "areas_seguimiento")
    session_day = to_local(board_session.scheduled_at, _timezone(db, board.organization_id)).date()
    if followup_due is not None and followup_due <= session_day:
        raise BoardError("La fecha de cumplimiento debe ser posterior a la sesión.", "fecha_cumplimiento")
    item = submit_item(db, actor, board_session, title=title, kind=kind, area_id=area_id, description=description,
                       proposed_resolution=proposed_resolution, matter=matter,
                       today=today_for(db, actor.organization_id, now))
    item.followup_area_ids, item.followup_due = followup_area_ids, followup_due
    db.flush()
    return item


def attach_document(db: Session, settings: Settings, actor: Actor, item: AgendaItem, filename: str,
                    content: bytes) -> AgendaDocument:
    """A supporting document of an item (files.UploadRejected with the reason for a wrong file)."""
    files.check_upload(settings, filename, content)
    stored = files.store(db, settings, item.organization_id, "anexo_punto", f"Anexo: {item.title[:180]}", filename,
                         content, created_by=actor.user_id, area_id=item.area_id)
    document = AgendaDocument(organization_id=item.organization_id, item_id=item.id, file_id=stored.id)
    db.add(document)
    db.flush()
    return document


def documents_of(db: Session, items: list[AgendaItem]) -> dict[int, list[files.StoredFile]]:
    ids = [i.id for i in items]
    if not ids:
        return {}
    found: dict[int, list[files.StoredFile]] = {}
    for document, stored in db.exec(select(AgendaDocument, files.StoredFile)
                                    .join(files.StoredFile, files.StoredFile.id == AgendaDocument.file_id)
                                    .where(AgendaDocument.item_id.in_(ids)).order_by(AgendaDocument.id)).all():
        found.setdefault(document.item_id, []).append(stored)
    return found


def reorder_item(db: Session, actor: Actor, item: AgendaItem, offset: int, expected_version: int | None) -> None:
    """Move an item up or down, refused if someone changed it since the page was read."""
    check_version(item, expected_version, "este punto")
    move_item(db, actor, item, offset)


def may_organize(actor: Actor) -> bool:
    return bool(actor.roles & ORGANIZERS)


def proposed_items(db: Session, board_session: BoardSession) -> list[AgendaItem]:
    return list(db.exec(select(AgendaItem).where(AgendaItem.session_id == board_session.id,
                                                 AgendaItem.status == ItemStatus.PROPOSED)
                        .order_by(AgendaItem.created_at, AgendaItem.id)).all())


def set_aside_items(db: Session, board_session: BoardSession) -> list[AgendaItem]:
    """Rejected, merged and withdrawn items, so legal staff see what left the orden del día and why."""
    return list(db.exec(select(AgendaItem).where(AgendaItem.session_id == board_session.id,
                                                 AgendaItem.status.in_([ItemStatus.REJECTED, ItemStatus.MERGED,
                                                                        ItemStatus.WITHDRAWN]))
                        .order_by(AgendaItem.id)).all())
