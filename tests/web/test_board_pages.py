"""Órganos colegiados pages: list, new body, rules, members and suplentes, presidency, annual calendar."""
from datetime import date

import pytest
from sqlmodel import select

from engine.clock import DEFAULT_TIMEZONE, to_local, today_in, utcnow
from engine.db import reading, transaction
from engine.legal_calendar import calendar_for
from engine.tenancy import Organization
from tests.web.conftest import csrf_of, hidden_value
from workflows.board_session.boards import rules_values
from workflows.board_session.demo import seed_boards
from workflows.board_session.models import (AnnualCalendar, Board, BoardMember, BoardSession, Convener, Gender,
                                            MemberRole, SessionStatus)

NEXT_YEAR = today_in(DEFAULT_TIMEZONE).year + 1


@pytest.fixture
def bodies(engine, demo):
    with transaction(engine) as session:
        seed_boards(session, demo)
    with reading(engine) as session:
        return {b.short_name: b for b in session.exec(select(Board)).all()}


def post(client, url, data, **kw):
    return client.post(url, data={**data, "_csrf_token": csrf_of(client)}, follow_redirects=False, **kw)


def new_body(**overrides):
    values = {"nombre": "Comité de Ética", "nombre_corto": "CE2", "plantilla_acuerdo": "{seq:03d}/CEPCI/{year}",
              "sesiones_ordinarias": "3", "anticipacion_ordinaria": "5", "anticipacion_extraordinaria": "1",
              "unidad_anticipacion": "habiles", "regla_quorum": "mayoria", "segunda_convocatoria": "presentes",
              "minimo_segunda": "3", "mayoria": "simple", "voto_calidad": "1", "dias_revision_acta": "5",
              "materias_calificadas": "Reforma al código de conducta: 4"}
    values.update(overrides)
    return values


def test_legal_staff_create_a_body_and_land_on_its_page(engine, sign_in, bodies):
    client = sign_in("juridico")
    listing = client.get("/organos")
    assert listing.status_code == 200
    assert "Comité Coordinador" in listing.text and "{seq:03d}/OG/SESAECH/{year}" in listing.text
    # Each template shown as the number of this year's first acuerdo (the organization's year).
    year = to_local(utcnow(), "America/Mexico_City").year
    assert f"001/OG/SESAECH/{year}" in listing.text and f"CT/SESAECH/001/{year}" in listing.text
    assert 'href="/organos"' in listing.text and 'href="/sesiones"' in listing.text  # menu entries
    assert client.get("/organos/nuevo").status_code == 200
    response = post(client, "/organos/nuevo", new_body())
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    assert "Comité de Ética (CE2)" in page.text and "Reforma al código de conducta: 4" in page.text
    assert "Agregar integrante" in page.text


def test_a_template_without_the_sequence_is_refused_beside_its_field(engine, sign_in, bodies):
    client = sign_in("juridico")
    response = post(client, "/organos/nuevo", new_body(plantilla_acuerdo="CEPCI/{year}", anticipacion_ordinaria="-2"))
    assert response.status_code == 400
    assert "consecutivo {seq}" in response.text and "entre 0 y 365" in response.text
    assert 'id="error-plantilla_acuerdo"' in response.text
    with reading(engine) as session:
        assert session.exec(select(Board).where(Board.short_name == "CE2")).first() is None


def test_the_rules_are_saved_with_the_version_read_and_a_stale_form_gets_a_conflict(engine, sign_in, bodies):
    client = sign_in("juridico")
    board = bodies["OG"]
    page = client.get(f"/organos/{board.id}")
    version = hidden_value(page.text, "version")
    values = {**new_body(nombre="Órgano de Gobierno", nombre_corto="OG", plantilla_acuerdo=board.resolution_template,
                         materias_calificadas="Nombramiento del Secretario Técnico: 5"), "version": version}
    saved = post(client, f"/organos/{board.id}/reglas", values)
    assert saved.status_code == 303
    stale = post(client, f"/organos/{board.id}/reglas", {**values, "anticipacion_ordinaria": "9"})
    assert stale.status_code == 409
    assert "Otra persona modificó las reglas de este órgano" in stale.text
    with reading(engine) as session:
        assert session.get(Board, board.id).lead_ordinary == 5


