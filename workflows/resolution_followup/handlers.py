"""Service tasks of bpmn/resolution_followup.bpmn: each is registered by its operator id."""

from datetime import date

from sqlmodel import Session, select

from engine import audit, deadlines
from engine.accounts import areas_problem
from engine.clock import utcnow
from engine.deadlines import Deadline, DeadlineKind
from engine.documents import long_date
from engine.forms import FormInvalid
from engine.labels import in_a_series
from engine.legal_calendar import calendar_for
from engine.rule_sets import Procedure
from engine.runtime import ServiceCall
from engine.scripting import service_handler
from engine.tenancy import Area
from workflows.board_session.models import ProgressReport, Resolution, ResolutionStatus
from workflows.board_session.sessions import today_for
from workflows.correspondence.turn_form import TurnDue, counted_turn, foreseen_turn
from workflows.resolution_followup.queries import current_terms, progress_of

SUBJECT_TYPE = "acuerdo"
# Used when the acuerdo fixes no date; its basis is replaced by the acuerdo's.
RULE_KEY = "seguimiento_acuerdo"


def resolution_of(call: ServiceCall) -> Resolution:
    resolution = call.session.get(Resolution, call.data["acuerdo"]["id"])
    if resolution is None or resolution.organization_id != call.organization_id:
        raise LookupError("El acuerdo de este proceso no existe en esta organización.")
    return resolution


def _today(call: ServiceCall) -> date:
    return today_for(call.session, call.organization_id, utcnow())


def returned_term(db: Session, organization_id: int, picked: date, today: date) -> TurnDue:
    """The day an area's new term ends when Jurídica returns the acuerdo today with `picked` as the new date: a
    día inhábil rolls to the next día hábil. The verification form says it as the date is picked."""
    return foreseen_turn(calendar_for(db, organization_id, Procedure.SESIONES), today, picked)


def _open_terms(call: ServiceCall, resolution: Resolution, due: date | None,
                area_ids: list[int] | None = None) -> list[dict]:
    """One SEGUIMIENTO deadline per responsible area (or per area of `area_ids`, those a return sends back); the
    alert system reminds each area's enlace."""
    db = call.session
    calendar = calendar_for(db, call.organization_id, Procedure.SESIONES)
    # Kept as días hábiles from today, as a turn's date is: a día inhábil declared later moves it.
    today, days = counted_turn(calendar, _today(call), due) if due is not None else \
        (calendar.received_on(_today(call)), None)
    area_ids = resolution.area_ids if area_ids is None else area_ids
    # Every area checked before the first term opens: an area closed since the acuerdo was proposed
    # refuses the step, and nothing is written.
    problem = areas_problem(db, call.organization_id, area_ids)
    if problem:
        raise FormInvalid({"__all__": f"No se abrió el plazo del acuerdo {resolution.number} para sus áreas "
                                      f"responsables: {problem}. Reactive el área en Administración → Áreas, o "
                                      "avise a la administración."})
    areas = []
    for area_id in area_ids:
        area = db.get(Area, area_id)
        deadline = deadlines.open_deadline(
            db, call.actor, subject_type=SUBJECT_TYPE, subject_id=resolution.number, kind=DeadlineKind.SEGUIMIENTO,
            procedure=Procedure.SESIONES, rule_key=RULE_KEY, title=f"Acuerdo {resolution.number}: {area.name}",
            starts_after=today, days=days, basis=f"Acuerdo {resolution.number} del órgano colegiado",
            responsible_area_id=area.id, instance_id=call.instance_id)
        areas.append({"area_id": area.id, "area": area.name, "plazo_id": deadline.id,
                      "vence": deadline.due_on.isoformat(), "vence_en": deadline.due_at.isoformat()})
    if areas and resolution.deadline_id is None:
        resolution.deadline_id = areas[0]["plazo_id"]
    return areas


