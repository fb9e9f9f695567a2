"""The development mailbox: the .eml files the "files" mail backend wrote, for each organization's administrators."""

from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from litestar import get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Template

from engine.accounts import Actor
from engine.settings import Settings

LIST_LIMIT = 200


@dataclass(frozen=True)
class MailFile:
    name: str
    sent_at: datetime
    to: str
    subject: str
    message_id: str


def _mailbox(settings: Settings, actor: Actor) -> Path:
    # With real delivery there is no mailbox to show: the page does not exist.
    if settings.mail_backend != "files":
        raise NotFoundException()
    if not actor.is_admin:
        raise PermissionDeniedException("El correo de desarrollo es solo para la administración del ente.")
    # The messages of the administrator's own organization: another's are not theirs to read.
    return settings.mail_dir_of(actor.organization_id)


def _sent_at(message, path: Path) -> datetime:
    try:
        sent = parsedate_to_datetime(str(message["Date"]))
    except (TypeError, ValueError):
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    # "-0000" (zone unknown) parses as naive; taken as UTC so every date compares.
    return sent if sent.tzinfo else sent.replace(tzinfo=UTC)


def _summary(path: Path) -> MailFile:
    with path.open("rb") as handle:
        headers = BytesHeaderParser(policy=policy.default).parse(handle)
    return MailFile(path.name, _sent_at(headers, path), str(headers["To"] or ""), str(headers["Subject"] or ""),
                    str(headers["Message-ID"] or ""))


def mail_files(folder: Path) -> list[MailFile]:
    """The newest messages first."""
    if not folder.is_dir():
        return []
    found = [_summary(path) for path in folder.glob("*.eml") if path.is_file()]
    found.sort(key=lambda mail: (mail.sent_at, mail.name), reverse=True)
    return found[:LIST_LIMIT]


def _text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else "(El mensaje no tiene parte de texto.)"


@get("/dev/correo", sync_to_thread=True, include_in_schema=False)
def mailbox_page(settings: Settings, actor: Actor) -> Template:
    folder = _mailbox(settings, actor)
    return Template("dev/mailbox.html", context={"actor": actor, "mails": mail_files(folder), "folder": folder})


@get("/dev/correo/{name:str}", sync_to_thread=True, include_in_schema=False)
def message_page(settings: Settings, actor: Actor, name: str) -> Template:
    folder = _mailbox(settings, actor)
    # Only a file name of this folder: nothing that could climb out of it.
    if "/" in name or "\\" in name or name.startswith(".") or not name.endswith(".eml"):
        raise NotFoundException()
    path = folder / name
    if not path.is_file():
        raise NotFoundException()
    with path.open("rb") as handle:
        message = BytesParser(policy=policy.default).parse(handle)
    return Template("dev/message.html", context={
        "actor": actor, "name": name, "headers": [(key, str(value)) for key, value in message.items()],
        "subject": str(message["Subject"] or "(sin asunto)"), "text": _text_of(message),
        "attachments": [part.get_filename() or "(sin nombre)" for part in message.iter_attachments()]})


ROUTES: list = [mailbox_page, message_page]
