"""Request pages: the list per role with its filters, exports and saved filters; detail; registration; consulta."""

import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from engine.calendar_overlay import declare_suspension
from engine.clock import DEFAULT_TIMEZONE
from engine.db import reading, transaction
from engine.deadlines import Deadline, DeadlineKind
from engine.documents import long_date
from engine.files import StoredFile
from engine.legal_calendar import SuspensionScope
from engine.processes import OpenTask, ProcessInstance
from engine.tenancy import Organization
from engine.timers import fire_due_timers
from tests.access_request_steps import (complete, file_request, later, request_of, response_of, task_named, tasks,
                                        turn)
from tests.arco_request_steps import file_arco
from tests.document_checks import assert_workbook_described
from tests.correspondence_steps import item_of, register_document, turn_document
from tests.request_rows import HOLDER, REQUESTER, add_request, turn_to
from tests.today import demo_today, demo_workday
from tests.web.conftest import csrf_of, hidden_value, sent_at_once
from workflows.access_request import handlers
from workflows.access_request.models import RequestKind, RequestStatus, SavedFilter, TransparencyRequest
from workflows.correspondence.models import Turn, TurnStatus

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DESCRIPTION = "Solicito los contratos de arrendamiento vigentes y sus anexos."


@pytest.fixture
def two_requests(engine, demo, transparencia):
    """An access request turned to DA, an ARCO request with the holder's data turned to DRI."""
    with transaction(engine) as session:
        access = add_request(session, transparencia, received_at=datetime.now(UTC) - timedelta(days=3))
        arco = add_request(session, transparencia, kind=RequestKind.ARCO, holder=HOLDER,
                           received_at=datetime.now(UTC) - timedelta(days=1),
                           description="Acceso a mi expediente clínico del servicio médico")
        turn_to(session, transparencia, access, demo.areas["DA"].id)
        turn_to(session, transparencia, arco, demo.areas["DRI"].id)
        return session.get(TransparencyRequest, access.id), session.get(TransparencyRequest, arco.id)


@pytest.fixture
def in_process(engine, demo, transparencia, monkeypatch):
    """A request registered through the process today and turned to DA."""
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    instance = file_request(engine, transparencia, fecha_recepcion=demo_today().isoformat(), hora_recepcion="09:00")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    return request_of(engine, instance.id)


# -- list ----------------------------------------------------------------------------------------


def test_the_unidad_lists_every_request_with_its_days_left_and_personal_data(two_requests, sign_in):
    access, arco = two_requests
    page = sign_in("transparencia").get("/solicitudes")
    assert page.status_code == 200
    assert f'href="/solicitudes/{access.id}"' in page.text and f'href="/solicitudes/{arco.id}"' in page.text
    assert "<th scope=\"col\">Plazo</th>" in page.text and "días hábiles</span>" in page.text
    assert "etiqueta etiqueta-a_tiempo" in page.text
    assert HOLDER in page.text and 'href="/solicitudes/nueva"' in page.text
    # The due-date order says what it does with answered requests (they have no running term).
    assert '<option value="vencimiento" selected>Vencimiento (primero las que están en trámite)</option>' in page.text


def test_the_comite_lists_every_request_without_personal_data(two_requests, sign_in):
    access, arco = two_requests
    page = sign_in("comite").get("/solicitudes")
    assert page.status_code == 200
    assert access.folio in page.text and arco.folio in page.text
    assert HOLDER not in page.text and REQUESTER not in page.text and "expediente clínico" not in page.text
    assert 'href="/solicitudes/nueva"' not in page.text


def test_an_enlace_lists_only_what_was_turned_to_its_area(two_requests, sign_in):
    access, arco = two_requests
    client = sign_in("enlace_da")
    page = client.get("/solicitudes")
    assert access.folio in page.text and arco.folio not in page.text
    # Who asks for public information is no part of finding it: the area does not learn it.
    assert REQUESTER not in page.text
    detail = client.get(f"/solicitudes/{access.id}").text
    assert REQUESTER not in detail and "Dato personal reservado" in detail
    export = client.get("/solicitudes/exportar?formato=csv").text
    assert access.folio in export and REQUESTER not in export


@pytest.mark.parametrize("username", ["oficialia", "integrante"])
def test_people_outside_the_procedure_are_refused_the_list_and_exports(two_requests, sign_in, username):
    client = sign_in(username)
    assert client.get("/solicitudes").status_code == 403
    assert client.get("/solicitudes/exportar?formato=csv").status_code == 403


