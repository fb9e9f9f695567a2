"""Names of sessions and acuerdos, and the dates and hours an acta writes in words."""

from datetime import date, datetime

import pytest

from engine.documents import city_of
from engine.tenancy import Organization
from workflows.board_session import naming
from workflows.board_session.models import Gender
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


def test_a_session_that_gave_its_number_back_is_named_without_one():
    # Cancelled before its convocatoria went out: its number is the next session's (sessions.free_number).
    assert session_name("Ordinaria", -7) == "Sesión Ordinaria sin número"


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


@pytest.mark.parametrize("name, phrase", [
    ("Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas",
     "de la Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas"),
    ("Fiscalía General del Estado", "de la Fiscalía General del Estado"),
    ("Auditoría Superior del Estado", "de la Auditoría Superior del Estado"),
    ("Universidad Autónoma de Chiapas", "de la Universidad Autónoma de Chiapas"),
    ("Procuraduría Ambiental", "de la Procuraduría Ambiental"),
    ("H. Ayuntamiento de Chilpancingo de los Bravo", "del H. Ayuntamiento de Chilpancingo de los Bravo"),
    ("Instituto de Acceso a la Información Pública", "del Instituto de Acceso a la Información Pública"),
    ("Municipio de Tuxtla Gutiérrez", "del Municipio de Tuxtla Gutiérrez"),
])
def test_an_organization_takes_the_article_of_its_first_noun(name, phrase):
    assert of_body(name) == phrase


@pytest.mark.parametrize("counts, digits, words", [
    ((1, 0, 0), "1 voto a favor, 0 en contra y 0 abstenciones", "un voto a favor, cero en contra y cero abstenciones"),
    ((2, 1, 1), "2 votos a favor, 1 en contra y 1 abstención", "dos votos a favor, uno en contra y una abstención"),
    ((21, 0, 21), "21 votos a favor, 0 en contra y 21 abstenciones",
     "veintiún votos a favor, cero en contra y veintiuna abstenciones"),
    ((31, 1, 3), "31 votos a favor, 1 en contra y 3 abstenciones",
     "treinta y un votos a favor, uno en contra y tres abstenciones"),
])
def test_a_vote_count_says_voto_and_abstencion_in_the_singular_for_one(counts, digits, words):
    assert naming.vote_count(*counts) == digits
    assert naming.vote_count(*counts, words=True) == words


@pytest.mark.parametrize("counts, words", [
    ((3, 0, 0), "por unanimidad de votos de los tres integrantes presentes con derecho a voto"),
    ((21, 0, 0), "por unanimidad de votos de los veintiún integrantes presentes con derecho a voto"),
    ((1, 0, 0), "con el voto a favor del único integrante presente con derecho a voto"),
    # What was not cast is not said: «cuatro a favor y uno en contra», not «… y cero abstenciones».
    ((4, 1, 0), "con cuatro votos a favor y uno en contra"),
    ((3, 3, 0), "con tres votos a favor y tres en contra"),
    ((1, 0, 3), "con un voto a favor y tres abstenciones"),
    ((2, 1, 1), "con dos votos a favor, uno en contra y una abstención"),
    ((0, 3, 1), "con ningún voto a favor, tres en contra y una abstención"),
])
def test_a_votes_result_reads_as_an_acta_states_it_in_words(counts, words):
    assert naming.vote_result(*counts) == words


def test_a_proposal_everyone_voted_for_that_missed_its_qualified_majority_is_not_said_unanimous():
    # Four present of a body whose matter needs five votes: all four for it, and not approved.
    assert naming.vote_result(4, 0, 0, approved=False) == "con cuatro votos a favor"


def test_a_count_in_words_agrees_with_its_noun():
    assert naming.counted_in_words(1, "integrante", "integrantes") == "un integrante"
    assert naming.counted_in_words(7, "integrante", "integrantes") == "siete integrantes"
    assert naming.counted_in_words(1, "hora", "horas", feminine=True) == "una hora"
    assert naming.counted_in_words(200, "abstención", "abstenciones", feminine=True) == "doscientas abstenciones"


def test_after_para_or_siendo_the_moment_has_no_preposition_of_its_own():
    assert naming.hour_and_day(datetime(2026, 12, 3, 11, 0)) == \
        "las once horas del día tres de diciembre de dos mil veintiséis"
    assert naming.hour_and_day(datetime(2026, 12, 3, 1, 0)).startswith("la una hora del día")


