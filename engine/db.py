"""Database engine and sessions: SQLite (WAL) by default, PostgreSQL in production."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import any_, bindparam, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine


# The largest id a column holds (a signed 64-bit integer, PostgreSQL's bigint): a bigger number names
# no row, and comparing it would overflow the query.
LARGEST_ID = 2**63 - 1


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
        # Straight to the driver: SQLAlchemy's execution machinery cost more than the BEGIN itself,
        # and every transaction pays it.
        conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _dialect(session: Session):
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite


def one_of(session: Session, column, values: list):
    """`column IN (values)`; on PostgreSQL `column = ANY(:array)`, one parameter: an IN list is
    rendered and compiled again for every statement (a batch of an import has a thousand values)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=postgresql.ARRAY(column.type)))
    return column.in_(values)


def insert_if_missing(session: Session, table, values: dict) -> None:
    """INSERT … ON CONFLICT DO NOTHING: a row two writers may both try to create first."""
    session.connection().execute(_dialect(session).insert(table).values(values).on_conflict_do_nothing())


def insert_or_replace(session: Session, table, values: dict, key: list[str]) -> None:
    """INSERT … ON CONFLICT (key) DO UPDATE: the last of two writers at once wins, neither fails."""
    statement = _dialect(session).insert(table).values(values)
    session.connection().execute(statement.on_conflict_do_update(
        index_elements=key, set_={name: value for name, value in values.items() if name not in key}))


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


def reading_session(engine: Engine) -> Session:
    """A session for pages and queries that write nothing; it refuses to flush a change.

    On PostgreSQL it reads without a transaction: under READ COMMITTED each statement takes its own
    snapshot anyway, and BEGIN and ROLLBACK were two more round trips around every page's reads.
    On SQLite a read transaction costs nothing and gives the page one snapshot.
    """
    bind = engine if is_sqlite(engine) else _without_transaction(engine)
    # No autoflush: a page may change an object it shows (never saved, as before); only an explicit
    # flush or commit is refused.
    session = Session(bind, expire_on_commit=False, autoflush=False)
    session.info[READ_ONLY] = True
    return session


def _without_transaction(engine: Engine) -> Engine:
    """The same engine and pool, its connections in autocommit while checked out (made once and
    kept on the engine: a dictionary keyed by engine would keep every test's engine alive)."""
    found = getattr(engine, "_pleno_autocommit", None)
    if found is None:
        found = engine._pleno_autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    return found


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for pages and queries that write nothing (see reading_session)."""
    with reading_session(engine) as session:
        yield session


READ_ONLY = "pleno_read_only"


@event.listens_for(Session, "before_flush")
def _refuse_writes_when_reading(session: Session, _flush_context, _instances) -> None:
    # Without a transaction a flushed change would be committed at once; with one it was silently
    # rolled back. Either way a page that changes what it read is a bug: say so.
    if session.info.get(READ_ONLY) and (session.new or session.deleted
                                        or any(session.is_modified(o) for o in session.dirty)):
        raise RuntimeError("Una sesión de lectura no escribe; use engine.db.transaction.")
