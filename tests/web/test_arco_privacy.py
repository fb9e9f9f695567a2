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
    ("transparencia", 200), ("enlace_da", 200), ("enlace_dri", 403), ("comite", 403), ("juridico", 403),
    ("oficialia", 403), ("admin", 403)])
def test_the_holders_identification_downloads_only_for_the_unidad_and_the_turned_area(
        sign_in, engine, settings, arco_turned_to_da, username, status):
    file_id = store_for(engine, settings, arco_turned_to_da, "identificacion", "ine.pdf")
    assert sign_in(username).get(f"/archivos/{file_id}").status_code == status


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
