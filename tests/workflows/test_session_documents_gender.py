"""Session documents word each person by the gender recorded for them: «La suscrita, … Secretaria Técnica»,
«del Lic.», «de la Lic.»; a person left «sin especificar» reads as every document did before."""

from dataclasses import dataclass, replace
from datetime import date, datetime

import pytest
from sqlmodel import select

from engine.db import transaction
from engine.documents import text_of
from tests.board_quarter import Item, hold_session, make_boards, member
from workflows.board_session.documents import build_acta, build_certification, build_convocatoria
from workflows.board_session.models import (BoardSession, Gender, MinutesStatus, Resolution, SessionKind, Vote,
                                            VoteSense)

BASE = "https://pleno.sesaech.example"
DISSENT = "Voto en contra porque los lineamientos invaden atribuciones de la Auditoría Superior del Estado."


@dataclass(frozen=True)
class Cast:
    """The people of the Comité Coordinador whose title (Lic.) does not say whether they are men or women."""

    gender: Gender
    president: str
    titular: str  # the seat Lic. Daniel Estrada Molina sits in as suplente
    dissenter: str
    guest: str
    secretary: str


WOMEN = Cast(Gender.FEMININE, "Lic. Lucía Hernández Vázquez", "Lic. Mariana Gutiérrez Coello",
             "Lic. Ana Laura Moreno Díaz", "Lic. Elena Cruz Trujillo", "Lic. Rosa Domínguez Solís")
MEN = Cast(Gender.MASCULINE, "Lic. Luis Hernández Vázquez", "Lic. Mario Gutiérrez Coello",
           "Lic. Ángel Moreno Díaz", "Lic. Elías Cruz Trujillo", "Lic. Rafael Domínguez Solís")
UNSPECIFIED = replace(MEN, gender=Gender.UNSPECIFIED)


def held_with(engine, demo, juridico, cast: Cast) -> tuple[int, int]:
    """A CC session where the titular's suplente sits and votes, the dissenter votes against with a voto
    particular; the president and the Secretario Técnico have no cargo of their own, so their role names them.
    Returns (session id, the acuerdo's id)."""
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        for surname, name in (("Hernández Vázquez", cast.president), ("Gutiérrez Coello", cast.titular),
                              ("Moreno Díaz", cast.dissenter), ("Cruz Trujillo", cast.guest),
                              ("Domínguez Solís", cast.secretary)):
            person = member(db, cc, surname)
            person.name, person.gender = name, cast.gender
            if surname in ("Hernández Vázquez", "Domínguez Solís"):
                person.position = ""
        board_session = hold_session(
            db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 7, 29, 10, 0),
            [Item("Lineamientos del Sistema Estatal de Fiscalización", "Se aprueban los Lineamientos.",
                  votes={"Moreno Díaz": VoteSense.AGAINST})],
            attendance={"Gutiérrez Coello": "suplente"})
        resolution = db.exec(select(Resolution).where(Resolution.session_id == board_session.id)).one()
        vote = db.exec(select(Vote).where(Vote.item_id == resolution.item_id,
                                          Vote.member_id == member(db, cc, "Moreno Díaz").id)).one()
        vote.dissent = DISSENT
        return board_session.id, resolution.id


def certified(engine, session_id: int, resolution_id: int) -> str:
    """The certificación's text, issued once the session's acta is approved (only then it may be)."""
    with transaction(engine) as db:
        db.get(BoardSession, session_id).minutes_status = MinutesStatus.APPROVED
        db.flush()
        return text_of(build_certification(db, resolution_id, BASE, issued_on=date(2021, 8, 2)))


