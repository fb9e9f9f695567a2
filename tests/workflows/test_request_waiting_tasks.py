"""The steps of a request that wait for someone outside (workflows.access_request.WAITING_TASKS) and the
date each one shows in Mis tareas, on the request's page and in /api/v1/tareas.

«Registrar un recurso de revisión» waits for the requester's (or titular's) recurso: it shows their
window to appeal, from the moment the answer is notified and after a día inhábil moves that window;
never another term of the request (the information kept 60 días hábiles at their disposal once they
paid). «Registrar la resolución del recurso» waits for the órgano garante: it shows the garante's term
to resolve, which the Unidad follows and is alerted of.

Requests filed Monday 23 March 2026 (tests.access_request_steps). An answer notified Friday 10 April
leaves 15 días hábiles to appeal: 13–17 April (5), 20–24 (10), 27–30 (14), 1 May is a rest day,
Monday 4 May (15); with Tuesday 28 April declared inhábil, Tuesday 5 May.
"""

from datetime import date

import pytest

from engine.calendar_overlay import declare_non_working
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind
from tests.access_request_steps import (complete, deadline_rows, file_request, later, request_of,  # noqa: F401
                                        task_named, working_in_march_2026)
from tests.workflows.test_access_request_paths import notoria_incompetencia, respond, turned_and_answered
from tests.arco_request_steps import file_arco
from tests.workflows.test_arco_request_paths import answer as arco_answer, answered as arco_answered, make_effective
from tests.workflows.test_arco_request_paths import respond as arco_respond, turn as arco_turn
from tests.workflows.test_request_payment import pay
from workflows.access_request.models import TransparencyRequest
from workflows.access_request.unanswered_appeal import record_unanswered_appeal

WITH_COSTS = {"modalidad": "copia_certificada", "hojas": "60", "costo": "350"}


def window_to_appeal(engine, request: TransparencyRequest) -> Deadline:
    [window] = [d for d in deadline_rows(engine, request.folio)[DeadlineKind.RECURSO] if d.rule_key == "recurso"]
    return window


def declare_inhabil(engine, admin, day: date) -> None:
    with transaction(engine) as session:
        declare_non_working(session, admin, day, day, "Suspensión de labores", "Acuerdo SESAECH/CT/2026/09")


def answered_without_costs(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id)
    return instance


def answered_and_paid(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id, **WITH_COSTS)
    pay(engine, transparencia, request_of(engine, instance.id).id)  # paid 20 April: kept until 14 July
    return instance


def arco_made_effective(engine, demo, transparencia, enlace_area_a):
    instance = arco_answered(engine, demo, transparencia, enlace_area_a)
    make_effective(engine, transparencia, instance.id)
    return instance


def arco_with_costs_paid(engine, demo, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    arco_turn(engine, transparencia, instance.id, demo.areas["DA"])
    arco_answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    arco_respond(engine, transparencia, instance.id, **WITH_COSTS)
    pay(engine, transparencia, request_of(engine, instance.id).id, fecha_pago="2026-04-14")
    make_effective(engine, transparencia, instance.id)
    return instance


@pytest.mark.parametrize("answered", [answered_without_costs, answered_and_paid, arco_made_effective,
                                      arco_with_costs_paid])
def test_the_waiting_recurso_step_shows_the_requesters_window_after_the_answer_and_after_a_dia_inhabil(
        engine, demo, transparencia, enlace_area_a, admin, answered):
    instance = answered(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    window = window_to_appeal(engine, request)
    assert window.due_on == date(2026, 5, 4)
    assert task_named(engine, instance.id, "appeal").due_at == window.due_at

    declare_inhabil(engine, admin, date(2026, 4, 28))
    moved = window_to_appeal(engine, request)
    assert moved.due_on == date(2026, 5, 5)
    assert task_named(engine, instance.id, "appeal").due_at == moved.due_at


def test_the_waiting_recurso_step_after_a_notice_of_incompetencia_shows_its_window(engine, demo, transparencia, admin):
    instance = file_request(engine, transparencia)
    notoria_incompetencia(engine, transparencia, instance.id)  # notified 26 March: the window ends 16 April
    request = request_of(engine, instance.id)
    assert task_named(engine, instance.id, "appeal").due_at == window_to_appeal(engine, request).due_at
    declare_inhabil(engine, admin, date(2026, 4, 14))
    moved = window_to_appeal(engine, request)
    assert moved.due_on == date(2026, 4, 17)
    assert task_named(engine, instance.id, "appeal").due_at == moved.due_at


def test_the_garantes_resolution_step_shows_its_term_to_resolve_not_the_information_kept_at_the_requesters_disposal(
        engine, demo, transparencia, enlace_area_a, admin):
    instance = answered_and_paid(engine, demo, transparencia, enlace_area_a)
    complete(engine, transparencia, instance.id, "appeal", {"numero": "RR/0300/2026", "fecha_presentacion": "2026-04-24"})
    folio = request_of(engine, instance.id).folio
    [_, resolution] = deadline_rows(engine, folio)[DeadlineKind.RECURSO]
    assert resolution.due_on == date(2026, 6, 22)  # 40 días hábiles from 24 April (LGTAIP 2025 art. 148)
    assert task_named(engine, instance.id, "appeal_outcome").due_at == resolution.due_at

    declare_inhabil(engine, admin, date(2026, 5, 12))  # moves it and the 60 días hábiles the information is kept
    [_, resolution] = deadline_rows(engine, folio)[DeadlineKind.RECURSO]
    [kept] = [d for d in deadline_rows(engine, folio)[DeadlineKind.ENTREGA] if d.rule_key == "conservacion"]
    assert (resolution.due_on, kept.due_on) == (date(2026, 6, 23), date(2026, 7, 15))
    assert task_named(engine, instance.id, "appeal_outcome").due_at == resolution.due_at


def test_the_garantes_resolution_step_after_a_recurso_for_lack_of_answer_shows_its_term_to_resolve(
        engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        appeal = record_unanswered_appeal(session, transparencia, request.id,
                                          {"numero": "RR/0200/2026", "fecha_presentacion": "2026-04-23"},
                                          now=later(date(2026, 4, 23)))
        resolution = session.get(Deadline, appeal.resolution_deadline_id)
    respond(engine, transparencia, instance.id, fecha_notificacion="2026-04-27")
    assert task_named(engine, instance.id, "appeal_outcome").due_at == resolution.due_at