def test_a_filter_returns_only_the_table_fragment_to_htmx(two_requests, sign_in):
    access, arco = two_requests
    response = sign_in("transparencia").get("/solicitudes?tipo=arco", headers={
        "HX-Request": "true", "HX-Target": "tabla-solicitudes"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert arco.folio in response.text and access.folio not in response.text
    assert "/solicitudes/exportar?formato=csv&amp;tipo=arco" in response.text


# -- exports -------------------------------------------------------------------------------------


def test_the_csv_export_keeps_the_filters_and_carries_no_personal_data_even_for_the_unidad(two_requests, sign_in):
    access, arco = two_requests
    own = sign_in("transparencia").get("/solicitudes/exportar?formato=csv&tipo=arco")
    assert own.status_code == 200
    assert own.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment;" in own.headers["content-disposition"] and ".csv" in own.headers["content-disposition"]
    text = own.content.decode("utf-8-sig")
    assert arco.folio in text and access.folio not in text
    assert HOLDER not in text and "Titular de los datos" not in text
    theirs = sign_in("juridico").get("/solicitudes/exportar?formato=csv").content.decode("utf-8-sig")
    assert arco.folio in theirs and access.folio in theirs
    assert HOLDER not in theirs and REQUESTER not in theirs and "Titular de los datos" not in theirs


def test_the_xlsx_export_is_a_workbook_of_the_list(demo, two_requests, sign_in):
    access, arco = two_requests
    response = sign_in("comite").get("/solicitudes/exportar?formato=xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert sheet["A1"].value == "Folio" and access.folio in values and arco.folio in values
    assert HOLDER not in values
    received = sheet.cell(row=2, column=5)  # «Recibida»: a date a spreadsheet can sort and filter
    assert sheet["E1"].value == "Recibida" and isinstance(received.value, datetime)
    assert received.number_format == "dd/mm/yyyy hh:mm"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert_workbook_described(response.content, "Solicitudes de acceso a la información y de derechos ARCO",
                              demo.organization.name)
    assert sign_in("comite").get("/solicitudes/exportar?formato=pdf").status_code == 404


# -- saved filters -------------------------------------------------------------------------------


def test_a_saved_filter_is_listed_as_a_link_and_only_its_owner_deletes_it(engine, demo, two_requests, sign_in):
    client = sign_in("transparencia")
    response = client.post("/solicitudes/filtros", data={
        "nombre": "ARCO por vencer", "consulta": "tipo=arco&plazo=por_vencer&x=1", "_csrf_token": csrf_of(client)},
        follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/solicitudes?tipo=arco&plazo=por_vencer"
    page = client.get("/solicitudes")
    assert 'href="/solicitudes?tipo=arco&amp;plazo=por_vencer">ARCO por vencer</a>' in page.text
    with reading(engine) as session:
        saved = session.exec(select(SavedFilter)).one()
    assert saved.user_id == demo.users["transparencia"].id
    other = sign_in("comite")
    assert ">ARCO por vencer</a>" not in other.get("/solicitudes").text
    refused = other.post(f"/solicitudes/filtros/{saved.id}/borrar", data={"_csrf_token": csrf_of(other)})
    assert refused.status_code == 404
    deleted = client.post(f"/solicitudes/filtros/{saved.id}/borrar", data={"_csrf_token": csrf_of(client)},
                          follow_redirects=False)
    assert deleted.status_code == 303
    with reading(engine) as session:
        assert session.exec(select(SavedFilter)).all() == []


def test_a_filter_name_of_only_spaces_returns_to_the_same_list_saying_why_and_saves_nothing(
        engine, two_requests, sign_in):
    client = sign_in("transparencia")
    response = client.post("/solicitudes/filtros", data={
        "nombre": "   ", "consulta": "tipo=arco", "_csrf_token": csrf_of(client)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/solicitudes?tipo=arco"
    notice = 'role="alert">Escriba un nombre para guardar el filtro.</div>'
    assert notice in client.get(response.headers["location"]).text
    assert notice not in client.get("/solicitudes?tipo=arco").text  # shown once: a reload does not repeat it
    with reading(engine) as session:
        assert session.exec(select(SavedFilter)).all() == []


def test_saving_a_filter_under_a_name_already_used_says_it_replaced_the_criteria_saved_before(
        engine, two_requests, sign_in):
    client = sign_in("transparencia")

    def save(query):
        return client.post("/solicitudes/filtros", data={"nombre": "Mis ARCO", "consulta": query,
                                                         "_csrf_token": csrf_of(client)}, follow_redirects=False)

    first = save("tipo=arco")
    assert "ya existía" not in client.get(first.headers["location"]).text
    second = save("tipo=acceso")
    page = client.get(second.headers["location"]).text
    assert 'role="status">El filtro «Mis ARCO» ya existía: ahora guarda los criterios de esta lista.</div>' in page
    with reading(engine) as session:
        assert [s.query for s in session.exec(select(SavedFilter)).all()] == ["tipo=acceso"]
    # Saving the same criteria again replaces nothing.
    assert "ya existía" not in client.get(save("tipo=acceso").headers["location"]).text


# -- detail --------------------------------------------------------------------------------------


def test_the_detail_shows_deadlines_explained_turns_timeline_and_the_diagram(engine, in_process, sign_in):
    request = in_process
    client = sign_in("transparencia")
    page = client.get(f"/solicitudes/{request.id}")
    assert page.status_code == 200
    with reading(engine) as session:
        response = session.get(Deadline, request.response_deadline_id)
    assert f'href="/plazos/{response.id}"' in page.text
    assert "contados a partir del" in page.text and "LGTAIP 2025, art. 134" in page.text
    header = page.text.split('<header class="encabezado-tarea">', 1)[1].split("</header>", 1)[0]
    assert "· vence el" in header and "días hábiles" in header  # a running term: its due day and days left
    assert "Dirección de Administración" in page.text and "Vence (interno)" in page.text
    assert f"turnada el {demo_today():%d/%m/%Y}</span>" in page.text  # the day the Unidad turned it
    assert f'data-diagram-url="/solicitudes/{request.id}/diagrama.bpmn"' in page.text
    assert "area_answer" in page.text  # the current step is marked on the diagram
    assert "Registró la solicitud" in page.text  # the timeline
    assert "María López Hernández" in page.text
    diagram = client.get(f"/solicitudes/{request.id}/diagrama.bpmn")
    assert diagram.status_code == 200 and "<bpmn:userTask" in diagram.text


def test_the_detail_lists_the_unidads_windows_explained_as_options(engine, demo, sign_in, transparencia):
    instance = file_request(engine, transparencia, fecha_recepcion=demo_today().isoformat(), hora_recepcion="10:00")
    page = sign_in("transparencia").get(f"/solicitudes/{request_of(engine, instance.id).id}").text
    plazos = page.split("<h2>Plazos</h2>", 1)[1].split("</section>", 1)[0]
    folio = request_of(engine, instance.id).folio
    for title, rule in (("Aviso de incompetencia", "3 días hábiles (LGTAIP 2025, art. 138)"),
                        ("Emisión de la prevención", "5 días hábiles (LGTAIP 2025, art. 130)"),
                        ("Orientación a información ya publicada", "5 días hábiles (LGTAIP 2025, art. 132)")):
        assert f"{title} · {folio}" in plazos and f"{rule}, contados a partir del" in plazos
    assert plazos.count("Es una opción de la Unidad de Transparencia, no una obligación: si el plazo transcurre "
                        "sin usarse, la opción se pierde, sin que haya incumplimiento.") == 3
    header = page.split('<header class="encabezado-tarea">', 1)[1].split("</header>", 1)[0]
    assert f"vence el {long_date(response_of(engine, folio).due_on)}" in header  # the response term's, as before


def answer_with_a_file(client, engine, instance_id, area, filename):
    """The area's enlace answers its turn from the task page, attaching a file."""
    [task] = [t for t in tasks(engine, instance_id) if t.task_name == "area_answer" and t.area_id == area.id]
    page = client.get(f"/tareas/{task.id}").text
    sent = client.post(f"/tareas/{task.id}", follow_redirects=False, headers={"x-csrftoken": csrf_of(client)},
                       data={"version": hidden_value(page, "version"), "sentido": "entrega_total",
                             "respuesta": "Se localizaron los contratos; se anexan."},
                       files={"anexo_id": (filename, PDF, "application/pdf")})
    assert sent.status_code in (200, 303), sent.text


def test_the_documents_name_the_area_that_attached_each_file_and_its_round(engine, demo, transparencia, in_process,
                                                                           sign_in):
    da, dri = demo.areas["DA"], demo.areas["DRI"]
    instance_id = in_process.instance_id
    answer_with_a_file(sign_in("enlace_da"), engine, instance_id, da, "contratos-da.pdf")
    assert f">Anexo — {da.name}</a>" in sign_in("transparencia").get(f"/solicitudes/{in_process.id}").text
    # The Unidad goes back to its analysis and turns the request to another area, which attaches its own.
    complete(engine, transparencia, instance_id, "respond",
             {"accion": "volver", "motivo": "La Dirección de Riesgos también tiene contratos."})
    turn(engine, transparencia, instance_id, dri)
    answer_with_a_file(sign_in("enlace_dri"), engine, instance_id, dri, "contratos-dri.pdf")
    page = sign_in("transparencia").get(f"/solicitudes/{in_process.id}").text
    assert f">Anexo — {da.name}, ronda 1</a>" in page and f">Anexo — {dri.name}, ronda 2</a>" in page
    # An enlace sees its own area's file, named the same way.
    own = sign_in("enlace_dri").get(f"/solicitudes/{in_process.id}").text
    assert f">Anexo — {dri.name}, ronda 2</a>" in own and "contratos-da.pdf" not in own


def test_a_prevented_request_shows_its_term_paused_not_the_due_day_it_no_longer_has(engine, transparencia, sign_in,
                                                                                     monkeypatch):
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    instance = file_request(engine, transparencia, fecha_recepcion=demo_workday().isoformat(), hora_recepcion="09:00")
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
        "fecha_prevencion": demo_workday().isoformat()})
    request = request_of(engine, instance.id)
    with reading(engine) as session:
        response = session.get(Deadline, request.response_deadline_id)
    stale_due = response.due_on.strftime("%d/%m/%Y")
    client = sign_in("transparencia")
    detail = client.get(f"/solicitudes/{request.id}").text
    header = detail.split('<header class="encabezado-tarea">', 1)[1].split("</header>", 1)[0]
    assert "plazo en pausa desde el" in header and "vence el" not in header
    assert "se computa de nuevo, completo, a partir del día siguiente al desahogo" in detail
    assert f"Previno al solicitante con el oficio UT/0001/{demo_workday().year}; tiene hasta el " in detail
    assert "tiene hasta el 20" not in detail  # no ISO date
    row = client.get("/solicitudes").text.split(request.folio, 1)[1].split("</tr>", 1)[0]
    assert '">En pausa</span>' in row and stale_due not in row
    term = client.get(f"/plazos/{response.id}").text
    assert "En pausa: se computa de nuevo" in term


def test_an_answered_request_says_it_was_answered_within_its_term_not_when_it_falls_due(engine, demo, transparencia,
                                                                                        sign_in):
    with transaction(engine) as session:
        answered = add_request(session, transparencia, received_at=datetime.now(UTC) - timedelta(days=10),
                               status=RequestStatus.ANSWERED, answered=True)
        due = session.get(Deadline, answered.response_deadline_id).due_on
    detail = sign_in("transparencia").get(f"/solicitudes/{answered.id}").text
    header = detail.split('<header class="encabezado-tarea">', 1)[1].split("</header>", 1)[0]
    assert "respondida dentro del plazo, que vencía el" in header and "vence el" not in header
    assert due.strftime("%Y") in header


def test_the_turned_enlace_sees_the_detail_and_its_task_but_not_what_it_may_not(engine, demo, in_process, sign_in):
    request = in_process
    page = sign_in("enlace_da").get(f"/solicitudes/{request.id}")
    assert page.status_code == 200
    assert "/tareas/" in page.text  # its area's answer task
    assert sign_in("enlace_da").get(f"/solicitudes/{request.id}/diagrama.bpmn").status_code == 200
    assert sign_in("enlace_dri").get(f"/solicitudes/{request.id}").status_code == 403
    assert sign_in("enlace_dri").get(f"/solicitudes/{request.id}/diagrama.bpmn").status_code == 403


def test_the_comite_sees_the_detail_without_the_requester(in_process, sign_in):
    page = sign_in("comite").get(f"/solicitudes/{in_process.id}")
    assert page.status_code == 200
    assert "María López Hernández" not in page.text and "maria@example.org" not in page.text
    assert "Dato personal reservado: solo lo ve la Unidad de Transparencia." in page.text


def test_a_request_of_another_organization_or_none_at_all_is_a_404(engine, two_requests, sign_in):
    access, _ = two_requests
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Otro ente", short_name="OTRO")
        session.add(other)
        session.flush()
        session.get(TransparencyRequest, access.id).organization_id = other.id
    client = sign_in("transparencia")
    assert client.get(f"/solicitudes/{access.id}").status_code == 404
    assert client.get("/solicitudes/999999").status_code == 404


# -- registration --------------------------------------------------------------------------------


def registration(**overrides) -> dict:
    values = dict(canal="correo", fecha_recepcion=demo_today().isoformat(), hora_recepcion="09:00", tipo_solicitante="nombre",
                  nombre="Julia Paredes Soto", contacto="julia@example.org", descripcion=DESCRIPTION, tema="Contratos",
                  sexo="mujer", rango_edad="30_44")
    values.update(overrides)
    return values


def post_registration(client, data, file=None):
    return client.post("/solicitudes/nueva", data={**data, "_csrf_token": csrf_of(client)},
                       files={"archivo_id": file} if file else None, follow_redirects=False)


def test_an_escrito_sent_with_a_registration_that_comes_back_is_named_beside_its_field(engine, sign_in):
    client = sign_in("transparencia")
    response = post_registration(client, registration(descripcion=""),
                                 ("escrito.pdf", b"%PDF-1.4 escrito", "application/pdf"))
    assert response.status_code == 422
    assert "No se guardó el archivo «escrito.pdf»: adjúntelo de nuevo antes de enviar." in response.text
    with reading(engine) as session:
        assert (session.exec(select(TransparencyRequest)).all(), session.exec(select(StoredFile)).all()) == ([], [])


def test_the_unidad_registers_a_request_with_its_escrito_through_the_process(engine, sign_in):
    client = sign_in("transparencia")
    form = client.get("/solicitudes/nueva")
    assert form.status_code == 200 and f'value="{demo_today().isoformat()}"' in form.text
    response = post_registration(client, registration(), ("escrito.pdf", PDF, "application/pdf"))
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    with reading(engine) as session:
        request = session.exec(select(TransparencyRequest)).one()
        escrito = session.exec(select(StoredFile).where(StoredFile.kind == "solicitud")).one()
    assert response.headers["location"] == f"/solicitudes/{request.id}"
    assert request.folio == f"SAI-{demo_today().year}-00001" and request.response_deadline_id is not None
    assert escrito.instance_id == request.instance_id
    assert f"Solicitud registrada con el folio <strong>{request.folio}</strong>" in page.text
    assert "Solicitud registrada" not in client.get(response.headers["location"]).text  # shown once
    assert f'href="/archivos/{escrito.id}"' in page.text
    # The escrito carries the requester's identity: the Comité does not get it.
    assert f'href="/archivos/{escrito.id}"' not in sign_in("comite").get(f"/solicitudes/{request.id}").text


def test_the_requesters_entidad_is_chosen_from_the_list_and_stored_under_one_name(engine, sign_in):
    client = sign_in("transparencia")
    for tab in ("acceso", "arco"):
        form = client.get(f"/solicitudes/nueva?tipo={tab}").text
        assert 'value="Chiapas"' in form and 'value="Estado de México"' in form and 'value="Fuera de México"' in form
    # A request written by hand (or posted by a script) with the official name counts as the same entity.
    response = post_registration(client, registration(entidad="Veracruz de Ignacio de la Llave"))
    assert response.status_code == 303, response.text
    with reading(engine) as session:
        assert session.exec(select(TransparencyRequest.state)).one() == "Veracruz"


def test_the_forms_say_the_organizations_own_closing_hour_also_after_an_error(engine, demo, sign_in):
    with transaction(engine) as session:
        session.get(Organization, demo.organization.id).office_closes = time(15, 0)
    client = sign_in("transparencia")
    for tab in ("acceso", "arco"):
        assert "A partir de las 15:00 (cierre de la oficina)" in client.get(f"/solicitudes/nueva?tipo={tab}").text
    refused = post_registration(client, registration(descripcion="corta"))
    assert refused.status_code == 422 and "A partir de las 15:00 (cierre de la oficina)" in refused.text


def test_the_forms_say_a_filing_from_closing_time_on_counts_the_next_dia_habil(sign_in):
    client = sign_in("transparencia")
    for tab in ("acceso", "arco"):
        form = client.get(f"/solicitudes/nueva?tipo={tab}").text
        assert "A partir de las 18:00 (cierre de la oficina) cuenta como recibida el día hábil siguiente." in form
        assert "Después de las" not in form  # 18:00 itself already counts the next día hábil


def foreseen_term(client, **params) -> str:
    page = client.get("/solicitudes/nueva/plazo", params=params)
    assert page.status_code == 200
    return " ".join(page.text.split())


@pytest.mark.parametrize("tab", ["acceso", "arco"])
def test_the_registration_form_foresees_the_response_term_that_registering_opens(engine, transparencia, sign_in,
                                                                                  tab):
    client = sign_in("transparencia")
    form = client.get(f"/solicitudes/nueva?tipo={tab}").text
    assert f'hx-get="/solicitudes/nueva/plazo?tipo={tab}"' in form and 'id="plazo-previsto"' in form
    # Monday 23 March 2026 at 10:00, a día hábil within office hours: received that same day.
    foreseen = foreseen_term(client, tipo=tab, fecha_recepcion="2026-03-23", hora_recepcion="10:00")
    file = file_request if tab == "acceso" else file_arco
    request = request_of(engine, file(engine, transparencia, fecha_recepcion="2026-03-23", hora_recepcion="10:00").id)
    response = response_of(engine, request.folio)
    assert "Se tiene por recibida el <strong>23 de marzo de 2026</strong>. El plazo de respuesta" in foreseen
    assert (f"{response.days} días hábiles ({response.basis}), corre del {long_date(response.counted_from)} al "
            f"<strong>{long_date(response.due_on)}</strong>") in foreseen



def test_the_registration_form_foresees_a_request_received_before_21_march_2025_under_the_2015_law(sign_in):
    # Monday 10 March 2025: counted from the 11th, Monday 17 March is a rest day (LFT art. 74): due 8 April.
    foreseen = foreseen_term(sign_in("transparencia"), tipo="acceso", fecha_recepcion="2025-03-10",
                             hora_recepcion="10:00")
    assert "20 días hábiles (LGTAIP 2015, art. 132), corre del 11 de marzo de 2025 al" in foreseen
    assert "2025, art. 134" not in foreseen


@pytest.mark.parametrize("filed,why", [
    # One parenthesis, not «(…oficina (a partir de las 18:00))».
    ("2026-03-20T18:30", "llegó a las 18:30, fuera del horario de la oficina, a partir de las 18:00; LFPA art. 30"),
    ("2026-03-20T18:00", "llegó a las 18:00, fuera del horario de la oficina, a partir de las 18:00; LFPA art. 30"),
    ("2026-03-21T10:00", "llegó a las 10:00, en día inhábil"),  # Saturday
])
def test_a_filing_after_hours_or_on_an_inhabil_day_is_foreseen_on_the_next_dia_habil(sign_in, filed, why):
    day, hour = filed.split("T")
    foreseen = foreseen_term(sign_in("transparencia"), tipo="acceso", fecha_recepcion=day, hora_recepcion=hour)
    assert f"Se tiene por recibida el <strong>23 de marzo de 2026</strong> ({why})." in foreseen
    assert "corre del 24 de marzo de 2026 al" in foreseen


def test_a_filing_during_a_suspension_of_plazos_is_foreseen_as_received_during_it(engine, admin, sign_in):
    # Thursday 19 March, a día hábil of the office inside the suspension: received Monday 23.
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 3, 19), date(2026, 3, 20), SuspensionScope.ACCESO,
                           "Acuerdo CT/02/2026")
    foreseen = foreseen_term(sign_in("transparencia"), tipo="acceso", fecha_recepcion="2026-03-19",
                             hora_recepcion="10:00")
    assert ("Se tiene por recibida el <strong>23 de marzo de 2026</strong> (llegó a las 10:00, durante la suspensión "
            "de plazos — Acuerdo CT/02/2026).") in foreseen


def test_the_foreseen_term_asks_for_a_valid_moment_not_in_the_future(sign_in):
    client = sign_in("transparencia")
    # An hour with a zone is refused by the form: the preview does not foresee a term for it either.
    for day, hour in (("", "10:00"), ("2026-02-30", "10:00"), ("2026-03-23", "25:00"), ("2026-03-23", "10:00-12:00")):
        assert foreseen_term(client, tipo="acceso", fecha_recepcion=day, hora_recepcion=hour) == (
            "Escriba la fecha y la hora de recepción para ver cuándo vence el plazo de respuesta.")
    tomorrow = (demo_today() + timedelta(days=1)).isoformat()
    assert foreseen_term(client, tipo="acceso", fecha_recepcion=tomorrow, hora_recepcion="09:00") == (
        "La fecha y hora de recepción son posteriores a este momento: revíselas.")


LGPDPPSO_NOT_YET = ("Una solicitud ARCO no puede tener fecha de recepción anterior al 27 de enero de 2017, día en que "
                    "entró en vigor la Ley General de Protección de Datos Personales en Posesión de Sujetos Obligados, "
                    "cuyos plazos aplica Pleno. Revise la fecha.")


def test_an_arco_request_received_before_the_lgpdppso_is_refused_beside_the_date_and_foresees_no_term(
        engine, sign_in):
    client = sign_in("transparencia")
    assert foreseen_term(client, tipo="arco", fecha_recepcion="2017-01-26", hora_recepcion="10:00") == LGPDPPSO_NOT_YET
    # The access law of 2015 was in force that day: its term is foreseen.
    assert "LGTAIP 2015, art. 132" in foreseen_term(client, tipo="acceso", fecha_recepcion="2017-01-26",
                                                    hora_recepcion="10:00")
    response = post_registration(client, {
        "tipo": "arco", "canal": "presencial", "fecha_recepcion": "2017-01-26", "hora_recepcion": "10:00",
        "derecho": "rectificacion", "titular": "Ana Ruiz Cárdenas", "documento_identidad": "Credencial para votar",
        "descripcion": "Rectificar mi domicilio en el expediente de personal."})
    assert response.status_code == 422
    assert f'id="error-fecha_recepcion">{LGPDPPSO_NOT_YET}' in response.text
    assert 'value="Ana Ruiz Cárdenas"' in response.text  # what was typed stays
    with reading(engine) as session:
        assert session.exec(select(TransparencyRequest)).all() == []


LGTAIP_NOT_YET = ("Una solicitud de acceso a la información no puede tener fecha de recepción anterior al 5 de mayo "
                  "de 2015, día en que entró en vigor la Ley General de Transparencia y Acceso a la Información "
                  "Pública (2015), cuyos plazos aplica Pleno. Revise la fecha.")


def test_an_access_request_received_before_the_lgtaip_is_refused_beside_the_date_and_foresees_no_term(
        engine, sign_in):
    client = sign_in("transparencia")
    assert foreseen_term(client, tipo="acceso", fecha_recepcion="2015-05-04", hora_recepcion="10:00") == LGTAIP_NOT_YET
    # In force from 5 May 2015 (published in the DOF the day before): its term is foreseen.
    assert "LGTAIP 2015, art. 132" in foreseen_term(client, tipo="acceso", fecha_recepcion="2015-05-05",
                                                    hora_recepcion="10:00")
    response = post_registration(client, registration(fecha_recepcion="2015-05-04", hora_recepcion="10:00"))
    assert response.status_code == 422
    assert f'id="error-fecha_recepcion">{LGTAIP_NOT_YET}' in response.text
    assert 'value="Julia Paredes Soto"' in response.text  # what was typed stays
    with reading(engine) as session:
        assert session.exec(select(TransparencyRequest)).all() == []


def test_only_the_unidad_may_foresee_a_registration_term(sign_in):
    assert sign_in("enlace_da").get("/solicitudes/nueva/plazo", params={
        "tipo": "acceso", "fecha_recepcion": "2026-03-23", "hora_recepcion": "10:00"}).status_code == 403


@pytest.fixture
def prevented(engine, transparencia, monkeypatch):
    """A request filed at 9:00 and prevented the same día hábil (today, or the last one before it): its
    response term is paused."""
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    instance = file_request(engine, transparencia, fecha_recepcion=demo_workday().isoformat(), hora_recepcion="09:00")
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
        "fecha_prevencion": demo_workday().isoformat()})
    return request_of(engine, instance.id)


