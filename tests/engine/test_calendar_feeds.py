"""Secret addresses of personal deadline feeds: one per person, the newest one counts."""

import threading

from sqlalchemy import func
from sqlmodel import Session, select

from engine.calendar_feeds import CalendarFeed, feed_owner, issue_feed
from engine.db import transaction


def test_two_requests_for_an_address_at_once_both_succeed_and_the_later_one_counts(engine, demo):
    user_id = demo.users["enlace_da"].id
    first_wrote, tokens, errors = threading.Event(), {}, []

    def first():
        try:
            with transaction(engine) as session:
                tokens["first"] = issue_feed(session, user_id)
                first_wrote.set()
                threading.Event().wait(0.3)  # the second request arrives while this one is open
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
            first_wrote.set()

    worker = threading.Thread(target=first)
    worker.start()
    first_wrote.wait(10)
    with transaction(engine) as session:  # waits for the first (PostgreSQL: its row; SQLite: its lock)
        tokens["second"] = issue_feed(session, user_id)
    worker.join(10)

    assert errors == []
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(CalendarFeed)).one() == 1
        assert feed_owner(session, tokens["second"]).id == user_id
        assert feed_owner(session, tokens["first"]) is None
