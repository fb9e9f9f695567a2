"""Who reads a session's documents, legal staff's notes for the acta, and the members' observations."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor
from engine.audit import AuditEvent
from engine.documents import long_date
from engine.files import StoredFile, latest
from workflows.board_session.models import (AgendaDocument, AgendaItem, Board, BoardMember, BoardSession,
                                            MemberRole, MinutesComment, MinutesStatus, Resolution, SessionStatus)
from workflows.board_session.sessions import ORGANIZERS, BoardError, check_version, require_organizer, title_of

# What a member of the body may download; legal staff may download everything.
MEMBER_KINDS = frozenset({"convocatoria", "orden_del_dia", "acta", "lista_acuerdos"})
# Once approved the acta is the text voted at the next session: its notes no longer change.
FROZEN_MINUTES = (MinutesStatus.APPROVED, MinutesStatus.SIGNED)


class NotAllowedToRead(Exception):
    """The person belongs to the organization but not to those who may read this document."""


class NotIssued(Exception):
    """A document the session no longer issues: a cancelled session convenes nobody."""


# A cancelled session will not be held: a convocatoria or an orden del día made now would announce it.
CONVENING_KINDS = frozenset({"convocatoria", "orden_del_dia"})


class ReviewClosed(BoardError):
    """An observation on an acta whose review term is over."""


def member_seat(db: Session, actor: Actor, board_id: int) -> BoardMember | None:
    """The seat (or suplencia) the signed-in person holds in the body, if any."""
    if actor.user_id is None:
        return None
    return db.exec(select(BoardMember).where(BoardMember.board_id == board_id,
                                             BoardMember.user_id == actor.user_id)
                   .order_by(BoardMember.substitute_for_id.is_not(None), BoardMember.id)).first()


SESSION_READERS = ("Solo la Dirección Jurídica y las y los integrantes del órgano pueden ver el expediente de esta "
                   "sesión y sus documentos.")


def reads_session(db: Session, actor: Actor, board_session: BoardSession) -> bool:
    """Whether the person is among those who read the session's documents at all: legal staff (who run
    sessions) and the members of its body."""
    return bool(actor.roles & ORGANIZERS) or member_seat(db, actor, board_session.board_id) is not None


# Jurídica's work on the orden del día, the acta and the acuerdos' verification, in the session's history: an area's
# proposal, whether and why an item was taken in or left out, merged or withdrawn, the notes for the acta, the
# observations returned to the areas. The members read what was sent to them (the convocatoria with its orden del
# día, the acta in review) and where each acuerdo stands, as the session's pages give it.
WORKING_EVENTS = frozenset({"sesion.punto_propuesto", "sesion.punto_decidido", "sesion.puntos_fusionados",
                            "sesion.punto_retirado", "sesion.notas_acta", "acuerdo.devuelto"})


def reads_whole_history(db: Session, actor: Actor, board_session: BoardSession) -> bool:
    """Jurídica and the body's Secretario Técnico (titular or suplente), who prepare the session together."""
    if actor.roles & ORGANIZERS:
        return True
    return actor.user_id is not None and db.exec(select(BoardMember.id).where(
        BoardMember.board_id == board_session.board_id, BoardMember.user_id == actor.user_id,
        BoardMember.role == MemberRole.SECRETARIO_TECNICO)).first() is not None


def history_shown(db: Session, actor: Actor, board_session: BoardSession,
                  events: list[AuditEvent]) -> list[AuditEvent]:
    """The session's history as this person reads it: a member of the body, without Jurídica's work."""
    if reads_whole_history(db, actor, board_session):
        return events
    return [event for event in events if event.action not in WORKING_EVENTS]


def require_session_reader(db: Session, actor: Actor, board_session: BoardSession) -> None:
    """The session's process (its expediente, its panel on the session's page) is for whom reads_session names."""
    if not reads_session(db, actor, board_session):
        raise NotAllowedToRead(SESSION_READERS)


def require_reader(db: Session, actor: Actor, board_session: BoardSession, kind: str) -> None:
    """Legal staff read everything; a member of the body reads the convocatoria, the orden del día,
    the lista de acuerdos and the acta once it has gone to their review; nobody else reads them."""
    if actor.roles & ORGANIZERS:
        return
    if kind not in MEMBER_KINDS or not reads_session(db, actor, board_session):
        raise NotAllowedToRead("Solo la Dirección Jurídica y las y los integrantes del órgano pueden descargar "
                               "este documento.")
    # A session without quorum has no review: its acta, the record of who came, is theirs to read and sign.
    if kind == "acta" and not minutes_circulated(board_session) and board_session.status != SessionStatus.NO_QUORUM:
        raise NotAllowedToRead("El proyecto de acta aún no se envía a revisión de las y los integrantes.")


