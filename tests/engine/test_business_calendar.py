"""Worked examples of días hábiles, computed by hand from the laws (shared/domain/LEGAL_RULES.md).

Every row was counted on a printed calendar, not taken from the code's output; its comment says
which days were skipped and why. The calendars: LFT art. 74 rest days (Monday-moved: first Monday
of February, third Monday of March and of November; 1 Oct 2024 for the transmisión del Poder
Ejecutivo), the LFPA art. 28 fixed dates (5 Feb, 21 Mar, 5 May, 1 Sep…), Colombia's festivos
(Ley 51 de 1983). Días inhábiles declared by acuerdo and suspensions of plazos are explicit
`Closure`s with the words an organization would record.
"""

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from engine.business_calendar import BusinessCalendar, Closure, SkippedDay, Term, Unit
from engine.holiday_lists import holidays_in

MX = ZoneInfo("America/Mexico_City")

HOLY_WEEK_2026 = (Closure(date(2026, 4, 2), date(2026, 4, 2), "Jueves Santo — Acuerdo CT/01/2026"),
                  Closure(date(2026, 4, 3), date(2026, 4, 3), "Viernes Santo — Acuerdo CT/01/2026"))
WINTER_VACATION_2026 = (Closure(date(2026, 12, 21), date(2027, 1, 5),
                                "Segundo periodo vacacional — Acuerdo CT/09/2026"),)
COVID_SUSPENSION_2020 = (Closure(date(2020, 3, 23), date(2020, 4, 17),
                                 "suspensión de plazos — Acuerdo del Pleno del INAI (COVID-19)", suspends=True),)
CHIAPAS_SUSPENSION_2021 = (Closure(date(2021, 5, 3), date(2021, 5, 31), "suspensión de plazos — acta 19-E/2021",
                                   suspends=True),)


def calendar(holiday_list: str = "MX-LFT", closures: tuple[Closure, ...] = (), **office) -> BusinessCalendar:
    return BusinessCalendar(holidays_for_year=partial(holidays_in, holiday_list), closures=closures, **office)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MX)


# -- filings: the día hábil a filing counts as received -----------------------------------------

FILINGS = [
    # Sat 21 Mar 2026: Saturday and Sunday are inhábiles → Monday 23 Mar.
    pytest.param("MX-LFT", (), {}, local(2026, 3, 21, 10), date(2026, 3, 23), id="saturday"),
    # Fri 27 Mar 2026 17:59: inside 08:00–18:00 → the same day.
    pytest.param("MX-LFT", (), {}, local(2026, 3, 27, 17, 59), date(2026, 3, 27), id="friday-17:59"),
    # 18:00 is closing time: the office window is [08:00, 18:00), so it counts the next día hábil,
    # Monday 30 Mar (Sat 28, Sun 29 skipped).
    pytest.param("MX-LFT", (), {}, local(2026, 3, 27, 18), date(2026, 3, 30), id="friday-18:00"),
    pytest.param("MX-LFT", (), {}, local(2026, 3, 27, 18, 30), date(2026, 3, 30), id="friday-18:30"),
    # Documented choice: before opening time on a día hábil the office receives it when it opens,
    # the same day (only filings after closing move, LFPA art. 30).
    pytest.param("MX-LFT", (), {}, local(2026, 3, 24, 7, 15), date(2026, 3, 24), id="tuesday-before-opening"),
    # 2026-03-24T00:30Z is Mon 23 Mar 18:30 in Mexico City (UTC−6 all year since 2022): after
    # hours → Tuesday 24 Mar.
    pytest.param("MX-LFT", (), {}, datetime(2026, 3, 24, 0, 30, tzinfo=UTC), date(2026, 3, 24), id="utc-moment"),
    # A wall-clock time without zone is read as the office's own.
    pytest.param("MX-LFT", (), {}, datetime(2026, 3, 27, 18, 30), date(2026, 3, 30), id="naive-after-hours"),
    # A date without time: only whether the day is hábil matters (Sat 21 Mar → Mon 23 Mar).
    pytest.param("MX-LFT", (), {}, date(2026, 3, 21), date(2026, 3, 23), id="a-date-on-saturday"),
    # Mon 2 Feb 2026 is the first Monday of February (LFT art. 74) → Tuesday 3 Feb.
    pytest.param("MX-LFT", (), {}, local(2026, 2, 2, 10), date(2026, 2, 3), id="on-first-monday-of-february"),
    # Under the LFPA's fixed dates 2 Feb 2026 is an ordinary Monday.
    pytest.param("MX-LFPA", (), {}, local(2026, 2, 2, 10), date(2026, 2, 2), id="2-february-under-lfpa"),
    # Fri 30 Jan 2026 18:30: after hours; Sat 31, Sun 1, Mon 2 Feb (LFT) skipped → Tuesday 3 Feb.
    pytest.param("MX-LFT", (), {}, local(2026, 1, 30, 18, 30), date(2026, 2, 3), id="friday-night-before-holiday"),
    # An office that closes at 15:00: a filing at 15:00 on Wed 25 Mar 2026 counts Thursday 26 Mar.
    pytest.param("MX-LFT", (), {"closes": time(15)}, local(2026, 3, 25, 15), date(2026, 3, 26),
                 id="office-closing-at-15:00"),
    # Thu 20 May 2021 inside the Chiapas suspension (plazos suspended until Mon 31 May 2021): a
    # filing on a day terms do not run counts as received the next día hábil, Tuesday 1 Jun.
    pytest.param("MX-LFT", CHIAPAS_SUSPENSION_2021, {}, local(2021, 5, 20, 10), date(2021, 6, 1),
                 id="filed-during-a-suspension"),
]


