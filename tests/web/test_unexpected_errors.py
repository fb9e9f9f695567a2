"""A failure no page foresaw: a Spanish page (or JSON for the API) for the person, the traceback in the log."""

import logging

import pytest

from engine.accounts import issue_api_token
from engine.db import transaction
from web.routes import api, deadlines


def broken(*args, **kwargs):
    raise RuntimeError("la base de datos se fue")


@pytest.fixture
def failing_reads(monkeypatch):
    """Fault injection: the lists' reads fail as a lost database connection would."""
    monkeypatch.setattr(deadlines, "my_deadlines", broken)
    monkeypatch.setattr(api.inbox, "my_tasks", broken)


def test_a_page_that_fails_shows_a_spanish_page_and_logs_the_traceback(sign_in, failing_reads, caplog):
    with caplog.at_level(logging.ERROR, logger="pleno.web"):
        page = sign_in("transparencia").get("/plazos")
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert "Ocurrió un error inesperado; no se guardó nada." in page.text
    assert "la base de datos se fue" not in page.text  # no internals for the person
    [record] = [r for r in caplog.records if r.name == "pleno.web"]
    assert record.getMessage() == "Error no controlado en GET /plazos"
    assert "RuntimeError: la base de datos se fue" in caplog.text


def test_the_api_answers_a_failure_with_json_in_spanish(engine, demo, client, failing_reads):
    with transaction(engine) as session:
        token = issue_api_token(session, demo.users["transparencia"], "pruebas")
    response = client.get("/api/v1/tareas", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 500
    assert response.json() == {"error": "Ocurrió un error inesperado; no se guardó nada. Intente de nuevo."}
