"""The Unidad registers a request and turns it, the enlace answers, the Unidad answers with the generated
oficio, and the public folio page shows the request answered."""

import re

from playwright.sync_api import expect

from engine.documents import text_of
from tests.browser.test_correspondence_journey import sign_in, sign_out
from tests.engine.test_runtime import forget_parsed_definitions
from tests.today import demo_workday


def open_task(page, server, title):
    page.goto(f"{server}/tareas")
    page.click(f"text={title}")
    expect(page.locator("#form-tarea")).to_be_visible()


def submit_task(page):
    page.click("#form-tarea button[type=submit]")
    expect(page.locator("text=/[Tt]area completada|Se guardó/").first).to_be_visible()


def test_a_request_goes_from_the_unidad_to_the_enlace_and_back_and_the_public_sees_it_answered(
        server, browser, password, demo):
    today = demo_workday().isoformat()  # the oficio de respuesta is dated on a día hábil
    page = browser.new_page()
    sign_in(page, server, "transparencia", password)
    page.goto(f"{server}/solicitudes/nueva")
    page.select_option("[name=canal]", "pnt")
    page.fill("[name=folio_pnt]", "330024626000777")
    page.fill("[name=fecha_recepcion]", today)
    page.fill("[name=hora_recepcion]", "10:00")
    page.fill("[name=nombre]", "María López Hernández")
    page.fill("[name=descripcion]", "Solicito los contratos de arrendamiento vigentes y sus anexos.")
    page.click("text=Registrar solicitud")
    expect(page).to_have_url(re.compile(r"/solicitudes/\d+$"))
    folio = re.search(r"SAI-\d{4}-\d{5}", page.locator("body").inner_text()).group(0)
    request_url = page.url

    open_task(page, server, "Analizar la solicitud")
    page.check("input[name=decision][value=turnar]")
    page.check(f"input[name=areas][value='{demo.areas['DA'].id}']")
    page.fill("[name=instruccion]", "Localizar los contratos y entregarlos")
    submit_task(page)
    sign_out(page)
    forget_parsed_definitions()  # the server restarts before the area answers, as overnight in an office

    sign_in(page, server, "enlace_da", password)
    open_task(page, server, "Responder la solicitud turnada")
    expect(page.locator("body")).not_to_contain_text("María López Hernández")
    page.select_option("[name=sentido]", "entrega_total")
    page.fill("[name=respuesta]", "Se localizaron tres contratos vigentes; se anexan.")
    submit_task(page)
    sign_out(page)

    sign_in(page, server, "transparencia", password)
    open_task(page, server, "Responder al solicitante")
    page.select_option("[name=sentido]", "entrega_total")
    page.fill("[name=respuesta]", "Se entregan los tres contratos de arrendamiento vigentes.")
    page.select_option("[name=modalidad]", "electronica")
    page.fill("[name=fecha_notificacion]", today)
    submit_task(page)
    page.goto(request_url)
    link = page.locator("a", has_text=re.compile("Oficio de respuesta")).first
    expect(link).to_be_visible()
    oficio = page.request.get(server + link.get_attribute("href"))
    assert oficio.ok and oficio.body()[:2] == b"PK"
    assert re.search(rf"Oficio núm\. UT/\d{{4}}/\d{{4}}\nAsunto: respuesta a la solicitud {folio}", text_of(oficio.body()))
    sign_out(page)

    public = browser.new_page()
    public.goto(f"{server}/consulta?folio={folio}")
    body = public.locator("body")
    expect(body).to_contain_text(folio)
    expect(body).to_contain_text("Respondida")
    expect(body).not_to_contain_text("María López Hernández")
    expect(body).not_to_contain_text("contratos de arrendamiento")
