"""Rule sets: the legal terms of each law as data, and the variants an organization defines.

Built-in rule sets are JSON files under engine/legal_data/rule_sets/ (one per law and version).
A state variant (e.g. Chihuahua's 10 + 5 días hábiles) is a row that names its base rule set and
overrides some parameters, so an administrator defines it without code. Each parameter carries
its value, unit and legal basis, and the basis is shown beside every date computed from it.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy import JSON
from sqlmodel import Field, Session, SQLModel, UniqueConstraint, select

from engine.business_calendar import Unit
from engine.labels import LabeledEnum

RULE_SET_DIR = Path(__file__).parent / "legal_data" / "rule_sets"


class Procedure(LabeledEnum):
    """The kinds of procedure an organization chooses a rule set for."""

    ACCESO = "acceso", "Solicitudes de acceso a la información"
    ARCO = "arco", "Solicitudes de derechos ARCO"
    OBLIGACIONES = "obligaciones", "Obligaciones de transparencia"
    CORRESPONDENCIA = "correspondencia", "Oficialía de partes"
    SESIONES = "sesiones", "Sesiones de órganos colegiados"


DEFAULT_RULE_SETS = {
    Procedure.ACCESO: "MX-LGTAIP-2025",
    Procedure.ARCO: "MX-LGPDPPSO",
    Procedure.OBLIGACIONES: "MX-LGTAIP-2025",
    Procedure.CORRESPONDENCIA: "PLENO-INTERNO",
    Procedure.SESIONES: "PLENO-INTERNO",
}


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    value: int
    unit: Unit
    basis: str
    # The basis as the law's data has it still awaits checking against the text of the law: the
    # rules page says so, and documents print the citation alone (never a drafting note).
    to_verify: bool = False
    # What staff should know of the rule and the law does not cite («Una sola vez.»): shown on the pages
    # that explain a term and on the rules page, never printed in a document (the basis is the citation).
    note: str = ""

    def describe(self) -> str:
        return f"{self.value} {self.unit.label} ({self.basis})"

    @property
    def amount(self) -> str:
        """The term in words: «10 días hábiles», «1 mes»."""
        return Unit(self.unit).amount(self.value)


@dataclass(frozen=True)
class LegalLimit:
    """A number of the law that is not a term, e.g. how many hojas simples are delivered free."""
    key: str
    label: str
    value: int
    unit: str  # what is counted, in words: «hojas»
    basis: str
    to_verify: bool = False  # as Rule.to_verify


@dataclass(frozen=True)
class LegalBasis:
    """A provision a document cites that sets no number, e.g. the Comité's power to confirm a clasificación."""
    key: str
    label: str
    basis: str
    to_verify: bool = False  # as Rule.to_verify


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: str
    country: str
    holiday_list: str
    rules: dict[str, Rule]
    base_code: str | None = None
    # The kinds of procedure this law governs (empty: any).
    procedures: tuple[str, ...] = ()
    # Numbers of the law that are not terms (a variant may change them too).
    limits: dict[str, LegalLimit] = field(default_factory=dict)
    # The law's provisions documents cite without a number (a variant may change their basis).
    bases: dict[str, LegalBasis] = field(default_factory=dict)
    # A law that replaced another: the day it took effect and the code of the law it replaced, which
    # still governs what was filed before (a built-in law's data; a variant names no dates). The first
    # law of a procedure with its day only: nothing filed before it has terms under a law Pleno knows.
    valid_from: date | None = None
    replaces: str | None = None

    def rule(self, key: str) -> Rule:
        try:
            return self.rules[key]
        except KeyError:
            raise UnknownRule(f"El conjunto de reglas {self.code} no define el plazo «{key}».") from None

    def basis_of(self, key: str) -> str | None:
        """The legal basis a document cites for `key`, or None where this law names none."""
        found = self.bases.get(key)
        return found.basis if found else None


class UnknownRule(LookupError):
    pass


