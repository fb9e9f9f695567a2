"""Path tests of bpmn/access_request.bpmn: every branch and its deadlines, restored from storage at each step.

The request is filed Monday 23 March 2026 at 10:00 under MX-LGTAIP-2025: the response is due
Monday 20 April 2026 (20 días hábiles from Tuesday 24 March; no holiday in between). Other terms
are worked out beside each test.
"""

import hashlib
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from engine.calendar_overlay import declare_non_working, declare_suspension
from engine.accounts import Role, actor_for, create_user
from engine.db import transaction
from engine.notifications import Notification
from engine.outbox import OutboxMessage
from engine import deadlines, inbox
from engine.deadlines import Deadline, DeadlineEvent, DeadlineKind, DeadlineStatus, explain
from engine.documents import text_of, weekday_date
from engine.files import StoredFile, read
from engine.legal_calendar import SuspensionScope
from engine.forms import FormInvalid, validate_form
from engine.processes import BpmnDefinition, InstanceStatus, OpenTask, ProcessInstance
from engine.runtime import runtime
from engine.settings import ROOT
from engine.timers import fire_due_timers
from tests.access_request_steps import (SpiffClock, complete, deadline_rows, file_request, later, request_of,  # noqa: F401
                                        request_form, response_of, task_named, tasks, turn,
                                        working_in_march_2026)
from tests.arco_request_steps import file_arco
from tests.concurrency import second_runs_into_first
from tests.correspondence_steps import item_of, register_document
from tests.timeline import summaries
from workflows.access_request.acuse import issue_acuse
from workflows.access_request.analysis import analysis_limits, answered_turns
from workflows.access_request.detail import request_detail
from workflows.access_request.forms import RegisterRequestForm
from workflows.access_request.models import (Appeal, CommitteeCase, CommitteeResolution, RequestStatus, RequestTurn,
                                             RequestTurnStatus)
from web.app import _jinja
from workflows.demo import DEMO_PASSWORD
from web.routes.tasks import task_form_context


def answer(engine, enlace, instance_id, area, sentido="entrega_total", **extra):
    return complete(engine, enlace, instance_id, "area_answer",
                    {"sentido": sentido, "respuesta": "Se localizaron los contratos; se anexan.", **extra},
                    area_id=area.id)


def turned_and_answered(engine, demo, transparencia, enlace_area_a, **answer_extra):
    """A request filed on 23 March, turned to the Dirección de Administración, which answered it."""
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], **answer_extra)
    return instance


def respond(engine, transparencia, instance_id, **extra):
    data = {"sentido": "entrega_total", "respuesta": "Se entregan los contratos solicitados en formato electrónico.",
            "modalidad": "electronica", "costo": "0", "fecha_notificacion": "2026-04-10"}
    return complete(engine, transparencia, instance_id, "respond", {**data, **extra})


def oficio_text(engine, settings, instance_id: int, kind: str) -> str:
    """The text of the one oficio of that kind the request's process keeps, reopened from its file."""
    with transaction(engine) as session:
        [oficio] = session.exec(select(StoredFile).where(StoredFile.instance_id == instance_id,
                                                         StoredFile.kind == kind)).all()
        return text_of(read(settings, oficio))


def test_registering_numbers_the_request_and_opens_its_response_term(engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    request = request_of(engine, instance.id)
    assert request.folio == "SAI-2026-00001" and request.pnt_folio == "330024626000123"
    assert (request.status, request.rule_set_code) == (RequestStatus.REGISTERED, "MX-LGTAIP-2025")
    response = response_of(engine, request.folio)
    assert (response.counted_from, response.due_on, response.basis) == (
        date(2026, 3, 24), date(2026, 4, 20), "LGTAIP 2025, art. 134")
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]



@pytest.mark.parametrize("received,rule_set_code,basis", [
    ("2025-03-20", "MX-LGTAIP-2015", "LGTAIP 2015, art. 132"),  # the eve of the 2025 law
    ("2025-03-21", "MX-LGTAIP-2025", "LGTAIP 2025, art. 134"),  # the day it took effect
])
def test_a_request_is_registered_under_the_law_in_force_the_day_it_was_received(
        engine, demo, transparencia, received, rule_set_code, basis):
    instance = file_request(engine, transparencia, fecha_recepcion=received, hora_recepcion="10:00")
    request = request_of(engine, instance.id)
    response = response_of(engine, request.folio)
    assert (request.rule_set_code, response.rule_set_code, response.basis) == (rule_set_code, rule_set_code, basis)


BEFORE_THE_LGTAIP = ("Una solicitud de acceso a la información no puede tener fecha de recepción anterior al 5 de "
                     "mayo de 2015, día en que entró en vigor la Ley General de Transparencia y Acceso a la "
                     "Información Pública (2015), cuyos plazos aplica Pleno. Revise la fecha.")


@pytest.mark.parametrize("received", ["2015-05-04", "2014-11-14", "2005-06-01"])
def test_a_request_received_before_the_lgtaip_took_effect_is_refused_beside_the_date(
        engine, demo, transparencia, received):
    # Published in the DOF on 4 May 2015, in force the next day (Transitorio Primero): no terms before it.
    values = {**request_form().model_dump(mode="json"), "fecha_recepcion": received}
    with pytest.raises(FormInvalid) as refused:
        validate_form(RegisterRequestForm, values)
    assert refused.value.errors == {"fecha_recepcion": BEFORE_THE_LGTAIP}
    with transaction(engine) as session:
        assert session.exec(select(ProcessInstance)).first() is None


def test_a_request_received_the_day_the_lgtaip_took_effect_is_registered_under_it(engine, demo, transparencia):
    # Tuesday 5 May 2015 at 10:00: counted from Wednesday 6 May.
    request = request_of(engine, file_request(engine, transparencia, fecha_recepcion="2015-05-05").id)
    response = response_of(engine, request.folio)
    assert (request.rule_set_code, response.basis, response.counted_from) == (
        "MX-LGTAIP-2015", "LGTAIP 2015, art. 132", date(2015, 5, 6))


def test_a_request_filed_after_hours_on_friday_counts_from_monday(engine, demo, transparencia):
    instance = file_request(engine, transparencia, fecha_recepcion="2026-03-27", hora_recepcion="18:30")
    response = response_of(engine, request_of(engine, instance.id).folio)
    # Received as of Monday 30 March; counted from Tuesday 31 March: 31 Mar (1), 1–3 Apr (4), 6–10 (9),
    # 13–17 (14), 20–24 (19), Monday 27 April (20).
    assert (response.starts_after, response.due_on) == (date(2026, 3, 30), date(2026, 4, 27))


def test_a_suspension_declared_after_the_answer_does_not_enter_the_met_terms_explanation(
        engine, demo, transparencia, enlace_area_a, admin):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    respond(engine, transparencia, instance.id)  # answered 10 April, due 20 April
    folio = request_of(engine, instance.id).folio
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 4, 13), date(2026, 4, 14), SuspensionScope.ACCESO,
                           "Acuerdo CT/08/2026")
    met = response_of(engine, folio)
    with transaction(engine) as session:
        sentence = explain(session, met).sentence()
    assert met.due_on == date(2026, 4, 20) and "vence el 20 de abril de 2026" in sentence
    assert "Acuerdo CT/08/2026" not in sentence


def test_a_turned_request_is_answered_with_an_oficio_and_concludes_when_nobody_appeals(
        engine, demo, settings, transparencia, enlace_area_a):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    request = request_of(engine, instance.id)
    internal = deadline_rows(engine, request.folio)[DeadlineKind.TURNADO_INTERNO][0]
    assert internal.due_on == date(2026, 4, 13)  # 5 días hábiles before 20 April
    with transaction(engine) as session:  # counted back from the legal day, not «contados a partir»
        assert explain(session, internal).sentence() == (
            f"5 días hábiles antes del vencimiento legal del 20 de abril de 2026 ({internal.basis}): "
            "vence el 13 de abril de 2026.")
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]
    respond(engine, transparencia, instance.id)
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).error_message is None
    request = request_of(engine, instance.id)
    assert (request.status, request.answer_sense, request.answered_on) == (
        RequestStatus.ANSWERED, "entrega_total", date(2026, 4, 10))
    rows = deadline_rows(engine, request.folio)
    assert rows[DeadlineKind.RESPUESTA][0].status == DeadlineStatus.MET
    assert not rows[DeadlineKind.RESPUESTA][0].met_late
    assert rows[DeadlineKind.TURNADO_INTERNO][0].status == DeadlineStatus.MET
    # The applicant may appeal within 15 dh of 10 April: 13–17 (5), 20–24 (10), 27–30 (14), 1 May is a
    # rest day, Monday 4 May (15).
    window = rows[DeadlineKind.RECURSO][0]
    assert (window.due_on, window.status) == (date(2026, 5, 4), DeadlineStatus.OPEN)
    with transaction(engine) as session:
        oficio = session.get(StoredFile, request.oficio_file_id)
        text = text_of(read(settings, oficio))
    assert "Unidad de Transparencia\nOficio núm. UT/0001/2026\nAsunto: respuesta a la solicitud SAI-2026-00001" in text
    assert "Tuxtla Gutiérrez, Chiapas, a 10 de abril de 2026" in text  # the city, not only the state
    assert "deberá cubrir el costo" not in text  # no costs, no window to pay
    assert "la Unidad de Transparencia de la Secretaría Ejecutiva del Sistema" in text
    assert "María López Hernández" in text and "Se entregan los contratos solicitados" in text
    assert ("puede interponer recurso de revisión ante el órgano garante dentro de los 15 días hábiles siguientes a "
            "su notificación (LGTAIP 2025, art. 144).") in text  # the rule set's term, not a fixed text
    # Signed by the demo's titular of the Unidad on record, with the default cargo.
    assert "Atentamente\n\n" + "_" * 40 + "\nMtro. Luis Alberto Pérez Soto\nTitular de la Unidad de Transparencia" in text
    assert [t.task_name for t in tasks(engine, instance.id)] == ["appeal"]

    fire_due_timers(engine, now=later(date(2026, 5, 5)))  # the window closed at the end of 4 May
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.CONCLUDED
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.COMPLETED
    assert deadline_rows(engine, request.folio)[DeadlineKind.RECURSO][0].status == DeadlineStatus.CANCELLED


def test_prevention_pauses_the_term_and_the_answer_restarts_it_in_full(engine, demo, settings, transparencia):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
        "fecha_prevencion": "2026-03-25"})
    request = request_of(engine, instance.id)
    rows = deadline_rows(engine, request.folio)
    assert request.status == RequestStatus.PREVENTED
    assert rows[DeadlineKind.RESPUESTA][0].status == DeadlineStatus.PAUSED
    assert rows[DeadlineKind.PREVENCION][0].status == DeadlineStatus.MET  # issued within 5 dh
    # The applicant has 10 dh from 25 March: 26, 27 (2), 30, 31 (4), 1–3 Apr (7), 6–8 Apr (10).
    assert rows[DeadlineKind.DESAHOGO][0].due_on == date(2026, 4, 8)
    # The requerimiento goes out as a numbered oficio that says the requester's last day.
    text = oficio_text(engine, settings, instance.id, "oficio_prevencion")
    assert "Oficio núm. UT/0001/2026\nAsunto: prevención de la solicitud SAI-2026-00001" in text
    assert "Precise el periodo de los contratos que solicita." in text
    # Filed within office hours on a día hábil: the oficio names only that day.
    assert ("En atención a su solicitud SAI-2026-00001 (folio de la Plataforma Nacional de Transparencia "
            "330024626000123), recibida el 23 de marzo de 2026, la Unidad") in text and "se tuvo por" not in text
    assert ("Con fundamento en LGTAIP 2025, art. 130, cuenta con 10 días hábiles, contados a partir del día hábil "
            "siguiente a la notificación de este oficio, es decir, a más tardar el 8 de abril de 2026") in text
    assert "se tendrá por no presentada" in text
    assert summaries(engine, instance.id, "solicitud.prevenida") == [
        "Previno al solicitante con el oficio UT/0001/2026; tiene hasta el 8 de abril de 2026"]
    complete(engine, transparencia, instance.id, "prevention_answer",
             {"fecha_desahogo": "2026-04-08", "desahogo": "Los contratos de 2025 y 2026."})
    # Restarted the day after 8 April: 9, 10 (2), 13–17 (7), 20–24 (12), 27–30 (16), 1 May rest day,
    # 4–7 May (20).
    response = response_of(engine, request.folio)
    assert (response.status, response.counted_from, response.due_on) == (
        DeadlineStatus.OPEN, date(2026, 4, 9), date(2026, 5, 7))
    assert request_of(engine, instance.id).status == RequestStatus.REGISTERED
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]