@pytest.mark.parametrize("place, phrase", [
    ("Sala de juntas de la Secretaría Ejecutiva", "en la Sala de juntas de la Secretaría Ejecutiva"),
    ("Auditorio", "en el Auditorio"),
    ("el Auditorio", "en el Auditorio"),          # given with its own article: not «en el el Auditorio»
    ("La Sala de Plenos", "en La Sala de Plenos"),
    ("Oficinas centrales", "en las Oficinas centrales"),
    ("Salón de usos múltiples", "en el Salón de usos múltiples"),
    ("Aula magna", "en el Aula magna"),
    ("Calle 5 de Mayo 120", "en la Calle 5 de Mayo 120"),
    ("Av. Central Poniente 1200", "en Av. Central Poniente 1200"),
    ("SESAECH, piso 3", "en SESAECH, piso 3"),
    ("en la Biblioteca", "en la Biblioteca"),
    ("", ""),
])
def test_a_place_takes_its_article_once(place, phrase):
    assert naming.place_phrase(place) == phrase


@pytest.mark.parametrize("address, city, phrase", [
    ("Tuxtla Gutiérrez, Chiapas", "Tuxtla Gutiérrez, Chiapas", "en la ciudad de Tuxtla Gutiérrez, Chiapas"),
    ("Blvd. Belisario Domínguez 1713, Col. Xamaipak, C.P. 29060, Tuxtla Gutiérrez, Chiapas",
     "Tuxtla Gutiérrez, Chiapas", "en la ciudad de Tuxtla Gutiérrez, Chiapas"),
    ("Tuxtla Gutiérrez, Chiapas, C.P. 29060", "Tuxtla Gutiérrez, Chiapas", "en la ciudad de Tuxtla Gutiérrez, Chiapas"),
    ("Chihuahua, Chihuahua", "Chihuahua, Chihuahua", "en la ciudad de Chihuahua, Chihuahua"),  # city and its state
    ("Ciudad de México", "Ciudad de México", "en la Ciudad de México"),
    ("Ciudad de México, Ciudad de México", "Ciudad de México", "en la Ciudad de México"),
    ("Ciudad de México, CDMX", "Ciudad de México", "en la Ciudad de México"),
    ("Av. Insurgentes Sur 3211, Coyoacán, C.P. 04530, Ciudad de México", "Ciudad de México", "en la Ciudad de México"),
    ("Centro, 06000 Ciudad de México", "Ciudad de México", "en la Ciudad de México"),
    ("Palacio Nacional, México, D.F.", "Ciudad de México", "en la Ciudad de México"),
    ("Av. 16 de Septiembre 1, Ciudad Juárez, Chihuahua", "Ciudad Juárez, Chihuahua", "en Ciudad Juárez, Chihuahua"),
    ("", "", ""),
])
def test_the_city_of_the_session_documents_is_named_once(address, city, phrase):
    assert city_of(Organization(name="Órgano", address=address)) == city
    assert naming.city_phrase(city) == phrase


@pytest.mark.parametrize("place, city, phrase", [
    ("Sala de juntas de la Secretaría Ejecutiva, Tuxtla Gutiérrez, Chiapas", "Tuxtla Gutiérrez, Chiapas",
     "en la Sala de juntas de la Secretaría Ejecutiva"),
    ("Auditorio, Tuxtla Gutiérrez", "Tuxtla Gutiérrez, Chiapas", "en el Auditorio"),
    ("Sala de juntas, Av. Central 123, Tuxtla Gutiérrez, Chiapas", "Tuxtla Gutiérrez, Chiapas",
     "en la Sala de juntas, Av. Central 123"),
    ("Tuxtla Gutiérrez, Chiapas", "Tuxtla Gutiérrez, Chiapas", ""),  # only the city: nothing to add
    ("Sala de Plenos, Coyoacán, CDMX", "Ciudad de México", "en la Sala de Plenos, Coyoacán"),
    ("Sala de juntas, San Cristóbal de las Casas, Chiapas", "Tuxtla Gutiérrez, Chiapas",
     "en la Sala de juntas, San Cristóbal de las Casas"),  # another city of the same state: the state is said
    ("Sala de juntas, Tuxtla Gutiérrez, Chiapas", "", "en la Sala de juntas, Tuxtla Gutiérrez, Chiapas"),
])
def test_a_place_given_with_the_city_already_named_leaves_it_out(place, city, phrase):
    assert naming.place_phrase(place, city) == phrase


