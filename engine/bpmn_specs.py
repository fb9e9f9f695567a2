"""BPMN files: parsed with the spiff flavour, validated, cached by the hash of their XML."""

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.specs.mixins.service_task import ServiceTask
from SpiffWorkflow.bpmn.specs.mixins.user_task import UserTask
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from engine.settings import ROOT

BPMN_DIR = ROOT / "bpmn"


@dataclass(frozen=True)
class ParsedProcess:
    process_id: str
    xml_hash: str
    spec: object
    subprocess_specs: dict

    def task_specs(self):
        specs = list(self.spec.task_specs.values())
        for sub in self.subprocess_specs.values():
            specs.extend(sub.task_specs.values())
        return specs

    def user_tasks(self):
        return [s for s in self.task_specs() if isinstance(s, UserTask)]

    def service_tasks(self):
        return [s for s in self.task_specs() if isinstance(s, ServiceTask)]

    def lanes(self) -> set[str]:
        return {s.lane for s in self.task_specs() if getattr(s, "lane", None)}


def xml_hash(xml: bytes) -> str:
    return hashlib.sha256(xml).hexdigest()


def bpmn_path(process_id: str) -> Path:
    return BPMN_DIR / f"{process_id}.bpmn"


@lru_cache(maxsize=64)
def parse_xml(process_id: str, xml: bytes) -> ParsedProcess:
    """Parse (and validate against the BPMN schema) once per distinct XML."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_xml(etree.fromstring(xml), filename=f"{process_id}.bpmn")
    spec = parser.get_spec(process_id)
    subprocess_specs = parser.get_subprocess_specs(process_id)
    for process_spec in [spec, *subprocess_specs.values()]:
        _connect_loop_children(process_spec)
    return ParsedProcess(process_id, xml_hash(xml), spec, subprocess_specs)


def _connect_loop_children(process_spec) -> None:
    """Make each multi-instance (or loop) task hear its children complete, as SpiffWorkflow's own
    deserializer does for a spec it restores. The parser leaves that to the moment the task creates
    its children, which happens in the process that started it: in another one (after a restart,
    in another worker) an area's answer completed its child and the parent never learned of it,
    and the instance stood still with no open task."""
    for task_spec in process_spec.task_specs.values():
        if isinstance(task_spec, LoopTask):
            child_spec = process_spec.task_specs[task_spec.task_spec]
            if not child_spec.completed_event.is_connected(task_spec.merge_child):
                child_spec.completed_event.connect(task_spec.merge_child)
            # After the merge (subscribers run in the order they connected), before the parent moves on.
            if not child_spec.completed_event.is_connected(_outputs_in_input_order):
                child_spec.completed_event.connect(_outputs_in_input_order)


def _outputs_in_input_order(workflow, child) -> None:
    """Keep a multi-instance task's output list in the order of its input list.

    SpiffWorkflow appends each instance's output as the instance completes: two areas answering in
    the reverse order of their turns had each answer recorded under the other's turn. Every reader
    (the handlers, the forms) takes output i as the answer to input i, so the list is put back in
    input order after each merge. The index of each output is kept beside it, in the parent's
    internal data; outputs merged before that was kept (an instance already in course) stay as they came.
    """
    parent = child.parent
    spec = parent.task_spec
    data_input, data_output = getattr(spec, "data_input", None), getattr(spec, "data_output", None)
    if data_input is None or data_output is None or data_output.bpmn_id == data_input.bpmn_id:
        return  # nothing to pair, or SpiffWorkflow already writes each output at its input's index
    output, index = data_output.get(parent), child.internal_data.get("key_or_index")
    if not isinstance(output, list) or not isinstance(index, int):
        return
    order = parent.internal_data.setdefault("output_order", [])
    order.append(index)
    if len(order) != len(output):
        return
    pairs = sorted(zip(order, output), key=lambda pair: pair[0])
    order[:] = [position for position, _ in pairs]
    output[:] = [item for _, item in pairs]


def parse_file(process_id: str) -> ParsedProcess:
    return parse_xml(process_id, bpmn_path(process_id).read_bytes())


def has_diagram(xml: bytes) -> bool:
    root = etree.fromstring(xml)
    ns = {"bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI"}
    return bool(root.findall(".//bpmndi:BPMNShape", ns))
