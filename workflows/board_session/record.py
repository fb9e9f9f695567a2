"""Everything a session's documents say, read from the database in a few queries into plain values.

The builders of documents.py and minutes.py only format a SessionRecord: no query runs while a
.docx is written, and a test can read the record to see what the documents were built from.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from engine.clock import to_local, today_in
from engine.documents import city_of
from engine.files import StoredFile
from engine.tenancy import Area, Organization
from workflows.board_session import proposers
from workflows.board_session.models import (AgendaDocument, AgendaItem, AttendanceStatus, Board, BoardMember,
                                            BoardSession, Convener, FixedItem, Gender, ItemKind, ItemResult,
                                            ItemStatus, MemberRole, MinutesStatus, Resolution, ResolutionStatus,
                                            SessionKind, SessionStatus, Vote, VoteSense)
from workflows.board_session.followup_heard import heard, line_fields, open_before
from workflows.board_session.lead_time import latest_sending_day, lead_time
from workflows.board_session.naming import gender_of, person_after, role_held, session_name, term_in_words
from workflows.board_session.room import minutes_to_approve
from workflows.board_session.rules import QuorumCheck, check_quorum
from workflows.board_session.seating import seating, sitting_in
from workflows.board_session.sessions import ROLE_ORDER, VOTED_FIXED, held_moment, title_of
from workflows.board_session.standing import standings


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    position: str
    role: MemberRole
    has_vote: bool
    gender: Gender = Gender.UNSPECIFIED

    @property
    def treated_as(self) -> Gender:
        """The gender recorded, or the one the title shows («Mtra.»): how documents word the person."""
        return gender_of(self.name, self.gender)

    @property
    def role_label(self) -> str:
        """«Presidenta», «Secretario Técnico»: the role as this person holds it."""
        return role_held(self.role, self.name, self.gender)

    def after(self, preposition: str) -> str:
        """«del Lic. Mario Gutiérrez», «de la Lic. Ana Moreno»: the person named after a preposition."""
        return person_after(preposition, self.name, self.gender)

    @property
    def as_subject(self) -> str:
        """«El Dr. Héctor Morales», «La Lic. Ana Moreno»: the person opening a sentence, with the title's article."""
        named = self.after("")
        return named[0].upper() + named[1:]


@dataclass(frozen=True)
class SeatLine:
    """A titular seat at the roll call: whether it was there, in person or through its suplente; and everyone
    who sat in it at some moment of the session (arriving late, or the titular after the suplente)."""

    member: Person
    status: AttendanceStatus | None
    substitute: Person | None  # the suplente who sat in it, if one did
    took_part: tuple[Person, ...] = ()

    @property
    def present(self) -> bool:
        return self.status == AttendanceStatus.PRESENT or self.substitute is not None

    @property
    def sitting(self) -> Person | None:
        if self.status == AttendanceStatus.PRESENT:
            return self.member
        return self.substitute


@dataclass(frozen=True)
class SeatMove:
    """Someone arriving at or leaving a seat after the quorum was declared, and the quorum it left."""

    moment: datetime  # local
    seat: Person  # the titular seat's member
    before: Person | None  # who sat in it until then
    after: Person | None  # who sits in it from then
    quorum: QuorumCheck


@dataclass(frozen=True)
class DocumentLine:
    file_id: int
    filename: str  # how a document names an annex: «Oficio DA-123.pdf», as the area uploaded it
    url: str  # for a person signed in to Pleno; a member's own link serves it too (agenda_notice.member_link)


@dataclass(frozen=True)
class VoteLine:
    seat: Person
    cast_by: Person
    sense: VoteSense
    dissent: str

    @property
    def voter(self) -> str:
        """The name the acta gives: the suplente says whose seat they voted for."""
        if self.cast_by.id == self.seat.id:
            return self.cast_by.name
        return f"{self.cast_by.name} (en suplencia {self.seat.after('de')})"


@dataclass(frozen=True)
class ResolutionLine:
    id: int
    number: str
    text: str
    status: ResolutionStatus
    areas: tuple[str, ...]
    due_on: date | None
    progress: int
    approved_on: date
    session_title: str  # "Primera Sesión Extraordinaria", where it was approved
    returned_on: date | None = None  # the last day Jurídica returned the areas' reported compliance


