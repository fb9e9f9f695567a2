"""Declaring días inhábiles and suspensions: the change, the recomputed deadlines, the notices.

One transaction: the overlay row, the calendar version bump, every affected open deadline
recomputed with an event and an audit entry (before, after, why), and a notice to the people
responsible for each deadline that moved.
"""

from collections.abc import Collection, Iterable
from datetime import date, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor
from engine.alerts import SweepCaches, link_of, recipients
from engine.email_templates import render_email
from engine.alert_policy import (RECIPIENT_LABELS, AlertPolicy, default_policy, first_alert_day, policy_for,
                                 recipients_of)
from engine.deadlines import LIVE_STATUSES, Deadline, DeadlineKind, Moved, describe_rule, recompute_affected, today_for
from engine.clock import today_in
from engine.documents import date_span, long_date
from engine.forms import date_problem
from engine.labels import in_parentheses
from engine.legal_calendar import (NonWorkingDay, Suspension, SuspensionScope, bump_calendar_version,
                                   calendar_for)
from engine.tenancy import Organization
from engine.notifications import Message, notify


class OverlayError(ValueError):
    """An invalid declaration; the message is for the administrator."""


INHABIL, SUSPENSION = "Un periodo inhábil", "Una suspensión de plazos"


def _check_range(actor: Actor, first: date, last: date, what: str = INHABIL) -> None:
    # The rule of every form's date, here for the API and the imported files too.
    today = today_in(actor.timezone)
    problem = date_problem(first, today) or date_problem(last, today)
    if problem:
        raise OverlayError(problem)
    if last < first:
        raise OverlayError("La fecha final no puede ser anterior a la inicial.")
    if (last - first).days > 366:
        raise OverlayError(f"{what} no puede abarcar más de un año.")


def _after_change(session: Session, actor: Actor, first: date, last: date, procedures: Collection[str] | None,
                  why: str) -> list[Moved]:
    bump_calendar_version(session, actor.organization_id)
    moved = recompute_affected(session, actor, actor.organization_id, first, last, procedures, why)
    tell_moved(session, moved, why)
    return moved


def tell_moved(session: Session, moved: list[Moved], why: str) -> None:
    """Tell each deadline's people that its date moved (once per deadline and change).

    The key names the change's event, not only its dates: a deadline can move between the same
    two days again (a day declared, removed and declared anew) and that move must be told too.
    """
    caches = SweepCaches()
    for change in moved:
        deadline = change.deadline
        key = f"movido:{deadline.id}:{change.before}:{change.after}:evento-{change.event_id}"
        policy = policy_for(session, deadline.organization_id, deadline.kind)
        for person, why_you in recipients(session, caches, deadline, recipients_of(policy)):
            # Each e-mail says why its reader gets it, as the alerts do.
            subject, body = render_email("plazo_movido", deadline=deadline, before=long_date(change.before),
                                         after=long_date(change.after), reason=why, rule=describe_rule(deadline),
                                         link=link_of(deadline), kind=deadline.kind.label, why_you=why_you)
            notify(session, person, Message(key=key, subject=subject, body=body, link=f"/plazos/{deadline.id}"))


def declare_non_working(session: Session, actor: Actor, first: date, last: date, reason: str,
                        acuerdo: str = "") -> tuple[NonWorkingDay, list[Moved]]:
    _check_range(actor, first, last)
    if not reason.strip():
        raise OverlayError("Indique el motivo del día inhábil (p. ej. «Jueves Santo»).")
    _refuse_declared_again(session, actor, first, last)
    day = NonWorkingDay(organization_id=actor.organization_id, first_day=first, last_day=last,
                        reason=reason.strip(), acuerdo=acuerdo.strip(), created_by=actor.user_id)
    session.add(day)
    session.flush()
    audit.record(session, actor.organization_id, actor.user_id, actor.name, "calendario.inhabil_declarado",
                 "nonworkingday", day.id, summary=f"Día inhábil: {day.describe()}",
                 after={"desde": first, "hasta": last, "motivo": day.describe()})
    return day, _after_change(session, actor, first, last, None, f"Día inhábil declarado: {day.describe()}")


