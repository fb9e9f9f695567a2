"""Path tests of the way back from the answer (respond_gateway, in access and ARCO): the Unidad, about to
answer, goes back to its analysis with a reason and turns the request again; restored from storage at
each step. Dates as in test_access_request_paths: filed Monday 23 March 2026, due 20 April 2026."""

import re

import pytest
from sqlmodel import select

from engine.db import transaction
from engine.deadlines import DeadlineKind, DeadlineStatus
from engine.files import StoredFile
from engine.forms import FormInvalid, validate_form
from engine.processes import InstanceStatus, ProcessInstance
from engine import runtime as runtime_module
from engine.runtime import runtime
from engine.settings import ROOT
from tests.access_request_steps import (complete, deadline_rows, file_request, request_of, tasks, turn,  # noqa: F401
                                        working_in_march_2026)
from tests.arco_request_steps import file_arco
from tests.timeline import summaries
from web.app import _jinja
from web.routes.tasks import task_form_context
from workflows.access_request.forms import RespondForm
from workflows.access_request.handlers import NO_WAY_BACK
from workflows.access_request.models import RequestStatus, RequestTurn, RequestTurnStatus

PROCESSES = {"access_request": file_request, "arco_request": file_arco}
# After the answer: the requester's window to appeal; in ARCO, first making the right effective.
AFTER_THE_ANSWER = {"access_request": "appeal", "arco_request": "make_effective"}
RESPOND_TITLE = {"access_request": "Responder al solicitante", "arco_request": "Responder al titular"}
REASON = "La Dirección de Administración no tiene los contratos de 2025: los tiene Recursos Materiales."


def names(engine, instance_id) -> list[str]:
    return [t.task_name for t in tasks(engine, instance_id)]


def answer(engine, enlace, instance_id, area):
    return complete(engine, enlace, instance_id, "area_answer",
                    {"sentido": "entrega_total", "respuesta": "Se localizaron los documentos; se anexan."},
                    area_id=area.id)


def respond(engine, transparencia, instance_id, **extra):
    data = {"sentido": "entrega_total", "respuesta": "Se entregan los documentos solicitados en formato electrónico.",
            "modalidad": "electronica", "costo": "0", "fecha_notificacion": "2026-04-10"}
    return complete(engine, transparencia, instance_id, "respond", {**data, **extra})


def go_back(engine, transparencia, instance_id, motivo=REASON, **extra):
    return complete(engine, transparencia, instance_id, "respond", {"accion": "volver", "motivo": motivo, **extra})


def turned_and_answered(engine, demo, transparencia, enlace_area_a, process):
    instance = PROCESSES[process](engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    assert names(engine, instance.id) == ["respond"]
    return instance


def respond_form(engine, actor, instance_id, process) -> str:
    [task] = tasks(engine, instance_id)
    with transaction(engine) as session:
        context = task_form_context(session, actor, task)
    return _jinja().engine.get_template(f"forms/{process}/respond.html").render(context)


@pytest.mark.parametrize("process", PROCESSES)
def test_going_back_from_the_answer_records_nothing_of_it_and_the_unidad_turns_another_area(
        engine, demo, transparencia, enlace_area_a, enlace_area_b, process):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, process)
    go_back(engine, transparencia, instance.id)
    assert names(engine, instance.id) == ["review"]
    request = request_of(engine, instance.id)
    assert (request.status, request.answer_sense, request.answered_on, request.oficio_number) == (
        RequestStatus.REANALYSIS, None, None, "")
    # The response term keeps running; no oficio was written.
    rows = deadline_rows(engine, request.folio)
    assert rows[DeadlineKind.RESPUESTA][0].status == DeadlineStatus.OPEN and DeadlineKind.RECURSO not in rows
    with transaction(engine) as session:
        assert session.exec(select(StoredFile).where(StoredFile.instance_id == instance.id,
                                                     StoredFile.kind.like("oficio%"))).all() == []
        assert session.get(ProcessInstance, instance.id).error_message is None
    assert summaries(engine, instance.id, "solicitud.vuelve_a_analisis") == [
        f"Volvió a analizar la solicitud antes de responder: {REASON}"]
    assert summaries(engine, instance.id, "tarea.completada")[-1] == (
        f"Dejó «{RESPOND_TITLE[process]}» sin responder para volver a analizar la solicitud")

    turn(engine, transparencia, instance.id, demo.areas["DRI"])
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"])
    with transaction(engine) as session:
        turns = session.exec(select(RequestTurn).order_by(RequestTurn.id)).all()
    assert [(t.round, t.area_id, t.status) for t in turns] == [
        (1, demo.areas["DA"].id, RequestTurnStatus.ANSWERED), (2, demo.areas["DRI"].id, RequestTurnStatus.ANSWERED)]
    assert names(engine, instance.id) == ["respond"]
    respond(engine, transparencia, instance.id)
    request = request_of(engine, instance.id)
    # The first oficio of the year: going back took no number.
    assert (request.status, request.answer_sense, request.oficio_number) == (
        RequestStatus.ANSWERED, "entrega_total", "UT/0001/2026")
    assert deadline_rows(engine, request.folio)[DeadlineKind.RESPUESTA][0].status == DeadlineStatus.MET
    assert names(engine, instance.id) == [AFTER_THE_ANSWER[process]]


