"""Steps of the access_request process that many tests take before the part they check."""

from datetime import UTC, date, datetime

import pytest
import SpiffWorkflow.bpmn.specs.event_definitions.timer as spiff_timer
from sqlmodel import select

from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind
from engine.processes import OpenTask
from engine.runtime import runtime
from workflows.access_request import handlers, register_request
from workflows.access_request.forms import RegisterRequestForm
from workflows.access_request.models import TransparencyRequest
from workflows.arco_request import handlers as arco_handlers


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


class SpiffClock(datetime):
    """SpiffWorkflow decides whether a timer is due with datetime.now(); the test says when now is."""

    moment: datetime = datetime(2026, 3, 24, 16, 0, tzinfo=UTC)

    @classmethod
    def now(cls, tz=None):
        return cls.moment.astimezone(tz) if tz else cls.moment.replace(tzinfo=None)


@pytest.fixture(autouse=True)
def working_in_march_2026(monkeypatch):
    """The Unidad works the request as it arrives: turns, answers and timers (and the checks of the terms
    they end, access's and ARCO's) as of 24 March 2026.

    Autouse in the path-test modules that import it.
    """
    SpiffClock.moment = datetime(2026, 3, 24, 16, 0, tzinfo=UTC)  # 10:00 in Mexico City
    monkeypatch.setattr(handlers, "utcnow", lambda: SpiffClock.moment)
    monkeypatch.setattr(arco_handlers, "utcnow", lambda: SpiffClock.moment)
    monkeypatch.setattr(spiff_timer, "datetime", SpiffClock)


def later(day: date) -> datetime:
    """Move the clock to the morning of `day` and return that moment (for fire_due_timers)."""
    SpiffClock.moment = datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=16)
    return SpiffClock.moment


def deadline_rows(engine, folio) -> dict[DeadlineKind, list[Deadline]]:
    with transaction(engine) as session:
        rows = session.exec(select(Deadline).where(Deadline.subject_id == folio).order_by(Deadline.id)).all()
    found: dict[DeadlineKind, list[Deadline]] = {}
    for row in rows:
        found.setdefault(row.kind, []).append(row)
    return found


def response_of(engine, folio) -> Deadline:
    return deadline_rows(engine, folio)[DeadlineKind.RESPUESTA][0]
