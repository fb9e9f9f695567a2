"""E-mail out of the outbox: one `EmailMessage` per row, written to files (development) or sent over SMTP.

The Message-ID and Date come from the row, not from the moment of sending, so a message sent
again after a crash is the same message to the receiving server and to the reader's client.
"""

from __future__ import annotations

import hashlib
import os
import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING

from engine.settings import Settings

if TYPE_CHECKING:  # engine.outbox imports this module to deliver its rows
    from engine.outbox import OutboxMessage

BACKENDS = ("files", "smtp")
SMTP_TIMEOUT_SECONDS = 30


def build_message(row: OutboxMessage, sender: str) -> EmailMessage:
    """The e-mail of one outbox row, UTF-8 plain text."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Message-ID"] = row.message_id
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    message["Date"] = format_datetime(created.astimezone(UTC))
    # RFC 3834: out-of-office replies and the like should not answer an automatic notice.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(row.body, charset="utf-8")
    return message


def file_name(row: OutboxMessage) -> str:
    return f"{row.id}-{hashlib.sha256(row.message_id.encode()).hexdigest()[:12]}.eml"


def write_file(directory: Path, message: EmailMessage, name: str) -> Path:
    """Write the message whole or not at all: readers of the folder never see half a file."""
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / name
    partial = directory / f".{name}.tmp"
    partial.write_bytes(message.as_bytes())
    os.replace(partial, final)
    return final


def tls_context(settings: Settings) -> ssl.SSLContext:
    """Certificate and host name checked, against the institution's CA when one is configured."""
    return ssl.create_default_context(cafile=settings.smtp_ca_file or None)


@contextmanager
def smtp_connection(settings: Settings) -> Iterator[smtplib.SMTP]:
    """One connection for a whole batch, over TLS (SMTPS or STARTTLS) and with login when configured."""
    if settings.smtp_ssl:
        connection = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS,
                                      context=tls_context(settings))
    else:
        connection = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
    try:
        if settings.smtp_starttls and not settings.smtp_ssl:
            connection.starttls(context=tls_context(settings))
        if settings.smtp_user:
            connection.login(settings.smtp_user, settings.smtp_password)
        yield connection
    finally:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()


@contextmanager
def mailer(settings: Settings) -> Iterator[Callable[[OutboxMessage], None]]:
    """A function that delivers one outbox row, usable for one batch; it raises when delivery fails."""
    if settings.mail_backend == "files":
        yield lambda row: write_file(settings.mail_dir_of(row.organization_id), build_message(row, settings.mail_from),
                                     file_name(row))
    elif settings.mail_backend == "smtp":
        with smtp_connection(settings) as connection:
            yield lambda row: connection.send_message(build_message(row, settings.mail_from))
    else:
        raise ValueError(f"PLENO_MAIL_BACKEND debe ser uno de {', '.join(BACKENDS)}, no {settings.mail_backend!r}")


def is_permanent(error: Exception) -> bool:
    """A 5xx answer: the server will refuse this message again, so retrying is pointless."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def describe_error(error: Exception) -> str:
    """What went wrong, for the administrator reading the outbox."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = "; ".join(f"{address}: {code} {_text(reply)}" for address, (code, reply) in error.recipients.items())
        return f"El servidor de correo rechazó al destinatario ({answers})"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"El servidor de correo respondió {error.smtp_code}: {_text(error.smtp_error)}"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return f"El servidor de correo cerró la conexión: {error}"
    if isinstance(error, ssl.SSLCertVerificationError):
        return (f"No se pudo verificar el certificado del servidor de correo ({error.verify_message}); si lo "
                "firmó la propia institución, indique su autoridad certificadora en PLENO_SMTP_CA_FILE")
    if isinstance(error, ssl.SSLError):
        return f"Falló la conexión cifrada con el servidor de correo: {error.reason or error}"
    if isinstance(error, OSError):
        return f"No se pudo entregar al servidor de correo: {error}"
    return f"Error al enviar: {type(error).__name__}: {error}"


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
