"""The session in the room: roll call, quorum, each seat's vote, closing votes and the session.

Every click is one small POST that writes one fact in its own transaction and returns the fragment
to swap; a refusal comes back in that fragment with its Spanish reason (400, or 409 for someone
else's change), and a reload always shows what was recorded. The JSON endpoint records one vote.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import msgspec
from anyio import to_thread
from litestar import Request, Response, Router, get, post
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import NotAuthorizedException
from litestar.params import JSONBody
from litestar.response import Redirect, Template
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from engine.accounts import Actor
from engine.db import reading, transaction
from engine.forms import plain_text
from engine.runtime import NotAllowed, NotFound
from web.routes.api import BEARER_TOKEN, api_actor, error_responses, unauthorized
from web.routes.boards import failure_status, parse_int
from workflows.board_session import drafting, end_session, end_without_quorum, pending, room
from workflows.board_session.models import AgendaItem, AttendanceStatus, BoardMember, BoardSession, VoteSense
from workflows.board_session.room_view import SENSES, room_view
from workflows.board_session.sessions import ORGANIZERS, BoardError, item_of, session_of

# Session-level actions: path name → what it does (each takes the version the page was read at).
SESSION_ACTIONS: dict[str, Callable] = {
    "abrir": room.open_session,
    "quorum": room.declare_quorum,
    "segunda-convocatoria": room.second_call,
    # Closing (with or without quorum) also moves the session's process on to the acta.
    "sin-quorum": end_without_quorum,
    "cerrar": end_session,
}


def _require_organizer(actor: Actor) -> None:
    if not actor.roles & ORGANIZERS:
        raise NotAllowed("Solo la Dirección Jurídica conduce la sesión en la sala.")


def _session(db: Session, actor: Actor, session_id: int) -> BoardSession:
    try:
        return session_of(db, actor, session_id)
    except LookupError as exc:
        raise NotFound(str(exc)) from None


def _item(db: Session, actor: Actor, board_session: BoardSession, item_id: int) -> AgendaItem:
    try:
        item = item_of(db, actor, item_id)
    except LookupError as exc:
        raise NotFound(str(exc)) from None
    if item.session_id != board_session.id:
        raise NotFound("Ese punto no es de esta sesión.")
    return item


def _record(state: State, actor: Actor, session_id: int, item_id: int | None, write: Callable) -> tuple[int, str]:
    """One fact in its own transaction: (200, "") or the refusal's status and message, nothing written."""
    try:
        with transaction(state.engine) as db:
            board_session = _session(db, actor, session_id)
            write(db, board_session, _item(db, actor, board_session, item_id) if item_id else None)
    except (BoardError, StaleDataError) as exc:
        return failure_status(exc)
    return 200, ""


def _page_context(db: Session, actor: Actor, session_id: int, **extra) -> dict[str, Any]:
    view = room_view(db, _session(db, actor, session_id))
    return {"actor": actor, "view": view, "senses": SENSES, "fragment": False, **extra}


def _respond(request: Request, state: State, actor: Actor, session_id: int, item_id: int | None,
             fragment: str, anchor: str, outcome: tuple[int, str], extra: dict | None = None) -> Response:
    """The fragment (htmx) or, without JavaScript, back to the page (the refusal shown on it)."""
    status, message = outcome
    htmx = request.headers.get("hx-request") == "true"
    if not htmx and status == 200:
        return Redirect(f"/sesiones/{session_id}/sala#{anchor}", status_code=303)
    with reading(state.engine) as db:
        board_session = _session(db, actor, session_id)
        if not htmx:
            return Template("sessions/room.html", status_code=status,
                            context=_page_context(db, actor, session_id, message=message))
        only = _item(db, actor, board_session, item_id) if item_id else None
        view = room_view(db, board_session, only)
        context = {"view": view, "senses": SENSES, "message": message, "fragment": True, **(extra or {})}
        if only is not None:
            context["entry"] = view.item(only.id)
        return Template(fragment, context=context, status_code=status)


async def _form(request: Request) -> dict[str, str]:
    # Cleaned as every form and the API are: a NUL fails PostgreSQL's insert, and no acta can hold one.
    return {key: plain_text(str(value)) for key, value in (await request.form()).items()}


@get("/sesiones/{session_id:int}/sala", sync_to_thread=True)
def room_page(db: Session, actor: Actor, session_id: int) -> Template:
    _require_organizer(actor)
    return Template("sessions/room.html", context=_page_context(db, actor, session_id))


