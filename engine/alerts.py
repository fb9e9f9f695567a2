"""The deadline sweep: find the deadlines with something to say today and tell their people.

A dumb loop over an indexed column (`next_alert_on`): each pass reads the live deadlines whose
next alert day has come, writes each alert to the outbox with its unique key (deadline, step,
recipient), and moves `next_alert_on` to the deadline's next step. Rows are claimed in the
database (PostgreSQL: FOR UPDATE SKIP LOCKED), so two workers never handle the same deadline at
once, and unique keys make a repeated pass harmless. A worker that was down catches up: a
deadline whose alert day passed is still due, and gets the latest step that applies today.
An alert that waited in the outbox (an SMTP outage) goes out only if it still holds then:
`no_longer_holds` withdraws one about a deadline met, cancelled, paused or moved since.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select, update

from engine.accounts import Membership, Role, User, system_actor
from engine.alert_policy import (RECIPIENT_LABELS, AlertPolicy, Steps, lapse_is_no_breach, next_alert_day, policy_for,
                                 recipients_of, steps_for)
from engine.business_calendar import BusinessCalendar
from engine.clock import to_local, utcnow
from engine.db import is_sqlite, transaction
from engine.deadlines import (LIVE_STATUSES, Deadline, DeadlineStatus, business_days_left, describe_rule, log_event,
                              today_for)
from engine.documents import long_date
from engine.legal_calendar import calendar_for
from engine.notifications import Message, Notification, notify
from engine.email_templates import render_email
from engine.outbox import WITHDRAWALS, OutboxMessage
from engine.settings import load_settings
from engine.tenancy import Area, Organization

BATCH = 500
ROLE_OF_RECIPIENT = {"enlace": Role.ENLACE, "transparencia": Role.TRANSPARENCIA, "oficialia": Role.OFICIALIA,
                     "juridico": Role.JURIDICO}


@dataclass
class SweepCaches:
    """What a pass looks up once: calendars, policies, and who holds each role where."""

    calendars: dict[tuple, BusinessCalendar] = field(default_factory=dict)
    policies: dict[tuple, AlertPolicy] = field(default_factory=dict)
    people: dict[tuple, list[User]] = field(default_factory=dict)

    def calendar(self, session: Session, deadline: Deadline) -> BusinessCalendar:
        key = (deadline.organization_id, deadline.procedure, deadline.rule_set_code)
        if key not in self.calendars:
            self.calendars[key] = calendar_for(session, *key)
        return self.calendars[key]

    def policy(self, session: Session, deadline: Deadline) -> AlertPolicy:
        key = (deadline.organization_id, deadline.kind)
        if key not in self.policies:
            self.policies[key] = policy_for(session, *key)
        return self.policies[key]


def people_with_role(session: Session, caches: SweepCaches, organization_id: int, role: Role,
                     area_id: int | None) -> list[User]:
    """Active users holding a role in an area (area None: organization-wide holders)."""
    key = (organization_id, role, area_id)
    if key not in caches.people:
        query = select(User).join(Membership, Membership.user_id == User.id).where(
            Membership.organization_id == organization_id, Membership.role == role, User.active)
        query = query.where(Membership.area_id == area_id) if area_id is not None else query.where(
            Membership.area_id.is_(None))
        caches.people[key] = list(session.exec(query.order_by(User.id)).unique().all())
    return caches.people[key]


def reason_for(recipient: str) -> str:
    """Why a person gets a deadline's alerts, as the e-mail ends: "Recibe este correo porque …"."""
    if recipient == "responsable":
        return "es la persona responsable de este plazo"
    if recipient == "enlace":
        return "es enlace del área a cargo de este plazo"
    office = RECIPIENT_LABELS[recipient]
    return (f"{office[0].lower()}{office[1:]}, a la que pertenece, recibe los avisos de este tipo de plazo "
            "(Administración → Alertas)")


