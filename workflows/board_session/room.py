"""The session in the room: attendance, quorum, each seat's vote, results and numbered acuerdos.

Every call is one short transaction that writes one fact (a seat's attendance, one vote), so a
laptop that loses its connection mid-session loses at most the click it was making.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor
from engine.clock import to_local, utcnow
from engine.documents import long_date
from engine.folios import next_folio
from engine.settings import load_settings
from engine.tenancy import Organization
from workflows.board_session import committee_link
from workflows.board_session.followup_heard import keep_heard
from workflows.board_session.models import (AgendaItem, Attendance, AttendanceChange, AttendanceStatus, Board,
                                            BoardMember, BoardSession, FixedItem, ItemKind, ItemResult, ItemStatus,
                                            MinutesStatus, Resolution, ResolutionStatus, SessionStatus, Vote, VoteSense)
from workflows.board_session.naming import resolution_number, role_held, vote_count
from workflows.board_session.rules import Ballot, Outcome, QuorumCheck, check_quorum, count_votes
from workflows.board_session.agenda_order import MINUTES_AWAITING_APPROVAL, fit_previous_minutes
from workflows.board_session.sessions import (ITEM_STANDING, VOTED_FIXED, BoardError, Conflict, check_version,
                                              local_day, local_moment, require_organizer, seats, substitutes)


@dataclass(frozen=True)
class Seat:
    """A titular seat as the room sees it: who sits in it now, and whether it votes."""

    member: BoardMember
    status: AttendanceStatus | None
    sitting: BoardMember | None  # the titular or their suplente, when present

    @property
    def present(self) -> bool:
        return self.sitting is not None

    @property
    def role_label(self) -> str:
        """The seat's role as its titular holds it («Presidenta»), as the lista de asistencia of the acta says it."""
        return role_held(self.member.role, self.member.name, self.member.gender)


def room_seats(db: Session, board_session: BoardSession) -> list[Seat]:
    board = db.get(Board, board_session.board_id)
    day = local_day(db, board_session)
    rows = {a.member_id: a for a in db.exec(select(Attendance).where(
        Attendance.session_id == board_session.id)).all()}
    members = {m.id: m for subs in substitutes(db, board, day).values() for m in subs}
    result = []
    for member in seats(db, board, day):
        row = rows.get(member.id)
        sitting = None
        if row is not None and row.status == AttendanceStatus.PRESENT:
            sitting = member
        elif row is not None and row.status == AttendanceStatus.SUBSTITUTE:
            sitting = members.get(row.substitute_id)
        result.append(Seat(member, row.status if row else None, sitting))
    return result


def _in_session(board_session: BoardSession, *allowed: SessionStatus) -> None:
    if board_session.status not in allowed:
        raise BoardError(f"La sesión está {board_session.status.label.lower()}; no se puede registrar esto ahora.")


def too_early(db: Session, board_session: BoardSession, now: datetime | None = None) -> str | None:
    """Why a session convened for a later moment cannot be opened yet, or None.

    Opened early, it would be held at an hour no convocatoria announced, and its acta and acuerdos
    would carry a day or an hour that has not come (a request cannot take a resolution dated in the future).
    """
    convened = local_moment(db, board_session)
    moment = to_local(now or utcnow(), db.get(Organization, board_session.organization_id).timezone)
    if moment >= convened:
        return None
    if moment.date() < convened.date():
        return (f"La sesión está convocada para el {long_date(convened)} a las {convened:%H:%M}; no puede abrirse "
                f"antes de ese día (hoy es {long_date(moment)}). Ábrala en la sala el día de la sesión. Si el órgano "
                "debe reunirse antes, cancele esta sesión con su motivo y programe y convoque una nueva para la fecha "
                "en que se celebrará.")
    return (f"La sesión está convocada para hoy, {long_date(convened)}, a las {convened:%H:%M}; no puede abrirse "
            f"antes de esa hora (son las {moment:%H:%M}). Ábrala en la sala a la hora de la sesión. Si el órgano "
            "debe reunirse antes, cancele esta sesión con su motivo y programe y convoque una nueva para la hora "
            "en que se celebrará.")


