"""An ARCO request's file (the holder's personal data) opens only to the Unidad and the turned areas' enlaces."""

import pytest

from engine import files
from engine.db import transaction

from tests.access_request_steps import complete, file_request, request_of
from tests.arco_request_steps import file_arco

HOLDER = "Ana Ruiz Cárdenas"


@pytest.fixture
def arco_turned_to_da(engine, demo, transparencia):
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review",
             {"decision": "turnar", "areas": [demo.areas["DA"].id], "instruccion": "Rectificar el expediente"})
    return instance


@pytest.mark.parametrize("username,status", [
    ("transparencia", 200), ("enlace_da", 200), ("enlace_dri", 403), ("comite", 403), ("juridico", 403),
    ("oficialia", 403), ("integrante", 403), ("admin", 403)])
def test_the_process_page_of_an_arco_request_opens_only_to_the_unidad_and_the_turned_area(
        sign_in, engine, arco_turned_to_da, username, status):
    response = sign_in(username).get(f"/procesos/{arco_turned_to_da.id}")
    assert response.status_code == status
    # The turned area's enlace reads the holder on the request's page, which shows its area's part only.
    assert (HOLDER in response.text) == (username == "transparencia")
    if username == "enlace_da":
        request_page = sign_in(username).get(f"/solicitudes/{request_of(engine, arco_turned_to_da.id).id}")
        assert HOLDER in request_page.text


@pytest.mark.parametrize("username,linked", [("transparencia", True), ("comite", True), ("admin", False),
                                             ("juridico", False)])
def test_the_request_page_links_to_the_expediente_only_for_whoever_it_opens_to(
        sign_in, engine, transparencia, username, linked):
    instance = file_request(engine, transparencia)
    page = sign_in(username).get(f"/solicitudes/{request_of(engine, instance.id).id}")
    assert ("Ver el expediente del proceso" in page.text) == linked
    assert sign_in(username).get(f"/procesos/{instance.id}").status_code == (200 if linked else 403)


def test_its_diagram_follows_the_same_rule(sign_in, engine, arco_turned_to_da):
    diagram = f"/procesos/{arco_turned_to_da.id}/diagrama.bpmn"
    assert sign_in("comite").get(diagram).status_code == 403
    assert sign_in("transparencia").get(diagram).status_code == 200
    assert request_of(engine, arco_turned_to_da.id).holder_name == HOLDER


@pytest.mark.parametrize("username,status,sees_requester", [
    ("transparencia", 200, True), ("comite", 200, False), ("juridico", 403, False), ("admin", 403, False)])
def test_an_access_requests_file_opens_to_the_comite_without_the_requesters_data(
        sign_in, engine, transparencia, username, status, sees_requester):
    instance = file_request(engine, transparencia)
    response = sign_in(username).get(f"/procesos/{instance.id}")
    assert response.status_code == status
    # The Comité reads the request and the areas' evidence; who asked is not its business.
    assert ("María López Hernández" in response.text) == sees_requester
    assert ("Los datos personales de este expediente" in response.text) == (status == 200 and not sees_requester)


def store_for(engine, settings, instance, kind, filename):
    with transaction(engine) as session:
        return files.store(session, settings, instance.organization_id, kind, filename, filename,
                           b"%PDF-1.4 datos personales", instance_id=instance.id).id


@pytest.mark.parametrize("username,status", [
    ("transparencia", 200), ("enlace_da", 403), ("enlace_dri", 403), ("comite", 403), ("juridico", 403),
    ("oficialia", 403), ("admin", 403)])
@pytest.mark.parametrize("kind", ["identificacion", "solicitud", "acuse_solicitud", "oficio_respuesta"])
def test_the_holders_identification_escrito_acuse_and_oficio_download_only_for_the_unidad(
        sign_in, engine, settings, arco_turned_to_da, username, status, kind):
    """They name the representative, the identity document or the contact: not even the turned area's."""
    file_id = store_for(engine, settings, arco_turned_to_da, kind, "ine.pdf")
    client = sign_in(username)
    assert client.get(f"/archivos/{file_id}").status_code == status
    if username in ("transparencia", "enlace_da"):
        request_page = client.get(f"/solicitudes/{request_of(engine, arco_turned_to_da.id).id}").text
        assert (f"/archivos/{file_id}" in request_page) == (status == 200)


def test_the_turned_area_still_downloads_its_own_answers_file(sign_in, engine, demo, settings, arco_turned_to_da,
                                                            enlace_area_a):
    with transaction(engine) as session:
        file_id = files.store(session, settings, arco_turned_to_da.organization_id, "anexo", "expediente.pdf",
                              "expediente.pdf", b"%PDF-1.4 datos", created_by=enlace_area_a.user_id,
                              instance_id=arco_turned_to_da.id, area_id=demo.areas["DA"].id).id
    complete(engine, enlace_area_a, arco_turned_to_da.id, "area_answer",
             {"sentido": "entrega_total", "respuesta": ANSWER, "anexo_id": file_id}, area_id=demo.areas["DA"].id)
    client = sign_in("enlace_da")
    assert client.get(f"/archivos/{file_id}").status_code == 200
    assert f"/archivos/{file_id}" in client.get(f"/solicitudes/{request_of(engine, arco_turned_to_da.id).id}").text