@pytest.mark.parametrize(("holiday_list", "closures", "office", "moment", "received"), FILINGS)
def test_a_filing_counts_as_received_on_the_right_business_day(holiday_list, closures, office, moment, received):
    assert calendar(holiday_list, closures, **office).received_on(moment) == received


# -- terms in días hábiles -----------------------------------------------------------------------

BUSINESS_DAY_TERMS = [
    # Received Mon 23 Mar 2026 (filed on Saturday 21). 20 dh from Tue 24 Mar: 24–27 Mar (4),
    # 30–31 (6), 1–3 Apr (9; Holy Week not declared), 6–10 (14), 13–17 (19), Mon 20 Apr (20).
    pytest.param("MX-LFT", (), date(2026, 3, 23), 20, date(2026, 3, 24), date(2026, 4, 20), id="twenty-after-saturday"),
    # Fri 30 Jan 2026 + 3 dh: Sat 31, Sun 1, Mon 2 Feb (first Monday of February, LFT) skipped;
    # 3 (1), 4 (2), 5 Feb (3).
    pytest.param("MX-LFT", (), date(2026, 1, 30), 3, date(2026, 2, 3), date(2026, 2, 5), id="first-monday-february-2026-lft"),
    # Same start under the LFPA: 2 Feb is hábil (1), 3 (2), 4 Feb (3).
    pytest.param("MX-LFPA", (), date(2026, 1, 30), 3, date(2026, 2, 2), date(2026, 2, 4), id="2-february-2026-lfpa-habil"),
    # LFPA, 4 dh: 2, 3, 4 Feb (3), Thu 5 Feb fixed (LFPA art. 28) skipped, Fri 6 Feb (4).
    pytest.param("MX-LFPA", (), date(2026, 1, 30), 4, date(2026, 2, 2), date(2026, 2, 6), id="5-february-2026-lfpa"),
    # Fri 2 Feb 2024 + 1 dh: Sat 3, Sun 4, Mon 5 Feb (first Monday of February 2024) → Tue 6 Feb.
    pytest.param("MX-LFT", (), date(2024, 2, 2), 1, date(2024, 2, 6), date(2024, 2, 6), id="first-monday-february-2024-lft"),
    # Fri 13 Mar 2026 + 1 dh: weekend, Mon 16 Mar (third Monday of March) → Tue 17 Mar.
    pytest.param("MX-LFT", (), date(2026, 3, 13), 1, date(2026, 3, 17), date(2026, 3, 17), id="third-monday-march-2026"),
    # Fri 15 Mar 2024 + 2 dh: weekend, Mon 18 Mar (third Monday of March 2024); 19 (1), 20 (2).
    pytest.param("MX-LFT", (), date(2024, 3, 15), 2, date(2024, 3, 19), date(2024, 3, 20), id="third-monday-march-2024"),
    # LFPA: Wed 20 Mar 2024 + 1 dh: Thu 21 Mar fixed → Fri 22 Mar.
    pytest.param("MX-LFPA", (), date(2024, 3, 20), 1, date(2024, 3, 22), date(2024, 3, 22), id="21-march-2024-lfpa"),
    # Mon 30 Sep 2024 + 1 dh: Tue 1 Oct 2024 (transmisión del Poder Ejecutivo, LFT art. 74) → Wed 2 Oct.
    pytest.param("MX-LFT", (), date(2024, 9, 30), 1, date(2024, 10, 2), date(2024, 10, 2), id="1-october-2024"),
    # Fri 13 Sep 2024 + 15 dh: weekend, Mon 16 Sep; 17–20 (4), 23–27 (9), 30 Sep (10), Tue 1 Oct
    # skipped, 2–4 Oct (13), 7 (14), Tue 8 Oct (15).
    pytest.param("MX-LFT", (), date(2024, 9, 13), 15, date(2024, 9, 17), date(2024, 10, 8), id="16-september-and-1-october-2024"),
    # Tue 15 Sep 2026 + 1 dh: Wed 16 Sep (Independencia) → Thu 17 Sep.
    pytest.param("MX-LFT", (), date(2026, 9, 15), 1, date(2026, 9, 17), date(2026, 9, 17), id="16-september-2026"),
    # Thu 24 Dec 2026 + 5 dh: Fri 25 Dec, weekend; 28–31 Dec (4); Fri 1 Jan 2027, weekend; Mon 4 Jan (5).
    pytest.param("MX-LFT", (), date(2026, 12, 24), 5, date(2026, 12, 28), date(2027, 1, 4), id="christmas-to-new-year"),
    # Declared Holy Week: as the first row, minus Thu 2 and Fri 3 Apr → 21 Apr (19), Wed 22 Apr (20).
    pytest.param("MX-LFT", HOLY_WEEK_2026, date(2026, 3, 23), 20, date(2026, 3, 24), date(2026, 4, 22), id="declared-holy-week-2026"),
    # Declared vacation 21 Dec 2026–5 Jan 2027: Fri 18 Dec + 3 dh: weekend, the whole period;
    # Wed 6 (1), Thu 7 (2), Fri 8 Jan 2027 (3).
    pytest.param("MX-LFT", WINTER_VACATION_2026, date(2026, 12, 18), 3, date(2027, 1, 6), date(2027, 1, 8), id="declared-vacation"),
    # Suspension 23 Mar–17 Apr 2020 (weekends inside it included): Fri 20 Mar + 1 dh: Sat 21,
    # Sun 22, the suspension, Sat 18, Sun 19 → Mon 20 Apr 2020.
    pytest.param("MX-LFT", COVID_SUSPENSION_2020, date(2020, 3, 20), 1, date(2020, 4, 20), date(2020, 4, 20), id="suspension-2020"),
    # Received Tue 1 Jun 2021 (filed during the Chiapas suspension). 20 dh from Wed 2 Jun: 2–4 (3),
    # 7–11 (8), 14–18 (13), 21–25 (18), 28 (19), Tue 29 Jun (20); no LFT day in June.
    pytest.param("MX-LFT", CHIAPAS_SUSPENSION_2021, date(2021, 6, 1), 20, date(2021, 6, 2), date(2021, 6, 29), id="after-chiapas-suspension"),
    # Colombia. Fri 9 Jan 2026 + 15 dh: weekend, Mon 12 Jan (Reyes Magos, moved); 13–16 (4),
    # 19–23 (9), 26–30 (14), Mon 2 Feb (15; not a festivo in Colombia).
    pytest.param("CO", (), date(2026, 1, 9), 15, date(2026, 1, 13), date(2026, 2, 2), id="co-reyes-magos"),
    # The same start in Mexico: Mon 12 Jan is hábil; 12–16 (5), 19–23 (10), 26–30 Jan (15).
    pytest.param("MX-LFT", (), date(2026, 1, 9), 15, date(2026, 1, 12), date(2026, 1, 30), id="mx-same-start"),
    # CO, Fri 9 Jan 2026 + 10 dh (petition for documents): 13–16 (4), 19–23 (9), Mon 26 Jan (10).
    pytest.param("CO", (), date(2026, 1, 9), 10, date(2026, 1, 13), date(2026, 1, 26), id="co-documents-10"),
    # CO, Fri 20 Mar 2026 + 15 dh: weekend, Mon 23 Mar (San José, moved); 24–27 (4), 30–31 (6),
    # 1 Apr (7), Thu 2 and Fri 3 Apr (Jueves and Viernes Santo), weekend, 6–10 (12), 13–15 Apr (15).
    pytest.param("CO", (), date(2026, 3, 20), 15, date(2026, 3, 24), date(2026, 4, 15), id="co-san-jose-and-holy-week"),
    # CO, Fri 30 Oct 2026 + 15 dh: weekend, Mon 2 Nov (Todos los Santos, moved); 3–6 (4), 9–13 (9),
    # Mon 16 Nov (Independencia de Cartagena, moved); 17–20 (13), 23 (14), Tue 24 Nov (15).
    pytest.param("CO", (), date(2026, 10, 30), 15, date(2026, 11, 3), date(2026, 11, 24), id="co-2-and-16-november"),
]


