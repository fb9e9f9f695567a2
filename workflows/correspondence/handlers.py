"""Service tasks of bpmn/correspondence.bpmn: each is registered by its operator id."""

from datetime import date, datetime, time

from sqlmodel import select

from engine import audit, deadlines, files
from engine.accounts import turn_areas_problem
from engine.clock import to_utc, utcnow
from engine.deadlines import Deadline, DeadlineKind
from engine.documents import long_date
from engine.folios import next_folio
from engine.forms import FormInvalid
from engine.labels import counted
from engine.legal_calendar import calendar_for
from engine.processes import ProcessInstance
from engine.runtime import ServiceCall
from engine.rule_sets import Procedure
from engine.scripting import service_handler
from engine.settings import load_settings
from engine.tenancy import Area, Organization
from workflows.correspondence.acuse import build_acuse
from workflows.correspondence.capture import late_capture_problem
from workflows.correspondence.turn_form import counted_turn, foreseen_turn
from workflows.correspondence.models import (Channel, Correspondence, CorrespondenceStatus, Turn,
                                             TurnStatus)

FOLIO_SERIES = "OP"
# Deadlines of a correspondence item are filed under its folio.
SUBJECT_TYPE = "correspondencia"


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
    calendar = calendar_for(session, organization.id, Procedure.CORRESPONDENCIA)
    registered_at, late_reason = utcnow(), data.get("captura_extemporanea", "").strip()
    problem = late_capture_problem(calendar, received_at, registered_at, late_reason)
    if problem:
        raise FormInvalid({"captura_extemporanea": problem})
    seq, folio = next_folio(session, organization.id, FOLIO_SERIES, received_local.year,
                            organization.correspondence_folio_pattern)
    _refuse_taken_folio(call, folio, organization.correspondence_folio_pattern)
    item = Correspondence(
        organization_id=organization.id, folio=folio, year=received_local.year, seq=seq,
        sender_name=data["remitente"], sender_position=data.get("cargo", ""),
        sender_organization=data.get("dependencia", ""), subject=data["asunto"], topic=data.get("tema", ""),
        channel=Channel(data["canal"]), received_at=received_at, pages=data.get("fojas", 1),
        annexes=data.get("anexos", ""), scan_file_id=data.get("archivo_id"), instance_id=call.instance_id,
        registered_by=call.actor.user_id, created_at=registered_at, late_capture_reason=late_reason)
    session.add(item)
    session.flush()
    received_by = call.actor.name
    settings = load_settings()
    acuse = files.store(session, settings, organization.id, "acuse", f"Acuse de recibo {folio}",
                        f"acuse-{folio}.docx", build_acuse(organization, item, received_by,
                                                           f"{settings.base_url}/consulta", calendar),
                        created_by=call.actor.user_id, instance_id=call.instance_id)
    item.acuse_file_id = acuse.id
    if item.scan_file_id:
        scan = session.get(files.StoredFile, item.scan_file_id)
        if scan is not None and scan.organization_id == organization.id:
            scan.instance_id = call.instance_id
    instance = session.get(ProcessInstance, call.instance_id)
    instance.title = f"{folio} · {item.subject}"[:300]
    instance.subject_type, instance.subject_id = "correspondence", item.id
    summary = f"Asignó el folio {folio} y generó el acuse de recibo"
    after = {"folio": folio, "acuse_sha256": acuse.sha256}
    if late_reason:
        summary += f"; captura extemporánea del documento recibido el {long_date(received_local)}: {late_reason}"
        after["captura_extemporanea"] = late_reason
    _log(call, "folio.asignado", summary, after=after)
    return {"folio": folio, "correspondencia_id": item.id, "acuse_id": acuse.id}


def _refuse_taken_folio(call: ServiceCall, folio: str, pattern: str) -> None:
    """A pattern saved before patterns had to include the year repeats last year's folios: refuse
    the registration in words the oficialía can pass on, rather than fail on the unique folio."""
    if call.session.exec(select(Correspondence.id).where(Correspondence.organization_id == call.organization_id,
                                                         Correspondence.folio == folio)).first() is not None:
        raise FormInvalid({"__all__": f"No se registró el documento: el folio {folio} ya se asignó a otro "
                                      f"documento, porque el patrón de folios del ente ({pattern}) no incluye el "
                                      "año. Pida a la administración que agregue {year} al patrón en "
                                      "Administración → Entes y vuelva a registrarlo."})