SUNDAY_FILING = "presentada el domingo 22 de marzo de 2026, que se tuvo por recibida el lunes 23 de marzo de 2026"


def test_the_oficios_of_a_request_filed_on_a_sunday_say_it_counted_as_received_on_monday(
        engine, demo, settings, transparencia, enlace_area_a):
    instance = file_request(engine, transparencia, fecha_recepcion="2026-03-22", hora_recepcion="10:00")
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo.", "fecha_prevencion": "2026-03-25"})
    complete(engine, transparencia, instance.id, "prevention_answer",
             {"fecha_desahogo": "2026-04-01", "desahogo": "Los de 2025."})
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    respond(engine, transparencia, instance.id)
    for kind in ("oficio_prevencion", "oficio_respuesta"):
        text = oficio_text(engine, settings, instance.id, kind)
        assert (f"En atención a su solicitud SAI-2026-00001 (folio de la Plataforma Nacional de Transparencia "
                f"330024626000123), {SUNDAY_FILING}, la Unidad de Transparencia") in text, kind
        assert "recibida el 22 de marzo" not in text


def test_the_incompetence_oficio_of_a_request_filed_after_closing_time_says_the_day_its_acuse_gives(
        engine, demo, settings, transparencia):
    # Friday 27 March 2026 at 18:30, in person: the office had closed at 18:00.
    instance = file_request(engine, transparencia, canal="presencial", folio_pnt="", fecha_recepcion="2026-03-27",
                            hora_recepcion="18:30")
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        acuse = text_of(read(settings, issue_acuse(session, transparencia, request.id)))
    complete(engine, transparencia, instance.id, "review", {
        "decision": "incompetencia", "organo_competente": "Secretaría de Hacienda del Estado",
        "fecha_notificacion": "2026-03-31"})
    text = oficio_text(engine, settings, instance.id, "oficio_incompetencia")
    assert "se tiene por recibida el lunes 30 de marzo de 2026." in acuse
    assert ("En atención a su solicitud SAI-2026-00001, presentada el viernes 27 de marzo de 2026 a las 18:30, que "
            "se tuvo por recibida el lunes 30 de marzo de 2026, la Unidad de Transparencia") in text


def test_the_extension_oficio_of_a_request_filed_on_a_saturday_says_it_counted_as_received_on_monday(
        engine, demo, settings, transparencia, enlace_area_a, comite):
    instance = file_request(engine, transparencia, fecha_recepcion="2026-03-21", hora_recepcion="09:00")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           fundamento="Los contratos están en el archivo de concentración.")
    complete(engine, comite, instance.id, "committee_resolution", {
        "resolucion": "confirma", "numero": "CT/RES/005/2026", "fecha_resolucion": "2026-04-16",
        "fecha_notificacion": "2026-04-17"})
    text = oficio_text(engine, settings, instance.id, "oficio_ampliacion")
    assert ("(folio de la Plataforma Nacional de Transparencia 330024626000123), presentada el sábado 21 de marzo de "
            "2026, que se tuvo por recibida el lunes 23 de marzo de 2026, la Unidad de Transparencia") in text


def test_a_desahogo_restarting_the_term_does_not_move_the_day_of_reception(engine, demo, transparencia):
    instance = file_request(engine, transparencia)  # Monday 23 March 2026, 10:00
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
        "fecha_prevencion": "2026-03-25"})
    complete(engine, transparencia, instance.id, "prevention_answer",
             {"fecha_desahogo": "2026-04-08", "desahogo": "Los contratos de 2025 y 2026."})
    request = request_of(engine, instance.id)
    assert response_of(engine, request.folio).starts_after == date(2026, 4, 8)
    with transaction(engine) as session:
        assert request_detail(session, transparencia, request.id).deemed_received_on is None
    late = file_request(engine, transparencia, fecha_recepcion="2026-03-27", hora_recepcion="18:30",
                        folio_pnt="330024626000998")  # a Friday, after the 18:00 close
    late_id = request_of(engine, late.id).id
    with transaction(engine) as session:
        assert request_detail(session, transparencia, late_id).deemed_received_on == date(2026, 3, 30)


def test_a_desahogo_received_after_hours_restarts_the_term_from_the_next_business_day(engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
        "fecha_prevencion": "2026-03-25"})
    complete(engine, transparencia, instance.id, "prevention_answer",
             {"fecha_desahogo": "2026-04-07", "hora_desahogo": "19:00", "desahogo": "Los contratos de 2025 y 2026."})
    # Tuesday 7 April at 19:00, after the 18:00 closing: received Wednesday 8 April, counted from
    # Thursday 9 April (a desahogo on the 7th within hours would count from the 8th, due 6 May).
    rows = deadline_rows(engine, request_of(engine, instance.id).folio)
    response = rows[DeadlineKind.RESPUESTA][0]
    assert (response.starts_after, response.counted_from, response.due_on) == (
        date(2026, 4, 8), date(2026, 4, 9), date(2026, 5, 7))
    assert not rows[DeadlineKind.DESAHOGO][0].met_late  # its window ran to 8 April


def test_a_desahogo_after_the_close_of_its_last_day_is_refused(engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
        "fecha_prevencion": "2026-03-25"})
    # The requester had until Wednesday 8 April, at the 18:00 closing.
    with pytest.raises(FormInvalid) as after_hours:
        complete(engine, transparencia, instance.id, "prevention_answer",
                 {"fecha_desahogo": "2026-04-08", "hora_desahogo": "18:30", "desahogo": "Los contratos de 2025."})
    assert after_hours.value.errors == {"hora_desahogo": "El desahogo llegó después del cierre del último día para "
                                                         "desahogar (8 de abril de 2026): la solicitud se tiene por no presentada."}
    with pytest.raises(FormInvalid) as at_closing:  # 18:00 sharp counts as received on the 9th
        complete(engine, transparencia, instance.id, "prevention_answer",
                 {"fecha_desahogo": "2026-04-08", "hora_desahogo": "18:00", "desahogo": "Los contratos de 2025."})
    assert at_closing.value.errors == after_hours.value.errors
    with pytest.raises(FormInvalid) as next_day:
        complete(engine, transparencia, instance.id, "prevention_answer",
                 {"fecha_desahogo": "2026-04-09", "desahogo": "Los contratos de 2025."})
    assert "fecha_desahogo" in next_day.value.errors
    assert response_of(engine, request_of(engine, instance.id).folio).status == DeadlineStatus.PAUSED


def test_the_analysis_after_a_desahogo_is_due_on_the_restarted_term_in_mis_tareas(engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo.", "fecha_prevencion": "2026-03-25"})
    assert task_named(engine, instance.id, "prevention_answer").due_at == deadline_rows(
        engine, request_of(engine, instance.id).folio)[DeadlineKind.DESAHOGO][0].due_at
    complete(engine, transparencia, instance.id, "prevention_answer",
             {"fecha_desahogo": "2026-04-01", "desahogo": "Los de 2025."})
    response = response_of(engine, request_of(engine, instance.id).folio)
    assert response.due_on == date(2026, 4, 29)  # not the 20 April the data of the registration holds
    assert task_named(engine, instance.id, "review").due_at == response.due_at


def test_a_second_prevention_is_refused(engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    prevent = {"decision": "prevenir", "requerimiento": "Precise el periodo de los contratos.",
               "fecha_prevencion": "2026-03-25"}
    complete(engine, transparencia, instance.id, "review", prevent)
    complete(engine, transparencia, instance.id, "prevention_answer",
             {"fecha_desahogo": "2026-04-01", "desahogo": "Los de 2025."})
    with pytest.raises(FormInvalid) as refused:
        complete(engine, transparencia, instance.id, "review", {**prevent, "fecha_prevencion": "2026-04-02"})
    assert "una sola vez" in refused.value.errors["decision"]
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]


def test_a_prevention_after_its_five_business_days_is_refused_and_the_term_keeps_running(
        engine, demo, transparencia):
    instance = file_request(engine, transparencia)  # may be prevented until 30 March
    with pytest.raises(FormInvalid) as refused:
        complete(engine, transparencia, instance.id, "review", {
            "decision": "prevenir", "requerimiento": "Precise el periodo.", "fecha_prevencion": "2026-03-31"})
    assert refused.value.errors["fecha_prevencion"] == (
        "El plazo para prevenir venció el 30 de marzo de 2026: una prevención fuera de plazo no interrumpe el plazo "
        "de respuesta; turne la solicitud a las áreas.")
    request = request_of(engine, instance.id)
    # Its window, opened with the request, was not used: nothing records a prevención.
    [window] = deadline_rows(engine, request.folio)[DeadlineKind.PREVENCION]
    assert request.status == RequestStatus.REGISTERED and window.status == DeadlineStatus.OPEN
    assert response_of(engine, request.folio).status == DeadlineStatus.OPEN
    complete(engine, transparencia, instance.id, "review", {  # on its last day it still interrupts
        "decision": "prevenir", "requerimiento": "Precise el periodo.", "fecha_prevencion": "2026-03-30"})
    assert response_of(engine, request.folio).status == DeadlineStatus.PAUSED


def test_an_unanswered_prevention_makes_the_request_not_presented(engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
        "fecha_prevencion": "2026-03-25"})
    fire_due_timers(engine, now=later(date(2026, 4, 9)))  # the applicant's 10 dh ended 8 April 2026
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.NOT_PRESENTED and request.closed_at is not None
    assert {d.status for rows in deadline_rows(engine, request.folio).values() for d in rows
            if d.kind != DeadlineKind.PREVENCION} == {DeadlineStatus.CANCELLED}
    assert tasks(engine, instance.id) == []


# Filed Thursday 1 October 2026; a prevención notified Monday 5 October (within its 5 días hábiles: 2, 5,
# 6, 7, 8 October) gives the requester 10 días hábiles: 6–9 (4), 12–16 (9), 19 October (10). The Unidad
# records it only on 27 November, long after that window ended.
LATE_PREVENTION = {"decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
                   "fecha_prevencion": "2026-10-05"}


def test_a_prevention_recorded_after_its_window_ended_goes_on_with_the_desahogo_given_with_it(
        engine, demo, transparencia):
    later(date(2026, 11, 27))
    instance = file_request(engine, transparencia, fecha_recepcion="2026-10-01")
    complete(engine, transparencia, instance.id, "review", {
        **LATE_PREVENTION, "fecha_desahogo": "2026-10-14", "hora_desahogo": "12:00",
        "desahogo": "Los contratos de 2025 y 2026."})
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.REGISTERED
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]
    rows = deadline_rows(engine, request.folio)
    [answer_term] = rows[DeadlineKind.DESAHOGO]
    assert (answer_term.due_on, answer_term.status) == (date(2026, 10, 19), DeadlineStatus.MET)
    # Restarted whole from the 15th: 15, 16 (2), 19–23 (7), 26–30 (12), 2–6 November (17), 9–11 (20).
    response = response_of(engine, request.folio)
    assert (response.status, response.counted_from, response.due_on) == (
        DeadlineStatus.OPEN, date(2026, 10, 15), date(2026, 11, 11))
    assert summaries(engine, instance.id, "solicitud.prevenida") == [
        "Previno al solicitante con el oficio UT/0001/2026; tiene hasta el 19 de octubre de 2026"]
    assert summaries(engine, instance.id, "solicitud.desahogada") == [
        "Registró el desahogo; la respuesta vence el 11 de noviembre de 2026"]
    fire_due_timers(engine, now=later(date(2026, 11, 30)))  # no timer of the prevención is left to fire
    assert request_of(engine, instance.id).status == RequestStatus.REGISTERED


def test_a_prevention_recorded_after_its_window_ended_without_a_desahogo_makes_the_request_not_presented(
        engine, demo, transparencia):
    later(date(2026, 11, 27))
    instance = file_request(engine, transparencia, fecha_recepcion="2026-10-01")
    complete(engine, transparencia, instance.id, "review", LATE_PREVENTION)  # the form warned (web tests)
    assert request_of(engine, instance.id).status == RequestStatus.NOT_PRESENTED
    assert tasks(engine, instance.id) == []


def test_a_desahogo_given_with_the_prevention_after_its_window_is_refused_and_nothing_is_recorded(
        engine, demo, transparencia):
    later(date(2026, 11, 27))
    instance = file_request(engine, transparencia, fecha_recepcion="2026-10-01")
    with pytest.raises(FormInvalid) as refused:
        complete(engine, transparencia, instance.id, "review", {
            **LATE_PREVENTION, "fecha_desahogo": "2026-10-20", "desahogo": "Los contratos de 2025."})
    assert refused.value.errors == {"fecha_desahogo": "El desahogo llegó después del cierre del último día para "
                                                      "desahogar (19 de octubre de 2026): la solicitud se tiene por "
                                                      "no presentada."}
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.REGISTERED
    # The response term and the Unidad's windows as registration opened them: none used, no desahogo.
    rows = deadline_rows(engine, request.folio)
    assert set(rows) == {DeadlineKind.RESPUESTA, DeadlineKind.INCOMPETENCIA, DeadlineKind.PREVENCION,
                         DeadlineKind.INFORMACION_PUBLICA}
    assert {term.status for terms in rows.values() for term in terms} == {DeadlineStatus.OPEN}
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]


