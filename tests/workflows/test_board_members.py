"""A body's seats: members with suplentes, terms, the yearly rotation of the presidency, conflicts."""

from datetime import date

import pytest
from sqlmodel import select

from engine.audit import AuditEvent
from engine.db import reading, transaction
from workflows.board_session import boards, members
from workflows.board_session.members import Person
from workflows.board_session.models import Board, BoardMember, Gender, MemberRole
from workflows.board_session.sessions import BoardError, Conflict, seats, substitutes

START = date(2026, 1, 1)


def create(engine, actor) -> Board:
    with transaction(engine) as session:
        return boards.create_board(session, actor, {"nombre": "Comité Coordinador", "nombre_corto": "CC",
                                                    "plantilla_acuerdo": "{seq:03d}/CC/SAECH/{year}"})


def refused(engine, call) -> BoardError:
    with pytest.raises(BoardError) as caught:
        with transaction(engine) as session:
            call(session)
    return caught.value


def add(engine, actor, board, name, role=MemberRole.VOCAL, votes=True, start=START, end=None, user_id=None):
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        return members.add_member(session, actor, current, Person(name, "Cargo", "", user_id), role, votes, start, end,
                                 current.version)


def test_members_with_suplentes_serve_their_terms_and_the_version_moves_with_each_change(engine, juridico, demo):
    board = create(engine, juridico)
    president = add(engine, juridico, board, "Mtro. Hugo Villatoro", MemberRole.PRESIDENTE)
    vocal = add(engine, juridico, board, "Carmen Ortiz Ramírez", user_id=demo.users["integrante"].id)
    guest = add(engine, juridico, board, "Ing. Ramiro Aguilar", MemberRole.INVITADO, votes=True)
    assert not guest.votes and vocal.email == "integrante@sesaech.example"
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        suplente = members.add_substitute(session, juridico, current, session.get(BoardMember, vocal.id),
                                         Person("Lic. Rubén Gordillo"), START, None, current.version)
    assert (suplente.substitute_for_id, suplente.role) == (vocal.id, MemberRole.VOCAL)
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        assert current.version == 5
        members.end_term(session, juridico, current, session.get(BoardMember, vocal.id), date(2026, 6, 30), 5)
    with reading(engine) as session:
        current = session.get(Board, board.id)
        assert [m.name for m in seats(session, current, date(2026, 6, 30))] == [
            president.name, vocal.name, guest.name]
        assert [m.name for m in seats(session, current, date(2026, 7, 1))] == [president.name, guest.name]
        assert substitutes(session, current, date(2026, 7, 1)) == {}
        serving, former = members.members_of(session, current, date(2026, 7, 1))
    assert [s.member.name for s in former] == [vocal.name]
    assert [m.name for m in former[0].substitutes] == ["Lic. Rubén Gordillo"]


def test_bad_seats_are_refused(engine, juridico):
    board = create(engine, juridico)
    president = add(engine, juridico, board, "Mtro. Hugo Villatoro", MemberRole.PRESIDENTE)
    assert "ya ocupa el cargo de Presidente" in str(refused(engine, lambda s: members.add_member(
        s, juridico, s.get(Board, board.id), Person("Otra Persona"), MemberRole.PRESIDENTE, True, START, None, 2)))
    assert "nombre" in str(refused(engine, lambda s: members.add_member(
        s, juridico, s.get(Board, board.id), Person(" "), MemberRole.VOCAL, True, START, None, 2)))
    assert "anterior a su inicio" in str(refused(engine, lambda s: members.add_member(
        s, juridico, s.get(Board, board.id), Person("X"), MemberRole.VOCAL, True, START, date(2025, 1, 1), 2)))
    assert "correo" in str(refused(engine, lambda s: members.add_member(
        s, juridico, s.get(Board, board.id), Person("X", email="sin-arroba"), MemberRole.VOCAL, True, START, None,
        2)))
    assert "antes de haber empezado" in str(refused(engine, lambda s: members.end_term(
        s, juridico, s.get(Board, board.id), s.get(BoardMember, president.id), date(2025, 12, 1), 2)))
    assert isinstance(refused(engine, lambda s: members.add_member(
        s, juridico, s.get(Board, board.id), Person("X"), MemberRole.VOCAL, True, START, None, 1)), Conflict)
    assert "periodo del titular" in str(refused(engine, lambda s: members.add_substitute(
        s, juridico, s.get(Board, board.id), s.get(BoardMember, president.id), Person("Y"), date(2025, 1, 1), None,
        2)))


