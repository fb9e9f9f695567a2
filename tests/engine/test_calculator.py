"""The calculadora de plazos: worked examples on the 2026 calendar, and each invalid input's message.

Calendar assumed (demo organization, office 08:00–18:00, LGTAIP 2025 with the LFT art. 74 list):
2 Feb 2026 is the Día de la Constitución (first Monday of February); Holy Thursday and Friday 2026
are 2 and 3 April, inhábiles only when the organization declares them.
"""

from datetime import date, datetime
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from engine.business_calendar import WEEKDAY_NAMES, BusinessCalendar
from engine.calculator import CalculationError, calculate, filing_clause, reception_sentence
from engine.holiday_lists import holidays_in
from engine.calendar_overlay import declare_non_working, declare_suspension
from engine.db import reading, transaction
from engine.documents import long_date
from engine.legal_calendar import SuspensionScope
from engine.tenancy import Organization

WEEKEND_OF_28_MARCH = [(date(2026, 3, 28), "sábado"), (date(2026, 3, 29), "domingo")]


def count(engine, desde, dias="20", tipo="habiles", organizacion="sesaech", procedimiento=None):
    with reading(engine) as session:
        return calculate(session, organizacion, desde, dias, tipo, procedimiento)


def skipped(found) -> list[tuple[date, str]]:
    return [(day.day, day.reason) for day in found.skipped]


@pytest.mark.parametrize("desde,dias,tipo,inicio,vence", [
    # Monday: counting starts Tuesday; 20 días hábiles over four weekends.
    ("2026-03-23", "20", "habiles", date(2026, 3, 24), date(2026, 4, 20)),
    # Saturday: received Monday 30 March (inhábil day), counting starts Tuesday 31.
    ("2026-03-28", "20", "habiles", date(2026, 3, 31), date(2026, 4, 27)),
    # Friday 17:59 is within office hours: received that day.
    ("2026-03-27T17:59", "20", "habiles", date(2026, 3, 30), date(2026, 4, 24)),
    # Friday 18:05 is after closing: received Monday 30 March (LFPA art. 30).
    ("2026-03-27T18:05", "20", "habiles", date(2026, 3, 31), date(2026, 4, 27)),
    # Friday 30 January + 5 días hábiles skips the weekend and Monday 2 February (LFT art. 74).
    ("2026-01-30", "5", "habiles", date(2026, 2, 3), date(2026, 2, 9)),
    # 3 días naturales from Wednesday end on Saturday 28 March: rolls forward to Monday 30.
    ("2026-03-25", "3", "naturales", date(2026, 3, 26), date(2026, 3, 30)),
    # 10 días naturales from Monday 23 March end on Thursday 2 April, a día hábil.
    ("2026-03-23", "10", "naturales", date(2026, 3, 24), date(2026, 4, 2)),
])
def test_worked_examples(engine, demo, desde, dias, tipo, inicio, vence):
    found = count(engine, desde, dias, tipo)
    assert (found.counted_from, found.due) == (inicio, vence)


def test_a_monday_filing_skips_only_the_weekends_and_names_the_law(engine, demo):
    found = count(engine, "2026-03-23")
    assert skipped(found) == WEEKEND_OF_28_MARCH + [
        (date(2026, 4, 4), "sábado"), (date(2026, 4, 5), "domingo"), (date(2026, 4, 11), "sábado"),
        (date(2026, 4, 12), "domingo"), (date(2026, 4, 18), "sábado"), (date(2026, 4, 19), "domingo")]
    assert found.basis == ("20 días hábiles contados a partir del día hábil siguiente, conforme a «Ley General de "
                           "Transparencia y Acceso a la Información Pública (2025)»; días inhábiles: sábados y "
                           "domingos, días de descanso obligatorio (LFT art. 74) y los declarados en el calendario "
                           "de la institución.")


def test_a_holiday_is_skipped_with_its_legal_basis(engine, demo):
    found = count(engine, "2026-01-30", "5")
    assert (date(2026, 2, 2), "Día de la Constitución (LFT art. 74)") in skipped(found)


def test_a_saturday_filing_explains_why_counting_starts_on_tuesday(engine, demo):
    found = count(engine, "2026-03-28")
    assert found.received_on == date(2026, 3, 30)
    assert skipped(found)[:2] == WEEKEND_OF_28_MARCH
    assert found.basis.startswith("Recibido el sábado 28 de marzo de 2026, en día inhábil: se tiene por recibido "
                                  "el lunes 30 de marzo de 2026; 20 días hábiles")


