"""The oficialía registers and turns a document, the enlace answers, the public checks the folio."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from engine.clock import DEFAULT_TIMEZONE, today_in


def sign_in(page, server, username, password):
    page.goto(f"{server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login"))


def sign_out(page):
    page.click("text=Salir")
    expect(page).to_have_url(re.compile(r"/login"))


def register_received(page, server, sender: str, subject: str) -> str:
    """The oficialía registers a document received today at the window; its folio."""
    page.goto(f"{server}/correspondencia/nueva")
    page.fill("[name=remitente]", sender)
    page.fill("[name=asunto]", subject)
    page.select_option("[name=canal]", "ventanilla")
    page.fill("[name=fecha_recepcion]", today_in(DEFAULT_TIMEZONE).isoformat())
    page.fill("[name=hora_recepcion]", "10:30")
    page.fill("[name=fojas]", "3")
    page.click("form button[type=submit]")
    folio_text = page.locator("text=/OP-\\d{4}-\\d{6}/").first
    expect(folio_text).to_be_visible()
    return re.search(r"OP-\d{4}-\d{6}", folio_text.inner_text()).group(0)


def test_a_document_goes_from_the_oficialia_to_the_enlace_and_the_public_sees_its_status(
        server, browser, password, demo):
    page = browser.new_page()
    sign_in(page, server, "oficialia", password)
    folio = register_received(page, server, "Mtra. Laura Díaz Ortega",
                              "Solicita el informe trimestral de avance del programa anual")

    page.goto(f"{server}/")
    page.click("text=Turnar a las áreas")
    page.check(f"input[name=areas][value='{demo.areas['DA'].id}']")
    page.fill("[name=instruccion]", "Favor de atender y dar respuesta directa")
    page.fill("[name=fecha_limite]", (today_in(DEFAULT_TIMEZONE) + timedelta(days=7)).isoformat())
    page.click("#form-tarea button[type=submit]")
    expect(page.locator("text=/[Tt]area completada|Se guardó/").first).to_be_visible()
    sign_out(page)

    sign_in(page, server, "enlace_da", password)
    page.goto(f"{server}/")
    page.click("#tabla-tareas button:has-text('Tomar')")  # htmx: the table reloads with the task taken
    expect(page.locator("#mensajes")).to_contain_text("Tomó la tarea")
    expect(page.locator("#tabla-tareas button:has-text('Liberar')")).to_be_visible()
    expect(page.locator("#tabla-tareas")).to_contain_text("Rosa Elena Martínez Cruz")
    page.click("text=Atender el turno")
    expect(page.locator("#acciones-tarea button:has-text('Liberar')")).to_be_visible()
    page.check("input[name=sentido][value=atendido]")
    page.fill("[name=respuesta]", "Se envía el informe trimestral solicitado")
    page.click("#form-tarea button[type=submit]")
    expect(page.locator("text=/[Tt]area completada|Se guardó/").first).to_be_visible()
    expect(page.locator("#acciones-tarea button")).to_have_count(0)  # nothing left to release
    sign_out(page)

    public = browser.new_page()
    public.goto(f"{server}/consulta?folio={folio}")
    expect(public.locator("body")).to_contain_text(folio)
    expect(public.locator("body")).to_contain_text("Atendido")
    expect(public.locator("body")).not_to_contain_text("Laura Díaz")
    expect(public.locator("body")).not_to_contain_text("informe trimestral")


def test_a_document_for_knowledge_only_is_concluded_from_the_turn_form(server, browser, password, demo):
    page = browser.new_page()
    sign_in(page, server, "oficialia", password)
    folio = register_received(page, server, "Lic. Mario Velasco", "Remite para conocimiento el calendario de sesiones")

    page.goto(f"{server}/")
    page.click("text=Turnar a las áreas")
    conclusion = page.locator("[name=conclusion]")
    expect(conclusion).to_be_hidden()  # only the chosen part of the form shows
    page.fill("[name=instruccion]", "x")  # too short: the form comes back with its errors
    page.click("#form-tarea button[type=submit]")
    expect(page.locator("#error-instruccion")).to_be_visible()
    expect(conclusion).to_be_hidden()  # the returned form still shows only the chosen part
    page.check("input[name=decision][value=concluir]")
    expect(conclusion).to_be_visible()
    expect(page.locator("[name=instruccion]")).to_be_hidden()
    conclusion.fill("Para conocimiento; se archiva en el expediente de sesiones.")
    page.click("#form-tarea button[type=submit]")
    expect(page.locator("text=/[Tt]area completada|Se guardó/").first).to_be_visible()

    page.goto(f"{server}/consulta?folio={folio}")
    expect(page.locator("body")).to_contain_text("Concluido")


@pytest.fixture
def one_megabyte_limit(monkeypatch):
    """Uploads limited to 1 MB; set before the server's app reads its settings."""
    monkeypatch.setenv("PLENO_MAX_UPLOAD_MB", "1")


def test_a_scan_over_the_limit_is_refused_when_chosen_and_the_form_is_kept(one_megabyte_limit, server, browser,
                                                                           password, demo):
    page = browser.new_page()
    sign_in(page, server, "oficialia", password)
    page.goto(f"{server}/correspondencia/nueva")
    page.fill("[name=remitente]", "Mtra. Laura Díaz Ortega")
    scan = page.locator("[name=archivo_id]")
    scan.set_input_files({"name": "oficio.pdf", "mimeType": "application/pdf",
                          "buffer": b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)})
    assert "demasiado grande: el máximo es 1 MB" in scan.evaluate("input => input.validationMessage")
    sent = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
    page.click("form button[type=submit]")
    page.wait_for_timeout(500)
    assert sent == []  # the browser kept it: nothing uploaded, nothing typed lost
    expect(page.locator("[name=remitente]")).to_have_value("Mtra. Laura Díaz Ortega")
    scan.set_input_files({"name": "oficio.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"})
    assert scan.evaluate("input => input.validationMessage") == ""
