"""The scheduler: one periodic job that fires due timers, started and stopped with the web app if asked."""

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from litestar.testing import TestClient

from engine.scheduler import TIMER_INTERVAL_SECONDS, build_scheduler


def test_the_scheduler_has_the_timer_job_every_30_seconds(engine):
    scheduler = build_scheduler(engine)
    assert type(scheduler) is BackgroundScheduler  # a BackgroundScheduler is also a BlockingScheduler
    [job] = scheduler.get_jobs()
    assert job.id == "fire_due_timers"
    assert job.trigger.interval.total_seconds() == TIMER_INTERVAL_SECONDS == 30
    assert type(build_scheduler(engine, blocking=True)) is BlockingScheduler


def test_the_job_runs_against_the_database_without_work(engine, demo):
    [job] = build_scheduler(engine).get_jobs()
    job.func(*job.args)  # no due timers: nothing happens, nothing fails


def test_the_web_app_starts_and_stops_its_scheduler_when_asked(engine, settings, demo):
    from web.app import create_app
    app = create_app(settings=settings, engine=engine, run_scheduler=True)
    with TestClient(app):
        scheduler = app.state.scheduler
        assert scheduler.running
        assert scheduler.get_job("fire_due_timers") is not None
    assert not scheduler.running
    assert app.state.scheduler is None


def test_the_web_app_has_no_scheduler_by_default(engine, settings, demo):
    from web.app import create_app
    app = create_app(settings=settings, engine=engine)
    with TestClient(app):
        assert app.state.get("scheduler") is None
