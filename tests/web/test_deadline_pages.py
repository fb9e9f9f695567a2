"""A deadline's page (explanation, skipped days, history, its subject) and Mis plazos, per role."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlmodel import select

from engine import deadlines
from engine.accounts import Role, actor_for, create_user
from engine.alert_policy import AlertPolicy
from engine.db import reading, transaction
from engine.deadlines import Deadline, DeadlineKind
from engine.legal_calendar import calendar_for
from engine.tenancy import Organization
from tests.access_request_steps import file_request, request_of
from tests.today import demo_today
from tests.web.test_correspondence_pages import register as register_document
from workflows.demo import DEMO_PASSWORD

MX = ZoneInfo("America/Mexico_City")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=MX).astimezone(UTC)


def open_deadline(engine, actor, title="Respuesta a la solicitud 0001/2026", received: date | None = None, area=None,
                  user=None, kind=DeadlineKind.RESPUESTA, subject_type="solicitud", subject_id=1) -> Deadline:
    with transaction(engine) as session:
        return deadlines.open_deadline(session, actor, subject_type=subject_type, subject_id=subject_id, kind=kind,
                                       procedure="acceso", rule_key="respuesta", title=title,
                                       received_at=at(received or demo_today()), responsible_area_id=area.id if area else None,
                                       responsible_user_id=user.id if user else None)


@pytest.fixture
def to_da(engine, demo, transparencia) -> Deadline:
    """A response the Dirección de Administración must prepare, filed before 2 February 2026."""
    return open_deadline(engine, transparencia, "Respuesta a la solicitud 0001/2026", date(2026, 1, 30),
                         area=demo.areas["DA"])


# -- the deadline page -------------------------------------------------------------------------


def test_the_page_explains_the_term_with_each_skipped_day_and_its_reason(sign_in, to_da):
    page = sign_in("transparencia").get(f"/plazos/{to_da.id}")
    assert page.status_code == 200
    text = page.text
    assert "Respuesta a la solicitud 0001/2026" in text
    # Due on 2 March 2026 and never swept here: past its due moment, it reads «Vencido», not «En curso».
    assert "Respuesta" in text and "Vencido" in text and "En curso" not in text
    assert "20 días hábiles (LGTAIP 2025, art. 134)" in text
    assert "Ley General de Transparencia y Acceso a la Información Pública (2025)" in text
    assert "martes 3 de febrero de 2026" in text  # counted from
    assert "lunes 2 de marzo de 2026" in text  # due
    assert "Día de la Constitución (LFT art. 74)" in text
    assert "Dirección de Administración" in text


def test_the_page_shows_the_rules_note_for_staff_apart_from_its_legal_basis(engine, sign_in, demo, transparencia):
    # Colombia's requester has a month to complete a petición, which they may ask to extend by another:
    # the basis is the citation documents print, the extension is the note staff read.
    with transaction(engine) as session:
        term = deadlines.open_deadline(session, transparencia, subject_type="solicitud", subject_id=1,
                                       kind=DeadlineKind.DESAHOGO, procedure="acceso", rule_key="desahogo",
                                       title="Desahogo del requerimiento", starts_after=date(2026, 4, 10),
                                       rule_set_code="CO-1755", responsible_area_id=demo.areas["DA"].id)
    assert term.basis == "Ley 1755 de 2015, art. 17"
    text = sign_in("transparencia").get(f"/plazos/{term.id}").text
    assert "<dt>Fundamento legal</dt><dd>Ley 1755 de 2015, art. 17</dd>" in text
    assert "<dt>Nota</dt><dd>Prorrogable un mes a solicitud del peticionario.</dd>" in text
    # A rule without a note shows none.
    assert "<dt>Nota</dt>" not in sign_in("transparencia").get(
        f"/plazos/{open_deadline(engine, transparencia, area=demo.areas['DA']).id}").text


def test_the_history_shows_each_change_with_both_dates_reason_and_who(engine, sign_in, transparencia, to_da):
    with transaction(engine) as session:
        deadline = session.get(Deadline, to_da.id)
        deadlines.extend(session, transparencia, deadline, date(2026, 2, 20), "Resolución CT/005/2026")
    text = sign_in("transparencia").get(f"/plazos/{to_da.id}").text
    assert "Apertura" in text and "Ampliación" in text
    assert "02/03/2026 → 17/03/2026" in text
    assert "Resolución CT/005/2026" in text
    assert "Luis Alberto Pérez Soto" in text


def test_days_left_are_business_days_on_the_deadlines_calendar(engine, sign_in, demo, transparencia):
    deadline = open_deadline(engine, transparencia, "Plazo de hoy", demo_today(), area=demo.areas["DA"])
    with reading(engine) as session:
        calendar = calendar_for(session, demo.organization.id, "acceso")
        # Filed today: on a weekend (or after hours) it counts from a later día hábil, and the days before don't count.
        left = deadlines.business_days_left(calendar, deadline, demo_today())
    text = sign_in("enlace_da").get(f"/plazos/{deadline.id}").text
    assert f"{left} días hábiles" in text


def test_on_a_saturday_a_term_due_on_friday_reads_it_ended_on_friday_not_today(engine, sign_in, demo, oficialia,
                                                                                monkeypatch):
    with transaction(engine) as session:
        friday = deadlines.open_deadline(session, oficialia, subject_type="correspondencia", subject_id="OP-2026-000001",
                                         kind=DeadlineKind.TURNO_CORRESPONDENCIA, procedure="correspondencia",
                                         rule_key="turnado_interno", title="OP-2026-000001 turnado",
                                         starts_after=date(2026, 11, 20), responsible_area_id=demo.areas["DA"].id)
    assert friday.due_on == date(2026, 11, 27)
    monkeypatch.setattr("web.routes.deadlines.utcnow", lambda: at(date(2026, 11, 28), 12))
    client = sign_in("enlace_da")
    listed = client.get("/plazos").text
    row = listed[listed.rfind("<tr", 0, listed.find("OP-2026-000001 turnado")):]
    assert row.startswith('<tr class="plazo-vencida"') and "Venció el viernes" in row[:600]
    page = client.get(f"/plazos/{friday.id}").text
    assert "Venció el viernes" in page and "Venció hoy" not in page


def test_a_correspondence_deadline_links_to_its_document(engine, sign_in, demo, oficialia):
    item = register_document(engine, oficialia)
    deadline = open_deadline(engine, oficialia, f"{item.folio} turnado", subject_type="correspondencia",
                             subject_id=item.folio, kind=DeadlineKind.TURNO_CORRESPONDENCIA, area=demo.areas["DA"])
    text = sign_in("enlace_da").get(f"/plazos/{deadline.id}").text
    assert f'href="/correspondencia/{item.id}"' in text
    assert f"Correspondencia {item.folio}" in text


def test_a_request_deadline_links_to_the_request(engine, sign_in, transparencia):
    instance = file_request(engine, transparencia)
    request = request_of(engine, instance.id)
    text = sign_in("transparencia").get(f"/plazos/{request.response_deadline_id}").text
    assert f'href="/solicitudes/{request.id}"' in text and f"Solicitud {request.folio}" in text


@pytest.mark.parametrize("username,status", [
    ("admin", 200), ("transparencia", 200), ("juridico", 200), ("oficialia", 200),
    ("enlace_da", 200), ("enlace_dri", 403), ("integrante", 403),
])
def test_who_may_open_a_deadline_of_the_dirección_de_administración(sign_in, to_da, username, status):
    response = sign_in(username).get(f"/plazos/{to_da.id}")
    assert response.status_code == status
    if status == 403:
        assert "Respuesta a la solicitud 0001/2026" not in response.text
        assert "corresponde a otra área" in response.text


def test_the_person_responsible_may_open_it_whatever_their_area(engine, sign_in, demo, transparencia):
    deadline = open_deadline(engine, transparencia, "Plazo de la integrante", user=demo.users["integrante"])
    assert sign_in("integrante").get(f"/plazos/{deadline.id}").status_code == 200
    assert sign_in("enlace_da").get(f"/plazos/{deadline.id}").status_code == 403


def test_a_deadline_of_another_organization_does_not_exist(engine, sign_in):
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Otro ente", short_name="OTRO")
        session.add(other)
        session.flush()
        stranger = actor_for(session, create_user(session, other.id, "ajeno", "Persona Ajena", "ajeno@otro.example",
                                                  DEMO_PASSWORD, [(Role.TRANSPARENCIA, None)]))
    foreign = open_deadline(engine, stranger, "Plazo ajeno")
    response = sign_in("admin").get(f"/plazos/{foreign.id}")
    assert response.status_code == 404
    assert "Plazo ajeno" not in response.text
    assert sign_in("admin").get("/plazos/999999").status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, to_da):
    response = client.get(f"/plazos/{to_da.id}", follow_redirects=False)
    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/login")


# -- Mis plazos ---------------------------------------------------------------------------------


@pytest.fixture
def several(engine, demo, transparencia):
    """One overdue for DA, one on time for DRI, one due soon for the integrante, one met for DA."""
    overdue = open_deadline(engine, transparencia, "Vencido de Administración", demo_today() - timedelta(days=60),
                            area=demo.areas["DA"])
    on_time = open_deadline(engine, transparencia, "A tiempo de Riesgos", demo_today(), area=demo.areas["DRI"])
    personal = open_deadline(engine, transparencia, "Aviso de la integrante", demo_today() - timedelta(days=21),
                             user=demo.users["integrante"], kind=DeadlineKind.INCOMPETENCIA)
    met = open_deadline(engine, transparencia, "Cumplido de Administración", demo_today(), area=demo.areas["DA"])
    with transaction(engine) as session:
        deadlines.close(session, transparencia, session.get(Deadline, met.id), "Respuesta enviada")
    return {"overdue": overdue, "on_time": on_time, "personal": personal, "met": met}


def titles_in(html: str, deadlines_by_name: dict) -> list[str]:
    """The fixture's deadlines listed in the page, in the order they appear."""
    found = [(html.find(d.title), d.title) for d in deadlines_by_name.values() if d.title in html]
    return [title for _, title in sorted(found)]