@service_handler("resolution_followup.open_terms")
def open_terms(call: ServiceCall, params: dict) -> list[dict]:
    resolution = resolution_of(call)
    areas = _open_terms(call, resolution, resolution.due_on)
    _log(call, resolution, "acuerdo.seguimiento_iniciado",
         f"Inició el seguimiento del acuerdo {resolution.number} con " + ", ".join(a["area"] for a in areas))
    return areas


def _previous_report(call: ServiceCall, resolution: Resolution, area: dict) -> ProgressReport | None:
    """The area's latest report on this same term (a return opens a new term: the progress starts over)."""
    return call.session.exec(select(ProgressReport).where(
        ProgressReport.resolution_id == resolution.id, ProgressReport.area_id == area["area_id"],
        ProgressReport.deadline_id == area["plazo_id"]).order_by(ProgressReport.id.desc())).first()


def _checked_drop(previous: ProgressReport | None, report: dict) -> str:
    """The reason of a lower report than the previous one, which it must give; none for any other."""
    reason = (report.get("motivo_baja") or "").strip()
    if previous is not None and report["avance"] < previous.progress:
        if not reason:
            raise FormInvalid({"motivo_baja": f"El avance baja de {previous.progress} % a {report['avance']} %: "
                                              "explique por qué."})
    elif reason:
        said = f"el informe anterior dijo {previous.progress} %" if previous is not None else "es el primer informe en este plazo"
        raise FormInvalid({"motivo_baja": f"El avance no baja ({said}): deje este campo vacío."})
    return reason


@service_handler("resolution_followup.record_report")
def record_report(call: ServiceCall, params: dict) -> int:
    """One area's report, recorded as it comes, on the area's term; 100 % meets that term."""
    db = call.session
    resolution = resolution_of(call)
    area, report = call.data["area"], call.data["reporte"]
    author = report.get("_autor") or {}
    previous = _previous_report(call, resolution, area)
    reason = _checked_drop(previous, report)
    db.add(ProgressReport(organization_id=call.organization_id, resolution_id=resolution.id, area_id=area["area_id"],
                          text=report["texto"], progress=report["avance"], file_id=report.get("evidencia_id"),
                          reported_by=author.get("id"), reported_at=utcnow(), deadline_id=area["plazo_id"],
                          drop_reason=reason))
    db.flush()
    if resolution.status in (ResolutionStatus.PENDING, ResolutionStatus.OVERDUE):
        resolution.status = ResolutionStatus.IN_PROGRESS
    resolution.progress = progress_of(db, resolution)
    if report["avance"] >= 100:
        deadline = db.get(Deadline, area["plazo_id"])
        if deadline is not None:
            deadlines.close(db, call.actor, deadline, f"{area['area']} informó el cumplimiento al 100 %.",
                            met_at=utcnow())
    dropped = f" (baja de {previous.progress} %: {reason})" if reason else ""
    _log(call, resolution, "acuerdo.avance", f"{area['area']} informó un avance de {report['avance']} % en el "
         f"acuerdo {resolution.number}{dropped}"[:500])
    return report["avance"]


def _returned_areas(call: ServiceCall, resolution: Resolution) -> list[int]:
    """The areas whose compliance Jurídica returns: those it chose, of the acuerdo's; an acuerdo of one area, that
    one. The others' compliance stands, and their terms stay met."""
    chosen = {int(area_id) for area_id in call.data.get("devolver_a") or []}
    if chosen - set(resolution.area_ids):
        raise FormInvalid({"devolver_a": "Elija solo áreas responsables de este acuerdo."})
    if not chosen and len(resolution.area_ids) == 1:
        chosen = set(resolution.area_ids)
    if not chosen:
        raise FormInvalid({"devolver_a": "Elija las áreas a las que devuelve el cumplimiento."})
    return [area_id for area_id in resolution.area_ids if area_id in chosen]