def _open_turn_deadline(call: ServiceCall, item: Correspondence, area: Area, now: datetime, due: date) -> Deadline:
    """The turn's internal term as a deadline row: explained, recomputed and alerted like any other
    (the date the oficialía gave, counted as turn_form.counted_turn says)."""
    calendar = calendar_for(call.session, call.organization_id, Procedure.CORRESPONDENCIA)
    turned_on, days = counted_turn(calendar, now, due)
    return deadlines.open_deadline(
        call.session, call.actor, subject_type=SUBJECT_TYPE, subject_id=item.folio,
        kind=DeadlineKind.TURNO_CORRESPONDENCIA, procedure=Procedure.CORRESPONDENCIA, rule_key="turnado_interno",
        title=f"{item.folio} turnado a {area.name}", starts_after=turned_on, days=days,
        responsible_area_id=area.id, instance_id=call.instance_id)


@service_handler("correspondence.record_turns")
def record_turns(call: ServiceCall, params: dict) -> list[dict]:
    """One Turn row per area, each with its deadline; the list drives one 'answer' task per area."""
    session, data = call.session, call.data
    if data.get("decision") == "concluir":
        # Only a document registered before the diagram had «¿Turnar o concluir?» comes here so.
        raise FormInvalid({"decision": "Este documento se registró con una versión anterior del proceso, que no "
                                       "permite concluir sin turnar: túrnelo y concluya tras las respuestas."})
    item = _item(call)
    due = date.fromisoformat(data["fecha_limite"])
    previous_round = max((t.round for t in session.exec(select(Turn).where(
        Turn.correspondence_id == item.id)).all()), default=0)
    # Every area checked before the first turn is written: a refusal leaves the task as it was.
    problem = turn_areas_problem(session, call.organization_id, data["areas"])
    if problem:
        raise FormInvalid({"areas": problem})
    turns = []
    now = utcnow()
    for area_id in data["areas"]:
        area = session.get(Area, area_id)
        turn = Turn(organization_id=call.organization_id, correspondence_id=item.id, area_id=area.id,
                    round=previous_round + 1, instruction=data["instruccion"], due_date=due)
        session.add(turn)
        session.flush()
        deadline = _open_turn_deadline(call, item, area, now, due)
        turn.due_date, turn.deadline_id = deadline.due_on, deadline.id
        turns.append({"turno_id": turn.id, "area_id": area.id, "area": area.name,
                      "instruccion": turn.instruction, "vence": deadline.due_on.isoformat(),
                      "vence_en": deadline.due_at.isoformat(), "plazo_id": deadline.id})
    item.status = CorrespondenceStatus.TURNED
    # A new round of answers needs an empty output collection (SpiffWorkflow refuses to append to
    # the previous round's list); the earlier answers are already kept in the Turn rows.
    data.pop("respuestas", None)
    summary = "Turnó a " + ", ".join(t["area"] for t in turns)
    given = date.fromisoformat(turns[0]["vence"]) if turns else due
    if given != due:
        # An inhábil date rolls to the next día hábil, which after a vacation is weeks later; today's
        # date, given after closing, to the día hábil the turn counts from. The history says which.
        calendar = calendar_for(session, call.organization_id, Procedure.CORRESPONDENCIA)
        summary += f"; {foreseen_turn(calendar, now, due).moved_note()}"
        # The process data says the day the term really ends, as the tasks and the lookup do; the day
        # picked stays in the history.
        data["fecha_limite"] = given.isoformat()
    _log(call, "turnado", summary, after={"areas": [t["area"] for t in turns], "vence": given.isoformat()})
    return turns


def _due_moment_of(call: ServiceCall, turn: Turn, default: datetime) -> datetime:
    deadline = call.session.get(Deadline, turn.deadline_id) if turn.deadline_id else None
    return deadline.due_at if deadline else default


def _settle_deadline(call: ServiceCall, turn: Turn) -> None:
    """An answer meets the turn's deadline; a return ends it without being met."""
    deadline = call.session.get(Deadline, turn.deadline_id) if turn.deadline_id else None
    if deadline is None:
        return
    if turn.status == TurnStatus.ANSWERED:
        deadlines.close(call.session, call.actor, deadline, "El área atendió el turno.", met_at=turn.answered_at)
    else:
        deadlines.cancel(call.session, call.actor, deadline, "El área devolvió el turno.")