EVERY_LIVE_ONE = ["Vencido de Administración", "Aviso de la integrante", "A tiempo de Riesgos"]


def test_the_unidad_and_the_administration_see_every_live_request_term_sorted_by_due_day(sign_in, several):
    for username in ("transparencia", "admin"):
        page = sign_in(username).get("/plazos")
        assert page.status_code == 200
        assert titles_in(page.text, several) == EVERY_LIVE_ONE, username


def test_an_office_sees_the_kinds_whose_alerts_reach_it_and_everything_when_it_asks(engine, demo, sign_in, several,
                                                                                   transparencia):
    turn = open_deadline(engine, transparencia, "Turno de un oficio", kind=DeadlineKind.TURNO_CORRESPONDENCIA,
                         area=demo.areas["DA"])
    call = open_deadline(engine, transparencia, "Convocatoria del Comité", kind=DeadlineKind.CONVOCATORIA)
    mine = {**several, "turn": turn, "call": call}
    oficialia, juridico = sign_in("oficialia"), sign_in("juridico")
    assert titles_in(oficialia.get("/plazos").text, mine) == ["Turno de un oficio"]
    assert titles_in(juridico.get("/plazos").text, mine) == ["Convocatoria del Comité"]
    assert "Turno de un oficio" not in sign_in("transparencia").get("/plazos").text
    everything = juridico.get("/plazos?ver=todos").text
    assert set(titles_in(everything, mine)) == set(EVERY_LIVE_ONE + ["Turno de un oficio", "Convocatoria del Comité"])
    assert "Todos los plazos de la institución" in everything


