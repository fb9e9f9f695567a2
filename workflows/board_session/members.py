"""A body's seats: members and suplentes for a term, the end of a term, the yearly rotation of the presidency.

Every change checks the body's version and moves it: two people editing the seats at once get one
success and one conflict.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor, User
from workflows.board_session.boards import bump, require_editor
from workflows.board_session.models import Board, BoardMember, Gender, MemberRole
from workflows.board_session.naming import role_held
from workflows.board_session.sessions import ROLE_ORDER, BoardError, check_version

# Roles a body has at most one of at a time.
SINGLE_SEATS = (MemberRole.PRESIDENTE, MemberRole.SECRETARIO_TECNICO)


@dataclass
class SeatRow:
    """A titular seat with its suplentes, for the body's page."""

    member: BoardMember
    substitutes: list[BoardMember] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        """«Presidenta», «Secretario Técnico»: the seat's role as its titular holds it, as the documents say it."""
        return role_held(self.member.role, self.member.name, self.member.gender)


def members_of(db: Session, board: Board, on: date) -> tuple[list[SeatRow], list[SeatRow]]:
    """(serving on the day, former or future) seats, each with its suplentes, presidente first."""
    rows = db.exec(select(BoardMember).where(BoardMember.board_id == board.id)).all()
    seats = {m.id: SeatRow(m) for m in rows if m.substitute_for_id is None}
    for member in rows:
        if member.substitute_for_id in seats:
            seats[member.substitute_for_id].substitutes.append(member)
    ordered = sorted(seats.values(), key=lambda s: (ROLE_ORDER[s.member.role], s.member.term_start, s.member.id))
    for seat in ordered:
        seat.substitutes.sort(key=lambda m: (m.term_start, m.id))
    return [s for s in ordered if s.member.serves_on(on)], [s for s in ordered if not s.member.serves_on(on)]


def member_of(db: Session, board: Board, member_id: int) -> BoardMember:
    member = db.get(BoardMember, member_id)
    if member is None or member.board_id != board.id:
        raise LookupError("Integrante no encontrado.")
    return member


@dataclass
class Person:
    """Who occupies a seat, as the form gives it."""

    name: str
    position: str = ""
    email: str = ""
    user_id: int | None = None
    gender: Gender = Gender.UNSPECIFIED

    def checked(self, db: Session, actor: Actor) -> "Person":
        name = " ".join(self.name.split())
        if not name:
            raise BoardError("Escriba el nombre de la persona.", "nombre")
        if len(name) > 200:
            raise BoardError("El nombre es demasiado largo (máximo 200 caracteres).", "nombre")
        email = self.email.strip()
        if email and ("@" not in email or " " in email or len(email) > 200):
            raise BoardError("El correo electrónico no parece válido.", "correo")
        if self.user_id is not None:
            user = db.get(User, self.user_id)
            if user is None or user.organization_id != actor.organization_id:
                raise BoardError("Esa cuenta de usuario no existe en este ente.", "usuario")
            email = email or user.email
        return Person(name, " ".join(self.position.split())[:300], email, self.user_id, self.gender)


def _check_term(start: date | None, end: date | None) -> None:
    if start is None:
        raise BoardError("Indique la fecha de inicio del cargo.", "inicio")
    if end is not None and end < start:
        raise BoardError("El fin del cargo no puede ser anterior a su inicio.", "fin")


def _overlaps(member: BoardMember, start: date, end: date | None) -> bool:
    return member.term_start <= (end or date.max) and start <= (member.term_end or date.max)


def _check_single_seat(db: Session, board: Board, role: MemberRole, start: date, end: date | None) -> None:
    if role not in SINGLE_SEATS:
        return
    for other in db.exec(select(BoardMember).where(BoardMember.board_id == board.id, BoardMember.role == role,
                                                   BoardMember.substitute_for_id.is_(None))).all():
        if _overlaps(other, start, end):
            hint = " Use «Rotar la presidencia»." if role == MemberRole.PRESIDENTE else " Termine antes su cargo."
            raise BoardError(f"{other.name} ya ocupa el cargo de {role.label} en esas fechas.{hint}", "rol")


