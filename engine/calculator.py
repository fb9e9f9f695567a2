"""The public calculadora de plazos: raw inputs in, a term with every skipped day and its reason out.

It counts on the same calendar as the organization's deadlines (holiday list of its rule set,
declared días inhábiles, suspensions of the procedure), so what a person computes here is what
the deadline pages show.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from engine.business_calendar import FIRST_YEAR, LAST_YEAR, BusinessCalendar, SkippedDay, Unit, weekend_words
from engine.documents import long_date, weekday_date
from engine.holiday_lists import holiday_lists
from engine.legal_calendar import calendar_for, weekend_days
from engine.rule_sets import Procedure, rule_set_for
from engine.tenancy import Organization

# A legal term is counted in days or weeks; a year of días hábiles is already beyond any of them.
MAX_DAYS = 365
UNITS = {"habiles": Unit.BUSINESS_DAYS, "naturales": Unit.CALENDAR_DAYS}


class CalculationError(ValueError):
    """Input the calculadora cannot count from; the message is for the person who typed it."""


@dataclass(frozen=True)
class Calculation:
    organization: Organization
    desde: date | datetime
    received_on: date
    days: int
    unit: Unit
    counted_from: date
    due: date
    skipped: tuple[SkippedDay, ...]
    basis: str


def calculate(session: Session, organization_slug: str | None, desde: str | None, dias: str | None,
              tipo: str | None, procedimiento: str | None = None) -> Calculation:
    """Validate the raw inputs and count the term on the organization's calendar."""
    organization = _organization(session, organization_slug)
    moment = _moment(desde, organization.timezone)
    days = _days(dias)
    unit = _unit(tipo)
    procedure = _procedure(procedimiento)
    calendar = calendar_for(session, organization.id, procedure)
    received = calendar.received_on(moment)
    term = calendar.add(received, days, unit)
    filed_on = moment.date() if isinstance(moment, datetime) else moment
    # Days between the filing and the day it counts as received explain why counting starts later.
    before = calendar.closed_days(filed_on, received - timedelta(days=1))
    basis = _basis(session, organization, procedure, calendar, moment, received, days, unit)
    return Calculation(organization, moment, received, days, unit, term.counted_from, term.due,
                       before + term.skipped, basis)


# -- the inputs ---------------------------------------------------------------------------------


def _organization(session: Session, slug: str | None) -> Organization:
    slug = (slug or "").strip().lower()
    if not slug:
        raise CalculationError("Indique la institución (organizacion).")
    organization = session.exec(select(Organization).where(Organization.slug == slug[:60],
                                                           Organization.active)).first()
    if organization is None:
        raise CalculationError(f"No existe una institución con la clave «{slug[:60]}».")
    return organization


def _procedure(raw: str | None) -> Procedure:
    value = (raw or "").strip() or Procedure.ACCESO.value
    try:
        return Procedure(value)
    except ValueError:
        choices = ", ".join(p.value for p in Procedure)
        raise CalculationError(f"El procedimiento «{value[:40]}» no existe; use uno de: {choices}.") from None


def _unit(raw: str | None) -> Unit:
    value = (raw or "").strip() or "habiles"
    if value not in UNITS:
        raise CalculationError(f"El tipo de días «{value[:40]}» no existe; use «habiles» o «naturales».")
    return UNITS[value]


def _days(raw: str | None) -> int:
    value = (raw or "").strip()
    if not value:
        raise CalculationError("Indique el número de días del plazo.")
    try:
        days = int(value)
    except ValueError:
        raise CalculationError(f"El número de días debe ser un número entero, no «{value[:40]}».") from None
    if days < 1:
        raise CalculationError("El número de días debe ser al menos 1.")
    if days > MAX_DAYS:
        raise CalculationError(f"El número de días no puede pasar de {MAX_DAYS}.")
    return days


def _moment(raw: str | None, timezone: str) -> date | datetime:
    """A date, or a date and time (local to the organization unless it carries its offset)."""
    value = (raw or "").strip()
    if not value:
        raise CalculationError("Indique la fecha de recepción o de notificación (desde).")
    try:
        moment: date | datetime = (datetime.fromisoformat(value) if len(value) > 10
                                   else date.fromisoformat(value))
    except ValueError:
        raise CalculationError(f"La fecha «{value[:40]}» no es válida; use AAAA-MM-DD (por ejemplo 2026-03-23) "
                               "o AAAA-MM-DDTHH:MM para indicar también la hora.") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise CalculationError(f"La fecha debe estar entre los años {FIRST_YEAR} y {LAST_YEAR}.")
    if isinstance(moment, datetime) and moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment


