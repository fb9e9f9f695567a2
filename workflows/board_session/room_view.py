"""What the room page shows: seats and who sits in them, the quorum, each item's votes and running result.

Read in a handful of queries for the whole session (seats once, every vote at once), so each click's
fragment and a reload after a dropped connection both show exactly what was recorded.
"""

from dataclasses import dataclass, field
from typing import ClassVar

from sqlmodel import Session, select

from engine.deadlines import LIVE_STATUSES, Deadline
from engine.documents import long_date
from workflows.board_session.models import (AgendaItem, Board, BoardMember, BoardSession, FixedItem, ItemKind,
                                            MinutesStatus, Resolution, SessionStatus, Vote, VoteSense)
from workflows.board_session.naming import vote_count
from workflows.board_session.room import (DISSENT_LIMIT, Seat, count_of, minutes_to_approve, quorum_lost, room_seats,
                                          too_early)
from workflows.board_session.rules import Outcome, QuorumCheck, check_quorum
from workflows.board_session.sessions import VOTED_FIXED, items_of, local_day, substitutes, title_of

SENSES = [VoteSense.FOR, VoteSense.AGAINST, VoteSense.ABSTAIN]


@dataclass
class ItemView:
    item: AgendaItem
    votable: bool
    votes: dict[int, Vote] = field(default_factory=dict)  # by titular seat
    outcome: Outcome | None = None  # the result the votes so far give (or gave)
    missing: list[str] = field(default_factory=list)
    resolution: Resolution | None = None
    warning: str = ""  # what voting it would cut short: the review of an acta it approves

    @property
    def deferrable(self) -> bool:
        """An areas' item not yet decided nor voted on: the body may still defer it (while it has its quorum)."""
        return self.item.fixed is None and self.item.result is None and not self.votes

    @property
    def recorded_count(self) -> str:
        """The closed vote's count, as the acta states it."""
        return vote_count(self.item.votes_for, self.item.votes_against, self.item.abstentions)

    @property
    def running_count(self) -> str:
        return vote_count(self.outcome.votes_for, self.outcome.votes_against, self.outcome.abstentions)


@dataclass
class RoomView:
    session: BoardSession
    board: Board
    title: str
    seats: list[Seat]
    substitutes: dict[int, list[BoardMember]]
    quorum: QuorumCheck
    items: list[ItemView]
    too_early: str | None = None  # why a convened session cannot be opened yet
    dissent_limit: ClassVar[int] = DISSENT_LIMIT  # the voto particular's textarea admits no more

    @property
    def in_progress(self) -> bool:
        return self.session.status == SessionStatus.IN_PROGRESS

    @property
    def quorum_lost(self) -> str | None:
        """Why no vote is taken now that the declared quorum is gone, or None."""
        return quorum_lost(self.session, self.quorum) if self.in_progress else None

    @property
    def voting_open(self) -> bool:
        return self.in_progress and self.session.quorum_declared_at is not None and self.quorum.met

    @property
    def voting_seats(self) -> list[Seat]:
        return [s for s in self.seats if s.member.has_vote]

    def item(self, item_id: int) -> ItemView:
        return next(v for v in self.items if v.item.id == item_id)


def reviews_running(db: Session, board_session: BoardSession, board: Board) -> str:
    """The actas this session would approve whose members' review term is still running, said before the vote
    that would end it; "" when there is none."""
    running = []
    for previous in minutes_to_approve(db, board_session):
        deadline = db.get(Deadline, previous.minutes_review_deadline_id) if previous.minutes_review_deadline_id \
            else None
        if previous.minutes_status == MinutesStatus.IN_REVIEW and deadline is not None \
                and deadline.status in LIVE_STATUSES:
            running.append(f"del acta de la {title_of(previous, board)}, hasta el {long_date(deadline.due_on)}")
    if not running:
        return ""
    return (f"Sigue corriendo el plazo de revisión de las y los integrantes {'; '.join(running)}. Si se aprueba "
            "ahora, esa revisión concluye: ya no se reciben observaciones y se aprueba el texto que el acta tiene hoy.")


def is_votable(item: AgendaItem) -> bool:
    return item.kind == ItemKind.FOR_APPROVAL or item.fixed in VOTED_FIXED


def room_view(db: Session, board_session: BoardSession, only_item: AgendaItem | None = None) -> RoomView:
    """The whole room, or the seats plus one item (the fragment a vote or a close returns)."""
    board = db.get(Board, board_session.board_id)
    seats = room_seats(db, board_session)
    voting = [s for s in seats if s.member.has_vote]
    quorum = check_quorum(board, len(voting), sum(s.present for s in voting), board_session.call_number)
    items = [only_item] if only_item is not None else items_of(db, board_session)
    ids = [i.id for i in items]
    votes: dict[int, dict[int, Vote]] = {}
    for vote in db.exec(select(Vote).where(Vote.item_id.in_(ids))).all():
        votes.setdefault(vote.item_id, {})[vote.member_id] = vote
    resolutions = {r.item_id: r for r in db.exec(select(Resolution).where(Resolution.item_id.in_(ids))).all()}
    views = []
    for item in items:
        view = ItemView(item, is_votable(item), votes.get(item.id, {}), resolution=resolutions.get(item.id))
        if view.votable:
            view.outcome, view.missing = count_of(board, item, voting, view.votes)
        views.append(view)
    for view in views:
        if view.item.fixed == FixedItem.PREVIOUS_MINUTES and view.item.result is None:
            view.warning = reviews_running(db, board_session, board)
    early = too_early(db, board_session) if board_session.status == SessionStatus.CALLED else None
    return RoomView(board_session, board, title_of(board_session, board), seats,
                    substitutes(db, board, local_day(db, board_session)), quorum, views, early)
