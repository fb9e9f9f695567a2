"""National holiday lists (data in engine/legal_data/holiday_lists.json) for a given year.

The `holidays` package gives Mexico's LFT rest days (Monday-moved, plus the 1 Oct transfer of the
federal executive) and Colombia's festivos; the LFPA's fixed dates are listed in the data file.
Each name carries its legal basis, because it is shown to people beside the dates it moved.
"""

import json
from datetime import date
from functools import cache
from pathlib import Path

import holidays

DATA_FILE = Path(__file__).parent / "legal_data" / "holiday_lists.json"


@cache
def holiday_lists() -> dict[str, dict]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def holidays_in(list_code: str, year: int) -> dict[date, str]:
    """{day: "Día de la Constitución (LFT art. 74)"} for one list and one year."""
    try:
        spec = holiday_lists()[list_code]
    except KeyError:
        raise ValueError(f"No existe la lista de días festivos {list_code!r}.") from None
    basis = spec["basis"]
    package_days = holidays.country_holidays(spec["country"], years=year, language="es")
    if "fixed" not in spec:
        return {day: f"{name} ({basis})" for day, name in package_days.items()}
    days = {date(year, int(md[:2]), int(md[3:])): f"{name} ({basis})" for md, name in spec["fixed"]}
    wanted = set(spec.get("from_package", []))
    days.update({day: f"{name} ({basis})" for day, name in package_days.items() if name in wanted})
    return days
