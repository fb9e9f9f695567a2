"""Steps of the access_request process that many tests take before the part they check."""

from sqlmodel import select

from engine.db import transaction
from engine.processes import OpenTask
from engine.runtime import runtime
from workflows.access_request import register_request
from workflows.access_request.forms import RegisterRequestForm
from workflows.access_request.models import TransparencyRequest


def request_form(**overrides) -> RegisterRequestForm:
    values = dict(canal="pnt", folio_pnt="330024626000123", fecha_recepcion="2026-03-23", hora_recepcion="10:00",
                  tipo_solicitante="nombre", nombre="María López Hernández", contacto="maria@example.org",
                  descripcion="Solicito los contratos de arrendamiento vigentes y sus anexos.", tema="Contratos",
                  sexo="mujer", rango_edad="30_44")
    values.update(overrides)
    return RegisterRequestForm.model_validate(values)


def file_request(engine, transparencia, **overrides):
    with transaction(engine) as session:
        return register_request(session, transparencia, request_form(**overrides))


def tasks(engine, instance_id) -> list[OpenTask]:
    with transaction(engine) as session:
        return list(session.exec(select(OpenTask).where(OpenTask.instance_id == instance_id)
                                 .order_by(OpenTask.area_id, OpenTask.task_name)).all())


def task_named(engine, instance_id, name) -> OpenTask:
    [task] = [t for t in tasks(engine, instance_id) if t.task_name == name]
    return task


def complete(engine, actor, instance_id, name, data, area_id=None):
    # Drop the in-memory copy first, so every step restores the workflow from its serialized state.
    runtime._cache.clear()
    [task] = [t for t in tasks(engine, instance_id) if t.task_name == name and (area_id is None or t.area_id == area_id)]
    with transaction(engine) as session:
        return runtime.complete_task(session, actor, task.id, data)


def request_of(engine, instance_id) -> TransparencyRequest:
    with transaction(engine) as session:
        return session.exec(select(TransparencyRequest).where(TransparencyRequest.instance_id == instance_id)).one()


def turn(engine, transparencia, instance_id, *areas):
    return complete(engine, transparencia, instance_id, "review",
                    {"decision": "turnar", "areas": [a.id for a in areas], "instruccion": "Buscar y entregar"})
