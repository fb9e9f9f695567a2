"""Deadlines (plazos): rows computed from the legal calendar, recomputed when it changes.

A deadline keeps what it was computed from — the day counting starts after, the rule (value,
unit, basis) of the rule set it was filed under, any ampliación — so it can be recomputed when a
día inhábil or a suspension is declared later, and explained day by day to a person.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Text, and_, or_, update
from sqlmodel import Field, Index, Session, SQLModel, select

from engine import audit
from engine.accounts import Actor
from engine.alert_policy import OPTION_KINDS, first_alert_day, lapse_is_no_breach
from engine.business_calendar import WEEKDAY_NAMES, BusinessCalendar, SkippedDay, Term, Unit, weekend_words
from engine.clock import to_local, to_utc, utcnow
from engine.documents import date_span, long_date
from engine.labels import LabeledEnum, in_parentheses
from engine.legal_calendar import calendar_for
from engine.processes import OpenTask
from engine.rule_sets import Procedure, Rule, rule_set_by_code, rule_set_code_for


class DeadlineKind(LabeledEnum):
    RESPUESTA = "respuesta", "Respuesta"
    PREVENCION = "prevencion", "Prevención"
    DESAHOGO = "desahogo", "Desahogo de la prevención"
    AMPLIACION = "ampliacion", "Ampliación"
    ENTREGA = "entrega", "Entrega"
    EFECTIVIDAD = "efectividad", "Hacer efectivo el derecho"
    INCOMPETENCIA = "incompetencia", "Aviso de incompetencia"
    # The last day to answer by pointing to information already public (LGTAIP 2025 art. 132).
    INFORMACION_PUBLICA = "informacion_publica", "Orientación a información ya publicada"
    RECURSO = "recurso", "Recurso de revisión"
    TURNADO_INTERNO = "turnado_interno", "Turnado interno de solicitudes"
    # A correspondence item's turn: the oficialía's term, not the Unidad de Transparencia's.
    TURNO_CORRESPONDENCIA = "turno_correspondencia", "Turno de correspondencia"
    CARGA_TRIMESTRAL = "carga_trimestral", "Carga trimestral"
    CONVOCATORIA = "convocatoria", "Convocatoria"
    SEGUIMIENTO = "seguimiento", "Seguimiento de acuerdo"
    REVISION_ACTA = "revision_acta", "Revisión del acta"


class DeadlineStatus(LabeledEnum):
    OPEN = "abierto", "En curso"
    MET = "cumplido", "Cumplido"
    MISSED = "vencido", "Vencido"
    PAUSED = "pausado", "En pausa"
    CANCELLED = "cancelado", "Cancelado"


LIVE_STATUSES = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)

RAN_OUT = "Transcurrido"


class Deadline(SQLModel, table=True):
    __table_args__ = (
        # The sweep reads only rows with something to say today: a range scan on this index.
        Index("ix_deadline_sweep", "next_alert_on", "status"),
        Index("ix_deadline_org_live", "organization_id", "status", "due_on"),
        # Lists of one kind of term (the requests' response terms, not the areas' internal ones),
        # soonest due first. The id closes the order: PostgreSQL then reads just a page's rows
        # (SQLite's indexes end with the rowid anyway), not every term due the same day.
        Index("ix_deadline_org_kind", "organization_id", "kind", "status", "due_on", "id"),
        Index("ix_deadline_subject", "organization_id", "subject_type", "subject_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    subject_type: str = Field(max_length=40)
    subject_id: str = Field(max_length=40)
    instance_id: int | None = Field(default=None, foreign_key="processinstance.id", index=True)
    title: str = Field(max_length=300)
    kind: DeadlineKind = Field(max_length=30)
    procedure: Procedure = Field(max_length=30)
    rule_set_code: str = Field(max_length=60)
    rule_key: str = Field(max_length=60)
    days: int
    unit: Unit = Field(max_length=20)
    basis: str = Field(max_length=400)
    extension_days: int = 0
    # An internal deadline may run to a number of días hábiles before another one (its parent).
    parent_id: int | None = Field(default=None, foreign_key="deadline.id", index=True)
    # A term that runs backwards: `days` before this day (a convocatoria, before its session).
    ends_before: date | None = None
    # The moment the term hangs from (filing, notification, answer to a prevención); it counts on
    # `starts_after`, the día hábil it takes effect, and the term starts the día hábil after.
    anchored_at: datetime
    starts_after: date
    counted_from: date
    due_on: date
    due_at: datetime
    status: DeadlineStatus = Field(default=DeadlineStatus.OPEN, max_length=20)
    paused_on: date | None = None
    met_at: datetime | None = None
    responsible_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    responsible_area_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    next_alert_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def met_late(self) -> bool:
        # The due moment is the end of the due day in the organization's zone: the UTC date of
        # an answer given that evening in Tijuana is already the next day.
        return self.met_at is not None and self.met_at > self.due_at


class DeadlineEvent(SQLModel, table=True):
    """What happened to a deadline: opened, paused, resumed, extended, moved, met… with both dates."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    deadline_id: int = Field(foreign_key="deadline.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    action: str = Field(max_length=30)
    due_before: date | None = None
    due_after: date | None = None
    reason: str = Field(default="", sa_type=Text)
    actor_name: str = Field(default="", max_length=200)


