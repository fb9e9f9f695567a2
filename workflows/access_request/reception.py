"""The día hábil a request counts as received — the day it came in or, after closing time, on an
inhábil day or during a suspension of plazos, the next día hábil (LFPA art. 30) — on the calendar its
terms run on, and the words with which the acuse, the oficios, the public consulta and the request's
page say it, all from `BusinessCalendar.received_on`.
"""

from datetime import date

from sqlmodel import Session

from engine.business_calendar import BusinessCalendar
from engine.calculator import filing_clause, why_received_later
from engine.calculator import reception_note as note_for_filing
from engine.clock import to_local
from engine.legal_calendar import calendar_for
from workflows.access_request.models import TransparencyRequest


def calendar_of(session: Session, request: TransparencyRequest) -> BusinessCalendar:
    """The calendar of the request's procedure under the rule set it was filed with."""
    return calendar_for(session, request.organization_id, request.kind.value, request.rule_set_code or None)


def deemed_received_on(session: Session, request: TransparencyRequest) -> date | None:
    """The día hábil the request counts as received when that is not the day it came in; None otherwise."""
    calendar = calendar_of(session, request)
    received = calendar.received_on(request.received_at)
    return received if received != to_local(request.received_at, calendar.timezone).date() else None


def received_later_because(session: Session, request: TransparencyRequest) -> str:
    """Why the request counts as received on a later día hábil (after closing time, on a día inhábil, during a
    suspension of plazos: calculator.why_received_later); "" when it counts the day it came in."""
    if deemed_received_on(session, request) is None:
        return ""
    return why_received_later(calendar_of(session, request), request.received_at)


def reception_note(session: Session, request: TransparencyRequest) -> str:
    """The acuse's sentence: «Recibida el domingo 22 de noviembre de 2026 a las 10:00, en día inhábil: se
    tiene por recibida el lunes 23 de noviembre de 2026.»; "" when it counts the day it came in."""
    return note_for_filing(calendar_of(session, request), request.received_at, ending="a")


def filing_words(session: Session, request: TransparencyRequest) -> str:
    """How an oficio names the filing it answers: «recibida el 26 de noviembre de 2026», or «presentada el
    domingo 22 de noviembre de 2026, que se tuvo por recibida el lunes 23 de noviembre de 2026»."""
    return filing_clause(calendar_of(session, request), request.received_at)