def test_going_back_from_an_answer_given_without_turning_leaves_the_request_registrada(engine, transparencia):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    go_back(engine, transparencia, instance.id)
    # Never turned: it is back where it was registered, not «De nuevo en análisis».
    assert request_of(engine, instance.id).status == RequestStatus.REGISTERED
    assert names(engine, instance.id) == ["review"]


def test_the_unidad_may_go_back_more_than_once_and_each_reason_is_in_the_history(
        engine, demo, transparencia, enlace_area_a, enlace_area_b):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, "access_request")
    go_back(engine, transparencia, instance.id)
    turn(engine, transparencia, instance.id, demo.areas["DRI"])
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"])
    go_back(engine, transparencia, instance.id, motivo="Falta el anexo de 2024: se pide de nuevo a Administración.")
    assert names(engine, instance.id) == ["review"]
    assert summaries(engine, instance.id, "solicitud.vuelve_a_analisis") == [
        f"Volvió a analizar la solicitud antes de responder: {REASON}",
        "Volvió a analizar la solicitud antes de responder: Falta el anexo de 2024: se pide de nuevo a "
        "Administración."]


def test_what_was_typed_in_the_answer_before_going_back_is_neither_checked_nor_kept(
        engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, "access_request")
    # A half-written answer, with a date still to come: not an answer, so not refused either.
    go_back(engine, transparencia, instance.id, respuesta="Se entre", fecha_notificacion="2099-01-01",
            sentido="entrega_total")
    request = request_of(engine, instance.id)
    assert (request.answer_text, request.answered_on) == ("", None)
    # Nor in the process's data, which holds only why it went back.
    [review] = tasks(engine, instance.id)
    with transaction(engine) as session:
        data = runtime.task_data(session, session.get(ProcessInstance, instance.id), review.id)
    assert (data["accion"], data["motivo"]) == ("volver", REASON)
    assert not {"sentido", "respuesta", "modalidad"} & data.keys()
    assert data["fecha_notificacion"] is None  # the analysis form's own field (the incompetencia's), left empty


@pytest.mark.parametrize("motivo", ["", "   ", "Otra área"])
def test_going_back_without_a_reason_of_ten_characters_is_refused_beside_it(
        engine, demo, transparencia, enlace_area_a, motivo):
    message = "Escriba el motivo para volver a analizar la solicitud (al menos 10 caracteres)."
    with pytest.raises(FormInvalid) as refused:
        validate_form(RespondForm, {"accion": "volver", "motivo": motivo})
    assert refused.value.errors == {"motivo": message}
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, "access_request")
    with pytest.raises(FormInvalid) as refused:
        go_back(engine, transparencia, instance.id, motivo=motivo)
    assert refused.value.errors == {"motivo": message}
    assert names(engine, instance.id) == ["respond"]
    assert summaries(engine, instance.id, "solicitud.vuelve_a_analisis") == []


