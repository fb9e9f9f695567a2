"""Sessions of collegiate bodies: plan, orden del día, convocatoria, the session, acta, acuerdos."""

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from engine.accounts import Actor
from engine.processes import OpenTask, ProcessDescriptor, ProcessInstance, register_process
from engine.runtime import runtime
from workflows.board_session import drafting, handlers, models, room  # noqa: F401  (service handlers, tables)
from workflows.board_session.forms import FORMS
from workflows.board_session.models import Board, BoardSession, MinutesStatus, SessionKind, SessionStatus
from workflows.board_session.notice import open_convocatoria_term
from workflows.board_session.naming import title_with_year
from workflows.board_session.sessions import ORGANIZERS, BoardError, local_moment, require_organizer, title_of

PROCESS_ID = "board_session"
SUBJECT_TYPE = "sesion"


def task_due(name: str, data: dict[str, Any]) -> datetime | None:
    """The orden del día and the convocatoria by the convocatoria's last day, the session at its hour,
    the acta's review at its term."""
    if name == "prepare_agenda" and "convocar_a_mas_tardar_en" in data.get("sesion", {}):
        return datetime.fromisoformat(data["sesion"]["convocar_a_mas_tardar_en"]).astimezone(UTC)
    if name == "send_notice" and "orden_del_dia" in data:
        return datetime.fromisoformat(data["orden_del_dia"]["enviar_a_mas_tardar_en"]).astimezone(UTC)
    if name == "hold_session" and "sesion" in data:
        return datetime.fromisoformat(data["sesion"]["fecha"]).astimezone(UTC)
    if name == "review_minutes" and "acta" in data:
        return datetime.fromisoformat(data["acta"]["vence_en"]).astimezone(UTC)
    return None


