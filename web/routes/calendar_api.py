"""JSON API for the declared calendar: días inhábiles and suspensions of plazos (administrators only).

Same token authentication as web.routes.api. Creating or deleting a row recomputes the open
deadlines it affects; the answer lists them as `recalculados`.
"""

from datetime import date, datetime
from typing import Annotated

import msgspec
from litestar import Router, delete, get, post
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException, NotAuthorizedException, NotFoundException
from litestar.params import JSONBody, Parameter
from sqlmodel import Session, select

from engine.accounts import Actor
from engine.calendar_overlay import (OverlayError, declare_non_working, declare_suspension, lift_suspension,
                                     remove_non_working)
from engine.db import transaction
from engine.deadlines import Moved
from engine.files import StoredFile
from engine.legal_calendar import NonWorkingDay, Suspension, SuspensionScope
from web.routes import api
from web.routes.admin import require_admin

# -- shapes -------------------------------------------------------------------------------------


class MovedOut(msgspec.Struct):
    plazo: int
    titulo: str
    antes: date
    despues: date


Text = Annotated[str, msgspec.Meta(max_length=250)]


class NonWorkingDayIn(msgspec.Struct):
    desde: date
    motivo: Text
    hasta: date | None = None
    acuerdo: Text = ""


class NonWorkingDayOut(msgspec.Struct):
    id: int
    desde: date
    hasta: date
    motivo: str
    acuerdo: str
    creado: datetime


class NonWorkingDayList(msgspec.Struct):
    inhabiles: list[NonWorkingDayOut]


class NonWorkingDayCreated(NonWorkingDayOut):
    recalculados: list[MovedOut]


class SuspensionIn(msgspec.Struct):
    desde: date
    hasta: date
    acuerdo: Text
    alcance: Annotated[str, msgspec.Meta(description="todos, acceso, arco u obligaciones")] = "todos"
    archivo_id: int | None = None


class SuspensionOut(msgspec.Struct):
    id: int
    desde: date
    hasta: date
    alcance: str
    acuerdo: str
    archivo_id: int | None
    creado: datetime


class SuspensionList(msgspec.Struct):
    suspensiones: list[SuspensionOut]


class SuspensionCreated(SuspensionOut):
    recalculados: list[MovedOut]


class Removed(msgspec.Struct):
    eliminado: int
    recalculados: list[MovedOut]


_ADMIN_ONLY = {403: "Solo la administración del ente"}
# Deleting may also name a row that is not the ente's.
ERRORS = api.error_responses(400, 401, 403, described=_ADMIN_ONLY)
DELETE_ERRORS = api.error_responses(400, 401, 403, 404, described=_ADMIN_ONLY | {404: "No existe en su ente"})


def _moved(moved: list[Moved]) -> list[MovedOut]:
    return [MovedOut(plazo=m.deadline.id, titulo=m.deadline.title, antes=m.before, despues=m.after) for m in moved]


def _day_out(day: NonWorkingDay) -> dict:
    return {"id": day.id, "desde": day.first_day, "hasta": day.last_day, "motivo": day.reason,
            "acuerdo": day.acuerdo, "creado": day.created_at}


def _suspension_out(suspension: Suspension) -> dict:
    return {"id": suspension.id, "desde": suspension.first_day, "hasta": suspension.last_day,
            "alcance": SuspensionScope(suspension.scope).value, "acuerdo": suspension.acuerdo,
            "archivo_id": suspension.file_id, "creado": suspension.created_at}


def _bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def _own(session: Session, admin: Actor, model: type, row_id: int, missing: str):
    row = session.get(model, row_id)
    if row is None or row.organization_id != admin.organization_id:
        raise NotFoundException(missing)
    return row


def _year_range(anio: int | None):
    return (date(anio, 1, 1), date(anio, 12, 31)) if anio else (date.min, date.max)


# -- días inhábiles -----------------------------------------------------------------------------


@get("/inhabiles", sync_to_thread=True, summary="Días inhábiles declarados",
     response_description="Lo que se pidió", responses=ERRORS)
def list_days(admin: Actor, db: Session,
              anio: Annotated[int | None, Parameter(ge=1990, le=2100, description="Solo los de este año")] = None
              ) -> NonWorkingDayList:
    first, last = _year_range(anio)
    rows = db.exec(select(NonWorkingDay).where(NonWorkingDay.organization_id == admin.organization_id,
                                               NonWorkingDay.first_day <= last, NonWorkingDay.last_day >= first)
                   .order_by(NonWorkingDay.first_day, NonWorkingDay.id)).all()
    return NonWorkingDayList(inhabiles=[NonWorkingDayOut(**_day_out(row)) for row in rows])


