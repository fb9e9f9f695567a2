"""Session pages: list, planning, the orden del día (accept, merge, reorder over htmx), the areas' items."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import select

from engine.clock import to_local
from engine.db import reading, transaction
from engine.deadlines import Deadline, DeadlineKind
from engine.documents import long_date
from engine.legal_calendar import calendar_for, office_calendar
from engine.tenancy import Organization
from tests.board_quarter import make_boards, open_with_quorum, plan_called, vote_item
from tests.today import demo_today
from tests.web.conftest import csrf_of
from workflows.board_session import pending, planning, room
from workflows.board_session.demo import seed_boards
from workflows.board_session.lead_time import latest_sending_day
from workflows.board_session.models import (AgendaDocument, AgendaItem, Board, BoardSession, FixedItem, ItemKind,
                                            ItemStatus, SessionKind, SessionStatus)
from workflows.board_session.sessions import items_of, local_day, plan_session, submit_item

# The organization's day (Mexico City), which may differ from the machine's UTC day in the evening.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTMX = {"hx-request": "true", "hx-target": "orden-del-dia"}


@pytest.fixture
def bodies(engine, demo):
    with transaction(engine) as session:
        seed_boards(session, demo)
    with reading(engine) as session:
        return {b.short_name: b for b in session.exec(select(Board)).all()}


@pytest.fixture
def cc_session(engine, bodies) -> BoardSession:
    """The demo's upcoming Primera Sesión Ordinaria of the Comité Coordinador (two items of the DA)."""
    with reading(engine) as session:
        return session.exec(select(BoardSession).where(BoardSession.board_id == bodies["CC"].id,
                                                       BoardSession.kind == SessionKind.ORDINARY)).one()


def post(client, url, data, headers=None, **kw):
    return client.post(url, data={**data, "_csrf_token": csrf_of(client)}, headers=headers, follow_redirects=False,
                       **kw)


def items(engine, board_session, status=ItemStatus.ACCEPTED):
    with reading(engine) as session:
        return list(session.exec(select(AgendaItem).where(AgendaItem.session_id == board_session.id,
                                                          AgendaItem.status == status)
                                 .order_by(AgendaItem.position)).all())


def item_titled(engine, title) -> AgendaItem:
    with reading(engine) as session:
        return session.exec(select(AgendaItem).where(AgendaItem.title == title)).one()


def test_legal_staff_see_upcoming_sessions_of_every_body_and_filter_them(sign_in, bodies):
    client = sign_in("juridico")
    page = client.get("/sesiones")
    assert page.status_code == 200
    for name in ("Comité Coordinador", "Órgano de Gobierno", "Comisión Ejecutiva", "Comité de Transparencia"):
        assert name in page.text
    assert "Primera Sesión Extraordinaria" in page.text and "Programar una sesión" in page.text
    filtered = client.get(f"/sesiones?organo={bodies['CT'].id}&anio={demo_today().year}")
    assert "Comité de Transparencia" in filtered.text and "Comité Coordinador" not in filtered.text.split("Filtrar")[1]


@pytest.mark.parametrize("asked", ["abc", "99999"])
def test_an_impossible_year_of_the_session_list_is_said_and_every_year_shown(sign_in, bodies, asked):
    page = sign_in("juridico").get("/sesiones", params={"anio": asked}).text
    assert (f'<p class="aviso aviso-conflicto" role="status">El año «{asked}» no es válido: elija uno de 2000 a '
            f"{demo_today().year + 5}. Se muestran todos los años.</p>") in page
    assert "Primera Sesión Extraordinaria" in page and "con estos filtros" not in page


def test_a_year_without_sessions_yet_stays_selected_in_the_session_list(sign_in, bodies):
    later = demo_today().year + 3
    page = sign_in("juridico").get("/sesiones", params={"anio": str(later)}).text
    assert f'<option value="{later}" selected>{later}</option>' in page and "no es válido" not in page
    assert "No hay sesiones próximas con estos filtros." in page


