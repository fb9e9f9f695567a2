"""The public calculadora: GET /api/v1/plazos (exact JSON, Spanish 400s, in the schema) and its page."""

from datetime import date

import pytest

from engine.accounts import issue_api_token
from engine.calendar_overlay import declare_suspension
from engine.db import transaction
from engine.legal_calendar import SuspensionScope

QUERY = {"organizacion": "sesaech", "desde": "2026-03-23", "dias": "20", "tipo": "habiles"}


def test_the_api_answers_without_a_token_with_exactly_the_documented_shape(client):
    response = client.get("/api/v1/plazos", params=QUERY)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"inicio", "vence", "omitidos", "fundamento"}
    assert (body["inicio"], body["vence"]) == ("2026-03-24", "2026-04-20")
    assert body["omitidos"][:2] == [{"fecha": "2026-03-28", "motivo": "sábado"},
                                    {"fecha": "2026-03-29", "motivo": "domingo"}]
    assert all(set(item) == {"fecha", "motivo"} for item in body["omitidos"])
    assert body["fundamento"].startswith("20 días hábiles contados a partir del día hábil siguiente")


def test_a_datetime_after_office_hours_and_dias_naturales_are_understood(client):
    late = client.get("/api/v1/plazos", params=QUERY | {"desde": "2026-03-27T18:05"}).json()
    assert (late["inicio"], late["vence"]) == ("2026-03-31", "2026-04-27")
    natural = client.get("/api/v1/plazos", params=QUERY | {"desde": "2026-03-25", "dias": "3",
                                                            "tipo": "naturales"}).json()
    assert natural["vence"] == "2026-03-30"
    assert natural["omitidos"] == [
        {"fecha": "2026-03-28", "motivo": "sábado, inhábil: el plazo que terminaba ese día vence el siguiente día hábil"},
        {"fecha": "2026-03-29", "motivo": "domingo, también inhábil"}]


def test_the_type_of_days_defaults_to_business_days(client):
    query = {k: v for k, v in QUERY.items() if k != "tipo"}
    assert client.get("/api/v1/plazos", params=query).json()["vence"] == "2026-04-20"


@pytest.mark.parametrize("overrides,message", [
    ({"organizacion": "no-existe"}, "No existe una institución con la clave «no-existe»."),
    ({"desde": "2026-13-01"}, "La fecha «2026-13-01» no es válida"),
    ({"dias": "-5"}, "El número de días debe ser al menos 1."),
    ({"dias": "1000"}, "El número de días no puede pasar de 365."),
    ({"tipo": "meses"}, "El tipo de días «meses» no existe"),
])
def test_invalid_input_gets_a_400_with_a_spanish_message(client, overrides, message):
    response = client.get("/api/v1/plazos", params=QUERY | overrides)
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    assert response.json()["error"].startswith(message)


def test_missing_parameters_get_a_400_not_a_validation_error_in_english(client):
    response = client.get("/api/v1/plazos")
    assert response.status_code == 400
    # Litestar names one of the three missing, not always the same one.
    assert response.json()["error"] in {f"Falta el parámetro obligatorio «{name}»."
                                        for name in ("organizacion", "desde", "dias")}
    response = client.get("/api/v1/plazos", params={"organizacion": "sesaech", "dias": "15"})
    assert response.json() == {"error": "Falta el parámetro obligatorio «desde»."}
    response = client.get("/api/v1/plazos", params=QUERY | {"dias": ""})
    assert response.json() == {"error": "El parámetro «dias» debe tener al menos 1 carácter."}


def test_the_schema_declares_required_what_the_calculation_cannot_go_without(client):
    """They were declared optional, and their absence refused: a schema-valid request got a 400."""
    operation = client.get("/api/v1/schema/openapi.json").json()["paths"]["/api/v1/plazos"]["get"]
    declared = {p["name"]: (p["required"], p["schema"].get("minLength")) for p in operation["parameters"]}
    assert declared == {"organizacion": (True, 1), "desde": (True, 1), "dias": (True, 1), "tipo": (False, None),
                        "procedimiento": (False, None)}


def test_a_token_or_a_session_changes_nothing(client, sign_in, engine, demo):
    with transaction(engine) as session:
        token = issue_api_token(session, demo.users["enlace_da"], "pruebas")
    with_token = client.get("/api/v1/plazos", params=QUERY, headers={"Authorization": f"Bearer {token}"})
    with_wrong_token = client.get("/api/v1/plazos", params=QUERY, headers={"Authorization": "Bearer pl_no"})
    with_session = sign_in("enlace_da").get("/api/v1/plazos", params=QUERY)
    assert with_token.json() == with_wrong_token.json() == with_session.json()
    assert with_session.json()["vence"] == "2026-04-20"


