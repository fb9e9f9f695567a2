"""A session's process expediente (/procesos/N): its data read in Spanish, as the process names them. On the
session clock of tests/board_session_steps.py."""

from datetime import date, datetime

from board_quarter import member
from board_session_steps import approval_item, boards, complete, hold_in_the_room, on, plan, session_clock  # noqa: F401
from engine.accounts import Role, create_user
from engine.db import transaction
from tests.web.test_resolution_followup_pages import text
from workflows.board_session import finish_session_step, planning
from workflows.board_session.models import AgendaItem, Board, BoardSession, ItemKind, SessionKind
from workflows.board_session.sessions import decide_item


def test_the_sessions_data_read_as_spanish_labels_and_words_not_their_keys(engine, demo, juridico, sign_in):
    on(date(2021, 6, 21))
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, datetime(2021, 6, 30, 10),
                         [approval_item(areas=[demo.areas["DA"].id], due=date(2021, 8, 31))])
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    on(date(2021, 6, 22))
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    hold_in_the_room(engine, juridico, board_session.id, date(2021, 6, 30))
    with transaction(engine) as db:
        finish_session_step(db, juridico, db.get(BoardSession, board_session.id))
    on(date(2021, 7, 2))
    complete(engine, juridico, board_session.instance_id, "review_minutes", {"observaciones": "Se precisó el punto 5."})
    page = text(sign_in("juridico").get(f"/procesos/{board_session.instance_id}").text)
    data = page[page.index("Datos actuales"):page.index("Historial")]
    for said in (
            "Sesión Nombre: Primera Sesión Ordinaria del Comité Coordinador Órgano: Comité Coordinador Tipo: Ordinaria "
            "Fecha y hora: 30/06/2021 10:00 Lugar: ",
            "Convocar a más tardar: 25/06/2021 18:00",
            # The body's first session: four fixed items (no acta anterior) and the area's item.
            "Orden del día Puntos: 5 Enviar la convocatoria a más tardar: 25/06/2021 18:00",
            "Convocatoria Enviada: 22/06/2021 11:00 Destinatarios: 11",
            "Resultado de la sesión Estado: Celebrada",
            "Revisión del proyecto de acta Vence: 07/07/2021 18:00",
            "Seguimiento de acuerdos iniciado Acuerdo: 001/CC/SAECH/2021",
            "Observaciones incorporadas al acta Se precisó el punto 5.",
            "Fin de la revisión del acta Estado del acta: Proyecto de acta Concluyó al vencer el plazo: No"):
        assert said in data, said
    # Neither keys made readable nor stored values, nor the same moment twice.
    for raw in ("Sesion ", "Titulo", "Organo", "Clase", "Fecha local", "mas tardar", "Orden del dia", "Revision",
                "celebrada", "borrador", "25 de junio de 2021", "está completo"):
        assert raw not in data, raw


REASON = "Duplica el informe de mayo; lo vemos con el área antes de llevarlo al órgano."


def test_a_member_reads_in_the_sessions_history_the_orden_del_dia_sent_not_juridicas_work_on_the_items(
        engine, demo, juridico, enlace_area_a, password, sign_in):
    on(date(2021, 6, 21))
    cc = boards(engine, demo)["CC"]
    board_session = plan(engine, juridico, cc, SessionKind.ORDINARY, datetime(2021, 6, 30, 10))
    with transaction(engine) as db:
        # The CC's Secretario Técnico, who prepares the session with Jurídica, signs in as «st_cc».
        user = create_user(db, demo.organization.id, "st_cc", "Mtro. Rafael Domínguez Solís",
                           "rafael.dominguez@sesaech.example", password, [(Role.INTEGRANTE, None)])
        member(db, db.get(Board, cc.id), "Rafael Domínguez").user_id = user.id
        proposed = [planning.propose_item(db, enlace_area_a, db.get(BoardSession, board_session.id), title=title,
                                          kind=ItemKind.INFORMATIVE, area_id=demo.areas["DA"].id,
                                          now=on(date(2021, 6, 21))).id
                    for title in ("Informe de adquisiciones de junio", "Informe de adquisiciones de mayo")]
    with transaction(engine) as db:
        accepted, left_out = (db.get(AgendaItem, item_id) for item_id in proposed)
        decide_item(db, juridico, accepted, True, None)
        decide_item(db, juridico, left_out, False, None, REASON)
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    on(date(2021, 6, 22))
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    url = f"/procesos/{board_session.instance_id}"

    def history(username: str) -> str:
        page = text(sign_in(username).get(url).text)
        return page[page.index("Historial"):]

    member_reads = history("integrante")
    assert "Envió la convocatoria a la Primera Sesión Ordinaria del Comité Coordinador" in member_reads
    for working in ("Propuso el punto", "Aceptó el punto", "No incluyó el punto", REASON,
                    "Informe de adquisiciones de mayo"):
        assert working not in member_reads, working
    # Jurídica and the body's Secretario Técnico keep the whole history.
    for username in ("juridico", "st_cc"):
        full = history(username)
        assert "Aceptó el punto «Informe de adquisiciones de junio»" in full, username
        assert f"No incluyó el punto «Informe de adquisiciones de mayo» {REASON}" in full, username
        assert "Envió la convocatoria a la Primera Sesión Ordinaria del Comité Coordinador" in full, username