def test_answering_still_needs_every_field_of_the_answer():
    with pytest.raises(FormInvalid) as refused:
        validate_form(RespondForm, {"accion": "responder", "motivo": "Lo que sea de motivo"})
    assert refused.value.errors == {name: "Este campo es obligatorio." for name in
                                    ("sentido", "respuesta", "modalidad", "fecha_notificacion")}


@pytest.mark.parametrize("process", PROCESSES)
def test_the_respond_form_offers_going_back_with_its_reason(engine, demo, transparencia, enlace_area_a, process):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, process)
    page = respond_form(engine, transparencia, instance.id, process)
    assert 'name="accion" value="responder" checked> Responder' in page
    assert 'name="accion" value="volver"> Volver a analizar la solicitud' in page
    assert 'name="motivo"' in page and '<div data-si="accion:responder">' in page


def without_the_way_back(xml: str) -> str:
    """The diagram as it was before respond_gateway: the answer went straight to record_response."""
    added = "respond_gateway|return_to_review|f_respond_gateway|f_respond_back|f_back_review"
    xml = re.sub(r'\s*<bpmn:sequenceFlow id="(' + added + r')"[^>]*/>', "", xml)
    xml = re.sub(r'\s*<bpmn:(exclusiveGateway|serviceTask|sequenceFlow) id="(' + added + r')"[^>]*(?<!/)>.*?</bpmn:\1>',
                 "", xml, flags=re.S)
    xml = re.sub(r"\s*<bpmn:(incoming|flowNodeRef)>(" + added + r")</bpmn:\1>", "", xml)
    xml = re.sub(r'\s*<bpmndi:(BPMNShape|BPMNEdge) id="(' + added + r')_di".*?</bpmndi:\1>', "", xml, flags=re.S)
    xml = xml.replace("<bpmn:outgoing>f_respond_gateway</bpmn:outgoing>", "<bpmn:outgoing>f_respond_record</bpmn:outgoing>")
    xml = xml.replace('name="Responder" sourceRef="respond_gateway"', 'sourceRef="respond"')
    assert not re.search(added, xml)
    return xml


@pytest.mark.parametrize("process", PROCESSES)
def test_a_request_started_before_the_way_back_is_not_offered_it_and_going_back_is_refused_in_spanish(
        engine, demo, transparencia, enlace_area_a, process, tmp_path, monkeypatch):
    # Started on the diagram as it was (an instance keeps the one it started with, stored by its hash).
    older = tmp_path / f"{process}.bpmn"
    older.write_text(without_the_way_back((ROOT / "bpmn" / f"{process}.bpmn").read_text()))
    with monkeypatch.context() as patched:
        patched.setattr(runtime_module, "bpmn_path", lambda process_id: older)
        instance = PROCESSES[process](engine, transparencia)
    with transaction(engine) as session:
        assert not runtime.has_step(session, session.get(ProcessInstance, instance.id), "respond_gateway")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    page = respond_form(engine, transparencia, instance.id, process)
    assert 'name="accion"' not in page and 'name="motivo"' not in page
    assert 'name="sentido" required' in page  # the answer's fields as they were
    # Sent by hand all the same: refused, the task still open and the process without error.
    with pytest.raises(FormInvalid) as refused:
        go_back(engine, transparencia, instance.id)
    assert refused.value.errors == {"__all__": NO_WAY_BACK}
    assert names(engine, instance.id) == ["respond"]
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.RUNNING
    respond(engine, transparencia, instance.id)
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERED
    assert names(engine, instance.id) == [AFTER_THE_ANSWER[process]]