@pytest.mark.parametrize(("holiday_list", "closures", "start", "days", "counted_from", "due"), BUSINESS_DAY_TERMS)
def test_business_day_terms_match_the_worked_examples(holiday_list, closures, start, days, counted_from, due):
    term = calendar(holiday_list, closures).add(start, days)
    assert (term.counted_from, term.due) == (counted_from, due)


@pytest.mark.parametrize(("holiday_list", "closures", "start", "days", "counted_from", "due"), BUSINESS_DAY_TERMS)
def test_the_worked_examples_count_back_to_their_number_of_days(holiday_list, closures, start, days, counted_from, due):
    assert calendar(holiday_list, closures).business_days_between(start, due) == days


# -- terms in días naturales and months: only the last day rolls forward -------------------------

ROLLED = ", inhábil: el plazo que terminaba ese día vence el siguiente día hábil"

CALENDAR_TERMS = [
    # Q1 2026 closes Tue 31 Mar; 30 dn → Thu 30 Apr, hábil: nothing skipped.
    pytest.param("MX-LFT", date(2026, 3, 31), 30, Unit.CALENDAR_DAYS, date(2026, 4, 30), (), id="quarter-30-dn"),
    # Q1 2028: 31 Mar + 30 dn = Sun 30 Apr 2028; Mon 1 May is Día del Trabajo → Tue 2 May
    # (LFPA art. 29); the days in between count, only the rolled-over ones are skipped.
    pytest.param("MX-LFT", date(2028, 3, 31), 30, Unit.CALENDAR_DAYS, date(2028, 5, 2),
                 ((date(2028, 4, 30), "domingo"), (date(2028, 5, 1), "Día del Trabajo (LFT art. 74)")),
                 id="last-day-sunday-then-1-may"),
    # Tue 28 Apr 2026 + 3 dn = Fri 1 May (Día del Trabajo); Sat 2, Sun 3 → Mon 4 May.
    pytest.param("MX-LFT", date(2026, 4, 28), 3, Unit.CALENDAR_DAYS, date(2026, 5, 4),
                 ((date(2026, 5, 1), "Día del Trabajo (LFT art. 74)"), (date(2026, 5, 2), "sábado"),
                  (date(2026, 5, 3), "domingo")), id="last-day-1-may-2026"),
    # 31 Jan 2026 + 1 month → 28 Feb 2026 (February is shorter), a Saturday; Sun 1 Mar → Mon 2 Mar.
    pytest.param("CO", date(2026, 1, 31), 1, Unit.MONTHS, date(2026, 3, 2),
                 ((date(2026, 2, 28), "sábado"), (date(2026, 3, 1), "domingo")), id="31-january-plus-a-month-2026"),
    # 31 Jan 2025 + 1 month → Fri 28 Feb 2025, hábil.
    pytest.param("CO", date(2025, 1, 31), 1, Unit.MONTHS, date(2025, 2, 28), (), id="31-january-plus-a-month-2025"),
    # 31 Jan 2024 + 1 month → Thu 29 Feb 2024 (leap year), hábil.
    pytest.param("CO", date(2024, 1, 31), 1, Unit.MONTHS, date(2024, 2, 29), (), id="31-january-plus-a-month-2024"),
    # CO: Mon 23 Feb 2026 + 1 month → Mon 23 Mar, San José (moved) → Tue 24 Mar.
    pytest.param("CO", date(2026, 2, 23), 1, Unit.MONTHS, date(2026, 3, 24),
                 ((date(2026, 3, 23), "Día de San José (observado) (Ley 51 de 1983)"),), id="month-ending-on-a-festivo"),
]


