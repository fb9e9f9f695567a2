"""Jinja filters: dates and numbers as a Mexican reader expects them."""

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date
from jinja2 import pass_context
from markupsafe import Markup, escape

from engine.clock import DEFAULT_TIMEZONE, to_local
from engine.deadlines import status_label
from engine.labels import counted, in_parentheses

LOCALE = "es_MX"


# Where web.deps leaves the signed-in person's zone in the request's ASGI scope (one per request).
ZONE_KEY = "pleno.timezone"


def _zone(context) -> str:
    """The zone of the organization the page belongs to: its person's (every Actor carries it;
    web.deps also puts it on the request, for templates given no actor), or on public pages the
    organization shown; the default otherwise (pages of no organization show no moments)."""
    for holder in ("actor", "organization"):
        zone = getattr(context.get(holder), "timezone", None)
        if zone:
            return zone
    request = context.get("request")
    return (request.scope.get(ZONE_KEY) if request is not None else None) or DEFAULT_TIMEZONE


def _as_date(value: date | datetime | str, zone: str) -> date:
    if isinstance(value, str):  # ISO dates as kept in workflow data
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        return to_local(value, zone).date()
    return value


@pass_context
def fecha(context, value: date | datetime | str | None) -> str:
    """"25 de noviembre de 2026"."""
    if value is None or value == "":
        return "—"
    return format_date(_as_date(value, _zone(context)), "d 'de' MMMM 'de' y", locale=LOCALE)


@pass_context
def fecha_corta(context, value: date | datetime | str | None) -> str:
    """"25/11/2026"."""
    if value is None or value == "":
        return "—"
    return _as_date(value, _zone(context)).strftime("%d/%m/%Y")


@lru_cache(maxsize=8192)
def _local_day_and_hour(value: datetime, zone: str) -> str:
    # Remembered: a list page shows dozens of moments, the same ones on every reload, and the
    # conversion to the zone and its formatting cost more than the rest of their row.
    return to_local(value, zone).strftime("%d/%m/%Y %H:%M")


@pass_context
def fecha_hora(context, value: datetime | str | None) -> str:
    """"25/11/2026 10:30" in the organization's zone (from a moment, or one in ISO as kept in workflow data)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return _local_day_and_hour(value, _zone(context))


@pass_context
def momento(context, value: datetime | None) -> Markup | str:
    """A <time> element: the moment for machines, "25/11/2026 10:30" in the organization's zone
    for people."""
    if value is None:
        return "—"
    return Markup(f'<time datetime="{value.isoformat()}">{_local_day_and_hour(value, _zone(context))}</time>')


@lru_cache(maxsize=8192)
def _option(value: str, label: str, selected: bool) -> str:
    return f'<option value="{escape(value)}"{" selected" if selected else ""}>{escape(label)}</option>'


def opciones(pairs, selected=None) -> Markup:
    """The <option>s of a <select> from (value, label) pairs, the selected one marked: built in one
    pass from remembered pieces, since a Jinja loop over the 200 areas of a filter costs several
    times more."""
    chosen = None if selected is None else str(selected)
    return Markup("".join(_option(str(value), label, str(value) == chosen) for value, label in pairs))


def tamano(size: int) -> str:
    """A file's size as people read it: «13 bytes», «4.2 KB», «1.5 MB» (a small file is not «0.0 KB»)."""
    if size < 1024:
        return f"{size} byte{'' if size == 1 else 's'}"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def de(phrase: str) -> str:
    """«de» before a phrase, contracted before «el» as Spanish writes it: «del solicitante», «de la titular»."""
    return f"del {phrase[3:]}" if phrase.startswith("el ") else f"de {phrase}"


def install(environment) -> None:
    environment.filters.update(fecha=fecha, fecha_corta=fecha_corta, fecha_hora=fecha_hora, momento=momento,
                               estado_plazo=status_label, contar=counted, tamano=tamano, de=de,
                               entre_parentesis=in_parentheses)
    environment.globals.update(opciones=opciones)
