"""A prevención's window: until when the requester may answer it, when a desahogo is refused, and
what the analysis form says of both before the prevención is recorded."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from engine import clock
from engine.deadlines import Deadline, Foreseen, foresee_restart, foresee_window
from engine.documents import long_date
from workflows.access_request.models import TransparencyRequest


def desahogo_refusal_in(prevented_on: date, due_on: date, due_at: datetime, answered: date,
                        answered_at: datetime | None) -> tuple[str, str] | None:
    """The field and the reason a desahogo of that day (and moment) is refused, or None, for the
    window a prevención notified on `prevented_on` opened (its last day `due_on`, closing at `due_at`)."""
    if answered < prevented_on:
        return "fecha_desahogo", "El desahogo no puede ser anterior a la prevención."
    # Against the real clock, as the form's dates are (PastDate): an hour later today has not happened.
    if answered_at is not None and answered_at > clock.utcnow():
        return "hora_desahogo", "La hora del desahogo no puede ser posterior a este momento."
    # The window closes at closing time of its last day, and a filing from that minute on counts as
    # received the next día hábil (as every filing does): 18:00 sharp is already too late.
    if answered > due_on or (answered_at is not None and answered_at >= due_at):
        return ("hora_desahogo" if answered == due_on else "fecha_desahogo",
                "El desahogo llegó después del cierre del último día para desahogar "
                f"({long_date(due_on)}): la solicitud se tiene por no presentada.")
    return None


@dataclass(frozen=True)
class PreventionForecast:
    window: Foreseen  # the requester's días hábiles to answer, from the notification
    ended: bool  # the window is already over: recorded now, without its desahogo, the request is closed
    restart: Foreseen | None = None  # the response term a desahogo given with the prevención restarts
    refusal: str | None = None  # why the desahogo given with it would be refused


def prevention_forecast(session: Session, request: TransparencyRequest, response: Deadline, notified_on: date,
                        answered_on: date | None, answered_at: datetime | None, now: datetime) -> PreventionForecast:
    """What recording a prevención notified that day (with the desahogo of `answered_on`, if it came)
    would do, counted as start_prevention and restart_clock count it."""
    window, ends_at = foresee_window(session, request.organization_id, request.kind.value, "desahogo", notified_on,
                                     request.rule_set_code)
    ended = ends_at <= now
    if answered_on is None:
        return PreventionForecast(window, ended)
    refusal = desahogo_refusal_in(notified_on, window.due, ends_at, answered_on, answered_at)
    if refusal is not None:
        return PreventionForecast(window, ended, refusal=refusal[1])
    return PreventionForecast(window, ended, restart=foresee_restart(session, response, answered_on, answered_at))