@pytest.mark.parametrize(("holiday_list", "start", "amount", "unit", "due", "skipped"), CALENDAR_TERMS)
def test_calendar_day_and_month_terms_roll_only_their_last_day_forward(holiday_list, start, amount, unit, due, skipped):
    term = calendar(holiday_list).add(start, amount, unit)
    assert term.due == due
    assert term.counted_from == date.fromordinal(start.toordinal() + 1)
    # The nominal last day says why the term moved past it; the inhábil days after it, that they are too.
    assert [(s.day, s.reason) for s in term.skipped] == [
        (day, reason + (ROLLED if n == 0 else ", también inhábil")) for n, (day, reason) in enumerate(skipped)]


GUADALUPE_2025 = (Closure(date(2025, 12, 12), date(2025, 12, 12), "Día de la Virgen de Guadalupe — Acuerdo CT/09/2025"),)

BACKWARD_TERMS = [
    # Wed 30 Jun 2021 − 5 dn = Fri 25 Jun, hábil: that day.
    pytest.param((), date(2021, 6, 30), 5, Unit.CALENDAR_DAYS, date(2021, 6, 25), id="nominal-day-habil"),
    # Thu 17 Dec 2026 − 5 dn = Sat 12 Dec → Fri 11 Dec (the Monday after may be past the convocatoria).
    pytest.param((), date(2026, 12, 17), 5, Unit.CALENDAR_DAYS, date(2026, 12, 11), id="saturday"),
    # Fri 18 Dec 2026 − 5 dn = Sun 13 Dec; Sat 12 is inhábil too → Fri 11 Dec.
    pytest.param((), date(2026, 12, 18), 5, Unit.CALENDAR_DAYS, date(2026, 12, 11), id="sunday"),
    # Wed 17 Dec 2025 − 5 dn = Fri 12 Dec, declared inhábil by acuerdo → Thu 11 Dec.
    pytest.param(GUADALUPE_2025, date(2025, 12, 17), 5, Unit.CALENDAR_DAYS, date(2025, 12, 11),
                 id="declared-holiday"),
    # Mon 21 Sep 2026 − 5 dn = Wed 16 Sep, Día de la Independencia (LFT art. 74) → Tue 15 Sep.
    pytest.param((), date(2026, 9, 21), 5, Unit.CALENDAR_DAYS, date(2026, 9, 15), id="lft-holiday"),
    # Mon 5 Jul 2021 − 3 dh: Fri 2, Thu 1, Wed 30 Jun (the weekend does not count).
    pytest.param((), date(2021, 7, 5), 3, Unit.BUSINESS_DAYS, date(2021, 6, 30), id="dias-habiles"),
]


