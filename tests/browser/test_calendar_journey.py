"""The administrator declares a día inhábil; the enlace is told its date moved and reads why; the public calculates a term."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from engine.clock import DEFAULT_TIMEZONE, today_in
from engine.db import transaction
from engine.legal_calendar import calendar_for
from tests.browser.test_correspondence_journey import sign_in, sign_out
from tests.correspondence_steps import register_document
from tests.workflows.test_correspondence_deadlines import deadlines, turn_until


def test_a_declared_dia_inhabil_moves_the_enlaces_deadline_and_the_calculadora_explains_a_term(
        server, browser, password, demo, engine, oficialia):
    with transaction(engine) as session:
        calendar = calendar_for(session, demo.organization.id, "correspondencia")
        due = calendar.next_business_day(today_in(DEFAULT_TIMEZONE) + timedelta(days=14), include_same_day=True)
        closed = calendar.next_business_day(today_in(DEFAULT_TIMEZONE) + timedelta(days=7), include_same_day=True)
    turn_until(engine, oficialia, register_document(engine, oficialia).id, [demo.areas["DA"]], due)
    [deadline] = deadlines(engine)

    page = browser.new_page()
    sign_in(page, server, "admin", password)
    page.goto(f"{server}/admin/calendario/inhabiles?anio={closed.year}")
    page.fill("[name=desde]", closed.isoformat())
    page.fill("[name=motivo]", "Día del servidor público")
    page.fill("[name=acuerdo]", "Acuerdo SESAECH/CT/07/2026")
    page.click("text=Declarar y recalcular plazos")
    expect(page.locator("body")).to_contain_text("Se recalculó 1 plazo")
    expect(page.locator("body")).to_contain_text(deadline.title)
    sign_out(page)

    sign_in(page, server, "enlace_da", password)
    # The turn itself was announced when it landed on the area; the moved date is the second notice.
    expect(page.locator("#campana .numero-avisos")).to_have_text("2")
    page.click("#campana")
    expect(page.locator("main")).to_contain_text("Nuevo turno")
    page.click("text=/Cambió la fecha de vencimiento/")
    expect(page).to_have_url(re.compile(rf"/plazos/{deadline.id}$"))
    expect(page.locator("body")).to_contain_text("Día del servidor público — Acuerdo SESAECH/CT/07/2026")
    sign_out(page)

    public = browser.new_page()
    public.goto(f"{server}/calculadora")
    public.select_option("[name=organizacion]", "sesaech")
    public.fill("[name=fecha]", "2026-03-23")
    public.fill("[name=dias]", "20")
    public.click("text=Calcular")
    result = public.locator("#resultado, main").first
    expect(result).to_contain_text("20 de abril de 2026")
    expect(result).to_contain_text("sábado")


def test_choosing_a_year_clears_the_notice_of_an_impossible_one(server, browser, password):
    year = today_in(DEFAULT_TIMEZONE).year
    page = browser.new_page()
    sign_in(page, server, "admin", password)
    page.goto(f"{server}/admin/calendario/inhabiles?anio=99999")
    expect(page.locator("#aviso-anio")).to_contain_text(f"El año «99999» no es válido: elija uno de 2000 a {year + 5}.")
    page.select_option("#campo-anio", str(year + 1))
    expect(page.locator("#dias-del-anio h2").first).to_have_text(f"Declarados por acuerdo en {year + 1}")
    expect(page.locator("#aviso-anio")).to_have_text("")
