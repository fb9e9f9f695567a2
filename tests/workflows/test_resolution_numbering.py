"""Acuerdos numbered with the body's template and yearly sequence: no duplicates, no gaps, even at once."""

import threading
from datetime import datetime

import pytest
from sqlmodel import select

from engine.db import transaction
from workflows.board_session import room
from workflows.board_session.models import AgendaItem, BoardSession, Resolution, SessionKind
from workflows.board_session.sessions import BoardError, Conflict, items_of

from tests.board_quarter import Item, hold_session, make_boards, open_with_quorum, plan_called, quarter_of

THREADS, ITEMS_EACH = 8, 10


def approval(n: int) -> Item:
    return Item(f"Asunto {n:03d} para aprobación", f"Se aprueba el asunto {n:03d}.")


def numbers(engine, board) -> list[str]:
    with transaction(engine) as db:
        return list(db.exec(select(Resolution.number).where(Resolution.board_id == board.id)
                            .order_by(Resolution.year, Resolution.seq)).all())


def test_the_quarters_acuerdos_carry_the_numbers_of_the_real_sessions(engine, demo, juridico):
    quarter = quarter_of(engine, demo, juridico)
    assert quarter.numbers == {
        "og_ordinaria_1": ["001/OG/SESAECH/2021", "002/OG/SESAECH/2021", "003/OG/SESAECH/2021",
                           "004/OG/SESAECH/2021"],
        "cc_extraordinaria_1": ["001/CC/SAECH/2021", "002/CC/SAECH/2021"],
        "cc_ordinaria_1": ["003/CC/SAECH/2021"],
        "og_ordinaria_2": ["005/OG/SESAECH/2021", "006/OG/SESAECH/2021"],
    }
    with transaction(engine) as db:
        cc_first = db.exec(select(Resolution).where(Resolution.number == "001/CC/SAECH/2021")).one()
        assert cc_first.approved_on.isoformat() == "2021-04-09"
        assert cc_first.text.startswith("Se aprueba la Política Estatal Anticorrupción")


def test_each_body_has_its_own_sequence_and_it_restarts_each_year(engine, demo, juridico):
    with transaction(engine) as db:
        boards = make_boards(db, demo)
        hold_session(db, juridico, boards["CC"], SessionKind.ORDINARY, datetime(2021, 11, 26, 10),
                     [approval(1), approval(2)])
        hold_session(db, juridico, boards["CE"], SessionKind.ORDINARY, datetime(2021, 12, 3, 10), [approval(3)])
        hold_session(db, juridico, boards["CC"], SessionKind.EXTRAORDINARY, datetime(2022, 1, 14, 10),
                     [approval(4), approval(5)])
    assert numbers(engine, boards["CC"]) == ["001/CC/SAECH/2021", "002/CC/SAECH/2021", "001/CC/SAECH/2022",
                                             "002/CC/SAECH/2022"]
    assert numbers(engine, boards["CE"]) == ["001/CE/SESAECH/2021"]


def session_with_votes_cast(engine, demo, juridico, count: int) -> list[int]:
    """A CC session with `count` items, every seat's vote cast on each; returns the items' ids."""
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        board_session = plan_called(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 6, 25, 10),
                                    [approval(n) for n in range(1, count + 1)])
        open_with_quorum(db, juridico, board_session)
        items = [i for i in items_of(db, board_session) if i.fixed is None]
        voting = [s.member.id for s in room.room_seats(db, board_session) if s.member.has_vote]
        for item in items:
            for member_id in voting:
                room.cast_vote(db, juridico, item, member_id, "a_favor")
        return [i.id for i in items]


def test_acuerdos_closed_at_once_by_many_people_are_numbered_without_duplicates_or_gaps(engine, demo, juridico):
    if engine.dialect.name == "sqlite":
        pytest.skip("Many people closing votes at once share a PostgreSQL server (the counter's row lock); "
                    "SQLite serializes every writing transaction")
    item_ids = session_with_votes_cast(engine, demo, juridico, THREADS * ITEMS_EACH)
    start, errors = threading.Barrier(THREADS), []

    def close_votes(mine: list[int]) -> None:
        start.wait()
        try:
            for item_id in mine:
                with transaction(engine) as db:
                    room.close_vote(db, juridico, db.get(AgendaItem, item_id), None)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=close_votes, args=(item_ids[n::THREADS],)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with transaction(engine) as db:
        rows = db.exec(select(Resolution)).all()
    assert sorted(r.seq for r in rows) == list(range(1, THREADS * ITEMS_EACH + 1))
    assert len({r.number for r in rows}) == len({r.item_id for r in rows}) == THREADS * ITEMS_EACH
    assert {r.number for r in rows} == {f"{n:03d}/CC/SAECH/2021" for n in range(1, THREADS * ITEMS_EACH + 1)}


def assert_one_acuerdo(engine, item_id: int, read_version: int) -> None:
    """One acuerdo, numbered first; the item written once since it was read."""
    with transaction(engine) as db:
        [resolution] = db.exec(select(Resolution)).all()
        item = db.get(AgendaItem, item_id)
        assert (resolution.item_id, resolution.seq, item.version) == (item_id, 1, read_version + 1)


def test_a_second_person_closing_the_same_vote_from_a_stale_page_is_told_and_nothing_changes(engine, demo,
                                                                                            juridico):
    [item_id] = session_with_votes_cast(engine, demo, juridico, 1)
    with transaction(engine) as db:
        read_version = db.get(AgendaItem, item_id).version
    with transaction(engine) as db:
        room.close_vote(db, juridico, db.get(AgendaItem, item_id), read_version)
    with transaction(engine) as db, pytest.raises(BoardError, match="ya se cerró"):
        room.close_vote(db, juridico, db.get(AgendaItem, item_id), read_version)
    assert_one_acuerdo(engine, item_id, read_version)


def test_two_people_closing_the_same_vote_at_once_make_one_acuerdo_and_one_conflict(engine, demo, juridico):
    if engine.dialect.name == "sqlite":
        pytest.skip("Two closers inside open transactions at once need PostgreSQL's row locks; SQLite takes "
                    "the write lock at BEGIN, so the second reads the closed vote (see the stale-page test)")
    [item_id] = session_with_votes_cast(engine, demo, juridico, 1)
    with transaction(engine) as db:
        read_version = db.get(AgendaItem, item_id).version
    both_read, outcomes = threading.Barrier(2), []

    def close() -> None:
        try:
            with transaction(engine) as db:
                item = db.get(AgendaItem, item_id)
                db.get(BoardSession, item.session_id)
                both_read.wait()  # both hold the item as it was before either closed it
                outcomes.append(room.close_vote(db, juridico, item, item.version).number)
        except BoardError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=lambda o: isinstance(o, BoardError))[0] == "001/CC/SAECH/2021"
    [conflict] = [o for o in outcomes if isinstance(o, BoardError)]
    assert isinstance(conflict, Conflict) and "Otra persona modificó la votación de este punto" in str(conflict)
    assert_one_acuerdo(engine, item_id, read_version)
