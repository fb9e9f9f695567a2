"""The year and quarter asked for in a query string, read strictly."""

from datetime import date

import pytest

from web.periods import PLANNING_YEARS_AHEAD, asked_year, shown_year

TODAY = date(2026, 11, 29)


def test_a_planning_page_may_ask_for_years_to_come_and_a_statistics_page_may_not():
    assert asked_year("2031", TODAY, PLANNING_YEARS_AHEAD) == 2031
    with pytest.raises(ValueError, match="^El año «2027» no es válido: elija uno de 2000 a 2026.$"):
        asked_year("2027", TODAY)


@pytest.mark.parametrize("raw,shown", [
    (None, (2026, "")), ("", (2026, "")), ("2024", (2024, "")), ("2031", (2031, "")),
    ("2032", (2026, "El año «2032» no es válido: elija uno de 2000 a 2031. Se muestra 2026.")),
    (" dos mil ", (2026, "El año «dos mil» no es válido: elija uno de 2000 a 2031. Se muestra 2026.")),
])
def test_a_page_shows_the_year_asked_for_or_the_current_one_saying_why(raw, shown):
    assert shown_year(raw, TODAY, PLANNING_YEARS_AHEAD) == shown