class DeadlineError(ValueError):
    """A change the law does not allow; the message is for the person who asked."""


@dataclass(frozen=True)
class Moved:
    deadline: Deadline
    before: date
    after: date
    event_id: int  # the "recalculado" event: one per change, though the dates may repeat an earlier move


def due_moment(calendar: BusinessCalendar, due: date) -> datetime:
    """The end of the due day: closing time in the organization's zone."""
    return datetime.combine(due, calendar.closes, tzinfo=ZoneInfo(calendar.timezone))


def _compute(session: Session, deadline: Deadline, calendar: BusinessCalendar) -> Term:
    if deadline.ends_before is not None:
        due = calendar.subtract(deadline.ends_before, deadline.days, deadline.unit)
        if deadline.unit != Unit.CALENDAR_DAYS:
            return Term(deadline.starts_after, due, _counted_back_over(calendar, due, deadline.ends_before))
        # Días naturales back to an inhábil day end the día hábil before it: those days are said.
        rolled = calendar.closed_days(due + timedelta(days=1), deadline.ends_before - timedelta(days=deadline.days))
        return Term(deadline.starts_after, due, rolled, rolled)
    if deadline.parent_id is not None:
        parent = session.get(Deadline, deadline.parent_id)
        back, due = _turn_days(calendar, deadline, parent.due_on)
        # Only a turn counted back in full skipped the inhábiles days between it and the legal term.
        return Term(calendar.next_business_day(deadline.starts_after), due,
                    _counted_back_over(calendar, due, parent.due_on) if due == back else ())
    return _own_term(calendar, deadline, deadline.starts_after)


def _turn_days(calendar: BusinessCalendar, deadline: Deadline, legal_due: date) -> tuple[date, date]:
    """An area's turn: the day its margin gives (its días hábiles before the legal term) and its due day,
    that one unless the turn came on it or later."""
    back = calendar.subtract_business_days(legal_due, deadline.days)
    # A late turn still gets a día hábil to answer, but never past the legal term it serves.
    return back, min(max(back, calendar.next_business_day(deadline.starts_after)), legal_due)


def _counted_back_over(calendar: BusinessCalendar, due: date, end: date) -> tuple[SkippedDay, ...]:
    """The inhábiles days a term counted back in días hábiles from `end` to `due` did not count."""
    return calendar.closed_days(due + timedelta(days=1), end - timedelta(days=1))


def _own_term(calendar: BusinessCalendar, deadline: Deadline, starts_after: date) -> Term:
    """A term counted on its own (no parent, no end before): its days and any ampliación."""
    return calendar.add(starts_after, deadline.days + deadline.extension_days, deadline.unit)


def _answer_moment(calendar: BusinessCalendar, answered_on: date, answered_at: datetime | None) -> datetime:
    """When an answer that restarts a term counts as given: its moment, or the opening of its day."""
    return answered_at or _opening_of(calendar, answered_on)


def _calendar_of(session: Session, deadline: Deadline) -> BusinessCalendar:
    return calendar_for(session, deadline.organization_id, deadline.procedure, deadline.rule_set_code)


def log_event(session: Session, actor: Actor, deadline: Deadline, action: str, before: date | None,
         after: date | None, reason: str) -> DeadlineEvent:
    event = DeadlineEvent(organization_id=deadline.organization_id, deadline_id=deadline.id, action=action,
                          due_before=before, due_after=after, reason=reason, actor_name=actor.name)
    session.add(event)
    audit.record(session, deadline.organization_id, actor.user_id, actor.name, f"plazo.{action}", "deadline",
                 deadline.id, summary=f"{deadline.title}: {reason}"[:500],
                 before={"vence": before} if before else None, after={"vence": after} if after else None)
    return event


def _schedule_alerts(session: Session, deadline: Deadline, calendar: BusinessCalendar, today: date) -> None:
    deadline.next_alert_on = first_alert_day(session, deadline.organization_id, deadline.kind, calendar,
                                             deadline.due_on, today, rule_key=deadline.rule_key)


