"""The acta after the session: draft, the members' review term, approval at the next session, signature."""

from sqlmodel import Session, select

from engine import audit, deadlines, files
from engine.accounts import Actor
from engine.clock import to_local, utcnow
from engine.deadlines import Deadline, DeadlineKind
from engine.documents import long_date
from engine.email_templates import render_email
from engine.forms import FormInvalid
from engine.outbox import enqueue
from engine.processes import OpenTask
from engine.rule_sets import Procedure
from engine.runtime import runtime
from engine.settings import Settings
from engine.tenancy import Organization
from workflows.board_session.documents import build_acta
from workflows.board_session.drafting import FROZEN_MINUTES
from workflows.board_session.minutes import NOT_YET_APPROVED
from workflows.board_session.models import Board, BoardSession, MinutesStatus, SessionNotice, SessionStatus
from workflows.board_session.naming import title_with_year
from workflows.board_session.notice import recipients
from workflows.board_session.sessions import local_day, title_of

SUBJECT_TYPE = "sesion"


def store_acta(db: Session, settings: Settings, actor: Actor, board_session: BoardSession) -> files.StoredFile:
    """The acta as the engine drafts it from what was recorded; each call keeps a new version."""
    board = db.get(Board, board_session.board_id)
    return files.store(db, settings, board.organization_id, "acta", f"Acta de la {title_of(board_session, board)}",
                       f"acta-{board.short_name}-{board_session.year}-{board_session.kind.value}-"
                       f"{board_session.number}.docx", build_acta(db, board_session.id, settings.base_url),
                       created_by=actor.user_id, instance_id=board_session.instance_id)


def draft_minutes(db: Session, settings: Settings, actor: Actor, board_session: BoardSession) -> Deadline:
    """Store the draft acta, open the members' review term and tell each member with an e-mail."""
    if board_session.status != SessionStatus.HELD or board_session.minutes_status != MinutesStatus.DRAFT:
        raise FormInvalid({"notas": "El proyecto de acta se redacta cuando la sesión está celebrada y cerrada."})
    board = db.get(Board, board_session.board_id)
    organization = db.get(Organization, board.organization_id)
    stored = store_acta(db, settings, actor, board_session)
    title = title_of(board_session, board)
    closed_day = to_local(board_session.closed_at or utcnow(), organization.timezone).date()
    deadline = deadlines.open_deadline(
        db, actor, subject_type=SUBJECT_TYPE, subject_id=board_session.id, kind=DeadlineKind.REVISION_ACTA,
        procedure=Procedure.SESIONES, rule_key="revision_acta",
        title=f"Revisión del acta de la {title_with_year(board_session, board)}"[:300],
        starts_after=closed_day, days=board.minutes_review_days, instance_id=board_session.instance_id)
    board_session.minutes_status, board_session.minutes_review_deadline_id = MinutesStatus.IN_REVIEW, deadline.id
    tokens = {n.member_id: n.token for n in db.exec(select(SessionNotice).where(
        SessionNotice.session_id == board_session.id)).all()}
    sent = 0
    for member in recipients(db, board, local_day(db, board_session)):
        if not member.email:
            continue
        token = tokens.get(member.id)
        subject, body = render_email("acta_revision", member=member, title=title, board=board,
                                     due=long_date(deadline.due_on),
                                     link=f"{settings.base_url}/convocatoria/{token}" if token else "")
        enqueue(db, organization_id=board.organization_id, key=f"acta_revision:{board_session.id}:{member.id}",
                kind="acta_revision", to_address=member.email, subject=subject, body=body,
                recipient_user_id=member.user_id)
        sent += 1
    db.flush()
    audit.record(db, board.organization_id, actor.user_id, actor.name, "sesion.acta_en_revision", "sesion",
                 board_session.id, summary=f"Generó el proyecto de acta y lo envió a revisión de {sent} personas; "
                 f"vence el {long_date(deadline.due_on)}", after={"archivo_sha256": stored.sha256})
    return deadline


