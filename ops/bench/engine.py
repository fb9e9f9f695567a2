"""Lifecycles of `correspondence` per second: raw SpiffWorkflow in memory vs Pleno's runtime.

Both sides run the same BPMN with the same stand-in service handlers (canned results, no
documents), so the ratio measures what the runtime adds: persistence of the instance state,
the open-task projection, optimistic locking and the hash-chained audit log, one transaction per
step. The sides run in alternating slices and each ratio is the median of its rounds' ratios.
Usage: python ops/bench/engine.py [--seconds 5] [--postgresql URL]
The last line of output is one JSON object with the figures.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from SpiffWorkflow.bpmn import BpmnWorkflow  # noqa: E402
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine  # noqa: E402
from SpiffWorkflow.bpmn.script_engine.python_environment import TaskDataEnvironment  # noqa: E402
from SpiffWorkflow.util.task import TaskState  # noqa: E402
from sqlalchemy import bindparam  # noqa: E402
from sqlmodel import SQLModel, select  # noqa: E402

import engine.models  # noqa: E402,F401
import workflows  # noqa: E402,F401
from engine import scripting  # noqa: E402
from engine.accounts import Role, actor_for, create_user  # noqa: E402
from engine.bpmn_specs import parse_file  # noqa: E402
from engine.db import make_engine, transaction  # noqa: E402
from engine.processes import OpenTask, descriptor  # noqa: E402
from engine.runtime import runtime  # noqa: E402
from engine.tenancy import Area, Organization  # noqa: E402
from workflows import correspondence  # noqa: E402
from workflows.correspondence.forms import RegisterForm  # noqa: E402

DUE = (datetime.now(UTC) + timedelta(days=30)).isoformat()
FORMS = {
    "register": {"remitente": "Mtra. Laura Díaz", "asunto": "Solicita informe anual", "canal": "ventanilla",
                 "fecha_recepcion": "2026-11-02", "hora_recepcion": "10:30", "fojas": 2},
    "turn": {"decision": "turnar", "areas": [1], "instruccion": "Atender y responder", "fecha_limite": "2099-12-31"},
    "answer": {"sentido": "atendido", "respuesta": "Se remite la información"},
    "close": {"conclusion": "Atendido"},
}


def canned(operation: str, data: dict):
    """What each service task returns, the same for both sides."""
    if operation == "correspondence.record_turns":
        data.pop("respuestas", None)
        return [{"turno_id": 1, "area_id": 1, "area": "Área", "instruccion": "Atender",
                 "vence": DUE[:10], "vence_en": DUE}]
    if operation == "correspondence.record_answers":
        return {"atendidos": 1, "devueltos": 0}
    return {"ok": True}


class CannedEnvironment(TaskDataEnvironment):
    def call_service(self, context, operation_name=None, operation_params=None, **_):
        return json.dumps(canned(operation_name, context))


def raw_lifecycle(parsed, engine_) -> None:
    workflow = BpmnWorkflow(parsed.spec, parsed.subprocess_specs, script_engine=engine_)
    workflow.do_engine_steps()
    while not workflow.is_completed():
        for task in workflow.get_tasks(state=TaskState.READY, manual=True):
            data = FORMS[task.task_spec.bpmn_id]
            if task.task_spec.bpmn_id == "answer":
                task.data["respuesta"] = dict(data)
            else:
                task.data.update(data)
            task.run()
        workflow.do_engine_steps()


def rate(function, seconds: float) -> float:
    """Lifecycles per second of `function` over about `seconds`."""
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        function()
        count += 1
    return count / (time.perf_counter() - start)


def measure(sides: dict[str, Callable[[], None]], seconds: float, rounds: int = 50) -> dict[str, list[float]]:
    """Rates of each side in `rounds` alternating slices of the given time in all.

    Alternating matters on a shared host, whose speed drifts by tens of percent within a minute:
    each round measures every side under the same conditions, so a round's ratios stay true."""
    rates: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, function in sides.items():
            rates[name].append(rate(function, seconds / rounds / len(sides)))
    return rates


