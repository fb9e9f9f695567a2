"""A concluded request's page offers the Unidad to record a recurso the órgano garante notified after the
window to appeal closed; its form records it and the page then follows the recurso (dates as in
tests/workflows/test_late_appeal.py: answered 10 April 2026, the window closed at the end of 4 May)."""

from datetime import timedelta

from sqlmodel import select

from engine.db import transaction
from tests.access_request_steps import request_of, working_in_march_2026  # noqa: F401
from tests.today import demo_today
from tests.web.conftest import csrf_of
from tests.workflows.test_late_appeal import concluded_without_recurso
from tests.workflows.test_access_request_paths import respond, turned_and_answered
from workflows.access_request.models import Appeal

LINK = "Registrar un recurso notificado por el órgano garante"


def form_of(client, **fields) -> dict:
    return {"_csrf_token": csrf_of(client), "numero": "RR/0300/2026", "fecha_presentacion": "2026-05-06", **fields}


def test_the_unidad_records_a_recurso_notified_after_the_window_and_the_page_follows_it(
        engine, demo, transparencia, enlace_area_a, sign_in):
    request = request_of(engine, concluded_without_recurso(engine, demo, transparencia, enlace_area_a).id)
    client = sign_in("transparencia")
    page = client.get(f"/solicitudes/{request.id}").text
    assert ("El plazo del solicitante para interponer recurso de revisión venció el 4 de mayo de 2026 sin recurso "
            "registrado") in page
    assert LINK in page and f'href="/solicitudes/{request.id}/recurso"' in page
    form = " ".join(client.get(f"/solicitudes/{request.id}/recurso").text.split())
    assert ("La respuesta se notificó el <strong>10 de abril de 2026</strong> y la solicitud concluyó sin recurso: el "
            "solicitante pudo recurrir hasta el <strong>4 de mayo de 2026</strong> (15 días hábiles desde la "
            "notificación; LGTAIP 2025, art. 144).") in form

    sent = client.post(f"/solicitudes/{request.id}/recurso", data=form_of(client), follow_redirects=False)
    assert (sent.status_code, sent.headers["location"]) == (303, f"/solicitudes/{request.id}")
    page = " ".join(client.get(f"/solicitudes/{request.id}").text.split())
    assert "Recurso RR/0300/2026, presentado el 06/05/2026: en trámite; el órgano garante resuelve a más tardar" in page
    assert "Registrar la resolución del recurso</a> — vence" in page  # the step, dated by the garante's term
    assert ("se presentó después del 4 de mayo de 2026, último día de los 15 días hábiles para recurrir la respuesta "
            "(LGTAIP 2025, art. 144), según el cómputo del sujeto obligado; lo califica el órgano garante") in page
    assert page.count("Se interpuso el recurso RR/0300/2026") == 1  # one recurso in the timeline
    assert LINK not in page


def test_a_filing_date_before_the_answer_is_refused_beside_it_and_records_nothing(
        engine, demo, transparencia, enlace_area_a, sign_in):
    request = request_of(engine, concluded_without_recurso(engine, demo, transparencia, enlace_area_a).id)
    client = sign_in("transparencia")
    for filed, message in (("2026-04-09", "El recurso no puede ser anterior a la respuesta."),
                           ((demo_today() + timedelta(days=1)).isoformat(), "")):
        sent = client.post(f"/solicitudes/{request.id}/recurso", data=form_of(client, fecha_presentacion=filed))
        assert sent.status_code == 422
        assert "Revise los campos marcados: el recurso no se registró." in sent.text
        assert f'value="{filed}"' in sent.text and message in sent.text
    with transaction(engine) as session:
        assert session.exec(select(Appeal)).all() == []
    assert LINK in client.get(f"/solicitudes/{request.id}").text


def test_an_enlace_may_not_record_a_late_recurso(engine, demo, transparencia, enlace_area_a, sign_in):
    request = request_of(engine, concluded_without_recurso(engine, demo, transparencia, enlace_area_a).id)
    client = sign_in("enlace_da")
    assert client.get(f"/solicitudes/{request.id}/recurso").status_code == 403
    assert client.post(f"/solicitudes/{request.id}/recurso", data=form_of(client)).status_code == 403
    with transaction(engine) as session:
        assert session.exec(select(Appeal)).all() == []
    assert LINK not in client.get(f"/solicitudes/{request.id}").text


def test_a_request_whose_window_still_runs_offers_no_late_recurso(engine, demo, transparencia, enlace_area_a,
                                                                  sign_in):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id)
    request = request_of(engine, instance.id)
    client = sign_in("transparencia")
    assert LINK not in client.get(f"/solicitudes/{request.id}").text
    assert "no admite registrar aquí un recurso" in client.get(f"/solicitudes/{request.id}/recurso").text
    sent = client.post(f"/solicitudes/{request.id}/recurso", data=form_of(client, fecha_presentacion="2026-04-20"))
    assert sent.status_code == 422 and "La solicitud sigue en trámite" in sent.text
