"""The convocatoria: the body's lead time, the .docx, one e-mail and one confirmation link per member."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from engine import audit, deadlines, files
from engine.accounts import Actor
from engine.business_calendar import Unit
from engine.clock import utcnow
from engine.db import LARGEST_ID
from engine.deadlines import Deadline, DeadlineKind, due_moment
from engine.documents import long_date
from engine.email_templates import render_email
from engine.forms import FormInvalid
from engine.outbox import enqueue
from engine.rule_sets import Procedure
from engine.settings import Settings
from workflows.board_session.agenda_notice import member_document_link, member_link
from workflows.board_session.agenda_order import fit_previous_minutes
from workflows.board_session.documents import convocatoria_of
from workflows.board_session.drafting import ReviewClosed, review_closed
from workflows.board_session.lead_time import latest_sending_day, lead_time, sessions_calendar
from workflows.board_session.models import (AgendaDocument, AgendaItem, Board, BoardMember, BoardSession, ItemStatus,
                                            LeadUnit, MinutesComment, MinutesStatus, Reply, SessionKind,
                                            SessionNotice, SessionStatus)
from workflows.board_session.naming import convocatoria_term_title, person_after, place_phrase, spoken_moment
from workflows.board_session.page import base_url_or_default
from workflows.board_session.record import load_session
from workflows.board_session.sessions import today_for
from workflows.board_session.sessions import (BoardError, items_of, local_day, local_moment, seats, substitutes,
                                              title_of)


# The StoredFile.kind of the convocatoria addressed to one member, with that member's own links: it
# holds their token, so it belongs to no process's files and only their link serves it.
MEMBER_COPY = "convocatoria_integrante"


# What a member's link says once the session is called off (the e-mail of the cancellation gave the reason).
CANCELLED_MESSAGE = ("Esta sesión se canceló: no se celebrará. Su orden del día y los documentos de sus puntos ya "
                     "no se consultan por esta liga; la convocatoria que se le envió queda como constancia.")


class SessionCancelled(Exception):
    """An item's document asked for through the link of a session that was cancelled."""


@dataclass(frozen=True)
class LeadCheck:
    """Whether a convocatoria sent on `sending_day` gives the anticipation the body's rules ask."""

    kind: SessionKind
    days: int
    unit: LeadUnit
    session_day: date
    latest: date  # the last day it may be sent
    sending_day: date

    @property
    def on_time(self) -> bool:
        return self.sending_day <= self.latest

    @property
    def rule(self) -> str:
        return f"{Unit(self.unit.value).amount(self.days)} de anticipación"

    @property
    def message(self) -> str:
        kind = "ordinaria" if self.kind == SessionKind.ORDINARY else "extraordinaria"
        head = (f"La convocatoria a una sesión {kind} debe enviarse con {self.rule}: a más tardar el "
                f"{long_date(self.latest)} (la sesión es el {long_date(self.session_day)}; hoy es "
                f"{long_date(self.sending_day)})")
        if self.kind == SessionKind.ORDINARY:
            return head + "; reprograme la sesión."
        return head + ". Para enviarla de todos modos, escriba la justificación de la urgencia."


def open_convocatoria_term(db: Session, actor: Actor, board: Board, board_session: BoardSession) -> Deadline:
    """The convocatoria's term, in Mis plazos and in the alerts of the Dirección Jurídica until it is sent."""
    days, unit = lead_time(board, board_session.kind)
    return deadlines.open_deadline(
        db, actor, subject_type="sesion", subject_id=board_session.id, kind=DeadlineKind.CONVOCATORIA,
        procedure=Procedure.SESIONES, rule_key=f"convocatoria_{board_session.kind.value}",
        title=convocatoria_term_title(board_session, board), starts_after=today_for(
            db, board.organization_id, utcnow()), days=days, unit=unit, ends_before=local_day(db, board_session),
        basis=f"Reglas de sesiones: {board.name}", instance_id=board_session.instance_id)


def _convocatoria_term(db: Session, board_session: BoardSession) -> Deadline | None:
    return next((d for d in deadlines.deadlines_of(db, board_session.organization_id, "sesion", board_session.id)
                 if d.kind == DeadlineKind.CONVOCATORIA and d.status in deadlines.LIVE_STATUSES), None)


def settle_convocatoria_term(db: Session, actor: Actor, board_session: BoardSession, reason: str,
                             sent: bool) -> None:
    """Sent: the term is met (late if it was); the session called off: the term is cancelled."""
    term = _convocatoria_term(db, board_session)
    if term is None:
        return
    if sent:
        deadlines.close(db, actor, term, reason, met_at=board_session.called_at)
    else:
        deadlines.cancel(db, actor, term, reason)


def sending_deadline(db: Session, board: Board, board_session: BoardSession) -> tuple[date, datetime]:
    """The convocatoria's last day and the moment it ends: the close of that day's office hours, in
    the organization's zone. The orden del día must be integrated by then too."""
    latest = latest_sending_day(db, board, board_session.kind, local_day(db, board_session))
    return latest, due_moment(sessions_calendar(db, board), latest)


