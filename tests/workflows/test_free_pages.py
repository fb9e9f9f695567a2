"""The hojas simples the law delivers without cost (LGTAIP 2025 arts. 137 y 143; LGPDPPSO art. 50:
no more than twenty): an answer in copies says how many hojas, a free delivery cannot be charged,
and the oficio says why it costs nothing. The number and its basis are data of the rule set."""

import pytest
from sqlmodel import select

from engine.db import transaction
from engine.deadlines import DeadlineKind
from engine.forms import FormInvalid
from engine.files import StoredFile
from engine.processes import ProcessInstance
from engine.rule_sets import RuleSetVariant, apply_variant, builtin_rule_sets
from tests.access_request_steps import deadline_rows, request_of, task_named, turn, working_in_march_2026  # noqa: F401
from tests.workflows.test_access_request_paths import oficio_text, respond, turned_and_answered
from tests.workflows import test_arco_request_paths as arco_paths
from tests.arco_request_steps import file_arco
from workflows.access_request.models import RequestStatus

FREE = "La entrega no tiene costo: no excede de veinte hojas simples (LGTAIP 2025, arts. 137 y 143)."


def test_copies_are_refused_without_their_number_of_hojas(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, modalidad="copia_certificada", costo="80")
    assert refused.value.errors == {"hojas": "Indique cuántas hojas se entregan en copia."}


def test_twenty_hojas_simples_cannot_be_charged_and_the_refusal_changes_nothing(engine, demo, transparencia,
                                                                                 enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    with transaction(engine) as session:
        version = session.get(ProcessInstance, instance.id).version
    with pytest.raises(FormInvalid) as refused:
        respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="20", costo="30")
    assert refused.value.errors["costo"] == ("La entrega de no más de 20 hojas simples es sin costo "
                                             "(LGTAIP 2025, arts. 137 y 143): registre costo 0.")
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).version == version
        assert session.exec(select(StoredFile).where(StoredFile.kind == "oficio_respuesta")).first() is None
    request = request_of(engine, instance.id)
    assert (request.status, request.oficio_number, request.pages) == (RequestStatus.ANSWERING, "", None)
    assert task_named(engine, instance.id, "respond")


def test_a_free_delivery_in_copies_says_why_in_the_oficio(engine, settings, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="12", costo="0")
    request = request_of(engine, instance.id)
    assert (request.status, request.pages, request.cost) == (RequestStatus.ANSWERED, 12, 0)
    text = oficio_text(engine, settings, instance.id, "oficio_respuesta")
    assert "Hojas | 12" in text and "Costo | Sin costo" in text
    assert FREE in text
    assert DeadlineKind.ENTREGA not in deadline_rows(engine, request.folio)  # no window to pay


def test_more_than_twenty_hojas_simples_may_be_charged(engine, settings, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="21", costo="21")
    request = request_of(engine, instance.id)
    assert (request.status, request.pages, request.cost) == (RequestStatus.ANSWERED, 21, 21)
    text = oficio_text(engine, settings, instance.id, "oficio_respuesta")
    assert "Hojas | 21" in text and FREE not in text
    assert [d.title for d in deadline_rows(engine, request.folio)[DeadlineKind.ENTREGA]] == [
        f"Pago de los costos de reproducción · {request.folio}"]


def test_certified_copies_may_be_charged_however_few(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id, modalidad="copia_certificada", hojas="3", costo="60")
    assert request_of(engine, instance.id).cost == 60


def test_an_electronic_delivery_keeps_no_count_of_hojas(engine, demo, transparencia, enlace_area_a):
    instance = turned_and_answered(engine, demo, transparencia, enlace_area_a)
    respond(engine, transparencia, instance.id, modalidad="electronica", hojas="40")
    assert request_of(engine, instance.id).pages is None


def test_an_arco_answer_in_few_simple_copies_is_free_under_the_lgpdppso(engine, demo, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    arco_paths.answer(engine, enlace_area_a, instance.id, demo.areas["DA"])
    with pytest.raises(FormInvalid) as refused:
        arco_paths.respond(engine, transparencia, instance.id, modalidad="copia_simple", hojas="4", costo="10")
    assert refused.value.errors["costo"] == ("La entrega de no más de 20 hojas simples es sin costo "
                                             "(LGPDPPSO, art. 50): registre costo 0.")


def test_a_variant_may_change_the_free_hojas_and_their_basis():
    base = builtin_rule_sets()["MX-LGTAIP-2025"]
    variant = RuleSetVariant(organization_id=1, code="EST-LT", name="Ley de transparencia estatal",
                             base_code=base.code,
                             overrides={"hojas_sin_costo": {"value": 50, "basis": "Ley estatal, art. 150"}})
    changed = apply_variant(base, variant).limits["hojas_sin_costo"]
    assert (changed.value, changed.basis, changed.unit) == (50, "Ley estatal, art. 150", "hojas")
    assert base.limits["hojas_sin_costo"].value == 20
