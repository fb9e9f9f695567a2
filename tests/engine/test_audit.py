"""The audit log: one hash chain per organization, and any change to history shows."""

from sqlalchemy import event as sa_event
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from engine import audit
from engine.audit import AuditEvent, verify_chain
from engine.db import make_engine, reading, transaction
from engine.tenancy import Organization


def second_organization(engine) -> int:
    with transaction(engine) as session:
        org = Organization(slug="otro", name="Otro ente", short_name="OTRO")
        session.add(org)
        session.flush()
        return org.id


def write(engine, organization_id, n, prefix="evento"):
    for i in range(n):
        with transaction(engine) as session:
            audit.record(session, organization_id, None, "Sistema", "prueba", "cosa", i,
                         summary=f"{prefix} {i}", before={"n": i}, after={"n": i + 1, "texto": "acción ñ"})


def report(engine, organization_id):
    with reading(engine) as session:
        return verify_chain(session, organization_id)


def test_an_untouched_chain_verifies(engine, demo):
    write(engine, demo.organization.id, 5)
    result = report(engine, demo.organization.id)
    assert result.ok and result.events == 5


def test_several_events_of_one_transaction_are_linked_in_order(engine, demo):
    with transaction(engine) as session:
        for i in range(3):
            audit.record(session, demo.organization.id, None, "Sistema", "prueba", "cosa", i, summary=str(i))
    with reading(engine) as session:
        rows = session.exec(select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [(e.seq, e.summary) for e in rows] == [(1, "0"), (2, "1"), (3, "2")]
    assert [e.prev_hash for e in rows[1:]] == [e.hash for e in rows[:-1]]
    assert report(engine, demo.organization.id).ok


def test_a_rolled_back_transaction_leaves_no_event(engine, demo):
    try:
        with transaction(engine) as session:
            audit.record(session, demo.organization.id, None, "Sistema", "prueba", "cosa", 1)
            raise RuntimeError("falla después de registrar")
    except RuntimeError:
        pass
    write(engine, demo.organization.id, 1)
    result = report(engine, demo.organization.id)
    assert result.ok and result.events == 1


def test_changing_an_events_summary_breaks_the_chain_there(engine, demo):
    write(engine, demo.organization.id, 5)
    with engine.begin() as connection:
        connection.execute(text("UPDATE auditevent SET summary = 'otra cosa' WHERE seq = 3"))
    result = report(engine, demo.organization.id)
    assert not result.ok and result.broken_at == 3 and result.events == 2


def test_changing_before_or_after_values_is_detected(engine, demo):
    write(engine, demo.organization.id, 3)
    with transaction(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.seq == 2)).one()
        event.after = {"n": 999}
    assert report(engine, demo.organization.id).broken_at == 2


def test_deleting_an_event_in_the_middle_or_at_the_end_is_detected(engine, demo):
    write(engine, demo.organization.id, 4)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM auditevent WHERE seq = 4"))
    assert report(engine, demo.organization.id).reason == "faltan eventos al final de la cadena"
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM auditevent WHERE seq = 2"))
    assert report(engine, demo.organization.id).broken_at == 2


def test_chains_are_per_organization(engine, demo):
    other = second_organization(engine)
    write(engine, demo.organization.id, 3, "sesaech")
    write(engine, other, 2, "otro")
    with reading(engine) as session:
        seqs = {org: [e.seq for e in session.exec(select(AuditEvent).where(AuditEvent.organization_id == org)
                                                  .order_by(AuditEvent.seq))]
                for org in (demo.organization.id, other)}
    assert seqs == {demo.organization.id: [1, 2, 3], other: [1, 2]}
    with engine.begin() as connection:
        connection.execute(text("UPDATE auditevent SET summary = 'alterado' WHERE organization_id = :org AND seq = 1"),
                           {"org": other})
    assert report(engine, demo.organization.id).ok
    assert report(engine, other).broken_at == 1


def statements(engine, action, wanted) -> int:
    """How many statements `action` sent for which wanted(statement) holds."""
    seen = []

    def count(_conn, _cursor, statement, *_):
        if wanted(statement):
            seen.append(statement)

    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def head_reads(engine, action):
    """How many times `action` read a chain head under lock."""
    return statements(engine, action, lambda statement: statement.lstrip().startswith("SELECT auditchainhead."))


def test_on_postgresql_a_step_moves_a_known_head_and_appends_its_events_in_one_statement(engine, demo):
    write(engine, demo.organization.id, 1)

    def two_events():
        with transaction(engine) as session:
            for n in range(2):
                audit.record(session, demo.organization.id, None, "Sistema", "prueba", "cosa", n, summary=f"par {n}")

    def many_events():
        with transaction(engine) as session:
            for n in range(30):
                audit.record(session, demo.organization.id, None, "Sistema", "importación", "fila", n,
                             summary=f"fila {n}")

    def chain_statements(action):
        return statements(engine, action, lambda statement: "auditchainhead" in statement or "auditevent" in statement)

    assert chain_statements(two_events) == (1 if engine.dialect.name == "postgresql" else 2)
    assert chain_statements(many_events) == 2  # a batch: the swap, then the events
    result = report(engine, demo.organization.id)
    assert result.ok and result.events == 33


def test_a_writer_that_moved_the_head_last_does_not_read_it_again(engine, demo):
    write(engine, demo.organization.id, 1)
    assert head_reads(engine, lambda: write(engine, demo.organization.id, 3)) == 0
    assert report(engine, demo.organization.id).events == 4


def test_a_head_moved_by_another_process_is_read_again_and_the_chain_stays_whole(engine, demo):
    other_process = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        write(engine, demo.organization.id, 2, "aquí")
        write(other_process, demo.organization.id, 3, "allá")
        assert head_reads(engine, lambda: write(engine, demo.organization.id, 1, "aquí otra vez")) == 1
        write(other_process, demo.organization.id, 1, "allá otra vez")
    finally:
        other_process.dispose()
    with reading(engine) as session:
        rows = session.exec(select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [e.summary for e in rows] == ["aquí 0", "aquí 1", "allá 0", "allá 1", "allá 2",
                                         "aquí otra vez 0", "allá otra vez 0"]
    result = report(engine, demo.organization.id)
    assert result.ok and result.events == 7


def test_events_linked_by_a_commit_that_then_failed_do_not_move_the_chain(engine, demo):
    write(engine, demo.organization.id, 1)
    try:
        with transaction(engine) as session:
            audit.record(session, demo.organization.id, None, "Sistema", "prueba", "cosa", 2, summary="perdido")
            # Flushed by the commit after the events are linked: the commit fails there.
            session.add(Organization(slug=demo.organization.slug, name="Duplicado", short_name="DUP"))
    except IntegrityError:
        pass
    write(engine, demo.organization.id, 1, "después")
    with reading(engine) as session:
        assert [e.summary for e in session.exec(select(AuditEvent).order_by(AuditEvent.seq))] == ["evento 0",
                                                                                                   "después 0"]
    assert report(engine, demo.organization.id).ok
