"""A task form's checks of several fields put their message beside the field they are about, and a
check about no single field shows its message above the form: never only «revise los campos»."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from pydantic import BaseModel, model_validator

from engine.clock import DEFAULT_TIMEZONE, today_in
from engine.documents import long_date
from engine.forms import FieldProblem, FormInvalid, validate_form
from tests.access_request_steps import file_request, request_of, task_named, turn
from tests.correspondence_steps import open_tasks, register_document
from tests.web.conftest import csrf_of, hidden_value
from web.app import _jinja
from engine.processes import InstanceStatus, ProcessInstance
from engine.db import reading
from workflows.access_request.models import RequestStatus

HTMX = {"HX-Request": "true", "HX-Target": "tarea"}


def submit(client, task_id, form_page, data):
    return client.post(f"/tareas/{task_id}", headers=HTMX, data={
        **data, "version": hidden_value(form_page, "version"), "_csrf_token": csrf_of(client)})


def test_a_prevention_dated_tomorrow_is_refused_beside_its_date(engine, demo, transparencia, sign_in):
    instance = file_request(engine, transparencia)
    client = sign_in("transparencia")
    task = task_named(engine, instance.id, "review")
    page = client.get(f"/tareas/{task.id}").text
    tomorrow = (today_in(DEFAULT_TIMEZONE) + timedelta(days=1)).isoformat()
    refused = submit(client, task.id, page, {"decision": "prevenir", "fecha_prevencion": tomorrow,
                                             "requerimiento": "Precise el periodo de los contratos que solicita."})
    assert refused.status_code == 422
    assert 'id="error-fecha_prevencion">La fecha no puede ser posterior a hoy.' in refused.text
    assert "Precise el periodo de los contratos que solicita.</textarea>" in refused.text
    assert 'name="decision" value="prevenir" required checked>' in " ".join(refused.text.split())  # still chosen
    no_area = submit(client, task.id, page, {"decision": "turnar", "instruccion": "Atender"})
    assert 'id="error-areas">Elija al menos un área a la cual turnar.' in no_area.text
    assert request_of(engine, instance.id).status == RequestStatus.REGISTERED


def test_a_prevention_dated_on_a_saturday_is_refused_beside_its_date_and_takes_no_number(
        engine, demo, transparencia, sign_in):
    today = today_in(DEFAULT_TIMEZONE)
    saturday = today - timedelta(days=(today.weekday() - 5) % 7)  # the last one, today included
    instance = file_request(engine, transparencia, fecha_recepcion=(saturday - timedelta(days=1)).isoformat())
    client = sign_in("transparencia")
    task = task_named(engine, instance.id, "review")
    page = client.get(f"/tareas/{task.id}").text
    refused = submit(client, task.id, page, {"decision": "prevenir", "fecha_prevencion": saturday.isoformat(),
                                             "requerimiento": "Precise el periodo de los contratos que solicita."})
    assert refused.status_code == 422
    assert (f'id="error-fecha_prevencion">El {long_date(saturday)} es día inhábil en el calendario de la institución '
            "(sábado): un oficio se fecha en día hábil.") in refused.text
    assert request_of(engine, instance.id).status == RequestStatus.REGISTERED
    assert task_named(engine, instance.id, "review").id == task.id  # still open


def test_a_classification_without_reasons_is_refused_beside_the_fundamento(engine, demo, transparencia,
                                                                          enlace_area_a, sign_in):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    client = sign_in("enlace_da")
    task = task_named(engine, instance.id, "area_answer")
    page = client.get(f"/tareas/{task.id}").text
    refused = submit(client, task.id, page, {"sentido": "reservada", "respuesta": "Los contratos están reservados."})
    assert refused.status_code == 422
    assert ('id="error-fundamento">Funde y motive la propuesta para el Comité de Transparencia '
            '(al menos 10 caracteres).') in refused.text
    assert task_named(engine, instance.id, "area_answer").id == task.id  # still open


def test_a_check_about_no_single_field_is_shown_above_the_form(demo, sign_in):
    class Both(BaseModel):
        a: str = ""
        b: str = ""

        @model_validator(mode="after")
        def one(self):
            if not (self.a or self.b):
                raise ValueError("Escriba uno de los dos.")
            if self.a and self.b:
                raise FieldProblem("b", "Escriba solo uno.")
            return self

    with pytest.raises(FormInvalid) as neither:
        validate_form(Both, {})
    with pytest.raises(FormInvalid) as both:
        validate_form(Both, {"a": "x", "b": "y"})
    assert (neither.value.errors, both.value.errors) == ({"__all__": "Escriba uno de los dos."},
                                                         {"b": "Escriba solo uno."})
    environment = _jinja().engine  # the app's own templates and filters
    task, instance = SimpleNamespace(id="t-1", process_id="correspondence", task_name="close"), SimpleNamespace(version=3)
    html = environment.get_template("tasks/_task_form.html").render(
        task=task, instance=instance, data={}, values={}, errors=neither.value.errors, csrf_token=lambda: "x")
    assert 'role="alert">Escriba uno de los dos.</div>' in html
    plain = environment.get_template("tasks/_task_form.html").render(
        task=task, instance=instance, data={}, values={}, errors=both.value.errors, csrf_token=lambda: "x")
    assert 'role="alert">Revise los campos marcados: el formulario no se guardó.</div>' in plain


def test_a_required_field_keeps_a_space_before_its_required_attribute():
    fields = _jinja().engine.from_string('{% import "forms/_fields.html" as f %}'
                                         '{{ f.text("codigo", "Código", {"codigo": "DA"}, {}, required=True) }}')
    assert 'value="DA" required' in " ".join(fields.render().split())


@pytest.mark.parametrize("htmx", [True, False])
def test_a_turn_to_an_area_id_edited_by_hand_is_refused_beside_the_areas_and_nothing_changes(
        engine, demo, oficialia, sign_in, htmx):
    instance = register_document(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    client = sign_in("oficialia")
    page = client.get(f"/tareas/{task.id}").text
    refused = client.post(f"/tareas/{task.id}", headers=HTMX if htmx else {}, follow_redirects=False, data={
        "decision": "turnar", "areas": ["99"], "instruccion": "Atender la petición",
        "fecha_limite": (today_in(DEFAULT_TIMEZONE) + timedelta(days=5)).isoformat(),
        "version": hidden_value(page, "version"), "_csrf_token": csrf_of(client)})
    assert refused.status_code == 422
    assert 'id="error-areas">El área 99 no existe en este ente: elija las áreas de la lista.' in refused.text
    assert [t.id for t in open_tasks(engine, instance.id)] == [task.id]
    with reading(engine) as session:
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.RUNNING
