"""Follow-up of an acuerdo that orders work: each responsible area reports until it is verified as met."""

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from engine import inbox
from engine.accounts import Actor, Role
from engine.processes import ProcessDescriptor, ProcessInstance, TurnNotice, register_process
from engine.runtime import runtime
from engine.tenancy import Area
from workflows.board_session.models import Board, Resolution, ResolutionStatus
from workflows.board_session.page import status_text
from workflows.board_session.sessions import ORGANIZERS, BoardError
from workflows.board_session.standing import standings
from workflows.resolution_followup import handlers  # noqa: F401  (registers the service handlers)
from workflows.resolution_followup.forms import FORMS
from workflows.resolution_followup.queries import current_terms, reports_of

PROCESS_ID = "resolution_followup"
SUBJECT_TYPE = "acuerdo"


def task_area(name: str, data: dict[str, Any]) -> int | None:
    return data["area"]["area_id"] if name == "report_progress" and "area" in data else None


def task_due(name: str, data: dict[str, Any]) -> datetime | None:
    if name == "report_progress" and "area" in data:
        return datetime.fromisoformat(data["area"]["vence_en"]).astimezone(UTC)
    return None


def task_turn(name: str, data: dict[str, Any]) -> TurnNotice | None:
    """The acuerdo's work an area's report attends: one per area and term (a report short of 100 % keeps the
    area on it: nothing new to tell). A return with observations opens a new term for each area it returns to."""
    if name != "report_progress" or "area" not in data:
        return None
    if data.get("decision") == "devolver":
        return TurnNotice(turn=f"plazo-{data['area']['plazo_id']}", sender=Role.JURIDICO.label,
                          instruction=data.get("observaciones", ""),
                          instruction_label="Devuelto con observaciones de la verificación")
    return TurnNotice(turn=f"plazo-{data['area']['plazo_id']}", sender=Role.JURIDICO.label,
                      instruction=(data.get("acuerdo") or {}).get("texto", ""), instruction_label="Acuerdo")


def _resolution(db: Session, organization_id: int, resolution_id: int | None) -> Resolution | None:
    resolution = db.get(Resolution, resolution_id) if resolution_id else None
    return resolution if resolution is not None and resolution.organization_id == organization_id else None


def form_context(db: Session, actor: Actor, task_name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The reports given so far (the process data keeps only the last): the area's own on its form, with
    its latest on the current term (a lower avance must say why); every area's on the verification."""
    resolution = _resolution(db, actor.organization_id, (data.get("acuerdo") or {}).get("id"))
    if resolution is None:
        return {}
    if task_name == "report_progress" and "area" in data:
        reports = reports_of(db, actor.organization_id, resolution.id, [data["area"]["area_id"]])
        term = current_terms(db, resolution).get(data["area"]["area_id"])
        on_term = [r for r in reports if r.term_id is not None and r.term_id == term]
        return {"reports": reports, "last_on_term": on_term[-1] if on_term else None}
    if task_name == "verify_compliance":
        # Every responsible area, to choose whom to return it to: after a return the data's «areas» are only
        # the last round's.
        names = dict(db.exec(select(Area.id, Area.name).where(Area.id.in_(resolution.area_ids or [-1]))).all())
        return {"reports": reports_of(db, actor.organization_id, resolution.id),
                "responsible": [(area_id, names.get(area_id, "—")) for area_id in resolution.area_ids]}
    return {}


def page_context(db: Session, actor: Actor, instance: ProcessInstance) -> dict[str, Any] | None:
    """Where the acuerdo stands, as the session's documents say it; every report (someone who reads only their
    areas' part, their areas' reports)."""
    resolution = _resolution(db, actor.organization_id, instance.subject_id)
    if resolution is None:
        return None
    own = actor.area_ids() if inbox.own_areas_only(actor, PROCESS_ID) else None
    standing = standings(db, actor.organization_id, [resolution])[resolution.id]
    return {"reports": reports_of(db, actor.organization_id, resolution.id, own),
            "returned_on": resolution.returned_on, "status": status_text(resolution, standing.status)}


# The keys start_followup and the handlers write; "texto" of the acuerdo is not the report's «Qué se hizo».
DATA_LABELS = {"acuerdo.numero": "Número", "acuerdo.texto": "Texto del acuerdo", "acuerdo.organo": "Órgano",
               "acuerdo.vence": "Fecha compromiso", "reporte": "Último informe de avance",
               "cumplimiento": "Cumplimiento", "cumplimiento.cumplido": "Verificado el"}

# "area" is the areas' loop item the last report left in the data: one of «Áreas», already listed with its
# term; the reports below the data say which area gave each. "avance" is record_report's copy of the last
# report's avance, which the diagram's gateway reads: «Último informe de avance» already shows it.
# "devolver_a" are the area ids the last return chose: the history names them, and the areas' terms show them.
DATA_HIDDEN = frozenset({"area", "avance", "devolver_a"})

# The areas' reports and evidence are for Jurídica (who verifies them) and each area for its own: the session's pages
# give the body's members and everyone else where the acuerdo stands, not the reports.
DESCRIPTOR = register_process(ProcessDescriptor(
    process_id=PROCESS_ID, title="Seguimiento de acuerdo", forms=FORMS, task_area=task_area, task_due=task_due,
    task_turn=task_turn, form_context=form_context, page_context=page_context, data_labels=DATA_LABELS,
    data_hidden=DATA_HIDDEN, private_to_roles=frozenset(role.value for role in ORGANIZERS),
    refusal="Solo la Dirección Jurídica y las áreas a las que se turnó el acuerdo pueden ver su seguimiento; cada "
            "área, sus propios informes y evidencias."))


def start_followup(db: Session, actor: Actor, resolution: Resolution) -> ProcessInstance:
    """Start the follow-up of one acuerdo with responsible areas; its areas' terms open at once."""
    if not resolution.area_ids:
        raise BoardError(f"El acuerdo {resolution.number} no ordena trabajo a ningún área.")
    if resolution.followup_instance_id is not None:
        raise BoardError(f"El acuerdo {resolution.number} ya tiene su seguimiento en curso.")
    board = db.get(Board, resolution.board_id)
    instance = runtime.start(db, actor, PROCESS_ID, title=f"Acuerdo {resolution.number}", data={"acuerdo": {
        "id": resolution.id, "numero": resolution.number, "texto": resolution.text, "organo": board.name,
        "vence": resolution.due_on.isoformat() if resolution.due_on else None}},
        subject_type=SUBJECT_TYPE, subject_id=resolution.id)
    resolution.followup_instance_id = instance.id
    if resolution.status == ResolutionStatus.NO_FOLLOWUP:
        resolution.status = ResolutionStatus.PENDING
    db.flush()
    return instance
