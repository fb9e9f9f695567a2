"""Administration of rule sets (which law each procedure follows, the organization's variants) and alerts.

A state variant (Chihuahua's 10 + 5 días hábiles, say) is made on a page from a built-in rule set
by changing some parameters' value, unit or legal basis; no code is needed. Deadlines already open
keep the rule set they were opened under.
"""

import re
from typing import Any

from litestar import Router, get, post
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from pydantic import BaseModel, field_validator
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor
from engine.alert_policy import OPTION_KINDS, QUIET_KINDS, RECIPIENT_LABELS, days_before, policy_for, recipients_of
from engine.business_calendar import Unit
from engine.calendar_overlay import OverlayError, change_alert_policy
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind
from engine.forms import FormInvalid, validate_form
from engine.holiday_lists import holiday_lists
from engine.labels import counted
from engine.rule_sets import (Procedure, ProcedureRuleSet, RuleSet, RuleSetVariant, apply_variant,
                              available_rule_sets, builtin_rule_sets, rule_set_code_for, validate_overrides)
from engine.tenancy import Organization
from web import form_versions
from web.routes.admin import FormData, own, require_admin

UNITS = [(unit.value, unit.label) for unit in Unit]
RECIPIENTS = list(RECIPIENT_LABELS.items())
BASIS_LIMIT = 400

# Two administrators editing at once (web/form_versions.py).
STALE_CHOICE = ("Otra persona cambió los conjuntos de reglas por procedimiento mientras usted los editaba."
                + form_versions.AGAIN)
DUPLICATE_VARIANT = "Ya existe un conjunto de reglas con esa clave."
STALE_VARIANT = "Otra persona modificó este conjunto de reglas mientras usted lo editaba." + form_versions.AGAIN
STALE_ALERTS = ("Otra persona modificó la política de alertas de este plazo mientras usted la editaba."
                + form_versions.AGAIN)
ALERT_LABELS = {"dias_antes": "Días hábiles antes del vencimiento", "al_vencer": "Avisar el día del vencimiento",
                "diario_vencido": "Avisar cada día hábil mientras esté vencido",
                "escalar": "Escalar al titular del área", "destinatarios": "Destinatarios"}


def _page(name: str, admin: Actor, status: int = 200, **context: Any) -> Template:
    return Template(f"admin/{name}.html", context={"actor": admin, **context}, status_code=status)


def _redirect(url: str) -> Redirect:
    return Redirect(url, status_code=303)


def _record(session: Session, admin: Actor, action: str, object_type: str, object_id: Any, summary: str,
            before: Any = None, after: Any = None) -> None:
    audit.record(session, admin.organization_id, admin.user_id, admin.name, action, object_type, object_id,
                 summary=summary, before=before, after=after)


# -- rule sets per procedure --------------------------------------------------------------------


def _options(rule_sets: list[RuleSet], procedure: Procedure) -> list[tuple[str, str]]:
    """The rule sets that govern this kind of procedure (a variant governs what its base does)."""
    return [(rs.code, f"{rs.code} · {rs.name}") for rs in rule_sets
            if not rs.procedures or procedure.value in rs.procedures]


def _lock_organization(session: Session, admin: Actor) -> None:
    """Lock the organization's row while checking a form whose values may have no row of their own yet
    (a procedure never given a rule set, a kind of deadline with the default alerts): two saves at
    once then check their version one after the other (PostgreSQL; SQLite serializes writers)."""
    session.get(Organization, admin.organization_id, with_for_update=True)


def _choice_values(session: Session, admin: Actor) -> dict[str, Any]:
    return {p.value: rule_set_code_for(session, admin.organization_id, p) for p in Procedure}


def _rules_page(session: Session, admin: Actor, status: int = 200, **context: Any) -> Template:
    org_id = admin.organization_id
    rule_sets = available_rule_sets(session, org_id)
    variant_ids = dict(session.exec(select(RuleSetVariant.code, RuleSetVariant.id).where(
        RuleSetVariant.organization_id == org_id)).all())
    context.setdefault("values", form_versions.loaded(_choice_values(session, admin)))
    context.setdefault("errors", {})
    used_by: dict[str, list[str]] = {}
    for procedure in Procedure:
        used_by.setdefault(rule_set_code_for(session, org_id, procedure), []).append(procedure.label)
    return _page("rules", admin, status, rule_sets=rule_sets, variant_ids=variant_ids, used_by=used_by,
                 procedures=[(p, _options(rule_sets, p)) for p in Procedure],
                 holiday_names={code: spec["name"] for code, spec in holiday_lists().items()},
                 builtins=list(builtin_rule_sets().values()), **context)


