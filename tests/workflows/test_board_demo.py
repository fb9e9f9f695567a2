"""The demo's collegiate bodies: their seats read in the documents as real ones do."""

from sqlmodel import select

from engine.db import reading, transaction
from workflows.board_session.demo import seed_boards
from workflows.board_session.models import Board, BoardMember, Convener, Gender, MajorityRule, VoteSense
from workflows.board_session.naming import person_after, undersigned
from workflows.board_session.rules import Ballot, count_votes


def test_every_demo_member_has_the_gender_their_name_shows_so_the_documents_read_right(engine, demo):
    with transaction(engine) as session:
        seed_boards(session, demo)
    with reading(engine) as session:
        members = {m.name: m.gender for m in session.exec(select(BoardMember)).all()}
    assert Gender.UNSPECIFIED not in members.values()
    assert members["Sofía Méndez Aguilar"] == members["Mtra. Gabriela Penagos Ruiz"] == Gender.FEMININE
    assert members["Luis Alberto Pérez Soto"] == members["Lic. Rubén Gordillo Toledo"] == Gender.MASCULINE
    # Untitled or with a title that does not say it (C.P.C., Lic.), the gender recorded is what the acta uses.
    assert undersigned("Ana María Gómez Ruiz", members["Ana María Gómez Ruiz"]) == "La suscrita"
    assert (person_after("de", "C.P.C. Marisol Culebro Pinto", members["C.P.C. Marisol Culebro Pinto"])
            == "de la C.P.C. Marisol Culebro Pinto")
    assert person_after("de", "Lic. Eduardo Nájera Grajales", members["Lic. Eduardo Nájera Grajales"]) == \
        "del Lic. Eduardo Nájera Grajales"


def test_the_demo_organo_de_gobierno_approves_by_majority_of_those_present(engine, demo):
    # LGSNA: the Órgano de Gobierno decides by the majority of the members present, not of the votes cast.
    with transaction(engine) as session:
        seed_boards(session, demo)
    with reading(engine) as session:
        og = session.exec(select(Board).where(Board.short_name == "OG")).one()
        outcome = count_votes(og, "", Ballot([VoteSense.FOR] * 2 + [VoteSense.AGAINST] + [VoteSense.ABSTAIN] * 2,
                                             present=5, seats=7, chair_vote=VoteSense.FOR))
    assert og.default_majority == MajorityRule.PRESENT
    # Two votes for, one against and two abstentions of five present: a simple majority, not three of five.
    assert not outcome.approved
    assert outcome.rule == "mayoría de 3 votos de los 5 integrantes con voto presentes"


def test_each_demo_body_is_convened_by_whom_the_lgsna_says(engine, demo):
    with transaction(engine) as session:
        seed_boards(session, demo)
    with reading(engine) as session:
        conveners = {b.short_name: b.convener for b in session.exec(select(Board)).all()}
    assert (conveners["CC"], conveners["OG"], conveners["CE"]) == (
        Convener.THROUGH_SECRETARY, Convener.PRESIDENT, Convener.SECRETARY)
