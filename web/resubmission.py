"""A registration form sent again registers once: each registration page carries a key of its own
(`envio`), which the registration takes in its own transaction (engine/sent_forms.py). Sending the same
key again, even while the first send is still being saved, leads to what it registered, with a notice,
instead of a second folio."""

import secrets

FIELD = "envio"


def new_key() -> str:
    return secrets.token_urlsafe(12)
