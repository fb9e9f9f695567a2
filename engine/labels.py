"""Statuses and choices that carry their Spanish label beside their value."""

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