@dataclass(frozen=True)
class ItemLine:
    id: int
    position: int
    kind: ItemKind
    fixed: FixedItem | None
    title: str
    description: str
    proposed_resolution: str
    area: str
    notes: str
    result: ItemResult | None
    votes_for: int
    votes_against: int
    abstentions: int
    result_rule: str
    version: int | None
    votes: tuple[VoteLine, ...]
    documents: tuple[DocumentLine, ...]
    resolution: ResolutionLine | None
    deferred_reason: str = ""  # why the room deferred it, when it said so

    @property
    def voted(self) -> bool:
        return self.kind == ItemKind.FOR_APPROVAL or self.fixed in VOTED_FIXED


@dataclass(frozen=True)
class SessionRecord:
    session_id: int
    base_url: str  # where the documents' links point
    organization: str
    address: str
    timezone: str
    city: str  # "Tuxtla Gutiérrez, Chiapas", where the acta says the session was held
    board: str  # "Comité Coordinador"
    board_short: str
    convener: Convener  # who opens the convocatoria and signs it
    certification_basis: str  # the law the Secretario Técnico certifies its acuerdos with; "" when not recorded
    title: str  # "Primera Sesión Ordinaria del Comité Coordinador"
    kind: SessionKind
    year: int
    call_number: int
    status: SessionStatus
    minutes_status: MinutesStatus
    scheduled: datetime  # local: the moment it was convened for
    called_on: date | None  # local day the convocatoria went out
    # An extraordinary session convened later than an ordinary one may be: the ordinary anticipación it did not
    # give («cinco días naturales»), "" otherwise; and the motive of the urgency, when one was written.
    short_notice: str
    urgency: str
    opened: datetime  # local: when it was held (opened), the scheduled moment until then
    closed: datetime | None  # local; None when not recorded on the session's day
    place: str
    seats: tuple[SeatLine, ...]  # as the roll call left them
    substitutes: tuple[tuple[Person, Person], ...]  # (suplente, the titular seat's member), serving on the day
    quorum: QuorumCheck  # at the roll call: the one declared, in a session held
    # In segunda convocatoria, what the primera required (attendance is kept for the last call only).
    first_call_quorum: QuorumCheck | None
    quorum_declared: bool
    items: tuple[ItemLine, ...]
    followup: tuple[ResolutionLine, ...]  # the body's acuerdos still open from earlier sessions
    # The sessions whose actas this one approves: (title, day), oldest first.
    previous: tuple[tuple[str, date], ...]
    president: Person | None
    secretary: Person | None
    moves: tuple[SeatMove, ...] = ()  # after the quorum was declared, in the order recorded

    @property
    def quorum_lost(self) -> bool:
        """Members withdrew after the quorum was declared and it was not there at the end."""
        return self.quorum_declared and bool(self.moves) and not self.moves[-1].quorum.met

    @property
    def voting_seats(self) -> tuple[SeatLine, ...]:
        return tuple(s for s in self.seats if s.member.has_vote)

    @property
    def resolutions(self) -> tuple[ResolutionLine, ...]:
        return tuple(i.resolution for i in self.items if i.resolution is not None)


def _person(member: BoardMember) -> Person:
    return Person(member.id, member.name, member.position, MemberRole(member.role), member.has_vote,
                  Gender(member.gender))


def _short_notice(db: Session, board: Board, board_session: BoardSession, session_day: date, sending_day: date) -> str:
    """The ordinary anticipación, in words, that an extraordinary session's convocatoria sent on `sending_day` does
    not give; "" when it gives it, or the session is ordinary (never sent that late)."""
    if board_session.kind != SessionKind.EXTRAORDINARY or \
            sending_day <= latest_sending_day(db, board, SessionKind.ORDINARY, session_day):
        return ""
    return term_in_words(*lead_time(board, SessionKind.ORDINARY))


def _on_the_day(moment: datetime | None, start: datetime) -> datetime | None:
    # A closing recorded on another day than the opening means it was entered after the fact: the
    # acta leaves the blank for the secretary.
    if moment is None or not (start - timedelta(hours=12) <= moment <= start + timedelta(hours=24)):
        return None
    return moment