def test_an_office_follows_a_kind_once_administration_sends_it_that_kinds_alerts(engine, demo, sign_in, several):
    with transaction(engine) as session:
        session.add(AlertPolicy(organization_id=demo.organization.id, kind=DeadlineKind.INCOMPETENCIA,
                                recipients="responsable,juridico"))
    page = sign_in("juridico").get("/plazos").text
    assert titles_in(page, several) == ["Aviso de la integrante"]
    assert "Aviso de incompetencia" in page[:page.find("<table")]  # the help names the kinds it follows


@pytest.mark.parametrize("username,expected", [
    ("enlace_da", ["Vencido de Administración"]),
    ("enlace_dri", ["A tiempo de Riesgos"]),
    ("integrante", ["Aviso de la integrante"]),
])
def test_others_see_only_the_deadlines_of_their_areas_or_their_own(sign_in, several, username, expected):
    assert titles_in(sign_in(username).get("/plazos").text, several) == expected


def test_each_row_is_coloured_by_how_much_time_is_left(sign_in, several):
    text = sign_in("transparencia").get("/plazos").text
    overdue_row = text[text.rfind("<tr", 0, text.find("Vencido de Administración")):]
    assert overdue_row.startswith('<tr class="plazo-vencida"') and "Vencido hace" in overdue_row[:600]
    on_time_row = text[text.rfind("<tr", 0, text.find("A tiempo de Riesgos")):]
    assert on_time_row.startswith('<tr class="plazo-a_tiempo"')


