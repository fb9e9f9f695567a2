"""The follow-up of an acuerdo on the pages: every progress report kept in view (the report form, the
verification form, the expediente), a lower avance with its reason beside the field, the expediente's data
labelled as what they are, and the session page giving a returned acuerdo's new date. On the session clock
of tests/board_session_steps.py."""

import html
import re
from datetime import date, datetime

from sqlmodel import select

from board_quarter import Item, hold_session
from board_session_steps import Clock, boards, complete, on, session_clock, tasks  # noqa: F401
from engine.db import transaction
from tests.web.conftest import csrf_of, hidden_value
from workflows.board_session.models import Resolution, SessionKind
from workflows.resolution_followup import start_followup

FIRST = "Se redactó la mitad de los lineamientos."
SECOND = "Se revisó el capítulo de riesgos."
WHY = "La Comisión Ejecutiva pidió rehacer el capítulo de riesgos."
LAST = "Se concluyeron los lineamientos."


def followed_acuerdo(engine, demo, juridico):
    """The CC's acuerdo of 30 April 2021 orders work to the DA by 31 May; its follow-up starts on 3 May."""
    on(date(2021, 4, 30))
    cc = boards(engine, demo)["CC"]
    with transaction(engine) as db:
        board_session = hold_session(db, juridico, cc, SessionKind.ORDINARY,
                                     datetime(2021, 4, 30, 10), [
            Item("Lineamientos de la Política Estatal Anticorrupción",
                 resolution="Se instruye elaborar los lineamientos de la Política Estatal Anticorrupción.",
                 area_ids=(demo.areas["DA"].id,), due=date(2021, 5, 31))])
        resolution = db.exec(select(Resolution).where(Resolution.session_id == board_session.id)).one()
    on(date(2021, 5, 3))
    with transaction(engine) as db:
        instance = start_followup(db, juridico, db.get(Resolution, resolution.id))
    return resolution, instance


