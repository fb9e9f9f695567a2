"""Folios per organization, series and year, taken by concurrent writers without repeats."""

import threading

from engine.db import transaction
from engine.folios import next_folio


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
