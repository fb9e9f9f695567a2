"""Bodies, their rules and their seats: create and edit a body, terms, suplentes, the yearly presidency."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from string import Formatter
from typing import Any

from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor, Role, User
from workflows.board_session.models import (Board, BoardMember, LeadUnit, MajorityRule, MemberRole, QuorumRule,
                                            SecondCallRule)
from workflows.board_session.naming import resolution_number
from workflows.board_session.sessions import ROLE_ORDER, BoardError, check_version

# Who keeps the bodies' rules and seats: the Dirección Jurídica and the platform's administration.
EDITORS = frozenset({Role.JURIDICO, Role.ADMIN})
TEMPLATE_FIELDS = frozenset({"seq", "year", "board", "organization"})
# Roles a body has at most one of at a time.
SINGLE_SEATS = (MemberRole.PRESIDENTE, MemberRole.SECRETARIO_TECNICO)


class RulesInvalid(BoardError):
    """Every field that failed, each with its Spanish reason, so the form shows them all at once."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())), next(iter(errors)))
        self.errors = errors


def require_editor(actor: Actor) -> None:
    if not actor.roles & EDITORS:
        raise BoardError("Solo la Dirección Jurídica o la administración modifican los órganos colegiados.")


def may_edit(actor: Actor) -> bool:
    return bool(actor.roles & EDITORS)


def _bump(board: Board) -> None:
    """A change to a body's seats makes any form read before it stale (the version is the whole body's)."""
    board.version = (board.version or 1) + 1


# -- rules --------------------------------------------------------------------------------------

def parse_qualified_matters(text: str) -> list[dict[str, Any]]:
    """Lines "Nombramiento del Secretario Técnico: 5" (or "…: 5 votos") → [{"materia", "votos"}]."""
    matters: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        matter, colon, votes = line.rpartition(":")
        digits = votes.strip().removesuffix("votos").removesuffix("voto").strip()
        if not colon or not matter.strip() or not digits.isdigit() or int(digits) < 1:
            raise BoardError(f"Línea {number}: escriba la materia, dos puntos y el número de votos "
                             "(por ejemplo «Nombramiento del Secretario Técnico: 5»).", "materias_calificadas")
        name = " ".join(matter.split())
        if name.lower() in seen:
            raise BoardError(f"Línea {number}: la materia «{name}» está repetida.", "materias_calificadas")
        seen.add(name.lower())
        matters.append({"materia": name, "votos": int(digits)})
    return matters


def matters_text(matters: list[dict[str, Any]]) -> str:
    return "\n".join(f"{m['materia']}: {m['votos']}" for m in matters or [])


def check_template(template: str, short_name: str, organization: str) -> str:
    """The acuerdo number template must carry the yearly sequence and the year, and render."""
    unusable = BoardError("La plantilla no se puede aplicar; use llaves solo para {seq}, {seq:03d}, {year}, "
                          "{board} u {organization}.", "plantilla_acuerdo")
    try:
        names = {name.split(".")[0].split("[")[0] for _, name, _, _ in Formatter().parse(template) if name is not None}
    except ValueError:
        raise unusable from None
    if unknown := names - TEMPLATE_FIELDS:
        raise BoardError(f"La plantilla usa {{{sorted(unknown)[0]}}}, que Pleno no conoce; use {{seq}}, {{year}}, "
                         "{board} u {organization}.", "plantilla_acuerdo")
    try:
        sample = resolution_number(template, 3, 2021, short_name, organization)
    except (KeyError, ValueError, IndexError, AttributeError, TypeError):
        raise unusable from None
    if "seq" not in names or "year" not in names:
        raise BoardError("La plantilla debe llevar el consecutivo {seq} (o {seq:03d}) y el año {year}, como "
                         "«{seq:03d}/CC/SAECH/{year}».", "plantilla_acuerdo")
    if len(sample) > 80:
        raise BoardError("El número de acuerdo resultante es demasiado largo (más de 80 caracteres).",
                         "plantilla_acuerdo")
    return sample


def _whole(values: Mapping[str, Any], name: str, label: str, errors: dict[str, str], default: int,
           minimum: int = 0, maximum: int = 365) -> int:
    raw = str(values.get(name, "") or "").strip()
    if raw == "":
        return default
    try:
        number = int(raw)
    except ValueError:
        errors[name] = f"{label}: escriba un número entero."
        return default
    if not minimum <= number <= maximum:
        errors[name] = f"{label}: debe estar entre {minimum} y {maximum}."
    return number


def _choice(values: Mapping[str, Any], name: str, enum: type, default, errors: dict[str, str]):
    raw = str(values.get(name, "") or "").strip()
    if raw == "":
        return default
    try:
        return enum(raw)
    except ValueError:
        errors[name] = "Elija una de las opciones de la lista."
        return default


