"""The instance page: who may see it, its timeline, documents, data and diagram, and retrying errors."""

import json
import re

import pytest
from sqlalchemy import update
from sqlmodel import select

from engine.accounts import Role, create_user, issue_api_token
from engine.clock import DEFAULT_TIMEZONE, today_in
from engine.db import transaction
from engine.files import StoredFile, store
from engine.processes import InstanceStatus, ProcessInstance
from engine.runtime import runtime
from engine.tenancy import Organization
from workflows.demo import DEMO_PASSWORD
from correspondence_steps import item_of, open_tasks, register_document, turn_document



def register(engine, oficialia):
    return register_document(engine, oficialia, asunto="Solicita informe de avance")


def turn_to(engine, oficialia, instance, *areas):
    turn_document(engine, oficialia, instance.id, areas)


def states_on(page_html):
    match = re.search(r"data-states='([^']*)'", page_html)
    assert match, "no diagram states"
    return json.loads(match.group(1).replace("&#34;", '"').replace("&quot;", '"'))


def stranger(engine):
    """A person of another organization with every organization-wide role that matters here."""
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Otro ente", short_name="OTRO")
        session.add(other)
        session.flush()
        create_user(session, other.id, "ajeno", "Persona Ajena", "ajeno@otro.example", DEMO_PASSWORD,
                    [(Role.ADMIN, None), (Role.OFICIALIA, None)])