def text(page: str) -> str:
    """The page's text, tags out and spaces folded, as a person reads it."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def report(engine, enlace, instance, da, avance, texto, motivo=""):
    complete(engine, enlace, instance.id, "report_progress", {"avance": avance, "texto": texto, "motivo_baja": motivo},
             da.id)


def test_the_report_form_shows_the_areas_earlier_reports_and_asks_why_the_avance_drops(
        engine, demo, juridico, enlace_area_a, sign_in):
    da = demo.areas["DA"]
    resolution, instance = followed_acuerdo(engine, demo, juridico)
    on(date(2021, 5, 10))
    client = sign_in("enlace_da")
    first = client.get(f"/tareas/{tasks(engine, instance.id)[0].id}").text
    assert "Informes anteriores de su área" not in first and 'name="motivo_baja"' not in first
    report(engine, enlace_area_a, instance, da, 50, FIRST)
    [task] = tasks(engine, instance.id)
    form = client.get(f"/tareas/{task.id}").text
    assert "Informes anteriores de su área" in form
    assert "50 %" in text(form) and FIRST in form and "Rosa Elena Martínez Cruz" in form
    assert "Su último informe en este plazo dijo 50 %." in form and 'name="motivo_baja"' in form
    refused = client.post(f"/tareas/{task.id}", data={"avance": "30", "texto": SECOND, "motivo_baja": "",
                                                      "version": hidden_value(form, "version"),
                                                      "_csrf_token": csrf_of(client)})
    assert refused.status_code == 422
    assert 'id="error-motivo_baja">El avance baja de 50 % a 30 %: explique por qué.' in refused.text
    assert SECOND in refused.text  # what was written stays
    sent = client.post(f"/tareas/{task.id}", data={"avance": "30", "texto": SECOND, "motivo_baja": WHY,
                                                   "version": hidden_value(refused.text, "version"),
                                                   "_csrf_token": csrf_of(client)}, follow_redirects=False)
    assert sent.status_code == 303
    again = text(client.get(f"/tareas/{tasks(engine, instance.id)[0].id}").text)
    assert "30 % baja de 50 %" in again and f"Por qué baja: {WHY}" in again


def test_the_verification_and_the_expediente_list_every_report_and_the_history_says_each_avance(
        engine, demo, juridico, enlace_area_a, sign_in):
    da = demo.areas["DA"]
    resolution, instance = followed_acuerdo(engine, demo, juridico)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, da, 50, FIRST)
    report(engine, enlace_area_a, instance, da, 30, SECOND, WHY)
    report(engine, enlace_area_a, instance, da, 100, LAST)
    client = sign_in("juridico")
    [verify] = tasks(engine, instance.id)
    form = text(client.get(f"/tareas/{verify.id}").text)
    for said in ("Dirección de Administración", f"50 % {FIRST}", f"30 % baja de 50 % {SECOND} Por qué baja: {WHY}",
                 f"100 % {LAST}"):
        assert said in form, said
    page = text(client.get(f"/procesos/{instance.id}").text)
    assert "Informes de avance" in page
    assert f"50 % {FIRST}" in page and f"30 % baja de 50 % {SECOND} Por qué baja: {WHY}" in page
    assert f"100 % {LAST}" in page
    assert "Informó un avance de 50 %" in page
    assert f"Informó un avance de 30 %; explicó la baja: {WHY}" in page
    assert "Informó un avance de 100 %" in page and "Completó «Informar el avance del acuerdo»" not in page
    # The enlace reads their area's reports on the expediente too.
    enlace_page = text(sign_in("enlace_da").get(f"/procesos/{instance.id}").text)
    assert f"50 % {FIRST}" in enlace_page


def test_the_expediente_labels_the_acuerdos_data_as_what_they_are(engine, demo, juridico, enlace_area_a, sign_in):
    resolution, instance = followed_acuerdo(engine, demo, juridico)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, demo.areas["DA"], 100, LAST)
    page = text(sign_in("juridico").get(f"/procesos/{instance.id}").text)
    data = page[page.index("Datos actuales"):page.index("Historial")]
    # The acuerdo's own fields, accents and all: its text is not a report's «Qué se hizo».
    assert ("Acuerdo Número: 001/CC/SAECH/2021 Texto del acuerdo: Se instruye elaborar los lineamientos de la "
            "Política Estatal Anticorrupción. Órgano: Comité Coordinador Fecha compromiso: 31/05/2021") in data
    assert "Qué se hizo: Se instruye" not in data and "Numero" not in data and "Organo" not in data
    # The report keeps its form's titles.
    assert f"Último informe de avance Avance (%): 100 Qué se hizo: {LAST}" in data


def test_the_expedientes_data_give_the_last_reports_avance_once(engine, demo, juridico, enlace_area_a, sign_in):
    resolution, instance = followed_acuerdo(engine, demo, juridico)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, demo.areas["DA"], 100, LAST)
    page = text(sign_in("juridico").get(f"/procesos/{instance.id}").text)
    data = page[page.index("Datos actuales"):page.index("Estado del acuerdo")]
    # With what was done, in the report; the copy the diagram's gateway reads is not a second figure.
    assert f"Avance (%): 100 Qué se hizo: {LAST}" in data
    assert re.findall(r"\b100\b", data) == ["100"] and "Avance del último informe" not in data


def test_the_expedientes_data_list_each_responsible_area_once_after_its_report(
        engine, demo, juridico, enlace_area_a, sign_in):
    resolution, instance = followed_acuerdo(engine, demo, juridico)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, demo.areas["DA"], 100, LAST)  # its loop item leaves the data
    page = text(sign_in("juridico").get(f"/procesos/{instance.id}").text)
    data = page[page.index("Datos actuales"):page.index("Informes de avance")]
    assert data.count("Dirección de Administración") == 1
    assert "Áreas Área: Dirección de Administración Vence: 31/05/2021 18:00" in data
    # The reports still say which area gave each.
    assert "Dirección de Administración 10/05/2021" in page[page.index("Informes de avance"):]


def test_the_session_page_gives_a_returned_acuerdo_its_new_date_and_the_returned_compliance(
        engine, demo, juridico, enlace_area_a, sign_in):
    da = demo.areas["DA"]
    resolution, instance = followed_acuerdo(engine, demo, juridico)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, da, 100, LAST)
    client = sign_in("juridico")
    before = text(client.get(f"/sesiones/{resolution.session_id}").text)
    assert "En proceso (100 %); fecha compromiso: 31 de mayo de 2021" in before
    on(date(2021, 5, 24))
    complete(engine, juridico, instance.id, "verify_compliance",  # Saturday 12 June 2021: ends on Monday 14
             {"decision": "devolver", "observaciones": "Falta el anexo de indicadores.", "fecha_limite": "2021-06-12"})
    after = text(client.get(f"/sesiones/{resolution.session_id}").text)
    assert ("En proceso (cumplimiento devuelto con observaciones el 24 de mayo de 2021); fecha compromiso: "
            "14 de junio de 2021") in after
    # The agenda keeps the item as it was approved; the acuerdos' table says where the acuerdo stands.
    acuerdos = after[after.index("Documentos y acuerdos"):]
    assert "100 %" not in acuerdos and "31 de mayo de 2021" not in acuerdos
    page = text(client.get(f"/procesos/{instance.id}").text)
    assert "Fecha compromiso: 14/06/2021" in page
    assert "El cumplimiento se devolvió con observaciones el 24 de mayo de 2021" in page


def test_past_its_due_day_unmet_the_acuerdo_reads_vencido_on_the_session_the_expediente_and_the_portal(
        engine, demo, juridico, enlace_area_a, sign_in, client):
    resolution, instance = followed_acuerdo(engine, demo, juridico)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, demo.areas["DA"], 40, FIRST)
    staff = sign_in("juridico")
    on(date(2021, 5, 31))  # its last day
    assert "En proceso (40 %); fecha compromiso: 31 de mayo de 2021" in text(
        staff.get(f"/sesiones/{resolution.session_id}").text)
    assert "Estado del acuerdo: En proceso (40 %)" in text(staff.get(f"/procesos/{instance.id}").text)
    on(date(2021, 6, 1))
    session_page = text(staff.get(f"/sesiones/{resolution.session_id}").text)
    assert "Vencido (40 %); fecha compromiso: 31 de mayo de 2021" in session_page
    assert "En proceso" not in session_page[session_page.index("Documentos y acuerdos"):]
    expediente = text(staff.get(f"/procesos/{instance.id}").text)
    assert "Estado del acuerdo: Vencido (40 %); fecha compromiso: 31 de mayo de 2021" in expediente
    portal = text(client.get(f"/portal/sesiones/{resolution.session_id}").text)
    assert f"{resolution.number} Se instruye elaborar los lineamientos de la Política Estatal Anticorrupción. " \
           "30/04/2021 Vencido" in portal


def test_the_verification_form_says_as_the_new_date_is_picked_that_an_inhabil_day_rolls_to_the_next_dia_habil(
        engine, demo, juridico, enlace_area_a, sign_in, monkeypatch):
    resolution, instance = followed_acuerdo(engine, demo, juridico)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, demo.areas["DA"], 100, LAST)
    on(date(2021, 5, 24))
    # The organization's today, as the form's hint reads it, on the session clock.
    monkeypatch.setattr("workflows.board_session.sessions.utcnow", lambda: Clock.moment)
    client = sign_in("juridico")
    [task] = tasks(engine, instance.id)
    form = " ".join(client.get(f"/tareas/{task.id}").text.split())
    assert ('hx-get="/acuerdos/devolucion/vencimiento" hx-target="this" hx-swap="innerHTML" '
            'hx-trigger="load, change from:#campo-fecha_limite" hx-include="#campo-fecha_limite"') in form
    # The acuerdo's only area is the one it goes back to.
    assert f'name="devolver_a" value="{demo.areas["DA"].id}" checked' in form

    def hint(day) -> str:
        return " ".join(client.get(f"/acuerdos/devolucion/vencimiento?fecha_limite={day}").text.split())

    assert hint("2021-06-12") == ("Nueva fecha límite: se recorre al <strong>lunes 14 de junio de 2021</strong> "
                                  "por ser día inhábil el 12 de junio de 2021 (sábado).")
    assert hint("2021-06-15") == "Las áreas informan a más tardar el <strong>martes 15 de junio de 2021</strong>."
    assert hint("2021-05-21") == "La nueva fecha límite no puede ser anterior a hoy."
    assert sign_in("enlace_da").get("/acuerdos/devolucion/vencimiento?fecha_limite=2021-06-15").status_code == 403
    sent = client.post(f"/tareas/{task.id}", data={
        "decision": "devolver", "devolver_a": str(demo.areas["DA"].id),
        "observaciones": "Falta el anexo de indicadores.", "fecha_limite": "2021-06-12",
        "version": hidden_value(form, "version"), "_csrf_token": csrf_of(client)})
    assert sent.status_code in (200, 303), sent.text
    # The history keeps the day picked and the day the term really ends.
    history = text(client.get(f"/procesos/{instance.id}").text)
    assert ("Devolvió el acuerdo 001/CC/SAECH/2021 al área Dirección de Administración: Falta el anexo de "
            "indicadores.; el 12 de junio de 2021 es inhábil: vence el 14 de junio de 2021") in history
