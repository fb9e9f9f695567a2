"""The turn form proposes a due date: the organization's internal term for a turned document
(PLENO-INTERNO `turnado_interno`, 5 días hábiles unless its rule set says otherwise), counted from now."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from engine.accounts import Actor
from engine.clock import utcnow
from engine.deadlines import last_day_from
from engine.rule_sets import Procedure


@dataclass(frozen=True)
class SuggestedDue:
    day: date
    rule: str  # "5 días hábiles (Plazo interno que fija la oficialía de partes)"


def suggested_due(session: Session, organization_id: int) -> SuggestedDue:
    day, rule = last_day_from(session, organization_id, Procedure.CORRESPONDENCIA, "turnado_interno", utcnow())
    return SuggestedDue(day, f"{rule.amount}: {rule.basis}")


def turn_form_context(session: Session, actor: Actor, task_name: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"suggested_due": suggested_due(session, actor.organization_id)} if task_name == "turn" else {}
