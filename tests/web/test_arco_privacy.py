"""An ARCO request's file (the holder's personal data) opens only to the Unidad and the turned areas' enlaces."""

import pytest

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
        sign_in, arco_turned_to_da, username, status):
    response = sign_in(username).get(f"/procesos/{arco_turned_to_da.id}")
    assert response.status_code == status
    assert (HOLDER in response.text) == (status == 200)


def test_its_diagram_follows_the_same_rule(sign_in, engine, arco_turned_to_da):
    diagram = f"/procesos/{arco_turned_to_da.id}/diagrama.bpmn"
    assert sign_in("comite").get(diagram).status_code == 403
    assert sign_in("transparencia").get(diagram).status_code == 200
    assert request_of(engine, arco_turned_to_da.id).holder_name == HOLDER


@pytest.mark.parametrize("username,status", [("transparencia", 200), ("comite", 200), ("juridico", 403),
                                             ("admin", 403)])
def test_an_access_requests_file_with_the_requesters_data_follows_the_same_rule(
        sign_in, engine, transparencia, username, status):
    instance = file_request(engine, transparencia)
    response = sign_in(username).get(f"/procesos/{instance.id}")
    assert response.status_code == status
    assert ("María López Hernández" in response.text) == (status == 200)
