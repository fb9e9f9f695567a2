"""Whether alerts are going out: the scheduler's jobs, the e-mail outbox, and /salud for monitoring."""

from datetime import timedelta

from litestar import Router, get, post
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Response, Template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from engine import audit, outbox
from engine.accounts import Actor
from engine.clock import utcnow
from engine.db import reading, transaction
from engine.job_runs import job_statuses
from engine.labels import counted
from engine.scheduler import JOB_NAMES
from web.routes.admin import require_admin

# A message due this long ago and still pending means delivery is not running.
WAITING_TOO_LONG = timedelta(minutes=15)


@get("/salud", sync_to_thread=True, include_in_schema=False)
def health(state: State) -> Response:
    """For the institution's monitoring: 200 while the database answers and every scheduled job ran
    on time and without error, 503 otherwise. Only states, never data."""
    try:
        with reading(state.engine) as session:
            session.execute(text("SELECT 1"))
            jobs = job_statuses(session, JOB_NAMES)
    except SQLAlchemyError:  # the database does not answer (down, unreachable, out of connections)
        return Response({"base": "sin conexión", "programador": "desconocido"}, status_code=503,
                        headers={"Cache-Control": "no-store"})
    body = {"base": "ok", "programador": {status.job_id: status.health.value for status in jobs}}
    healthy = all(status.healthy for status in jobs)
    return Response(body, status_code=200 if healthy else 503, headers={"Cache-Control": "no-store"})


@get("/", sync_to_thread=True)
def service_page(admin: Actor, db: Session, reintentados: int | None = None) -> Template:
    now = utcnow()
    mail = outbox.summary(db, admin.organization_id)
    stuck = mail.next_attempt_at is not None and now - mail.next_attempt_at > WAITING_TOO_LONG
    return Template("admin/service.html", context={
        "actor": admin, "jobs": job_statuses(db, JOB_NAMES, now), "mail": mail, "stuck": stuck,
        "retried": reintentados, "shown": outbox.FAILED_SHOWN})


def _retry(state: State, admin: Actor, message_id: int | None) -> int:
    with transaction(state.engine) as session:
        queued = outbox.retry_failed(session, admin.organization_id, message_id)
        if message_id is not None and not queued:
            raise NotFoundException("Ese correo no existe o ya no está fallido.")
        if queued:
            audit.record(session, admin.organization_id, admin.user_id, admin.name, "admin.correo.reintento",
                         "correo", message_id or "fallidos",
                         summary=f"Pidió reenviar {counted(queued, 'correo fallido', 'correos fallidos')}")
    return queued


@post("/correos/{message_id:int}/reintentar", sync_to_thread=True)
def retry_message(state: State, admin: Actor, message_id: int) -> Redirect:
    return Redirect(f"/admin/servicio?reintentados={_retry(state, admin, message_id)}", status_code=303)


@post("/correos/reintentar", sync_to_thread=True)
def retry_all(state: State, admin: Actor) -> Redirect:
    return Redirect(f"/admin/servicio?reintentados={_retry(state, admin, None)}", status_code=303)


ROUTES = [health, Router(
    path="/admin/servicio",
    dependencies={"admin": Provide(require_admin, sync_to_thread=False)},
    route_handlers=[service_page, retry_message, retry_all],
    include_in_schema=False,
)]
