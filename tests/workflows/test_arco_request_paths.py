"""Path tests of bpmn/arco_request.bpmn: every branch and its deadlines, restored from storage at each step.

The request is filed in person on Monday 23 March 2026 at 10:00 under MX-LGPDPPSO (días hábiles of
the LFT list; 1 May 2026 is the only rest day in these weeks): the response is due Monday 20 April
2026 (20 días hábiles from Tuesday 24 March). Other terms are worked out beside each test.
"""

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from engine.calendar_overlay import declare_suspension
from engine.db import transaction
from engine import deadlines
from engine.alerts import sweep
from engine.deadlines import DeadlineEvent, DeadlineKind, DeadlineStatus, status_label
from engine.documents import text_of
from engine.files import StoredFile, read
from engine.legal_calendar import SuspensionScope
from engine.outbox import OutboxMessage
from engine.forms import FormInvalid, validate_form
from engine.processes import BpmnDefinition, InstanceStatus, OpenTask, ProcessInstance
from engine.runtime import runtime
from engine.settings import ROOT
from engine.timers import fire_due_timers
from tests.access_request_steps import (SpiffClock, complete, deadline_rows, file_request, later, request_of,  # noqa: F401
                                        response_of, tasks, working_in_march_2026)
from tests.arco_request_steps import arco_form, file_arco
from tests.timeline import summaries
from tests.today import demo_today, workday_until
from web.app import _jinja
from web.routes.tasks import task_form_context as form_context
from workflows.access_request.analysis import answered_turns
from workflows.access_request.models import Appeal, CommitteeCase, RequestKind, RequestStatus
from workflows.access_request.payment import lapsed_unpaid, record_payment
from workflows.arco_request import EFFECTIVENESS_TASKS, effectiveness
from workflows.arco_request.forms import ArcoAreaAnswerForm, RegisterArcoForm


def names(engine, instance_id) -> list[str]:
    return [t.task_name for t in tasks(engine, instance_id)]


def turn(engine, transparencia, instance_id, area):
    return complete(engine, transparencia, instance_id, "review",
                    {"decision": "turnar", "areas": [area.id], "instruccion": "Buscar el expediente y corregir"})


def answer(engine, enlace, instance_id, area, sentido="entrega_total", **extra):
    return complete(engine, enlace, instance_id, "area_answer",
                    {"sentido": sentido, "respuesta": "Se localizó el expediente; el domicilio puede corregirse.",
                     **extra}, area_id=area.id)


def respond(engine, transparencia, instance_id, **extra):
    data = {"sentido": "entrega_total", "respuesta": "Procede la rectificación de su domicilio en el expediente.",
            "modalidad": "consulta_directa", "costo": "0", "fecha_notificacion": "2026-04-10"}
    return complete(engine, transparencia, instance_id, "respond", {**data, **extra})


def make_effective(engine, transparencia, instance_id, **extra):
    data = {"fecha_verificacion_identidad": "2026-04-14", "fecha_efectividad": "2026-04-15",
            "descripcion": "Se corrigió el domicilio en el expediente y se entregó constancia al titular."}
    # «Hacer efectivo el derecho»: the task of an answer without costs, or the one that waits for them to be paid.
    [task] = [name for name in names(engine, instance_id) if name in EFFECTIVENESS_TASKS]
    return complete(engine, transparencia, instance_id, task, {**data, **extra})


def answered(engine, demo, transparencia, enlace_area_a):
    """Filed, turned to DA, answered by the area and answered to the holder on 10 April 2026."""
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    respond(engine, transparencia, instance.id)
    return instance


def test_registering_keeps_the_holder_and_opens_the_twenty_day_term(engine, demo, transparencia):
    instance = file_arco(engine, transparencia)
    request = request_of(engine, instance.id)
    assert (request.kind, request.folio, request.arco_right, request.rule_set_code) == (
        RequestKind.ARCO, "ARCO-2026-00001", "rectificacion", "MX-LGPDPPSO")
    assert (request.holder_name, request.representative_name, request.requester_name) == (
        "Ana Ruiz Cárdenas", "Jorge Méndez Salas", "Ana Ruiz Cárdenas")
    assert request.identity_document.startswith("Credencial para votar")
    assert request.identity_verified_at is None
    response = response_of(engine, request.folio)
    assert (response.counted_from, response.due_on, response.basis) == (
        date(2026, 3, 24), date(2026, 4, 20), "LGPDPPSO, art. 45")
    with transaction(engine) as session:
        title = session.get(ProcessInstance, instance.id).title
    # The title is read in inboxes and lists: the right, never the description (personal data).
    assert title == "ARCO-2026-00001 · Derechos ARCO: rectificación"
    assert names(engine, instance.id) == ["review"]



def test_a_turned_arco_request_tells_the_areas_enlace_without_the_holders_data(engine, demo, transparencia):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    with transaction(engine) as session:
        [mail] = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "turno")).all()
    assert (mail.to_address, mail.subject.split(" (vence")[0]) == (
        "enlace_da@sesaech.example", "Nuevo turno: ARCO-2026-00001 · Derechos ARCO: rectificación")
    assert "Instrucción: Buscar el expediente y corregir" in mail.body.splitlines()
    # The e-mail leaves Pleno: the holder, the representative and what the request is about stay inside.
    for personal in ("Ana Ruiz", "Jorge Méndez", "Hidalgo", "Credencial", "ana.ruiz@example.org"):
        assert personal not in mail.subject + mail.body


def test_an_arco_request_received_before_21_march_2025_keeps_the_one_arco_rule_set(engine, demo, transparencia):
    # The rule set data has one LGPDPPSO (its 2025 replacement kept the terms): no older law to hand it to.
    request = request_of(engine, file_arco(engine, transparencia, fecha_recepcion="2025-03-10").id)
    assert (request.rule_set_code, response_of(engine, request.folio).basis) == ("MX-LGPDPPSO", "LGPDPPSO, art. 45")


BEFORE_THE_LGPDPPSO = ("Una solicitud ARCO no puede tener fecha de recepción anterior al 27 de enero de 2017, día en "
                      "que entró en vigor la Ley General de Protección de Datos Personales en Posesión de Sujetos "
                      "Obligados, cuyos plazos aplica Pleno. Revise la fecha.")


@pytest.mark.parametrize("received", ["2017-01-26", "2016-11-14", "2005-06-01"])
def test_an_arco_request_received_before_the_lgpdppso_took_effect_is_refused_beside_the_date(
        engine, demo, transparencia, received):
    # Published in the DOF on 26 January 2017, in force the next day: its terms do not reach what came before.
    values = {**arco_form().model_dump(mode="json"), "fecha_recepcion": received}
    with pytest.raises(FormInvalid) as refused:
        validate_form(RegisterArcoForm, values)
    assert refused.value.errors == {"fecha_recepcion": BEFORE_THE_LGPDPPSO}
    with transaction(engine) as session:
        assert session.exec(select(ProcessInstance)).first() is None


def test_an_arco_request_received_the_day_the_lgpdppso_took_effect_is_registered_under_it(
        engine, demo, transparencia):
    # Friday 27 January 2017 at 10:00: 20 dh from Monday 30 January, with 6 February (first Monday) a rest day.
    request = request_of(engine, file_arco(engine, transparencia, fecha_recepcion="2017-01-27").id)
    response = response_of(engine, request.folio)
    assert (request.rule_set_code, response.basis, response.counted_from) == (
        "MX-LGPDPPSO", "LGPDPPSO, art. 45", date(2017, 1, 30))


