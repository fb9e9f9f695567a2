"""A recurso de revisión por falta de respuesta: recorded once the response term lapsed, then taken up
by the process after the late answer.

The request is filed Monday 23 March 2026 under MX-LGTAIP-2025; its answer is due Monday 20 April.
The requester may appeal the lack of an answer within 15 días hábiles of it: 21–24 April (4),
27–30 (8), 1 May is a rest day, 4–8 May (13), 11–12 (15): until Tuesday 12 May 2026.
"""

import hashlib
from datetime import date

import pytest
from sqlmodel import select

from engine.db import transaction
from engine.deadlines import DeadlineKind, DeadlineStatus
from engine.forms import FormInvalid
from engine.processes import BpmnDefinition, ProcessInstance
from engine.settings import ROOT
from engine.runtime import NotAllowed, StaleInstance, runtime
from tests.access_request_steps import (complete, deadline_rows, file_request, later, request_of,  # noqa: F401
                                        task_named, tasks, turn, working_in_march_2026)
from tests.arco_request_steps import file_arco
from tests.timeline import summaries
from workflows.access_request.models import Appeal, AppealGround, RequestStatus
from workflows.access_request.unanswered_appeal import lapse_of, record_unanswered_appeal
from tests.workflows.test_access_request_paths import answer, respond, turned_and_answered

APPEAL = {"numero": "RR/0200/2026", "fecha_presentacion": "2026-04-23"}


def record(engine, actor, request_id, data=APPEAL, on=date(2026, 4, 23)):
    with transaction(engine) as session:
        return record_unanswered_appeal(session, actor, request_id, dict(data), now=later(on))


def names(engine, instance_id) -> list[str]:
    return [t.task_name for t in tasks(engine, instance_id)]