@pytest.mark.parametrize(("closures", "end", "amount", "unit", "due"), BACKWARD_TERMS)
def test_a_term_counted_back_ends_on_a_dia_habil_the_one_before_an_inhabil_last_day(closures, end, amount, unit, due):
    cal = calendar(closures=closures)
    assert cal.subtract(end, amount, unit) == due
    assert cal.is_business_day(due)


# -- the reasons shown to people -----------------------------------------------------------------

REASONS = [
    pytest.param("MX-LFT", (), date(2026, 3, 21), "sábado", id="saturday"),
    pytest.param("MX-LFT", (), date(2026, 3, 22), "domingo", id="sunday"),
    pytest.param("MX-LFT", (), date(2026, 3, 23), None, id="ordinary-monday"),
    # Sat 1 May 2021: the weekend explains the day before the holiday that falls on it.
    pytest.param("MX-LFT", (), date(2021, 5, 1), "sábado", id="holiday-on-a-saturday"),
    pytest.param("MX-LFT", (), date(2026, 2, 2), "Día de la Constitución (LFT art. 74)", id="2-february-2026-lft"),
    pytest.param("MX-LFPA", (), date(2026, 2, 2), None, id="2-february-2026-lfpa"),
    pytest.param("MX-LFPA", (), date(2026, 2, 5), "Día de la Constitución (LFPA art. 28)", id="5-february-2026-lfpa"),
    pytest.param("MX-LFT", (), date(2024, 10, 1), "Transmisión del Poder Ejecutivo Federal (LFT art. 74)", id="1-october-2024"),
    # 1 Oct is a rest day only in a year the federal executive changes.
    pytest.param("MX-LFT", (), date(2025, 10, 1), None, id="1-october-2025"),
    pytest.param("MX-LFT", (), date(2026, 9, 16), "Día de la Independencia (LFT art. 74)", id="16-september"),
    pytest.param("MX-LFT", (), date(2026, 11, 16), "Día de la Revolución (LFT art. 74)", id="third-monday-november"),
    pytest.param("MX-LFT", HOLY_WEEK_2026, date(2026, 4, 2), "Jueves Santo — Acuerdo CT/01/2026", id="declared-holy-thursday"),
    # A suspension that covers a weekend explains the Saturday too.
    pytest.param("MX-LFT", COVID_SUSPENSION_2020, date(2020, 3, 28),
                 "suspensión de plazos — Acuerdo del Pleno del INAI (COVID-19)", id="suspension-over-saturday"),
    # A declared vacation explains the holiday inside it as well.
    pytest.param("MX-LFT", WINTER_VACATION_2026, date(2026, 12, 25), "Segundo periodo vacacional — Acuerdo CT/09/2026",
                 id="vacation-over-christmas"),
    pytest.param("CO", (), date(2026, 11, 16), "Independencia de Cartagena (observado) (Ley 51 de 1983)", id="co-16-november"),
    pytest.param("CO", (), date(2026, 11, 2), "Día de Todos los Santos (observado) (Ley 51 de 1983)", id="co-2-november"),
]


