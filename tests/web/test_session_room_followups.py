"""The room closing a session whose acuerdos order work to areas: the follow-ups open with it, or the close
is refused in Spanish. On the session clock of tests/board_session_steps.py (an autouse fixture: kept out of
the other room page tests)."""

from datetime import date, datetime

from engine.db import transaction
from tests.board_quarter import open_with_quorum, vote_item
from tests.board_session_steps import approval_item, boards, complete, on, plan, session_clock, tasks  # noqa: F401
from tests.web.conftest import csrf_of
from workflows.board_session import room
from workflows.board_session.models import BoardSession, ItemKind, SessionKind, SessionStatus
from workflows.board_session.sessions import items_of


def test_closing_a_session_whose_acuerdo_orders_work_to_a_closed_area_is_refused_in_spanish(
        engine, demo, juridico, sign_in):
    da = demo.areas["DA"]
    on(date(2021, 6, 21))
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, datetime(2021, 6, 30, 10),
                         [approval_item(areas=[da.id], due=date(2021, 7, 30))])
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    on(date(2021, 6, 30), 10)
    with transaction(engine) as db:
        held = db.get(BoardSession, board_session.id)
        open_with_quorum(db, juridico, held)
        for item in items_of(db, held):
            if item.kind == ItemKind.FOR_APPROVAL or item.fixed in room.VOTED_FIXED:
                vote_item(db, juridico, item)
        db.get(type(da), da.id).active = False  # the area closed after the acuerdo was proposed
    on(date(2021, 6, 30), 13)
    with transaction(engine) as db:
        version = db.get(BoardSession, board_session.id).version
    client = sign_in("juridico")
    refused = client.post(f"/sesiones/{board_session.id}/sala/cerrar", data={"version": str(version)},
                          headers={"x-csrftoken": csrf_of(client), "hx-request": "true"})
    assert refused.status_code == 400
    assert ("Revise los datos: No se abrió el plazo del acuerdo 001/CC/SAECH/2021 para sus áreas responsables: "
            "Dirección de Administración ya no está activa.") in refused.text
    assert "__all__" not in refused.text
    with transaction(engine) as db:
        assert db.get(BoardSession, board_session.id).status == SessionStatus.IN_PROGRESS
    assert [t.task_name for t in tasks(engine, board_session.instance_id)] == ["hold_session"]