def test_members_suplentes_end_of_term_and_the_presidency_through_the_page(engine, sign_in, bodies, demo):
    client = sign_in("juridico")
    board = bodies["CE"]
    url = f"/organos/{board.id}"

    def version():
        return hidden_value(client.get(url).text, "version")

    added = post(client, f"{url}/integrantes", {"nombre": "Mtra. Rocío Pastrana Coello", "cargo": "Integrante del CPC",
                                                "rol": "vocal", "vota": "1", "inicio": today_in(DEFAULT_TIMEZONE).isoformat(),
                                                "usuario": str(demo.users["integrante"].id), "version": version()})
    assert added.status_code == 303, added.text
    with reading(engine) as session:
        member = session.exec(select(BoardMember).where(BoardMember.name == "Mtra. Rocío Pastrana Coello")).one()
    assert member.user_id == demo.users["integrante"].id
    suplente = post(client, f"{url}/integrantes/{member.id}/suplentes", {
        "nombre": "Lic. Pablo Ocaña", "inicio": today_in(DEFAULT_TIMEZONE).isoformat(), "version": version()})
    assert suplente.status_code == 303
    assert "Lic. Pablo Ocaña" in client.get(url).text
    rotated = post(client, f"{url}/presidencia", {"sucesor": str(member.id), "anio": str(NEXT_YEAR), "permanece": "1",
                                                 "version": version()})
    assert rotated.status_code == 303, rotated.text
    with reading(engine) as session:
        presidents = session.exec(select(BoardMember).where(BoardMember.board_id == board.id,
                                                            BoardMember.role == MemberRole.PRESIDENTE,
                                                            BoardMember.substitute_for_id.is_(None))).all()
    assert sorted((p.name, p.term_start.year) for p in presidents)[-1] == ("Mtra. Rocío Pastrana Coello", NEXT_YEAR)
    ended = post(client, f"{url}/integrantes/{member.id}/fin", {"fin": "2000-01-01", "version": version()})
    assert ended.status_code == 400 and "antes de haber empezado" in ended.text
    twice = post(client, f"{url}/presidencia", {"sucesor": str(member.id), "anio": str(NEXT_YEAR), "version": "1"})
    assert twice.status_code == 409


def test_a_members_gender_for_the_documents_is_chosen_on_adding_and_changed_on_the_page(engine, sign_in, bodies):
    client = sign_in("juridico")
    board = bodies["CE"]
    url = f"/organos/{board.id}"

    def version():
        return hidden_value(client.get(url).text, "version")

    added = post(client, f"{url}/integrantes", {"nombre": "Lic. Rocío Pastrana Coello", "rol": "vocal", "vota": "1",
                                                "genero": "femenino", "inicio": today_in(DEFAULT_TIMEZONE).isoformat(),
                                                "version": version()})
    assert added.status_code == 303, added.text
    with reading(engine) as session:
        member = session.exec(select(BoardMember).where(BoardMember.name == "Lic. Rocío Pastrana Coello")).one()
    assert member.gender == Gender.FEMININE
    page = client.get(url).text
    assert f'<select id="genero-{member.id}" name="genero">' in page
    assert '<option value="femenino" selected>Femenino</option>' in page
    changed = post(client, f"{url}/integrantes/{member.id}/genero", {"genero": "masculino", "version": version()})
    assert changed.status_code == 303
    before = version()
    bad = post(client, f"{url}/integrantes/{member.id}/genero", {"genero": "otro", "version": before})
    assert bad.status_code == 400
    assert f'<p class="error-campo" id="error-genero-{member.id}">Elija femenino, masculino o sin especificar.</p>' \
        in bad.text
    with reading(engine) as session:
        assert session.get(BoardMember, member.id).gender == Gender.MASCULINE
        assert str(session.get(Board, board.id).version) == before
    refused = post(client, f"{url}/integrantes", {"nombre": "Lic. Pablo Ocaña", "rol": "vocal", "genero": "x",
                                                  "inicio": today_in(DEFAULT_TIMEZONE).isoformat(), "version": before})
    assert refused.status_code == 400 and 'id="error-genero"' in refused.text
    with reading(engine) as session:
        assert session.exec(select(BoardMember).where(BoardMember.name == "Lic. Pablo Ocaña")).first() is None