def open_session(db: Session, actor: Actor, board_session: BoardSession, expected_version: int | None,
                 now: datetime | None = None) -> None:
    require_organizer(actor)
    check_version(board_session, expected_version, "la sesión")
    _in_session(board_session, SessionStatus.CALLED)
    early = too_early(db, board_session, now)
    if early:
        raise BoardError(early)
    board_session.status, board_session.opened_at = SessionStatus.IN_PROGRESS, utcnow()
    _log(db, actor, board_session, "sesion.abierta", "Abrió la sesión y pasó lista de asistencia")


def record_attendance(db: Session, actor: Actor, board_session: BoardSession, member_id: int,
                      status: AttendanceStatus, substitute_id: int | None = None) -> Attendance:
    require_organizer(actor)
    _in_session(board_session, SessionStatus.IN_PROGRESS)
    seat = next((s for s in room_seats(db, board_session) if s.member.id == member_id), None)
    if seat is None:
        raise BoardError("Esa persona no integra el órgano en la fecha de la sesión.")
    if status == AttendanceStatus.SUBSTITUTE:
        board = db.get(Board, board_session.board_id)
        allowed = {m.id for m in substitutes(db, board, local_day(db, board_session)).get(member_id, [])}
        if substitute_id not in allowed:
            raise BoardError(f"{seat.member.name} no tiene registrado ese suplente.", "suplente")
    else:
        substitute_id = None
    row = db.exec(select(Attendance).where(Attendance.session_id == board_session.id,
                                           Attendance.member_id == member_id)).first()
    changed = row is None or (row.status, row.substitute_id) != (status, substitute_id)
    if row is None:
        row = Attendance(organization_id=board_session.organization_id, session_id=board_session.id,
                         member_id=member_id, status=status, substitute_id=substitute_id)
        db.add(row)
    row.status, row.substitute_id, row.recorded_by, row.recorded_at = status, substitute_id, actor.user_id, utcnow()
    if changed:
        # Attendance keeps the last word on the seat; the acta needs every change after the roll call too.
        db.add(AttendanceChange(organization_id=board_session.organization_id, session_id=board_session.id,
                                member_id=member_id, status=status, substitute_id=substitute_id,
                                roll_call=board_session.quorum_declared_at is None, recorded_by=actor.user_id,
                                recorded_at=row.recorded_at))
    db.flush()
    return row


def quorum(db: Session, board_session: BoardSession) -> QuorumCheck:
    board = db.get(Board, board_session.board_id)
    voting = [s for s in room_seats(db, board_session) if s.member.has_vote]
    return check_quorum(board, len(voting), sum(s.present for s in voting), board_session.call_number)


def quorum_lost(board_session: BoardSession, check: QuorumCheck) -> str | None:
    """Why nothing more is voted in a session whose declared quorum is gone, or None while it stands.

    Declared once, the quorum still has to be there at each vote: members who withdraw can leave the
    session without it, and an acuerdo voted then would not be valid."""
    if board_session.quorum_declared_at is None or check.met:
        return None
    call = "segunda" if board_session.call_number == 2 else "primera"
    required = f"se requiere{'' if check.required == 1 else 'n'} {check.required}" if check.required else \
        "las reglas del órgano no prevén sesionar con menos"
    return (f"Se perdió el quórum legal: hay {check.present} de {check.seats} integrantes con voto presentes y, en "
            f"{call} convocatoria, {required}. No se puede votar mientras no se restablezca. Si no se restablece, "
            "cierre la sesión: los puntos que no se votaron quedarán pendientes y el acta dirá por qué.")


def declare_quorum(db: Session, actor: Actor, board_session: BoardSession, expected_version: int | None) -> QuorumCheck:
    """Refused with the count and what can be done when the rules are not met."""
    require_organizer(actor)
    check_version(board_session, expected_version, "la sesión")
    _in_session(board_session, SessionStatus.IN_PROGRESS)
    check = quorum(db, board_session)
    if not check.met:
        raise BoardError(check.message)
    board_session.quorum_declared_at = utcnow()
    attendance = db.exec(select(AgendaItem).where(AgendaItem.session_id == board_session.id,
                                                  AgendaItem.fixed == FixedItem.ATTENDANCE)).first()
    if attendance is not None:
        attendance.result = ItemResult.PRESENTED
    _log(db, actor, board_session, "sesion.quorum", check.message)
    return check


