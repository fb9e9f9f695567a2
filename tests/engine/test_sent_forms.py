"""A registration's key, taken in its own transaction: a form's (web/resubmission.py) or an API request's
Idempotency-Key. Plain claims here; the pages and the API are tested in tests/web."""

import pytest
from sqlalchemy import func
from sqlmodel import select

from concurrency import second_runs_into_first
from engine.db import reading, transaction
from engine.sent_forms import KeyReused, SentAlready, SentForm, claim, claim_request, record

BODY = {"remitente": "Mtra. Laura Díaz", "asunto": "Solicita informe", "fojas": 3}
ANSWER = {"folio": "OP-2026-000001", "id": 1, "proceso_id": 7}


def register_once(session, organization_id, user_id, key, body, registered_id=1, answer=ANSWER):
    """What the API does: claim the key, register, record what it answered."""
    claimed = claim_request(session, organization_id, user_id, key, body)
    record(session, claimed, registered_id, answer)
    return answer


def keys(engine) -> int:
    with reading(engine) as session:
        return session.exec(select(func.count()).select_from(SentForm)).one()


def test_an_api_request_sent_again_with_its_key_gets_the_first_answer(engine, demo):
    org, user = demo.organization.id, demo.users["oficialia"].id
    with transaction(engine) as session:
        register_once(session, org, user, "correo-4711", BODY)
    with pytest.raises(SentAlready) as again, transaction(engine) as session:
        claim_request(session, org, user, "correo-4711", dict(reversed(BODY.items())))  # another key order
    assert (again.value.registered_id, again.value.response) == (1, ANSWER)
    assert keys(engine) == 1


def test_a_key_sent_again_with_another_body_is_reused_and_names_the_first_answer(engine, demo):
    org, user = demo.organization.id, demo.users["oficialia"].id
    with transaction(engine) as session:
        register_once(session, org, user, "correo-4711", BODY)
    with pytest.raises(KeyReused) as reused, transaction(engine) as session:
        claim_request(session, org, user, "correo-4711", BODY | {"fojas": 4})
    assert (reused.value.key, reused.value.response) == ("correo-4711", ANSWER)
    assert keys(engine) == 1


def test_each_token_owner_has_keys_of_their_own_and_none_is_a_forms(engine, demo):
    org = demo.organization.id
    with transaction(engine) as session:
        register_once(session, org, demo.users["oficialia"].id, "1", BODY)
        register_once(session, org, demo.users["juridico"].id, "1", BODY, registered_id=2)
        claimed = claim(session, org, "1")  # a form's key of the same text
        assert claimed is not None
        # A form cannot name an API request's key: it would be told it registered that request's document.
        assert claim(session, org, f"api:{demo.users['oficialia'].id}:1") is None
    assert keys(engine) == 3


def test_a_request_sent_while_the_first_with_its_key_is_being_saved_waits_and_gets_its_answer(engine, demo):
    org, user = demo.organization.id, demo.users["oficialia"].id
    first, second = second_runs_into_first(engine, lambda session: register_once(session, org, user, "k", BODY),
                                           lambda session: register_once(session, org, user, "k", BODY,
                                                                         registered_id=2, answer={"otro": 1}))
    assert first == ANSWER
    assert isinstance(second, SentAlready) and second.response == ANSWER
    assert keys(engine) == 1


def test_a_request_whose_first_send_rolled_back_registers(engine, demo):
    org, user = demo.organization.id, demo.users["oficialia"].id

    def fails(session):
        register_once(session, org, user, "k", BODY)
        raise RuntimeError("el folio no se pudo asignar")

    first, second = second_runs_into_first(engine, fails, lambda session: register_once(
        session, org, user, "k", BODY, registered_id=2, answer={"folio": "OP-2026-000002"}))
    assert isinstance(first, RuntimeError)
    assert second == {"folio": "OP-2026-000002"}
    with reading(engine) as session:
        assert session.exec(select(SentForm.registered_id)).all() == [2]
