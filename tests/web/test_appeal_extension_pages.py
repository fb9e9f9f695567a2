"""The garante's extension on the request's page: its last day to resolve, the Unidad's link to record
the extension, the form, and the page after it (dates as in tests/workflows/test_appeal_extension.py)."""

from tests.access_request_steps import complete, request_of, working_in_march_2026  # noqa: F401
from tests.web.conftest import csrf_of
from tests.workflows.test_access_request_paths import respond, turned_and_answered

LINK = "Registrar la ampliación del plazo del órgano garante"


def test_the_unidad_records_the_garantes_extension_from_the_request_page(engine, demo, transparencia,
                                                                         enlace_area_a, sign_in):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id)
    complete(engine, transparencia, instance.id, "appeal", {"numero": "RR/0123/2026", "fecha_presentacion": "2026-04-20"})
    request = request_of(engine, instance.id)
    client = sign_in("transparencia")
    page = client.get(f"/solicitudes/{request.id}").text
    assert "el órgano garante resuelve a más tardar el 16/06/2026" in page and LINK in page
    form = client.get(f"/solicitudes/{request.id}/recurso/ampliacion").text
    assert "El órgano garante tiene hasta el <strong>16 de junio de 2026</strong>" in form

    late = client.post(f"/solicitudes/{request.id}/recurso/ampliacion", follow_redirects=False,
                       data={"fecha_notificacion": "2026-06-17", "_csrf_token": csrf_of(client)})
    assert late.status_code == 422
    assert 'id="error-fecha_notificacion">La ampliación se notificó el 17 de junio de 2026' in late.text
    done = client.post(f"/solicitudes/{request.id}/recurso/ampliacion", follow_redirects=False,
                       data={"fecha_notificacion": "2026-06-10", "acuerdo": "Acuerdo 45/2026",
                             "_csrf_token": csrf_of(client)})
    assert done.status_code == 303 and done.headers["location"] == f"/solicitudes/{request.id}"
    page = client.get(f"/solicitudes/{request.id}").text
    assert "resuelve a más tardar el 14/07/2026 (plazo ampliado)" in page and LINK not in page

    enlace = sign_in("enlace_da")
    assert enlace.get(f"/solicitudes/{request.id}/recurso/ampliacion").status_code == 403
    assert LINK not in enlace.get(f"/solicitudes/{request.id}").text


def test_an_arco_recurso_offers_no_extension_its_rule_set_does_not_provide(engine, demo, transparencia,
                                                                           enlace_area_a, sign_in):
    from tests.workflows import test_arco_request_paths as arco
    instance = arco.answered(engine, demo, transparencia, enlace_area_a)
    arco.make_effective(engine, transparencia, instance.id)
    complete(engine, transparencia, instance.id, "appeal", {"numero": "RR/PDP/7/2026", "fecha_presentacion": "2026-04-20"})
    page = sign_in("transparencia").get(f"/solicitudes/{request_of(engine, instance.id).id}").text
    assert "el órgano garante resuelve a más tardar el" in page and LINK not in page
