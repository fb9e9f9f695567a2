"""Mis tareas: the inbox, a task's form page, completing it, and claiming group tasks."""

import types
import typing
from typing import Any, NamedTuple

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import State, UploadFile
from litestar.exceptions import ClientException
from litestar.response import Redirect, Template
from pydantic.fields import FieldInfo
from sqlmodel import Session

from engine import deadlines, inbox
from engine.accounts import Actor, User
from engine.clock import to_local, today_in
from engine.db import reading, transaction
from engine.files import UploadRejected
from engine.forms import FormInvalid, validate_form
from engine.labels import LabeledEnum
from engine.processes import InstanceStatus, OpenTask, ProcessInstance, descriptor, registered_processes
from engine.runtime import PastTask, StaleInstance, TaskGone, runtime
from engine.settings import Settings
from engine.tenancy import Area, active_areas
from web.routes.auth import safe_next
from web.subjects import subject_page, visible_subject_page
from web.uploads import not_kept, store_upload

PER_PAGE = 25


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


# -- inbox -------------------------------------------------------------------------------------

def _inbox(request: Request, db: Session, actor: Actor, process: str | None, area: str | None,
           due: str | None, page: str | None) -> Template:
    filters = {"process": process or "", "area": _int_or_none(area),
               "due": due if due in inbox.DUE_FILTERS else ""}
    result = inbox.my_tasks(db, actor, process=filters["process"] or None, area_id=filters["area"],
                            due=filters["due"] or None, page=max(1, _int_or_none(page) or 1),
                            per_page=PER_PAGE)
    context = {"actor": actor, "result": result, "filters": filters}
    if _is_htmx(request) and request.headers.get("hx-target") == "tabla-tareas":
        return Template("tasks/_table.html", context=context)
    context.update(processes=[(p.process_id, p.title) for p in registered_processes()],
                   area_options=_area_options(db, actor), due_filters=inbox.DUE_FILTERS)
    return Template("tasks/inbox.html", context=context)


def _area_options(db: Session, actor: Actor) -> list[tuple[int, str]]:
    """The areas whose tasks the actor may see: every area for whoever acts for the whole
    organization, an enlace's own areas otherwise (another area's filter would always be empty)."""
    everywhere = actor.is_admin or any(None in areas for areas in actor.grants.values())
    mine = actor.area_ids()
    return [(area_id, name) for area_id, _, name in active_areas(db, actor.organization_id)
            if everywhere or area_id in mine]


# Two handlers, not one with two paths: Litestar 2.25 wraps a multi-path sync_to_thread handler twice.
# The inbox only reads, through an index, in a few milliseconds: it runs on the event loop, which
# under load is faster than handing every request to a worker thread and back.
@get("/tareas", sync_to_thread=False)
def my_tasks(request: Request, db: Session, actor: Actor, process: str | None = None,
             area: str | None = None, due: str | None = None, page: str | None = None) -> Template:
    return _inbox(request, db, actor, process, area, due, page)


@get("/", sync_to_thread=False)
def home(request: Request, db: Session, actor: Actor, process: str | None = None,
         area: str | None = None, due: str | None = None, page: str | None = None) -> Template:
    return _inbox(request, db, actor, process, area, due, page)


def _after_change(request: Request, message: str, back: str) -> Response:
    """htmx: a notice and a signal for the inbox table to reload; plain form: back to the page."""
    if _is_htmx(request):
        return Template("tasks/_notice.html", context={"message": message},
                        headers={"HX-Retarget": "#mensajes", "HX-Reswap": "innerHTML",
                                 "HX-Trigger": "tareas-cambiaron"})
    return Redirect(safe_next(back), status_code=303)


def _back(request: Request, data: dict[str, Any], default: str) -> str:
    return str(data.get("next") or default)


@post("/tareas/{task_id:str}/tomar")
async def claim_task(request: Request, state: State, actor: Actor, task_id: str) -> Response:
    form = await request.form()
    await to_thread.run_sync(_in_transaction, state, inbox.claim, actor, task_id)
    return _after_change(request, "Tomó la tarea; ahora aparece a su nombre.",
                         _back(request, form, f"/tareas/{task_id}"))


@post("/tareas/{task_id:str}/liberar")
async def release_task(request: Request, state: State, actor: Actor, task_id: str) -> Response:
    form = await request.form()
    await to_thread.run_sync(_in_transaction, state, inbox.release, actor, task_id)
    return _after_change(request, "Liberó la tarea; cualquier persona de su grupo puede tomarla.",
                         _back(request, form, "/tareas"))


