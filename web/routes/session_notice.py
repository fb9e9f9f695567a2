"""The convocatoria's link: a member confirms attendance (and, during the acta's review, sends
observations) without signing in; and the session page's panel of the process and its deliveries."""

from typing import Any

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import HTTPException, NotFoundException
from litestar.response import Template
from sqlmodel import Session

from engine.accounts import Actor
from engine.db import reading, transaction
from engine.files import StoredFile, read
from engine.runtime import NotAllowed
from web.routes.deadlines import may_see
from web.routes.files import content_disposition
from workflows.board_session import drafting, notice
from workflows.board_session.drafting import ReviewClosed
from workflows.board_session.models import Board, BoardMember, BoardSession, MinutesStatus, Reply, SessionStatus
from workflows.board_session.process_view import process_panel
from workflows.board_session.sessions import ORGANIZERS, BoardError, local_moment, session_of, title_of

# A member's own link: never cached by a proxy, never sent on as a referrer.
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _page(db: Session, token: str, message: str = "", errors: dict[str, str] | None = None,
          status: int = 200) -> Template:
    """Only this session's title, date, place and orden del día with its documents, and this member's own answer."""
    try:
        sent = notice.notice_by_token(db, token)
    except LookupError:
        raise NotFoundException("No encontramos esa convocatoria.") from None
    board_session = db.get(BoardSession, sent.session_id)
    board = db.get(Board, board_session.board_id)
    member = db.get(BoardMember, sent.member_id)
    cancelled = board_session.status == SessionStatus.CANCELLED
    context: dict[str, Any] = {
        "token": token, "notice": sent, "member_name": member.name, "title": title_of(board_session, board),
        "moment": local_moment(db, board_session), "place": board_session.place,
        # A cancelled session's orden del día is not shown as if it were still to be held.
        "agenda": [] if cancelled else notice.agenda_documents(db, board_session),
        "cancelled": notice.CANCELLED_MESSAGE if cancelled else "", "message": message, "errors": errors or {},
        "may_reply": board_session.status.value in ("programada", "convocada"),
        "in_review": board_session.minutes_status == MinutesStatus.IN_REVIEW,
        "has_document": notice.member_convocatoria(db, sent, board_session) is not None}
    return Template("sessions/notice.html", context=context, status_code=status, headers=PRIVATE)


def _show(state: State, token: str) -> Template:
    with reading(state.engine) as db:
        return _page(db, token)


# async: Litestar 2.25 wraps a sync_to_thread handler twice when another method shares its path
# (the POST below), and the handler then returns a coroutine; see web/routes/tasks.py.
@get("/convocatoria/{token:str}")
async def notice_page(state: State, token: str) -> Template:
    return await to_thread.run_sync(_show, state, token)


def _reply(state: State, token: str, answer: str) -> Template:
    try:
        chosen = Reply(answer)
    except ValueError:
        with reading(state.engine) as db:
            return _page(db, token, errors={"respuesta": "Elija si asistirá o no."}, status=400)
    try:
        with transaction(state.engine) as db:
            notice.reply(db, token, chosen)
    except LookupError:
        raise NotFoundException("No encontramos esa convocatoria.") from None
    except BoardError as exc:
        with reading(state.engine) as db:
            return _page(db, token, errors={"respuesta": str(exc)}, status=409)
    with reading(state.engine) as db:
        return _page(db, token, message=f"Gracias: quedó registrado que {chosen.label.lower()}.")


@post("/convocatoria/{token:str}")
async def reply_page(request: Request, state: State, token: str) -> Template:
    form = await request.form()
    return await to_thread.run_sync(_reply, state, token, str(form.get("respuesta") or ""))


def _comment(state: State, token: str, text: str) -> Template:
    try:
        with transaction(state.engine) as db:
            notice.comment_on_minutes(db, token, text)
    except LookupError:
        raise NotFoundException("No encontramos esa convocatoria.") from None
    except BoardError as exc:
        # Too late (the review is over, the acta approved): a conflict with what happened, not a bad form.
        status = 409 if isinstance(exc, ReviewClosed) else 400
        with reading(state.engine) as db:
            return _page(db, token, errors={exc.field or "observaciones": str(exc)}, status=status)
    with reading(state.engine) as db:
        return _page(db, token, message="Gracias: sus observaciones al proyecto de acta quedaron registradas.")


@post("/convocatoria/{token:str}/observaciones")
async def comment_page(request: Request, state: State, token: str) -> Template:
    form = await request.form()
    return await to_thread.run_sync(_comment, state, token, str(form.get("observaciones") or ""))


def _download(state: State, token: str, kind: str) -> Response:
    with reading(state.engine) as db:
        try:
            sent = notice.notice_by_token(db, token)
        except LookupError:
            raise NotFoundException("No encontramos esa convocatoria.") from None
        board_session = db.get(BoardSession, sent.session_id)
        if kind == "convocatoria":
            stored = notice.member_convocatoria(db, sent, board_session)
        # The draft acta is the members' to review only while its term runs.
        elif board_session.minutes_status == MinutesStatus.IN_REVIEW:
            stored = notice.latest_file(db, board_session, kind)
        else:
            stored = None
    return _served(state, stored)


def _served(state: State, stored: StoredFile | None) -> Response:
    if stored is None:
        raise NotFoundException("Ese documento no está disponible.")
    try:
        content = read(state.settings, stored)
    except FileNotFoundError:
        raise NotFoundException("El archivo no está disponible.") from None
    return Response(content, media_type=stored.content_type,
                    headers={**PRIVATE, "Content-Disposition": content_disposition(stored.filename),
                             "X-Content-Type-Options": "nosniff"})


@get("/convocatoria/{token:str}/documento", sync_to_thread=True)
def notice_document(state: State, token: str) -> Response:
    return _download(state, token, "convocatoria")


@get("/convocatoria/{token:str}/acta", sync_to_thread=True)
def draft_minutes_document(state: State, token: str) -> Response:
    return _download(state, token, "acta")


@get("/convocatoria/{token:str}/documentos/{file_id:int}", sync_to_thread=True)
def agenda_item_document(state: State, token: str, file_id: int) -> Response:
    """A document of an item on the token's session's orden del día: members without an account in
    Pleno get them here (the sign-in address /sesiones/{id}/documentos/{file} is for those with one)."""
    with reading(state.engine) as db:
        try:
            stored = notice.document_by_token(db, token, file_id)
        except LookupError as exc:
            raise NotFoundException(str(exc)) from None
        except notice.SessionCancelled as exc:
            raise HTTPException(status_code=409, detail=str(exc)) from None
    return _served(state, stored)


@get("/sesiones/{session_id:int}/proceso", sync_to_thread=True)
def process_fragment(db: Session, actor: Actor, session_id: int) -> Template:
    """The session page's panel: the process's step, its terms, the convocatoria's deliveries and replies; for
    whom the session's expediente is (Jurídica and the members of the body)."""
    try:
        board_session = session_of(db, actor, session_id)
    except LookupError:
        raise NotFoundException("Sesión no encontrada.") from None
    try:
        drafting.require_session_reader(db, actor, board_session)
    except drafting.NotAllowedToRead as exc:
        raise NotAllowed(str(exc)) from None
    organizer = bool(actor.roles & ORGANIZERS)
    panel = process_panel(db, actor, board_session)
    return Template("sessions/_process_steps.html", context={
        "session": board_session, "panel": panel, "organizer": organizer,
        "linkable": {term.id for term in panel.terms if may_see(actor, term)}})


ROUTES: list = [notice_page, reply_page, comment_page, notice_document, draft_minutes_document, agenda_item_document,
                process_fragment]