@pytest.mark.parametrize("extra,field,message", [
    ({"desahogo": "Los contratos de 2025."}, "fecha_desahogo", "Indique la fecha en que se recibió el desahogo"),
    ({"fecha_desahogo": "2026-10-14"}, "desahogo", "Escriba la información que se aportó al desahogar"),
    ({"fecha_desahogo": "2026-10-02", "desahogo": "Los de 2025."}, "fecha_desahogo",
     "El desahogo no puede ser anterior a la prevención."),
])
def test_a_desahogo_given_with_the_prevention_needs_its_date_and_what_was_given(
        engine, demo, transparencia, extra, field, message):
    instance = file_request(engine, transparencia, fecha_recepcion="2026-10-01")
    with pytest.raises(FormInvalid) as refused:
        complete(engine, transparencia, instance.id, "review", {**LATE_PREVENTION, **extra})
    assert refused.value.errors[field].startswith(message)


def test_an_analysis_after_the_desahogo_keeps_the_desahogo_in_the_process_data(engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo.", "fecha_prevencion": "2026-03-25"})
    complete(engine, transparencia, instance.id, "prevention_answer",
             {"fecha_desahogo": "2026-04-01", "desahogo": "Los contratos de 2025."})
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    with transaction(engine) as session:
        data = runtime.inspect(session, session.get(ProcessInstance, instance.id)).data
    assert (data["fecha_desahogo"], data["desahogo"]) == ("2026-04-01", "Los contratos de 2025.")


def test_when_the_legal_term_moves_the_areas_task_keeps_showing_the_areas_own_term(
        engine, demo, transparencia, admin):
    instance = file_request(engine, transparencia)  # legal term: 20 April
    later(date(2026, 4, 16))  # turned late: the area keeps one día hábil, the 17th
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    suspend_access_terms(engine, admin, date(2026, 4, 6), date(2026, 4, 7))
    folio = request_of(engine, instance.id).folio
    [internal] = deadline_rows(engine, folio)[DeadlineKind.TURNADO_INTERNO]
    assert (response_of(engine, folio).due_on, internal.due_on) == (date(2026, 4, 22), date(2026, 4, 17))
    assert task_named(engine, instance.id, "area_answer").due_at == internal.due_at


def suspend_access_terms(engine, admin, first, last):
    with transaction(engine) as session:
        declare_suspension(session, admin, first, last, SuspensionScope.ACCESO, "Acuerdo CT/EXT/03/2026")


def test_a_suspension_declared_during_a_prevention_gives_the_requester_the_days_it_moved(
        engine, demo, transparencia, admin):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo.", "fecha_prevencion": "2026-03-25"})
    folio = request_of(engine, instance.id).folio
    later(date(2026, 3, 26))
    suspend_access_terms(engine, admin, date(2026, 3, 30), date(2026, 4, 3))
    # 10 dh from 25 March without 30 March–3 April: 26, 27 (2), 6–10 (7), 13–15 (10).
    answer_term = deadline_rows(engine, folio)[DeadlineKind.DESAHOGO][0]
    assert answer_term.due_on == date(2026, 4, 15)
    fire_due_timers(engine, now=later(date(2026, 4, 9)))  # the timer still had 8 April
    assert request_of(engine, instance.id).status == RequestStatus.PREVENTED
    assert task_named(engine, instance.id, "prevention_answer").due_at == answer_term.due_at
    assert summaries(engine, instance.id, "solicitud.plazo_sigue") == [
        f"Desahogo de la prevención · {folio}: se recorrió al 15 de abril de 2026 y sigue corriendo"]
    fire_due_timers(engine, now=later(date(2026, 4, 16)))
    assert request_of(engine, instance.id).status == RequestStatus.NOT_PRESENTED
    assert tasks(engine, instance.id) == []


def test_a_suspension_declared_after_the_answer_keeps_the_window_to_appeal_open(
        engine, demo, transparencia, enlace_area_a, admin):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id)  # notified 10 April: the window ends 4 May
    later(date(2026, 4, 13))
    suspend_access_terms(engine, admin, date(2026, 4, 27), date(2026, 4, 30))
    window = deadline_rows(engine, request_of(engine, instance.id).folio)[DeadlineKind.RECURSO][0]
    assert window.due_on == date(2026, 5, 8)  # 4 días hábiles later
    fire_due_timers(engine, now=later(date(2026, 5, 5)))
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERED
    assert [t.task_name for t in tasks(engine, instance.id)] == ["appeal"]
    complete(engine, transparencia, instance.id, "appeal",
             {"fecha_presentacion": "2026-05-07", "numero": "RR/0101/2026"})
    with transaction(engine) as session:
        assert session.exec(select(Appeal)).one().number == "RR/0101/2026"


def notoria_incompetencia(engine, transparencia, instance_id, notified="2026-03-26"):
    return complete(engine, transparencia, instance_id, "review", {
        "decision": "incompetencia", "organo_competente": "Secretaría de Hacienda del Estado",
        "fecha_notificacion": notified})


def test_notoria_incompetencia_is_notified_within_three_business_days_instead_of_an_answer(
        engine, demo, settings, transparencia):
    instance = file_request(engine, transparencia)
    notoria_incompetencia(engine, transparencia, instance.id)
    request = request_of(engine, instance.id)
    assert (request.status, request.competent_body) == (RequestStatus.INCOMPETENT, "Secretaría de Hacienda del Estado")
    assert request.status.label == "Respondida por incompetencia"
    rows = deadline_rows(engine, request.folio)
    notice = rows[DeadlineKind.INCOMPETENCIA][0]
    # 3 dh from 23 March: 24, 25, 26 March.
    assert (notice.due_on, notice.status, notice.met_late) == (date(2026, 3, 26), DeadlineStatus.MET, False)
    assert rows[DeadlineKind.RESPUESTA][0].status == DeadlineStatus.CANCELLED
    # The notice is the request's oficio: numbered, dated the day notified, orienting to the competent body.
    assert request.oficio_number == "UT/0001/2026"
    text = oficio_text(engine, settings, instance.id, "oficio_incompetencia")
    assert "Asunto: notoria incompetencia, solicitud SAI-2026-00001\nTuxtla Gutiérrez, Chiapas, a 26 de marzo de 2026" in text
    assert "con fundamento en LGTAIP 2025, art. 138, le informa que este sujeto obligado es notoriamente" in text
    assert "le orientamos a presentar su solicitud ante el sujeto obligado competente: Secretaría de Hacienda del Estado." in text


def test_notoria_incompetencia_opens_the_requesters_window_to_appeal_as_an_answer_does(
        engine, demo, settings, transparencia):
    instance = file_request(engine, transparencia)
    notoria_incompetencia(engine, transparencia, instance.id)  # notified Thursday 26 March
    request = request_of(engine, instance.id)
    # 15 dh from 26 March: 27 (1), 30 Mar–3 Apr (6), 6–10 (11), 13–16 (15); the rule and title of an answer's.
    [window] = deadline_rows(engine, request.folio)[DeadlineKind.RECURSO]
    assert (window.rule_key, window.title, window.basis) == (
        "recurso", f"Plazo del solicitante para recurrir · {request.folio}", "LGTAIP 2025, art. 144")
    assert (window.counted_from, window.due_on, window.status) == (date(2026, 3, 27), date(2026, 4, 16),
                                                                   DeadlineStatus.OPEN)
    assert request.closed_at is None  # it awaits the window, as an answered request does
    assert [t.task_name for t in tasks(engine, instance.id)] == ["appeal"]
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.RUNNING
    # The oficio's promise is the window the process now keeps.
    assert ("puede interponer recurso de revisión ante el órgano garante dentro de los 15 días hábiles siguientes "
            "a su notificación (LGTAIP 2025, art. 144).") in oficio_text(engine, settings, instance.id,
                                                                        "oficio_incompetencia")


def test_a_notice_of_incompetencia_nobody_appeals_concludes_still_saying_it_was_answered_so(
        engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    notoria_incompetencia(engine, transparencia, instance.id)
    fire_due_timers(engine, now=later(date(2026, 4, 17)))  # the window closed at the end of 16 April
    request = request_of(engine, instance.id)
    assert (request.status, request.closed_at is not None) == (RequestStatus.INCOMPETENT, True)
    assert deadline_rows(engine, request.folio)[DeadlineKind.RECURSO][0].status == DeadlineStatus.CANCELLED
    assert tasks(engine, instance.id) == []
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.COMPLETED
    assert summaries(engine, instance.id, "solicitud.concluida") == [
        "Concluyó: no se interpuso recurso de revisión en el plazo"]


def test_a_recurso_against_a_notice_of_incompetencia_is_tracked_until_the_garante_resolves_it(
        engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    notoria_incompetencia(engine, transparencia, instance.id)
    with pytest.raises(FormInvalid) as refused:  # before the notice it appeals
        complete(engine, transparencia, instance.id, "appeal",
                 {"numero": "RR/0200/2026", "fecha_presentacion": "2026-03-25"})
    assert refused.value.errors == {"fecha_presentacion": "El recurso no puede ser anterior a la respuesta."}
    complete(engine, transparencia, instance.id, "appeal", {"numero": "RR/0200/2026", "fecha_presentacion": "2026-04-06"})
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.APPEALED
    window, resolution = deadline_rows(engine, request.folio)[DeadlineKind.RECURSO]
    assert (window.status, window.met_late) == (DeadlineStatus.MET, False)
    # LGTAIP 2025 art. 148: 40 dh from Monday 6 April 2026: 7–10 (4), 13 Apr–29 May (38; 1 May is a rest
    # day), 1–2 June (40).
    assert (resolution.title, resolution.counted_from, resolution.due_on) == (
        f"Resolución del recurso RR/0200/2026 por el órgano garante · {request.folio}", date(2026, 4, 7),
        date(2026, 6, 2))
    assert [t.task_name for t in tasks(engine, instance.id)] == ["appeal_outcome"]
    complete(engine, transparencia, instance.id, "appeal_outcome",
             {"resolucion": "confirma", "fecha_resolucion": "2026-05-20"})
    with transaction(engine) as session:
        appeal = session.exec(select(Appeal)).one()
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.COMPLETED
    assert (appeal.number, appeal.resolution, appeal.resolved_on) == ("RR/0200/2026", "confirma", date(2026, 5, 20))
    assert request_of(engine, instance.id).status == RequestStatus.CONCLUDED
    assert tasks(engine, instance.id) == []


def test_a_request_started_on_the_diagram_that_ended_at_the_notice_of_incompetencia_still_ends_there(
        engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    # The diagram as it was before the notice led to the recurso: the instance keeps the one it started with.
    xml = (ROOT / "bpmn" / "access_request.bpmn").read_text()
    xml = xml.replace('<bpmn:incoming>f_incompetent_appeal</bpmn:incoming>\n', "").replace(
        'name="Plazo para recurrir" sourceRef="record_incompetence" targetRef="appeal"',
        'sourceRef="record_incompetence" targetRef="ended_incompetent"').replace(
        "  </bpmn:process>", '    <bpmn:endEvent id="ended_incompetent" name="Notoria incompetencia">\n'
        "      <bpmn:incoming>f_incompetent_appeal</bpmn:incoming>\n    </bpmn:endEvent>\n  </bpmn:process>")
    with transaction(engine) as session:
        digest = hashlib.sha256(xml.encode()).hexdigest()
        session.add(BpmnDefinition(hash=digest, process_id="access_request", xml=xml))
        session.get(ProcessInstance, instance.id).definition_hash = digest
    notoria_incompetencia(engine, transparencia, instance.id)
    request = request_of(engine, instance.id)
    # Concluded at once, as then: no window to appeal that nothing would wait on nor close.
    assert (request.status, request.closed_at is not None) == (RequestStatus.INCOMPETENT, True)
    assert DeadlineKind.RECURSO not in deadline_rows(engine, request.folio)
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.COMPLETED


def test_a_returned_turn_goes_back_to_the_unidad_to_turn_it_again(
        engine, demo, transparencia, enlace_area_a, enlace_area_b):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="devuelto",
                                   respuesta="No es competencia de esta dirección.")
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]
    assert request_of(engine, instance.id).status == RequestStatus.REANALYSIS  # turned once: not «Registrada»
    turn(engine, transparencia, instance.id, demo.areas["DRI"])
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"])
    with transaction(engine) as session:
        turns = session.exec(select(RequestTurn).order_by(RequestTurn.id)).all()
    assert [(t.round, t.status) for t in turns] == [(1, RequestTurnStatus.RETURNED), (2, RequestTurnStatus.ANSWERED)]
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]
    assert summaries(engine, instance.id, "solicitud.respuestas_de_areas") == [
        "1 área la devolvió; vuelve a la Unidad de Transparencia para turnarla de nuevo",
        "Las áreas respondieron; pasa a la Unidad de Transparencia para responder"]


