"""The convocatoria's link (a member answers without signing in) and the session page's process panel."""

from datetime import date, datetime

from sqlmodel import select

from board_quarter import hold_session
from board_session_steps import boards, complete, hold_in_the_room, on, plan, session_clock  # noqa: F401
from engine.db import transaction
from tests.web.conftest import csrf_of, hidden_value
from workflows.board_session import finish_session_step
from workflows.board_session.models import BoardSession, MinutesComment, Reply, SessionKind, SessionNotice

SESSION_AT = datetime(2021, 6, 30, 10, 0)


def convened(engine, demo, juridico) -> BoardSession:
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, SESSION_AT)
    on(date(2021, 6, 21))
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    return board_session


def notices(engine, session_id) -> list[SessionNotice]:
    with transaction(engine) as db:
        return list(db.exec(select(SessionNotice).where(SessionNotice.session_id == session_id)
                            .order_by(SessionNotice.id)).all())


def test_the_link_shows_only_the_sessions_title_date_place_and_agenda(engine, demo, juridico, client):
    board_session = convened(engine, demo, juridico)
    first, second = notices(engine, board_session.id)[:2]
    page = client.get(f"/convocatoria/{first.token}")
    assert page.status_code == 200
    assert "Primera Sesión Ordinaria del Comité Coordinador" in page.text
    assert "30 de junio de 2021, 10:00 horas" in page.text
    assert "Sala de juntas de la Secretaría Ejecutiva" in page.text
    assert "Lectura y, en su caso, aprobación del orden del día" in page.text
    # Nobody else's address, name or link.
    assert second.email not in page.text and second.token not in page.text and first.email not in page.text
    assert page.headers["cache-control"] == "no-store"


def test_a_member_confirms_attendance_without_signing_in(engine, demo, juridico, client):
    board_session = convened(engine, demo, juridico)
    first = notices(engine, board_session.id)[0]
    answered = client.post(f"/convocatoria/{first.token}", data={"respuesta": "asistira"},
                           headers={"x-csrftoken": csrf_of(client)})
    assert answered.status_code == 200
    assert "Gracias: quedó registrado que asistirá" in answered.text
    assert notices(engine, board_session.id)[0].reply == Reply.ATTENDS
    refused = client.post(f"/convocatoria/{first.token}", data={"respuesta": "tal_vez"},
                          headers={"x-csrftoken": csrf_of(client)})
    assert refused.status_code == 400 and "Elija si asistirá o no." in refused.text


def test_an_invalid_token_is_not_found(engine, demo, juridico, client):
    convened(engine, demo, juridico)
    assert client.get("/convocatoria/no-es-un-token").status_code == 404
    assert client.get("/convocatoria/no-es-un-token/documento").status_code == 404
    assert client.post("/convocatoria/no-es-un-token", data={"respuesta": "asistira"},
                       headers={"x-csrftoken": csrf_of(client)}).status_code == 404


def test_the_link_downloads_the_convocatoria_and_during_the_review_the_draft_acta(engine, demo, juridico, client):
    board_session = convened(engine, demo, juridico)
    token = notices(engine, board_session.id)[0].token
    document = client.get(f"/convocatoria/{token}/documento")
    assert document.status_code == 200 and document.content[:2] == b"PK"
    assert client.get(f"/convocatoria/{token}/acta").status_code == 404  # no acta in review yet
    hold_in_the_room(engine, juridico, board_session.id, date(2021, 6, 30))
    with transaction(engine) as db:
        finish_session_step(db, juridico, db.get(BoardSession, board_session.id))
    assert client.get(f"/convocatoria/{token}/acta").content[:2] == b"PK"
    sent = client.post(f"/convocatoria/{token}/observaciones", data={"observaciones": "Corregir mi cargo en la lista."},
                       headers={"x-csrftoken": csrf_of(client)})
    assert "sus observaciones al proyecto de acta quedaron registradas" in sent.text
    with transaction(engine) as db:
        [comment] = db.exec(select(MinutesComment)).all()
    assert comment.text == "Corregir mi cargo en la lista."


