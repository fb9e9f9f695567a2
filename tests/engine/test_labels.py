"""Free-text fields counted as people mean them: one topic however it was typed."""

import pytest

from engine.labels import addressed_to, by_free_text, free_text_labels, in_parentheses


def test_spellings_of_one_topic_count_together_under_the_most_common_one():
    counts = by_free_text([("Informes", 5), ("informes ", 5), ("INFORMES", 1), ("Presupuesto", 2),
                           (None, 1), ("  ", 2), ("Contratación  pública", 1), ("contratacion publica", 3)],
                          "Sin tema")
    assert counts == {"Informes": 11, "Presupuesto": 2, "Sin tema": 3, "contratacion publica": 4}


def test_a_tie_between_spellings_is_not_shown_in_capitals():
    assert by_free_text([("CONTRATOS ", 1), ("contratos", 1), ("Contratos", 1)], "Sin tema") == {"contratos": 3}


def test_each_spelling_is_labelled_as_it_is_counted():
    labels = free_text_labels([("Informes", 2), ("informes ", 1), ("INFORMES", 1), (None, 1), ("  ", 1)], "")
    assert labels == {"Informes": "Informes", "informes ": "Informes", "INFORMES": "Informes", None: "", "  ": ""}


@pytest.mark.parametrize("reason, written", [
    ("sábado", "(sábado)"),
    ("Año Nuevo (LFT art. 74)", "(Año Nuevo, LFT art. 74)"),
    ("Año Nuevo (LFT art. 74), inhábil: el plazo que terminaba ese día vence el siguiente día hábil",
     "(Año Nuevo, LFT art. 74, inhábil: el plazo que terminaba ese día vence el siguiente día hábil)"),
    ("Vacaciones (primer periodo) del personal — Acuerdo CT/01/2027",
     "(Vacaciones, primer periodo, del personal — Acuerdo CT/01/2027)"),
    ("10 días hábiles (LGTAIP 2025, art. 135)", "(10 días hábiles, LGTAIP 2025, art. 135)"),
    ("Cierre (acuerdo 3) (sesión 2)", "(Cierre, acuerdo 3, sesión 2)"),
])
def test_a_reason_with_its_own_parenthesis_is_not_nested_in_another(reason, written):
    assert in_parentheses(reason) == written


@pytest.mark.parametrize("phrase, written", [
    ("el solicitante", "al solicitante"), ("el titular", "al titular"), ("la titular", "a la titular"),
    ("las áreas", "a las áreas"), ("elena", "a elena"),
])
def test_a_is_contracted_before_el_only(phrase, written):
    assert addressed_to(phrase) == written