@pytest.mark.parametrize(("holiday_list", "closures", "day", "reason"), REASONS)
def test_each_closed_day_carries_the_reason_shown_to_people(holiday_list, closures, day, reason):
    cal = calendar(holiday_list, closures)
    assert cal.reason_closed(day) == reason
    assert cal.is_business_day(day) is (reason is None)


def test_the_skipped_days_of_a_term_are_listed_in_order_with_their_reasons():
    term = calendar().add(date(2026, 1, 30), 3)
    assert term == Term(date(2026, 2, 3), date(2026, 2, 5), (
        SkippedDay(date(2026, 1, 31), "sábado"),
        SkippedDay(date(2026, 2, 1), "domingo"),
        SkippedDay(date(2026, 2, 2), "Día de la Constitución (LFT art. 74)"),
    ))


def test_a_declared_holy_week_is_explained_by_its_acuerdo_among_the_weekends():
    term = calendar(closures=HOLY_WEEK_2026).add(date(2026, 3, 23), 20)
    assert [(s.day.isoformat(), s.reason) for s in term.skipped] == [
        ("2026-03-28", "sábado"), ("2026-03-29", "domingo"),
        ("2026-04-02", "Jueves Santo — Acuerdo CT/01/2026"), ("2026-04-03", "Viernes Santo — Acuerdo CT/01/2026"),
        ("2026-04-04", "sábado"), ("2026-04-05", "domingo"),
        ("2026-04-11", "sábado"), ("2026-04-12", "domingo"),
        ("2026-04-18", "sábado"), ("2026-04-19", "domingo"),
    ]


def test_a_suspension_over_weekends_lists_every_day_of_it_under_its_acuerdo():
    term = calendar(closures=COVID_SUSPENSION_2020).add(date(2020, 3, 20), 1)
    reasons = [s.reason for s in term.skipped]
    # Sat 21 and Sun 22 Mar precede it; 23 Mar–17 Apr is 26 days; Sat 18 and Sun 19 Apr follow it.
    assert reasons == ["sábado", "domingo"] + [COVID_SUSPENSION_2020[0].reason] * 26 + ["sábado", "domingo"]


