"""Steps of the correspondence process that many tests take before the part they check."""

from datetime import timedelta

from sqlmodel import select

from engine.clock import DEFAULT_TIMEZONE, today_in
from engine.db import transaction
from engine.processes import OpenTask, ProcessInstance
from engine.runtime import runtime
from workflows import correspondence
from workflows.correspondence.forms import RegisterForm
from workflows.correspondence.models import Correspondence


def register_document(engine, actor, **fields) -> ProcessInstance:
    values = dict(remitente="Mtra. Laura Díaz", asunto="Solicita informe de avance del programa anual",
                  canal="ventanilla", fecha_recepcion=today_in(DEFAULT_TIMEZONE).isoformat(), hora_recepcion="10:30")
    values.update(fields)
    with transaction(engine) as session:
        return correspondence.register(session, actor, RegisterForm.model_validate(values))


def item_of(engine, instance_id: int) -> Correspondence:
    with transaction(engine) as session:
        return session.exec(select(Correspondence).where(Correspondence.instance_id == instance_id)).one()


def open_tasks(engine, instance_id: int) -> list[OpenTask]:
    with transaction(engine) as session:
        return list(session.exec(select(OpenTask).where(OpenTask.instance_id == instance_id)
                                 .order_by(OpenTask.area_id)).all())


def turn_document(engine, actor, instance_id: int, areas, days: int = 10) -> ProcessInstance:
    [task] = open_tasks(engine, instance_id)
    with transaction(engine) as session:
        return runtime.complete_task(session, actor, task.id, {
            "areas": [a.id for a in areas], "instruccion": "Atender y responder",
            "fecha_limite": (today_in(DEFAULT_TIMEZONE) + timedelta(days=days)).isoformat()})