def test_access_and_arco_requests_are_numbered_apart(engine, demo, transparencia):
    folios = [request_of(engine, file(engine, transparencia, folio_pnt=pnt).id).folio
              for file, pnt in ((file_request, "330024626000101"), (file_arco, "330024626000102"),
                                (file_request, "330024626000103"), (file_arco, "330024626000104"))]
    assert folios == ["SAI-2026-00001", "ARCO-2026-00001", "SAI-2026-00002", "ARCO-2026-00002"]


@pytest.mark.parametrize("blank,message", [
    ("titular", "Escriba el nombre del titular de los datos: una solicitud ARCO no puede ser anónima"),
    ("documento_identidad", "Indique el documento con que el titular o su representante acreditó su identidad"),
])
def test_a_registration_without_the_holders_identity_is_refused_in_spanish(blank, message):
    values = arco_form().model_dump(mode="json")
    del values[blank]
    with pytest.raises(FormInvalid) as refused:
        validate_form(RegisterArcoForm, values)
    assert refused.value.errors[blank].startswith(message)
    with pytest.raises(FormInvalid) as refused:
        validate_form(RegisterArcoForm, {**values, blank: "   "})
    assert refused.value.errors[blank].startswith(message)


@pytest.mark.parametrize("not_a_name", ["Anónimo", "anonimo", "ANÓNIMA", "N/A", "n.a.", "Sin nombre", "---",
                                        "Seudónimo"])
def test_a_word_for_no_name_is_refused_as_the_holders_name_in_spanish(not_a_name):
    values = arco_form().model_dump(mode="json")
    with pytest.raises(FormInvalid) as refused:
        validate_form(RegisterArcoForm, {**values, "titular": not_a_name})
    assert refused.value.errors["titular"] == (f"«{not_a_name}» no es el nombre de una persona. Escriba el nombre "
                                               "del titular de los datos: una solicitud ARCO no puede ser anónima ni "
                                               "presentarse con seudónimo.")


@pytest.mark.parametrize("name", ["Ana Ruiz Cárdenas", "Nadia Anaya", "Xóchitl Na"])
def test_a_real_name_near_those_words_is_the_holders_name(name):
    values = arco_form().model_dump(mode="json")
    assert validate_form(RegisterArcoForm, {**values, "titular": name}).titular == name


def test_incompetencia_is_notified_within_three_business_days_and_opens_the_window_to_appeal(engine, demo, settings,
                                                                                            transparencia):
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "incompetencia", "organo_competente": "Instituto Mexicano del Seguro Social",
        "fecha_notificacion": "2026-03-27"})
    request = request_of(engine, instance.id)
    assert (request.status, request.competent_body) == (RequestStatus.INCOMPETENT, "Instituto Mexicano del Seguro Social")
    rows = deadline_rows(engine, request.folio)
    notice = rows[DeadlineKind.INCOMPETENCIA][0]
    # LGPDPPSO art. 47: 3 dh from 23 March are 24, 25, 26 March; notified on the 27th, one day late.
    assert (notice.rule_key, notice.due_on, notice.status, notice.met_late) == (
        "incompetencia", date(2026, 3, 26), DeadlineStatus.MET, True)
    assert rows[DeadlineKind.RESPUESTA][0].status == DeadlineStatus.CANCELLED
    # The holder may appeal it within 15 dh of 27 March: 30 Mar–3 Apr (5), 6–10 (10), 13–17 (15).
    [window] = rows[DeadlineKind.RECURSO]
    assert (window.rule_key, window.due_on, window.status) == ("recurso", date(2026, 4, 17), DeadlineStatus.OPEN)
    assert names(engine, instance.id) == ["appeal"]
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.RUNNING
        oficio = session.get(StoredFile, request.oficio_file_id)
        text = text_of(read(settings, oficio))
    # The notice in the data-protection law's words, to the holder, with its basis from the rule set.
    assert oficio.title == f"Oficio de incompetencia {request.folio}" and oficio.kind == "oficio_incompetencia"
    assert "Oficio núm. UT/0001/2026\nAsunto: incompetencia, solicitud" in text
    assert "con fundamento en LGPDPPSO, art. 47, le informa que este responsable no es competente" in text
    assert "ante el responsable competente: Instituto Mexicano del Seguro Social." in text
    complete(engine, transparencia, instance.id, "appeal", {"numero": "RR/0301/2026", "fecha_presentacion": "2026-04-15"})
    assert (request_of(engine, instance.id).status, names(engine, instance.id)) == (RequestStatus.APPEALED,
                                                                                  ["appeal_outcome"])


def test_an_incompetencia_nobody_appeals_concludes_when_the_window_closes(engine, demo, transparencia):
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "incompetencia", "organo_competente": "Instituto Mexicano del Seguro Social",
        "fecha_notificacion": "2026-03-26"})
    fire_due_timers(engine, now=later(date(2026, 4, 17)))  # 15 dh from 26 March ended on 16 April
    request = request_of(engine, instance.id)
    assert (request.status, request.closed_at is not None) == (RequestStatus.INCOMPETENT, True)
    assert names(engine, instance.id) == []
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.COMPLETED


def test_prevention_pauses_the_term_and_the_holders_answer_restarts_it(engine, demo, transparencia):
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise en qué expediente aparece el domicilio que pide corregir.",
        "fecha_prevencion": "2026-03-25"})
    request = request_of(engine, instance.id)
    rows = deadline_rows(engine, request.folio)
    assert request.status == RequestStatus.PREVENTED
    assert rows[DeadlineKind.RESPUESTA][0].status == DeadlineStatus.PAUSED
    # Issued within 5 dh (art. 46); the holder has 10 dh from 25 March: 26, 27, 30, 31 March, 1–3, 6–8 April.
    assert rows[DeadlineKind.PREVENCION][0].status == DeadlineStatus.MET
    assert rows[DeadlineKind.DESAHOGO][0].due_on == date(2026, 4, 8)
    complete(engine, transparencia, instance.id, "prevention_answer",
             {"fecha_desahogo": "2026-04-08", "desahogo": "En el expediente de personal de 2019."})
    # 20 dh again from 9 April: 9, 10 (2), 13–17 (7), 20–24 (12), 27–30 (16), 1 May rest day, 4–7 May (20).
    response = response_of(engine, request.folio)
    assert (response.status, response.counted_from, response.due_on) == (
        DeadlineStatus.OPEN, date(2026, 4, 9), date(2026, 5, 7))
    assert names(engine, instance.id) == ["review"]


def test_an_unanswered_prevention_makes_the_request_not_presented(engine, demo, transparencia):
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise en qué expediente aparece el domicilio.",
        "fecha_prevencion": "2026-03-25"})
    runtime._cache.clear()
    fire_due_timers(engine, now=later(date(2026, 4, 9)))  # the holder's 10 dh ended 8 April 2026
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.NOT_PRESENTED and request.closed_at is not None
    assert {d.status for rows in deadline_rows(engine, request.folio).values() for d in rows
            if d.kind != DeadlineKind.PREVENCION} == {DeadlineStatus.CANCELLED}
    assert tasks(engine, instance.id) == []


def test_a_prevention_recorded_after_the_holders_window_ended_goes_on_with_the_desahogo_given_with_it(
        engine, demo, transparencia):
    # Filed Thursday 1 October 2026, prevented Monday 5 October: the holder had until 19 October.
    later(date(2026, 11, 27))
    instance = file_arco(engine, transparencia, fecha_recepcion="2026-10-01")
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise en qué expediente aparece el domicilio.",
        "fecha_prevencion": "2026-10-05", "fecha_desahogo": "2026-10-19",
        "desahogo": "En el expediente de personal de 2019."})
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.REGISTERED
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]
    assert deadline_rows(engine, request.folio)[DeadlineKind.DESAHOGO][0].status == DeadlineStatus.MET
    # 20 dh again from 20 October: 20–23 (4), 26–30 (9), 2–6 November (14), 9–13 (19), 17 (20; 16 is a holiday).
    assert response_of(engine, request.folio).due_on == date(2026, 11, 17)