@post("/sesiones/{session_id:int}/sala/{action:str}")
async def session_action(request: Request, state: State, actor: Actor, session_id: int, action: str) -> Response:
    _require_organizer(actor)
    if action not in SESSION_ACTIONS:
        raise NotFound("Esa acción no existe en la sala.")
    version = parse_int((await _form(request)).get("version"))
    outcome = await to_thread.run_sync(_record, state, actor, session_id, None,
                                       lambda db, s, _i: SESSION_ACTIONS[action](db, actor, s, version))
    return await to_thread.run_sync(_respond, request, state, actor, session_id, None, "sessions/_room_body.html",
                                    "sala", outcome)


def _attend(actor: Actor, member_id: int, form: dict[str, str]) -> Callable:
    def write(db: Session, board_session: BoardSession, _item) -> None:
        try:
            status = AttendanceStatus(form.get("estado", ""))
        except ValueError:
            raise BoardError("Elija presente, ausente o asiste su suplente.") from None
        room.record_attendance(db, actor, board_session, member_id, status, parse_int(form.get("suplente")))
    return write


@post("/sesiones/{session_id:int}/sala/asistencia/{member_id:int}")
async def attendance(request: Request, state: State, actor: Actor, session_id: int, member_id: int) -> Response:
    _require_organizer(actor)
    outcome = await to_thread.run_sync(_record, state, actor, session_id, None,
                                       _attend(actor, member_id, await _form(request)))
    return await to_thread.run_sync(_respond, request, state, actor, session_id, None,
                                    "sessions/_room_attendance.html", "asistencia", outcome)


def _sense(raw: str | None) -> VoteSense:
    try:
        return VoteSense(raw or "")
    except ValueError:
        raise BoardError("El sentido del voto debe ser a favor, en contra o abstención.") from None


def _vote(actor: Actor, form: dict[str, str]) -> Callable:
    def write(db: Session, _session_row, item: AgendaItem) -> None:
        member_id = parse_int(form.get("integrante_id"))
        if member_id is None:
            raise BoardError("Falta el integrante que vota.")
        room.cast_vote(db, actor, item, member_id, _sense(form.get("sentido")), form.get("voto_particular", ""))
    return write


@get("/sesiones/{session_id:int}/sala/puntos/{item_id:int}/votacion", sync_to_thread=True)
def vote_box(db: Session, actor: Actor, session_id: int, item_id: int) -> Template:
    """An item's vote as recorded so far, for the room's other laptops (the page refreshes it)."""
    _require_organizer(actor)
    board_session = _session(db, actor, session_id)
    item = _item(db, actor, board_session, item_id)
    view = room_view(db, board_session, item)
    return Template("sessions/_room_vote.html", context={"view": view, "senses": SENSES, "message": "",
                                                          "fragment": True, "entry": view.item(item.id)})


@post("/sesiones/{session_id:int}/sala/puntos/{item_id:int}/votos")
async def vote(request: Request, state: State, actor: Actor, session_id: int, item_id: int) -> Response:
    _require_organizer(actor)
    form = await _form(request)
    outcome = await to_thread.run_sync(_record, state, actor, session_id, item_id, _vote(actor, form))
    # A refused vote keeps its voto particular on the screen: the member's text, not to be typed again.
    extra = {"typed_dissent": {parse_int(form.get("integrante_id")): form.get("voto_particular", "")}
             } if outcome[0] != 200 else {}
    return await to_thread.run_sync(_respond, request, state, actor, session_id, item_id,
                                    "sessions/_room_vote.html", f"punto-{item_id}", outcome, extra)


@post("/sesiones/{session_id:int}/sala/puntos/{item_id:int}/cerrar")
async def close_vote(request: Request, state: State, actor: Actor, session_id: int, item_id: int) -> Response:
    _require_organizer(actor)
    version = parse_int((await _form(request)).get("version"))
    outcome = await to_thread.run_sync(_record, state, actor, session_id, item_id,
                                       lambda db, _s, item: room.close_vote(db, actor, item, version))
    return await to_thread.run_sync(_respond, request, state, actor, session_id, item_id,
                                    "sessions/_room_vote.html", f"punto-{item_id}", outcome)


