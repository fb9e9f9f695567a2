"""Folios per organization, series and year, taken by concurrent writers without repeats; the
patterns an organization may give them."""

import threading

import pytest

from engine.db import transaction
from engine.folios import next_folio, pattern_problem
from workflows.access_request.handlers import FOLIO_SERIES


def test_two_clerks_taking_the_first_folio_of_a_year_at_once_get_different_numbers(engine, demo):
    organization_id = demo.organization.id
    taken, errors = [], []
    start = threading.Barrier(2)

    def take():
        try:
            start.wait()
            with transaction(engine) as session:
                taken.append(next_folio(session, organization_id, "OP", 2031, "OP-{year}-{seq:06d}")[1])
        except Exception as exc:  # the test reports it below
            errors.append(exc)

    threads = [threading.Thread(target=take) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(taken) == ["OP-2031-000001", "OP-2031-000002"]


def test_folios_restart_each_year_and_follow_the_pattern(engine, demo):
    with transaction(engine) as session:
        first = next_folio(session, demo.organization.id, "OP", 2030, "OF/{seq:04d}/{year}")
        second = next_folio(session, demo.organization.id, "OP", 2031, "OF/{seq:04d}/{year}")
    assert (first, second) == ((1, "OF/0001/2030"), (1, "OF/0001/2031"))


@pytest.mark.parametrize("pattern", ["OP-{year}-{seq:06d}", "UT/{seq:04d}/{year}", "SESAECH/{series}/{year}/{seq}"])
def test_a_pattern_with_the_year_and_the_consecutive_is_usable(pattern):
    assert pattern_problem(pattern, "OP-{year}-{seq:06d}") is None


@pytest.mark.parametrize("pattern, problem", [
    ("OP-{year}", "El patrón debe incluir {seq} (el número consecutivo), p. ej. OP-{year}-{seq:06d}."),
    ("OP-{seq:06d}", "El patrón debe incluir {year}: el consecutivo vuelve a 1 cada año y, sin el año, el "
                     "OP-000001 de 2027 repetiría el de 2026. P. ej. OP-{year}-{seq:06d}."),
    ("OP-{year}-{seq:06d}-{nada}", "«{nada}» no es un campo del patrón: use solo {year}, {seq} y {series}, sin "
                                   "puntos ni corchetes. P. ej. OP-{year}-{seq:06d}."),
    ("OP-{year}-{seq:.0s}", "«{seq:.0s}»: el único formato admitido es el relleno con ceros de un número, como "
                            "{seq:06d}; o escriba {seq} sin formato. P. ej. OP-{year}-{seq:06d}."),
    ("{year}" + "X" * 60 + "{seq}", "El número resultante no puede pasar de 60 caracteres."),
])
def test_a_pattern_that_would_repeat_or_cannot_be_applied_says_why(pattern, problem):
    assert pattern_problem(pattern, "OP-{year}-{seq:06d}") == problem


@pytest.mark.parametrize("pattern, problem", [
    ("OP-{year}-{seq!r}", "«{seq!r}»: el patrón no admite conversiones (!r, !s, !a); escriba {seq}."),
    ("OP-{year!s}-{seq}", "«{year!s}»: el patrón no admite conversiones (!r, !s, !a); escriba {year}."),
    ("OP-{year}-{seq.real}", "«{seq.real}» no es un campo del patrón: use solo {year}, {seq} y {series}, sin puntos "
                             "ni corchetes."),
    ("OP-{year[0]}-{seq}", "«{year[0]}» no es un campo del patrón: use solo {year}, {seq} y {series}, sin puntos "
                           "ni corchetes."),
    ("OP-{year}-{}", "«{}» no es un campo del patrón: use solo {year}, {seq} y {series}, sin puntos ni corchetes."),
    ("OP-{year}-{seq:>6}", "«{seq:>6}»: el único formato admitido es el relleno con ceros de un número, como "
                           "{seq:06d}; o escriba {seq} sin formato."),
    ("OP-{year}-{seq:,}", "«{seq:,}»: el único formato admitido es el relleno con ceros de un número, como "
                          "{seq:06d}; o escriba {seq} sin formato."),
    ("OP-{year}-{seq:0{year}d}", "«{seq:0{year}d}»: el único formato admitido es el relleno con ceros de un número, "
                                 "como {seq:06d}; o escriba {seq} sin formato."),
    ("{series:06d}-{year}-{seq}", "«{series:06d}»: el único formato admitido es el relleno con ceros de un número, "
                                  "como {seq:06d}; o escriba {series} sin formato."),
    ("OP-{year}-{seq", "El patrón tiene una llave { o } sin su pareja; escriba {{ o }} para una llave literal."),
])
def test_a_pattern_with_a_conversion_a_format_or_an_attribute_is_refused_in_spanish(pattern, problem):
    assert pattern_problem(pattern, "OP-{year}-{seq:06d}") == f"{problem} P. ej. OP-{{year}}-{{seq:06d}}."


@pytest.mark.parametrize("pattern", ["OP-{year}-{seq:04d}", "OP-{year:04d}-{seq:010d}", "{{OP}}-{year}-{seq}"])
def test_zero_padding_and_literal_braces_are_still_usable(pattern):
    assert pattern_problem(pattern, "OP-{year}-{seq:06d}") is None


def test_the_fixed_request_folio_patterns_pass_the_same_check():
    for numbering in FOLIO_SERIES.values():
        assert pattern_problem(numbering.pattern, numbering.pattern) is None
