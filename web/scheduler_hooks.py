"""Run the scheduler inside the web process (the single-machine default), tied to the app's lifespan."""

from litestar import Litestar

from engine.scheduler import build_scheduler


def start_scheduler(app: Litestar) -> None:
    scheduler = build_scheduler(app.state.engine, app.state.settings)
    scheduler.start()
    app.state.scheduler = scheduler


def stop_scheduler(app: Litestar) -> None:
    scheduler = app.state.get("scheduler")
    if scheduler is not None and scheduler.running:
        # Let a running job finish its batch: its transactions would otherwise outlive the app
        # (and its claimed messages would wait out their lease before another worker sends them).
        scheduler.shutdown(wait=True)
    app.state.scheduler = None