def recipients(session: Session, caches: SweepCaches, deadline: Deadline, who: list[str]) -> list[tuple[User, str]]:
    """The people a deadline's alerts go to, each once, with the first reason they get them for."""
    found: dict[int, tuple[User, str]] = {}
    for name in who:
        if name == "responsable" and deadline.responsible_user_id:
            key = ("persona", deadline.responsible_user_id)
            if key not in caches.people:
                # The session keeps loaded rows only weakly: cache the person for the whole pass.
                user = session.get(User, deadline.responsible_user_id)
                caches.people[key] = [user] if user is not None and user.active else []
            for user in caches.people[key]:
                found.setdefault(user.id, (user, reason_for(name)))
        elif name in ROLE_OF_RECIPIENT:
            area = deadline.responsible_area_id if name == "enlace" else None
            if name == "enlace" and area is None:
                continue
            for user in people_with_role(session, caches, deadline.organization_id, ROLE_OF_RECIPIENT[name], area):
                found.setdefault(user.id, (user, reason_for(name)))
    return list(found.values())


def area_head(session: Session, deadline: Deadline) -> tuple[list[User], str]:
    """The head of the deadline's area, or nobody and why (the escalation then goes to the people
    who get the kind's alerts, told that the area has no head to receive it)."""
    area = session.get(Area, deadline.responsible_area_id)
    head = session.get(User, area.head_user_id) if area and area.head_user_id else None
    if head is None or not head.active:
        # The area's name as registered, whatever article it takes («la Dirección…», «el Órgano…»).
        named = f"El área «{area.name}»" if area else "El área a cargo"
        return [], f"{named} no tiene registrada en Pleno la cuenta de su titular"
    return [head], ""


def escalation_recipients(session: Session, caches: SweepCaches, deadline: Deadline,
                          policy: AlertPolicy) -> tuple[list[tuple[User, str]], str]:
    """Who gets the escalation of a missed deadline (with the reason written in) and, when the
    area has no head to receive it, why it reaches them instead."""
    if deadline.responsible_area_id is None:
        # No area, no head above it (a legal response term is the Unidad's own): the daily overdue
        # alerts already reach its people.
        return [], ""
    heads, no_head = area_head(session, deadline)
    if heads:
        return [(head, "") for head in heads], ""
    office = [name for name in recipients_of(policy) if name != "enlace"]
    return recipients(session, caches, deadline, office), no_head


def link_of(deadline: Deadline) -> str:
    return f"{load_settings().base_url}/plazos/{deadline.id}"


# Where each person's reason goes: the message is rendered once per step and the reason written in.
_REASON = "\x00motivo\x00"
# Where an escalation with no head to receive it says how to register the head: an administrator
# does it, anyone else asks the administration.
_REGISTER = "\x00registro\x00"
REGISTER_HEAD = {True: "registre su cuenta en Administración → Áreas",
                 False: "pida a la administración de Pleno que registre su cuenta"}


def administrators(session: Session, organization_id: int, people: list[User]) -> set[int]:
    ids = [person.id for person in people]
    if not ids:
        return set()
    return set(session.exec(select(Membership.user_id).where(
        Membership.organization_id == organization_id, Membership.role == Role.ADMIN,
        Membership.user_id.in_(ids))).all())


def alert_message(deadline: Deadline, step: str, calendar: BusinessCalendar, today: date,
                  no_head: str = "") -> Message:
    remaining = business_days_left(calendar, deadline, today)
    template = "escalamiento" if step == "escalamiento" else ("vencido" if remaining < 0 else "alerta")
    subject, body = render_email(template, deadline=deadline, due=long_date(deadline.due_on), remaining=remaining,
                                 overdue=-remaining, rule=describe_rule(deadline), link=link_of(deadline),
                                 kind=deadline.kind.label, reason=_REASON, no_head=no_head,
                                 register=_REGISTER)
    return Message(key=alert_key(deadline, step), subject=subject, body=body, link=f"/plazos/{deadline.id}",
                   kind="alerta")


def repeats_after_a_move(step: str) -> bool:
    """Whether a step is said again when the term moves: a reminder and «Vence hoy» are, for the new
    days; a day's overdue alert and the escalation belong to the deadline, said once whatever its due day."""
    return not (step == "escalamiento" or step.startswith("vencido-"))


def alert_key(deadline: Deadline, step: str) -> str:
    # The due day is part of a reminder's key: a term moved later (a suspension, a día inhábil) gets
    # its reminders and its «Vence hoy» again on its new days.
    if repeats_after_a_move(step):
        return f"alerta:{deadline.id}:{deadline.due_on.isoformat()}:{step}"
    return f"alerta:{deadline.id}:{step}"


