"""A JSON body's texts cleaned wherever they are in it, as deep as a body is read."""

import sys

from web.json_bodies import plain_texts


def test_every_text_is_cleaned_keys_and_nested_values_included():
    body = {"motivo\u0000": "Jueves\u0000 Santo\u000b", "datos": {"areas": ["a\u0001", 2, None, True],
                                                         "nota": [{"x": "\ufffe¿sí?"}]}}
    assert plain_texts(body) == {"motivo": "Jueves Santo\n", "datos": {"areas": ["a", 2, None, True],
                                                                      "nota": [{"x": "¿sí?"}]}}
    assert plain_texts("\u0000solo texto") == "solo texto" and plain_texts(7) == 7


def test_a_body_nested_deeper_than_python_recurses_is_cleaned_without_a_recursion_error():
    depth = sys.getrecursionlimit() + 100
    body = ["NUL\u0000"]
    for _ in range(depth):
        body = [body]
    cleaned = plain_texts(body)
    for _ in range(depth):
        cleaned = cleaned[0]
    assert cleaned == ["NUL"]
