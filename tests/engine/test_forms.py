"""The shared form layer: hours are the organization's wall clock, texts lose what nobody can see."""

import importlib
from datetime import date, time
from typing import get_args

import pytest
from pydantic import BaseModel, Field
from sqlmodel import SQLModel

from engine.forms import (HOUR_WITH_ZONE, FormInvalid, LocalTime, date_problem, hour_of_day, plain_text,
                          validate_form)
from web.app import ROUTE_MODULES


def _admits_time(annotation) -> bool:
    return annotation is time or any(_admits_time(part) for part in get_args(annotation))


def _subclasses(model: type) -> set[type]:
    return {sub for direct in model.__subclasses__() for sub in {direct, *_subclasses(direct)}}


def _admits_date(annotation) -> bool:
    return annotation is date or any(_admits_date(part) for part in get_args(annotation))


def fields_admitting(admits) -> list[tuple[type[BaseModel], str]]:
    """Every field of every form of the application (the processes' and the pages') whose type `admits` says."""
    for module in ROUTE_MODULES:
        importlib.import_module(module)
    forms = [model for model in _subclasses(BaseModel)
             if not issubclass(model, SQLModel) and not model.__module__.startswith("tests.")]
    return sorted(((form, name) for form in forms for name, field in form.model_fields.items()
                   if admits(field.annotation)), key=lambda pair: (pair[0].__qualname__, pair[1]))


HOUR_FIELDS = fields_admitting(_admits_time)
DATE_FIELDS = fields_admitting(_admits_date)


def test_the_forms_with_an_hour_are_found():
    assert {(form.__name__, name) for form, name in HOUR_FIELDS} >= {
        ("RegisterForm", "hora_recepcion"), ("RegisterRequestForm", "hora_recepcion"),
        ("RegisterArcoForm", "hora_recepcion"), ("PreventionAnswerForm", "hora_desahogo"),
        ("HoursForm", "abre"), ("HoursForm", "cierra")}


@pytest.mark.parametrize("form,field", HOUR_FIELDS, ids=lambda value: getattr(value, "__name__", value))
@pytest.mark.parametrize("hour", ["10:30:59.123+05:00", "23:00-12:00", "10:30Z"])
def test_an_hour_with_a_utc_offset_is_refused_beside_the_field_in_every_form(form, field, hour):
    """«10:30+05:00» would store the reception at 23:30 of the day before, or in the future."""
    with pytest.raises(FormInvalid) as refused:
        validate_form(form, {field: hour})
    assert refused.value.errors[field] == HOUR_WITH_ZONE


def test_the_forms_with_a_date_are_found():
    assert {(form.__name__, name) for form, name in DATE_FIELDS} >= {
        ("TurnForm", "fecha_limite"), ("RegisterForm", "fecha_recepcion"), ("VerifyForm", "fecha_limite"),
        ("SuspensionForm", "desde"), ("SuspensionForm", "hasta"), ("SuspensionEndForm", "hasta"),
        ("NonWorkingForm", "desde"), ("ReviewForm", "fecha_prevencion"), ("ArcoExtensionForm", "fecha_notificacion")}


@pytest.mark.parametrize("form,field", DATE_FIELDS, ids=lambda value: getattr(value, "__name__", value))
@pytest.mark.parametrize("typed", ["9999-12-31", "2999-01-04", "1999-12-31"])
def test_a_date_beyond_any_sensible_horizon_is_refused_beside_the_field_in_every_form(form, field, typed):
    """«9999-12-31», typed to mean «sin fecha», passed the turn form; the step then failed on year 10000, the
    process went to ERROR and the document was left in nobody's inbox."""
    with pytest.raises(FormInvalid) as refused:
        validate_form(form, {field: typed})
    assert refused.value.errors[field] == date_problem(date.fromisoformat(typed), date.today())


def test_the_horizon_is_ten_years_from_the_organizations_today():
    today = date(2026, 11, 28)
    assert date_problem(date(2036, 11, 28), today) is None
    assert date_problem(date(2036, 11, 29), today) == ("Revise el año de la fecha: no puede ser posterior al "
                                                       "28/11/2036 (10 años a partir de hoy).")
    assert date_problem(date(2000, 1, 1), today) is None
    assert date_problem(date(1999, 12, 31), today) == "Revise el año de la fecha."


class Reception(BaseModel):
    hora: LocalTime
    asunto: str = ""
    areas: list[str] = []


@pytest.mark.parametrize("typed,kept", [("10:30", time(10, 30)), ("10:30:59", time(10, 30, 59)),
                                        ("10:30:59.123", time(10, 30, 59, 123000))])
def test_an_hour_of_the_wall_clock_is_kept_as_typed(typed, kept):
    assert validate_form(Reception, {"hora": typed}).hora == kept
    assert hour_of_day(f" {typed} ") == kept


@pytest.mark.parametrize("typed", ["10:30+05:00", "10:30Z", "mañana", ""])
def test_a_page_reading_an_hour_refuses_one_with_a_zone(typed):
    with pytest.raises(ValueError):
        hour_of_day(typed)


@pytest.mark.parametrize("typed,kept", [
    ("Solicitud de informe\vsegunda línea", "Solicitud de informe\nsegunda línea"),  # Word's Shift+Enter
    ("Primera página\fsegunda", "Primera página\nsegunda"),
    ("Uno\u2028dos\u2029tres", "Uno\ndos\ntres"),
    ("Sin\x00 nulos\x01 ni\x1b escapes\x7f", "Sin nulos ni escapes\x7f"),
    ("Con\ttabulador\r\ny saltos\n", "Con\ttabulador\r\ny saltos\n"),
    ("Acentos: ñ, ü, é — y «comillas»", "Acentos: ñ, ü, é — y «comillas»"),
])
def test_control_characters_pasted_into_a_text_are_cleaned_at_validation(typed, kept):
    form = validate_form(Reception, {"hora": "10:30", "asunto": typed, "areas": [typed]})
    assert (form.asunto, form.areas) == (kept, [kept])


def test_a_text_of_invisible_characters_only_counts_as_empty():
    class Subject(BaseModel):
        asunto: str = Field(min_length=5)
    with pytest.raises(FormInvalid) as refused:
        validate_form(Subject, {"asunto": "\x00\x00\x00\x00\x00\x00"})
    assert refused.value.errors == {"asunto": "Escriba al menos 5 caracteres."}


def test_what_xml_cannot_hold_is_removed_from_a_text():
    assert plain_text("a\ud800b\ufffec\uffffd") == "abcd"


def test_values_that_are_not_texts_are_left_to_their_fields():
    class Count(BaseModel):
        fojas: int
        dia: date
    form = validate_form(Count, {"fojas": 3, "dia": "2026-03-10"})
    assert (form.fojas, form.dia) == (3, date(2026, 3, 10))