@dataclass(frozen=True)
class AlertOf:
    """What an alert's key (with its recipient, as notify writes it) names."""

    deadline_id: int
    due_on: date | None  # the due day a reminder was said for; None for a step said once per deadline
    step: str


def alert_of(key: str) -> AlertOf | None:
    """The deadline, due day and step in a recipient's alert key; None for a key of another shape."""
    parts = key.split(":")
    if parts[0] != "alerta" or len(parts) not in (4, 5) or not parts[1].isdigit():
        return None
    try:
        due = date.fromisoformat(parts[2]) if len(parts) == 5 else None
    except ValueError:
        return None
    return AlertOf(int(parts[1]), due, parts[-2])


def no_longer_holds(deadline: Deadline | None, alert: AlertOf) -> str:
    """Why an alert written earlier would be false if it went out now ("" while it holds): its deadline
    was met, cancelled or paused since, or moved so that the step no longer applies to it."""
    if deadline is None:
        return "El plazo ya no existe."
    if deadline.status not in LIVE_STATUSES:
        return f"El plazo quedó {DeadlineStatus(deadline.status).label.lower()} antes de que el aviso saliera."
    moved = f"El plazo cambió de fecha antes de que el aviso saliera: ahora vence el {long_date(deadline.due_on)}."
    if repeats_after_a_move(alert.step):
        # A reminder and «Vence hoy» speak of one due day: the term's new days get their own.
        return moved if alert.due_on is not None and alert.due_on != deadline.due_on else ""
    if alert.step.startswith("vencido-"):
        said_on = date.fromisoformat(alert.step.removeprefix("vencido-"))
        return moved if deadline.due_on >= said_on else ""
    # The escalation: the sweep marks a term missed when it writes it, and a move that makes the term
    # current again (recompute_affected, an ampliación) reopens it.
    return moved if deadline.status != DeadlineStatus.MISSED else ""


def stale_alerts(session: Session, rows: list[OutboxMessage]) -> dict[int, str]:
    """The waiting alerts that no longer hold, with why; their bell notices stop counting as new."""
    alerts = {row.id: alert_of(row.key) for row in rows}
    ids = sorted({alert.deadline_id for alert in alerts.values() if alert})
    found = {d.id: d for d in session.exec(select(Deadline).where(Deadline.id.in_(ids))).all()} if ids else {}
    reasons = {}
    for row in rows:
        alert = alerts[row.id]
        if alert and (reason := no_longer_holds(found.get(alert.deadline_id), alert)):
            reasons[row.id] = reason
    if reasons:
        # The notice and the e-mail of one recipient share the key (notify).
        keys = [row.key for row in rows if row.id in reasons]
        session.exec(update(Notification).where(Notification.key.in_(keys), Notification.read_at.is_(None))
                     .values(read_at=utcnow()))
    return reasons


# Every process that delivers imports this module (the scheduler, `pleno outbox deliver`).
WITHDRAWALS["alerta"] = stale_alerts


def nearness(step: str) -> int:
    """How near the due day a step speaks: 5 días hábiles before is 5, the due day 0, past it -1."""
    if step.startswith("antes-"):
        return int(step.removeprefix("antes-"))
    return 0 if step == "vence" else -1


def said_late(step: str, steps: Steps, today: date) -> bool:
    """A reminder said after its day: the sweep was down then, or the term moved earlier past it."""
    return dict(steps.before).get(step, today) < today


def told_already(session: Session, deadline: Deadline, step: str, people: list[User], late: bool,
                 today: date, zone: str) -> set[int]:
    """Who is not told a step (`late`: a reminder after its day) though its key is new to them.

    An overdue day's alert or the escalation written under a key that named the due day (before their
    key stopped naming it) was said. A reminder said late is news only to whoever was told nothing as
    near the due day under any due day this deadline had: a term moved earlier gets the step it skipped
    once, and a term moved later says a reminder again only on the reminder's new day, and not when
    that day is the one it was said on, under the due day the term had until today.
    """
    ids = [person.id for person in people]
    # Only a term recomputed today can have said today's reminder under another due day.
    moved_today = to_local(deadline.updated_at, zone).date() == today
    if not ids or (repeats_after_a_move(step) and not late and not moved_today):
        return set()
    rows = session.exec(select(Notification.key, Notification.created_at).where(
        Notification.user_id.in_(ids), Notification.key.like(f"alerta:{deadline.id}:%"))).all()
    told = set()
    for key, told_at in rows:
        said, user = key.rsplit(":", 2)[1:]
        if late:
            already = nearness(said) <= nearness(step)
        else:
            already = said == step and (not repeats_after_a_move(step) or to_local(told_at, zone).date() == today)
        if already:
            told.add(int(user))
    return told


