"""Sesiones: the list, planning one session, the session's page with its orden del día, the areas' items."""

from typing import Any

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import State, UploadFile
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from engine.accounts import Actor, Role
from engine.clock import today_in
from engine.db import reading, transaction
from engine.files import UploadRejected, check_upload
from engine.forms import date_problem
from engine.labels import in_parentheses
from engine.settings import Settings
from engine.tenancy import Area, active_areas
from web.periods import PLANNING_YEARS_AHEAD, asked_year
from web.routes.boards import form_day, moment_of, failure_status, parse_day, parse_int
from web.routes.files import may_download
from workflows.access_request.models import CommitteeResolution
from workflows.board_session import boards, committee_link, drafting, pending, planning, proposers
from workflows.board_session.cancellation import CANCELLABLE, cancel_session
from workflows.board_session.minutes import certifiable
from workflows.board_session.models import Board, BoardSession, ItemKind, Resolution, SessionKind, SessionStatus
from workflows.board_session.page import status_text
from workflows.board_session.standing import standings
from workflows.board_session.sessions import (BoardError, agenda_closed_on, board_of, decide_item, intake_closed,
                                              item_of, items_of, local_day, local_moment, merge_items, session_of,
                                              title_of, today_for)
from workflows.board_session.withdrawal import may_withdraw, offered, withdraw_item

EDITABLE = (SessionStatus.PLANNED, SessionStatus.CALLED)
NOT_YOURS_TO_WITHDRAW = ("Solo la Dirección Jurídica o el enlace del área que propuso el punto lo retiran del orden "
                         "del día.")


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _session(db: Session, actor: Actor, session_id: int) -> BoardSession:
    try:
        return session_of(db, actor, session_id)
    except LookupError:
        raise NotFoundException() from None


def _enlace_areas(actor: Actor) -> set[int]:
    return {a for a in actor.grants.get(Role.ENLACE, set()) if a is not None}


def _require_organizer(actor: Actor) -> None:
    if not planning.may_organize(actor):
        raise PermissionDeniedException("Solo la Dirección Jurídica prepara el orden del día y programa sesiones.")


# -- list ---------------------------------------------------------------------------------------

@get("/sesiones", sync_to_thread=True)
def list_page(db: Session, actor: Actor, organo: str | None = None, anio: str | None = None) -> Template:
    board_id, year_notice = parse_int(organo), ""
    try:
        year = asked_year(anio, today_in(actor.timezone), PLANNING_YEARS_AHEAD)
    except ValueError as error:
        year, year_notice = None, f"{error} Se muestran todos los años."
    upcoming, past = planning.list_sessions(db, actor, board_id, year)
    # The year asked for stays selected even before it has sessions.
    years = sorted(set(planning.session_years(db, actor.organization_id)) | ({year} if year else set()), reverse=True)
    enlace = bool(_enlace_areas(actor))
    context = {"actor": actor, "upcoming": upcoming, "past": past, "filters": {"organo": board_id, "anio": year},
               "year_notice": year_notice, "boards": boards.boards_of(db, actor.organization_id), "years": years,
               "can_plan": planning.may_organize(actor), "enlace": enlace,
               "proposals": planning.proposals_of_my_areas(db, actor) if enlace else [],
               "open_sessions": planning.open_for_proposals(db, actor) if enlace else []}
    return Template("sessions/list.html", context=context)


@get("/mis-puntos", sync_to_thread=True)
def my_items(actor: Actor) -> Redirect:
    return Redirect("/sesiones#mis-puntos", status_code=303)


# -- planning one session -----------------------------------------------------------------------

def _new_page(db: Session, actor: Actor, values: dict, errors: dict, status: int = 200) -> Template:
    return Template("sessions/new.html", status_code=status, context={
        "actor": actor, "values": values, "errors": errors,
        "board_options": [(b.id, f"{b.name} ({b.short_name})") for b in boards.boards_of(db, actor.organization_id,
                                                                                          active_only=True)],
        "kind_options": [(k.value, k.label) for k in SessionKind]})


