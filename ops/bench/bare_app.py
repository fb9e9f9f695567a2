"""The baseline for ops/bench/inbox.py: a bare Litestar app rendering a Jinja table of the same size."""

import os

from jinja2 import DictLoader, Environment
from litestar import Litestar, get
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

ROWS = int(os.environ.get("BARE_ROWS", "25"))
PADDING = int(os.environ.get("BARE_PADDING", "0"))

PAGE = """<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Tabla</title></head><body>
<table><thead><tr><th>Proceso</th><th>Tarea</th><th>Asunto</th><th>Área</th><th>Vence</th></tr></thead><tbody>
{% for row in rows %}<tr class="{{ row.css }}"><td>{{ row.process }}</td><td><a href="/t/{{ row.id }}">{{ row.task }}</a></td>
<td>{{ row.subject }}</td><td>{{ row.area }}</td><td>{{ row.due }}</td></tr>{% endfor %}
</tbody></table><div hidden>{{ padding }}</div></body></html>"""

DATA = [{"id": f"{i:08d}-0000-0000-0000-000000000000", "process": "Correspondencia (oficialía de partes)",
         "task": "Atender el turno", "subject": f"OP-2026-{i:06d} · Solicita informe de avance del programa",
         "area": "Dirección de Administración", "due": "30/11/2026", "css": "a-tiempo"} for i in range(ROWS)]


@get("/", sync_to_thread=False)
def table() -> Template:
    return Template("page.html", context={"rows": DATA, "padding": "x" * PADDING})


environment = Environment(loader=DictLoader({"page.html": PAGE}), autoescape=True)
app = Litestar([table], template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment)))
