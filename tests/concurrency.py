"""Two transactions at once, in a known order: the second runs into the first before it commits."""

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from engine.db import transaction

# Backends of this database (another of the test's connections) waiting for a row lock.
_WAITING_FOR_A_LOCK = text("SELECT count(*) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND wait_event_type = 'Lock'")


def second_runs_into_first(engine, first: Callable, second: Callable) -> tuple[Any, Any]:
    """Run `first(session)` in a transaction left open; then `second(session)` in another transaction
    and thread; commit the first once the second waits for it. What each returned, or raised.

    On PostgreSQL the second waits at the first row the first one wrote (seen in pg_stat_activity);
    on SQLite at its BEGIN, as every writing transaction does while another one is open."""
    outcomes: dict[str, Any] = {}
    written, commit = threading.Event(), threading.Event()

    def run(name: str, operation: Callable, before_commit: Callable[[], None]) -> None:
        try:
            with transaction(engine) as session:
                try:
                    outcomes[name] = operation(session)
                finally:
                    before_commit()
        except Exception as error:  # the outcome to check: a conflict, or what broke
            outcomes[name] = error

    one = threading.Thread(target=run, args=("first", first, lambda: (written.set(), commit.wait(30))))
    one.start()
    written.wait(30)
    two = threading.Thread(target=run, args=("second", second, lambda: None))
    two.start()
    _until_waiting(engine, two)
    commit.set()
    one.join(30)
    two.join(30)
    return outcomes["first"], outcomes["second"]


def _until_waiting(engine, thread: threading.Thread) -> None:
    if engine.dialect.name != "postgresql":
        time.sleep(0.2)  # to BEGIN and wait; had it not yet, it would begin after the commit anyway
        return
    deadline = time.monotonic() + 10
    with engine.connect() as connection:
        while thread.is_alive() and time.monotonic() < deadline:
            if connection.execute(_WAITING_FOR_A_LOCK).scalar_one():
                return
            connection.rollback()  # a new snapshot of pg_stat_activity
            time.sleep(0.01)