def _read_new_page(state: State, actor: Actor, values: dict) -> Template:
    with reading(state.engine) as db:
        return _new_page(db, actor, values, {})


# Async, like every GET that shares its path with a POST (Litestar 2.25 wraps such sync handlers twice).
@get("/sesiones/nueva")
async def new_page(state: State, actor: Actor, organo: str | None = None, tipo: str | None = None) -> Template:
    _require_organizer(actor)
    return await to_thread.run_sync(_read_new_page, state, actor, {
        "organo": organo or "", "tipo": tipo or SessionKind.ORDINARY.value, "hora": "10:00"})


def _plan(state: State, actor: Actor, form: dict) -> Response:
    try:
        with transaction(state.engine) as db:
            board_id = parse_int(form.get("organo"))
            if board_id is None:
                raise BoardError("Elija el órgano colegiado.", "organo")
            try:
                board = board_of(db, actor, board_id)
                kind = SessionKind(str(form.get("tipo", "")))
            except LookupError:
                raise BoardError("Elija el órgano colegiado.", "organo") from None
            except ValueError:
                raise BoardError("Elija si la sesión es ordinaria o extraordinaria.", "tipo") from None
            today = today_for(db, actor.organization_id)
            form_day(form, "fecha", today)
            cutoff = form_day(form, "fecha_limite", today, "La fecha límite")
            when = moment_of(form.get("fecha"), form.get("hora"))
            board_session = planning.schedule_session(db, actor, board, kind, when, str(form.get("lugar", "")), cutoff)
    except BoardError as exc:
        with reading(state.engine) as db:
            return _new_page(db, actor, form, {exc.field or "__all__": str(exc)}, status=400)
    return Redirect(f"/sesiones/{board_session.id}?programada=1", status_code=303)


@get("/sesiones/nueva/dia", sync_to_thread=True)
def day_advice(db: Session, actor: Actor, organo: str | None = None, tipo: str | None = None,
               fecha: str | None = None) -> Template:
    """What the day typed in the planning form means, before the session is planned."""
    _require_organizer(actor)
    day, board_id = parse_day(fecha), parse_int(organo)
    try:
        board = board_of(db, actor, board_id) if board_id is not None else None
        kind = SessionKind(tipo or "")
    except (LookupError, ValueError):
        board = kind = None
    if board is None or kind is None or day is None:
        return Template("sessions/_day_advice.html", context={
            "message": "Elija el órgano, el tipo y la fecha para ver si el día es hábil y hasta cuándo puede "
                       "enviarse la convocatoria."})
    today = today_for(db, actor.organization_id)
    problem = date_problem(day, today)
    if problem:  # as planning it refuses it
        return Template("sessions/_day_advice.html", context={"message": problem})
    return Template("sessions/_day_advice.html", context={"check": planning.check_day(db, board, kind, day, today)})


@post("/sesiones/nueva")
async def plan_session_page(request: Request, state: State, actor: Actor) -> Response:
    _require_organizer(actor)
    form = dict(await request.form())
    return await to_thread.run_sync(_plan, state, actor, form)


# -- the session's page -------------------------------------------------------------------------