def test_an_enlace_and_a_member_read_a_body_but_may_not_change_it(engine, sign_in, bodies):
    board = bodies["CC"]
    for username in ("enlace_da", "integrante"):
        client = sign_in(username)
        page = client.get(f"/organos/{board.id}")
        assert page.status_code == 200
        assert "Carmen Ortiz Ramírez" in page.text and "Agregar integrante" not in page.text
        assert client.get("/organos/nuevo").status_code == 403
        assert post(client, "/organos/nuevo", new_body()).status_code == 403
        assert post(client, f"/organos/{board.id}/reglas", new_body(version="1")).status_code == 403
        assert post(client, f"/organos/{board.id}/calendario/{NEXT_YEAR}", {}).status_code == 403


def test_the_menu_shows_bodies_only_to_legal_staff_and_sessions_to_members(sign_in, bodies):
    assert 'href="/organos"' not in sign_in("integrante").get("/sesiones").text
    assert 'href="/sesiones"' in sign_in("comite").get("/tareas").text
    assert 'href="/sesiones"' not in sign_in("oficialia").get("/tareas").text


def test_anonymous_visitors_go_to_the_login(client, bodies):
    response = client.get("/organos", follow_redirects=False)
    assert response.status_code in (302, 303) and "/login" in response.headers["location"]


def test_another_organizations_body_does_not_exist(engine, sign_in, bodies):
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Otro ente", short_name="OTRO")
        session.add(other)
        session.flush()
        foreign = Board(organization_id=other.id, name="Comité Ajeno", short_name="CA")
        session.add(foreign)
    client = sign_in("juridico")
    assert client.get(f"/organos/{foreign.id}").status_code == 404
    assert client.get(f"/organos/{foreign.id}/calendario/{NEXT_YEAR}").status_code == 404
    assert post(client, f"/organos/{foreign.id}/reglas", new_body(version="1")).status_code == 404
    assert "Comité Ajeno" not in client.get("/organos").text


def test_the_annual_calendar_is_proposed_then_its_approval_recorded(engine, sign_in, bodies):
    client = sign_in("juridico")
    board = bodies["OG"]
    url = f"/organos/{board.id}/calendario/{NEXT_YEAR}"
    page = client.get(url)
    assert page.status_code == 200 and "Fecha de la sesión 4" in page.text
    with reading(engine) as session:
        # Días hábiles, as the calendar asks (15 May 2027 is a Saturday, the 15 November a holiday).
        calendar = calendar_for(session, board.organization_id, "sesiones")
        dates = {f"fecha_{n}": calendar.next_business_day(date(NEXT_YEAR, month, 15), include_same_day=True).isoformat()
                 for n, month in enumerate((11, 2, 5, 8), start=1)}
    hours = {f"hora_{n}": "10:00" for n in range(1, 5)}
    wrong = post(client, url, {**dates, **hours, "fecha_2": f"{NEXT_YEAR + 1}-01-10"})
    assert wrong.status_code == 400 and f"no es del año {NEXT_YEAR}" in wrong.text
    proposed = post(client, url, {**dates, **hours, "lugar": "Sala de juntas", "dias_corte": "7"})
    assert proposed.status_code == 303, proposed.text
    page = client.get(url)
    for name in ("Primera", "Segunda", "Tercera", "Cuarta"):
        assert f"{name} Sesión Ordinaria" in page.text
    with transaction(engine) as session:
        held = session.exec(select(BoardSession).where(BoardSession.board_id == board.id,
                                                       BoardSession.year == today_in(DEFAULT_TIMEZONE).year)).first()
        held.status = SessionStatus.HELD
    approved = post(client, f"{url}/aprobacion", {"sesion": str(held.id)})
    assert approved.status_code == 303, approved.text
    assert "Calendario aprobado el" in client.get(url).text
    with reading(engine) as session:
        calendar = session.exec(select(AnnualCalendar).where(AnnualCalendar.board_id == board.id)).one()
    assert calendar.approved_in_session_id == held.id


