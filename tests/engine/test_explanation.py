"""How a term's explanation reads: the days it skips besides the weekend, a closed period as one
range. The request's page, the deadline's page and the request's acuse all say it this way."""

from datetime import date, timedelta

from engine.business_calendar import SkippedDay
from engine.deadlines import Explanation


def test_the_explanation_leaves_out_weekends_and_gives_a_closed_period_as_one_range():
    weekend = [SkippedDay(date(2026, 12, 19), "sábado"), SkippedDay(date(2026, 12, 20), "domingo")]
    vacation = [SkippedDay(date(2026, 12, 21) + timedelta(days=n), "Vacaciones — Acuerdo CT/2026/05")
                for n in range(11)]  # 21 to 31 December, its weekend included
    explanation = Explanation("20 días hábiles (LGTAIP 2025, art. 134)", date(2026, 12, 14), date(2027, 1, 26),
                              (*weekend, *vacation, SkippedDay(date(2027, 1, 1), "Año Nuevo (LFT art. 74)")))
    assert explanation.sentence() == (
        "20 días hábiles (LGTAIP 2025, art. 134), contados a partir del 14 de diciembre de 2026; vence el "
        "26 de enero de 2027. Además de los sábados y domingos, no cuentan: del 21 al 31 de diciembre de 2026 "
        "(Vacaciones — Acuerdo CT/2026/05); 1 de enero de 2027 (Año Nuevo, LFT art. 74).")


def test_days_closed_on_weekend_days_only_are_not_listed():
    saturday = SkippedDay(date(2026, 12, 12), "Día de la Virgen de Guadalupe")
    weekend_closure = [SkippedDay(date(2026, 12, 19), "Suspensión"), SkippedDay(date(2026, 12, 20), "Suspensión")]
    explanation = Explanation("20 días hábiles", date(2026, 11, 30), date(2026, 12, 28),
                              (saturday, *weekend_closure))
    assert explanation.sentence() == ("20 días hábiles, contados a partir del 30 de noviembre de 2026; vence el "
                                      "28 de diciembre de 2026.")


def test_a_closed_period_across_months_or_years_names_both_ends():
    days = [SkippedDay(date(2026, 12, 28) + timedelta(days=n), "Vacaciones") for n in range(10)]
    explanation = Explanation("20 días hábiles", date(2026, 12, 14), date(2027, 1, 26), tuple(days))
    assert "del 28 de diciembre de 2026 al 6 de enero de 2027 (Vacaciones)" in explanation.sentence()
    november = [SkippedDay(date(2026, 11, 30), "Suspensión"), SkippedDay(date(2026, 12, 1), "Suspensión")]
    assert "del 30 de noviembre al 1 de diciembre de 2026 (Suspensión)" in Explanation(
        "20 días hábiles", date(2026, 11, 2), date(2026, 12, 4), tuple(november)).sentence()


def test_the_weekend_named_is_the_organizations():
    # An organization that works on Saturdays rests only on Sundays: a holiday on a Saturday counts
    # there, and is listed.
    saturday = SkippedDay(date(2026, 12, 12), "Día inhábil — Acuerdo 7/2026")
    explanation = Explanation("10 días hábiles", date(2026, 11, 30), date(2026, 12, 12), (saturday,),
                              weekend=frozenset({6}))
    assert explanation.sentence().endswith("Además de los domingos, no cuentan: 12 de diciembre de 2026 "
                                           "(Día inhábil — Acuerdo 7/2026).")
    every_day = Explanation("10 días naturales", date(2026, 11, 30), date(2026, 12, 9),
                            (SkippedDay(date(2026, 12, 1), "Suspensión"),), weekend=frozenset())
    assert every_day.sentence().endswith("vence el 9 de diciembre de 2026. No cuentan: 1 de diciembre de 2026 "
                                         "(Suspensión).")


def test_in_dias_naturales_the_inhabil_days_a_due_day_moved_over_are_not_days_left_out_of_the_count():
    weekend = (SkippedDay(date(2026, 12, 12), "sábado"), SkippedDay(date(2026, 12, 13), "domingo"))
    back = Explanation("5 días naturales antes del 18 de diciembre de 2026", date(2026, 12, 1), date(2026, 12, 11),
                       (), backwards=True, weekend=frozenset(), rolled=weekend)
    assert back.sentence() == ("5 días naturales antes del 18 de diciembre de 2026: vence el 11 de diciembre de "
                               "2026, día hábil anterior al 13 de diciembre de 2026, inhábil (domingo).")
    assert back.rolled_caption == "Días inhábiles por los que el vencimiento pasó al día hábil anterior"
    on = Explanation("30 días naturales", date(2026, 11, 14), date(2026, 12, 14),
                     (SkippedDay(date(2026, 11, 20), "Suspensión"),), weekend=frozenset(), rolled=weekend[1:])
    assert on.sentence() == ("30 días naturales, contados a partir del 14 de noviembre de 2026; vence el 14 de "
                             "diciembre de 2026, día hábil siguiente al 13 de diciembre de 2026, inhábil (domingo). "
                             "No cuentan: 20 de noviembre de 2026 (Suspensión).")
    assert on.rolled_caption == "Días inhábiles por los que el vencimiento pasó al siguiente día hábil"