def test_legal_staff_plan_a_session_with_its_fixed_items_in_order(engine, demo, sign_in, bodies):
    client = sign_in("juridico")
    assert client.get("/sesiones/nueva").status_code == 200
    day = demo_today() + timedelta(days=30)
    with reading(engine) as session:
        # A día hábil, as the form asks (three days before the 28 December is Christmas).
        cutoff = office_calendar(session, demo.organization.id).last_business_day(day - timedelta(days=3))
    response = post(client, "/sesiones/nueva", {"organo": str(bodies["OG"].id), "tipo": "extraordinaria",
                                                "fecha": day.isoformat(), "hora": "12:30", "lugar": "",
                                                "fecha_limite": cutoff.isoformat()})
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    assert "Primera Sesión Extraordinaria del Órgano de Gobierno" in page.text
    assert "Sala de juntas de la Secretaría Ejecutiva" in page.text  # the body's usual place
    text = page.text
    assert text.index("Lista de asistencia y declaración del quórum legal") < text.index(
        "Lectura y, en su caso, aprobación del orden del día")
    with reading(engine) as session:
        planned = session.exec(select(BoardSession).where(BoardSession.board_id == bodies["OG"].id,
                                                          BoardSession.kind == SessionKind.EXTRAORDINARY)).one()
    assert planned.instance_id is not None  # its process waits for the orden del día