def test_the_desahogo_form_foresees_the_response_term_that_the_desahogo_restarts(engine, transparencia, prevented,
                                                                                  sign_in):
    client = sign_in("transparencia")
    task = task_named(engine, prevented.instance_id, "prevention_answer")
    slot = client.get(f"/tareas/{task.id}").text.split('id="plazo-previsto"', 1)[1].split(">", 1)[0]
    # Its own target: inside the task form it would otherwise replace the whole task (the form's target).
    assert f'hx-get="/solicitudes/{prevented.id}/plazo-tras-desahogo"' in slot and 'hx-target="this"' in slot
    # Nor the form's hx-disabled-elt, whose submit button is not inside it (Chromium logs an error per change).
    assert 'hx-disabled-elt="unset"' in slot
    url = f"/solicitudes/{prevented.id}/plazo-tras-desahogo"
    # Today's date alone: it counts as received within today's hours (the next día hábil if today is not one).
    foreseen = " ".join(client.get(url, params={"fecha_desahogo": demo_today().isoformat()}).text.split())
    complete(engine, transparencia, prevented.instance_id, "prevention_answer",
             {"fecha_desahogo": demo_today().isoformat(), "desahogo": "El periodo es enero a junio de 2025."})
    response = response_of(engine, prevented.folio)
    assert f"El desahogo se tiene por recibido el <strong>{long_date(response.starts_after)}</strong>" in foreseen
    assert (f"20 días hábiles ({response.basis}), corre de nuevo, completo, del {long_date(response.counted_from)} "
            f"al <strong>{long_date(response.due_on)}</strong>") in foreseen
    # Once restarted, nothing waits for a desahogo.
    assert "no espera un desahogo" in client.get(url, params={"fecha_desahogo": demo_today().isoformat()}).text


