"""The acuse de recibo of a request received outside the PNT: its text (golden), the terms it states,
and that it is issued once, by the Unidad, and only for what the PNT did not already acknowledge."""

from datetime import UTC, datetime
from io import BytesIO

import pytest
from docx import Document
from sqlmodel import select

from engine.audit import AuditEvent
from engine.db import reading, transaction
from engine.deadlines import Deadline, explain
from engine.documents import text_of
from engine.files import StoredFile, read
from engine.rule_sets import builtin_rule_sets
from engine.runtime import NotAllowed
from engine.tenancy import Organization
from workflows.access_request.acuse import KIND, NoAcuse, build_request_acuse, issue_acuse
from workflows.access_request.models import (ArcoRight, RequestChannel, RequesterKind, RequestKind,
                                             TransparencyRequest)
from tests.access_request_steps import file_request
from tests.arco_request_steps import file_arco

ORGANIZATION = Organization(
    id=1, slug="sesaech", name="Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas",
    short_name="SESAECH", address="Tuxtla Gutiérrez, Chiapas", timezone="America/Mexico_City")
LGTAIP = builtin_rule_sets()["MX-LGTAIP-2025"]
LGPDPPSO = builtin_rule_sets()["MX-LGPDPPSO"]
# A response term as the acuse words it (tested below with a real deadline).
RESPONSE_TERM = ("Respuesta: 20 días hábiles (LGTAIP 2025, art. 134), contados a partir del 24 de marzo de 2026; "
                 "vence el 21 de abril de 2026. Además de los sábados y domingos, no cuentan: del 2 al 3 de abril de "
                 "2026 (Semana Santa — Acuerdo CT/2026/01).")
LOOKUP = "https://pleno.example.org/consulta"


def access_request(**overrides) -> TransparencyRequest:
    values = dict(
        id=3, organization_id=1, kind=RequestKind.ACCESO, folio="SAI-2026-00003", year=2026, seq=3,
        channel=RequestChannel.PRESENCIAL, received_at=datetime(2026, 3, 21, 17, 40, tzinfo=UTC),
        description="Solicito los contratos de arrendamiento vigentes y sus anexos.",
        requester_kind=RequesterKind.NOMBRE, requester_name="María López Hernández", rule_set_code="MX-LGTAIP-2025")
    return TransparencyRequest(**(values | overrides))


def test_the_acuse_of_a_request_received_in_person_reads_as_the_golden_text(golden_dir):
    text = text_of(build_request_acuse(ORGANIZATION, access_request(), RESPONSE_TERM, LGTAIP,
                                       "Luis Alberto Pérez Soto", LOOKUP, correspondence_folio="OP-2026-000123"))
    assert text == (golden_dir / "acuse_solicitud.txt").read_text(encoding="utf-8").rstrip("\n")


def test_an_anonymous_requester_is_named_as_such():
    text = text_of(build_request_acuse(ORGANIZATION, access_request(requester_kind=RequesterKind.ANONIMO,
                                                                    requester_name=""),
                                       RESPONSE_TERM, LGTAIP, "Luis Alberto Pérez Soto", LOOKUP))
    assert "Solicitante | Anónimo" in text
    assert "Folio de la oficialía de partes" not in text and "Plataforma Nacional" not in text


def test_an_arco_acuse_names_the_holder_and_representative_and_states_the_term_to_make_the_right_effective():
    arco = access_request(kind=RequestKind.ARCO, folio="ARCO-2026-00001", arco_right=ArcoRight.RECTIFICACION,
                          holder_name="Ana Ruiz Cárdenas", representative_name="Jorge Méndez Salas",
                          requester_name="", rule_set_code="MX-LGPDPPSO")
    text = text_of(build_request_acuse(ORGANIZATION, arco, RESPONSE_TERM, LGPDPPSO, "Luis Alberto Pérez Soto", LOOKUP))
    assert "Solicitud de ejercicio de derechos ARCO" in text
    assert "Titular de los datos | Ana Ruiz Cárdenas" in text
    assert "Representante | Jorge Méndez Salas" in text
    assert "Derecho que ejerce | Rectificación" in text
    assert ("Efectividad: si su solicitud procede, el derecho se hará efectivo dentro de los 15 días hábiles "
            "siguientes a la respuesta. Fundamento: LGPDPPSO, art. 45.") in text
    assert ("Incompetencia: si lo que pide no corresponde a este responsable, se le hará saber dentro de los "
            "3 días hábiles siguientes") in text
    assert "La Unidad de Transparencia de la Secretaría Ejecutiva del Sistema Anticorrupción" in text


