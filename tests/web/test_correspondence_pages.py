"""Correspondence pages: registering, list and detail per role, the public lookup and statistics."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from engine.clock import DEFAULT_TIMEZONE, to_local
from engine.business_calendar import Unit
from engine import files
from engine.db import reading, transaction
from engine.documents import long_date, text_of
from engine.deadlines import Deadline
from engine.files import StoredFile
from engine.forms import date_problem
from engine.legal_calendar import calendar_for
from engine.processes import OpenTask, ProcessInstance
from engine.runtime import runtime
from engine.tenancy import Organization
from tests.correspondence_steps import (declare_the_turns_day_inhabil, item_of, open_tasks, register_document,
                                        turn_document)
from tests.today import demo_today
from tests.web.conftest import csrf_of, hidden_value, sent_at_once
from workflows import correspondence
from workflows.access_request.models import TransparencyRequest
from workflows.correspondence.forms import RegisterForm
from workflows.correspondence.models import Channel, Correspondence, CorrespondenceStatus
from workflows.correspondence.queries import detail

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SUBJECT = "Solicita informe del programa anual de auditorías"
SENDER = "Mtra. Laura Díaz Ortega"


def form_data(**overrides) -> dict:
    values = dict(remitente=SENDER, cargo="Contralora", dependencia="Secretaría de la Honestidad",
                  asunto=SUBJECT, tema="Informes", canal="ventanilla", fecha_recepcion=demo_today().isoformat(),
                  hora_recepcion="10:30", fojas="3", anexos="")
    values.update(overrides)
    return values


def post_register(client, data, file=None):
    return client.post("/correspondencia/nueva", data={**data, "_csrf_token": csrf_of(client)},
                       files={"archivo_id": file} if file else None, follow_redirects=False)


def count(engine, model) -> int:
    with reading(engine) as session:
        return len(session.exec(select(model)).all())


def register(engine, actor, asunto=SUBJECT) -> Correspondence:
    form = RegisterForm.model_validate(form_data(asunto=asunto))
    with transaction(engine) as session:
        instance = correspondence.register(session, actor, form)
        return session.exec(select(Correspondence).where(Correspondence.instance_id == instance.id)).one()


def turn(engine, actor, item, area):
    with transaction(engine) as session:
        [task] = session.exec(select(OpenTask).where(OpenTask.instance_id == item.instance_id)).all()
        runtime.complete_task(session, actor, task.id, {"areas": [area.id], "instruccion": "Atender y responder",
                                                         "fecha_limite": (demo_today() + timedelta(days=5)).isoformat()})


# -- registering -------------------------------------------------------------------------------


def test_the_oficialia_registers_a_document_with_its_scan_and_sees_the_folio_and_acuse(engine, sign_in):
    client = sign_in("oficialia")
    assert client.get("/correspondencia/nueva").status_code == 200
    response = post_register(client, form_data(), ("oficio.pdf", PDF, "application/pdf"))
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    folio = f"OP-{demo_today().year}-000001"
    assert page.status_code == 200
    assert f"Folio {folio}" in page.text
    with reading(engine) as session:
        item = session.exec(select(Correspondence)).one()
        scan = session.get(StoredFile, item.scan_file_id)
    assert (item.folio, item.subject) == (folio, SUBJECT)
    assert (scan.kind, scan.instance_id, scan.filename) == ("escaneo", item.instance_id, "oficio.pdf")
    assert f'href="/archivos/{item.acuse_file_id}"' in page.text
    assert f'href="/archivos/{scan.id}"' in page.text
    assert f'href="/procesos/{item.instance_id}"' in page.text
    assert "/tareas/" in page.text  # the turn task waits for the oficialía


def test_a_scan_whose_pdf_header_follows_a_bom_and_a_line_end_is_registered_with_the_document(engine, settings,
                                                                                              sign_in):
    """Refused as «El contenido no corresponde a un archivo .pdf», though every PDF reader opens it."""
    scan = b"\xef\xbb\xbf\r\n" + PDF
    response = post_register(sign_in("oficialia"), form_data(), ("oficio.pdf", scan, "application/pdf"))
    assert response.status_code == 303, response.text
    with reading(engine) as session:
        stored = session.get(StoredFile, session.exec(select(Correspondence.scan_file_id)).one())
    assert files.read(settings, stored) == scan


def test_a_late_capture_is_refused_beside_its_reason_and_registered_with_it_the_page_saying_both_dates(
        engine, demo, sign_in):
    with reading(engine) as session:
        calendar = calendar_for(session, demo.organization.id, "correspondencia")
    day = calendar.subtract_business_days(calendar.received_on(datetime.now(UTC)), 10)
    client = sign_in("oficialia")
    assert 'name="captura_extemporanea"' in client.get("/correspondencia/nueva").text
    refused = post_register(client, form_data(fecha_recepcion=day.isoformat()), ("oficio.pdf", PDF, "application/pdf"))
    assert refused.status_code == 422
    assert (f'id="error-captura_extemporanea">El documento se recibió el {long_date(day)}, 10 días hábiles antes de '
            "registrarlo") in refused.text
    assert count(engine, Correspondence) == count(engine, StoredFile) == 0
    reason = "Llegó por valija desde la delegación regional"
    response = post_register(client, form_data(fecha_recepcion=day.isoformat(), captura_extemporanea=reason))
    assert response.status_code == 303, response.text
    with reading(engine) as session:
        item = session.exec(select(Correspondence)).one()
    page = " ".join(client.get(response.headers["location"]).text.split())
    registered = to_local(item.created_at, DEFAULT_TIMEZONE).strftime("%d/%m/%Y %H:%M")
    assert f"<dt>Registrado</dt><dd>{registered} horas</dd>" in page
    assert f"<dt>Captura extemporánea</dt><dd>{reason}</dd>" in page


def test_an_executable_is_refused_beside_the_file_field_and_nothing_is_saved(engine, sign_in):
    client = sign_in("oficialia")
    response = post_register(client, form_data(), ("virus.exe", b"MZ\x90\x00", "application/octet-stream"))
    assert response.status_code == 422
    assert 'id="error-archivo_id"' in response.text and "No se aceptan archivos .exe" in response.text
    assert SENDER in response.text  # what was typed comes back
    assert (count(engine, Correspondence), count(engine, StoredFile), count(engine, ProcessInstance)) == (0, 0, 0)


def test_a_scan_sent_with_a_form_that_comes_back_is_named_beside_its_field_to_attach_again(engine, sign_in):
    client = sign_in("oficialia")
    response = post_register(client, form_data(remitente=""), ("oficio.pdf", b"%PDF-1.4 oficio", "application/pdf"))
    assert response.status_code == 422
    assert "No se guardó el archivo «oficio.pdf»: adjúntelo de nuevo antes de enviar." in response.text
    assert (count(engine, Correspondence), count(engine, StoredFile)) == (0, 0)


def test_a_long_text_field_shown_again_with_its_error_stays_required_and_tied_to_its_message(sign_in):
    """Its attributes must stay apart: run together, the browser drops `required` and the link from
    the field to its message that screen readers read."""
    response = post_register(sign_in("oficialia"), form_data(asunto="Ab"))
    assert response.status_code == 422
    [field] = re.findall(r'<textarea id="campo-asunto"[^>]*>', response.text)
    assert re.search(r'\srequired\s+aria-invalid="true" aria-describedby="error-asunto"', field), field


def test_missing_required_fields_are_reported_beside_each_field_and_nothing_is_saved(engine, sign_in):
    client = sign_in("oficialia")
    response = post_register(client, form_data(remitente="", asunto="", canal=""),
                             ("oficio.pdf", PDF, "application/pdf"))
    assert response.status_code == 422
    for field in ("remitente", "asunto", "canal"):
        assert f'id="error-{field}"' in response.text
    assert "Este campo es obligatorio." in response.text
    assert (count(engine, Correspondence), count(engine, StoredFile), count(engine, ProcessInstance)) == (0, 0, 0)


def test_a_reception_date_in_the_future_is_refused(engine, sign_in):
    client = sign_in("oficialia")
    response = post_register(client, form_data(fecha_recepcion=(demo_today() + timedelta(days=1)).isoformat()))
    assert response.status_code == 422
    assert "La fecha de recepción no puede ser posterior a hoy." in response.text
    assert count(engine, Correspondence) == 0


def test_a_reception_later_today_than_now_is_refused_and_the_form_kept(engine, sign_in, monkeypatch):
    morning = datetime.combine(demo_today(), time(7, 30), tzinfo=ZoneInfo(DEFAULT_TIMEZONE))
    monkeypatch.setattr("engine.clock.now_in", lambda zone: morning)
    client = sign_in("oficialia")
    response = post_register(client, form_data(fecha_recepcion=demo_today().isoformat(), hora_recepcion="19:30"))
    assert response.status_code == 422
    assert 'id="error-hora_recepcion">La hora no puede ser posterior a este momento (son las 07:30).' in response.text
    assert 'value="19:30"' in response.text
    assert count(engine, Correspondence) == 0


def test_the_turn_box_gives_the_tasks_current_due_moment(engine, demo, oficialia, sign_in):
    """A día inhábil declared after the turn moves the task's due moment (the inbox and the header
    follow it); the turn's box on the same page gives that moment, not the day first given."""
    instance = register_document(engine, oficialia)
    turn_document(engine, oficialia, instance.id, [demo.areas["DA"]])
    with transaction(engine) as session:
        task = session.exec(select(OpenTask).where(OpenTask.instance_id == instance.id)).one()
        first = task.due_at
        task.due_at = first + timedelta(days=1)  # as the recalculation after declaring the day leaves it
    moved = to_local(first + timedelta(days=1), DEFAULT_TIMEZONE).strftime("%d/%m/%Y %H:%M")
    page = sign_in("enlace_da").get(f"/tareas/{task.id}").text
    assert f"<dt>Vence</dt><dd>{moved} horas (al cierre de la jornada)" in page
    assert to_local(first, DEFAULT_TIMEZONE).strftime("%d/%m/%Y %H:%M") not in page