@service_handler("resolution_followup.return_to_areas")
def return_to_areas(call: ServiceCall, params: dict) -> list[dict]:
    """Jurídica returns the acuerdo with observations: each area it returns it to reports again, on a new term."""
    resolution = resolution_of(call)
    # The per-area items of the previous round would clash with the next round's (SpiffWorkflow
    # refuses an input item that already exists); the reports are kept in ProgressReport rows.
    for key in ("area", "reporte", "avance"):
        call.data.pop(key, None)
    due = date.fromisoformat(call.data["fecha_limite"]) if call.data.get("fecha_limite") else None
    if due is not None and due < _today(call):
        raise FormInvalid({"fecha_limite": "La nueva fecha límite no puede ser anterior a hoy."})
    db = call.session
    area_ids = _returned_areas(call, resolution)
    terms = current_terms(db, resolution)
    returned = [db.get(Deadline, terms[area_id]) for area_id in area_ids if area_id in terms]
    resolution.status = ResolutionStatus.IN_PROGRESS
    areas = _open_terms(call, resolution, due, area_ids)
    observations = call.data.get("observaciones", "").strip()
    names = in_a_series([area["area"] for area in areas])
    summary = (f"Devolvió el acuerdo {resolution.number} {'al área' if len(areas) == 1 else 'a las áreas'} {names}: "
               f"{observations}")[:500]
    moved = returned_term(db, call.organization_id, due, _today(call)) if due else None
    if moved is not None and moved.due != due:  # an inhábil day rolls to the next día hábil
        summary += f"; {moved.moved_note()}"
        # The process data say the day the terms really end, as the areas' tasks do; the picked day stays
        # in the history.
        call.data["fecha_limite"] = moved.due.isoformat()
    # The compliance the areas reported was not accepted: the acuerdo shows the new date, that it was
    # returned, and only the progress reported on the new terms. The terms met stay met, as history,
    # each saying it was returned and until when the area reports again.
    new_due = max((date.fromisoformat(a["vence"]) for a in areas), default=resolution.due_on)
    resolution.due_on, resolution.returned_on = new_due, _today(call)
    resolution.progress = progress_of(db, resolution)
    call.data["acuerdo"] = {**call.data["acuerdo"], "vence": new_due.isoformat() if new_due else None}
    why = (f"La verificación devolvió el cumplimiento con observaciones: {_sentence(observations)} El área informa "
           f"de nuevo en un plazo que vence el {long_date(new_due)}.")
    for term in returned:
        if term is not None:
            deadlines.log_event(db, call.actor, term, "devuelto", term.due_on, term.due_on, why)
    _log(call, resolution, "acuerdo.devuelto", summary)
    # The acuerdo's own expediente tells it too, with both dates: its history otherwise reads only «Completó
    # «Verificar el cumplimiento del acuerdo»».
    audit.record(db, call.organization_id, call.actor.user_id, call.actor.name, "acuerdo.devuelto", "proceso",
                 call.instance_id, summary=summary)
    return areas


@service_handler("resolution_followup.close")
def close(call: ServiceCall, params: dict) -> dict:
    """Verified as met: the acuerdo is cumplido and its remaining terms close."""
    db = call.session
    resolution = resolution_of(call)
    for deadline in deadlines.deadlines_of(db, call.organization_id, SUBJECT_TYPE, resolution.number):
        deadlines.close(db, call.actor, deadline, f"Se verificó el cumplimiento del acuerdo {resolution.number}.",
                        met_at=utcnow())
    resolution.status, resolution.progress, resolution.completed_on = ResolutionStatus.DONE, 100, _today(call)
    _log(call, resolution, "acuerdo.cumplido", f"Verificó el cumplimiento del acuerdo {resolution.number}")
    return {"cumplido": resolution.completed_on.isoformat()}


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "»", '"')) else f"{text}."


def _log(call: ServiceCall, resolution: Resolution, action: str, summary: str) -> None:
    audit.record(call.session, call.organization_id, call.actor.user_id, call.actor.name, action, "sesion",
                 resolution.session_id, summary=summary)