def check_lead_time(db: Session, board: Board, board_session: BoardSession, sending_day: date) -> LeadCheck:
    session_day = local_day(db, board_session)
    kind = board_session.kind
    return LeadCheck(kind=kind, days=lead_time(board, kind)[0], unit=board.lead_unit, session_day=session_day,
                     latest=latest_sending_day(db, board, kind, session_day), sending_day=sending_day)


def recipients(db: Session, board: Board, day: date) -> list[BoardMember]:
    """Every seat serving on the session day and every suplente, each seat followed by its suplentes."""
    by_seat = substitutes(db, board, day)
    return [m for seat in seats(db, board, day) for m in [seat, *by_seat.get(seat.id, [])]]


def send_convocatoria(db: Session, settings: Settings, actor: Actor, board_session: BoardSession,
                      justification: str = "") -> list[SessionNotice]:
    """Check the lead time, store the .docx and write one e-mail and one SessionNotice per member.

    An ordinary session whose lead time can no longer be met is refused; an extraordinary one is
    sent only with a justification, which the audit and the session keep.
    """
    if board_session.status != SessionStatus.PLANNED:
        raise BoardError(f"La sesión está {board_session.status.label.lower()}: la convocatoria ya no se envía.")
    board = db.get(Board, board_session.board_id)
    check = check_lead_time(db, board, board_session, today_for(db, board.organization_id, utcnow()))
    justification = justification.strip()
    if not check.on_time and (board_session.kind == SessionKind.ORDINARY or not justification):
        raise FormInvalid({"justificacion" if board_session.kind == SessionKind.EXTRAORDINARY else "confirmar":
                           check.message})
    # The orden del día goes out now: with the acta anterior if, and only if, an acta waits for this session.
    fit_previous_minutes(db, board.id)
    title = title_of(board_session, board)
    now = utcnow()
    board_session.called_at = now  # the document is dated the day it goes out
    if board_session.kind == SessionKind.EXTRAORDINARY:
        board_session.urgency = justification  # its convocatoria says why, when it goes out later than an ordinary
    base_url = base_url_or_default(settings.base_url)
    record = load_session(db, board_session.id, base_url)
    filename = (f"convocatoria-{board.short_name}-{board_session.year}-{board_session.kind.value}-"
                f"{board_session.number}.docx")
    stored = files.store(db, settings, board.organization_id, "convocatoria", f"Convocatoria a la {title}", filename,
                         convocatoria_of(record), created_by=actor.user_id, instance_id=board_session.instance_id)
    existing = {n.member_id: n for n in db.exec(select(SessionNotice).where(
        SessionNotice.session_id == board_session.id)).all()}
    moment = local_moment(db, board_session)
    members = recipients(db, board, check.session_day)
    # «como suplente del Lic. Mario Gutiérrez»: whose seat, with the article the titular takes.
    of_titular = {m.id: person_after('de', m.name, m.gender) for m in members}
    notices, without_email = [], []
    for member in members:
        if not member.email:
            without_email.append(member.name)
            continue
        notice = existing.get(member.id) or SessionNotice(
            organization_id=board.organization_id, session_id=board_session.id, member_id=member.id,
            email=member.email, outbox_key=f"convocatoria:{board_session.id}:{member.id}",
            token=secrets.token_urlsafe(32), sent_at=now)
        # The member's own copy: its links to the items' documents open with the member's token,
        # without an account in Pleno (most members have none).
        personal = files.store(db, settings, board.organization_id, MEMBER_COPY,
                               f"Convocatoria a la {title}: {member.name}"[:200], filename,
                               convocatoria_of(record, member.id, token=notice.token), created_by=actor.user_id)
        notice.file_id = personal.id
        db.add(notice)
        link = member_link(base_url, notice.token)
        agenda = [(item.title, [(d.filename, member_document_link(base_url, notice.token, d.file_id))
                                for d in item.documents]) for item in record.items]
        subject, body = render_email(
            "convocatoria", member=member, substitute_of=of_titular.get(member.substitute_for_id), title=title,
            board=board, when=spoken_moment(moment), day=long_date(moment), hour=moment.strftime("%H:%M"),
            where=place_phrase(board_session.place, record.city, city_said=False), agenda=agenda, link=link, document_link=f"{link}/documento")
        enqueue(db, organization_id=board.organization_id, key=notice.outbox_key, kind="convocatoria",
                to_address=member.email, subject=subject, body=body, recipient_user_id=member.user_id)
        notices.append(notice)
    if not notices:
        raise FormInvalid({"confirmar": "Ningún integrante ni suplente tiene correo electrónico registrado; "
                                        "regístrelos en el órgano colegiado antes de convocar."})
    board_session.status = SessionStatus.CALLED
    settle_convocatoria_term(db, actor, board_session, f"Se envió la convocatoria a {len(notices)} personas.",
                             sent=True)
    db.flush()
    audit.record(db, board.organization_id, actor.user_id, actor.name, "sesion.convocada", "sesion",
                 board_session.id, summary=f"Envió la convocatoria a la {title} a {len(notices)} personas"
                 + ("" if check.on_time else " fuera del plazo del órgano"),
                 after={"destinatarios": [n.email for n in notices], "sin_correo": without_email,
                        "a_mas_tardar": check.latest, "enviada": check.sending_day,
                        "justificacion": justification or None, "archivo_sha256": stored.sha256})
    return notices


