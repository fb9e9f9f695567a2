"""A request's cases before the Comité de Transparencia on the pages: the Comité's form refuses a resolution
dated before its case existed, the area's form stops offering a second ampliación, and the request's page
and the Unidad's forms say the day the response falls due now, whatever moved it since the ampliación.

The request is filed Monday 23 March 2026 at 10:00 (due Monday 20 April), on the clock of
tests.access_request_steps.
"""

from datetime import date

import pytest

from engine import files
from engine.accounts import Role, actor_for, create_user
from engine.calendar_overlay import declare_non_working, declare_suspension
from engine.db import transaction
from engine.legal_calendar import SuspensionScope
from tests.access_request_steps import (complete, file_request, later, request_of, task_named, turn,  # noqa: F401
                                        working_in_march_2026)
from tests.arco_request_steps import file_arco
from tests.web.conftest import csrf_of, hidden_value
from workflows.demo import DEMO_PASSWORD

ARCHIVE = "Los contratos están en el archivo de concentración."


def ask_for_more_time(engine, demo, enlace_area_a, instance_id):
    complete(engine, enlace_area_a, instance_id, "area_answer",
             {"sentido": "ampliacion", "respuesta": "Se sigue buscando en el archivo.", "fundamento": ARCHIVE},
             area_id=demo.areas["DA"].id)


def submit(client, task_id, data):
    form = client.get(f"/tareas/{task_id}").text
    return client.post(f"/tareas/{task_id}", data={**data, "version": hidden_value(form, "version"),
                                                   "_csrf_token": csrf_of(client)}, follow_redirects=False)


def test_the_comites_form_refuses_beside_the_date_a_resolution_before_the_case_was_raised(
        engine, demo, sign_in, transparencia, enlace_area_a):
    instance = file_request(engine, transparencia)
    later(date(2026, 4, 28))  # turned after the due day
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    ask_for_more_time(engine, demo, enlace_area_a, instance.id)
    task = task_named(engine, instance.id, "committee_resolution")
    sent = submit(sign_in("comite"), task.id, {"resolucion": "confirma", "numero": "CT/RES/003/2026",
                                               "fecha_resolucion": "2026-04-16", "fecha_notificacion": "2026-04-17"})
    assert sent.status_code == 422
    assert ('id="error-fecha_resolucion">La resolución no puede ser anterior al día en que el caso se sometió al '
            'Comité de Transparencia (28 de abril de 2026).') in sent.text
    assert 'value="CT/RES/003/2026"' in sent.text  # what was typed stays
    assert task_named(engine, instance.id, "committee_resolution") and not request_of(engine, instance.id).extended


def extended(engine, demo, transparencia, enlace_area_a, comite):
    """Extended by the Comité to 5 May (resolved 16 April, notified the 17th)."""
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    ask_for_more_time(engine, demo, enlace_area_a, instance.id)
    complete(engine, comite, instance.id, "committee_resolution", {
        "resolucion": "confirma", "numero": "CT/RES/005/2026", "fecha_resolucion": "2026-04-16",
        "fecha_notificacion": "2026-04-17"})
    return instance


def test_once_the_term_was_extended_the_areas_form_offers_no_second_ampliacion_and_refuses_one(
        engine, demo, sign_in, transparencia, enlace_area_a, comite):
    instance = extended(engine, demo, transparencia, enlace_area_a, comite)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    client = sign_in("enlace_da")
    task = task_named(engine, instance.id, "area_answer")
    form = client.get(f"/tareas/{task.id}").text
    assert 'value="ampliacion"' not in form and 'value="entrega_total"' in form
    assert "El plazo ya se amplió una vez (la respuesta vence el 5 de mayo de 2026)" in form
    sent = submit(client, task.id, {"sentido": "ampliacion", "respuesta": "Se sigue buscando en el archivo.",
                                    "fundamento": ARCHIVE})
    assert sent.status_code == 422
    assert ('id="error-sentido">El plazo ya se amplió una vez (la respuesta vence el 5 de mayo de 2026) y la ley '
            'permite una sola ampliación: responda con lo que localizó su área o devuelva la solicitud.') in sent.text
    assert task_named(engine, instance.id, "area_answer").id == task.id