def _checked(values: Mapping[str, Any], name: str) -> bool:
    return str(values.get(name, "") or "").lower() in ("1", "on", "true", "si", "sí")


def read_rules(values: Mapping[str, Any]) -> dict[str, Any]:
    """A body's form (Spanish field names) as Board attributes; RulesInvalid lists every wrong field."""
    errors: dict[str, str] = {}
    name = " ".join(str(values.get("nombre", "") or "").split())
    short = str(values.get("nombre_corto", "") or "").strip().upper()
    if not name:
        errors["nombre"] = "Escriba el nombre del órgano colegiado."
    elif len(name) > 200:
        errors["nombre"] = "El nombre es demasiado largo (máximo 200 caracteres)."
    if not short:
        errors["nombre_corto"] = "Escriba las siglas del órgano (por ejemplo CC)."
    elif len(short) > 12 or not short.replace("-", "").isalnum():
        errors["nombre_corto"] = "Las siglas llevan solo letras y números, hasta 12 caracteres."
    rules = {
        "name": name, "short_name": short,
        "ordinary_per_year": _whole(values, "sesiones_ordinarias", "Sesiones ordinarias al año", errors, 4, 0, 52),
        "lead_ordinary": _whole(values, "anticipacion_ordinaria", "Anticipación de la convocatoria ordinaria",
                                errors, 5),
        "lead_extraordinary": _whole(values, "anticipacion_extraordinaria",
                                     "Anticipación de la convocatoria extraordinaria", errors, 2),
        "lead_unit": _choice(values, "unidad_anticipacion", LeadUnit, LeadUnit.CALENDAR_DAYS, errors),
        "quorum_rule": _choice(values, "regla_quorum", QuorumRule, QuorumRule.MAJORITY, errors),
        "second_call": _choice(values, "segunda_convocatoria", SecondCallRule, SecondCallRule.PRESENT, errors),
        "second_call_minimum": _whole(values, "minimo_segunda", "Mínimo en segunda convocatoria", errors, 3, 1, 100),
        "default_majority": _choice(values, "mayoria", MajorityRule, MajorityRule.SIMPLE, errors),
        "casting_vote": _checked(values, "voto_calidad"),
        "minutes_review_days": _whole(values, "dias_revision_acta", "Días para revisar el acta", errors, 5, 0, 60),
        "default_place": " ".join(str(values.get("lugar", "") or "").split())[:300],
        "transparency_committee": _checked(values, "comite_transparencia"),
        "resolution_template": str(values.get("plantilla_acuerdo", "") or "").strip(),
    }
    if rules["default_majority"] == MajorityRule.QUALIFIED:
        errors["mayoria"] = ("La mayoría calificada se fija por materia (abajo); elija otra regla para los "
                             "demás asuntos.")
    try:
        rules["qualified_matters"] = parse_qualified_matters(str(values.get("materias_calificadas", "") or ""))
    except BoardError as exc:
        errors[exc.field] = str(exc)
    if not rules["resolution_template"]:
        errors["plantilla_acuerdo"] = "Escriba la plantilla del número de acuerdo, como «{seq:03d}/CC/SAECH/{year}»."
    else:
        try:
            check_template(rules["resolution_template"], short or "SIGLAS", "ENTE")
        except BoardError as exc:
            errors[exc.field] = str(exc)
    if errors:
        raise RulesInvalid(errors)
    return rules


def rules_values(board: Board) -> dict[str, Any]:
    """A body as its form's values (the inverse of read_rules)."""
    return {"nombre": board.name, "nombre_corto": board.short_name, "sesiones_ordinarias": board.ordinary_per_year,
            "anticipacion_ordinaria": board.lead_ordinary, "anticipacion_extraordinaria": board.lead_extraordinary,
            "unidad_anticipacion": board.lead_unit.value, "regla_quorum": board.quorum_rule.value,
            "segunda_convocatoria": board.second_call.value, "minimo_segunda": board.second_call_minimum,
            "mayoria": board.default_majority.value, "voto_calidad": "1" if board.casting_vote else "",
            "dias_revision_acta": board.minutes_review_days, "lugar": board.default_place,
            "comite_transparencia": "1" if board.transparency_committee else "",
            "plantilla_acuerdo": board.resolution_template, "materias_calificadas": matters_text(board.qualified_matters)}