@get("/reglas", sync_to_thread=True)
def rules(admin: Actor, db: Session, guardado: str | None = None, eliminado: str | None = None) -> Template:
    notice = {"procedimientos": "Se guardaron los conjuntos de reglas por procedimiento. Los plazos ya abiertos "
                                "conservan las reglas con que se abrieron."}.get(guardado or "")
    if guardado and notice is None:
        notice = f"Se guardó el conjunto de reglas {guardado}."
    if eliminado:
        notice = f"Se eliminó el conjunto de reglas {eliminado}."
    return _rules_page(db, admin, notice=notice)


@post("/reglas/procedimientos", sync_to_thread=True)
def choose_rule_sets(admin: Actor, state: State, data: FormData) -> Template | Redirect:
    with transaction(state.engine) as session:
        _lock_organization(session, admin)
        rule_sets = available_rule_sets(session, admin.organization_id)
        errors = {p.value: "Elija un conjunto de reglas que regule este procedimiento." for p in Procedure
                  if data.get(p.value) not in {code for code, _ in _options(rule_sets, p)}}
        stale = form_versions.conflict(data, _choice_values(session, admin), STALE_CHOICE,
                                       {p.value: p.label for p in Procedure})
        if stale:
            return _rules_page(session, admin, 409, values=stale.values, errors=errors, conflict=stale)
        if errors:
            return _rules_page(session, admin, 400, values=data, errors=errors)
        for procedure in Procedure:
            _choose(session, admin, procedure, data[procedure.value])
    return _redirect("/admin/reglas?guardado=procedimientos")


def _choose(session: Session, admin: Actor, procedure: Procedure, code: str) -> None:
    row = session.exec(select(ProcedureRuleSet).where(ProcedureRuleSet.organization_id == admin.organization_id,
                                                      ProcedureRuleSet.procedure == procedure)).first()
    before = row.rule_set_code if row else rule_set_code_for(session, admin.organization_id, procedure)
    if before == code and row is not None:
        return
    if row is None:
        row = ProcedureRuleSet(organization_id=admin.organization_id, procedure=procedure, rule_set_code=code)
        session.add(row)
    row.rule_set_code = code
    session.flush()
    _record(session, admin, "reglas.procedimiento", "procedureruleset", row.id,
            f"{procedure.label}: conjunto de reglas {code}", before={"conjunto": before}, after={"conjunto": code})


# -- variants -----------------------------------------------------------------------------------


def _rule_values(rule_set: RuleSet) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, rule in rule_set.rules.items():
        values |= {f"valor-{key}": str(rule.value), f"unidad-{key}": rule.unit.value, f"fundamento-{key}": rule.basis}
    for key, limit in rule_set.limits.items():
        values |= {f"valor-{key}": str(limit.value), f"fundamento-{key}": limit.basis}
    for key, provision in rule_set.bases.items():
        values[f"fundamento-{key}"] = provision.basis
    return values