def test_an_ordinary_session_lists_its_fixed_items_around_the_areas_items(sign_in, cc_session):
    page = sign_in("juridico").get(f"/sesiones/{cc_session.id}")
    order = ["Lista de asistencia", "aprobación del orden del día", "aprobación del acta de la sesión anterior",
             "Seguimiento de acuerdos", "Informe de avance del Programa Anual de Trabajo", "Asuntos generales"]
    positions = [page.text.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Propuesta de ajuste al presupuesto" in page.text and "Aceptar" in page.text


@pytest.mark.parametrize("fields, message", [
    ({"fecha": (demo_today() - timedelta(days=1)).isoformat()}, "ya pasaron"),
    ({"fecha": "2026-02-31"}, "La fecha no es válida"),
    ({"fecha_limite": (demo_today() + timedelta(days=30)).isoformat()}, "posterior a la sesión"),
    ({"organo": ""}, "Elija el órgano"),
    ({"tipo": "urgente"}, "ordinaria o extraordinaria"),
    ({"hora": "10:00-12:00"}, "Indique la fecha y la hora"),  # an hour with a zone is not the ente's wall clock
    # Typed to mean «sin fecha»: the session's day was counted on a calendar for seconds, then a 500.
    ({"fecha": "9999-12-31"}, 'id="error-fecha">Revise el año de la fecha: no puede ser posterior al'),
    ({"fecha_limite": "9999-12-31"}, 'id="error-fecha_limite">Revise el año de la fecha: no puede ser posterior al'),
])
def test_bad_session_data_is_refused_in_spanish_and_nothing_is_planned(engine, sign_in, bodies, fields, message):
    client = sign_in("juridico")
    with reading(engine) as session:
        before = len(session.exec(select(BoardSession)).all())
    with reading(engine) as session:
        # A día hábil, as an ordinary session asks.
        day = calendar_for(session, bodies["CE"].organization_id, "sesiones").next_business_day(
            demo_today() + timedelta(days=20), include_same_day=True)
    values = {"organo": str(bodies["CE"].id), "tipo": "ordinaria", "fecha": day.isoformat(), "hora": "10:00",
              **fields}
    response = post(client, "/sesiones/nueva", values)
    assert response.status_code == 400
    assert message in response.text
    with reading(engine) as session:
        assert len(session.exec(select(BoardSession)).all()) == before


def saturday_after(day):
    return day + timedelta(days=(5 - day.weekday()) % 7)


def test_an_ordinary_session_too_near_to_convene_it_in_time_is_refused_beside_the_date(engine, sign_in, bodies):
    client = sign_in("juridico")
    with reading(engine) as session:
        calendar = calendar_for(session, bodies["CC"].organization_id, "sesiones")
        # The Comité Coordinador convenes 5 días naturales before: the next día hábil is too near.
        day = calendar.next_business_day(demo_today())
        earliest = planning.check_day(session, session.get(Board, bodies["CC"].id), SessionKind.ORDINARY, day,
                                      demo_today()).earliest
        before = len(session.exec(select(BoardSession)).all())
    response = post(client, "/sesiones/nueva", {"organo": str(bodies["CC"].id), "tipo": "ordinaria",
                                                "fecha": day.isoformat(), "hora": "10:00"})
    assert response.status_code == 400
    assert (f'<p class="error-campo" id="error-fecha">La convocatoria a una sesión ordinaria del Comité Coordinador '
            f"se envía con 5 días naturales de anticipación: para el {long_date(day)}") in response.text
    assert f"que ya pasó. La fecha más próxima posible es el {long_date(earliest)}." in response.text
    assert earliest > day and calendar.is_business_day(earliest)
    with reading(engine) as session:
        assert len(session.exec(select(BoardSession)).all()) == before


def test_an_ordinary_session_on_a_saturday_is_refused_and_an_extraordinary_one_is_planned_saying_so(
        engine, sign_in, bodies):
    client = sign_in("juridico")
    saturday = saturday_after(demo_today() + timedelta(days=30))
    values = {"organo": str(bodies["OG"].id), "fecha": saturday.isoformat(), "hora": "10:00"}
    hint = client.get("/sesiones/nueva/dia", params={"organo": values["organo"], "tipo": "ordinaria",
                                                     "fecha": values["fecha"]})
    assert hint.status_code == 200 and f"El {saturday:%d/%m/%Y} es inhábil (sábado); una sesión ordinaria" in hint.text
    refused = post(client, "/sesiones/nueva", {**values, "tipo": "ordinaria"})
    assert refused.status_code == 400
    assert f'id="error-fecha">El {saturday:%d/%m/%Y} es inhábil (sábado); una sesión ordinaria se celebra en día ' \
           "hábil." in refused.text
    hint = client.get("/sesiones/nueva/dia", params={"organo": values["organo"], "tipo": "extraordinaria",
                                                     "fecha": values["fecha"]})
    assert (f"El {saturday:%d/%m/%Y} es inhábil (sábado): una sesión extraordinaria puede celebrarse ese día "
            "cuando el asunto es urgente.") in hint.text
    planned = post(client, "/sesiones/nueva", {**values, "tipo": "extraordinaria"})
    assert planned.status_code == 303, planned.text
    assert "Se celebrará en día inhábil (sábado), como puede hacerlo una sesión extraordinaria urgente." in \
        client.get(planned.headers["location"]).text
    assert "Elija el órgano, el tipo y la fecha" in client.get("/sesiones/nueva/dia").text
    assert sign_in("enlace_da").get("/sesiones/nueva/dia").status_code == 403


def test_a_session_planned_through_the_page_before_one_still_planned_becomes_the_primera(engine, sign_in, bodies):
    client = sign_in("juridico")
    with reading(engine) as session:
        # The demo's Primera Sesión Extraordinaria of the Comité Coordinador, about twelve days ahead.
        demo_first = session.exec(select(BoardSession).where(BoardSession.board_id == bodies["CC"].id,
                                                             BoardSession.kind == SessionKind.EXTRAORDINARY)).one()
        earlier = local_day(session, demo_first) - timedelta(days=3)
    response = post(client, "/sesiones/nueva", {"organo": str(bodies["CC"].id), "tipo": "extraordinaria",
                                                "fecha": earlier.isoformat(), "hora": "10:00"})
    assert response.status_code == 303, response.text
    assert "Primera Sesión Extraordinaria del Comité Coordinador" in client.get(response.headers["location"]).text
    assert "Segunda Sesión Extraordinaria del Comité Coordinador" in client.get(f"/sesiones/{demo_first.id}").text
    # Its process's history says why its number changed.
    assert demo_first.instance_id is not None
    history = client.get(f"/procesos/{demo_first.instance_id}").text
    assert "Era la Primera Sesión Extraordinaria del Comité Coordinador; ahora es la Segunda" in history


def test_an_enlace_proposes_an_item_with_its_document_and_follows_its_status(engine, sign_in, demo, cc_session):
    client = sign_in("enlace_dri")
    listing = client.get("/sesiones")
    assert "Puntos de mi área" in listing.text and f"/sesiones/{cc_session.id}/puntos/nuevo" in listing.text
    assert client.get(f"/sesiones/{cc_session.id}/puntos/nuevo").status_code == 200
    response = post(client, f"/sesiones/{cc_session.id}/puntos/nuevo", {
        "area_id": str(demo.areas["DRI"].id), "titulo": "Matriz de riesgos de corrupción 2027", "tipo": "aprobacion",
        "acuerdo_propuesto": "Se aprueba la matriz de riesgos.", "areas_seguimiento": [str(demo.areas["DRI"].id)],
        "fecha_cumplimiento": (demo_today() + timedelta(days=90)).isoformat()},
        files={"documentos": ("matriz.pdf", PDF, "application/pdf")})
    assert response.status_code == 303, response.text
    item = item_titled(engine, "Matriz de riesgos de corrupción 2027")
    assert (item.status, item.followup_area_ids) == (ItemStatus.PROPOSED, [demo.areas["DRI"].id])
    with reading(engine) as session:
        [document] = session.exec(select(AgendaDocument).where(AgendaDocument.item_id == item.id)).all()
    mine = client.get("/sesiones")
    assert "Matriz de riesgos de corrupción 2027" in mine.text and "Propuesto" in mine.text
    page = client.get(f"/sesiones/{cc_session.id}")
    assert "Matriz de riesgos de corrupción 2027" in page.text and f"/archivos/{document.file_id}" in page.text
    # Another area's proposal is not shown to this enlace, nor are the actions of legal staff.
    assert "Propuesta de ajuste al presupuesto" not in page.text and "Aceptar" not in page.text
    assert client.get(f"/archivos/{document.file_id}").status_code == 200
    # Legal staff see it with its document.
    assert f"/archivos/{document.file_id}" in sign_in("juridico").get(f"/sesiones/{cc_session.id}").text


def test_an_acuerdos_fecha_de_cumplimiento_typed_to_mean_no_date_is_refused_beside_it(engine, sign_in, demo,
                                                                                      cc_session):
    response = post(sign_in("enlace_dri"), f"/sesiones/{cc_session.id}/puntos/nuevo", {
        "area_id": str(demo.areas["DRI"].id), "titulo": "Programa sin fecha", "tipo": "aprobacion",
        "acuerdo_propuesto": "Se aprueba el programa.", "areas_seguimiento": [str(demo.areas["DRI"].id)],
        "fecha_cumplimiento": "9999-12-31"})
    assert response.status_code == 400
    assert 'id="error-fecha_cumplimiento">Revise el año de la fecha: no puede ser posterior al' in response.text
    with reading(engine) as session:
        assert session.exec(select(AgendaItem).where(AgendaItem.title == "Programa sin fecha")).first() is None


def test_the_planning_forms_advice_on_a_day_typed_to_mean_no_date_answers_in_spanish(sign_in, bodies):
    hint = sign_in("juridico").get("/sesiones/nueva/dia", params={"organo": str(bodies["CC"].id),
                                                                  "tipo": "ordinaria", "fecha": "9999-12-31"})
    assert hint.status_code == 200
    assert hint.text.strip().startswith("Revise el año de la fecha: no puede ser posterior al ")


def test_an_enlace_may_not_propose_for_another_area(engine, sign_in, demo, cc_session):
    client = sign_in("enlace_dri")
    response = post(client, f"/sesiones/{cc_session.id}/puntos/nuevo", {
        "area_id": str(demo.areas["DA"].id), "titulo": "Punto ajeno", "tipo": "informativo"})
    assert response.status_code == 403
    with reading(engine) as session:
        assert session.exec(select(AgendaItem).where(AgendaItem.title == "Punto ajeno")).first() is None


def test_an_item_after_the_cutoff_is_refused_with_the_date_and_a_wrong_file_with_its_reason(engine, sign_in, demo,
                                                                                         bodies, juridico):
    with transaction(engine) as session:
        late = plan_session(session, juridico, session.get(Board, bodies["CE"].id), SessionKind.EXTRAORDINARY,
                            datetime.combine(demo_today() + timedelta(days=3), time(10)),
                            agenda_cutoff=demo_today() - timedelta(days=1))
    client = sign_in("enlace_da")
    values = {"area_id": str(demo.areas["DA"].id), "titulo": "Informe tardío", "tipo": "informativo"}
    response = post(client, f"/sesiones/{late.id}/puntos/nuevo", values)
    assert response.status_code == 400
    assert f"venció el {(demo_today() - timedelta(days=1)).strftime('%d/%m/%Y')}" in response.text
    assert "Proponer un punto" not in client.get(f"/sesiones/{late.id}").text
    wrong = post(client, f"/sesiones/{late.id}/puntos/nuevo", values,
                 files={"documentos": ("virus.exe", b"MZ", "application/octet-stream")})
    assert wrong.status_code == 400 and "No se aceptan archivos .exe" in wrong.text
    with reading(engine) as session:
        assert session.exec(select(AgendaItem).where(AgendaItem.title == "Informe tardío")).first() is None


def test_legal_staff_accept_merge_and_reorder_items_over_htmx(engine, sign_in, demo, cc_session):
    enlace = sign_in("enlace_dri")
    for title in ("Informe de riesgos", "Riesgos del presupuesto"):
        assert post(enlace, f"/sesiones/{cc_session.id}/puntos/nuevo", {
            "area_id": str(demo.areas["DRI"].id), "titulo": title, "tipo": "informativo"}).status_code == 303
    client = sign_in("juridico")
    budget = item_titled(engine, "Propuesta de ajuste al presupuesto de la Secretaría Ejecutiva")
    accepted = post(client, f"/sesiones/{cc_session.id}/puntos/{budget.id}/decision",
                    {"decision": "aceptar", "version": str(budget.version)}, headers=HTMX)
    assert accepted.status_code == 200 and accepted.text.lstrip().startswith('<section id="orden-del-dia"')
    risks, source = item_titled(engine, "Informe de riesgos"), item_titled(engine, "Riesgos del presupuesto")
    post(client, f"/sesiones/{cc_session.id}/puntos/{risks.id}/decision", {"decision": "aceptar",
                                                                        "version": str(risks.version)}, headers=HTMX)
    merged = post(client, f"/sesiones/{cc_session.id}/puntos/{source.id}/fusion",
                  {"destino": str(budget.id), "version": str(source.version)}, headers=HTMX)
    assert merged.status_code == 200
    assert item_titled(engine, "Riesgos del presupuesto").status == ItemStatus.MERGED
    titles = [i.title for i in items(engine, cc_session) if i.fixed is None]
    assert titles == ["Informe de avance del Programa Anual de Trabajo",
                      "Propuesta de ajuste al presupuesto de la Secretaría Ejecutiva", "Informe de riesgos"]
    risks = item_titled(engine, "Informe de riesgos")
    moved = post(client, f"/sesiones/{cc_session.id}/puntos/{risks.id}/mover",
                 {"direccion": "arriba", "version": str(risks.version)}, headers=HTMX)
    assert moved.status_code == 200
    assert [i.title for i in items(engine, cc_session) if i.fixed is None][1] == "Informe de riesgos"
    # Someone else's page still carries the old version: a conflict, and nothing moves.
    stale = post(client, f"/sesiones/{cc_session.id}/puntos/{risks.id}/mover",
                 {"direccion": "arriba", "version": str(risks.version)}, headers=HTMX)
    assert stale.status_code == 409
    assert "Otra persona modificó este punto" in stale.text and 'id="orden-del-dia"' in stale.text
    assert [i.title for i in items(engine, cc_session) if i.fixed is None][1] == "Informe de riesgos"
    # Without JavaScript the same form redirects back to the page.
    plain = post(client, f"/sesiones/{cc_session.id}/puntos/{risks.id}/mover",
                 {"direccion": "abajo", "version": str(item_titled(engine, "Informe de riesgos").version)})
    assert plain.status_code == 303


def test_only_legal_staff_decide_items(engine, sign_in, cc_session):
    budget = item_titled(engine, "Propuesta de ajuste al presupuesto de la Secretaría Ejecutiva")
    for username in ("enlace_da", "integrante"):
        response = post(sign_in(username), f"/sesiones/{cc_session.id}/puntos/{budget.id}/decision",
                        {"decision": "aceptar", "version": str(budget.version)})
        assert response.status_code == 403
    assert item_titled(engine, budget.title).status == ItemStatus.PROPOSED
    assert sign_in("enlace_da").get("/sesiones/nueva").status_code == 403


PROGRAM = "Informe de avance del Programa Anual de Trabajo"  # the demo's accepted item of the DA
REASON = "La Dirección de Administración lo presentará completo en la siguiente sesión."


def withdraw(client, session_id, item, reason=REASON, headers=HTMX):
    return post(client, f"/sesiones/{session_id}/puntos/{item.id}/retiro",
                {"motivo": reason, "version": str(item.version)}, headers=headers)


def test_the_proposing_areas_enlace_withdraws_its_accepted_item_and_the_page_keeps_it_with_its_reason(
        engine, sign_in, cc_session):
    client = sign_in("enlace_da")
    program = item_titled(engine, PROGRAM)
    assert f'action="/sesiones/{cc_session.id}/puntos/{program.id}/retiro"' in client.get(
        f"/sesiones/{cc_session.id}").text
    answer = withdraw(client, cc_session.id, program)
    assert answer.status_code == 200 and answer.text.lstrip().startswith('<section id="orden-del-dia"')
    assert f"Retirado del orden del día</span>: {REASON}" in answer.text
    assert item_titled(engine, PROGRAM).status == ItemStatus.WITHDRAWN
    assert PROGRAM not in [i.title for i in items(engine, cc_session)]


def test_legal_staff_withdraw_an_item_only_with_a_reason_and_from_a_page_still_current(engine, sign_in, cc_session):
    client = sign_in("juridico")
    program = item_titled(engine, PROGRAM)
    short = withdraw(client, cc_session.id, program, reason="No va")
    assert short.status_code == 400 and "Escriba el motivo del retiro (al menos 10 caracteres)" in short.text
    stale = withdraw(client, cc_session.id, program.model_copy(update={"version": program.version - 1}))
    assert stale.status_code == 409 and "Otra persona modificó este punto" in stale.text
    assert item_titled(engine, PROGRAM).status == ItemStatus.ACCEPTED
    # Without JavaScript the same form redirects back to the orden del día.
    plain = withdraw(client, cc_session.id, program, headers=None)
    assert plain.status_code == 303 and plain.headers["location"].endswith("#orden-del-dia")
    assert item_titled(engine, PROGRAM).withdrawn_reason == REASON


@pytest.mark.parametrize("username", ["enlace_dri", "integrante"])
def test_only_legal_staff_or_the_proposing_enlace_withdraw_an_item(engine, sign_in, cc_session, username):
    client = sign_in(username)
    program = item_titled(engine, PROGRAM)
    assert "/retiro" not in client.get(f"/sesiones/{cc_session.id}").text
    assert withdraw(client, cc_session.id, program).status_code == 403
    assert item_titled(engine, PROGRAM).status == ItemStatus.ACCEPTED


def test_a_member_reads_the_session_and_its_accepted_items_only(sign_in, cc_session):
    client = sign_in("integrante")
    page = client.get(f"/sesiones/{cc_session.id}")
    assert page.status_code == 200
    assert "Informe de avance del Programa Anual de Trabajo" in page.text
    assert "Propuesta de ajuste al presupuesto" not in page.text and "Aceptar" not in page.text
    assert "Proponer un punto" not in page.text
    assert "Programar una sesión" not in client.get("/sesiones").text


def test_anonymous_visitors_go_to_the_login(client, cc_session):
    for url in ("/sesiones", f"/sesiones/{cc_session.id}", "/sesiones/nueva"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code in (302, 303) and "/login" in response.headers["location"]


def test_another_organizations_session_does_not_exist(engine, sign_in, demo, cc_session):
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Otro ente", short_name="OTRO")
        session.add(other)
        session.flush()
        board = Board(organization_id=other.id, name="Comité Ajeno", short_name="CA")
        session.add(board)
        session.flush()
        foreign = BoardSession(organization_id=other.id, board_id=board.id, kind=SessionKind.ORDINARY, year=demo_today().year,
                               number=1, scheduled_at=datetime.combine(demo_today() + timedelta(days=5), time(16), UTC))
        session.add(foreign)
    budget = item_titled(engine, "Propuesta de ajuste al presupuesto de la Secretaría Ejecutiva")
    client = sign_in("juridico")
    assert client.get(f"/sesiones/{foreign.id}").status_code == 404
    assert client.get(f"/sesiones/{foreign.id}/puntos/nuevo").status_code == 404
    # An item of this organization addressed through the other's session is not found either.
    assert post(client, f"/sesiones/{foreign.id}/puntos/{budget.id}/decision",
                {"decision": "aceptar", "version": "1"}).status_code == 404
    assert "Comité Ajeno" not in client.get("/sesiones").text


def test_the_demo_bodies_are_seeded_once(engine, demo, bodies):
    with transaction(engine) as session:
        assert seed_boards(session, demo) == 0
    assert set(bodies) == {"CC", "OG", "CE", "CT"}
    assert bodies["CT"].transparency_committee
    assert bodies["OG"].qualified_matters == [{"materia": "Nombramiento del Secretario Técnico", "votos": 5}]


def test_the_demo_sessions_meet_and_close_their_items_on_dias_habiles(engine, demo, bodies):
    with reading(engine) as session:
        office = office_calendar(session, demo.organization.id)
        planned = session.exec(select(BoardSession)).all()
        days = [(to_local(s.scheduled_at, "America/Mexico_City").date(), s.agenda_cutoff,
                 latest_sending_day(session, session.get(Board, s.board_id), s.kind,
                                    to_local(s.scheduled_at, "America/Mexico_City").date())) for s in planned]
    assert len(days) == 5
    for day, cutoff, send_by in days:
        assert office.is_business_day(day) and office.is_business_day(cutoff) and demo_today() <= cutoff < day
        assert send_by >= demo_today()  # each convocatoria can still be sent in time


def test_legal_staff_see_the_sessions_documents_and_cancel_it_from_its_page(engine, demo, juridico, sign_in):
    with transaction(engine) as db:
        board = make_boards(db, demo)["CC"]
        board_session = plan_called(db, juridico, board, SessionKind.ORDINARY, datetime(2031, 6, 30, 10, 0), [])
        planned = plan_session(db, juridico, board, SessionKind.ORDINARY, datetime(2031, 9, 30, 10, 0))
    legal = sign_in("juridico")
    page = legal.get(f"/sesiones/{board_session.id}")
    assert f"/sesiones/{board_session.id}/descargas/convocatoria" in page.text and "Cancelar la sesión" in page.text
    # Only a session whose convocatoria has not gone out gives its number to the sessions after it.
    assert "su número queda libre" not in page.text
    assert "su número queda libre para las sesiones programadas después de ella" in \
        legal.get(f"/sesiones/{planned.id}").text
    assert "Cancelar la sesión" not in sign_in("enlace_da").get(f"/sesiones/{board_session.id}").text
    short = legal.post(f"/sesiones/{board_session.id}/cancelar", data={"motivo": "no", "version": board_session.version},
                       headers={"x-csrftoken": csrf_of(legal)})
    assert short.status_code == 400 and "al menos 10 caracteres" in short.text
    done = legal.post(f"/sesiones/{board_session.id}/cancelar",
                      data={"motivo": "La presidencia no podrá asistir.", "version": board_session.version},
                      headers={"x-csrftoken": csrf_of(legal)}, follow_redirects=False)
    assert done.status_code == 303
    assert "Sesión cancelada." in legal.get(done.headers["location"]).text
    with transaction(engine) as db:
        assert db.get(BoardSession, board_session.id).status == SessionStatus.CANCELLED


def test_the_convocatoria_is_a_term_in_mis_plazos_counted_back_from_the_session(engine, sign_in, cc_session):
    with reading(engine) as session:
        term = session.exec(select(Deadline).where(Deadline.subject_type == "sesion",
                                                   Deadline.subject_id == str(cc_session.id),
                                                   Deadline.kind == DeadlineKind.CONVOCATORIA)).one()
        latest = latest_sending_day(session, session.get(Board, cc_session.board_id), cc_session.kind,
                                    local_day(session, cc_session))
    assert term.due_on == latest
    client = sign_in("juridico")
    assert (f"Convocatoria a la Primera Sesión Ordinaria {cc_session.year} del Comité Coordinador"
            in client.get("/plazos").text)
    page = client.get(f"/plazos/{term.id}").text
    assert f'href="/sesiones/{cc_session.id}"' in page and "Ver la sesión" in page
    assert "Se cuenta hacia atrás desde" in page


def test_the_session_page_keeps_the_announced_cutoff_after_the_orden_del_dia_closes_early(
        engine, sign_in, demo, juridico, cc_session):
    from board_session_steps import complete
    from engine.documents import long_date
    from workflows.board_session.sessions import decide_item
    for proposal in items(engine, cc_session, ItemStatus.PROPOSED):
        with transaction(engine) as session:
            decide_item(session, juridico, session.get(AgendaItem, proposal.id), True, None)
    complete(engine, juridico, cc_session.instance_id, "prepare_agenda", {"confirmar": True})
    announced, today = cc_session.agenda_cutoff, demo_today()
    with reading(engine) as session:
        assert session.get(BoardSession, cc_session.id).agenda_cutoff == announced
    page = sign_in("juridico").get(f"/sesiones/{cc_session.id}")
    assert f"{long_date(announced)}; el orden del día se cerró el {long_date(today)}" in page.text
    enlace = sign_in("enlace_da")
    assert "Proponer un punto" not in enlace.get(f"/sesiones/{cc_session.id}").text
    refused = post(enlace, f"/sesiones/{cc_session.id}/puntos/nuevo",
                   {"area_id": str(demo.areas["DA"].id), "titulo": "Informe tardío", "tipo": "informativo"})
    assert refused.status_code == 400
    assert f"El orden del día se cerró el {long_date(today)}; solicite a la Dirección Jurídica" in refused.text
    assert "venció" not in refused.text


DEFERRED_TITLE = "Propuesta de Política Estatal Anticorrupción"


def held_with_a_deferred_item(engine, demo, juridico, enlace_area_a) -> tuple[BoardSession, AgendaItem]:
    """The CC's Primera Sesión Extraordinaria of 9 April 2021, held: the DA's item deferred, the rest voted."""
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        held = plan_called(db, juridico, cc, SessionKind.EXTRAORDINARY, datetime(2021, 4, 9, 10, 0))
        item = submit_item(db, juridico, held, title=DEFERRED_TITLE, kind=ItemKind.FOR_APPROVAL,
                           area_id=demo.areas["DA"].id, proposed_resolution="Se aprueba la Política Estatal.",
                           today=date(2021, 4, 1))
        item.submitted_by = enlace_area_a.user_id
        open_with_quorum(db, juridico, held)
        pending.defer_item(db, juridico, item, "Falta el dictamen de la Comisión Ejecutiva.", None)
        vote_item(db, juridico, next(i for i in items_of(db, held) if i.fixed == FixedItem.AGENDA))
        room.close_session(db, juridico, held, None)
        return held, item


def test_an_item_the_session_deferred_shows_so_and_juridica_passes_it_once_to_a_later_session(
        engine, demo, juridico, enlace_area_a, sign_in):
    held, item = held_with_a_deferred_item(engine, demo, juridico, enlace_area_a)
    with transaction(engine) as db:
        later = plan_session(db, juridico, db.get(Board, held.board_id), SessionKind.ORDINARY,
                             datetime(2021, 5, 14, 10, 0))
        other_body = plan_session(db, juridico, db.exec(select(Board).where(Board.short_name == "OG")).one(),
                                  SessionKind.ORDINARY, datetime(2021, 5, 14, 12, 0))
    client, enlace = sign_in("juridico"), sign_in("enlace_da")
    page = client.get(f"/sesiones/{held.id}").text
    point = page[page.index(f'id="punto-{item.id}"'):]
    point = point[:point.index("</li>")]
    assert '<span class="estado estado-diferido">Diferido</span>' in point
    assert "Motivo del diferimiento: Falta el dictamen de la Comisión Ejecutiva." in point
    assert (f'<option value="{later.id}">Primera Sesión Ordinaria del Comité Coordinador (14 de mayo de 2021)'
            "</option>") in point
    assert f'<option value="{other_body.id}">' not in point and "Órgano de Gobierno" not in point
    mine = enlace.get("/sesiones").text
    assert "Diferido" in mine and "Por pasar a una sesión posterior" in mine

    carry_url = f"/sesiones/{held.id}/puntos/{item.id}/trasladar"
    refused = post(client, carry_url, {"sesion": str(other_body.id), "version": str(item.version)}, headers=HTMX)
    assert refused.status_code == 400
    assert ("La Primera Sesión Ordinaria del Órgano de Gobierno es de otro órgano: el punto pasa a una sesión "
            "posterior del Comité Coordinador.") in refused.text
    assert post(enlace, carry_url, {"sesion": str(later.id)}, headers=HTMX).status_code == 403
    carried = post(client, carry_url, {"sesion": str(later.id), "version": str(item.version)}, headers=HTMX)
    assert carried.status_code == 200
    assert (f'Pasó a la <a href="/sesiones/{later.id}">Primera Sesión Ordinaria del Comité Coordinador</a> (14 de '
            "mayo de 2021).") in carried.text
    twice = post(client, carry_url, {"sesion": str(later.id), "version": str(item.version)}, headers=HTMX)
    assert twice.status_code == 400 and "Este punto ya pasó a la Primera Sesión Ordinaria" in twice.text
    [new] = [i for i in items(engine, later) if i.fixed is None]
    assert (new.title, new.area_id, new.carried_from_id) == (DEFERRED_TITLE, demo.areas["DA"].id, item.id)
    assert items(engine, other_body) == [i for i in items(engine, other_body) if i.fixed is not None]
    later_page = client.get(f"/sesiones/{later.id}").text
    assert (f'Viene de la <a href="/sesiones/{held.id}">Primera Sesión Extraordinaria del Comité Coordinador</a> (9 '
            "de abril de 2021), donde se difirió.") in later_page
    mine = enlace.get("/sesiones").text
    assert (f'Pasó a la <a href="/sesiones/{later.id}">Primera Sesión Ordinaria del Comité Coordinador</a> (14 de '
            "mayo de 2021)") in mine


def test_the_items_of_a_session_without_quorum_show_they_were_not_desahogados_and_how_to_carry_them(
        engine, demo, juridico, sign_in):
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        no_quorum = plan_called(db, juridico, cc, SessionKind.EXTRAORDINARY, datetime(2021, 4, 9, 10, 0))
        item = submit_item(db, juridico, no_quorum, title=DEFERRED_TITLE, kind=ItemKind.INFORMATIVE, area_id=None,
                           today=date(2021, 4, 1))
        room.open_session(db, juridico, no_quorum, None)
        room.record_no_quorum(db, juridico, no_quorum, None)
    page = sign_in("juridico").get(f"/sesiones/{no_quorum.id}").text
    point = page[page.index(f'id="punto-{item.id}"'):]
    point = point[:point.index("</li>")]
    assert ('<span class="estado estado-pendiente_sin_quorum">No desahogado: la sesión no reunió quórum</span>'
            in point)
    # No later session of the body is open for items yet.
    assert ("Para desahogarlo, programe una sesión posterior de este órgano: aquí podrá pasarlo a ella mientras su "
            "orden del día siga abierto.") in point
    assert "/trasladar" not in point