def open_deadline(session: Session, actor: Actor, *, subject_type: str, subject_id: object, kind: DeadlineKind,
                  procedure: Procedure | str, rule_key: str, title: str, received_at: datetime | None = None,
                  starts_after: date | None = None, rule_set_code: str | None = None, days: int | None = None,
                  basis: str | None = None, parent: "Deadline | None" = None,
                  responsible_user_id: int | None = None, responsible_area_id: int | None = None,
                  instance_id: int | None = None, now: datetime | None = None, ends_before: date | None = None,
                  unit: Unit | None = None, rule_if_missing: Rule | None = None) -> Deadline:
    """Open a deadline under the organization's rule set for the procedure (or the one given).

    Give `received_at` for a filing (after hours or on an inhábil day it counts the next día
    hábil) or `starts_after` for a notification that takes effect on a known day. `days` and
    `basis` override the rule's value (an internal instruction); `parent` makes it run to
    `days` días hábiles before that deadline, `ends_before` to `days` (in `unit`, or the rule's)
    before that day. `rule_if_missing` is counted when the rule set does not define `rule_key` (a
    law that does not set the garante's term to resolve a recurso): the term keeps its own key.
    """
    organization_id = actor.organization_id
    procedure = Procedure(procedure)
    code, rule, calendar = _rule_and_calendar(session, organization_id, procedure, rule_key, rule_set_code,
                                              rule_if_missing)
    if received_at is None:
        if starts_after is None:
            raise DeadlineError("Indique la fecha de recepción o de notificación.")
        received_at = _opening_of(calendar, starts_after)
    deadline = Deadline(organization_id=organization_id, subject_type=subject_type, subject_id=str(subject_id),
                        instance_id=instance_id, title=title[:300], kind=kind, procedure=procedure,
                        rule_set_code=code, rule_key=rule_key, days=rule.value if days is None else days,
                        unit=unit or rule.unit, basis=basis or rule.basis, parent_id=parent.id if parent else None,
                        ends_before=ends_before,
                        anchored_at=received_at, starts_after=received_at.date(), counted_from=received_at.date(),
                        due_on=received_at.date(), due_at=utcnow(), responsible_user_id=responsible_user_id,
                        responsible_area_id=responsible_area_id)
    _apply(session, deadline, calendar, now)
    session.add(deadline)
    session.flush()
    log_event(session, actor, deadline, "abierto", None, deadline.due_on, describe_rule(deadline))
    return deadline


def _rule_and_calendar(session: Session, organization_id: int, procedure: Procedure, rule_key: str,
                       rule_set_code: str | None, rule_if_missing: Rule | None = None
                       ) -> tuple[str, Rule, BusinessCalendar]:
    """The rule set (the organization's for the procedure, or the one given), its rule and its calendar."""
    code = rule_set_code or rule_set_code_for(session, organization_id, procedure)
    rule_set = rule_set_by_code(session, organization_id, code)
    rule = rule_if_missing if rule_if_missing and rule_key not in rule_set.rules else rule_set.rule(rule_key)
    return code, rule, calendar_for(session, organization_id, procedure, code)


@dataclass(frozen=True)
class Foreseen:
    """A term as a deadline opened from a moment would have it, before anything is opened."""

    received_on: date  # the día hábil the moment counts as (after hours or on an inhábil day: the next)
    counted_from: date
    due: date
    rule: Rule


def foresee(session: Session, organization_id: int, procedure: Procedure | str, rule_key: str,
            received_at: datetime, rule_set_code: str | None = None) -> Foreseen:
    """A rule's term counted from a moment (a filing, a turn), as a deadline would have it, without
    opening one: what a form shows before the step it bounds is taken."""
    _, rule, calendar = _rule_and_calendar(session, organization_id, Procedure(procedure), rule_key, rule_set_code)
    received = calendar.received_on(received_at)
    term = calendar.add(received, rule.value, rule.unit)
    return Foreseen(received, term.counted_from, term.due, rule)


def foresee_window(session: Session, organization_id: int, procedure: Procedure | str, rule_key: str,
                   notified_on: date, rule_set_code: str | None = None) -> tuple[Foreseen, datetime]:
    """A term opened by a notification of that day (open_deadline's `starts_after`), and the moment it
    ends, without opening it: what the prevención's form says of the requester's window."""
    _, _, calendar = _rule_and_calendar(session, organization_id, Procedure(procedure), rule_key, rule_set_code)
    foreseen = foresee(session, organization_id, procedure, rule_key, _opening_of(calendar, notified_on), rule_set_code)
    return foreseen, due_moment(calendar, foreseen.due)


