"""Quorum and majority tables: what a body's rules decide from the counts, case by case."""

import pytest

from workflows.board_session.models import Board, MajorityRule, QuorumRule, SecondCallRule, VoteSense
from workflows.board_session.rules import Ballot, check_quorum, count_votes, rule_for

FOR, AGAINST, ABSTAIN = VoteSense.FOR, VoteSense.AGAINST, VoteSense.ABSTAIN
ST = "Nombramiento del Secretario Técnico"


def board(**rules) -> Board:
    values = dict(name="Órgano de Gobierno", short_name="OG", quorum_rule=QuorumRule.MAJORITY,
                  second_call=SecondCallRule.PRESENT, second_call_minimum=3, default_majority=MajorityRule.SIMPLE,
                  casting_vote=True, qualified_matters=[{"materia": ST, "votos": 5}])
    values.update(rules)
    return Board(**values)


@pytest.mark.parametrize("rule, seats, present, met, required", [
    (QuorumRule.MAJORITY, 7, 4, True, 4),
    (QuorumRule.MAJORITY, 7, 3, False, 4),
    (QuorumRule.MAJORITY, 6, 3, False, 4),  # half is not a majority
    (QuorumRule.MAJORITY, 6, 4, True, 4),
    (QuorumRule.TWO_THIRDS, 7, 4, False, 5),
    (QuorumRule.TWO_THIRDS, 7, 5, True, 5),
    (QuorumRule.TWO_THIRDS, 6, 4, True, 4),
    (QuorumRule.ALL, 3, 2, False, 3),
    (QuorumRule.ALL, 3, 3, True, 3),
])
def test_the_first_call_needs_the_quorum_of_the_bodys_rule(rule, seats, present, met, required):
    check = check_quorum(board(quorum_rule=rule), seats, present, call_number=1)
    assert (check.met, check.required) == (met, required)
    assert f"{present} de {seats} integrantes con voto presentes" in check.message


def test_a_failed_first_call_says_how_many_are_needed_and_offers_the_second_call():
    check = check_quorum(board(), 7, 3, call_number=1)
    assert not check.met
    assert check.message == ("No hay quórum en primera convocatoria: 3 de 7 integrantes con voto presentes; "
                             "se requieren 4. Puede sesionar en segunda convocatoria con al menos 3 integrantes "
                             "con voto presentes, o reprogramar la sesión.")


@pytest.mark.parametrize("present, met", [(3, True), (2, False)])
def test_the_second_call_is_held_with_the_bodys_minimum_present(present, met):
    check = check_quorum(board(), 7, present, call_number=2)
    assert (check.met, check.required) == (met, 3)
    assert ("Hay quórum legal en segunda convocatoria" in check.message) == met


def test_the_second_call_minimum_never_exceeds_the_first_calls_quorum():
    assert check_quorum(board(second_call_minimum=5), 5, 3, call_number=2).required == 3


def test_a_second_call_under_the_same_rule_needs_the_same_quorum():
    check = check_quorum(board(second_call=SecondCallRule.SAME), 7, 3, call_number=2)
    assert (check.met, check.required) == (False, 4)
    assert check.message.endswith("Reprograme la sesión.")


def test_a_body_without_second_call_reschedules():
    check = check_quorum(board(second_call=SecondCallRule.NONE), 7, 3, call_number=2)
    assert (check.met, check.required) == (False, None)
    assert "no prevén segunda convocatoria: reprograme la sesión" in check.message
    first = check_quorum(board(second_call=SecondCallRule.NONE), 7, 3, call_number=1)
    assert "segunda convocatoria con" not in first.message and first.message.endswith("Reprograme la sesión.")


def ballot(votes, present=None, seats=7, chair=None) -> Ballot:
    return Ballot(votes=list(votes), present=len(votes) if present is None else present, seats=seats,
                  chair_vote=chair)


