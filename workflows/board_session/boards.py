"""Bodies and their rules as data: create and edit a body; who may (seats are in members.py)."""

from collections.abc import Mapping
from string import Formatter
from typing import Any

from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor, Role
from engine.clock import today_in
from workflows.board_session.models import (Board, Convener, LeadUnit, MajorityRule, QuorumRule, Resolution,
                                            SecondCallRule)
from workflows.board_session.naming import resolution_number
from workflows.board_session.sessions import BoardError, check_version

# Who keeps the bodies' rules and seats: the Dirección Jurídica and the platform's administration.
EDITORS = frozenset({Role.JURIDICO, Role.ADMIN})
TEMPLATE_FIELDS = frozenset({"seq", "year", "board", "organization"})


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


def bump(board: Board) -> None:
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
        "convener": _choice(values, "convoca", Convener, Convener.THROUGH_SECRETARY, errors),
        "certification_basis": " ".join(str(values.get("fundamento_certificacion", "") or "").split()),
        "minutes_review_days": _whole(values, "dias_revision_acta", "Días para revisar el acta", errors, 5, 0, 60),
        "default_place": " ".join(str(values.get("lugar", "") or "").split())[:300],
        "transparency_committee": _checked(values, "comite_transparencia"),
        # A new body is always active; an inactive one keeps its history but plans no more sessions.
        "active": _checked(values, "activo") if "activo_en_formulario" in values else True,
        "resolution_template": str(values.get("plantilla_acuerdo", "") or "").strip(),
    }
    if len(rules["certification_basis"]) > 300:
        errors["fundamento_certificacion"] = "El fundamento es demasiado largo (máximo 300 caracteres)."
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
            "convoca": board.convener.value, "fundamento_certificacion": board.certification_basis,
            "dias_revision_acta": board.minutes_review_days, "lugar": board.default_place,
            "comite_transparencia": "1" if board.transparency_committee else "",
            "activo": "1" if board.active else "", "activo_en_formulario": "1",
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
    this_year = today_in(actor.timezone).year  # the organization's, not UTC's
    if "resolution_template" in changed and db.exec(select(Resolution.id).where(
            Resolution.board_id == board.id, Resolution.year >= this_year)).first() is not None:
        # A year's acuerdos are numbered alike; a new template starts with the next year's first acuerdo.
        raise RulesInvalid({"plantilla_acuerdo": "Este año ya hay acuerdos numerados con la plantilla actual; "
                                                 "cámbiela cuando empiece el año siguiente."})
    if not changed:
        return board
    for key, value in changed.items():
        setattr(board, key, value)
    db.flush()
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "organo.reglas", "organo", board.id,
                 summary=f"Modificó las reglas de {board.name}: {', '.join(sorted(changed))}",
                 before={k: before[k] for k in changed}, after=changed)
    return board


def boards_of(db: Session, organization_id: int, active_only: bool = False) -> list[Board]:
    query = select(Board).where(Board.organization_id == organization_id)
    if active_only:
        query = query.where(Board.active)
    return list(db.exec(query.order_by(Board.name)).all())