@pytest.mark.parametrize("cast, undersigned, role", [
    (WOMEN, "La suscrita, Lic. Rosa Domínguez Solís", "Secretaria Técnica"),
    (MEN, "El suscrito, Lic. Rafael Domínguez Solís", "Secretario Técnico"),
    # Unspecified: the words every certificación had before members had a gender.
    (UNSPECIFIED, "El suscrito, Lic. Rafael Domínguez Solís", "Secretario Técnico"),
])
def test_the_certificacion_says_la_suscrita_secretaria_tecnica_for_a_woman(engine, demo, juridico, cast,
                                                                          undersigned, role):
    text = certified(engine, *held_with(engine, demo, juridico, cast))
    assert f"{undersigned}, en su carácter de {role} del Comité Coordinador, con fundamento" in text
    assert text.endswith(f"{cast.secretary}\n{role} del Comité Coordinador")
    assert ("El suscrito" in text) == (cast.gender != Gender.FEMININE)
    assert ("Secretario Técnico" in text) == (cast.gender != Gender.FEMININE)


@pytest.mark.parametrize("cast, of", [(WOMEN, "de la"), (MEN, "del"), (UNSPECIFIED, "de")])
def test_the_certificacion_names_who_formulated_a_voto_particular_with_the_article_of_the_gender(
        engine, demo, juridico, cast, of):
    text = certified(engine, *held_with(engine, demo, juridico, cast))
    by = {"de la": "por la", "del": "por el", "de": "por"}[of]
    assert f"Se formuló voto particular {by} {cast.dissenter}, que consta en el acta" in text


@pytest.mark.parametrize("cast, of, president, invited", [
    (WOMEN, "de la", "Presidenta", "invitada"),
    (MEN, "del", "Presidente", "invitado"),
    (UNSPECIFIED, "de", "Presidente", "invitado"),
])
def test_the_convocatoria_names_each_person_with_the_article_and_role_of_the_gender(engine, demo, juridico, cast, of,
                                                                                    president, invited):
    session_id, _ = held_with(engine, demo, juridico, cast)
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        to_all = text_of(build_convocatoria(db, session_id, BASE))
        to_suplente = text_of(build_convocatoria(db, session_id, BASE, member_id=member(db, cc, "Estrada Molina").id))
    assert f"Por instrucciones {of} {cast.president}, {president} del Comité Coordinador, y con fundamento" in to_all
    assert to_all.endswith(f"Lic. Daniel Estrada Molina, suplente {of} {cast.titular}")
    assert f"{cast.guest}, Titular del Órgano Interno de Control ({invited}, con voz sin voto)" in to_all
    # An unspecified C.P. keeps no article, whatever the others are.
    assert "Lic. Fernanda Coutiño Ramos, suplente de C.P. Alberto Ruiz Zenteno\n" in to_all
    assert (f"se le convoca, en su carácter de suplente {of} {cast.titular}, Fiscal contra la Corrupción, "
            "a la Primera Sesión Ordinaria") in to_suplente


@pytest.mark.parametrize("cast, of, president", [
    (WOMEN, "de la", "Presidenta"),
    (MEN, "del", "Presidente"),
    (UNSPECIFIED, "de", "Presidente"),
])
def test_the_acta_and_its_lista_de_asistencia_name_each_person_with_the_article_and_role_of_the_gender(
        engine, demo, juridico, cast, of, president):
    session_id, _ = held_with(engine, demo, juridico, cast)
    with transaction(engine) as db:
        text = text_of(build_acta(db, session_id, BASE))
    # The lista de asistencia.
    assert f"• {cast.president}, {president}.\n" in text
    assert f"• Lic. Daniel Estrada Molina, en suplencia {of} {cast.titular}, Fiscal contra la Corrupción.\n" in text
    # The votes and the voto particular.
    assert f"Lic. Daniel Estrada Molina (en suplencia {of} {cast.titular})" in text
    assert f"Voto particular {of} {cast.dissenter}: {DISSENT}" in text
    # The signatures.
    assert f"Lic. Daniel Estrada Molina\nEn suplencia {of} {cast.titular}, Fiscal contra la Corrupción\n" in text
    assert f"{cast.president}\n{president}\n" in text