def turn_notices(engine) -> list[tuple[str, str]]:
    """(recipient, body) of every «Nuevo turno» e-mail, in the order written."""
    with transaction(engine) as session:
        return [(m.to_address, m.body) for m in session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == "turno").order_by(OutboxMessage.id)).all()]


def test_a_turned_request_tells_the_areas_enlace_and_a_second_round_tells_it_again(
        engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="devuelto",
                                   respuesta="Falta precisar el periodo de los contratos.")
    [(to, body)] = turn_notices(engine)
    # Turned on Tuesday 24 March 2026; the area's internal term ends 10 días hábiles before the legal one.
    with transaction(engine) as session:
        [first] = session.exec(select(RequestTurn)).all()
        due = session.get(Deadline, first.deadline_id).due_on
    assert to == "enlace_da@sesaech.example"
    for line in ("Responder la solicitud turnada: SAI-2026-00001 · Solicito los contratos de arrendamiento vigentes "
                 "y sus anexos.", "Turnado a: Dirección de Administración",
                 "Turnado por: Unidad de Transparencia (Luis Alberto Pérez Soto)", "Instrucción: Buscar y entregar",
                 f"Fecha límite del área: {weekday_date(due)}."):
        assert line in body.splitlines(), line
    # Returned, the Unidad turns it again, to DA and to its own area: DA's enlace hears of the new round; the
    # Unidad's titular, its area's enlace, is not told of the turn he gave himself.
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["UT"])
    assert [to for to, _ in turn_notices(engine)] == ["enlace_da@sesaech.example"] * 2
    with transaction(engine) as session:
        assert session.exec(select(Notification).where(Notification.user_id == demo.users["transparencia"].id,
                                                       Notification.key.like("turno:%"))).all() == []


def test_when_one_area_answers_and_another_returns_it_the_unidad_answers_with_what_it_has(
        engine, demo, transparencia, enlace_area_a, enlace_area_b):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="devuelto",
           respuesta="No es competencia de esta dirección.")
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        [given] = answered_turns(session, request)
    assert (given.area, given.sense) == ("Dirección de Administración", "Entrega total")
    respond(engine, transparencia, instance.id)
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERED


def test_a_request_the_unidad_decides_to_answer_from_its_analysis_reads_por_responder(
        engine, demo, transparencia, enlace_area_a, enlace_area_b):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="devuelto",
           respuesta="No es competencia de esta dirección.")
    assert request_of(engine, instance.id).status == RequestStatus.REANALYSIS
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    # At «Responder», not «De nuevo en análisis»: the status says the step the request is at.
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING


def test_a_request_answered_straight_from_its_registration_reads_por_responder(engine, transparencia):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING  # not «Registrada»


def classified_by_one_area_and_returned_by_the_other(engine, demo, transparencia, enlace_area_a, enlace_area_b):
    """Turned to DA and DRI in one round: DA proposes to reserve the information, DRI returns it."""
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="reservada",
           respuesta="Los contratos contienen los planos de las instalaciones.",
           fundamento="Art. 113 fr. I: su difusión compromete la seguridad de las instalaciones.")
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="devuelto",
           respuesta="No es competencia de esta dirección.")
    return instance


def test_a_classification_proposed_while_another_area_returns_the_request_goes_to_the_comite_first(
        engine, demo, settings, transparencia, enlace_area_a, enlace_area_b, comite):
    instance = classified_by_one_area_and_returned_by_the_other(engine, demo, transparencia, enlace_area_a,
                                                                enlace_area_b)
    [case_task] = tasks(engine, instance.id)
    assert (case_task.task_name, case_task.role) == ("committee_resolution", "comite")
    assert request_of(engine, instance.id).status == RequestStatus.IN_COMMITTEE
    with transaction(engine) as session:
        case = session.exec(select(CommitteeCase)).one()
    assert (case.kind, case.area_id) == ("clasificacion", demo.areas["DA"].id)
    assert summaries(engine, instance.id, "solicitud.respuestas_de_areas") == [
        "1 área la devolvió y 1 caso va al Comité de Transparencia; cuando el Comité resuelva, vuelve a la Unidad de "
        "Transparencia para turnarla de nuevo"]
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/004/2026", "fecha_resolucion": "2026-04-08"})
    # Resolved, the request goes back to the analysis the return asked for, with the Comité's resolution.
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]
    assert request_of(engine, instance.id).status == RequestStatus.REANALYSIS
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    respond(engine, transparencia, instance.id, sentido="reservada",
            leyenda="Se testan los planos de las instalaciones (art. 113 fr. I).")
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERED
    assert "CT/RES/004/2026" in oficio_text(engine, settings, instance.id, "oficio_respuesta")


def test_a_request_with_a_proposal_the_comite_has_not_resolved_cannot_be_answered(
        engine, demo, transparencia, enlace_area_a, enlace_area_b):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        # An area's classification left without its case, as a return in the same round left it before.
        session.add(RequestTurn(organization_id=request.organization_id, request_id=request.id,
                                area_id=demo.areas["DRI"].id, round=1, status=RequestTurnStatus.ANSWERED,
                                sense="reservada", answer="Son reservados.\n\nFundamento: Art. 113 fr. I."))
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id)
    assert refused.value.errors["sentido"] == (
        "La Dirección de Riesgos e Inteligencia propuso la clasificación de la información y el Comité de "
        "Transparencia aún no la resuelve: la solicitud no se responde antes de su resolución. Vuelva a analizarla "
        "y túrnela de nuevo: con las respuestas de ese turno, la propuesta se somete al Comité.")
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]


def test_an_answer_notified_after_the_due_date_cannot_charge_the_delivery(engine, demo, transparencia,
                                                                          enlace_area_a):
    instance = file_request(engine, transparencia)  # due 20 April
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, modalidad="copia_simple", costo="150", hojas="300",
                fecha_notificacion="2026-04-21")
    assert refused.value.errors["costo"] == (
        "La respuesta se notifica después del vencimiento (20 de abril de 2026): la ley pone los costos de entrega "
        "a cargo del sujeto obligado. Registre costo 0.")
    respond(engine, transparencia, instance.id, modalidad="copia_simple", costo="150", hojas="300",
            fecha_notificacion="2026-04-20")
    request = request_of(engine, instance.id)
    assert (request.status, request.cost) == (RequestStatus.ANSWERED, 150)


def test_the_unidad_may_answer_directly_without_turning(engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    respond(engine, transparencia, instance.id, sentido="publica",
            respuesta="La información está publicada en el portal: https://example.org/contratos")
    request = request_of(engine, instance.id)
    assert (request.status, request.answer_sense) == (RequestStatus.ANSWERED, "publica")
    # Pointing to information already public is owed within 5 dh (24–27, 30 March), not 20: the
    # answer notified on 10 April was late.
    response = response_of(engine, request.folio)
    assert (response.due_on, response.basis, response.met_late) == (date(2026, 3, 30), "LGTAIP 2025, art. 132", True)


def test_the_last_day_shown_to_answer_that_the_information_is_public_is_the_one_the_answer_is_measured_against(
        engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos.", "fecha_prevencion": "2026-03-24"})
    complete(engine, transparencia, instance.id, "prevention_answer",
             {"fecha_desahogo": "2026-04-06", "desahogo": "Los de 2025."})
    request = request_of(engine, instance.id)
    with transaction(engine) as session:  # the desahogo restarted the term: 7, 8, 9, 10 and 13 April
        limit = analysis_limits(session, request, today=date(2026, 4, 7)).public
    assert (limit.due_on, limit.rule) == (date(2026, 4, 13), "5 días hábiles; LGTAIP 2025, art. 132")
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    respond(engine, transparencia, instance.id, sentido="publica", fecha_notificacion="2026-04-13",
            respuesta="La información está publicada en el portal: https://example.org/contratos")
    response = response_of(engine, request.folio)
    assert (response.due_on, response.met_late) == (limit.due_on, False)


@pytest.mark.parametrize("file", [file_request, file_arco], ids=["acceso", "arco"])
def test_an_areas_answer_settles_its_turn_and_internal_term_before_the_other_area_answers(
        engine, demo, transparencia, enlace_area_a, file):
    instance = file(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="entrega_total",
           respuesta="Se entregan los contratos.")
    with transaction(engine) as session:
        turns = {t.area_id: t for t in session.exec(select(RequestTurn)).all()}
        da, dri = turns[demo.areas["DA"].id], turns[demo.areas["DRI"].id]
        # DA's internal term is met now: it neither runs on nor alerts DA while DRI works on its turn.
        assert (da.status, da.sense, da.answer) == (RequestTurnStatus.ANSWERED, "entrega_total",
                                                    "Se entregan los contratos.")
        assert session.get(deadlines.Deadline, da.deadline_id).status == DeadlineStatus.MET
        assert dri.status == RequestTurnStatus.PENDING
        assert session.get(deadlines.Deadline, dri.deadline_id).status == DeadlineStatus.OPEN
    assert [t.task_name for t in tasks(engine, instance.id)] == ["area_answer"]


def test_answers_and_resolutions_given_in_the_reverse_order_stay_with_their_own_turn_and_case(
        engine, demo, transparencia, enlace_area_a, enlace_area_b, comite):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    # The second area turned answers first: SpiffWorkflow lists outputs in the order they arrive.
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="inexistencia",
           respuesta="Riesgos no genera esos contratos.", fundamento="Búsqueda en el archivo de trámite sin resultado.")
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="reservada",
           respuesta="Administración los tiene y son reservados.", fundamento="Art. 113 fr. I: seguridad de las instalaciones.")
    with transaction(engine) as session:
        turns = {t.area_id: t for t in session.exec(select(RequestTurn)).all()}
        cases = {c.area_id: c for c in session.exec(select(CommitteeCase)).all()}
    da, dri = turns[demo.areas["DA"].id], turns[demo.areas["DRI"].id]
    assert (da.sense, da.answered_by) == ("reservada", enlace_area_a.user_id)
    assert da.answer.startswith("Administración los tiene y son reservados.")
    assert (dri.sense, dri.answered_by) == ("inexistencia", enlace_area_b.user_id)
    assert dri.answer.startswith("Riesgos no genera esos contratos.")
    assert (cases[demo.areas["DA"].id].kind, cases[demo.areas["DRI"].id].kind) == ("clasificacion", "inexistencia")
    # The Comité resolves the inexistencia (the second case) first, then the classification.
    pending = [t for t in tasks(engine, instance.id) if t.task_name == "committee_resolution"]
    with transaction(engine) as session:
        instance_row = session.get(ProcessInstance, instance.id)
        by_kind = {runtime.task_data(session, instance_row, t.id)["caso"]["tipo"]: t.id for t in pending}
    for kind, number, sense in (("inexistencia", "CT/RES/002/2026", "confirma"),
                                ("clasificacion", "CT/RES/001/2026", "modifica")):
        with transaction(engine) as session:
            runtime.complete_task(session, comite, by_kind[kind], {"resolucion": sense, "numero": number,
                                                                   "fecha_resolucion": "2026-04-08",
                                                                   **considered(sense)})
    with transaction(engine) as session:
        resolved = {c.kind: (c.resolution_number, c.resolution) for c in session.exec(select(CommitteeCase)).all()}
    assert resolved == {"inexistencia": ("CT/RES/002/2026", CommitteeResolution.CONFIRMA),
                        "clasificacion": ("CT/RES/001/2026", CommitteeResolution.MODIFICA)}


