"""The free hojas simples on the pages: the respond form says how many and by which law, refuses a
charge for them beside the cost, and an administrator corrects the number in a rule-set variant."""

from sqlmodel import select

from engine.clock import DEFAULT_TIMEZONE, today_in
from engine.db import transaction
from engine.rule_sets import RuleSetVariant
from tests.access_request_steps import complete, file_request, request_of, task_named, turn
from tests.web.conftest import csrf_of, hidden_value
from workflows.access_request.models import RequestStatus

HINT = "La entrega de no más de 20 hojas simples es sin costo (LGTAIP 2025, arts. 137 y 143)."


def test_the_respond_form_names_the_free_hojas_and_refuses_a_charge_for_them(engine, demo, transparencia,
                                                                            enlace_area_a, sign_in):
    today = today_in(DEFAULT_TIMEZONE).isoformat()  # all on one day: no timer of the process comes due
    instance = file_request(engine, transparencia, fecha_recepcion=today, hora_recepcion="00:01")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "entrega_total", "respuesta": "Se localizaron los contratos."}, area_id=demo.areas["DA"].id)
    client = sign_in("transparencia")
    task = task_named(engine, instance.id, "respond")
    form = client.get(f"/tareas/{task.id}").text
    assert 'name="hojas"' in form and HINT in form
    refused = client.post(f"/tareas/{task.id}", data={
        "sentido": "entrega_total", "respuesta": "Se entregan los contratos en copia simple.",
        "modalidad": "copia_simple", "hojas": "8", "costo": "16", "fecha_notificacion": today,
        "version": hidden_value(form, "version"), "_csrf_token": csrf_of(client)})
    assert refused.status_code == 422
    assert ('id="error-costo">La entrega de no más de 20 hojas simples es sin costo (LGTAIP 2025, arts. 137 y 143): '
            'registre costo 0.') in refused.text
    assert 'value="8"' in refused.text  # what was typed is kept
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING


def test_an_administrator_changes_the_free_hojas_in_a_variant(sign_in, engine):
    browser = sign_in("admin")
    assert "Hojas simples que se entregan sin costo" in browser.get("/admin/reglas").text
    assert 'name="valor-hojas_sin_costo"' in browser.get("/admin/reglas/nueva?base=MX-LGTAIP-2025").text
    form = {"base": "MX-LGTAIP-2025", "clave": "est-ltaip", "nombre": "Ley de Transparencia del Estado",
            "valor-hojas_sin_costo": "50", "fundamento-hojas_sin_costo": "Ley de Transparencia del Estado, art. 150",
            "_csrf_token": csrf_of(browser)}
    assert browser.post("/admin/reglas/variantes", data=form, follow_redirects=False).status_code == 303
    with transaction(engine) as session:
        variant = session.exec(select(RuleSetVariant)).one()
    assert variant.overrides == {"hojas_sin_costo": {"value": 50, "basis": "Ley de Transparencia del Estado, art. 150"}}
    url = f"/admin/reglas/variantes/{variant.id}"
    wrong = browser.post(url, data={
        "nombre": "Ley de Transparencia del Estado", "valor-hojas_sin_costo": "muchas",
        "version": hidden_value(browser.get(url).text, "version"), "_csrf_token": csrf_of(browser)})
    assert wrong.status_code == 400 and 'id="error-valor-hojas_sin_costo">Escriba un número entero no negativo.' in wrong.text