def test_the_document_page_and_the_turn_and_answer_forms_say_from_which_dia_habil_it_counts_as_the_acuse_does(
        engine, demo, oficialia, settings, sign_in):
    """«Recibido 28/11/2026 11:00 horas» (a Saturday) without «se tiene por recibido el lunes 30 de noviembre», which
    the acuse and /consulta did say: the enlaces never saw which día hábil counts."""
    # After closing time today: whatever day the suite runs, it counts from the next día hábil.
    instance = register_document(engine, oficialia, fecha_recepcion=demo_today().isoformat(), hora_recepcion="19:00")
    item = item_of(engine, instance.id)
    with reading(engine) as session:
        acuse = text_of(files.read(settings, session.get(StoredFile, item.acuse_file_id)))
    [sentence] = [line for line in acuse.splitlines() if line.startswith("Recibido el ")]
    assert ": se tiene por recibido el " in sentence
    office = sign_in("oficialia")

    def said(client, url) -> str:
        return " ".join(client.get(url).text.split())

    assert f"{demo_today():%d/%m/%Y} 19:00 horas<br><span class=\"discreto\">{sentence}</span>" in said(
        office, f"/correspondencia/{item.id}")
    [turn] = open_tasks(engine, instance.id)
    assert f"a las 19:00 horas<br><span class=\"discreto\">{sentence}</span>" in said(office, f"/tareas/{turn.id}")
    turn_document(engine, oficialia, instance.id, [demo.areas["DA"]])
    [answer] = open_tasks(engine, instance.id)
    enlace = sign_in("enlace_da")
    assert f"a las 19:00 horas<br><span class=\"discreto\">{sentence}</span>" in said(enlace, f"/tareas/{answer.id}")
    assert sentence in said(enlace, f"/correspondencia/{item.id}")