def _refuse_declared_again(session: Session, actor: Actor, first: date, last: date) -> None:
    """The same day(s) twice would show twice in the list and still count once: nothing to declare.

    Overlapping periods stay allowed (a day inside a vacation may have an acuerdo of its own).
    """
    same = _declared_already(session, actor.organization_id, [(first, last)]).get((first, last))
    if same is not None:
        raise OverlayError(f"Ya está declarado inhábil {'el ' if first == last else ''}{_period_text(first, last)} "
                           f"{in_parentheses(same.describe())}. Para cambiar su motivo o su acuerdo, elimínelo y "
                           "declárelo de nuevo.")


def _declared_already(session: Session, organization_id: int,
                      periods: list[tuple[date, date]]) -> dict[tuple[date, date], NonWorkingDay]:
    """The días inhábiles declared for exactly these periods (same first and last day), by period.

    Locks the organization's row first: two administrators declaring the same days at once are
    serialised, and the second one sees the first one's declaration here.
    """
    session.get(Organization, organization_id, with_for_update=True)
    firsts = [first for first, _ in periods]
    # By a range of first days, not one condition per period: a file may have hundreds of rows.
    candidates = session.exec(select(NonWorkingDay).where(
        NonWorkingDay.organization_id == organization_id, NonWorkingDay.first_day >= min(firsts),
        NonWorkingDay.first_day <= max(firsts)).order_by(NonWorkingDay.id)).all()
    wanted, found = set(periods), {}
    for day in candidates:
        if (day.first_day, day.last_day) in wanted:
            found.setdefault((day.first_day, day.last_day), day)
    return found


def _period_text(first: date, last: date) -> str:
    return long_date(first) if first == last else date_span(first, last)


def _described(day: NonWorkingDay) -> str:
    """«1 de enero de 2027 (Año Nuevo)», «del 20 al 31 de julio de 2027 (Vacaciones — Acuerdo CT/01/2027)»."""
    return f"{_period_text(day.first_day, day.last_day)} {in_parentheses(day.describe())}"


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
    _check_range(actor, first, last, SUSPENSION)
    if not acuerdo.strip():
        raise OverlayError("Indique el acuerdo que declaró la suspensión (p. ej. «acta 19-E/2021»).")
    suspension = Suspension(organization_id=actor.organization_id, first_day=first, last_day=last,
                            scope=scope, acuerdo=acuerdo.strip(), file_id=file_id, created_by=actor.user_id)
    session.add(suspension)
    session.flush()
    audit.record(session, actor.organization_id, actor.user_id, actor.name, "calendario.suspension_declarada",
                 "suspension", suspension.id, summary=f"Suspensión de plazos ({scope.label}): {acuerdo}",
                 after={"desde": first, "hasta": last, "alcance": scope.value, "acuerdo": acuerdo})
    return suspension, _after_change(session, actor, first, last, scope.procedures,
                                     f"Suspensión de plazos: {suspension.acuerdo}")


def lift_suspension(session: Session, actor: Actor, suspension: Suspension) -> list[Moved]:
    if suspension.organization_id != actor.organization_id:
        raise OverlayError("Esa suspensión no pertenece a su institución.")
    audit.record(session, actor.organization_id, actor.user_id, actor.name, "calendario.suspension_eliminada",
                 "suspension", suspension.id, summary=f"Se eliminó la suspensión: {suspension.acuerdo}",
                 before={"desde": suspension.first_day, "hasta": suspension.last_day, "acuerdo": suspension.acuerdo})
    first, last = suspension.first_day, suspension.last_day
    procedures = SuspensionScope(suspension.scope).procedures
    why = f"Se eliminó la suspensión de plazos: {suspension.acuerdo}"
    session.delete(suspension)
    session.flush()
    return _after_change(session, actor, first, last, procedures, why)