def test_a_classification_goes_to_the_comite_and_the_answer_needs_a_public_version(
        engine, demo, settings, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="reservada",
                                   fundamento="Art. 113 fr. I: su difusión compromete la seguridad de las "
                                              "instalaciones.")
    [case_task] = tasks(engine, instance.id)
    assert (case_task.task_name, case_task.role) == ("committee_resolution", "comite")
    assert request_of(engine, instance.id).status == RequestStatus.IN_COMMITTEE
    assert summaries(engine, instance.id, "solicitud.respuestas_de_areas") == [
        "Las áreas respondieron; 1 caso va al Comité de Transparencia"]
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/004/2026", "fecha_resolucion": "2026-04-08"})
    with transaction(engine) as session:
        case = session.exec(select(CommitteeCase)).one()
    assert (case.kind, case.resolution, case.resolution_number) == (
        "clasificacion", CommitteeResolution.CONFIRMA, "CT/RES/004/2026")
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, sentido="reservada")
    assert "versión pública" in refused.value.errors["version_publica_id"]
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING
    respond(engine, transparencia, instance.id, sentido="reservada",
            leyenda="Se testan los planos de las instalaciones (art. 113 fr. I).")
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERED
    # The answer notifies the Comité's resolution, as the law has it notified within the response term.
    assert ("El Comité de Transparencia, en su resolución CT/RES/004/2026 del 8 de abril de 2026, con fundamento en "
            "LGTAIP 2025, arts. 40 fr. II y 139, confirmó la clasificación de la información.") in oficio_text(
        engine, settings, instance.id, "oficio_respuesta")


def test_an_answer_cannot_be_notified_before_the_comite_resolved_its_case(
        engine, demo, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="inexistencia",
                                   fundamento="Se buscó en el archivo de trámite y de concentración sin localizarla.")
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/008/2026", "fecha_resolucion": "2026-04-08"})
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, sentido="inexistencia", fecha_notificacion="2026-04-07")
    assert refused.value.errors["fecha_notificacion"] == (
        "La respuesta no puede notificarse antes de la resolución del Comité de Transparencia (8 de abril de 2026).")
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING
    respond(engine, transparencia, instance.id, sentido="inexistencia", fecha_notificacion="2026-04-08")
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERED


def proposed_to_the_comite(engine, demo, transparencia, enlace_area_a, sentido, folio_pnt):
    """A request filed, turned to DA, whose answer goes to the Comité."""
    instance = file_request(engine, transparencia, folio_pnt=folio_pnt)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido=sentido,
           fundamento="Art. 113 fr. I: su difusión compromete la seguridad de las instalaciones.")
    return instance


def test_a_resolution_number_already_given_to_another_case_is_refused_beside_it_naming_that_request(
        engine, demo, transparencia, enlace_area_a, comite):
    first = proposed_to_the_comite(engine, demo, transparencia, enlace_area_a, "reservada", "330024626000123")
    complete(engine, comite, first.id, "committee_resolution",
             {"resolucion": "modifica", "numero": "CT/RES/004/2026", "fecha_resolucion": "2026-04-08",
              "notas": "Se reserva solo la parte que el Comité señala."})
    second = proposed_to_the_comite(engine, demo, transparencia, enlace_area_a, "inexistencia", "330024626000124")
    with pytest.raises(FormInvalid) as refused:
        # Written again with other spaces and capitals, it is the same number.
        complete(engine, comite, second.id, "committee_resolution",
                 {"resolucion": "confirma", "numero": " ct/res/004/2026 ", "fecha_resolucion": "2026-04-08"})
    assert refused.value.errors["numero"] == (
        "El número CT/RES/004/2026 ya se dio a otra resolución del Comité de Transparencia (Clasificación de la "
        "información, solicitud SAI-2026-00001): cada resolución lleva su propio número.")
    with pytest.raises(FormInvalid) as refused:
        complete(engine, comite, second.id, "committee_resolution",
                 {"resolucion": "confirma", "numero": "   ", "fecha_resolucion": "2026-04-08"})
    assert refused.value.errors["numero"] == "Escriba el número de la resolución del Comité."
    second_request = request_of(engine, second.id)
    with transaction(engine) as session:
        case = session.exec(select(CommitteeCase).where(CommitteeCase.request_id == second_request.id)).one()
    assert (case.resolution, case.resolution_number) == (None, "")
    assert [t.task_name for t in tasks(engine, second.id)] == ["committee_resolution"]
    complete(engine, comite, second.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/005/2026", "fecha_resolucion": "2026-04-08"})
    assert request_of(engine, second.id).status == RequestStatus.ANSWERING


def test_two_cases_resolved_at_once_under_one_number_make_one_resolution_and_one_refusal_naming_the_other(
        engine, demo, transparencia, enlace_area_a, comite):
    first = proposed_to_the_comite(engine, demo, transparencia, enlace_area_a, "reservada", "330024626000123")
    second = proposed_to_the_comite(engine, demo, transparencia, enlace_area_a, "inexistencia", "330024626000124")
    [first_task], [second_task] = tasks(engine, first.id), tasks(engine, second.id)
    runtime._cache.clear()

    def resolve_as(task, number):
        return lambda session: runtime.complete_task(session, comite, task.id, {
            "resolucion": "confirma", "numero": number, "fecha_resolucion": "2026-04-08"})

    # On PostgreSQL the second looks the number up before the first commits, and only the unique index refuses it;
    # SQLite lets the second begin only after that commit, and its look-up refuses it: the same refusal.
    one, two = second_runs_into_first(engine, resolve_as(first_task, "CT/RES/004/2026"),
                                      resolve_as(second_task, " ct/res/004/2026"))
    assert isinstance(one, ProcessInstance)
    assert isinstance(two, FormInvalid) and two.errors == {"numero": (
        "El número CT/RES/004/2026 ya se dio a otra resolución del Comité de Transparencia (Clasificación de la "
        "información, solicitud SAI-2026-00001): cada resolución lleva su propio número.")}
    with transaction(engine) as session:
        numbers = [(c.request_id, c.resolution_number) for c in session.exec(select(CommitteeCase)
                                                                             .order_by(CommitteeCase.id)).all()]
    assert numbers == [(request_of(engine, first.id).id, "CT/RES/004/2026"), (request_of(engine, second.id).id, "")]
    assert [t.task_name for t in tasks(engine, second.id)] == ["committee_resolution"]


def test_two_cases_of_one_request_are_not_resolved_under_one_number(
        engine, demo, transparencia, enlace_area_a, enlace_area_b, comite):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="reservada",
           fundamento="Art. 113 fr. I: su difusión compromete la seguridad de las instalaciones.")
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="inexistencia",
           fundamento="Se buscó en el archivo de trámite y de concentración sin localizarla.")
    first, second = [t.id for t in tasks(engine, instance.id)]
    with transaction(engine) as session:
        runtime.complete_task(session, comite, first, {"resolucion": "confirma", "numero": "CT/RES/004/2026",
                                                       "fecha_resolucion": "2026-04-08"})
    with pytest.raises(FormInvalid) as refused, transaction(engine) as session:
        runtime.complete_task(session, comite, second, {"resolucion": "confirma", "numero": "CT/RES/004/2026",
                                                        "fecha_resolucion": "2026-04-08"})
    assert "El número CT/RES/004/2026 ya se dio a otra resolución del Comité de Transparencia" in (
        refused.value.errors["numero"])
    with transaction(engine) as session:
        assert [c.resolution for c in session.exec(select(CommitteeCase)).all()] == [None, None]
    assert [t.task_name for t in tasks(engine, instance.id)] == ["committee_resolution"]


def test_an_extension_notified_before_the_due_date_adds_ten_business_days_and_reopens_the_turn(
        engine, demo, settings, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="ampliacion",
                                   fundamento="Los contratos están en el archivo de concentración y su "
                                              "búsqueda requiere más tiempo.")
    complete(engine, comite, instance.id, "committee_resolution", {
        "resolucion": "confirma", "numero": "CT/RES/005/2026", "fecha_resolucion": "2026-04-16",
        "fecha_notificacion": "2026-04-17"})
    request = request_of(engine, instance.id)
    # 20 April + 10 dh: 21–24 (4), 27–30 (8), 1 May rest day, 4–5 May (10).
    assert response_of(engine, request.folio).due_on == date(2026, 5, 5)
    assert request.extended and request.status == RequestStatus.REANALYSIS  # the Unidad turns it again
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]
    # Mis tareas shows the extended term, not the 20 April the registration wrote in the data.
    assert task_named(engine, instance.id, "review").due_at == response_of(engine, request.folio).due_at
    # The area's answered turn keeps explaining the 13 April it had, not one counted from 5 May.
    answered_turn = deadline_rows(engine, request.folio)[DeadlineKind.TURNADO_INTERNO][0]
    assert answered_turn.status == DeadlineStatus.MET
    with transaction(engine) as session:
        # …and does not pair that day with the new legal one (5 días before 5 May is 27 April).
        assert deadlines.explain(session, answered_turn).sentence() == (
            f"5 días hábiles antes del vencimiento legal que regía entonces ({answered_turn.basis}): "
            "vence el 13 de abril de 2026.")
    # The requester is told in a numbered oficio: the Comité's resolution, the area's reasons, the new last day.
    text = oficio_text(engine, settings, instance.id, "oficio_ampliacion")
    assert "Oficio núm. UT/0001/2026\nAsunto: ampliación del plazo de respuesta, solicitud SAI-2026-00001" in text
    assert "Tuxtla Gutiérrez, Chiapas, a 17 de abril de 2026" in text
    assert ("le notifica que el plazo para responderla se amplía por 10 días hábiles, con fundamento en LGTAIP 2025, "
            "arts. 134 y 40 fr. II, "
            "conforme a la resolución CT/RES/005/2026 del Comité de Transparencia, del 16 de abril de 2026.") in text
    assert ("Las razones de la ampliación son las siguientes:\nSe localizaron los contratos; se anexan.\n"
            "Fundamento: Los contratos están en el archivo de concentración y su búsqueda requiere más tiempo.\n"
            "En consecuencia, su solicitud se responderá a más tardar el 5 de mayo de 2026.") in text


def test_an_extension_notified_after_the_due_date_is_refused_with_the_reason(
        engine, demo, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="ampliacion",
                                   fundamento="Los contratos están en el archivo de concentración.")
    complete(engine, comite, instance.id, "committee_resolution", {
        "resolucion": "confirma", "numero": "CT/RES/006/2026", "fecha_resolucion": "2026-04-20",
        "fecha_notificacion": "2026-04-21"})
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        case = session.exec(select(CommitteeCase)).one()
    assert case.outcome.startswith("No procede: La ampliación se notificó el 21 de abril de 2026, después del "
                                   "vencimiento del 20 de abril de 2026")
    assert response_of(engine, request.folio).due_on == date(2026, 4, 20) and not request.extended
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]
    with transaction(engine) as session:  # a refused ampliación takes no oficio and no number
        assert session.exec(select(StoredFile).where(StoredFile.kind == "oficio_ampliacion")).first() is None


def test_an_extension_notified_late_on_a_saturday_is_refused_as_inhabil_like_a_timely_one(
        engine, demo, transparencia, enlace_area_a, comite):
    # Due Monday 20 April; notified on Saturday 25 April, a day the office does not work.
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="ampliacion",
                                   fundamento="Los contratos están en el archivo de concentración.")
    resolution = {"resolucion": "confirma", "numero": "CT/RES/008/2026", "fecha_resolucion": "2026-04-24"}
    with pytest.raises(FormInvalid) as refused:
        complete(engine, comite, instance.id, "committee_resolution",
                 {**resolution, "fecha_notificacion": "2026-04-25"})
    assert refused.value.errors == {"fecha_notificacion": (
        "El 25 de abril de 2026 es día inhábil en el calendario de la institución (sábado): un oficio se fecha en "
        "día hábil. Indique el día hábil en que se notifica; el siguiente es el 27 de abril de 2026.")}
    assert [t.task_name for t in tasks(engine, instance.id)] == ["committee_resolution"]
    with transaction(engine) as session:
        assert session.exec(select(CommitteeCase)).one().resolution is None
    complete(engine, comite, instance.id, "committee_resolution", {**resolution, "fecha_notificacion": "2026-04-27"})
    with transaction(engine) as session:
        assert session.exec(select(CommitteeCase)).one().outcome.startswith(
            "No procede: La ampliación se notificó el 27 de abril de 2026, después del vencimiento")


def test_an_extension_resolved_after_the_due_date_cannot_pass_for_notified_before_it(
        engine, demo, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="ampliacion",
                                   fundamento="Los contratos están en el archivo de concentración.")
    with pytest.raises(FormInvalid) as refused:
        complete(engine, comite, instance.id, "committee_resolution", {
            "resolucion": "confirma", "numero": "CT/RES/007/2026", "fecha_resolucion": "2026-04-22",
            "fecha_notificacion": "2026-04-20"})
    assert refused.value.errors["fecha_notificacion"] == (
        "La notificación no puede ser anterior a la resolución del Comité (22 de abril de 2026).")
    assert response_of(engine, request_of(engine, instance.id).folio).due_on == date(2026, 4, 20)
    assert [t.task_name for t in tasks(engine, instance.id)] == ["committee_resolution"]


