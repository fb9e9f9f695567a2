"""What the Unidad records on a request from its page, outside the diagram's steps: a recurso por
falta de respuesta once the term lapsed, a recurso against the answer the órgano garante notified once
the window to appeal had closed, the requester's payment of the costs, the órgano garante's
extension of its term to resolve a recurso, the effectiveness of an ARCO right of a request imported
already answered, and the acuse de recibo it hands the requester."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import ClientException, PermissionDeniedException
from litestar.response import Redirect, Template
from sqlmodel import Session

from engine.accounts import Actor
from engine.clock import today_in
from engine.db import reading, transaction
from engine.forms import FormInvalid
from workflows.access_request import detail
from workflows.access_request.acuse import NoAcuse, issue_acuse
from workflows.access_request.appeal_extension import appeal_in_course, record_appeal_extension
from workflows.access_request.late_appeal import closed_window_of, record_late_appeal
from workflows.access_request.models import TransparencyRequest
from workflows.access_request.payment import payment_term, record_payment
from workflows.access_request.page_actions import may_record
from workflows.access_request.unanswered_appeal import lapse_of, record_unanswered_appeal
from workflows.arco_request import effectiveness


@dataclass(frozen=True)
class Action:
    template: str
    # What the page explains (the lapse, the window to pay), given to the template under `name`.
    name: str
    situation: Callable[[Session, TransparencyRequest], Any]
    record: Callable[[Session, Actor, int, dict], Any]


UNANSWERED_APPEAL = Action("requests/unanswered_appeal.html", "lapse", lapse_of, record_unanswered_appeal)
LATE_APPEAL = Action("requests/late_appeal.html", "closed", closed_window_of, record_late_appeal)
PAYMENT = Action("requests/payment.html", "window", payment_term, record_payment)
APPEAL_EXTENSION = Action("requests/appeal_extension.html", "appeal", appeal_in_course, record_appeal_extension)
EFFECTIVENESS = Action("requests/effectiveness.html", "term", effectiveness.pending_term, effectiveness.record)


def _require_recorder(actor: Actor, refusal: str = "Solo la Unidad de Transparencia registra recursos de revisión "
                                                  "y pagos.") -> None:
    if not may_record(actor):
        raise PermissionDeniedException(refusal)


def _page(state: State, action: Action, actor: Actor, request_id: int, values: dict, errors: dict,
          status: int = 200) -> Template:
    with reading(state.engine) as session:
        request = detail.request_for(session, actor, request_id)
        situation = action.situation(session, request)
    return Template(action.template, status_code=status, context={
        "actor": actor, "item": request, action.name: situation, "values": values, "errors": errors,
        "today": today_in(actor.timezone)})


async def _show(state: State, action: Action, actor: Actor, request_id: int) -> Template:
    _require_recorder(actor)
    return await to_thread.run_sync(_page, state, action, actor, request_id, {}, {})


async def _submit(request: Request, state: State, action: Action, actor: Actor, request_id: int) -> Response:
    _require_recorder(actor)
    values = {key: value for key, value in (await request.form()).items() if key != "_csrf_token"}

    def record():
        with transaction(state.engine) as session:
            action.record(session, actor, request_id, values)

    try:
        await to_thread.run_sync(record)
    except FormInvalid as invalid:
        return await to_thread.run_sync(_page, state, action, actor, request_id, values, invalid.errors, 422)
    return Redirect(f"/solicitudes/{request_id}", status_code=303)


# Async on purpose: a sync_to_thread GET joined by a POST on the same path is wrapped twice by
# Litestar 2.25 (see web/routes/correspondence.py).
@get("/solicitudes/{request_id:int}/recurso-por-falta-de-respuesta")
async def unanswered_appeal_page(state: State, actor: Actor, request_id: int) -> Template:
    return await _show(state, UNANSWERED_APPEAL, actor, request_id)


@post("/solicitudes/{request_id:int}/recurso-por-falta-de-respuesta")
async def record_unanswered_appeal_form(request: Request, state: State, actor: Actor, request_id: int) -> Response:
    return await _submit(request, state, UNANSWERED_APPEAL, actor, request_id)


@get("/solicitudes/{request_id:int}/recurso")
async def late_appeal_page(state: State, actor: Actor, request_id: int) -> Template:
    return await _show(state, LATE_APPEAL, actor, request_id)


@post("/solicitudes/{request_id:int}/recurso")
async def record_late_appeal_form(request: Request, state: State, actor: Actor, request_id: int) -> Response:
    return await _submit(request, state, LATE_APPEAL, actor, request_id)


@get("/solicitudes/{request_id:int}/pago")
async def payment_page(state: State, actor: Actor, request_id: int) -> Template:
    return await _show(state, PAYMENT, actor, request_id)


@post("/solicitudes/{request_id:int}/pago")
async def record_payment_form(request: Request, state: State, actor: Actor, request_id: int) -> Response:
    return await _submit(request, state, PAYMENT, actor, request_id)


@get("/solicitudes/{request_id:int}/recurso/ampliacion")
async def appeal_extension_page(state: State, actor: Actor, request_id: int) -> Template:
    return await _show(state, APPEAL_EXTENSION, actor, request_id)


@post("/solicitudes/{request_id:int}/recurso/ampliacion")
async def record_appeal_extension_form(request: Request, state: State, actor: Actor, request_id: int) -> Response:
    return await _submit(request, state, APPEAL_EXTENSION, actor, request_id)


@get("/solicitudes/{request_id:int}/efectividad")
async def effectiveness_page(state: State, actor: Actor, request_id: int) -> Template:
    return await _show(state, EFFECTIVENESS, actor, request_id)


@post("/solicitudes/{request_id:int}/efectividad")
async def record_effectiveness_form(request: Request, state: State, actor: Actor, request_id: int) -> Response:
    return await _submit(request, state, EFFECTIVENESS, actor, request_id)


@post("/solicitudes/{request_id:int}/acuse")
async def issue_acuse_form(state: State, actor: Actor, request_id: int) -> Response:
    """Write the acuse the first time, then download it (the same file every time)."""
    _require_recorder(actor, "Solo la Unidad de Transparencia expide el acuse de recibo.")

    def issue() -> int:
        with transaction(state.engine) as session:
            return issue_acuse(session, actor, request_id).id

    try:
        file_id = await to_thread.run_sync(issue)
    except NoAcuse as refusal:
        raise ClientException(str(refusal), status_code=409) from None
    return Redirect(f"/archivos/{file_id}", status_code=303)


ROUTES: list = [unanswered_appeal_page, record_unanswered_appeal_form, late_appeal_page, record_late_appeal_form,
                payment_page, record_payment_form, appeal_extension_page, record_appeal_extension_form,
                effectiveness_page, record_effectiveness_form, issue_acuse_form]
