"""Who sat in each seat of a session, and when: the roll call, then each change the room recorded after it.

Attendance holds only the last word on each seat; the acta needs the whole story. A member who withdrew
after voting was at the session (the vote names them), one who arrived late was too, and a suplente who
handed the seat to the titular took part until then.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from workflows.board_session.models import AttendanceChange, AttendanceStatus, BoardSession

# A seat as the roll call left it: (status, the suplente sitting in it).
RollEntry = tuple[AttendanceStatus, int | None]


@dataclass(frozen=True)
class Move:
    """Someone arriving at or leaving a seat after the quorum was declared."""

    at: datetime  # as stored (UTC)
    seat_id: int  # the titular seat
    before: int | None  # the member who sat in it until then, or None
    after: int | None  # the member who sits in it from then, or None


def sitting_in(seat_id: int, status: AttendanceStatus, substitute_id: int | None) -> int | None:
    """The member sitting in a seat given its attendance: the titular, the suplente or nobody."""
    if status == AttendanceStatus.PRESENT:
        return seat_id
    if status == AttendanceStatus.SUBSTITUTE:
        return substitute_id
    return None


def seating(db: Session, board_session: BoardSession) -> tuple[dict[int, RollEntry], list[Move]]:
    """The roll call by seat (its last word recorded before the quorum was declared), and the moves after
    it in the order recorded. A session recorded before the room kept each change has its last word on
    each seat as its roll call (the migration that brought the changes), and no moves."""
    changes = db.exec(select(AttendanceChange).where(AttendanceChange.session_id == board_session.id)
                      .order_by(AttendanceChange.id)).all()
    roll: dict[int, RollEntry] = {}
    for change in changes:
        if change.roll_call:
            roll[change.member_id] = (AttendanceStatus(change.status), change.substitute_id)
    current = {seat_id: sitting_in(seat_id, *entry) for seat_id, entry in roll.items()}
    moves = []
    for change in changes:
        if change.roll_call:
            continue
        before, after = current.get(change.member_id), sitting_in(change.member_id, change.status,
                                                                  change.substitute_id)
        if before != after:
            moves.append(Move(change.recorded_at, change.member_id, before, after))
            current[change.member_id] = after
    return roll, moves
