"""Database engine and sessions: SQLite (WAL) by default, PostgreSQL in production."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine


def normalize_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs (SQLAlchemy would pick psycopg2)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        # Web handlers run in a pool of up to 40 threads; each may hold a connection.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=20, max_overflow=30)
        _configure_sqlite(engine)
        return engine
    # Connections are recycled instead of pinged before each use: a ping is one more round trip
    # for every transaction.
    return create_engine(url, pool_size=20, max_overflow=30, pool_recycle=1800)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN until the first write, which lets two
    # writers read the same version and fail late; take the write lock up front instead.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get("pleno_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def insert_if_missing(session: Session, table, values: dict) -> None:
    """INSERT … ON CONFLICT DO NOTHING: a row two writers may both try to create first."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.connection().execute(dialect.insert(table).values(values).on_conflict_do_nothing())


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A writing session: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        session.connection(execution_options={"pleno_write": True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for pages and queries that write nothing."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