def foresee_restart(session: Session, deadline: Deadline, answered_on: date,
                    answered_at: datetime | None = None) -> Foreseen:
    """The term `restart` would give this paused deadline for an answer of that day (and moment),
    without restarting it: what the desahogo form shows before it is saved."""
    calendar = _calendar_of(session, deadline)
    received = calendar.received_on(_answer_moment(calendar, answered_on, answered_at))
    term = _own_term(calendar, deadline, received)  # a paused response term has no parent nor end before
    rule = Rule(deadline.rule_key, deadline.title, deadline.days + deadline.extension_days, Unit(deadline.unit),
                deadline.basis)
    return Foreseen(received, term.counted_from, term.due, rule)


def last_day_from(session: Session, organization_id: int, procedure: Procedure | str, rule_key: str,
                  received_at: datetime, rule_set_code: str | None = None) -> tuple[date, Rule]:
    """The last day of a rule's term counted from a moment, and the rule (see foresee)."""
    foreseen = foresee(session, organization_id, procedure, rule_key, received_at, rule_set_code)
    return foreseen.due, foreseen.rule


def _opening_of(calendar: BusinessCalendar, day: date) -> datetime:
    return datetime.combine(day, calendar.opens, tzinfo=ZoneInfo(calendar.timezone))


def _apply(session: Session, deadline: Deadline, calendar: BusinessCalendar, now: datetime | None = None) -> None:
    # The day the term hangs from is recomputed too: it may have been declared inhábil since.
    deadline.starts_after = calendar.received_on(deadline.anchored_at)
    term = _compute(session, deadline, calendar)
    deadline.counted_from, deadline.due_on = term.counted_from, term.due
    deadline.due_at = due_moment(calendar, term.due)
    deadline.updated_at = utcnow()
    _schedule_alerts(session, deadline, calendar, today_for(calendar, now))


def today_for(calendar: BusinessCalendar, now: datetime | None = None) -> date:
    return to_local(now or utcnow(), calendar.timezone).date()


def business_days_left(calendar: BusinessCalendar, deadline, today: date) -> int:
    """Días hábiles left on a term (a Deadline, or a row with its days): those after today up to its due day
    (negative once past it), and never one before its count begins. A filing after hours or on an inhábil
    day counts as received the next día hábil and its term starts the day after (LGTAIP art. 128): until
    then all of its days are left, not those days and the ones before them."""
    since = today
    if deadline.counted_from <= deadline.due_on:  # not a turn given after the legal term it ends with
        since = max(today, deadline.counted_from - timedelta(days=1))
    return calendar.business_days_between(since, deadline.due_on)


def describe_rule(deadline: Deadline, legal_due: date | None = None, moved_since: bool = False) -> str:
    """The rule in words; `legal_due`, for a term counted back from another (an area's turn), that
    term's due day; `moved_since`, that the legal term has moved since this one ended."""
    if deadline.ends_before is not None:
        return (f"{Unit(deadline.unit).amount(deadline.days)} antes del {long_date(deadline.ends_before)} "
                f"({deadline.basis})")
    if deadline.parent_id is not None:
        of = " que regía entonces" if moved_since else f" del {long_date(legal_due)}" if legal_due else ""
        return f"{Unit.BUSINESS_DAYS.amount(deadline.days)} antes del vencimiento legal{of} ({deadline.basis})"
    total = deadline.days + deadline.extension_days
    if total == 0:  # an instruction to act the same day (a turn due the day it is given)
        return f"El mismo día ({deadline.basis})"
    extension = f", incluida una ampliación de {deadline.extension_days}" if deadline.extension_days else ""
    return f"{Unit(deadline.unit).amount(total)}{extension} ({deadline.basis})"


def pause(session: Session, actor: Actor, deadline: Deadline, on: date, reason: str) -> None:
    """Stop the clock (a prevención): the term will restart in full when the answer arrives."""
    if deadline.status not in LIVE_STATUSES:
        raise DeadlineError(f"El plazo está {DeadlineStatus(deadline.status).label.lower()}; no puede pausarse.")
    deadline.status, deadline.paused_on = DeadlineStatus.PAUSED, on
    deadline.next_alert_on = None
    log_event(session, actor, deadline, "pausado", deadline.due_on, None, reason)


