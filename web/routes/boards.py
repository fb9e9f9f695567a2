"""Órganos colegiados: list, new body, its rules, its members with suplentes, the presidency's rotation."""

from datetime import date, datetime, time
from typing import Any

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from engine.accounts import Actor, User
from engine.db import reading, transaction
from engine.forms import date_problem, hour_of_day
from engine.tenancy import Organization
from workflows.board_session import boards, members, planning
from workflows.board_session.boards import RulesInvalid
from workflows.board_session.members import Person
from workflows.board_session.models import (Board, BoardSession, Convener, Gender, LeadUnit, MajorityRule, MemberRole,
                                            QuorumRule, SecondCallRule, SessionStatus)
from workflows.board_session.naming import resolution_number, session_name
from workflows.board_session.sessions import today_for
from workflows.board_session.sessions import BoardError, Conflict, board_of, title_of


def parse_day(raw: Any) -> date | None:
    try:
        return date.fromisoformat(str(raw).strip()) if raw not in (None, "") else None
    except ValueError:
        return None


def form_day(form: dict, name: str, today: date, label: str = "La fecha") -> date | None:
    """The day typed in the field `name`, None when left empty; BoardError beside the field when it is no date or
    one beyond the horizon of every form's dates (engine.forms.date_problem)."""
    raw = form.get(name)
    if raw in (None, ""):
        return None
    day = parse_day(raw)
    if day is None:
        raise BoardError(f"{label} no es válida.", name)
    problem = date_problem(day, today)
    if problem:
        raise BoardError(problem, name)
    return day


def parse_int(raw: Any) -> int | None:
    try:
        return int(str(raw).strip()) if raw not in (None, "") else None
    except ValueError:
        return None


def failure_status(exc: Exception) -> tuple[int, str]:
    """The status and Spanish message of a refused change; a lost race reads like any conflict."""
    if isinstance(exc, StaleDataError):
        return 409, str(Conflict("este registro"))
    return (409 if isinstance(exc, Conflict) else 400), str(exc)


def _require_editor(actor: Actor) -> None:
    if not boards.may_edit(actor):
        raise PermissionDeniedException("Solo la Dirección Jurídica o la administración modifican los órganos "
                                        "colegiados.")


def _board(db: Session, actor: Actor, board_id: int) -> Board:
    try:
        return board_of(db, actor, board_id)
    except LookupError:
        raise NotFoundException() from None


def _options(members) -> list[tuple[str, str]]:
    return [(m.value, m.label) for m in members]


CHOICES = {"lead_options": _options(LeadUnit), "quorum_options": _options(QuorumRule),
           "second_options": _options(SecondCallRule),
           "majority_options": _options(m for m in MajorityRule if m != MajorityRule.QUALIFIED),
           "role_options": _options(MemberRole), "gender_options": _options(Gender),
           "convener_options": _options(Convener)}


# -- list and new -------------------------------------------------------------------------------

@get("/organos", sync_to_thread=True)
def list_page(db: Session, actor: Actor) -> Template:
    rows = boards.boards_of(db, actor.organization_id)
    organization, year = db.get(Organization, actor.organization_id), today_for(db, actor.organization_id).year
    # The first acuerdo of this year as each template writes it: what legal staff recognize.
    first_numbers = {board.id: resolution_number(board.resolution_template, 1, year, board.short_name,
                                                 organization.short_name) for board in rows}
    return Template("boards/list.html", context={"actor": actor, "boards": rows, "first_numbers": first_numbers,
                                                 "can_edit": boards.may_edit(actor)})