def _overrides(base: RuleSet, data: dict[str, Any]) -> tuple[dict[str, dict], dict[str, str]]:
    """The parameters that differ from the base rule set, and a Spanish message per bad row."""
    overrides, errors = {}, {}
    for key, rule in base.rules.items():
        raw = str(data.get(f"valor-{key}", rule.value)).strip()
        basis = str(data.get(f"fundamento-{key}", rule.basis)).strip()
        if not re.fullmatch(r"-?\d{1,5}", raw):
            errors[f"valor-{key}"] = "Escriba un número entero de días o meses."
            continue
        if len(basis) > BASIS_LIMIT:
            errors[f"fundamento-{key}"] = f"Escriba como máximo {BASIS_LIMIT} caracteres."
            continue
        wanted = {"value": int(raw), "unit": str(data.get(f"unidad-{key}", rule.unit.value)), "basis": basis}
        change = {name: value for name, value, original in (("value", wanted["value"], rule.value),
                                                             ("unit", wanted["unit"], rule.unit.value),
                                                             ("basis", wanted["basis"], rule.basis))
                  if value != original}
        problems = validate_overrides({key: change})
        if problems:
            errors[f"regla-{key}"] = problems[0].split(": ", 1)[-1]
        elif change:
            overrides[key] = change
    for key, limit in base.limits.items():
        raw = str(data.get(f"valor-{key}", limit.value)).strip()
        basis = str(data.get(f"fundamento-{key}", limit.basis)).strip()
        if not re.fullmatch(r"\d{1,5}", raw):
            errors[f"valor-{key}"] = "Escriba un número entero no negativo."
        elif not basis or len(basis) > BASIS_LIMIT:
            errors[f"fundamento-{key}"] = (f"Escriba como máximo {BASIS_LIMIT} caracteres." if basis
                                           else "Indique el fundamento legal.")
        else:
            change = {name: value for name, value, original in (("value", int(raw), limit.value),
                                                                 ("basis", basis, limit.basis)) if value != original}
            if change:
                overrides[key] = change
    for key, provision in base.bases.items():
        basis = str(data.get(f"fundamento-{key}", provision.basis)).strip()
        if not basis or len(basis) > BASIS_LIMIT:
            errors[f"fundamento-{key}"] = (f"Escriba como máximo {BASIS_LIMIT} caracteres." if basis
                                           else "Indique el fundamento legal.")
        elif basis != provision.basis:
            overrides[key] = {"basis": basis}
    return overrides, errors


class VariantForm(BaseModel):
    clave: str
    nombre: str

    @field_validator("clave")
    @classmethod
    def code_like(cls, value: str) -> str:
        value = value.strip().upper()
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{2,59}", value):
            raise ValueError("Use de 3 a 60 letras sin acentos, números o guiones (p. ej. CHIH-LTAIP).")
        if value in builtin_rule_sets():
            raise ValueError("Esa clave es de un conjunto de reglas de la ley; elija otra.")
        return value

    @field_validator("nombre")
    @classmethod
    def named(cls, value: str) -> str:
        return _variant_name(value)


def _variant_name(value: str) -> str:
    value = value.strip()
    if not 5 <= len(value) <= 250:
        raise ValueError("Escriba un nombre de 5 a 250 caracteres (p. ej. «Ley de Transparencia de Chihuahua»).")
    return value


def _variant_page(admin: Actor, base: RuleSet, variant: RuleSetVariant | None, values: dict[str, Any],
                  errors: dict[str, str], status: int = 200,
                  conflict: form_versions.Conflict | None = None) -> Template:
    return _page("rules_variant", admin, status, base=base, variant=variant, values=values, errors=errors,
                 conflict=conflict, units=UNITS, builtins=list(builtin_rule_sets().values()),
                 holiday_options=[(code, spec["name"]) for code, spec in holiday_lists().items()])


def _holiday_list(base: RuleSet, data: dict[str, Any], errors: dict[str, str]) -> str | None:
    """The holiday list chosen on the form when it differs from the base's (None: the base's)."""
    chosen = str(data.get("lista_festivos") or base.holiday_list)
    if chosen not in holiday_lists():
        errors["lista_festivos"] = "Elija una de las listas de días festivos."
        return None
    return None if chosen == base.holiday_list else chosen


def _base(code: str | None) -> RuleSet:
    builtins = builtin_rule_sets()
    return builtins.get(code or "") or builtins["MX-LGTAIP-2025"]


@get("/reglas/nueva", sync_to_thread=True)
def new_variant(admin: Actor, base: str | None = None) -> Template:
    base_set = _base(base)
    return _variant_page(admin, base_set, None, {"base": base_set.code, "lista_festivos": base_set.holiday_list}
                         | _rule_values(base_set), {})