def _agenda(db: Session, actor: Actor, board_session: BoardSession, message: str = "",
            beside: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the orden del día shows to this person: legal staff see every proposal and may act on it. `beside`:
    a refusal that belongs beside a field of one item's form ({item_id, field, message, values typed})."""
    board = db.get(Board, board_session.board_id)
    organizer = planning.may_organize(actor)
    mine = _enlace_areas(actor)
    items = items_of(db, board_session)
    proposals = planning.proposed_items(db, board_session)
    set_aside = planning.set_aside_items(db, board_session)
    if not organizer:
        # An enlace sees its areas' items, a request's case several areas proposed together included.
        proposing = proposers.area_ids_of(db, proposals + set_aside)
        proposals = [i for i in proposals if mine & set(proposing[i.id])]
        set_aside = [i for i in set_aside if mine & set(proposing[i.id])]
    shown = items + proposals + set_aside
    documents = {item_id: [(f, may_download(db, actor, f)) for f in found]
                 for item_id, found in planning.documents_of(db, shown).items()}
    area_ids = {a for i in shown for a in i.followup_area_ids}
    areas = dict(db.exec(select(Area.id, Area.name).where(Area.id.in_(area_ids or {-1}))).all())
    # What the session left pending, where each item went on or comes from, and where it may still go.
    left = {i.id: reason for i in items if (reason := pending.pending_reason(i, board_session))}
    went = pending.carried_to(db, items)
    targets = [(s, title_of(s, board), local_day(db, s)) for s in pending.open_targets(db, board_session)] \
        if organizer and set(left) - set(went) else []
    return {"pending": left, "went": went, "came": pending.carried_from(db, items), "carry_targets": targets,
            "actor": actor, "session": board_session, "board_session": board_session, "board": board,
            "items": items, "proposals": proposals, "set_aside": set_aside, "documents": documents, "areas": areas,
            "proposed_by": proposers.names_of(db, shown),
            "organizer": organizer, "editable": organizer and board_session.status in EDITABLE,
            "movable": [i for i in items if i.fixed is None], "message": message, "beside": beside,
            # Numbers as the orden del día reads them: proposals hold positions too, but are not counted.
            "numbers": {item.id: number for number, item in enumerate(items, start=1)},
            "merge_targets": [i for i in items + proposals if i.fixed is None and not i.committee_case_id],
            "withdrawable": {i.id for i in items if offered(actor, board_session, i)},
            "committee_senses": [(sense.value, sense.label) for sense in CommitteeResolution]}


def _may_propose(db: Session, actor: Actor, board_session: BoardSession) -> bool:
    if board_session.status not in EDITABLE:
        return False
    if planning.may_organize(actor):
        return True
    today = today_for(db, actor.organization_id)
    return bool(_enlace_areas(actor)) and not intake_closed(db, board_session, today)


def _detail(db: Session, actor: Actor, board_session: BoardSession, message: str = "", notice: str = "",
            status: int = 200, cancel_error: str = "", beside: dict[str, Any] | None = None) -> Template:
    context = _agenda(db, actor, board_session, message, beside)
    context["cancel_error"] = cancel_error
    resolutions = db.exec(select(Resolution).where(Resolution.session_id == board_session.id)
                          .order_by(Resolution.seq)).all()
    standing = standings(db, board_session.organization_id, resolutions)
    context.update({"title": title_of(board_session, context["board"]), "moment": local_moment(db, board_session),
                    "notice": notice, "may_propose": _may_propose(db, actor, board_session),
                    "agenda_closed_on": agenda_closed_on(db, board_session),
                    "session_documents": drafting.readable_documents(db, actor, board_session),
                    # The process panel is the session's expediente: only for whom that is.
                    "reads_process": drafting.reads_session(db, actor, board_session),
                    "documents_note": drafting.cancelled_documents_note(db, board_session),
                    "resolutions": resolutions,
                    "resolution_status": lambda resolution: status_text(resolution, standing[resolution.id].status),
                    "certifiable": certifiable(board_session.minutes_status),
                    "cancellable": context["organizer"] and board_session.status in CANCELLABLE})
    return Template("sessions/detail.html", context=context, status_code=status)


@get("/sesiones/{session_id:int}", sync_to_thread=True)
def detail_page(db: Session, actor: Actor, session_id: int, programada: str | None = None,
                propuesto: str | None = None, cancelada: str | None = None) -> Template:
    board_session = _session(db, actor, session_id)
    notice = ("Sesión programada con sus puntos fijos; las áreas pueden enviar puntos hasta la fecha límite."
              if programada else "Punto enviado; la Dirección Jurídica lo revisará." if propuesto else "")
    if programada:
        closed = planning.check_day(db, db.get(Board, board_session.board_id), board_session.kind,
                                    local_day(db, board_session), today_for(db, actor.organization_id)).closed
        if closed:
            notice += (f" Se celebrará en día inhábil {in_parentheses(closed)}, como puede hacerlo una sesión "
                       "extraordinaria urgente.")
    if cancelada is not None:
        notice = "Sesión cancelada." + (" Sus casos de solicitudes pasaron a otra sesión del Comité."
                                        if cancelada not in ("", "0") else "")
    return _detail(db, actor, board_session, notice=notice)


# The fields of an item's forms that show their own refusal beside them (sessions/_agenda.html); any other
# refusal (a withdrawal's reason, the session an item is carried to) is the notice above the orden del día.
FIELDS_BESIDE = {"consideraciones"}


def _act(state: State, actor: Actor, session_id: int, item_id: int, htmx: bool, action,
         typed: dict[str, Any] | None = None) -> Response:
    """One change to the orden del día; the agenda again (htmx) or the page, with the reason if refused: beside
    the field of the item's form it concerns, with what was `typed` there, when it names one."""
    try:
        with transaction(state.engine) as db:
            board_session = _session(db, actor, session_id)
            item = item_of(db, actor, item_id)
            if item.session_id != board_session.id:
                raise LookupError(item_id)
            action(db, item)
    except LookupError:
        raise NotFoundException() from None
    except (BoardError, StaleDataError) as exc:
        status, message = failure_status(exc)
        beside = None
        if getattr(exc, "field", None) in FIELDS_BESIDE:
            beside = {"item_id": item_id, "field": exc.field, "message": message, "values": typed or {}}
            message = ""
        with reading(state.engine) as db:
            board_session = _session(db, actor, session_id)
            if htmx:
                return Template("sessions/_agenda.html", context=_agenda(db, actor, board_session, message, beside),
                                status_code=status)
            return _detail(db, actor, board_session, message=message, status=status, beside=beside)
    if not htmx:
        return Redirect(f"/sesiones/{session_id}#orden-del-dia", status_code=303)
    with reading(state.engine) as db:
        return Template("sessions/_agenda.html", context=_agenda(db, actor, _session(db, actor, session_id)))


async def _agenda_post(request: Request, state: State, actor: Actor, session_id: int, item_id: int, change):
    _require_organizer(actor)
    form = dict(await request.form())
    return await to_thread.run_sync(_act, state, actor, session_id, item_id, _is_htmx(request),
                                    lambda db, item: change(db, item, form), form)


@post("/sesiones/{session_id:int}/puntos/{item_id:int}/decision")
async def decide(request: Request, state: State, actor: Actor, session_id: int, item_id: int) -> Response:
    def change(db, item, form):
        if form.get("decision") not in ("aceptar", "rechazar"):
            raise BoardError("Elija aceptar o no incluir el punto.")
        decide_item(db, actor, item, form["decision"] == "aceptar", parse_int(form.get("version")),
                    str(form.get("motivo", ""))[:300])
    return await _agenda_post(request, state, actor, session_id, item_id, change)


@post("/sesiones/{session_id:int}/puntos/{item_id:int}/retiro")
async def withdraw(request: Request, state: State, actor: Actor, session_id: int, item_id: int) -> Response:
    """An accepted item leaves the orden del día with its reason: Jurídica's, or the proposing area's enlace's."""
    if not planning.may_organize(actor) and not _enlace_areas(actor):
        raise PermissionDeniedException(NOT_YOURS_TO_WITHDRAW)
    form = dict(await request.form())

    def change(db, item):
        if not may_withdraw(actor, item):
            raise PermissionDeniedException(NOT_YOURS_TO_WITHDRAW)
        withdraw_item(db, actor, item, str(form.get("motivo", ""))[:2000], parse_int(form.get("version")))
    return await to_thread.run_sync(_act, state, actor, session_id, item_id, _is_htmx(request), change)


@post("/sesiones/{session_id:int}/puntos/{item_id:int}/fusion")
async def merge(request: Request, state: State, actor: Actor, session_id: int, item_id: int) -> Response:
    def change(db, item, form):
        target_id = parse_int(form.get("destino"))
        if target_id is None:
            raise BoardError("Elija el punto con el que se fusiona.")
        merge_items(db, actor, item, item_of(db, actor, target_id), parse_int(form.get("version")))
    return await _agenda_post(request, state, actor, session_id, item_id, change)


def _cancel(state: State, actor: Actor, session_id: int, form: dict) -> Response:
    try:
        with transaction(state.engine) as db:
            moved = cancel_session(db, actor, _session(db, actor, session_id), str(form.get("motivo", ""))[:2000],
                                   parse_int(form.get("version")))
    except (BoardError, StaleDataError) as exc:
        status, message = failure_status(exc)
        with reading(state.engine) as db:
            return _detail(db, actor, _session(db, actor, session_id), cancel_error=message, status=status)
    return Redirect(f"/sesiones/{session_id}?cancelada={len(moved)}", status_code=303)


@post("/sesiones/{session_id:int}/cancelar")
async def cancel(request: Request, state: State, actor: Actor, session_id: int) -> Response:
    _require_organizer(actor)
    form = dict(await request.form())
    return await to_thread.run_sync(_cancel, state, actor, session_id, form)


@post("/sesiones/{session_id:int}/puntos/{item_id:int}/sentido")
async def committee_sense(request: Request, state: State, actor: Actor, session_id: int, item_id: int) -> Response:
    """What the Comité is asked to vote on a request's case: confirma, modifica or revoca, with its considerations."""
    def change(db, item, form):
        raw = str(form.get("sentido"))
        if raw not in CommitteeResolution._value2member_map_:
            raise BoardError("Elija si el Comité confirma, modifica o revoca.")
        committee_link.set_sense(db, actor, item, CommitteeResolution(raw), parse_int(form.get("version")),
                                 str(form.get(committee_link.CONSIDERATIONS_FIELD, ""))[:5000])
    return await _agenda_post(request, state, actor, session_id, item_id, change)


@post("/sesiones/{session_id:int}/puntos/{item_id:int}/trasladar")
async def carry(request: Request, state: State, actor: Actor, session_id: int, item_id: int) -> Response:
    """An item the session left pending goes on to a later session of the body."""
    def change(db, item, form):
        target_id = parse_int(form.get("sesion"))
        try:
            target = session_of(db, actor, target_id) if target_id is not None else None
        except LookupError:
            target = None
        if target is None:
            raise BoardError("Elija la sesión posterior a la que pasa el punto.", "sesion")
        pending.carry_item(db, actor, item, target, parse_int(form.get("version")))
    return await _agenda_post(request, state, actor, session_id, item_id, change)


@post("/sesiones/{session_id:int}/puntos/{item_id:int}/mover")
async def move(request: Request, state: State, actor: Actor, session_id: int, item_id: int) -> Response:
    def change(db, item, form):
        offset = {"arriba": -1, "abajo": 1}.get(str(form.get("direccion")))
        if offset is None:
            raise BoardError("Elija subir o bajar el punto.")
        planning.reorder_item(db, actor, item, offset, parse_int(form.get("version")))
    return await _agenda_post(request, state, actor, session_id, item_id, change)


# -- an area proposes an item -------------------------------------------------------------------

def _item_page(db: Session, actor: Actor, board_session: BoardSession, values: dict, errors: dict,
               status: int = 200) -> Template:
    board = db.get(Board, board_session.board_id)
    organizer = planning.may_organize(actor)
    all_areas = active_areas(db, actor.organization_id)
    own = all_areas if organizer else [a for a in all_areas if a.id in _enlace_areas(actor)]
    return Template("sessions/item_new.html", status_code=status, context={
        "actor": actor, "session": board_session, "board": board, "title": title_of(board_session, board),
        "values": values, "errors": errors, "organizer": organizer,
        "agenda_closed_on": agenda_closed_on(db, board_session),
        "area_options": [(a.id, a.name) for a in own], "followup_options": [(a.id, a.name) for a in all_areas],
        "kind_options": [(ItemKind.INFORMATIVE.value, "Informativo"), (ItemKind.FOR_APPROVAL.value,
                                                                       "Para aprobación")],
        "matter_options": [(m["materia"], f"{m['materia']} ({m['votos']} votos)") for m in board.qualified_matters]})


def _require_proposer(actor: Actor) -> None:
    if not planning.may_organize(actor) and not _enlace_areas(actor):
        raise PermissionDeniedException("Solo el enlace de un área o la Dirección Jurídica proponen puntos.")


def _read_item_page(state: State, actor: Actor, session_id: int) -> Template:
    mine = sorted(_enlace_areas(actor))
    with reading(state.engine) as db:
        return _item_page(db, actor, _session(db, actor, session_id), {
            "tipo": ItemKind.INFORMATIVE.value, "area_id": mine[0] if len(mine) == 1 else ""}, {})


@get("/sesiones/{session_id:int}/puntos/nuevo")
async def new_item_page(state: State, actor: Actor, session_id: int) -> Template:
    _require_proposer(actor)
    return await to_thread.run_sync(_read_item_page, state, actor, session_id)


def _propose(state: State, settings: Settings, actor: Actor, session_id: int, form, uploads: list) -> Response:
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    area_id = parse_int(values.get("area_id"))
    if not planning.may_organize(actor) and area_id is not None and area_id not in _enlace_areas(actor):
        raise PermissionDeniedException("Solo puede proponer puntos a nombre de su propia área.")
    contents = [(u.filename, u.file.read(settings.max_upload_bytes + 1)) for u in uploads]
    try:
        for name, content in contents:
            try:
                check_upload(settings, name, content)
            except UploadRejected as exc:
                raise BoardError(f"{name}: {exc}", "documentos") from None
        with transaction(state.engine) as db:
            board_session = _session(db, actor, session_id)
            try:
                kind = ItemKind(values.get("tipo", ""))
            except ValueError:
                raise BoardError("Elija si el punto es informativo o para aprobación.", "tipo") from None
            due = form_day(values, "fecha_cumplimiento", today_for(db, actor.organization_id),
                           "La fecha de cumplimiento")
            item = planning.propose_item(
                db, actor, board_session, title=values.get("titulo", ""), kind=kind, area_id=area_id,
                description=values.get("descripcion", ""), proposed_resolution=values.get("acuerdo_propuesto", ""),
                matter=values.get("materia", ""),
                followup_area_ids=[i for i in (parse_int(v) for v in form.getall("areas_seguimiento", [])) if i],
                followup_due=due)
            for name, content in contents:
                planning.attach_document(db, settings, actor, item, name, content)
    except BoardError as exc:
        values["areas_seguimiento"] = form.getall("areas_seguimiento", [])
        with reading(state.engine) as db:
            return _item_page(db, actor, _session(db, actor, session_id), values,
                              {exc.field or "__all__": str(exc)}, status=400)
    return Redirect(f"/sesiones/{session_id}?propuesto=1#orden-del-dia", status_code=303)


@post("/sesiones/{session_id:int}/puntos/nuevo")
async def propose_item(request: Request, state: State, settings: Settings, actor: Actor, session_id: int) -> Response:
    _require_proposer(actor)
    form = await request.form()
    uploads = [u for u in form.getall("documentos", []) if isinstance(u, UploadFile) and u.filename]
    try:
        return await to_thread.run_sync(_propose, state, settings, actor, session_id, form, uploads)
    finally:
        for upload in uploads:
            await upload.close()


ROUTES: list = [list_page, my_items, new_page, day_advice, plan_session_page, detail_page, decide, withdraw, merge,
                move, committee_sense, carry, cancel, new_item_page, propose_item]
