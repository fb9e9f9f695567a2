"""Form validation with messages in Spanish, field by field."""

import re
from datetime import date, datetime, time
from functools import lru_cache
from typing import Annotated, Any, TypeVar, get_args

from pydantic import (AfterValidator, BaseModel, BeforeValidator, Field, ValidationError, ValidationInfo,
                      WithJsonSchema, field_validator)

from engine.business_calendar import FIRST_YEAR, add_months


M = TypeVar("M", bound=BaseModel)


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value


# An optional field left empty arrives from an HTML form as "": it means «not given», not a bad
# date or number. Annotate the field: `fecha: Annotated[date | None, BlankIsNone] = None`.
BlankIsNone = BeforeValidator(_blank_is_none)


HOUR_WITH_ZONE = "Escriba la hora como HH:MM, sin zona horaria."


def _wall_clock(hour: time) -> time:
    # An hour typed in a form is the organization's wall clock. An offset ("10:30+05:00") would
    # move a legal reception to another hour, even another day, and escape the «not in the future»
    # checks, which compare wall-clock hours.
    if hour.tzinfo is not None:
        raise ValueError(HOUR_WITH_ZONE)
    return hour


# What an hour field admits, as the API's schema declares it: JSON Schema's format «time» is RFC 3339's,
# whose offset the field refuses.
HOUR_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"

# Every hour field of a form: `hora_recepcion: LocalTime`.
LocalTime = Annotated[time, AfterValidator(_wall_clock), WithJsonSchema({
    "type": "string", "pattern": HOUR_PATTERN, "description": "Hora local del ente, HH:MM (o HH:MM:SS), sin zona"})]


def hour_of_day(text: str) -> time:
    """«10:30» (or «10:30:15») as a wall-clock time, for a page that reads an hour outside a form;
    ValueError for anything else, an hour with a zone included."""
    return _wall_clock(time.fromisoformat(text.strip()))


# Word's Shift+Enter pastes a vertical tab; a form feed and the Unicode line and paragraph
# separators also mean «new line».
_LINE_BREAKS = str.maketrans({"\v": "\n", "\f": "\n", "\u2028": "\n", "\u2029": "\n"})
# What XML (so a .docx) cannot hold, nor PostgreSQL's text (NUL): the other control characters
# but tab and the line ends, lone surrogates and the two non-characters.
_UNWRITABLE = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def plain_text(text: str) -> str:
    """The text without the characters nobody sees and no document or database can keep."""
    return _UNWRITABLE.sub("", text.translate(_LINE_BREAKS))


def _plain_values(data: dict[str, Any]) -> dict[str, Any]:
    # Form fields are flat: a text, or a list of them (a multiple choice).
    def plain(value: Any) -> Any:
        return plain_text(value) if isinstance(value, str) else value
    return {key: [plain(v) for v in value] if isinstance(value, list) else plain(value)
            for key, value in data.items()}


_FILE = {"archivo": True}


def file_field(title: str) -> Any:
    """A field that holds the id of a file uploaded with the form: the page stores the upload and puts
    its id here. Marked, so the runtime can refuse an id typed in by hand (another process's file)."""
    return Field(default=None, title=title, json_schema_extra=_FILE)


@lru_cache(maxsize=None)
def file_fields(model: type[BaseModel]) -> tuple[str, ...]:
    # Remembered per form model: every completed task asks.
    return tuple(name for name, field in model.model_fields.items() if field.json_schema_extra == _FILE)


