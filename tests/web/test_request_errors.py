"""Litestar's English validation errors read in Spanish, naming the field or the parameter."""

import pytest
from litestar.enums import ParamType
from litestar.exceptions import ClientException, NotFoundException, SerializationException, ValidationException

from web.request_errors import BAD_JSON, INVALID, explain


def refused(message: str, key: str | None = None, source: str | None = None) -> ValidationException:
    error = {"message": message} | ({"key": key} if key else {}) | ({"source": source} if source else {})
    return ValidationException(detail="Validation failed for POST /x", extra=[error])


@pytest.mark.parametrize("message,key,source,spanish", [
    ("Object missing required field `desde`", "data", "body", "Falta el campo obligatorio «desde»."),
    ("Object missing required field `area`", "turnos[0]", "body", "Falta el campo obligatorio «turnos[0].area»."),
    ("Object contains unknown field `otro`", "data", "body", "El campo «otro» no se admite."),
    ("Expected `object`, got `array`", "data", "body", "El cuerpo de la petición debe ser un objeto JSON."),
    ("Expected `int | str`, got `array`", "folio", "body", "El campo «folio» debe ser un número entero o un texto."),
    ("Expected `array` of length >= 1", "areas", "body", "El campo «areas» debe tener al menos 1 elemento."),
    ("Expected `str` of length >= 3", "motivo", "body", "El campo «motivo» debe tener al menos 3 caracteres."),
    ("Expected `float` > 0.0", "monto", ParamType.QUERY, "El parámetro «monto» debe ser un número mayor que 0."),
    ("Expected `str` matching regex '^OP-'", "folio", ParamType.PATH,
     "El parámetro de la dirección «folio» no tiene el formato esperado."),
    ("Invalid RFC3339 encoded datetime", "desde", "query", "El parámetro «desde» no es una fecha y hora válida; "
                                                           "use AAAA-MM-DDTHH:MM."),
    ("Invalid RFC3339 encoded time", "hora", "body", "El campo «hora» no es una hora válida; use HH:MM."),
    ("Invalid enum value 'todo'", "alcance", "body", "El campo «alcance» no admite el valor «todo»."),
    ("Expected `str`, got `int`", "x-folio", "header", "El encabezado «x-folio» debe ser un texto."),
    ("Something msgspec may say one day", "anio", "query", "El parámetro «anio» no es válido."),
    # A type msgspec names that is not a word of Spanish: «debe ser date» before.
    ("Expected `date`, got `int`", "desde", "body", "El campo «desde» debe ser una fecha (AAAA-MM-DD)."),
    ("Expected `date | null`, got `array`", "hasta", "body", "El campo «hasta» debe ser una fecha (AAAA-MM-DD)."),
    ("Expected `datetime`, got `bool`", "desde", "query",
     "El parámetro «desde» debe ser una fecha y hora (AAAA-MM-DDTHH:MM)."),
    ("Expected `time`, got `int`", "hora", "body", "El campo «hora» debe ser una hora (HH:MM)."),
    ("Expected `duration`, got `int`", "plazo", "body",
     "El campo «plazo» debe ser una duración ISO 8601 (p. ej. P3D)."),
    ("Expected `uuid`, got `int`", "task_id", "path", "El parámetro de la dirección «task_id» debe ser un UUID."),
    ("Expected `bytes`, got `int`", "archivo", "body", "El campo «archivo» debe ser un texto en base64."),
])
def test_each_error_names_its_field_or_parameter(message, key, source, spanish):
    assert explain(refused(message, key, source)) == spanish


def test_a_header_is_named_as_the_client_sends_it_not_as_the_handlers_argument():
    refusal = refused("Expected `str` of length <= 100", "idempotency_key", "header")
    assert explain(refusal, {"idempotency_key": "Idempotency-Key"}) == (
        "El encabezado «Idempotency-Key» debe tener como máximo 100 caracteres.")


def test_several_errors_are_all_told():
    exc = ValidationException(extra=[{"message": "Expected `int` >= 1", "key": "pagina", "source": "query"},
                                     {"message": "Expected `int | null`, got `str`", "key": "area_id",
                                      "source": "query"}])
    assert explain(exc) == ("El parámetro «pagina» debe ser un número entero mayor o igual que 1. "
                            "El parámetro «area_id» debe ser un número entero.")


def test_a_body_that_is_not_json_and_other_refusals():
    undecodable = ClientException("JSON is malformed: invalid character (byte 4)")
    undecodable.__cause__ = SerializationException("JSON is malformed: invalid character (byte 4)")
    assert explain(undecodable) == BAD_JSON
    assert explain(ValidationException("Missing required query parameter 'desde' for path /x?")) == (
        "Falta el parámetro obligatorio «desde».")
    assert explain(ValidationException("multipart boundary missing in Content-Type")) == INVALID
    assert explain(NotFoundException()) is None
