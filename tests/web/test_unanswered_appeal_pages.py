"""The request page offers the recurso por falta de respuesta once the term lapsed; its form records it."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from engine.db import transaction
from tests.access_request_steps import file_request, request_of, turn
from tests.arco_request_steps import file_arco
from tests.workflows.test_arco_request_paths import turn as arco_turn
from tests.today import demo_today
from tests.web.conftest import csrf_of
from engine.deadlines import Deadline
from workflows.access_request import handlers, unanswered_appeal
from workflows.access_request.models import Appeal, AppealGround



@pytest.fixture
def lapsed(engine, demo, transparencia, monkeypatch):
    """A request filed two months ago and turned to DA: its 20 días hábiles are over, unanswered.

    The pages see it the day after its term ended, whatever today is: the requester's 15 días to
    appeal are then running."""
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    filed = demo_today() - timedelta(days=60)
    instance = file_request(engine, transparencia, fecha_recepcion=filed.isoformat(), hora_recepcion="09:00")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        due_at = session.get(Deadline, request.response_deadline_id).due_at
    monkeypatch.setattr(unanswered_appeal, "utcnow", lambda: due_at + timedelta(days=1))
    return request


@pytest.mark.parametrize("kind, who", [("acceso", "el solicitante"), ("arco", "el titular")])
def test_the_pages_of_a_lapsed_request_name_the_requester_or_the_titular(
        engine, demo, transparencia, sign_in, monkeypatch, kind, who):
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    filed = (demo_today() - timedelta(days=60)).isoformat()
    file, turn_to = (file_request, turn) if kind == "acceso" else (file_arco, arco_turn)
    instance = file(engine, transparencia, fecha_recepcion=filed, hora_recepcion="09:00")
    turn_to(engine, transparencia, instance.id, demo.areas["DA"])
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        due_at = session.get(Deadline, request.response_deadline_id).due_at
    client = sign_in("transparencia")
    monkeypatch.setattr(unanswered_appeal, "utcnow", lambda: due_at + timedelta(days=1))  # the window runs
    assert (f"sin respuesta: {who} puede interponer recurso de revisión por falta de respuesta hasta el"
            in client.get(f"/solicitudes/{request.id}").text)
    assert f"{who.capitalize()} puede recurrir hasta el" in client.get(
        f"/solicitudes/{request.id}/recurso-por-falta-de-respuesta").text
    monkeypatch.setattr(unanswered_appeal, "utcnow", lambda: due_at + timedelta(days=60))  # and ran out
    assert (f"; el plazo del {who[3:]} para interponer recurso de revisión por falta de respuesta venció el"
            in client.get(f"/solicitudes/{request.id}").text)
    assert f"{who.capitalize()} pudo recurrir hasta el" in client.get(
        f"/solicitudes/{request.id}/recurso-por-falta-de-respuesta").text


def form_of(client, **fields) -> dict:
    return {"_csrf_token": csrf_of(client), "numero": "RR/0300/2026", "fecha_presentacion": demo_today().isoformat(),
            **fields}


def test_the_request_page_says_the_term_lapsed_and_links_the_form(lapsed, sign_in):
    page = sign_in("transparencia").get(f"/solicitudes/{lapsed.id}")
    assert page.status_code == 200
    assert "sin respuesta: el solicitante puede interponer recurso de revisión por falta de respuesta hasta el" in page.text
    assert f'href="/solicitudes/{lapsed.id}/recurso-por-falta-de-respuesta"' in page.text


def test_the_unidad_records_the_recurso_and_the_page_lists_it(engine, lapsed, sign_in):
    client = sign_in("transparencia")
    form = client.get(f"/solicitudes/{lapsed.id}/recurso-por-falta-de-respuesta")
    assert form.status_code == 200 and "venció el" in form.text and "Registrar el recurso" in form.text
    # The requester's window in the words of the request's rule set, not a fixed «quince días».
    assert "(15 días hábiles desde el vencimiento; LGTAIP 2025, art. 144)" in form.text
    sent = client.post(f"/solicitudes/{lapsed.id}/recurso-por-falta-de-respuesta", data=form_of(client),
                       follow_redirects=False)
    assert (sent.status_code, sent.headers["location"]) == (303, f"/solicitudes/{lapsed.id}")
    with transaction(engine) as session:
        appeal = session.exec(select(Appeal).where(Appeal.request_id == lapsed.id)).one()
    assert (appeal.number, appeal.ground, appeal.filed_on) == ("RR/0300/2026", AppealGround.NO_ANSWER, demo_today())
    page = client.get(f"/solicitudes/{lapsed.id}")
    assert "Recurso RR/0300/2026 por falta de respuesta, presentado el" in page.text
    assert "recurso-por-falta-de-respuesta" not in page.text  # one recurso at a time


def test_a_future_filing_date_is_refused_in_spanish_and_records_nothing(engine, lapsed, sign_in):
    client = sign_in("transparencia")
    tomorrow = (demo_today() + timedelta(days=1)).isoformat()
    sent = client.post(f"/solicitudes/{lapsed.id}/recurso-por-falta-de-respuesta",
                       data=form_of(client, fecha_presentacion=tomorrow))
    assert sent.status_code == 422
    assert "Revise los campos marcados: el recurso no se registró." in sent.text
    assert f'value="{tomorrow}"' in sent.text  # what was typed is kept
    with transaction(engine) as session:
        assert session.exec(select(Appeal)).all() == []


def test_an_enlace_may_not_record_a_recurso(engine, lapsed, sign_in):
    client = sign_in("enlace_da")
    assert client.get(f"/solicitudes/{lapsed.id}/recurso-por-falta-de-respuesta").status_code == 403
    sent = client.post(f"/solicitudes/{lapsed.id}/recurso-por-falta-de-respuesta", data=form_of(client))
    assert sent.status_code == 403
    with transaction(engine) as session:
        assert session.exec(select(Appeal)).all() == []
    assert "recurso-por-falta-de-respuesta" not in client.get(f"/solicitudes/{lapsed.id}").text


def test_a_request_still_in_term_offers_no_recurso(engine, demo, transparencia, sign_in, monkeypatch):
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    instance = file_request(engine, transparencia, fecha_recepcion=demo_today().isoformat(), hora_recepcion="09:00")
    request = request_of(engine, instance.id)
    client = sign_in("transparencia")
    assert "recurso-por-falta-de-respuesta" not in client.get(f"/solicitudes/{request.id}").text
    page = client.get(f"/solicitudes/{request.id}/recurso-por-falta-de-respuesta")
    assert "no admite un recurso por falta de respuesta" in page.text
    sent = client.post(f"/solicitudes/{request.id}/recurso-por-falta-de-respuesta", data=form_of(client))
    assert sent.status_code == 422 and "El plazo de respuesta no ha vencido" in sent.text