@post("/tareas/{task_id:str}/reasignar")
async def reassign_task(request: Request, state: State, actor: Actor, task_id: str) -> Response:
    form = await request.form()
    user_id = _int_or_none(form.get("usuario_id"))
    if user_id is None:
        raise ClientException("Elija a la persona a quien reasignar la tarea.")
    task = await to_thread.run_sync(_in_transaction, state, inbox.reassign, actor, task_id, user_id)
    return _after_change(request, "Reasignó la tarea.", _back(request, form, f"/tareas/{task.id}"))


def _in_transaction(state: State, operation, actor: Actor, *args):
    with transaction(state.engine) as session:
        return operation(session, actor, *args)


# -- the task page -----------------------------------------------------------------------------

def _term_ids(value: Any) -> set[int]:
    """The deadline rows the process data names (`plazo_id`, `recurso_plazo_id`…), at any depth."""
    if isinstance(value, list):
        return set().union(*(_term_ids(item) for item in value))
    if not isinstance(value, dict):
        return set()
    found = {v for k, v in value.items() if str(k).endswith("plazo_id") and isinstance(v, int)}
    return found.union(*(_term_ids(v) for v in value.values() if isinstance(v, (dict, list))))


def _current_terms(session: Session, actor: Actor, data: dict) -> dict[str, Any]:
    """`vence(term, prefix)` for the forms: the day a term of the data falls due as the calendar has it
    now (None while it is paused). The data keeps the day written when the term opened; a
    suspension, a desahogo or an ampliación may have moved it since. `en_pausa(term, prefix)`: it is
    paused (the response term during a prevención)."""
    moments = deadlines.due_moments_unless_paused(session, _term_ids(data))

    def term_id(term: dict | None, prefix: str) -> Any:
        return (term or {}).get(f"{prefix}plazo_id")

    def en_pausa(term: dict | None, prefix: str = "") -> bool:
        return term_id(term, prefix) in moments and moments[term_id(term, prefix)] is None

    def vence(term: dict | None, prefix: str = "") -> str | None:
        if en_pausa(term, prefix):
            return None
        moment = moments.get(term_id(term, prefix))
        return to_local(moment, actor.timezone).date().isoformat() if moment else (term or {}).get(f"{prefix}vence")
    return {"vence": vence, "en_pausa": en_pausa}


def task_form_context(session: Session, actor: Actor, task: OpenTask, values: dict | None = None,
                      errors: dict | None = None) -> dict[str, Any]:
    instance = session.get(ProcessInstance, task.instance_id)
    manages = inbox.manages(actor, task)
    data = runtime.task_data(session, instance, task.id)
    process = descriptor(task.process_id)
    extra = process.form_context(session, actor, task.task_name, data) if process.form_context else {}
    return {
        **extra,
        "actor": actor, "task": task, "instance": instance,
        "data": data, **_current_terms(session, actor, data),
        "values": values or {}, "errors": errors or {},
        "areas": active_areas(session, actor.organization_id),
        "process_title": process.title,
        "area": session.get(Area, task.area_id) if task.area_id else None,
        "assignee": session.get(User, task.assignee_id) if task.assignee_id else None,
        "manages": manages,
        "can_act": actor.can_act(task.role, task.area_id),
        # Taken by another person: only they may complete it (the runtime refuses anyone else), so
        # the form is not offered — an answer typed into it would be refused and lost.
        "taken_by_other": task.assignee_id is not None and task.assignee_id != actor.user_id,
        "candidates": inbox.candidates(session, actor.organization_id, task) if manages else [],
        "due": inbox.task_due_state(session, task),
    }


def _task_page(state: State, actor: Actor, task_id: str) -> Template:
    with reading(state.engine) as session:
        # Administrators may open any task to hand it out, though only its role completes it.
        task = inbox.task_for_manager(session, actor, task_id)
        return Template("tasks/task.html", context=task_form_context(session, actor, task))


# async: Litestar 2.25 registers a sync_to_thread handler again when another method joins its path,
# wrapping it twice (the handler then returns a coroutine); the POST below shares this path.
@get("/tareas/{task_id:str}")
async def task_page(state: State, actor: Actor, task_id: str) -> Template:
    return await to_thread.run_sync(_task_page, state, actor, task_id)


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (list, set, tuple):
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    return False