def test_the_desahogo_forecast_refuses_a_day_before_the_prevention_or_in_the_future(prevented, sign_in):
    client = sign_in("transparencia")
    url = f"/solicitudes/{prevented.id}/plazo-tras-desahogo"

    def said(**params) -> str:
        return " ".join(client.get(url, params=params).text.split())
    assert said(fecha_desahogo=(demo_workday() - timedelta(days=1)).isoformat()) == (
        "El desahogo no puede ser anterior a la prevención.")
    assert said(fecha_desahogo=(demo_today() + timedelta(days=1)).isoformat()) == (
        "La fecha y hora del desahogo son posteriores a este momento: revíselas.")
    assert said(fecha_desahogo="").startswith("Escriba la fecha del desahogo")
    assert sign_in("enlace_da").get(url, params={"fecha_desahogo": demo_today().isoformat()}).status_code == 403


def test_a_desahogo_after_its_window_is_foreseen_as_too_late(engine, transparencia, sign_in, monkeypatch):
    # Prevented on time in March 2026 (the Unidad's clock then); its 10 días hábiles to answer are long over.
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime(2026, 3, 24, 16, 0, tzinfo=UTC))
    instance = file_request(engine, transparencia, fecha_recepcion="2026-03-23", hora_recepcion="10:00")
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
        "fecha_prevencion": "2026-03-23"})
    request = request_of(engine, instance.id)
    with reading(engine) as session:
        window = session.exec(select(Deadline).where(Deadline.subject_id == request.folio,
                                                     Deadline.kind == DeadlineKind.DESAHOGO)).one()
    said = " ".join(sign_in("transparencia").get(f"/solicitudes/{request.id}/plazo-tras-desahogo",
                                                 params={"fecha_desahogo": demo_today().isoformat()}).text.split())
    assert said == ("El desahogo llegó después del cierre del último día para desahogar "
                    f"({long_date(window.due_on)}): la solicitud se tiene por no presentada.")


