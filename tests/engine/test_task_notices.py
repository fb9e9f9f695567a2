"""Work that lands on an area tells each of its active enlaces once: a bell notice and an e-mail «Nuevo turno: …»,
written in the step that turns it (here the oficialía's turn of a received document)."""

from datetime import date
from email.header import decode_header, make_header
from uuid import uuid4

import pytest
from sqlmodel import select

from correspondence_steps import declare_the_turns_day_inhabil, open_tasks, register_document, turn_document
from engine import inbox
from engine.accounts import Role, User, create_user
from engine.db import reading, transaction
from engine.deadlines import Deadline
from engine.documents import weekday_date
from engine.notifications import Notification
from engine.outbox import OutboxMessage, OutboxStatus, deliver_once
from engine.processes import OpenTask, ProcessInstance
from engine.runtime import runtime
from engine.task_notices import tell_areas
from smtp_sink import smtp
from workflows.demo import DEMO_PASSWORD


def told(engine) -> list[tuple[str, str]]:
    """(username, bell title) of every turn notice, by person."""
    with reading(engine) as session:
        return list(session.exec(
            select(User.username, Notification.title).join(User, User.id == Notification.user_id)
            .where(Notification.key.like("turno:%")).order_by(User.username, Notification.id)).all())


def mails(engine) -> list[OutboxMessage]:
    with reading(engine) as session:
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.kind == "turno")
                                 .order_by(OutboxMessage.to_address, OutboxMessage.id)).all())


def term_of(engine, instance_id: int, area) -> date:
    """The due day of the area's latest turn on the document."""
    with reading(engine) as session:
        return session.exec(select(Deadline.due_on).where(Deadline.instance_id == instance_id,
                                                          Deadline.responsible_area_id == area.id)
                            .order_by(Deadline.id.desc())).first()


@pytest.fixture
def second_enlace_of_da(engine, demo):
    """A second active enlace of the Dirección de Administración, and a former one whose account is off."""
    with transaction(engine) as session:
        da = demo.areas["DA"].id
        create_user(session, demo.organization.id, "enlace_da2", "Marco Antonio Ruiz Díaz",
                    "enlace_da2@sesaech.example", DEMO_PASSWORD, [(Role.ENLACE, da)])
        former = create_user(session, demo.organization.id, "enlace_da_baja", "Elena Soto Ramos",
                             "enlace_da_baja@sesaech.example", DEMO_PASSWORD, [(Role.ENLACE, da)])
        former.active = False


def test_a_turn_tells_each_active_enlace_of_the_area_once_and_nobody_else(
        engine, demo, settings, sink, port, oficialia, second_enlace_of_da):
    da = demo.areas["DA"]
    instance = register_document(engine, oficialia)
    turn_document(engine, oficialia, instance.id, [da], days=10)
    [task] = open_tasks(engine, instance.id)
    due = weekday_date(term_of(engine, instance.id, da))
    # Both active enlaces of DA; not the one whose account is off, nor DRI's enlace, nor the Unidad's.
    subject = f"Nuevo turno: {task.subject} (vence el {due})"
    assert told(engine) == [("enlace_da", subject), ("enlace_da2", subject)]
    first, second = mails(engine)
    assert (first.to_address, second.to_address) == ("enlace_da2@sesaech.example", "enlace_da@sesaech.example")
    assert first.body == second.body  # the area's turn, the same words for each of its enlaces
    assert first.body.startswith(f"Atender el turno: {task.subject}\n")
    for line in ("Turnado a: Dirección de Administración",
                 "Turnado por: Oficialía de partes (Patricia Hernández López)", "Instrucción: Atender y responder", f"Fecha límite del área: {due}.",
                 f"Atienda el turno en Pleno: {settings.base_url}/tareas/{task.id}"):
        assert line in first.body.splitlines(), line
    with reading(engine) as session:
        assert set(session.exec(select(Notification.link).where(Notification.key.like("turno:%"))).all()) == \
            {f"/tareas/{task.id}"}
    # The outbox's worker delivers them to a real SMTP server.
    assert deliver_once(engine, smtp(settings, port)) == 2
    assert sorted(m["To"] for m in sink.messages) == ["enlace_da2@sesaech.example", "enlace_da@sesaech.example"]
    assert {str(make_header(decode_header(m["Subject"]))) for m in sink.messages} == {subject}
    assert [m.status for m in mails(engine)] == [OutboxStatus.SENT] * 2