def test_filters_by_status_and_kind(sign_in, several):
    client = sign_in("transparencia")
    assert titles_in(client.get("/plazos?estado=cumplido").text, several) == ["Cumplido de Administración"]
    assert titles_in(client.get("/plazos?tipo=incompetencia").text, several) == ["Aviso de la integrante"]
    assert titles_in(client.get("/plazos?estado=bogus&tipo=bogus").text, several) == [
        "Vencido de Administración", "Aviso de la integrante", "A tiempo de Riesgos"]


def test_a_requesters_window_to_appeal_that_lapsed_leaves_mis_plazos_but_the_bodys_compliance_term_stays(
        engine, demo, sign_in, transparencia):
    user = demo.users["transparencia"]
    with transaction(engine) as session:
        for rule_key, title in (("recurso", "Plazo para interponer el recurso"),
                                ("resolucion_recurso", "Cumplimiento de la resolución")):
            deadline = deadlines.open_deadline(
                session, transparencia, subject_type="solicitud", subject_id=1, kind=DeadlineKind.RECURSO,
                procedure="acceso", rule_key=rule_key, title=title, starts_after=date(2026, 1, 5), days=10,
                responsible_user_id=user.id)
            deadline.status = deadlines.DeadlineStatus.MISSED  # as the sweep leaves it after its last day
    client = sign_in("transparencia")
    listed = client.get("/plazos").text
    assert "Cumplimiento de la resolución" in listed
    assert "Plazo para interponer el recurso" not in listed
    assert "Plazo para interponer el recurso" in client.get("/plazos?estado=vencido").text


def test_a_filter_change_over_htmx_swaps_only_the_table(sign_in, several):
    response = sign_in("enlace_da").get("/plazos?estado=cumplido",
                                        headers={"HX-Request": "true", "HX-Target": "tabla-plazos"})
    assert response.text.lstrip().startswith('<div id="tabla-plazos"')
    assert "<html" not in response.text
    assert titles_in(response.text, several) == ["Cumplido de Administración"]


def test_the_menu_links_mis_plazos_and_the_calculadora(sign_in):
    text = sign_in("enlace_da").get("/plazos").text
    assert 'href="/plazos"' in text and 'href="/calculadora"' in text


# -- Mis plazos in the person's own calendar ----------------------------------------------------


def feed_address(client) -> str:
    page = client.post("/plazos/calendario", data={"_csrf_token": client.cookies["csrftoken"]})
    assert page.status_code == 200 and "no se vuelve a mostrar" in page.text
    url = re.search(r'class="direccion-calendario" value="([^"]+)"', page.text).group(1)
    assert url.startswith("http://127.0.0.1:8000/plazos/calendario/")
    return url.removeprefix("http://127.0.0.1:8000")