def test_the_presidency_rotates_for_a_year_to_another_member_who_keeps_his_suplente(engine, juridico):
    board = create(engine, juridico)
    outgoing = add(engine, juridico, board, "Mtro. Hugo Villatoro", MemberRole.PRESIDENTE, start=date(2025, 1, 1))
    successor = add(engine, juridico, board, "Dra. Patricia Zebadúa", start=date(2025, 1, 1))
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        members.add_substitute(session, juridico, current, session.get(BoardMember, successor.id),
                              Person("Lic. Daniel Trujillo"), date(2025, 1, 1), None, current.version)
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        president = members.rotate_presidency(session, juridico, current, 2026, session.get(BoardMember, successor.id),
                                             outgoing_stays=True, expected_version=current.version)
    with reading(engine) as session:
        current = session.get(Board, board.id)
        before = seats(session, current, date(2025, 12, 31))
        after = seats(session, current, date(2026, 1, 1))
        assert [(m.name, m.role) for m in before] == [("Mtro. Hugo Villatoro", MemberRole.PRESIDENTE),
                                                      ("Dra. Patricia Zebadúa", MemberRole.VOCAL)]
        assert [(m.name, m.role) for m in after] == [("Dra. Patricia Zebadúa", MemberRole.PRESIDENTE),
                                                     ("Mtro. Hugo Villatoro", MemberRole.VOCAL)]
        assert [m.name for m in substitutes(session, current, date(2026, 1, 1))[president.id]] == [
            "Lic. Daniel Trujillo"]
        assert session.get(BoardMember, outgoing.id).term_end == date(2025, 12, 31)
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "organo.presidencia")).one()
    assert "preside Dra. Patricia Zebadúa en lugar de Mtro. Hugo Villatoro" in event.summary
    again = refused(engine, lambda s: members.rotate_presidency(
        s, juridico, s.get(Board, board.id), 2026, s.get(BoardMember, outgoing.id), True, s.get(Board, board.id).version))
    assert "titular que sirva" in str(again) or "ya se hizo" in str(again)


def test_the_presidency_does_not_pass_to_an_invitado_nor_with_a_stale_form(engine, juridico):
    board = create(engine, juridico)
    add(engine, juridico, board, "Mtro. Hugo Villatoro", MemberRole.PRESIDENTE, start=date(2025, 1, 1))
    guest = add(engine, juridico, board, "Ing. Ramiro Aguilar", MemberRole.INVITADO, start=date(2025, 1, 1))
    assert "vocal con voto" in str(refused(engine, lambda s: members.rotate_presidency(
        s, juridico, s.get(Board, board.id), 2026, s.get(BoardMember, guest.id), True, 3)))
    assert isinstance(refused(engine, lambda s: members.rotate_presidency(
        s, juridico, s.get(Board, board.id), 2026, s.get(BoardMember, guest.id), True, 1)), Conflict)


def test_a_persons_gender_is_recorded_on_adding_changed_later_and_kept_when_the_presidency_rotates(engine, juridico):
    board = create(engine, juridico)
    outgoing = add(engine, juridico, board, "Lic. Hugo Villatoro", MemberRole.PRESIDENTE, start=date(2025, 1, 1))
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        successor = members.add_member(session, juridico, current, Person("Lic. Patricia Zebadúa",
                                                                          gender=Gender.FEMININE),
                                       MemberRole.VOCAL, True, date(2025, 1, 1), None, current.version)
        members.add_substitute(session, juridico, current, successor, Person("Lic. Daniel Trujillo",
                                                                             gender=Gender.MASCULINE),
                               date(2025, 1, 1), None, current.version)
    assert outgoing.gender == Gender.UNSPECIFIED  # nothing chosen: documents word him as before
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        members.set_gender(session, juridico, current, session.get(BoardMember, outgoing.id), Gender.MASCULINE,
                           current.version)
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        assert current.version == 5
        members.rotate_presidency(session, juridico, current, 2026, session.get(BoardMember, successor.id),
                                  outgoing_stays=True, expected_version=current.version)
    with reading(engine) as session:
        current = session.get(Board, board.id)
        after = seats(session, current, date(2026, 1, 1))
        assert [(m.name, m.role, m.gender) for m in after] == [
            ("Lic. Patricia Zebadúa", MemberRole.PRESIDENTE, Gender.FEMININE),
            ("Lic. Hugo Villatoro", MemberRole.VOCAL, Gender.MASCULINE)]
        assert [(m.name, m.gender) for m in substitutes(session, current, date(2026, 1, 1))[after[0].id]] == [
            ("Lic. Daniel Trujillo", Gender.MASCULINE)]
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "organo.integrante_trato")).one()
    assert event.summary == "Registró el trato de Lic. Hugo Villatoro en los documentos: masculino"
    stale = refused(engine, lambda s: members.set_gender(s, juridico, s.get(Board, board.id),
                                                         s.get(BoardMember, outgoing.id), Gender.FEMININE, 5))
    assert isinstance(stale, Conflict)
