"""The OpenAPI description of a JSON body that a form model validates, read from that model.

The API validates such a body with engine.forms.validate_form (a Spanish message per field, 422),
not with Litestar: the handler takes a plain dict, and its schema is borrowed from the model.
"""

from typing import Any

from pydantic import BaseModel

from engine.forms import file_fields


def form_body(model: type[BaseModel]) -> dict[str, Any]:
    """`schema_extra` for the body's Body(): the model's fields, their types and choices, and which are
    required. File fields are left out: the API has no upload, so no file id it could send is valid."""
    schema = model.model_json_schema()
    definitions = schema.get("$defs", {})
    left_out = set(file_fields(model))
    return {
        "properties": {name: _inlined(field, definitions) for name, field in schema["properties"].items()
                       if name not in left_out},
        "required": [name for name in schema.get("required", []) if name not in left_out],
        # Fields the form does not know are ignored, as the page ignores them: not a contract to document.
        "additional_properties": None,
    }


def _inlined(field: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    # The API's schema has no pydantic $defs: an enum's choices are written in place.
    reference = field.get("$ref")
    if reference is None:
        return field
    rest = {key: value for key, value in field.items() if key != "$ref"}
    return definitions[reference.removeprefix("#/$defs/")] | rest