def events_of_feed(client, path: str) -> dict[str, date]:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event.decoded("dtstart") for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize("username,expected", [
    ("transparencia", EVERY_LIVE_ONE),
    ("enlace_da", ["Vencido de Administración"]),
    ("integrante", ["Aviso de la integrante"]),
])
def test_the_calendar_feed_has_what_mis_plazos_lists_on_each_due_day(sign_in, client, several, username, expected):
    path = feed_address(sign_in(username))
    events = events_of_feed(client, path)  # a calendar program: no session
    assert sorted(events) == sorted(f"Vence: {title}" for title in expected)
    by_title = {d.title: d for d in several.values()}
    assert all(events[f"Vence: {title}"] == by_title[title].due_on for title in expected)


def test_a_new_address_retires_the_old_one_and_retiring_leaves_none(sign_in, client, several):
    person = sign_in("enlace_da")
    first = feed_address(person)
    second = feed_address(person)
    assert client.get(first).status_code == 404
    assert "Pedir una dirección nueva" in person.get("/plazos").text
    assert person.post("/plazos/calendario/retirar", data={"_csrf_token": person.cookies["csrftoken"]},
                       follow_redirects=False).status_code == 303
    assert client.get(second).status_code == 404
    assert "Obtener la dirección" in person.get("/plazos").text


def test_the_feed_of_a_deactivated_person_stops_and_a_made_up_address_does_not_exist(engine, sign_in, client,
                                                                                      demo, several):
    path = feed_address(sign_in("enlace_da"))
    with transaction(engine) as session:
        session.get(type(demo.users["enlace_da"]), demo.users["enlace_da"].id).active = False
    assert client.get(path).status_code == 404
    assert client.get("/plazos/calendario/inventada").status_code == 404


def test_the_feed_of_a_request_names_its_folio_not_what_it_asks_nor_who_asked(engine, sign_in, client, transparencia):
    filed = request_of(engine, file_request(engine, transparencia).id)
    text = client.get(feed_address(sign_in("transparencia"))).text
    assert filed.folio in text
    assert "arrendamiento" not in text and filed.requester_name == "María López Hernández"
    assert "María" not in text and "maria@example.org" not in text


def test_the_unidads_windows_of_a_request_are_in_mis_plazos_by_their_kind_and_in_the_calendar_feed(
        engine, sign_in, client, transparencia):
    folio = request_of(engine, file_request(engine, transparencia, fecha_recepcion=demo_today().isoformat(),
                                            hora_recepcion="10:00").id).folio
    person = sign_in("transparencia")
    for kind, title in (("prevencion", "Emisión de la prevención"), ("incompetencia", "Aviso de incompetencia"),
                        ("informacion_publica", "Orientación a información ya publicada")):
        listed = person.get(f"/plazos?tipo={kind}").text
        assert f"{title} · {folio}" in listed and f"Respuesta a la solicitud {folio}" not in listed
    events = events_of_feed(client, feed_address(person))
    with reading(engine) as session:
        windows = session.exec(select(Deadline).where(Deadline.subject_id == folio)).all()
    assert {f"Vence: {window.title}": window.due_on for window in windows} == events


def test_an_option_of_the_unidad_that_lapsed_leaves_mis_plazos_as_a_requesters_term_does(
        engine, demo, sign_in, transparencia):
    with transaction(engine) as session:
        window = deadlines.open_deadline(
            session, transparencia, subject_type="solicitud", subject_id=1, kind=DeadlineKind.PREVENCION,
            procedure="acceso", rule_key="prevencion", title="Emisión de la prevención · SAI-2026-00001",
            starts_after=date(2026, 1, 5), responsible_user_id=demo.users["transparencia"].id)
        window.status = deadlines.DeadlineStatus.MISSED  # as the sweep leaves it after its last day
    client = sign_in("transparencia")
    assert "Emisión de la prevención" not in client.get("/plazos").text
    lapsed = client.get("/plazos?estado=vencido").text
    assert "Emisión de la prevención" in lapsed and "Transcurrido" in lapsed


