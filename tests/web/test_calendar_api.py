"""The calendar JSON API: días inhábiles and suspensions listed, created and deleted by administrators.

An access request filed Monday 23 March 2026 at 10:00 is due Monday 20 April 2026 (see
tests/engine/test_deadlines.py); declaring Holy Thursday (2 April) inhábil moves it to the 21st.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from engine import deadlines
from engine.accounts import Role, create_user, issue_api_token
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind
from engine.legal_calendar import NonWorkingDay, Suspension
from engine.tenancy import Organization
from workflows.demo import DEMO_PASSWORD

MX = ZoneInfo("America/Mexico_City")
DAYS = "/api/v1/calendario/inhabiles"
SUSPENSIONS = "/api/v1/calendario/suspensiones"


@pytest.fixture
def admin_api(token_of):
    return token_of("admin")


@pytest.fixture
def request_deadline(engine, transparencia) -> int:
    received = datetime.combine(date(2026, 3, 23), time(10), tzinfo=MX).astimezone(UTC)
    with transaction(engine) as session:
        return deadlines.open_deadline(session, transparencia, subject_type="solicitud", subject_id=1,
                                       kind=DeadlineKind.RESPUESTA, procedure="acceso", rule_key="respuesta",
                                       title="Respuesta a la solicitud 0001/2026", received_at=received).id


def due_of(engine, deadline_id: int) -> date:
    with transaction(engine) as session:
        return session.get(Deadline, deadline_id).due_on


def test_creating_a_day_returns_it_with_the_recomputed_deadlines(client, admin_api, engine, request_deadline):
    response = client.post(DAYS, json={"desde": "2026-04-02", "motivo": "Jueves Santo",
                                       "acuerdo": "Acuerdo CT/01/2026"}, headers=admin_api)
    assert response.status_code == 201, response.text
    body = response.json()
    assert {k: body[k] for k in ("desde", "hasta", "motivo", "acuerdo")} == {
        "desde": "2026-04-02", "hasta": "2026-04-02", "motivo": "Jueves Santo", "acuerdo": "Acuerdo CT/01/2026"}
    assert body["recalculados"] == [{"plazo": request_deadline, "titulo": "Respuesta a la solicitud 0001/2026",
                                     "antes": "2026-04-20", "despues": "2026-04-21"}]
    assert due_of(engine, request_deadline) == date(2026, 4, 21)


def test_days_are_listed_by_year_and_deleted(client, admin_api, engine, request_deadline):
    first = client.post(DAYS, json={"desde": "2026-04-02", "hasta": "2026-04-03", "motivo": "Semana Santa"},
                        headers=admin_api).json()
    client.post(DAYS, json={"desde": "2027-11-02", "motivo": "Día de Muertos"}, headers=admin_api)
    listed = client.get(DAYS, params={"anio": 2026}, headers=admin_api).json()["inhabiles"]
    assert [(d["id"], d["desde"], d["hasta"]) for d in listed] == [(first["id"], "2026-04-02", "2026-04-03")]
    assert len(client.get(DAYS, headers=admin_api).json()["inhabiles"]) == 2

    removed = client.delete(f"{DAYS}/{first['id']}", headers=admin_api)
    assert removed.status_code == 200, removed.text
    assert removed.json() == {"eliminado": first["id"], "recalculados": [
        {"plazo": request_deadline, "titulo": "Respuesta a la solicitud 0001/2026", "antes": "2026-04-22",
         "despues": "2026-04-20"}]}
    assert client.delete(f"{DAYS}/{first['id']}", headers=admin_api).status_code == 404


def test_suspensions_are_created_listed_and_deleted(client, admin_api, engine, request_deadline):
    response = client.post(SUSPENSIONS, json={"desde": "2026-04-06", "hasta": "2026-04-10", "alcance": "acceso",
                                              "acuerdo": "Acuerdo ACT-PUB/01/04/2026"}, headers=admin_api)
    assert response.status_code == 201, response.text
    created = response.json()
    assert (created["alcance"], created["archivo_id"]) == ("acceso", None)
    assert created["recalculados"] == [{"plazo": request_deadline, "titulo": "Respuesta a la solicitud 0001/2026",
                                        "antes": "2026-04-20", "despues": "2026-04-27"}]
    listed = client.get(SUSPENSIONS, headers=admin_api).json()["suspensiones"]
    assert [s["acuerdo"] for s in listed] == ["Acuerdo ACT-PUB/01/04/2026"]

    removed = client.delete(f"{SUSPENSIONS}/{created['id']}", headers=admin_api)
    assert removed.status_code == 200
    assert removed.json()["recalculados"][0]["despues"] == "2026-04-20"
    with transaction(engine) as session:
        assert session.exec(select(Suspension)).first() is None


def test_control_characters_in_a_day_or_a_suspension_are_stripped_as_in_a_form(client, admin_api, engine):
    """A NUL failed PostgreSQL's insert (500); on SQLite it reached the e-mails and the public /api/v1/plazos."""
    day = client.post(DAYS, json={"desde": "2026-04-02", "motivo": "Jueves\u0000 Santo\u000b(Semana Santa)",
                                  "acuerdo": "Acuerdo\u0007 CT/01/2026"}, headers=admin_api)
    suspension = client.post(SUSPENSIONS, json={"desde": "2026-04-06", "hasta": "2026-04-10",
                                                "acuerdo": "Acuerdo\u001b ACT-PUB/01/04/2026\u0000"},
                             headers=admin_api)
    assert (day.status_code, suspension.status_code) == (201, 201), (day.text, suspension.text)
    assert (day.json()["motivo"], day.json()["acuerdo"]) == ("Jueves Santo\n(Semana Santa)", "Acuerdo CT/01/2026")
    with transaction(engine) as session:
        stored = session.exec(select(NonWorkingDay)).one()
        assert (stored.reason, stored.acuerdo) == ("Jueves Santo\n(Semana Santa)", "Acuerdo CT/01/2026")
        assert session.exec(select(Suspension.acuerdo)).one() == "Acuerdo ACT-PUB/01/04/2026"