# Async, like every GET that shares its path with a POST: Litestar 2.25 wraps a sync_to_thread handler
# of such a path twice (and returns an unawaited coroutine).
@get("/organos/nuevo")
async def new_page(actor: Actor) -> Template:
    _require_editor(actor)
    defaults = {"sesiones_ordinarias": 4, "anticipacion_ordinaria": 5, "anticipacion_extraordinaria": 2,
                "unidad_anticipacion": "naturales", "regla_quorum": "mayoria", "segunda_convocatoria": "presentes",
                "minimo_segunda": 3, "mayoria": "simple", "voto_calidad": "1", "dias_revision_acta": 5,
                "convoca": Convener.THROUGH_SECRETARY.value,
                "plantilla_acuerdo": "{seq:03d}/SIGLAS/{year}"}
    return Template("boards/new.html", context={"actor": actor, "values": defaults, "errors": {}, "can_edit": True,
                                                **CHOICES})


def _create(state: State, actor: Actor, form: dict) -> Response:
    try:
        with transaction(state.engine) as db:
            board = boards.create_board(db, actor, form)
    except RulesInvalid as exc:
        return Template("boards/new.html", context={"actor": actor, "values": form, "errors": exc.errors,
                                                    "can_edit": True, **CHOICES}, status_code=400)
    return Redirect(f"/organos/{board.id}?creado=1", status_code=303)


@post("/organos/nuevo")
async def create_board(request: Request, state: State, actor: Actor) -> Response:
    _require_editor(actor)
    form = dict(await request.form())
    return await to_thread.run_sync(_create, state, actor, form)


# -- one body -----------------------------------------------------------------------------------

def _detail(db: Session, actor: Actor, board: Board, *, values: dict | None = None, errors: dict | None = None,
            message: str = "", notice: str = "", status: int = 200) -> Template:
    today = today_for(db, actor.organization_id)
    serving, former = members.members_of(db, board, today)
    users = db.exec(select(User.id, User.full_name).where(User.organization_id == actor.organization_id,
                                                          User.active).order_by(User.full_name)).all()
    context = {"actor": actor, "board": board, "values": values or boards.rules_values(board),
               "errors": errors or {}, "message": message, "notice": notice, "serving": serving,
               "former": former, "today": today, "users": users, "can_edit": boards.may_edit(actor),
               "next_year": today.year + 1, **CHOICES}
    return Template("boards/detail.html", context=context, status_code=status)


@get("/organos/{board_id:int}", sync_to_thread=True)
def detail_page(db: Session, actor: Actor, board_id: int, creado: str | None = None,
                guardado: str | None = None) -> Template:
    notice = "Órgano colegiado creado; agregue a sus integrantes." if creado else (
        "Cambios guardados." if guardado else "")
    return _detail(db, actor, _board(db, actor, board_id), notice=notice)


def _change(state: State, actor: Actor, board_id: int, form: dict, change) -> Response:
    """Run one change of the body in a transaction; on refusal, the page again with the reason."""
    try:
        with transaction(state.engine) as db:
            board = _board(db, actor, board_id)
            change(db, board)
    except RulesInvalid as exc:
        with reading(state.engine) as db:
            return _detail(db, actor, _board(db, actor, board_id), values=form, errors=exc.errors,
                           message="Revise los campos marcados: no se guardó ningún cambio.", status=400)
    except (BoardError, StaleDataError, LookupError) as exc:
        if isinstance(exc, LookupError):
            raise NotFoundException() from None
        status, message = failure_status(exc)
        with reading(state.engine) as db:
            board = _board(db, actor, board_id)
            field = getattr(exc, "field", None)
            return _detail(db, actor, board, errors={field: message} if field else {}, message=message,
                           status=status)
    return Redirect(f"/organos/{board_id}?guardado=1", status_code=303)


async def _post(request: Request, state: State, actor: Actor, board_id: int, change) -> Response:
    _require_editor(actor)
    form = dict(await request.form())
    return await to_thread.run_sync(_change, state, actor, board_id, form, lambda db, board: change(db, board, form))


@post("/organos/{board_id:int}/reglas")
async def save_rules(request: Request, state: State, actor: Actor, board_id: int) -> Response:
    return await _post(request, state, actor, board_id, lambda db, board, form: boards.update_board(
        db, actor, board, form, parse_int(form.get("version"))))