def test_after_the_term_moves_the_request_page_and_the_answer_form_say_the_new_due_day_of_the_ampliacion(
        engine, demo, sign_in, transparencia, enlace_area_a, comite, admin):
    instance = extended(engine, demo, transparencia, enlace_area_a, comite)  # due 5 May
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 4, 30), date(2026, 4, 30), "Día del Niño (acuerdo interno)")
        declare_suspension(session, admin, date(2026, 4, 27), date(2026, 4, 28), SuspensionScope.ACCESO,
                           "Acuerdo CT/EXT/03/2026")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "entrega_total", "respuesta": "Se localizaron los contratos."}, area_id=demo.areas["DA"].id)
    client = sign_in("transparencia")
    now = "Confirmada: plazo ampliado; vence el 8 de mayo de 2026 (oficio UT/0001/2026)."
    detail = client.get(f"/solicitudes/{request_of(engine, instance.id).id}").text
    comite_table = detail[detail.index("<h2>Comité de Transparencia</h2>"):]
    comite_table = comite_table[:comite_table.index("</section>")]
    assert now in comite_table and "5 de mayo" not in comite_table
    form = client.get(f"/tareas/{task_named(engine, instance.id, 'respond').id}").text
    resolutions = form[form.index("<h2>Resoluciones del Comité</h2>"):]
    resolutions = resolutions[:resolutions.index("</section>")]
    assert f"<li>Ampliación del plazo: {now}</li>" in resolutions and "5 de mayo" not in resolutions


def test_after_the_comite_extends_the_term_the_request_reads_de_nuevo_en_analisis_not_registrada(
        engine, demo, sign_in, transparencia, enlace_area_a, comite):
    instance = extended(engine, demo, transparencia, enlace_area_a, comite)
    client = sign_in("transparencia")
    status = '<span class="estado estado-en_analisis">De nuevo en análisis</span>'
    assert status in client.get(f"/solicitudes/{request_of(engine, instance.id).id}").text
    listed = client.get("/solicitudes?estado=en_analisis").text
    assert status in listed and request_of(engine, instance.id).folio in listed
    assert "Registrada" not in client.get(f"/solicitudes/{request_of(engine, instance.id).id}").text


def comite_section(client, request_id) -> str:
    detail = client.get(f"/solicitudes/{request_id}").text
    section = detail[detail.index("<h2>Comité de Transparencia</h2>"):]
    return section[:section.index("</section>")]


def test_the_enlace_of_each_area_that_asked_for_a_joint_ampliacion_sees_it_with_both_areas_and_a_third_does_not(
        engine, demo, sign_in, transparencia, enlace_area_a, enlace_area_b):
    with transaction(engine) as session:
        enlace_dj = actor_for(session, create_user(session, demo.organization.id, "enlace_dj", "Sofía Ruiz Díaz",
                                                   "sofia@sesaech.example", DEMO_PASSWORD,
                                                   [(Role.ENLACE, demo.areas["DJ"].id)]))
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"], demo.areas["DJ"])
    ask_for_more_time(engine, demo, enlace_area_a, instance.id)
    complete(engine, enlace_area_b, instance.id, "area_answer",
             {"sentido": "ampliacion", "respuesta": "Se siguen digitalizando los anexos.",
              "fundamento": "Faltan tres tomos."}, area_id=demo.areas["DRI"].id)
    complete(engine, enlace_dj, instance.id, "area_answer",
             {"sentido": "entrega_total", "respuesta": "Se entrega el convenio."}, area_id=demo.areas["DJ"].id)
    request_id = request_of(engine, instance.id).id
    row = ("<td>Ampliación del plazo</td>\n        "
           "<td>Dirección de Administración y Dirección de Riesgos e Inteligencia</td>")
    for username in ("transparencia", "enlace_da", "enlace_dri"):
        section = comite_section(sign_in(username), request_id)
        assert row in section and ARCHIVE in section and "Faltan tres tomos." in section, username
    third = comite_section(sign_in("enlace_dj"), request_id)
    assert "Sin casos ante el Comité." in third and ARCHIVE not in third and "Faltan tres tomos." not in third


