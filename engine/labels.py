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


def in_a_series(words: list[str], conjunction: str = "y") -> str:
    """«a», «a y b», «a, b y c»: names joined as a sentence lists them (or as choices: «a, b o c»)."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def addressed_to(phrase: str) -> str:
    """«a» before a phrase, contracted before «el» as Spanish writes it: «al solicitante», «a la titular»."""
    return f"al {phrase[3:]}" if phrase.startswith("el ") else f"a {phrase}"


_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")


def in_parentheses(text: str) -> str:
    """«(Año Nuevo, LFT art. 74)» for «Año Nuevo (LFT art. 74)»: a reason that carries its own
    parenthesis (a holiday with its legal basis, a term with its article) is written inside another
    one with commas, never as «(Año Nuevo (LFT art. 74))»."""
    def with_commas(found: re.Match) -> str:
        following = found.string[found.end():].lstrip()[:1]
        return f", {found.group(1).strip()}" + ("," if following and following not in ",.;:()" else "")

    flat = text.strip()
    while _PARENTHESIS.search(flat):
        flat = _PARENTHESIS.sub(with_commas, flat)
    return f"({flat})"


def unaccented(text: str) -> str:
    """Lower case without accents: «Pérez», «PEREZ» and «perez» read alike (how free text is searched)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def plain(text: str) -> str:
    """Lower case, without accents or punctuation, single spaces: how headers and choices compare."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", unaccented(text.strip())).split())


def free_text_labels(counts: Iterable[tuple[str | None, int]], blank: str) -> dict[str | None, str]:
    """The label each text as typed is counted under: «informes » and «INFORMES» under «Informes» when
    that is the spelling most of them have; `blank` for none given."""
    counts = list(counts)
    spellings: dict[str, Counter[str]] = {}
    shown_as = {}
    for text, n in counts:
        shown = shown_as[text] = " ".join((text or "").split()) or blank
        spellings.setdefault(plain(shown) or shown, Counter())[shown] += n
    # Among spellings as common as each other, one not all in capitals («Contratos», not «CONTRATOS»).
    chosen = {key: max(found.items(), key=lambda item: (item[1], not item[0].isupper()))[0]
              for key, found in spellings.items()}
    return {text: chosen[plain(shown) or shown] for text, shown in shown_as.items()}


def by_free_text(counts: Iterable[tuple[str | None, int]], blank: str) -> dict[str, int]:
    """Counts of a free-text field (a topic) with its spellings of one word together (`free_text_labels`)."""
    counts = list(counts)
    labels = free_text_labels(counts, blank)
    totals: Counter[str] = Counter()
    for text, n in counts:
        totals[labels[text]] += n
    return dict(totals)
