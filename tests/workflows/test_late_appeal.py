"""A recurso de revisión against the answer that the órgano garante notifies after the requester's window to
appeal closed: recorded from the concluded request's page, it takes the process back to «Registrar un recurso
de revisión» and follows the steps and terms of one recorded in time.

The request is filed Monday 23 March 2026 under MX-LGTAIP-2025 and answered Friday 10 April: the requester may
appeal within 15 días hábiles, 13–17 April (5), 20–24 (10), 27–30 (14), 1 May is a rest day, until Monday 4
May. The timer closes the window at the end of that day and the request concludes without recurso.
"""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from engine.db import transaction
from engine.deadlines import DeadlineKind, DeadlineStatus
from engine.forms import FormInvalid
from engine.processes import InstanceStatus, ProcessInstance
from engine.runtime import NotAllowed
from engine.tenancy import Organization
from engine.timers import fire_due_timers
from tests.access_request_steps import (complete, deadline_rows, file_request, later, request_of, task_named,  # noqa: F401
                                        tasks, working_in_march_2026)
from tests.timeline import summaries
from tests.today import demo_today
from tests.workflows.test_access_request_paths import notoria_incompetencia, respond, turned_and_answered
from tests.workflows.test_arco_request_paths import answered as arco_answered, make_effective
from workflows.access_request import statistics
from workflows.access_request.late_appeal import ClosedWindow, closed_window_of, record_late_appeal
from workflows.access_request.models import Appeal, AppealGround, RequestKind, RequestStatus, TransparencyRequest
from workflows.access_request.report import open_data_rows

APPEAL = {"numero": "RR/0300/2026", "fecha_presentacion": "2026-05-04"}  # filed on the window's last day


def concluded_without_recurso(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id)
    fire_due_timers(engine, now=later(date(2026, 5, 5)))  # the window closed at the end of 4 May
    assert request_of(engine, instance.id).status == RequestStatus.CONCLUDED
    return instance


def record(engine, actor, request_id, data=APPEAL):
    with transaction(engine) as session:
        return record_late_appeal(session, actor, request_id, dict(data))


def names(engine, instance_id) -> list[str]:
    return [t.task_name for t in tasks(engine, instance_id)]


def instance_status(engine, instance_id) -> InstanceStatus:
    with transaction(engine) as session:
        return session.get(ProcessInstance, instance_id).status


