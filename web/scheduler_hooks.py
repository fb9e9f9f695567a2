"""Run the scheduler inside the web process (the single-machine default), tied to the app's lifespan."""

from litestar import Litestar

from engine.scheduler import build_scheduler


def start_scheduler(app: Litestar) -> None:
    scheduler = build_scheduler(app.state.engine)
    scheduler.start()
    app.state.scheduler = scheduler


def stop_scheduler(app: Litestar) -> None:
    scheduler = app.state.get("scheduler")
    if scheduler is not None and scheduler.running:
        scheduler.shutdown(wait=False)
    app.state.scheduler = None