@pytest.mark.parametrize("majority, votes, present, approved", [
    (MajorityRule.SIMPLE, [FOR] * 3 + [AGAINST] * 2 + [ABSTAIN] * 2, 7, True),
    (MajorityRule.SIMPLE, [FOR] * 2 + [AGAINST] * 1 + [ABSTAIN] * 4, 7, True),  # abstentions don't count
    (MajorityRule.SIMPLE, [FOR] * 2 + [AGAINST] * 3, 5, False),
    (MajorityRule.PRESENT, [FOR] * 3 + [ABSTAIN] * 2, 5, True),
    (MajorityRule.PRESENT, [FOR] * 2 + [AGAINST] * 1 + [ABSTAIN] * 2, 5, False),  # 2 of 5 present
    (MajorityRule.MEMBERS, [FOR] * 4 + [AGAINST] * 1, 5, True),  # 4 of the body's 7
    (MajorityRule.MEMBERS, [FOR] * 3 + [AGAINST] * 1, 4, False),  # a majority present, not of the body
    (MajorityRule.UNANIMITY, [FOR] * 5, 5, True),
    (MajorityRule.UNANIMITY, [FOR] * 4 + [ABSTAIN], 5, False),  # an abstention breaks unanimity
    (MajorityRule.UNANIMITY, [FOR] * 4, 5, False),  # a present seat that did not vote for
])
def test_the_default_majority_of_the_body_decides(majority, votes, present, approved):
    outcome = count_votes(board(default_majority=majority), "", ballot(votes, present))
    assert outcome.approved == approved
    assert (outcome.votes_for, outcome.votes_against, outcome.abstentions) == (
        votes.count(FOR), votes.count(AGAINST), votes.count(ABSTAIN))
    assert not outcome.casting_vote_used


def test_the_rule_is_written_out_for_the_acta():
    assert count_votes(board(), "", ballot([FOR] * 4)).rule == "mayoría simple de votos"
    assert count_votes(board(default_majority=MajorityRule.PRESENT), "", ballot([FOR] * 5)).rule == (
        "mayoría de 3 votos de los 5 integrantes con voto presentes")
    assert count_votes(board(default_majority=MajorityRule.MEMBERS), "", ballot([FOR] * 5)).rule == (
        "mayoría de 4 votos de los 7 integrantes con voto del órgano")
    assert count_votes(board(), ST, ballot([FOR] * 5)).rule == (
        "mayoría calificada de 5 votos (Nombramiento del Secretario Técnico)")


@pytest.mark.parametrize("votes, present, approved", [
    ([FOR] * 5, 5, True),
    ([FOR] * 4 + [AGAINST], 5, False),  # 4 in favour of 5 present: the matter needs five votes
    ([FOR] * 4 + [ABSTAIN], 5, False),
    ([FOR] * 4, 4, False),  # absences do not lower the five votes
    ([FOR] * 5 + [AGAINST] * 2, 7, True),
    ([FOR] * 6 + [ABSTAIN], 7, True),
])
def test_a_qualified_matter_needs_its_fixed_votes_whoever_is_absent(votes, present, approved):
    outcome = count_votes(board(), ST, ballot(votes, present))
    assert outcome.approved == approved


def test_a_qualified_matter_is_named_without_regard_to_case_or_spaces():
    assert rule_for(board(), "  nombramiento del secretario técnico ") == (MajorityRule.QUALIFIED, 5)
    assert rule_for(board(), "Presupuesto") == (MajorityRule.SIMPLE, None)


def test_a_qualified_matter_is_never_decided_by_a_casting_vote():
    outcome = count_votes(board(), ST, ballot([FOR] * 3 + [AGAINST] * 3, chair=FOR))
    assert not outcome.approved and not outcome.casting_vote_used


@pytest.mark.parametrize("chair, approved", [(FOR, True), (AGAINST, False)])
def test_a_tie_is_broken_by_the_chairs_casting_vote(chair, approved):
    outcome = count_votes(board(), "", ballot([FOR] * 3 + [AGAINST] * 3 + [ABSTAIN], chair=chair))
    assert outcome.approved == approved and outcome.casting_vote_used
    assert outcome.rule == "mayoría simple de votos; empate resuelto con el voto de calidad de quien preside"


@pytest.mark.parametrize("chair", [None, ABSTAIN], ids=["chair absent", "chair abstains"])
def test_a_tie_without_the_chairs_vote_is_not_approved(chair):
    outcome = count_votes(board(), "", ballot([FOR] * 2 + [AGAINST] * 2 + [ABSTAIN], chair=chair))
    assert not outcome.approved and not outcome.casting_vote_used


def test_a_body_without_casting_vote_leaves_a_tie_not_approved():
    outcome = count_votes(board(casting_vote=False), "", ballot([FOR] * 3 + [AGAINST] * 3, chair=FOR))
    assert not outcome.approved and not outcome.casting_vote_used


def test_everyone_abstaining_is_no_tie_to_break():
    outcome = count_votes(board(), "", ballot([ABSTAIN] * 5, chair=ABSTAIN))
    assert not outcome.approved and not outcome.casting_vote_used