@post("/reglas/variantes", sync_to_thread=True)
def create_variant(admin: Actor, state: State, data: FormData) -> Template | Redirect:
    base = _base(data.get("base"))
    errors: dict[str, str] = {}
    try:
        form = validate_form(VariantForm, data)
    except FormInvalid as exc:
        form, errors = None, dict(exc.errors)
    overrides, override_errors = _overrides(base, data)
    errors |= override_errors
    holiday_list = _holiday_list(base, data, errors)
    if not overrides and holiday_list is None and not errors:
        errors["general"] = "Cambie al menos un parámetro; si no, use directamente el conjunto de la ley."
    try:
        with transaction(state.engine) as session:
            if form is not None and _variant_code_taken(session, admin, form.clave):
                errors["clave"] = DUPLICATE_VARIANT
            if errors:
                return _variant_page(admin, base, None, data, errors, 400)
            variant = RuleSetVariant(organization_id=admin.organization_id, code=form.clave, name=form.nombre,
                                     base_code=base.code, overrides=overrides, holiday_list=holiday_list)
            session.add(variant)
            session.flush()
            _record(session, admin, "reglas.variante_creada", "rulesetvariant", variant.id,
                    f"Creó el conjunto de reglas {variant.code} a partir de {base.code}", after=overrides)
    except IntegrityError:
        # Another administrator created the same key between the check and the insert.
        return _variant_page(admin, base, None, data, {"clave": DUPLICATE_VARIANT}, 400)
    return _redirect(f"/admin/reglas?guardado={variant.code}")


def _variant_code_taken(session: Session, admin: Actor, code: str) -> bool:
    return session.exec(select(RuleSetVariant.id).where(
        RuleSetVariant.organization_id == admin.organization_id, RuleSetVariant.code == code)).first() is not None


@get("/reglas/variantes/{variant_id:int}", sync_to_thread=True)
def edit_variant(admin: Actor, db: Session, variant_id: int) -> Template:
    variant = own(db, admin, RuleSetVariant, variant_id)
    base = _base(variant.base_code)
    return _variant_page(admin, base, variant, form_versions.loaded(_variant_values(base, variant)), {})


def _variant_values(base: RuleSet, variant: RuleSetVariant) -> dict[str, Any]:
    """The editor's fields as the variant stands."""
    return {"clave": variant.code, "nombre": variant.name,
            "lista_festivos": variant.holiday_list or base.holiday_list} | _rule_values(apply_variant(base, variant))


def _variant_conflict(base: RuleSet, variant: RuleSetVariant, data: dict[str, Any]) -> form_versions.Conflict | None:
    current = _variant_values(base, variant)
    labels = {"nombre": "Nombre", "lista_festivos": "Días festivos nacionales"}
    shown = {"lista_festivos": holiday_lists()[current["lista_festivos"]]["name"]}
    for key, rule in base.rules.items():
        labels |= {f"valor-{key}": f"{rule.label}: valor", f"unidad-{key}": f"{rule.label}: unidad",
                   f"fundamento-{key}": f"{rule.label}: fundamento"}
        shown[f"unidad-{key}"] = Unit(current[f"unidad-{key}"]).label
    for key, limit in base.limits.items():
        labels |= {f"valor-{key}": f"{limit.label}: valor", f"fundamento-{key}": f"{limit.label}: fundamento"}
    for key, provision in base.bases.items():
        labels[f"fundamento-{key}"] = f"{provision.label}: fundamento"
    return form_versions.conflict(data, current, STALE_VARIANT, labels, shown)


@post("/reglas/variantes/{variant_id:int}", sync_to_thread=True)
def update_variant(admin: Actor, state: State, data: FormData, variant_id: int) -> Template | Redirect:
    with transaction(state.engine) as session:
        variant = own(session, admin, RuleSetVariant, variant_id, for_update=True)
        base = _base(variant.base_code)
        overrides, errors = _overrides(base, data)
        holiday_list = _holiday_list(base, data, errors)
        try:
            name = _variant_name(str(data.get("nombre", "")))
        except ValueError as exc:
            errors["nombre"] = str(exc)
        if not overrides and holiday_list is None and not errors:
            errors["general"] = "Cambie al menos un parámetro; si no, use directamente el conjunto de la ley."
        stale = _variant_conflict(base, variant, data)
        if stale:
            return _variant_page(admin, base, variant, stale.values | {"clave": variant.code}, errors, 409, stale)
        if errors:
            return _variant_page(admin, base, variant, data | {"clave": variant.code}, errors, 400)
        before = variant.overrides | {"lista_festivos": variant.holiday_list}
        variant.name, variant.overrides, variant.holiday_list = name, overrides, holiday_list
        _record(session, admin, "reglas.variante_modificada", "rulesetvariant", variant.id,
                f"Modificó el conjunto de reglas {variant.code}", before=before,
                after=overrides | {"lista_festivos": holiday_list})
    return _redirect(f"/admin/reglas?guardado={variant.code}")