def change_suspension_end(session: Session, actor: Actor, suspension: Suspension, last: date,
                          acuerdo: str) -> list[Moved]:
    """An acuerdo that resumes plazos before the declared day, or extends the suspension.

    The last day changes in place, so each deadline moves once, from its date to the new one.
    Removing the suspension and declaring it again would move them twice, with no suspension at
    all in between (long enough for a deadline to look overdue and alert).
    """
    if suspension.organization_id != actor.organization_id:
        raise OverlayError("Esa suspensión no pertenece a su institución.")
    # Two administrators changing it at once: the second starts from the first one's last day.
    session.refresh(suspension, with_for_update=True)
    _check_range(actor, suspension.first_day, last, SUSPENSION)
    if not acuerdo.strip():
        raise OverlayError("Indique el acuerdo que reanudó los plazos o prorrogó la suspensión.")
    before = suspension.last_day
    if last == before:
        raise OverlayError(f"La suspensión ya termina el {long_date(last)}.")
    what = "reanudaron los plazos" if last < before else "prorrogó la suspensión"
    audit.record(session, actor.organization_id, actor.user_id, actor.name, "calendario.suspension_modificada",
                 "suspension", suspension.id, summary=f"Se {what}: {acuerdo.strip()}",
                 before={"hasta": before, "acuerdo": suspension.acuerdo},
                 after={"hasta": last, "acuerdo": acuerdo.strip()})
    # The explanation of every deadline names the suspension by its acuerdos: both are kept. When
    # the column fills up, the oldest part gives way (the audit keeps every acuerdo whole).
    named = f"{suspension.acuerdo}; hasta el {long_date(last)} por {acuerdo.strip()}"
    suspension.acuerdo = named if len(named) <= 250 else "…" + named[-249:]
    suspension.last_day = last
    session.add(suspension)
    session.flush()
    changed_from, changed_to = sorted((before, last))
    return _after_change(session, actor, changed_from + timedelta(days=1), changed_to,
                         SuspensionScope(suspension.scope).procedures,
                         f"Se {what}: {acuerdo.strip()}")


class Imported(NamedTuple):
    """What an import did: the days it declared, those it left alone, and the deadlines that moved."""

    declared: list[NonWorkingDay]
    already_declared: list[NonWorkingDay]  # as declared before, not as the file says them
    repeated: list[NonWorkingDay]  # declared once though the file has them more than once
    moved: list[Moved]


def imported_text(count: int) -> str:
    """«Se importó 1 día o periodo inhábil», «Se importaron 3 días o periodos inhábiles»."""
    if count == 1:
        return "Se importó 1 día o periodo inhábil"
    return f"Se importaron {count} días o periodos inhábiles"


def left_alone(imported: Imported) -> list[tuple[str, list[str]]]:
    """The file's rows an import did not declare, under the reason why, for the administrator."""
    notes = []
    if imported.already_declared:
        notes.append(("Ya estaban declarados y no se declararon otra vez:",
                      [_described(day) for day in imported.already_declared]))
    if imported.repeated:
        notes.append(("Venían repetidos en el archivo y se declararon una sola vez:",
                      [_described(day) for day in imported.repeated]))
    return notes


def declare_imported(session: Session, actor: Actor, days: list[tuple[date, date, str, str]],
                     acuerdo: str = "") -> Imported:
    """Declare a year's días inhábiles read from a file: one version bump, one recomputation.

    `acuerdo` applies to the rows that name none (the acuerdo that approved the whole calendar).
    A period already declared is left as it is, as declaring it by hand would refuse it: importing
    the same file twice (or a second file that repeats some days) lists each day once. A period
    the file repeats is declared once, with its first row's motivo.
    """
    if not days:
        raise OverlayError("No hay días inhábiles que importar.")
    for first, last, reason, _ in days:
        _check_range(actor, first, last)
        if not reason.strip():
            raise OverlayError("Cada día inhábil necesita su motivo.")
    existing = _declared_already(session, actor.organization_id, [(first, last) for first, last, _, _ in days])
    new: dict[tuple[date, date], NonWorkingDay] = {}
    already: dict[tuple[date, date], NonWorkingDay] = {}
    repeated: dict[tuple[date, date], NonWorkingDay] = {}
    for first, last, reason, row_acuerdo in days:
        period = (first, last)
        if period in existing:
            already[period] = existing[period]
        elif period in new:
            repeated[period] = new[period]
        else:
            new[period] = NonWorkingDay(organization_id=actor.organization_id, first_day=first, last_day=last,
                                        reason=reason.strip(), acuerdo=(row_acuerdo or acuerdo).strip(),
                                        created_by=actor.user_id)
    rows = list(new.values())
    if not rows:
        # Nothing new: no version bump, nothing recomputed, nobody told of a move.
        return Imported([], list(already.values()), [], [])
    session.add_all(rows)
    session.flush()
    first, last = min(row.first_day for row in rows), max(row.last_day for row in rows)
    audit.record(session, actor.organization_id, actor.user_id, actor.name, "calendario.inhabiles_importados",
                 "nonworkingday", rows[0].id, summary=imported_text(len(rows)),
                 after={"dias": _audited(rows), "ya_declarados": _audited(already.values())})
    moved = _after_change(session, actor, first, last, None, imported_text(len(rows)))
    return Imported(rows, list(already.values()), list(repeated.values()), moved)


