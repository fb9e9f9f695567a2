"""Stored files (uploads and generated documents): outside the web root, with SHA-256 and author."""

import hashlib
import uuid
from datetime import datetime
from pathlib import Path

from sqlmodel import Field, Session, SQLModel, select

from engine.clock import utcnow
from engine.db import LARGEST_ID
from engine.labels import in_a_series
from engine.settings import Settings

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "odt": "application/vnd.oasis.opendocument.text",
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
    "tif": "image/tiff", "tiff": "image/tiff", "txt": "text/plain",
}

# Word, Excel and PowerPoint 97-2003 are OLE2 compound files, which all begin with this signature.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The first bytes each allowed type must start with, so a renamed executable is refused.
SIGNATURES = {
    "pdf": [b"%PDF"], "docx": [b"PK\x03\x04"], "xlsx": [b"PK\x03\x04"], "odt": [b"PK\x03\x04"],
    "doc": [OLE2], "xls": [OLE2], "ppt": [OLE2],
    "jpg": [b"\xff\xd8\xff"], "jpeg": [b"\xff\xd8\xff"], "png": [b"\x89PNG\r\n\x1a\n"],
    "tif": [b"II*\x00", b"MM\x00*"], "tiff": [b"II*\x00", b"MM\x00*"],
}

# How far into the file a type's signature may begin; at the very start for the others. PDF readers look for
# «%PDF» in the first 1024 bytes, and some scanners and mail gateways write a UTF-8 BOM or a line end before it.
SIGNATURE_WITHIN = {"pdf": 1024}

# What people call each type, for the hint beside a file field.
KIND_NAMES = {"pdf": "PDF", "docx": "Word", "doc": "Word", "xlsx": "Excel", "xls": "Excel", "ppt": "PowerPoint",
              "odt": "OpenDocument", "jpg": "imagen", "jpeg": "imagen", "png": "imagen", "tif": "imagen",
              "tiff": "imagen", "txt": "texto"}


class UploadRejected(Exception):
    pass


class StoredFile(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    instance_id: int | None = Field(default=None, foreign_key="processinstance.id", index=True)
    area_id: int | None = Field(default=None, foreign_key="area.id")
    kind: str = Field(max_length=40)  # e.g. "acuse", "anexo", "respuesta"
    title: str = Field(max_length=200)
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=120)
    size: int
    sha256: str = Field(max_length=64, index=True)
    version: int = 1
    storage_key: str = Field(max_length=80, unique=True)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


def _kept_name(filename: str, room: int = 200) -> str:
    """The name as uploaded, shortened to fit its column without losing its extension (the download
    needs it to open)."""
    name = Path(filename).name
    if len(name) <= room:
        return name
    suffix = Path(name).suffix[:20]
    return name[:room - len(suffix)].rstrip() + suffix


def accepted_types(settings: Settings) -> str:
    """«PDF (.pdf), Word (.docx, .doc), … o texto (.txt)»: the types check_upload accepts, as the hint beside a
    file field names them."""
    kinds: dict[str, list[str]] = {}
    for extension in settings.allowed_upload_types:
        kinds.setdefault(KIND_NAMES.get(extension, extension.upper()), []).append(f".{extension}")
    return in_a_series([f"{kind} ({', '.join(extensions)})" for kind, extensions in kinds.items()], "o")


def check_upload(settings: Settings, filename: str, content: bytes) -> str:
    """The file's extension if Pleno accepts it; otherwise a Spanish reason."""
    extension = Path(filename).suffix.lower().lstrip(".")
    allowed = settings.allowed_upload_types
    if extension not in allowed:
        raise UploadRejected(f"No se aceptan archivos .{extension or '(sin extensión)'}; "
                             f"tipos permitidos: {', '.join(allowed)}.")
    if len(content) == 0:
        raise UploadRejected("El archivo está vacío.")
    if len(content) > settings.max_upload_bytes:
        # Uploads are read only to one byte past the limit: the real size is not known here.
        raise UploadRejected(f"El archivo es demasiado grande: el máximo es {settings.max_upload_mb} MB.")
    if not _signed(extension, content):
        raise UploadRejected(f"El contenido no corresponde a un archivo .{extension}.")
    return extension


def _signed(extension: str, content: bytes) -> bool:
    """Whether the content begins with its type's signature (a PDF: has it within SIGNATURE_WITHIN bytes)."""
    signatures = SIGNATURES.get(extension, [])
    within = SIGNATURE_WITHIN.get(extension)
    if within is not None:
        return any(signature in content[:within] for signature in signatures)
    return not signatures or any(content.startswith(signature) for signature in signatures)


def store(session: Session, settings: Settings, organization_id: int, kind: str, title: str,
          filename: str, content: bytes, created_by: int | None = None, instance_id: int | None = None,
          area_id: int | None = None) -> StoredFile:
    extension = Path(filename).suffix.lower().lstrip(".")
    key = f"{organization_id}/{uuid.uuid4().hex}.{extension}"
    path = settings.upload_dir / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    previous = latest(session, organization_id, instance_id, kind)
    row = StoredFile(organization_id=organization_id, instance_id=instance_id, area_id=area_id, kind=kind,
                     title=title, filename=_kept_name(filename),
                     content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
                     size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                     version=(previous.version + 1) if previous else 1, storage_key=key,
                     created_by=created_by)
    session.add(row)
    session.flush()
    return row


def why_not_yours(session: Session, organization_id: int, user_id: int | None, instance_id: int,
                  file_id: int) -> str | None:
    """Why a form of this process may not take this file, or None. A form's file is one this person
    uploaded for this process (or, registering, just before it began); any other id would move
    another expediente's file, personal data included, into this one."""
    stored = session.get(StoredFile, file_id) if 0 < file_id <= LARGEST_ID else None
    if stored is None or stored.organization_id != organization_id:
        return "No existe ese archivo."
    if stored.created_by != user_id or stored.instance_id not in (None, instance_id):
        return "Ese archivo no lo subió usted para este expediente; adjúntelo de nuevo."
    return None


def latest(session: Session, organization_id: int, instance_id: int | None, kind: str) -> StoredFile | None:
    """The newest version of a process's stored file of this kind (none without a process)."""
    if instance_id is None:
        return None
    return session.exec(select(StoredFile).where(
        StoredFile.instance_id == instance_id, StoredFile.kind == kind,
        StoredFile.organization_id == organization_id).order_by(StoredFile.version.desc())).first()


def read(settings: Settings, stored: StoredFile) -> bytes:
    return (settings.upload_dir / stored.storage_key).read_bytes()