def _log(db: Session, actor: Actor, board: Board, action: str, summary: str, after: Any = None) -> None:
    audit.record(db, actor.organization_id, actor.user_id, actor.name, action, "organo", board.id,
                 summary=summary, after=after)


def add_member(db: Session, actor: Actor, board: Board, person: Person, role: MemberRole, votes: bool,
               term_start: date | None, term_end: date | None, expected_version: int | None) -> BoardMember:
    """A new titular seat of the body for a term."""
    require_editor(actor)
    check_version(board, expected_version, "los integrantes de este órgano")
    person = person.checked(db, actor)
    _check_term(term_start, term_end)
    _check_single_seat(db, board, role, term_start, term_end)
    member = BoardMember(organization_id=board.organization_id, board_id=board.id, user_id=person.user_id,
                         name=person.name, position=person.position, email=person.email, gender=person.gender,
                         role=role, votes=votes and role != MemberRole.INVITADO, term_start=term_start,
                         term_end=term_end)
    db.add(member)
    bump(board)
    db.flush()
    _log(db, actor, board, "organo.integrante", f"Agregó a {member.name} como {role.label} de {board.name}",
         {"integrante": member.id, "desde": term_start, "hasta": term_end})
    return member


def add_substitute(db: Session, actor: Actor, board: Board, seat: BoardMember, person: Person,
                   term_start: date | None, term_end: date | None, expected_version: int | None) -> BoardMember:
    """A suplente of a titular seat: votes in its place when the titular is absent."""
    require_editor(actor)
    check_version(board, expected_version, "los integrantes de este órgano")
    if seat.board_id != board.id or seat.is_substitute:
        raise BoardError("Elija el lugar de un integrante titular de este órgano.", "titular")
    person = person.checked(db, actor)
    _check_term(term_start, term_end)
    if term_start < seat.term_start or (seat.term_end and (term_end is None or term_end > seat.term_end)):
        raise BoardError("La suplencia debe caber en el periodo del titular "
                         f"({seat.term_start.strftime('%d/%m/%Y')} – "
                         f"{seat.term_end.strftime('%d/%m/%Y') if seat.term_end else 'sin fecha de fin'}).", "inicio")
    member = BoardMember(organization_id=board.organization_id, board_id=board.id, user_id=person.user_id,
                         name=person.name, position=person.position, email=person.email, gender=person.gender,
                         role=seat.role, votes=seat.votes, substitute_for_id=seat.id, term_start=term_start,
                         term_end=term_end if term_end is not None else seat.term_end)
    db.add(member)
    bump(board)
    db.flush()
    _log(db, actor, board, "organo.suplente", f"Agregó a {member.name} como suplente de {seat.name}",
         {"suplente": member.id, "titular": seat.id})
    return member


def end_term(db: Session, actor: Actor, board: Board, member: BoardMember, last_day: date | None,
             expected_version: int | None) -> None:
    """The seat serves until last_day; its suplentes with it."""
    require_editor(actor)
    check_version(board, expected_version, "los integrantes de este órgano")
    if last_day is None:
        raise BoardError("Indique el último día del cargo.", "fin")
    if last_day < member.term_start:
        raise BoardError("El cargo no puede terminar antes de haber empezado "
                         f"({member.term_start.strftime('%d/%m/%Y')}).", "fin")
    if member.term_end is not None and member.term_end < last_day:
        raise BoardError(f"El cargo ya terminó el {member.term_end.strftime('%d/%m/%Y')}.", "fin")
    _close(db, member, last_day)
    bump(board)
    db.flush()
    _log(db, actor, board, "organo.fin_cargo",
         f"Terminó el cargo de {member.name} ({member.role.label}) el {last_day.strftime('%d/%m/%Y')}",
         {"integrante": member.id, "hasta": last_day})