class RuleSetVariant(SQLModel, table=True):
    """An organization's own rule set: a base rule set with some parameters changed."""

    __table_args__ = (UniqueConstraint("organization_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    code: str = Field(max_length=60)
    name: str = Field(max_length=250)
    base_code: str = Field(max_length=60)
    # {"respuesta": {"value": 10, "unit": "habiles", "basis": "Ley de Transparencia de Chihuahua, art. …"}};
    # a limit of the base (e.g. "hojas_sin_costo") takes value and basis only.
    overrides: dict = Field(default_factory=dict, sa_type=JSON)
    # Another national holiday list than the base's (e.g. the LFPA's fixed dates); None keeps it.
    holiday_list: str | None = Field(default=None, max_length=30)


class ProcedureRuleSet(SQLModel, table=True):
    """Which rule set an organization applies to each kind of procedure."""

    __table_args__ = (UniqueConstraint("organization_id", "procedure"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    procedure: Procedure = Field(max_length=30)
    rule_set_code: str = Field(max_length=60)


def _rules_from(parameters: dict) -> dict[str, Rule]:
    return {key: Rule(key, spec["label"], int(spec["value"]), Unit(spec["unit"]), spec["basis"],
                      bool(spec.get("to_verify")), spec.get("note", ""))
            for key, spec in parameters.items()}


@cache
def builtin_rule_sets() -> dict[str, RuleSet]:
    rule_sets = {}
    for path in sorted(RULE_SET_DIR.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        limits = {key: LegalLimit(key, limit["label"], int(limit["value"]), limit["unit"], limit["basis"],
                                  bool(limit.get("to_verify"))) for key, limit in spec.get("limits", {}).items()}
        bases = {key: LegalBasis(key, basis["label"], basis["basis"], bool(basis.get("to_verify")))
                 for key, basis in spec.get("bases", {}).items()}
        valid_from = date.fromisoformat(spec["valid_from"]) if spec.get("valid_from") else None
        rule_sets[spec["code"]] = RuleSet(spec["code"], spec["name"], spec["country"], spec["holiday_list"],
                                          _rules_from(spec["parameters"]),
                                          procedures=tuple(spec.get("procedures", ())), limits=limits, bases=bases,
                                          valid_from=valid_from, replaces=spec.get("replaces"))
    return rule_sets


def in_force_on(code: str, day: date) -> str:
    """The rule set that governs what was filed that day under `code`: a procedure follows the law in force
    the day it began, so a built-in law that took effect later hands it to the law it replaced (a request of
    10 March 2025 is answered under the LGTAIP of 2015, not the one of 2025). A variant is kept as chosen."""
    rule_set = builtin_rule_sets().get(code)
    while rule_set is not None and rule_set.replaces and rule_set.valid_from and day < rule_set.valid_from:
        code = rule_set.replaces
        rule_set = builtin_rule_sets().get(code)
    return code


def before_the_first_law(procedure: Procedure | str, day: date) -> RuleSet | None:
    """The first law Pleno knows for the procedure (its default law, or the oldest one that law replaced),
    if `day` is before that law took effect: a filing of that day has no terms under it, and counting
    them as if it had would give wrong dates (an access request before the LGTAIP of 5 May 2015, an ARCO
    request before the LGPDPPSO of 27 January 2017)."""
    rule_set = builtin_rule_sets()[DEFAULT_RULE_SETS[Procedure(procedure)]]
    while rule_set.replaces:
        rule_set = builtin_rule_sets()[rule_set.replaces]
    return rule_set if rule_set.valid_from is not None and day < rule_set.valid_from else None


def apply_variant(base: RuleSet, variant: RuleSetVariant) -> RuleSet:
    rules, limits, bases = dict(base.rules), dict(base.limits), dict(base.bases)
    for key, change in variant.overrides.items():
        if key in base.bases:  # a provision cited without a number: its basis only
            original = base.bases[key]
            basis = change.get("basis", original.basis)
            bases[key] = LegalBasis(key, original.label, basis, _still_to_verify(original, basis))
            continue
        if key in base.limits:  # a number that is not a term: its value and basis only
            original = base.limits[key]
            basis = change.get("basis", original.basis)
            limits[key] = LegalLimit(key, original.label, int(change.get("value", original.value)), original.unit,
                                     basis, _still_to_verify(original, basis))
            continue
        original = base.rules.get(key)
        # The note stays with the rule whatever basis a variant cites: like the label, it explains the kind
        # of term (one ampliación, notified in time), not the article.
        merged = {"label": original.label if original else key,
                  "value": original.value if original else 0,
                  "unit": original.unit.value if original else Unit.BUSINESS_DAYS.value,
                  "basis": original.basis if original else "",
                  "note": original.note if original else ""} | change
        merged["to_verify"] = original is not None and _still_to_verify(original, merged["basis"])
        rules[key] = _rules_from({key: merged})[key]
    return RuleSet(variant.code, variant.name, base.country, variant.holiday_list or base.holiday_list, rules,
                   base_code=base.code, procedures=base.procedures, limits=limits, bases=bases)


def _still_to_verify(original: Rule | LegalLimit | LegalBasis, basis: str) -> bool:
    """A variant that wrote its own basis cites what its organization checked; one that kept the base's
    text keeps the base's doubt."""
    return original.to_verify and basis.strip() == original.basis


def validate_overrides(overrides: dict) -> list[str]:
    """Spanish messages for overrides that could not be applied (empty when they are valid)."""
    problems = []
    for key, change in overrides.items():
        if not isinstance(change, dict):
            problems.append(f"«{key}»: se esperaba un objeto con value, unit y basis.")
            continue
        if "value" in change and (not isinstance(change["value"], int) or change["value"] < 0):
            problems.append(f"«{key}»: el valor debe ser un número entero no negativo.")
        if "unit" in change and change["unit"] not in {unit.value for unit in Unit}:
            problems.append(f"«{key}»: la unidad debe ser habiles, naturales o meses.")
        if not str(change.get("basis", "x")).strip():
            problems.append(f"«{key}»: indique el fundamento legal.")
    return problems


def rule_set_by_code(session: Session, organization_id: int, code: str) -> RuleSet:
    """A built-in rule set or one of the organization's variants."""
    builtins = builtin_rule_sets()
    if code in builtins:
        return builtins[code]
    variant = session.exec(select(RuleSetVariant).where(
        RuleSetVariant.organization_id == organization_id, RuleSetVariant.code == code)).first()
    if variant is None or variant.base_code not in builtins:
        raise UnknownRule(f"No existe el conjunto de reglas {code}.")
    return apply_variant(builtins[variant.base_code], variant)


def rule_set_code_for(session: Session, organization_id: int, procedure: Procedure | str) -> str:
    chosen = session.exec(select(ProcedureRuleSet.rule_set_code).where(
        ProcedureRuleSet.organization_id == organization_id, ProcedureRuleSet.procedure == procedure)).first()
    return chosen or DEFAULT_RULE_SETS[Procedure(procedure)]


def rule_set_code_in_force(session: Session, organization_id: int, procedure: Procedure | str, day: date) -> str:
    """The rule set a filing of that day opens its terms under: the organization's choice for the procedure, or
    the law that choice replaced if it was not yet in force that day (see in_force_on)."""
    return in_force_on(rule_set_code_for(session, organization_id, procedure), day)


def rule_set_for(session: Session, organization_id: int, procedure: Procedure | str) -> RuleSet:
    """The rule set the organization applies today to a kind of procedure."""
    return rule_set_by_code(session, organization_id, rule_set_code_for(session, organization_id, procedure))


def available_rule_sets(session: Session, organization_id: int) -> list[RuleSet]:
    variants = session.exec(select(RuleSetVariant).where(RuleSetVariant.organization_id == organization_id)
                            .order_by(RuleSetVariant.code)).all()
    builtins = builtin_rule_sets()
    return list(builtins.values()) + [apply_variant(builtins[v.base_code], v) for v in variants
                                      if v.base_code in builtins]