def stored_text(settings, stored: StoredFile) -> str:
    return text_of(read(settings, stored))


def test_the_unidad_issues_the_acuse_once_with_the_computed_response_term(engine, settings, transparencia):
    instance = file_request(engine, transparencia, canal="presencial", folio_pnt="")
    with reading(engine) as session:
        request = session.exec(select(TransparencyRequest).where(TransparencyRequest.instance_id == instance.id)).one()
        term = f"Respuesta: {explain(session, session.get(Deadline, request.response_deadline_id)).sentence()}"
    with transaction(engine) as session:
        first = issue_acuse(session, transparencia, request.id)
    with transaction(engine) as session:
        again = issue_acuse(session, transparencia, request.id)
    assert again.id == first.id and again.sha256 == first.sha256
    assert first.kind == KIND and first.instance_id == instance.id and first.filename == f"acuse-{request.folio}.docx"
    text = stored_text(settings, first)
    assert f"Folio: {request.folio}" in text
    assert term in text
    assert "Medio de recepción | En persona (Unidad de Transparencia)" in text
    Document(BytesIO(read(settings, first)))  # a .docx Word opens
    with reading(engine) as session:
        issued = session.exec(select(AuditEvent).where(AuditEvent.action == "solicitud.acuse")).all()
        files = session.exec(select(StoredFile).where(StoredFile.kind == KIND)).all()
    assert len(issued) == 1 and len(files) == 1
    assert issued[0].summary == f"Expidió el acuse de recibo de la solicitud {request.folio}"


def test_an_acuse_of_a_request_filed_after_hours_says_the_day_it_is_taken_as_received(engine, settings, transparencia):
    # Friday 27 March 2026 at 18:30, after the 18:00 closing: received as of Monday 30 March.
    instance = file_request(engine, transparencia, canal="presencial", folio_pnt="", fecha_recepcion="2026-03-27",
                            hora_recepcion="18:30")
    with reading(engine) as session:
        request = session.exec(select(TransparencyRequest).where(TransparencyRequest.instance_id == instance.id)).one()
    with transaction(engine) as session:
        text = stored_text(settings, issue_acuse(session, transparencia, request.id))
    assert ("\nRecibida el viernes 27 de marzo de 2026 a las 18:30, fuera del horario de la oficina (a partir de las "
            "18:00; LFPA art. 30): se tiene por recibida el lunes 30 de marzo de 2026.") in text


def test_a_request_filed_in_office_hours_gets_no_such_sentence(engine, settings, transparencia):
    instance = file_request(engine, transparencia, canal="presencial", folio_pnt="")
    with reading(engine) as session:
        request = session.exec(select(TransparencyRequest).where(TransparencyRequest.instance_id == instance.id)).one()
    with transaction(engine) as session:
        assert "se tiene por recibida" not in stored_text(settings, issue_acuse(session, transparencia, request.id))


def test_a_request_filed_through_the_pnt_gets_no_acuse_from_pleno(engine, transparencia):
    instance = file_request(engine, transparencia)  # canal pnt: the Plataforma gave its own
    with transaction(engine) as session:
        request = session.exec(select(TransparencyRequest).where(TransparencyRequest.instance_id == instance.id)).one()
        with pytest.raises(NoAcuse, match="Plataforma Nacional"):
            issue_acuse(session, transparencia, request.id)


def test_a_request_imported_already_answered_has_no_acuse_to_issue(engine, transparencia):
    instance = file_request(engine, transparencia, canal="correo", folio_pnt="")
    with transaction(engine) as session:  # as the import leaves an answered row: no process of its own
        request = session.exec(select(TransparencyRequest).where(TransparencyRequest.instance_id == instance.id)).one()
        request.instance_id = None
    with transaction(engine) as session, pytest.raises(NoAcuse, match="se importó ya respondida"):
        issue_acuse(session, transparencia, request.id)


def test_only_the_unidad_issues_an_acuse(engine, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    with transaction(engine) as session:
        request = session.exec(select(TransparencyRequest).where(TransparencyRequest.instance_id == instance.id)).one()
    with transaction(engine) as session, pytest.raises(NotAllowed, match="Unidad de Transparencia"):
        issue_acuse(session, enlace_area_a, request.id)
    with reading(engine) as session:
        assert session.exec(select(StoredFile).where(StoredFile.kind == KIND)).all() == []
