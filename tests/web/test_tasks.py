"""Mis tareas and the task page: who sees what, claiming, and completing a form through htmx or not."""

import re
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from engine.accounts import Role, actor_for, create_user, issue_api_token
from engine.db import transaction
from engine.files import StoredFile, read
from tests.engine.test_file_types import ole2
from engine.processes import OpenTask, ProcessInstance
from engine.runtime import runtime
from tests.access_request_steps import file_request, request_of, task_named, turn
from tests.today import demo_today
from tests.web.conftest import hidden_value
from workflows.access_request import handlers as access_handlers
from workflows.demo import DEMO_PASSWORD
from correspondence_steps import item_of, register_document, turn_document
from correspondence_steps import open_tasks as steps_open_tasks

HTMX = {"HX-Request": "true", "HX-Target": "tarea"}


def register(engine, oficialia, asunto="Solicita informe de avance del programa anual"):
    return register_document(engine, oficialia, asunto=asunto)


def open_tasks(engine, instance_id):
    return steps_open_tasks(engine, instance_id)


def turned_to(engine, oficialia, instance, *areas):
    turn_document(engine, oficialia, instance.id, areas)
    return {t.area_id: t for t in open_tasks(engine, instance.id)}


def post(client, url, data=None, files=None, headers=None):
    return client.post(url, data=data or {}, files=files,
                       headers={"x-csrftoken": client.cookies["csrftoken"], **(headers or {})},
                       follow_redirects=False)


def turn_data(page_html, areas, **overrides):
    data = {"version": hidden_value(page_html, "version"), "areas": [str(a.id) for a in areas],
            "instruccion": "Favor de atender en tiempo", "fecha_limite": (demo_today() + timedelta(days=5)).isoformat()}
    data.update(overrides)
    return data


def test_the_inbox_shows_an_enlace_only_its_areas_tasks(engine, demo, oficialia, sign_in):
    mine = register(engine, oficialia, asunto="Informe para Administración")
    theirs = register(engine, oficialia, asunto="Informe para Riesgos")
    turned_to(engine, oficialia, mine, demo.areas["DA"])
    turned_to(engine, oficialia, theirs, demo.areas["DRI"])
    page = sign_in("enlace_da").get("/tareas")
    assert page.status_code == 200
    assert "Informe para Administración" in page.text and "Informe para Riesgos" not in page.text
    assert "Dirección de Administración" in page.text and "Atender el turno" in page.text
    assert "plazo-a_tiempo" in page.text
    # Its area filter offers only its own area; the oficialía, which acts for every area, sees them all.
    area_filter = page.text.split('name="area"', 1)[1].split("</select>", 1)[0]
    assert f'value="{demo.areas["DA"].id}"' in area_filter and f'value="{demo.areas["DRI"].id}"' not in area_filter
    everyone = sign_in("oficialia").get("/tareas").text.split('name="area"', 1)[1].split("</select>", 1)[0]
    assert all(f'value="{area.id}"' in everyone for area in demo.areas.values())


def test_the_home_page_is_the_inbox_with_the_oficialia_turn_tasks(engine, demo, oficialia, sign_in):
    register(engine, oficialia)
    page = sign_in("oficialia").get("/")
    assert "Mis tareas" in page.text and "Turnar a las áreas" in page.text
    # The statistics open from the Correspondencia list, not the menu (which keeps to one line).
    assert 'href="/correspondencia"' in page.text and "Estadísticas" not in page.text