def test_a_request_not_presented_reads_concluded_not_paused(engine, transparencia, sign_in):
    """The prevention paused the term; the requester never answered, so the term was cancelled, not
    left «en pausa» as if a desahogo could still restart it."""
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
        "fecha_prevencion": "2026-03-25"})
    fire_due_timers(engine, now=later(date(2026, 4, 9)))  # the requester's 10 dh ended 8 April 2026
    request = request_of(engine, instance.id)
    client = sign_in("transparencia")
    page = client.get(f"/solicitudes/{request.id}").text
    header = page.split('<header class="encabezado-tarea">', 1)[1].split("</header>", 1)[0]
    assert "No presentada" in header and "en pausa" not in header
    term = " ".join(client.get(f"/plazos/{request.response_deadline_id}").text.split())
    assert "<dt>Estado</dt><dd>Cancelado</dd>" in term
    assert "En pausa: se computa de nuevo" not in term


def test_errors_of_the_form_and_of_the_process_are_shown_beside_their_fields(engine, sign_in):
    client = sign_in("transparencia")
    missing = post_registration(client, registration(descripcion="corta", canal=""))
    assert missing.status_code == 422
    assert 'id="error-descripcion"' in missing.text and 'id="error-canal"' in missing.text
    unknown = post_registration(client, registration(folio_correspondencia="OP-2026-999999"))
    assert unknown.status_code == 422
    assert 'id="error-folio_correspondencia"' in unknown.text and "No existe el folio OP-2026-999999" in unknown.text
    with reading(engine) as session:
        assert session.exec(select(TransparencyRequest)).all() == []
        assert session.exec(select(ProcessInstance)).all() == []