def test_a_suspension_of_arco_terms_during_a_prevention_keeps_the_request_waiting_for_the_holder(
        engine, demo, transparencia, admin):
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise en qué expediente aparece el domicilio.",
        "fecha_prevencion": "2026-03-25"})
    later(date(2026, 3, 26))
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 3, 30), date(2026, 4, 3), SuspensionScope.ARCO, "Acuerdo 4/2026")
    runtime._cache.clear()
    fire_due_timers(engine, now=later(date(2026, 4, 9)))  # the timer had 8 April; the term now ends 15 April
    assert request_of(engine, instance.id).status == RequestStatus.PREVENTED
    assert [t.task_name for t in tasks(engine, instance.id)] == ["prevention_answer"]
    fire_due_timers(engine, now=later(date(2026, 4, 16)))
    assert request_of(engine, instance.id).status == RequestStatus.NOT_PRESENTED


def test_an_answered_request_is_made_effective_within_fifteen_days_once_identity_is_verified(
        engine, demo, settings, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    request = request_of(engine, instance.id)
    assert deadline_rows(engine, request.folio)[DeadlineKind.TURNADO_INTERNO][0].due_on == date(2026, 4, 13)
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    assert names(engine, instance.id) == ["respond"]
    respond(engine, transparencia, instance.id)
    request = request_of(engine, instance.id)
    assert (request.status, request.answer_sense, request.answered_on) == (
        RequestStatus.ANSWERED, "entrega_total", date(2026, 4, 10))
    rows = deadline_rows(engine, request.folio)
    assert rows[DeadlineKind.RESPUESTA][0].status == DeadlineStatus.MET
    # 15 dh from the notification on 10 April (art. 45): 13–17 (5), 20–24 (10), 27–30 (14), 1 May rest
    # day, Monday 4 May (15). The recurso window has the same length.
    effect = rows[DeadlineKind.EFECTIVIDAD][0]
    assert (effect.counted_from, effect.due_on, effect.status) == (date(2026, 4, 13), date(2026, 5, 4), DeadlineStatus.OPEN)
    assert rows[DeadlineKind.RECURSO][0].due_on == date(2026, 5, 4)
    [task] = tasks(engine, instance.id)
    assert (task.task_name, task.due_at) == ("make_effective", effect.due_at)
    with transaction(engine) as session:
        text = text_of(read(settings, session.get(StoredFile, request.oficio_file_id)))
    assert "Ana Ruiz Cárdenas" in text and "Procede la rectificación" in text
    # The oficio answers an ARCO request in its own words, not an access request's.
    assert "Ana Ruiz Cárdenas, por conducto de Jorge Méndez Salas" in text
    assert "para ejercer el derecho de rectificación de sus datos personales" in text
    assert "Derecho ejercido" in text and "Rectificación" in text  # the table's row (capitalised only there)
    assert "Sentido de la respuesta" in text and "Procedente" in text and "Entrega total" not in text
    assert "Modalidad en que se hace efectivo el derecho" in text and "Modalidad de entrega" not in text
    # It tells the holder the term to make the right effective, computed before it was written.
    assert (f"Con fundamento en {effect.basis}, el derecho se hará efectivo dentro de los 15 días hábiles siguientes a "
            "la notificación de esta respuesta, es decir, a más tardar el 4 de mayo de 2026, previa acreditación de la "
            "identidad del titular") in text

    make_effective(engine, transparencia, instance.id)
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.EFFECTIVE
    assert request.identity_verified_at.date() == date(2026, 4, 14)
    effect = deadline_rows(engine, request.folio)[DeadlineKind.EFECTIVIDAD][0]
    assert (effect.status, effect.met_late) == (DeadlineStatus.MET, False)
    assert names(engine, instance.id) == ["appeal"]

    runtime._cache.clear()
    fire_due_timers(engine, now=later(date(2026, 5, 5)))  # nobody appealed by the end of 4 May
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.CONCLUDED
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.COMPLETED


@pytest.mark.parametrize("dates,field,message", [
    ({"fecha_verificacion_identidad": ""}, "fecha_verificacion_identidad",
     "Antes de hacer efectivo el derecho debe verificarse la identidad del titular o de su representante"),
    ({"fecha_verificacion_identidad": "2026-04-16"}, "fecha_verificacion_identidad",
     "La identidad se verifica antes de hacer efectivo el derecho"),
    ({"fecha_verificacion_identidad": "2026-03-20"}, "fecha_verificacion_identidad",
     "La fecha no puede ser anterior a la recepción de la solicitud (23/03/2026)"),
    ({"fecha_efectividad": "2026-04-09", "fecha_verificacion_identidad": "2026-04-09"}, "fecha_efectividad",
     "El derecho no puede hacerse efectivo antes de notificar la respuesta (10/04/2026)"),
])
def test_the_right_is_not_made_effective_without_identity_verified_first(
        engine, demo, transparencia, enlace_area_a, dates, field, message):
    instance = answered(engine, demo, transparencia, enlace_area_a)
    with transaction(engine) as session:
        version = session.get(ProcessInstance, instance.id).version
    with pytest.raises(FormInvalid) as refused:
        make_effective(engine, transparencia, instance.id, **dates)
    assert refused.value.errors[field].startswith(message)
    request = request_of(engine, instance.id)
    assert (request.status, request.identity_verified_at) == (RequestStatus.ANSWERED, None)
    assert deadline_rows(engine, request.folio)[DeadlineKind.EFECTIVIDAD][0].status == DeadlineStatus.OPEN
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).version == version
    assert names(engine, instance.id) == ["make_effective"]


def test_the_right_is_not_made_effective_before_its_costs_are_paid(engine, demo, transparencia, enlace_area_a):
    # The oficio of Friday 10 April with costs makes the right effective «previa acreditación del pago»; the
    # titular has until Monday 4 May to pay (worked out in the test of the answer with costs below).
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="300", costo="150")
    request = request_of(engine, instance.id)
    with pytest.raises(FormInvalid) as unpaid:
        make_effective(engine, transparencia, instance.id)
    assert unpaid.value.errors == {"fecha_efectividad": (
        "El derecho se hace efectivo previa acreditación del pago de los costos, y no hay pago registrado: el plazo "
        "para pagar venció el 4 de mayo de 2026. Si el titular pagó a más tardar ese día, registre primero el pago "
        "en la página de la solicitud; si no, para que el derecho se haga efectivo, el titular debe presentar una "
        "nueva solicitud.")}
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERED
    assert deadline_rows(engine, request.folio)[DeadlineKind.EFECTIVIDAD][0].status == DeadlineStatus.OPEN
    assert names(engine, instance.id) == ["make_effective_with_costs"]

    with transaction(engine) as session:
        record_payment(session, transparencia, request.id, {"fecha_pago": "2026-04-20"})
    with pytest.raises(FormInvalid) as before_paid:
        make_effective(engine, transparencia, instance.id)  # effective on 15 April
    assert before_paid.value.errors == {
        "fecha_efectividad": "El derecho no puede hacerse efectivo antes del pago de los costos (20 de abril de 2026)."}
    make_effective(engine, transparencia, instance.id, fecha_efectividad="2026-04-20")
    assert request_of(engine, instance.id).status == RequestStatus.EFFECTIVE


def answered_with_costs(engine, demo, transparencia, enlace_area_a):
    """Answered on Friday 10 April 2026 with costs: the titular's window to pay and the term to make the right
    effective both end on Monday 4 May 2026 (15 días hábiles each, the 1 May rest day skipped)."""
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="300", costo="150")
    return instance


