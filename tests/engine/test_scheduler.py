"""The scheduler: timers, deadline sweep, outbox delivery and digests, started and stopped with the web app if asked."""

from dataclasses import replace

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from litestar.testing import TestClient

from engine.scheduler import DIGEST_INTERVAL_SECONDS, PURGE_INTERVAL_SECONDS, TIMER_INTERVAL_SECONDS, build_scheduler

JOBS = ["fire_due_timers", "sweep_deadlines", "deliver_outbox", "send_digests", "purge_sessions"]


def test_the_scheduler_has_every_periodic_job_at_its_interval(engine, settings):
    scheduler = build_scheduler(engine, settings)
    assert type(scheduler) is BackgroundScheduler  # a BackgroundScheduler is also a BlockingScheduler
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert sorted(jobs) == sorted(JOBS)
    intervals = {job_id: job.trigger.interval.total_seconds() for job_id, job in jobs.items()}
    assert intervals == {"fire_due_timers": TIMER_INTERVAL_SECONDS, "sweep_deadlines": 300, "deliver_outbox": 10,
                         "send_digests": DIGEST_INTERVAL_SECONDS, "purge_sessions": PURGE_INTERVAL_SECONDS}
    assert type(build_scheduler(engine, settings, blocking=True)) is BlockingScheduler


def test_intervals_come_from_the_settings(engine, settings):
    scheduler = build_scheduler(engine, replace(settings, outbox_interval_seconds=2, sweep_interval_seconds=60))
    assert scheduler.get_job("deliver_outbox").trigger.interval.total_seconds() == 2
    assert scheduler.get_job("sweep_deadlines").trigger.interval.total_seconds() == 60


def test_every_job_runs_against_the_database_without_work(engine, settings, demo):
    for job in build_scheduler(engine, settings).get_jobs():
        job.func(*job.args)  # nothing due: nothing happens, nothing fails


def test_the_web_app_starts_and_stops_its_scheduler_when_asked(engine, settings, demo):
    from web.app import create_app
    app = create_app(settings=settings, engine=engine, run_scheduler=True)
    with TestClient(app):
        scheduler = app.state.scheduler
        assert scheduler.running
        assert sorted(job.id for job in scheduler.get_jobs()) == sorted(JOBS)
    assert not scheduler.running
    assert app.state.scheduler is None


def test_the_web_app_has_no_scheduler_by_default(engine, settings, demo):
    from web.app import create_app
    app = create_app(settings=settings, engine=engine)
    with TestClient(app):
        assert app.state.get("scheduler") is None


def test_each_run_of_a_job_leaves_its_mark_and_a_failure_its_error(engine, settings, demo, monkeypatch):
    from engine import scheduler as scheduler_module
    from engine.job_runs import JobHealth, JobRun, job_statuses
    from engine.scheduler import JOB_NAMES
    from sqlmodel import Session
    jobs = {job.id: job for job in build_scheduler(engine, settings).get_jobs()}
    jobs["sweep_deadlines"].func(*jobs["sweep_deadlines"].args)

    def broken(_engine):
        raise ConnectionError("el servidor de correo no responde")
    monkeypatch.setattr(scheduler_module, "send_digests_job", broken)
    failing = {job.id: job for job in build_scheduler(engine, settings).get_jobs()}["send_digests"]
    try:
        failing.func(*failing.args)
    except ConnectionError:
        pass
    else:
        raise AssertionError("the job's failure must reach APScheduler")

    with Session(engine) as session:
        sweep = session.get(JobRun, "sweep_deadlines")
        assert (sweep.name, sweep.interval_seconds, sweep.error) == ("Revisar plazos y escribir avisos", 300, "")
        assert sweep.started_at <= sweep.finished_at
        statuses = {status.job_id: status.health for status in job_statuses(session, JOB_NAMES)}
    assert statuses == {"fire_due_timers": JobHealth.NEVER, "sweep_deadlines": JobHealth.OK,
                        "deliver_outbox": JobHealth.NEVER, "send_digests": JobHealth.FAILING,
                        "purge_sessions": JobHealth.NEVER}
    with Session(engine) as session:
        assert session.get(JobRun, "send_digests").error == "ConnectionError: el servidor de correo no responde"