def load_session(db: Session, session_id: int, base_url: str) -> SessionRecord:
    """The whole session as its documents need it; LookupError when there is no such session."""
    board_session = db.get(BoardSession, session_id)
    if board_session is None:
        raise LookupError("Sesión no encontrada.")
    board = db.get(Board, board_session.board_id)
    organization = db.get(Organization, board_session.organization_id)
    tz = organization.timezone
    scheduled = to_local(board_session.scheduled_at, tz)
    opened = held_moment(board_session, tz)
    day = opened.date()

    items = list(db.exec(select(AgendaItem).where(AgendaItem.session_id == session_id,
                                                  AgendaItem.status == ItemStatus.ACCEPTED)
                         .order_by(AgendaItem.position, AgendaItem.id)).all())
    item_ids = [i.id for i in items]
    votes = db.exec(select(Vote).where(Vote.item_id.in_(item_ids))).all() if item_ids else []
    seats, people, substitutes, moves = _seats(db, board_session, board, day, votes, tz)
    voting = [s for s in seats if s.member.has_vote]
    quorum = check_quorum(board, len(voting), sum(s.present for s in voting), board_session.call_number)
    first_call_quorum = (check_quorum(board, len(voting), sum(s.present for s in voting), 1)
                         if board_session.call_number == 2 else None)
    documents = db.exec(select(AgendaDocument.item_id, StoredFile.id, StoredFile.filename)
                        .join(StoredFile, StoredFile.id == AgendaDocument.file_id)
                        .where(AgendaDocument.item_id.in_(item_ids))
                        .order_by(AgendaDocument.id)).all() if item_ids else []
    own = db.exec(select(Resolution).where(Resolution.session_id == session_id)).all()
    # The seguimiento the session heard, kept when the room closed it; until then, the acuerdos as they stand.
    kept = heard(board_session)
    earlier = open_before(db, board_session) if kept is None else []
    area_ids = {i.area_id for i in items if i.area_id} | {a for r in own for a in r.area_ids or []} \
        | {a for r, _ in earlier for a in r.area_ids or []}
    areas = dict(db.exec(select(Area.id, Area.name).where(Area.id.in_(area_ids))).all()) if area_ids else {}
    presented_by = proposers.names_of(db, items)
    # Once voted, the actas approved here; before, those waiting for this session.
    previous = db.exec(select(BoardSession).where(BoardSession.minutes_approved_in_id == board_session.id)
                       .order_by(BoardSession.scheduled_at)).all() or minutes_to_approve(db, board_session)

    # Where each acuerdo stands today, as the session's page says it: «Vencido» once its term passed.
    standing = standings(db, board_session.organization_id, [*own, *(r for r, _ in earlier)])
    followup = kept if kept is not None else [line_fields(r, standing[r.id].status, areas, title)
                                              for r, title in earlier]

    seat_order = {s.member.id: n for n, s in enumerate(seats)}
    votes_by_item: dict[int, list[VoteLine]] = {}
    for vote in sorted(votes, key=lambda v: seat_order.get(v.member_id, len(seat_order))):
        seat = people.get(vote.member_id)
        cast_by = people.get(vote.cast_by_id, seat)
        if seat is not None:
            votes_by_item.setdefault(vote.item_id, []).append(
                VoteLine(seat, cast_by, VoteSense(vote.sense), vote.dissent))
    documents_by_item: dict[int, list[DocumentLine]] = {}
    for item_id, file_id, filename in documents:
        documents_by_item.setdefault(item_id, []).append(
            DocumentLine(file_id, filename, f"{base_url}/sesiones/{session_id}/documentos/{file_id}"))
    own_title = session_name(SessionKind(board_session.kind).label, board_session.number)
    own_by_item = {r.item_id: ResolutionLine(**line_fields(r, standing[r.id].status, areas, own_title)) for r in own}

    lines = tuple(ItemLine(
        id=i.id, position=i.position, kind=ItemKind(i.kind), fixed=FixedItem(i.fixed) if i.fixed else None,
        title=i.title, description=i.description, proposed_resolution=i.proposed_resolution,
        area=presented_by.get(i.id, ""), notes=i.notes,
        result=ItemResult(i.result) if i.result else None, votes_for=i.votes_for, votes_against=i.votes_against,
        abstentions=i.abstentions, result_rule=i.result_rule, version=i.version,
        votes=tuple(votes_by_item.get(i.id, ())), documents=tuple(documents_by_item.get(i.id, ())),
        resolution=own_by_item.get(i.id), deferred_reason=i.deferred_reason) for i in items)

    closed = to_local(board_session.closed_at, tz) if board_session.closed_at else None
    called_on = to_local(board_session.called_at, tz).date() if board_session.called_at else None
    by_role = {s.member.role: s.member for s in reversed(seats)}
    return SessionRecord(
        session_id=session_id, base_url=base_url, organization=organization.name, address=organization.address,
        timezone=tz, city=city_of(organization), board=board.name,
        board_short=board.short_name, convener=Convener(board.convener),
        certification_basis=board.certification_basis.strip(), title=title_of(board_session, board),
        kind=SessionKind(board_session.kind),
        year=board_session.year, call_number=board_session.call_number, status=SessionStatus(board_session.status),
        minutes_status=MinutesStatus(board_session.minutes_status), scheduled=scheduled,
        called_on=called_on, short_notice=_short_notice(db, board, board_session, scheduled.date(),
                                                         called_on or today_in(tz)),
        urgency=" ".join(board_session.urgency.split()),
        opened=opened, closed=_on_the_day(closed, opened),
        place=board_session.place, seats=tuple(seats), substitutes=substitutes, quorum=quorum,
        first_call_quorum=first_call_quorum,
        quorum_declared=board_session.quorum_declared_at is not None, items=lines,
        followup=tuple(ResolutionLine(**fields) for fields in followup),
        previous=tuple((title_of(p, board), held_moment(p, tz).date()) for p in previous),
        president=by_role.get(MemberRole.PRESIDENTE), secretary=by_role.get(MemberRole.SECRETARIO_TECNICO),
        moves=moves)


