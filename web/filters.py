"""Jinja filters: dates and numbers as a Mexican reader expects them."""

from datetime import date, datetime

from babel.dates import format_date, format_datetime

from engine.clock import to_local
from engine.settings import load_settings

LOCALE = "es_MX"


def fecha(value: date | datetime | str | None, style: str = "d 'de' MMMM 'de' y") -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):  # ISO dates as kept in workflow data
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = to_local(value, load_settings().timezone).date()
    return format_date(value, style, locale=LOCALE)


def fecha_corta(value: date | datetime | str | None) -> str:
    return fecha(value, "dd/MM/yyyy")


def fecha_hora(value: datetime | None) -> str:
    if value is None:
        return "—"
    return format_datetime(to_local(value, load_settings().timezone), "dd/MM/yyyy HH:mm", locale=LOCALE)


def install(environment) -> None:
    environment.filters.update(fecha=fecha, fecha_corta=fecha_corta, fecha_hora=fecha_hora)
