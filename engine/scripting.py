"""The only code a diagram may run: expressions (simpleeval) and registered service handlers."""

import json
from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from simpleeval import EvalWithCompoundTypes
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from engine import audit

SAFE_FUNCTIONS = {"len": len, "min": min, "max": max, "sum": sum, "any": any, "all": all,
                  "str": str, "int": int, "bool": bool, "sorted": sorted}

ServiceHandler = Callable[[Any, dict[str, Any]], dict[str, Any]]
_handlers: dict[str, ServiceHandler] = {}

# The runtime puts the caller's session, organization and actor here while it advances.
current_call: ContextVar[Any] = ContextVar("pleno_service_call")


class ScriptNotAllowed(Exception):
    pass


def service_handler(name: str) -> Callable[[ServiceHandler], ServiceHandler]:
    """Register a function as the handler of BPMN service tasks with this operator id."""
    def register(function: ServiceHandler) -> ServiceHandler:
        if name in _handlers and _handlers[name] is not function:
            raise ValueError(f"El manejador {name!r} ya está registrado")
        _handlers[name] = function
        return function
    return register


def handler_names() -> set[str]:
    return set(_handlers)


def _json_default(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} no es serializable")


@lru_cache(maxsize=1024)
def _parsed(expression: str):
    """A diagram's expression parsed once: the same few gateway conditions run at every step.
    simpleeval only reads the tree; a syntax error is raised again at every evaluation (not cached)."""
    return EvalWithCompoundTypes.parse(expression)


class ExpressionEnvironment(BasePythonScriptEngineEnvironment):
    def evaluate(self, expression, context, external_context=None):
        names = dict(context)
        if external_context:
            names.update(external_context)
        return EvalWithCompoundTypes(names=names, functions=SAFE_FUNCTIONS).eval(expression, _parsed(expression))

    def execute(self, script, context, external_context=None):
        raise ScriptNotAllowed("Pleno no ejecuta scripts de los diagramas; use una tarea de servicio registrada")

    def call_service(self, context, operation_name=None, operation_params=None, **_ignored):
        handler = _handlers.get(operation_name)
        if handler is None:
            raise LookupError(f"No hay manejador registrado para la operación {operation_name!r}")
        params = {name: spec["value"] for name, spec in (operation_params or {}).items()}
        call = current_call.get()
        # A savepoint per handler: a failing handler undoes its own writes (and audit events),
        # not those of the steps before it.
        queued = audit.pending_count(call.session)
        try:
            with call.session.begin_nested():
                result = handler(call.with_data(context), params)
        except Exception:
            audit.discard_pending_after(call.session, queued)
            raise
        return json.dumps(result or {}, default=_json_default)


class RestrictedScriptEngine(PythonScriptEngine):
    def __init__(self):
        super().__init__(environment=ExpressionEnvironment())

    def call_service(self, task, **kwargs):
        # SpiffWorkflow 3.2's own version hides the real error behind a NameError.
        try:
            return self.environment.call_service(task.data, **kwargs)
        except Exception as err:
            raise WorkflowTaskException(str(err), task=task, exception=err) from err


def error_message(exc: BaseException) -> str:
    """The message a person can act on, not the wrapper SpiffWorkflow adds."""
    inner = getattr(exc, "exception", None) or exc.__cause__ or exc.__context__
    if isinstance(inner, BaseException) and inner is not exc and str(inner):
        return str(inner)
    return str(exc) or type(exc).__name__


SCRIPT_ENGINE = RestrictedScriptEngine()