@pytest.mark.parametrize("url,body,message", [
    (DAYS, {"desde": "2026-04-10", "hasta": "2026-04-01", "motivo": "Al revés"},
     "La fecha final no puede ser anterior a la inicial."),
    (DAYS, {"desde": "2026-04-02", "motivo": "  "}, "Indique el motivo del día inhábil"),
    (DAYS, {"desde": "2 de abril", "motivo": "Jueves Santo"},
     "El campo «desde» no es una fecha válida; use AAAA-MM-DD."),
    (DAYS, {"motivo": "Jueves Santo"}, "Falta el campo obligatorio «desde»."),
    (DAYS, {"desde": 20260402, "motivo": "Jueves Santo"}, "El campo «desde» debe ser una fecha (AAAA-MM-DD)."),
    (DAYS, {"desde": "2026-04-02", "motivo": "x" * 251}, "El campo «motivo» debe tener como máximo 250 caracteres."),
    (SUSPENSIONS, {"desde": "2026-04-06", "hasta": "2026-04-10", "alcance": "todo", "acuerdo": "Acuerdo 1"},
     "El alcance debe ser uno de: todos, acceso, arco, obligaciones."),
    (SUSPENSIONS, {"desde": "2026-04-06", "hasta": "2026-04-10", "acuerdo": ""},
     "Indique el acuerdo que declaró la suspensión"),
    # A suspensión de plazos, not a periodo inhábil (as it read before).
    (SUSPENSIONS, {"desde": "2026-01-01", "hasta": "2027-06-30", "acuerdo": "Acuerdo largo"},
     "Una suspensión de plazos no puede abarcar más de un año."),
    (DAYS, {"desde": "2026-01-01", "hasta": "2027-06-30", "motivo": "Año largo"},
     "Un periodo inhábil no puede abarcar más de un año."),
    (SUSPENSIONS, {"desde": "2026-04-06", "hasta": "2026-04-10", "acuerdo": "Acuerdo 1", "archivo_id": 999},
     "No existe el archivo del acuerdo"),
    # Far dates, as every form's dates refuse them (engine.forms.date_problem).
    (SUSPENSIONS, {"desde": "9999-12-01", "hasta": "9999-12-31", "acuerdo": "Acuerdo 1"},
     "Revise el año de la fecha: no puede ser posterior al"),
    (DAYS, {"desde": "1999-12-31", "motivo": "Año nuevo"}, "Revise el año de la fecha."),
])
def test_bad_input_is_a_400_with_a_spanish_message(client, admin_api, engine, url, body, message):
    response = client.post(url, json=body, headers=admin_api)
    assert response.status_code == 400, response.text
    assert message in response.json()["error"]
    with transaction(engine) as session:
        assert session.exec(select(NonWorkingDay)).first() is None
        assert session.exec(select(Suspension)).first() is None