def test_an_arco_request_is_registered_on_its_own_tab_and_needs_the_holders_identity(engine, sign_in):
    client = sign_in("transparencia")
    tab = client.get("/solicitudes/nueva?tipo=arco")
    assert "Nueva solicitud de derechos ARCO" in tab.text and 'name="titular"' in tab.text
    arco = dict(registration(), tipo="arco", derecho="rectificacion", canal="presencial")
    missing = post_registration(client, {**arco, "titular": "", "documento_identidad": ""})
    assert missing.status_code == 422 and 'id="error-titular"' in missing.text
    assert "Nueva solicitud de derechos ARCO" in missing.text
    anonymous = post_registration(client, {**arco, "titular": "Anónimo", "documento_identidad": "Pasaporte 222"})
    assert anonymous.status_code == 422
    error = anonymous.text.split('id="error-titular"', 1)[1].split("</", 1)[0]
    assert "«Anónimo» no es el nombre de una persona" in error and "no puede ser anónima" in error
    assert 'value="Pasaporte 222"' in anonymous.text  # nothing typed is lost
    response = post_registration(client, {**arco, "titular": "Ana Ruiz Cárdenas",
                                          "documento_identidad": "Credencial para votar"})
    assert response.status_code == 303, response.text
    with reading(engine) as session:
        request = session.exec(select(TransparencyRequest)).one()
    assert (request.kind, request.holder_name, request.arco_right) == ("arco", "Ana Ruiz Cárdenas", "rectificacion")


def test_every_problem_of_a_registration_is_reported_at_once_beside_its_field(engine, sign_in):
    refused = post_registration(sign_in("transparencia"), registration(canal="pnt", nombre="", descripcion="corta"))
    assert refused.status_code == 422
    for field, message in (("folio_pnt", "Una solicitud de la PNT necesita su folio de la PNT."),
                           ("nombre", "Escriba el nombre o el seudónimo, o marque la solicitud como anónima."),
                           ("descripcion", "Escriba al menos 10 caracteres.")):
        assert f'id="error-{field}">{message}' in refused.text


def test_the_same_registration_form_sent_twice_registers_once(engine, sign_in):
    client = sign_in("transparencia")
    key = hidden_value(client.get("/solicitudes/nueva").text, "envio")
    refused = post_registration(client, registration(envio=key, descripcion=""))
    assert refused.status_code == 422 and hidden_value(refused.text, "envio") == key  # the key stays with the form
    first = post_registration(client, registration(envio=key))
    again = post_registration(client, registration(envio=key))
    assert first.status_code == again.status_code == 303 and again.headers["location"] == first.headers["location"]
    page = client.get(again.headers["location"]).text
    assert "Ese formulario ya se había enviado: la solicitud quedó registrada una sola vez" in page
    with reading(engine) as session:
        assert len(session.exec(select(TransparencyRequest)).all()) == 1


def test_the_same_registration_form_sent_three_times_at_once_registers_once(engine, sign_in, monkeypatch):
    client = sign_in("transparencia")
    key = hidden_value(client.get("/solicitudes/nueva").text, "envio")
    data = {**registration(envio=key), "_csrf_token": csrf_of(client)}
    answers = sent_at_once(monkeypatch, lambda: client.post("/solicitudes/nueva", data=data, follow_redirects=False))
    with reading(engine) as session:
        [request] = session.exec(select(TransparencyRequest)).all()
    assert [(a.status_code, a.headers["location"]) for a in answers] == [(303, f"/solicitudes/{request.id}")] * 3


def test_a_request_received_later_today_than_now_is_refused_on_either_tab(engine, sign_in, monkeypatch):
    morning = datetime.combine(demo_today(), time(7, 30), tzinfo=ZoneInfo(DEFAULT_TIMEZONE))
    monkeypatch.setattr("engine.clock.now_in", lambda zone: morning)
    client = sign_in("transparencia")
    arco = dict(registration(), tipo="arco", derecho="rectificacion", titular="Ana Ruiz Cárdenas",
                documento_identidad="Credencial para votar")
    for data in (registration(hora_recepcion="19:30"), {**arco, "hora_recepcion": "19:30"}):
        refused = post_registration(client, data)
        assert refused.status_code == 422
        assert 'id="error-hora_recepcion">La hora no puede ser posterior a este momento (son las 07:30).' in refused.text
    with reading(engine) as session:
        assert session.exec(select(TransparencyRequest)).all() == []


@pytest.mark.parametrize("username", ["comite", "enlace_da", "oficialia"])
def test_only_the_unidad_registers_requests(engine, sign_in, username):
    client = sign_in(username)
    assert client.get("/solicitudes/nueva").status_code == 403
    assert post_registration(client, registration()).status_code == 403


def test_a_correspondence_item_is_converted_into_a_prefilled_request(engine, demo, oficialia, transparencia, sign_in):
    item = item_of(engine, register_document(engine, oficialia, remitente="Lic. Tomás Aguilar").id)
    # The Unidad's titular is also the enlace of its area (workflows.demo): the documents turned to it reach it.
    turn_document(engine, oficialia, item.instance_id, [demo.areas["UT"]])
    client = sign_in("transparencia")
    detail = client.get(f"/correspondencia/{item.id}")
    link = f'/solicitudes/nueva?folio_correspondencia={item.folio}&amp;canal=oficialia'
    assert link in detail.text
    assert link not in sign_in("oficialia").get(f"/correspondencia/{item.id}").text
    form = client.get(link.replace("&amp;", "&"))
    assert f'value="{item.folio}"' in form.text and 'value="Lic. Tomás Aguilar"' in form.text
    assert '<option value="oficialia" selected>' in form.text
    values = registration(canal="oficialia", folio_correspondencia=item.folio, nombre="Lic. Tomás Aguilar",
                          fecha_recepcion=demo_today().isoformat())
    response = post_registration(client, values)
    assert response.status_code == 303, response.text
    with reading(engine) as session:
        assert session.exec(select(TransparencyRequest)).one().correspondence_id == item.id


def test_a_document_received_before_the_lgtaip_is_not_converted_and_its_turn_stays_open(
        engine, demo, oficialia, sign_in):
    """The conversion goes through the registration form: its reception date is checked as a typed one."""
    item = item_of(engine, register_document(engine, oficialia, remitente="Lic. Tomás Aguilar",
                                             fecha_recepcion="2015-05-04",
                                             captura_extemporanea="Hallado en el archivo al ordenarlo").id)
    turn_document(engine, oficialia, item.instance_id, [demo.areas["UT"]])
    client = sign_in("transparencia")
    form = client.get(f"/solicitudes/nueva?folio_correspondencia={item.folio}&canal=oficialia").text
    assert 'value="2015-05-04"' in form  # the document's reception, as the form is prefilled
    values = registration(canal="oficialia", folio_correspondencia=item.folio, nombre="Lic. Tomás Aguilar",
                          fecha_recepcion="2015-05-04", hora_recepcion="10:30")
    response = post_registration(client, values)
    assert response.status_code == 422
    assert f'id="error-fecha_recepcion">{LGTAIP_NOT_YET}' in response.text
    with reading(engine) as session:
        assert session.exec(select(TransparencyRequest)).all() == []
        [turn] = session.exec(select(Turn).where(Turn.correspondence_id == item.id)).all()
        assert turn.status == TurnStatus.PENDING