@pytest.mark.parametrize("place, phrase", [
    ("Tuxtla Gutiérrez", "en Tuxtla Gutiérrez"),                      # the organization's city
    ("Tuxtla Gutiérrez, Chiapas", "en Tuxtla Gutiérrez, Chiapas"),
    ("Tapachula, Chiapas", "en Tapachula, Chiapas"),                  # another city of its state
    ("San Cristóbal de las Casas", "en San Cristóbal de las Casas"),
    ("Ciudad de México", "en la Ciudad de México"),           # the capital is said with its article
    ("Sala de juntas", "en la Sala de juntas"),                       # a room keeps its article
    ("Sala de juntas, Tuxtla Gutiérrez, Chiapas", "en la Sala de juntas, Tuxtla Gutiérrez, Chiapas"),
    ("Auditorio", "en el Auditorio"),
])
def test_a_place_that_is_a_city_takes_no_article(place, phrase):
    assert naming.place_phrase(place, "Tuxtla Gutiérrez, Chiapas", city_said=False) == phrase


@pytest.mark.parametrize("preposition, name, written", [
    ("de", "Mtro. Hugo Ruiz", "del Mtro. Hugo Ruiz"),
    ("de", "Mtra. Carmen Ortiz", "de la Mtra. Carmen Ortiz"),
    ("por", "Mgdo. Jorge Alfaro", "por el Mgdo. Jorge Alfaro"),
    ("por", "Dra. Patricia León", "por la Dra. Patricia León"),
    ("de", "Juan Pérez", "de Juan Pérez"),
    # Lic., C.P. do not say whether the person is a man or a woman: without a recorded gender, no article.
    ("de", "Lic. Ana Laura Moreno", "de Lic. Ana Laura Moreno"),
    ("por", "C.P. Alberto Ruiz", "por C.P. Alberto Ruiz"),
])
def test_a_person_after_a_preposition_takes_the_article_of_the_title(preposition, name, written):
    assert naming.person_after(preposition, name) == written


@pytest.mark.parametrize("preposition, name, gender, written", [
    ("de", "Lic. Mario Gutiérrez", Gender.MASCULINE, "del Lic. Mario Gutiérrez"),
    ("de", "Lic. Ana Laura Moreno", Gender.FEMININE, "de la Lic. Ana Laura Moreno"),
    ("por", "Ing. Sonia Ruiz", Gender.FEMININE, "por la Ing. Sonia Ruiz"),
    ("a", "C.P. Alberto Ruiz", Gender.MASCULINE, "al C.P. Alberto Ruiz"),
    ("de", "C. Rosa Pérez", Gender.FEMININE, "de la C. Rosa Pérez"),
    ("de", "Lic. Ana Laura Moreno", Gender.UNSPECIFIED, "de Lic. Ana Laura Moreno"),
    # A name without a title takes no article, whoever the person is: not «de la Juana Pérez».
    ("de", "Juana Pérez", Gender.FEMININE, "de Juana Pérez"),
    # The article agrees with the title as written.
    ("de", "Mtra. Carmen Ortiz", Gender.FEMININE, "de la Mtra. Carmen Ortiz"),
])
def test_a_title_that_does_not_show_the_gender_takes_the_article_of_the_gender_recorded(preposition, name, gender,
                                                                                        written):
    assert naming.person_after(preposition, name, gender) == written


def test_several_people_after_a_preposition_are_joined_each_with_its_article():
    assert naming.people_after("por", [("Mtro. Hugo Ruiz", Gender.UNSPECIFIED), ("Lic. Ana Paz", Gender.FEMININE),
                                       ("Juan Pérez", Gender.MASCULINE)]) == \
        "por el Mtro. Hugo Ruiz, la Lic. Ana Paz y Juan Pérez"


@pytest.mark.parametrize("name, gender, written", [
    ("Lic. Ana Paz", Gender.FEMININE, "La suscrita"),
    ("Lic. Mario Ruiz", Gender.MASCULINE, "El suscrito"),
    ("Mtra. Ana Paz", Gender.UNSPECIFIED, "La suscrita"),  # the title says it
    ("Lic. Ana Paz", Gender.UNSPECIFIED, "El suscrito"),  # as every certificación said before
])
def test_the_undersigned_agrees_with_the_gender_recorded_or_else_with_the_title(name, gender, written):
    assert naming.undersigned(name, gender) == written
