"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the delivery tests."""

import asyncio
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


class Sink:
    """Keeps every accepted message; can refuse the first `refuse` ones and take `delay` seconds per message."""

    def __init__(self, refuse: int = 0, answer: str = "451 4.3.0 Servicio no disponible, intente más tarde",
                 delay: float = 0.0):
        self.refuse, self.answer, self.delay = refuse, answer, delay
        self.refused = 0
        self.messages: list[Message] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self._lock:
            if self.refused < self.refuse:
                self.refused += 1
                return self.answer
            self.messages.append(message_from_bytes(envelope.content))
        if self.delay:
            # Kept before answering: a client killed now never hears the 250 it was about to get.
            await asyncio.sleep(self.delay)
        return "250 2.0.0 Recibido"

    @property
    def message_ids(self) -> list[str]:
        with self._lock:
            return [message["Message-ID"] for message in self.messages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(sink: Sink, certificate: ssl.SSLContext | None = None, tls: str = "") -> Iterator[int]:
    """Run the sink on 127.0.0.1; yields its port. With a certificate (a server context), tls="ssl"
    speaks TLS from the first byte (SMTPS) and tls="starttls" demands STARTTLS before anything else."""
    options: dict = {}
    if tls == "ssl":
        options["ssl_context"] = certificate
    elif tls == "starttls":
        options.update(tls_context=certificate, require_starttls=True)
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def smtp(settings, port: int, **changes):
    """The settings of a worker that delivers to the sink on `port`."""
    return replace(settings, mail_backend="smtp", smtp_host="127.0.0.1", smtp_port=port, **changes)


def server_certificate(authority) -> ssl.SSLContext:
    """A server context with a certificate for 127.0.0.1 signed by the given trustme.CA."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    return context