def test_the_session_page_panel_shows_the_step_and_who_received_the_convocatoria(engine, demo, juridico, sign_in):
    board_session = convened(engine, demo, juridico)
    [first] = [n for n in notices(engine, board_session.id)][:1]
    with transaction(engine) as db:
        from workflows.board_session import notice
        notice.reply(db, first.token, Reply.DOES_NOT_ATTEND)
    legal = sign_in("juridico")
    panel = legal.get(f"/sesiones/{board_session.id}/proceso")
    assert panel.status_code == 200
    assert "Celebrar la sesión" in panel.text and "/tareas/" in panel.text and "Ir a la sala" in panel.text
    assert first.email in panel.text and "No asistirá" in panel.text
    # A member of the body reads it without the addresses, the task, or the terms' pages (not theirs to open).
    member = sign_in("integrante").get(f"/sesiones/{board_session.id}/proceso")
    assert member.status_code == 200 and first.email not in member.text and "/tareas/" not in member.text
    assert "/plazos/" in panel.text and "/plazos/" not in member.text
    # An area's enlace, outside the body, does not read the session's process at all.
    assert sign_in("enlace_da").get(f"/sesiones/{board_session.id}/proceso").status_code == 403
    assert legal.get("/sesiones/999999/proceso").status_code == 404


def test_every_task_form_of_both_processes_renders_and_a_late_ordinary_convocatoria_is_refused_beside_the_field(
        engine, demo, juridico, enlace_area_a, sign_in):
    from board_session_steps import approval_item, tasks
    from workflows.board_session.models import Resolution
    legal, enlace = sign_in("juridico"), sign_in("enlace_da")
    da = demo.areas["DA"]
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, SESSION_AT,
                         [approval_item(areas=[da.id], due=date(2021, 8, 31))])
    instance_id = board_session.instance_id

    def form_of(client, name):
        [task] = [t for t in tasks(engine, instance_id) if t.task_name == name]
        page = client.get(f"/tareas/{task.id}")
        assert page.status_code == 200, name
        return task, page.text

    on(date(2021, 6, 21))
    _, text = form_of(legal, "prepare_agenda")
    assert "cerrar la recepción de puntos" in text
    complete(engine, juridico, instance_id, "prepare_agenda", {"confirmar": True})
    on(date(2021, 6, 26))
    task, text = form_of(legal, "send_notice")
    assert "25 de junio de 2021" in text
    refused = legal.post(f"/tareas/{task.id}", data={"confirmar": "true", "_csrf_token": csrf_of(legal),
                                                    "version": hidden_value(text, "version")})
    assert refused.status_code == 422
    assert "a más tardar el 25 de junio de 2021" in refused.text and "reprograme la sesión" in refused.text
    on(date(2021, 6, 22))
    complete(engine, juridico, instance_id, "send_notice", {"confirmar": True})
    assert "/sala" in form_of(legal, "hold_session")[1]
    hold_in_the_room(engine, juridico, board_session.id, date(2021, 6, 30))
    with transaction(engine) as db:
        finish_session_step(db, juridico, db.get(BoardSession, board_session.id))
        resolution = db.exec(select(Resolution).where(Resolution.session_id == board_session.id)).one()
    form_of(legal, "review_minutes")
    complete(engine, juridico, instance_id, "review_minutes", {})
    form_of(legal, "sign_minutes")
    instance_id = resolution.followup_instance_id
    task, text = form_of(enlace, "report_progress")
    assert resolution.number in text and "Avance (%)" in text
    complete(engine, enlace_area_a, instance_id, "report_progress", {"avance": 100, "texto": "Programa entregado."})
    assert "Cumplido: cerrar el acuerdo" in form_of(legal, "verify_compliance")[1]


def test_the_panel_says_when_each_convocatoria_really_left_the_outbox(engine, demo, juridico, sign_in, settings):
    from engine.outbox import deliver_once
    board_session = convened(engine, demo, juridico)
    legal = sign_in("juridico")
    queued = legal.get(f"/sesiones/{board_session.id}/proceso").text
    assert "En cola de envío" in queued and "Entregado al servidor de correo" not in queued
    while deliver_once(engine, settings):
        pass
    delivered = legal.get(f"/sesiones/{board_session.id}/proceso").text
    assert "En cola de envío" not in delivered
    assert delivered.count("Entregado al servidor de correo el") == len(notices(engine, board_session.id))


def _session_with_an_areas_document(engine, demo, juridico, enlace_area_a, settings, when=SESSION_AT):
    """enlace_da proposes an item with «Oficio DA-123.pdf»; Jurídica accepts it, closes the orden del día and
    sends the convocatoria. Returns the session and the document's file id."""
    from workflows.board_session import planning
    from workflows.board_session.models import ItemKind
    from workflows.board_session.sessions import decide_item
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, when)
    on(date(2021, 6, 21))
    with transaction(engine) as db:
        item = planning.propose_item(db, enlace_area_a, db.get(BoardSession, board_session.id),
                                     title="Informe del ejercicio del presupuesto", kind=ItemKind.INFORMATIVE,
                                     area_id=demo.areas["DA"].id, now=datetime(2021, 6, 21, 16))
        document = planning.attach_document(db, settings, enlace_area_a, item, "Oficio DA-123.pdf",
                                            b"%PDF-1.4 oficio DA-123")
        decide_item(db, juridico, item, True, None)
        file_id = document.file_id
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    return board_session, file_id