def converted_by_the_unidad(engine, demo, oficialia, sign_in):
    """A document the oficialía registered and turned to the Unidad, registered by it as a request: the
    document, the Unidad's client and the values it sent."""
    item = item_of(engine, register_document(engine, oficialia, remitente="Lic. Tomás Aguilar").id)
    turn_document(engine, oficialia, item.instance_id, [demo.areas["UT"]])
    client = sign_in("transparencia")
    values = registration(canal="oficialia", folio_correspondencia=item.folio, nombre="Lic. Tomás Aguilar",
                          fecha_recepcion=demo_today().isoformat())
    assert post_registration(client, values).status_code == 303
    return item, client, values


def test_a_request_converted_from_a_document_names_its_oficialia_folio_linked_for_who_may_open_it(
        engine, demo, oficialia, sign_in):
    item, client, values = converted_by_the_unidad(engine, demo, oficialia, sign_in)
    with reading(engine) as session:
        request = session.exec(select(TransparencyRequest)).one()
    said = "Recibida en la oficialía de partes con el folio "
    # The Unidad's enlace opens the document's page (it was turned to its area): a link.
    assert f'{said}<a href="/correspondencia/{item.id}">{item.folio}</a>' in client.get(f"/solicitudes/{request.id}").text
    # The Comité sees the request but not the oficialía's document: the folio, without a link.
    page = sign_in("comite").get(f"/solicitudes/{request.id}").text
    assert f"{said}{item.folio}" in page and f'href="/correspondencia/{item.id}"' not in page
    assert sign_in("comite").get(f"/correspondencia/{item.id}").status_code == 403


def test_a_request_not_received_through_the_oficialia_names_no_folio_of_it(in_process, sign_in):
    assert "Recibida en la oficialía de partes" not in sign_in("transparencia").get(f"/solicitudes/{in_process.id}").text


def test_converting_a_document_answers_its_turn_to_the_unidad_and_leaves_other_areas_turns(engine, demo, oficialia,
                                                                                           sign_in):
    """The turn was the Unidad's work on the document: registered as a request, it is attended by
    that procedure and must not stay in Mis tareas falling overdue; another area's turn stays theirs."""
    item = item_of(engine, register_document(engine, oficialia, remitente="Lic. Tomás Aguilar").id)
    turn_document(engine, oficialia, item.instance_id, [demo.areas["UT"], demo.areas["DA"]])
    client = sign_in("transparencia")
    values = registration(canal="oficialia", folio_correspondencia=item.folio, nombre="Lic. Tomás Aguilar",
                          fecha_recepcion=demo_today().isoformat())
    response = post_registration(client, values)
    assert response.status_code == 303, response.text
    with reading(engine) as session:
        request = session.exec(select(TransparencyRequest)).one()
        turns = {t.area_id: t for t in session.exec(select(Turn).where(Turn.correspondence_id == item.id)).all()}
        still_open = session.exec(select(OpenTask).where(OpenTask.instance_id == item.instance_id)).all()
    unidad, da = turns[demo.areas["UT"].id], turns[demo.areas["DA"].id]
    assert unidad.status == TurnStatus.ANSWERED
    assert unidad.answer == (f"Se registró como la solicitud de acceso a la información {request.folio} y se "
                             "atiende por ese procedimiento, con sus plazos.")
    assert da.status == TurnStatus.PENDING
    assert [(t.task_name, t.area_id) for t in still_open] == [("answer", demo.areas["DA"].id)]
    page = client.get(response.headers["location"]).text
    assert (f"El turno del documento {item.folio} de la oficialía de partes quedó atendido: se atiende como esta "
            "solicitud.") in page
    assert "quedó atendido" not in client.get(response.headers["location"]).text  # said once


def test_the_registration_form_fills_in_no_sender_of_a_document_not_turned_to_the_unidad(engine, demo, oficialia,
                                                                                        sign_in):
    item = item_of(engine, register_document(engine, oficialia, remitente="Lic. Tomás Aguilar").id)
    turn_document(engine, oficialia, item.instance_id, [demo.areas["DA"]])
    form = sign_in("transparencia").get(f"/solicitudes/nueva?folio_correspondencia={item.folio}").text
    assert f'value="{item.folio}"' in form and "Lic. Tomás Aguilar" not in form


def test_a_correspondence_item_already_converted_is_not_registered_again(engine, demo, oficialia, sign_in):
    """Sent twice (two tabs, or the form again from the document's page), the second conversion is
    refused by name: one document, one request, one legal term."""
    item, client, values = converted_by_the_unidad(engine, demo, oficialia, sign_in)
    with reading(engine) as session:
        first = session.exec(select(TransparencyRequest)).one()
    again = post_registration(client, values)  # a new form: its own resubmission key
    assert again.status_code == 422
    assert (f'id="error-folio_correspondencia">El documento {item.folio} ya se registró como la solicitud '
            f'{first.folio}: no se registra dos veces.') in again.text
    with reading(engine) as session:
        assert len(session.exec(select(TransparencyRequest)).all()) == 1
        assert len(session.exec(select(Deadline).where(Deadline.kind == DeadlineKind.RESPUESTA)).all()) == 1
    page = client.get(f"/correspondencia/{item.id}").text
    assert (f'Este documento se registró como la solicitud <a href="/solicitudes/{first.id}">'
            f'<strong>{first.folio}</strong></a>.') in page
    assert "Convertir en solicitud" not in page


def test_the_request_page_says_why_a_filing_counts_from_a_later_dia_habil(engine, admin, transparencia, sign_in):
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 3, 19), date(2026, 3, 20), SuspensionScope.ACCESO,
                           "Acuerdo CT/02/2026")
    during = file_request(engine, transparencia, fecha_recepcion="2026-03-19", hora_recepcion="10:00")
    evening = file_request(engine, transparencia, fecha_recepcion="2026-03-18", hora_recepcion="19:00",
                           folio_pnt="330024626000124")
    client = sign_in("transparencia")
    page = " ".join(client.get(f"/solicitudes/{request_of(engine, during.id).id}").text.split())
    assert ("<span class=\"discreto\">(durante la suspensión de plazos — Acuerdo CT/02/2026: se tiene por recibida "
            "el 23 de marzo de 2026)</span>") in page
    # After closing time on Wednesday 18, the next día hábil is after the suspension too; one parenthesis.
    page = " ".join(client.get(f"/solicitudes/{request_of(engine, evening.id).id}").text.split())
    assert ("<span class=\"discreto\">(fuera del horario de la oficina, a partir de las 18:00; LFPA art. 30: se tiene "
            "por recibida el 23 de marzo de 2026)</span>") in page


# -- public consulta -----------------------------------------------------------------------------


def test_the_public_consulta_shows_a_request_status_and_dates_only(engine, two_requests, client):
    access, arco = two_requests
    for folio in (arco.folio, arco.folio.lower(), arco.pnt_folio):
        page = client.get("/consulta", params={"folio": folio})
        assert page.status_code == 200
        assert f"Solicitud {arco.folio}" in page.text and "Turnada a las áreas" in page.text
        assert "Fecha límite de respuesta" in page.text and "Aún sin respuesta" in page.text
        for secret in (HOLDER, REQUESTER, "expediente clínico", "Dirección de Riesgos", "INE"):
            assert secret not in page.text
    assert client.get("/consulta", params={"folio": "SAI-1999-00009"}).status_code == 404
    head, _, number = access.folio.rpartition("-")  # SAI-2026-00001 typed as SAI-2026-1
    short = client.get("/consulta", params={"folio": f"{head}-{int(number)}"})
    assert short.status_code == 200 and f"Solicitud {access.folio}" in short.text


