"""The Litestar application: pages in Spanish, htmx fragments, the JSON API under /api/v1."""

import gc
import importlib
import logging
from http import HTTPStatus
import os
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, Request, Response
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException, NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.middleware.session.server_side import ServerSideSessionConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from psycopg.errors import NumericValueOutOfRange
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError

from engine import files
from engine.db import LARGEST_ID, make_engine
from engine.forms import FormInvalid
from engine.runtime import NotAllowed, NotFound, StaleInstance, TaskGone
from engine.settings import ROOT, Settings, load_settings
from web import filters, request_errors
from web.deps import provide_actor, provide_db, provide_settings
from web.json_bodies import JsonRequest
from web.session_store import DatabaseStore

import workflows  # noqa: F401  (registers every process and its service handlers)
from workflows.access_request import entidades

TEMPLATES = ROOT / "templates"
STATIC = Path(__file__).parent / "static"

# Each module exports ROUTES; adding a page means adding its module here.
ROUTE_MODULES = [
    "web.routes.auth",
    "web.routes.tasks",
    "web.routes.instances",
    "web.routes.files",
    "web.routes.admin",
    "web.routes.admin_areas",
    "web.routes.admin_users",
    "web.routes.service_status",
    "web.routes.correspondence",
    "web.routes.api",
    "web.routes.calendar_admin",
    "web.routes.rules_admin",
    "web.routes.calendar_api",
    "web.routes.calculator",
    "web.routes.deadlines",
    "web.routes.notifications",
    "web.routes.dev_mailbox",
    "web.routes.requests",
    "web.routes.request_import",
    "web.routes.request_actions",
    "web.routes.request_statistics",
    "web.routes.public_sessions",
    "web.routes.boards",
    "web.routes.sessions",
    "web.routes.session_documents",
    "web.routes.session_room",
    "web.routes.session_notice",
    "web.routes.followup",
]


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _error_page(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """`headers`: those the refusal itself carries (a 405's Allow)."""
    headers = headers or {}
    if _wants_json(request):
        return Response({"error": message}, status_code=status, headers=headers)
    if request.headers.get("hx-request"):
        return Template("layout/_error.html", context={"message": message}, status_code=status,
                        headers=headers | {"HX-Reswap": "innerHTML", "HX-Retarget": "#mensajes"})
    return Template("layout/error.html", context={"message": message, "status": status}, status_code=status,
                    headers=headers)


def _not_authorized(request: Request, exc: Exception) -> Response:
    if _wants_json(request):
        return Response({"error": "Falta un token de API válido o una sesión iniciada."}, status_code=401)
    if request.headers.get("hx-request"):
        return Response("", status_code=401, headers={"HX-Redirect": "/login"})
    return Redirect(f"/login?next={request.url.path}")


def _permission_denied(request: Request, exc: PermissionDeniedException) -> Response:
    if exc.detail == "CSRF token verification failed":
        return _error_page(request, 403, "La página caducó o el formulario no traía su código de seguridad. "
                                         "Recargue la página e intente de nuevo; no se guardó nada.")
    return _error_page(request, 403, exc.detail or "No tiene permiso para ver esto.")


# Litestar's own messages are English; people read these instead.
_SPANISH_STATUS = {
    400: request_errors.INVALID,
    405: "Esa acción no está disponible en esta página.",
    413: "El archivo es demasiado grande: el máximo es {max_mb} MB. No se guardó nada. Regrese con el botón "
         "«Atrás» del navegador: lo que escribió suele seguir en el formulario; elija un archivo más pequeño.",
    500: "Ocurrió un error inesperado; no se guardó nada. Intente de nuevo.",
}


# A program reading the JSON API gets no advice about a browser.
_SPANISH_STATUS_API = {
    405: "Esta dirección no admite ese método; los que admite van en el encabezado Allow.",
    413: "El cuerpo de la petición es demasiado grande: el máximo es de {body_mb} MB. No se guardó nada.",
}


def body_limit_mb(settings: Settings) -> int:
    """The largest request body, in MB: a form carries its file (up to the upload limit) and its fields."""
    return settings.max_upload_mb + 1


def _http_error(request: Request, exc: HTTPException) -> Response:
    # A refused body or parameter: Litestar's detail is English and does not say which one.
    handler = request.scope.get("route_handler")
    message = request_errors.explain(exc, request_errors.sent_names(handler)) or exc.detail
    default = ((_wants_json(request) and _SPANISH_STATUS_API.get(exc.status_code))
               or _SPANISH_STATUS.get(exc.status_code))
    # Litestar's default detail is the English status phrase; a detail written by Pleno is kept.
    if default and (not message or message == HTTPStatus(exc.status_code).phrase):
        settings = request.app.state.settings
        message = default.format(max_mb=settings.max_upload_mb, body_mb=body_limit_mb(settings))
    return _error_page(request, exc.status_code, message, exc.headers)


_log = logging.getLogger("pleno.web")


def _unexpected(request: Request, exc: Exception) -> Response:
    """A failure no page foresaw: the person gets the Spanish page, the log gets the traceback
    (Litestar logs unhandled exceptions only in debug mode)."""
    if isinstance(exc, HTTPException):  # raised on purpose with status 500: its detail is kept
        return _http_error(request, exc)
    _log.error("Error no controlado en %s %s", request.method, request.url.path, exc_info=exc)
    return _error_page(request, 500, _SPANISH_STATUS[500])


def _out_of_range(request: Request, exc: Exception) -> Response:
    """A number in a filter larger than the database stores (SQLite: OverflowError; PostgreSQL:
    «integer out of range», raw or wrapped by SQLAlchemy), or a date past year 9999: it names
    nothing, so the request is refused in Spanish. Any other DataError is unforeseen (500)."""
    cause = getattr(exc, "orig", exc)
    if not isinstance(cause, (OverflowError, NumericValueOutOfRange)):
        return _unexpected(request, exc)
    return _error_page(request, 400, "Un número o una fecha de la petición está fuera de rango; corríjalo y "
                                     "vuelva a intentarlo.")


def _nested_too_deep(request: Request, exc: RecursionError) -> Response:
    """A JSON body nested deeper than msgspec follows («maximum recursion depth exceeded while
    deserializing»): as unreadable as any malformed body. Any other RecursionError is a bug."""
    if "deserializ" not in str(exc):
        return _unexpected(request, exc)
    return _error_page(request, 400, request_errors.BAD_JSON)


def _ids_in_range(request: Request) -> None:
    """An id in the address larger than any column holds names nothing: 404, before the database
    refuses to compare it (an overflow, which would be a 500)."""
    if any(isinstance(value, int) and abs(value) > LARGEST_ID for value in request.path_params.values()):
        raise NotFoundException()


def _no_nul_in_the_address(request: Request) -> None:
    """A NUL (%00) in the address: no stored text holds one, and PostgreSQL refuses to compare one (a 500
    where SQLite found nothing). In the path it names nothing; a parameter is refused naming it."""
    if any(isinstance(value, str) and "\x00" in value for value in request.path_params.values()):
        raise NotFoundException()
    for name, value in request.query_params.multi_items():
        if "\x00" in name + value:
            raise HTTPException(status_code=400, detail=f"El parámetro «{name.replace(chr(0), '')}» contiene un "
                                                        "carácter nulo (%00), que no se admite; quítelo y vuelva a "
                                                        "intentarlo.")


def _address_readable(request: Request) -> None:
    _ids_in_range(request)
    _no_nul_in_the_address(request)


def _handlers():
    return {
        500: _unexpected,
        NotAuthorizedException: _not_authorized,
        PermissionDeniedException: _permission_denied,
        NotAllowed: lambda r, e: _error_page(r, 403, str(e)),
        NotFound: lambda r, e: _error_page(r, 404, str(e)),
        NotFoundException: lambda r, e: _error_page(r, 404, "No encontramos esa página."),
        TaskGone: lambda r, e: _error_page(r, 409, str(e)),
        StaleInstance: lambda r, e: _error_page(r, 409, str(e)),
        # A refusal no page catches (a service task's, as the room closes a session): its messages, not
        # the field names they were keyed by.
        FormInvalid: lambda r, e: _error_page(r, 400, "Revise los datos: " + " ".join(e.errors.values())),
        RecursionError: _nested_too_deep,
        OverflowError: _out_of_range,
        NumericValueOutOfRange: _out_of_range,
        DataError: _out_of_range,
        HTTPException: _http_error,
    }


def _jinja(settings: Settings | None = None) -> JinjaTemplateEngine:
    # No auto-reload: checking every template file's mtime on each render costs more than the
    # render itself; restart the server after editing templates.
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                              trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    filters.install(environment)
    # The registration forms (access and ARCO) offer the same list, also on their task pages.
    environment.globals["entidades_federativas"] = entidades.OPTIONS
    # Every file field states the limit and checks it in the browser before uploading (pleno.js), and names
    # the types the upload accepts, from the list that check reads.
    environment.globals["upload_limit_mb"] = (settings or Settings()).max_upload_mb
    environment.globals["upload_types"] = files.accepted_types(settings or Settings())
    return JinjaTemplateEngine.from_environment(environment)


def _limit_threads() -> None:
    # Handlers run in worker threads; each database call releases the GIL and must win it back.
    # With anyio's default of 40 threads that hand-off dominates (a convoy); a few threads keep
    # the CPU busy without it.
    from anyio import to_thread
    to_thread.current_default_thread_limiter().total_tokens = int(os.environ.get("PLENO_WEB_THREADS", "4"))


def _freeze_startup_objects() -> None:
    # Modules, routes, templates and mappers live as long as the process: moved out of the
    # collector's generations, a full collection no longer walks them while requests wait (p99 of
    # Mis tareas under load: about a fifth less). Once per process: what a later app in the same
    # process (tests) leaves behind must stay collectable.
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


def create_app(settings: Settings | None = None, engine: Engine | None = None,
               run_scheduler: bool = False) -> Litestar:
    settings = settings or load_settings()
    engine = engine or make_engine(settings.database_url)
    route_handlers = [create_static_files_router(path="/static", directories=[STATIC])]
    for name in ROUTE_MODULES:
        route_handlers.extend(importlib.import_module(name).ROUTES)
    on_startup, on_shutdown = [_limit_threads, _freeze_startup_objects], []
    if run_scheduler:
        from web.scheduler_hooks import start_scheduler, stop_scheduler
        on_startup.append(start_scheduler)
        on_shutdown.append(stop_scheduler)
    return Litestar(
        route_handlers=route_handlers,
        state=State({"settings": settings, "engine": engine}),
        dependencies={"db": Provide(provide_db),
                      "settings": Provide(provide_settings, sync_to_thread=False),
                      # Two primary-key reads: faster on the event loop than in a worker thread.
                      "actor": Provide(provide_actor, sync_to_thread=False)},
        middleware=[ServerSideSessionConfig(store="sessions", secure=settings.secure_cookies,
                                            samesite="lax", max_age=12 * 3600).middleware],
        stores={"sessions": DatabaseStore(engine)},
        csrf_config=CSRFConfig(secret=settings.secret_key, cookie_secure=settings.secure_cookies,
                               exclude=["/api/"]),
        template_config=TemplateConfig(instance=_jinja(settings)),
        exception_handlers=_handlers(),
        request_class=JsonRequest,
        openapi_config=OpenAPIConfig(
            title="Pleno API", version="1.0.0", path="/api/v1/schema",
            components=Components(security_schemes={"BearerToken": SecurityScheme(
                type="http", scheme="bearer", description="Token de API emitido en Administración")})),
        # The schema documents the JSON API only: its routers and handlers opt back in.
        include_in_schema=False,
        request_max_body_size=body_limit_mb(settings) * 1024 * 1024,
        before_request=_address_readable,
        on_startup=on_startup,
        on_shutdown=on_shutdown,
        debug=False,
    )
