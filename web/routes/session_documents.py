"""A session's documents: downloads (convocatoria, orden del día, acta, lista de acuerdos, certificación,
the items' support documents the convocatoria links to) and the acta page, where legal staff write each
item's notes and members leave their observations."""

from typing import Any

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.exceptions import HTTPException
from litestar.datastructures import State
from litestar.response import Template
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from engine.accounts import Actor
from engine.db import reading, transaction
from engine.files import read
from engine.runtime import NotAllowed, NotFound
from engine.settings import Settings
from web.routes.files import content_disposition
from workflows.board_session import drafting
from workflows.board_session.documents import (build_acta, build_agenda, build_certification, build_convocatoria,
                                               build_resolutions_list)
from workflows.board_session.minutes import NotCertifiable
from workflows.board_session.models import AgendaItem, Board, MinutesStatus
from workflows.board_session.sessions import (ORGANIZERS, BoardError, Conflict, item_of, items_of, session_of,
                                              title_of)

# Path name → (StoredFile.kind, builder, name of the downloaded file).
DOCUMENTS = {
    "convocatoria": ("convocatoria", build_convocatoria, "Convocatoria"),
    "orden-del-dia": ("orden_del_dia", build_agenda, "Orden del día"),
    "acta": ("acta", build_acta, "Acta"),
    "lista-de-acuerdos": ("lista_acuerdos", build_resolutions_list, "Lista de acuerdos"),
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, filename: str, media_type: str = DOCX) -> Response:
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": content_disposition(filename), "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store"})


def _session_for(db: Session, actor: Actor, session_id: int):
    try:
        return session_of(db, actor, session_id)
    except LookupError as exc:
        raise NotFound(str(exc)) from None


@get("/sesiones/{session_id:int}/descargas/{document:str}", sync_to_thread=True)
def download_document(db: Session, actor: Actor, settings: Settings, session_id: int, document: str) -> Response:
    """The stored version when the process kept one (what was sent or approved), else built now."""
    if document not in DOCUMENTS:
        raise NotFound("No existe ese documento de la sesión.")
    kind, build, label = DOCUMENTS[document]
    board_session = _session_for(db, actor, session_id)
    try:
        drafting.require_reader(db, actor, board_session, kind)
    except drafting.NotAllowedToRead as exc:
        raise NotAllowed(str(exc)) from None
    stored = drafting.stored_version(db, board_session, kind)
    if stored is not None:
        try:
            return _download(read(settings, stored), stored.filename, stored.content_type)
        except FileNotFoundError:
            pass  # the file went missing from storage: the record still makes the document
    try:
        drafting.require_issuable(db, board_session, kind)
    except drafting.NotIssued as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    board = db.get(Board, board_session.board_id)
    return _download(build(db, session_id, settings.base_url), f"{label} - {title_of(board_session, board)} "
                 f"{board_session.year}.docx")


@get("/sesiones/{session_id:int}/documentos/{file_id:int}", sync_to_thread=True)
def download_agenda_document(db: Session, actor: Actor, settings: Settings, session_id: int, file_id: int) -> Response:
    """A support document of an item: the address the convocatoria links to."""
    board_session = _session_for(db, actor, session_id)
    try:
        stored = drafting.agenda_document(db, actor, board_session, file_id)
        content = read(settings, stored)
    except LookupError as exc:
        raise NotFound(str(exc)) from None
    except drafting.NotAllowedToRead as exc:
        raise NotAllowed(str(exc)) from None
    except FileNotFoundError:
        raise NotFound("El archivo no está en el almacenamiento; avise a la administración.") from None
    return _download(content, stored.filename, stored.content_type)


@get("/acuerdos/{resolution_id:int}/certificacion", sync_to_thread=True)
def download_certification(db: Session, actor: Actor, settings: Settings, resolution_id: int) -> Response:
    """Issued by the Secretaría Técnica: legal staff only, dated the day it is downloaded, once the acta is approved."""
    try:
        resolution = drafting.resolution_of(db, actor, resolution_id)
    except LookupError as exc:
        raise NotFound(str(exc)) from None
    if not actor.roles & ORGANIZERS:
        raise NotAllowed("Solo la Dirección Jurídica expide certificaciones de acuerdos.")
    try:
        content = build_certification(db, resolution_id, settings.base_url)
    except NotCertifiable as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    number = resolution.number.replace("/", "-")
    return _download(content, f"Certificación {number}.docx")


# -- the acta page -----------------------------------------------------------------------------