def minutes_circulated(board_session: BoardSession) -> bool:
    return (board_session.minutes_status in (MinutesStatus.IN_REVIEW, *FROZEN_MINUTES)
            or board_session.minutes_review_deadline_id is not None)


AGENDA_DOCUMENT_READERS = ("Solo la Dirección Jurídica, las y los integrantes del órgano y el área que propuso el "
                           "punto pueden abrir sus documentos.")


def agenda_document(db: Session, actor: Actor, board_session: BoardSession, file_id: int) -> StoredFile:
    """A support document of one of the session's items, as the convocatoria links it: for legal staff,
    the members of the body and the area that sent the item."""
    row = db.exec(select(StoredFile, AgendaItem.area_id).join(AgendaDocument, AgendaDocument.file_id == StoredFile.id)
                  .join(AgendaItem, AgendaItem.id == AgendaDocument.item_id)
                  .where(StoredFile.id == file_id, AgendaItem.session_id == board_session.id,
                         StoredFile.organization_id == board_session.organization_id)).first()
    if row is None:
        raise LookupError("Ese documento no pertenece a esta sesión.")
    stored, area_id = row
    if reads_session(db, actor, board_session):
        return stored
    # The area that uploaded it keeps it when its item was merged into another area's.
    if any(area is not None and area in actor.area_ids() for area in (area_id, stored.area_id)):
        return stored
    raise NotAllowedToRead(AGENDA_DOCUMENT_READERS)


def session_of_document(db: Session, stored: StoredFile) -> BoardSession | None:
    """The session whose item this file supports, when it is an item's support document."""
    session_id = db.exec(select(AgendaItem.session_id).join(AgendaDocument, AgendaDocument.item_id == AgendaItem.id)
                         .where(AgendaDocument.file_id == stored.id)).first()
    return db.get(BoardSession, session_id) if session_id is not None else None


def agenda_document_readable(db: Session, actor: Actor, stored: StoredFile) -> bool | None:
    """Whether the person may open this file as an item's support document, wherever it is served (the
    rule of agenda_document); None when it is not one."""
    board_session = session_of_document(db, stored)
    if board_session is None:
        return None
    try:
        agenda_document(db, actor, board_session, stored.id)
    except (LookupError, NotAllowedToRead):
        return False
    return True


def resolution_of(db: Session, actor: Actor, resolution_id: int) -> Resolution:
    resolution = db.get(Resolution, resolution_id)
    if resolution is None or resolution.organization_id != actor.organization_id:
        raise LookupError("Acuerdo no encontrado.")
    return resolution


def cancelled_documents_note(db: Session, board_session: BoardSession) -> str:
    """Why a cancelled session's page offers no convocatoria nor orden del día ("" for any other session)."""
    if board_session.status != SessionStatus.CANCELLED:
        return ""
    if stored_version(db, board_session, "convocatoria") is not None:
        return ("La sesión se canceló: ya no se generan su convocatoria ni su orden del día. La convocatoria que se "
                "envió queda como constancia.")
    return "La sesión se canceló: ya no se generan su convocatoria ni su orden del día."


def require_issuable(db: Session, board_session: BoardSession, kind: str) -> None:
    """Refuse to build a convocatoria or an orden del día for a cancelled session (what was sent is served stored)."""
    if kind in CONVENING_KINDS:
        note = cancelled_documents_note(db, board_session)
        if note:
            raise NotIssued(note)


def stored_version(db: Session, board_session: BoardSession, kind: str) -> StoredFile | None:
    """The latest stored file of that kind for the session's process, or None to generate it now.

    The acta is generated from the record until it is signed: while it is written or reviewed legal staff
    edit its notes after any stored draft, and once approved the copy stored last is the draft its review
    left, headed «Proyecto de acta». Approved, its record no longer changes (notes frozen, the room closed,
    the seguimiento heard kept), so the text made now is the one voted; signed, the stored file is the one
    signed and published."""
    if kind == "acta" and board_session.minutes_status != MinutesStatus.SIGNED:
        return None
    return latest(db, board_session.organization_id, board_session.instance_id, kind)


