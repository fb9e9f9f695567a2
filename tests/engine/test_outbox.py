"""The outbox: written once per key, claimed in the database, delivered over real SMTP with retries and backoff."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import trustme
from sqlmodel import func, select

from engine.db import reading, transaction
from engine.outbox import OutboxMessage, OutboxStatus, claim, deliver, deliver_once, enqueue, mark_sent, message_id_for
from smtp_sink import Sink, free_port, server_certificate, smtp, smtp_server

# After the moment the rows are written (enqueue stamps the real time).
NOW = datetime(2030, 1, 7, 15, 0, tzinfo=UTC)


def write(engine, demo, count: int = 1, prefix: str = "prueba") -> list[str]:
    keys = [f"{prefix}:{n}" for n in range(count)]
    with transaction(engine) as session:
        for n, key in enumerate(keys):
            enqueue(session, organization_id=demo.organization.id, key=key, kind="alerta",
                    to_address=f"persona{n}@sesaech.example", subject=f"Aviso {n}: vence la solicitud",
                    body=f"Cuerpo del aviso número {n}.\n", recipient_user_id=demo.users["transparencia"].id)
    return keys


def rows(engine) -> list[OutboxMessage]:
    with reading(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def test_a_repeated_enqueue_with_the_same_key_writes_one_row(engine, demo):
    write(engine, demo)
    write(engine, demo)
    with reading(engine) as session:
        assert session.exec(select(func.count()).select_from(OutboxMessage)).one() == 1


def test_messages_reach_a_real_smtp_server_with_their_message_id(engine, settings, demo, sink, port):
    keys = write(engine, demo, 5)
    assert deliver_once(engine, smtp(settings, port), now=NOW, worker="w1") == 5
    assert sorted(sink.message_ids) == sorted(message_id_for(key) for key in keys)
    assert sink.messages[0]["Subject"] == "Aviso 0: vence la solicitud"
    assert [(r.status, r.attempts, r.sent_at, r.claimed_by, r.claimed_until) for r in rows(engine)] == \
        [(OutboxStatus.SENT, 1, NOW, "w1", None)] * 5
    assert deliver_once(engine, smtp(settings, port), now=NOW, worker="w1") == 0  # nothing left


@pytest.fixture
def institution_ca(tmp_path):
    """An institution's own certificate authority, as internal mail servers use; its PEM file."""
    authority = trustme.CA()
    path = tmp_path / "ca-institucion.pem"
    authority.cert_pem.write_to_path(str(path))
    return authority, str(path)


@pytest.mark.parametrize("tls", ["ssl", "starttls"])
def test_messages_go_encrypted_to_a_server_whose_certificate_the_institution_signed(engine, settings, demo,
                                                                                  institution_ca, tls):
    authority, ca_file = institution_ca
    sink = Sink()
    [key] = write(engine, demo)
    with smtp_server(sink, server_certificate(authority), tls) as port:
        config = smtp(settings, port, smtp_ssl=tls == "ssl", smtp_starttls=tls == "starttls", smtp_ca_file=ca_file)
        assert deliver_once(engine, config, now=NOW) == 1
    assert sink.message_ids == [message_id_for(key)]
    assert [(r.status, r.last_error) for r in rows(engine)] == [(OutboxStatus.SENT, "")]


def test_a_certificate_no_trusted_authority_signed_is_refused_with_the_reason_and_retried(engine, settings, demo,
                                                                                        institution_ca):
    authority, _ = institution_ca
    sink = Sink()
    write(engine, demo)
    with smtp_server(sink, server_certificate(authority), "ssl") as port:
        assert deliver_once(engine, smtp(settings, port, smtp_ssl=True), now=NOW) == 1  # the system's CAs only
    [row] = rows(engine)
    assert (row.status, row.attempts, sink.messages) == (OutboxStatus.PENDING, 1, [])
    assert row.last_error.startswith("No se pudo verificar el certificado del servidor de correo (")
    assert "PLENO_SMTP_CA_FILE" in row.last_error


