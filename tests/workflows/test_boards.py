"""Bodies, their rules and seats: validation, terms, suplentes, the yearly presidency, conflicts."""

from datetime import date

import pytest
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from engine.audit import AuditEvent
from engine.db import reading, transaction
from workflows.board_session import boards
from workflows.board_session.boards import Person, RulesInvalid
from workflows.board_session.models import Board, BoardMember, MajorityRule, MemberRole
from workflows.board_session.sessions import BoardError, Conflict, seats, substitutes

START = date(2026, 1, 1)


def cc_values(**overrides) -> dict:
    values = {"nombre": "Comité Coordinador", "nombre_corto": "cc", "plantilla_acuerdo": "{seq:03d}/CC/SAECH/{year}",
              "sesiones_ordinarias": "4", "anticipacion_ordinaria": "5", "anticipacion_extraordinaria": "2",
              "unidad_anticipacion": "naturales", "regla_quorum": "mayoria", "segunda_convocatoria": "presentes",
              "minimo_segunda": "3", "mayoria": "simple", "voto_calidad": "on", "dias_revision_acta": "5",
              "materias_calificadas": "Nombramiento del Secretario Técnico: 5 votos\n\nReforma al Estatuto: 6",
              "lugar": "Sala de juntas"}
    values.update(overrides)
    return values


def create(engine, actor, **overrides) -> Board:
    with transaction(engine) as session:
        return boards.create_board(session, actor, cc_values(**overrides))


def refused(engine, call) -> BoardError:
    with pytest.raises(BoardError) as caught:
        with transaction(engine) as session:
            call(session)
    return caught.value


def test_a_body_is_created_with_its_rules_as_data_and_audited(engine, juridico):
    board = create(engine, juridico)
    assert (board.short_name, board.version, board.casting_vote) == ("CC", 1, True)
    assert board.qualified_matters == [{"materia": "Nombramiento del Secretario Técnico", "votos": 5},
                                       {"materia": "Reforma al Estatuto", "votos": 6}]
    with reading(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "organo.creado")).one()
    assert "Comité Coordinador (CC)" in event.summary


@pytest.mark.parametrize("field, value, message", [
    ("plantilla_acuerdo", "CC/SAECH/{year}", "consecutivo {seq}"),
    ("plantilla_acuerdo", "{seq:03d}/CC/SAECH", "el año {year}"),
    ("plantilla_acuerdo", "{seq:03d}/CC/{anio}", "{anio}"),
    ("plantilla_acuerdo", "{seq:03x/CC/{year}", "no se puede aplicar"),
    ("plantilla_acuerdo", "{seq:zz}/CC/{year}", "no se puede aplicar"),
    ("anticipacion_ordinaria", "-1", "entre 0 y 365"),
    ("anticipacion_extraordinaria", "dos", "número entero"),
    ("materias_calificadas", "Nombramiento del Secretario Técnico", "Línea 1"),
    ("materias_calificadas", "Reforma: 6\nReforma: 5", "repetida"),
    ("materias_calificadas", "Reforma: 0", "Línea 1"),
    ("nombre", "  ", "nombre del órgano"),
    ("nombre_corto", "C C!", "solo letras"),
    ("mayoria", "calificada", "por materia"),
    ("regla_quorum", "casi_todos", "opciones"),
])
def test_bad_rules_are_refused_beside_their_field_and_nothing_is_saved(engine, juridico, field, value, message):
    error = refused(engine, lambda s: boards.create_board(s, juridico, cc_values(**{field: value})))
    assert isinstance(error, RulesInvalid)
    assert message in error.errors[field]
    with reading(engine) as session:
        assert session.exec(select(Board)).all() == []


def test_every_wrong_field_is_reported_at_once(engine, juridico):
    error = refused(engine, lambda s: boards.create_board(s, juridico, cc_values(
        nombre="", anticipacion_ordinaria="x", plantilla_acuerdo="")))
    assert set(error.errors) == {"nombre", "anticipacion_ordinaria", "plantilla_acuerdo"}


def test_two_bodies_may_not_share_initials_nor_number_their_acuerdos_alike(engine, juridico):
    create(engine, juridico)
    error = refused(engine, lambda s: boards.create_board(s, juridico, cc_values(nombre="Otro")))
    assert "ya son de «Comité Coordinador»" in error.errors["nombre_corto"]
    assert "ya numera sus acuerdos" in error.errors["plantilla_acuerdo"]