def _why_kept(session: Session, variant: RuleSetVariant) -> str | None:
    """Why a variant cannot be deleted: a procedure applies it, or a term was counted with it (its
    explanation names it and is computed from it again)."""
    procedures = session.exec(select(ProcedureRuleSet.procedure).where(
        ProcedureRuleSet.organization_id == variant.organization_id,
        ProcedureRuleSet.rule_set_code == variant.code)).all()
    if procedures:
        names = ", ".join(Procedure(p).label.lower() for p in procedures)
        return (f"No se puede eliminar: se aplica a {names}. Elija antes otro conjunto para ese procedimiento "
                "en Reglas por procedimiento.")
    terms = session.exec(select(func.count()).select_from(Deadline).where(
        Deadline.organization_id == variant.organization_id, Deadline.rule_set_code == variant.code)).one()
    if terms:
        return (f"No se puede eliminar: con él se contaron {counted(terms, 'plazo', 'plazos')}, que lo "
                "siguen citando.")
    return None


@post("/reglas/variantes/{variant_id:int}/eliminar", sync_to_thread=True)
def delete_variant(admin: Actor, state: State, variant_id: int) -> Template | Redirect:
    with transaction(state.engine) as session:
        variant = own(session, admin, RuleSetVariant, variant_id)
        refusal = _why_kept(session, variant)
        if refusal:
            base = _base(variant.base_code)
            return _variant_page(admin, base, variant, form_versions.loaded(_variant_values(base, variant)),
                                 {"general": refusal}, 409)
        code = variant.code
        _record(session, admin, "reglas.variante_eliminada", "rulesetvariant", variant.id,
                f"Eliminó el conjunto de reglas {code}", before={"base": variant.base_code, **variant.overrides})
        session.delete(variant)
    return _redirect(f"/admin/reglas?eliminado={code}")


# -- alert policies -----------------------------------------------------------------------------


class AlertForm(BaseModel):
    dias_antes: list[int]
    al_vencer: bool = False
    diario_vencido: bool = False
    escalar: bool = False
    destinatarios: list[str]

    @field_validator("dias_antes", mode="before")
    @classmethod
    def comma_separated(cls, value: Any) -> list[int]:
        parts = [part.strip() for part in str(value or "").split(",") if part.strip()]
        if not all(part.isdigit() and int(part) <= 60 for part in parts):
            raise ValueError("Escriba días hábiles de 0 a 60 separados por comas, p. ej. 5,3,1.")
        return [int(part) for part in parts]

    @field_validator("destinatarios", mode="before")
    @classmethod
    def checkbox_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("destinatarios")
    @classmethod
    def known(cls, value: list[str]) -> list[str]:
        if not value or set(value) - set(RECIPIENT_LABELS):
            raise ValueError("Elija al menos un destinatario de la lista.")
        return value


def _kind(kind: str) -> DeadlineKind:
    if kind not in DeadlineKind._value2member_map_:
        raise NotFoundException()
    return DeadlineKind(kind)


def _quiet_note(kind: DeadlineKind) -> str:
    """What the overdue and escalation boxes do not do for a term that runs for the requester."""
    if kind.value in QUIET_KINDS:
        return ("Este plazo corre para la persona solicitante: cuando vence no hay incumplimiento del ente, así que "
                "no se avisa mientras esté vencido ni se escala, aunque se marquen esas casillas.")
    if kind.value in OPTION_KINDS:
        return ("Este plazo es el último día de una opción de la Unidad de Transparencia mientras analiza la "
                "solicitud: si transcurre sin usarse, la opción se pierde sin incumplimiento, así que no se avisa "
                "mientras esté vencido ni se escala, aunque se marquen esas casillas.")
    if kind == DeadlineKind.RECURSO:
        return ("El plazo para interponer el recurso corre para la persona solicitante: cuando vence no se avisa "
                "mientras esté vencido ni se escala. Esas casillas valen para el cumplimiento de la resolución.")
    return ""