def _check_unique(db: Session, actor: Actor, rules: dict[str, Any], board_id: int | None) -> None:
    others = db.exec(select(Board).where(Board.organization_id == actor.organization_id)).all()
    errors = {}
    for other in others:
        if other.id == board_id:
            continue
        if other.short_name.upper() == rules["short_name"]:
            errors["nombre_corto"] = f"Las siglas {rules['short_name']} ya son de «{other.name}»."
        # Acuerdo numbers are unique in the organization: two bodies must not number alike.
        if other.resolution_template == rules["resolution_template"] and "{board" not in rules["resolution_template"]:
            errors["plantilla_acuerdo"] = (f"«{other.name}» ya numera sus acuerdos con esta plantilla; "
                                           "distíngala con las siglas del órgano.")
    if errors:
        raise RulesInvalid(errors)


def create_board(db: Session, actor: Actor, values: Mapping[str, Any]) -> Board:
    require_editor(actor)
    rules = read_rules(values)
    _check_unique(db, actor, rules, None)
    board = Board(organization_id=actor.organization_id, **rules)
    db.add(board)
    db.flush()
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "organo.creado", "organo", board.id,
                 summary=f"Creó el órgano colegiado {board.name} ({board.short_name})", after=rules)
    return board


def update_board(db: Session, actor: Actor, board: Board, values: Mapping[str, Any],
                 expected_version: int | None) -> Board:
    require_editor(actor)
    check_version(board, expected_version, "las reglas de este órgano")
    rules = read_rules(values)
    _check_unique(db, actor, rules, board.id)
    before = {key: getattr(board, key) for key in rules}
    changed = {key: value for key, value in rules.items() if before[key] != value}
    if not changed:
        return board
    for key, value in changed.items():
        setattr(board, key, value)
    db.flush()
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "organo.reglas", "organo", board.id,
                 summary=f"Modificó las reglas de {board.name}: {', '.join(sorted(changed))}",
                 before={k: before[k] for k in changed}, after=changed)
    return board


# -- seats --------------------------------------------------------------------------------------

@dataclass
class SeatRow:
    """A titular seat with its suplentes, for the body's page."""

    member: BoardMember
    substitutes: list[BoardMember] = field(default_factory=list)


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
        return Person(name, " ".join(self.position.split())[:300], email, self.user_id)


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
                         name=person.name, position=person.position, email=person.email, role=role,
                         votes=votes and role != MemberRole.INVITADO, term_start=term_start, term_end=term_end)
    db.add(member)
    _bump(board)
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
                         name=person.name, position=person.position, email=person.email, role=seat.role,
                         votes=seat.votes, substitute_for_id=seat.id, term_start=term_start,
                         term_end=term_end if term_end is not None else seat.term_end)
    db.add(member)
    _bump(board)
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
    _bump(board)
    db.flush()
    _log(db, actor, board, "organo.fin_cargo",
         f"Terminó el cargo de {member.name} ({member.role.label}) el {last_day.strftime('%d/%m/%Y')}",
         {"integrante": member.id, "hasta": last_day})


def _close(db: Session, member: BoardMember, last_day: date) -> None:
    member.term_end = last_day
    for suplente in db.exec(select(BoardMember).where(BoardMember.substitute_for_id == member.id)).all():
        if suplente.term_end is None or suplente.term_end > last_day:
            suplente.term_end = max(last_day, suplente.term_start - timedelta(days=1))


def _successor_seat(db: Session, seat: BoardMember, role: MemberRole, start: date) -> BoardMember:
    """The same person in a new seat from `start`, with the suplentes serving that day carried over."""
    new = BoardMember(organization_id=seat.organization_id, board_id=seat.board_id, user_id=seat.user_id,
                      name=seat.name, position=seat.position, email=seat.email, role=role, votes=True,
                      term_start=start)
    db.add(new)
    db.flush()
    for suplente in db.exec(select(BoardMember).where(BoardMember.substitute_for_id == seat.id)).all():
        if suplente.serves_on(start):
            db.add(BoardMember(organization_id=seat.organization_id, board_id=seat.board_id,
                               user_id=suplente.user_id, name=suplente.name, position=suplente.position,
                               email=suplente.email, role=role, votes=True, substitute_for_id=new.id,
                               term_start=start, term_end=suplente.term_end))
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
    _bump(board)
    db.flush()
    _log(db, actor, board, "organo.presidencia",
         f"Rotó la presidencia de {board.name} para {year}: preside {president.name}"
         + (f" en lugar de {outgoing.name}" if outgoing else ""),
         {"presidente": president.id, "anterior": outgoing.id if outgoing else None, "desde": start})
    return president


def boards_of(db: Session, organization_id: int, active_only: bool = False) -> list[Board]:
    query = select(Board).where(Board.organization_id == organization_id)
    if active_only:
        query = query.where(Board.active)
    return list(db.exec(query.order_by(Board.name)).all())
