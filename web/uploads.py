"""Files people upload through pages or the API: checked by type and size, then stored."""

from collections.abc import Mapping

from litestar.datastructures import UploadFile
from sqlmodel import Session

from engine import files
from engine.accounts import Actor
from engine.settings import Settings


def store_upload(session: Session, settings: Settings, actor: Actor, upload: UploadFile, kind: str,
                 title: str, instance_id: int | None = None, area_id: int | None = None) -> files.StoredFile:
    """Raise files.UploadRejected (with a Spanish reason) for a wrong type, an empty or oversized file."""
    # Read one byte past the limit: enough to know it is too big without holding a huge file.
    content = upload.file.read(settings.max_upload_bytes + 1)
    files.check_upload(settings, upload.filename or "", content)
    return files.store(session, settings, actor.organization_id, kind, title, upload.filename or "archivo",
                       content, created_by=actor.user_id, instance_id=instance_id, area_id=area_id)


def sent_file(form, name: str) -> UploadFile | None:
    """The file a submitted form carried in that field; None when none was chosen."""
    upload = form.get(name)
    return upload if isinstance(upload, UploadFile) and upload.filename else None


def not_kept(uploads: Mapping[str, UploadFile | None], errors: dict[str, str]) -> dict[str, str]:
    """The errors, plus beside each file sent that the form comes back without it: a form that comes
    back stored nothing (or its transaction rolled back), and a browser never refills a file input.
    A reason the file itself was refused stays the one shown beside it."""
    return {**{name: f"No se guardó el archivo «{upload.filename}»: adjúntelo de nuevo antes de enviar."
               for name, upload in uploads.items() if upload is not None}, **errors}