@service_handler("correspondence.mark_overdue")
def mark_overdue(call: ServiceCall, params: dict) -> dict:
    item = _item(call)
    # The diagram's timer fired at the moment the turn was given (`vence_en`); the deadline row
    # knows whether a día inhábil declared since moved it later, and then the turn is not late.
    timer_moment = {t["turno_id"]: datetime.fromisoformat(t["vence_en"]) for t in call.data.get("turnos", [])}
    pending = [turn for turn in call.session.exec(select(Turn).where(
        Turn.correspondence_id == item.id, Turn.status == TurnStatus.PENDING)).all()
        if turn.id in timer_moment and _due_moment_of(call, turn, timer_moment[turn.id]) <= timer_moment[turn.id]]
    for turn in pending:
        turn.overdue = True
    if pending:
        _log(call, "turno.vencido", f"Venció el plazo interno de {counted(len(pending), 'turno', 'turnos')} sin respuesta")
    return {"vencidos": len(pending)}


def _round_outcome(answered: int, returned: int) -> str:
    """What the areas' answers mean for the document, as the timeline says it."""
    if returned:
        done = f"{counted(answered, 'área lo atendió', 'áreas lo atendieron')}; " if answered else ""
        return (f"{done}{counted(returned, 'área lo devolvió', 'áreas lo devolvieron')}; vuelve a la oficialía "
                "para turnarlo de nuevo")
    return f"{counted(answered, 'área lo atendió', 'áreas lo atendieron')}; pasa a la oficialía para concluirlo"


def _record_answer(call: ServiceCall, turn: Turn, answer: dict) -> None:
    """An area's answer (or return) on its turn, which settles the turn's deadline."""
    author = answer.get("_autor") or {}
    turn.status = TurnStatus(answer["sentido"])
    turn.answer = answer["respuesta"]
    turn.answer_file_id = answer.get("anexo_id")
    turn.answered_by = author.get("id")
    turn.answered_at = utcnow()
    _settle_deadline(call, turn)


def answer_given(call: ServiceCall, task_name: str) -> None:
    """An area answered its turn: record it now, so the turn reads «Atendido» and its deadline stops
    (and alerts no one) while the other areas still work on theirs."""
    turno, answer = call.data.get("turno"), call.data.get("respuesta")
    if task_name != "answer" or not turno or not answer:
        return
    turn = call.session.get(Turn, turno["turno_id"])
    if turn is not None and turn.status == TurnStatus.PENDING:
        _record_answer(call, turn, answer)


@service_handler("correspondence.record_answers")
def record_answers(call: ServiceCall, params: dict) -> dict:
    session = call.session
    item = _item(call)
    by_turn = {t.id: t for t in session.exec(select(Turn).where(Turn.correspondence_id == item.id)).all()}
    returned = answered = 0
    # The output collection keeps the order of the input one: answer i is for turn i. Each answer
    # was recorded as it was given (answer_given); one still pending was given before that existed.
    for turno, answer in zip(call.data.get("turnos", []), call.data.get("respuestas", [])):
        turn = by_turn.get(turno["turno_id"])
        if turn is None or not answer:
            continue
        if turn.status == TurnStatus.PENDING:
            _record_answer(call, turn, answer)
        returned += turn.status == TurnStatus.RETURNED
        answered += turn.status == TurnStatus.ANSWERED
    # A returned turn goes back to the oficialía to be turned again: the document is still turned,
    # not back to «registrado» as if no area had seen it.
    item.status = CorrespondenceStatus.TURNED if returned else CorrespondenceStatus.ANSWERED
    _log(call, "respuestas.registradas", _round_outcome(answered, returned))
    return {"atendidos": answered, "devueltos": returned}


@service_handler("correspondence.record_closing")
def record_closing(call: ServiceCall, params: dict) -> dict:
    item = _item(call)
    item.status = CorrespondenceStatus.CLOSED
    item.closed_at = utcnow()
    item.conclusion = call.data.get("conclusion", "")
    turned = call.session.exec(select(Turn.id).where(Turn.correspondence_id == item.id)).first() is not None
    for deadline in deadlines.deadlines_of(call.session, call.organization_id, SUBJECT_TYPE, item.folio):
        deadlines.cancel(call.session, call.actor, deadline, f"Se concluyó el asunto {item.folio}.")
    _log(call, "asunto.concluido", f"Concluyó el asunto {item.folio}" + ("" if turned else " sin turnarlo"))
    return {"concluido": item.closed_at.isoformat()}

