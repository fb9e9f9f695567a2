"""The built-in laws' days of entry into force: which law governs a day, and the days before the first one."""

from datetime import date

import pytest

from engine.rule_sets import Procedure, before_the_first_law, in_force_on


@pytest.mark.parametrize("day,code", [
    (date(2015, 5, 4), "MX-LGTAIP-2015"),  # before the first law: nothing older to hand it to
    (date(2015, 5, 5), "MX-LGTAIP-2015"),
    (date(2025, 3, 20), "MX-LGTAIP-2015"),
    (date(2025, 3, 21), "MX-LGTAIP-2025"),
])
def test_the_access_law_in_force_on_a_day_is_the_2015_one_until_the_2025_one_took_effect(day, code):
    assert in_force_on("MX-LGTAIP-2025", day) == code
    assert in_force_on("MX-LGTAIP-2015", day) == "MX-LGTAIP-2015"


def test_an_access_request_before_the_lgtaip_took_effect_has_no_law_pleno_knows():
    # Published in the DOF on 4 May 2015, in force the next day (Transitorio Primero).
    assert before_the_first_law(Procedure.ACCESO, date(2015, 5, 4)).code == "MX-LGTAIP-2015"
    assert before_the_first_law(Procedure.ACCESO, date(2015, 5, 5)) is None
    assert before_the_first_law("acceso", date(2009, 1, 1)).valid_from == date(2015, 5, 5)


def test_an_arco_request_before_the_lgpdppso_took_effect_has_no_law_pleno_knows():
    assert before_the_first_law(Procedure.ARCO, date(2017, 1, 26)).code == "MX-LGPDPPSO"
    assert before_the_first_law(Procedure.ARCO, date(2017, 1, 27)) is None