@post("/inhabiles", sync_to_thread=True, status_code=201, summary="Declarar un día o periodo inhábil",
      response_description="Quedó registrado",
      responses=ERRORS)
def create_day(admin: Actor, state: State, data: JSONBody[NonWorkingDayIn]) -> NonWorkingDayCreated:
    try:
        with transaction(state.engine) as session:
            day, moved = declare_non_working(session, admin, data.desde, data.hasta or data.desde, data.motivo,
                                             data.acuerdo)
    except OverlayError as exc:
        raise _bad_request(str(exc)) from None
    return NonWorkingDayCreated(**_day_out(day), recalculados=_moved(moved))


@delete("/inhabiles/{day_id:int}", sync_to_thread=True, status_code=200, summary="Eliminar un día inhábil",
        response_description="Quedó eliminado",
        responses=DELETE_ERRORS)
def delete_day(admin: Actor, state: State, day_id: int) -> Removed:
    with transaction(state.engine) as session:
        day = _own(session, admin, NonWorkingDay, day_id, "No existe ese día inhábil en su ente.")
        moved = remove_non_working(session, admin, day)
    return Removed(eliminado=day_id, recalculados=_moved(moved))


# -- suspensions --------------------------------------------------------------------------------


@get("/suspensiones", sync_to_thread=True, summary="Suspensiones de plazos declaradas",
     response_description="Lo que se pidió", responses=ERRORS)
def list_suspensions(admin: Actor, db: Session,
                     anio: Annotated[int | None, Parameter(ge=1990, le=2100, description="Solo las de este año")]
                     = None) -> SuspensionList:
    first, last = _year_range(anio)
    rows = db.exec(select(Suspension).where(Suspension.organization_id == admin.organization_id,
                                            Suspension.first_day <= last, Suspension.last_day >= first)
                   .order_by(Suspension.first_day, Suspension.id)).all()
    return SuspensionList(suspensiones=[SuspensionOut(**_suspension_out(row)) for row in rows])


@post("/suspensiones", sync_to_thread=True, status_code=201, summary="Declarar una suspensión de plazos",
      response_description="Quedó registrado",
      responses=ERRORS)
def create_suspension(admin: Actor, state: State, data: JSONBody[SuspensionIn]) -> SuspensionCreated:
    if data.alcance not in SuspensionScope._value2member_map_:
        raise _bad_request("El alcance debe ser uno de: " + ", ".join(s.value for s in SuspensionScope) + ".")
    try:
        with transaction(state.engine) as session:
            if data.archivo_id is not None:
                stored = session.get(StoredFile, data.archivo_id)
                if stored is None or stored.organization_id != admin.organization_id:
                    raise OverlayError("No existe el archivo del acuerdo (archivo_id) en su ente.")
            suspension, moved = declare_suspension(session, admin, data.desde, data.hasta,
                                                   SuspensionScope(data.alcance), data.acuerdo, data.archivo_id)
    except OverlayError as exc:
        raise _bad_request(str(exc)) from None
    return SuspensionCreated(**_suspension_out(suspension), recalculados=_moved(moved))


@delete("/suspensiones/{suspension_id:int}", sync_to_thread=True, status_code=200,
        summary="Eliminar una suspensión de plazos", response_description="Quedó eliminado", responses=DELETE_ERRORS)
def delete_suspension(admin: Actor, state: State, suspension_id: int) -> Removed:
    with transaction(state.engine) as session:
        suspension = _own(session, admin, Suspension, suspension_id, "No existe esa suspensión en su ente.")
        moved = lift_suspension(session, admin, suspension)
    return Removed(eliminado=suspension_id, recalculados=_moved(moved))


ROUTES = [Router(
    path="/api/v1/calendario",
    # The API's token-only actor (a session cookie does not authenticate here), then the admin check.
    dependencies={"actor": Provide(api.api_actor, sync_to_thread=True),
                  "admin": Provide(require_admin, sync_to_thread=False)},
    exception_handlers={NotAuthorizedException: api.unauthorized, NotFoundException: api.not_found},
    route_handlers=[list_days, create_day, delete_day, list_suspensions, create_suspension, delete_suspension],
    tags=["Calendario legal"],
    include_in_schema=True,
    security=api.BEARER_TOKEN,
)]
