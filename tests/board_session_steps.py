"""Steps of the board_session and resolution_followup processes that their tests share, on a fixed clock.

Import `session_clock` into a test module to make it autouse there (as access_request_steps does).
"""

from datetime import UTC, date, datetime, time

import pytest
import SpiffWorkflow.bpmn.specs.event_definitions.timer as spiff_timer
from sqlmodel import select

from board_quarter import Item, make_boards, open_with_quorum, vote_item
from engine.db import transaction
from engine.processes import OpenTask, ProcessInstance
from engine.runtime import runtime
from workflows.board_session import handlers, minutes_review, notice, room, standing, start_session_process
from workflows.board_session.models import AgendaItem, Board, BoardSession, ItemKind, SessionKind
from workflows.board_session.sessions import items_of, plan_session, submit_item
from workflows.resolution_followup import handlers as followup_handlers
from workflows.resolution_followup import queries as followup_queries


class Clock(datetime):
    """Pleno's and SpiffWorkflow's "now" in these tests; `Clock.moment` is set by each step."""

    moment: datetime = datetime(2021, 6, 21, 16, 0, tzinfo=UTC)

    @classmethod
    def now(cls, tz=None):
        return cls.moment.astimezone(tz) if tz else cls.moment.replace(tzinfo=None)


def on(day: date, hour: int = 10) -> datetime:
    """Move the clock to `day` at about `hour` in Mexico City (UTC-6; an hour later in 2021's summer time)."""
    Clock.moment = datetime.combine(day, time(hour + 6), tzinfo=UTC)
    return Clock.moment


@pytest.fixture(autouse=True)
def session_clock(monkeypatch):
    Clock.moment = datetime(2021, 6, 21, 16, 0, tzinfo=UTC)
    now = lambda: Clock.moment  # noqa: E731
    for module in (notice, minutes_review, handlers, room, standing, followup_handlers, followup_queries):
        monkeypatch.setattr(module, "utcnow", now, raising=False)
    monkeypatch.setattr(spiff_timer, "datetime", Clock)
    return Clock


def boards(engine, demo) -> dict[str, Board]:
    with transaction(engine) as db:
        return make_boards(db, demo)


def plan(engine, actor, board: Board, kind: SessionKind, when: datetime, items=()) -> BoardSession:
    """Planned as the planning page does it, with its process started; items submitted by legal staff."""
    with transaction(engine) as db:
        board_session = plan_session(db, actor, board, kind, when)
        for spec in items:
            item = submit_item(db, actor, board_session, title=spec.title,
                               kind=ItemKind.FOR_APPROVAL if spec.resolution else ItemKind.INFORMATIVE, area_id=None,
                               proposed_resolution=spec.resolution, today=when.date())
            item.followup_area_ids, item.followup_due = list(spec.area_ids), spec.due
        start_session_process(db, actor, board_session)
        return board_session


def tasks(engine, instance_id) -> list[OpenTask]:
    with transaction(engine) as db:
        return list(db.exec(select(OpenTask).where(OpenTask.instance_id == instance_id)
                            .order_by(OpenTask.area_id, OpenTask.task_name)).all())


def complete(engine, actor, instance_id, name, data, area_id=None) -> ProcessInstance:
    # Drop the in-memory copy first, so every step restores the workflow from its serialized state.
    runtime._cache.clear()
    [task] = [t for t in tasks(engine, instance_id)
              if t.task_name == name and (area_id is None or t.area_id == area_id)]
    with transaction(engine) as db:
        return runtime.complete_task(db, actor, task.id, data)


def reload(engine, model, row_id):
    with transaction(engine) as db:
        return db.get(model, row_id)


def hold_in_the_room(engine, actor, session_id: int, day: date, attendance=None) -> None:
    """Open, roll call, quorum, every votable item voted a favor, closed — as the room page does."""
    on(day, 10)
    with transaction(engine) as db:
        board_session = db.get(BoardSession, session_id)
        open_with_quorum(db, actor, board_session, attendance)
        for item in items_of(db, board_session):
            if item.kind == ItemKind.FOR_APPROVAL or item.fixed in room.VOTED_FIXED:
                vote_item(db, actor, item)
        on(day, 13)
        room.close_session(db, actor, board_session, None)


def approval_item(title="Programa anual de trabajo 2021", areas=(), due=None) -> Item:
    return Item(title, resolution=f"Se aprueba el {title}.", area_ids=tuple(areas), due=due)


def item_titles(engine, session_id) -> list[str]:
    with transaction(engine) as db:
        return [i.title for i in db.exec(select(AgendaItem).where(AgendaItem.session_id == session_id)
                                         .order_by(AgendaItem.position)).all()]