@post("/sesiones/{session_id:int}/sala/puntos/{item_id:int}/diferir")
async def defer(request: Request, state: State, actor: Actor, session_id: int, item_id: int) -> Response:
    """The body defers the item to a later session: its card comes back marked so, without a vote to take."""
    _require_organizer(actor)
    form = await _form(request)
    reason = form.get("motivo", "")[:2000]
    outcome = await to_thread.run_sync(_record, state, actor, session_id, item_id, lambda db, _s, item:
                                       pending.defer_item(db, actor, item, reason, parse_int(form.get("version"))))
    # A refusal is said in the deferral's form, keeping the reason typed, not in the vote's or the notes'.
    extra = {"message": "", "defer_message": outcome[1], "typed_reason": reason} if outcome[0] != 200 else {}
    return await to_thread.run_sync(_respond, request, state, actor, session_id, item_id,
                                    "sessions/_room_item.html", f"punto-{item_id}", outcome, extra)


@post("/sesiones/{session_id:int}/sala/puntos/{item_id:int}/notas")
async def notes(request: Request, state: State, actor: Actor, session_id: int, item_id: int) -> Response:
    _require_organizer(actor)
    form = await _form(request)
    text = form.get("notas", "")
    outcome = await to_thread.run_sync(_record, state, actor, session_id, item_id, lambda db, _s, item:
                                       drafting.save_notes(db, actor, item, text, parse_int(form.get("version"))))
    # A refused edit keeps what the person typed on the screen; a saved one shows what was stored.
    extra = {"typed": text} if outcome[0] != 200 else {"saved": True}
    return await to_thread.run_sync(_respond, request, state, actor, session_id, item_id,
                                    "sessions/_room_notes.html", f"punto-{item_id}", outcome, extra)


# -- JSON: one vote -----------------------------------------------------------------------------

class VoteIn(msgspec.Struct):
    punto_id: int
    integrante_id: int
    sentido: str
    voto_particular: Annotated[str, msgspec.Meta(max_length=room.DISSENT_LIMIT, description=(
        "El texto del voto particular para el acta; uno más largo se rechaza, no se recorta"))] = ""


class VoteOut(msgspec.Struct):
    id: int
    punto_id: int
    integrante_id: int
    emitido_por_id: int
    emitido_por: str
    sentido: str
    voto_particular: str
    registrado: datetime


def _record_vote(state: State, actor: Actor, session_id: int, data: VoteIn) -> VoteOut:
    with transaction(state.engine) as db:
        # Held in variables: the session's identity map is weak, and cast_vote reads these rows again.
        board_session = _session(db, actor, session_id)
        item = _item(db, actor, board_session, data.punto_id)
        cast = room.cast_vote(db, actor, item, data.integrante_id, _sense(data.sentido), data.voto_particular)
        by = db.get(BoardMember, cast.cast_by_id)
        return VoteOut(id=cast.id, punto_id=item.id, integrante_id=cast.member_id, emitido_por_id=by.id,
                       emitido_por=by.name, sentido=cast.sense.value, voto_particular=cast.dissent,
                       registrado=cast.recorded_at)


@post("/sesiones/{session_id:int}/votos", sync_to_thread=True, status_code=201, summary="Registrar un voto",
      response_description="Quedó registrado",
      responses=error_responses(400, 401, 403, 404, 409, described={
          400: "El voto no procede (repetido, sin quórum, de quien no vota…) o el cuerpo no es válido; el mensaje "
               "en español dice por qué",
          403: "Solo la Dirección Jurídica conduce la sesión",
          404: "No existe esa sesión o ese punto en su ente",
          409: "Otra persona modificó la votación al mismo tiempo; no se guardó nada"}))
def record_vote(actor: Actor, state: State, session_id: int, data: JSONBody[VoteIn]) -> VoteOut:
    _require_organizer(actor)
    return _record_vote(state, actor, session_id, data)


def _api_refusal(_request: Request, exc: Exception) -> Response:
    status, message = failure_status(exc)
    return Response({"error": message}, status_code=status)


ROUTES = [room_page, session_action, attendance, vote_box, vote, close_vote, defer, notes, Router(
    path="/api/v1",
    # As the rest of the API: a bearer token only (a session cookie would skip CSRF, which /api/ does not check).
    dependencies={"actor": Provide(api_actor, sync_to_thread=True)},
    exception_handlers={BoardError: _api_refusal, StaleDataError: _api_refusal,
                        NotAuthorizedException: unauthorized},
    route_handlers=[record_vote],
    tags=["API v1"],
    include_in_schema=True,
    security=BEARER_TOKEN,
)]
