"""The stored state of an instance: SpiffWorkflow's own JSON document, written by orjson."""

import json
from datetime import UTC, datetime

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine.bpmn_specs import parse_file
from engine.instance_state import StateSerializer
from engine.scripting import SCRIPT_ENGINE

serializer = StateSerializer()


def started(data: dict) -> BpmnWorkflow:
    parsed = parse_file("correspondence")
    workflow = BpmnWorkflow(parsed.spec, parsed.subprocess_specs, script_engine=SCRIPT_ENGINE)
    workflow.task_tree.data.update(data)
    workflow.do_engine_steps()
    return workflow


def restored(text: str) -> BpmnWorkflow:
    parsed = parse_file("correspondence")
    dct = serializer.parse(text)
    serializer.migrate(dct)
    dct["spec"], dct["subprocess_specs"] = parsed.spec, parsed.subprocess_specs
    return serializer.from_dict(dct)


def spiff_json(workflow: BpmnWorkflow) -> str:
    """The document as SpiffWorkflow's own serializer writes it, with the standard library."""
    return super(StateSerializer, serializer).serialize_json(workflow)


def test_the_stored_state_is_the_document_spiffworkflow_itself_writes():
    workflow = started({"asunto": "Solicita informe", "fojas": 3, "anexos": ["a.pdf", "b.pdf"],
                        "acuse": {"folio": "OP-2026-000001", "ñandú": "sí"}, "vacío": None})
    assert json.loads(serializer.serialize_json(workflow)) == json.loads(spiff_json(workflow))


def test_a_datetime_in_task_data_comes_back_as_a_datetime():
    moment = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)
    workflow = restored(serializer.serialize_json(started({"recibido": moment})))
    [task] = workflow.get_tasks(state=TaskState.READY, manual=True)
    assert task.data["recibido"] == moment


def test_what_orjson_refuses_is_written_by_the_json_module_and_still_reads_back():
    huge = 2 ** 70  # beyond the 64 bits orjson encodes
    text = serializer.serialize_json(started({"folio_numerico": huge}))
    [task] = restored(text).get_tasks(state=TaskState.READY, manual=True)
    assert task.data["folio_numerico"] == huge