def end_review(db: Session, settings: Settings, actor: Actor, board_session: BoardSession, observations: str = "",
               term_ended: bool = False) -> None:
    """The review closes (term over, or legal staff incorporated the observations): the acta waits for
    its approval at the next session. One already approved there stays approved."""
    deadline = db.get(Deadline, board_session.minutes_review_deadline_id) \
        if board_session.minutes_review_deadline_id else None
    if deadline is not None and deadline.status in deadlines.LIVE_STATUSES:
        reason = "Venció el plazo de revisión del acta." if term_ended else "Se incorporaron las observaciones al acta."
        deadlines.close(db, actor, deadline, reason, met_at=utcnow())
    if board_session.minutes_status == MinutesStatus.IN_REVIEW:
        board_session.minutes_status = MinutesStatus.DRAFT
    # Approved meanwhile: the version approved was kept then (approved_in), and it is the only one.
    stored = store_acta(db, settings, actor, board_session) \
        if board_session.minutes_status not in FROZEN_MINUTES else None
    db.flush()
    audit.record(db, board_session.organization_id, actor.user_id, actor.name, "sesion.acta_revisada", "sesion",
                 board_session.id,
                 summary="Concluyó la revisión del acta" + (" (venció el plazo)" if term_ended else ""),
                 after={"observaciones": observations or None, "archivo_sha256": stored.sha256 if stored else None})


def approved_in(db: Session, settings: Settings, actor: Actor, board_session: BoardSession,
                approving: BoardSession) -> None:
    """A later session approved the acta: its review ends there, if still open (the members' term cut
    short, the task to incorporate observations done), and the version approved is kept."""
    board = db.get(Board, board_session.board_id)
    deadline = review_deadline(db, board_session)
    if deadline is not None and deadline.status in deadlines.LIVE_STATUSES:
        deadlines.cancel(db, actor, deadline, f"El acta se aprobó en la {title_of(approving, board)}, el "
                                              f"{long_date(local_day(db, approving))}, antes de concluir su plazo de "
                                              "revisión.")
    if board_session.instance_id is not None:
        stored = store_acta(db, settings, actor, board_session)
        audit.record(db, board_session.organization_id, actor.user_id, actor.name, "sesion.acta_aprobada_guardada",
                     "sesion", board_session.id, summary="Guardó la versión aprobada del acta",
                     after={"archivo_sha256": stored.sha256})
    task = db.exec(select(OpenTask).where(OpenTask.instance_id == board_session.instance_id,
                                          OpenTask.task_name == "review_minutes")).first() \
        if board_session.instance_id is not None else None
    # Whoever holds the room usually holds this task too; one claimed by someone else stays theirs to close
    # (its term is already over, and completing it keeps no other version).
    if task is not None and task.assignee_id in (None, actor.user_id) and actor.can_act(task.role, task.area_id):
        runtime.complete_task(db, actor, task.id, {"observaciones": ""})


def sign_and_publish(db: Session, settings: Settings, actor: Actor, board_session: BoardSession) -> None:
    """Only an acta approved at a later session is signed and published, as the version approved."""
    if board_session.minutes_status == MinutesStatus.SIGNED:
        raise FormInvalid({"confirmar": "El acta ya está firmada y publicada."})
    if board_session.minutes_status != MinutesStatus.APPROVED or board_session.minutes_approved_in_id is None:
        raise FormInvalid({"confirmar": f"{NOT_YET_APPROVED[board_session.minutes_status]}: se firma y publica solo "
                                        "después de aprobarse en la siguiente sesión del órgano, en el punto "
                                        "«aprobación del acta de la sesión anterior»."})
    # Notes may have changed after the review's copy: the portal serves the text approved.
    stored = store_acta(db, settings, actor, board_session)
    now = utcnow()
    board_session.signed_at = board_session.published_at = now
    board_session.minutes_status = MinutesStatus.SIGNED
    db.flush()
    audit.record(db, board_session.organization_id, actor.user_id, actor.name, "sesion.acta_publicada", "sesion",
                 board_session.id, summary="Marcó el acta como firmada y la publicó",
                 after={"archivo_sha256": stored.sha256})


def review_deadline(db: Session, board_session: BoardSession) -> Deadline | None:
    if board_session.minutes_review_deadline_id is None:
        return None
    return db.get(Deadline, board_session.minutes_review_deadline_id)

