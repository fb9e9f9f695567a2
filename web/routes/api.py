"""JSON API under /api/v1, authenticated only by a per-user token (Authorization: Bearer <token>)."""

from datetime import date, datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, Router, get, post
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import ClientException, HTTPException, NotAuthorizedException, NotFoundException
from litestar.openapi import ResponseSpec
from litestar.params import Body, HeaderParameter, JSONBody, Parameter
from sqlmodel import Session, select

from engine import audit, inbox, sent_forms
from engine.accounts import Actor, Role, actor_for, user_for_token
from engine import clock
from engine.db import transaction
from engine.forms import FormInvalid, validate_form
from engine.processes import ProcessInstance, history_for
from engine.runtime import Conflict, NotAllowed, StaleInstance, TaskGone, runtime
from web.form_schemas import form_body
from workflows import correspondence
from workflows.correspondence import queries
from workflows.correspondence.forms import RegisterForm
from workflows.correspondence.models import Correspondence

# -- response and request shapes (documented in /api/v1/schema) ----------------------------------


class ApiError(msgspec.Struct):
    error: str


class FormErrors(msgspec.Struct):
    errores: dict[str, str]


class TaskOut(msgspec.Struct):
    id: str
    proceso_id: int
    proceso: str
    tarea: str
    titulo: str
    asunto: str
    rol: str | None
    area_id: int | None
    area: str | None
    asignada_a: str | None
    vence: datetime | None
    estado_plazo: str
    creada: datetime


class TaskList(msgspec.Struct):
    tareas: list[TaskOut]
    total: int
    pagina: int
    paginas: int


class CompleteTaskIn(msgspec.Struct):
    datos: Annotated[dict[str, Any], msgspec.Meta(description=(
        "Los campos del formulario de la tarea: varían con cada tarea (la identifican «proceso» y «tarea» en "
        "GET /api/v1/tareas) y la API no los lista. Un campo que falta o no es válido da 422 con su mensaje; "
        "un campo de archivo no se puede llenar por la API, que no recibe archivos."))]
    version: Annotated[int | None, msgspec.Meta(description=(
        "La versión del proceso leída con GET /api/v1/procesos/{proceso_id}: si cambió desde entonces, 409 y "
        "no se guarda nada"))] = None


class InstanceRef(msgspec.Struct):
    proceso_id: int
    estado: str
    version: int


class TimelineEvent(msgspec.Struct):
    fecha: datetime
    accion: str
    resumen: str
    actor: str


class OpenTaskOut(msgspec.Struct):
    id: str
    tarea: str
    titulo: str
    rol: str | None
    area_id: int | None
    vence: datetime | None


class InstanceOut(msgspec.Struct):
    id: int
    proceso: str
    titulo: str
    estado: str
    version: int
    error: str | None
    iniciado: datetime
    concluido: datetime | None
    tareas_abiertas: list[OpenTaskOut]
    historial: list[TimelineEvent]


class CorrespondenceCreated(msgspec.Struct):
    folio: str
    id: int
    proceso_id: int


class TurnOut(msgspec.Struct):
    area_id: int
    area: str
    ronda: int
    instruccion: str
    fecha_limite: date
    estado: str
    vencido: bool
    respuesta: str
    respondido: datetime | None


class CorrespondenceOut(msgspec.Struct):
    id: int
    folio: str
    proceso_id: int | None
    estado: str
    remitente: str
    cargo: str
    dependencia: str
    asunto: str
    tema: str
    canal: str
    recibido: datetime
    registrado: datetime
    captura_extemporanea: str
    fojas: int
    anexos: str
    turnos: list[TurnOut]
    concluido: datetime | None
    conclusion: str


