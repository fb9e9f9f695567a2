"""E-mail built from an outbox row: the headers a reader and a server see, and the .eml files of development."""

import smtplib
from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from engine.mail import build_message, describe_error, file_name, is_permanent, mailer
from engine.outbox import OutboxMessage, message_id_for
from engine.settings import Settings


def a_row(**changes) -> OutboxMessage:
    values = dict(id=7, organization_id=1, key="alerta:3:antes-5:4", kind="alerta", to_address="rosa@sesaech.example",
                  subject="Vence en 5 días hábiles: Respuesta a la solicitud 0001/2026",
                  body="El plazo vence el 20 de abril de 2026.\nAcción: atender la solicitud — año 2026.\n",
                  message_id=message_id_for("alerta:3:antes-5:4"), created_at=datetime(2026, 4, 13, 14, 0, tzinfo=UTC))
    return OutboxMessage(**(values | changes))


def test_the_message_carries_the_rows_message_id_and_date_so_a_resend_is_the_same_message():
    row = a_row()
    first, again = build_message(row, "Pleno <avisos@pleno.local>"), build_message(row, "Pleno <avisos@pleno.local>")
    assert first["Message-ID"] == again["Message-ID"] == row.message_id
    assert first["Date"] == again["Date"] == "Mon, 13 Apr 2026 14:00:00 +0000"
    assert (first["From"], first["To"]) == ("Pleno <avisos@pleno.local>", "rosa@sesaech.example")
    assert first["Auto-Submitted"] == "auto-generated"


def test_spanish_subject_and_body_survive_the_trip_through_bytes():
    row = a_row(subject="Prevención: año fiscal — sesión ordinaria", body="Señora Muñoz: ¿recibió el acuse?\n")
    parsed = message_from_bytes(build_message(row, "Pleno <avisos@pleno.local>").as_bytes(), policy=policy.default)
    assert parsed["Subject"] == "Prevención: año fiscal — sesión ordinaria"
    assert parsed.get_content_charset() == "utf-8"
    assert parsed.get_content() == "Señora Muñoz: ¿recibió el acuse?\n"


def test_the_files_backend_writes_one_readable_eml_file_per_message_in_its_organizations_folder(tmp_path):
    settings = replace(Settings(), data_dir=tmp_path, mail_backend="files")
    row = a_row()
    with mailer(settings) as send:
        send(row)
        send(row)  # sent again after a crash: the same file, not a second one
    [folder] = list(settings.mail_dir.iterdir())
    assert folder == settings.mail_dir_of(row.organization_id)
    [written] = list(folder.iterdir())
    assert written.name == file_name(row) and written.name.startswith("7-") and written.suffix == ".eml"
    parsed = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert parsed["Message-ID"] == row.message_id
    assert parsed["Subject"] == row.subject
    assert "atender la solicitud — año 2026" in parsed.get_content()


def test_an_unknown_backend_is_refused_with_a_spanish_message(tmp_path):
    settings = replace(Settings(), data_dir=tmp_path, mail_backend="paloma")
    with pytest.raises(ValueError, match="PLENO_MAIL_BACKEND debe ser uno de files, smtp"):
        with mailer(settings):
            pass


@pytest.mark.parametrize("error, permanent", [
    (smtplib.SMTPDataError(451, b"Intente mas tarde"), False),
    (smtplib.SMTPDataError(554, b"Rechazado"), True),
    (smtplib.SMTPRecipientsRefused({"x@y.example": (550, b"No existe")}), True),
    (smtplib.SMTPRecipientsRefused({"x@y.example": (450, b"Buzon ocupado")}), False),
    (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False),
    (ConnectionRefusedError(111, "Connection refused"), False),
])
def test_only_a_5xx_answer_is_a_permanent_failure(error, permanent):
    assert is_permanent(error) is permanent


def test_errors_are_described_in_spanish_for_the_administrator():
    assert describe_error(smtplib.SMTPDataError(451, b"Intente mas tarde")) == \
        "El servidor de correo respondió 451: Intente mas tarde"
    assert describe_error(smtplib.SMTPRecipientsRefused({"x@y.example": (550, b"No existe")})) == \
        "El servidor de correo rechazó al destinatario (x@y.example: 550 No existe)"
    assert describe_error(ConnectionRefusedError(111, "Connection refused")).startswith(
        "No se pudo entregar al servidor de correo")