def test_costs_never_paid_end_the_obligation_to_make_the_right_effective_without_breach(
        engine, demo, transparencia, enlace_area_a):
    instance = answered_with_costs(engine, demo, transparencia, enlace_area_a)
    [task] = tasks(engine, instance.id)
    assert (task.task_name, task.title) == ("make_effective_with_costs", "Hacer efectivo el derecho")
    runtime._cache.clear()
    fire_due_timers(engine, now=later(date(2026, 5, 5)))  # the window closed at the end of 4 May, nothing paid
    # The task is closed, and so is the process: the titular's window to appeal ended that day too.
    assert names(engine, instance.id) == []
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.CONCLUDED
    rows = deadline_rows(engine, request.folio)
    [effect], [window] = rows[DeadlineKind.EFECTIVIDAD], rows[DeadlineKind.ENTREGA]
    assert effect.status == DeadlineStatus.CANCELLED and status_label(window) == "Transcurrido"
    assert summaries(engine, instance.id, "solicitud.sin_pago") == [
        "El titular no pagó los costos a más tardar el 4 de mayo de 2026: concluyó la obligación de hacer efectivo "
        "el derecho. Para ejercerlo, el titular debe presentar una nueva solicitud."]
    with transaction(engine) as session:
        [event] = session.exec(select(DeadlineEvent).where(DeadlineEvent.deadline_id == effect.id,
                                                           DeadlineEvent.action == "cancelado")).all()
    assert event.reason.startswith("El titular no pagó los costos a más tardar el 4 de mayo de 2026: sin el pago")
    # The body missed nothing: the alert sweep of a coming día hábil (one that sends the daily alerts of terms
    # overdue) sends none of the term to make the right effective.
    workday = workday_until(demo_today() + timedelta(days=7))
    sweep(engine, datetime.combine(workday, datetime.min.time(), tzinfo=UTC).replace(hour=16))
    with transaction(engine) as session:
        alerts = session.exec(select(OutboxMessage.subject).where(OutboxMessage.kind == "alerta")).all()
    assert not [subject for subject in alerts if "Hacer efectivo el derecho" in subject]


def test_costs_paid_in_their_window_leave_the_right_to_make_effective_when_the_window_ends(
        engine, demo, transparencia, enlace_area_a):
    instance = answered_with_costs(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        record_payment(session, transparencia, request.id, {"fecha_pago": "2026-04-20"})
    runtime._cache.clear()
    fire_due_timers(engine, now=later(date(2026, 5, 5)))
    # Paid: the window's end does not close the task; the right is still to be made effective.
    assert names(engine, instance.id) == ["make_effective"]
    make_effective(engine, transparencia, instance.id, fecha_efectividad="2026-04-22")
    assert deadline_rows(engine, request.folio)[DeadlineKind.EFECTIVIDAD][0].status == DeadlineStatus.MET
    assert summaries(engine, instance.id, "solicitud.efectiva") == ["Hizo efectivo el derecho el 22 de abril de 2026"]
    assert summaries(engine, instance.id, "solicitud.sin_pago") == []


def test_a_payment_made_in_its_window_and_recorded_after_the_lapse_brings_the_obligation_back_to_the_page(
        engine, demo, transparencia, enlace_area_a):
    instance = answered_with_costs(engine, demo, transparencia, enlace_area_a)
    runtime._cache.clear()
    fire_due_timers(engine, now=later(date(2026, 5, 5)))
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        assert lapsed_unpaid(session, request) == date(2026, 5, 4)
        # The titular paid on the last day; the bank's receipt reaches the Unidad afterwards.
        record_payment(session, transparencia, request.id, {"fecha_pago": "2026-05-04", "referencia": "Recibo 88"})
    # 15 días hábiles from the payment: 5–8 (4), 11–15 (9), 18–22 (14), 25 May (15).
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        assert lapsed_unpaid(session, request) is None
        again = effectiveness.pending_term(session, request)
        assert (again.due_on, again.status) == (date(2026, 5, 25), DeadlineStatus.OPEN)
    assert summaries(engine, instance.id, "solicitud.pagada")[-1].endswith(
        "pagó dentro del plazo, así que el derecho debe hacerse efectivo a más tardar el 25 de mayo de 2026")
    with transaction(engine) as session:
        effectiveness.record(session, transparencia, request.id, {
            "fecha_verificacion_identidad": "2026-05-06", "fecha_efectividad": "2026-05-07",
            "descripcion": "Se corrigió el domicilio en el expediente y se entregó constancia al titular."})
    assert request_of(engine, instance.id).status == RequestStatus.EFFECTIVE
    assert summaries(engine, instance.id, "solicitud.efectiva") == ["Hizo efectivo el derecho el 7 de mayo de 2026"]


def test_a_suspension_that_moves_the_window_to_pay_keeps_the_task_until_the_window_ends(
        engine, demo, transparencia, enlace_area_a, admin):
    instance = answered_with_costs(engine, demo, transparencia, enlace_area_a)
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 4, 27), date(2026, 4, 30), SuspensionScope.ARCO,
                           "Acuerdo 7/2026")
    runtime._cache.clear()
    fire_due_timers(engine, now=later(date(2026, 5, 5)))  # the timer had 4 May; the window now ends 8 May
    assert names(engine, instance.id) == ["make_effective_with_costs"]
    fire_due_timers(engine, now=later(date(2026, 5, 11)))
    assert names(engine, instance.id) == []
    assert summaries(engine, instance.id, "solicitud.sin_pago") == [
        "El titular no pagó los costos a más tardar el 8 de mayo de 2026: concluyó la obligación de hacer efectivo "
        "el derecho. Para ejercerlo, el titular debe presentar una nueva solicitud."]


def test_an_extension_notified_by_the_due_day_adds_ten_business_days_without_the_comite(
        engine, demo, settings, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           fundamento="El expediente de 2019 está en el archivo de concentración.")
    [task] = tasks(engine, instance.id)
    assert (task.task_name, task.role) == ("extend", "transparencia")
    complete(engine, transparencia, instance.id, "extend", {
        "decision": "ampliar", "fecha_notificacion": "2026-04-20",
        "motivo": "El expediente está en el archivo de concentración."})
    request = request_of(engine, instance.id)
    # Notified on the due day itself; 20 April + 10 dh: 21–24 (4), 27–30 (8), 1 May rest day, 4–5 May (10).
    response = response_of(engine, request.folio)
    assert (response.due_on, response.extension_days) == (date(2026, 5, 5), 10)
    assert request.extended and request.status == RequestStatus.REANALYSIS  # the Unidad turns it again
    with transaction(engine) as session:
        assert session.exec(select(CommitteeCase)).first() is None
        [event] = session.exec(select(DeadlineEvent).where(DeadlineEvent.deadline_id == response.id,
                                                           DeadlineEvent.action == "ampliado")).all()
    assert "Ampliación notificada al titular" in event.reason
    assert names(engine, instance.id) == ["review"]
    with transaction(engine) as session:
        oficio = session.exec(select(StoredFile).where(StoredFile.kind == "oficio_ampliacion")).one()
        text = text_of(read(settings, oficio))
    # No Comité in ARCO: the Unidad's own reasons, the data-protection law's basis.
    assert "se amplía por 10 días hábiles, con fundamento en LGPDPPSO" in text and "Comité" not in text
    assert "El expediente está en el archivo de concentración.\nEn consecuencia, su solicitud se responderá a más " \
           "tardar el 5 de mayo de 2026." in text
    # A second ampliación is refused to the area that asks for it, beside the sense: nothing changes.
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    with transaction(engine) as session:
        [area_task] = [t for t in session.exec(select(OpenTask).where(OpenTask.instance_id == instance.id)).all()]
        assert form_context(session, enlace_area_a, area_task)["extension_refusal"].startswith(
            "El plazo ya se amplió una vez (la respuesta vence el 5 de mayo de 2026)")
    with pytest.raises(FormInvalid) as refused:
        answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
               fundamento="Aún no se localiza el expediente en el archivo.")
    assert refused.value.errors == {"sentido": (
        "El plazo ya se amplió una vez (la respuesta vence el 5 de mayo de 2026) y la ley permite una sola "
        "ampliación: responda con lo que localizó su área o devuelva la solicitud.")}
    assert names(engine, instance.id) == ["area_answer"]