def asked_for_more_time_on(engine, demo, transparencia, enlace_area_a, moment: datetime):
    """A request filed on 23 March (due 20 April) that the Unidad turns, and the area asks the Comité for an
    ampliación, at `moment` (UTC): the day the case is raised."""
    instance = file_request(engine, transparencia)
    SpiffClock.moment = moment
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           fundamento="Los contratos están en el archivo de concentración.")
    return instance


def test_a_resolution_dated_before_the_case_was_raised_is_refused_and_does_not_revive_a_lapsed_request(
        engine, demo, settings, transparencia, enlace_area_a, comite):
    # Turned on 28 April, after the due day (20 April): the case did not exist on the 16th or the 17th.
    instance = asked_for_more_time_on(engine, demo, transparencia, enlace_area_a, later(date(2026, 4, 28)))
    with pytest.raises(FormInvalid) as refused:
        complete(engine, comite, instance.id, "committee_resolution", {
            "resolucion": "confirma", "numero": "CT/RES/003/2026", "fecha_resolucion": "2026-04-16",
            "fecha_notificacion": "2026-04-17"})
    assert refused.value.errors == {"fecha_resolucion": "La resolución no puede ser anterior al día en que el caso "
                                                        "se sometió al Comité de Transparencia (28 de abril de 2026)."}
    request = request_of(engine, instance.id)
    assert response_of(engine, request.folio).due_on == date(2026, 4, 20) and not request.extended
    assert [t.task_name for t in tasks(engine, instance.id)] == ["committee_resolution"]
    with transaction(engine) as session:
        assert session.exec(select(CommitteeCase)).one().resolution is None
        assert session.exec(select(StoredFile).where(StoredFile.kind == "oficio_ampliacion")).first() is None
    # With the dates it really has, the ampliación comes after the due day and does not proceed.
    complete(engine, comite, instance.id, "committee_resolution", {
        "resolucion": "confirma", "numero": "CT/RES/003/2026", "fecha_resolucion": "2026-04-28",
        "fecha_notificacion": "2026-04-28"})
    with transaction(engine) as session:
        assert session.exec(select(CommitteeCase)).one().outcome.startswith(
            "No procede: La ampliación se notificó el 28 de abril de 2026, después del vencimiento del 20 de abril")
    assert response_of(engine, request.folio).due_on == date(2026, 4, 20)


def test_the_day_a_case_was_raised_is_the_organizations_not_utcs(engine, demo, transparencia, enlace_area_a, comite):
    # Raised at 21:00 of 16 April in Mexico City, already the 17th in UTC: resolved on the 16th, the day it came.
    instance = asked_for_more_time_on(engine, demo, transparencia, enlace_area_a,
                                      datetime(2026, 4, 17, 3, 0, tzinfo=UTC))
    complete(engine, comite, instance.id, "committee_resolution", {
        "resolucion": "confirma", "numero": "CT/RES/003/2026", "fecha_resolucion": "2026-04-16",
        "fecha_notificacion": "2026-04-16"})
    assert request_of(engine, instance.id).extended


DA_REASONS = "Los contratos de 2019 están en el archivo de concentración."
DRI_REASONS = "Los anexos técnicos se digitalizan y faltan tres tomos."


def both_areas_ask_for_more_time(engine, demo, transparencia, enlace_area_a, enlace_area_b):
    """Filed on 23 March (due 20 April) and turned to DA and DRI, which both ask for an ampliación in that round."""
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           respuesta="Se siguen buscando los contratos.", fundamento=DA_REASONS)
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="ampliacion",
           respuesta="Se siguen digitalizando los anexos.", fundamento=DRI_REASONS)
    return instance


def test_two_areas_asking_for_more_time_in_one_round_make_one_ampliacion_for_the_comite_with_both_reasons(
        engine, demo, transparencia, enlace_area_a, enlace_area_b, comite):
    instance = both_areas_ask_for_more_time(engine, demo, transparencia, enlace_area_a, enlace_area_b)
    # One case, one task for the Comité: the law allows one ampliación, resolved once on both areas' reasons.
    [task] = tasks(engine, instance.id)
    assert task.task_name == "committee_resolution"
    with transaction(engine) as session:
        [case] = session.exec(select(CommitteeCase)).all()
        context = task_form_context(session, comite, task)
    assert (case.kind, case.area_id, case.resolution) == ("ampliacion", demo.areas["DA"].id, None)
    assert case.area_ids == [demo.areas["DA"].id, demo.areas["DRI"].id]
    assert case.reasoning == (
        "Dirección de Administración:\nSe siguen buscando los contratos.\n\nFundamento: " + DA_REASONS + "\n\n"
        "Dirección de Riesgos e Inteligencia:\nSe siguen digitalizando los anexos.\n\nFundamento: " + DRI_REASONS)
    page = _jinja().engine.get_template("forms/access_request/committee_resolution.html").render(context)
    assert "Áreas que lo proponen</dt><dd>Dirección de Administración y Dirección de Riesgos e Inteligencia" in page
    assert "Propuesta y fundamento de Dirección de Administración" in page and DA_REASONS in page
    assert "Propuesta y fundamento de Dirección de Riesgos e Inteligencia" in page and DRI_REASONS in page
    assert request_of(engine, instance.id).status == RequestStatus.IN_COMMITTEE


def test_an_ampliacion_two_areas_asked_for_extends_the_term_once_and_its_oficio_gives_both_reasons(
        engine, demo, settings, transparencia, enlace_area_a, enlace_area_b, comite):
    instance = both_areas_ask_for_more_time(engine, demo, transparencia, enlace_area_a, enlace_area_b)
    complete(engine, comite, instance.id, "committee_resolution", {
        "resolucion": "confirma", "numero": "CT/RES/005/2026", "fecha_resolucion": "2026-04-16",
        "fecha_notificacion": "2026-04-17"})
    request = request_of(engine, instance.id)
    response = response_of(engine, request.folio)
    # 20 April + 10 dh once: 21–24 (4), 27–30 (8), 1 May rest day, 4–5 May (10); not 20 more.
    assert (response.due_on, response.extension_days) == (date(2026, 5, 5), 10)
    assert request.extended and request.status == RequestStatus.REANALYSIS
    with transaction(engine) as session:
        [case] = session.exec(select(CommitteeCase)).all()
        assert len(session.exec(select(DeadlineEvent).where(DeadlineEvent.deadline_id == response.id,
                                                            DeadlineEvent.action == "ampliado")).all()) == 1
    assert case.outcome == "Confirmada: plazo ampliado (oficio UT/0001/2026)."
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]
    text = oficio_text(engine, settings, instance.id, "oficio_ampliacion")
    assert ("Las razones de la ampliación son las siguientes:\nDirección de Administración:\nSe siguen buscando los "
            f"contratos.\nFundamento: {DA_REASONS}\nDirección de Riesgos e Inteligencia:\nSe siguen digitalizando "
            f"los anexos.\nFundamento: {DRI_REASONS}\nEn consecuencia, su solicitud se responderá a más tardar el 5 "
            "de mayo de 2026.") in text
    # Turned again, neither area may ask for a second one.
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    with pytest.raises(FormInvalid) as refused:
        answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="ampliacion", fundamento=DRI_REASONS)
    assert refused.value.errors["sentido"].startswith("El plazo ya se amplió una vez")


def test_an_ampliacion_two_areas_asked_for_and_the_comite_revoked_leaves_the_term_and_may_be_asked_again_once(
        engine, demo, transparencia, enlace_area_a, enlace_area_b, comite):
    instance = both_areas_ask_for_more_time(engine, demo, transparencia, enlace_area_a, enlace_area_b)
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "revoca", "numero": "CT/RES/005/2026", "fecha_resolucion": "2026-04-08",
              "notas": "El área no fundó la propuesta: debe atender la solicitud."})
    assert response_of(engine, request_of(engine, instance.id).folio).due_on == date(2026, 4, 20)
    complete(engine, transparencia, instance.id, "respond", {
        "accion": "volver", "motivo": "Las áreas deben informar qué localizaron hasta ahora."})
    # A new round in which both ask again: one new case, on this round's reasons.
    both_areas = (demo.areas["DA"], demo.areas["DRI"])
    turn(engine, transparencia, instance.id, *both_areas)
    for enlace, area in zip((enlace_area_a, enlace_area_b), both_areas):
        answer(engine, enlace, instance.id, area, sentido="ampliacion", respuesta="La búsqueda sigue en curso.",
               fundamento="Faltan por revisar los tomos del archivo de concentración.")
    with transaction(engine) as session:
        cases = session.exec(select(CommitteeCase).order_by(CommitteeCase.id)).all()
    assert [(c.kind, c.resolution) for c in cases] == [("ampliacion", "revoca"), ("ampliacion", None)]
    assert [c.area_ids for c in cases] == [[demo.areas["DA"].id, demo.areas["DRI"].id]] * 2
    assert cases[1].reasoning.count("La búsqueda sigue en curso.") == 2
    assert [t.task_name for t in tasks(engine, instance.id)] == ["committee_resolution"]


def enlace_of_the_dj(engine, demo):
    """The enlace of a third area, the Dirección Jurídica."""
    with transaction(engine) as session:
        return actor_for(session, create_user(session, demo.organization.id, "enlace_dj", "Sofía Ruiz Díaz",
                                              "sofia@sesaech.example", DEMO_PASSWORD, [(Role.ENLACE, demo.areas["DJ"].id)]))


def test_a_joint_ampliacion_is_named_with_both_areas_and_seen_by_each_ones_enlace_and_not_by_a_third_area(
        engine, demo, transparencia, enlace_area_a, enlace_area_b, comite):
    enlace_dj = enlace_of_the_dj(engine, demo)
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"], demo.areas["DJ"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           respuesta="Se siguen buscando los contratos.", fundamento=DA_REASONS)
    answer(engine, enlace_dj, instance.id, demo.areas["DJ"])  # the DJ found its part and proposed nothing
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="ampliacion",
           respuesta="Se siguen digitalizando los anexos.", fundamento=DRI_REASONS)
    both = "Dirección de Administración y Dirección de Riesgos e Inteligencia"
    request_id = request_of(engine, instance.id).id
    with transaction(engine) as session:
        seen = {who: [(view.case.kind, view.area_names) for view in request_detail(session, actor, request_id).cases]
                for who, actor in (("unidad", transparencia), ("comite", comite), ("da", enlace_area_a),
                                   ("dri", enlace_area_b), ("dj", enlace_dj))}
    assert seen == {"unidad": [("ampliacion", both)], "comite": [("ampliacion", both)],
                    "da": [("ampliacion", both)], "dri": [("ampliacion", both)], "dj": []}
    # Resolved, the case stays each proposing area's.
    complete(engine, comite, instance.id, "committee_resolution", {
        "resolucion": "confirma", "numero": "CT/RES/005/2026", "fecha_resolucion": "2026-04-16",
        "fecha_notificacion": "2026-04-17"})
    with transaction(engine) as session:
        assert [view.case.resolution for view in request_detail(session, enlace_area_b, request_id).cases] == [
            CommitteeResolution.CONFIRMA]
        assert request_detail(session, enlace_dj, request_id).cases == []


# Test ids name the area's sense and the Comité's, not the expected text.
SENSES_AND_KINDS = {"reservada", "confidencial", "inexistencia", "incompetencia", "confirma", "modifica", "revoca"}
# What the Comité writes when it modifies or revokes (required then: the oficio cites how it modified).
CONSIDERED = {"modifica": "Se reserva solo la parte que el Comité señala.",
              "revoca": "El área no fundó la propuesta: debe atender la solicitud."}


def considered(resolucion: str) -> dict[str, str]:
    """The considerations field of a resolution in that sense: only a modifica or a revoca needs it."""
    return {"notas": CONSIDERED[resolucion]} if resolucion in CONSIDERED else {}


def as_listed(resolucion: str) -> str:
    """What the Unidad's forms add after the outcome of a resolution with considerations."""
    return f" Consideraciones del Comité: {CONSIDERED[resolucion]}" if resolucion in CONSIDERED else ""


def the_case_and_the_answer_form(engine, instance_id, unidad, step="respond") -> tuple[CommitteeCase, list[str]]:
    """The resolved case, and the Comité's resolutions as the Unidad's next form lists them: «Responder al
    solicitante», or «Analizar la solicitud» (`step` review) when a revoca or an ampliación sends the
    request back to turn it."""
    [unidad_task] = tasks(engine, instance_id)
    assert unidad_task.task_name == step
    with transaction(engine) as session:
        case = session.exec(select(CommitteeCase)).one()
        return case, task_form_context(session, unidad, unidad_task)["committee_outcomes"]


