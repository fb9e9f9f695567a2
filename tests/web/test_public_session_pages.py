"""The public portal of sessions without signing in, the iCal feed, and the Comité's export per role."""

import io
from datetime import UTC, datetime

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlmodel import select

from engine import files
from engine.db import transaction
from engine.tenancy import Organization
from tests.document_checks import assert_workbook_described
from tests.board_quarter import Item, plan_called, quarter_of
from tests.today import demo_today
from workflows.board_session import start_session_process
from workflows.board_session.models import (AgendaItem, Board, BoardSession, MinutesComment, MinutesStatus,
                                            SessionKind)
from workflows.board_session.sessions import plan_session

PLANNED_ITEM = "Propuesta reservada para la sesión de julio"
NOTE = "Nota interna de la discusión que solo va al acta"
COMMENT = "Observación de un integrante al proyecto de acta"


@pytest.fixture
def quarter(engine, demo, juridico):
    built = quarter_of(engine, demo, juridico)
    with transaction(engine) as db:
        cc = db.get(Board, built.boards["CC"].id)
        planned = plan_session(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 7, 30, 10, 0))
        db.add(AgendaItem(organization_id=cc.organization_id, session_id=planned.id, kind="informativo",
                          title=PLANNED_ITEM, status="aceptado", position=3))
        called = plan_called(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 10, 29, 10, 0),
                             [Item("Informe anual del Comité Coordinador")])
        held = db.get(BoardSession, built.sessions["cc_extraordinaria_1"].id)
        db.exec(select(AgendaItem).where(AgendaItem.session_id == held.id,
                                         AgendaItem.title.like("Propuesta de Pol%"))).one().notes = NOTE
        db.add(MinutesComment(organization_id=held.organization_id, session_id=held.id, text=COMMENT))
        built.sessions["planned"], built.sessions["called"] = planned, called
    return built


def store_acta(engine, settings, juridico, session_id, sign: bool) -> None:
    with transaction(engine) as db:
        board_session = db.get(BoardSession, session_id)
        instance = start_session_process(db, juridico, board_session)
        files.store(db, settings, board_session.organization_id, "acta", "Acta", "acta-cc-2021.docx",
                    b"PK acta firmada", instance_id=instance.id)
        if sign:
            board_session.minutes_status, board_session.published_at = MinutesStatus.SIGNED, datetime.now(UTC)


def test_the_calendar_page_opens_without_signing_in(client, quarter):
    response = client.get("/portal/sesiones", params={"anio": "2021"})
    assert response.status_code == 200
    text = response.text
    assert "Primera Sesión Extraordinaria del Comité Coordinador" in text
    assert f'/portal/sesiones/{quarter.sessions["called"].id}"' in text
    assert f'/portal/sesiones/{quarter.sessions["planned"].id}"' not in text and "Por convocar" in text
    assert "Segunda Sesión Ordinaria del Comité Coordinador" not in text  # the planned one: date and body only
    assert f'/organos/{quarter.boards["CT"].id}/calendario.ics' in text


@pytest.mark.parametrize("asked", ["99999", "abc"])
def test_an_impossible_year_of_the_portal_is_said_with_the_year_shown(client, quarter, asked):
    year = demo_today().year
    response = client.get("/portal/sesiones", params={"organizacion": "sesaech", "anio": asked})
    assert response.status_code == 200
    assert (f'<p class="aviso aviso-conflicto" role="status">El año «{asked}» no es válido: elija uno de 2000 a '
            f"{year + 5}. Se muestra {year}.</p>") in response.text
    assert f"Calendario de sesiones {year}" in response.text
    assert "no es válido" not in client.get("/portal/sesiones", params={"organizacion": "sesaech",
                                                                         "anio": str(year + 1)}).text


def test_with_two_organizations_the_visitor_chooses_one(engine, client, quarter):
    with transaction(engine) as db:
        db.add(Organization(slug="otra", name="Otro Ente Público", short_name="OEP"))
    assert "Otro Ente Público" in client.get("/portal/sesiones").text
    assert "Calendario de sesiones 2021" in client.get("/portal/sesiones?organizacion=sesaech&anio=2021").text
    assert client.get("/portal/sesiones?organizacion=nadie").status_code == 404


