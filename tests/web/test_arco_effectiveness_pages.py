"""The page where the Unidad records the effectiveness of an ARCO right of a request imported already answered."""

import pytest

from engine.deadlines import DeadlineStatus
from tests.arco_request_steps import IMPORTED_HOLDER, answered_arco_row, effectiveness_terms, import_answered
from tests.web.conftest import csrf_of

DONE = {"fecha_verificacion_identidad": "2026-11-19", "fecha_efectividad": "2026-11-20",
        "descripcion": "Se entregó copia certificada del expediente clínico al titular."}


def test_the_request_page_names_the_holder_as_requester_and_links_to_record_the_effectiveness(
        engine, transparencia, sign_in):
    request = import_answered(engine, transparencia, answered_arco_row())
    client = sign_in("transparencia")
    page = client.get(f"/solicitudes/{request.id}").text
    assert f"<dt>Solicitante</dt><dd>{IMPORTED_HOLDER}</dd>" in page and "Anónimo" not in page
    assert f'href="/solicitudes/{request.id}/efectividad"' in page and "a más tardar el 9 de diciembre de 2026" in page
    form = client.get(f"/solicitudes/{request.id}/efectividad")
    assert form.status_code == 200 and "Pasaporte 222" in form.text
    token = {"x-csrftoken": csrf_of(client)}
    refused = client.post(f"/solicitudes/{request.id}/efectividad", data={**DONE, "fecha_verificacion_identidad": ""},
                          headers=token)
    assert refused.status_code == 422 and 'id="error-fecha_verificacion_identidad"' in refused.text
    assert "Se entregó copia certificada" in refused.text  # nothing typed is lost
    done = client.post(f"/solicitudes/{request.id}/efectividad", data=DONE, headers=token, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, f"/solicitudes/{request.id}")
    assert [term.status for term in effectiveness_terms(engine, request)] == [DeadlineStatus.MET]
    page = client.get(f"/solicitudes/{request.id}").text
    # The form asks for a day only: the page gives that day, not an hour nobody typed.
    assert "/efectividad" not in page and "(verificada el 19/11/2026)" in page


@pytest.mark.parametrize("username", ["comite", "juridico", "admin"])
def test_only_the_unidad_opens_the_effectiveness_page(engine, transparencia, sign_in, username):
    request = import_answered(engine, transparencia, answered_arco_row())
    client = sign_in(username)
    assert client.get(f"/solicitudes/{request.id}/efectividad").status_code == 403
    assert "/efectividad" not in client.get(f"/solicitudes/{request.id}").text
