"""Service tasks of bpmn/correspondence.bpmn: each is registered by its operator id."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import select

from engine import audit, files
from engine.clock import to_utc, utcnow
from engine.folios import next_folio
from engine.processes import ProcessInstance
from engine.runtime import ServiceCall
from engine.scripting import service_handler
from engine.settings import load_settings
from engine.tenancy import Area, Organization
from workflows.correspondence.acuse import build_acuse
from workflows.correspondence.models import (Channel, Correspondence, CorrespondenceStatus, Turn,
                                             TurnStatus)

FOLIO_SERIES = "OP"


def _item(call: ServiceCall) -> Correspondence:
    return call.session.exec(select(Correspondence).where(
        Correspondence.instance_id == call.instance_id,
        Correspondence.organization_id == call.organization_id)).one()


def _log(call: ServiceCall, action: str, summary: str, after=None) -> None:
    audit.record(call.session, call.organization_id, call.actor.user_id, call.actor.name, action,
                 "proceso", call.instance_id, summary=summary, after=after)


@service_handler("correspondence.assign_folio")
def assign_folio(call: ServiceCall, params: dict) -> dict:
    """Number the document, keep its data as a row and write the acuse de recibo."""
    session, data = call.session, call.data
    organization = session.get(Organization, call.organization_id)
    received_local = datetime.combine(date.fromisoformat(data["fecha_recepcion"]),
                                      time.fromisoformat(data["hora_recepcion"]))
    received_at = to_utc(received_local, organization.timezone)
    seq, folio = next_folio(session, organization.id, FOLIO_SERIES, received_local.year,
                            organization.correspondence_folio_pattern)
    item = Correspondence(
        organization_id=organization.id, folio=folio, year=received_local.year, seq=seq,
        sender_name=data["remitente"], sender_position=data.get("cargo", ""),
        sender_organization=data.get("dependencia", ""), subject=data["asunto"], topic=data.get("tema", ""),
        channel=Channel(data["canal"]), received_at=received_at, pages=data.get("fojas", 1),
        annexes=data.get("anexos", ""), scan_file_id=data.get("archivo_id"), instance_id=call.instance_id,
        registered_by=call.actor.user_id)
    session.add(item)
    session.flush()
    received_by = call.actor.name
    acuse = files.store(session, load_settings(), organization.id, "acuse", f"Acuse de recibo {folio}",
                        f"acuse-{folio}.docx", build_acuse(organization, item, received_by),
                        created_by=call.actor.user_id, instance_id=call.instance_id)
    item.acuse_file_id = acuse.id
    if item.scan_file_id:
        scan = session.get(files.StoredFile, item.scan_file_id)
        if scan is not None and scan.organization_id == organization.id:
            scan.instance_id = call.instance_id
    instance = session.get(ProcessInstance, call.instance_id)
    instance.title = f"{folio} · {item.subject}"[:300]
    instance.subject_type, instance.subject_id = "correspondence", item.id
    _log(call, "folio.asignado", f"Asignó el folio {folio} y generó el acuse de recibo",
         after={"folio": folio, "acuse_sha256": acuse.sha256})
    return {"folio": folio, "correspondencia_id": item.id, "acuse_id": acuse.id}


@service_handler("correspondence.record_turns")
def record_turns(call: ServiceCall, params: dict) -> list[dict]:
    """One Turn row per area; the list drives one 'answer' task per area."""
    session, data = call.session, call.data
    item = _item(call)
    organization = session.get(Organization, call.organization_id)
    due = date.fromisoformat(data["fecha_limite"])
    # The internal term ends when the office closes on the due date.
    due_end = datetime.combine(due, time(18, 0), tzinfo=ZoneInfo(organization.timezone)).astimezone(UTC)
    previous_round = max((t.round for t in session.exec(select(Turn).where(
        Turn.correspondence_id == item.id)).all()), default=0)
    turns = []
    for area_id in data["areas"]:
        area = session.get(Area, area_id)
        if area is None or area.organization_id != call.organization_id:
            raise ValueError(f"El área {area_id} no pertenece a este ente.")
        turn = Turn(organization_id=call.organization_id, correspondence_id=item.id, area_id=area.id,
                    round=previous_round + 1, instruction=data["instruccion"], due_date=due)
        session.add(turn)
        session.flush()
        turns.append({"turno_id": turn.id, "area_id": area.id, "area": area.name,
                      "instruccion": turn.instruction, "vence": due.isoformat(),
                      "vence_en": due_end.isoformat()})
    item.status = CorrespondenceStatus.TURNED
    # A new round of answers needs an empty output collection (SpiffWorkflow refuses to append to
    # the previous round's list); the earlier answers are already kept in the Turn rows.
    data.pop("respuestas", None)
    _log(call, "turnado", "Turnó a " + ", ".join(t["area"] for t in turns),
         after={"areas": [t["area"] for t in turns], "vence": due.isoformat()})
    return turns


@service_handler("correspondence.mark_overdue")
def mark_overdue(call: ServiceCall, params: dict) -> dict:
    item = _item(call)
    pending = call.session.exec(select(Turn).where(Turn.correspondence_id == item.id,
                                                   Turn.status == TurnStatus.PENDING)).all()
    for turn in pending:
        turn.overdue = True
    if pending:
        _log(call, "turno.vencido", f"Venció el plazo interno de {len(pending)} turno(s) sin respuesta")
    return {"vencidos": len(pending)}


@service_handler("correspondence.record_answers")
def record_answers(call: ServiceCall, params: dict) -> dict:
    session = call.session
    item = _item(call)
    by_turn = {t.id: t for t in session.exec(select(Turn).where(Turn.correspondence_id == item.id)).all()}
    returned = answered = 0
    # The output collection keeps the order of the input one: answer i is for turn i.
    for turno, answer in zip(call.data.get("turnos", []), call.data.get("respuestas", [])):
        turn = by_turn.get(turno["turno_id"])
        if turn is None or not answer:
            continue
        author = answer.get("_autor") or {}
        turn.status = TurnStatus(answer["sentido"])
        turn.answer = answer["respuesta"]
        turn.answer_file_id = answer.get("anexo_id")
        turn.answered_by = author.get("id")
        turn.answered_at = utcnow()
        returned += turn.status == TurnStatus.RETURNED
        answered += turn.status == TurnStatus.ANSWERED
    item.status = CorrespondenceStatus.REGISTERED if returned else CorrespondenceStatus.ANSWERED
    _log(call, "respuestas.registradas", f"{answered} área(s) atendieron; {returned} lo devolvieron")
    return {"atendidos": answered, "devueltos": returned}


@service_handler("correspondence.record_closing")
def record_closing(call: ServiceCall, params: dict) -> dict:
    item = _item(call)
    item.status = CorrespondenceStatus.CLOSED
    item.closed_at = utcnow()
    item.conclusion = call.data.get("conclusion", "")
    _log(call, "asunto.concluido", f"Concluyó el asunto {item.folio}")
    return {"concluido": item.closed_at.isoformat()}