class FieldProblem(ValueError):
    """A check of several fields (a model validator) whose message belongs beside one of them.

    A plain ValueError raised there has no field: its message could only go above the form."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class FormInvalid(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _spanish(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    messages = {
        "missing": "Este campo es obligatorio.",
        "string_too_short": "Escriba al menos {min_length} caracteres.",
        "string_too_long": "Escriba como máximo {max_length} caracteres.",
        "string_type": "Escriba un texto.",
        "int_parsing": "Escriba un número entero.",
        "int_type": "Escriba un número entero.",
        "int_from_float": "Escriba un número entero, sin decimales.",
        "float_parsing": "Escriba un número.",
        "bool_parsing": "Elija sí o no.",
        "date_parsing": "Escriba una fecha válida (AAAA-MM-DD).",
        "date_from_datetime_parsing": "Escriba una fecha válida (AAAA-MM-DD).",
        "date_type": "Escriba una fecha válida (AAAA-MM-DD).",
        "datetime_parsing": "Escriba una fecha y hora válidas.",
        "datetime_from_date_parsing": "Escriba una fecha y hora válidas.",
        "datetime_type": "Escriba una fecha y hora válidas.",
        "time_parsing": "Escriba una hora válida (HH:MM).",
        "greater_than_equal": "Debe ser mayor o igual que {ge}.",
        "greater_than": "Debe ser mayor que {gt}.",
        "less_than_equal": "Debe ser menor o igual que {le}.",
        # Only a tampered form sends a value its list does not offer; pydantic's list of the
        # accepted values is internal codes joined by an English "or".
        "literal_error": "Elija una de las opciones de la lista.",
        "enum": "Elija una de las opciones de la lista.",
        "list_too_short": "Elija al menos {min_length}.",
        "too_short": "Elija al menos {min_length}.",
        "list_type": "Elija al menos una opción.",
        "email": "Escriba un correo electrónico válido.",
    }
    if kind == "value_error":
        return str(ctx.get("error") or error["msg"]).removeprefix("Value error, ")
    template = messages.get(kind)
    if template is None:
        return "Valor inválido."
    # A bound of a float field (ge=0) reads «0», not «0.0».
    ctx = {key: int(value) if isinstance(value, float) and value.is_integer() else value for key, value in ctx.items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def validate_form(model: type[M], data: dict[str, Any], today: date | None = None,
                  now: datetime | None = None) -> M:
    """The form, or FormInvalid with a Spanish message per field. `today` is the organization's
    date, against which forms check that what already happened is not in the future; `now`, its
    clock (engine.clock.now_in), also checks the hour of something that happened today."""
    # Cleaned rather than refused: whoever pasted an invisible character cannot find it to remove it.
    data = _plain_values(data)
    errors = _booleans_where_not_asked(model, data)
    try:
        validated = model.model_validate(data, context={"today": today or (now.date() if now else None), "now": now})
    except ValidationError as exc:
        for error in exc.errors():
            cause = (error.get("ctx") or {}).get("error")
            field = getattr(cause, "field", None) or ".".join(str(part) for part in error["loc"]) or "__all__"
            errors.setdefault(field, _spanish(error))
        raise FormInvalid(errors) from None
    if errors:
        raise FormInvalid(errors)
    return validated


def _booleans_where_not_asked(model: type[BaseModel], data: dict[str, Any]) -> dict[str, str]:
    """JSON's true and false where the form asks for a number or a text (from the API: a page sends
    text). Pydantic reads true as 1: `"areas": [true]` would turn a document to the area of id 1."""
    errors = {}
    for name in _fields_without_bool(model):
        value = data.get(name)
        if any(isinstance(v, bool) for v in (value if isinstance(value, list) else [value])):
            errors[name] = "Escriba el valor que se pide: este campo no admite verdadero o falso."
    return errors


@lru_cache(maxsize=None)
def _fields_without_bool(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(name for name, field in model.model_fields.items() if not _admits_bool(field.annotation))


def _admits_bool(annotation: Any) -> bool:
    return annotation is bool or any(_admits_bool(part) for part in get_args(annotation))


def today_of(info: ValidationInfo) -> date:
    """In a validator: the organization's date given to validate_form, else the server's."""
    return (info.context or {}).get("today") or date.today()


# How far ahead a date typed anywhere may be: a turn, a session, a suspension or an acuerdo's fecha compromiso
# is set years ahead at most. «9999-12-31», typed to mean «sin fecha», was accepted and failed later, in a step
# nobody watches (or kept a calendar counting for seconds).
YEARS_AHEAD = 10


def date_problem(day: date, today: date) -> str | None:
    """Why a date typed in a form or read by a page is beyond any sensible horizon, or None: before 2000
    (nothing Pleno keeps happened then) or more than YEARS_AHEAD years after `today`."""
    if day.year < FIRST_YEAR:
        return "Revise el año de la fecha."
    last = add_months(today, 12 * YEARS_AHEAD)
    if day > last:
        return (f"Revise el año de la fecha: no puede ser posterior al {last:%d/%m/%Y} "
                f"({YEARS_AHEAD} años a partir de hoy).")
    return None


def _sensible_date(day: date, info: ValidationInfo) -> date:
    problem = date_problem(day, today_of(info))
    if problem:
        raise ValueError(problem)
    return day


# Every date field of a form: `fecha_limite: FormDate`.
FormDate = Annotated[date, AfterValidator(_sensible_date)]


def _reception_hour_already_happened(cls, hour: time, info: ValidationInfo) -> time:
    # Refuses an hour of today later than the organization's clock given to validate_form: a
    # reception at 19:30 registered at 07:30 would start its term on the wrong day.
    now, day = (info.context or {}).get("now"), info.data.get("fecha_recepcion")
    if now is not None and day == now.date() and hour > now.time():
        raise ValueError(f"La hora no puede ser posterior a este momento (son las {now:%H:%M}).")
    return hour


# For a registration form whose `hora_recepcion` follows its `fecha_recepcion`:
# `reception_hour = RECEPTION_HOUR_ALREADY_HAPPENED`.
RECEPTION_HOUR_ALREADY_HAPPENED = field_validator("hora_recepcion")(_reception_hour_already_happened)
