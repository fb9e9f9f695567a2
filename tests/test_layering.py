"""Imports go one way: web → workflows → engine. Checked on the source, with ast."""

import ast
from pathlib import Path

import pytest

from engine.settings import ROOT


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in imported_modules(path):
            if name.split(".")[0] in forbidden:
                found.append(f"{path.relative_to(ROOT)} importa {name}")
    return found


# The engine renders e-mails (templates/emails) from the worker, so Jinja2 is allowed there; pages
# and HTTP stay in web.
@pytest.mark.parametrize("package,forbidden", [
    ("engine", ("web", "workflows", "litestar", "litestar_htmx")),
    ("workflows", ("web", "litestar", "litestar_htmx")),
])
def test_imports_go_one_way(package, forbidden):
    assert violations(package, forbidden) == []


def test_the_scan_catches_a_forbidden_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from web.app import create_app\n")
    assert "web.app" in imported_modules(module)
