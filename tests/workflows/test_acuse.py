"""The acuse de recibo, built from fixed data and compared with its golden text; the reception
sentence of a document delivered after closing time or on an inhábil day."""

from datetime import UTC, datetime
from functools import partial

import pytest

from engine.business_calendar import BusinessCalendar
from engine.db import reading
from engine.documents import text_of
from engine.files import StoredFile, read
from engine.holiday_lists import holidays_in
from engine.tenancy import Organization
from tests.correspondence_steps import item_of, register_document
from tests.document_checks import assert_described_as_written_now
from workflows.correspondence.acuse import build_acuse
from workflows.correspondence.models import Channel, Correspondence

LOOKUP = "https://pleno.example.org/consulta"
LATE = "Registrado en una prueba, días después de la fecha fija de su recepción"
ORGANIZATION = Organization(
    id=1, slug="sesaech", name="Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas",
    short_name="SESAECH", address="Tuxtla Gutiérrez, Chiapas", timezone="America/Mexico_City")
# Office hours 8:00 to 18:00, Saturdays and Sundays off, the LFT rest days (16 Nov 2026: Revolución).
CALENDAR = BusinessCalendar(holidays_for_year=partial(holidays_in, "MX-LFT"))


def item(**overrides) -> Correspondence:
    values = dict(
        id=7, organization_id=1, folio="OP-2026-000123", year=2026, seq=123,
        sender_name="Mtra. Laura Díaz Ortega", sender_position="Contralora General",
        sender_organization="Secretaría de la Honestidad y Función Pública",
        subject="Solicita el informe de avance del programa anual de trabajo", topic="Informes",
        channel=Channel.VENTANILLA,
        # 16:30 UTC is 10:30 in Mexico City (UTC-6 all year since 2022).
        received_at=datetime(2026, 11, 25, 16, 30, tzinfo=UTC), pages=3, annexes="1 disco compacto",
        created_at=datetime(2026, 11, 25, 17, 5, tzinfo=UTC))  # registered at 11:05
    values.update(overrides)
    return Correspondence(**values)


def test_the_acuse_reads_as_the_golden_text(golden_dir):
    text = text_of(build_acuse(ORGANIZATION, item(), "Patricia Hernández López", LOOKUP, CALENDAR))
    assert text == (golden_dir / "acuse.txt").read_text(encoding="utf-8").rstrip("\n")


def test_the_acuse_is_titled_with_its_folio_and_written_by_the_organization_now():
    content = build_acuse(ORGANIZATION, item(), "Patricia Hernández López", LOOKUP, CALENDAR)
    assert_described_as_written_now(content, "Acuse de recibo OP-2026-000123", ORGANIZATION.name)


def test_the_acuse_gives_the_local_date_and_hour_of_an_evening_delivery():
    late = item(received_at=datetime(2026, 11, 26, 3, 15, tzinfo=UTC))
    text = text_of(build_acuse(ORGANIZATION, late, "Patricia Hernández López", LOOKUP, CALENDAR))
    assert "Fecha de recepción | 25 de noviembre de 2026" in text
    assert "Hora de recepción | 21:15 horas" in text
    assert ("Recibido el miércoles 25 de noviembre de 2026 a las 21:15, fuera del horario de la oficina "
            "(a partir de las 18:00; LFPA art. 30): se tiene por recibido el jueves 26 de noviembre de 2026.") in text


def test_the_acuse_of_a_delivery_in_office_hours_says_nothing_of_when_it_counts():
    text = text_of(build_acuse(ORGANIZATION, item(), "Patricia Hernández López", LOOKUP, CALENDAR))
    assert "se tiene por recibido" not in text


def test_the_acuse_of_a_delivery_after_closing_time_reads_as_its_golden_text(golden_dir):
    # 03:30 UTC on Friday is 21:30 on Thursday 26 November in Mexico City.
    late = item(received_at=datetime(2026, 11, 27, 3, 30, tzinfo=UTC), created_at=datetime(2026, 11, 27, 15, 0,
                                                                                          tzinfo=UTC))
    text = text_of(build_acuse(ORGANIZATION, late, "Patricia Hernández López", LOOKUP, CALENDAR))
    assert text == (golden_dir / "acuse_fuera_de_horario.txt").read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize("received_at, sentence", [
    # Sunday 29 November 2026, 11:00 in Mexico City.
    (datetime(2026, 11, 29, 17, 0, tzinfo=UTC),
     "Recibido el domingo 29 de noviembre de 2026 a las 11:00, en día inhábil: se tiene por recibido el lunes "
     "30 de noviembre de 2026."),
    # Monday 16 November 2026, third Monday of November (LFT art. 74), 10:00 in Mexico City.
    (datetime(2026, 11, 16, 16, 0, tzinfo=UTC),
     "Recibido el lunes 16 de noviembre de 2026 a las 10:00, en día inhábil: se tiene por recibido el martes "
     "17 de noviembre de 2026."),
])
def test_the_acuse_of_a_delivery_on_an_inhabil_day_says_which_dia_habil_it_counts_from(received_at, sentence):
    text = text_of(build_acuse(ORGANIZATION, item(received_at=received_at), "Patricia Hernández López", LOOKUP,
                               CALENDAR))
    assert sentence in text


def test_the_acuse_issued_on_registering_an_evening_delivery_says_it_counts_the_next_dia_habil(
        engine, settings, oficialia):
    instance = register_document(engine, oficialia, fecha_recepcion="2026-11-26", hora_recepcion="21:30",
                                 captura_extemporanea=LATE)  # days late once this date is behind
    item = item_of(engine, instance.id)
    with reading(engine) as session:
        acuse = session.get(StoredFile, item.acuse_file_id)
    text = text_of(read(settings, acuse))  # the stored .docx, reopened with python-docx
    assert "Hora de recepción | 21:30 horas" in text
    assert ("Recibido el jueves 26 de noviembre de 2026 a las 21:30, fuera del horario de la oficina "
            "(a partir de las 18:00; LFPA art. 30): se tiene por recibido el viernes 27 de noviembre de 2026.") in text


def test_the_acuse_of_a_late_capture_says_when_it_was_registered_and_why_beside_the_reception():
    """It gave only the declared reception: a folio registered in December could certify a reception of July
    with nothing saying it was registered months later, nor why."""
    late = item(received_at=datetime(2026, 7, 22, 16, 0, tzinfo=UTC), created_at=datetime(2026, 12, 7, 17, 40,
                                                                                          tzinfo=UTC),
                late_capture_reason="Se recibió en la delegación regional y llegó por valija")
    text = text_of(build_acuse(ORGANIZATION, late, "Patricia Hernández López", LOOKUP, CALENDAR))
    assert ("Fecha de recepción | 22 de julio de 2026\n"
            "Hora de recepción | 10:00 horas\n"
            "Fecha y hora de registro | 7 de diciembre de 2026, 11:40 horas\n"
            "Captura extemporánea | Se recibió en la delegación regional y llegó por valija\n") in text


def test_the_acuse_fills_empty_optional_data_with_a_dash_or_no_annexes():
    bare = item(sender_position="", sender_organization="", annexes="", channel=Channel.CORREO_ELECTRONICO)
    text = text_of(build_acuse(ORGANIZATION, bare, "Patricia Hernández López", LOOKUP, CALENDAR))
    assert "Cargo | —" in text
    assert "Dependencia u organización | —" in text
    assert "Anexos | Sin anexos" in text
    assert "Medio de recepción | Correo electrónico" in text