def _page_context(db: Session, actor: Actor, session_id: int) -> dict[str, Any]:
    board_session = _session_for(db, actor, session_id)
    organizer = bool(actor.roles & ORGANIZERS)
    seat = drafting.member_seat(db, actor, board_session.board_id)
    if not organizer and seat is None:
        raise NotAllowed("Solo la Dirección Jurídica y las y los integrantes del órgano pueden ver el acta.")
    board = db.get(Board, board_session.board_id)
    items = items_of(db, board_session) if organizer else []
    return {"actor": actor, "sesion": board_session, "title": title_of(board_session, board), "board": board,
            "items": items, "organizer": organizer, "member": seat is not None,
            "circulated": drafting.minutes_circulated(board_session),
            "in_review": board_session.minutes_status == MinutesStatus.IN_REVIEW,
            "review_closed": drafting.review_closed(db, board_session),
            "frozen": board_session.minutes_status in drafting.FROZEN_MINUTES,
            "comments": drafting.comments_of(db, board_session)}


@get("/sesiones/{session_id:int}/acta", sync_to_thread=True)
def minutes_page(db: Session, actor: Actor, session_id: int) -> Template:
    return Template("sessions/minutes_edit.html", context=_page_context(db, actor, session_id))


def _save_notes(state: State, actor: Actor, session_id: int, item_id: int, notes: str,
                version: int | None) -> tuple[int, dict[str, Any]]:
    """(status, fragment context): the item saved, or the reason it was not, with what the person typed."""
    try:
        with transaction(state.engine) as db:
            board_session = _session_for(db, actor, session_id)
            item = _item_for(db, actor, board_session.id, item_id)
            drafting.save_notes(db, actor, item, notes, version)
            return 200, {"item": item, "saved": True, "frozen": False}
    except (Conflict, StaleDataError):
        status, message = 409, Conflict("las notas de este punto").args[0]
    except BoardError as exc:
        status, message = 400, str(exc)
    with reading(state.engine) as db:
        current = _item_for(db, actor, session_id, item_id)
        frozen = session_of(db, actor, session_id).minutes_status in drafting.FROZEN_MINUTES
        return status, {"item": current, "error": message, "typed": notes, "frozen": frozen}


def _item_for(db: Session, actor: Actor, session_id: int, item_id: int) -> AgendaItem:
    try:
        item = item_of(db, actor, item_id)
    except LookupError as exc:
        raise NotFound(str(exc)) from None
    if item.session_id != session_id:
        raise NotFound("Ese punto no es de esta sesión.")
    return item


def _int_or_none(raw) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


@post("/sesiones/{session_id:int}/acta/puntos/{item_id:int}")
async def save_item_notes(request: Request, state: State, actor: Actor, session_id: int, item_id: int) -> Template:
    if not actor.roles & ORGANIZERS:
        raise NotAllowed("Solo la Dirección Jurídica redacta el acta.")
    form = await request.form()
    status, context = await to_thread.run_sync(_save_notes, state, actor, session_id, item_id,
                                               str(form.get("notas") or ""), _int_or_none(form.get("version")))
    return Template("sessions/_minutes_item.html", context={"sesion_id": session_id, **context}, status_code=status)


def _comment(state: State, actor: Actor, session_id: int, text: str) -> tuple[int, dict[str, Any]]:
    error, status = None, 200
    try:
        with transaction(state.engine) as db:
            drafting.add_comment(db, actor, _session_for(db, actor, session_id), text)
    except drafting.NotAllowedToRead as exc:
        raise NotAllowed(str(exc)) from None
    except drafting.ReviewClosed as exc:
        error, status = str(exc), 409
    except BoardError as exc:
        error, status = str(exc), 400
    with reading(state.engine) as db:
        board_session = _session_for(db, actor, session_id)
        return status, {"sesion": board_session, "comments": drafting.comments_of(db, board_session),
                        "in_review": board_session.minutes_status == MinutesStatus.IN_REVIEW,
                        "review_closed": drafting.review_closed(db, board_session), "member": True, "error": error, "typed": text if error else "", "saved": error is None}


@post("/sesiones/{session_id:int}/acta/observaciones")
async def add_observation(request: Request, state: State, actor: Actor, session_id: int) -> Template:
    form = await request.form()
    status, context = await to_thread.run_sync(_comment, state, actor, session_id, str(form.get("texto") or ""))
    return Template("sessions/_minutes_comments.html", context=context, status_code=status)


ROUTES: list = [download_document, download_agenda_document, download_certification, minutes_page, save_item_notes,
                add_observation]
