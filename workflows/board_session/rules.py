"""Quorum and majorities computed from a body's rules: the secretary records, Pleno decides.

Pure functions over counts, so the tables of tests/workflows/test_board_rules.py can state every
case (ties with the chair's casting vote, qualified majorities with absences, voice-only members).
"""

from dataclasses import dataclass
from math import ceil

from engine.labels import counted
from workflows.board_session.models import Board, MajorityRule, QuorumRule, SecondCallRule, VoteSense


@dataclass(frozen=True)
class QuorumCheck:
    met: bool
    present: int
    seats: int
    required: int | None  # None: no session is possible in this call
    message: str


def required_for_quorum(rule: QuorumRule, seats: int) -> int:
    if rule == QuorumRule.TWO_THIRDS:
        return ceil(2 * seats / 3)
    if rule == QuorumRule.ALL:
        return seats
    return seats // 2 + 1


def check_quorum(board: Board, seats: int, present: int, call_number: int = 1) -> QuorumCheck:
    """Whether `present` of the body's `seats` with vote make quorum in the first or second call."""
    first = required_for_quorum(board.quorum_rule, seats)
    if call_number == 1 or board.second_call == SecondCallRule.SAME:
        required = first
    elif board.second_call == SecondCallRule.PRESENT:
        required = min(board.second_call_minimum, first)
    else:
        required = None
    present_text = f"{present} de {counted(seats, 'integrante con voto presente', 'integrantes con voto presentes')}"
    call = "primera" if call_number == 1 else "segunda"
    needed = f"se requiere{'' if required == 1 else 'n'} {required}"
    if required is not None and present >= required:
        return QuorumCheck(True, present, seats, required,
                           f"Hay quórum legal en {call} convocatoria: {present_text} ({needed}).")
    if required is None:
        return QuorumCheck(False, present, seats, None,
                           f"No hay quórum: {present_text}. Las reglas del órgano no prevén segunda convocatoria: "
                           "reprograme la sesión.")
    if call_number == 1 and board.second_call == SecondCallRule.PRESENT:
        least = counted(min(board.second_call_minimum, first), "integrante con voto presente",
                        "integrantes con voto presentes")
        then = f"Puede sesionar en segunda convocatoria con al menos {least}, o reprogramar la sesión."
    else:
        then = "Reprograme la sesión."
    return QuorumCheck(False, present, seats, required,
                       f"No hay quórum en {call} convocatoria: {present_text}; {needed}. {then}")


@dataclass(frozen=True)
class Ballot:
    """What the count needs of one item: the votes cast and who could have cast them."""

    votes: list[VoteSense]
    present: int  # seats with vote present (titular or suplente)
    seats: int  # seats with vote of the body
    chair_vote: VoteSense | None  # the vote of whoever presides, if present


@dataclass(frozen=True)
class Outcome:
    approved: bool
    votes_for: int
    votes_against: int
    abstentions: int
    rule: str  # how it was decided, in words, for the acta
    casting_vote_used: bool = False


def rule_for(board: Board, matter: str) -> tuple[MajorityRule, int | None]:
    """The majority an item needs: its named qualified matter's votes, else the body's default."""
    for qualified in board.qualified_matters or []:
        if matter and qualified.get("materia", "").strip().lower() == matter.strip().lower():
            return MajorityRule.QUALIFIED, int(qualified["votos"])
    return board.default_majority, None


def count_votes(board: Board, matter: str, ballot: Ballot) -> Outcome:
    rule, fixed = rule_for(board, matter)
    favor = ballot.votes.count(VoteSense.FOR)
    against = ballot.votes.count(VoteSense.AGAINST)
    abstain = ballot.votes.count(VoteSense.ABSTAIN)

    def decided(approved: bool, text: str, casting: bool = False) -> Outcome:
        return Outcome(approved, favor, against, abstain, text, casting)

    if rule == MajorityRule.UNANIMITY:
        return decided(ballot.present > 0 and favor == ballot.present,
                       "unanimidad de "
                       + (f"los {ballot.present} integrantes presentes con voto" if ballot.present != 1
                          else "su único integrante presente con voto"))
    if rule == MajorityRule.QUALIFIED:
        # A fixed number of votes is not reached by a casting vote, nor lowered by absences.
        return decided(favor >= fixed, f"mayoría calificada de {counted(fixed, 'voto', 'votos')} ({matter})")
    if rule == MajorityRule.SIMPLE:
        needed_text, reached = "mayoría simple de votos", favor > against
    else:
        base = ballot.present if rule == MajorityRule.PRESENT else ballot.seats
        needed = base // 2 + 1
        who = "presentes" if rule == MajorityRule.PRESENT else "del órgano"
        of_seats = f"los {base} integrantes con voto {who}" if base != 1 else f"su único integrante con voto {who}"
        needed_text, reached = f"mayoría de {counted(needed, 'voto', 'votos')} de {of_seats}", favor >= needed
    if reached:
        return decided(True, needed_text)
    if favor == against and favor > 0 and board.casting_vote and ballot.chair_vote in (VoteSense.FOR,
                                                                                       VoteSense.AGAINST):
        return decided(ballot.chair_vote == VoteSense.FOR, f"{needed_text}; empate resuelto con el voto de calidad "
                       "de quien preside", casting=True)
    return decided(False, needed_text)
