"""A throwaway PostgreSQL database for a benchmark, on the server of a given URL."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from engine.db import normalize_url


@contextmanager
def dedicated_database(url: str, name: str) -> Iterator[str]:
    """The URL of a fresh database `name` on the server of `url` (never the database of `url`
    itself), dropped again when the block ends, whatever still holds connections to it."""
    server = make_url(normalize_url(url))
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        admin.dispose()
