"""The JSON API: token-only authentication, tasks, correspondence and the OpenAPI schema."""

import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
from sqlmodel import select

from engine.accounts import Role, create_user, issue_api_token
from engine.db import reading, transaction
from engine.documents import text_of
from engine.files import StoredFile, read
from engine.legal_calendar import calendar_for
from engine.processes import ProcessInstance
from engine.sent_forms import SentForm
from tests.correspondence_steps import declare_the_turns_day_inhabil
from tests.today import demo_today
from tests.web.conftest import sent_at_once
from workflows.correspondence.forms import RegisterForm
from workflows.correspondence.models import Channel, Correspondence, Turn

# A turn's internal due day well after today: a run that crosses midnight still finds it valid.
LATER = (demo_today() + timedelta(days=5)).isoformat()

REGISTRATION = {"remitente": "Mtra. Laura Díaz", "cargo": "Contralora", "dependencia": "Secretaría de la Honestidad",
                "asunto": "Solicita informe de avance del programa anual", "tema": "Informes",
                "canal": "ventanilla", "fecha_recepcion": demo_today().isoformat(), "hora_recepcion": "10:30",
                "fojas": 3}


def register(client, headers, **overrides):
    response = client.post("/api/v1/correspondencia", json=REGISTRATION | overrides, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def turn_task(client, headers):
    [task] = [t for t in client.get("/api/v1/tareas", headers=headers).json()["tareas"] if t["tarea"] == "turn"]
    return task


def test_without_a_token_the_api_answers_401_in_json(client):
    response = client.get("/api/v1/tareas")
    assert response.status_code == 401
    assert "token" in response.json()["error"]


def test_a_wrong_or_revoked_token_is_refused(client, token_of):
    assert client.get("/api/v1/tareas", headers={"Authorization": "Bearer pl_no-existe"}).status_code == 401
    assert client.get("/api/v1/tareas", headers={"Authorization": "Basic abc"}).status_code == 401


def test_a_session_cookie_alone_does_not_authenticate_the_api(sign_in):
    browser = sign_in("oficialia")
    response = browser.get("/api/v1/tareas")
    assert response.status_code == 401
    response = browser.post("/api/v1/correspondencia", json=REGISTRATION)
    assert response.status_code == 401


def test_registering_correspondence_returns_its_folio(client, token_of, engine):
    created = register(client, token_of("oficialia"))
    assert created["folio"] == f"OP-{demo_today().year}-000001"
    with transaction(engine) as session:
        item = session.get(Correspondence, created["id"])
    assert item.instance_id == created["proceso_id"]


def test_registering_with_invalid_data_gives_422_with_spanish_messages(client, token_of):
    response = client.post("/api/v1/correspondencia", json={**REGISTRATION, "asunto": "x",
                                                            "canal": "paloma"}, headers=token_of("oficialia"))
    assert response.status_code == 422
    errors = response.json()["errores"]
    assert errors["asunto"] == "Escriba al menos 5 caracteres."
    assert errors["canal"].startswith("Elija una de las opciones")


@pytest.mark.parametrize("hour", ["10:30:59.123+05:00", "23:00-12:00", "00:00Z"])
def test_an_hour_of_reception_with_a_utc_offset_is_refused_and_nothing_is_registered(client, token_of, engine, hour):
    """«10:30+05:00» was stored as 23:30 of the day before; «23:00-12:00», days in the future."""
    yesterday = (demo_today() - timedelta(days=1)).isoformat()
    response = client.post("/api/v1/correspondencia", json=REGISTRATION | {"fecha_recepcion": yesterday,
                                                                           "hora_recepcion": hour},
                           headers=token_of("oficialia"))
    assert response.status_code == 422
    assert response.json() == {"errores": {"hora_recepcion": "Escriba la hora como HH:MM, sin zona horaria."}}
    with reading(engine) as session:
        assert session.exec(select(Correspondence)).all() == []


def test_a_subject_pasted_with_control_characters_is_registered_with_its_line_break(client, token_of, engine,
                                                                                   settings):
    """Word's Shift+Enter pastes a vertical tab, which no .docx holds: the acuse could not be written (500)."""
    created = register(client, token_of("oficialia"), asunto="Solicitud de informe\u000bsegunda línea\u0000",
                       anexos="Un\u0001 disco")
    with reading(engine) as session:
        item = session.get(Correspondence, created["id"])
        acuse = text_of(read(settings, session.get(StoredFile, item.acuse_file_id)))
    assert (item.subject, item.annexes) == ("Solicitud de informe\nsegunda línea", "Un disco")
    assert "Solicitud de informe\nsegunda línea" in acuse


def test_a_failing_folio_step_is_refused_in_spanish_with_422_and_nothing_is_saved(client, token_of, engine,
                                                                                 monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("(sqlite3.OperationalError) database is locked")
    monkeypatch.setattr("workflows.correspondence.handlers.build_acuse", broken)
    response = client.post("/api/v1/correspondencia", json=REGISTRATION, headers=token_of("oficialia"))
    assert response.status_code == 422
    assert response.json() == {"errores": {"__all__": "No se pudo asignar el folio y no se registró el documento. "
                                                      "Intente de nuevo; si vuelve a ocurrir, avise a la "
                                                      "administración."}}
    with reading(engine) as session:
        assert session.exec(select(Correspondence)).all() == session.exec(select(ProcessInstance)).all() == []


def test_a_late_capture_needs_its_reason_through_the_api_too_and_its_document_says_when_it_was_registered(
        client, token_of, engine, demo):
    with reading(engine) as session:
        calendar = calendar_for(session, demo.organization.id, "correspondencia")
    day = calendar.subtract_business_days(calendar.received_on(datetime.now(UTC)), 10).isoformat()
    headers = token_of("oficialia")
    refused = client.post("/api/v1/correspondencia", json=REGISTRATION | {"fecha_recepcion": day}, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["errores"]["captura_extemporanea"].endswith(
        "10 días hábiles antes de registrarlo: escriba el motivo de la captura extemporánea (al menos 10 "
        "caracteres); el acuse y el historial lo dirán.")
    assert registered(engine) == []
    reason = "Llegó por valija desde la delegación regional"
    created = register(client, headers, fecha_recepcion=day, captura_extemporanea=reason)
    found = client.get(f"/api/v1/correspondencia/{created['folio']}", headers=headers).json()
    assert found["captura_extemporanea"] == reason
    assert datetime.fromisoformat(found["registrado"]) > datetime.fromisoformat(found["recibido"])


@pytest.mark.parametrize("username", ["enlace_da", "juridico"])
def test_only_the_oficialia_registers_correspondence(client, token_of, username):
    response = client.post("/api/v1/correspondencia", json=REGISTRATION, headers=token_of(username))
    assert response.status_code == 403
    assert "oficialía" in response.json()["error"]


def registered(engine) -> list[str]:
    with reading(engine) as session:
        assert len(session.exec(select(ProcessInstance)).all()) == len(session.exec(select(Correspondence)).all())
        return list(session.exec(select(Correspondence.folio)).all())


def test_a_retry_with_the_same_idempotency_key_returns_the_first_folio_and_registers_nothing_new(client, token_of,
                                                                                               engine):
    headers = token_of("oficialia") | {"Idempotency-Key": "correo-2026-4711"}
    first = client.post("/api/v1/correspondencia", json=REGISTRATION, headers=headers)
    # The gateway timed out before reading the answer and sends the same document again.
    again = client.post("/api/v1/correspondencia", json=dict(reversed(REGISTRATION.items())), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and first.json()["folio"] == f"OP-{demo_today().year}-000001"
    assert registered(engine) == [first.json()["folio"]]
    other = client.post("/api/v1/correspondencia", json=REGISTRATION, headers=headers | {"Idempotency-Key": "4712"})
    assert other.status_code == 201 and other.json()["folio"] == f"OP-{demo_today().year}-000002"


def test_the_same_idempotency_key_with_other_data_is_refused_naming_the_key_and_nothing_is_registered(
        client, token_of, engine):
    headers = token_of("oficialia") | {"Idempotency-Key": "escaner-0007"}
    first = register(client, headers)
    response = client.post("/api/v1/correspondencia", json=REGISTRATION | {"fojas": 4}, headers=headers)
    assert response.status_code == 409
    assert response.json() == {"error": f"La clave Idempotency-Key «escaner-0007» ya registró el folio "
                                        f"{first['folio']} con otros datos; no se registró nada. Para otro "
                                        "documento use una clave nueva."}
    assert registered(engine) == [first["folio"]]


def test_registrations_sent_at_once_with_one_idempotency_key_get_one_folio(client, token_of, engine, monkeypatch):
    headers = token_of("oficialia") | {"Idempotency-Key": "reintento"}
    answers = sent_at_once(monkeypatch, lambda: client.post("/api/v1/correspondencia", json=REGISTRATION,
                                                            headers=headers))
    [folio] = registered(engine)
    assert [(a.status_code, a.json()["folio"]) for a in answers] == [(201, folio)] * 3


def test_another_token_owner_with_the_same_idempotency_key_registers_a_document_of_their_own(client, token_of,
                                                                                            engine, demo):
    with transaction(engine) as session:
        marta = create_user(session, demo.organization.id, "oficialia2", "Marta Gómez Ruiz", "m@sesaech.example",
                            "x", [(Role.OFICIALIA, None)])
        token = issue_api_token(session, marta, "escáner de ventanilla")
    first = register(client, token_of("oficialia") | {"Idempotency-Key": "1"})
    second = register(client, {"Authorization": f"Bearer {token}", "Idempotency-Key": "1"})
    assert first["folio"] != second["folio"] and len(registered(engine)) == 2


def test_a_registration_refused_for_its_data_leaves_its_idempotency_key_free(client, token_of, engine):
    headers = token_of("oficialia") | {"Idempotency-Key": "corregido"}
    refused = client.post("/api/v1/correspondencia", json=REGISTRATION | {"asunto": "x"}, headers=headers)
    assert refused.status_code == 422
    assert register(client, headers)["folio"] == f"OP-{demo_today().year}-000001"


def test_an_empty_or_too_long_idempotency_key_is_refused_in_spanish(client, token_of, engine):
    for key, message in (("", "al menos 1 carácter"), ("k" * 101, "como máximo 100 caracteres")):
        response = client.post("/api/v1/correspondencia", json=REGISTRATION,
                               headers=token_of("oficialia") | {"Idempotency-Key": key})
        assert response.status_code == 400
        assert message in response.json()["error"] and "Idempotency-Key" in response.json()["error"]
    assert registered(engine) == []
    with reading(engine) as session:
        assert session.exec(select(SentForm)).all() == []


def test_the_schema_declares_the_idempotency_key_header(client):
    operation = client.get("/api/v1/schema/openapi.json").json()["paths"]["/api/v1/correspondencia"]["post"]
    [header] = [p for p in operation["parameters"] if p["in"] == "header"]
    assert (header["name"], header["required"]) == ("Idempotency-Key", False)
    assert header["schema"]["maxLength"] == 100 and "mismo folio" in header["description"]
    assert "Idempotency-Key" in operation["responses"]["409"]["description"]


def test_my_tasks_lists_the_open_tasks_of_the_token_owner(client, token_of):
    oficialia = token_of("oficialia")
    created = register(client, oficialia)
    tasks = client.get("/api/v1/tareas", headers=oficialia).json()
    assert tasks["total"] == 1
    assert tasks["tareas"][0]["proceso_id"] == created["proceso_id"]
    assert tasks["tareas"][0]["asunto"].startswith(created["folio"])
    assert client.get("/api/v1/tareas", headers=token_of("enlace_da")).json()["total"] == 0


def test_a_page_past_the_last_is_empty_so_a_client_paging_on_stops(client, token_of):
    oficialia = token_of("oficialia")
    for _ in range(3):
        register(client, oficialia)
    last = client.get("/api/v1/tareas?pagina=2&por_pagina=2", headers=oficialia).json()
    assert (len(last["tareas"]), last["pagina"], last["paginas"], last["total"]) == (1, 2, 2, 3)
    beyond = client.get("/api/v1/tareas?pagina=99&por_pagina=2", headers=oficialia).json()
    assert (beyond["tareas"], beyond["pagina"], beyond["paginas"], beyond["total"]) == ([], 99, 2, 3)


def test_completing_a_task_validates_then_advances_and_a_second_completion_conflicts(client, token_of, demo):
    oficialia = token_of("oficialia")
    created = register(client, oficialia)
    task = turn_task(client, oficialia)
    url = f"/api/v1/tareas/{task['id']}/completar"

    bad = client.post(url, json={"datos": {"areas": [], "instruccion": "x",
                                           "fecha_limite": (demo_today() - timedelta(days=1)).isoformat()}},
                      headers=oficialia)
    assert bad.status_code == 422
    assert bad.json()["errores"] == {"areas": "Elija al menos un área a la cual turnar.",
                                     "instruccion": "Escriba la instrucción para las áreas (al menos 5 caracteres).",
                                     "fecha_limite": "La fecha límite no puede ser anterior a hoy."}

    data = {"datos": {"areas": [demo.areas["DA"].id], "instruccion": "Atender y responder",
                      "fecha_limite": LATER}}
    done = client.post(url, json=data, headers=oficialia)
    assert done.status_code == 200, done.text
    assert done.json()["proceso_id"] == created["proceso_id"] and done.json()["estado"] == "en_curso"

    again = client.post(url, json=data, headers=oficialia)
    assert again.status_code == 409
    assert "ya no está pendiente" in again.json()["error"]

    enlace_tasks = client.get("/api/v1/tareas", headers=token_of("enlace_da")).json()["tareas"]
    assert [t["tarea"] for t in enlace_tasks] == ["answer"]


def test_a_turn_to_an_area_of_no_ente_gives_422_beside_the_areas_and_leaves_the_task_open(client, token_of):
    oficialia = token_of("oficialia")
    created = register(client, oficialia)
    task = turn_task(client, oficialia)
    version = client.get(f"/api/v1/procesos/{created['proceso_id']}", headers=oficialia).json()["version"]
    response = client.post(f"/api/v1/tareas/{task['id']}/completar", headers=oficialia, json={
        "datos": {"areas": [99], "instruccion": "Atender la petición", "fecha_limite": LATER}, "version": version})
    assert response.status_code == 422
    assert response.json() == {"errores": {"areas": "El área 99 no existe en este ente: elija las áreas de la lista."}}
    process = client.get(f"/api/v1/procesos/{created['proceso_id']}", headers=oficialia).json()
    assert (process["estado"], process["error"], process["version"]) == ("en_curso", None, version)
    assert [t["id"] for t in process["tareas_abiertas"]] == [task["id"]]


def test_a_stale_version_gives_409(client, token_of, demo):
    oficialia = token_of("oficialia")
    created = register(client, oficialia)
    version = client.get(f"/api/v1/procesos/{created['proceso_id']}", headers=oficialia).json()["version"]
    task = turn_task(client, oficialia)
    response = client.post(f"/api/v1/tareas/{task['id']}/completar", headers=oficialia, json={
        "datos": {"areas": [demo.areas["DA"].id], "instruccion": "Atender", "fecha_limite": LATER},
        "version": version - 1})
    assert response.status_code == 409


def test_a_conflict_tells_the_integrator_to_read_the_process_again_not_to_reload_a_page(client, token_of, demo):
    oficialia = token_of("oficialia")
    created = register(client, oficialia)
    task = turn_task(client, oficialia)
    url = f"/api/v1/tareas/{task['id']}/completar"
    turn = {"areas": [demo.areas["DA"].id], "instruccion": "Atender y responder", "fecha_limite": LATER}
    version = client.get(f"/api/v1/procesos/{created['proceso_id']}", headers=oficialia).json()["version"]

    stale = client.post(url, headers=oficialia, json={"datos": turn, "version": version - 1}).json()["error"]
    # The process is known: its address is given whole, not with «{proceso_id}» left in it as before.
    assert stale == ("El expediente cambió mientras usted trabajaba en él (otra persona guardó antes). No se "
                     f"guardó nada. Lea de nuevo el proceso (GET /api/v1/procesos/{created['proceso_id']}) para "
                     "ver su estado y su versión actuales, y revise antes de enviar otra vez.")

    client.post(url, headers=oficialia, json={"datos": turn})
    # A completed task leaves no row naming its process: the client is told where its id is.
    gone = client.post(url, headers=oficialia, json={"datos": turn}).json()["error"]
    assert gone == ("Esta tarea ya no está pendiente: ya se completó o el proceso avanzó. Lea de nuevo el "
                    "proceso de la tarea (GET /api/v1/procesos/ y el proceso_id que dio GET /api/v1/tareas) para ver "
                    "su estado actual y sus tareas abiertas.")
    assert "{" not in stale + gone and "página" not in stale + gone


def test_another_areas_enlace_cannot_complete_the_task(client, token_of, demo):
    oficialia = token_of("oficialia")
    register(client, oficialia)
    task = turn_task(client, oficialia)
    client.post(f"/api/v1/tareas/{task['id']}/completar", headers=oficialia, json={"datos": {
        "areas": [demo.areas["DA"].id], "instruccion": "Atender", "fecha_limite": LATER}})
    [answer] = client.get("/api/v1/tareas", headers=token_of("enlace_da")).json()["tareas"]
    response = client.post(f"/api/v1/tareas/{answer['id']}/completar", headers=token_of("enlace_dri"),
                           json={"datos": {"sentido": "atendido", "respuesta": "Intento indebido"}})
    assert response.status_code == 403


def test_a_malformed_json_body_is_refused_in_spanish(client, token_of):
    response = client.post("/api/v1/tareas/x/completar", content=b'{"datos": ', headers=token_of("oficialia")
                           | {"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"error": "El cuerpo de la petición no es JSON válido."}


@pytest.mark.parametrize("url", ["/api/v1/tareas/x/completar", "/api/v1/correspondencia",
                                 "/api/v1/calendario/inhabiles", "/api/v1/calendario/suspensiones",
                                 "/api/v1/sesiones/1/votos"])
def test_a_json_body_in_latin_1_is_refused_as_not_utf_8_on_every_endpoint(client, token_of, engine, url):
    """«José Pérez» as a Windows client encodes it: msgspec's UnicodeDecodeError was a 500."""
    body = '{"datos": {}, "remitente": "José Pérez", "motivo": "Día del Señor", "acuerdo": "Acta única"}'
    response = client.post(url, content=body.encode("latin-1"), headers=token_of("admin")
                           | {"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"error": "El cuerpo de la petición no es JSON válido: debe ir codificado en UTF-8."}
    with reading(engine) as session:
        assert session.exec(select(Correspondence)).all() == []


def test_a_json_body_nested_too_deep_is_refused_as_malformed(client, token_of):
    """msgspec gives up on 5000 nested lists with a RecursionError: a 500 before."""
    body = b'{"datos": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    response = client.post("/api/v1/tareas/x/completar", content=body, headers=token_of("oficialia")
                           | {"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"error": "El cuerpo de la petición no es JSON válido."}


@pytest.mark.parametrize("method,url,allowed", [("TRACE", "/api/v1/tareas", {"GET"}),
                                                ("DELETE", "/api/v1/correspondencia", {"POST"}),
                                                ("PUT", "/api/v1/calendario/inhabiles", {"GET", "POST"})])
def test_a_method_an_address_does_not_admit_answers_405_with_the_allow_header(client, token_of, method, url, allowed):
    """RFC 9110 requires Allow on a 405; the Spanish answer had dropped it."""
    response = client.request(method, url, headers=token_of("admin"))
    assert response.status_code == 405
    assert allowed <= {m.strip() for m in response.headers["allow"].split(",")}
    assert response.json() == {"error": "Esta dirección no admite ese método; los que admite van en el encabezado "
                                        "Allow."}


def test_a_page_refusing_a_method_also_says_which_it_admits(client):
    response = client.post("/calculadora")
    assert response.status_code == 405 and "GET" in response.headers["allow"]
    assert "Esa acción no está disponible en esta página." in response.text


@pytest.fixture
def one_megabyte_limit(monkeypatch):
    """Uploads limited to 1 MB (the default is 20 MB); set before the app reads its settings."""
    monkeypatch.setenv("PLENO_MAX_UPLOAD_MB", "1")


def test_an_oversized_json_body_gets_an_api_message_without_browser_advice(one_megabyte_limit, client, token_of):
    response = client.post("/api/v1/correspondencia", headers=token_of("oficialia"),
                           json={**REGISTRATION, "anexos": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert response.json() == {"error": "El cuerpo de la petición es demasiado grande: el máximo es de 2 MB. "
                                        "No se guardó nada."}


@pytest.mark.parametrize("body,message", [
    ({"otra": 1}, "Falta el campo obligatorio «datos»."),
    ([{"datos": {}}], "El cuerpo de la petición debe ser un objeto JSON."),
    ({"datos": {}, "version": "la última"}, "El campo «version» debe ser un número entero."),
    ({"datos": []}, "El campo «datos» debe ser un objeto JSON."),
])
def test_a_body_of_the_wrong_shape_names_the_field_in_spanish(client, token_of, body, message):
    response = client.post("/api/v1/tareas/x/completar", json=body, headers=token_of("oficialia"))
    assert response.status_code == 400
    assert response.json() == {"error": message}


@pytest.mark.parametrize("query,message", [
    ("pagina=0", "El parámetro «pagina» debe ser un número entero mayor o igual que 1."),
    ("por_pagina=500", "El parámetro «por_pagina» debe ser un número entero menor o igual que 100."),
    ("area_id=abc", "El parámetro «area_id» debe ser un número entero."),
    # Past the 64 bits of the page's OFFSET + LIMIT: a 500 before.
    ("pagina=368934881474191033", "El parámetro «pagina» debe ser un número entero menor o igual que 1000000."),
    ("pagina=1000001&por_pagina=100",
     "El parámetro «pagina» debe ser un número entero menor o igual que 1000000."),
])
def test_a_bad_query_parameter_is_named_as_a_parameter(client, token_of, query, message):
    response = client.get(f"/api/v1/tareas?{query}", headers=token_of("oficialia"))
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_the_last_page_a_client_may_ask_for_is_answered_and_declared_in_the_schema(client, token_of):
    response = client.get("/api/v1/tareas?pagina=1000000&por_pagina=100", headers=token_of("oficialia"))
    assert (response.status_code, response.json()["pagina"], response.json()["tareas"]) == (200, 1000000, [])
    parameters = client.get("/api/v1/schema/openapi.json").json()["paths"]["/api/v1/tareas"]["get"]["parameters"]
    [page] = [p for p in parameters if p["name"] == "pagina"]
    assert (page["schema"]["minimum"], page["schema"]["maximum"]) == (1, 1000000)


@pytest.mark.parametrize("url,status,message", [
    ("/api/v1/tareas?proceso=%00", 400,
     "El parámetro «proceso» contiene un carácter nulo (%00), que no se admite; quítelo y vuelva a intentarlo."),
    ("/api/v1/plazos?organizacion=sesaech%00&desde=2026-03-23&dias=20", 400,
     "El parámetro «organizacion» contiene un carácter nulo (%00), que no se admite; quítelo y vuelva a "
     "intentarlo."),
    ("/api/v1/correspondencia/OP-2026-%00", 404, "No encontrado."),
])
def test_a_nul_in_the_address_is_refused_in_spanish_on_both_databases(client, token_of, url, status, message):
    """PostgreSQL refuses to compare a text holding NUL: these were a 500 there, an empty answer on SQLite."""
    response = client.get(url, headers=token_of("oficialia"))
    assert (response.status_code, response.json()) == (status, {"error": message})


@pytest.mark.parametrize("username,url", [("oficialia", "/tareas?process=%00"),
                                          ("oficialia", "/correspondencia?texto=%00"),
                                          ("transparencia", "/solicitudes?folio=%00"),
                                          (None, "/consulta?folio=%00"),
                                          (None, "/calculadora?organizacion=%00&fecha=2026-03-23&dias=20")])
def test_a_page_with_a_nul_in_its_address_says_which_parameter_in_spanish(client, sign_in, username, url):
    response = (sign_in(username) if username else client).get(url)
    assert response.status_code == 400
    assert "contiene un carácter nulo (%00), que no se admite" in response.text


def test_an_unknown_due_filter_is_refused_naming_the_valid_ones(client, token_of):
    oficialia = token_of("oficialia")
    register(client, oficialia)
    response = client.get("/api/v1/tareas?plazo=zzz", headers=oficialia)
    assert response.status_code == 400
    assert response.json() == {"error": "El parámetro «plazo» debe ser uno de: vencidas, proximas, a_tiempo."}
    assert client.get("/api/v1/tareas?plazo=a_tiempo", headers=oficialia).status_code == 200
    # The schema lists them: any other text it allowed was refused.
    parameters = client.get("/api/v1/schema/openapi.json").json()["paths"]["/api/v1/tareas"]["get"]["parameters"]
    [due] = [p for p in parameters if p["name"] == "plazo"]
    assert due["schema"]["enum"] == ["vencidas", "proximas", "a_tiempo"]


def test_a_fractional_number_of_fojas_must_be_whole(client, token_of):
    response = client.post("/api/v1/correspondencia", json=REGISTRATION | {"fojas": 2.5},
                           headers=token_of("oficialia"))
    assert response.status_code == 422
    assert response.json() == {"errores": {"fojas": "Escriba un número entero, sin decimales."}}


def test_true_or_false_where_a_number_is_asked_is_refused_not_read_as_one(client, token_of, demo, engine):
    """JSON's true would pass for 1: one foja, or a turn to the area whose id is 1."""
    oficialia = token_of("oficialia")
    refused = client.post("/api/v1/correspondencia", json=REGISTRATION | {"fojas": True}, headers=oficialia)
    assert refused.status_code == 422
    assert refused.json() == {"errores": {
        "fojas": "Escriba el valor que se pide: este campo no admite verdadero o falso."}}
    register(client, oficialia)
    task = turn_task(client, oficialia)
    turned = client.post(f"/api/v1/tareas/{task['id']}/completar", headers=oficialia, json={
        "datos": {"areas": [True], "instruccion": "Atender y responder", "fecha_limite": LATER}})
    assert turned.status_code == 422
    assert turned.json()["errores"] == {
        "areas": "Escriba el valor que se pide: este campo no admite verdadero o falso."}
    with reading(engine) as session:
        assert len(session.exec(select(Correspondence)).all()) == 1
        assert session.exec(select(Turn)).all() == []


def test_a_process_shows_status_open_tasks_and_timeline(client, token_of):
    oficialia = token_of("oficialia")
    created = register(client, oficialia)
    body = client.get(f"/api/v1/procesos/{created['proceso_id']}", headers=oficialia).json()
    assert body["estado"] == "en_curso" and body["titulo"].startswith(created["folio"])
    assert [t["tarea"] for t in body["tareas_abiertas"]] == ["turn"]
    assert "folio.asignado" in [e["accion"] for e in body["historial"]]
    assert client.get(f"/api/v1/procesos/{created['proceso_id']}",
                      headers=token_of("enlace_dri")).status_code == 404
    assert client.get("/api/v1/procesos/999999", headers=oficialia).status_code == 404


def test_a_folio_is_read_fully_by_the_oficialia_and_by_the_enlace_it_was_turned_to(client, token_of, demo):
    oficialia = token_of("oficialia")
    created = register(client, oficialia)
    task = turn_task(client, oficialia)
    client.post(f"/api/v1/tareas/{task['id']}/completar", headers=oficialia, json={"datos": {
        "areas": [demo.areas["DA"].id], "instruccion": "Atender y responder", "fecha_limite": LATER}})
    url = f"/api/v1/correspondencia/{created['folio']}"

    full = client.get(url, headers=oficialia).json()
    assert full["remitente"] == "Mtra. Laura Díaz" and full["estado"] == "turnado"
    assert [t["area_id"] for t in full["turnos"]] == [demo.areas["DA"].id]

    assert client.get(url, headers=token_of("enlace_da")).status_code == 200
    other = client.get(url, headers=token_of("enlace_dri"))
    assert other.status_code == 404
    assert "folio" in other.json()["error"]
    assert client.get("/api/v1/correspondencia/OP-1999-000001", headers=oficialia).status_code == 404


def test_a_turns_due_date_is_the_one_a_dia_inhabil_declared_after_turning_moved(client, token_of, demo, engine,
                                                                                 admin):
    oficialia = token_of("oficialia")
    created = register(client, oficialia)
    client.post(f"/api/v1/tareas/{turn_task(client, oficialia)['id']}/completar", headers=oficialia, json={"datos": {
        "areas": [demo.areas["DA"].id], "instruccion": "Atender y responder", "fecha_limite": LATER}})
    given, moved = declare_the_turns_day_inhabil(engine, admin)
    [turn] = client.get(f"/api/v1/correspondencia/{created['folio']}", headers=oficialia).json()["turnos"]
    assert moved > given and turn["fecha_limite"] == moved.isoformat()


def test_a_folio_typed_without_its_zeros_is_found_as_the_public_lookup_finds_it(client, token_of):
    oficialia = token_of("oficialia")
    created = register(client, oficialia)
    assert created["folio"] == f"OP-{demo_today().year}-000001"
    response = client.get(f"/api/v1/correspondencia/op-{demo_today().year}-1", headers=oficialia)
    assert response.status_code == 200, response.text
    assert response.json()["folio"] == created["folio"]
    assert client.get(f"/consulta?folio=OP-{demo_today().year}-1").status_code == 200
    assert client.get(f"/api/v1/correspondencia/OP-{demo_today().year}-2", headers=oficialia).status_code == 404


def test_the_openapi_schema_documents_the_api(client):
    schema = client.get("/api/v1/schema/openapi.json").json()
    for path in ["/api/v1/tareas", "/api/v1/tareas/{task_id}/completar", "/api/v1/procesos/{instance_id}",
                 "/api/v1/correspondencia", "/api/v1/correspondencia/{folio}"]:
        assert path in schema["paths"], path
    assert "TaskList" in str(schema["components"]["schemas"])


def test_the_schema_describes_the_registration_body_with_the_form_it_is_validated_with(client, token_of):
    schema = client.get("/api/v1/schema/openapi.json").json()
    body = schema["paths"]["/api/v1/correspondencia"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["remitente", "asunto", "canal", "fecha_recepcion", "hora_recepcion"]
    assert body["properties"]["canal"]["enum"] == [channel.value for channel in Channel]
    assert (body["properties"]["fojas"]["type"], body["properties"]["fecha_recepcion"]["format"]) == ("integer", "date")
    # The API has no upload: a file id is nothing a client could send.
    assert set(body["properties"]) == set(RegisterForm.model_fields) - {"archivo_id"}
    # What is documented as required is what an empty registration is refused for.
    refused = client.post("/api/v1/correspondencia", json={}, headers=token_of("oficialia"))
    assert (refused.status_code, sorted(refused.json()["errores"])) == (422, sorted(body["required"]))


def test_the_schema_declares_an_hour_as_the_server_reads_it_without_a_zone(client, token_of):
    """It said format «time», RFC 3339's, whose offset (10:30+05:00) the server refuses."""
    schema = client.get("/api/v1/schema/openapi.json").json()
    body = schema["paths"]["/api/v1/correspondencia"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    hour = body["properties"]["hora_recepcion"]
    assert "format" not in hour and hour["type"] == "string"
    matches = [text for text in ("09:05", "10:30:15", "23:59:59.123456", "10:30+05:00", "10:30Z", "24:00", "9:30")
               if re.fullmatch(hour["pattern"], text)]
    assert matches == ["09:05", "10:30:15", "23:59:59.123456"]
    yesterday = (demo_today() - timedelta(days=1)).isoformat()
    for text in matches:
        register(client, token_of("oficialia"), fecha_recepcion=yesterday, hora_recepcion=text)


def test_the_schema_says_a_completions_data_are_the_fields_of_the_tasks_form(client):
    schema = client.get("/api/v1/schema/openapi.json").json()
    data = schema["components"]["schemas"]["CompleteTaskIn"]["properties"]["datos"]
    assert data["type"] == "object" and "los campos del formulario de la tarea" in data["description"].lower()


def test_a_registration_cannot_take_another_expedientes_file_by_its_id(client, token_of, engine):
    oficialia = token_of("oficialia")
    first = register(client, oficialia)
    with transaction(engine) as session:
        acuse = session.exec(select(StoredFile).where(StoredFile.instance_id == first["proceso_id"],
                                                      StoredFile.kind == "acuse")).one()
    for file_id, reason in ((acuse.id, "Ese archivo no lo subió usted para este expediente; adjúntelo de nuevo."),
                            (999_999, "No existe ese archivo."), (10**20, "No existe ese archivo.")):
        response = client.post("/api/v1/correspondencia", json=REGISTRATION | {"archivo_id": file_id},
                               headers=oficialia)
        assert response.status_code == 422, response.text
        assert response.json()["errores"] == {"archivo_id": reason}
    with transaction(engine) as session:
        assert session.get(StoredFile, acuse.id).instance_id == first["proceso_id"]
        assert len(session.exec(select(Correspondence)).all()) == 1


def test_an_answer_naming_a_file_nobody_uploaded_is_refused_and_the_process_goes_on(client, token_of, demo):
    oficialia, enlace = token_of("oficialia"), token_of("enlace_da")
    created = register(client, oficialia)
    client.post(f"/api/v1/tareas/{turn_task(client, oficialia)['id']}/completar", headers=oficialia, json={
        "datos": {"areas": [demo.areas["DA"].id], "instruccion": "Atender y responder", "fecha_limite": LATER}})
    [task] = client.get("/api/v1/tareas", headers=enlace).json()["tareas"]
    url = f"/api/v1/tareas/{task['id']}/completar"
    answer = {"sentido": "atendido", "respuesta": "Se envía el informe solicitado."}
    refused = client.post(url, headers=enlace, json={"datos": answer | {"anexo_id": 99_999}})
    assert refused.status_code == 422
    assert refused.json()["errores"] == {"anexo_id": "No existe ese archivo."}
    done = client.post(url, headers=enlace, json={"datos": answer})
    assert done.status_code == 200, done.text
    process = client.get(f"/api/v1/procesos/{created['proceso_id']}", headers=oficialia).json()
    assert process["estado"] == "en_curso" and [t["tarea"] for t in process["tareas_abiertas"]] == ["close"]


def operations(schema: dict):
    """(path, method, operation) of every operation in an OpenAPI schema."""
    return [(path, method, operation) for path, item in schema["paths"].items()
            for method, operation in item.items() if method in {"get", "post", "put", "patch", "delete"}]


PUBLIC_OPERATIONS = {("/api/v1/plazos", "get")}


def test_completing_a_task_that_no_id_could_name_answers_the_404_the_schema_documents(client, token_of):
    response = client.post("/api/v1/tareas/nope/completar", headers=token_of("oficialia"), json={"datos": {}})
    assert (response.status_code, response.json()) == (404, {"error": "No existe esa tarea."})
    schema = client.get("/api/v1/schema/openapi.json").json()
    documented = schema["paths"]["/api/v1/tareas/{task_id}/completar"]["post"]["responses"]["404"]
    assert documented["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ApiError"}


def test_html_pages_are_not_in_the_api_schema(client):
    schema = client.get("/api/v1/schema/openapi.json").json()
    assert [path for path in schema["paths"] if not path.startswith("/api/v1/")] == []
    assert "/api/v1/sesiones/{session_id}/votos" in schema["paths"]


def test_every_api_operation_declares_the_bearer_token(client):
    schema = client.get("/api/v1/schema/openapi.json").json()
    assert "BearerToken" in schema["components"]["securitySchemes"]
    for path, method, operation in operations(schema):
        expected = None if (path, method) in PUBLIC_OPERATIONS else [{"BearerToken": []}]
        assert operation.get("security") == expected, (method, path)
        if expected:
            assert "401" in operation["responses"], (method, path)


def test_every_success_response_is_described_in_spanish(client):
    schema = client.get("/api/v1/schema/openapi.json").json()
    english = {status.description for status in HTTPStatus}
    for path, method, operation in operations(schema):
        for code, response in operation["responses"].items():
            if code.startswith("2"):
                assert response["description"] not in english, (method, path, response["description"])


def test_the_schema_documents_the_error_bodies_the_api_really_answers(client):
    schema = client.get("/api/v1/schema/openapi.json").json()
    for path, method, operation in operations(schema):
        for status, response in operation["responses"].items():
            if status.startswith("4"):
                body = response["content"]["application/json"]["schema"]
                shape = "FormErrors" if status == "422" else "ApiError"
                assert body == {"$ref": f"#/components/schemas/{shape}"}, (method, path, status)
    assert schema["components"]["schemas"]["ApiError"]["required"] == ["error"]


def test_each_operation_documents_only_the_errors_it_can_answer(client):
    schema = client.get("/api/v1/schema/openapi.json").json()
    statuses = {(path, method): sorted(operation["responses"]) for path, method, operation in operations(schema)}
    assert statuses[("/api/v1/tareas", "get")] == ["200", "400", "401"]
    assert statuses[("/api/v1/procesos/{instance_id}", "get")] == ["200", "400", "401", "404"]
    assert statuses[("/api/v1/correspondencia/{folio}", "get")] == ["200", "400", "401", "404"]
    assert statuses[("/api/v1/correspondencia", "post")] == ["201", "400", "401", "403", "409", "422"]
    assert statuses[("/api/v1/tareas/{task_id}/completar", "post")] == ["200", "400", "401", "403", "404", "409",
                                                                        "422"]
