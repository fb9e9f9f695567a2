"""Shared fixtures: a migrated database per backend (SQLite always, PostgreSQL when given), personas."""

import os
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

# Before engine.accounts is imported: personas are created for every test.
os.environ.setdefault("PLENO_PASSWORD_HASHING", "cheapest-for-tests")

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlmodel import SQLModel

import engine.models  # noqa: F401
import workflows  # noqa: F401
from engine.accounts import actor_for
from engine.clock import to_local, utcnow
from engine.db import make_engine, transaction
from engine.legal_calendar import forget_calendars
from engine.settings import ROOT, Settings
from smtp_sink import Sink, smtp_server
from workflows.demo import DEMO_PASSWORD, seed_demo

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("PLENO_TEST_DATABASE_URL") else [])


@pytest.fixture(autouse=True)
def registrations_late_in_the_day(monkeypatch):
    """The registration pages' clock at 23:59 of the organization's real today.

    Tests register documents «received today at 10:30»; run at 07:00 in Mexico that moment is still
    ahead, and the pages rightly refuse it. The tests of that refusal set their own morning."""
    def late(zone: str) -> datetime:
        return datetime.combine(to_local(utcnow(), zone).date(), time(23, 59), tzinfo=ZoneInfo(zone))
    monkeypatch.setattr("engine.clock.now_in", late)


def migrate(url: str) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["url"] = url
    command.upgrade(config, "head")


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'pleno.db'}"
    else:
        url = os.environ["PLENO_TEST_DATABASE_URL"]
        admin = make_engine(url)
        with admin.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        admin.dispose()
    migrate(url)
    return url


@pytest.fixture(scope="session")
def _shared_engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(_shared_engine):
    """A migrated database emptied before each test."""
    tables = [t for t in reversed(SQLModel.metadata.sorted_tables)]
    with _shared_engine.begin() as connection:
        if _shared_engine.dialect.name == "postgresql":
            connection.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables)
                                    + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())
    # Organizations get the same ids again: calendars cached for the last test's are not theirs.
    forget_calendars()
    return _shared_engine


@pytest.fixture
def settings(engine, tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("PLENO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PLENO_DATABASE_URL", str(engine.url.render_as_string(hide_password=False)))
    return Settings()


@pytest.fixture
def sink():
    """What a real SMTP server on loopback received (the `port` fixture runs it)."""
    return Sink()


@pytest.fixture
def port(sink):
    with smtp_server(sink) as port:
        yield port


@pytest.fixture
def demo(engine, settings):
    with transaction(engine) as session:
        return seed_demo(session)


def _actor(engine, demo, username):
    with transaction(engine) as session:
        return actor_for(session, demo.users[username])


@pytest.fixture
def admin(engine, demo):
    return _actor(engine, demo, "admin")


@pytest.fixture
def oficialia(engine, demo):
    return _actor(engine, demo, "oficialia")


@pytest.fixture
def juridico(engine, demo):
    return _actor(engine, demo, "juridico")


@pytest.fixture
def transparencia(engine, demo):
    return _actor(engine, demo, "transparencia")


@pytest.fixture
def enlace_area_a(engine, demo):
    """Enlace of the Dirección de Administración."""
    return _actor(engine, demo, "enlace_da")


@pytest.fixture
def enlace_area_b(engine, demo):
    """Enlace of the Dirección de Riesgos e Inteligencia."""
    return _actor(engine, demo, "enlace_dri")


@pytest.fixture
def integrante(engine, demo):
    return _actor(engine, demo, "integrante")


@pytest.fixture
def comite(engine, demo):
    """A member of the Comité de Transparencia."""
    return _actor(engine, demo, "comite")


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


@pytest.fixture
def golden_dir() -> Path:
    return Path(__file__).parent / "golden"
