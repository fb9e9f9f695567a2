"""The number of an oficio of the Unidad de Transparencia in its yearly series, given only to a date
an oficio can carry.

An oficio is dated the day it is notified, and that is a day the office works: a Saturday, a holiday or
a día the organization declared inhábil is refused (a notification on such a day takes effect the next
día hábil, which is the date to put). A suspension of plazos stops terms, not the office: an oficio
may be dated inside one.

Numbers are taken in the order oficios are recorded, not re-sorted by date: an answer notified on
Tuesday and recorded on Thursday, after Wednesday's prevención, carries its true date and the next
number. Refusing that date would make the Unidad record a later notification than the real one, and
that later day can fall after the legal term.
"""

from datetime import date

from sqlmodel import Session

from engine.documents import long_date
from engine.folios import next_folio
from engine.forms import FormInvalid
from engine.legal_calendar import calendar_for
from engine.tenancy import Organization
from workflows.access_request.models import TransparencyRequest

# The Unidad's oficios (respuesta, prevención, ampliación, incompetencia) share one yearly
# numbering (Organization.oficio_number_pattern).
OFICIO_SERIES = "UT-OFICIO"


def oficio_date_refusal(session: Session, organization: Organization, request: TransparencyRequest,
                        dated: date) -> str | None:
    """Why no oficio of the request can be dated that day, in Spanish, or None: what number_oficio refuses,
    said beforehand (the prevención's forecast says it as the date is typed)."""
    calendar = calendar_for(session, organization.id, request.kind.value, request.rule_set_code)
    closed = calendar.office_closed_reason(dated)
    if closed is not None:
        return (f"El {long_date(dated)} es día inhábil en el calendario de la institución ({closed}): un oficio se "
                f"fecha en día hábil. Indique el día hábil en que se notifica; el siguiente es el "
                f"{long_date(calendar.next_office_day(dated))}.")
    return None


def check_oficio_date(session: Session, organization: Organization, request: TransparencyRequest, dated: date,
                      field: str) -> None:
    """FormInvalid beside `field` (the form's date) when no oficio of the request can be dated `dated`."""
    refusal = oficio_date_refusal(session, organization, request, dated)
    if refusal is not None:
        raise FormInvalid({field: refusal})


def number_oficio(session: Session, organization: Organization, request: TransparencyRequest, dated: date,
                  field: str) -> str:
    """The oficio's number, or FormInvalid beside `field` (the form's date) when `dated` cannot carry one."""
    check_oficio_date(session, organization, request, dated, field)
    _, number = next_folio(session, organization.id, OFICIO_SERIES, dated.year, organization.oficio_number_pattern)
    return number