def test_a_member_without_an_account_gets_the_items_documents_from_the_convocatorias_link(
        engine, demo, juridico, enlace_area_a, settings, client, sign_in):
    import io
    from docx import Document
    from engine.documents import text_of
    from engine.outbox import OutboxMessage
    board_session, file_id = _session_with_an_areas_document(engine, demo, juridico, enlace_area_a, settings)
    first = notices(engine, board_session.id)[0]
    own_link = f"{settings.base_url}/convocatoria/{first.token}/documentos/{file_id}"
    # The page of the link lists the item's document by its file name, downloadable there without signing in.
    page = client.get(f"/convocatoria/{first.token}")
    assert f'href="/convocatoria/{first.token}/documentos/{file_id}">Oficio DA-123.pdf</a>' in page.text
    assert "sin iniciar sesión" in page.text
    document = client.get(f"/convocatoria/{first.token}/documentos/{file_id}")
    assert document.status_code == 200 and document.content == b"%PDF-1.4 oficio DA-123"
    assert document.headers["cache-control"] == "no-store"
    assert "Oficio DA-123.pdf" in document.headers["content-disposition"]
    # The address for those who sign in still sends the others to the sign-in page.
    assert client.get(f"/sesiones/{board_session.id}/documentos/{file_id}", follow_redirects=False).status_code \
        in (302, 303, 401)
    # The e-mail gives the document's own link and says the truth about it.
    with transaction(engine) as db:
        email = db.exec(select(OutboxMessage).where(OutboxMessage.key == first.outbox_key)).one()
    assert f"Oficio DA-123.pdf: {own_link}" in email.body
    assert "firmada" not in email.body and "sin cuenta en Pleno" in email.body
    # The member's .docx links the document by its file name, through the member's link, and says so.
    docx = client.get(f"/convocatoria/{first.token}/documento")
    text = text_of(docx.content)
    assert f"• Oficio DA-123.pdf: {own_link}" in text
    assert "Anexo: Informe" not in text and "con su usuario de Pleno" not in text
    assert "sin iniciar sesión ni tener usuario de Pleno" in text
    targets = [r.target_ref for r in Document(io.BytesIO(docx.content)).part.rels.values() if r.is_external]
    assert own_link in targets and not any("/sesiones/" in t for t in targets)
    assert f"{settings.base_url}/convocatoria/{first.token}" in targets  # to confirm attendance
    # Addressed to that member, not to all of them.
    assert "P r e s e n t e s" not in text and "Integrantes convocados" not in text
    # It holds the member's token: no other member, nor legal staff, downloads it by its id.
    for username in ("integrante", "juridico"):
        assert sign_in(username).get(f"/archivos/{first.file_id}").status_code == 404


def test_a_token_opens_only_the_documents_on_its_own_sessions_orden_del_dia(
        engine, demo, juridico, enlace_area_a, settings, client):
    from workflows.board_session import planning
    from workflows.board_session.models import ItemKind, ItemStatus
    board_session, file_id = _session_with_an_areas_document(engine, demo, juridico, enlace_area_a, settings)
    other_session, other_file_id = _session_with_an_areas_document(engine, demo, juridico, enlace_area_a, settings,
                                                                   when=datetime(2021, 7, 15, 10, 0))
    token = notices(engine, board_session.id)[0].token
    other_token = notices(engine, other_session.id)[0].token
    assert client.get(f"/convocatoria/{token}/documentos/{file_id}").status_code == 200
    assert client.get(f"/convocatoria/{other_token}/documentos/{other_file_id}").status_code == 200
    # Another session's document, with this session's token (and the other way round): not found.
    assert client.get(f"/convocatoria/{token}/documentos/{other_file_id}").status_code == 404
    assert client.get(f"/convocatoria/{other_token}/documentos/{file_id}").status_code == 404
    assert f"/documentos/{other_file_id}" not in client.get(f"/convocatoria/{token}").text
    # Nor any stored file that is no item's document (the convocatoria itself), nor one of an item left out.
    own = notices(engine, board_session.id)[0].file_id
    assert client.get(f"/convocatoria/{token}/documentos/{own}").status_code == 404
    with transaction(engine) as db:
        left_out = planning.propose_item(db, juridico, db.get(BoardSession, board_session.id),
                                         title="Punto retirado", kind=ItemKind.INFORMATIVE,
                                         area_id=demo.areas["DA"].id, now=datetime(2021, 6, 21, 16))
        rejected = planning.attach_document(db, settings, juridico, left_out, "Borrador.pdf", b"%PDF-1.4 x")
        left_out.status = ItemStatus.WITHDRAWN
    assert client.get(f"/convocatoria/{token}/documentos/{rejected.file_id}").status_code == 404
    assert "Borrador.pdf" not in client.get(f"/convocatoria/{token}").text
    # A token that is no member's opens nothing.
    assert client.get(f"/convocatoria/no-es-un-token/documentos/{file_id}").status_code == 404
    assert client.get(f"/convocatoria/{token}/documentos/99999999999999999999").status_code in (404, 400)


