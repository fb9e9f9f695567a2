"""The requester's payment of the costs: recorded from the request's page, it closes the window to pay
and opens the term the information stays at their disposal.

The request is filed Monday 23 March 2026 and answered Friday 10 April with a cost. The requester has
30 días hábiles to pay: 13–17 April (5), 20–24 (10), 27–30 (14), 1 May is a rest day, 4–8 May (19),
11–15 (24), 18–22 (29), Monday 25 May (30).
"""

from datetime import date

import pytest
from sqlmodel import select

from engine.alert_policy import policy_for
from engine.db import transaction
from engine.deadlines import DeadlineEvent, DeadlineKind, DeadlineStatus
from engine.documents import text_of
from engine.files import StoredFile, read
from engine.forms import FormInvalid
from engine.runtime import NotAllowed
from tests.access_request_steps import deadline_rows, request_of, working_in_march_2026  # noqa: F401
from tests.arco_request_steps import file_arco
from tests.timeline import summaries
from tests.workflows.test_access_request_paths import respond, turned_and_answered
from tests.workflows.test_arco_request_paths import answer as arco_answer, respond as arco_respond, turn as arco_turn
from workflows.access_request.models import TransparencyRequest
from workflows.access_request.payment import (RecordedPayment, check_paid_before, payment_term, record_payment,
                                              recorded_payment)


def answered_with_cost(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id, costo="150", modalidad="copia_simple", hojas="300")
    return instance, request_of(engine, instance.id)


def pay(engine, actor, request_id, **data):
    with transaction(engine) as session:
        return record_payment(session, actor, request_id, {"fecha_pago": "2026-04-20", **data})


def entrega_terms(engine, folio):
    return deadline_rows(engine, folio)[DeadlineKind.ENTREGA]


def test_recording_the_payment_closes_the_window_and_keeps_the_information_available(
        engine, demo, settings, transparencia, enlace_area_a):
    instance, request = answered_with_cost(engine, demo, transparencia, enlace_area_a)
    [window] = entrega_terms(engine, request.folio)
    assert (window.rule_key, window.due_on, window.status) == ("pago", date(2026, 5, 25), DeadlineStatus.OPEN)
    # The oficio tells the requester the cost, the window and its last day, as the term computed them.
    with transaction(engine) as session:
        oficio = text_of(read(settings, session.get(StoredFile, request.oficio_file_id)))
    assert ("Para recibir la información, deberá cubrir el costo de $150.00 MXN dentro de los 30 días hábiles "
            "siguientes a la notificación de esta respuesta, es decir, a más tardar el 25 de mayo de 2026 "
            "(LGTAIP 2025, art. 143).") in oficio
    pay(engine, transparencia, request.id, referencia="Recibo 4471")
    window, kept = entrega_terms(engine, request.folio)
    assert (window.status, window.met_late) == (DeadlineStatus.MET, False)
    # LGTAIP 2025 art. 143: 60 días hábiles from the payment on Monday 20 April: 21–24 April (4),
    # 27–30 (8), 4–29 May (28), June (50), 1–10 July (58), 13–14 July (60).
    assert (kept.rule_key, kept.counted_from, kept.due_on, kept.status) == (
        "conservacion", date(2026, 4, 21), date(2026, 7, 14), DeadlineStatus.OPEN)
    assert summaries(engine, instance.id, "solicitud.pagada") == [
        "El solicitante pagó los costos el 20 de abril de 2026; la información queda a su disposición hasta el "
        "14 de julio de 2026"]
    with transaction(engine) as session:
        assert payment_term(session, session.get(TransparencyRequest, request.id)) is None
    with pytest.raises(FormInvalid) as twice:
        pay(engine, transparencia, request.id)
    assert twice.value.errors == {"__all__": "Esta solicitud no tiene un pago pendiente."}


def test_the_recorded_payment_keeps_its_day_and_reference(engine, demo, transparencia, enlace_area_a):
    _, request = answered_with_cost(engine, demo, transparencia, enlace_area_a)
    with transaction(engine) as session:
        assert recorded_payment(session, session.get(TransparencyRequest, request.id)) is None
    pay(engine, transparencia, request.id, referencia="  REF-123 ")
    with transaction(engine) as session:
        assert recorded_payment(session, session.get(TransparencyRequest, request.id)) == RecordedPayment(
            date(2026, 4, 20), "REF-123")


