"""An acuerdo's follow-up: the day the areas' new terms end when Jurídica returns the acuerdo with a new date."""

from datetime import date
from typing import Any

from litestar import get
from litestar.response import Template
from sqlmodel import Session

from engine.accounts import Actor
from engine.documents import weekday_date
from engine.runtime import NotAllowed
from workflows.board_session.sessions import ORGANIZERS, today_for
from workflows.resolution_followup.handlers import returned_term


@get("/acuerdos/devolucion/vencimiento", sync_to_thread=True)
def returned_due_preview(db: Session, actor: Actor, fecha_limite: str | None = None) -> Template:
    """What the verification form says as the new date is picked: a día inhábil rolls to the next día hábil, told
    before saving, not found later in the history."""
    if not actor.roles & ORGANIZERS:
        raise NotAllowed("Solo la Dirección Jurídica verifica el cumplimiento de los acuerdos.")
    context: dict[str, Any] = {"message": "Sin nueva fecha límite, las áreas informan en el plazo que fijan las reglas "
                                          "de sesiones."}
    try:
        picked = date.fromisoformat(fecha_limite or "")
    except ValueError:
        return Template("sessions/_returned_due.html", context=context)
    today = today_for(db, actor.organization_id)
    if picked < today:
        context["message"] = "La nueva fecha límite no puede ser anterior a hoy."
    else:
        term = returned_term(db, actor.organization_id, picked, today)
        context = {"term": term, "due": weekday_date(term.due)}
    return Template("sessions/_returned_due.html", context=context)


ROUTES: list = [returned_due_preview]