def test_the_oficios_of_an_arco_request_filed_on_a_sunday_say_it_counted_as_received_on_monday(
        engine, demo, settings, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia, fecha_recepcion="2026-03-22", hora_recepcion="12:00")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           fundamento="El expediente de 2019 está en el archivo de concentración.")
    complete(engine, transparencia, instance.id, "extend", {
        "decision": "ampliar", "fecha_notificacion": "2026-04-20", "motivo": "El expediente está en el archivo."})
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    respond(engine, transparencia, instance.id, fecha_notificacion="2026-04-24")
    with transaction(engine) as session:
        oficios = {f.kind: text_of(read(settings, f)) for f in session.exec(select(StoredFile).where(
            StoredFile.instance_id == instance.id, StoredFile.kind.in_(["oficio_ampliacion", "oficio_respuesta"])))}
    assert set(oficios) == {"oficio_ampliacion", "oficio_respuesta"}
    for text in oficios.values():
        assert ("para ejercer el derecho de rectificación de sus datos personales, presentada el domingo 22 de marzo "
                "de 2026, que se tuvo por recibida el lunes 23 de marzo de 2026, la Unidad") in text


def test_after_an_extension_the_unidads_forms_say_the_day_the_term_falls_due_now(
        engine, demo, transparencia, enlace_area_a, admin):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           fundamento="El expediente de 2019 está en el archivo de concentración.")
    complete(engine, transparencia, instance.id, "extend", {
        "decision": "ampliar", "fecha_notificacion": "2026-04-20",
        "motivo": "El expediente está en el archivo de concentración."})  # due 5 May
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 4, 27), date(2026, 4, 28), SuspensionScope.ARCO, "Acuerdo 4/2026")
    # 10 dh from 20 April: 21–24 (4), 27–28 suspended, 29–30 (6), 1 May rest day, 4–7 May (10).
    assert response_of(engine, request_of(engine, instance.id).folio).due_on == date(2026, 5, 7)
    environment = _jinja().engine
    for step in ("review", "respond"):
        [task] = tasks(engine, instance.id)
        assert task.task_name == step
        with transaction(engine) as session:
            context = form_context(session, transparencia, task)
        page = environment.get_template(f"forms/arco_request/{step}.html").render(context)
        assert "Plazo ampliado; vence el 7 de mayo de 2026 (oficio UT/0001/2026)." in page
        assert "5 de mayo" not in page
        if step == "review":
            turn(engine, transparencia, instance.id, demo.areas["DA"])
            answer(engine, enlace_area_a, instance.id, demo.areas["DA"])


def test_an_extension_notified_after_the_due_day_is_refused_with_the_reason(
        engine, demo, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           fundamento="El expediente de 2019 está en el archivo de concentración.")
    with pytest.raises(FormInvalid) as refused:
        complete(engine, transparencia, instance.id, "extend", {
            "decision": "ampliar", "fecha_notificacion": "2026-04-21",
            "motivo": "El expediente está en el archivo de concentración."})
    assert refused.value.errors["fecha_notificacion"] == (
        "La ampliación se notificó el 21 de abril de 2026, después del vencimiento del 20 de abril de 2026: no procede.")
    request = request_of(engine, instance.id)
    assert response_of(engine, request.folio).due_on == date(2026, 4, 20) and not request.extended
    assert names(engine, instance.id) == ["extend"]
    complete(engine, transparencia, instance.id, "extend", {"decision": "responder"})
    assert names(engine, instance.id) == ["respond"]


def asked_for_more_time_on(engine, demo, transparencia, enlace_area_a, moment: datetime):
    """A request filed on 23 March (due 20 April) that the Unidad turns, and the area asks for more time, at
    `moment` (UTC): the first day the Unidad can notify the ampliación to the holder."""
    instance = file_arco(engine, transparencia)
    SpiffClock.moment = moment
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           fundamento="El expediente de 2019 está en el archivo de concentración.")
    return instance


def test_an_extension_notified_before_the_area_asked_for_it_is_refused_and_does_not_revive_a_lapsed_request(
        engine, demo, transparencia, enlace_area_a):
    # Turned and asked for on 28 April, after the due day (20 April): nobody had asked for it on the 17th.
    instance = asked_for_more_time_on(engine, demo, transparencia, enlace_area_a, later(date(2026, 4, 28)))
    with pytest.raises(FormInvalid) as refused:
        complete(engine, transparencia, instance.id, "extend", {
            "decision": "ampliar", "fecha_notificacion": "2026-04-17",
            "motivo": "El expediente está en el archivo de concentración."})
    assert refused.value.errors == {"fecha_notificacion": "La ampliación no puede notificarse antes del día en que "
                                                          "el área la pidió (28 de abril de 2026)."}
    request = request_of(engine, instance.id)
    assert response_of(engine, request.folio).due_on == date(2026, 4, 20) and not request.extended
    assert names(engine, instance.id) == ["extend"]
    with transaction(engine) as session:
        assert session.exec(select(StoredFile).where(StoredFile.kind == "oficio_ampliacion")).first() is None
    # With the day it really has, the ampliación comes after the due day and does not proceed.
    with pytest.raises(FormInvalid) as refused:
        complete(engine, transparencia, instance.id, "extend", {
            "decision": "ampliar", "fecha_notificacion": "2026-04-28",
            "motivo": "El expediente está en el archivo de concentración."})
    assert refused.value.errors["fecha_notificacion"].startswith(
        "La ampliación se notificó el 28 de abril de 2026, después del vencimiento del 20 de abril de 2026")
    assert response_of(engine, request.folio).due_on == date(2026, 4, 20)


def test_the_day_an_area_asked_for_more_time_is_the_organizations_not_utcs(
        engine, demo, transparencia, enlace_area_a):
    # Asked at 21:00 of 16 April in Mexico City, already the 17th in UTC: notified on the 16th, the day it was asked.
    instance = asked_for_more_time_on(engine, demo, transparencia, enlace_area_a,
                                      datetime(2026, 4, 17, 3, 0, tzinfo=UTC))
    complete(engine, transparencia, instance.id, "extend", {
        "decision": "ampliar", "fecha_notificacion": "2026-04-16",
        "motivo": "El expediente está en el archivo de concentración."})
    assert request_of(engine, instance.id).extended


@pytest.mark.parametrize("notified, refusal", [
    ("2026-03-20", "La fecha no puede ser anterior a la recepción de la solicitud (23/03/2026)."),
    ("tomorrow", "La fecha no puede ser posterior a hoy."),
    ("1999-12-31", "Revise el año de la fecha."),
], ids=["before the filing", "in the future", "another century"])
def test_an_extension_notified_on_an_impossible_day_is_refused_beside_the_date(
        engine, demo, transparencia, enlace_area_a, notified, refusal):
    instance = asked_for_more_time_on(engine, demo, transparencia, enlace_area_a, SpiffClock.moment)
    if notified == "tomorrow":
        notified = (demo_today() + timedelta(days=1)).isoformat()
    with pytest.raises(FormInvalid) as refused:
        complete(engine, transparencia, instance.id, "extend", {
            "decision": "ampliar", "fecha_notificacion": notified,
            "motivo": "El expediente está en el archivo de concentración."})
    assert refused.value.errors == {"fecha_notificacion": refusal}
    assert not request_of(engine, instance.id).extended and names(engine, instance.id) == ["extend"]