def read_form(model_fields: dict[str, FieldInfo], form) -> tuple[dict[str, Any], dict[str, Any], dict[str, UploadFile]]:
    """(payload for validation, values to refill the form, uploads by field) from a submitted form."""
    payload: dict[str, Any] = {}
    values: dict[str, Any] = {}
    uploads: dict[str, UploadFile] = {}
    for name, field in model_fields.items():
        if _is_list(field.annotation):
            items = [v.strip() for v in form.getall(name, []) if isinstance(v, str) and v.strip()]
            payload[name] = values[name] = items
            continue
        raw = form.get(name)
        if isinstance(raw, UploadFile):
            if raw.filename:
                uploads[name] = raw
            continue
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            continue  # optional fields take their default; required ones report "obligatorio"
        payload[name] = values[name] = raw
    return payload, values, uploads


class InvalidSubmission(Exception):
    """FormInvalid (or a stale form) plus what the person typed, to refill the form."""

    def __init__(self, errors: dict[str, str], values: dict[str, Any], status_code: int = 422):
        super().__init__("formulario inválido")
        self.errors, self.values, self.status_code = errors, values, status_code


# The task is still open but its instance moved on since the form was drawn: another area answered
# its own turn, a colleague changed the request… The form comes back with what the person typed and
# the instance as it is now, so that sending it again is one click, and nothing typed is lost.
STALE_FORM = ("Mientras usted llenaba este formulario se guardó otro cambio en el expediente (por ejemplo, la "
              "respuesta de otra área). No se guardó lo suyo: lo que escribió sigue aquí; revíselo con los datos "
              "actuales y envíelo de nuevo.")


def _complete(state: State, settings: Settings, actor: Actor, task_id: str, form,
              version: int | None) -> ProcessInstance:
    """Store uploads and complete the task in one transaction: any failure rolls both back."""
    with transaction(state.engine) as session:
        task = runtime.open_task(session, actor, task_id)
        model = descriptor(task.process_id).forms[task.task_name]
        payload, values, uploads = read_form(model.model_fields, form)
        try:
            upload_errors: dict[str, str] = {}
            for name, upload in uploads.items():
                title = model.model_fields[name].title or upload.filename
                try:
                    stored = store_upload(session, settings, actor, upload, kind="anexo", title=title,
                                          instance_id=task.instance_id, area_id=task.area_id)
                    payload[name] = stored.id
                except UploadRejected as exc:
                    upload_errors[name] = str(exc)
            if upload_errors:
                try:
                    validate_form(model, {**payload, **{name: None for name in upload_errors}},
                                  today_in(actor.timezone))
                    other: dict[str, str] = {}
                except FormInvalid as exc:
                    other = exc.errors
                raise FormInvalid({**other, **upload_errors})
            if version is None:
                raise StaleInstance("Falta la versión del expediente en el formulario; recargue la página.")
            try:
                return runtime.complete_task(session, actor, task_id, payload, expected_version=version)
            except StaleInstance:
                again = " Adjunte de nuevo el archivo." if uploads else ""
                raise InvalidSubmission(not_kept(uploads, {"__all__": STALE_FORM + again}), values,
                                        status_code=409) from None
        except FormInvalid as exc:
            raise InvalidSubmission(not_kept(uploads, exc.errors), values) from None


@post("/tareas/{task_id:str}")
async def submit_task(request: Request, state: State, settings: Settings, actor: Actor,
                      task_id: str) -> Response:
    form = await request.form()
    version = _int_or_none(form.get("version") if isinstance(form.get("version"), str) else None)
    htmx = _is_htmx(request)
    try:
        instance = await to_thread.run_sync(_complete, state, settings, actor, task_id, form, version)
    except InvalidSubmission as exc:
        return await to_thread.run_sync(_rerender, state, actor, task_id, exc.values, exc.errors, htmx,
                                        exc.status_code)
    except (TaskGone, StaleInstance) as exc:
        return await to_thread.run_sync(_conflict, state, actor, task_id, form, exc, htmx)
    finally:
        for value in form.values():
            if isinstance(value, UploadFile):
                await value.close()
    # Back to what the process is about (the request, the document): there each person reads their
    # own part, where the whole expediente may be closed to them.
    subject = subject_page(instance)
    if not htmx:
        return Redirect(subject.url if subject else f"/procesos/{instance.id}", status_code=303)
    expediente = await to_thread.run_sync(_may_view_instance, state, actor, instance)
    return Template("tasks/_done.html", context={"actor": actor, "instance": instance, "subject": subject,
                                                 "expediente": expediente,
                                                 "status_label": InstanceStatus(instance.status).label})