def notice_by_token(db: Session, token: str) -> SessionNotice:
    notice = db.exec(select(SessionNotice).where(SessionNotice.token == token)).first() if token else None
    if notice is None:
        raise LookupError("Convocatoria no encontrada.")
    return notice


def reply(db: Session, token: str, answer: Reply) -> SessionNotice:
    """A member confirms or declines attendance from the link in the e-mail, without signing in."""
    notice = notice_by_token(db, token)
    board_session = db.get(BoardSession, notice.session_id)
    if board_session.status not in (SessionStatus.PLANNED, SessionStatus.CALLED):
        raise BoardError(f"La sesión está {board_session.status.label.lower()}: ya no se confirma la asistencia.")
    notice.reply, notice.replied_at = answer, utcnow()
    member = db.get(BoardMember, notice.member_id)
    db.flush()
    audit.record(db, notice.organization_id, member.user_id, member.name, "sesion.asistencia_confirmada", "sesion",
                 board_session.id, summary=f"{member.name}: {answer.label.lower()}")
    return notice


def notices_of(db: Session, board_session: BoardSession) -> list[tuple[SessionNotice, BoardMember]]:
    """Who received the convocatoria, when, and what they answered."""
    rows = db.exec(select(SessionNotice, BoardMember).join(BoardMember, BoardMember.id == SessionNotice.member_id)
                   .where(SessionNotice.session_id == board_session.id).order_by(SessionNotice.id)).all()
    return [(notice, member) for notice, member in rows]


def comment_on_minutes(db: Session, token: str, text: str) -> MinutesComment:
    """A member's observation on the draft acta, from the link in the e-mail, during its review term."""
    notice = notice_by_token(db, token)
    board_session = db.get(BoardSession, notice.session_id)
    if board_session.minutes_status != MinutesStatus.IN_REVIEW:
        raise ReviewClosed(review_closed(db, board_session), "observaciones")
    text = text.strip()
    if len(text) < 5:
        raise BoardError("Escriba su observación (al menos 5 caracteres).", "observaciones")
    member = db.get(BoardMember, notice.member_id)
    comment = MinutesComment(organization_id=notice.organization_id, session_id=board_session.id, member_id=member.id,
                             user_id=member.user_id, text=text[:5000], created_at=utcnow())
    db.add(comment)
    db.flush()
    audit.record(db, notice.organization_id, member.user_id, member.name, "sesion.acta_observacion", "sesion",
                 board_session.id, summary=f"{member.name} envió observaciones al proyecto de acta")
    return comment


def latest_file(db: Session, board_session: BoardSession, kind: str) -> files.StoredFile | None:
    """The newest stored version of the session's convocatoria or acta."""
    return files.latest(db, board_session.organization_id, board_session.instance_id, kind)


def member_convocatoria(db: Session, notice: SessionNotice, board_session: BoardSession) -> files.StoredFile | None:
    """The convocatoria as sent to this member, with their own links (the one to all, if sent before)."""
    own = db.get(files.StoredFile, notice.file_id) if notice.file_id is not None else None
    return own or latest_file(db, board_session, "convocatoria")


def agenda_documents(db: Session, board_session: BoardSession) -> list[tuple[AgendaItem, list[files.StoredFile]]]:
    """The orden del día as it stands, each item with the documents the areas attached to it."""
    items = items_of(db, board_session)
    found: dict[int, list[files.StoredFile]] = {}
    if items:
        for item_id, stored in db.exec(select(AgendaDocument.item_id, files.StoredFile)
                                       .join(files.StoredFile, files.StoredFile.id == AgendaDocument.file_id)
                                       .where(AgendaDocument.item_id.in_([i.id for i in items]))
                                       .order_by(AgendaDocument.id)).all():
            found.setdefault(item_id, []).append(stored)
    return [(item, found.get(item.id, [])) for item in items]


def document_by_token(db: Session, token: str, file_id: int) -> files.StoredFile:
    """A document of an item on the orden del día of the token's session, for the member who holds the
    token (LookupError for any other file: another session's, a rejected or withdrawn item's)."""
    notice = notice_by_token(db, token)
    if db.get(BoardSession, notice.session_id).status == SessionStatus.CANCELLED:
        raise SessionCancelled(CANCELLED_MESSAGE)
    if not 0 < file_id <= LARGEST_ID:
        raise LookupError("Ese documento no está en el orden del día de esta sesión.")
    stored = db.exec(select(files.StoredFile)
                     .join(AgendaDocument, AgendaDocument.file_id == files.StoredFile.id)
                     .join(AgendaItem, AgendaItem.id == AgendaDocument.item_id)
                     .where(files.StoredFile.id == file_id, AgendaItem.session_id == notice.session_id,
                            AgendaItem.status == ItemStatus.ACCEPTED,
                            files.StoredFile.organization_id == notice.organization_id)).first()
    if stored is None:
        raise LookupError("Ese documento no está en el orden del día de esta sesión.")
    return stored
