"""Litestar session store kept in the database, so web processes stay stateless."""

from collections import OrderedDict
from datetime import datetime, timedelta

from anyio import to_thread
from litestar.stores.base import Store
from sqlalchemy import bindparam, delete, select
from sqlalchemy.engine import Engine

from engine.accounts import LoginSession
from engine.clock import utcnow
from engine.db import reading, transaction


def _seconds(value: int | timedelta | None) -> int | None:
    return int(value.total_seconds()) if isinstance(value, timedelta) else value


# Litestar stores the session after every response; rewriting an unchanged session on every page
# view would make each read a database write. Unchanged data is rewritten (to push its expiry
# forward) at most this often per process.
REFRESH_EVERY = timedelta(minutes=5)


EMPTY = b"{}"
_table = LoginSession.__table__
_READ = select(_table.c.data, _table.c.expires_at).where(_table.c.key == bindparam("key"))


class DatabaseStore(Store):
    def __init__(self, engine: Engine, remembered: int = 10_000):
        self.engine = engine
        # SQLite answers in-process: cheaper on the event loop than a hop to a thread. PostgreSQL
        # answers over the network: waiting for it on the loop would stall every other request.
        self._read_on_loop = engine.dialect.name == "sqlite"
        self._written: OrderedDict[str, tuple[bytes, datetime]] = OrderedDict()
        self._remembered = remembered

    def _needless(self, key: str, value: bytes, now: datetime) -> bool:
        """Whether writing would change nothing: the session is as this process last wrote it, or it
        is empty and was never written. Litestar stores an empty session for every visitor without
        one (the login page, the public folio lookup, a monitoring probe), and a missing row reads
        back as that same empty session."""
        last = self._written.get(key)
        if last is None:
            return value == EMPTY
        return last[0] == value and now - last[1] < REFRESH_EVERY

    def _set(self, key: str, value: bytes, expires_in: int | None) -> None:
        now = utcnow()
        if self._needless(key, value, now):
            return
        expires_at = now + timedelta(seconds=expires_in) if expires_in else None
        self._written[key] = (value, now)
        while len(self._written) > self._remembered:
            self._written.popitem(last=False)
        with transaction(self.engine) as session:
            row = session.get(LoginSession, key)
            if row is None:
                session.add(LoginSession(key=key, data=value, expires_at=expires_at))
            else:
                row.data, row.expires_at = value, expires_at

    def _get(self, key: str) -> bytes | None:
        # Every request reads its session: one plain SELECT built once, no ORM session around it.
        with self.engine.connect() as connection:
            if not self._read_on_loop:
                # A single read needs no transaction: one round trip instead of BEGIN, SELECT, ROLLBACK.
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            row = connection.execute(_READ, {"key": key}).first()
        if row is None or (row.expires_at is not None and row.expires_at <= utcnow()):
            return None
        return row.data

    def _delete(self, key: str) -> None:
        self._written.pop(key, None)
        with transaction(self.engine) as session:
            session.execute(delete(LoginSession).where(LoginSession.key == key))

    async def set(self, key, value, expires_in=None):
        data = value.encode() if isinstance(value, str) else value
        # Most responses carry the session they read: nothing to write, so no hop to a thread.
        if self._needless(key, data, utcnow()):
            return
        await to_thread.run_sync(self._set, key, data, _seconds(expires_in))

    async def get(self, key, renew_for=None):
        # A primary-key read that never waits for a lock (WAL): on SQLite cheaper on the event loop
        # than the hop to a worker thread. Writes, which may wait, go to a thread.
        if self._read_on_loop:
            return self._get(key)
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
