"""A process instance (expediente): status, timeline, data, documents, open tasks and its diagram."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.response import Redirect, Template
from sqlmodel import Session, select

from engine import audit, inbox
from engine.accounts import Actor, Role
from engine.clock import to_local
from engine.db import transaction
from engine.files import StoredFile
from engine.processes import (InstanceStatus, ProcessInstance, descriptor, field_choices, field_titles,
                              history_for, withholds_personal_data)
from engine.runtime import NotAllowed, runtime
from engine.tenancy import Area
from web.subjects import subject_page


def visible_instance(session: Session, actor: Actor, instance_id: int) -> ProcessInstance:
    """Another organization's instance does not exist (404); an enlace sees only its areas' (403), and a
    process that names its readers (a session's) only them (403, saying who may)."""
    instance = runtime.instance(session, actor, instance_id)
    if not inbox.can_view_instance(session, actor, instance):
        raise NotAllowed(inbox.refusal(instance.process_id, "Este expediente no corresponde a sus áreas."))
    return instance


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HOUR = re.compile(r"(\d{2}:\d{2}):\d{2}")
# Keys the engine and the handlers write (not form fields, so without a form's title).
_ENGINE_KEYS = {"area": "Área", "areas": "Áreas", "instruccion": "Instrucción", "vence": "Vence", "vence_en": "Vence",
                "turnos": "Turnos", "turno": "Turno", "respuestas": "Respuestas", "acuse": "Acuse de recibo",
                "folio": "Folio", "concluido": "Concluido", "atendidos": "Áreas que lo atendieron",
                "devueltos": "Áreas que lo devolvieron", "atencion": "Atención"}


@dataclass
class Reading:
    """What a person needs to read the process data: the process's own labels, the form's titles and
    choices, the area names, the zone."""

    titles: dict[str, str]
    choices: dict[str, dict[str, str]]
    areas: dict[int, str]
    zone: str
    labels: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # the process's words for values, by path
    hidden: frozenset[str] = frozenset()  # paths the process says repeat what the page shows otherwise


def _hidden(key: Any, reading: Reading, path: str = "") -> bool:
    """Internal keys: the engine's own (_autor) and row ids (plazo_id, turno_id), which say nothing to a person;
    and what the process says repeats other data (`path`: "sesion.fecha_local")."""
    key = str(key)
    return key.startswith("_") or key == "id" or key.endswith("_id") or (path or key) in reading.hidden


def _moment(value: str, zone: str) -> str:
    """An ISO date or moment of the data as the pages write them: 25/11/2026, 25/11/2026 18:00 in the zone."""
    if _ISO_DAY.fullmatch(value):
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return to_local(moment, zone).strftime("%d/%m/%Y %H:%M")


def _shown(value: Any, reading: Reading, key: str = "", path: str = "") -> str:
    """A value of the process data (under `key`, at `path`: "acuerdo.texto") as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, dict):
        # A turn keeps its due day and its due moment: the moment says both.
        repeated = {"vence"} if "vence_en" in value else set()
        paths = {k: f"{path}.{k}" if path else k for k in value}
        return "\n".join(f"{_label(k, reading, paths[k])}: {_shown(v, reading, k, paths[k])}"
                          for k, v in value.items() if not _hidden(k, reading, paths[k]) and k not in repeated)
    if isinstance(value, list):
        if all(not isinstance(item, (dict, list)) for item in value):
            return ", ".join(_shown(item, reading, key, path) for item in value) or "—"
        return "\n\n".join(_shown(item, reading, key, path) for item in value)
    if key == "areas" and isinstance(value, int):
        return reading.areas.get(value, str(value))
    if isinstance(value, str) and value in reading.values.get(path or key, {}):
        return reading.values[path or key][value]
    if isinstance(value, str) and value in reading.choices.get(key, {}):
        return reading.choices[key][value]
    if isinstance(value, (date, datetime)):
        return _moment(value.isoformat(), reading.zone)
    if isinstance(value, str) and _ISO_DAY.match(value):
        return _moment(value, reading.zone)
    if isinstance(value, str) and _HOUR.fullmatch(value):
        return value[:5]  # 10:30, as it was typed, not 10:30:00
    return str(value)


def _label(key: str, reading: Reading, path: str = "") -> str:
    """The process's own label for the data at `path` ("acuerdo.texto": the acuerdo's text, not a form's
    «Qué se hizo»), the form's own title for a field ("Fecha de recepción"), the engine's keys in Spanish,
    else the key made readable."""
    return (reading.labels.get(path or key) or reading.titles.get(key) or _ENGINE_KEYS.get(key)
            or key.replace("_", " ").capitalize())


@get("/procesos/{instance_id:int}", sync_to_thread=True)
def instance_page(db: Session, actor: Actor, instance_id: int) -> Template:
    instance = visible_instance(db, actor, instance_id)
    view = runtime.inspect(db, instance)
    documents = db.exec(select(StoredFile).where(StoredFile.instance_id == instance.id,
                                                 StoredFile.organization_id == actor.organization_id)
                        .order_by(StoredFile.created_at, StoredFile.id)).all()
    try:
        process = descriptor(instance.process_id)
        process_title, page_context = process.title, process.page_context
        labels, values, hidden = process.data_labels, process.data_choices, process.data_hidden
        also_on = process.also_recorded_on(db, instance) if process.also_recorded_on else None
        titles, choices = field_titles(instance.process_id), field_choices(instance.process_id)
    except LookupError:
        process_title, titles, choices, page_context, also_on = instance.process_id, {}, {}, None, None
        labels, values, hidden = {}, {}, frozenset()
    # Every area of the organization, active or not: the data may name one closed since.
    areas = dict(db.exec(select(Area.id, Area.name).where(Area.organization_id == actor.organization_id)).all())
    reading = Reading(titles, choices, areas, actor.timezone, labels, values, hidden)
    status = InstanceStatus(instance.status)
    data = view.data
    withheld = withholds_personal_data(db, actor, instance)
    if withheld:
        info = descriptor(instance.process_id)
        data = {k: v for k, v in data.items() if k not in info.personal_fields}
        documents = [d for d in documents if d.kind not in info.personal_file_kinds]
    # The data holds every area's turn and answer; an enlace reads its own on the subject's page,
    # which shows only its areas' part.
    own_areas_only = inbox.own_areas_only(actor, instance.process_id)
    if own_areas_only:
        data = {}
    # Each file as /archivos serves it: not another area's answer, not a session's acta before its review.
    documents = [d for d in documents if inbox.may_read_file(db, actor, instance, d)]
    panel = page_context(db, actor, instance) if page_context else None
    return Template("instances/instance.html", context={
        "actor": actor, "instance": instance, "status": status, "process_title": process_title,
        "events": history_for(db, actor, instance, audit.events_for(db, actor.organization_id, "proceso", instance.id,
                                                                    *([also_on] if also_on else []))),
        "data": [(_label(k, reading, k), _shown(v, reading, k, k)) for k, v in data.items()
                 if not _hidden(k, reading)],
        "panel": panel, "panel_template": f"instances/_{instance.process_id}.html",
        "withheld": withheld, "documents": documents, "own_areas_only": own_areas_only,
        "subject_page": subject_page(instance),
        "open_tasks": inbox.open_tasks_of(db, instance),
        "states": view.states,
    })


# A lane's name is the role that works it (the engine's key, e.g. "transparencia").
_LANE_NAME = re.compile(r'(<(?:\w+:)?lane\b[^>]*?\bname=")([^"]*)(")')


def _role_label(match: re.Match) -> str:
    name = match.group(2)
    return match.group(1) + (Role(name).label if name in Role._value2member_map_ else name) + match.group(3)


def diagram_response(db: Session, instance: ProcessInstance) -> Response:
    """The instance's BPMN for the viewer, its lanes titled as people name the roles
    ("Unidad de Transparencia", not "transparencia")."""
    return Response(_LANE_NAME.sub(_role_label, runtime.definition_xml(db, instance)),
                    media_type="application/xml", headers={"Cache-Control": "private, max-age=3600"})


@get("/procesos/{instance_id:int}/diagrama.bpmn", sync_to_thread=True)
def instance_diagram(db: Session, actor: Actor, instance_id: int) -> Response:
    return diagram_response(db, visible_instance(db, actor, instance_id))


def _retry(state: State, actor: Actor, instance_id: int) -> ProcessInstance:
    with transaction(state.engine) as session:
        visible_instance(session, actor, instance_id)
        return runtime.retry(session, actor, instance_id)


@post("/procesos/{instance_id:int}/reintentar")
async def retry_instance(request: Request, state: State, actor: Actor, instance_id: int) -> Response:
    if not actor.is_admin:
        raise NotAllowed("Solo la administración puede reintentar un proceso con error.")
    instance = await to_thread.run_sync(_retry, state, actor, instance_id)
    if request.headers.get("hx-request") == "true":
        return Response("", status_code=204, headers={"HX-Redirect": f"/procesos/{instance.id}"})
    return Redirect(f"/procesos/{instance.id}", status_code=303)


ROUTES: list = [instance_page, instance_diagram, retry_instance]