def test_nothing_inside_the_turn_form_inherits_the_forms_selector_of_buttons_to_disable(engine, oficialia, sign_in):
    """The date preview asks the server on every change: with the form's «find button[type=submit]»
    inherited, htmx finds no button inside it and Chromium logs an error each time."""
    instance = register_document(engine, oficialia)
    with reading(engine) as session:
        task = session.exec(select(OpenTask).where(OpenTask.instance_id == instance.id)).one()
    page = sign_in("oficialia").get(f"/tareas/{task.id}").text
    form = page[page.index('<form id="form-tarea"'):]
    inside = form[form.index(">") + 1:form.index("</form>")]
    requests = re.findall(r"<[a-z]+\b[^>]*\bhx-(?:get|post)=[^>]*>", inside)
    assert requests and all('hx-disabled-elt="unset"' in tag for tag in requests), requests


def test_the_same_registration_form_sent_twice_registers_once(engine, sign_in):
    client = sign_in("oficialia")
    key = hidden_value(client.get("/correspondencia/nueva").text, "envio")
    first = post_register(client, form_data(envio=key))
    assert first.status_code == 303
    again = post_register(client, form_data(envio=key))  # «Atrás» in the browser, then «Registrar»
    assert again.status_code == 303 and again.headers["location"].startswith(first.headers["location"].split("?")[0])
    assert count(engine, Correspondence) == 1
    page = client.get(again.headers["location"]).text
    assert "Ese formulario ya se había enviado: el documento quedó registrado una sola vez" in page
    other = hidden_value(client.get("/correspondencia/nueva").text, "envio")
    assert other != key and post_register(client, form_data(envio=other)).status_code == 303
    assert count(engine, Correspondence) == 2


def test_the_same_registration_form_sent_three_times_at_once_registers_once(engine, sign_in, monkeypatch):
    client = sign_in("oficialia")
    key = hidden_value(client.get("/correspondencia/nueva").text, "envio")
    data = {**form_data(envio=key), "_csrf_token": csrf_of(client)}
    answers = sent_at_once(monkeypatch, lambda: client.post("/correspondencia/nueva", data=data,
                                                            follow_redirects=False))
    with reading(engine) as session:
        [item] = session.exec(select(Correspondence)).all()
    assert [a.status_code for a in answers] == [303, 303, 303]
    assert sorted(a.headers["location"] for a in answers) == [f"/correspondencia/{item.id}?registrado=1"] + \
        [f"/correspondencia/{item.id}?registrado=ya"] * 2


def test_a_folio_repeated_by_a_pattern_without_the_year_is_refused_in_spanish_and_nothing_is_saved(engine, demo,
                                                                                                   sign_in):
    """An organization whose pattern was saved before patterns had to include {year}: this year's
    first folio is last year's. The page says so in Spanish, without the database's message."""
    with transaction(engine) as session:
        session.get(Organization, demo.organization.id).correspondence_folio_pattern = "OP-{seq:06d}"
        session.add(Correspondence(organization_id=demo.organization.id, folio="OP-000001", year=demo_today().year - 1,
                                   seq=1, sender_name="Remitente del año pasado", subject="Asunto del año pasado",
                                   channel=Channel.VENTANILLA, received_at=datetime.now(UTC) - timedelta(days=400)))
    client = sign_in("oficialia")
    response = post_register(client, form_data(), ("oficio.pdf", PDF, "application/pdf"))
    assert response.status_code == 422
    assert ("No se registró el documento: el folio OP-000001 ya se asignó a otro documento, porque el patrón de "
            "folios del ente (OP-{seq:06d}) no incluye el año.") in response.text
    assert "Administración → Entes" in response.text
    assert "IntegrityError" not in response.text and "INSERT" not in response.text
    assert SENDER in response.text  # what was typed comes back to be sent again
    assert (count(engine, Correspondence), count(engine, StoredFile), count(engine, ProcessInstance)) == (1, 0, 0)


