"""Steps of the correspondence process that many tests take before the part they check."""

from datetime import date, timedelta

from sqlmodel import select

from engine.calendar_overlay import declare_non_working
from engine.db import transaction
from engine.deadlines import Deadline
from engine.processes import OpenTask, ProcessInstance
from engine.runtime import runtime
from tests.today import demo_today
from workflows import correspondence
from workflows.correspondence.forms import RegisterForm
from workflows.correspondence.models import Correspondence


def register_document(engine, actor, **fields) -> ProcessInstance:
    values = dict(remitente="Mtra. Laura Díaz", asunto="Solicita informe de avance del programa anual",
                  canal="ventanilla", fecha_recepcion=demo_today().isoformat(), hora_recepcion="10:30")
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
            "fecha_limite": (demo_today() + timedelta(days=days)).isoformat()})


def declare_the_turns_day_inhabil(engine, admin) -> tuple[date, date]:
    """(the day the only turn's term ended, the day it ends now) once that day is declared inhábil."""
    with transaction(engine) as session:
        given = session.exec(select(Deadline.due_on)).one()
        declare_non_working(session, admin, given, given, "Día inhábil por acuerdo del Comité")
    with transaction(engine) as session:
        return given, session.exec(select(Deadline.due_on)).one()