def session_form_context(db: Session, actor: Actor, task_name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The session's name as it is now: a session still planned is numbered again when another one is
    planned before it, and its process data keep the name it had when it started."""
    board_session = db.get(BoardSession, (data.get("sesion") or {}).get("id") or 0)
    if board_session is None or board_session.organization_id != actor.organization_id:
        return {}
    return {"session_title": title_of(board_session, db.get(Board, board_session.board_id))}


def board_session_of(db: Session, instance: ProcessInstance) -> BoardSession | None:
    return db.exec(select(BoardSession).where(BoardSession.instance_id == instance.id,
                                              BoardSession.organization_id == instance.organization_id)).first()


def session_of_instance(db: Session, instance: ProcessInstance) -> tuple[str, int] | None:
    """The session whose process this is: its own events (renumbered, cancelled, acta published) are
    part of the process's history."""
    board_session = board_session_of(db, instance)
    return ("sesion", board_session.id) if board_session is not None else None


def may_read(db: Session, actor: Actor, instance: ProcessInstance, kind: str | None) -> bool:
    """The expediente and its stored documents (the convocatoria, the acta) for whom the session's own pages
    give them: Jurídica and the members of the body, each document as drafting.require_reader does."""
    board_session = board_session_of(db, instance)
    if board_session is None:
        return bool(actor.roles & ORGANIZERS)
    if kind is None:
        return drafting.reads_session(db, actor, board_session)
    try:
        drafting.require_reader(db, actor, board_session, kind)
    except drafting.NotAllowedToRead:
        return False
    return True


def history_shown(db: Session, actor: Actor, instance: ProcessInstance, events: list) -> list:
    """The process's history and the session's own, for a member of the body without Jurídica's work on them."""
    board_session = board_session_of(db, instance)
    if board_session is None:
        return events
    return drafting.history_shown(db, actor, board_session, events)


# The data start_session_process and the handlers write, as the expediente's page names them.
DATA_LABELS = {
    "sesion": "Sesión", "sesion.titulo": "Nombre", "sesion.organo": "Órgano", "sesion.clase": "Tipo",
    "sesion.fecha": "Fecha y hora", "sesion.lugar": "Lugar", "sesion.convocar_a_mas_tardar_en": "Convocar a más tardar",
    "orden_del_dia": "Orden del día", "orden_del_dia.puntos": "Puntos",
    "orden_del_dia.enviar_a_mas_tardar_en": "Enviar la convocatoria a más tardar",
    "convocatoria": "Convocatoria", "convocatoria.enviada": "Enviada", "convocatoria.destinatarios": "Destinatarios",
    "resultado": "Resultado de la sesión", "resultado.estado": "Estado",
    "acta": "Revisión del proyecto de acta", "acta.vence_en": "Vence", "acta.sigue": "Se recorrió y sigue corriendo",
    "seguimientos": "Seguimiento de acuerdos iniciado", "seguimientos.acuerdo": "Acuerdo",
    "revision": "Fin de la revisión del acta", "revision.estado_acta": "Estado del acta",
    "revision.por_vencimiento": "Concluyó al vencer el plazo",
    "publicacion": "Publicación del acta", "publicacion.publicada": "Publicada el",
}
DATA_CHOICES = {
    "sesion.clase": {kind.value: kind.label for kind in SessionKind},
    "resultado.estado": {status.value: status.label for status in SessionStatus},
    "revision.estado_acta": {status.value: status.label for status in MinutesStatus},
}
# The same moment as text (fecha_local, enviar_a_mas_tardar_texto) or as its day alone (enviar_a_mas_tardar);
# "confirmar" is each step's checkbox, always «Sí», under whichever form's title.
DATA_HIDDEN = frozenset({"sesion.fecha_local", "orden_del_dia.enviar_a_mas_tardar",
                         "orden_del_dia.enviar_a_mas_tardar_texto", "confirmar"})

DESCRIPTOR = register_process(ProcessDescriptor(
    process_id=PROCESS_ID, title="Sesión de un órgano colegiado", forms=FORMS, task_due=task_due,
    form_context=session_form_context, also_recorded_on=session_of_instance, data_labels=DATA_LABELS,
    data_choices=DATA_CHOICES, data_hidden=DATA_HIDDEN, may_read=may_read, history_shown=history_shown,
    refusal=drafting.SESSION_READERS))


def as_utc(moment: datetime) -> datetime:
    """Stored moments are UTC; SQLite gives them back without their zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def start_session_process(db: Session, actor: Actor, board_session: BoardSession) -> ProcessInstance:
    """The session's process, started right after plan_session: its first step is the orden del día."""
    require_organizer(actor)
    if board_session.instance_id is not None:
        raise BoardError("Esta sesión ya tiene su proceso en curso.")
    board = db.get(Board, board_session.board_id)
    moment = local_moment(db, board_session)
    # The orden del día is due with the convocatoria: its task takes the term's due moment.
    convocatoria = open_convocatoria_term(db, actor, board, board_session)
    instance = runtime.start(db, actor, PROCESS_ID, title=title_with_year(board_session, board), data={"sesion": {
        "id": board_session.id, "titulo": title_of(board_session, board), "organo": board.name,
        "clase": board_session.kind.value, "fecha": as_utc(board_session.scheduled_at).isoformat(),
        "fecha_local": moment.strftime("%d/%m/%Y %H:%M"), "lugar": board_session.place,
        "convocar_a_mas_tardar_en": as_utc(convocatoria.due_at).isoformat()}},
        subject_type=SUBJECT_TYPE, subject_id=board_session.id)
    board_session.instance_id = convocatoria.instance_id = instance.id
    db.flush()
    return instance


def open_step(db: Session, board_session: BoardSession) -> OpenTask | None:
    """The session process's open user task, if any."""
    if board_session.instance_id is None:
        return None
    return db.exec(select(OpenTask).where(OpenTask.instance_id == board_session.instance_id)).first()


def finish_session_step(db: Session, actor: Actor, board_session: BoardSession, notes: str = "") -> ProcessInstance:
    """The room page calls this once the session is celebrada or sin quórum: the process moves on."""
    task = open_step(db, board_session)
    if task is None or task.task_name != "hold_session":
        raise BoardError("El proceso de la sesión no está esperando su celebración.")
    return runtime.complete_task(db, actor, task.id, {"notas": notes})


def end_session(db: Session, actor: Actor, board_session: BoardSession, expected_version: int | None) -> None:
    """The room closes the session and, in the same transaction, its process goes on to the acta."""
    room.close_session(db, actor, board_session, expected_version)
    _leave_the_room(db, actor, board_session)


def end_without_quorum(db: Session, actor: Actor, board_session: BoardSession, expected_version: int | None) -> None:
    room.record_no_quorum(db, actor, board_session, expected_version)
    _leave_the_room(db, actor, board_session)


def _leave_the_room(db: Session, actor: Actor, board_session: BoardSession) -> None:
    # An administrator may run the room without holding the juridico lane: the step then stays in
    # Jurídica's inbox, where its handler sees the session already closed.
    task = open_step(db, board_session)
    if task is not None and task.task_name == "hold_session" and actor.can_act(task.role, task.area_id):
        finish_session_step(db, actor, board_session)


# The acuerdos' follow-up process is started from this one's handlers; importing it here registers it.
from workflows import resolution_followup  # noqa: E402,F401