def restart(session: Session, actor: Actor, deadline: Deadline, answered_on: date, reason: str,
            answered_at: datetime | None = None) -> None:
    """Restart the term in full the day after the answer (LGTAIP art. 128/130, LGPDPPSO art. 46).

    With the moment of the answer (`answered_at`), one received after hours counts from the next
    día hábil, as any filing does; with its day only, it counts as received within that day's hours.
    """
    if deadline.status != DeadlineStatus.PAUSED:
        raise DeadlineError("Solo un plazo en pausa puede reanudarse.")
    if deadline.paused_on and answered_on < deadline.paused_on:
        raise DeadlineError("La fecha del desahogo no puede ser anterior a la prevención.")
    before = deadline.due_on
    calendar = _calendar_of(session, deadline)
    deadline.anchored_at = _answer_moment(calendar, answered_on, answered_at)
    deadline.status, deadline.paused_on = DeadlineStatus.OPEN, None
    _apply(session, deadline, calendar)
    log_event(session, actor, deadline, "reanudado", before, deadline.due_on, reason)


def extend(session: Session, actor: Actor, deadline: Deadline, notified_on: date, reason: str,
           rule_key: str = "ampliacion") -> Rule:
    """Add the rule set's ampliación, only if it was notified on or before the due day; the rule applied."""
    if deadline.extension_days:
        raise DeadlineError("El plazo ya fue ampliado una vez; la ley permite una sola ampliación.")
    if deadline.status not in LIVE_STATUSES:
        raise DeadlineError(f"El plazo está {DeadlineStatus(deadline.status).label.lower()}; no puede ampliarse.")
    if notified_on > deadline.due_on:
        raise DeadlineError(f"La ampliación se notificó el {long_date(notified_on)}, después del vencimiento "
                            f"del {long_date(deadline.due_on)}: no procede.")
    rule = rule_set_by_code(session, deadline.organization_id, deadline.rule_set_code).rule(rule_key)
    before = deadline.due_on
    deadline.extension_days = rule.value
    deadline.status = DeadlineStatus.OPEN
    _apply(session, deadline, _calendar_of(session, deadline))
    log_event(session, actor, deadline, "ampliado", before, deadline.due_on,
              f"{reason} {in_parentheses(rule.describe())}")
    return rule


def retarget(session: Session, actor: Actor, deadline: Deadline, rule_key: str, reason: str) -> None:
    """Count a live term by another rule of its rule set: the answer turned out to be one the law
    gives its own term (information already public: 5 días hábiles, not 20)."""
    if deadline.status not in LIVE_STATUSES:
        raise DeadlineError(f"El plazo está {DeadlineStatus(deadline.status).label.lower()}; no puede cambiarse.")
    _, rule, calendar = _rule_and_calendar(session, deadline.organization_id, deadline.procedure, rule_key,
                                           deadline.rule_set_code)
    before = deadline.due_on
    deadline.rule_key, deadline.days, deadline.unit, deadline.basis = rule_key, rule.value, rule.unit, rule.basis
    _apply(session, deadline, calendar)
    log_event(session, actor, deadline, "recalculado", before, deadline.due_on,
              f"{reason} {in_parentheses(rule.describe())}")


def close(session: Session, actor: Actor, deadline: Deadline, reason: str, met_at: datetime | None = None,
          even_if_cancelled: bool = False) -> None:
    """The obligation was fulfilled (on time or late; the row says which). `even_if_cancelled`: an option
    closed as no longer applicable that was used after all (a request back at the Unidad's analysis)."""
    if deadline.status == DeadlineStatus.MET or (deadline.status == DeadlineStatus.CANCELLED and not even_if_cancelled):
        return
    deadline.status, deadline.met_at, deadline.next_alert_on = DeadlineStatus.MET, met_at or utcnow(), None
    log_event(session, actor, deadline, "cumplido", deadline.due_on, deadline.due_on, reason)


def cancel(session: Session, actor: Actor, deadline: Deadline, reason: str) -> None:
    if deadline.status in (DeadlineStatus.MET, DeadlineStatus.CANCELLED):
        return
    deadline.status, deadline.next_alert_on = DeadlineStatus.CANCELLED, None
    deadline.updated_at = utcnow()  # ran_out tells a window closed once over from one cut short
    log_event(session, actor, deadline, "cancelado", deadline.due_on, None, reason)


def _due_moment(deadline: Deadline) -> datetime:
    return to_utc(deadline.due_at, "UTC")  # stored UTC; SQLite hands it back without its zone


def _past_due(deadline: Deadline, now: datetime | None) -> bool:
    return _due_moment(deadline) < (now or utcnow())