def test_an_after_hours_filing_is_received_the_next_business_day(engine, demo):
    found = count(engine, "2026-03-27T18:05")
    assert found.received_on == date(2026, 3, 30)
    assert skipped(found)[:2] == WEEKEND_OF_28_MARCH
    assert found.basis.startswith("Recibido el viernes 27 de marzo de 2026 a las 18:05, fuera del horario de la "
                                  "oficina (a partir de las 18:00; LFPA art. 30): se tiene por recibido el lunes 30 de marzo de 2026")


def test_a_filing_at_closing_time_is_said_to_be_outside_office_hours(engine, demo):
    # 18:00 sharp: the office is already closed (the window is 08:00–18:00, its end excluded).
    found = count(engine, "2026-03-27T18:00")
    assert found.received_on == date(2026, 3, 30)
    assert found.basis.startswith("Recibido el viernes 27 de marzo de 2026 a las 18:00, fuera del horario de la "
                                  "oficina (a partir de las 18:00; LFPA art. 30): se tiene por recibido el lunes")


def test_a_time_with_its_own_offset_is_read_in_the_organizations_zone(engine, demo):
    # 00:30 UTC on Saturday is 18:30 on Friday in Mexico City: after closing, received Monday.
    found = count(engine, "2026-03-28T00:30:00+00:00")
    assert found.received_on == date(2026, 3, 30)


def test_in_dias_naturales_only_the_rolled_over_days_are_skipped(engine, demo):
    found = count(engine, "2026-03-25", "3", "naturales")
    assert skipped(found) == [
        (date(2026, 3, 28), "sábado, inhábil: el plazo que terminaba ese día vence el siguiente día hábil"),
        (date(2026, 3, 29), "domingo, también inhábil")]
    assert "3 días naturales contados a partir del día siguiente; si el último día es inhábil, vence el día hábil " \
           "siguiente (LFPA art. 29)" in found.basis


@pytest.mark.parametrize("desde,filed", [
    ("2026-12-02T10:00", "Recibido el miércoles 2 de diciembre de 2026 a las 10:00"),
    ("2026-12-02", "Recibido el miércoles 2 de diciembre de 2026"),
])
def test_a_filing_during_a_suspension_of_plazos_is_said_to_be_received_during_it_not_on_an_inhabil_day(
        engine, demo, admin, desde, filed):
    # The office works Wednesday 2 and Thursday 3 December; the terms do not run: received Friday 4.
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 12, 2), date(2026, 12, 3), SuspensionScope.ACCESO,
                           "Acuerdo CT/09/2026")
    found = count(engine, desde)
    assert found.received_on == date(2026, 12, 4)
    assert found.basis.startswith(f"{filed}, durante la suspensión de plazos — Acuerdo CT/09/2026: se tiene por "
                                  "recibido el viernes 4 de diciembre de 2026; 20 días hábiles")


def test_declared_days_and_suspensions_are_skipped_with_their_acuerdo(engine, demo, admin):
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 4, 2), date(2026, 4, 2), "Jueves Santo",
                            acuerdo="acuerdo CT/001/2026")
        declare_suspension(session, admin, date(2026, 4, 13), date(2026, 4, 14), SuspensionScope.ACCESO,
                           "acta 19-E/2021")
    found = count(engine, "2026-03-23")
    assert found.due == date(2026, 4, 23)
    assert (date(2026, 4, 2), "Jueves Santo — acuerdo CT/001/2026") in skipped(found)
    assert (date(2026, 4, 13), "suspensión de plazos — acta 19-E/2021") in skipped(found)
    # A suspension of access requests does not stop the oficialía's internal terms.
    internal = count(engine, "2026-03-23", procedimiento="correspondencia")
    assert internal.due == date(2026, 4, 21)
    assert "Plazos internos de la institución" in internal.basis
    # Días naturales stop in the suspension too; the declared Jueves Santo is still a día natural:
    # from 31 Mar, 1–12 Apr (12), 15–17 Apr (15) → Fri 17 Apr.
    one = count(engine, "2026-03-23", "1")
    assert "1 día hábil contado a partir del día hábil siguiente" in one.basis
    natural = count(engine, "2026-03-31", "15", "naturales")
    assert natural.due == date(2026, 4, 17)
    assert (date(2026, 4, 13), "suspensión de plazos — acta 19-E/2021") in skipped(natural)


