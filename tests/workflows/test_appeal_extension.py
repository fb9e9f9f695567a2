"""The órgano garante's extension of its term to resolve a recurso: 40 días hábiles, extended once by
20 if notified by their last day (LGTAIP 2025 art. 148).

The request of the path tests is answered on 10 April 2026 and appealed on 20 April: the garante
must resolve by Tuesday 16 June 2026 (40 dh from 21 April; 1 May is a rest day). Twenty días hábiles
more, with no rest day in June or July, end on Tuesday 14 July 2026.
"""

from datetime import date

import pytest
from sqlmodel import select

from engine.db import transaction
from engine.deadlines import Deadline, DeadlineEvent
from engine.forms import FormInvalid
from engine.runtime import NotAllowed
from tests.access_request_steps import complete, request_of, working_in_march_2026  # noqa: F401
from tests.timeline import summaries
from tests.workflows.test_access_request_paths import respond, turned_and_answered
from workflows.access_request.appeal_extension import appeal_in_course, record_appeal_extension
from workflows.access_request.models import Appeal


@pytest.fixture
def appealed(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id)
    complete(engine, transparencia, instance.id, "appeal", {"numero": "RR/0123/2026", "fecha_presentacion": "2026-04-20"})
    return request_of(engine, instance.id)


def extend(engine, actor, request, **data):
    with transaction(engine) as session:
        return record_appeal_extension(session, actor, request.id, data)


def resolution_term(engine, request) -> Deadline:
    with transaction(engine) as session:
        return session.get(Deadline, session.exec(select(Appeal)).one().resolution_deadline_id)


def test_the_garantes_extension_adds_twenty_business_days_once(engine, transparencia, appealed):
    assert resolution_term(engine, appealed).due_on == date(2026, 6, 16)
    extend(engine, transparencia, appealed, fecha_notificacion="2026-06-10", acuerdo="Acuerdo ITAIPCH/RR/45/2026")
    term = resolution_term(engine, appealed)
    assert (term.due_on, term.extension_days) == (date(2026, 7, 14), 20)
    with transaction(engine) as session:
        [event] = session.exec(select(DeadlineEvent).where(DeadlineEvent.deadline_id == term.id,
                                                           DeadlineEvent.action == "ampliado")).all()
    assert "Acuerdo ITAIPCH/RR/45/2026" in event.reason and "LGTAIP 2025, art. 148" in event.reason
    assert ("El órgano garante amplió el plazo para resolver el recurso RR/0123/2026: vence el 14 de julio de 2026, "
            "no el 16 de junio de 2026") in summaries(engine, appealed.instance_id, "solicitud.recurso_ampliado")
    with pytest.raises(FormInvalid) as again:
        extend(engine, transparencia, appealed, fecha_notificacion="2026-07-01")
    assert again.value.errors == {"fecha_notificacion": "El plazo ya fue ampliado una vez; la ley permite una sola "
                                                        "ampliación."}
    assert resolution_term(engine, appealed).due_on == date(2026, 7, 14)


def test_an_extension_notified_after_the_garantes_term_or_before_the_recurso_is_refused(
        engine, transparencia, appealed):
    with pytest.raises(FormInvalid) as late:
        extend(engine, transparencia, appealed, fecha_notificacion="2026-06-17")
    assert late.value.errors["fecha_notificacion"] == ("La ampliación se notificó el 17 de junio de 2026, después del "
                                                       "vencimiento del 16 de junio de 2026: no procede.")
    with pytest.raises(FormInvalid) as early:
        extend(engine, transparencia, appealed, fecha_notificacion="2026-04-19")
    assert "anterior a la presentación del recurso (20 de abril de 2026)" in early.value.errors["fecha_notificacion"]
    term = resolution_term(engine, appealed)
    assert (term.due_on, term.extension_days) == (date(2026, 6, 16), 0)


def test_only_a_recurso_in_course_is_extended_and_only_by_the_unidad(engine, transparencia, enlace_area_a, appealed):
    with pytest.raises(NotAllowed):
        extend(engine, enlace_area_a, appealed, fecha_notificacion="2026-06-10")
    complete(engine, transparencia, appealed.instance_id, "appeal_outcome",
             {"resolucion": "confirma", "fecha_resolucion": "2026-06-10"})
    resolved_request = request_of(engine, appealed.instance_id)
    with transaction(engine) as session:
        assert appeal_in_course(session, resolved_request) is None
    with pytest.raises(FormInvalid) as resolved:
        extend(engine, transparencia, appealed, fecha_notificacion="2026-06-10")
    assert resolved.value.errors == {"__all__": "Esta solicitud no tiene un recurso de revisión en trámite."}