def test_the_openapi_schema_documents_the_endpoint_and_its_400(client):
    schema = client.get("/api/v1/schema/openapi.json").json()
    operation = schema["paths"]["/api/v1/plazos"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"organizacion", "desde", "dias", "tipo"}
    assert "400" in operation["responses"]
    assert "/calculadora" not in schema["paths"]


# -- the page ----------------------------------------------------------------------------------


def test_anyone_sees_the_form_with_the_active_organizations(client):
    page = client.get("/calculadora")
    assert page.status_code == 200
    assert "Calculadora de plazos" in page.text
    assert "Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas" in page.text
    assert 'name="fecha" type="date"' in page.text and 'name="hora" type="time"' in page.text
    assert "Mis plazos" not in page.text  # no menu for someone not signed in


def test_the_result_shows_start_due_day_and_each_skipped_day_with_its_reason(client):
    page = client.get("/calculadora", params={"organizacion": "sesaech", "fecha": "2026-01-30", "dias": "5",
                                              "tipo": "habiles"})
    assert page.status_code == 200
    assert "martes 3 de febrero de 2026" in page.text  # inicio
    assert "lunes 9 de febrero de 2026" in page.text  # vence
    assert "Día de la Constitución (LFT art. 74)" in page.text
    assert "<html" in page.text


def test_the_hour_field_applies_office_hours(client):
    page = client.get("/calculadora", params={"organizacion": "sesaech", "fecha": "2026-03-27", "hora": "18:05",
                                              "dias": "20", "tipo": "habiles"})
    assert "fuera del horario de la oficina (a partir de las 18:00" in page.text
    assert "lunes 27 de abril de 2026" in page.text


def test_the_hour_hint_says_a_filing_from_closing_time_on_counts_the_next_dia_habil(client):
    page = " ".join(client.get("/calculadora").text.split())
    assert "lo recibido a partir de la hora de cierre se tiene por recibido el día hábil siguiente" in page
    assert "después del cierre" not in page


def test_an_htmx_submit_gets_only_the_result_fragment(client):
    page = client.get("/calculadora", params={"organizacion": "sesaech", "fecha": "2026-03-23", "dias": "20"},
                      headers={"HX-Request": "true", "HX-Target": "resultado"})
    assert page.status_code == 200
    assert page.text.lstrip().startswith('<div id="resultado"')
    assert "<html" not in page.text
    assert "lunes 20 de abril de 2026" in page.text


def test_invalid_input_on_the_page_is_explained_beside_the_form(client):
    page = client.get("/calculadora", params={"organizacion": "sesaech", "fecha": "2026-03-23", "dias": "400"})
    assert page.status_code == 400
    assert "El número de días no puede pasar de 365." in page.text
    assert 'value="400"' in page.text  # what was typed stays in the form
    fragment = client.get("/calculadora", params={"organizacion": "sesaech", "fecha": "", "dias": "5"},
                          headers={"HX-Request": "true", "HX-Target": "resultado"})
    assert fragment.status_code == 400
    assert "Indique la fecha de recepción o de notificación" in fragment.text


def test_a_signed_in_person_keeps_the_menu_and_their_institution(sign_in):
    page = sign_in("enlace_da").get("/calculadora")
    assert "Mis plazos" in page.text
    assert '<option value="sesaech" selected>' in page.text


def test_the_page_counts_on_the_chosen_procedures_calendar(client, engine, admin):
    """5 días hábiles from Friday 30 January 2026: an access term runs 3–9 February; an ARCO one, with
    ARCO terms suspended 2–6 February, runs 9–13 February."""
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 2, 2), date(2026, 2, 6), SuspensionScope.ARCO,
                           "Acuerdo CT/03/2026")
    params = {"organizacion": "sesaech", "fecha": "2026-01-30", "dias": "5", "tipo": "habiles"}
    access = client.get("/calculadora", params=params).text
    arco = client.get("/calculadora", params={**params, "procedimiento": "arco"}).text
    assert "lunes 9 de febrero de 2026" in access and "Acuerdo CT/03/2026" not in access
    assert "viernes 13 de febrero de 2026" in arco and "Acuerdo CT/03/2026" in arco
    assert '<option value="arco" selected>' in arco


def test_the_api_says_a_filing_during_a_suspension_of_plazos_was_received_during_it(client, engine, admin):
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 12, 2), date(2026, 12, 3), SuspensionScope.ACCESO,
                           "Acuerdo CT/09/2026")
    found = client.get("/api/v1/plazos", params={"organizacion": "sesaech", "desde": "2026-12-02T10:00",
                                                 "dias": "20"}).json()
    assert found["fundamento"].startswith(
        "Recibido el miércoles 2 de diciembre de 2026 a las 10:00, durante la suspensión de plazos — Acuerdo "
        "CT/09/2026: se tiene por recibido el viernes 4 de diciembre de 2026;")