def second_call(db: Session, actor: Actor, board_session: BoardSession, expected_version: int | None) -> None:
    """The same session, held in segunda convocatoria under the body's second-call quorum."""
    require_organizer(actor)
    check_version(board_session, expected_version, "la sesión")
    _in_session(board_session, SessionStatus.IN_PROGRESS)
    if board_session.quorum_declared_at is not None or board_session.call_number == 2:
        raise BoardError("La sesión ya está en segunda convocatoria o ya tiene quórum.")
    board_session.call_number = 2
    _log(db, actor, board_session, "sesion.segunda_convocatoria", "Pasó a segunda convocatoria")


def record_no_quorum(db: Session, actor: Actor, board_session: BoardSession, expected_version: int | None) -> None:
    """Without quorum the session is not held; legal staff plan it again."""
    require_organizer(actor)
    check_version(board_session, expected_version, "la sesión")
    _in_session(board_session, SessionStatus.IN_PROGRESS)
    check = quorum(db, board_session)
    if check.met:
        raise BoardError("Hay quórum: declare el quórum y continúe la sesión.")
    board_session.status, board_session.closed_at = SessionStatus.NO_QUORUM, utcnow()
    keep_heard(db, board_session)  # the orden del día it was convened with, as its documents will read it
    fit_previous_minutes(db, board_session.board_id)  # not held: it leaves no acta to approve
    _log(db, actor, board_session, "sesion.sin_quorum", check.message)


def deciding(db: Session, item: AgendaItem) -> BoardSession:
    """The session of an item the body decides on now (a vote, a deferral): in progress, with its quorum
    declared and still there."""
    board_session = db.get(BoardSession, item.session_id)
    _in_session(board_session, SessionStatus.IN_PROGRESS)
    if board_session.quorum_declared_at is None:
        raise BoardError("La sesión no tiene quórum declarado: no se puede votar.")
    lost = quorum_lost(board_session, quorum(db, board_session))
    if lost:
        raise BoardError(lost)
    return board_session


def _votable(db: Session, item: AgendaItem) -> BoardSession:
    board_session = deciding(db, item)
    if not (item.kind == ItemKind.FOR_APPROVAL or item.fixed in VOTED_FIXED):
        raise BoardError("Este punto es informativo: no se vota.")
    if item.result == ItemResult.DEFERRED:
        raise BoardError("Este punto se difirió a una sesión posterior: no se vota en esta.")
    if item.result is not None:
        raise BoardError(f"La votación de este punto ya se cerró ({item.result.label.lower()}).")
    if item.status != ItemStatus.ACCEPTED:
        raise BoardError(f"Este punto {ITEM_STANDING[item.status]}: no se vota.")
    # A case the Comité already resolved would get a second acuerdo, numbered, saying otherwise.
    resolved = committee_link.already_resolved(db, item)
    if resolved:
        raise BoardError(resolved)
    return board_session


DISSENT_LIMIT = 5000  # characters of a voto particular; the room's textarea admits no more


def cast_vote(db: Session, actor: Actor, item: AgendaItem, member_id: int, sense: VoteSense,
              dissent: str = "") -> Vote:
    """One seat's vote; by someone who does not sit with a vote, or a second time, is refused."""
    require_organizer(actor)
    board_session = _votable(db, item)
    seat = seat_of(db, board_session, member_id)
    if seat is None:
        raise BoardError("Esa persona no integra el órgano: no puede votar.")
    if not seat.member.has_vote:
        raise BoardError(f"{seat.member.name} participa con voz pero sin voto.")
    if not seat.present:
        raise BoardError(f"{seat.member.name} no está presente (ni su suplente): no puede votar.")
    dissent = dissent.strip()
    # The member's text for the acta: refused, never cut. A textarea counts a line break sent as CR LF once.
    length = len(dissent.replace("\r\n", "\n"))
    if length > DISSENT_LIMIT:
        raise BoardError(f"El voto particular admite como máximo {DISSENT_LIMIT:,} caracteres y este tiene "
                         f"{length:,}; acórtelo. No se registró el voto.")
    vote = Vote(organization_id=item.organization_id, item_id=item.id, member_id=member_id,
                cast_by_id=seat.sitting.id, sense=sense, dissent=dissent, recorded_by=actor.user_id)
    try:
        # A vote recorded twice (or by two laptops at once): the unique key keeps the first, this one
        # is told which it was. Inserting first spares every other vote a look-up.
        with db.begin_nested():
            db.add(vote)
    except IntegrityError:
        existing = db.exec(select(Vote).where(Vote.item_id == item.id, Vote.member_id == member_id)).first()
        sense_text = f" ({existing.sense.label.lower()})" if existing is not None else ""
        raise BoardError(f"El voto de {seat.sitting.name} en este punto ya está registrado{sense_text}.") from None
    return vote


