"""E-mail texts live in templates/emails/<name>/{subject.txt,body.txt}, rendered by the worker."""

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from engine.settings import ROOT

_templates = Environment(loader=FileSystemLoader(ROOT / "templates" / "emails"), undefined=StrictUndefined,
                         autoescape=False, keep_trailing_newline=True)


def render_email(name: str, **context) -> tuple[str, str]:
    """(subject, body) of one e-mail template."""
    subject = _templates.get_template(f"{name}/subject.txt").render(**context).strip()
    return subject, _templates.get_template(f"{name}/body.txt").render(**context)
