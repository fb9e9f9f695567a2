"""How an instance's SpiffWorkflow state becomes the JSON stored in its row, and back.

Only the instance's own state is written: the parsed spec is stored once per BPMN hash and
injected again on load. The document is SpiffWorkflow's own, encoded and parsed with orjson: the
standard library's encoder took a third of the serializer's time, and the serializer runs at
every step of every instance."""

import json
from typing import Any

import orjson
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

# Dates go to SpiffWorkflow's registry (its typed form, which it restores as datetime), not to
# orjson's bare ISO strings. Keys that are not strings are written as the json module writes them.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


class _SpeclessWorkflowConverter(BpmnWorkflowConverter):
    def to_dict(self, workflow):
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct


class StateSerializer(BpmnWorkflowSerializer):
    def __init__(self):
        config = dict(SPIFF_CONFIG)
        config[BpmnWorkflow] = _SpeclessWorkflowConverter
        super().__init__(BpmnWorkflowSerializer.configure(config))
        # What SpiffWorkflow's own encoder does with a value JSON has no type for.
        self._default = self._encoder_cls().default

    def serialize_json(self, workflow, use_gzip=False) -> str:
        self.registry._encoder_mode = True
        try:
            dct = self.to_dict(workflow)
        finally:
            self.registry._encoder_mode = False
        dct[self.VERSION_KEY] = self.VERSION
        try:
            return orjson.dumps(dct, default=self._default, option=_OPTIONS).decode()
        except orjson.JSONEncodeError:
            # What orjson refuses and the json module writes (an integer beyond 64 bits, say).
            return json.dumps(dct, cls=self._encoder_cls)

    @staticmethod
    def parse(text: str) -> dict[str, Any]:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return json.loads(text)  # a state written by the json module with NaN or a huge integer
