"""Alembic environment: Pleno's tables only, on the URL of the settings (or -x url=...)."""

from alembic import context

from engine.db import make_engine
from engine.settings import load_settings
import engine.models  # noqa: F401
import workflows  # noqa: F401  (each workflow's tables)
from sqlmodel import SQLModel

config = context.config
target_metadata = SQLModel.metadata


def include_object(obj, name, type_, reflected, compare_to):
    # Tables another library creates (e.g. a scheduler's job store) are not ours to migrate.
    if type_ == "table" and reflected and compare_to is None:
        return False
    return True


def run_migrations_online() -> None:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.attributes.get("url") \
        or load_settings().database_url
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      include_object=include_object, render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