def test_a_cancelled_sessions_link_and_page_keep_the_convocatoria_sent_and_nothing_else(
        engine, demo, juridico, enlace_area_a, settings, client, sign_in):
    from engine import files
    from workflows.board_session.cancellation import cancel_session
    board_session, file_id = _session_with_an_areas_document(engine, demo, juridico, enlace_area_a, settings)
    first = notices(engine, board_session.id)[0]
    with transaction(engine) as db:
        sent = files.latest(db, board_session.organization_id, board_session.instance_id, "convocatoria")
        sent_content = files.read(settings, sent)
        cancelling = db.get(BoardSession, board_session.id)
        cancel_session(db, juridico, cancelling, "La presidencia no podrá asistir.", cancelling.version)
    # The member's link says so instead of showing the orden del día as if the session were to be held.
    page = client.get(f"/convocatoria/{first.token}")
    assert page.status_code == 200
    assert "Esta sesión se canceló: no se celebrará." in page.text
    assert "Orden del día" not in page.text and "Oficio DA-123.pdf" not in page.text
    assert "Descargar la convocatoria que se le envió (.docx)" in page.text
    assert client.get(f"/convocatoria/{first.token}/documento").status_code == 200
    refused = client.get(f"/convocatoria/{first.token}/documentos/{file_id}")
    assert refused.status_code == 409 and "Esta sesión se canceló: no se celebrará." in refused.text
    # Legal staff keep the convocatoria that was sent, as it was sent; no orden del día is made any more.
    legal = sign_in("juridico")
    detail = legal.get(f"/sesiones/{board_session.id}")
    assert f"/sesiones/{board_session.id}/descargas/convocatoria" in detail.text
    assert f"/sesiones/{board_session.id}/descargas/orden-del-dia" not in detail.text
    assert "La convocatoria que se envió queda como constancia." in detail.text
    assert legal.get(f"/sesiones/{board_session.id}/descargas/convocatoria").content == sent_content
    agenda = legal.get(f"/sesiones/{board_session.id}/descargas/orden-del-dia", headers={"accept": "application/json"})
    assert agenda.status_code == 409
    assert agenda.json()["error"].startswith("La sesión se canceló: ya no se generan su convocatoria ni su orden")


def test_an_observation_after_the_next_session_approved_the_acta_is_refused_saying_so(engine, demo, juridico, client,
                                                                                        sign_in):
    board_session = convened(engine, demo, juridico)
    token = notices(engine, board_session.id)[0].token
    hold_in_the_room(engine, juridico, board_session.id, date(2021, 6, 30))
    with transaction(engine) as db:
        finish_session_step(db, juridico, db.get(BoardSession, board_session.id))
    on(date(2021, 7, 5))  # the review runs until 7 July; the Segunda Sesión Ordinaria approves the acta before
    cc = boards(engine, demo)["CC"]
    with transaction(engine) as db:
        hold_session(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 7, 5, 10, 0))
    told = ("El acta ya se aprobó en la Segunda Sesión Ordinaria del Comité Coordinador, el 5 de julio de 2021: su "
            "revisión concluyó y ya no se reciben observaciones.")
    late = client.post(f"/convocatoria/{token}/observaciones", data={"observaciones": "Corregir mi cargo."},
                       headers={"x-csrftoken": csrf_of(client)})
    assert late.status_code == 409
    assert told in late.text
    # The member signed in (Carmen Ortiz, a vocal of the Comité) is told the same on the acta's page.
    member = sign_in("integrante")
    assert told in member.get(f"/sesiones/{board_session.id}/acta").text
    refused = member.post(f"/sesiones/{board_session.id}/acta/observaciones", data={"texto": "Corregir mi cargo."},
                          headers={"x-csrftoken": csrf_of(member), "hx-request": "true"})
    assert refused.status_code == 409 and told in refused.text
    with transaction(engine) as db:
        assert db.exec(select(MinutesComment)).all() == []
