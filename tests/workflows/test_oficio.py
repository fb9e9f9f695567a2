"""The oficio de respuesta's signature: the titular of the Unidad on record, else whoever answers."""

from datetime import UTC, date, datetime

from engine.documents import text_of
from engine.tenancy import Organization
from workflows.access_request.models import (AnswerSense, DeliveryMode, RequestChannel, RequestKind,
                                             TransparencyRequest)
from workflows.access_request.oficio import build_oficio


def organization(**overrides) -> Organization:
    values = dict(id=1, slug="sesaech", name="Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas",
                  short_name="SESAECH", address="Tuxtla Gutiérrez, Chiapas", timezone="America/Mexico_City")
    return Organization(**(values | overrides))


REQUEST = TransparencyRequest(
    id=3, organization_id=1, kind=RequestKind.ACCESO, folio="SAI-2026-00003", year=2026, seq=3,
    channel=RequestChannel.PNT, received_at=datetime(2026, 3, 2, 17, 0, tzinfo=UTC), description="Contratos 2025",
    requester_name="María López Hernández", rule_set_code="lgtaip", answer_sense=AnswerSense.ENTREGA_TOTAL,
    answer_text="Se entregan los contratos solicitados.", answered_on=date(2026, 3, 20),
    delivery_mode=DeliveryMode.ELECTRONICA, oficio_number="UT/0003/2026")


def closing(text: str) -> list[str]:
    """The five lines of the signature block (text_of lists the table's cells after the paragraphs)."""
    return text[text.index("Atentamente"):].split("\n")[:5]


def test_the_oficio_is_signed_by_the_titular_of_the_unidad_with_the_cargo_on_record():
    titular = organization(transparency_head_name="Mtra. Ana Ruiz Gómez",
                           transparency_head_title="Titular de la Unidad de Transparencia y Archivo")
    text = text_of(build_oficio(titular, REQUEST, "Luis Alberto Pérez Soto"))
    assert closing(text) == ["Atentamente", "", "_" * 40, "Mtra. Ana Ruiz Gómez",
                             "Titular de la Unidad de Transparencia y Archivo"]
    assert "Luis Alberto Pérez Soto" not in text  # who typed the answer does not sign for the titular


def test_without_a_titular_on_record_the_person_who_answers_signs_for_the_unidad():
    text = text_of(build_oficio(organization(), REQUEST, "Luis Alberto Pérez Soto"))
    assert closing(text) == ["Atentamente", "", "_" * 40, "Luis Alberto Pérez Soto", "Unidad de Transparencia"]


def test_a_blank_cargo_falls_back_to_the_titular_of_the_unidad():
    text = text_of(build_oficio(organization(transparency_head_name="  Mtra. Ana Ruiz Gómez ",
                                             transparency_head_title=" "), REQUEST, "Luis Alberto Pérez Soto"))
    assert closing(text)[-2:] == ["Mtra. Ana Ruiz Gómez", "Titular de la Unidad de Transparencia"]
