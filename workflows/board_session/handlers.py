"""Service tasks of bpmn/board_session.bpmn: each is registered by its operator id."""

from sqlmodel import select

from engine.clock import to_local, utcnow
from engine.documents import long_date
from engine.forms import FormInvalid
from engine.runtime import ServiceCall
from engine.scripting import service_handler
from engine.settings import load_settings
from engine.tenancy import Organization
from workflows.board_session import minutes_review, notice
from workflows.board_session.models import (AgendaItem, Board, BoardSession, ItemStatus, Resolution,
                                            ResolutionStatus, SessionStatus)
from workflows.board_session.sessions import BoardError, renumber
from workflows.moved_terms import recheck


def session_of_call(call: ServiceCall) -> BoardSession:
    board_session = call.session.get(BoardSession, call.data["sesion"]["id"])
    if board_session is None or board_session.organization_id != call.organization_id:
        raise LookupError("La sesión de este proceso no existe en esta organización.")
    return board_session


def _refuse(field: str, error: BoardError) -> None:
    raise FormInvalid({field: str(error)}) from error


@service_handler("board_session.close_agenda")
def close_agenda(call: ServiceCall, params: dict) -> dict:
    """The orden del día is complete: no undecided proposals, and the areas' intake closes today."""
    db = call.session
    board_session = session_of_call(call)
    pending = db.exec(select(AgendaItem.title).where(AgendaItem.session_id == board_session.id,
                                                     AgendaItem.status == ItemStatus.PROPOSED)).all()
    if pending:
        raise FormInvalid({"confirmar": "Decida primero los puntos propuestos por las áreas: "
                                        + "; ".join(t[:80] for t in pending) + "."})
    board = db.get(Board, board_session.board_id)
    # The intake closes now; the cut-off the areas were told stays what it was (the session's page
    # says both: until when they could send items, and that the orden del día closed earlier).
    board_session.agenda_closed_at = utcnow()
    renumber(db, board_session)
    latest, send_by = notice.sending_deadline(db, board, board_session)
    return {"puntos": len(db.exec(select(AgendaItem.id).where(AgendaItem.session_id == board_session.id,
                                                                 AgendaItem.status == ItemStatus.ACCEPTED)).all()),
            "enviar_a_mas_tardar": latest.isoformat(), "enviar_a_mas_tardar_texto": long_date(latest),
            "enviar_a_mas_tardar_en": send_by.isoformat()}


@service_handler("board_session.send_notice")
def send_notice(call: ServiceCall, params: dict) -> dict:
    board_session = session_of_call(call)
    try:
        sent = notice.send_convocatoria(call.session, load_settings(), call.actor, board_session,
                                        call.data.get("justificacion", ""))
    except BoardError as error:
        _refuse("confirmar", error)
    return {"enviada": board_session.called_at.isoformat(), "destinatarios": len(sent)}


@service_handler("board_session.check_held")
def check_held(call: ServiceCall, params: dict) -> dict:
    """The room decides: this step only records whether the session was held or had no quorum."""
    board_session = session_of_call(call)
    if board_session.status not in (SessionStatus.HELD, SessionStatus.NO_QUORUM):
        raise FormInvalid({"notas": f"La sesión está {board_session.status.label.lower()}: este paso se completa "
                                    "desde la sala, cuando la sesión se cierra o se registra sin quórum."})
    return {"estado": board_session.status.value}


@service_handler("board_session.draft_minutes")
def draft_minutes(call: ServiceCall, params: dict) -> dict:
    board_session = session_of_call(call)
    deadline = minutes_review.draft_minutes(call.session, load_settings(), call.actor, board_session)
    return {"plazo_id": deadline.id, "vence": deadline.due_on.isoformat(), "vence_en": deadline.due_at.isoformat()}


@service_handler("board_session.start_followups")
def start_followups(call: ServiceCall, params: dict) -> list[dict]:
    """One resolution_followup per acuerdo of this session that orders work to some area."""
    from workflows.resolution_followup import start_followup
    db = call.session
    board_session = session_of_call(call)
    started = []
    for resolution in db.exec(select(Resolution).where(Resolution.session_id == board_session.id)
                              .order_by(Resolution.seq)).all():
        if not resolution.area_ids or resolution.followup_instance_id is not None \
                or resolution.status != ResolutionStatus.PENDING:
            continue
        instance = start_followup(db, call.actor, resolution)
        started.append({"acuerdo": resolution.number, "proceso_id": instance.id})
    return started


@service_handler("board_session.check_review_term")
def check_review_term(call: ServiceCall, params: dict) -> dict:
    """Did the members' review of the acta really end, or did a día inhábil declared since move it?"""
    return recheck(call, call.data["acta"], "acta.plazo_sigue", utcnow())


@service_handler("board_session.end_review")
def end_review(call: ServiceCall, params: dict) -> dict:
    board_session = session_of_call(call)
    observations = call.data.get("observaciones", "")
    # The timer path reaches here without the user task's answer.
    term_ended = "observaciones" not in call.data
    minutes_review.end_review(call.session, load_settings(), call.actor, board_session, observations, term_ended)
    return {"estado_acta": board_session.minutes_status.value, "por_vencimiento": term_ended}


@service_handler("board_session.publish")
def publish(call: ServiceCall, params: dict) -> dict:
    board_session = session_of_call(call)
    minutes_review.sign_and_publish(call.session, load_settings(), call.actor, board_session)
    organization = call.session.get(Organization, call.organization_id)
    return {"publicada": to_local(board_session.published_at, organization.timezone).date().isoformat()}
