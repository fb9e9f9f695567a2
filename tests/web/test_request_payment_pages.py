"""The request page says a payment is pending and the Unidad records it from there."""

from datetime import UTC, datetime, timedelta

import pytest

from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus
from engine.documents import long_date
from engine.timers import fire_due_timers
from tests.access_request_steps import complete, deadline_rows, file_request, request_of, turn
from tests.arco_request_steps import file_arco
from tests.today import demo_today, demo_workday, workday_until
from tests.web.conftest import csrf_of
from tests.workflows.test_arco_request_paths import answer as arco_answer, respond as arco_respond, turn as arco_turn
from workflows.access_request import handlers



@pytest.fixture
def answered_with_cost(engine, demo, transparencia, enlace_area_a, monkeypatch):
    """Filed a week ago, answered today (the last día hábil) with a cost of 150 pesos."""
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    instance = file_request(engine, transparencia, fecha_recepcion=(demo_today() - timedelta(days=7)).isoformat(),
                            hora_recepcion="09:00")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "entrega_total", "respuesta": "Se localizaron los contratos."}, area_id=demo.areas["DA"].id)
    complete(engine, transparencia, instance.id, "respond", {
        "sentido": "entrega_total", "respuesta": "Se entregan en copia simple previo pago.", "modalidad": "copia_simple",
        "costo": "150", "hojas": "300", "fecha_notificacion": demo_workday().isoformat()})
    return request_of(engine, instance.id)


def test_the_unidad_sees_the_pending_payment_and_records_it(engine, answered_with_cost, sign_in):
    request = answered_with_cost
    client = sign_in("transparencia")
    page = client.get(f"/solicitudes/{request.id}")
    assert "Pago pendiente: el solicitante tiene hasta el" in page.text
    assert f'href="/solicitudes/{request.id}/pago"' in page.text
    form = client.get(f"/solicitudes/{request.id}/pago")
    assert form.status_code == 200 and "La respuesta fijó un costo de 150.00 MXN" in form.text
    sent = client.post(f"/solicitudes/{request.id}/pago", follow_redirects=False, data={
        "_csrf_token": csrf_of(client), "fecha_pago": demo_today().isoformat(), "referencia": "Recibo 4471"})
    assert (sent.status_code, sent.headers["location"]) == (303, f"/solicitudes/{request.id}")
    window, kept = deadline_rows(engine, request.folio)[DeadlineKind.ENTREGA]
    assert (window.status, kept.rule_key, kept.status) == (DeadlineStatus.MET, "conservacion", DeadlineStatus.OPEN)
    page = client.get(f"/solicitudes/{request.id}")
    assert "Pago pendiente" not in page.text and "Información a disposición del solicitante" in page.text
    # What was typed as the receipt is kept beside the day it was paid.
    assert (f"<dt>Pago de los costos</dt><dd>Pagado el {long_date(demo_today())} · referencia Recibo 4471</dd>"
            in page.text)
    assert "Recibo 4471" not in sign_in("enlace_da").get(f"/solicitudes/{request.id}").text


def test_a_payment_dated_in_the_future_is_refused_and_kept_in_the_form(engine, answered_with_cost, sign_in):
    request = answered_with_cost
    client = sign_in("transparencia")
    tomorrow = (demo_today() + timedelta(days=1)).isoformat()
    sent = client.post(f"/solicitudes/{request.id}/pago", data={"_csrf_token": csrf_of(client), "fecha_pago": tomorrow})
    assert sent.status_code == 422 and "Revise los campos marcados: el pago no se registró." in sent.text
    assert f'value="{tomorrow}"' in sent.text
    [window] = deadline_rows(engine, request.folio)[DeadlineKind.ENTREGA]
    assert window.status == DeadlineStatus.OPEN


def test_an_enlace_may_not_record_a_payment(engine, answered_with_cost, sign_in):
    request = answered_with_cost
    client = sign_in("enlace_da")
    assert client.get(f"/solicitudes/{request.id}/pago").status_code == 403
    assert client.post(f"/solicitudes/{request.id}/pago",
                       data={"_csrf_token": csrf_of(client), "fecha_pago": demo_today().isoformat()}).status_code == 403
    [window] = deadline_rows(engine, request.folio)[DeadlineKind.ENTREGA]
    assert window.status == DeadlineStatus.OPEN
    assert f'href="/solicitudes/{request.id}/pago"' not in client.get(f"/solicitudes/{request.id}").text


