"""Every file in bpmn/ parses, validates, can be drawn, and has its forms, templates, handlers and roles."""

import pytest

import workflows  # noqa: F401  (registers the processes and handlers being checked)
from engine.bpmn_check import check_file
from engine.bpmn_specs import BPMN_DIR

FILES = sorted(BPMN_DIR.glob("*.bpmn"))


def test_there_are_bpmn_files():
    assert FILES


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_bpmn_file_is_ready_to_run(path):
    assert check_file(path) == []