def seat_of(db: Session, board_session: BoardSession, member_id: int) -> Seat | None:
    """room_seats() for one titular seat, in three reads instead of the whole body's (one vote = one seat)."""
    member = db.get(BoardMember, member_id)
    if (member is None or member.board_id != board_session.board_id or member.is_substitute
            or not member.serves_on(local_day(db, board_session))):
        return None
    row = db.exec(select(Attendance).where(Attendance.session_id == board_session.id,
                                           Attendance.member_id == member_id)).first()
    sitting = None
    if row is not None and row.status == AttendanceStatus.PRESENT:
        sitting = member
    elif row is not None and row.status == AttendanceStatus.SUBSTITUTE and row.substitute_id is not None:
        substitute = db.get(BoardMember, row.substitute_id)
        if substitute is not None and substitute.serves_on(local_day(db, board_session)):
            sitting = substitute
    return Seat(member, row.status if row else None, sitting)


def tally(db: Session, item: AgendaItem) -> tuple[Outcome, list[str]]:
    """The result the votes so far give, and the names of present seats that have not voted."""
    board_session = db.get(BoardSession, item.session_id)
    board = db.get(Board, board_session.board_id)
    voting = [s for s in room_seats(db, board_session) if s.member.has_vote]
    votes = {v.member_id: v for v in db.exec(select(Vote).where(Vote.item_id == item.id)).all()}
    return count_of(board, item, voting, votes)


def count_of(board: Board, item: AgendaItem, voting: list[Seat], votes: dict[int, Vote]) -> tuple[Outcome, list[str]]:
    """tally() over seats and votes already read (the room page reads them once for every item)."""
    chair = next((s for s in voting if s.member.role == "presidente" and s.present), None)
    ballot = Ballot(votes=[v.sense for v in votes.values()], present=sum(s.present for s in voting),
                    seats=len(voting), chair_vote=votes[chair.member.id].sense if chair and chair.member.id in votes
                    else None)
    missing = [s.sitting.name for s in voting if s.present and s.member.id not in votes]
    return count_votes(board, item.matter, ballot), missing


def close_vote(db: Session, actor: Actor, item: AgendaItem, expected_version: int | None) -> Resolution | None:
    """Compute the result by the rule that applies and, if approved, number the acuerdo."""
    require_organizer(actor)
    board_session = _votable(db, item)
    check_version(item, expected_version, "este punto")
    outcome, missing = tally(db, item)
    if missing:
        raise BoardError("Faltan los votos de: " + ", ".join(missing) + ".")
    item.result = ItemResult.APPROVED if outcome.approved else ItemResult.NOT_APPROVED
    item.votes_for, item.votes_against, item.abstentions = outcome.votes_for, outcome.votes_against, outcome.abstentions
    item.result_rule, item.voted_at = outcome.rule, utcnow()
    try:
        db.flush()  # the item's version check happens here: a second closer gets a conflict
    except StaleDataError:
        raise Conflict("la votación de este punto") from None
    _log(db, actor, board_session, "sesion.votacion", f"{item.title[:150]}: {item.result.label} "
         f"({vote_count(outcome.votes_for, outcome.votes_against, outcome.abstentions)}; "
         f"{outcome.rule})")
    if item.fixed == FixedItem.PREVIOUS_MINUTES and outcome.approved:
        approve_previous_minutes(db, actor, board_session)
    if item.kind != ItemKind.FOR_APPROVAL or not outcome.approved:
        committee_link.item_decided(db, actor, item, None)
        return None
    resolution = number_resolution(db, board_session, item)
    committee_link.item_decided(db, actor, item, resolution)
    return resolution