def test_a_year_out_of_range_is_named_as_a_parameter(client, admin_api):
    response = client.get(f"{DAYS}?anio=26", headers=admin_api)
    assert response.status_code == 400
    assert response.json() == {"error": "El parámetro «anio» debe ser un número entero mayor o igual que 1990."}


@pytest.mark.parametrize("username", ["transparencia", "enlace_da", "oficialia"])
def test_only_administrators_use_the_calendar_api(client, token_of, engine, username):
    headers = token_of(username)
    for response in (client.get(DAYS, headers=headers), client.get(SUSPENSIONS, headers=headers),
                     client.post(DAYS, json={"desde": "2026-04-02", "motivo": "Jueves Santo"}, headers=headers),
                     client.delete(f"{SUSPENSIONS}/1", headers=headers)):
        assert response.status_code == 403
        assert "administración" in response.json()["error"]
    with transaction(engine) as session:
        assert session.exec(select(NonWorkingDay)).first() is None


def test_without_a_token_or_with_a_session_cookie_the_api_answers_401(client, sign_in):
    assert client.get(DAYS).status_code == 401
    assert sign_in("admin").get(SUSPENSIONS).status_code == 401


def test_another_organizations_rows_are_not_found(client, admin_api, engine):
    with transaction(engine) as session:
        other = Organization(slug="municipio", name="Municipio de Ejemplo", short_name="MUNI")
        session.add(other)
        session.flush()
        muni_admin = create_user(session, other.id, "admin_muni", "Admin del municipio", "admin@muni.example",
                                 DEMO_PASSWORD, [(Role.ADMIN, None)])
        muni_headers = {"Authorization": f"Bearer {issue_api_token(session, muni_admin, 'pruebas')}"}
    day = client.post(DAYS, json={"desde": "2026-04-02", "motivo": "Jueves Santo"}, headers=muni_headers).json()
    suspension = client.post(SUSPENSIONS, json={"desde": "2026-04-06", "hasta": "2026-04-10",
                                                "acuerdo": "Acuerdo del municipio"}, headers=muni_headers).json()
    assert client.get(DAYS, headers=admin_api).json()["inhabiles"] == []
    assert client.get(SUSPENSIONS, headers=admin_api).json()["suspensiones"] == []
    missing_day = client.delete(f"{DAYS}/{day['id']}", headers=admin_api)
    assert missing_day.status_code == 404 and missing_day.json()["error"] == "No existe ese día inhábil en su ente."
    assert client.delete(f"{SUSPENSIONS}/{suspension['id']}", headers=admin_api).status_code == 404
    with transaction(engine) as session:
        assert session.get(NonWorkingDay, day["id"]) is not None


def test_the_calendar_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/openapi.json").json()
    assert {"get", "post"} <= set(schema["paths"][DAYS]) and "delete" in schema["paths"][DAYS + "/{day_id}"]
    assert {"get", "post"} <= set(schema["paths"][SUSPENSIONS])
    assert "delete" in schema["paths"][SUSPENSIONS + "/{suspension_id}"]
    assert "recalculados" in schema["components"]["schemas"]["NonWorkingDayCreated"]["properties"]


def test_only_deleting_documents_a_404(client):
    paths = client.get("/api/v1/schema/openapi.json").json()["paths"]
    for path in (DAYS, SUSPENSIONS):
        assert sorted(paths[path]["get"]["responses"]) == ["200", "400", "401", "403"]
        assert sorted(paths[path]["post"]["responses"]) == ["201", "400", "401", "403"]
    assert sorted(paths[DAYS + "/{day_id}"]["delete"]["responses"]) == ["200", "400", "401", "403", "404"]
