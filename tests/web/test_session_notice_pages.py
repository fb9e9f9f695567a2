"""The convocatoria's link (a member answers without signing in) and the session page's process panel."""

from datetime import date, datetime

from sqlmodel import select

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
    enlace = sign_in("enlace_da").get(f"/sesiones/{board_session.id}/proceso")
    assert enlace.status_code == 200 and first.email not in enlace.text and "/tareas/" not in enlace.text
    # The terms link to their page only for whoever that page opens to.
    assert "/plazos/" in panel.text and "/plazos/" not in enlace.text
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