def test_the_comite_downloads_an_access_requests_evidence_but_not_the_requesters_escrito(
        sign_in, engine, settings, transparencia):
    instance = file_request(engine, transparencia)
    escrito = store_for(engine, settings, instance, "solicitud", "escrito.pdf")
    evidence = store_for(engine, settings, instance, "anexo", "contratos.pdf")
    comite = sign_in("comite")
    assert (comite.get(f"/archivos/{escrito}").status_code, comite.get(f"/archivos/{evidence}").status_code) == (
        403, 200)
    assert "escrito.pdf" not in comite.get(f"/procesos/{instance.id}").text


ANSWER = "Se localizó el expediente de personal de Ana Ruiz Cárdenas, RFC RUCA800101XX1, con 45 fojas."


@pytest.mark.parametrize("username,sees", [("transparencia", True), ("enlace_da", True), ("comite", False),
                                          ("juridico", False)])
def test_an_arco_requests_turns_and_answers_are_shown_only_to_who_sees_the_holders_data(
        sign_in, engine, demo, arco_turned_to_da, enlace_area_a, username, sees):
    """What an area is told to look for and what it found are the holder's own data, like the request."""
    complete(engine, enlace_area_a, arco_turned_to_da.id, "area_answer",
             {"sentido": "entrega_total", "respuesta": ANSWER}, area_id=demo.areas["DA"].id)
    page = sign_in(username).get(f"/solicitudes/{request_of(engine, arco_turned_to_da.id).id}")
    assert page.status_code == 200
    turns = page.text.split("<h2>Turnos y respuestas de las áreas</h2>", 1)[1].split("</section>", 1)[0]
    assert demo.areas["DA"].name in turns and "Procedente" in turns and "Entrega total" not in turns
    assert ("Rectificar el expediente" in turns) == sees
    assert (ANSWER in turns) == sees
    assert ("Dato personal reservado" in turns) == (not sees)
    assert ("RUCA800101XX1" in page.text) == sees


# -- the holder's representative, identity document and contact: the Unidad's only -----------------

REPRESENTATIVE = "Lic. Ana Torres Vidal"
IDENTITY = "Pasaporte G12345678 y poder notarial 4567"
CONTACT = "Calle Roble 12, Tuxtla"
IDENTIFYING = (REPRESENTATIVE, IDENTITY, CONTACT, "G12345678")


@pytest.fixture
def arco_turned_to_dri(engine, demo, transparencia):
    instance = file_arco(engine, transparencia, representante=REPRESENTATIVE, documento_identidad=IDENTITY,
                         contacto=CONTACT)
    complete(engine, transparencia, instance.id, "review",
             {"decision": "turnar", "areas": [demo.areas["DRI"].id], "instruccion": "Rectificar el expediente"})
    return instance


def every_view_of(client, engine, settings, instance, api_headers) -> dict[str, str]:
    """What one person reads of an ARCO request: its page, the list, the exports, the expediente, the API,
    the open tasks' forms and the files it offers."""
    request = request_of(engine, instance.id)
    views = {"page": client.get(f"/solicitudes/{request.id}"), "list": client.get("/solicitudes?tipo=arco"),
             "csv": client.get("/solicitudes/exportar?formato=csv"),
             "expediente": client.get(f"/procesos/{instance.id}"),
             "api": client.get(f"/api/v1/procesos/{instance.id}", headers=api_headers)}
    texts = {name: response.text for name, response in views.items() if response.status_code == 200}
    for task in client.get("/api/v1/tareas", headers=api_headers).json()["tareas"]:
        if task["proceso_id"] == instance.id:
            texts[f"tarea {task['tarea']}"] = client.get(f"/tareas/{task['id']}").text
    return texts


@pytest.mark.parametrize("returned", [False, True])
def test_the_turned_enlace_reads_the_holders_name_and_what_is_asked_never_the_representative_identity_or_contact(
        sign_in, engine, demo, settings, arco_turned_to_dri, enlace_area_b, token_of, returned):
    """As the enlace's task form does: an area looks for the holder's own data by who the holder is."""
    if returned:
        complete(engine, enlace_area_b, arco_turned_to_dri.id, "area_answer",
                 {"sentido": "devuelto", "respuesta": "No corresponde a esta área: lo tiene Administración."},
                 area_id=demo.areas["DRI"].id)
    texts = every_view_of(sign_in("enlace_dri"), engine, settings, arco_turned_to_dri, token_of("enlace_dri"))
    assert {"page", "list", "expediente", "api"} <= set(texts)
    assert ("tarea area_answer" in texts) == (not returned)
    for name, text in texts.items():
        for private in IDENTIFYING:
            assert private not in text, (name, private)
    page = texts["page"]
    assert "<dt>Titular de los datos</dt><dd>Ana Ruiz Cárdenas</dd>" in page
    assert "Rectificar mi domicilio en el expediente de personal" in page
    assert HOLDER in texts["list"]


def test_the_unidad_reads_the_representative_identity_and_contact_on_the_request_page(
        sign_in, engine, arco_turned_to_dri):
    page = sign_in("transparencia").get(f"/solicitudes/{request_of(engine, arco_turned_to_dri.id).id}").text
    for private in (HOLDER, REPRESENTATIVE, IDENTITY, CONTACT):
        assert private in page
