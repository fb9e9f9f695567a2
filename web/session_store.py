"""Litestar session store kept in the database, so web processes stay stateless."""

from datetime import timedelta

from anyio import to_thread
from litestar.stores.base import Store
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from engine.accounts import LoginSession
from engine.clock import utcnow
from engine.db import reading, transaction


def _seconds(value: int | timedelta | None) -> int | None:
    return int(value.total_seconds()) if isinstance(value, timedelta) else value


class DatabaseStore(Store):
    def __init__(self, engine: Engine):
        self.engine = engine

    def _set(self, key: str, value: bytes, expires_in: int | None) -> None:
        expires_at = utcnow() + timedelta(seconds=expires_in) if expires_in else None
        with transaction(self.engine) as session:
            row = session.get(LoginSession, key)
            if row is None:
                session.add(LoginSession(key=key, data=value, expires_at=expires_at))
            else:
                row.data, row.expires_at = value, expires_at

    def _get(self, key: str) -> bytes | None:
        with reading(self.engine) as session:
            row = session.get(LoginSession, key)
            if row is None or (row.expires_at is not None and row.expires_at <= utcnow()):
                return None
            return row.data

    def _delete(self, key: str) -> None:
        with transaction(self.engine) as session:
            session.execute(delete(LoginSession).where(LoginSession.key == key))

    async def set(self, key, value, expires_in=None):
        data = value.encode() if isinstance(value, str) else value
        await to_thread.run_sync(self._set, key, data, _seconds(expires_in))

    async def get(self, key, renew_for=None):
        return await to_thread.run_sync(self._get, key)

    async def delete(self, key):
        await to_thread.run_sync(self._delete, key)

    async def delete_all(self):
        def _all():
            with transaction(self.engine) as session:
                session.execute(delete(LoginSession))
        await to_thread.run_sync(_all)

    async def exists(self, key):
        return await self.get(key) is not None

    async def expires_in(self, key):
        def _expires():
            with reading(self.engine) as session:
                row = session.get(LoginSession, key)
                if row is None or row.expires_at is None:
                    return None
                return int((row.expires_at - utcnow()).total_seconds())
        return await to_thread.run_sync(_expires)