def test_a_filter_change_returns_only_the_table_fragment(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    turned_to(engine, oficialia, instance, demo.areas["DRI"])
    client = sign_in("enlace_dri")
    fragment = client.get("/tareas", params={"due": "vencidas"},
                          headers={"HX-Request": "true", "HX-Target": "tabla-tareas"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<div id="tabla-tareas"') and "<html" not in fragment.text
    assert "No tiene tareas pendientes con estos filtros." in fragment.text
    on_time = client.get("/tareas", params={"due": "a_tiempo", "process": "correspondence",
                                            "area": str(demo.areas["DRI"].id)})
    assert "Atender el turno" in on_time.text
    nonsense = client.get("/tareas", params={"area": "abc", "page": "-3", "due": "<script>"})
    assert nonsense.status_code == 200


def test_claiming_twice_tells_the_second_person_who_has_it(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    first = sign_in("oficialia")
    admin = sign_in("admin")
    assert post(first, f"/tareas/{task.id}/tomar", {"next": "/tareas"}).status_code == 303
    assert "Patricia Hernández López" in first.get("/tareas").text
    again = post(first, f"/tareas/{task.id}/tomar", headers={"HX-Request": "true"})
    assert again.status_code == 200 and again.headers["HX-Trigger"] == "tareas-cambiaron"
    # The admin does not hold the oficialía role: it cannot claim it.
    refused = post(admin, f"/tareas/{task.id}/tomar", headers={"HX-Request": "true"})
    assert refused.status_code == 403


def test_without_javascript_tomar_submits_the_tables_one_form_to_the_buttons_action(engine, demo, oficialia,
                                                                                   sign_in):
    instance = register(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    client = sign_in("oficialia")
    page = client.get("/tareas").text
    assert f'formaction="/tareas/{task.id}/tomar"' in page and page.count('name="_csrf_token"') == 2  # table, Salir
    table = page[page.index('id="tabla-tareas"'):]
    # What a browser sends for the button: the enclosing form's fields, no htmx header.
    sent = client.post(f"/tareas/{task.id}/tomar", follow_redirects=False,
                       data={"_csrf_token": hidden_value(table, "_csrf_token"), "next": hidden_value(table, "next")})
    assert sent.status_code == 303 and sent.headers["location"] == "/tareas"
    assert f'formaction="/tareas/{task.id}/liberar"' in client.get("/tareas").text


def test_a_second_claim_by_a_colleague_is_a_clear_conflict(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    task = turned_to(engine, oficialia, instance, demo.areas["DA"])[demo.areas["DA"].id]
    from engine.accounts import Role, create_user
    with transaction(engine) as session:
        create_user(session, demo.organization.id, "enlace_da2", "Pedro Solís Ramos", "p@sesaech.example",
                    "pleno-demo-2026", [(Role.ENLACE, demo.areas["DA"].id)])
    rosa, pedro = sign_in("enlace_da"), sign_in("enlace_da2")
    assert post(rosa, f"/tareas/{task.id}/tomar").status_code == 303
    conflict = post(pedro, f"/tareas/{task.id}/tomar", headers={"HX-Request": "true"})
    assert conflict.status_code == 409
    assert "Rosa Elena Martínez Cruz ya tomó esta tarea" in conflict.text
    assert conflict.headers["HX-Retarget"] == "#mensajes"
    # Pedro is not offered the form while Rosa holds it (what he typed would be refused)…
    seen_by_pedro = pedro.get(f"/tareas/{task.id}").text
    assert "Rosa Elena Martínez Cruz tomó esta tarea: solo esa persona puede completarla." in seen_by_pedro
    assert 'name="respuesta"' not in seen_by_pedro
    assert 'name="respuesta"' in rosa.get(f"/tareas/{task.id}").text
    # …and cannot complete it either: the same conflict, whoever was first by a moment.
    page = rosa.get(f"/tareas/{task.id}")
    blocked = post(pedro, f"/tareas/{task.id}", {"version": hidden_value(page.text, "version"),
                                                  "sentido": "atendido", "respuesta": "Se remite."})
    assert blocked.status_code == 409
    assert "Rosa Elena Martínez Cruz ya tomó esta tarea. Solo esa persona puede completarla" in blocked.text
    assert post(rosa, f"/tareas/{task.id}/liberar").status_code == 303
    assert post(pedro, f"/tareas/{task.id}/tomar").status_code == 303


def test_the_admin_reassigns_a_task_to_an_enlace_of_its_area(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    task = turned_to(engine, oficialia, instance, demo.areas["DA"])[demo.areas["DA"].id]
    admin = sign_in("admin")
    page = admin.get(f"/tareas/{task.id}")
    assert page.status_code == 200 and "Reasignar a" in page.text and "form-tarea" not in page.text
    wrong = post(admin, f"/tareas/{task.id}/reasignar", {"usuario_id": str(demo.users["enlace_dri"].id)})
    assert wrong.status_code == 403 and "no puede atender" in wrong.text
    right = post(admin, f"/tareas/{task.id}/reasignar", {"usuario_id": str(demo.users["enlace_da"].id)})
    assert right.status_code == 303
    with transaction(engine) as session:
        assert session.get(OpenTask, task.id).assignee_id == demo.users["enlace_da"].id
    enlace = sign_in("enlace_da")
    assert post(enlace, f"/tareas/{task.id}/reasignar",
                {"usuario_id": str(demo.users["enlace_da"].id)}).status_code == 403


def test_the_task_page_draws_the_form_with_the_instance_version(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    page = sign_in("oficialia").get(f"/tareas/{task.id}")
    assert page.status_code == 200
    assert 'id="form-tarea"' in page.text and f'hx-post="/tareas/{task.id}"' in page.text
    assert hidden_value(page.text, "version") == str(instance.version)
    assert 'name="areas"' in page.text and "Dirección de Riesgos e Inteligencia" in page.text
    assert f'href="/procesos/{instance.id}"' in page.text


def test_an_invalid_form_shows_the_error_beside_the_field_and_saves_nothing(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    client = sign_in("oficialia")
    page = client.get(f"/tareas/{task.id}")
    response = post(client, f"/tareas/{task.id}", turn_data(page.text, [], instruccion="Ver"), headers=HTMX)
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<div id="tarea">')
    assert 'id="error-areas"' in response.text and "Elija al menos un área a la cual turnar." in response.text
    assert 'id="error-instruccion"' in response.text and "Escriba la instrucción para las áreas (al menos 5 caracteres)." in response.text
    assert ">Ver</textarea>" in response.text  # what was typed comes back
    assert [t.id for t in open_tasks(engine, instance.id)] == [task.id]
    plain = post(client, f"/tareas/{task.id}", turn_data(page.text, [demo.areas["DA"]], fecha_limite="mañana"))
    assert plain.status_code == 422 and "<html" in plain.text and 'id="error-fecha_limite"' in plain.text
    assert "checked" in plain.text.split('name="areas" value="%d"' % demo.areas["DA"].id)[1][:40]


def test_completing_a_task_through_htmx_confirms_and_moves_the_process(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    client = sign_in("oficialia")
    page = client.get(f"/tareas/{task.id}")
    done = post(client, f"/tareas/{task.id}", turn_data(page.text, [demo.areas["DA"], demo.areas["DRI"]]),
                headers=HTMX)
    assert done.status_code == 200 and "Tarea completada" in done.text
    assert f'href="/procesos/{instance.id}"' in done.text and 'href="/tareas"' in done.text
    item = item_of(engine, instance.id)
    assert f'<a class="boton boton-secundario" href="/correspondencia/{item.id}">Ver el documento</a>' in done.text
    # The header's Tomar / Reasignar go with the task (an out-of-band swap empties them).
    assert '<div id="acciones-tarea" class="acciones-tarea" hx-swap-oob="true"></div>' in done.text
    assert 'id="acciones-tarea"' in page.text
    assert sorted(t.area_id for t in open_tasks(engine, instance.id)) == sorted(
        [demo.areas["DA"].id, demo.areas["DRI"].id])
    again = post(client, f"/tareas/{task.id}", turn_data(page.text, [demo.areas["DA"]]), headers=HTMX)
    assert again.status_code == 409 and "ya no está pendiente" in again.text
    assert "Recargar la tarea" not in again.text  # it is gone: reloading it would only conflict again


def test_an_enlace_who_answers_a_request_is_sent_back_to_the_request(engine, demo, transparencia, sign_in,
                                                                    monkeypatch):
    """The request's page shows the enlace its area's part; the whole expediente is the Unidad's."""
    monkeypatch.setattr(access_handlers, "utcnow", lambda: datetime.now(UTC))
    instance = file_request(engine, transparencia, fecha_recepcion=demo_today().isoformat(), hora_recepcion="09:00")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    request = request_of(engine, instance.id)
    task = task_named(engine, instance.id, "area_answer")
    client = sign_in("enlace_da")
    page = client.get(f"/tareas/{task.id}")
    done = post(client, f"/tareas/{task.id}", {"version": hidden_value(page.text, "version"),
                                               "sentido": "entrega_total", "respuesta": "Se entregan los contratos."},
                headers=HTMX)
    assert done.status_code == 200 and "Tarea completada" in done.text
    assert f'<a class="boton boton-secundario" href="/solicitudes/{request.id}">Ver la solicitud</a>' in done.text


def test_a_plain_post_redirects_to_what_the_process_is_about(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    client = sign_in("oficialia")
    page = client.get(f"/tareas/{task.id}")
    response = post(client, f"/tareas/{task.id}", turn_data(page.text, [demo.areas["DA"]]))
    item = item_of(engine, instance.id)
    assert response.status_code == 303 and response.headers["location"] == f"/correspondencia/{item.id}"


def test_a_stale_form_comes_back_with_what_was_typed_and_the_current_version(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    client = sign_in("oficialia")
    page = client.get(f"/tareas/{task.id}")
    stale = turn_data(page.text, [demo.areas["DA"]], version=str(instance.version - 1),
                      instruccion="Remitir el informe firmado")
    response = post(client, f"/tareas/{task.id}", stale, headers=HTMX)
    assert response.status_code == 409 and response.text.lstrip().startswith('<div id="tarea">')
    assert "se guardó otro cambio en el expediente" in response.text and "No se guardó lo suyo" in response.text
    assert ">Remitir el informe firmado</textarea>" in response.text
    assert hidden_value(response.text, "version") == str(instance.version)  # sending it again now succeeds
    plain = post(client, f"/tareas/{task.id}", stale)
    assert plain.status_code == 409 and "<html" in plain.text and "Remitir el informe firmado" in plain.text
    assert [t.id for t in open_tasks(engine, instance.id)] == [task.id]
    resent = post(client, f"/tareas/{task.id}", {**stale, "version": hidden_value(response.text, "version")},
                  headers=HTMX)
    assert resent.status_code == 200 and "Tarea completada" in resent.text


def test_an_areas_answer_typed_while_another_area_answered_is_not_lost(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    tasks = turned_to(engine, oficialia, instance, demo.areas["DA"], demo.areas["DRI"])
    rosa, jorge = sign_in("enlace_da"), sign_in("enlace_dri")
    da_page = rosa.get(f"/tareas/{tasks[demo.areas['DA'].id].id}").text
    dri_page = jorge.get(f"/tareas/{tasks[demo.areas['DRI'].id].id}").text
    answer = {"sentido": "atendido", "respuesta": "Se remite el informe de Riesgos."}
    assert post(jorge, f"/tareas/{tasks[demo.areas['DRI'].id].id}",
                {**answer, "version": hidden_value(dri_page, "version")}, headers=HTMX).status_code == 200
    late = post(rosa, f"/tareas/{tasks[demo.areas['DA'].id].id}",
                {"sentido": "atendido", "respuesta": "Se remite el informe de Administración.",
                 "version": hidden_value(da_page, "version")}, headers=HTMX)
    assert late.status_code == 409 and "Se remite el informe de Administración.</textarea>" in late.text
    done = post(rosa, f"/tareas/{tasks[demo.areas['DA'].id].id}",
                {"sentido": "atendido", "respuesta": "Se remite el informe de Administración.",
                 "version": hidden_value(late.text, "version")}, headers=HTMX)
    assert done.status_code == 200 and "Tarea completada" in done.text


def test_an_enlace_of_another_area_cannot_see_or_answer_the_task(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    task = turned_to(engine, oficialia, instance, demo.areas["DA"])[demo.areas["DA"].id]
    intruder = sign_in("enlace_dri")
    assert intruder.get(f"/tareas/{task.id}").status_code == 403
    response = post(intruder, f"/tareas/{task.id}", {"version": "3", "sentido": "atendido",
                                                      "respuesta": "Me meto donde no debo"}, headers=HTMX)
    assert response.status_code == 403 and "otra área" in response.text
    assert [t.id for t in open_tasks(engine, instance.id)] == [task.id]


def test_an_answer_with_an_attachment_stores_it_in_the_same_transaction(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    task = turned_to(engine, oficialia, instance, demo.areas["DA"])[demo.areas["DA"].id]
    client = sign_in("enlace_da")
    page = client.get(f"/tareas/{task.id}")
    version = hidden_value(page.text, "version")
    rejected = post(client, f"/tareas/{task.id}", {"version": version, "sentido": "atendido", "respuesta": "Hola"},
                    files={"anexo_id": ("virus.exe", b"MZ\x90\x00", "application/octet-stream")}, headers=HTMX)
    assert rejected.status_code == 422
    assert 'id="error-anexo_id"' in rejected.text and "No se aceptan archivos .exe" in rejected.text
    assert 'id="error-respuesta"' in rejected.text
    # A valid file with an invalid form: the stored row is rolled back with the rest.
    invalid = post(client, f"/tareas/{task.id}", {"version": version, "sentido": "quizas", "respuesta": "Se remite."},
                   files={"anexo_id": ("informe.pdf", b"%PDF-1.4 informe", "application/pdf")}, headers=HTMX)
    assert invalid.status_code == 422 and 'id="error-sentido"' in invalid.text
    with transaction(engine) as session:
        assert session.exec(select(StoredFile).where(StoredFile.kind == "anexo")).all() == []
    done = post(client, f"/tareas/{task.id}", {"version": version, "sentido": "atendido", "respuesta": "Se remite."},
                files={"anexo_id": ("informe.pdf", b"%PDF-1.4 informe", "application/pdf")}, headers=HTMX)
    assert done.status_code == 200, done.text
    with transaction(engine) as session:
        [stored] = session.exec(select(StoredFile).where(StoredFile.kind == "anexo")).all()
        assert (stored.instance_id, stored.area_id, stored.filename) == (instance.id, demo.areas["DA"].id, "informe.pdf")
        data = runtime.inspect(session, session.get(ProcessInstance, instance.id)).data
    assert stored.id in [answer.get("anexo_id") for answer in data.get("respuestas", [])] or \
        data.get("respuesta", {}).get("anexo_id") == stored.id


def test_an_area_answers_with_a_word_97_2003_file_the_hint_offers(engine, demo, oficialia, settings, sign_in):
    instance = register(engine, oficialia)
    task = turned_to(engine, oficialia, instance, demo.areas["DA"])[demo.areas["DA"].id]
    client = sign_in("enlace_da")
    page = client.get(f"/tareas/{task.id}").text
    assert (f'<p class="ayuda">PDF (.pdf), Word (.docx, .doc), Excel (.xlsx, .xls), PowerPoint (.ppt), imagen (.jpg, '
            f'.jpeg, .png, .tif, .tiff), OpenDocument (.odt) o texto (.txt); máximo {settings.max_upload_mb} MB.</p>'
            in page)
    doc = ole2(b"WordDocument: informe de Administracion")
    done = post(client, f"/tareas/{task.id}", {"version": hidden_value(page, "version"), "sentido": "atendido",
                                               "respuesta": "Se remite el informe."},
                files={"anexo_id": ("informe.doc", doc, "application/msword")}, headers=HTMX)
    assert done.status_code == 200, done.text
    with transaction(engine) as session:
        [stored] = session.exec(select(StoredFile).where(StoredFile.kind == "anexo")).all()
    assert (stored.filename, stored.content_type) == ("informe.doc", "application/msword")
    assert read(settings, stored) == doc


def test_a_form_sent_back_says_beside_the_file_that_it_was_not_kept_and_must_be_attached_again(engine, demo, oficialia,
                                                                                            sign_in):
    instance = register(engine, oficialia)
    task = turned_to(engine, oficialia, instance, demo.areas["DA"])[demo.areas["DA"].id]
    client = sign_in("enlace_da")
    version = hidden_value(client.get(f"/tareas/{task.id}").text, "version")
    pdf = {"anexo_id": ("informe.pdf", b"%PDF-1.4 informe", "application/pdf")}
    # Another field is wrong (422): the text comes back, the file cannot (the browser never refills it).
    invalid = post(client, f"/tareas/{task.id}", {"version": version, "sentido": "quizas", "respuesta": "Se remite."},
                   files=pdf, headers=HTMX)
    assert invalid.status_code == 422 and 'id="error-sentido"' in invalid.text
    assert ('id="error-anexo_id">No se guardó el archivo «informe.pdf»: adjúntelo de nuevo antes de enviar.'
            in invalid.text)
    # The expediente changed meanwhile (409): the same, beside the file.
    stale = post(client, f"/tareas/{task.id}", {"version": str(int(version) - 1), "sentido": "atendido",
                                                  "respuesta": "Se remite."}, files=pdf, headers=HTMX)
    assert stale.status_code == 409
    assert 'id="error-anexo_id">No se guardó el archivo «informe.pdf»' in stale.text
    # Without a file nothing is said about one.
    no_file = post(client, f"/tareas/{task.id}", {"version": version, "sentido": "quizas", "respuesta": "Se remite."},
                   headers=HTMX)
    assert no_file.status_code == 422 and 'id="error-anexo_id"' not in no_file.text


def test_an_address_that_cannot_name_a_task_is_not_found_rather_than_already_done(sign_in, client, engine, demo):
    page = sign_in("oficialia").get("/tareas/zzz")
    assert page.status_code == 404 and "No existe esa tarea." in page.text
    with transaction(engine) as session:
        token = issue_api_token(session, demo.users["oficialia"], "pruebas")
    api = client.post("/api/v1/tareas/nope/completar", json={"datos": {}}, headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 404 and api.json()["error"] == "No existe esa tarea."


def form_fields(page_html):
    """The hidden fields a browser sends with the task's form (its CSRF token goes in the header here)."""
    form = page_html[page_html.index('id="form-tarea"'):]
    return {name: value for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form)
            if name != "_csrf_token"}


PREVENTION = "Precise el periodo de los contratos\ny si incluye los de comodato."


def test_an_answer_sent_from_a_second_tab_after_the_task_was_completed_comes_back_to_copy(engine, demo, transparencia,
                                                                                        sign_in):
    instance = file_request(engine, transparencia)
    request = request_of(engine, instance.id)
    task = task_named(engine, instance.id, "review")
    client = sign_in("transparencia")
    first_tab = client.get(f"/tareas/{task.id}").text
    second_tab = client.get(f"/tareas/{task.id}").text
    turned = post(client, f"/tareas/{task.id}", {**form_fields(first_tab), "decision": "turnar",
                                                 "areas": [str(demo.areas["DA"].id)], "instruccion": "Buscar"})
    assert turned.status_code == 303
    late = {**form_fields(second_tab), "decision": "prevenir", "requerimiento": PREVENTION,
            "fecha_prevencion": demo_today().isoformat()}
    for headers in (HTMX, None):
        response = post(client, f"/tareas/{task.id}", late, headers=headers)
        assert response.status_code == 409
        assert ("<html" in response.text) is (headers is None)
        # Completed in the first tab by the same person: said so, not «otra persona».
        assert "Usted ya completó esta tarea; no se guardó lo que envió ahora." in response.text
        assert "Recargue la página" not in response.text  # there is nothing left to reload
        sent = response.text.split('id="lo-enviado"', 1)[1]
        # What was typed, under the form's own titles, read-only: nothing of it is lost.
        assert "Requerimiento de información adicional" in sent and PREVENTION in sent
        assert "Siguiente paso" in sent and "Fecha en que se notificó la prevención" in sent
        assert f"readonly>{PREVENTION}</textarea>" in sent
        assert "version" not in sent and "csrf" not in sent.lower() and "instancia" not in sent
        # Where to see what was done, and the way back.
        assert f'href="/solicitudes/{request.id}"' in response.text and "Ver la solicitud" in response.text
        assert 'href="/tareas"' in response.text
    assert [t.task_name for t in open_tasks(engine, instance.id)] == ["area_answer"]


def test_a_task_sent_again_by_who_completed_it_says_they_did_not_otra_persona(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    task = turned_to(engine, oficialia, instance, demo.areas["DA"])[demo.areas["DA"].id]
    client = sign_in("enlace_da")
    page = client.get(f"/tareas/{task.id}").text
    answer = {**form_fields(page), "sentido": "atendido", "respuesta": "Se remite el informe."}
    assert post(client, f"/tareas/{task.id}", answer, headers=HTMX).status_code == 200
    # The page opened again (a tab left open, «Atrás»), the answer sent once more.
    for headers in (HTMX, None):
        again = post(client, f"/tareas/{task.id}", {**answer, "respuesta": "Se remite el informe, corregido."},
                     headers=headers)
        assert again.status_code == 409
        assert "Usted ya completó esta tarea; no se guardó lo que envió ahora." in again.text
        assert "otra persona" not in again.text
        assert "Se remite el informe, corregido." in again.text.split('id="lo-enviado"', 1)[1]


def test_opening_again_a_task_one_completed_does_not_say_another_person_did(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    task = turned_to(engine, oficialia, instance, demo.areas["DA"])[demo.areas["DA"].id]
    client = sign_in("enlace_da")
    page = client.get(f"/tareas/{task.id}").text
    assert post(client, f"/tareas/{task.id}", {**form_fields(page), "sentido": "atendido",
                                               "respuesta": "Se remite el informe."}, headers=HTMX).status_code == 200
    # The address alone does not say which expediente the task was in: who completed it is not known.
    reopened = client.get(f"/tareas/{task.id}")
    assert reopened.status_code == 409 and "Esta tarea ya no está pendiente: ya se completó o el proceso avanzó." in \
        reopened.text
    assert "otra persona" not in reopened.text


def test_a_task_another_person_completed_names_who_did(engine, demo, oficialia, sign_in):
    with transaction(engine) as session:
        create_user(session, demo.organization.id, "enlace_da2", "Pedro Solís Ramos", "pedro@sesaech.example",
                    DEMO_PASSWORD, [(Role.ENLACE, demo.areas["DA"].id)])
    instance = register(engine, oficialia)
    task = turned_to(engine, oficialia, instance, demo.areas["DA"])[demo.areas["DA"].id]
    rosa, pedro = sign_in("enlace_da"), sign_in("enlace_da2")
    rosa_page, pedro_page = rosa.get(f"/tareas/{task.id}").text, pedro.get(f"/tareas/{task.id}").text
    assert post(rosa, f"/tareas/{task.id}", {**form_fields(rosa_page), "sentido": "atendido",
                                             "respuesta": "Se remite el informe."}, headers=HTMX).status_code == 200
    late = post(pedro, f"/tareas/{task.id}", {**form_fields(pedro_page), "sentido": "atendido",
                                              "respuesta": "Adjunto el informe de Administración."}, headers=HTMX)
    assert late.status_code == 409
    assert "Esta tarea ya no está pendiente: la completó Rosa Elena Martínez Cruz. No se guardó lo suyo." in late.text


def test_the_conflict_page_names_a_file_sent_as_not_kept(engine, demo, oficialia, sign_in):
    instance = register(engine, oficialia)
    task = turned_to(engine, oficialia, instance, demo.areas["DA"])[demo.areas["DA"].id]
    client = sign_in("enlace_da")
    page = client.get(f"/tareas/{task.id}").text
    answer = {**form_fields(page), "sentido": "atendido", "respuesta": "Se remite el informe."}
    assert post(client, f"/tareas/{task.id}", answer, headers=HTMX).status_code == 200
    late = post(client, f"/tareas/{task.id}", {**answer, "respuesta": "Se remite el informe corregido."},
                files={"anexo_id": ("informe.pdf", b"%PDF-1.4 informe", "application/pdf")}, headers=HTMX)
    assert late.status_code == 409 and late.text.lstrip().startswith("<div")
    assert "Se remite el informe corregido." in late.text
    assert "No se guardó el archivo «informe.pdf»" in late.text
    item = item_of(engine, instance.id)
    assert f'href="/correspondencia/{item.id}"' in late.text


def test_a_conflict_page_shows_nothing_of_an_expediente_the_form_did_not_come_from(engine, demo, oficialia,
                                                                                  transparencia, sign_in):
    """The instance named in the form is believed only if the task was one of its own, and linked only
    if the person may open its page: the page echoes what was typed, nothing of another area."""
    mine = register(engine, oficialia)
    task = turned_to(engine, oficialia, mine, demo.areas["DA"])[demo.areas["DA"].id]
    theirs = file_request(engine, transparencia)
    theirs_request = request_of(engine, theirs.id)
    client = sign_in("enlace_da")
    page = client.get(f"/tareas/{task.id}").text
    answer = {**form_fields(page), "sentido": "atendido", "respuesta": "Se remite el informe."}
    assert post(client, f"/tareas/{task.id}", answer, headers=HTMX).status_code == 200
    forged = post(client, f"/tareas/{task.id}", {**answer, "instancia": str(theirs.id)}, headers=HTMX)
    assert forged.status_code == 409 and "ya no está pendiente" in forged.text
    assert 'id="lo-enviado"' not in forged.text and "está abajo" not in forged.text
    assert f"/solicitudes/{theirs_request.id}" not in forged.text and "Ver la solicitud" not in forged.text
    assert "María López" not in forged.text and "contratos" not in forged.text
    assert 'href="/tareas"' in forged.text
    # A request's task whose request the enlace may not open: no link to it.
    review = task_named(engine, theirs.id, "review")
    from web.subjects import visible_subject_page
    with transaction(engine) as session:
        enlace = actor_for(session, demo.users["enlace_da"])
        assert visible_subject_page(session, enlace, session.get(ProcessInstance, theirs.id)) is None
        assert visible_subject_page(session, transparencia, session.get(ProcessInstance, theirs.id)) is not None
    assert review.instance_id == theirs.id


def test_the_api_still_answers_a_completed_task_with_its_json_conflict(engine, demo, transparencia, client):
    instance = file_request(engine, transparencia)
    task = task_named(engine, instance.id, "review")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    with transaction(engine) as session:
        token = issue_api_token(session, demo.users["transparencia"], "pruebas")
    api = client.post(f"/api/v1/tareas/{task.id}/completar",
                      json={"datos": {"decision": "prevenir", "requerimiento": PREVENTION}},
                      headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 409 and api.headers["content-type"].startswith("application/json")
    assert "ya no está pendiente" in api.json()["error"] and PREVENTION not in api.text
