"""What the session page shows of its process: the step it is at, its terms, who received the convocatoria."""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from engine import deadlines
from engine.accounts import Actor
from engine.deadlines import Deadline
from engine.outbox import OutboxMessage
from engine.processes import InstanceStatus, OpenTask, ProcessInstance
from workflows.board_session.lead_time import latest_sending_day
from workflows.board_session.models import Board, BoardMember, BoardSession, SessionNotice, SessionStatus
from workflows.board_session.notice import notices_of, recipients
from workflows.board_session.sessions import local_day

# The session's user tasks in their order, with what each one means on the page.
STEPS = [("prepare_agenda", "Integrar el orden del día"), ("send_notice", "Emitir la convocatoria"),
         ("hold_session", "Celebrar la sesión"), ("review_minutes", "Incorporar las observaciones al acta"),
         ("sign_minutes", "Firmar y publicar el acta")]


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    state: str  # hecho / actual / pendiente / omitido


@dataclass
class ProcessPanel:
    instance: ProcessInstance | None
    task: OpenTask | None
    may_act: bool
    steps: list[Step]
    terms: list[Deadline]
    notices: list[tuple[SessionNotice, BoardMember]]
    # Each convocatoria's e-mail as the outbox delivered it (by its key): when it really left.
    deliveries: dict[str, OutboxMessage] = field(default_factory=dict)
    without_email: list[str] = field(default_factory=list)
    send_by: date | None = None


def _steps(board_session: BoardSession, instance: ProcessInstance | None, task: OpenTask | None) -> list[Step]:
    names = [name for name, _ in STEPS]
    if instance is not None and instance.status == InstanceStatus.COMPLETED:
        # Without quorum the process ends at the session: there is no acta to review or sign.
        done = names.index("hold_session") + 1 if board_session.status == SessionStatus.NO_QUORUM else len(names)
        return [Step(n, label, "hecho" if i < done else "omitido") for i, (n, label) in enumerate(STEPS)]
    current = names.index(task.task_name) if task is not None and task.task_name in names else -1
    return [Step(n, label, "hecho" if i < current else "actual" if i == current else "pendiente")
            for i, (n, label) in enumerate(STEPS)]


def process_panel(db: Session, actor: Actor, board_session: BoardSession) -> ProcessPanel:
    board = db.get(Board, board_session.board_id)
    instance = db.get(ProcessInstance, board_session.instance_id) if board_session.instance_id else None
    task = db.exec(select(OpenTask).where(OpenTask.instance_id == instance.id)).first() if instance else None
    day = local_day(db, board_session)
    sent = notices_of(db, board_session)
    keys = [notice.outbox_key for notice, _ in sent]
    deliveries = {m.key: m for m in db.exec(select(OutboxMessage).where(
        OutboxMessage.organization_id == board_session.organization_id, OutboxMessage.key.in_(keys))).all()} \
        if keys else {}
    return ProcessPanel(
        instance=instance, task=task, may_act=task is not None and actor.can_act(task.role, task.area_id),
        steps=_steps(board_session, instance, task),
        terms=deadlines.deadlines_of(db, board_session.organization_id, "sesion", board_session.id),
        notices=sent, deliveries=deliveries, without_email=[m.name for m in recipients(db, board, day) if not m.email],
        send_by=latest_sending_day(db, board, board_session.kind, day)
        if board_session.status == SessionStatus.PLANNED else None)