def test_a_refusing_server_means_retries_with_a_doubling_wait(engine, settings, demo):
    sink = Sink(refuse=2)
    write(engine, demo)
    with smtp_server(sink) as port:
        config = smtp(settings, port, outbox_retry_seconds=60)
        assert deliver_once(engine, config, now=NOW) == 1
        [row] = rows(engine)
        assert (row.status, row.attempts, row.next_attempt_at) == (OutboxStatus.PENDING, 1, NOW + timedelta(seconds=60))
        assert row.last_error.startswith("El servidor de correo respondió 451")
        assert deliver_once(engine, config, now=NOW + timedelta(seconds=59)) == 0  # still waiting
        assert deliver_once(engine, config, now=NOW + timedelta(seconds=60)) == 1
        [row] = rows(engine)
        assert (row.status, row.attempts, row.next_attempt_at) == (
            OutboxStatus.PENDING, 2, NOW + timedelta(seconds=60 + 120))
        assert deliver_once(engine, config, now=NOW + timedelta(seconds=180)) == 1
    [row] = rows(engine)
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 3, "")
    assert sink.message_ids == [row.message_id]


def test_a_message_refused_every_time_fails_after_the_last_attempt(engine, settings, demo):
    sink = Sink(refuse=100)
    write(engine, demo)
    with smtp_server(sink) as port:
        config = smtp(settings, port, outbox_max_attempts=3, outbox_retry_seconds=1)
        moment = NOW
        for _ in range(3):
            assert deliver(engine, config, now=moment) == 1
            moment += timedelta(hours=1)
        assert deliver(engine, config, now=moment) == 0
    [row] = rows(engine)
    assert (row.status, row.attempts, sink.refused) == (OutboxStatus.FAILED, 3, 3)
    assert "451" in row.last_error


def test_a_permanent_refusal_fails_at_once(engine, settings, demo):
    sink = Sink(refuse=1, answer="554 5.7.1 Mensaje rechazado")
    write(engine, demo)
    with smtp_server(sink) as port:
        deliver_once(engine, smtp(settings, port), now=NOW)
    [row] = rows(engine)
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 1)
    assert row.last_error == "El servidor de correo respondió 554: 5.7.1 Mensaje rechazado"


def test_an_unreachable_server_leaves_the_whole_batch_for_later(engine, settings, demo):
    write(engine, demo, 3)
    assert deliver_once(engine, smtp(settings, free_port()), now=NOW) == 3
    assert {(r.status, r.attempts, r.next_attempt_at, r.claimed_by) for r in rows(engine)} == {
        (OutboxStatus.PENDING, 1, NOW + timedelta(seconds=settings.outbox_retry_seconds), "")}
    assert all(r.last_error.startswith("No se pudo entregar al servidor de correo") for r in rows(engine))


def test_a_message_claimed_by_a_worker_that_died_is_sent_again_after_its_lease(engine, settings, demo, sink, port):
    [key] = write(engine, demo)
    config = smtp(settings, port, outbox_lease_seconds=300)
    [claimed] = claim(engine, NOW, "muerto:1", 100, config.outbox_lease_seconds)  # …and then it was killed
    assert deliver_once(engine, config, now=NOW + timedelta(seconds=299), worker="vivo:2") == 0  # its lease holds
    assert deliver_once(engine, config, now=NOW + timedelta(seconds=301), worker="vivo:2") == 1
    [row] = rows(engine)
    assert (row.status, row.claimed_by, row.attempts) == (OutboxStatus.SENT, "vivo:2", 2)
    assert sink.message_ids == [message_id_for(key)]
    # The dead worker, had it only been slow, cannot mark a row another worker took over.
    assert mark_sent(engine, claimed, "muerto:1", NOW) is False


def test_two_claims_at_the_same_moment_never_share_a_message(engine, settings, demo):
    write(engine, demo, 10)
    first = claim(engine, NOW, "w1", 6, 300)
    second = claim(engine, NOW, "w2", 6, 300)
    assert (len(first), len(second)) == (6, 4)
    assert not {r.id for r in first} & {r.id for r in second}


def test_the_files_backend_delivers_the_outbox_as_eml_files(engine, settings, demo):
    write(engine, demo, 3)
    assert deliver(engine, replace(settings, mail_backend="files"), now=NOW) == 3
    assert len(list(settings.mail_dir_of(demo.organization.id).glob("*.eml"))) == 3
    assert {r.status for r in rows(engine)} == {OutboxStatus.SENT}
    assert not list(settings.mail_dir.glob("*/.*.tmp"))