def test_two_areas_asking_for_more_time_in_one_round_get_one_ampliacion_shown_with_both_reasons(
        engine, demo, transparencia, enlace_area_a, enlace_area_b):
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "turnar", "areas": [demo.areas["DA"].id, demo.areas["DRI"].id], "instruccion": "Buscar"})
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           fundamento="El expediente de 2019 está en el archivo de concentración.")
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="ampliacion",
           fundamento="Los registros de acceso del titular se recuperan del respaldo.")
    # In ARCO the Unidad notifies it itself: one step, which shows what each area asked and why.
    [task] = tasks(engine, instance.id)
    assert task.task_name == "extend"
    with transaction(engine) as session:
        context = form_context(session, transparencia, task)
    page = _jinja().engine.get_template("forms/arco_request/extend.html").render(context)
    assert ("<strong>Dirección de Administración</strong> pide más tiempo: El expediente de 2019 está en el archivo "
            "de concentración.") in page
    assert ("<strong>Dirección de Riesgos e Inteligencia</strong> pide más tiempo: Los registros de acceso del "
            "titular se recuperan del respaldo.") in page
    complete(engine, transparencia, instance.id, "extend", {
        "decision": "ampliar", "fecha_notificacion": "2026-04-20",
        "motivo": "El expediente y los registros de acceso están en el archivo y en el respaldo."})
    response = response_of(engine, request_of(engine, instance.id).folio)
    assert (response.due_on, response.extension_days) == (date(2026, 5, 5), 10)  # extended once, by 10 dh
    with transaction(engine) as session:
        assert session.exec(select(CommitteeCase)).first() is None
    assert names(engine, instance.id) == ["review"]


def test_an_inexistencia_waits_for_the_unidads_decision_on_another_areas_ampliacion(
        engine, demo, transparencia, enlace_area_a, enlace_area_b):
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "turnar", "areas": [demo.areas["DA"].id, demo.areas["DRI"].id], "instruccion": "Buscar"})
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="inexistencia",
           respuesta="No hay expediente del titular.", fundamento="Se buscó en el archivo de trámite de 2015 a 2026.")
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="ampliacion",
           fundamento="Falta revisar el archivo de concentración.")
    assert names(engine, instance.id) == ["extend"]
    complete(engine, transparencia, instance.id, "extend", {"decision": "responder"})
    [task] = tasks(engine, instance.id)
    assert (task.task_name, task.role) == ("committee_resolution", "comite")
    assert not request_of(engine, instance.id).extended


def test_an_inexistencia_proposed_while_another_area_returns_the_request_goes_to_the_comite_first(
        engine, demo, transparencia, enlace_area_a, enlace_area_b, comite):
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "turnar", "areas": [demo.areas["DA"].id, demo.areas["DRI"].id], "instruccion": "Buscar"})
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="inexistencia",
           respuesta="No hay expediente del titular.", fundamento="Se buscó en el archivo de trámite de 2015 a 2026.")
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="devuelto",
           respuesta="Esta dirección no trata esos datos.")
    [task] = tasks(engine, instance.id)
    assert (task.task_name, task.role) == ("committee_resolution", "comite")
    assert request_of(engine, instance.id).status == RequestStatus.IN_COMMITTEE
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/011/2026", "fecha_resolucion": "2026-04-08"})
    assert names(engine, instance.id) == ["review"]
    assert request_of(engine, instance.id).status == RequestStatus.REANALYSIS
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING  # at «Responder al titular»
    respond(engine, transparencia, instance.id, sentido="inexistencia",
            respuesta="El Comité de Transparencia confirmó la inexistencia de los datos (CT/RES/011/2026).")
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERED


def asked_for_more_time_and_returned(engine, demo, transparencia, enlace_area_a, enlace_area_b, before=None):
    """Turned to DA and DRI: DA asks for an ampliación, DRI returns the request as not its own. `before` runs on
    the instance before the areas answer."""
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "turnar", "areas": [demo.areas["DA"].id, demo.areas["DRI"].id], "instruccion": "Buscar"})
    if before:
        before(instance)
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="ampliacion",
           fundamento="El expediente de 2019 está en el archivo de concentración.")
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="devuelto",
           respuesta="Esta dirección no trata esos datos.")
    return instance


@pytest.mark.parametrize("decision, extended", [
    ({"decision": "ampliar", "fecha_notificacion": "2026-04-08", "motivo": "El expediente está en el archivo."}, True),
    ({"decision": "responder"}, False),
], ids=["ampliada", "sin_ampliar"])
def test_an_ampliacion_asked_while_another_area_returns_the_request_is_decided_before_turning_it_again(
        engine, demo, transparencia, enlace_area_a, enlace_area_b, decision, extended):
    instance = asked_for_more_time_and_returned(engine, demo, transparencia, enlace_area_a, enlace_area_b)
    # The Unidad decides the ampliación first: the return waits for it instead of dropping it.
    assert names(engine, instance.id) == ["extend"]
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING
    assert summaries(engine, instance.id, "solicitud.respuestas_de_areas") == [
        "1 área la devolvió y se pidió ampliar el plazo: la Unidad de Transparencia decide primero la ampliación, y "
        "después vuelve a turnarla"]
    complete(engine, transparencia, instance.id, "extend", decision)
    # Either way the request goes back to be turned to the area that holds the data.
    assert names(engine, instance.id) == ["review"]
    request = request_of(engine, instance.id)
    assert (request.status, request.extended) == (RequestStatus.REANALYSIS, extended)
    assert response_of(engine, request.folio).due_on == (date(2026, 5, 5) if extended else date(2026, 4, 20))
    if not extended:
        assert summaries(engine, instance.id, "solicitud.sin_ampliacion") == [
            "La Unidad decidió responder sin ampliar el plazo; como un área la devolvió, vuelve al análisis para "
            "turnarla de nuevo"]


def test_on_a_diagram_without_the_way_back_an_ampliacion_not_granted_after_a_return_goes_on_to_the_answer(
        engine, demo, transparencia, enlace_area_a, enlace_area_b):
    def on_the_older_diagram(instance):
        # The diagram as it was before the Unidad's decision could send the request back: no such gateway.
        xml = (ROOT / "bpmn" / "arco_request.bpmn").read_text().replace("extension_returned_gateway", "older_gateway")
        with transaction(engine) as session:
            digest = hashlib.sha256(xml.encode()).hexdigest()
            session.add(BpmnDefinition(hash=digest, process_id="arco_request", xml=xml))
            session.get(ProcessInstance, instance.id).definition_hash = digest

    instance = asked_for_more_time_and_returned(engine, demo, transparencia, enlace_area_a, enlace_area_b,
                                                on_the_older_diagram)
    complete(engine, transparencia, instance.id, "extend", {"decision": "responder"})
    # Its answer form can still go back to the analysis; the request reads as it stands, to be answered.
    assert names(engine, instance.id) == ["respond"]
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING


def test_after_an_ampliacion_the_unidad_cannot_answer_before_the_comite_resolves_another_areas_inexistencia(
        engine, demo, transparencia, enlace_area_a, enlace_area_b, comite):
    instance = file_arco(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "turnar", "areas": [demo.areas["DA"].id, demo.areas["DRI"].id], "instruccion": "Buscar"})
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="inexistencia",
           respuesta="No hay expediente del titular.", fundamento="Se buscó en el archivo de trámite de 2015 a 2026.")
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"], sentido="ampliacion",
           fundamento="Falta revisar el archivo de concentración.")
    complete(engine, transparencia, instance.id, "extend", {
        "decision": "ampliar", "fecha_notificacion": "2026-04-08", "motivo": "Falta revisar el archivo de concentración."})
    assert names(engine, instance.id) == ["review"]
    with pytest.raises(FormInvalid) as refused:
        complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    assert refused.value.errors["decision"] == (
        "La Dirección de Administración propuso la inexistencia y el Comité de Transparencia aún no la resuelve: "
        "la solicitud no se responde antes de su resolución. Túrnela de nuevo: con las respuestas de ese turno, "
        "la propuesta se somete al Comité.")
    assert names(engine, instance.id) == ["review"]
    turn(engine, transparencia, instance.id, demo.areas["DRI"])
    answer(engine, enlace_area_b, instance.id, demo.areas["DRI"])
    [task] = tasks(engine, instance.id)
    assert (task.task_name, task.role) == ("committee_resolution", "comite")


def test_inexistencia_of_the_data_goes_to_the_comite_and_needs_no_effectiveness(
        engine, demo, transparencia, enlace_area_a, comite):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="inexistencia",
           respuesta="No se localizó expediente a nombre del titular.",
           fundamento="Se buscó en el archivo de trámite y de concentración de 2015 a 2026.")
    [task] = tasks(engine, instance.id)
    assert (task.task_name, task.role) == ("committee_resolution", "comite")
    assert request_of(engine, instance.id).status == RequestStatus.IN_COMMITTEE
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/011/2026", "fecha_resolucion": "2026-04-08"})
    with transaction(engine) as session:
        case = session.exec(select(CommitteeCase)).one()
    assert (case.kind, case.resolution_number) == ("inexistencia", "CT/RES/011/2026")
    respond(engine, transparencia, instance.id, sentido="inexistencia",
            respuesta="El Comité de Transparencia confirmó la inexistencia de los datos (CT/RES/011/2026).")
    request = request_of(engine, instance.id)
    assert (request.status, request.answer_sense) == (RequestStatus.ANSWERED, "inexistencia")
    assert DeadlineKind.EFECTIVIDAD not in deadline_rows(engine, request.folio)
    assert names(engine, instance.id) == ["appeal"]


def test_an_answer_with_costs_opens_the_holders_window_to_pay_and_its_oficio_states_it_with_its_basis(
        engine, demo, settings, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="300", costo="150")
    request = request_of(engine, instance.id)
    # 15 días hábiles from the notification on Friday 10 April: 13–17 April (5), 20–24 (10), 27–30 (14),
    # 1 May is a rest day, Monday 4 May (15); the term to make the right effective ends the same day.
    [window] = deadline_rows(engine, request.folio)[DeadlineKind.ENTREGA]
    assert (window.rule_key, window.due_on, window.basis) == ("pago", date(2026, 5, 4),
                                                              "LGPDPPSO, arts. 45 y 50")
    with transaction(engine) as session:
        oficio = text_of(read(settings, session.get(StoredFile, request.oficio_file_id)))
    assert ("Con fundamento en LGPDPPSO, arts. 45 y 50, para que el derecho se haga efectivo deberá "
            "cubrir el costo de $150.00 MXN dentro de los 15 días hábiles siguientes a la notificación de esta "
            "respuesta, es decir, a más tardar el 4 de mayo de 2026.") in oficio
    assert "a más tardar el 4 de mayo de 2026, previa acreditación del pago de los costos y de la identidad" in oficio


def test_the_answer_to_an_inexistencia_speaks_of_the_titulars_personal_data_and_the_titulars_window(
        engine, demo, settings, transparencia, enlace_area_a, comite):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="inexistencia",
           respuesta="No se localizó expediente a nombre del titular.",
           fundamento="Se buscó en el archivo de trámite y de concentración de 2015 a 2026.")
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/011/2026", "fecha_resolucion": "2026-04-08"})
    respond(engine, transparencia, instance.id, sentido="inexistencia",
            respuesta="No se localizaron datos personales del titular en los archivos del sujeto obligado.")
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        oficio = text_of(read(settings, session.get(StoredFile, request.oficio_file_id)))
    assert ("El Comité de Transparencia, en su resolución CT/RES/011/2026 del 8 de abril de 2026, con fundamento en "
            "LGPDPPSO, art. 47, confirmó la declaración de inexistencia de los datos personales.") in oficio
    assert "de la información" not in oficio
    [window] = deadline_rows(engine, request.folio)[DeadlineKind.RECURSO]
    assert window.title == f"Plazo del titular para recurrir · {request.folio}"


def test_an_inexistencia_or_a_classification_without_the_comite_is_refused(
        engine, demo, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, sentido="inexistencia")
    assert "necesita una resolución del Comité" in refused.value.errors["sentido"]
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, sentido="reservada", leyenda="Art. 113.")
    assert "la clasificación no se opone al titular" in refused.value.errors["sentido"]
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING
    assert names(engine, instance.id) == ["respond"]


def inexistencia_revoked(engine, demo, transparencia, enlace_area_a, comite, before=None):
    """Filed, turned to DA, which found no data of the holder; the Comité revokes the inexistencia.
    `before(instance)`: what happens to the instance before the area answers."""
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    if before:
        before(instance)
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="inexistencia",
           respuesta="No se localizó expediente a nombre del titular.",
           fundamento="Se buscó en el archivo de trámite de 2015 a 2026.")
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "revoca", "numero": "CT/RES/013/2026", "fecha_resolucion": "2026-04-08",
              "notas": "El expediente del titular está en el archivo de concentración: búsquelo ahí."})
    return instance


def test_a_revoked_inexistencia_of_the_data_sends_the_request_back_to_turn_it(
        engine, demo, transparencia, enlace_area_a, comite):
    instance = inexistencia_revoked(engine, demo, transparencia, enlace_area_a, comite)
    assert names(engine, instance.id) == ["review"]
    assert request_of(engine, instance.id).status == RequestStatus.REANALYSIS
    # The analysis form says why the request came back.
    [task] = tasks(engine, instance.id)
    with transaction(engine) as session:
        context = form_context(session, transparencia, task)
    page = _jinja().engine.get_template("forms/arco_request/review.html").render(context)
    assert ("<h2>Resoluciones del Comité</h2><ul><li>Inexistencia: Revocada: la información no se declara "
            "inexistente; el área debe buscarla de nuevo y entregarla. Consideraciones del Comité: El expediente "
            "del titular está en el archivo de concentración: búsquelo ahí.</li></ul>") in page
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    respond(engine, transparencia, instance.id)
    assert names(engine, instance.id) == ["make_effective"]


def test_on_a_diagram_without_the_way_back_a_revoked_inexistencia_is_refused_as_the_answer(
        engine, demo, transparencia, enlace_area_a, comite):
    def on_the_older_diagram(instance):
        # The diagram as it was before apply_resolutions could send the request back: its gateway is not there.
        xml = (ROOT / "bpmn" / "arco_request.bpmn").read_text().replace("reopen_gateway", "older_gateway")
        with transaction(engine) as session:
            digest = hashlib.sha256(xml.encode()).hexdigest()
            session.add(BpmnDefinition(hash=digest, process_id="arco_request", xml=xml))
            session.get(ProcessInstance, instance.id).definition_hash = digest

    instance = inexistencia_revoked(engine, demo, transparencia, enlace_area_a, comite, on_the_older_diagram)
    assert names(engine, instance.id) == ["respond"]
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, sentido="inexistencia")
    assert refused.value.errors["sentido"] == (
        "Inexistencia revocada por el Comité de Transparencia (CT/RES/013/2026): la información no se declara "
        "inexistente; el área debe buscarla de nuevo y entregarla. La respuesta no puede ser «Inexistencia de los "
        "datos»: responda con la información que entregue el área.")