def test_the_instance_page_shows_status_timeline_documents_data_and_diagram_states(
        engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    page = sign_in("oficialia").get(f"/procesos/{instance.id}")
    assert page.status_code == 200
    assert "En curso" in page.text
    assert "Inició «Correspondencia (oficialía de partes)»" in page.text
    assert "Asignó el folio" in page.text and "Completó «Registrar documento recibido»" in page.text
    with transaction(engine) as session:
        acuse = session.exec(select(StoredFile).where(StoredFile.instance_id == instance.id,
                                                      StoredFile.kind == "acuse")).one()
    assert f'href="/archivos/{acuse.id}"' in page.text
    assert "Mtra. Laura Díaz" in page.text  # current data
    assert "Turnar a las áreas" in page.text  # open task
    assert f'data-diagram-url="/procesos/{instance.id}/diagrama.bpmn"' in page.text
    states = states_on(page.text)
    assert states["register"] == "completed" and states["turn"] == "ready"
    assert "/static/vendor/bpmn-navigated-viewer.production.min.js" in page.text
    assert "Reintentar" not in page.text


def test_the_diagram_is_served_as_the_definition_the_instance_started_with(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    response = sign_in("oficialia").get(f"/procesos/{instance.id}/diagrama.bpmn")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    assert 'id="turn"' in response.text and "BPMNDiagram" in response.text
    # Its lanes read as the roles' names; the stored definition keeps the role keys the engine uses.
    assert '<bpmn:lane id="Lane_oficialia" name="Oficialía de partes">' in response.text
    assert '<bpmn:lane id="Lane_enlace" name="Enlace de área">' in response.text and 'name="oficialia"' not in response.text


def test_another_organization_gets_not_found(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    stranger(engine)
    client = sign_in("ajeno")
    assert client.get(f"/procesos/{instance.id}").status_code == 404
    assert client.get(f"/procesos/{instance.id}/diagrama.bpmn").status_code == 404
    assert client.get("/procesos/999999").status_code == 404


def test_an_id_too_large_for_any_column_is_not_found_rather_than_an_error(engine, demo, oficialia, sign_in, client):
    huge = 10**20
    browser = sign_in("admin")
    for path in (f"/procesos/{huge}", f"/archivos/{huge}", f"/correspondencia/{huge}", f"/solicitudes/{huge}"):
        response = browser.get(path)
        assert response.status_code == 404, path
        assert "No encontramos esa página." in response.text
    with transaction(engine) as session:
        token = issue_api_token(session, demo.users["admin"], "pruebas")
    api = client.get(f"/api/v1/procesos/{huge}", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 404 and "error" in api.json()
    # In a filter it names nothing either: a Spanish 400 on SQLite, an empty list where the database compares it.
    for path in (f"/tareas?area={huge}", f"/solicitudes?area={huge}", f"/correspondencia?anio={huge}"):
        response = browser.get(path)
        assert response.status_code in (200, 400), path
        assert response.status_code == 200 or "fuera de rango" in response.text
    listed = client.get(f"/api/v1/tareas?area_id={huge}", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code in (200, 400) and ("error" in listed.json() or listed.json()["tareas"] == [])


def test_an_enlace_sees_only_instances_turned_to_its_area(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    assert sign_in("enlace_da").get(f"/procesos/{instance.id}").status_code == 403
    turn_to(engine, oficialia, instance, demo.areas["DA"])
    assert sign_in("enlace_da").get(f"/procesos/{instance.id}").status_code == 200
    refused = sign_in("enlace_dri").get(f"/procesos/{instance.id}")
    assert refused.status_code == 403 and "no corresponde a sus áreas" in refused.text


def test_an_instance_in_error_offers_retry_to_the_admin_only(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    with transaction(engine) as session:
        session.execute(update(ProcessInstance).where(ProcessInstance.id == instance.id).values(
            status=InstanceStatus.ERROR.value, error_message="El servidor de correo no respondió"))
    officer = sign_in("oficialia")
    page = officer.get(f"/procesos/{instance.id}")
    assert "Con error" in page.text and "El servidor de correo no respondió" in page.text
    assert "Reintentar" not in page.text
    denied = officer.post(f"/procesos/{instance.id}/reintentar", headers={"x-csrftoken": officer.cookies["csrftoken"]},
                          follow_redirects=False)
    assert denied.status_code == 403
    admin = sign_in("admin")
    assert "Reintentar" in admin.get(f"/procesos/{instance.id}").text
    retried = admin.post(f"/procesos/{instance.id}/reintentar", headers={"x-csrftoken": admin.cookies["csrftoken"]},
                         follow_redirects=False)
    assert retried.status_code == 303 and retried.headers["location"] == f"/procesos/{instance.id}"
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.RUNNING
    assert "Reintentó el paso con error" in admin.get(f"/procesos/{instance.id}").text


def test_retrying_an_instance_without_error_is_a_clear_conflict(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    admin = sign_in("admin")
    response = admin.post(f"/procesos/{instance.id}/reintentar", headers={"x-csrftoken": admin.cookies["csrftoken"]},
                          follow_redirects=False)
    assert response.status_code == 409 and "no tiene un error pendiente" in response.text


def test_the_instance_data_is_labelled_with_the_forms_spanish_titles(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    page = sign_in("oficialia").get(f"/procesos/{instance.id}").text
    assert "Fecha de recepción" in page and "Nombre de quien envía" in page
    assert "Fecha recepcion" not in page


def test_the_instance_data_reads_dates_as_the_pages_do_and_leaves_row_ids_out(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    turn_to(engine, oficialia, instance, demo.areas["DA"])
    page = sign_in("oficialia").get(f"/procesos/{instance.id}").text
    data = page.split("Datos actuales", 1)[1].split("</dl>", 1)[0]
    assert today_in(DEFAULT_TIMEZONE).strftime("%d/%m/%Y") in data and today_in(DEFAULT_TIMEZONE).isoformat() not in data
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", data)  # no ISO moment either
    assert "Plazo id" not in data and "Turno id" not in data and "Area id" not in data


def test_the_instance_data_names_choices_areas_and_hours_as_people_read_them(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    turn_to(engine, oficialia, instance, demo.areas["DA"], demo.areas["DRI"])
    page = sign_in("oficialia").get(f"/procesos/{instance.id}").text
    data = page.split("Datos actuales", 1)[1].split("</dl>", 1)[0]
    assert "<dt>Medio de recepción</dt><dd>Ventanilla" in data  # the label, not the stored «ventanilla»
    assert "<dt>Áreas a las que se turna</dt><dd>Dirección de Administración, Dirección de Riesgos" in data
    assert "<dt>Hora de recepción</dt><dd>10:30</dd>" in data
    assert "Área: Dirección de Administración" in data and "Area:" not in data


def test_roles_the_correspondence_pages_refuse_cannot_read_it_on_the_process_page(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    with transaction(engine) as session:
        acuse = session.exec(select(StoredFile).where(StoredFile.instance_id == instance.id)).one()
    for username in ("juridico", "transparencia", "integrante", "comite"):
        browser = sign_in(username)
        assert browser.get(f"/correspondencia/{item_of(engine, instance.id).id}").status_code == 403
        assert browser.get(f"/procesos/{instance.id}").status_code == 403, username
        assert browser.get(f"/archivos/{acuse.id}").status_code == 403, username
    for username in ("oficialia", "admin"):
        assert sign_in(username).get(f"/procesos/{instance.id}").status_code == 200, username


def test_an_enlace_reads_neither_another_areas_answer_nor_its_file_on_the_process_page(
        engine, demo, settings, oficialia, enlace_area_a, sign_in):
    instance = register(engine, oficialia)
    turn_to(engine, oficialia, instance, demo.areas["DA"], demo.areas["DRI"])
    [task] = [t for t in open_tasks(engine, instance.id) if t.area_id == demo.areas["DA"].id]
    with transaction(engine) as session:
        annex = store(session, settings, demo.organization.id, "anexo", "Anexo de la respuesta", "informe.pdf",
                      b"%PDF-1.4 informe", created_by=enlace_area_a.user_id, instance_id=instance.id,
                      area_id=demo.areas["DA"].id)
        runtime.complete_task(session, enlace_area_a, task.id, {
            "sentido": "atendido", "respuesta": "Informe reservado del área DA", "anexo_id": annex.id})
    other = sign_in("enlace_dri")
    page = other.get(f"/procesos/{instance.id}").text
    assert "Informe reservado del área DA" not in page and "informe.pdf" not in page
    assert f'<a href="/correspondencia/{item_of(engine, instance.id).id}">su página</a>' in page
    assert other.get(f"/archivos/{annex.id}").status_code == 403
    own = sign_in("enlace_da")
    assert own.get(f"/archivos/{annex.id}").status_code == 200
    assert "informe.pdf · v1 · 16 bytes" in own.get(f"/procesos/{instance.id}").text  # not «0.0 KB»
    assert "Informe reservado del área DA" in sign_in("oficialia").get(f"/procesos/{instance.id}").text


@pytest.fixture
def answered_after_a_return(engine, demo, settings, oficialia, enlace_area_a, enlace_area_b, transparencia):
    """Turned to DA and DRI; DA answers with an annex, DRI returns it; turned again to the Unidad de
    Transparencia, whose enlace (also the Unidad's titular, organization-wide) answers. → (instance, annex)"""
    instance = register(engine, oficialia)
    turn_to(engine, oficialia, instance, demo.areas["DA"], demo.areas["DRI"])
    by_area = {t.area_id: t for t in open_tasks(engine, instance.id)}
    with transaction(engine) as session:
        annex = store(session, settings, demo.organization.id, "anexo", "Anexo de la respuesta", "informe.pdf",
                      b"%PDF-1.4 informe", created_by=enlace_area_a.user_id, instance_id=instance.id,
                      area_id=demo.areas["DA"].id)
        runtime.complete_task(session, enlace_area_a, by_area[demo.areas["DA"].id].id, {
            "sentido": "atendido", "respuesta": "Informe reservado del área DA", "anexo_id": annex.id})
    with transaction(engine) as session:
        runtime.complete_task(session, enlace_area_b, by_area[demo.areas["DRI"].id].id, {
            "sentido": "devuelto", "respuesta": "No corresponde a Riesgos."})
    turn_to(engine, oficialia, instance, demo.areas["UT"])
    [answer] = open_tasks(engine, instance.id)
    with transaction(engine) as session:
        runtime.complete_task(session, transparencia, answer.id, {
            "sentido": "atendido", "respuesta": "La Unidad da cuenta del asunto."})
    return instance, annex


@pytest.mark.parametrize("username,page_status,reads_everything,file_status", [
    ("oficialia", 200, True, 200), ("admin", 200, True, 200), ("enlace_da", 200, False, 200),
    ("enlace_dri", 200, False, 403), ("transparencia", 200, False, 403),
    ("juridico", 403, False, 403), ("comite", 403, False, 403), ("integrante", 403, False, 403)])
def test_only_the_oficialia_and_the_administration_read_every_areas_answer_and_file_of_a_document(
        engine, sign_in, answered_after_a_return, username, page_status, reads_everything, file_status):
    """An organization-wide role the correspondence is not open to (the Unidad de Transparencia)
    reads only its own area's part, as any enlace does."""
    instance, annex = answered_after_a_return
    browser = sign_in(username)
    page = browser.get(f"/procesos/{instance.id}")
    assert page.status_code == page_status
    assert ('<dl class="datos">' in page.text) == reads_everything  # «Datos actuales»: every area's turn
    assert ("informe.pdf" in page.text) == (reads_everything or username == "enlace_da")
    assert browser.get(f"/archivos/{annex.id}").status_code == file_status