def test_the_lapse_of_the_response_term_opens_fifteen_days_to_appeal(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        assert lapse_of(session, request, later(date(2026, 4, 20))) is None  # its last day is not over
        lapse = lapse_of(session, request, later(date(2026, 4, 21)))
    assert (lapse.due_on, lapse.appeal_until) == (date(2026, 4, 20), date(2026, 5, 12))
    assert (lapse.appeal_rule.amount, lapse.appeal_rule.basis) == ("15 días hábiles", "LGTAIP 2025, art. 144")


def test_a_recurso_for_lack_of_answer_leads_straight_to_its_resolution_after_the_late_answer(
        engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    record(engine, transparencia, request.id)
    with transaction(engine) as session:
        appeal = session.exec(select(Appeal)).one()
    assert (appeal.number, appeal.ground, appeal.filed_on) == ("RR/0200/2026", AppealGround.NO_ANSWER, date(2026, 4, 23))
    [resolution] = deadline_rows(engine, request.folio)[DeadlineKind.RECURSO]
    # LGTAIP 2025 art. 148: 40 dh from 23 April 2026 (1 May is a rest day).
    assert (resolution.id, resolution.counted_from, resolution.due_on, resolution.status) == (
        appeal.resolution_deadline_id, date(2026, 4, 24), date(2026, 6, 19), DeadlineStatus.OPEN)
    assert summaries(engine, instance.id, "solicitud.recurso") == [
        "Se interpuso el recurso RR/0200/2026 por falta de respuesta"]
    assert names(engine, instance.id) == ["respond"]  # the answer is still owed

    respond(engine, transparencia, instance.id, fecha_notificacion="2026-04-27")
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.APPEALED
    assert names(engine, instance.id) == ["appeal_outcome"]
    # No new window to appeal: the recurso is already in course.
    assert [d.title for d in deadline_rows(engine, request.folio)[DeadlineKind.RECURSO]] == [resolution.title]
    assert deadline_rows(engine, request.folio)[DeadlineKind.RESPUESTA][0].met_late

    complete(engine, transparencia, instance.id, "appeal_outcome",
             {"resolucion": "confirma", "fecha_resolucion": "2026-06-01"})
    with transaction(engine) as session:
        appeal = session.exec(select(Appeal)).one()
    assert (appeal.resolution, appeal.resolved_on) == ("confirma", date(2026, 6, 1))
    assert request_of(engine, instance.id).status == RequestStatus.CONCLUDED
    assert tasks(engine, instance.id) == []


def test_a_recurso_for_lack_of_answer_is_refused_while_the_term_runs(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    with pytest.raises(FormInvalid) as refused:
        record(engine, transparencia, request.id, {**APPEAL, "fecha_presentacion": "2026-04-15"}, on=date(2026, 4, 15))
    assert "no ha vencido" in refused.value.errors["__all__"]
    with transaction(engine) as session:
        assert session.exec(select(Appeal)).all() == []


def test_a_recurso_for_lack_of_answer_cannot_be_filed_before_the_lapse(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    with pytest.raises(FormInvalid) as refused:
        record(engine, transparencia, request.id, {**APPEAL, "fecha_presentacion": "2026-04-20"})
    assert refused.value.errors == {"fecha_presentacion": "El recurso por falta de respuesta se presenta después de "
                                                          "que venció el plazo de respuesta (20 de abril de 2026)."}


def test_a_second_recurso_and_one_after_the_answer_are_refused(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    record(engine, transparencia, request.id)
    with pytest.raises(FormInvalid) as twice:
        record(engine, transparencia, request.id, {**APPEAL, "numero": "RR/0201/2026"})
    assert twice.value.errors["__all__"] == "Ya hay un recurso de revisión en trámite para esta solicitud."

    answered = file_request(engine, transparencia, folio_pnt="330024626000124")
    turn(engine, transparencia, answered.id, demo.areas["DA"])
    answer(engine, enlace_area_a, answered.id, demo.areas["DA"])
    respond(engine, transparencia, answered.id, fecha_notificacion="2026-04-24")
    with pytest.raises(FormInvalid) as after:
        record(engine, transparencia, request_of(engine, answered.id).id)
    assert "ya se respondió" in after.value.errors["__all__"]


def test_only_the_unidad_records_a_recurso(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    with pytest.raises(NotAllowed):
        record(engine, enlace_area_a, request_of(engine, instance.id).id)


def test_an_answer_form_opened_before_the_recurso_meets_a_conflict(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    opened_at = request_of(engine, instance.id)  # the page the Unidad had open
    with transaction(engine) as session:
        version = session.get(ProcessInstance, instance.id).version
    record(engine, transparencia, opened_at.id)
    task = task_named(engine, instance.id, "respond")
    with pytest.raises(StaleInstance), transaction(engine) as session:
        runtime.complete_task(session, transparencia, task.id, {
            "sentido": "entrega_total", "respuesta": "Se entregan los contratos solicitados.", "modalidad": "electronica",
            "costo": "0", "fecha_notificacion": "2026-04-27"}, expected_version=version)
    assert request_of(engine, instance.id).answered_on is None


def test_a_request_on_a_diagram_without_the_recurso_gateway_offers_no_recurso_for_lack_of_answer(
        engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    # The diagram as it was before «¿Ya hay recurso?»: after the answer it always waits for a new recurso.
    xml = (ROOT / "bpmn" / "access_request.bpmn").read_text().replace("appealed_gateway", "earlier_gateway")
    with transaction(engine) as session:
        digest = hashlib.sha256(xml.encode()).hexdigest()
        session.add(BpmnDefinition(hash=digest, process_id="access_request", xml=xml))
        session.get(ProcessInstance, instance.id).definition_hash = digest
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        assert lapse_of(session, request, later(date(2026, 4, 23))) is None
    with pytest.raises(FormInvalid) as refused:
        record(engine, transparencia, request.id)
    assert "versión anterior del proceso" in refused.value.errors["__all__"]


def test_notoria_incompetencia_is_refused_while_a_recurso_for_lack_of_answer_is_pending(
        engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    request = request_of(engine, instance.id)
    record(engine, transparencia, request.id)
    with pytest.raises(FormInvalid) as refused:
        complete(engine, transparencia, instance.id, "review", {
            "decision": "incompetencia", "fecha_notificacion": "2026-04-24",
            "organo_competente": "Secretaría de Hacienda del Estado"})
    assert refused.value.errors["decision"].startswith("Hay un recurso por falta de respuesta en trámite (RR/0200/2026)")
    assert names(engine, instance.id) == ["review"]


def test_a_recurso_filed_after_the_fifteen_days_is_recorded_and_flagged(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        assert lapse_of(session, request, later(date(2026, 5, 13))).window_over  # it closed on 12 May
    record(engine, transparencia, request.id, {**APPEAL, "fecha_presentacion": "2026-05-13"}, on=date(2026, 5, 13))
    assert summaries(engine, instance.id, "solicitud.recurso_extemporaneo") == [
        "El recurso RR/0200/2026 se presentó después del 12 de mayo de 2026, último día de los 15 días hábiles "
        "para recurrir la falta de respuesta (LGTAIP 2025, art. 144), según el cómputo del sujeto obligado; lo "
        "califica el órgano garante"]


def test_an_arco_right_made_effective_after_a_recurso_for_lack_of_answer_goes_to_its_resolution(
        engine, demo, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review",
             {"decision": "turnar", "areas": [demo.areas["DA"].id], "instruccion": "Buscar el expediente y corregir"})
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "entrega_total", "respuesta": "Se localizó el expediente; el domicilio puede corregirse."},
             area_id=demo.areas["DA"].id)
    request = request_of(engine, instance.id)
    record(engine, transparencia, request.id)
    complete(engine, transparencia, instance.id, "respond", {
        "sentido": "entrega_total", "respuesta": "Procede la rectificación de su domicilio en el expediente.",
        "modalidad": "consulta_directa", "costo": "0", "fecha_notificacion": "2026-04-27"})
    assert names(engine, instance.id) == ["make_effective"]
    complete(engine, transparencia, instance.id, "make_effective", {
        "fecha_verificacion_identidad": "2026-04-28", "fecha_efectividad": "2026-04-29",
        "descripcion": "Se corrigió el domicilio en el expediente y se entregó constancia al titular."})
    assert names(engine, instance.id) == ["appeal_outcome"]
    assert request_of(engine, instance.id).status == RequestStatus.APPEALED