def _person(form: dict) -> Person:
    return Person(str(form.get("nombre", "")), str(form.get("cargo", "")), str(form.get("correo", "")),
                  parse_int(form.get("usuario")), _gender(form.get("genero")))


def _gender(raw: Any, field: str = "genero") -> Gender:
    if raw in (None, ""):
        return Gender.UNSPECIFIED
    try:
        return Gender(str(raw))
    except ValueError:
        raise BoardError("Elija femenino, masculino o sin especificar.", field) from None


def _role(raw: Any) -> MemberRole:
    try:
        return MemberRole(str(raw))
    except ValueError:
        raise BoardError("Elija el cargo del integrante.", "rol") from None


@post("/organos/{board_id:int}/integrantes")
async def add_member(request: Request, state: State, actor: Actor, board_id: int) -> Response:
    return await _post(request, state, actor, board_id, lambda db, board, form: members.add_member(
        db, actor, board, _person(form), _role(form.get("rol")), form.get("vota") in ("1", "on"),
        parse_day(form.get("inicio")), parse_day(form.get("fin")), parse_int(form.get("version"))))


@post("/organos/{board_id:int}/integrantes/{member_id:int}/suplentes")
async def add_substitute(request: Request, state: State, actor: Actor, board_id: int, member_id: int) -> Response:
    return await _post(request, state, actor, board_id, lambda db, board, form: members.add_substitute(
        db, actor, board, members.member_of(db, board, member_id), _person(form), parse_day(form.get("inicio")),
        parse_day(form.get("fin")), parse_int(form.get("version"))))


@post("/organos/{board_id:int}/integrantes/{member_id:int}/fin")
async def end_term(request: Request, state: State, actor: Actor, board_id: int, member_id: int) -> Response:
    return await _post(request, state, actor, board_id, lambda db, board, form: members.end_term(
        db, actor, board, members.member_of(db, board, member_id), parse_day(form.get("fin")),
        parse_int(form.get("version"))))


@post("/organos/{board_id:int}/integrantes/{member_id:int}/genero")
async def set_gender(request: Request, state: State, actor: Actor, board_id: int, member_id: int) -> Response:
    return await _post(request, state, actor, board_id, lambda db, board, form: members.set_gender(
        db, actor, board, members.member_of(db, board, member_id), _gender(form.get("genero"), f"genero-{member_id}"),
        parse_int(form.get("version"))))


def _successor(db: Session, board: Board, raw: Any):
    member_id = parse_int(raw)
    if member_id is None:
        raise BoardError("Elija a quién pasa la presidencia.", "sucesor")
    return members.member_of(db, board, member_id)


@post("/organos/{board_id:int}/presidencia")
async def rotate_presidency(request: Request, state: State, actor: Actor, board_id: int) -> Response:
    return await _post(request, state, actor, board_id, lambda db, board, form: members.rotate_presidency(
        db, actor, board, parse_int(form.get("anio")) or 0, _successor(db, board, form.get("sucesor")),
        form.get("permanece") in ("1", "on"), parse_int(form.get("version"))))


ROUTES: list = [list_page, new_page, create_board, detail_page, save_rules, add_member, add_substitute, end_term,
                set_gender, rotate_presidency]


# -- the annual calendar ------------------------------------------------------------------------

def _calendar(db: Session, actor: Actor, board: Board, year: int, values: dict | None = None,
              errors: dict | None = None, notice: str = "", status: int = 200) -> Template:
    calendar = planning.calendar_of(db, board, year)
    rows = planning.sessions_of_year(db, board, year)
    approved_in = db.get(BoardSession, calendar.approved_in_session_id) if calendar and \
        calendar.approved_in_session_id else None
    approvable = [s for s in db.exec(select(BoardSession).where(
        BoardSession.board_id == board.id, BoardSession.year.in_([year - 1, year]),
        BoardSession.status.in_([SessionStatus.IN_PROGRESS, SessionStatus.HELD]))
        .order_by(BoardSession.scheduled_at)).all()]
    wanted = planning.ordinary_still_to_plan(db, board, year)
    return Template("boards/calendar.html", status_code=status, context={
        "actor": actor, "board": board, "year": year, "calendar": calendar, "sessions": rows,
        "names": {s.id: session_name(s.kind.label, s.number) for s in rows + approvable},
        "approved_in": approved_in and title_of(approved_in, board), "approvable": approvable, "wanted": wanted,
        "values": values or {"lugar": board.default_place, "dias_corte": planning.DEFAULT_CUTOFF_DAYS,
                             **{f"hora_{n}": "10:00" for n in range(1, wanted + 1)}},
        "errors": errors or {}, "notice": notice, "can_edit": planning.may_organize(actor)})


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise NotFoundException()
    return year


