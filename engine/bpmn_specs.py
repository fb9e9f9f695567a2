"""BPMN files: parsed with the spiff flavour, validated, cached by the hash of their XML."""

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree
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
    return ParsedProcess(process_id, xml_hash(xml), spec, subprocess_specs)


def parse_file(process_id: str) -> ParsedProcess:
    return parse_xml(process_id, bpmn_path(process_id).read_bytes())


def has_diagram(xml: bytes) -> bool:
    root = etree.fromstring(xml)
    ns = {"bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI"}
    return bool(root.findall(".//bpmndi:BPMNShape", ns))