def _alert_values(session: Session, admin: Actor, kind: DeadlineKind) -> dict[str, Any]:
    """The policy as its form sends it (a ticked box as "1"), so a stale form names only real differences."""
    policy = policy_for(session, admin.organization_id, kind)
    ticked = lambda on: "1" if on else ""  # noqa: E731
    return {"dias_antes": ",".join(str(n) for n in days_before(policy)),
            "al_vencer": ticked(policy.on_due_day), "diario_vencido": ticked(policy.daily_while_overdue),
            "escalar": ticked(policy.escalate), "destinatarios": recipients_of(policy)}


def _alerts_conflict(current: dict[str, Any], data: dict[str, Any]) -> form_versions.Conflict | None:
    shown = {name: "Sí" if current[name] else "No" for name in ("al_vencer", "diario_vencido", "escalar")}
    shown["destinatarios"] = "; ".join(RECIPIENT_LABELS.get(name, name) for name in current["destinatarios"])
    return form_versions.conflict(data, current, STALE_ALERTS, ALERT_LABELS, shown)


@get("/alertas", sync_to_thread=True)
def alerts(admin: Actor, db: Session, guardado: str | None = None) -> Template:
    rows = [(kind, _alert_values(db, admin, kind)) for kind in DeadlineKind]
    saved = DeadlineKind(guardado).label if guardado in DeadlineKind._value2member_map_ else None
    return _page("alerts", admin, rows=rows, recipient_labels=RECIPIENT_LABELS,
                 notice=f"Se guardó la política de alertas de «{saved}»." if saved else None)


@get("/alertas/{kind:str}", sync_to_thread=True)
def edit_alerts(admin: Actor, db: Session, kind: str) -> Template:
    deadline_kind = _kind(kind)
    return _page("alerts_form", admin, kind=deadline_kind,
                 values=form_versions.loaded(_alert_values(db, admin, deadline_kind)), errors={},
                 recipients=RECIPIENTS, quiet_note=_quiet_note(deadline_kind))


@post("/alertas/{kind:str}", sync_to_thread=True)
def save_alerts(admin: Actor, state: State, data: FormData, kind: str) -> Template | Redirect:
    deadline_kind = _kind(kind)
    try:
        form, errors = validate_form(AlertForm, data), {}
    except FormInvalid as exc:
        form, errors = None, dict(exc.errors)
    try:
        with transaction(state.engine) as session:
            _lock_organization(session, admin)
            stale = _alerts_conflict(_alert_values(session, admin, deadline_kind), data)
            if stale:
                return _page("alerts_form", admin, 409, kind=deadline_kind, values=stale.values, errors=errors,
                             recipients=RECIPIENTS, conflict=stale, quiet_note=_quiet_note(deadline_kind))
            if form is not None:
                change_alert_policy(session, admin, deadline_kind.value, days_before=form.dias_antes,
                                    on_due_day=form.al_vencer, daily_while_overdue=form.diario_vencido,
                                    escalate=form.escalar, recipient_kinds=form.destinatarios)
    except OverlayError as exc:
        errors = {"general": str(exc)}
    if not errors:
        return _redirect(f"/admin/alertas?guardado={deadline_kind.value}")
    return _page("alerts_form", admin, 400, kind=deadline_kind, values=data, errors=errors, recipients=RECIPIENTS,
                 quiet_note=_quiet_note(deadline_kind))


ROUTES = [Router(
    path="/admin",
    dependencies={"admin": Provide(require_admin, sync_to_thread=False)},
    route_handlers=[rules, choose_rule_sets, new_variant, create_variant, edit_variant, update_variant,
                    delete_variant, alerts, edit_alerts, save_alerts],
    include_in_schema=False,
)]
