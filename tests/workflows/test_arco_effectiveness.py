"""An ARCO request imported already answered in the holder's favour: its requester, and the term to make the
right effective that the import opens while it still runs (workflows.arco_request.effectiveness)."""

from datetime import date

import pytest

from engine.db import reading, transaction
from engine.deadlines import DeadlineStatus
from engine.forms import FormInvalid
from engine.runtime import NotAllowed
from tests.arco_request_steps import IMPORTED_HOLDER, answered_arco_row, effectiveness_terms, import_answered
from workflows.access_request.models import RequesterKind, RequestStatus, TransparencyRequest
from workflows.arco_request import effectiveness

def test_an_answered_arco_row_without_a_name_column_has_its_holder_as_requester_never_anonimo(engine, transparencia):
    request = import_answered(engine, transparencia, answered_arco_row())
    # As registration records it: an ARCO request is the holder's, never anonymous.
    assert (request.requester_kind, request.requester_name, request.holder_name) == (
        RequesterKind.NOMBRE, IMPORTED_HOLDER, IMPORTED_HOLDER)


def test_an_imported_answer_granting_the_right_opens_the_term_to_make_it_effective_while_it_runs(
        engine, transparencia):
    request = import_answered(engine, transparencia, answered_arco_row())
    [term] = effectiveness_terms(engine, request)
    # 15 días hábiles from the day after Wednesday 18 November 2026, as a form-answered request counts them.
    assert (term.status, term.due_on, term.rule_set_code, term.rule_key, term.days) == (
        DeadlineStatus.OPEN, date(2026, 12, 9), "MX-LGPDPPSO", "efectividad", 15)
    assert (term.responsible_user_id, term.instance_id, term.title) == (
        transparencia.user_id, None, f"Hacer efectivo el derecho · {request.folio}")
    assert request.status == RequestStatus.ANSWERED


@pytest.mark.parametrize("answer,answered_on,received_on", [
    ("Improcedente", "18/11/2026", "28/10/2026"),  # nothing to make effective
    ("Inexistencia", "18/11/2026", "28/10/2026"),
    ("Procedente", "20/06/2025", "02/06/2025"),  # its term ended long ago: history, the file does not say more
    ("Procedente", "23/10/2026", "01/10/2026"),  # its 15 días hábiles ended in mid-November 2026
])
def test_no_effectiveness_term_opens_when_nothing_is_owed_or_its_term_already_ended(
        engine, transparencia, answer, answered_on, received_on):
    request = import_answered(engine, transparencia, answered_arco_row(answer, answered_on, received_on))
    assert effectiveness_terms(engine, request) == []


def test_the_unidad_records_the_effectiveness_of_an_imported_request_after_verifying_identity(engine, transparencia):
    request = import_answered(engine, transparencia, answered_arco_row())
    done = {"fecha_verificacion_identidad": "2026-11-19", "fecha_efectividad": "2026-11-20",
            "descripcion": "Se entregó copia certificada del expediente clínico al titular."}
    with transaction(engine) as session, pytest.raises(FormInvalid) as refused:
        effectiveness.record(session, transparencia, request.id, {**done, "fecha_verificacion_identidad": ""})
    assert "debe verificarse la identidad" in refused.value.errors["fecha_verificacion_identidad"]
    with transaction(engine) as session, pytest.raises(FormInvalid) as refused:
        effectiveness.record(session, transparencia, request.id, {**done, "fecha_efectividad": "2026-11-17",
                                                                  "fecha_verificacion_identidad": "2026-11-16"})
    assert "antes de notificar la respuesta" in refused.value.errors["fecha_efectividad"]
    with transaction(engine) as session:
        effectiveness.record(session, transparencia, request.id, done)
    [term] = effectiveness_terms(engine, request)
    with reading(engine) as session:
        request = session.get(TransparencyRequest, request.id)
        assert effectiveness.pending_term(session, request) is None
    assert (term.status, term.met_late) == (DeadlineStatus.MET, False)
    assert request.status == RequestStatus.EFFECTIVE and request.identity_verified_at is not None
    with transaction(engine) as session, pytest.raises(FormInvalid) as refused:
        effectiveness.record(session, transparencia, request.id, done)
    assert refused.value.errors["__all__"] == "Esta solicitud no tiene pendiente hacer efectivo el derecho."


def test_only_the_unidad_records_the_effectiveness(engine, transparencia, comite, enlace_area_a):
    request = import_answered(engine, transparencia, answered_arco_row())
    for actor in (comite, enlace_area_a):
        with transaction(engine) as session, pytest.raises(NotAllowed):
            effectiveness.record(session, actor, request.id, {})
