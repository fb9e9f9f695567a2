"""The way back from the answer on the pages: the respond form offers «Volver a analizar la solicitud», asks
for its reason beside the field, and the request's history says why it went back."""

from engine.clock import DEFAULT_TIMEZONE, today_in
from tests.access_request_steps import complete, file_request, request_of, task_named, turn
from tests.web.conftest import csrf_of, hidden_value
from workflows.access_request.models import RequestStatus

REASON = "Los contratos de 2025 los tiene Recursos Materiales, no Administración."


def test_the_respond_form_offers_going_back_to_the_analysis_with_its_reason(engine, demo, transparencia,
                                                                            enlace_area_a, sign_in):
    today = today_in(DEFAULT_TIMEZONE).isoformat()  # all on one day: no timer of the process comes due
    instance = file_request(engine, transparencia, fecha_recepcion=today, hora_recepcion="00:01")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "entrega_total", "respuesta": "Se localizaron los contratos."}, area_id=demo.areas["DA"].id)
    client = sign_in("transparencia")
    task = task_named(engine, instance.id, "respond")
    form = client.get(f"/tareas/{task.id}").text
    assert 'name="accion" value="responder" checked> Responder' in form
    assert 'name="accion" value="volver"> Volver a analizar la solicitud' in form
    assert 'name="motivo"' in form
    # The answer's fields are marked, but the browser does not demand them: going back needs none.
    assert 'Sentido de la respuesta <span class="obligatorio">*</span>' in form and 'name="sentido" required' not in form

    short = client.post(f"/tareas/{task.id}", data={"accion": "volver", "motivo": "Otra área",
                                                    "version": hidden_value(form, "version"),
                                                    "_csrf_token": csrf_of(client)})
    assert short.status_code == 422
    assert ('id="error-motivo">Escriba el motivo para volver a analizar la solicitud (al menos 10 caracteres).'
            in short.text)
    assert 'id="error-sentido"' not in short.text  # not answering: the answer's fields are not asked for
    assert task_named(engine, instance.id, "respond")

    sent = client.post(f"/tareas/{task.id}", data={"accion": "volver", "motivo": REASON,
                                                   "version": hidden_value(form, "version"),
                                                   "_csrf_token": csrf_of(client)}, follow_redirects=False)
    assert sent.status_code == 303
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.REANALYSIS
    assert task_named(engine, instance.id, "review")
    detail = client.get(f"/solicitudes/{request.id}").text
    assert f"Volvió a analizar la solicitud antes de responder: {REASON}" in detail


def test_back_at_the_analysis_the_form_shows_what_the_areas_already_answered(engine, demo, transparencia,
                                                                             enlace_area_a, sign_in):
    today = today_in(DEFAULT_TIMEZONE).isoformat()
    instance = file_request(engine, transparencia, fecha_recepcion=today, hora_recepcion="00:01")
    client = sign_in("transparencia")
    first_review = client.get(f"/tareas/{task_named(engine, instance.id, 'review').id}").text
    assert "Lo que ya respondieron las áreas" not in first_review  # nothing turned yet: nothing to show
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "entrega_parcial", "respuesta": "Se localizaron los contratos de 2024."},
             area_id=demo.areas["DA"].id)
    complete(engine, transparencia, instance.id, "respond", {"accion": "volver", "motivo": REASON})
    review = client.get(f"/tareas/{task_named(engine, instance.id, 'review').id}").text
    assert "Lo que ya respondieron las áreas" in review
    assert f"<strong>{demo.areas['DA'].name}</strong>: Entrega parcial — Se localizaron los contratos de 2024." in review
