"""An accepted item withdrawn from the orden del día before the session: by Jurídica, or by the enlace of the
area that proposed it; it stays in the session's history with its reason, and the convened are told."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from board_session_steps import boards, complete, on, plan, reload, session_clock  # noqa: F401
from engine.audit import events_for
from engine.db import transaction
from engine.outbox import OutboxMessage
from workflows.board_session import planning, room
from workflows.board_session.models import AgendaItem, BoardSession, ItemKind, ItemStatus, SessionKind, SessionNotice
from workflows.board_session.sessions import BoardError, Conflict, decide_item, items_of
from workflows.board_session.withdrawal import withdraw_item

SESSION_AT = datetime(2021, 6, 30, 10, 0)
TITLE = "Informe de avance del Programa Anual de Trabajo"
REASON = "La Dirección de Administración presentará el informe completo en la siguiente sesión."


def accepted_item(engine, demo, juridico, enlace) -> tuple[BoardSession, AgendaItem]:
    """A planned session with an item of the Dirección de Administración, proposed by its enlace and accepted."""
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, SESSION_AT)
    with transaction(engine) as db:
        item = planning.propose_item(db, enlace, db.get(BoardSession, board_session.id), title=TITLE,
                                     kind=ItemKind.INFORMATIVE, area_id=demo.areas["DA"].id,
                                     now=datetime(2021, 6, 18, 16, tzinfo=UTC))
    with transaction(engine) as db:
        decide_item(db, juridico, db.get(AgendaItem, item.id), True, None)
    return board_session, reload(engine, AgendaItem, item.id)


def convene(engine, juridico, board_session) -> BoardSession:
    on(date(2021, 6, 21))
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    return reload(engine, BoardSession, board_session.id)


def withdraw(engine, actor, item, reason=REASON, version=None):
    with transaction(engine) as db:
        withdraw_item(db, actor, db.get(AgendaItem, item.id), reason, version)


def refused(engine, actor, item, reason=REASON, version=None) -> str:
    with pytest.raises(BoardError) as caught:
        withdraw(engine, actor, item, reason, version)
    return str(caught.value)


def told(engine) -> list[OutboxMessage]:
    with transaction(engine) as db:
        return list(db.exec(select(OutboxMessage).where(OutboxMessage.kind == "orden_modificado")).all())


def test_the_proposing_areas_enlace_withdraws_its_accepted_item_and_it_leaves_the_agenda_with_its_reason(
        engine, demo, juridico, enlace_area_a):
    board_session, item = accepted_item(engine, demo, juridico, enlace_area_a)
    withdraw(engine, enlace_area_a, item, f"  {REASON} ", item.version)
    withdrawn = reload(engine, AgendaItem, item.id)
    assert (withdrawn.status, withdrawn.withdrawn_reason) == (ItemStatus.WITHDRAWN, REASON)
    with transaction(engine) as db:
        session_row = db.get(BoardSession, board_session.id)
        assert item.id not in [i.id for i in items_of(db, session_row)]
        assert [i.id for i in planning.set_aside_items(db, session_row)] == [item.id]
        history = [e.summary for e in events_for(db, demo.organization.id, "sesion", board_session.id)]
    assert f"Retiró del orden del día el punto «{TITLE}»: {REASON}" in history
    assert told(engine) == []  # not convened yet: the members hold no orden del día


def test_juridica_withdraws_an_item_after_the_convocatoria_and_every_convened_member_is_told_once(
        engine, demo, juridico, enlace_area_a):
    board_session, item = accepted_item(engine, demo, juridico, enlace_area_a)
    board_session = convene(engine, juridico, board_session)
    withdraw(engine, juridico, item)
    with transaction(engine) as db:
        convened_to = sorted(n.email for n in db.exec(select(SessionNotice).where(
            SessionNotice.session_id == board_session.id)))
    messages = told(engine)
    assert sorted(m.to_address for m in messages) == convened_to and len(convened_to) == 11
    assert all(f"Se retiró el punto «{TITLE}». Motivo: {REASON}" in m.body for m in messages)
    # Asked again (a second click, a retry): refused, and nobody is told twice.
    assert "retirado del orden del día" in refused(engine, juridico, item)
    assert len(told(engine)) == 11


def test_after_the_session_opened_an_item_is_no_longer_withdrawn(engine, demo, juridico, enlace_area_a):
    board_session, item = accepted_item(engine, demo, juridico, enlace_area_a)
    board_session = convene(engine, juridico, board_session)
    on(SESSION_AT.date())
    with transaction(engine) as db:
        room.open_session(db, juridico, db.get(BoardSession, board_session.id), None)
    assert refused(engine, juridico, item) == ("La sesión está en curso: sus puntos ya no se retiran del orden del "
                                                "día. Si el órgano no lo trata, asiéntelo en las notas del punto.")
    assert reload(engine, AgendaItem, item.id).status == ItemStatus.ACCEPTED


def test_a_withdrawal_that_may_not_happen_changes_nothing(engine, demo, juridico, enlace_area_a, enlace_area_b,
                                                            integrante):
    board_session, item = accepted_item(engine, demo, juridico, enlace_area_a)
    assert "propuso" in refused(engine, enlace_area_b, item)
    assert "propuso" in refused(engine, integrante, item)
    assert "motivo" in refused(engine, juridico, item, reason="  corto ")
    with pytest.raises(Conflict):
        withdraw(engine, juridico, item, version=item.version - 1)
    with transaction(engine) as db:
        fixed = next(i for i in items_of(db, db.get(BoardSession, board_session.id)) if i.fixed is not None)
    assert "punto fijo" in refused(engine, juridico, fixed)
    assert reload(engine, AgendaItem, item.id).status == ItemStatus.ACCEPTED
    assert reload(engine, AgendaItem, fixed.id).status == ItemStatus.ACCEPTED