def test_a_payment_after_the_window_or_before_the_answer_is_refused(engine, demo, transparencia, enlace_area_a):
    _, request = answered_with_cost(engine, demo, transparencia, enlace_area_a)
    with pytest.raises(FormInvalid) as late:
        pay(engine, transparencia, request.id, fecha_pago="2026-05-26")
    assert late.value.errors["fecha_pago"].startswith("El plazo para pagar venció el 25 de mayo de 2026")
    with pytest.raises(FormInvalid) as early:
        pay(engine, transparencia, request.id, fecha_pago="2026-04-09")
    assert early.value.errors == {"fecha_pago": "El pago no puede ser anterior a la respuesta (10 de abril de 2026)."}
    assert [t.status for t in entrega_terms(engine, request.folio)] == [DeadlineStatus.OPEN]


def test_only_the_unidad_records_a_payment(engine, demo, transparencia, enlace_area_a):
    _, request = answered_with_cost(engine, demo, transparencia, enlace_area_a)
    with pytest.raises(NotAllowed):
        pay(engine, enlace_area_a, request.id)


def test_the_requesters_window_to_pay_warns_on_its_last_day_only(engine, demo):
    # A lapse is the requester's, not a breach of the body: no daily overdue alerts, no escalation.
    with transaction(engine) as session:
        policy = policy_for(session, demo.organization.id, DeadlineKind.ENTREGA.value)
    assert (policy.days_before, policy.on_due_day, policy.daily_while_overdue, policy.escalate) == ("", True, False, False)


def test_an_arco_payment_speaks_of_the_titular_and_the_right_not_of_the_requester_and_the_information(
        engine, demo, transparencia, enlace_area_a):
    # The ARCO answer of 10 April with costs: the titular has 15 días hábiles to pay, until Monday 4 May
    # (tests/workflows/test_arco_request_paths.py works the count out).
    instance = file_arco(engine, transparencia)
    arco_turn(engine, transparencia, instance.id, demo.areas["DA"])
    arco_answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    arco_respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="300", costo="150")
    request = request_of(engine, instance.id)
    with pytest.raises(FormInvalid) as late:
        pay(engine, transparencia, request.id, fecha_pago="2026-05-05")
    assert late.value.errors == {"fecha_pago": "El plazo para pagar venció el 4 de mayo de 2026: para que el derecho "
                                               "se haga efectivo, el titular debe presentar una nueva solicitud."}
    pay(engine, transparencia, request.id, referencia="Recibo 4471")
    # LGPDPPSO keeps no term of «conservación»: the right is made effective in the term the answer opened.
    [window] = entrega_terms(engine, request.folio)
    assert window.status == DeadlineStatus.MET
    assert summaries(engine, instance.id, "solicitud.pagada") == ["El titular pagó los costos el 20 de abril de 2026"]
    with transaction(engine) as session:
        [closing] = session.exec(select(DeadlineEvent.reason).where(
            DeadlineEvent.deadline_id == window.id, DeadlineEvent.action == "cumplido")).all()
    assert closing == "El titular pagó los costos (referencia Recibo 4471)."


def test_while_the_titular_may_still_pay_the_right_waits_for_the_payment_to_be_recorded(
        engine, demo, transparencia, enlace_area_a):
    # The ARCO answer of 10 April with costs, read on 20 April: the titular has until 4 May to pay.
    instance = file_arco(engine, transparencia)
    arco_turn(engine, transparencia, instance.id, demo.areas["DA"])
    arco_answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    arco_respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="300", costo="150")
    request = request_of(engine, instance.id)
    with transaction(engine) as session, pytest.raises(FormInvalid) as unpaid:
        check_paid_before(session, session.get(TransparencyRequest, request.id), date(2026, 4, 20), date(2026, 4, 20))
    assert unpaid.value.errors == {"fecha_efectividad": (
        "El derecho se hace efectivo previa acreditación del pago de los costos, y no hay pago registrado: registre "
        "primero el pago en la página de la solicitud (el titular tiene hasta el 4 de mayo de 2026 para pagar).")}
    pay(engine, transparencia, request.id)
    with transaction(engine) as session:
        check_paid_before(session, session.get(TransparencyRequest, request.id), date(2026, 4, 20), date(2026, 4, 20))