# A task completed (or left behind by the process) no longer exists to reload: what the person sent is
# shown to copy, with the way to what was done. Who completed it is said when the task kept it.
GONE = "Esta tarea ya no está pendiente: ya se completó o el proceso avanzó. No se guardó lo suyo."
DONE_BY_YOU = "Usted ya completó esta tarea; no se guardó lo que envió ahora."
DONE_BY = "Esta tarea ya no está pendiente: la completó {name}. No se guardó lo suyo."
GONE_SENT = " Lo que envió está abajo, para que lo copie si aún le sirve."


class SentField(NamedTuple):
    title: str
    value: str
    long: bool  # shown in a box that keeps its lines


def _what_the_task_was(session: Session, actor: Actor, task_id: str, form) -> PastTask | None:
    """The instance and BPMN id of the task the form was for (and who completed it): from its row while it
    is open (someone took it), else from the instance the form names, believed only if the task was one of
    its own."""
    row = session.get(OpenTask, task_id)
    if row is not None and row.organization_id == actor.organization_id:
        return PastTask(session.get(ProcessInstance, row.instance_id), row.task_name, None)
    instance_id = _int_or_none(form.get("instancia") if isinstance(form.get("instancia"), str) else None)
    return runtime.task_of(session, actor, instance_id, task_id) if instance_id is not None else None


def _gone(actor: Actor, completed_by: dict[str, Any] | None) -> str:
    """Why a task is no longer there: completed by this very person (a tab left open, «Atrás»), by someone
    named, or, when the task did not keep who, completed or left behind."""
    if completed_by is None:
        return GONE
    if completed_by.get("id") is not None and completed_by["id"] == actor.user_id:
        return DONE_BY_YOU
    return DONE_BY.format(name=completed_by.get("nombre") or "otra persona")


def _shown(session: Session, actor: Actor, name: str, field: FieldInfo, value: Any) -> str:
    """A value as the person chose it: an option's label, the areas' names (of their own organization)."""
    if isinstance(value, list):
        if name == "areas":
            names = {str(area_id): area_name for area_id, _, area_name in active_areas(session, actor.organization_id)}
            return "\n".join(names.get(v, v) for v in value)
        return "\n".join(value)
    for choice in typing.get_args(field.annotation) or (field.annotation,):
        if isinstance(choice, type) and issubclass(choice, LabeledEnum) and value in choice._value2member_map_:
            return choice(value).label
    return value


def _sent(session: Session, actor: Actor, model: type, form) -> list[SentField]:
    """What the person sent, under the form's titles: only the form's own fields (never the CSRF token,
    the version), each file named as not kept."""
    _payload, values, uploads = read_form(model.model_fields, form)
    files = not_kept(uploads, {})
    sent = []
    for name, field in model.model_fields.items():
        if name in files:
            sent.append(SentField(field.title or name, files[name], False))
        elif name in values and values[name] != []:
            shown = _shown(session, actor, name, field, values[name])
            sent.append(SentField(field.title or name, shown, "\n" in shown or len(shown) > 80))
    return sent


def _conflict(state: State, actor: Actor, task_id: str, form, exc: TaskGone | StaleInstance, htmx: bool) -> Template:
    # A stale form can be reloaded; a task someone else completed no longer exists to reload.
    reload = isinstance(exc, StaleInstance)
    sent: list[SentField] = []
    subject = None
    with reading(state.engine) as session:
        found = _what_the_task_was(session, actor, task_id, form)
        if found is not None:
            model = descriptor(found.instance.process_id).forms.get(found.name)
            sent = _sent(session, actor, model, form) if model is not None else []
            subject = visible_subject_page(session, actor, found.instance)
    gone = _gone(actor, found.completed_by if found is not None else None)
    message = gone + (GONE_SENT if sent else "") if type(exc) is TaskGone and exc.usual else str(exc)
    context = {"actor": actor, "message": message, "task_id": task_id, "reload": reload, "sent": sent,
               "subject": subject}
    return Template("tasks/_conflict.html" if htmx else "tasks/conflict.html", context=context, status_code=409)


def _may_view_instance(state: State, actor: Actor, instance: ProcessInstance) -> bool:
    with reading(state.engine) as session:
        return inbox.can_view_instance(session, actor, instance)


def _rerender(state: State, actor: Actor, task_id: str, values: dict, errors: dict, htmx: bool,
              status_code: int = 422) -> Response:
    with reading(state.engine) as session:
        task = runtime.open_task(session, actor, task_id)
        context = task_form_context(session, actor, task, values, errors)
    # 4xx is swapped by htmx too (see the htmx-config in layout/base.html).
    return Template("tasks/_task_form.html" if htmx else "tasks/task.html", context=context,
                    status_code=status_code)


ROUTES: list = [home, my_tasks, claim_task, release_task, reassign_task, task_page, submit_task]
