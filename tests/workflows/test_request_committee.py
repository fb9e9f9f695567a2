"""What the Comité resolved, as the views say it today: an ampliación's outcome with the day its term falls due now."""

from datetime import date

import pytest

from workflows.access_request.committee import outcome_now, with_due_day
from workflows.access_request.models import CommitteeCase, CommitteeCaseKind, CommitteeResolution


def case(kind: CommitteeCaseKind, resolution: CommitteeResolution, outcome: str) -> CommitteeCase:
    return CommitteeCase(organization_id=1, request_id=1, kind=kind, resolution=resolution, outcome=outcome)


@pytest.mark.parametrize("stored", [
    "Confirmada: plazo ampliado (oficio UT/0003/2026).",
    # A row written before the due day was left out of it: the day it had then gives way to today's.
    "Confirmada: plazo ampliado; vence el 13 de enero de 2027 (oficio UT/0003/2026).",
])
def test_an_ampliacion_says_the_day_its_term_falls_due_now_whatever_day_it_was_written_with(stored):
    extension = case(CommitteeCaseKind.AMPLIACION, CommitteeResolution.CONFIRMA, stored)
    assert outcome_now(extension, date(2027, 1, 19)) == (
        "Confirmada: plazo ampliado; vence el 19 de enero de 2027 (oficio UT/0003/2026).")


def test_a_modified_ampliacion_keeps_its_words_before_the_due_day():
    extension = case(CommitteeCaseKind.AMPLIACION, CommitteeResolution.MODIFICA,
                     "Modificada: plazo ampliado, en los términos en que el Comité la modificó; vence el 13 de enero "
                     "de 2027 (oficio UT/0003/2026).")
    assert outcome_now(extension, date(2027, 1, 19)) == (
        "Modificada: plazo ampliado, en los términos en que el Comité la modificó; vence el 19 de enero de 2027 "
        "(oficio UT/0003/2026).")


@pytest.mark.parametrize("kind, resolution, outcome", [
    (CommitteeCaseKind.AMPLIACION, CommitteeResolution.CONFIRMA,
     "No procede: La ampliación se notificó el 28 de noviembre de 2026, después del vencimiento del 19 de noviembre "
     "de 2026: no procede."),
    (CommitteeCaseKind.AMPLIACION, CommitteeResolution.REVOCA, "Revocada: el plazo no se amplía."),
    (CommitteeCaseKind.CLASIFICACION, CommitteeResolution.CONFIRMA,
     "Confirmada: la respuesta se entrega en versión pública o con la leyenda de clasificación."),
])
def test_what_did_not_extend_the_term_reads_as_it_was_written(kind, resolution, outcome):
    assert outcome_now(case(kind, resolution, outcome), date(2027, 1, 19)) == outcome


def test_an_arco_ampliacion_of_the_unidad_says_the_day_its_term_falls_due_now():
    assert with_due_day("Plazo ampliado (oficio UT/0001/2026).", date(2026, 5, 7)) == (
        "Plazo ampliado; vence el 7 de mayo de 2026 (oficio UT/0001/2026).")
    assert with_due_day("Plazo ampliado; vence el 5 de mayo de 2026 (oficio UT/0001/2026).", date(2026, 5, 7)) == (
        "Plazo ampliado; vence el 7 de mayo de 2026 (oficio UT/0001/2026).")
