"""Reading sessions: they never write, and on PostgreSQL they read without a transaction."""

import pytest
from sqlmodel import select

from engine.db import one_of, reading, transaction
from engine.tenancy import Area, Organization


def test_a_reading_session_refuses_to_save_a_change(engine, demo):
    with reading(engine) as session:
        area = session.exec(select(Area).where(Area.organization_id == demo.organization.id)).first()
        area.name = "Cambiada al mostrarla"
        session.exec(select(Organization)).all()  # no autoflush: showing a changed object saves nothing
        with pytest.raises(RuntimeError, match="Una sesión de lectura no escribe"):
            session.commit()
    with reading(engine) as session:
        assert session.get(Area, area.id).name != "Cambiada al mostrarla"
    with transaction(engine) as session:  # a writing session still writes
        session.get(Area, area.id).name = "Dirección renombrada"
    with reading(engine) as session:
        assert session.get(Area, area.id).name == "Dirección renombrada"


def test_a_page_s_reads_leave_no_transaction_open_on_postgresql_and_share_one_snapshot_on_sqlite(engine, demo):
    with reading(engine) as session:
        session.exec(select(Organization)).all()
        connection = session.connection().connection.dbapi_connection
        if engine.dialect.name == "postgresql":
            # BEGIN and ROLLBACK would be two more round trips; READ COMMITTED gives each statement
            # its own snapshot either way.
            assert connection.autocommit and connection.info.transaction_status.name == "IDLE"
        else:
            assert connection.in_transaction  # free on SQLite, and the page reads one snapshot
    with transaction(engine) as session:
        session.exec(select(Organization)).all()
        connection = session.connection().connection.dbapi_connection
        assert (connection.info.transaction_status.name == "INTRANS" if engine.dialect.name == "postgresql"
                else connection.in_transaction)


def test_one_of_finds_the_rows_whose_column_is_among_the_values_on_either_database(engine, demo):
    codes = sorted(demo.areas)
    with reading(engine) as session:
        wanted = codes[:2] + ["NO-EXISTE"]
        found = session.exec(select(Area.code).where(one_of(session, Area.code, wanted))).all()
        assert sorted(found) == codes[:2]
        assert session.exec(select(Area.code).where(one_of(session, Area.code, []))).all() == []