def ran_out(deadline: Deadline, now: datetime | None = None) -> bool:
    """A term whose lapse is no breach (a requester's, an option of the Unidad) that is over unused: past
    its last day, or closed once over (by its timer, by the Unidad's decision)."""
    if not lapse_is_no_breach(deadline.kind, deadline.rule_key):
        return False
    if deadline.status in LIVE_STATUSES:
        return _past_due(deadline, now)
    return deadline.status == DeadlineStatus.CANCELLED and to_utc(deadline.updated_at, "UTC") >= _due_moment(deadline)


def status_label(deadline: Deadline, now: datetime | None = None) -> str:
    """The state of a deadline as its page says it: «Transcurrido» for a requester's term run out (or an option);
    «Vencido» for a live one past its due moment, before the scheduler's sweep marks it so (the
    page says «Vencido hace 1 día hábil» beside it; «En curso» would contradict it)."""
    if ran_out(deadline, now):
        return RAN_OUT
    if deadline.status == DeadlineStatus.OPEN and _past_due(deadline, now):
        return DeadlineStatus.MISSED.label
    return DeadlineStatus(deadline.status).label


def recompute_affected(session: Session, actor: Actor, organization_id: int, first: date, last: date,
                       procedures: Collection[str] | None, reason: str) -> list[Moved]:
    """Recompute the live deadlines whose term spans [first, last]; log and return those that moved.

    `procedures` None means every procedure (a día inhábil); otherwise only those procedures'
    deadlines (a suspension of plazos: never a session's, which no suspension stops). Internal
    deadlines that run before a moved one follow it.
    """
    # A filing inside a suspension counts from after it: when the suspension is lifted or
    # shortened its start lies past `last`, so the filing moment decides (a day of margin for the zone).
    margin_end = min(last, date.max - timedelta(days=2)) + timedelta(days=2)
    anchored_before = datetime.combine(margin_end, time(0), tzinfo=UTC)
    # An area's turn follows its legal term wherever it was anchored: one turned after the
    # suspended days still runs before a legal term those days moved.
    query = select(Deadline).where(Deadline.organization_id == organization_id,
                                   Deadline.status.in_(LIVE_STATUSES),
                                   or_(Deadline.parent_id.is_not(None),
                                       and_(Deadline.anchored_at < anchored_before,
                                            or_(Deadline.due_on >= first, Deadline.ends_before >= first))))
    if procedures is not None:
        query = query.where(Deadline.procedure.in_(sorted(procedures)))
    # Parents before their internal deadlines, so a child reads its parent's new due day.
    candidates = sorted(session.exec(query).all(), key=lambda d: (d.parent_id is not None, d.id))
    changes = []
    for deadline in candidates:
        before = deadline.due_on
        _apply(session, deadline, _calendar_of(session, deadline))
        if deadline.status == DeadlineStatus.MISSED and deadline.due_on >= today_for(_calendar_of(session, deadline)):
            deadline.status = DeadlineStatus.OPEN
        if deadline.due_on != before:
            changes.append((deadline, before, log_event(session, actor, deadline, "recalculado", before,
                                                        deadline.due_on, reason)))
            _move_open_tasks(session, deadline)
    session.flush()  # gives the events their ids
    return [Moved(deadline, before, deadline.due_on, event.id) for deadline, before, event in changes]


def _move_open_tasks(session: Session, deadline: Deadline) -> None:
    """The inbox shows the due day of the tasks this deadline governs: keep it in step."""
    if deadline.instance_id is None:
        return
    # Rows that name no deadline (a process that names none, or projected before rows named it):
    # an area's term moves its area's tasks, a term of nobody's area the tasks of no area.
    same_area = (OpenTask.area_id == deadline.responsible_area_id if deadline.responsible_area_id is not None
                 else OpenTask.area_id.is_(None))
    session.exec(update(OpenTask).where(
        OpenTask.instance_id == deadline.instance_id,
        or_(OpenTask.deadline_id == deadline.id, and_(OpenTask.deadline_id.is_(None), same_area)),
    ).values(due_at=deadline.due_at))


# What the explanation of an option's term adds: its lapse is no breach (alert_policy.OPTION_KINDS).
OPTION_NOTE = ("Es una opción de la Unidad de Transparencia, no una obligación: si el plazo transcurre sin usarse, "
               "la opción se pierde, sin que haya incumplimiento.")


@dataclass(frozen=True)
class LateTurn:
    """An area's turn given on the day its margin would have ended it, or later: it got the día hábil
    after the turn instead."""

    turned_on: date  # the día hábil the turn counts as given
    margin_day: date  # the day its días hábiles before the legal term would have given
    legal_due: date