def test_an_area_cannot_classify_a_holders_own_data():
    with pytest.raises(FormInvalid) as refused:
        validate_form(ArcoAreaAnswerForm, {"sentido": "confidencial", "respuesta": "Son datos confidenciales.",
                                           "fundamento": "Art. 116 de la LGTAIP."})
    assert "no clasifica los datos" in refused.value.errors["sentido"]


def test_a_recurso_is_tracked_until_the_garante_resolves_it(engine, demo, transparencia, enlace_area_a):
    instance = answered(engine, demo, transparencia, enlace_area_a)
    make_effective(engine, transparencia, instance.id)
    complete(engine, transparencia, instance.id, "appeal", {"numero": "RRD/0456/2026", "fecha_presentacion": "2026-04-20"})
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.APPEALED
    window, resolution = deadline_rows(engine, request.folio)[DeadlineKind.RECURSO]
    assert (window.status, window.met_late) == (DeadlineStatus.MET, False)
    # MX-LGPDPPSO has no resolution rule: 40 dh from 20 April 2026 (1 May is a rest day), to be checked.
    assert (resolution.counted_from, resolution.due_on) == (date(2026, 4, 21), date(2026, 6, 16))
    complete(engine, transparencia, instance.id, "appeal_outcome",
             {"resolucion": "confirma", "fecha_resolucion": "2026-06-10"})
    with transaction(engine) as session:
        appeal = session.exec(select(Appeal)).one()
    assert (appeal.number, appeal.resolution) == ("RRD/0456/2026", "confirma")
    assert request_of(engine, instance.id).status == RequestStatus.CONCLUDED
    assert tasks(engine, instance.id) == []


def test_the_garantes_term_to_resolve_an_arco_recurso_alerts_the_unidad_as_a_tracked_term_when_it_passes(
        engine, demo, transparencia, enlace_area_a, monkeypatch):
    instance = answered(engine, demo, transparencia, enlace_area_a)
    make_effective(engine, transparencia, instance.id)
    monkeypatch.setattr(deadlines, "utcnow", lambda: later(date(2026, 4, 20)))  # the recurso is recorded that day
    complete(engine, transparencia, instance.id, "appeal", {"numero": "RRD/0456/2026", "fecha_presentacion": "2026-04-20"})
    folio = request_of(engine, instance.id).folio
    _, resolution = deadline_rows(engine, folio)[DeadlineKind.RECURSO]
    # MX-LGPDPPSO has no resolution rule: the garante's 40 días hábiles are still the garante's term to
    # resolve, not the holder's window to appeal (a lapse of that one is quiet: it just ran out).
    assert (resolution.rule_key, resolution.title) == (
        "resolucion_recurso", f"Resolución del recurso RRD/0456/2026 por el órgano garante · {folio}")
    assert status_label(resolution, later(date(2026, 6, 17))) == "Vencido"
    sweep(engine, later(date(2026, 6, 17)))  # the day after 16 June, nothing resolved
    with transaction(engine) as session:
        sent = [(m.to_address, m.subject) for m in session.exec(select(OutboxMessage).where(
            OutboxMessage.kind == "alerta", OutboxMessage.subject.contains("RRD/0456/2026"))).all()]
    assert sent == [("transparencia@sesaech.example",
                     f"Plazo vencido hace 1 día hábil: Resolución del recurso RRD/0456/2026 por el órgano garante · "
                     f"{folio}")]


def test_a_resolution_of_an_arco_recurso_that_orders_compliance_opens_the_bodys_term_to_comply(
        engine, demo, transparencia, enlace_area_a):
    instance = answered(engine, demo, transparencia, enlace_area_a)
    make_effective(engine, transparencia, instance.id)
    complete(engine, transparencia, instance.id, "appeal", {"numero": "RRD/0456/2026", "fecha_presentacion": "2026-04-20"})
    complete(engine, transparencia, instance.id, "appeal_outcome",
             {"resolucion": "revoca", "fecha_resolucion": "2026-06-10", "dias_cumplimiento": "10"})
    request = request_of(engine, instance.id)
    *_, compliance = deadline_rows(engine, request.folio)[DeadlineKind.RECURSO]
    # 10 días hábiles from Thursday 11 June 2026: 11–12, 15–19, 22–24.
    assert (compliance.rule_key, compliance.days, compliance.due_on, compliance.status) == (
        "resolucion_recurso", 10, date(2026, 6, 24), DeadlineStatus.OPEN)
    assert request.status == RequestStatus.APPEALED
    assert names(engine, instance.id) == ["comply"]  # not a process stopped on a rule the law lacks


def test_the_enlace_form_shows_the_right_whose_data_and_what_to_search_but_not_the_holders_identity(
        engine, demo, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    environment = _jinja().engine  # the app's own templates, filters and globals
    [task] = tasks(engine, instance.id)
    with transaction(engine) as session:
        context = form_context(session, enlace_area_a, task)  # what the task page gives its form
    enlace_page = environment.get_template("forms/arco_request/area_answer.html").render(context)
    assert "Rectificación" in enlace_page and "Rectificar mi domicilio" in enlace_page
    assert "<dt>Titular de los datos</dt><dd>Ana Ruiz Cárdenas</dd>" in enlace_page
    for private in ("Jorge Méndez", "Credencial para votar", "ana.ruiz@example.org"):
        assert private not in enlace_page
    unit_page = environment.get_template("forms/arco_request/review.html").render(context)
    assert "Ana Ruiz Cárdenas" in unit_page and "Credencial para votar" in unit_page


def test_an_improcedente_answer_ends_without_an_efectividad_term(engine, demo, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    respond(engine, transparencia, instance.id, sentido="improcedente",
            respuesta="Improcedente: quien solicita no acreditó ser el titular ni su representante (art. 55).")
    request = request_of(engine, instance.id)
    assert (request.status, request.answer_sense) == (RequestStatus.ANSWERED, "improcedente")
    rows = deadline_rows(engine, request.folio)
    assert DeadlineKind.EFECTIVIDAD not in rows and rows[DeadlineKind.RECURSO][0].status == DeadlineStatus.OPEN
    assert names(engine, instance.id) == ["appeal"]


def test_a_right_that_proceeds_in_part_needs_no_legend_of_classification(engine, demo, settings, transparencia,
                                                                        enlace_area_a):
    # A holder's own data are never classified against them: nothing in force asks for a versión pública.
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"], sentido="entrega_parcial",
           respuesta="Se corrige el domicilio; el teléfono no consta en el expediente.")
    respond(engine, transparencia, instance.id, sentido="entrega_parcial",
            respuesta="Procede en parte: se corrige el domicilio; el teléfono no consta en el expediente.")
    request = request_of(engine, instance.id)
    assert (request.status, request.answer_sense) == (RequestStatus.ANSWERED, "entrega_parcial")
    with transaction(engine) as session:
        oficio = text_of(read(settings, session.get(StoredFile, request.oficio_file_id)))
    assert "Leyenda de clasificación" not in oficio


def test_an_access_request_is_never_answered_as_improcedente(engine, demo, transparencia, enlace_area_a):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, sentido="improcedente")
    assert "no se declara improcedente" in refused.value.errors["sentido"]


def test_a_favourable_answer_reads_procedente_wherever_the_unidad_reads_it(engine, demo, transparencia,
                                                                            enlace_area_a):
    """An ARCO right that proceeds is «Procedente» in its own law, not the «Entrega total» of access."""
    instance = answered(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        closed = session.exec(select(DeadlineEvent.reason).where(DeadlineEvent.action == "cumplido")
                              .order_by(DeadlineEvent.id)).all()
        turns = answered_turns(session, request)
    assert closed == ["El área respondió: Procedente.", "Respuesta notificada: Procedente."]
    assert [(t.area, t.sense) for t in turns] == [(demo.areas["DA"].name, "Procedente")]