def number_resolution(db: Session, board_session: BoardSession, item: AgendaItem) -> Resolution:
    """The next number of the body's yearly sequence, taken under the counter's row lock."""
    board = db.get(Board, board_session.board_id)
    organization = db.get(Organization, board.organization_id)
    seq, _ = next_folio(db, board.organization_id, f"ACU-{board.id}", board_session.year, "{seq}")
    number = resolution_number(board.resolution_template, seq, board_session.year, board.short_name,
                               organization.short_name)
    resolution = Resolution(organization_id=board.organization_id, board_id=board.id, session_id=board_session.id,
                            item_id=item.id, year=board_session.year, seq=seq, number=number,
                            text=item.proposed_resolution or item.title,
                            # An acuerdo carries the day its session was held, even one recorded after midnight.
                            approved_on=local_day(db, board_session),
                            status=ResolutionStatus.PENDING if item.followup_area_ids else ResolutionStatus.NO_FOLLOWUP,
                            area_ids=list(item.followup_area_ids), due_on=item.followup_due)
    db.add(resolution)
    db.flush()
    return resolution


def minutes_to_approve(db: Session, board_session: BoardSession) -> list[BoardSession]:
    """The body's sessions held before this one whose acta is still a draft or in review, oldest first.

    Usually the one before; an extraordinary session has no "acta anterior" item, so the acta of an
    ordinary session held before it waits for the next ordinary one, together with its own.
    """
    return list(db.exec(select(BoardSession).where(
        BoardSession.board_id == board_session.board_id, BoardSession.status == SessionStatus.HELD,
        BoardSession.minutes_status.in_(MINUTES_AWAITING_APPROVAL),
        BoardSession.scheduled_at < board_session.scheduled_at).order_by(BoardSession.scheduled_at)).all())


def approve_previous_minutes(db: Session, actor: Actor, board_session: BoardSession) -> list[BoardSession]:
    # minutes_review writes the acta, whose record reads this module: imported here, when it runs.
    from workflows.board_session.minutes_review import approved_in
    pending = minutes_to_approve(db, board_session)
    for previous in pending:
        previous.minutes_status, previous.minutes_approved_in_id = MinutesStatus.APPROVED, board_session.id
        previous.minutes_approved_on = local_day(db, board_session)
        _log(db, actor, previous, "sesion.acta_aprobada", "Acta aprobada en una sesión posterior")
        approved_in(db, load_settings(), actor, previous, board_session)
    return pending


def close_session(db: Session, actor: Actor, board_session: BoardSession, expected_version: int | None) -> None:
    """The session ends; every item for approval must have its vote closed first, unless the quorum was
    lost: the session was held, and what could no longer be voted stays pending (the acta says why)."""
    require_organizer(actor)
    check_version(board_session, expected_version, "la sesión")
    _in_session(board_session, SessionStatus.IN_PROGRESS)
    if board_session.quorum_declared_at is None:
        raise BoardError("No se declaró el quórum: registre la sesión como «sin quórum» en lugar de cerrarla.")
    open_items = db.exec(select(AgendaItem).where(
        AgendaItem.session_id == board_session.id, AgendaItem.result.is_(None),
        (AgendaItem.kind == ItemKind.FOR_APPROVAL) | AgendaItem.fixed.in_(list(VOTED_FIXED)),
        AgendaItem.status == "aceptado").order_by(AgendaItem.position)).all()
    lost = quorum_lost(board_session, quorum(db, board_session))
    if open_items and not lost:
        raise BoardError("Cierre la votación de: " + "; ".join(i.title[:80] for i in open_items) + ".")
    board_session.status, board_session.closed_at = SessionStatus.HELD, utcnow()
    board_session.minutes_status = MinutesStatus.DRAFT
    keep_heard(db, board_session)
    summary = "Cerró la sesión"
    if open_items:
        summary += (" sin quórum legal para votar; quedaron pendientes: "
                    + "; ".join(i.title[:80] for i in open_items))[:450]
    _log(db, actor, board_session, "sesion.cerrada", summary)


def _log(db: Session, actor: Actor, board_session: BoardSession, action: str, summary: str) -> None:
    audit.record(db, actor.organization_id, actor.user_id, actor.name, action, "sesion", board_session.id,
                 summary=summary)
