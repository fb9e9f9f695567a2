"""A registration form sent again (the browser's «Atrás», then «Registrar» once more) registers once.

Each registration page carries a key of its own (`envio`). What a key registered is remembered in the
login session, which every web process reads from the database; sending the same key again leads to
what it registered, with a notice, instead of a second folio."""

import secrets

from litestar import Request

FIELD = "envio"
_SENT = "registros_enviados"
_KEEP = 20  # the latest registrations of this login session: enough for going back a few pages


def new_key() -> str:
    return secrets.token_urlsafe(12)


def registered_with(request: Request, key: str | None) -> int | None:
    """The id of what this form's key already registered, if anything."""
    return (request.session.get(_SENT) or {}).get(key) if key else None


def remember(request: Request, key: str | None, object_id: int) -> None:
    if not key:
        return
    sent = {**(request.session.get(_SENT) or {}), key: object_id}
    request.set_session({**request.session, _SENT: dict(list(sent.items())[-_KEEP:])})