def test_a_modified_classification_reads_modificada_on_the_case_and_in_the_answer_form(
        engine, demo, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="reservada",
                                   fundamento="Art. 113 fr. I: su difusión compromete la seguridad de las "
                                              "instalaciones.")
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "modifica", "numero": "CT/RES/001/2026", "fecha_resolucion": "2026-04-08",
              "notas": "Se reserva solo la parte que el Comité señala."})
    case, listed = the_case_and_the_answer_form(engine, instance.id, transparencia)
    assert case.resolution == CommitteeResolution.MODIFICA
    assert case.outcome == ("Modificada: la clasificación subsiste en los términos en que el Comité la modificó; la "
                            "respuesta se entrega en versión pública o con la leyenda de clasificación conforme a esa "
                            "modificación.")
    assert listed == [f"Clasificación de la información: {case.outcome}{as_listed('modifica')}"]
    assert "Confirmada" not in case.outcome


def test_the_answer_to_a_modified_classification_says_how_the_comite_modified_it(
        engine, demo, settings, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="reservada",
                                   fundamento="Art. 113 fr. I: su difusión compromete la seguridad del personal.")
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "modifica", "numero": "CT/RES/004/2026", "fecha_resolucion": "2026-04-08",
              "notas": "Sólo se reservan los nombres y los horarios del personal de vigilancia"})
    respond(engine, transparencia, instance.id, sentido="reservada",
            leyenda="Se testan los nombres y los horarios del personal de vigilancia (art. 113 fr. I).")
    assert ("El Comité de Transparencia, en su resolución CT/RES/004/2026 del 8 de abril de 2026, con fundamento en "
            "LGTAIP 2025, arts. 40 fr. II y 139, modificó la clasificación de la información en los términos "
            "siguientes: Sólo se reservan los nombres y los horarios del personal de vigilancia.") in oficio_text(
        engine, settings, instance.id, "oficio_respuesta")


@pytest.mark.parametrize("resolucion, message", [
    ("modifica", "Escriba las consideraciones: los términos en que el Comité modifica la propuesta del área. El "
                 "oficio de respuesta los cita."),
    ("revoca", "Escriba las consideraciones: por qué el Comité revoca la propuesta del área y qué debe hacer el área "
               "en su lugar."),
], ids=["modifica", "revoca"])
def test_a_modification_or_a_revocation_without_considerations_is_refused_beside_them_and_nothing_is_saved(
        engine, demo, transparencia, enlace_area_a, comite, resolucion, message):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="reservada",
                                   fundamento="Art. 113 fr. I: su difusión compromete la seguridad del personal.")
    for blank in ("", "  \n "):
        with pytest.raises(FormInvalid) as refused:
            complete(engine, comite, instance.id, "committee_resolution",
                     {"resolucion": resolucion, "numero": "CT/RES/004/2026", "fecha_resolucion": "2026-04-08",
                      "notas": blank})
        assert refused.value.errors == {"notas": message}
    with transaction(engine) as session:
        case = session.exec(select(CommitteeCase)).one()
    assert (case.resolution, case.resolution_number, case.notes) == (None, "", "")
    assert [t.task_name for t in tasks(engine, instance.id)] == ["committee_resolution"]
    # A confirmation needs none: it confirms what the area proposed, with its reasons.
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/004/2026", "fecha_resolucion": "2026-04-08"})
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING


@pytest.mark.parametrize("sentido, resolucion, outcome", [
    ("reservada", "confirma",
     "Confirmada: la respuesta se entrega en versión pública o con la leyenda de clasificación."),
    ("confidencial", "revoca", "Revocada: la información no se clasifica; el área debe entregarla."),
    ("inexistencia", "confirma", "Confirmada: la inexistencia se notifica al solicitante con la respuesta."),
    ("inexistencia", "modifica", "Modificada: la inexistencia se notifica al solicitante con la respuesta, en los "
                                 "términos en que el Comité la modificó."),
    ("inexistencia", "revoca",
     "Revocada: la información no se declara inexistente; el área debe buscarla de nuevo y entregarla."),
    ("incompetencia", "confirma", "Confirmada: la incompetencia se notifica al solicitante con la respuesta."),
    ("incompetencia", "modifica", "Modificada: la incompetencia se notifica al solicitante con la respuesta, en los "
                                  "términos en que el Comité la modificó."),
    ("incompetencia", "revoca", "Revocada: el sujeto obligado es competente; el área debe atender la solicitud y "
                                "entregar la información."),
], ids=lambda value: value if value in SENSES_AND_KINDS else "")
def test_the_comites_outcome_begins_with_what_it_resolved_for_every_kind_of_case(
        engine, demo, transparencia, enlace_area_a, comite, sentido, resolucion, outcome):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido=sentido,
                                   fundamento="Fundamento y motivación del área para el Comité.")
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": resolucion, "numero": "CT/RES/003/2026", "fecha_resolucion": "2026-04-08",
              **considered(resolucion)})
    # A revoca sends the area back to search and deliver: the Unidad turns the request again.
    case, listed = the_case_and_the_answer_form(engine, instance.id, transparencia,
                                                 "review" if resolucion == "revoca" else "respond")
    assert (case.resolution, case.outcome) == (resolucion, outcome)
    assert listed == [f"{case.kind.label}: {outcome}{as_listed(resolucion)}"]


@pytest.mark.parametrize("resolucion, stored, shown", [
    ("confirma", "Confirmada: plazo ampliado (oficio UT/0001/2026).",
     "Confirmada: plazo ampliado; vence el 5 de mayo de 2026 (oficio UT/0001/2026)."),
    ("modifica", "Modificada: plazo ampliado, en los términos en que el Comité la modificó (oficio UT/0001/2026).",
     "Modificada: plazo ampliado, en los términos en que el Comité la modificó; vence el 5 de mayo de "
     "2026 (oficio UT/0001/2026)."),
], ids=lambda value: value if value in SENSES_AND_KINDS else "")
def test_an_extension_confirmed_or_modified_says_so_and_both_reopen_the_turn(
        engine, demo, transparencia, enlace_area_a, comite, resolucion, stored, shown):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="ampliacion",
                                   fundamento="Los contratos están en el archivo de concentración.")
    complete(engine, comite, instance.id, "committee_resolution", {
        "resolucion": resolucion, "numero": "CT/RES/005/2026", "fecha_resolucion": "2026-04-16",
        "fecha_notificacion": "2026-04-17", **considered(resolucion)})
    case, listed = the_case_and_the_answer_form(engine, instance.id, transparencia, "review")
    request = request_of(engine, instance.id)
    # Stored without the due day, which the forms read from the term.
    assert (case.outcome, listed) == (stored, [f"Ampliación del plazo: {shown}{as_listed(resolucion)}"])
    assert request.extended and request.status == RequestStatus.REANALYSIS  # the Unidad turns it again
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]


def test_a_revoked_extension_says_revocada_and_the_term_stays(engine, demo, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="ampliacion",
                                   fundamento="Los contratos están en el archivo de concentración.")
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "revoca", "numero": "CT/RES/005/2026", "fecha_resolucion": "2026-04-16",
              "notas": "El área no fundó la propuesta: debe atender la solicitud."})
    case, listed = the_case_and_the_answer_form(engine, instance.id, transparencia)
    assert case.outcome == "Revocada: el plazo no se amplía."
    assert listed == [f"Ampliación del plazo: Revocada: el plazo no se amplía.{as_listed('revoca')}"]
    assert response_of(engine, request_of(engine, instance.id).folio).due_on == date(2026, 4, 20)


def extended_and_turned_again(engine, demo, transparencia, enlace_area_a, comite):
    """The Comité extended the term to 5 May; the Unidad turns the request to the same area again."""
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="ampliacion",
                                   fundamento="Los contratos están en el archivo de concentración.")
    complete(engine, comite, instance.id, "committee_resolution", {
        "resolucion": "confirma", "numero": "CT/RES/005/2026", "fecha_resolucion": "2026-04-16",
        "fecha_notificacion": "2026-04-17"})
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    return instance


def test_a_second_extension_is_refused_beside_the_sense_and_nothing_changes(
        engine, demo, transparencia, enlace_area_a, comite):
    instance = extended_and_turned_again(engine, demo, transparencia, enlace_area_a, comite)
    with pytest.raises(FormInvalid) as refused:
        answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
               fundamento="La búsqueda en el archivo de concentración sigue en curso.")
    assert refused.value.errors == {"sentido": (
        "El plazo ya se amplió una vez (la respuesta vence el 5 de mayo de 2026) y la ley permite una sola "
        "ampliación: responda con lo que localizó su área o devuelva la solicitud.")}
    # The turn is still the area's to answer: no case for the Comité, nothing passed to the Unidad.
    assert [t.task_name for t in tasks(engine, instance.id)] == ["area_answer"]
    with transaction(engine) as session:
        assert len(session.exec(select(CommitteeCase)).all()) == 1
        turns = session.exec(select(RequestTurn).order_by(RequestTurn.id)).all()
    assert [t.status for t in turns] == [RequestTurnStatus.ANSWERED, RequestTurnStatus.PENDING]
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]


def test_the_areas_form_no_longer_offers_an_extension_once_the_term_was_extended(
        engine, demo, transparencia, enlace_area_a, comite):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    assert area_form_context(engine, enlace_area_a, instance.id)["extension_refusal"] is None
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           fundamento="Los contratos están en el archivo de concentración.")
    complete(engine, comite, instance.id, "committee_resolution", {
        "resolucion": "confirma", "numero": "CT/RES/005/2026", "fecha_resolucion": "2026-04-16",
        "fecha_notificacion": "2026-04-17"})
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    assert area_form_context(engine, enlace_area_a, instance.id)["extension_refusal"].startswith(
        "El plazo ya se amplió una vez")


def test_after_an_extension_every_view_of_the_comites_resolution_says_the_day_the_term_falls_due_now(
        engine, demo, transparencia, enlace_area_a, comite, admin):
    instance = extended_and_turned_again(engine, demo, transparencia, enlace_area_a, comite)  # due 5 May
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 4, 30), date(2026, 4, 30), "Día del Niño (acuerdo interno)")
        declare_suspension(session, admin, date(2026, 4, 27), date(2026, 4, 28), SuspensionScope.ACCESO,
                           "Acuerdo CT/EXT/03/2026")
    # 10 dh from 20 April: 21–24 (4), 27–28 suspended, 29 (5), 30 inhábil, 1 May rest day, 4–8 May (10).
    assert response_of(engine, request.folio).due_on == date(2026, 5, 8)
    now = "Ampliación del plazo: Confirmada: plazo ampliado; vence el 8 de mayo de 2026 (oficio UT/0001/2026)."
    with transaction(engine) as session:
        # Stored without the day, which the term keeps: a día inhábil or a suspension moves it afterwards.
        assert session.exec(select(CommitteeCase)).one().outcome == "Confirmada: plazo ampliado (oficio UT/0001/2026)."
        [case] = request_detail(session, transparencia, request.id).cases
    assert f"{case.case.kind.label}: {case.outcome}" == now  # the request's page
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    with transaction(engine) as session:
        task = session.exec(select(OpenTask).where(OpenTask.instance_id == instance.id)).one()
        assert task.task_name == "respond"
        assert task_form_context(session, transparencia, task)["committee_outcomes"] == [now]  # the answer's form


def area_form_context(engine, enlace, instance_id) -> dict:
    with transaction(engine) as session:
        task = session.exec(select(OpenTask).where(OpenTask.instance_id == instance_id,
                                                   OpenTask.task_name == "area_answer")).one()
        return task_form_context(session, enlace, task)


def resolve(engine, comite, instance_id, resolucion, numero="CT/RES/012/2026"):
    complete(engine, comite, instance_id, "committee_resolution",
             {"resolucion": resolucion, "numero": numero, "fecha_resolucion": "2026-04-08", **considered(resolucion)})


def test_a_classification_the_comite_confirmed_cannot_be_answered_as_a_full_delivery(
        engine, demo, settings, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="reservada",
                                   fundamento="Art. 113 fr. I: su difusión compromete la seguridad de las "
                                              "instalaciones.")
    resolve(engine, comite, instance.id, "confirma")
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, sentido="entrega_total")
    assert refused.value.errors["sentido"] == (
        "Clasificación de la información confirmada por el Comité de Transparencia (CT/RES/012/2026): la respuesta "
        "se entrega en versión pública o con la leyenda de clasificación. Elija «Entrega parcial», «Clasificada "
        "como reservada» o «Clasificada como confidencial».")
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING
    with transaction(engine) as session:  # a refused answer takes no oficio and no number
        assert session.exec(select(StoredFile).where(StoredFile.kind == "oficio_respuesta")).first() is None
    respond(engine, transparencia, instance.id, sentido="entrega_parcial",
            leyenda="Se testan los planos de las instalaciones (art. 113 fr. I).")
    assert request_of(engine, instance.id).answer_sense == "entrega_parcial"


