"""Recurso por falta de respuesta: the Unidad records it from the request's page once the term lapsed."""

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import PermissionDeniedException
from litestar.response import Redirect, Template

from engine.accounts import Actor
from engine.db import reading, transaction
from engine.forms import FormInvalid
from workflows.access_request import detail
from workflows.access_request.unanswered_appeal import lapse_of, may_record, record_unanswered_appeal


def _require_recorder(actor: Actor) -> None:
    if not may_record(actor):
        raise PermissionDeniedException("Solo la Unidad de Transparencia registra recursos de revisión.")


def _page(state: State, actor: Actor, request_id: int, values: dict, errors: dict, status: int = 200) -> Template:
    with reading(state.engine) as session:
        request = detail.request_for(session, actor, request_id)
        lapse = lapse_of(session, request)
    return Template("requests/unanswered_appeal.html", status_code=status, context={
        "actor": actor, "item": request, "lapse": lapse, "values": values, "errors": errors})


# Async on purpose: a sync_to_thread GET joined by a POST on the same path is wrapped twice by
# Litestar 2.25 (see web/routes/correspondence.py).
@get("/solicitudes/{request_id:int}/recurso-por-falta-de-respuesta")
async def unanswered_appeal_page(state: State, actor: Actor, request_id: int) -> Template:
    _require_recorder(actor)
    return await to_thread.run_sync(_page, state, actor, request_id, {}, {})


@post("/solicitudes/{request_id:int}/recurso-por-falta-de-respuesta")
async def record_unanswered_appeal_form(request: Request, state: State, actor: Actor, request_id: int) -> Response:
    _require_recorder(actor)
    values = {key: value for key, value in (await request.form()).items() if key != "_csrf_token"}

    def record():
        with transaction(state.engine) as session:
            record_unanswered_appeal(session, actor, request_id, values)

    try:
        await to_thread.run_sync(record)
    except FormInvalid as invalid:
        return await to_thread.run_sync(_page, state, actor, request_id, values, invalid.errors, 422)
    return Redirect(f"/solicitudes/{request_id}", status_code=303)


ROUTES: list = [unanswered_appeal_page, record_unanswered_appeal_form]
