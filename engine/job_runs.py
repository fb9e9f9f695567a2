"""The scheduler's heartbeat: when each periodic job last ran, where, and whether it failed.

Alerts only arrive while `pleno worker` (or the scheduler inside `make run`) runs. A worker that
died, or a job that fails on every run, is otherwise silent: nobody is warned, and the first sign
is a missed legal deadline. Each run leaves its mark here, and the administration page and the
monitoring endpoint (/salud) read it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, Text, select

from engine.clock import utcnow
from engine.db import insert_or_replace, transaction
from engine.labels import LabeledEnum

# A job counts as late after missing two of its runs, plus a minute for a slow one.
RUNS_BEFORE_LATE = 2
LATE_GRACE = timedelta(minutes=1)
ERROR_LENGTH = 500


class JobRun(SQLModel, table=True):
    # One row per job for the whole installation: the scheduler serves every organization.
    job_id: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=120)
    interval_seconds: int
    worker: str = Field(max_length=80)
    started_at: datetime
    finished_at: datetime
    error: str = Field(default="", sa_type=Text)  # empty when the last run succeeded


class JobHealth(LabeledEnum):
    OK = "al_dia", "Al día"
    FAILING = "falla", "Falla"
    LATE = "atrasado", "Atrasado"
    NEVER = "nunca", "No ha corrido"


@dataclass(frozen=True)
class JobStatus:
    job_id: str
    name: str
    health: JobHealth
    run: JobRun | None

    @property
    def healthy(self) -> bool:
        return self.health == JobHealth.OK


def record_run(engine: Engine, job_id: str, name: str, interval_seconds: int, worker: str, started_at: datetime,
               error: str = "") -> None:
    """Mark a run of the job; the row is created the first time (two workers may race to it)."""
    with transaction(engine) as session:
        insert_or_replace(session, JobRun.__table__, {
            "job_id": job_id, "name": name, "interval_seconds": interval_seconds, "worker": worker,
            "started_at": started_at, "finished_at": utcnow(), "error": error[:ERROR_LENGTH]}, key=["job_id"])


def health_of(run: JobRun | None, now: datetime) -> JobHealth:
    if run is None:
        return JobHealth.NEVER
    if now - run.finished_at > timedelta(seconds=run.interval_seconds * RUNS_BEFORE_LATE) + LATE_GRACE:
        return JobHealth.LATE
    return JobHealth.FAILING if run.error else JobHealth.OK


def job_statuses(session: Session, jobs: dict[str, str], now: datetime | None = None) -> list[JobStatus]:
    """The health of each job in `jobs` (id → name), in that order."""
    now = now or utcnow()
    runs = {run.job_id: run for run in session.exec(select(JobRun)).all()}
    return [JobStatus(job_id, name, health_of(runs.get(job_id), now), runs.get(job_id))
            for job_id, name in jobs.items()]
