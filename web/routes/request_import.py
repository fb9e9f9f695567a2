"""Importar solicitudes: upload an export (CSV or XLSX), watch its progress, read its row-by-row report."""

from dataclasses import replace
from pathlib import Path

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import State, UploadFile
from litestar.exceptions import PermissionDeniedException
from litestar.response import Redirect, Template

from engine import files
from engine.accounts import Actor, Role
from engine.db import reading, transaction
from engine.runtime import NotFound
from engine.settings import Settings
from workflows.access_request.importing import (begin_import, import_of, recent_imports, settle_interrupted,
                                                start_import)
from workflows.access_request.models import ImportStatus
from workflows.access_request.pnt_export import EXTENSIONS

IMPORTERS = {Role.TRANSPARENCIA, Role.ADMIN}


def _require_importer(actor: Actor) -> None:
    if not actor.roles & IMPORTERS:
        raise PermissionDeniedException("Solo la Unidad de Transparencia o la administración importan solicitudes.")


def _form_page(state: State, actor: Actor, error: str = "", status: int = 200) -> Template:
    settle_interrupted(state.engine, actor.organization_id)
    with reading(state.engine) as session:
        imports = recent_imports(session, actor.organization_id)
    return Template("requests/import.html", context={"actor": actor, "imports": imports, "error": error,
                                                     "statuses": ImportStatus}, status_code=status)


# Async on purpose: a sync_to_thread GET joined by a POST on the same path is wrapped twice by
# Litestar 2.25 (see web/routes/correspondence.py).
@get("/solicitudes/importar")
async def import_page(state: State, actor: Actor) -> Template:
    _require_importer(actor)
    return await to_thread.run_sync(_form_page, state, actor)


def _begin(state: State, settings: Settings, actor: Actor, upload: UploadFile | None) -> int:
    """Check the file's type and size here; it is read in the import's thread (a large XLSX takes seconds)."""
    if upload is None:
        raise files.UploadRejected("Elija el archivo .csv o .xlsx exportado de la PNT.")
    content = upload.file.read(settings.max_upload_bytes + 1)
    # Pleno's uploads do not take CSV files elsewhere; here they are the point.
    files.check_upload(replace(settings, allowed_upload_types=EXTENSIONS), upload.filename, content)
    with transaction(state.engine) as session:
        import_id = begin_import(session, actor, Path(upload.filename).name).id
    start_import(state.engine, actor, import_id, upload.filename, content)
    return import_id


@post("/solicitudes/importar")
async def upload_export(request: Request, state: State, settings: Settings, actor: Actor) -> Response:
    _require_importer(actor)
    form = await request.form()
    upload = form.get("archivo")
    upload = upload if isinstance(upload, UploadFile) and upload.filename else None
    try:
        import_id = await to_thread.run_sync(_begin, state, settings, actor, upload)
    except files.UploadRejected as exc:
        return await to_thread.run_sync(_form_page, state, actor, str(exc), 400)
    finally:
        for value in form.values():
            if isinstance(value, UploadFile):
                await value.close()
    return Redirect(f"/solicitudes/importar/{import_id}", status_code=303)


def _import_context(state: State, actor: Actor, import_id: int) -> dict:
    _require_importer(actor)
    settle_interrupted(state.engine, actor.organization_id)
    with reading(state.engine) as session:
        found = import_of(session, actor, import_id)
    if found is None:
        raise NotFound("No existe esa importación.")
    return {"actor": actor, "item": found, "statuses": ImportStatus}


@get("/solicitudes/importar/{import_id:int}", sync_to_thread=True)
def import_progress_page(state: State, actor: Actor, import_id: int) -> Template:
    return Template("requests/import_progress.html", context=_import_context(state, actor, import_id))


@get("/solicitudes/importar/{import_id:int}/progreso", sync_to_thread=True)
def import_progress_fragment(state: State, actor: Actor, import_id: int) -> Template:
    return Template("requests/_import_progress.html", context=_import_context(state, actor, import_id))


ROUTES: list = [import_page, upload_export, import_progress_page, import_progress_fragment]
