"""The acuse de recibo, built from fixed data and compared with its golden text."""

from datetime import UTC, datetime

from engine.documents import text_of
from engine.tenancy import Organization
from workflows.correspondence.acuse import build_acuse
from workflows.correspondence.models import Channel, Correspondence

LOOKUP = "https://pleno.example.org/consulta"
ORGANIZATION = Organization(
    id=1, slug="sesaech", name="Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas",
    short_name="SESAECH", address="Tuxtla Gutiérrez, Chiapas", timezone="America/Mexico_City")


def item(**overrides) -> Correspondence:
    values = dict(
        id=7, organization_id=1, folio="OP-2026-000123", year=2026, seq=123,
        sender_name="Mtra. Laura Díaz Ortega", sender_position="Contralora General",
        sender_organization="Secretaría de la Honestidad y Función Pública",
        subject="Solicita el informe de avance del programa anual de trabajo", topic="Informes",
        channel=Channel.VENTANILLA,
        # 16:30 UTC is 10:30 in Mexico City (UTC-6 all year since 2022).
        received_at=datetime(2026, 11, 25, 16, 30, tzinfo=UTC), pages=3, annexes="1 disco compacto")
    values.update(overrides)
    return Correspondence(**values)


def test_the_acuse_reads_as_the_golden_text(golden_dir):
    text = text_of(build_acuse(ORGANIZATION, item(), "Patricia Hernández López", LOOKUP))
    assert text == (golden_dir / "acuse.txt").read_text(encoding="utf-8").rstrip("\n")


def test_the_acuse_gives_the_local_date_and_hour_of_an_evening_delivery():
    late = item(received_at=datetime(2026, 11, 26, 3, 15, tzinfo=UTC))
    text = text_of(build_acuse(ORGANIZATION, late, "Patricia Hernández López", LOOKUP))
    assert "Fecha de recepción | 25 de noviembre de 2026" in text
    assert "Hora de recepción | 21:15 horas" in text


def test_the_acuse_fills_empty_optional_data_with_a_dash_or_no_annexes():
    bare = item(sender_position="", sender_organization="", annexes="", channel=Channel.CORREO_ELECTRONICO)
    text = text_of(build_acuse(ORGANIZATION, bare, "Patricia Hernández López", LOOKUP))
    assert "Cargo | —" in text
    assert "Dependencia u organización | —" in text
    assert "Anexos | Sin anexos" in text
    assert "Medio de recepción | Correo electrónico" in text