def test_a_concluded_request_says_when_its_window_to_appeal_closed(engine, demo, transparencia, enlace_area_a):
    instance = concluded_without_recurso(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    with transaction(engine) as session:
        closed = closed_window_of(session, session.get(TransparencyRequest, request.id))
    assert closed == ClosedWindow(date(2026, 4, 10), date(2026, 5, 4), "15 días hábiles", "LGTAIP 2025, art. 144")


def test_a_recurso_the_garante_notifies_after_the_window_closed_follows_the_steps_of_one_recorded_in_time(
        engine, demo, transparencia, enlace_area_a):
    instance = concluded_without_recurso(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    appeal = record(engine, transparencia, request.id)
    assert (appeal.number, appeal.ground, appeal.filed_on) == ("RR/0300/2026", AppealGround.ANSWER, date(2026, 5, 4))
    request = request_of(engine, instance.id)
    assert (request.status, request.closed_at) == (RequestStatus.APPEALED, None)
    assert instance_status(engine, instance.id) == InstanceStatus.RUNNING
    window, resolution = deadline_rows(engine, request.folio)[DeadlineKind.RECURSO]
    assert window.status == DeadlineStatus.CANCELLED  # it closed unused by the body's count: left as it was
    # LGTAIP 2025 art. 148: 40 días hábiles from Monday 4 May 2026: 5 May–29 June.
    assert (resolution.id, resolution.counted_from, resolution.due_on, resolution.status) == (
        appeal.resolution_deadline_id, date(2026, 5, 5), date(2026, 6, 29), DeadlineStatus.OPEN)
    assert names(engine, instance.id) == ["appeal_outcome"]
    assert task_named(engine, instance.id, "appeal_outcome").due_at == resolution.due_at
    # Filed on its last day: in time, and the timeline says nothing of a late recurso.
    assert summaries(engine, instance.id, "solicitud.recurso") == ["Se interpuso el recurso RR/0300/2026"]
    assert summaries(engine, instance.id, "solicitud.recurso_extemporaneo") == []
    assert summaries(engine, instance.id, "proceso.reabierto") == [
        "Reabrió el proceso concluido: el órgano garante notificó, ya cerrado el plazo para recurrir, el recurso de "
        "revisión RR/0300/2026, presentado el 4 de mayo de 2026"]

    complete(engine, transparencia, instance.id, "appeal_outcome",
             {"resolucion": "revoca", "fecha_resolucion": "2026-06-15", "dias_cumplimiento": "10"})
    assert names(engine, instance.id) == ["comply"]
    complete(engine, transparencia, instance.id, "comply",
             {"fecha_cumplimiento": "2026-06-22", "cumplimiento": "Se entregó la información completa."})
    request = request_of(engine, instance.id)
    assert (request.status, request.closed_at is not None) == (RequestStatus.CONCLUDED, True)
    assert instance_status(engine, instance.id) == InstanceStatus.COMPLETED
    with transaction(engine) as session:
        [appeal] = session.exec(select(Appeal)).all()
        organization = session.get(Organization, request.organization_id)
        first_quarter = statistics.Period.of_quarter(2026, 1)
        [access] = statistics.by_kind(session, organization, statistics.Period.of_quarter(2026, 1,
                                                                                         RequestKind.ACCESO))
        [row] = open_data_rows(session, organization, first_quarter)
    assert (appeal.resolution, appeal.complied_on) == ("revoca", date(2026, 6, 22))
    assert (access.received, access.answered, access.pending, access.appeals) == (1, 1, 0, 1)  # counted once
    assert row[-1] == "Sí"


def test_a_recurso_filed_after_the_window_is_recorded_with_a_note_that_the_garante_qualifies_it(
        engine, demo, transparencia, enlace_area_a):
    instance = concluded_without_recurso(engine, demo, transparencia, enlace_area_a)
    record(engine, transparencia, request_of(engine, instance.id).id, {**APPEAL, "fecha_presentacion": "2026-05-06"})
    assert request_of(engine, instance.id).status == RequestStatus.APPEALED
    assert names(engine, instance.id) == ["appeal_outcome"]
    assert summaries(engine, instance.id, "solicitud.recurso_extemporaneo") == [
        "El recurso RR/0300/2026 se presentó después del 4 de mayo de 2026, último día de los 15 días hábiles para "
        "recurrir la respuesta (LGTAIP 2025, art. 144), según el cómputo del sujeto obligado; lo califica el órgano "
        "garante"]


@pytest.mark.parametrize("filed,field,message", [
    ("2026-04-09", "fecha_presentacion", "El recurso no puede ser anterior a la respuesta."),
    ("", "fecha_presentacion", None),
    ("tomorrow", "fecha_presentacion", None),
])
def test_a_late_recurso_with_an_impossible_filing_date_is_refused_and_nothing_changes(
        engine, demo, transparencia, enlace_area_a, filed, field, message):
    instance = concluded_without_recurso(engine, demo, transparencia, enlace_area_a)
    request = request_of(engine, instance.id)
    filed = (demo_today() + timedelta(days=1)).isoformat() if filed == "tomorrow" else filed
    with pytest.raises(FormInvalid) as refused:
        record(engine, transparencia, request.id, {**APPEAL, "fecha_presentacion": filed})
    assert field in refused.value.errors
    if message:
        assert refused.value.errors[field] == message
    request = request_of(engine, instance.id)
    assert (request.status, request.closed_at is not None) == (RequestStatus.CONCLUDED, True)
    assert instance_status(engine, instance.id) == InstanceStatus.COMPLETED
    assert tasks(engine, instance.id) == []
    with transaction(engine) as session:
        assert session.exec(select(Appeal)).all() == []
    assert summaries(engine, instance.id, "proceso.reabierto") == []


def test_a_recurso_against_a_notice_of_incompetencia_notified_after_its_window_is_recorded(
        engine, demo, transparencia):
    instance = file_request(engine, transparencia)
    notoria_incompetencia(engine, transparencia, instance.id)  # notified 26 March: the window ends 16 April
    fire_due_timers(engine, now=later(date(2026, 4, 17)))
    request = request_of(engine, instance.id)
    assert (request.status, request.closed_at is not None) == (RequestStatus.INCOMPETENT, True)
    record(engine, transparencia, request.id, {"numero": "RR/0301/2026", "fecha_presentacion": "2026-04-16"})
    assert request_of(engine, instance.id).status == RequestStatus.APPEALED
    assert names(engine, instance.id) == ["appeal_outcome"]
    complete(engine, transparencia, instance.id, "appeal_outcome",
             {"resolucion": "confirma", "fecha_resolucion": "2026-05-20"})
    assert request_of(engine, instance.id).status == RequestStatus.CONCLUDED
    assert instance_status(engine, instance.id) == InstanceStatus.COMPLETED


def test_an_arco_recurso_notified_after_the_titulars_window_is_recorded(engine, demo, transparencia, enlace_area_a):
    instance = arco_answered(engine, demo, transparencia, enlace_area_a)
    make_effective(engine, transparencia, instance.id)
    fire_due_timers(engine, now=later(date(2026, 5, 5)))
    request = request_of(engine, instance.id)
    assert request.status == RequestStatus.CONCLUDED
    record(engine, transparencia, request.id, {"numero": "RRD/0457/2026", "fecha_presentacion": "2026-05-07"})
    assert request_of(engine, instance.id).status == RequestStatus.APPEALED
    assert names(engine, instance.id) == ["appeal_outcome"]
    assert summaries(engine, instance.id, "solicitud.recurso_extemporaneo") == [
        "El recurso RRD/0457/2026 se presentó después del 4 de mayo de 2026, último día de los 15 días hábiles para "
        "recurrir la respuesta (LGPDPPSO, art. 104), según el cómputo del sujeto obligado; lo califica el órgano "
        "garante"]


def test_a_late_recurso_is_refused_while_the_window_runs_and_once_one_was_recorded(
        engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id)
    request = request_of(engine, instance.id)
    with pytest.raises(FormInvalid) as running:
        record(engine, transparencia, request.id)
    assert running.value.errors["__all__"].startswith("La solicitud sigue en trámite")

    fire_due_timers(engine, now=later(date(2026, 5, 5)))
    record(engine, transparencia, request.id)
    with pytest.raises(FormInvalid) as twice:
        record(engine, transparencia, request.id, {**APPEAL, "numero": "RR/0302/2026"})
    assert twice.value.errors["__all__"] == "Esta solicitud ya tiene un recurso de revisión registrado."
    with transaction(engine) as session:
        assert len(session.exec(select(Appeal)).all()) == 1


def test_only_the_unidad_records_a_late_recurso(engine, demo, transparencia, enlace_area_a):
    instance = concluded_without_recurso(engine, demo, transparencia, enlace_area_a)
    with pytest.raises(NotAllowed):
        record(engine, enlace_area_a, request_of(engine, instance.id).id)