def test_a_turn_given_after_the_legal_due_day_says_when_it_was_turned_not_a_start_after_its_end(
        engine, sign_in, demo, transparencia, to_da):
    with transaction(engine) as session:
        legal = session.get(Deadline, to_da.id)  # due Monday 2 March 2026
        late = deadlines.open_deadline(session, transparencia, subject_type="solicitud", subject_id=1,
                                       kind=DeadlineKind.TURNADO_INTERNO, procedure="acceso",
                                       rule_key="turnado_interno", title="Respuesta del área",
                                       received_at=at(date(2026, 3, 3)), parent=legal,
                                       responsible_area_id=demo.areas["DA"].id)
    text = sign_in("transparencia").get(f"/plazos/{late.id}").text
    assert "Se cuenta desde" not in text
    assert "martes 3 de marzo de 2026 (10:00), el día del vencimiento legal o después: vence con él" in text
    assert "<strong>lunes 2 de marzo de 2026</strong>" in text


def test_a_turn_given_after_hours_after_the_legal_due_day_says_its_real_moment_and_skips_no_day(
        engine, sign_in, demo, transparencia):
    legal = open_deadline(engine, transparencia, received=date(2026, 10, 28))
    assert legal.due_on == date(2026, 11, 26)  # Thursday
    with transaction(engine) as session:
        late = deadlines.open_deadline(session, transparencia, subject_type="solicitud", subject_id=1,
                                       kind=DeadlineKind.TURNADO_INTERNO, procedure="acceso",
                                       rule_key="turnado_interno", title="Respuesta del área",
                                       received_at=datetime(2026, 11, 27, 19, 59, tzinfo=MX),  # Friday, after hours
                                       parent=session.get(Deadline, legal.id), responsible_area_id=demo.areas["DA"].id)
    text = sign_in("transparencia").get(f"/plazos/{late.id}").text
    assert ("viernes 27 de noviembre de 2026 (19:59), que se tiene por turnado el lunes 30 de noviembre de 2026, "
            "el día del vencimiento legal o después: vence con él") in text
    assert "<strong>jueves 26 de noviembre de 2026</strong>" in text
    # The weekend after the turn lies after the term's end: no day of the term was skipped.
    assert "Días que no se contaron" not in text and "28 de noviembre" not in text
    assert "Ningún día inhábil dentro del plazo." in text


def test_a_term_in_dias_naturales_does_not_say_the_weekend_went_uncounted_only_that_its_due_day_moved(
        engine, sign_in, admin, transparencia):
    from engine.business_calendar import Unit
    from engine.rule_sets import Procedure
    with transaction(engine) as session:
        # 5 días naturales before Friday 18 December 2026: Sunday 13, so Friday 11 (back over 12 and 13).
        convocatoria = deadlines.open_deadline(
            session, admin, subject_type="sesion", subject_id=1, kind=DeadlineKind.CONVOCATORIA,
            procedure=Procedure.SESIONES, rule_key="convocatoria_ordinaria", title="Convocatoria a la sesión",
            starts_after=date(2026, 12, 1), days=5, unit=Unit.CALENDAR_DAYS, ends_before=date(2026, 12, 18),
            basis="Reglas de sesiones: Comité Coordinador")
        # 30 días naturales from 13 November 2026 end on Sunday 13 December: due Monday 14.
        upload = deadlines.open_deadline(session, transparencia, subject_type="obligacion", subject_id=1,
                                         kind=DeadlineKind.RESPUESTA, procedure="acceso",
                                         rule_key="carga_trimestral", title="Carga del tercer trimestre",
                                         starts_after=date(2026, 11, 13))
    assert (convocatoria.due_on, upload.due_on) == (date(2026, 12, 11), date(2026, 12, 14))
    back = sign_in("admin").get(f"/plazos/{convocatoria.id}").text
    assert "Días que no se contaron" not in back
    assert "Días inhábiles por los que el vencimiento pasó al día hábil anterior" in back
    assert "12 de diciembre de 2026" in back and "13 de diciembre de 2026" in back
    # A weekend day reads as the weekly rest, not its own name twice («domingo | domingo»).
    assert "<td>domingo</td><td>Descanso semanal</td>" in " ".join(back.split()).replace("> <", "><")
    forward = sign_in("admin").get(f"/plazos/{upload.id}").text
    assert "Días que no se contaron" not in forward and "No cuentan" not in forward
    assert "Días inhábiles por los que el vencimiento pasó al siguiente día hábil" in forward
    assert "vence el 14 de diciembre de 2026, día hábil siguiente al 13 de diciembre de 2026, inhábil (domingo)." \
        in forward


