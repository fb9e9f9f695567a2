"""Bodies and their rules: validation beside each field, uniqueness, who may edit, conflicts."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from engine import clock
from engine.audit import AuditEvent
from engine.clock import utcnow
from engine.db import reading, transaction
from workflows.board_session import boards, planning
from workflows.board_session.boards import RulesInvalid
from workflows.board_session.models import Board, Convener, MajorityRule, Resolution, SessionKind
from workflows.board_session.sessions import BoardError, Conflict, items_of, plan_session


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
    ("convoca", "el_presidente", "opciones"),
    ("fundamento_certificacion", "el artículo 35 " * 30, "máximo 300"),
])
def test_bad_rules_are_refused_beside_their_field_and_nothing_is_saved(engine, juridico, field, value, message):
    error = refused(engine, lambda s: boards.create_board(s, juridico, cc_values(**{field: value})))
    assert isinstance(error, RulesInvalid)
    assert message in error.errors[field]
    with reading(engine) as session:
        assert session.exec(select(Board)).all() == []


@pytest.mark.parametrize("convoca, convener", [
    ("presidencia", Convener.PRESIDENT), ("presidencia_por_st", Convener.THROUGH_SECRETARY),
    ("secretaria_tecnica", Convener.SECRETARY),
    # Not said: the president through the Secretaría Técnica, as every convocatoria read before bodies said it.
    ("", Convener.THROUGH_SECRETARY),
])
def test_a_body_records_who_convenes_its_sessions(engine, juridico, convoca, convener):
    assert create(engine, juridico, convoca=convoca).convener == convener


def test_a_body_records_the_law_its_acuerdos_are_certified_with(engine, juridico):
    board = create(engine, juridico, fundamento_certificacion="  el artículo 35 de la Ley General\ndel Sistema "
                                                              "Nacional Anticorrupción ")
    assert board.certification_basis == "el artículo 35 de la Ley General del Sistema Nacional Anticorrupción"
    assert create(engine, juridico, nombre="Comité de Ética", nombre_corto="CEPCI",
                  plantilla_acuerdo="{seq:03d}/CEPCI/{year}").certification_basis == ""


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


def test_qualified_matters_are_read_from_lines_and_written_back_the_same_way():
    matters = boards.parse_qualified_matters("Nombramiento del Secretario Técnico: 5 votos\n  Reforma :  1 voto ")
    assert matters == [{"materia": "Nombramiento del Secretario Técnico", "votos": 5},
                       {"materia": "Reforma", "votos": 1}]
    assert boards.matters_text(matters) == "Nombramiento del Secretario Técnico: 5\nReforma: 1"


def test_a_template_renders_a_sample_number():
    assert boards.check_template("{seq:03d}/CC/SAECH/{year}", "CC", "SESAECH") == "003/CC/SAECH/2021"
    assert boards.check_template("{seq}/{board}/{organization}/{year}", "OG", "SESAECH") == "3/OG/SESAECH/2021"


def test_the_acuerdo_template_does_not_change_once_this_years_acuerdos_are_numbered(engine, juridico):
    board = create(engine, juridico)
    this_year = utcnow().year
    with transaction(engine) as session:
        held = plan_session(session, juridico, session.get(Board, board.id), SessionKind.ORDINARY,
                            datetime(this_year, 1, 20, 10))
        item = items_of(session, held)[1]
        session.add(Resolution(organization_id=board.organization_id, board_id=board.id, session_id=held.id,
                               item_id=item.id, year=this_year, seq=1, number=f"001/CC/SAECH/{this_year}",
                               text="Se aprueba el orden del día.", approved_on=date(this_year, 1, 20)))
    error = refused(engine, lambda s: boards.update_board(s, juridico, s.get(Board, board.id),
                                                          cc_values(plantilla_acuerdo="{seq:03d}/CC/SESAECH/{year}"),
                                                          expected_version=1))
    assert "ya hay acuerdos numerados" in error.errors["plantilla_acuerdo"]
    with transaction(engine) as session:  # the other rules still change
        boards.update_board(session, juridico, session.get(Board, board.id), cc_values(anticipacion_ordinaria="7"),
                            expected_version=1)


def test_an_inactive_body_keeps_its_history_but_plans_no_more_sessions(engine, juridico):
    board = create(engine, juridico)
    with transaction(engine) as session:
        boards.update_board(session, juridico, session.get(Board, board.id),
                            cc_values(activo_en_formulario="1"), expected_version=1)
    with reading(engine) as session:
        assert not session.get(Board, board.id).active
    error = refused(engine, lambda s: planning.schedule_session(s, juridico, s.get(Board, board.id),
                                                                SessionKind.ORDINARY, datetime(2100, 1, 20, 10)))
    assert "está inactivo" in str(error)


def test_on_new_years_eve_evening_the_years_acuerdos_still_hold_the_template(engine, juridico, monkeypatch):
    """31 December 2026 at 20:00 in Mexico City is 2027 in UTC; 2026's acuerdos still count as this year's."""
    board = create(engine, juridico)
    with transaction(engine) as session:
        held = plan_session(session, juridico, session.get(Board, board.id), SessionKind.ORDINARY,
                            datetime(2026, 1, 20, 10))
        item = items_of(session, held)[1]
        session.add(Resolution(organization_id=board.organization_id, board_id=board.id, session_id=held.id,
                               item_id=item.id, year=2026, seq=1, number="001/CC/SAECH/2026",
                               text="Se aprueba el orden del día.", approved_on=date(2026, 1, 20)))
    for module in (clock, boards):  # wherever the rule may ask the time
        monkeypatch.setattr(module, "utcnow", lambda: datetime(2027, 1, 1, 2, 0, tzinfo=UTC), raising=False)
    error = refused(engine, lambda s: boards.update_board(s, juridico, s.get(Board, board.id),
                                                          cc_values(plantilla_acuerdo="{seq:03d}/CC/SESAECH/{year}"),
                                                          expected_version=1))
    assert "ya hay acuerdos numerados" in error.errors["plantilla_acuerdo"]