def _seats(db: Session, board_session: BoardSession, board: Board, day: date, votes: list[Vote], tz: str
           ) -> tuple[list[SeatLine], dict[int, Person], tuple[tuple[Person, Person], ...], tuple[SeatMove, ...]]:
    """Titular seats serving on the day in the body's order, as the roll call left them and with everyone who
    sat in them; every member by id; suplentes; the moves after the roll call with the quorum each left."""
    members = [m for m in db.exec(select(BoardMember).where(BoardMember.board_id == board.id)).all()
               if m.serves_on(day)]
    people = {m.id: _person(m) for m in members}
    roll, recorded_moves = seating(db, board_session)
    titular = sorted((m for m in members if m.substitute_for_id is None), key=lambda m: (ROLE_ORDER[m.role], m.id))
    # Who sat in each seat, in the order they did: at the roll call, arriving later, casting a vote for it.
    took_part: dict[int, list[int]] = {m.id: [] for m in titular}
    for seat_id, person_id in ([(s, sitting_in(s, *roll[s])) for s in roll]
                               + [(m.seat_id, m.after) for m in recorded_moves]
                               + [(v.member_id, v.cast_by_id) for v in sorted(votes, key=lambda v: v.id)]):
        if person_id in people and seat_id in took_part and person_id not in took_part[seat_id]:
            took_part[seat_id].append(person_id)
    seats = []
    for member in titular:
        status, substitute_id = roll.get(member.id, (None, None))
        substitute = people.get(substitute_id) if status == AttendanceStatus.SUBSTITUTE else None
        seats.append(SeatLine(people[member.id], status, substitute,
                              tuple(people[p] for p in took_part[member.id])))
    order = {seat.member.id: n for n, seat in enumerate(seats)}
    substitutes = tuple((people[m.id], people[m.substitute_for_id]) for m in sorted(
        (m for m in members if m.substitute_for_id in order), key=lambda m: (order[m.substitute_for_id], m.id)))
    voting = {s.member.id for s in seats if s.member.has_vote}
    sitting = {s.member.id: s.sitting.id if s.sitting else None for s in seats}
    moves = []
    for move in recorded_moves:
        if move.seat_id not in order:
            continue
        sitting[move.seat_id] = move.after
        present = sum(sitting[seat_id] is not None for seat_id in voting)
        moves.append(SeatMove(to_local(move.at, tz), people[move.seat_id], people.get(move.before),
                              people.get(move.after),
                              check_quorum(board, len(voting), present, board_session.call_number)))
    return seats, people, substitutes, tuple(moves)


@dataclass(frozen=True)
class CertifiedResolution:
    """What a certificación states: the acuerdo, the session that approved it, and who certifies."""

    session: SessionRecord
    resolution: ResolutionLine
    item: ItemLine
    certifier: Person | None
    issued_on: date


def load_resolution(db: Session, resolution_id: int, base_url: str, today: date | None = None) -> CertifiedResolution:
    resolution = db.get(Resolution, resolution_id)
    if resolution is None:
        raise LookupError("Acuerdo no encontrado.")
    record = load_session(db, resolution.session_id, base_url)
    today = today or today_in(record.timezone)
    item = next(i for i in record.items if i.resolution is not None and i.resolution.id == resolution_id)
    # The Secretario Técnico in office on the day of the certificación signs it, not necessarily
    # the one who sat in the session.
    current = [m for m in db.exec(select(BoardMember).where(
        BoardMember.board_id == resolution.board_id, BoardMember.role == MemberRole.SECRETARIO_TECNICO,
        BoardMember.substitute_for_id.is_(None))).all() if m.serves_on(today)]
    certifier = _person(current[0]) if current else record.secretary
    return CertifiedResolution(record, item.resolution, item, certifier, today)
