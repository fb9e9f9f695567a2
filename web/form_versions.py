"""Optimistic locking for edit forms, without a version column.

An edit form carries a fingerprint of the values it was loaded with. On save, the row's current
values are fingerprinted again: if another person saved in between, the two differ and the stale
form is refused instead of silently writing over their change. The fingerprint is of what the form
edits, not of the whole row, so a change the form cannot overwrite (an account deactivated, a new
API token) does not refuse it. No migration is needed, and a form loaded before this existed
(without the field) counts as stale: nothing says what it was loaded from.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

FIELD = "version"


def version_of(values: dict[str, Any]) -> str:
    """A short fingerprint of what an edit form shows of a row."""
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    # 64 bits: only ever compared with the same row's values, so collisions are not a concern.
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def loaded(values: dict[str, Any]) -> dict[str, Any]:
    """The values an edit form starts from, with the fingerprint it sends back on save."""
    return {**values, FIELD: version_of(values)}


@dataclass(frozen=True)
class Conflict:
    message: str
    changes: list[tuple[str, str]]  # (field label, value saved now) where it differs from the form
    values: dict[str, Any]  # what the person typed, fingerprinted anew: saving again now succeeds


def conflict(data: dict[str, Any], current: dict[str, Any], message: str, labels: dict[str, str],
             shown: dict[str, str] | None = None) -> Conflict | None:
    """None when the form was loaded from the row's current values; otherwise what to tell the person.

    `shown` gives the text of a current value that is not readable as stored (an account's id)."""
    if data.get(FIELD) == version_of(current):
        return None
    shown = shown or {}
    changes = [(label, shown.get(name, _text(current.get(name))))
               for name, label in labels.items() if _text(current.get(name)) != _text(data.get(name)).strip()]
    return Conflict(message, changes, {**data, FIELD: version_of(current)})


def _text(value: Any) -> str:
    return "" if value is None else str(value)