def median_ratio(rates: list[float], raw: list[float]) -> float:
    return statistics.median(side / base for side, base in zip(rates, raw))


def prepare(url: str):
    db = make_engine(url)
    SQLModel.metadata.drop_all(db)
    SQLModel.metadata.create_all(db)
    with transaction(db) as session:
        organization = Organization(slug="bench", name="Ente de prueba", short_name="EP")
        session.add(organization)
        session.flush()
        area = Area(organization_id=organization.id, code="A1", name="Área 1")
        session.add(area)
        session.flush()
        # An enlace is always an area's (accounts.create_user refuses one without it).
        user = create_user(session, organization.id, "bench", "Bench", "b@example.org", "x",
                           [(Role.OFICIALIA, None), (Role.ENLACE, area.id)])
        actor = actor_for(session, user)
    return db, actor


REGISTER_FORM = RegisterForm.model_validate(FORMS["register"])


# What a page reads after each step: the instance's open tasks (built once, as the pages do).
READY = select(OpenTask.id, OpenTask.task_name).where(OpenTask.instance_id == bindparam("instance_id"))


def runtime_lifecycle(db, actor) -> None:
    with transaction(db) as session:
        # As the registration page does: start and complete the first task in one transaction.
        instance = correspondence.register(session, actor, REGISTER_FORM)
        ready = session.execute(READY, {"instance_id": instance.id}).all()
    while ready:
        with transaction(db) as session:
            for task_id, name in ready:
                instance = runtime.complete_task(session, actor, task_id, FORMS[name])
            ready = session.execute(READY, {"instance_id": instance.id}).all()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--postgresql", help="postgresql://… to measure there too")
    args = parser.parse_args()

    parsed = parse_file("correspondence")
    raw_engine = PythonScriptEngine(environment=CannedEnvironment())
    saved = dict(scripting._handlers)
    for name in list(scripting._handlers):
        scripting._handlers[name] = lambda call, params, name=name: canned(name, call.data)
    # The process's own hook on a completed task (it records an area's answer) is process logic like
    # the handlers: stood in by a no-op, so the runtime still calls it and only its work is left out.
    process = descriptor("correspondence")
    saved_hook, process.task_completed = process.task_completed, lambda call, task_name: None
    databases = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            sides = {"raw": lambda: raw_lifecycle(parsed, raw_engine)}
            for name, url in (("sqlite", f"sqlite:///{folder}/bench.db"), ("postgresql", args.postgresql)):
                if url:
                    db, actor = prepare(url)
                    databases.append(db)
                    sides[name] = lambda db=db, actor=actor: runtime_lifecycle(db, actor)
            for function in sides.values():
                function()  # warm-up: parsed definitions, prepared statements
            rates = measure(sides, args.seconds * len(sides))
            for db in databases:
                if db.dialect.name == "postgresql":
                    SQLModel.metadata.drop_all(db)
                db.dispose()
    finally:
        scripting._handlers.clear()
        scripting._handlers.update(saved)
        process.task_completed = saved_hook
    raw = statistics.median(rates["raw"])
    print(f"raw SpiffWorkflow in memory:      {raw:8.1f} lifecycles/s")
    figures = {"raw_per_s": round(raw, 1)}
    for name, label, target in (("sqlite", "runtime on SQLite (WAL):         ", 0.25),
                                ("postgresql", "runtime on PostgreSQL:           ", 0.15)):
        if name in rates:
            per_s, ratio = statistics.median(rates[name]), median_ratio(rates[name], rates["raw"])
            spread = sorted(side / base for side, base in zip(rates[name], rates["raw"]))
            figures.update({f"{name}_per_s": round(per_s, 1), f"{name}_ratio": round(ratio, 3)})
            print(f"{label} {per_s:8.1f} lifecycles/s  ratio {ratio:.3f} (rounds {spread[0]:.3f}–{spread[-1]:.3f};"
                  f" target ≥ {target})")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