def _audited(days: Iterable[NonWorkingDay]) -> list[dict]:
    return [{"desde": day.first_day, "hasta": day.last_day, "motivo": day.describe()} for day in days]


# Far enough to cover every live deadline: office hours and the weekend apply to all of them.
_ALL_TIME = (date(1900, 1, 1), date(9999, 12, 31))


def change_office_hours(session: Session, actor: Actor, opens: time, closes: time, weekend: set[int],
                        timezone: str) -> list[Moved]:
    """Change the organization's office hours, weekend or time zone and recompute every live deadline."""
    if closes <= opens:
        raise OverlayError("La hora de cierre debe ser posterior a la de apertura.")
    if not weekend <= set(range(7)) or len(weekend) > 6:
        raise OverlayError("Debe quedar al menos un día hábil a la semana.")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise OverlayError(f"Zona horaria desconocida: {timezone}.") from None
    organization = session.get(Organization, actor.organization_id)
    before = _hours_of(organization)
    organization.office_opens, organization.office_closes = opens, closes
    organization.weekend, organization.timezone = ",".join(str(d) for d in sorted(weekend)), timezone
    after = _hours_of(organization)
    if after == before:
        return []
    audit.record(session, actor.organization_id, actor.user_id, actor.name, "calendario.horario_modificado",
                 "ente", organization.id, summary="Cambió el horario, los días de descanso o la zona horaria",
                 before=before, after=after)
    return _after_change(session, actor, *_ALL_TIME, None, "Cambio de horario de atención o días de descanso")


def _hours_of(organization: Organization) -> dict:
    return {"abre": (organization.office_opens or time(8)).strftime("%H:%M"),
            "cierra": (organization.office_closes or time(18)).strftime("%H:%M"),
            "descanso": organization.weekend, "zona_horaria": organization.timezone}


def change_alert_policy(session: Session, actor: Actor, kind: str, *, days_before: list[int], on_due_day: bool,
                        daily_while_overdue: bool, escalate: bool, recipient_kinds: list[str]) -> AlertPolicy:
    """Save the organization's alert policy for a kind of deadline and reschedule its live deadlines."""
    if kind not in DeadlineKind._value2member_map_:
        raise OverlayError(f"No existe el tipo de plazo «{kind}».")
    if any(n < 0 or n > 60 for n in days_before):
        raise OverlayError("Los días de anticipación van de 0 a 60.")
    if not recipient_kinds or set(recipient_kinds) - set(RECIPIENT_LABELS):
        raise OverlayError("Elija al menos un destinatario de la lista.")
    policy = session.exec(select(AlertPolicy).where(AlertPolicy.organization_id == actor.organization_id,
                                                    AlertPolicy.kind == kind)).first()
    if policy is None:
        policy = default_policy(actor.organization_id, kind)
        session.add(policy)
    before = _policy_values(policy)
    policy.days_before = ",".join(str(n) for n in sorted(set(days_before), reverse=True))
    policy.on_due_day, policy.daily_while_overdue, policy.escalate = on_due_day, daily_while_overdue, escalate
    policy.recipients = ",".join(r for r in RECIPIENT_LABELS if r in recipient_kinds)
    session.flush()
    audit.record(session, actor.organization_id, actor.user_id, actor.name, "calendario.alertas_modificadas",
                 "alertpolicy", policy.id, summary=f"Cambió la política de alertas de «{kind}»",
                 before=before, after=_policy_values(policy))
    # Live deadlines were scheduled under the old policy: their first alert day may have changed.
    for deadline in session.exec(select(Deadline).where(Deadline.organization_id == actor.organization_id,
                                                        Deadline.kind == kind,
                                                        Deadline.status.in_(LIVE_STATUSES))):
        calendar = calendar_for(session, deadline.organization_id, deadline.procedure, deadline.rule_set_code)
        deadline.next_alert_on = first_alert_day(session, deadline.organization_id, kind, calendar,
                                                 deadline.due_on, today_for(calendar), rule_key=deadline.rule_key)
    session.flush()
    return policy


def _policy_values(policy: AlertPolicy) -> dict:
    return {"dias_antes": policy.days_before, "dia_de_vencimiento": policy.on_due_day,
            "diario_vencido": policy.daily_while_overdue, "escalar": policy.escalate,
            "destinatarios": policy.recipients}
