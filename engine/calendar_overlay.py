"""Declaring días inhábiles and suspensions: the change, the recomputed deadlines, the notices.

One transaction: the overlay row, the calendar version bump, every affected open deadline
recomputed with an event and an audit entry (before, after, why), and a notice to the people
responsible for each deadline that moved.
"""

from datetime import date

from sqlmodel import Session

from engine import audit
from engine.accounts import Actor
from engine.alerts import SweepCaches, link_of, recipients
from engine.email_templates import render_email
from engine.alert_policy import policy_for, recipients_of
from engine.deadlines import Moved, describe_rule, recompute_affected
from engine.documents import long_date
from engine.legal_calendar import NonWorkingDay, Suspension, SuspensionScope, bump_calendar_version
from engine.notifications import Message, notify


class OverlayError(ValueError):
    """An invalid declaration; the message is for the administrator."""


def _check_range(first: date, last: date) -> None:
    if last < first:
        raise OverlayError("La fecha final no puede ser anterior a la inicial.")
    if (last - first).days > 366:
        raise OverlayError("Un periodo inhábil no puede abarcar más de un año.")


def _after_change(session: Session, actor: Actor, first: date, last: date, procedure: str | None,
                  why: str) -> list[Moved]:
    bump_calendar_version(session, actor.organization_id)
    moved = recompute_affected(session, actor, actor.organization_id, first, last, procedure, why)
    tell_moved(session, moved, why)
    return moved


def tell_moved(session: Session, moved: list[Moved], why: str) -> None:
    """Tell each deadline's people that its date moved (once per deadline and change)."""
    caches = SweepCaches()
    for change in moved:
        deadline = change.deadline
        subject, body = render_email("plazo_movido", deadline=deadline, before=long_date(change.before),
                                     after=long_date(change.after), reason=why, rule=describe_rule(deadline),
                                     link=link_of(deadline), kind=deadline.kind.label)
        message = Message(key=f"movido:{deadline.id}:{change.before}:{change.after}", subject=subject, body=body,
                          link=f"/plazos/{deadline.id}")
        policy = policy_for(session, deadline.organization_id, deadline.kind)
        for person in recipients(session, caches, deadline, recipients_of(policy)):
            notify(session, person, message)


def declare_non_working(session: Session, actor: Actor, first: date, last: date, reason: str,
                        acuerdo: str = "") -> tuple[NonWorkingDay, list[Moved]]:
    _check_range(first, last)
    if not reason.strip():
        raise OverlayError("Indique el motivo del día inhábil (p. ej. «Jueves Santo»).")
    day = NonWorkingDay(organization_id=actor.organization_id, first_day=first, last_day=last,
                        reason=reason.strip(), acuerdo=acuerdo.strip(), created_by=actor.user_id)
    session.add(day)
    session.flush()
    audit.record(session, actor.organization_id, actor.user_id, actor.name, "calendario.inhabil_declarado",
                 "nonworkingday", day.id, summary=f"Día inhábil: {day.describe()}",
                 after={"desde": first, "hasta": last, "motivo": day.describe()})
    return day, _after_change(session, actor, first, last, None, f"Día inhábil declarado: {day.describe()}")


def remove_non_working(session: Session, actor: Actor, day: NonWorkingDay) -> list[Moved]:
    if day.organization_id != actor.organization_id:
        raise OverlayError("Ese día inhábil no pertenece a su institución.")
    audit.record(session, actor.organization_id, actor.user_id, actor.name, "calendario.inhabil_eliminado",
                 "nonworkingday", day.id, summary=f"Se eliminó el día inhábil: {day.describe()}",
                 before={"desde": day.first_day, "hasta": day.last_day, "motivo": day.describe()})
    first, last, why = day.first_day, day.last_day, f"Se eliminó el día inhábil: {day.describe()}"
    session.delete(day)
    session.flush()
    return _after_change(session, actor, first, last, None, why)


def declare_suspension(session: Session, actor: Actor, first: date, last: date, scope: SuspensionScope,
                       acuerdo: str, file_id: int | None = None) -> tuple[Suspension, list[Moved]]:
    _check_range(first, last)
    if not acuerdo.strip():
        raise OverlayError("Indique el acuerdo que declaró la suspensión (p. ej. «acta 19-E/2021»).")
    suspension = Suspension(organization_id=actor.organization_id, first_day=first, last_day=last,
                            scope=scope, acuerdo=acuerdo.strip(), file_id=file_id, created_by=actor.user_id)
    session.add(suspension)
    session.flush()
    audit.record(session, actor.organization_id, actor.user_id, actor.name, "calendario.suspension_declarada",
                 "suspension", suspension.id, summary=f"Suspensión de plazos ({scope.label}): {acuerdo}",
                 after={"desde": first, "hasta": last, "alcance": scope.value, "acuerdo": acuerdo})
    procedure = None if scope == SuspensionScope.ALL else scope.value
    return suspension, _after_change(session, actor, first, last, procedure,
                                     f"Suspensión de plazos: {suspension.acuerdo}")


def lift_suspension(session: Session, actor: Actor, suspension: Suspension) -> list[Moved]:
    if suspension.organization_id != actor.organization_id:
        raise OverlayError("Esa suspensión no pertenece a su institución.")
    audit.record(session, actor.organization_id, actor.user_id, actor.name, "calendario.suspension_eliminada",
                 "suspension", suspension.id, summary=f"Se eliminó la suspensión: {suspension.acuerdo}",
                 before={"desde": suspension.first_day, "hasta": suspension.last_day, "acuerdo": suspension.acuerdo})
    first, last = suspension.first_day, suspension.last_day
    procedure = None if suspension.scope == SuspensionScope.ALL else suspension.scope.value
    why = f"Se eliminó la suspensión de plazos: {suspension.acuerdo}"
    session.delete(suspension)
    session.flush()
    return _after_change(session, actor, first, last, procedure, why)
