"""Downloads of stored files, for the people who may see the process they belong to."""

from urllib.parse import quote

from litestar import Response, get
from sqlmodel import Session

from engine import inbox
from engine.accounts import Actor, Role
from engine.files import StoredFile, read
from engine.processes import ProcessInstance, descriptor, withholds_personal_data
from engine.runtime import NotAllowed, NotFound
from engine.settings import Settings
from workflows.access_request.committee import evidence_before_the_committee
from workflows.board_session import drafting
from workflows.board_session.notice import MEMBER_COPY


def may_download(session: Session, actor: Actor, stored: StoredFile) -> bool:
    """Same rule as the instance page, personal data included; an item's support document: the rule of its
    session's page; any other file outside a process: anyone who acts for the whole organization, else its
    area or its author."""
    if stored.instance_id is not None:
        instance = session.get(ProcessInstance, stored.instance_id)
        if instance is not None and _weighed_by_the_committee(session, actor, stored):
            return True
        if instance is None or not inbox.can_view_instance(session, actor, instance):
            return False
        if not inbox.may_read_file(session, actor, instance, stored):
            return False
        return not (stored.kind in descriptor(instance.process_id).personal_file_kinds
                    and withholds_personal_data(session, actor, instance))
    agenda_document = drafting.agenda_document_readable(session, actor, stored)
    if agenda_document is not None:
        return agenda_document
    if not inbox.restricted_to_areas(actor):
        return True
    return stored.created_by == actor.user_id or (stored.area_id is not None
                                                  and stored.area_id in actor.area_ids())


def _weighed_by_the_committee(session: Session, actor: Actor, stored: StoredFile) -> bool:
    """The Comité de Transparencia reads what an area attached to the answer a case of its own resolves (a prueba
    de daño, the record of a search), even of an ARCO request, whose file is otherwise closed to it."""
    return None in actor.grants.get(Role.COMITE, ()) and evidence_before_the_committee(session, stored)


def refusal(session: Session, stored: StoredFile) -> str:
    """Why the file is refused: who may read it, when its process or its session says so."""
    fallback = "Este archivo pertenece a un expediente que no corresponde a sus áreas."
    if stored.instance_id is None:
        return drafting.AGENDA_DOCUMENT_READERS if drafting.session_of_document(session, stored) else fallback
    instance = session.get(ProcessInstance, stored.instance_id)
    return inbox.refusal(instance.process_id, fallback) if instance is not None else fallback


def content_disposition(filename: str) -> str:
    """attachment with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987)."""
    fallback = "".join(c if c.isascii() and c not in '"\\;' and c.isprintable() else "_" for c in filename)
    return f"attachment; filename=\"{fallback or 'archivo'}\"; filename*=UTF-8''{quote(filename, safe='')}"


@get("/archivos/{file_id:int}", sync_to_thread=True)
def download(db: Session, actor: Actor, settings: Settings, file_id: int) -> Response:
    stored = db.get(StoredFile, file_id)
    # A member's own convocatoria carries that member's link (their token): only that link serves it.
    if stored is None or stored.organization_id != actor.organization_id or stored.kind == MEMBER_COPY:
        raise NotFound("No existe ese archivo.")
    if not may_download(db, actor, stored):
        raise NotAllowed(refusal(db, stored))
    try:
        content = read(settings, stored)
    except FileNotFoundError:
        raise NotFound("El archivo no está en el almacenamiento; avise a la administración.") from None
    return Response(content, media_type=stored.content_type, headers={
        "Content-Disposition": content_disposition(stored.filename),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    })


ROUTES: list = [download]
