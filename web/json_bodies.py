"""The JSON body of every request, as handlers read it: UTF-8 only, as JSON is (RFC 8259)."""

from typing import Any

from litestar import Request
from litestar.exceptions import SerializationException


class JsonRequest(Request):
    """Litestar's request, with a body in another encoding (latin-1 from a Windows client) refused as
    JSON that is not valid: msgspec raises UnicodeDecodeError, which Litestar lets through as a 500."""

    async def json(self) -> Any:
        try:
            return await super().json()
        except UnicodeDecodeError as exc:
            raise SerializationException(f"JSON body is not UTF-8: {exc}") from exc