def test_only_legal_staff_and_the_administration_edit_bodies(engine, enlace_area_a, integrante, admin):
    for actor in (enlace_area_a, integrante):
        assert "Dirección Jurídica" in str(refused(engine, lambda s: boards.create_board(s, actor, cc_values())))
    assert create(engine, admin).id


def test_the_rules_change_with_the_version_read_and_a_stale_form_changes_nothing(engine, juridico):
    board = create(engine, juridico)
    with transaction(engine) as session:
        board = boards.update_board(session, juridico, session.get(Board, board.id),
                                    cc_values(mayoria="presentes", anticipacion_ordinaria="7"), expected_version=1)
    assert (board.default_majority, board.lead_ordinary, board.version) == (MajorityRule.PRESENT, 7, 2)
    error = refused(engine, lambda s: boards.update_board(s, juridico, s.get(Board, board.id),
                                                          cc_values(anticipacion_ordinaria="9"), expected_version=1))
    assert isinstance(error, Conflict)
    assert "Otra persona modificó las reglas" in str(error)
    with reading(engine) as session:
        assert session.get(Board, board.id).lead_ordinary == 7


def test_two_people_saving_the_same_body_at_once_one_wins_and_the_other_gets_a_conflict(engine, juridico):
    board = create(engine, juridico)
    # The first person's copy was read before the second person saved: its UPDATE finds no row.
    with Session(engine, expire_on_commit=False) as first:
        first_board = first.get(Board, board.id)
        first.commit()
        with transaction(engine) as second:
            boards.update_board(second, juridico, second.get(Board, board.id), cc_values(anticipacion_ordinaria="8"),
                                expected_version=1)
        with pytest.raises(StaleDataError):
            boards.update_board(first, juridico, first_board, cc_values(anticipacion_ordinaria="6"),
                                expected_version=1)
            first.flush()
        first.rollback()
    with reading(engine) as session:
        assert session.get(Board, board.id).lead_ordinary == 8


def test_the_form_values_of_a_body_read_back_as_the_same_rules(engine, juridico):
    board = create(engine, juridico)
    assert boards.read_rules(boards.rules_values(board)) == boards.read_rules(cc_values(nombre_corto="CC"))


def add(engine, actor, board, name, role=MemberRole.VOCAL, votes=True, start=START, end=None, user_id=None):
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        return boards.add_member(session, actor, current, Person(name, "Cargo", "", user_id), role, votes, start, end,
                                 current.version)


def test_members_with_suplentes_serve_their_terms_and_the_version_moves_with_each_change(engine, juridico, demo):
    board = create(engine, juridico)
    president = add(engine, juridico, board, "Mtro. Hugo Villatoro", MemberRole.PRESIDENTE)
    vocal = add(engine, juridico, board, "Carmen Ortiz Ramírez", user_id=demo.users["integrante"].id)
    guest = add(engine, juridico, board, "Ing. Ramiro Aguilar", MemberRole.INVITADO, votes=True)
    assert not guest.votes and vocal.email == "integrante@sesaech.example"
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        suplente = boards.add_substitute(session, juridico, current, session.get(BoardMember, vocal.id),
                                         Person("Lic. Rubén Gordillo"), START, None, current.version)
    assert (suplente.substitute_for_id, suplente.role) == (vocal.id, MemberRole.VOCAL)
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        assert current.version == 5
        boards.end_term(session, juridico, current, session.get(BoardMember, vocal.id), date(2026, 6, 30), 5)
    with reading(engine) as session:
        current = session.get(Board, board.id)
        assert [m.name for m in seats(session, current, date(2026, 6, 30))] == [
            president.name, vocal.name, guest.name]
        assert [m.name for m in seats(session, current, date(2026, 7, 1))] == [president.name, guest.name]
        assert substitutes(session, current, date(2026, 7, 1)) == {}
        serving, former = boards.members_of(session, current, date(2026, 7, 1))
    assert [s.member.name for s in former] == [vocal.name]
    assert [m.name for m in former[0].substitutes] == ["Lic. Rubén Gordillo"]