def test_an_inactive_organization_cannot_be_counted_on(engine, demo):
    with transaction(engine) as session:
        session.get(Organization, demo.organization.id).active = False
    with pytest.raises(CalculationError, match="No existe una institución con la clave «sesaech»"):
        count(engine, "2026-03-23")


@pytest.mark.parametrize("overrides,message", [
    ({"organizacion": ""}, "Indique la institución (organizacion)."),
    ({"organizacion": "no-existe"}, "No existe una institución con la clave «no-existe»."),
    ({"desde": ""}, "Indique la fecha de recepción o de notificación (desde)."),
    ({"desde": "2026-02-30"}, "La fecha «2026-02-30» no es válida; use AAAA-MM-DD (por ejemplo 2026-03-23) o "
                              "AAAA-MM-DDTHH:MM para indicar también la hora."),
    ({"desde": "23/03/2026"}, "La fecha «23/03/2026» no es válida"),
    ({"desde": "1900-01-01"}, "La fecha debe estar entre los años 2000 y 2100."),
    ({"dias": ""}, "Indique el número de días del plazo."),
    ({"dias": "veinte"}, "El número de días debe ser un número entero, no «veinte»."),
    ({"dias": "-3"}, "El número de días debe ser al menos 1."),
    ({"dias": "0"}, "El número de días debe ser al menos 1."),
    ({"dias": "366"}, "El número de días no puede pasar de 365."),
    ({"tipo": "meses"}, "El tipo de días «meses» no existe; use «habiles» o «naturales»."),
    ({"procedimiento": "amparo"}, "El procedimiento «amparo» no existe; use uno de: acceso, arco, obligaciones, "
                                  "correspondencia, sesiones."),
])
def test_invalid_input_gets_a_spanish_message(engine, demo, overrides, message):
    values = {"organizacion": "sesaech", "desde": "2026-03-23", "dias": "20", "tipo": "habiles"} | overrides
    with pytest.raises(CalculationError) as raised:
        count(engine, **values)
    assert str(raised.value).startswith(message)


# -- how documents name a filing -------------------------------------------------------------------

OFFICE = BusinessCalendar(holidays_for_year=partial(holidays_in, "MX-LFT"))  # 08:00–18:00, Mexico City


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=ZoneInfo("America/Mexico_City"))


@pytest.mark.parametrize("moment,clause", [
    # Wednesday 25 November 2026 within office hours: that day, as before.
    (at(25, 10), "recibida el 25 de noviembre de 2026"),
    # Thursday 26 at 19:00, after closing: the hour is what moved it to Friday.
    (at(26, 19), "presentada el jueves 26 de noviembre de 2026 a las 19:00, que se tuvo por recibida el viernes "
                 "27 de noviembre de 2026"),
    # 18:00 sharp is closing time: the office is closed.
    (at(26, 18), "presentada el jueves 26 de noviembre de 2026 a las 18:00, que se tuvo por recibida el viernes "
                 "27 de noviembre de 2026"),
    # Sunday 22: the day is inhábil whatever the hour.
    (at(22, 10), "presentada el domingo 22 de noviembre de 2026, que se tuvo por recibida el lunes 23 de "
                 "noviembre de 2026"),
    # Monday 16 November 2026 is the third Monday of November (LFT art. 74).
    (date(2026, 11, 16), "presentada el lunes 16 de noviembre de 2026, que se tuvo por recibida el martes 17 de "
                         "noviembre de 2026"),
])
def test_an_oficio_names_the_filing_and_the_later_dia_habil_it_counted_from(moment, clause):
    assert filing_clause(OFFICE, moment) == clause


@pytest.mark.parametrize("moment", [at(25, 10), at(26, 19), at(26, 18), at(22, 10), date(2026, 11, 16)])
def test_the_oficio_and_the_acuse_name_the_same_day_of_reception(moment):
    received = OFFICE.received_on(moment)
    sentence = reception_sentence(OFFICE, moment, received, ending="a")
    clause = filing_clause(OFFICE, moment)
    if sentence:  # moved: both end on the día hábil received_on gives
        day = f"{WEEKDAY_NAMES[received.weekday()]} {long_date(received)}"
        assert sentence.endswith(f"se tiene por recibida el {day}") and clause.endswith(f"se tuvo por recibida el {day}")
    else:
        assert clause == f"recibida el {long_date(received)}"
