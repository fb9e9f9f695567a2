"""Spanish words: statuses and choices with their label beside their value, counts, and how choices compare."""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
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


def unaccented(text: str) -> str:
    """Lower case without accents: «Pérez», «PEREZ» and «perez» read alike (how free text is searched)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def plain(text: str) -> str:
    """Lower case, without accents or punctuation, single spaces: how headers and choices compare."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", unaccented(text.strip())).split())


def by_free_text(counts: Iterable[tuple[str | None, int]], blank: str) -> dict[str, int]:
    """Counts of a free-text field (a topic) with its spellings of one word together: «Informes»
    and «informes » count as one, under the spelling most of them have; `blank` for none given."""
    totals: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for text, n in counts:
        shown = " ".join((text or "").split()) or blank
        key = plain(shown) or shown
        totals[key] += n
        spellings.setdefault(key, Counter())[shown] += n
    # Among spellings as common as each other, one not all in capitals («Contratos», not «CONTRATOS»).
    return {max(spellings[key].items(), key=lambda item: (item[1], not item[0].isupper()))[0]: n
            for key, n in totals.items()}