def set_gender(db: Session, actor: Actor, board: Board, member: BoardMember, gender: Gender,
               expected_version: int | None) -> None:
    """How the documents treat a member or suplente from now on: «La suscrita», «Secretaria Técnica», «de la Lic.»."""
    require_editor(actor)
    check_version(board, expected_version, "los integrantes de este órgano")
    if member.gender == gender:
        return
    before, member.gender = member.gender, gender
    bump(board)
    db.flush()
    _log(db, actor, board, "organo.integrante_trato",
         f"Registró el trato de {member.name} en los documentos: {gender.label.lower()}",
         {"integrante": member.id, "antes": before, "ahora": gender})


def _close(db: Session, member: BoardMember, last_day: date) -> None:
    member.term_end = last_day
    for suplente in db.exec(select(BoardMember).where(BoardMember.substitute_for_id == member.id)).all():
        if suplente.term_end is None or suplente.term_end > last_day:
            suplente.term_end = max(last_day, suplente.term_start - timedelta(days=1))


def _successor_seat(db: Session, seat: BoardMember, role: MemberRole, start: date) -> BoardMember:
    """The same person in a new seat from `start`, with the suplentes serving that day carried over."""
    new = BoardMember(organization_id=seat.organization_id, board_id=seat.board_id, user_id=seat.user_id,
                      name=seat.name, position=seat.position, email=seat.email, gender=seat.gender, role=role,
                      votes=True, term_start=start)
    db.add(new)
    db.flush()
    for suplente in db.exec(select(BoardMember).where(BoardMember.substitute_for_id == seat.id)).all():
        if suplente.serves_on(start):
            db.add(BoardMember(organization_id=seat.organization_id, board_id=seat.board_id,
                               user_id=suplente.user_id, name=suplente.name, position=suplente.position,
                               email=suplente.email, gender=suplente.gender, role=role, votes=True,
                               substitute_for_id=new.id, term_start=start, term_end=suplente.term_end))
    return new


def rotate_presidency(db: Session, actor: Actor, board: Board, year: int, successor: BoardMember,
                      outgoing_stays: bool, expected_version: int | None) -> BoardMember:
    """The presidency passes on 1 January of `year` to another serving member (it rotates yearly)."""
    require_editor(actor)
    check_version(board, expected_version, "los integrantes de este órgano")
    if not 2000 <= year <= 2100:
        raise BoardError("Indique un año válido.", "anio")
    start = date(year, 1, 1)
    if successor.board_id != board.id or successor.is_substitute or not successor.serves_on(start):
        raise BoardError(f"Elija a un integrante titular que sirva el 1 de enero de {year}.", "sucesor")
    if successor.role != MemberRole.VOCAL or not successor.votes:
        raise BoardError("La presidencia pasa a un vocal con voto.", "sucesor")
    outgoing = next((m for m in db.exec(select(BoardMember).where(
        BoardMember.board_id == board.id, BoardMember.role == MemberRole.PRESIDENTE,
        BoardMember.substitute_for_id.is_(None))).all() if m.serves_on(start)), None)
    if outgoing is not None and outgoing.term_start >= start:
        raise BoardError(f"{outgoing.name} ya preside desde el {outgoing.term_start.strftime('%d/%m/%Y')}; "
                         "la rotación de ese año ya se hizo.", "anio")
    last_day = start - timedelta(days=1)
    # The new seats first: they take over the suplentes still serving before the old seats close.
    president = _successor_seat(db, successor, MemberRole.PRESIDENTE, start)
    president.term_end = successor.term_end
    _close(db, successor, last_day)
    if outgoing is not None:
        if outgoing_stays:
            vocal = _successor_seat(db, outgoing, MemberRole.VOCAL, start)
            vocal.term_end = outgoing.term_end
        _close(db, outgoing, last_day)
    bump(board)
    db.flush()
    _log(db, actor, board, "organo.presidencia",
         f"Rotó la presidencia de {board.name} para {year}: preside {president.name}"
         + (f" en lugar de {outgoing.name}" if outgoing else ""),
         {"presidente": president.id, "anterior": outgoing.id if outgoing else None, "desde": start})
    return president
