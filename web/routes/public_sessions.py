"""The public portal of sessions (no sign-in), each body's iCal feed, and the Comité's export."""


from litestar import Response, get
from litestar.datastructures import State
from litestar.exceptions import HTTPException, NotFoundException
from litestar.response import Template
from sqlmodel import Session

from engine.accounts import Actor
from engine.clock import today_in
from engine.db import reading
from engine.files import read
from engine.runtime import NotAllowed, NotFound
from web.periods import PLANNING_YEARS_AHEAD, asked_year, shown_year
from web.routes.files import content_disposition
from workflows.board_session import committee_export, ical, public
from workflows.board_session.sessions import board_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PUBLIC_CACHE = {"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"}


@get("/portal/sesiones", sync_to_thread=True)
def calendar_page(state: State, organizacion: str | None = None, anio: str | None = None,
                  organo: int | None = None) -> Template:
    """Sessions per body and year: upcoming and held; a planned one shows only its date and body."""
    with reading(state.engine) as db:
        organization = public.organization_for(db, organizacion)
        if organization is None:
            if organizacion:
                raise NotFoundException("No encontramos ese ente público.")
            return Template("public/choose.html", context={"organizations": public.organizations(db)})
        year, notice = shown_year(anio, today_in(organization.timezone), PLANNING_YEARS_AHEAD)
        found = public.calendar(db, organization, year, organo)
    return Template("public/sessions.html", context={"found": found, "organization": organization,
                                                     "year_notice": notice}, headers=PUBLIC_CACHE)


@get("/portal/sesiones/{session_id:int}", sync_to_thread=True)
def session_page(state: State, session_id: int) -> Template:
    with reading(state.engine) as db:
        try:
            found = public.public_session(db, session_id)
        except LookupError:
            raise NotFoundException("No encontramos esa sesión.") from None
    return Template("public/session.html", context={"found": found, "organization": found.organization},
                    headers=PUBLIC_CACHE)


@get("/portal/sesiones/{session_id:int}/acta", sync_to_thread=True)
def acta_download(state: State, session_id: int) -> Response:
    """The signed and published acta; a draft, or none, is not found."""
    with reading(state.engine) as db:
        try:
            stored = public.published_acta(db, public.public_session_of(db, session_id))
        except LookupError:
            stored = None
    if stored is None:
        raise NotFoundException("Esta sesión no tiene un acta publicada.")
    try:
        content = read(state.settings, stored)
    except FileNotFoundError:
        raise NotFoundException("El archivo del acta no está disponible.") from None
    return Response(content, media_type=stored.content_type,
                    headers={**PUBLIC_CACHE, "Content-Disposition": content_disposition(stored.filename)})


@get("/organos/{board_id:int}/calendario.ics", sync_to_thread=True)
def ical_feed(state: State, board_id: int) -> Response:
    """Public: whoever has the link subscribes to the body's calendar."""
    with reading(state.engine) as db:
        try:
            board = ical.board_of_public(db, board_id)
        except LookupError:
            raise NotFoundException("No encontramos ese órgano colegiado.") from None
        content = ical.body_calendar(db, board, state.settings.base_url.rstrip("/"))
    return Response(content, media_type="text/calendar",
                    headers={**PUBLIC_CACHE, "Content-Disposition": f'inline; filename="organo-{board_id}.ics"'})


@get("/organos/{board_id:int}/exportar.xlsx", sync_to_thread=True)
def export_workbook(db: Session, actor: Actor, board_id: int, anio: str | None = None) -> Response:
    """Calendar, members and resolutions of a body for its transparency obligation."""
    if not committee_export.may_export(actor):
        raise NotAllowed("Solo la Dirección Jurídica, el Comité y la Unidad de Transparencia exportan esta "
                         "información.")
    try:
        board = board_of(db, actor, board_id)
    except LookupError:
        raise NotFound("No existe ese órgano colegiado.") from None
    today = today_in(actor.timezone)
    try:
        year = asked_year(anio, today, PLANNING_YEARS_AHEAD) or today.year
    except ValueError as error:
        raise HTTPException(status_code=400, detail=str(error)) from None
    content = committee_export.workbook_of(db, board, year)
    filename = f"{board.short_name.lower()}-{year}-transparencia.xlsx"
    return Response(content, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                                       "Cache-Control": "private, no-store",
                                                       "X-Content-Type-Options": "nosniff"})


ROUTES: list = [calendar_page, session_page, acta_download, ical_feed, export_workbook]
