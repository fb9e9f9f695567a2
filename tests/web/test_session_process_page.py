"""A session's process expediente (/procesos/N): its data read in Spanish, as the process names them. On the
session clock of tests/board_session_steps.py."""

from datetime import date, datetime

from board_session_steps import approval_item, boards, complete, hold_in_the_room, on, plan, session_clock  # noqa: F401
from engine.db import transaction
from tests.web.test_resolution_followup_pages import text
from workflows.board_session import finish_session_step
from workflows.board_session.models import BoardSession, SessionKind


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