def test_a_turn_to_two_areas_tells_each_area_only_its_own_turn(engine, demo, oficialia):
    da, dri = demo.areas["DA"], demo.areas["DRI"]
    instance = register_document(engine, oficialia)
    turn_document(engine, oficialia, instance.id, [da, dri])
    bodies = {m.to_address: m.body for m in mails(engine)}
    assert sorted(bodies) == ["enlace_da@sesaech.example", "enlace_dri@sesaech.example"]
    assert "Turnado a: Dirección de Administración" in bodies["enlace_da@sesaech.example"]
    assert "Riesgos" not in bodies["enlace_da@sesaech.example"]
    assert "Turnado a: Dirección de Riesgos e Inteligencia" in bodies["enlace_dri@sesaech.example"]
    assert "Administración" not in bodies["enlace_dri@sesaech.example"]
    with reading(engine) as session:
        links = dict(session.exec(select(User.username, Notification.link).join(
            User, User.id == Notification.user_id).where(Notification.key.like("turno:%"))).all())
    tasks = {t.area_id: t.id for t in open_tasks(engine, instance.id)}
    assert links == {"enlace_da": f"/tareas/{tasks[da.id]}", "enlace_dri": f"/tareas/{tasks[dri.id]}"}


def test_a_turn_rolled_back_tells_nobody_and_done_again_tells_once(engine, demo, oficialia):
    instance = register_document(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    with pytest.raises(RuntimeError), transaction(engine) as session:
        runtime.complete_task(session, oficialia, task.id, {
            "areas": [demo.areas["DA"].id], "instruccion": "Atender y responder", "fecha_limite": "2030-01-15"})
        raise RuntimeError("the request failed after the step")
    assert told(engine) == [] and mails(engine) == []
    turn_document(engine, oficialia, instance.id, [demo.areas["DA"]])
    assert [who for who, _ in told(engine)] == ["enlace_da"]
    assert [m.to_address for m in mails(engine)] == ["enlace_da@sesaech.example"]


def test_a_recomputed_term_a_claim_and_a_release_tell_nothing_again(
        engine, demo, admin, oficialia, enlace_area_a):
    instance = register_document(engine, oficialia)
    turn_document(engine, oficialia, instance.id, [demo.areas["DA"]])
    before = (told(engine), [m.key for m in mails(engine)])
    assert len(before[1]) == 1
    given, moved = declare_the_turns_day_inhabil(engine, admin)
    assert moved > given  # the term was recomputed (its own «plazo movido» notice says so)
    [task] = open_tasks(engine, instance.id)
    with transaction(engine) as session:
        inbox.claim(session, enlace_area_a, task.id)
    with transaction(engine) as session:
        inbox.release(session, enlace_area_a, task.id)
    assert (told(engine), [m.key for m in mails(engine)]) == before


def test_the_same_turns_task_projected_again_tells_nothing_new(engine, demo, oficialia):
    instance = register_document(engine, oficialia)
    turn_document(engine, oficialia, instance.id, [demo.areas["DA"]])
    [task] = open_tasks(engine, instance.id)
    before = told(engine)
    # The turn's task again under another id, as a restarted or re-run step projects it: the same Turn row.
    with transaction(engine) as session:
        row = {**session.get(OpenTask, task.id).model_dump(), "id": str(uuid4())}
        data = runtime.task_data(session, session.get(ProcessInstance, instance.id), task.id)
        tell_areas(session, oficialia, session.get(ProcessInstance, instance.id), [(row, data)])
    assert told(engine) == before and len(mails(engine)) == 1


def test_a_turn_returned_and_turned_again_is_a_new_turn_and_told_again(engine, demo, oficialia, enlace_area_a):
    da = demo.areas["DA"]
    instance = register_document(engine, oficialia)
    turn_document(engine, oficialia, instance.id, [da], days=10)
    [answer] = open_tasks(engine, instance.id)
    with transaction(engine) as session:
        runtime.complete_task(session, enlace_area_a, answer.id,
                              {"sentido": "devuelto", "respuesta": "Falta el anexo que se menciona."})
    assert [who for who, _ in told(engine)] == ["enlace_da"]
    turn_document(engine, oficialia, instance.id, [da], days=15)
    [again] = open_tasks(engine, instance.id)
    assert [who for who, _ in told(engine)] == ["enlace_da", "enlace_da"]
    second = mails(engine)[-1]
    assert f"Fecha límite del área: {weekday_date(term_of(engine, instance.id, da))}." in second.body
    assert f"/tareas/{again.id}" in second.body