def test_a_held_session_shows_its_orden_del_dia_and_acuerdos_but_no_notes_or_comments(client, quarter):
    response = client.get(f"/portal/sesiones/{quarter.sessions['cc_extraordinaria_1'].id}")
    assert response.status_code == 200
    text = response.text
    assert "Propuesta de Política Estatal Anticorrupción" in text and "001/CC/SAECH/2021" in text
    assert "Sin seguimiento" in text and "Aún no publicada" in text
    assert NOTE not in text and COMMENT not in text and "/acta" not in text.split("Volver al calendario")[0]


def test_nothing_of_a_planned_session_is_visible(client, quarter):
    response = client.get(f"/portal/sesiones/{quarter.sessions['planned'].id}")
    assert response.status_code == 404 and PLANNED_ITEM not in response.text
    assert client.get("/portal/sesiones/987654").status_code == 404


def test_a_draft_acta_is_not_found_and_a_signed_one_downloads(engine, settings, juridico, client, quarter):
    session_id = quarter.sessions["cc_extraordinaria_1"].id
    store_acta(engine, settings, juridico, session_id, sign=False)
    assert client.get(f"/portal/sesiones/{session_id}/acta").status_code == 404
    with transaction(engine) as db:
        db.get(BoardSession, session_id).minutes_status = MinutesStatus.SIGNED
        db.get(BoardSession, session_id).published_at = datetime.now(UTC)
    page = client.get(f"/portal/sesiones/{session_id}")
    assert f'href="/portal/sesiones/{session_id}/acta"' in page.text
    response = client.get(f"/portal/sesiones/{session_id}/acta")
    assert response.status_code == 200 and response.content == b"PK acta firmada"
    assert "acta-cc-2021.docx" in response.headers["content-disposition"]
    assert client.get(f"/portal/sesiones/{quarter.sessions['called'].id}/acta").status_code == 404


def test_the_ical_feed_is_public_and_parses(client, quarter):
    response = client.get(f"/organos/{quarter.boards['CC'].id}/calendario.ics")
    assert response.status_code == 200 and response.headers["content-type"] == "text/calendar; charset=utf-8"
    summaries = [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries[0] == "Primera Sesión Extraordinaria del Comité Coordinador" and len(summaries) == 4
    assert client.get("/organos/424242/calendario.ics").status_code == 404


@pytest.mark.parametrize("username", ["juridico", "comite", "transparencia", "admin"])
def test_the_export_is_a_workbook_for_who_answers_for_the_obligation(sign_in, demo, quarter, username):
    response = sign_in(username).get(f"/organos/{quarter.boards['CT'].id}/exportar.xlsx?anio=2021")
    assert response.status_code == 200 and "ct-2021-transparencia.xlsx" in response.headers["content-disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Calendario", "Integrantes", "Resoluciones"]
    assert_workbook_described(response.content, "Comité de Transparencia: calendario, integrantes y resoluciones 2021",
                              demo.organization.name)


@pytest.mark.parametrize("asked", ["abc", "99999", "1999"])
def test_the_export_of_an_impossible_year_is_refused_with_what_is_valid(sign_in, quarter, asked):
    response = sign_in("juridico").get(f"/organos/{quarter.boards['CT'].id}/exportar.xlsx", params={"anio": asked})
    assert response.status_code == 400
    assert f"El año «{asked}» no es válido: elija uno de 2000 a {demo_today().year + 5}." in response.text


@pytest.mark.parametrize("username", ["enlace_da", "integrante", "oficialia"])
def test_the_export_is_refused_to_other_roles(sign_in, quarter, username):
    assert sign_in(username).get(f"/organos/{quarter.boards['CT'].id}/exportar.xlsx").status_code == 403


def test_the_export_needs_a_session_and_another_organizations_body_is_not_found(engine, client, sign_in, quarter):
    assert client.get(f"/organos/{quarter.boards['CT'].id}/exportar.xlsx",
                      follow_redirects=False).status_code in (302, 303, 401)
    with transaction(engine) as db:
        other = Organization(slug="otra", name="Otro Ente Público", short_name="OEP")
        db.add(other)
        db.flush()
        board = Board(organization_id=other.id, name="Comité de Transparencia", short_name="CT")
        db.add(board)
        db.flush()
        board_id = board.id
    assert sign_in("juridico").get(f"/organos/{board_id}/exportar.xlsx").status_code == 404
