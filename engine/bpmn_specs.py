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


def parse_file(process_id: str) -> ParsedProcess:
    return parse_xml(process_id, bpmn_path(process_id).read_bytes())


def has_diagram(xml: bytes) -> bool:
    root = etree.fromstring(xml)
    ns = {"bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI"}
    return bool(root.findall(".//bpmndi:BPMNShape", ns))
