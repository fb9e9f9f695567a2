"""Check every BPMN file: it parses and validates, can be drawn, and each element has what it needs to run."""

from pathlib import Path

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from engine.accounts import Role
from engine.bpmn_specs import BPMN_DIR, ParsedProcess, has_diagram, xml_hash
from engine.processes import descriptor
from engine.scripting import handler_names
from engine.settings import ROOT

TEMPLATES_DIR = ROOT / "templates"


# The BPMN 2.0 schema. Spiff's own extension schema is stricter than its parser (it wants a
# <parameters> element in every serviceTaskOperator), so extensions are checked below instead.
_VALIDATOR = BpmnValidator()


def _parse(process_id: str, xml: bytes) -> ParsedProcess:
    parser = SpiffBpmnParser(validator=_VALIDATOR)
    parser.add_bpmn_xml(etree.fromstring(xml), filename=f"{process_id}.bpmn")
    spec = parser.get_spec(process_id)
    return ParsedProcess(process_id, xml_hash(xml), spec, parser.get_subprocess_specs(process_id))


def check_file(path: Path, templates_dir: Path = TEMPLATES_DIR) -> list[str]:
    """The problems of one BPMN file, in Spanish; an empty list when it is ready to run."""
    process_id = path.stem
    name = path.name
    xml = path.read_bytes()
    try:
        parsed = _parse(process_id, xml)
    except Exception as exc:  # the parser raises many types; each one means "does not parse"
        return [f"{name}: no se pudo leer o validar el proceso «{process_id}»: {exc}"]
    problems = []
    if not has_diagram(xml):
        problems.append(f"{name}: no tiene coordenadas de diagrama (BPMNDI); no se puede dibujar")
    try:
        forms = descriptor(process_id).forms
    except LookupError:
        forms = None
        problems.append(f"{name}: ningún paquete de workflows/ registra el proceso «{process_id}»")
    for spec in parsed.user_tasks():
        if forms is not None and spec.bpmn_id not in forms:
            problems.append(f"{name}: la tarea de usuario «{spec.bpmn_id}» no tiene modelo de formulario")
        template = templates_dir / "forms" / process_id / f"{spec.bpmn_id}.html"
        if not template.is_file():
            problems.append(f"{name}: falta la plantilla templates/forms/{process_id}/{spec.bpmn_id}.html")
    handlers = handler_names()
    for spec in parsed.service_tasks():
        operation = getattr(spec, "operation_name", None)
        if not operation:
            problems.append(f"{name}: la tarea de servicio «{spec.bpmn_id}» no indica su operación")
        elif operation not in handlers:
            problems.append(f"{name}: la tarea de servicio «{spec.bpmn_id}» llama a «{operation}», "
                            f"que no tiene manejador registrado")
    roles = {role.value for role in Role}
    for lane in sorted(parsed.lanes()):
        if lane not in roles:
            problems.append(f"{name}: el carril «{lane}» no es un rol de Pleno ({', '.join(sorted(roles))})")
    return problems


def check_directory(directory: Path = BPMN_DIR, templates_dir: Path = TEMPLATES_DIR) -> list[str]:
    files = sorted(Path(directory).glob("*.bpmn"))
    if not files:
        return [f"No hay archivos .bpmn en {directory}"]
    return [problem for path in files for problem in check_file(path, templates_dir)]