CONSIDERATIONS = "Modifica: sólo se reservan nombres y horarios"
HARM_TEST = "prueba-de-dano.pdf"


def classified_with_its_harm_test(engine, demo, settings, file, transparencia, enlace_area_a):
    """Turned to DA, which proposes to reserve the information with its prueba de daño attached."""
    instance = file(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    with transaction(engine) as session:
        attached = files.store(session, settings, instance.organization_id, "anexo", "Prueba de daño", HARM_TEST,
                               b"%PDF-1.4 prueba", created_by=enlace_area_a.user_id, instance_id=instance.id,
                               area_id=demo.areas["DA"].id).id
    sense = "inexistencia" if file is file_arco else "reservada"
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": sense, "respuesta": "Los contratos contienen datos del personal de vigilancia.",
              "fundamento": "Art. 113 fr. I: su difusión compromete la seguridad del personal.", "anexo_id": attached},
             area_id=demo.areas["DA"].id)
    return instance, attached


@pytest.mark.parametrize("file", [file_request, file_arco], ids=["acceso", "arco"])
def test_the_comites_form_lists_and_links_the_files_the_area_attached_and_the_comite_downloads_them(
        engine, demo, settings, sign_in, transparencia, enlace_area_a, file):
    instance, attached = classified_with_its_harm_test(engine, demo, settings, file, transparencia, enlace_area_a)
    client = sign_in("comite")
    form = client.get(f"/tareas/{task_named(engine, instance.id, 'committee_resolution').id}").text
    assert f'<a class="nombre-archivo" href="/archivos/{attached}">{HARM_TEST}</a>' in form
    assert client.get(f"/archivos/{attached}").status_code == 200


def test_the_comite_downloads_only_the_files_of_the_answers_it_resolves(
        engine, demo, settings, sign_in, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    with transaction(engine) as session:
        attached = files.store(session, settings, instance.organization_id, "anexo", "Expediente", "expediente.pdf",
                               b"%PDF-1.4 datos", created_by=enlace_area_a.user_id, instance_id=instance.id,
                               area_id=demo.areas["DA"].id).id
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "entrega_total", "respuesta": "Se localizó el expediente del titular.", "anexo_id": attached},
             area_id=demo.areas["DA"].id)
    # An ARCO answer the Comité does not resolve is the holder's data: its file stays with the Unidad.
    assert sign_in("comite").get(f"/archivos/{attached}").status_code == 403


def test_the_comites_considerations_are_shown_on_the_request_page_and_in_the_unidads_answer_form(
        engine, demo, settings, sign_in, transparencia, enlace_area_a, comite):
    instance, _ = classified_with_its_harm_test(engine, demo, settings, file_request, transparencia, enlace_area_a)
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "modifica", "numero": "CT/RES/004/2026", "fecha_resolucion": "2026-04-08",
              "notas": CONSIDERATIONS})
    client = sign_in("transparencia")
    assert f"Consideraciones del Comité: {CONSIDERATIONS}" in comite_section(client, request_of(engine, instance.id).id)
    form = client.get(f"/tareas/{task_named(engine, instance.id, 'respond').id}").text
    resolutions = form[form.index("<h2>Resoluciones del Comité</h2>"):]
    resolutions = resolutions[:resolutions.index("</section>")]
    assert f"Consideraciones del Comité: {CONSIDERATIONS}" in resolutions
