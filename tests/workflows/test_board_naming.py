"""Names of sessions and acuerdos, and the dates and hours an acta writes in words."""

from datetime import date, datetime

import pytest

from workflows.board_session.naming import of_body, resolution_number, session_name, spoken_date, spoken_moment


@pytest.mark.parametrize("number, kind, name", [
    (1, "Extraordinaria", "Primera Sesión Extraordinaria"),
    (2, "Ordinaria", "Segunda Sesión Ordinaria"),
    (3, "Ordinaria", "Tercera Sesión Ordinaria"),
    (4, "Ordinaria", "Cuarta Sesión Ordinaria"),
    (10, "Ordinaria", "Décima Sesión Ordinaria"),
    # Actas write the teens in two words, each in the feminine.
    (11, "Extraordinaria", "Décima Primera Sesión Extraordinaria"),
    (12, "Ordinaria", "Décima Segunda Sesión Ordinaria"),
    (20, "Ordinaria", "Vigésima Sesión Ordinaria"),
    (21, "Ordinaria", "Vigésima Primera Sesión Ordinaria"),
])
def test_sessions_are_named_with_feminine_ordinals_in_words(number, kind, name):
    assert session_name(kind, number) == name


@pytest.mark.parametrize("moment, words", [
    (datetime(2021, 4, 30, 10, 0), "a las diez horas del día treinta de abril de dos mil veintiuno"),
    # The first of a month is "primero", one minute is "un minuto".
    (datetime(2021, 4, 1, 13, 1), "a las trece horas con un minuto del día primero de abril de dos mil veintiuno"),
    # One o'clock is "a la una hora"; 21 minutes are "veintiún minutos".
    (datetime(2021, 4, 9, 1, 21), "a la una hora con veintiún minutos del día nueve de abril de dos mil veintiuno"),
    (datetime(2021, 12, 9, 17, 45),
     "a las diecisiete horas con cuarenta y cinco minutos del día nueve de diciembre de dos mil veintiuno"),
])
def test_an_actas_moment_is_written_in_spanish_words(moment, words):
    assert spoken_moment(moment) == words


def test_a_date_in_words_has_its_year_in_words_too():
    assert spoken_date(date(2026, 11, 26)) == "veintiséis de noviembre de dos mil veintiséis"


def test_acuerdo_numbers_follow_the_bodys_template():
    assert resolution_number("{seq:03d}/CC/SAECH/{year}", 3, 2021, "CC", "SAECH") == "003/CC/SAECH/2021"
    assert resolution_number("{seq:03d}/{board}/{organization}/{year}", 5, 2021, "OG", "SESAECH") == \
        "005/OG/SESAECH/2021"


@pytest.mark.parametrize("name, phrase", [
    ("Comité Coordinador", "del Comité Coordinador"),
    ("Órgano de Gobierno", "del Órgano de Gobierno"),
    ("Comisión Ejecutiva", "de la Comisión Ejecutiva"),
    ("Junta de Gobierno", "de la Junta de Gobierno"),
    ("Comité de Transparencia", "del Comité de Transparencia"),
])
def test_a_body_takes_the_article_of_its_first_noun(name, phrase):
    assert of_body(name) == phrase