def _read_calendar(state: State, actor: Actor, board_id: int, year: int, notice: str) -> Template:
    with reading(state.engine) as db:
        return _calendar(db, actor, _board(db, actor, board_id), _year(year), notice=notice)


@get("/organos/{board_id:int}/calendario/{year:int}")
async def calendar_page(state: State, actor: Actor, board_id: int, year: int, guardado: str | None = None) -> Template:
    return await to_thread.run_sync(_read_calendar, state, actor, board_id, year,
                                    "Calendario guardado." if guardado else "")


def _calendar_change(state: State, actor: Actor, board_id: int, year: int, form: dict, change) -> Response:
    try:
        with transaction(state.engine) as db:
            change(db, _board(db, actor, board_id))
    except BoardError as exc:
        with reading(state.engine) as db:
            return _calendar(db, actor, _board(db, actor, board_id), year, values=form,
                             errors={exc.field or "__all__": str(exc)}, status=400)
    return Redirect(f"/organos/{board_id}/calendario/{year}?guardado=1", status_code=303)


@post("/organos/{board_id:int}/calendario/{year:int}")
async def propose_calendar(request: Request, state: State, actor: Actor, board_id: int, year: int) -> Response:
    _require_organizer(actor)
    form = dict(await request.form())

    def change(db: Session, board: Board) -> None:
        count = planning.ordinary_still_to_plan(db, board, year)
        moments = [moment_of(form.get(f"fecha_{n}"), form.get(f"hora_{n}")) for n in range(1, count + 1)]
        cutoff_days = parse_int(form.get("dias_corte"))
        planning.propose_calendar(db, actor, board, year, moments, str(form.get("lugar", "")),
                                  planning.DEFAULT_CUTOFF_DAYS if cutoff_days is None else cutoff_days)
    return await to_thread.run_sync(_calendar_change, state, actor, board_id, _year(year), form, change)


@post("/organos/{board_id:int}/calendario/{year:int}/aprobacion")
async def approve_calendar(request: Request, state: State, actor: Actor, board_id: int, year: int) -> Response:
    _require_organizer(actor)
    form = dict(await request.form())

    def change(db: Session, board: Board) -> None:
        session_id = parse_int(form.get("sesion"))
        found = db.get(BoardSession, session_id) if session_id else None
        if found is None or found.board_id != board.id:
            raise BoardError("Elija la sesión en que se aprobó el calendario.", "sesion")
        planning.approve_calendar(db, actor, board, year, found)
    return await to_thread.run_sync(_calendar_change, state, actor, board_id, _year(year), form, change)


def _require_organizer(actor: Actor) -> None:
    if not planning.may_organize(actor):
        raise PermissionDeniedException("Solo la Dirección Jurídica prepara el calendario de sesiones.")


def moment_of(day_raw: Any, hour_raw: Any) -> datetime | None:
    """A date field and an hour field as one wall-clock moment, or None when either is missing or wrong."""
    day, hour = parse_day(day_raw), parse_hour(hour_raw)
    return datetime.combine(day, hour) if day and hour else None


def parse_hour(raw: Any) -> time | None:
    try:
        return hour_of_day(str(raw)) if raw not in (None, "") else None
    except ValueError:
        return None


ROUTES += [calendar_page, propose_calendar, approve_calendar]
