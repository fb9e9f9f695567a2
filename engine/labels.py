"""Spanish words: statuses and choices with their label beside their value, counts, and how choices compare."""

import re
import unicodedata
from enum import StrEnum


class LabeledEnum(StrEnum):
    """Members are declared as ("value", "Etiqueta"): the value is stored, the label is shown."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


def counted(number: int, one: str, many: str) -> str:
    """"1 área", "3 áreas", "0 áreas": a count in plain Spanish, never "área(s)"."""
    return f"{number} {one if number == 1 else many}"


def plain(text: str) -> str:
    """Lower case, without accents or punctuation, single spaces: how headers and choices compare."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())