def test_the_public_consulta_says_the_dia_habil_a_request_filed_on_a_sunday_counts_as_received(
        engine, demo, transparencia, client):
    instance = file_request(engine, transparencia, fecha_recepcion="2026-03-22", hora_recepcion="10:00")
    page = " ".join(client.get("/consulta", params={"folio": request_of(engine, instance.id).folio}).text.split())
    # The acuse's own sentence, beside the day it was filed.
    assert ("<dt>Fecha de recepción</dt><dd>22 de marzo de 2026 <br><span class=\"discreto\">Recibida el domingo 22 "
            "de marzo de 2026 a las 10:00, en día inhábil: se tiene por recibida el lunes 23 de marzo de "
            "2026.</span></dd>") in page


def test_the_public_consulta_of_a_request_filed_in_office_hours_gives_only_that_day(engine, demo, transparencia,
                                                                                      client):
    instance = file_request(engine, transparencia)  # Monday 23 March 2026 at 10:00
    page = " ".join(client.get("/consulta", params={"folio": request_of(engine, instance.id).folio}).text.split())
    assert "<dt>Fecha de recepción</dt><dd>23 de marzo de 2026</dd>" in page and "se tiene por recibida" not in page


def test_the_public_consulta_of_a_request_answered_by_incompetencia_gives_the_day_it_was_notified(
        engine, demo, transparencia, client):
    instance = file_request(engine, transparencia)  # 23 March 2026
    complete(engine, transparencia, instance.id, "review", {
        "decision": "incompetencia", "organo_competente": "Secretaría de Hacienda del Estado",
        "fecha_notificacion": "2026-03-26"})
    page = " ".join(client.get("/consulta", params={"folio": request_of(engine, instance.id).folio}).text.split())
    assert "<strong>Respondida por incompetencia</strong>" in page
    assert "<dt>Fecha de respuesta</dt><dd>26 de marzo de 2026</dd>" in page and "Aún sin respuesta" not in page


def test_the_public_consulta_gives_no_due_day_while_a_prevention_pauses_the_term(engine, transparencia, client,
                                                                                  monkeypatch):
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    instance = file_request(engine, transparencia, fecha_recepcion=demo_workday().isoformat(), hora_recepcion="09:00")
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo.", "fecha_prevencion": demo_workday().isoformat()})
    page = client.get("/consulta", params={"folio": request_of(engine, instance.id).folio}).text
    assert "En pausa por la prevención: el plazo se computa de nuevo, completo" in page
    assert " de 20" not in page.split("Fecha límite de respuesta")[1].split("</dd>")[0]


def test_a_notice_given_late_reads_met_late_on_the_request_page(engine, transparencia, sign_in):
    instance = file_request(engine, transparencia)  # 23 March 2026: the notice was due by 26 March
    complete(engine, transparencia, instance.id, "review", {
        "decision": "incompetencia", "organo_competente": "Secretaría de Hacienda del Estado",
        "fecha_notificacion": "2026-03-27"})
    page = sign_in("transparencia").get(f"/solicitudes/{request_of(engine, instance.id).id}").text
    assert "· Cumplido fuera de plazo" in page
    # The notice answered the request: the day notified, its sense and its oficio, which is listed with
    # the request's documents too.
    assert "<dt>Respondida</dt><dd>27 de marzo de 2026 · Incompetencia · oficio UT/0001/2026</dd>" in page
    assert "<dt>Sujeto obligado competente</dt><dd>Secretaría de Hacienda del Estado</dd>" in page
    assert "Oficio de notoria incompetencia SAI-2026-00001" in page


def test_a_request_received_after_hours_says_on_which_day_it_counts_as_received(engine, transparencia, sign_in):
    instance = file_request(engine, transparencia, fecha_recepcion="2026-03-27", hora_recepcion="18:30")  # a Friday
    page = sign_in("transparencia").get(f"/solicitudes/{request_of(engine, instance.id).id}").text
    assert "27/03/2026 18:30 horas" in page
    assert "se tiene por recibida el 30 de marzo de 2026" in page
    in_hours = file_request(engine, transparencia, fecha_recepcion="2026-03-27", hora_recepcion="10:00",
                            folio_pnt="330024626000999")
    other = sign_in("transparencia").get(f"/solicitudes/{request_of(engine, in_hours.id).id}").text
    assert "se tiene por recibida" not in other



def test_the_compliance_task_shows_the_term_the_resolution_set(engine, demo, transparencia, enlace_area_a, sign_in,
                                                               monkeypatch):
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    # All on one día hábil (today or the last before it), so no timer of the process has come due.
    today = demo_workday().isoformat()
    instance = file_request(engine, transparencia, fecha_recepcion=today, hora_recepcion="00:01")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "entrega_total", "respuesta": "Se entregan los contratos."}, area_id=demo.areas["DA"].id)
    complete(engine, transparencia, instance.id, "respond", {
        "sentido": "entrega_total", "respuesta": "Se entregan los contratos solicitados.", "modalidad": "electronica",
        "costo": "0", "fecha_notificacion": today})
    complete(engine, transparencia, instance.id, "appeal", {"numero": "RR/0125/2026", "fecha_presentacion": today})
    complete(engine, transparencia, instance.id, "appeal_outcome",
             {"resolucion": "modifica", "fecha_resolucion": today, "dias_cumplimiento": "10"})
    with reading(engine) as session:
        term = session.exec(select(Deadline).where(Deadline.title.startswith("Cumplimiento"))).one()
    page = sign_in("transparencia").get(f"/tareas/{task_named(engine, instance.id, 'comply').id}").text
    assert f"La resolución debe cumplirse a más tardar el <strong>{term.due_on:%d/%m/%Y}</strong>." in page
    assert 'name="fecha_cumplimiento"' in page and 'name="cumplimiento"' in page


def test_an_areas_term_names_the_legal_term_it_runs_before_without_a_link_the_enlace_cannot_open(
        engine, demo, transparencia, sign_in):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    folio = request_of(engine, instance.id).folio
    with reading(engine) as session:
        internal = session.exec(select(Deadline).where(Deadline.subject_id == folio,
                                                       Deadline.kind == DeadlineKind.TURNADO_INTERNO)).one()
    legal = response_of(engine, folio)
    enlace = sign_in("enlace_da").get(f"/plazos/{internal.id}").text
    assert f'href="/plazos/{legal.id}"' not in enlace
    assert f"{legal.title}, que vence el {long_date(legal.due_on)}" in enlace
    assert sign_in("enlace_da").get(f"/plazos/{legal.id}").status_code == 403
    assert f'href="/plazos/{legal.id}"' in sign_in("transparencia").get(f"/plazos/{internal.id}").text
