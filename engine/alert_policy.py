"""When a deadline warns people: the alert policy per deadline kind, and the days of each step.

Default (LEGAL_RULES / issue): 5, 3 and 1 días hábiles before, the due day, then every día hábil
while overdue, and an escalation to the area's head the first día hábil after it was missed.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Field, Session, SQLModel, UniqueConstraint, select

from engine.business_calendar import BusinessCalendar

DEFAULT_RECIPIENTS = "responsable,enlace,transparencia"
# Kinds whose terms belong to another office: a session's convocatoria and its acta's review are the
# Dirección Jurídica's, and it follows up each acuerdo with the responsible areas; the oficialía de
# partes follows the turns of the documents it received.
DEFAULT_RECIPIENTS_OF_KIND = {"convocatoria": "juridico", "revision_acta": "juridico",
                              "seguimiento": "responsable,enlace,juridico",
                              "turno_correspondencia": "responsable,enlace,oficialia"}
# Kinds whose terms run for someone outside (the requester's 30 días hábiles to pay the costs, then
# the 60 the information stays at their disposal): their last day is worth a notice to the Unidad,
# but a lapse is no breach of the body, so nothing repeats while it is past nor escalates.
QUIET_KINDS = {"entrega", "desahogo"}
# Rules whose terms run for the requester, not for the body: to answer a prevención, to pay, to
# collect the information, to appeal. When one ends unused nobody is late: it has run out. (The
# kind «recurso» also holds the body's term to comply with the garante's resolution: that one is not.)
REQUESTER_RULES = frozenset({"desahogo", "pago", "conservacion", "recurso"})
# Kinds whose terms are the Unidad's options while it analyses a request, not its obligations: the
# last day to prevent, to give notice of incompetence, to point to information already public. Their
# days are worth a reminder, but one that passes unused is an option gone, not a breach.
OPTION_KINDS = frozenset({"prevencion", "incompetencia", "informacion_publica"})


def lapse_is_no_breach(kind: str, rule_key: str | None) -> bool:
    """A term whose lapse is no breach of the body (the requester's, or an option of the Unidad): no
    overdue alerts, no escalation, not in the digest as late."""
    return kind in QUIET_KINDS or kind in OPTION_KINDS or rule_key in REQUESTER_RULES

RECIPIENT_LABELS = {
    "responsable": "La persona responsable",
    "enlace": "Los enlaces del área",
    "transparencia": "La Unidad de Transparencia",
    "oficialia": "La oficialía de partes",
    "juridico": "La Dirección Jurídica",
}


class AlertPolicy(SQLModel, table=True):
    """An organization's alert policy for one kind of deadline (defaults apply without a row)."""

    __table_args__ = (UniqueConstraint("organization_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    kind: str = Field(max_length=40)
    days_before: str = Field(default="5,3,1", max_length=40)
    on_due_day: bool = True
    daily_while_overdue: bool = True
    escalate: bool = True
    recipients: str = Field(default=DEFAULT_RECIPIENTS, max_length=200)


@dataclass(frozen=True)
class Steps:
    """The policy applied to one due day."""

    before: tuple[tuple[str, date], ...]
    due: date | None
    overdue_daily: bool
    escalation: date | None
    overdue_from: date | None = None  # the first día hábil after the due day, when overdue alerts repeat
    # A term whose lapse is no breach: the first día hábil after the due day, when the sweep looks once
    # more to mark it past (it leaves the live lists) and says nothing.
    lapsed_on: date | None = None


def policy_for(session: Session, organization_id: int, kind: str) -> AlertPolicy:
    policy = session.exec(select(AlertPolicy).where(AlertPolicy.organization_id == organization_id,
                                                    AlertPolicy.kind == kind)).first()
    return policy or default_policy(organization_id, kind)


def default_policy(organization_id: int, kind: str) -> AlertPolicy:
    """What applies to a kind the organization never configured."""
    quiet, option = kind in QUIET_KINDS, kind in OPTION_KINDS
    # An option of a few días hábiles, opened with the request: the día hábil before its last day is
    # reminder enough (5, 3 and 1 before would all fall on the day it is registered).
    reminders = "" if quiet else "1" if option else "5,3,1"
    return AlertPolicy(organization_id=organization_id, kind=kind,
                       recipients=DEFAULT_RECIPIENTS_OF_KIND.get(kind, DEFAULT_RECIPIENTS),
                       days_before=reminders, daily_while_overdue=not (quiet or option),
                       escalate=not (quiet or option))


def kinds_alerting(session: Session, organization_id: int, recipient: str, kinds: list[str]) -> list[str]:
    """The kinds of deadline whose alerts reach a recipient (an office such as "oficialia")."""
    configured = {policy.kind: policy for policy in session.exec(
        select(AlertPolicy).where(AlertPolicy.organization_id == organization_id)).all()}
    return [kind for kind in kinds
            if recipient in recipients_of(configured.get(kind) or default_policy(organization_id, kind))]


def days_before(policy: AlertPolicy) -> list[int]:
    return sorted({int(part) for part in policy.days_before.split(",") if part.strip()}, reverse=True)


def recipients_of(policy: AlertPolicy) -> list[str]:
    return [part.strip() for part in policy.recipients.split(",") if part.strip()]


def steps_for(policy: AlertPolicy, calendar: BusinessCalendar, due: date, quiet: bool = False) -> Steps:
    """`quiet`: a lapse of the term is no breach (lapse_is_no_breach): whatever the policy
    says, nothing repeats once it is past nor escalates."""
    before = tuple((f"antes-{n}", calendar.subtract_business_days(due, n)) for n in days_before(policy) if n > 0)
    daily = policy.daily_while_overdue and not quiet
    escalation = calendar.next_business_day(due) if policy.escalate and not quiet else None
    overdue_from = calendar.next_business_day(due) if daily else None
    return Steps(before, due if policy.on_due_day else None, daily, escalation, overdue_from,
                 calendar.next_business_day(due) if quiet else None)


def next_alert_day(steps: Steps, calendar: BusinessCalendar, today: date) -> date | None:
    """The first day after `today` on which this deadline has something to say (None: nothing more)."""
    upcoming = [day for _, day in steps.before if day > today]
    if steps.due and steps.due > today:
        upcoming.append(steps.due)
    for day in (steps.escalation, steps.lapsed_on):
        if day and day > today:
            upcoming.append(day)
    if steps.overdue_from:
        # Even with no reminder before nor on the due day, the overdue alerts start after it.
        upcoming.append(max(steps.overdue_from, calendar.next_business_day(today)))
    return min(upcoming) if upcoming else None


def first_alert_day(session: Session, organization_id: int, kind: str, calendar: BusinessCalendar,
                    due: date, today: date, rule_key: str | None = None) -> date | None:
    """The day the sweep should first look at a deadline due on `due` (today when a step's day has come).

    A term that moved or whose policy changed is looked at today too when a step's (new) day has
    passed: the sweep says late only what nobody was told yet (alerts.told_already).
    """
    steps = steps_for(policy_for(session, organization_id, kind), calendar, due,
                      quiet=lapse_is_no_breach(kind, rule_key))
    earliest = [day for _, day in steps.before] + [
        d for d in (steps.due, steps.escalation, steps.overdue_from, steps.lapsed_on) if d]
    if earliest and min(earliest) <= today:
        return today
    return next_alert_day(steps, calendar, today)
