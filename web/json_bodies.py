"""The JSON body of every request, as handlers read it: UTF-8 only, as JSON is (RFC 8259), and its texts
cleaned as a form's are (engine.forms.plain_text), whichever field of whichever endpoint they fill."""

from typing import Any

from litestar import Request
from litestar.exceptions import SerializationException

from engine.forms import plain_text


class JsonRequest(Request):
    """Litestar's request, its JSON body read once for every endpoint of the API."""

    async def json(self) -> Any:
        try:
            value = await super().json()
        except UnicodeDecodeError as exc:
            # Another encoding (latin-1 from a Windows client): msgspec raises this, not the DecodeError
            # Litestar answers with a 400, so it was a 500.
            raise SerializationException(f"JSON body is not UTF-8: {exc}") from exc
        # A NUL would fail PostgreSQL's insert; the other control characters would reach the acta, the
        # e-mails, the audit and the public /api/v1/plazos.
        return plain_texts(value)


def plain_texts(value: Any) -> Any:
    """Every text of a decoded JSON value, its keys too, through plain_text. Objects and lists are
    changed in place, in a loop rather than by recursion: a body nests as deep as msgspec reads."""
    if isinstance(value, str):
        return plain_text(value)
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            entries = list(node.items())
            node.clear()
            node.update((plain_text(key), item) for key, item in entries)
            slots = list(node)
        elif isinstance(node, list):
            slots = range(len(node))
        else:
            continue
        for slot in slots:
            item = node[slot]
            if isinstance(item, str):
                node[slot] = plain_text(item)
            elif isinstance(item, (dict, list)):
                pending.append(item)
    return value