@dataclass(frozen=True)
class Explanation:
    rule: str
    counted_from: date
    due: date
    skipped: tuple[SkippedDay, ...]
    paused_on: date | None = None  # a paused term has no due day until it restarts
    backwards: bool = False  # counted back from a day (a convocatoria): no day it counts from
    weekend: frozenset[int] = frozenset({5, 6})
    # Días naturales (or months) whose last day is inhábil: the inhábiles days the due day moved over,
    # back to the día hábil before (counted back) or on to the next one. They were not left out of the
    # count as `skipped` days are: the count ended on the first of them (the nominal last day).
    rolled: tuple[SkippedDay, ...] = ()
    option: bool = False  # an option of the Unidad (alert_policy.OPTION_KINDS), not an obligation
    late_turn: LateTurn | None = None  # an area's turn given too late for its margin

    @property
    def rolled_caption(self) -> str:
        if self.backwards:
            return "Días inhábiles por los que el vencimiento pasó al día hábil anterior"
        return "Días inhábiles por los que el vencimiento pasó al siguiente día hábil"

    def closed_periods(self) -> list[tuple[date, date, str]]:
        """The days the term skips besides the weekend, consecutive days closed for the same reason
        as one period (a vacation is one line, not eleven). A period that falls on weekend days
        only (a holiday on a Saturday) changes nothing anyone counts and is left out."""
        periods: list[list] = []
        for day in self.skipped:
            if day.reason == WEEKDAY_NAMES[day.day.weekday()]:
                continue  # a plain weekend day
            if periods and periods[-1][2] == day.reason and (day.day - periods[-1][1]).days == 1:
                periods[-1][1] = day.day
            else:
                periods.append([day.day, day.day, day.reason])
        return [(first, last, reason) for first, last, reason in periods
                if any((first + timedelta(days=n)).weekday() not in self.weekend
                       for n in range(min((last - first).days + 1, 7)))]

    def sentence(self) -> str:
        if self.late_turn is not None:
            late = self.late_turn
            same = ", el mismo día del vencimiento legal" if self.due == late.legal_due else ""
            return (f"Turnado el {long_date(late.turned_on)}, ya no podía vencer {self.rule}, el "
                    f"{long_date(late.margin_day)}: vence el día hábil siguiente al turno, el {long_date(self.due)}"
                    f"{same}.")
        if self.backwards:
            if self.rolled:  # counted back to an inhábil day: the día hábil before it
                last = self.rolled[-1]
                return (f"{self.rule}: vence el {long_date(self.due)}, día hábil anterior al "
                        f"{long_date(last.day)}, inhábil {in_parentheses(last.reason)}.")
            return f"{self.rule}: vence el {long_date(self.due)}.{self._not_counted()}"
        if self.paused_on is not None:
            return (f"{self.rule}, contados a partir del {long_date(self.counted_from)}; en pausa desde el "
                    f"{long_date(self.paused_on)}: se computa de nuevo, completo, a partir del día siguiente al "
                    f"desahogo (sin la pausa habría vencido el {long_date(self.due)}).")
        if self.due < self.counted_from:
            # An area's turn given on the legal due day or after it: it cannot outlast the legal term.
            return (f"{self.rule}; se turnó el día del vencimiento legal o después, así que vence con él, "
                    f"el {long_date(self.due)}.")
        text = f"{self.rule}, contados a partir del {long_date(self.counted_from)}; vence el {long_date(self.due)}"
        if self.rolled:  # its last day was inhábil: the día hábil after it
            last = self.rolled[0]
            text += f", día hábil siguiente al {long_date(last.day)}, inhábil {in_parentheses(last.reason)}"
        text = f"{text}.{self._not_counted()}"
        return f"{text} {OPTION_NOTE}" if self.option else text

    def _not_counted(self) -> str:
        """« Además de los sábados y domingos, no cuentan: …», or nothing when no other day was skipped."""
        periods = self.closed_periods()
        if not periods:
            return ""
        listed = "; ".join(f"{long_date(first) if first == last else date_span(first, last)} "
                           f"{in_parentheses(reason)}" for first, last, reason in periods)
        besides = f"Además de los {weekend_words(self.weekend)}, no" if self.weekend else "No"
        return f" {besides} cuentan: {listed}."


