"""The demo's collegiate bodies: their seats read in the documents as real ones do."""

from sqlmodel import select

from engine.db import reading, transaction
from workflows.board_session.demo import seed_boards
from workflows.board_session.models import BoardMember, Gender
from workflows.board_session.naming import person_after, undersigned


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