def test_days_inside_a_suspension_do_not_count_in_dias_naturales_either():
    # Q1 2026 closes Tue 31 Mar; plazos suspended Mon 6–Fri 24 Apr. 30 dn: 1–5 Apr (5), then from
    # Sat 25 Apr: 25 Apr–19 May (25) → Tue 19 May, hábil.
    suspension = Closure(date(2026, 4, 6), date(2026, 4, 24), "suspensión de plazos — Acuerdo CT/07/2026",
                         suspends=True)
    term = calendar(closures=(suspension,)).add(date(2026, 3, 31), 30, Unit.CALENDAR_DAYS)
    assert (term.counted_from, term.due) == (date(2026, 4, 1), date(2026, 5, 19))
    assert [s.day for s in term.skipped] == [date(2026, 4, 6) + timedelta(days=n) for n in range(19)]
    # Counting that would start inside it starts after it: 5 dn from Sat 28 Nov 2026 with plazos
    # suspended 1–4 Dec: 29, 30 Nov (2), then 5, 6, 7 Dec → Mon 7 Dec.
    december = Closure(date(2026, 12, 1), date(2026, 12, 4), "suspensión de plazos — Acuerdo CT/09/2026",
                       suspends=True)
    term = calendar(closures=(december,)).add(date(2026, 11, 28), 5, Unit.CALENDAR_DAYS)
    assert (term.counted_from, term.due) == (date(2026, 11, 29), date(2026, 12, 7))
    term = calendar(closures=(december,)).add(date(2026, 11, 30), 5, Unit.CALENDAR_DAYS)
    assert (term.counted_from, term.due) == (date(2026, 12, 5), date(2026, 12, 9))


def test_a_day_declared_inhabil_still_counts_as_a_dia_natural():
    term = calendar(closures=HOLY_WEEK_2026).add(date(2026, 3, 31), 30, Unit.CALENDAR_DAYS)
    assert term.due == date(2026, 4, 30)


# -- days counted back (alerts before a due day) -------------------------------------------------

@pytest.mark.parametrize(("closures", "end", "days", "expected"), [
    # Tue 3 Feb 2026 − 1 dh: Mon 2 Feb (LFT) and the weekend skipped → Fri 30 Jan.
    pytest.param((), date(2026, 2, 3), 1, date(2026, 1, 30), id="over-first-monday-of-february"),
    # Mon 20 Apr 2026 − 5 dh: 17, 16, 15, 14, Mon 13 Apr.
    pytest.param((), date(2026, 4, 20), 5, date(2026, 4, 13), id="five-before-a-monday"),
    # Wed 22 Apr 2026 − 5 dh with Holy Week declared: 21, 20, 17, 16, Wed 15 Apr.
    pytest.param(HOLY_WEEK_2026, date(2026, 4, 22), 5, date(2026, 4, 15), id="five-before-with-holy-week"),
])
def test_business_days_counted_back_from_a_due_day(closures, end, days, expected):
    assert calendar(closures=closures).subtract_business_days(end, days) == expected


# -- edges ---------------------------------------------------------------------------------------

def test_a_term_of_zero_days_is_due_on_its_start_day():
    assert calendar().add(date(2026, 3, 23), 0) == Term(date(2026, 3, 23), date(2026, 3, 23), ())


def test_a_term_of_zero_calendar_days_starting_on_saturday_rolls_to_monday():
    term = calendar().add(date(2026, 3, 21), 0, Unit.CALENDAR_DAYS)
    assert term.due == date(2026, 3, 23)


def test_a_negative_term_is_refused_in_spanish():
    with pytest.raises(ValueError, match="no puede tener días negativos"):
        calendar().add(date(2026, 3, 23), -1)


def test_the_unit_may_be_given_by_its_stored_value():
    assert calendar().add(date(2026, 3, 23), 20, "habiles").due == date(2026, 4, 20)
    with pytest.raises(ValueError):
        calendar().add(date(2026, 3, 23), 20, "semanas")


@pytest.mark.parametrize(("start", "end", "expected"), [
    pytest.param(date(2026, 1, 30), date(2026, 2, 5), 3, id="over-a-weekend-and-a-holiday"),
    pytest.param(date(2026, 3, 23), date(2026, 4, 20), 20, id="a-twenty-day-term"),
    pytest.param(date(2026, 3, 23), date(2026, 3, 23), 0, id="same-day"),
    pytest.param(date(2026, 1, 31), date(2026, 2, 2), 0, id="only-inhabiles-after-start"),
    pytest.param(date(2026, 12, 24), date(2027, 1, 4), 5, id="across-the-year"),
])
def test_business_days_between_is_antisymmetric(start, end, expected):
    cal = calendar()
    assert cal.business_days_between(start, end) == expected
    assert cal.business_days_between(end, start) == -expected