def test_a_partial_delivery_where_nothing_is_classified_needs_no_public_version_nor_legend(
        engine, demo, settings, transparencia, enlace_area_a, enlace_area_b, comite):
    # One area found nothing (the Comité confirmed the inexistencia), the other delivers what it has.
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="inexistencia",
           fundamento="Se buscó en el archivo de trámite y de concentración sin localizarla.")
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="entrega_parcial")
    resolve(engine, comite, instance.id, "confirma")
    respond(engine, transparencia, instance.id, sentido="entrega_parcial")
    assert request_of(engine, instance.id).answer_sense == "entrega_parcial"
    assert "Leyenda de clasificación" not in oficio_text(engine, settings, instance.id, "oficio_respuesta")


def test_a_partial_delivery_with_part_classified_needs_its_public_version_or_legend(
        engine, demo, transparencia, enlace_area_a, enlace_area_b, comite):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="confidencial",
           fundamento="Art. 116: datos personales de los arrendadores.")
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="entrega_parcial")
    resolve(engine, comite, instance.id, "modifica")
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, sentido="entrega_parcial")
    assert refused.value.errors["version_publica_id"] == (
        "Una respuesta clasificada se entrega en versión pública: adjúntela o escriba la leyenda de clasificación.")
    respond(engine, transparencia, instance.id, sentido="entrega_parcial",
            leyenda="Se testan los nombres y domicilios de los arrendadores (art. 116).")
    assert request_of(engine, instance.id).answer_sense == "entrega_parcial"


def test_a_classification_the_comite_revoked_leaves_nothing_classified_for_a_partial_delivery(
        engine, demo, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="confidencial",
                                   fundamento="Art. 116: datos personales de los arrendadores.")
    resolve(engine, comite, instance.id, "revoca")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="entrega_parcial",
           respuesta="Se entregan los contratos de 2025; los de 2024 no se localizaron.")
    respond(engine, transparencia, instance.id, sentido="entrega_parcial")
    assert request_of(engine, instance.id).answer_sense == "entrega_parcial"


def test_a_revoked_inexistencia_sends_the_request_back_to_turn_it_and_is_never_the_answer(
        engine, demo, settings, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="inexistencia",
                                   fundamento="Se buscó en el archivo de trámite sin localizarla.")
    resolve(engine, comite, instance.id, "revoca")
    # The area must search again: the request is back at the Unidad's analysis, which shows why.
    case, listed = the_case_and_the_answer_form(engine, instance.id, transparencia, "review")
    assert listed == [f"Inexistencia: {case.outcome}{as_listed('revoca')}"]
    assert request_of(engine, instance.id).status == RequestStatus.REANALYSIS
    assert summaries(engine, instance.id, "solicitud.resoluciones_comite") == [
        "Inexistencia: Revocada: la información no se declara inexistente; el área debe buscarla de nuevo y "
        "entregarla."]
    # Answered at once instead, the revoked sense is refused beside «sentido».
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, sentido="inexistencia")
    assert refused.value.errors["sentido"] == (
        "Inexistencia revocada por el Comité de Transparencia (CT/RES/012/2026): la información no se declara "
        "inexistente; el área debe buscarla de nuevo y entregarla. La respuesta no puede ser «Inexistencia»: "
        "responda con la información que entregue el área.")
    respond(engine, transparencia, instance.id, sentido="entrega_total")
    text = oficio_text(engine, settings, instance.id, "oficio_respuesta")
    assert "revocó la declaración de inexistencia de la información." in text


def test_an_area_turned_again_after_a_revoked_inexistencia_answers_and_the_request_is_answered(
        engine, demo, settings, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="inexistencia",
                                   fundamento="Se buscó en el archivo de trámite sin localizarla.")
    resolve(engine, comite, instance.id, "revoca")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], respuesta="Se localizaron en el archivo de "
           "concentración; se anexan.")
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]
    respond(engine, transparencia, instance.id)
    assert request_of(engine, instance.id).answer_sense == "entrega_total"


def test_an_area_that_again_finds_nothing_after_a_revoked_inexistencia_goes_back_to_the_comite(
        engine, demo, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="inexistencia",
                                   fundamento="Se buscó en el archivo de trámite sin localizarla.")
    resolve(engine, comite, instance.id, "revoca")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="inexistencia",
           fundamento="Se buscó también en el archivo de concentración y en el histórico, sin localizarla.")
    [task] = tasks(engine, instance.id)
    assert task.task_name == "committee_resolution"
    resolve(engine, comite, instance.id, "confirma", "CT/RES/015/2026")
    with transaction(engine) as session:
        resolutions = [c.resolution for c in session.exec(select(CommitteeCase).order_by(CommitteeCase.id)).all()]
    assert resolutions == [CommitteeResolution.REVOCA, CommitteeResolution.CONFIRMA]
    respond(engine, transparencia, instance.id, sentido="inexistencia")
    assert request_of(engine, instance.id).answer_sense == "inexistencia"


@pytest.mark.parametrize("sentido", ["reservada", "confidencial", "inexistencia"])
def test_a_classification_or_an_inexistencia_without_a_resolution_of_the_comite_is_refused(
        engine, demo, transparencia, sentido):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, sentido=sentido, leyenda="Art. 113 fr. I.")
    assert refused.value.errors["sentido"].endswith(
        "necesita una resolución del Comité de Transparencia que la confirme o la modifique, y esta solicitud no "
        "tiene ninguna: la propone el área a la que se turna la solicitud, con su fundamento, y el Comité la "
        "resuelve antes de responder. Elija el sentido de lo que se entrega.")
    assert request_of(engine, instance.id).status != RequestStatus.ANSWERED
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]


def test_a_revoked_classification_cannot_be_the_answer(engine, demo, transparencia, enlace_area_a, comite):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a, sentido="confidencial",
                                   fundamento="Art. 116: datos personales de los arrendadores.")
    resolve(engine, comite, instance.id, "revoca")
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, sentido="confidencial", leyenda="Art. 116.")
    assert refused.value.errors["sentido"].startswith(
        "Clasificación de la información revocada por el Comité de Transparencia (CT/RES/012/2026): la información "
        "no se clasifica; el área debe entregarla. La respuesta no puede ser «Clasificada como confidencial»")


def test_an_answer_dated_before_the_filing_is_refused_and_changes_nothing(
        engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    with transaction(engine) as session:
        version = session.get(ProcessInstance, instance.id).version
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, fecha_notificacion="2026-03-20")
    assert "anterior a la recepción de la solicitud (23/03/2026)" in refused.value.errors["fecha_notificacion"]
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).version == version
        assert session.exec(select(StoredFile).where(StoredFile.kind == "oficio_respuesta")).first() is None
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING
    assert task_named(engine, instance.id, "respond")


def test_a_recurso_is_tracked_until_the_garante_resolves_it(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id)
    complete(engine, transparencia, instance.id, "appeal", {"numero": "RR/0123/2026", "fecha_presentacion": "2026-04-20"})
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.APPEALED
    resolution = [d for d in deadline_rows(engine, request.folio)[DeadlineKind.RECURSO] if "Resolución" in d.title][0]
    # LGTAIP 2025 art. 148: 40 dh from 20 April 2026 (1 May is a rest day).
    assert (resolution.counted_from, resolution.due_on) == (date(2026, 4, 21), date(2026, 6, 16))
    complete(engine, transparencia, instance.id, "appeal_outcome",
             {"resolucion": "modifica", "fecha_resolucion": "2026-06-10", "fecha_cumplimiento": "2026-06-19"})
    with transaction(engine) as session:
        appeal = session.exec(select(Appeal)).one()
    assert (appeal.number, appeal.resolution, appeal.complied_on) == ("RR/0123/2026", "modifica", date(2026, 6, 19))
    assert request_of(engine, instance.id).status == RequestStatus.CONCLUDED
    assert tasks(engine, instance.id) == []


def test_a_resolution_that_revokes_the_answer_keeps_the_request_open_until_it_is_complied(
        engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id)
    complete(engine, transparencia, instance.id, "appeal",
             {"numero": "RR/0124/2026", "fecha_presentacion": "2026-04-20"})
    with pytest.raises(FormInvalid) as refused:  # nothing would follow the compliance otherwise
        complete(engine, transparencia, instance.id, "appeal_outcome",
                 {"resolucion": "revoca", "fecha_resolucion": "2026-06-10"})
    assert "indique el plazo que fija para hacerlo" in refused.value.errors["dias_cumplimiento"]
    complete(engine, transparencia, instance.id, "appeal_outcome",
             {"resolucion": "revoca", "fecha_resolucion": "2026-06-10", "dias_cumplimiento": "10"})
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.APPEALED
    term = [d for d in deadline_rows(engine, request.folio)[DeadlineKind.RECURSO] if "Cumplimiento" in d.title][0]
    # 10 dh from 10 June 2026: 11, 12 (2), 15–19 (7), 22–24 (10).
    assert (term.due_on, term.status, term.basis) == (
        date(2026, 6, 24), DeadlineStatus.OPEN, "Resolución del recurso RR/0124/2026 del órgano garante")
    assert task_named(engine, instance.id, "comply").due_at == term.due_at
    assert summaries(engine, instance.id, "solicitud.recurso_resuelto") == [
        "El órgano garante revocó la respuesta (recurso RR/0124/2026); debe cumplirse a más tardar el "
        "24 de junio de 2026"]
    complete(engine, transparencia, instance.id, "comply",
             {"fecha_cumplimiento": "2026-06-22", "cumplimiento": "Se entregó la información completa al solicitante."})
    assert request_of(engine, instance.id).status == RequestStatus.CONCLUDED
    assert deadline_rows(engine, request.folio)[DeadlineKind.RECURSO][-1].status == DeadlineStatus.MET
    assert tasks(engine, instance.id) == []


def test_oficios_are_numbered_in_sequence_per_year(engine, demo, transparencia, enlace_area_a):
    first = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, first.id)
    second = file_request(engine, transparencia, folio_pnt="330024626000124")
    turn(engine, transparencia, second.id, demo.areas["DA"])
    answer(engine, enlace_area_a, second.id, demo.areas["DA"])
    respond(engine, transparencia, second.id, fecha_notificacion="2026-04-13")
    assert [request_of(engine, i.id).oficio_number for i in (first, second)] == ["UT/0001/2026", "UT/0002/2026"]
    assert summaries(engine, second.id, "solicitud.respondida") == [
        "Respondió con el oficio UT/0002/2026 (Entrega total); notificada el 13 de abril de 2026"]


def test_waiting_for_a_recurso_shows_in_mis_tareas_as_en_espera_not_as_a_term(
        engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    with transaction(engine) as session:
        [row] = inbox.my_tasks(session, transparencia, now=later(date(2026, 4, 10))).rows
    assert (row.task.task_name, row.due) == ("respond", inbox.DueState.ON_TIME)
    respond(engine, transparencia, instance.id)
    appeal = task_named(engine, instance.id, "appeal")
    with transaction(engine) as session:
        [row] = inbox.my_tasks(session, transparencia, now=later(date(2026, 4, 10))).rows
        assert inbox.task_due_state(session, appeal) == inbox.DueState.WAITING  # the task's own page
    assert (row.task.task_name, row.due, row.due.label) == ("appeal", inbox.DueState.WAITING, "En espera")


def test_a_duplicate_pnt_folio_is_refused(engine, demo, transparencia):
    file_request(engine, transparencia)
    with pytest.raises(FormInvalid) as refused:
        file_request(engine, transparencia)
    assert refused.value.errors == {"folio_pnt": "Ya existe una solicitud con ese folio de la PNT."}


def test_a_correspondence_item_becomes_a_request_that_keeps_its_folio_link(engine, demo, oficialia, transparencia):
    item = item_of(engine, register_document(engine, oficialia).id)
    instance = file_request(engine, transparencia, canal="oficialia", folio_pnt="",
                            folio_correspondencia=item.folio)
    assert request_of(engine, instance.id).correspondence_id == item.id
    with pytest.raises(FormInvalid) as refused:
        file_request(engine, transparencia, canal="oficialia", folio_pnt="", folio_correspondencia="OP-1999-000001")
    assert "No existe el folio OP-1999-000001" in refused.value.errors["folio_correspondencia"]


def test_a_request_is_not_turned_to_an_area_without_enlace(engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    with pytest.raises(FormInvalid) as refused:
        turn(engine, transparencia, instance.id, demo.areas["DJ"])
    assert refused.value.errors["areas"].startswith("Nadie es enlace de Dirección Jurídica")
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]


def test_an_enlace_of_another_area_cannot_answer_the_turn(engine, demo, transparencia, enlace_area_b):
    from engine.runtime import NotAllowed
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    with pytest.raises(NotAllowed):
        answer(engine, enlace_area_b, instance.id, demo.areas["DA"])