def test_a_convocatoria_in_dias_habiles_lists_the_dia_inhabil_it_counted_back_over(engine, sign_in, admin):
    from engine.business_calendar import Unit
    from engine.calendar_overlay import declare_non_working
    from engine.rule_sets import Procedure
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 12, 2), date(2026, 12, 2), "Aniversario del ente",
                            "Acuerdo 12/2026")
        # 3 días hábiles before Thursday 3 December 2026, over the 2nd and the weekend: Friday 27 November.
        convocatoria = deadlines.open_deadline(
            session, admin, subject_type="sesion", subject_id=1, kind=DeadlineKind.CONVOCATORIA,
            procedure=Procedure.SESIONES, rule_key="convocatoria_ordinaria", title="Convocatoria a la sesión",
            starts_after=date(2026, 11, 20), days=3, unit=Unit.BUSINESS_DAYS, ends_before=date(2026, 12, 3),
            basis="Reglas de sesiones: Comité de Transparencia")
    assert convocatoria.due_on == date(2026, 11, 27)
    page = " ".join(sign_in("admin").get(f"/plazos/{convocatoria.id}").text.split())
    assert ("3 días hábiles antes del 3 de diciembre de 2026 (Reglas de sesiones: Comité de Transparencia): vence el "
            "27 de noviembre de 2026. Además de los sábados y domingos, no cuentan: 2 de diciembre de 2026 "
            "(Aniversario del ente — Acuerdo 12/2026).") in page
    assert "Días que no se contaron" in page and "Ningún día inhábil dentro del plazo" not in page
    assert "<td>miércoles</td><td>Aniversario del ente — Acuerdo 12/2026</td>" in page.replace("> <", "><")


def admin_posts(admin, url: str, data: dict):
    return admin.post(url, data={**data, "_csrf_token": admin.cookies["csrftoken"]}, follow_redirects=False)


def test_a_password_reset_retires_the_feeds_address_and_tells_the_administrator(sign_in, client, several, demo):
    path = feed_address(sign_in("enlace_da"))
    admin = sign_in("admin")
    reset = admin_posts(admin, f"/admin/usuarios/{demo.users['enlace_da'].id}/contrasena",
                        {"contrasena": "nueva-clave-2026", "confirmacion": "nueva-clave-2026"})
    assert reset.status_code == 200
    assert "La dirección de su calendario de plazos dejó de funcionar" in reset.text
    # Whoever took the account may have copied the address: it needs no session, so it goes too.
    assert client.get(path).status_code == 404


def test_a_reactivated_person_does_not_get_the_old_feeds_address_back(sign_in, client, several, demo):
    path = feed_address(sign_in("enlace_da"))
    admin, user_id = sign_in("admin"), demo.users["enlace_da"].id
    # No task of the demo is open in the area, so nothing stops the deactivation.
    deactivated = admin_posts(admin, f"/admin/usuarios/{user_id}/desactivar", {})
    assert deactivated.status_code == 303, deactivated.text
    assert admin_posts(admin, f"/admin/usuarios/{user_id}/activar", {}).status_code == 303
    assert client.get(path).status_code == 404