def steps_today(deadline: Deadline, steps: Steps, calendar: BusinessCalendar, today: date) -> list[str]:
    """The steps to send today: the latest one before the due day, or today's overdue ones."""
    if today <= deadline.due_on:
        reached = [(day, name) for name, day in steps.before if day <= today]
        if steps.due and steps.due <= today:
            reached.append((steps.due, "vence"))
        return [max(reached)[1]] if reached else []
    due_today = []
    if steps.overdue_daily and calendar.is_business_day(today):
        due_today.append(f"vencido-{today.isoformat()}")
    if steps.escalation and steps.escalation <= today:
        due_today.append("escalamiento")
    return due_today


def handle(session: Session, caches: SweepCaches, deadline: Deadline, now: datetime) -> int:
    """Write today's alerts of one deadline and schedule its next look; returns alerts written."""
    calendar = caches.calendar(session, deadline)
    policy = caches.policy(session, deadline)
    today = today_for(calendar, now)
    quiet = lapse_is_no_breach(deadline.kind, deadline.rule_key)
    if today > deadline.due_on and deadline.status == DeadlineStatus.OPEN:
        deadline.status = DeadlineStatus.MISSED
        log_event(session, system_actor(deadline.organization_id), deadline, "vencido", deadline.due_on,
                  deadline.due_on, "Transcurrió sin usarse." if quiet else "Venció sin cumplirse.")
    steps = steps_for(policy, calendar, deadline.due_on, quiet=quiet)
    written = 0
    for step in steps_today(deadline, steps, calendar, today):
        no_head = ""
        if step == "escalamiento":
            people, no_head = escalation_recipients(session, caches, deadline, policy)
        else:
            people = recipients(session, caches, deadline, recipients_of(policy))
        message = alert_message(deadline, step, calendar, today, no_head)
        told = told_already(session, deadline, step, [person for person, _ in people],
                            said_late(step, steps, today), today, calendar.timezone)
        admins = administrators(session, deadline.organization_id, [p for p, _ in people]) if no_head else set()
        for person, reason in people:
            if person.id in told:
                continue
            body = message.body.replace(_REASON, reason).replace(_REGISTER, REGISTER_HEAD[person.id in admins])
            notify(session, person, replace(message, body=body), at=now)
            written += 1
    deadline.next_alert_on = next_alert_day(steps, calendar, today)
    return written


def sweep_horizon(session: Session, now: datetime) -> date:
    """Today in the organization zone that is furthest behind: no row is looked at before its day.

    Every handled row moves to a day after its own today, so it is not read again in this pass.
    """
    zones = session.exec(select(Organization.timezone).distinct()).all() or ["UTC"]
    return min(to_local(now, zone).date() for zone in zones)


@dataclass(frozen=True)
class SweepResult:
    deadlines: int
    alerts: int


def sweep_once(engine: Engine, now: datetime | None = None, batch: int = BATCH) -> SweepResult:
    """One batch of due deadlines handled in one transaction (call until it finds nothing)."""
    now = now or utcnow()
    caches = SweepCaches()
    with transaction(engine) as session:
        horizon = sweep_horizon(session, now)
        query = select(Deadline).where(Deadline.next_alert_on <= horizon, Deadline.status.in_(LIVE_STATUSES)) \
            .order_by(Deadline.next_alert_on, Deadline.id).limit(batch)
        if not is_sqlite(engine):
            query = query.with_for_update(skip_locked=True)
        due = session.exec(query).all()
        alerts = sum(handle(session, caches, deadline, now) for deadline in due)
    return SweepResult(len(due), alerts)


def sweep(engine: Engine, now: datetime | None = None) -> SweepResult:
    """Handle every deadline due for a look; returns totals."""
    deadlines = alerts = 0
    while True:
        result = sweep_once(engine, now)
        deadlines, alerts = deadlines + result.deadlines, alerts + result.alerts
        if result.deadlines == 0:
            return SweepResult(deadlines, alerts)
