"""Spanish messages for the requests Litestar refuses before a handler runs: a body that is not JSON,
a field or a parameter of the wrong type or out of range.

Litestar reports those with msgspec's English messages («Expected `int` >= 1»); each error also
says where the value came from (`source`: body, query, path…) and its name (`key`), so the
message can name the field or the parameter a person has to fix.
"""

import re
from collections.abc import Mapping
from typing import Any

from litestar.exceptions import HTTPException, SerializationException, ValidationException
from litestar.handlers import BaseRouteHandler
from litestar.params import ParameterKwarg

INVALID = "La solicitud no es válida; revise los datos y vuelva a intentarlo."
BAD_JSON = "El cuerpo de la petición no es JSON válido."
NOT_UTF8 = BAD_JSON.removesuffix(".") + ": debe ir codificado en UTF-8."

# msgspec's type names, as the message's predicate («debe ser un número entero»).
_TYPES = {"int": "un número entero", "float": "un número", "decimal": "un número", "str": "un texto",
          "bool": "verdadero o falso (true o false)", "object": "un objeto JSON", "array": "una lista",
          "null": "null", "date": "una fecha (AAAA-MM-DD)", "datetime": "una fecha y hora (AAAA-MM-DDTHH:MM)",
          "time": "una hora (HH:MM)", "duration": "una duración ISO 8601 (p. ej. P3D)", "uuid": "un UUID",
          "bytes": "un texto en base64"}
_BOUNDS = {">=": "mayor o igual que", ">": "mayor que", "<=": "menor o igual que", "<": "menor que"}
_LENGTHS = {">=": "al menos", ">": "más de", "<=": "como máximo", "<": "menos de"}
_ENCODED = {"date": "no es una fecha válida; use AAAA-MM-DD",
            "datetime": "no es una fecha y hora válida; use AAAA-MM-DDTHH:MM",
            "time": "no es una hora válida; use HH:MM"}

_MISSING_FIELD = re.compile(r"Object missing required field `(?P<field>[^`]+)`")
_UNKNOWN_FIELD = re.compile(r"Object contains unknown field `(?P<field>[^`]+)`")
_WRONG_TYPE = re.compile(r"Expected `(?P<type>[^`]+)`, got `[^`]+`")
_OUT_OF_RANGE = re.compile(r"Expected `(?P<type>[^`]+)` (?P<op>[<>]=?) (?P<bound>\S+)")
_LENGTH = re.compile(r"Expected `(?P<type>[^`]+)` of length (?P<op>[<>]=?) (?P<bound>\d+)")
_PATTERN = re.compile(r"Expected `[^`]+` matching regex")
_BAD_ENCODING = re.compile(r"Invalid RFC3339 encoded (?P<kind>\w+)")
_BAD_CHOICE = re.compile(r"Invalid enum value (?P<value>.+)")
_MISSING_PARAMETER = re.compile(r"Missing required \w+ parameter '(?P<name>[^']+)'")


def explain(exc: HTTPException, sent_as: Mapping[str, str] | None = None) -> str | None:
    """The Spanish message for a refused body or parameter; None for any other HTTP error. `sent_as`:
    the handler's arguments by the name the client sent them under (sent_names)."""
    if isinstance(exc.__cause__, SerializationException):  # the body could not be decoded at all
        return NOT_UTF8 if isinstance(exc.__cause__.__cause__, UnicodeDecodeError) else BAD_JSON
    if not isinstance(exc, ValidationException):
        return None
    errors = [error for error in exc.extra if isinstance(error, dict)] if isinstance(exc.extra, list) else []
    if errors:
        return " ".join(_explain_one(error, sent_as or {}) for error in errors)
    missing = _MISSING_PARAMETER.search(exc.detail or "")
    return f"Falta el parámetro obligatorio «{missing['name']}»." if missing else INVALID


def sent_names(handler: BaseRouteHandler | None) -> dict[str, str]:
    """A handler's parameters named otherwise than its arguments («Idempotency-Key», not «idempotency_key»):
    Litestar's errors name the argument, which the client never sent."""
    if handler is None:
        return {}
    return {name: field.kwarg_definition.name for name, field in handler.parsed_fn_signature.parameters.items()
            if isinstance(field.kwarg_definition, ParameterKwarg) and field.kwarg_definition.name}


def _subject(error: dict[str, Any], sent_as: Mapping[str, str]) -> str:
    # Litestar's source is a ParamType, a str enum: compared and looked up as its value, never str()'d.
    key, source = error.get("key") or "", error.get("source") or "body"
    if not key:
        return "Un valor"
    if source == "body":
        # Litestar names the whole body after the handler's argument.
        return "El cuerpo de la petición" if key == "data" else f"El campo «{key}»"
    nouns = {"query": "El parámetro", "path": "El parámetro de la dirección", "header": "El encabezado",
             "cookie": "La cookie"}
    return f"{nouns.get(source, 'El parámetro')} «{sent_as.get(key, key)}»"


def _type_name(msgspec_type: str) -> str:
    # An optional value («int | null») is asked for by its type: leaving it out already means null.
    names = [_TYPES.get(part, part) for part in msgspec_type.split(" | ") if part != "null"]
    return " o ".join(names) or _TYPES["null"]


def _explain_one(error: dict[str, Any], sent_as: Mapping[str, str]) -> str:
    message, subject = str(error.get("message", "")), _subject(error, sent_as)
    if found := _MISSING_FIELD.match(message):
        # At the body's top level the key is Litestar's «data»; deeper, the object holding the field.
        parent = error.get("key") if error.get("key") not in (None, "", "data") else None
        field = f"{parent}.{found['field']}" if parent else found["field"]
        return f"Falta el campo obligatorio «{field}»."
    if found := _UNKNOWN_FIELD.match(message):
        return f"El campo «{found['field']}» no se admite."
    if found := _WRONG_TYPE.match(message):
        return f"{subject} debe ser {_type_name(found['type'])}."
    if found := _LENGTH.match(message):
        one, many = ("carácter", "caracteres") if found["type"] == "str" else ("elemento", "elementos")
        unit = one if found["bound"] == "1" else many
        return f"{subject} debe tener {_LENGTHS[found['op']]} {found['bound']} {unit}."
    if found := _OUT_OF_RANGE.match(message):
        bound = found["bound"].removesuffix(".0")
        return f"{subject} debe ser {_type_name(found['type'])} {_BOUNDS[found['op']]} {bound}."
    if _PATTERN.match(message):
        return f"{subject} no tiene el formato esperado."
    if (found := _BAD_ENCODING.match(message)) and found["kind"] in _ENCODED:
        return f"{subject} {_ENCODED[found['kind']]}."
    if found := _BAD_CHOICE.match(message):
        value = found["value"].strip("'")
        return f"{subject} no admite el valor «{value}»."
    return f"{subject} no es válido."
