"""APScheduler 3.x for timing only: every job claims its work in the database, so two processes are harmless.

Each job calls a loop step that looks for due rows, so a worker started after downtime finds
everything it missed on its first run; every job also runs once when the scheduler starts.
"""

import logging
from collections.abc import Callable
from functools import wraps

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.engine import Engine

from engine.accounts import purge_expired_sessions
from engine.alerts import sweep
from engine.clock import utcnow
from engine.db import transaction
from engine.digests import send_digests_once
from engine.job_runs import record_run
from engine.outbox import deliver, worker_name
from engine.sent_forms import purge_old as purge_old_sent_forms
from engine.settings import Settings
from engine.timers import fire_due_timers

log = logging.getLogger("pleno.scheduler")

TIMER_INTERVAL_SECONDS = 30
DIGEST_INTERVAL_SECONDS = 600
PURGE_INTERVAL_SECONDS = 3600


def fire_timers_job(engine: Engine) -> None:
    fired = fire_due_timers(engine)
    if fired:
        log.info("Temporizadores disparados: %s", fired)


def sweep_deadlines_job(engine: Engine) -> None:
    result = sweep(engine)
    if result.deadlines:
        log.info("Plazos revisados: %s; avisos escritos: %s", result.deadlines, result.alerts)


def deliver_outbox_job(engine: Engine, settings: Settings) -> None:
    tried = deliver(engine, settings)
    if tried:
        log.info("Correos intentados: %s", tried)


def purge_sessions_job(engine: Engine) -> None:
    with transaction(engine) as session:
        purged = purge_expired_sessions(session, utcnow())
        forgotten = purge_old_sent_forms(session, utcnow())
    if purged:
        log.info("Sesiones vencidas borradas: %s", purged)
    if forgotten:
        log.info("Claves de formularios enviados olvidadas: %s", forgotten)


def send_digests_job(engine: Engine) -> None:
    written = send_digests_once(engine)
    if written:
        log.info("Resúmenes diarios escritos: %s", written)


# Every periodic job, by id: what the administration's service page lists.
JOB_NAMES = {
    "fire_due_timers": "Disparar temporizadores BPMN vencidos",
    "sweep_deadlines": "Revisar plazos y escribir avisos",
    "deliver_outbox": "Enviar los correos pendientes",
    "send_digests": "Escribir los resúmenes diarios",
    "purge_sessions": "Borrar las sesiones de inicio vencidas y las claves viejas de formularios enviados",
}


def _recorded(job: Callable, job_id: str, seconds: int) -> Callable:
    """The job, leaving the mark of each run (and of its failure) in engine.job_runs."""
    @wraps(job)
    def run(engine: Engine, *args) -> None:
        started = utcnow()
        try:
            job(engine, *args)
        except Exception as exc:
            record_run(engine, job_id, JOB_NAMES[job_id], seconds, worker_name(), started,
                       error=f"{type(exc).__name__}: {exc}")
            raise  # APScheduler logs it with its traceback
        record_run(engine, job_id, JOB_NAMES[job_id], seconds, worker_name(), started)
    return run


def build_scheduler(engine: Engine, settings: Settings,
                    blocking: bool = False) -> BackgroundScheduler | BlockingScheduler:
    """A scheduler (not started) with Pleno's periodic jobs."""
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_class(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
    jobs = [
        (fire_timers_job, [engine], TIMER_INTERVAL_SECONDS, "fire_due_timers"),
        (sweep_deadlines_job, [engine], settings.sweep_interval_seconds, "sweep_deadlines"),
        (deliver_outbox_job, [engine, settings], settings.outbox_interval_seconds, "deliver_outbox"),
        (send_digests_job, [engine], DIGEST_INTERVAL_SECONDS, "send_digests"),
        (purge_sessions_job, [engine], PURGE_INTERVAL_SECONDS, "purge_sessions"),
    ]
    start = utcnow()
    for func, args, seconds, job_id in jobs:
        scheduler.add_job(_recorded(func, job_id, seconds), "interval", seconds=seconds, args=args, id=job_id,
                          name=JOB_NAMES[job_id], next_run_time=start, misfire_grace_time=seconds,
                          replace_existing=True)
    return scheduler