def explain(session: Session, deadline: Deadline) -> Explanation:
    calendar = _calendar_of(session, deadline)
    term = _compute(session, deadline, calendar)
    moved_since = deadline.status in (DeadlineStatus.MET, DeadlineStatus.CANCELLED) and term.due != deadline.due_on
    if moved_since:
        # A term that ended keeps the day it had then; what it was computed from may have moved
        # since (the legal term an area's turn ran before was extended, a day was declared inhábil).
        # Today's calendar cannot say which days it skipped then: a suspension declared after it
        # ended would be listed beside a day it never moved, so none is listed.
        term = Term(term.counted_from, deadline.due_on, ())
    # A filing on an inhábil day (or during a suspension) counts from a later day: say why too.
    filed_on = to_local(deadline.anchored_at, calendar.timezone).date()
    before_receipt = calendar.closed_days(filed_on, deadline.starts_after - timedelta(days=1))
    # Counted back from a day, the day it was opened plays no part: a convocatoria, or an area's turn
    # that ends before the legal term (unless it was given too late for that: the sentence says so).
    parent = session.get(Deadline, deadline.parent_id) if deadline.parent_id is not None else None
    # A same-day term has no day it counts from either.
    same_day = parent is None and deadline.ends_before is None and deadline.days + deadline.extension_days == 0
    backwards = deadline.ends_before is not None or (parent is not None and term.due >= term.counted_from) or same_day
    # The legal term a closed turn was counted back from may have moved since (an ampliación): its
    # current day is not the one this turn's day was counted from.
    # Días naturales count every day: the inhábiles days its due day moved over were not left out of
    # the count, and are said apart («Días que no se contaron» would be wrong for them).
    rolled_over = {day.day for day in term.rolled}
    not_counted = tuple(day for day in term.skipped if day.day not in rolled_over)
    if backwards:
        # Counted back in días hábiles, the inhábiles days between its due day and the day it runs to
        # were not counted; in días naturales none is left out (its last day may go back over some).
        skipped = not_counted
    elif parent is not None:
        skipped = ()  # an area's turn given too late to count any day
    else:
        skipped = before_receipt + not_counted
    late_turn = None
    # A turn given on the legal due day or after it ends with that term, and its sentence says so (its due
    # day is before the day it counts from); one given between its margin's day and that one, here.
    if parent is not None and not moved_since and term.due >= term.counted_from:
        margin_day, _ = _turn_days(calendar, deadline, parent.due_on)
        if term.due != margin_day:
            late_turn = LateTurn(deadline.starts_after, margin_day, parent.due_on)
    return Explanation(describe_rule(deadline, parent.due_on if parent else None, moved_since), term.counted_from,
                       term.due, skipped,
                       deadline.paused_on if deadline.status == DeadlineStatus.PAUSED else None, backwards,
                       # Días naturales count the weekend: «además de los sábados y domingos» would be wrong.
                       calendar.weekend if deadline.unit == Unit.BUSINESS_DAYS else frozenset(),
                       term.rolled if deadline.ends_before is not None or not (backwards or parent is not None)
                       else (), deadline.kind in OPTION_KINDS, late_turn)


def still_running(session: Session, deadline_id: int, now: datetime) -> Deadline | None:
    """The deadline, if it is live and its due moment is still ahead. A diagram's timer fires at
    the moment its term had when it opened; a día inhábil or a suspension declared since may have
    moved the term later, and then what the timer would end is still running."""
    deadline = session.get(Deadline, deadline_id)
    if deadline is None or deadline.status not in LIVE_STATUSES or deadline.due_at <= now:
        return None
    return deadline


def due_moments(session: Session, ids: set[int]) -> dict[int, datetime]:
    """Each deadline's due moment as the calendar has it now."""
    if not ids:
        return {}
    return dict(session.exec(select(Deadline.id, Deadline.due_at).where(Deadline.id.in_(ids))).all())


def due_moments_unless_paused(session: Session, ids: set[int]) -> dict[int, datetime | None]:
    """Each deadline's due moment as the calendar has it now; None for one paused (a response term
    during a prevención), whose due moment says nothing until it runs again."""
    if not ids:
        return {}
    return {id_: None if status == DeadlineStatus.PAUSED else due_at for id_, due_at, status in session.exec(
        select(Deadline.id, Deadline.due_at, Deadline.status).where(Deadline.id.in_(ids))).all()}


def deadlines_of(session: Session, organization_id: int, subject_type: str, subject_id: object) -> list[Deadline]:
    return list(session.exec(select(Deadline).where(
        Deadline.organization_id == organization_id, Deadline.subject_type == subject_type,
        Deadline.subject_id == str(subject_id)).order_by(Deadline.id)).all())


def events_of(session: Session, deadline: Deadline) -> list[DeadlineEvent]:
    return list(session.exec(select(DeadlineEvent).where(DeadlineEvent.deadline_id == deadline.id)
                             .order_by(DeadlineEvent.id)).all())
