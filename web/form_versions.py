"""Optimistic locking for edit forms, without a version column.

An edit form carries a fingerprint of the values it was loaded with. On save, the row's current
values are fingerprinted again: if another person saved in between, the two differ and the stale
form is refused instead of silently writing over their change. The fingerprint is of what the form
edits, not of the whole row, so a change the form cannot overwrite (an account deactivated, a new
API token) does not refuse it. No migration is needed, and a form loaded before this existed
(without the field) counts as stale: nothing says what it was loaded from.

The field also carries the values themselves, so a refused form can be offered again merged: what
the person changed, and for every other field what is saved now. Saving it again then keeps the
other person's change instead of writing back the old value the person never touched.
"""

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

FIELD = "version"
# How every stale-form message ends.
AGAIN = " Revise los datos actuales y guarde de nuevo."


def _text_of(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)


def _fingerprint(text: str) -> str:
    # 64 bits: only ever compared with the same row's values, so collisions are not a concern.
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def version_of(values: dict[str, Any]) -> str:
    """A short fingerprint of what an edit form shows of a row."""
    return _fingerprint(_text_of(values))


def _token(values: dict[str, Any]) -> str:
    """The fingerprint, then the values it was taken from (to merge a refused form)."""
    text = _text_of(values)
    return f"{_fingerprint(text)}.{base64.urlsafe_b64encode(text.encode()).decode()}"


def _loaded_from(token: Any) -> tuple[str, dict[str, Any] | None]:
    """(fingerprint, values the form was loaded with) of a submitted token; None when unreadable."""
    fingerprint, _, encoded = str(token or "").partition(".")
    try:
        values = json.loads(base64.urlsafe_b64decode(encoded.encode()))
    except (binascii.Error, ValueError):
        return fingerprint, None
    return fingerprint, values if isinstance(values, dict) else None


def loaded(values: dict[str, Any]) -> dict[str, Any]:
    """The values an edit form starts from, with the token it sends back on save."""
    return {**values, FIELD: _token(values)}


@dataclass(frozen=True)
class Conflict:
    message: str
    changes: list[tuple[str, str]]  # (field label, value saved now) where another person changed it
    values: dict[str, Any]  # what the person changed, the rest as saved now, with a new token: saving
                            # again succeeds and loses neither change


def conflict(data: dict[str, Any], current: dict[str, Any], message: str, labels: dict[str, str],
             shown: dict[str, str] | None = None) -> Conflict | None:
    """None when the form was loaded from the row's current values; otherwise what to tell the person.

    `shown` gives the text of a current value that is not readable as stored (an account's id)."""
    fingerprint, was = _loaded_from(data.get(FIELD))
    if fingerprint == version_of(current):
        return None
    shown = shown or {}
    # Offered again: what the person changed stays; every field they did not touch takes its saved value.
    untouched = {name for name in current if was is not None and _text(data.get(name)).strip() == _text(was.get(name))}
    merged = {**data, **{name: current[name] for name in untouched}, FIELD: _token(current)}
    # What the other person changed (compared with what the form was loaded with, when it says).
    before = was if was is not None else {name: _text(data.get(name)).strip() for name in labels}
    changes = [(label, shown.get(name, _text(current.get(name))))
               for name, label in labels.items() if _text(current.get(name)) != _text(before.get(name))]
    return Conflict(message, changes, merged)


def _text(value: Any) -> str:
    # A group of checkboxes arrives as a list, or as a string when only one is ticked.
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    return "" if value is None else str(value)