def save_notes(db: Session, actor: Actor, item: AgendaItem, notes: str, expected_version: int | None) -> AgendaItem:
    """The discussion of an item as the acta will tell it; refused once the acta is approved."""
    require_organizer(actor)
    board_session = db.get(BoardSession, item.session_id)
    if board_session.minutes_status in FROZEN_MINUTES:
        raise BoardError(f"El acta ya está {board_session.minutes_status.label.lower()}: sus notas ya no cambian.",
                         "notas")
    check_version(item, expected_version, "las notas de este punto")
    item.notes = notes.strip().replace("\r\n", "\n")
    db.flush()  # the version check of the UPDATE: a second editor gets StaleDataError here
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.notas_acta", "sesion",
                 board_session.id, summary=f"Editó las notas del punto «{item.title[:200]}»")
    return item


def add_comment(db: Session, actor: Actor, board_session: BoardSession, text: str) -> MinutesComment:
    """A member's observation on the draft acta, accepted only while its review is open."""
    seat = member_seat(db, actor, board_session.board_id)
    if seat is None:
        raise NotAllowedToRead("Solo las y los integrantes del órgano pueden hacer observaciones al acta.")
    if board_session.minutes_status != MinutesStatus.IN_REVIEW:
        raise ReviewClosed(review_closed(db, board_session), "texto")
    if not text.strip():
        raise BoardError("Escriba su observación.", "texto")
    comment = MinutesComment(organization_id=board_session.organization_id, session_id=board_session.id,
                             member_id=seat.id, user_id=actor.user_id, text=text.strip()[:5000])
    db.add(comment)
    db.flush()
    audit.record(db, actor.organization_id, actor.user_id, actor.name, "sesion.observacion_acta", "sesion",
                 board_session.id, summary="Hizo una observación al proyecto de acta")
    return comment


def review_closed(db: Session, board_session: BoardSession) -> str:
    """Why a member's observation on the acta is no longer taken (or not yet), as the member is told."""
    if board_session.minutes_status in FROZEN_MINUTES and board_session.minutes_approved_in_id is not None:
        board = db.get(Board, board_session.board_id)
        approving = db.get(BoardSession, board_session.minutes_approved_in_id)
        return (f"El acta ya se aprobó en la {title_of(approving, board)}, el "
                f"{long_date(board_session.minutes_approved_on)}: su revisión concluyó y ya no se reciben "
                "observaciones. Si necesita hacer alguna precisión, comuníquese con la Secretaría Técnica.")
    if board_session.minutes_status == MinutesStatus.NONE:
        return "El proyecto de acta aún no se envía a revisión de las y los integrantes: todavía no se reciben observaciones."
    return ("El periodo de revisión del acta está cerrado: ya no se reciben observaciones. Comuníquese con la "
            "Secretaría Técnica.")


@dataclass(frozen=True)
class CommentLine:
    author: str
    text: str
    created_at: datetime


def comments_of(db: Session, board_session: BoardSession) -> list[CommentLine]:
    rows = db.exec(select(MinutesComment, BoardMember.name).join(
        BoardMember, BoardMember.id == MinutesComment.member_id, isouter=True).where(
        MinutesComment.session_id == board_session.id).order_by(MinutesComment.created_at, MinutesComment.id)).all()
    return [CommentLine(name or "Integrante", comment.text, comment.created_at) for comment, name in rows]


# The session's documents as its page lists them: (path segment of /descargas, kind, label).
SESSION_DOCUMENTS = (("convocatoria", "convocatoria", "Convocatoria"),
                     ("orden-del-dia", "orden_del_dia", "Orden del día"),
                     ("acta", "acta", "Acta"),
                     ("lista-de-acuerdos", "lista_acuerdos", "Lista de acuerdos"))


def readable_documents(db: Session, actor: Actor, board_session: BoardSession) -> list[tuple[str, str]]:
    """(label, path segment) of the session's documents this person may download now."""
    shown = []
    for segment, kind, label in SESSION_DOCUMENTS:
        without_quorum = board_session.status == SessionStatus.NO_QUORUM
        if kind == "acta" and board_session.minutes_status == MinutesStatus.NONE and not without_quorum:
            continue  # nothing recorded yet to draft it from
        if kind == "lista_acuerdos" and board_session.status != SessionStatus.HELD:
            continue
        if kind in CONVENING_KINDS and board_session.status == SessionStatus.CANCELLED and (
                kind != "convocatoria" or stored_version(db, board_session, kind) is None):
            continue  # only the convocatoria that was sent stays, as its record
        try:
            require_reader(db, actor, board_session, kind)
        except NotAllowedToRead:
            continue
        if kind == "acta" and board_session.minutes_status not in FROZEN_MINUTES and not without_quorum:
            label = "Proyecto de acta"
        shown.append((label, segment))
    return shown