def test_a_calendar_asked_about_distant_years_first_still_counts_the_years_between():
    # Found while writing these examples: a calendar asked about 2020 and then 2026 skipped 2023
    # entirely (20 dh from 20 Dec 2022 came out in January 2024). 20 Dec 2022 + 20 dh: 21–23 (3),
    # 26–30 (8), Mon 2 Jan 2023 (9; 1 Jan was a Sunday), 3–6 (13), 9–13 (18), 16 (19), Tue 17 Jan (20).
    cal = calendar()
    cal.is_business_day(date(2020, 1, 6))
    cal.is_business_day(date(2026, 1, 5))
    assert cal.add(date(2022, 12, 20), 20).due == date(2023, 1, 17)
    assert cal.business_days_between(date(2022, 12, 20), date(2023, 1, 17)) == 20


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(2999, 1, 4), date(1500, 1, 4)])
def test_a_date_far_outside_the_years_counted_is_refused_before_computing_the_years_up_to_it(day):
    """«9999-12-31», typed to mean «sin fecha», had every year up to it computed (seconds) and then failed on
    year 10000; 2999 or 1500 were computed and answered."""
    cal = calendar()
    cal.is_business_day(date(2026, 3, 23))
    with pytest.raises(ValueError, match=f"La fecha {day.isoformat()} está fuera de los años en que se cuentan "
                                         r"días hábiles \(2000 a 2100\)"):
        cal.next_business_day(day, include_same_day=True)
    assert cal.add(date(2100, 12, 31), 365).due.year == 2102  # the calculadora's last year still counts its terms


def test_a_term_that_runs_past_the_years_computed_so_far_is_counted_on_the_next_ones():
    # Asked about 2026 first, the calendar knows 2024–2028. Fri 15 Dec 2028 + 10 dh: weekend,
    # 18–22 (5), weekend, Mon 25 Dec (Navidad), 26–29 (9), weekend, Mon 1 Jan 2029 (Año Nuevo),
    # Tue 2 Jan 2029 (10).
    cal = calendar()
    cal.is_business_day(date(2026, 3, 23))
    assert cal.add(date(2028, 12, 15), 10).due == date(2029, 1, 2)


def test_a_calendar_shared_by_many_threads_answers_as_one_thread_does():
    # Cached calendars are shared by the web's threads; years are computed on demand meanwhile.
    rng = random.Random(7)
    starts = [date(2000, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40)) for _ in range(3000)]
    expected = [calendar().add_business_days(start, 20) for start in starts]
    shared = calendar()
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(lambda start: shared.add_business_days(start, 20), starts)) == expected


# -- the days the office works (an oficio's date) ------------------------------------------------

@pytest.mark.parametrize("day,reason", [
    (date(2026, 4, 11), "sábado"),
    (date(2026, 2, 2), "Día de la Constitución (LFT art. 74)"),
    (date(2026, 4, 2), "Jueves Santo — Acuerdo CT/01/2026"),
    # Inside the COVID suspension 2020 a Tuesday is a day the office works: terms stop, the office does not.
    (date(2020, 4, 7), None),
    # A Saturday inside it is still a Saturday.
    (date(2020, 4, 4), "sábado"),
])
def test_the_office_is_closed_on_weekends_holidays_and_declared_days_but_not_for_a_suspension(day, reason):
    office = calendar(closures=HOLY_WEEK_2026 + COVID_SUSPENSION_2020)
    assert office.office_closed_reason(day) == reason


def test_the_next_day_the_office_works_passes_over_a_declared_holy_week_but_not_a_suspension():
    office = calendar(closures=HOLY_WEEK_2026 + COVID_SUSPENSION_2020)
    assert office.next_office_day(date(2026, 4, 1)) == date(2026, 4, 6)  # Thu, Fri declared; Sat, Sun
    assert office.next_office_day(date(2020, 4, 3)) == date(2020, 4, 6)  # inside the suspension


def test_the_last_day_the_office_works_is_the_day_itself_or_the_one_before_the_closure():
    office = calendar(closures=HOLY_WEEK_2026 + COVID_SUSPENSION_2020)
    assert office.last_office_day(date(2026, 4, 6)) == date(2026, 4, 6)
    assert office.last_office_day(date(2026, 4, 5)) == date(2026, 4, 1)  # Sun, Sat, and the declared Fri, Thu
    assert office.last_office_day(date(2020, 4, 7)) == date(2020, 4, 7)  # inside the suspension