def test_a_window_to_pay_that_ran_out_says_so_instead_of_pending(engine, demo, transparencia, enlace_area_a,
                                                                 sign_in, monkeypatch):
    # Filed three months ago and answered two weeks later with a cost: its 30 días hábiles are over.
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    filed = demo_today() - timedelta(days=90)
    instance = file_request(engine, transparencia, fecha_recepcion=filed.isoformat(), hora_recepcion="09:00")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "entrega_total", "respuesta": "Se localizaron los contratos."}, area_id=demo.areas["DA"].id)
    complete(engine, transparencia, instance.id, "respond", {
        "sentido": "entrega_total", "respuesta": "Se entregan en copia simple previo pago.", "modalidad": "copia_simple",
        "costo": "150", "hojas": "300", "fecha_notificacion": workday_until(filed + timedelta(days=14)).isoformat()})
    request = request_of(engine, instance.id)
    client = sign_in("transparencia")
    page = client.get(f"/solicitudes/{request.id}")
    assert "El plazo para pagar venció el" in page.text and "Pago pendiente" not in page.text
    # The requester's window is over, not the Unidad's term overdue: no red «Vencido hace …».
    line = page.text[page.text.index("Pago de los costos de reproducción"):]
    line = line[:line.index("</li>")]
    assert "· Transcurrido" in line and "Vencido" not in line and "etiqueta-vencida" not in line
    form = client.get(f"/solicitudes/{request.id}/pago")
    assert "sin pago registrado: registre el pago solo si se hizo a más tardar ese día" in form.text


def test_a_lapsed_window_to_pay_leaves_mis_plazos_but_stays_under_vencido(engine, answered_with_cost, sign_in):
    request = answered_with_cost
    client = sign_in("transparencia")
    assert "Pago de los costos de reproducción" in client.get("/plazos").text
    [window] = deadline_rows(engine, request.folio)[DeadlineKind.ENTREGA]
    with transaction(engine) as session:  # as the alert sweep leaves it the day after its last day
        session.get(Deadline, window.id).status = DeadlineStatus.MISSED
    assert "Pago de los costos de reproducción" not in client.get("/plazos").text
    assert "Pago de los costos de reproducción" in client.get("/plazos?estado=vencido").text


def test_the_payment_page_of_an_arco_answer_speaks_of_the_titular_and_the_right(
        engine, demo, transparencia, enlace_area_a, sign_in):
    # Answered on 10 April 2026 with costs: the titular's window to pay ran out on 4 May 2026.
    instance = file_arco(engine, transparencia)
    arco_turn(engine, transparencia, instance.id, demo.areas["DA"])
    arco_answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    arco_respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="300", costo="150")
    request = request_of(engine, instance.id)
    form = sign_in("transparencia").get(f"/solicitudes/{request.id}/pago")
    assert "(después, para que el derecho se haga efectivo se necesita una nueva solicitud)" in form.text
    assert "Fecha en que el titular pagó" in form.text
    assert "solicitante" not in form.text and "la información" not in form.text


def test_the_request_page_says_an_arco_right_was_not_made_effective_because_its_costs_went_unpaid(
        engine, demo, transparencia, enlace_area_a, sign_in):
    # Answered on 10 April 2026 with costs: the titular's window to pay ended on 4 May 2026 with nothing paid.
    instance = file_arco(engine, transparencia)
    arco_turn(engine, transparencia, instance.id, demo.areas["DA"])
    arco_answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    arco_respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="300", costo="150")
    fire_due_timers(engine)
    request = request_of(engine, instance.id)
    page = sign_in("transparencia").get(f"/solicitudes/{request.id}").text
    assert ("<dt>Efectividad del derecho</dt><dd>No se hizo efectivo: el plazo para pagar los costos venció el 4 de "
            "mayo de 2026 sin pago, y con él concluyó la obligación de hacerlo efectivo. Para ejercerlo, el titular "
            "debe presentar una nueva solicitud; si pagó a más tardar ese día, registre el pago y el derecho vuelve "
            "a hacerse efectivo.</dd>") in page
    assert "Hacer efectivo el derecho</a>" not in page  # no task left in «Tareas pendientes»
    # An area's enlace follows its turn, not the titular's payment.
    assert "No se hizo efectivo" not in sign_in("enlace_da").get(f"/solicitudes/{request.id}").text


def test_the_request_page_of_an_arco_answer_with_costs_says_the_titular_has_to_pay(
        engine, demo, transparencia, enlace_area_a, sign_in, monkeypatch):
    # Filed a week ago, answered today (the last día hábil) with a cost: the window to pay is running.
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    instance = file_arco(engine, transparencia, fecha_recepcion=(demo_today() - timedelta(days=7)).isoformat(),
                         hora_recepcion="09:00")
    arco_turn(engine, transparencia, instance.id, demo.areas["DA"])
    arco_answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    arco_respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="300", costo="150",
                 fecha_notificacion=demo_workday().isoformat())
    page = sign_in("transparencia").get(f"/solicitudes/{request_of(engine, instance.id).id}").text
    assert "Pago pendiente: el titular tiene hasta el" in page and "solicitante tiene" not in page
