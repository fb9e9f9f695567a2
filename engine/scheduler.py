"""APScheduler 3.x for timing only: every job claims its work in the database, so two processes are harmless."""

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.engine import Engine

from engine.timers import fire_due_timers

log = logging.getLogger("pleno.scheduler")

TIMER_INTERVAL_SECONDS = 30


def _fire_timers(engine: Engine) -> None:
    fired = fire_due_timers(engine)
    if fired:
        log.info("Temporizadores disparados: %s", fired)


def build_scheduler(engine: Engine, blocking: bool = False) -> BackgroundScheduler | BlockingScheduler:
    """A scheduler (not started) with Pleno's periodic jobs."""
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_class(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1,
                                                              "misfire_grace_time": TIMER_INTERVAL_SECONDS})
    scheduler.add_job(_fire_timers, "interval", seconds=TIMER_INTERVAL_SECONDS, args=[engine],
                      id="fire_due_timers", name="Disparar temporizadores BPMN vencidos", replace_existing=True)
    return scheduler