def test_the_annual_calendar_refuses_a_dia_inhabil_beside_the_dates_naming_why(engine, sign_in, bodies):
    client = sign_in("juridico")
    board = bodies["OG"]
    url = f"/organos/{board.id}/calendario/{NEXT_YEAR}"
    with reading(engine) as session:
        calendar = calendar_for(session, board.organization_id, "sesiones")
        days = [calendar.next_business_day(date(NEXT_YEAR, month, 10), include_same_day=True) for month in (2, 5, 8)]
    # The 16 September, Día de la Independencia (LFT art. 74), is inhábil every year.
    dates = {f"fecha_{n}": day.isoformat() for n, day in enumerate(days + [date(NEXT_YEAR, 9, 16)], start=1)}
    hours = {f"hora_{n}": "10:00" for n in range(1, 5)}
    refused = post(client, url, {**dates, **hours, "lugar": "Sala de juntas", "dias_corte": "7"})
    assert refused.status_code == 400
    assert f'<p class="error-campo">El 16/09/{NEXT_YEAR} es inhábil (Día de la Independencia, LFT art. 74); una ' \
           "sesión ordinaria se celebra en día hábil." in refused.text
    with reading(engine) as session:
        assert session.exec(select(AnnualCalendar).where(AnnualCalendar.board_id == board.id)).all() == []


def test_the_bodys_page_names_each_role_as_the_woman_or_man_holding_it(engine, sign_in, bodies):
    import re
    board = bodies["CT"]  # Ana María Gómez Ruiz presides, Luis Alberto Pérez Soto is its Secretario Técnico

    def role_beside(page: str, name: str) -> str:
        return re.search(rf"<td>([^<]+)</td>\s*<td>{name}", page).group(1)

    def record(genders: dict[str, Gender]) -> None:
        with transaction(engine) as session:
            for member in session.exec(select(BoardMember).where(BoardMember.board_id == board.id)).all():
                member.gender = genders.get(member.name, member.gender)

    client = sign_in("juridico")
    record({"Ana María Gómez Ruiz": Gender.FEMININE, "Luis Alberto Pérez Soto": Gender.MASCULINE})
    page = client.get(f"/organos/{board.id}").text
    assert role_beside(page, "Ana María Gómez Ruiz") == "Presidenta"
    assert role_beside(page, "Luis Alberto Pérez Soto") == "Secretario Técnico"
    record({"Ana María Gómez Ruiz": Gender.MASCULINE, "Luis Alberto Pérez Soto": Gender.FEMININE})
    page = client.get(f"/organos/{board.id}").text
    assert role_beside(page, "Ana María Gómez Ruiz") == "Presidente"
    assert role_beside(page, "Luis Alberto Pérez Soto") == "Secretaria Técnica"


def test_the_body_page_says_who_convenes_its_sessions_and_saves_a_change(engine, sign_in, bodies):
    client = sign_in("juridico")
    board = bodies["OG"]
    page = client.get(f"/organos/{board.id}")
    assert 'name="convoca"' in page.text and '<option value="presidencia" selected>' in page.text
    assert 'value="el artículo 35 de la Ley General del Sistema Nacional Anticorrupción"' in page.text
    values = {**rules_values(board), "convoca": "secretaria_tecnica", "version": hidden_value(page.text, "version")}
    assert post(client, f"/organos/{board.id}/reglas", values).status_code == 303
    with reading(engine) as session:
        assert session.get(Board, board.id).convener == Convener.SECRETARY