# What each error status means across the API; every operation lists only the ones it can answer.
_ERRORS = {
    400: (ApiError, "La petición no es válida: JSON mal formado, o un campo o un parámetro con un valor que no "
                    "se admite; el mensaje en español dice cuál corregir"),
    401: (ApiError, "Falta un token de API válido (encabezado Authorization: Bearer <token>)"),
    403: (ApiError, "Su rol o su área no permiten esta acción"),
    404: (ApiError, "No existe o no corresponde a su área"),
    409: (ApiError, "La tarea ya no está pendiente o el proceso cambió mientras tanto"),
    422: (FormErrors, "Datos inválidos, con un mensaje por campo"),
}

# The token every operation under a router with it requires (the scheme is declared in web.app).
BEARER_TOKEN = [{"BearerToken": []}]


def error_responses(*statuses: int, described: dict[int, str] | None = None) -> dict[int, ResponseSpec]:
    """The documented error answers of one operation; `described` words one status for it."""
    described = described or {}
    return {status: ResponseSpec(data_container=_ERRORS[status][0],
                                 description=described.get(status, _ERRORS[status][1]))
            for status in statuses}


# -- authentication -----------------------------------------------------------------------------


def api_actor(request: Request, db: Session) -> Actor:
    """Only a bearer token authenticates here: a session cookie would bypass CSRF (off for /api/)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    user = user_for_token(db, token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if user is None:
        raise NotAuthorizedException("Falta un token de API válido (encabezado Authorization: Bearer <token>).")
    return actor_for(db, user)


def unauthorized(_request: Request, exc: NotAuthorizedException) -> Response:
    return Response({"error": exc.detail}, status_code=401, headers={"WWW-Authenticate": "Bearer"})


def _invalid(_request: Request, exc: FormInvalid) -> Response:
    return Response({"errores": exc.errors}, status_code=422)


def _conflict(read_again: str):
    """The 409 answer in the runtime's words, but with `read_again` for its usual advice (to reload a page):
    to read again the process, by its address when the conflict knows it."""
    def answer(_request: Request, exc: Conflict) -> Response:
        if not exc.usual:
            return Response({"error": str(exc)}, status_code=409)
        # A task completed meanwhile has left no row naming its process: the client has its proceso_id.
        process = (f"el proceso (GET /api/v1/procesos/{exc.instance_id})" if exc.instance_id is not None else
                   "el proceso de la tarea (GET /api/v1/procesos/ y el proceso_id que dio GET /api/v1/tareas)")
        return Response({"error": f"{exc.USUAL} Lea de nuevo {process} {read_again}"}, status_code=409)
    return answer


_CONFLICTS = {
    TaskGone: _conflict("para ver su estado actual y sus tareas abiertas."),
    StaleInstance: _conflict("para ver su estado y su versión actuales, y revise antes de enviar otra vez."),
}


def not_found(_request: Request, exc: NotFoundException) -> Response:
    return Response({"error": exc.detail if exc.detail != "Not Found" else "No encontrado."}, status_code=404)


# -- endpoints ----------------------------------------------------------------------------------


def _due_filter(plazo: str | None) -> str | None:
    # The inbox reads an unknown filter as «no filter»: a misspelt one would list every task.
    if plazo and plazo not in inbox.DUE_FILTERS:
        raise HTTPException(status_code=400,
                            detail=f"El parámetro «plazo» debe ser uno de: {', '.join(inbox.DUE_FILTERS)}.")
    return plazo or None


@get("/tareas", sync_to_thread=True, summary="Mis tareas abiertas",
     response_description="Lo que se pidió", responses=error_responses(400, 401))
def my_tasks(actor: Actor, db: Session, proceso: str | None = None, area_id: int | None = None,
             plazo: Annotated[str | None, Parameter(description="Uno de: " + ", ".join(inbox.DUE_FILTERS),
                                                    schema_extra={"enum": list(inbox.DUE_FILTERS)})] = None,
             pagina: Annotated[int, Parameter(ge=1, le=inbox.LAST_PAGE, description=(
                 "Una página después de la última llega vacía, con el total"))] = 1,
             por_pagina: Annotated[int, Parameter(ge=1, le=100)] = 25) -> TaskList:
    page = inbox.my_tasks(db, actor, process=proceso, area_id=area_id, due=_due_filter(plazo), page=pagina,
                          per_page=por_pagina, past_the_end_is_last=False)
    return TaskList(tareas=[TaskOut(
        id=row.task.id, proceso_id=row.task.instance_id, proceso=row.task.process_id, tarea=row.task.task_name,
        titulo=row.task.title, asunto=row.task.subject, rol=row.task.role, area_id=row.task.area_id,
        area=row.area_name, asignada_a=row.assignee_name, vence=row.task.due_at, estado_plazo=row.due.value,
        creada=row.task.created_at) for row in page.rows],
        total=page.total, pagina=page.page, paginas=page.pages)


@post("/tareas/{task_id:str}/completar", sync_to_thread=True, status_code=200, summary="Completar una tarea",
      response_description="Quedó hecho",
      responses=error_responses(400, 401, 403, 404, 409, 422, described={
          404: "El identificador no es el de ninguna tarea (las tareas se identifican con un UUID)",
          409: "La tarea ya no está pendiente (o no existe), otra persona la tomó, o el proceso cambió después "
               "de la versión enviada"}))
def complete(actor: Actor, state: State, task_id: str, data: JSONBody[CompleteTaskIn]) -> InstanceRef:
    with transaction(state.engine) as session:
        instance = runtime.complete_task(session, actor, task_id, data.datos, expected_version=data.version)
    return InstanceRef(proceso_id=instance.id, estado=instance.status.value, version=instance.version)


def _visible_instance(session: Session, actor: Actor, instance_id: int) -> ProcessInstance:
    instance = session.get(ProcessInstance, instance_id)
    if instance is None or not inbox.can_view_instance(session, actor, instance):
        raise NotFoundException("No existe ese proceso o no corresponde a su área.")
    return instance


@get("/procesos/{instance_id:int}", sync_to_thread=True, summary="Estado de un proceso",
     response_description="Lo que se pidió",
     responses=error_responses(400, 401, 404, described={404: "No existe ese proceso o no corresponde a su área"}))
def instance_detail(actor: Actor, db: Session, instance_id: int) -> InstanceOut:
    instance = _visible_instance(db, actor, instance_id)
    tasks = [OpenTaskOut(id=t.id, tarea=t.task_name, titulo=t.title, rol=t.role, area_id=t.area_id, vence=t.due_at)
             for t, _area, _assignee in inbox.open_tasks_of(db, instance)]
    events = [TimelineEvent(fecha=e.at, accion=e.action, resumen=e.summary, actor=e.actor_name)
              for e in history_for(db, actor, instance, audit.events_for(db, instance.organization_id, "proceso",
                                                                          instance.id))]
    return InstanceOut(id=instance.id, proceso=instance.process_id, titulo=instance.title,
                       estado=instance.status.value, version=instance.version, error=instance.error_message,
                       iniciado=instance.created_at, concluido=instance.completed_at, tareas_abiertas=tasks,
                       historial=events)


def _register(session: Session, actor: Actor, form: RegisterForm) -> CorrespondenceCreated:
    instance = correspondence.register(session, actor, form)
    item = session.exec(select(Correspondence).where(Correspondence.instance_id == instance.id)).one()
    return CorrespondenceCreated(folio=item.folio, id=item.id, proceso_id=instance.id)


IDEMPOTENCY_KEY = HeaderParameter(
    name="Idempotency-Key", min_length=1, max_length=sent_forms.REQUEST_KEY_LENGTH,
    description="Clave única de este documento, elegida por el cliente (p. ej. un UUID); recomendada. "
                "Reenviar la petición con la misma clave y los mismos datos (tras un error de red o un tiempo "
                "agotado) devuelve el mismo folio sin registrar otro; con otros datos, 409. Las claves son de "
                f"cada persona dueña del token y se recuerdan {sent_forms.KEPT_FOR.days} días.")


@post("/correspondencia", sync_to_thread=True, status_code=201, summary="Registrar un documento recibido",
      response_description="Quedó registrado (o ya lo estaba con esa Idempotency-Key: el mismo folio)",
      responses=error_responses(400, 401, 403, 409, 422, described={
          403: "Solo la oficialía de partes registra correspondencia",
          409: "La Idempotency-Key ya se usó con otros datos; no se registró nada"}))
def register_correspondence(
        actor: Actor, state: State,
        data: Annotated[dict[str, Any], Body(
            title="Registro de un documento recibido", schema_extra=form_body(RegisterForm),
            description="Los campos del formulario de registro de la oficialía: fecha_recepcion como AAAA-MM-DD, "
                        "hora_recepcion como HH:MM. El documento escaneado no se adjunta por la API.")],
        idempotency_key: Annotated[str | None, IDEMPOTENCY_KEY] = None,
) -> CorrespondenceCreated:
    # The register task sits in the oficialía lane; the runtime would refuse anyone else anyway.
    if not actor.can_act(Role.OFICIALIA, None):
        raise NotAllowed("Solo la oficialía de partes puede registrar correspondencia.")
    now = clock.now_in(actor.timezone)
    try:
        with transaction(state.engine) as session:
            # The key first: a retry gets the first send's answer, its data neither checked nor registered again.
            claimed = None if idempotency_key is None else sent_forms.claim_request(
                session, actor.organization_id, actor.user_id, idempotency_key, data)
            created = _register(session, actor, validate_form(RegisterForm, data, now=now))
            sent_forms.record(session, claimed, created.id, msgspec.to_builtins(created))
    except sent_forms.SentAlready as sent:
        return msgspec.convert(sent.response, CorrespondenceCreated)
    except sent_forms.KeyReused as reused:
        raise ClientException(f"La clave Idempotency-Key «{reused.key}» ya registró el folio "
                              f"{reused.response['folio']} con otros datos; no se registró nada. Para otro "
                              "documento use una clave nueva.", status_code=409) from None
    return created


@get("/correspondencia/{folio:str}", sync_to_thread=True, summary="Un documento por su folio",
     response_description="Lo que se pidió",
     responses=error_responses(400, 401, 404, described={
         404: "No existe ese folio en su ente o no se turnó a su área"}))
def correspondence_by_folio(actor: Actor, db: Session, folio: str) -> CorrespondenceOut:
    missing = NotFoundException("No existe ese folio en la correspondencia de su ente o no se turnó a su área.")
    item = queries.document_by_folio(db, actor.organization_id, folio)
    if item is None:
        raise missing
    try:
        detail = queries.detail(db, actor, item.id)
    except NotAllowed:
        # Another area's document does not exist for this enlace.
        raise missing from None
    return CorrespondenceOut(
        id=item.id, folio=item.folio, proceso_id=item.instance_id, estado=item.status.value,
        remitente=item.sender_name, cargo=item.sender_position, dependencia=item.sender_organization,
        asunto=item.subject, tema=item.topic, canal=item.channel.value, recibido=item.received_at,
        registrado=item.created_at, captura_extemporanea=item.late_capture_reason, fojas=item.pages,
        anexos=item.annexes, concluido=item.closed_at, conclusion=item.conclusion,
        turnos=[TurnOut(area_id=t.turn.area_id, area=t.area_name, ronda=t.turn.round,
                        instruccion=t.turn.instruction, fecha_limite=t.due_on, estado=t.turn.status.value,
                        vencido=t.overdue, respuesta=t.turn.answer, respondido=t.turn.answered_at)
                for t in detail.turns])


ROUTES = [Router(
    path="/api/v1",
    # Overrides the app's "actor", which also accepts a session cookie.
    dependencies={"actor": Provide(api_actor, sync_to_thread=True)},
    exception_handlers={NotAuthorizedException: unauthorized, FormInvalid: _invalid,
                        NotFoundException: not_found, **_CONFLICTS},
    route_handlers=[my_tasks, complete, instance_detail, register_correspondence, correspondence_by_folio],
    tags=["API v1"],
    # The app leaves its pages out of the schema; this router is the API.
    include_in_schema=True,
    security=BEARER_TOKEN,
)]