# -- the explanation ----------------------------------------------------------------------------


def _basis(session: Session, organization: Organization, procedure: Procedure, calendar: BusinessCalendar,
           moment: date | datetime, received: date, days: int, unit: Unit) -> str:
    """The fundamento: how the filing was taken, what was counted and which days do not count."""
    rule_set = rule_set_for(session, organization.id, procedure)
    holidays = holiday_lists()[rule_set.holiday_list]["basis"]
    parts = []
    reception = reception_sentence(calendar, moment, received)
    if reception:
        parts.append(reception)
    counted = f"{unit.amount(days)} {'contado' if days == 1 else 'contados'} a partir del día"
    if unit is Unit.BUSINESS_DAYS:
        counted += " hábil siguiente"
    else:
        counted += " siguiente; si el último día es inhábil, vence el día hábil siguiente (LFPA art. 29)"
    parts.append(f"{counted}, conforme a «{rule_set.name}»")
    parts.append(f"días inhábiles: {_weekend(organization)}, días de descanso obligatorio ({holidays}) "
                 "y los declarados en el calendario de la institución")
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def reception_sentence(calendar: BusinessCalendar, moment: date | datetime, received: date, ending: str = "o") -> str:
    """Why a filing made at `moment` is taken as received on `received` («recibido el viernes… a las
    18:30, fuera del horario…: se tiene por recibido el lunes…»), or "" when it is that same day.
    `ending` agrees with what was filed: "o" (un escrito), "a" (una solicitud)."""
    day, hour, _ = _filed(calendar, moment)
    if day == received:
        return ""
    return (f"recibid{ending} el {weekday_date(day)}{hour}, {why_received_later(calendar, moment)}: se tiene por "
            f"recibid{ending} el {weekday_date(received)}")


def why_received_later(calendar: BusinessCalendar, moment: date | datetime) -> str:
    """Why a filing made at `moment` counts as received on a later día hábil: «fuera del horario de la oficina
    (a partir de las 18:00; LFPA art. 30)», «en día inhábil», or, on a day inside a suspension of plazos (the
    office may work it, the terms do not run), «durante la suspensión de plazos — acta 19-E/2021», naming its
    acuerdo as the calendar's explanations do. For a filing that does count from a later day."""
    day, _, on_business_day = _filed(calendar, moment)
    suspension = calendar.suspension_on(day)
    if suspension is not None:
        return f"durante la {suspension}"
    if on_business_day:
        return f"fuera del horario de la oficina (a partir de las {calendar.closes:%H:%M}; LFPA art. 30)"
    return "en día inhábil"


def reception_note(calendar: BusinessCalendar, moment: date | datetime, ending: str = "o") -> str:
    """reception_sentence as a sentence of its own («Recibido el domingo…: se tiene por recibido el lunes…
    .»), for an acuse or a public page; "" when the filing counts the day it came in."""
    sentence = reception_sentence(calendar, moment, calendar.received_on(moment), ending)
    return f"{sentence[0].upper()}{sentence[1:]}." if sentence else ""


def filing_clause(calendar: BusinessCalendar, moment: date | datetime, ending: str = "a") -> str:
    """When a filing came in, as an oficio answering it says: «recibida el 26 de noviembre de 2026»; or, when
    it counts as received on a later día hábil (the day reception_sentence gives), «presentada el domingo 22
    de noviembre de 2026, que se tuvo por recibida el lunes 23 de noviembre de 2026», with the hour when the
    hour moved it («presentada el jueves 26 de noviembre de 2026 a las 19:00, que se tuvo por…»)."""
    received = calendar.received_on(moment)
    day, hour, on_business_day = _filed(calendar, moment)
    if day == received:
        return f"recibid{ending} el {long_date(day)}"
    return (f"presentad{ending} el {weekday_date(day)}{hour if on_business_day else ''}, que se tuvo por "
            f"recibid{ending} el {weekday_date(received)}")


def _filed(calendar: BusinessCalendar, moment: date | datetime) -> tuple[date, str, bool]:
    """The filing's day in the calendar's zone, its hour in words (" a las 19:00"; "" for a day alone) and
    whether that day is hábil: a filing of a día hábil that counts from a later day came in after closing."""
    if isinstance(moment, datetime):
        local = moment.astimezone(ZoneInfo(calendar.timezone))
        return local.date(), f" a las {local:%H:%M}", calendar.is_business_day(local.date())
    return moment, "", calendar.is_business_day(moment)


def _weekend(organization: Organization) -> str:
    return weekend_words(weekend_days(organization))