def test_bad_seats_are_refused(engine, juridico):
    board = create(engine, juridico)
    president = add(engine, juridico, board, "Mtro. Hugo Villatoro", MemberRole.PRESIDENTE)
    assert "ya ocupa el cargo de Presidente" in str(refused(engine, lambda s: boards.add_member(
        s, juridico, s.get(Board, board.id), Person("Otra Persona"), MemberRole.PRESIDENTE, True, START, None, 2)))
    assert "nombre" in str(refused(engine, lambda s: boards.add_member(
        s, juridico, s.get(Board, board.id), Person(" "), MemberRole.VOCAL, True, START, None, 2)))
    assert "anterior a su inicio" in str(refused(engine, lambda s: boards.add_member(
        s, juridico, s.get(Board, board.id), Person("X"), MemberRole.VOCAL, True, START, date(2025, 1, 1), 2)))
    assert "correo" in str(refused(engine, lambda s: boards.add_member(
        s, juridico, s.get(Board, board.id), Person("X", email="sin-arroba"), MemberRole.VOCAL, True, START, None,
        2)))
    assert "antes de haber empezado" in str(refused(engine, lambda s: boards.end_term(
        s, juridico, s.get(Board, board.id), s.get(BoardMember, president.id), date(2025, 12, 1), 2)))
    assert isinstance(refused(engine, lambda s: boards.add_member(
        s, juridico, s.get(Board, board.id), Person("X"), MemberRole.VOCAL, True, START, None, 1)), Conflict)
    assert "periodo del titular" in str(refused(engine, lambda s: boards.add_substitute(
        s, juridico, s.get(Board, board.id), s.get(BoardMember, president.id), Person("Y"), date(2025, 1, 1), None,
        2)))


def test_the_presidency_rotates_for_a_year_to_another_member_who_keeps_his_suplente(engine, juridico):
    board = create(engine, juridico)
    outgoing = add(engine, juridico, board, "Mtro. Hugo Villatoro", MemberRole.PRESIDENTE, start=date(2025, 1, 1))
    successor = add(engine, juridico, board, "Dra. Patricia Zebadúa", start=date(2025, 1, 1))
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        boards.add_substitute(session, juridico, current, session.get(BoardMember, successor.id),
                              Person("Lic. Daniel Trujillo"), date(2025, 1, 1), None, current.version)
    with transaction(engine) as session:
        current = session.get(Board, board.id)
        president = boards.rotate_presidency(session, juridico, current, 2026, session.get(BoardMember, successor.id),
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
    again = refused(engine, lambda s: boards.rotate_presidency(
        s, juridico, s.get(Board, board.id), 2026, s.get(BoardMember, outgoing.id), True, s.get(Board, board.id).version))
    assert "titular que sirva" in str(again) or "ya se hizo" in str(again)


def test_the_presidency_does_not_pass_to_an_invitado_nor_with_a_stale_form(engine, juridico):
    board = create(engine, juridico)
    add(engine, juridico, board, "Mtro. Hugo Villatoro", MemberRole.PRESIDENTE, start=date(2025, 1, 1))
    guest = add(engine, juridico, board, "Ing. Ramiro Aguilar", MemberRole.INVITADO, start=date(2025, 1, 1))
    assert "vocal con voto" in str(refused(engine, lambda s: boards.rotate_presidency(
        s, juridico, s.get(Board, board.id), 2026, s.get(BoardMember, guest.id), True, 3)))
    assert isinstance(refused(engine, lambda s: boards.rotate_presidency(
        s, juridico, s.get(Board, board.id), 2026, s.get(BoardMember, guest.id), True, 1)), Conflict)


def test_qualified_matters_are_read_from_lines_and_written_back_the_same_way():
    matters = boards.parse_qualified_matters("Nombramiento del Secretario Técnico: 5 votos\n  Reforma :  1 voto ")
    assert matters == [{"materia": "Nombramiento del Secretario Técnico", "votos": 5},
                       {"materia": "Reforma", "votos": 1}]
    assert boards.matters_text(matters) == "Nombramiento del Secretario Técnico: 5\nReforma: 1"


def test_a_template_renders_a_sample_number():
    assert boards.check_template("{seq:03d}/CC/SAECH/{year}", "CC", "SESAECH") == "003/CC/SAECH/2021"
    assert boards.check_template("{seq}/{board}/{organization}/{year}", "OG", "SESAECH") == "3/OG/SESAECH/2021"
