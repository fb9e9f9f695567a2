"""Real `pleno worker` processes against a real SMTP server: every alert delivered once, nothing lost to a SIGKILL.

The workers share nothing but the database: each claims its rows there, so two of them never
send the same alert, and one killed mid-batch leaves rows that another takes over when their
lease runs out.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlmodel import func, select

from engine.clock import to_local, utcnow
from engine.db import reading, transaction
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus
from engine.outbox import OutboxMessage, OutboxStatus, enqueue
from engine.settings import ROOT
from smtp_sink import Sink, smtp_server

DEADLINES = 3000
PATIENCE_SECONDS = 120  # a guard against a hung worker on a busy machine, not a measure of speed


def worker_environment(engine, port: int, data_dir: Path, **extra: str) -> dict[str, str]:
    return os.environ | {"PLENO_DATABASE_URL": engine.url.render_as_string(hide_password=False),
                         "PLENO_DATA_DIR": str(data_dir), "PLENO_MAIL_BACKEND": "smtp",
                         "PLENO_SMTP_HOST": "127.0.0.1", "PLENO_SMTP_PORT": str(port),
                         "PLENO_OUTBOX_INTERVAL_SECONDS": "1"} | extra


@contextmanager
def worker(environment: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """`pleno worker` in its own process, stopped (SIGTERM, then SIGKILL) when the block ends."""
    with log.open("ab") as output:
        process = subprocess.Popen([sys.executable, "-m", "web.cli", "worker"], cwd=ROOT, env=environment,
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until(condition: Callable[[], bool], what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {log.name}\n" + log.read_text(errors="replace")[-3000:] for log in logs
                              if log.exists())
            raise AssertionError(f"Still waiting for {what} after {PATIENCE_SECONDS} s\n{tails}")
        time.sleep(0.2)


def outbox_by_status(engine) -> dict[str, int]:
    with reading(engine) as session:
        return dict(session.exec(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


def outbox_rows(engine) -> list[OutboxMessage]:
    with reading(engine) as session:
        return list(session.exec(select(OutboxMessage)).all())


def deadlines_due_today(engine, demo, count: int) -> int:
    """Open deadlines due today spread over the demo people; returns how many alerts they owe."""
    today = to_local(utcnow(), demo.organization.timezone).date()
    people = list(demo.users.values())
    transparencia = demo.users["transparencia"].id
    rows = [dict(organization_id=demo.organization.id, subject_type="solicitud", subject_id=str(n),
                 title=f"Solicitud {n:05d}/2026", kind=DeadlineKind.RESPUESTA, procedure="acceso",
                 rule_set_code="MX-LGTAIP-2025", rule_key="respuesta", days=20, unit="habiles",
                 basis="LGTAIP 2025, art. 134", extension_days=0, anchored_at=utcnow(), starts_after=today,
                 counted_from=today, due_on=today, due_at=utcnow(), status=DeadlineStatus.OPEN,
                 responsible_user_id=people[n % len(people)].id, next_alert_on=today,
                 created_at=utcnow(), updated_at=utcnow()) for n in range(count)]
    with transaction(engine) as session:
        session.connection().execute(insert(Deadline.__table__), rows)
    # Each alert goes to the responsible person and to transparencia (once when they are the same).
    return sum(1 if row["responsible_user_id"] == transparencia else 2 for row in rows)


def test_two_workers_deliver_every_alert_of_thousands_of_deadlines_exactly_once(engine, demo, tmp_path):
    if engine.dialect.name == "sqlite":
        pytest.skip("Two workers on two machines share a PostgreSQL server (FOR UPDATE SKIP LOCKED); "
                    "SQLite is the single-machine setup with one worker")
    expected_alerts = deadlines_due_today(engine, demo, DEADLINES)
    sink = Sink()
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    with smtp_server(sink) as port:
        environment = worker_environment(engine, port, tmp_path / "data")
        with worker(environment, logs[0]), worker(environment, logs[1]):
            def all_alerts_sent() -> bool:
                counts = outbox_by_status(engine)
                return sum(counts.values()) >= expected_alerts and set(counts) == {OutboxStatus.SENT}
            wait_until(all_alerts_sent, f"{expected_alerts} alerts to be sent", logs)
    rows = outbox_rows(engine)
    assert {row.status for row in rows} == {OutboxStatus.SENT}
    assert sum(row.kind == "alerta" for row in rows) == expected_alerts
    received = Counter(sink.message_ids)
    assert set(received.values()) == {1}, "a Message-ID arrived more than once"
    assert set(received) == {row.message_id for row in rows}
    assert len(sink.message_ids) == len(rows)
    assert len({row.claimed_by for row in rows}) == 2  # both workers took part


def test_a_worker_killed_mid_batch_loses_nothing_once_another_takes_over(engine, demo, tmp_path):
    with transaction(engine) as session:
        for n in range(60):
            enqueue(session, organization_id=demo.organization.id, key=f"prueba:{n}", kind="alerta",
                    to_address=f"persona{n}@sesaech.example", subject=f"Aviso {n}", body="Cuerpo del aviso.\n")
    sink = Sink(delay=0.05)  # slow enough to be killed in the middle of a batch
    logs = [tmp_path / "killed.log", tmp_path / "restarted.log"]
    with smtp_server(sink) as port:
        environment = worker_environment(engine, port, tmp_path / "data", PLENO_OUTBOX_LEASE_SECONDS="4")
        with worker(environment, logs[0]) as first:
            wait_until(lambda: len(sink.message_ids) >= 15, "the first worker to send 15 messages", logs)
            first.send_signal(signal.SIGKILL)
            first.wait()
        stranded = [row for row in outbox_rows(engine) if row.status == OutboxStatus.SENDING]
        assert stranded, "the worker was killed before or after its batch, not in the middle"
        assert len({row.claimed_by for row in stranded}) == 1
        with worker(environment, logs[1]):
            wait_until(lambda: outbox_by_status(engine) == {OutboxStatus.SENT: 60}, "all 60 messages to be sent",
                       logs)
    rows = outbox_rows(engine)
    assert set(sink.message_ids) == {row.message_id for row in rows}  # nothing lost
    duplicates = {message_id: n for message_id, n in Counter(sink.message_ids).items() if n > 1}
    # Rows are marked one by one, so only the message in flight at the kill can arrive twice,
    # and it arrives with the same Message-ID: the receiving side can tell it is a repeat.
    assert len(duplicates) <= 1 and set(duplicates.values()) <= {2}
    taken_over = {row.id for row in stranded}
    assert all(row.claimed_by != stranded[0].claimed_by for row in rows if row.id in taken_over)
