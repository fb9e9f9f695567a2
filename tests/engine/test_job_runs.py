"""The scheduler's heartbeat: a job is late once it missed two runs, failing while its last run failed."""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from engine.job_runs import JobHealth, JobRun, health_of, record_run

FINISHED = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def run(error: str = "") -> JobRun:
    return JobRun(job_id="sweep_deadlines", name="Revisar plazos", interval_seconds=300, worker="w:1",
                  started_at=FINISHED - timedelta(seconds=2), finished_at=FINISHED, error=error)


def test_a_job_is_late_once_it_missed_two_runs_and_a_minute_more():
    on_time = FINISHED + timedelta(minutes=10, seconds=59)
    assert health_of(run(), on_time) == JobHealth.OK
    assert health_of(run(), on_time + timedelta(seconds=2)) == JobHealth.LATE
    assert health_of(run("OperationalError: la base no responde"), on_time) == JobHealth.FAILING
    assert health_of(None, FINISHED) == JobHealth.NEVER


def test_recording_again_keeps_one_row_per_job_and_clears_a_past_error(engine):
    record_run(engine, "deliver_outbox", "Enviar correos", 10, "a:1", FINISHED, error="x" * 900)
    with Session(engine) as session:
        assert len(session.get(JobRun, "deliver_outbox").error) == 500
    record_run(engine, "deliver_outbox", "Enviar correos", 10, "b:2", FINISHED + timedelta(seconds=10))
    with Session(engine) as session:
        row = session.get(JobRun, "deliver_outbox")
        assert (row.worker, row.error, row.started_at) == ("b:2", "", FINISHED + timedelta(seconds=10))
