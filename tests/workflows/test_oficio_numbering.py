"""An oficio of the Unidad takes its number only on a date it can carry, a day the office works; numbers
follow the order oficios are recorded. A refused date changes nothing and takes no number.

Requests are filed Monday 23 March 2026 under MX-LGTAIP-2025 and answered by the Dirección de
Administración; Saturday 11 April 2026 is inhábil, Monday 13 April hábil.
"""

from datetime import date

import pytest

from engine.calendar_overlay import declare_non_working, declare_suspension
from engine.db import transaction
from engine.deadlines import DeadlineStatus
from engine.forms import FormInvalid
from engine.legal_calendar import SuspensionScope
from tests.access_request_steps import (complete, file_request, request_of, response_of, tasks, turn,  # noqa: F401
                                        working_in_march_2026)
from tests.workflows.test_access_request_paths import answer, respond
from workflows.access_request.models import RequestStatus


def answered_by_the_area(engine, demo, transparencia, enlace_area_a, pnt_folio="330024626000123"):
    instance = file_request(engine, transparencia, folio_pnt=pnt_folio)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    return instance


def test_an_answer_dated_on_a_saturday_is_refused_beside_its_date_and_takes_no_number(
        engine, demo, transparencia, enlace_area_a):
    instance = answered_by_the_area(engine, demo, transparencia, enlace_area_a)
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, fecha_notificacion="2026-04-11")
    assert refused.value.errors == {"fecha_notificacion": (
        "El 11 de abril de 2026 es día inhábil en el calendario de la institución (sábado): un oficio se fecha en "
        "día hábil. Indique el día hábil en que se notifica; el siguiente es el 13 de abril de 2026.")}
    request = request_of(engine, instance.id)
    assert (request.status, request.oficio_number, request.answered_on) == (RequestStatus.ANSWERING, "", None)
    assert response_of(engine, request.folio).status == DeadlineStatus.OPEN
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]
    respond(engine, transparencia, instance.id, fecha_notificacion="2026-04-13")
    assert request_of(engine, instance.id).oficio_number == "UT/0001/2026"  # the refusal took no number


def test_a_prevention_dated_on_a_dia_the_organization_declared_inhabil_is_refused_with_its_acuerdo(
        engine, demo, transparencia, admin):
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 3, 26), date(2026, 3, 26), "Aniversario de la institución",
                            "Acuerdo SESAECH/CT/2026/03")
    instance = file_request(engine, transparencia)
    prevent = {"decision": "prevenir", "requerimiento": "Precise el periodo de los contratos."}
    with pytest.raises(FormInvalid) as refused:
        complete(engine, transparencia, instance.id, "review", {**prevent, "fecha_prevencion": "2026-03-26"})
    assert refused.value.errors == {"fecha_prevencion": (
        "El 26 de marzo de 2026 es día inhábil en el calendario de la institución (Aniversario de la institución — "
        "Acuerdo SESAECH/CT/2026/03): un oficio se fecha en día hábil. Indique el día hábil en que se notifica; "
        "el siguiente es el 27 de marzo de 2026.")}
    assert request_of(engine, instance.id).status == RequestStatus.REGISTERED
    complete(engine, transparencia, instance.id, "review", {**prevent, "fecha_prevencion": "2026-03-27"})
    assert request_of(engine, instance.id).status == RequestStatus.PREVENTED


def test_an_answer_notified_before_the_last_oficio_keeps_its_true_date_and_takes_the_next_number(
        engine, demo, transparencia, enlace_area_a):
    # Recorded after the fact: forcing a later date would record a notification after the real one.
    first = answered_by_the_area(engine, demo, transparencia, enlace_area_a, "330024626000123")
    second = answered_by_the_area(engine, demo, transparencia, enlace_area_a, "330024626000124")
    respond(engine, transparencia, first.id, fecha_notificacion="2026-04-10")
    respond(engine, transparencia, second.id, fecha_notificacion="2026-04-09")
    answered = [request_of(engine, i.id) for i in (first, second)]
    assert [(r.oficio_number, r.answered_on) for r in answered] == [("UT/0001/2026", date(2026, 4, 10)),
                                                                   ("UT/0002/2026", date(2026, 4, 9))]


def test_an_oficio_may_be_dated_inside_a_suspension_of_plazos(engine, demo, transparencia, enlace_area_a, admin):
    # A suspension stops the terms, not the office: the Unidad may still answer.
    instance = answered_by_the_area(engine, demo, transparencia, enlace_area_a)
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 4, 9), date(2026, 4, 10), SuspensionScope.ACCESO,
                           "Acuerdo CT/08/2026")
    respond(engine, transparencia, instance.id, fecha_notificacion="2026-04-10")
    request = request_of(engine, instance.id)
    assert (request.status, request.oficio_number) == (RequestStatus.ANSWERED, "UT/0001/2026")
