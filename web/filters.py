"""Jinja filters: dates and numbers as a Mexican reader expects them."""

import os
from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date
from markupsafe import Markup, escape

from engine.clock import to_local

LOCALE = "es_MX"


def _timezone() -> str:
    # Read on each call (tests change it), but without building the whole Settings object: these
    # filters run for every row of every table.
    return os.environ.get("PLENO_TIMEZONE", "America/Mexico_City")


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, str):  # ISO dates as kept in workflow data
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        return to_local(value, _timezone()).date()
    return value


def fecha(value: date | datetime | str | None) -> str:
    """"25 de noviembre de 2026"."""
    if value is None or value == "":
        return "—"
    return format_date(_as_date(value), "d 'de' MMMM 'de' y", locale=LOCALE)


def fecha_corta(value: date | datetime | str | None) -> str:
    """"25/11/2026"."""
    if value is None or value == "":
        return "—"
    return _as_date(value).strftime("%d/%m/%Y")


def fecha_hora(value: datetime | None) -> str:
    """"25/11/2026 10:30" in the organization's zone."""
    if value is None:
        return "—"
    return to_local(value, _timezone()).strftime("%d/%m/%Y %H:%M")


@lru_cache(maxsize=8192)
def _option(value: str, label: str, selected: bool) -> str:
    return f'<option value="{escape(value)}"{" selected" if selected else ""}>{escape(label)}</option>'


def opciones(pairs, selected=None) -> Markup:
    """The <option>s of a <select> from (value, label) pairs, the selected one marked: built in one
    pass from remembered pieces, since a Jinja loop over the 200 areas of a filter costs several
    times more."""
    chosen = None if selected is None else str(selected)
    return Markup("".join(_option(str(value), label, str(value) == chosen) for value, label in pairs))


def install(environment) -> None:
    environment.filters.update(fecha=fecha, fecha_corta=fecha_corta, fecha_hora=fecha_hora)
    environment.globals.update(opciones=opciones)