def test_a_failing_folio_step_shows_a_spanish_message_not_the_programs_error(engine, sign_in, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError(f"(sqlite3.OperationalError) database is locked [parameters: ('{SENDER}',)]")
    monkeypatch.setattr("workflows.correspondence.handlers.build_acuse", broken)
    response = post_register(sign_in("oficialia"), form_data())
    assert response.status_code == 422
    assert "No se pudo asignar el folio y no se registró el documento." in response.text
    assert "OperationalError" not in response.text and "database is locked" not in response.text
    assert (count(engine, Correspondence), count(engine, ProcessInstance)) == (0, 0)


def test_a_subject_pasted_from_word_with_its_vertical_tab_is_registered_with_a_line_break(engine, sign_in):
    """The page answered «No se pudo asignar el folio… Intente de nuevo», which never worked."""
    response = post_register(sign_in("oficialia"), form_data(asunto="Solicitud de informe\vsegunda línea"))
    assert response.status_code == 303, response.text
    with reading(engine) as session:
        assert session.exec(select(Correspondence.subject)).one() == "Solicitud de informe\nsegunda línea"


def test_an_enlace_cannot_register_documents(engine, sign_in):
    client = sign_in("enlace_da")
    assert client.get("/correspondencia/nueva").status_code == 403
    assert post_register(client, form_data()).status_code == 403
    assert count(engine, Correspondence) == 0


def test_the_register_form_offers_every_channel():
    from pathlib import Path
    html = (Path(__file__).parents[2] / "templates/forms/correspondence/register.html").read_text()
    assert all(f'"{channel.value}"' in html for channel in Channel)


# -- list and detail ---------------------------------------------------------------------------


@pytest.fixture
def turned_to_each_area(engine, demo, oficialia):
    to_da = register(engine, oficialia, asunto="Informe de compras consolidadas")
    to_dri = register(engine, oficialia, asunto="Alerta de riesgos detectados")
    turn(engine, oficialia, to_da, demo.areas["DA"])
    turn(engine, oficialia, to_dri, demo.areas["DRI"])
    return to_da, to_dri


def test_the_oficialia_lists_every_document_of_its_organization(turned_to_each_area, sign_in):
    to_da, to_dri = turned_to_each_area
    page = sign_in("oficialia").get("/correspondencia")
    assert page.status_code == 200
    assert to_da.folio in page.text and to_dri.folio in page.text
    assert 'href="/correspondencia/nueva"' in page.text


def test_an_enlace_lists_only_the_documents_turned_to_its_area(turned_to_each_area, sign_in):
    to_da, to_dri = turned_to_each_area
    page = sign_in("enlace_da").get("/correspondencia")
    assert page.status_code == 200
    assert to_da.folio in page.text and to_dri.folio not in page.text
    assert 'href="/correspondencia/nueva"' not in page.text


@pytest.mark.parametrize("username,shown", [("oficialia", True), ("admin", True), ("enlace_da", True),
                                             ("transparencia", True), ("juridico", False), ("integrante", False),
                                             ("comite", False)])
def test_the_menu_offers_the_correspondence_only_to_who_may_see_some(sign_in, username, shown):
    page = sign_in(username).get("/tareas").text
    assert ('<a href="/correspondencia" >Correspondencia</a>' in page) is shown


def test_the_list_filters_return_the_table_fragment_to_htmx(engine, oficialia, sign_in):
    first = register(engine, oficialia, asunto="Informe de compras consolidadas")
    second = register(engine, oficialia, asunto="Alerta de riesgos detectados")
    response = sign_in("oficialia").get("/correspondencia", params={"texto": "riesgos"},
                                        headers={"hx-request": "true", "hx-target": "tabla-correspondencia"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="tabla-correspondencia">')
    assert second.folio in response.text and first.folio not in response.text


def test_the_enlace_of_the_turned_area_sees_the_detail_and_its_answer_task(engine, turned_to_each_area, sign_in,
                                                                          enlace_area_a):
    to_da, _ = turned_to_each_area
    with reading(engine) as session:
        [task] = session.exec(select(OpenTask).where(OpenTask.instance_id == to_da.instance_id)).all()
    page = sign_in("enlace_da").get(f"/correspondencia/{to_da.id}")
    assert page.status_code == 200
    assert "Dirección de Administración" in page.text and "Atender y responder" in page.text
    assert f'href="/tareas/{task.id}"' in page.text
    with reading(engine) as session:
        [view] = detail(session, enlace_area_a, to_da.id).turns
    assert f'etiqueta-{view.remaining.state.value}">{view.remaining.text}</span>' in page.text  # días hábiles left


def test_the_detail_is_refused_to_the_enlace_of_another_area(turned_to_each_area, sign_in):
    to_da, _ = turned_to_each_area
    response = sign_in("enlace_dri").get(f"/correspondencia/{to_da.id}")
    assert response.status_code == 403
    assert "no se turnó a su área" in response.text


def test_a_document_of_another_organization_does_not_exist_for_the_oficialia(engine, sign_in):
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Municipio de Otro Lugar", short_name="MOL")
        session.add(other)
        session.flush()
        item = Correspondence(organization_id=other.id, folio="OP-2026-000001", year=2026, seq=1,
                              sender_name="Remitente", subject="Asunto ajeno", channel=Channel.PNT,
                              received_at=datetime.now(UTC))
        session.add(item)
        session.flush()
        item_id = item.id
    response = sign_in("oficialia").get(f"/correspondencia/{item_id}")
    assert response.status_code == 404
    assert "Asunto ajeno" not in response.text


def test_a_paper_request_goes_from_the_oficialia_to_the_unidad_and_becomes_a_request_without_typing_an_address(
        engine, demo, sign_in):
    """The oficialía registers what arrived and turns it to the Unidad de Transparencia; the Unidad finds
    it in its correspondence and registers it as a request from the document's page, keeping the folio."""
    oficialia = sign_in("oficialia")
    registered = post_register(oficialia, form_data(asunto="Solicita copia de los contratos de arrendamiento"))
    document_url = registered.headers["location"].split("?")[0]
    page = oficialia.get(document_url).text
    assert "Túrnelo a la Unidad de Transparencia" in page and "Convertir en solicitud" not in page
    turn_task = re.search(r'href="/tareas/([^"]+)"', page).group(1)
    turn_form = oficialia.get(f"/tareas/{turn_task}").text
    turned = oficialia.post(f"/tareas/{turn_task}", follow_redirects=False, data={
        "areas": str(demo.areas["UT"].id), "instruccion": "Registrar como solicitud de acceso a la información",
        "fecha_limite": (demo_today() + timedelta(days=5)).isoformat(), "version": hidden_value(turn_form, "version"),
        "_csrf_token": csrf_of(oficialia)})
    assert turned.status_code == 303, turned.text
    with reading(engine) as session:
        item = session.exec(select(Correspondence)).one()

    unidad = sign_in("transparencia")
    assert f'href="/correspondencia/{item.id}"' in unidad.get("/correspondencia").text
    page = unidad.get(document_url)
    assert page.status_code == 200
    convert = re.search(r'href="(/solicitudes/nueva\?[^"]+)">Convertir en solicitud</a>', page.text).group(1)
    form = unidad.get(convert.replace("&amp;", "&")).text
    assert f'value="{item.folio}"' in form and f'value="{SENDER}"' in form
    sent = unidad.post("/solicitudes/nueva", follow_redirects=False, data={
        "canal": "oficialia", "fecha_recepcion": demo_today().isoformat(), "hora_recepcion": "10:30",
        "tipo_solicitante": "nombre", "nombre": SENDER, "descripcion": "Copia de los contratos de arrendamiento "
        "vigentes de la Secretaría.", "folio_correspondencia": item.folio, "envio": hidden_value(form, "envio"),
        "_csrf_token": csrf_of(unidad)})
    assert sent.status_code == 303, sent.text
    with reading(engine) as session:
        request = session.exec(select(TransparencyRequest)).one()
    assert request.correspondence_id == item.id
    assert f"se registró como la solicitud <a href=\"/solicitudes/{request.id}\">" in unidad.get(document_url).text


def test_the_unidad_does_not_see_a_document_turned_to_another_area(turned_to_each_area, sign_in):
    to_da, _ = turned_to_each_area
    unidad = sign_in("transparencia")
    refused = unidad.get(f"/correspondencia/{to_da.id}")
    assert refused.status_code == 403 and "no se turnó a su área" in refused.text
    assert to_da.folio not in unidad.get("/correspondencia").text


@pytest.mark.parametrize("username", ["oficialia", "admin"])
def test_who_cannot_register_requests_sees_no_conversion_button(turned_to_each_area, sign_in, username):
    to_da, _ = turned_to_each_area
    page = sign_in(username).get(f"/correspondencia/{to_da.id}")
    assert page.status_code == 200 and "Convertir en solicitud" not in page.text


# -- public lookup -----------------------------------------------------------------------------


def test_the_public_lookup_shows_status_and_dates_but_not_the_subject_or_sender(engine, demo, oficialia, client):
    item = register(engine, oficialia)
    turn(engine, oficialia, item, demo.areas["DA"])
    response = client.get("/consulta", params={"folio": "  " + item.folio.lower() + " "})
    assert response.status_code == 200
    assert item.folio in response.text and "Turnado" in response.text
    assert "fecha límite" in response.text
    for secret in (SUBJECT, SENDER, "Contralora", "Secretaría de la Honestidad", "Dirección de Administración",
                   "Atender y responder"):
        assert secret not in response.text


def test_the_public_lookup_tells_a_returned_turn_from_an_answer(engine, demo, oficialia, enlace_area_a, client):
    item = register(engine, oficialia)
    turn(engine, oficialia, item, demo.areas["DA"])
    with transaction(engine) as session:
        [task] = session.exec(select(OpenTask).where(OpenTask.instance_id == item.instance_id)).all()
        runtime.complete_task(session, enlace_area_a, task.id, {"sentido": "devuelto",
                                                                "respuesta": "No es competencia de esta área."})
    page = client.get("/consulta", params={"folio": item.folio}).text
    today = long_date(demo_today())
    assert f"devuelto a la oficialía de partes el {today}: no correspondía al área a la que se turnó" in page
    assert "respondido el" not in page and "<strong>Turnado</strong>" in page
    assert "No es competencia de esta área." not in page


def test_the_public_lookup_gives_the_due_date_a_dia_inhabil_declared_after_turning_moved(
        engine, demo, oficialia, admin, client):
    item = register(engine, oficialia)
    turn(engine, oficialia, item, demo.areas["DA"])
    given, moved = declare_the_turns_day_inhabil(engine, admin)
    page = client.get("/consulta", params={"folio": item.folio}).text
    # The same day the staff's pages, Mis tareas and /plazos give.
    assert moved > given and f"fecha límite {long_date(moved)};" in page and long_date(given) not in page


def test_a_returned_turn_the_oficialia_concluded_without_turning_again_promises_no_other_area(
        engine, demo, oficialia, enlace_area_a, enlace_area_b, client):
    instance = register_document(engine, oficialia)
    turn_document(engine, oficialia, instance.id, [demo.areas["DA"], demo.areas["DRI"]])
    with transaction(engine) as session:
        by_area = {t.area_id: t for t in session.exec(select(OpenTask).where(OpenTask.instance_id == instance.id))}
    for actor, area, answer in ((enlace_area_a, "DA", {"sentido": "atendido", "respuesta": "Se remite el informe."}),
                                (enlace_area_b, "DRI", {"sentido": "devuelto", "respuesta": "Lo atiende DA."})):
        with transaction(engine) as session:
            runtime.complete_task(session, actor, by_area[demo.areas[area].id].id, answer)
    with transaction(engine) as session:
        [again] = session.exec(select(OpenTask).where(OpenTask.instance_id == instance.id)).all()
        runtime.complete_task(session, oficialia, again.id, {"decision": "concluir",
                                                             "conclusion": "Atendido por Administración."})
        folio = session.exec(select(Correspondence.folio).where(Correspondence.instance_id == instance.id)).one()
    page = client.get("/consulta", params={"folio": folio}).text
    assert "<strong>Concluido</strong>" in page and "respondido el" in page
    assert "devuelto a la oficialía de partes" in page and "turnarse a otra área" not in page


def test_the_public_lookup_finds_a_folio_typed_without_its_leading_zeros(engine, demo, oficialia, client):
    item = register(engine, oficialia)  # OP-2026-000001
    head, _, number = item.folio.rpartition("-")
    page = client.get("/consulta", params={"folio": f"{head}-{int(number)}"})
    assert page.status_code == 200 and item.folio in page.text


def test_the_public_lookup_says_from_which_dia_habil_a_document_filed_on_a_sunday_counts(engine, demo, oficialia,
                                                                                         client):
    instance = register_document(engine, oficialia, fecha_recepcion="2026-11-22", hora_recepcion="10:00",
                                 captura_extemporanea="Registrado en una prueba, días después de su recepción")
    with reading(engine) as session:
        folio = session.exec(select(Correspondence.folio).where(Correspondence.instance_id == instance.id)).one()
    page = " ".join(client.get("/consulta", params={"folio": folio}).text.split())
    assert ("Recibido el domingo 22 de noviembre de 2026 a las 10:00, en día inhábil: se tiene por recibido el "
            "lunes 23 de noviembre de 2026.") in page


def test_an_unknown_folio_gives_a_404_with_a_spanish_message(client, demo):
    response = client.get("/consulta", params={"folio": "OP-1999-000042"})
    assert response.status_code == 404
    assert "No encontramos el folio OP-1999-000042" in response.text
    assert "Revise que esté escrito como aparece en su acuse de recibo." in response.text  # «usted», as everywhere
    assert client.get("/consulta").status_code == 200


# -- statistics --------------------------------------------------------------------------------


def test_the_statistics_page_counts_a_small_known_set(engine, demo, sign_in):
    with transaction(engine) as session:
        for seq, status, closed_at in [(1, CorrespondenceStatus.CLOSED, datetime(2025, 3, 5, 16, 0, tzinfo=UTC)),
                                       (2, CorrespondenceStatus.TURNED, None),
                                       (3, CorrespondenceStatus.REGISTERED, None)]:
            session.add(Correspondence(
                organization_id=demo.organization.id, folio=f"OP-2025-{seq:06d}", year=2025, seq=seq,
                sender_name="Remitente", subject="Asunto", topic="Informes", channel=Channel.VENTANILLA,
                received_at=datetime(2025, 3, 2, 16, 0, tzinfo=UTC), status=status, closed_at=closed_at))
    response = sign_in("oficialia").get("/correspondencia/estadisticas", params={"anio": "2025"})
    assert response.status_code == 200
    assert '<dd id="cifra-recibidos">3</dd>' in response.text
    assert '<dd id="cifra-abiertos">2</dd>' in response.text
    assert '<dd id="cifra-concluidos">1</dd>' in response.text
    # Received Sunday 2 March (counts as Monday 3), closed Wednesday 5 March: 2 días hábiles.
    assert '<dd id="cifra-promedio">2.0 días hábiles</dd>' in response.text
    assert "/static/vendor/chart.umd.js" in response.text
    html = response.text
    assert "Documentos por medio de recepción en 2025" in html and "Respuestas de las áreas a los turnos de 2025" in html
    assert '<tr><th scope="row">Ventanilla</th><td>3</td></tr>' in html
    assert '<tr><th scope="row">Atendido</th><td>0</td></tr>' in html


def test_the_statistics_page_of_a_year_without_documents_selects_that_year_and_dates_its_days(demo, sign_in):
    html = sign_in("oficialia").get("/correspondencia/estadisticas", params={"anio": "2024"}).text
    assert '<option value="2024" selected>2024</option>' in html
    assert "Recibidos en 2024</dt>" in html and '<dd id="cifra-recibidos">0</dd>' in html
    assert "Recibidos por día, del 2 de diciembre de 2024 al 31 de diciembre de 2024" in html
    assert "últimos 30 días" not in html


def test_an_impossible_year_of_the_statistics_page_is_said_with_the_year_shown(demo, sign_in):
    year = demo_today().year
    html = sign_in("oficialia").get("/correspondencia/estadisticas", params={"anio": "99999"}).text
    assert f"El año «99999» no es válido: elija uno de 2000 a {year}. Se muestra {year}." in html
    assert f'<option value="{year}" selected>{year}</option>' in html


def test_the_statistics_page_is_refused_to_an_enlace(sign_in):
    assert sign_in("enlace_da").get("/correspondencia/estadisticas").status_code == 403
    assert 'href="/correspondencia/estadisticas">Estadísticas</a>' in sign_in("oficialia").get("/correspondencia").text
    assert 'href="/correspondencia/estadisticas"' not in sign_in("enlace_da").get("/correspondencia").text


# -- task form templates (rendered by the task page inside its <form>) -------------------------


def render_task_form(engine, actor, task_name, instance_id, values=None, errors=None):
    """The form's template with the context the task page gives it (the process's form_context too)."""
    from web.app import _jinja
    from web.routes.tasks import task_form_context
    environment = _jinja().engine
    with reading(engine) as session:
        task = session.exec(select(OpenTask).where(OpenTask.instance_id == instance_id,
                                                   OpenTask.task_name == task_name)).first()
        context = task_form_context(session, actor, task, values, errors)
    return environment.get_template(f"forms/correspondence/{task_name}.html").render(**context)


def test_the_turn_form_shows_the_document_and_offers_every_area(engine, demo, oficialia):
    item = register(engine, oficialia)
    html = render_task_form(engine, oficialia, "turn", item.instance_id, errors={"areas": "Elija al menos 1."})
    assert item.folio in html and SUBJECT in html and SENDER in html
    for area in demo.areas.values():
        assert f'name="areas" value="{area.id}"' in html
    assert 'name="instruccion"' in html and 'name="fecha_limite" type="date"' in html
    assert "Elija al menos 1." in html


def test_the_turn_form_lists_what_an_area_returned(engine, demo, oficialia, enlace_area_a):
    item = register(engine, oficialia)
    turn(engine, oficialia, item, demo.areas["DA"])
    with transaction(engine) as session:
        [task] = session.exec(select(OpenTask).where(OpenTask.instance_id == item.instance_id)).all()
        runtime.complete_task(session, enlace_area_a, task.id, {"sentido": "devuelto",
                                                                 "respuesta": "No es competencia de esta área."})
    html = render_task_form(engine, oficialia, "turn", item.instance_id)
    assert "Devoluciones del turno anterior" in html
    assert "Dirección de Administración" in html and "No es competencia de esta área." in html


def test_the_answer_form_shows_the_turn_and_both_choices(engine, demo, oficialia):
    item = register(engine, oficialia)
    turn(engine, oficialia, item, demo.areas["DA"])
    html = render_task_form(engine, oficialia, "answer", item.instance_id)
    with reading(engine) as session:
        [due_at] = session.exec(select(Deadline.due_at)).all()
    assert "Dirección de Administración" in html and "Atender y responder" in html
    # The turn's due moment in the organization's zone: its office's closing time on the due day.
    assert f"{to_local(due_at, demo.organization.timezone):%d/%m/%Y %H:%M} horas (al cierre de la jornada)" in html
    assert "Atendido (se da respuesta)" in html and "Devolver (no corresponde a esta área)" in html
    assert 'name="respuesta"' in html and 'name="anexo_id" type="file"' in html


def test_the_close_form_summarizes_the_answers(engine, demo, oficialia, enlace_area_a):
    item = register(engine, oficialia)
    turn(engine, oficialia, item, demo.areas["DA"])
    with transaction(engine) as session:
        [task] = session.exec(select(OpenTask).where(OpenTask.instance_id == item.instance_id)).all()
        runtime.complete_task(session, enlace_area_a, task.id, {"sentido": "atendido",
                                                                 "respuesta": "Se remite el informe solicitado."})
    html = render_task_form(engine, oficialia, "close", item.instance_id)
    assert "Se remite el informe solicitado." in html and "Rosa Elena Martínez Cruz" in html
    assert 'name="conclusion"' in html


def answer(engine, enlace, item, area, sentido, respuesta, anexo_id=None):
    with transaction(engine) as session:
        task = session.exec(select(OpenTask).where(OpenTask.instance_id == item.instance_id,
                                                   OpenTask.task_name == "answer", OpenTask.area_id == area.id)).one()
        runtime.complete_task(session, enlace, task.id, {"sentido": sentido, "respuesta": respuesta,
                                                         **({"anexo_id": anexo_id} if anexo_id else {})})


@pytest.fixture
def answered_then_returned(engine, demo, settings, oficialia, enlace_area_a, enlace_area_b):
    """Round 1: the DA answered with an annex and the DRI returned it; the turn task is open again."""
    item = register(engine, oficialia)
    with transaction(engine) as session:
        [task] = session.exec(select(OpenTask).where(OpenTask.instance_id == item.instance_id)).all()
        runtime.complete_task(session, oficialia, task.id, {
            "areas": [demo.areas["DA"].id, demo.areas["DRI"].id], "instruccion": "Atender y responder",
            "fecha_limite": (demo_today() + timedelta(days=5)).isoformat()})
        annex = files.store(session, settings, demo.organization.id, "anexo", "Informe", "informe-avance-2026.pdf",
                            PDF, created_by=enlace_area_a.user_id, instance_id=item.instance_id,
                            area_id=demo.areas["DA"].id)
    answer(engine, enlace_area_a, item, demo.areas["DA"], "atendido", "Se remite el informe de avance.", annex.id)
    answer(engine, enlace_area_b, item, demo.areas["DRI"], "devuelto", "No es competencia de esta área.")
    return item, annex


def test_the_turn_form_after_a_return_shows_what_the_other_area_answered_with_its_annex(
        engine, demo, oficialia, answered_then_returned):
    item, annex = answered_then_returned
    html = render_task_form(engine, oficialia, "turn", item.instance_id)
    assert "Devoluciones del turno anterior" in html and "No es competencia de esta área." in html
    assert "Se remite el informe de avance." in html and "Rosa Elena Martínez Cruz" in html
    assert f'href="/archivos/{annex.id}"' in html and "informe-avance-2026.pdf" in html


def test_the_close_form_lists_every_rounds_answers_not_only_the_last_one(
        engine, demo, oficialia, transparencia, answered_then_returned):
    item, annex = answered_then_returned
    turn(engine, oficialia, item, demo.areas["UT"])
    answer(engine, transparencia, item, demo.areas["UT"], "atendido", "Se registró como solicitud.")
    html = render_task_form(engine, oficialia, "close", item.instance_id)
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
    assert len(rows) == 3
    assert "Dirección de Administración" in rows[0] and "Atendido" in rows[0]
    assert "Se remite el informe de avance." in rows[0] and f'href="/archivos/{annex.id}"' in rows[0]
    assert "Devuelto" in rows[1] and "No es competencia de esta área." in rows[1]
    assert "Unidad de Transparencia" in rows[2] and "Se registró como solicitud." in rows[2]
    assert "Luis Alberto Pérez Soto" in rows[2]


@pytest.fixture
def one_megabyte_limit(monkeypatch):
    """Uploads limited to 1 MB (the default is 20 MB); set before the app reads its settings."""
    monkeypatch.setenv("PLENO_MAX_UPLOAD_MB", "1")


def test_a_scan_over_the_size_limit_is_refused_beside_the_field_and_nothing_is_saved(
        one_megabyte_limit, engine, sign_in):
    client = sign_in("oficialia")
    big = PDF + b"0" * (1024 * 1024 + 512 * 1024)
    response = post_register(client, form_data(), ("oficio.pdf", big, "application/pdf"))
    assert response.status_code == 422
    assert 'id="error-archivo_id"' in response.text
    # 1.5 MB, read only to the limit: no made-up size («pesa 1.0 MB»), just the limit.
    assert "El archivo es demasiado grande: el máximo es 1 MB." in response.text and "pesa" not in response.text
    assert (count(engine, Correspondence), count(engine, StoredFile), count(engine, ProcessInstance)) == (0, 0, 0)


def test_a_request_far_over_the_size_limit_gets_a_spanish_message(one_megabyte_limit, engine, sign_in):
    client = sign_in("oficialia")
    huge = PDF + b"0" * (3 * 1024 * 1024)
    response = post_register(client, form_data(), ("oficio.pdf", huge, "application/pdf"))
    assert response.status_code == 413
    assert "demasiado grande" in response.text and "1 MB" in response.text
    assert "«Atrás» del navegador: lo que escribió suele seguir en el formulario" in response.text
    assert (count(engine, Correspondence), count(engine, StoredFile), count(engine, ProcessInstance)) == (0, 0, 0)


def test_every_file_field_states_the_configured_limit_for_the_browser_to_check(one_megabyte_limit, sign_in):
    page = sign_in("oficialia").get("/correspondencia/nueva").text
    assert 'type="file" data-max-bytes="1048576" data-max-mb="1"' in page
    assert "máximo 1 MB" in page and "20 MB" not in page
    unit = sign_in("transparencia").get("/solicitudes/importar").text
    assert 'data-max-bytes="1048576"' in unit


def test_reception_times_show_in_the_organizations_own_time_zone(engine, demo, sign_in):
    """An ente in Tijuana registers a document received at 10:30 its time: every page says 10:30,
    whatever zone the server runs in (the same instant is 12:30 in Mexico City)."""
    with transaction(engine) as session:
        session.get(Organization, demo.organization.id).timezone = "America/Tijuana"
    client = sign_in("oficialia")
    received = demo_today() - timedelta(days=1)  # never in the future in Tijuana, whatever the hour here
    response = post_register(client, form_data(fecha_recepcion=received.isoformat(), hora_recepcion="10:30"))
    assert response.status_code == 303, response.text
    detail = client.get(response.headers["location"]).text
    listing = client.get("/correspondencia").text
    local = received.strftime("%d/%m/%Y")
    assert f"{local} 10:30 horas" in detail and f"{local} 12:30" not in detail
    assert f"{local} 10:30" in listing and f"{local} 12:30" not in listing


def test_the_turn_form_proposes_the_internal_term_of_the_rule_set_counted_from_today(engine, demo, oficialia,
                                                                                    sign_in):
    item = register(engine, oficialia)
    with reading(engine) as session:
        [task] = session.exec(select(OpenTask).where(OpenTask.instance_id == item.instance_id)).all()
        calendar = calendar_for(session, demo.organization.id, "correspondencia")
        expected = calendar.add(calendar.received_on(datetime.now(UTC)), 5, Unit.BUSINESS_DAYS).due
    page = sign_in("oficialia").get(f"/tareas/{task.id}").text
    assert f'name="fecha_limite" type="date" value="{expected.isoformat()}"' in page
    assert "5 días hábiles: Plazo interno que fija la oficialía de partes. Puede cambiarla." in page


def test_the_turn_form_gives_a_holiday_with_its_legal_basis_in_one_parenthesis(engine, demo, sign_in):
    with reading(engine) as session:
        calendar = calendar_for(session, demo.organization.id, "correspondencia")
    holiday = next(day for day in (demo_today() + timedelta(days=n) for n in range(1, 400))
                   if "(" in (calendar.reason_closed(day) or ""))
    name, basis = calendar.reason_closed(holiday).rstrip(")").split(" (")
    hint = " ".join(sign_in("oficialia").get(f"/correspondencia/turno/vencimiento?fecha_limite={holiday}").text.split())
    assert hint.startswith(f"El {long_date(holiday)} es inhábil ({name}, {basis}): el turno vencerá")


def test_the_turn_form_tells_as_the_date_is_picked_that_an_inhabil_day_ends_the_turn_on_the_next_dia_habil(
        engine, demo, oficialia, sign_in):
    item = register(engine, oficialia)
    with reading(engine) as session:
        [task] = session.exec(select(OpenTask).where(OpenTask.instance_id == item.instance_id)).all()
        calendar = calendar_for(session, demo.organization.id, "correspondencia")
    saturday = demo_today() + timedelta(days=7 + (5 - demo_today().weekday()) % 7)
    monday = calendar.next_business_day(saturday)
    client = sign_in("oficialia")
    form = " ".join(client.get(f"/tareas/{task.id}").text.split())
    assert ('hx-get="/correspondencia/turno/vencimiento" hx-target="this" hx-swap="innerHTML" '
            'hx-trigger="load, change from:#campo-fecha_limite" hx-include="#campo-fecha_limite"') in form
    hint = " ".join(client.get(f"/correspondencia/turno/vencimiento?fecha_limite={saturday}").text.split())
    assert hint == (f"El {long_date(saturday)} es inhábil (sábado): el turno vencerá el siguiente día hábil, el "
                    f"<strong>{long_date(monday)}</strong>.")
    hint = " ".join(client.get(f"/correspondencia/turno/vencimiento?fecha_limite={monday}").text.split())
    assert hint == f"El turno vencerá el <strong>{long_date(monday)}</strong>."
    for asked, said in ((demo_today() - timedelta(days=1), "La fecha límite no puede ser anterior a hoy."),
                        ("", "Elija la fecha límite para ver cuándo vence el turno.")):
        assert client.get(f"/correspondencia/turno/vencimiento?fecha_limite={asked}").text.strip() == said
    assert sign_in("enlace_da").get(f"/correspondencia/turno/vencimiento?fecha_limite={monday}").status_code == 403


@pytest.mark.parametrize("asked", ["9999-12-31", "2999-01-04"])
def test_the_turn_forms_preview_of_a_date_typed_to_mean_no_date_answers_in_spanish(sign_in, asked):
    """9999-12-31 gave a 500 after some 11 s of computing every year up to it (2999: a second)."""
    response = sign_in("oficialia").get(f"/correspondencia/turno/vencimiento?fecha_limite={asked}")
    assert response.status_code == 200
    assert response.text.strip() == date_problem(date.fromisoformat(asked), demo_today())


def test_the_turn_form_tells_that_a_turn_given_after_closing_for_that_same_day_ends_on_the_next_dia_habil(
        engine, demo, sign_in, monkeypatch):
    friday_night = datetime(2026, 11, 27, 23, 35, tzinfo=ZoneInfo(DEFAULT_TIMEZONE))
    monkeypatch.setattr("engine.clock.now_in", lambda zone: friday_night.astimezone(ZoneInfo(zone)))
    monkeypatch.setattr("workflows.correspondence.turn_form.utcnow", lambda: friday_night.astimezone(UTC))
    hint = " ".join(sign_in("oficialia").get("/correspondencia/turno/vencimiento?fecha_limite=2026-11-27").text.split())
    assert hint == ("La oficialía ya cerró hoy (a las 18:00): un turno dado ahora cuenta desde el siguiente día hábil, "
                    "así que con fecha límite el 27 de noviembre de 2026 vencerá el <strong>30 de noviembre de "
                    "2026</strong>.")


def test_the_expedientes_current_data_show_the_day_a_turn_picked_on_a_saturday_really_ends(
        engine, demo, oficialia, sign_in):
    item = register(engine, oficialia)
    saturday = demo_today() + timedelta(days=7 + (5 - demo_today().weekday()) % 7)
    with transaction(engine) as session:
        [task] = session.exec(select(OpenTask).where(OpenTask.instance_id == item.instance_id)).all()
        runtime.complete_task(session, oficialia, task.id, {"areas": [demo.areas["DA"].id],
                                                            "instruccion": "Atender y responder",
                                                            "fecha_limite": saturday.isoformat()})
        due = session.exec(select(Deadline)).one().due_on
    page = " ".join(sign_in("oficialia").get(f"/procesos/{item.instance_id}").text.split())
    assert f"<dt>Fecha límite de atención</dt><dd>{due:%d/%m/%Y}</dd>" in page
    assert f"{saturday:%d/%m/%Y}</dd>" not in page
