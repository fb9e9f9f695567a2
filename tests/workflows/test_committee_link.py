"""The Comité de Transparencia link: a request's case becomes an item of its session; the acuerdo flows back.

The request is filed Monday 23 March 2026 at 10:00 under MX-LGTAIP-2025: the response is due
Monday 20 April 2026. The area answers on Tuesday 24 March (the clock of tests.access_request_steps).
The Comité de Transparencia of tests.board_quarter has three seats (its presidenta is the demo
user "juridico") and its extraordinary sessions are called one día hábil ahead.
"""

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from engine.audit import events_for
from engine.db import transaction
from engine.documents import text_of
from engine.files import StoredFile, read
from engine.notifications import Notification
from engine.outbox import OutboxMessage
from engine.processes import OpenTask, ProcessInstance
from engine.runtime import runtime
from engine.tenancy import Area
from tests.access_request_steps import (SpiffClock, complete, file_request, later, request_of,  # noqa: F401
                                        response_of, tasks, turn, working_in_march_2026)
from tests.arco_request_steps import file_arco
from tests.board_quarter import make_boards, open_with_quorum, plan_called, vote_item
from workflows.access_request.models import (CommitteeCase, CommitteeCaseKind, CommitteeResolution, RequestKind,
                                             RequestStatus, TransparencyRequest)
from workflows.board_session import committee_export, committee_link, notice, pending, planning, room
from workflows.board_session.cancellation import cancel_session
from workflows.board_session.documents import build_agenda
from workflows.board_session.models import (AgendaItem, Board, BoardSession, ItemKind, ItemResult, ItemStatus,
                                            Resolution, SessionKind, SessionStatus, VoteSense)
from workflows.board_session.sessions import VOTED_FIXED, BoardError, items_of, merge_items, plan_session, submit_item

CONFIDENTIAL = "Art. 113 fr. I: su difusión compromete la seguridad de las instalaciones."
ARCHIVE = "Los contratos están en el archivo de concentración y su búsqueda requiere más tiempo."


def comite_session(engine, demo, juridico, when: datetime, kind=SessionKind.ORDINARY) -> int:
    with transaction(engine) as db:
        boards = make_boards(db, demo)
        return plan_called(db, juridico, boards["CT"], kind, when).id


def raise_case(engine, demo, transparencia, enlace, sentido, fundamento, pnt="330024626000123"):
    instance = file_request(engine, transparencia, folio_pnt=pnt)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace, instance.id, "area_answer",
             {"sentido": sentido, "respuesta": "Se localizó la información; véase el fundamento.",
              "fundamento": fundamento}, area_id=demo.areas["DA"].id)
    return instance


def case_item(engine) -> AgendaItem:
    with transaction(engine) as db:
        return db.exec(select(AgendaItem).where(AgendaItem.committee_case_id.is_not(None))
                       .order_by(AgendaItem.id.desc())).first()


def hold(engine, juridico, session_id, votes=None, opened_at: datetime | None = None):
    """Open with every seat present (on its day, or at `opened_at`), vote the fixed items and the case
    (as `votes` says), close."""
    with transaction(engine) as db:
        board_session = db.get(BoardSession, session_id)
        open_with_quorum(db, juridico, board_session)
        board_session.opened_at = opened_at or board_session.opened_at
        for item in items_of(db, board_session):
            if item.fixed in VOTED_FIXED:
                vote_item(db, juridico, item)
            elif item.committee_case_id is not None:
                vote_item(db, juridico, item, votes)
        room.close_session(db, juridico, board_session, None)


def the_case(engine) -> CommitteeCase:
    with transaction(engine) as db:
        return db.exec(select(CommitteeCase)).one()


def raise_joint_ampliacion(engine, demo, transparencia, enlace_area_a, enlace_area_b):
    """Both areas ask for an ampliación in the same round: one case, kept under the Dirección de Administración."""
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    for enlace, area in ((enlace_area_a, demo.areas["DA"]), (enlace_area_b, demo.areas["DRI"])):
        complete(engine, enlace, instance.id, "area_answer",
                 {"sentido": "ampliacion", "respuesta": "La búsqueda sigue en curso.", "fundamento": ARCHIVE},
                 area_id=area.id)
    return instance


def timeline(engine, demo, instance_id) -> list[str]:
    with transaction(engine) as db:
        return [e.summary for e in events_for(db, demo.organization.id, "proceso", instance_id)]


def test_a_classification_becomes_an_item_of_the_comites_next_session_in_time(
        engine, demo, juridico, transparencia, enlace_area_a):
    in_time = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    comite_session(engine, demo, juridico, datetime(2026, 5, 6, 10, 0))  # after the due day: not this one
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    item, case, request = case_item(engine), the_case(engine), request_of(engine, instance.id)
    assert (item.session_id, item.committee_case_id) == (in_time, case.id)
    assert (item.kind, item.status, item.committee_sense) == ("aprobacion", "aceptado", "confirma")
    assert item.title == (f"Solicitud {request.folio}: confirmación de la clasificación de la información "
                          "propuesta por la Dirección de Administración")
    assert item.proposed_resolution.startswith("El Comité de Transparencia confirma la clasificación de la "
                                               f"información propuesta por la Dirección de Administración en la "
                                               f"atención de la solicitud de información {request.folio}")
    assert item.description == case.reasoning  # the area's reasoning, for the Comité; not in the acuerdo
    assert "María" not in item.title + item.proposed_resolution
    # The Comité's task stays in its inbox: a member may still resolve by hand.
    assert [t.task_name for t in tasks(engine, instance.id)] == ["committee_resolution"]
    assert any("Primera Sesión Ordinaria del Comité de Transparencia" in s for s in timeline(engine, demo, instance.id))
    # The session was already convocada: Jurídica is told to send the updated orden del día.
    with transaction(engine) as db:
        bell = db.exec(select(Notification).where(Notification.user_id == demo.users["juridico"].id)).one()
    assert bell.title == ("Nuevo punto en el orden del día de la Primera Sesión Ordinaria del Comité de "
                          "Transparencia, ya convocada")


def test_the_voted_item_resolves_the_case_with_the_acuerdo_number_and_the_request_moves_to_its_answer(
        engine, demo, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    hold(engine, juridico, session_id)
    case, item = the_case(engine), case_item(engine)
    with transaction(engine) as db:
        resolution = db.exec(select(Resolution).where(Resolution.item_id == item.id)).one()
    assert resolution.number == "CT/001/2026"
    assert (case.resolution, case.resolution_number, case.resolved_on) == (
        CommitteeResolution.CONFIRMA, "CT/001/2026", date(2026, 4, 8))
    assert case.resolved_by == juridico.user_id and case.notes == resolution.text
    assert case.outcome.startswith("Confirmada")
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING
    assert [t.task_name for t in tasks(engine, instance.id)] == ["respond"]
    assert any("aprobó el acuerdo CT/001/2026" in s for s in timeline(engine, demo, instance.id))


def test_an_extension_voted_before_the_due_date_extends_the_requests_deadline(
        engine, demo, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 16, 10, 0))
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "ampliacion", ARCHIVE)
    item = case_item(engine)
    assert "confirmación de la ampliación del plazo de respuesta propuesta por" in item.title
    hold(engine, juridico, session_id)
    case, request = the_case(engine), request_of(engine, instance.id)
    # Notified the day it was voted (16 April), before the due day: 20 April + 10 dh = 5 May.
    assert (case.resolution_number, case.notified_on) == ("CT/001/2026", date(2026, 4, 16))
    assert response_of(engine, request.folio).due_on == date(2026, 5, 5)
    assert request.extended and request.status == RequestStatus.REANALYSIS  # the Unidad turns it again
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]


def test_an_extension_voted_in_a_session_held_a_day_late_takes_the_day_it_was_held(
        engine, demo, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 16, 10, 0))
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "ampliacion", ARCHIVE)
    hold(engine, juridico, session_id, opened_at=datetime(2026, 4, 17, 16, 0, tzinfo=UTC))  # Friday, 10:00
    case, request = the_case(engine), request_of(engine, instance.id)
    # Resolved and notified the day the Comité met, not the day it was convened for.
    assert (case.resolution_number, case.resolved_on, case.notified_on) == (
        "CT/001/2026", date(2026, 4, 17), date(2026, 4, 17))
    with transaction(engine) as db:
        assert db.exec(select(Resolution)).one().approved_on == date(2026, 4, 17)
    assert response_of(engine, request.folio).due_on == date(2026, 5, 5)
    assert request.extended


def test_an_arco_inexistencia_asks_the_comite_about_the_personal_data_and_to_notify_the_titular(
        engine, demo, juridico, transparencia, enlace_area_a):
    comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    instance = file_arco(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "inexistencia", "respuesta": "No se localizó expediente a nombre del titular.",
              "fundamento": "Se buscó en el archivo de trámite y de concentración."}, area_id=demo.areas["DA"].id)
    item, folio = case_item(engine), request_of(engine, instance.id).folio
    assert item.title == (f"Solicitud {folio}: confirmación de la inexistencia de los datos personales declarada por "
                          "la Dirección de Administración")
    assert item.proposed_resolution == (
        "El Comité de Transparencia confirma la inexistencia de los datos personales declarada por la Dirección de "
        f"Administración en la atención de la solicitud de derechos ARCO {folio}, y se instruye a la Unidad de "
        "Transparencia notificarlo al titular.")


def test_a_case_with_no_session_in_time_gets_an_extraordinary_session_proposed(
        engine, demo, juridico, transparencia, enlace_area_a, comite):
    comite_session(engine, demo, juridico, datetime(2026, 5, 6, 10, 0))  # the next one is too late
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "inexistencia",
                          "No se localizó la información en los archivos de la dirección.")
    item = case_item(engine)
    with transaction(engine) as db:
        proposed = db.get(BoardSession, item.session_id)
        bell = db.exec(select(Notification).where(Notification.user_id.in_(
            [demo.users["comite"].id, demo.users["juridico"].id]))).all()
    # The last día hábil before Monday 20 April that meets the one-día-hábil lead: Friday 17 April.
    assert (proposed.kind, proposed.status, proposed.number) == (SessionKind.EXTRAORDINARY, SessionStatus.PLANNED, 1)
    assert proposed.scheduled_at == datetime(2026, 4, 17, 16, 0, tzinfo=UTC)  # 10:00 in Mexico City
    assert "vence el 20 de abril de 2026" in proposed.notes and request_of(engine, instance.id).folio in proposed.notes
    assert "confirmación de la inexistencia de la información declarada por" in item.title
    assert sorted(n.user_id for n in bell) == sorted([demo.users["comite"].id, demo.users["juridico"].id])
    assert all(n.title.startswith("Se propone la Primera Sesión Extraordinaria del Comité de Transparencia")
               for n in bell)


def test_a_second_case_reuses_the_proposed_extraordinary_session(
        engine, demo, juridico, transparencia, enlace_area_a):
    with transaction(engine) as db:
        make_boards(db, demo)
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL, pnt="330024626000124")
    with transaction(engine) as db:
        sessions = db.exec(select(BoardSession)).all()
        items = db.exec(select(AgendaItem).where(AgendaItem.committee_case_id.is_not(None))).all()
    assert len(sessions) == 1 and {i.session_id for i in items} == {sessions[0].id} and len(items) == 2


def test_when_no_date_is_possible_before_the_due_day_the_case_goes_to_the_next_session_with_a_warning(
        engine, demo, juridico, transparencia, enlace_area_a):
    late_session = comite_session(engine, demo, juridico, datetime(2026, 5, 6, 10, 0))
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    later(date(2026, 4, 17))  # Friday: the next día hábil is the due day itself
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "reservada", "respuesta": "Se localizó la información.", "fundamento": CONFIDENTIAL},
             area_id=demo.areas["DA"].id)
    assert case_item(engine).session_id == late_session
    assert any("ATENCIÓN: la sesión es posterior al vencimiento" in s for s in timeline(engine, demo, instance.id))
    with transaction(engine) as db:
        bell = db.exec(select(Notification).where(Notification.user_id == demo.users["comite"].id)).one()
    assert "después de su vencimiento" in bell.title


def test_an_item_not_approved_leaves_the_case_open_and_the_request_says_so(
        engine, demo, juridico, transparencia, enlace_area_a, comite):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    hold(engine, juridico, session_id, votes={"Sofía Méndez Aguilar": VoteSense.AGAINST,
                                               "Luis Alberto Pérez Soto": VoteSense.AGAINST})
    case = the_case(engine)
    assert case_item(engine).result == ItemResult.NOT_APPROVED
    assert case.resolution is None and case.outcome.startswith(
        "Sin resolver: el proyecto no se aprobó en la Primera Sesión Ordinaria del Comité de Transparencia "
        "(1 voto a favor, 2 en contra y 0 abstenciones)")
    assert request_of(engine, instance.id).status == RequestStatus.IN_COMMITTEE
    assert [t.task_name for t in tasks(engine, instance.id)] == ["committee_resolution"]
    assert any("no se aprobó" in s for s in timeline(engine, demo, instance.id))
    # The Comité can still resolve it by hand.
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "revoca", "numero": "CT/RES/009/2026", "fecha_resolucion": "2026-04-09",
              "notas": "El área no fundó la propuesta: debe atender la solicitud."})
    # Revoked, the classification goes back to the area: the Unidad turns the request again.
    assert [t.task_name for t in tasks(engine, instance.id)] == ["review"]


def test_an_acuerdo_that_cannot_apply_to_its_request_is_a_warning_to_juridica_the_unidad_and_the_comite(
        engine, demo, juridico, transparencia, enlace_area_a, comite, monkeypatch):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    as_voted = committee_link.resolution_form
    # A resolution the request's handlers refuse (here, dated in the future, within the years a form takes).
    monkeypatch.setattr(committee_link, "resolution_form",
                        lambda *args: {**as_voted(*args), "fecha_resolucion": "2030-01-07"})
    hold(engine, juridico, session_id)
    request = request_of(engine, instance.id)
    assert [t.task_name for t in tasks(engine, instance.id)] == ["committee_resolution"]
    assert any("El acuerdo CT/001/2026 no pudo aplicarse a la solicitud: La fecha no puede ser posterior a hoy." in s
               for s in timeline(engine, demo, instance.id))
    with transaction(engine) as db:
        told = {n.user_id: n for n in db.exec(select(Notification).where(
            Notification.title == f"El acuerdo CT/001/2026 no se aplicó a la solicitud {request.folio}")).all()}
    assert {demo.users[name].id for name in ("juridico", "transparencia", "comite")} <= told.keys()
    assert told[demo.users["juridico"].id].link == f"/solicitudes/{request.id}"
    assert "Registre la resolución del caso en el expediente" in told[demo.users["juridico"].id].body


def test_juridica_may_propose_revoking_and_the_acuerdo_revokes(
        engine, demo, juridico, transparencia, enlace_area_a, comite):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    item = case_item(engine)
    with transaction(engine) as db:
        with pytest.raises(BoardError):
            committee_link.set_sense(db, comite, db.get(AgendaItem, item.id), CommitteeResolution.REVOCA, None)
    with transaction(engine) as db:
        committee_link.set_sense(db, juridico, db.get(AgendaItem, item.id), CommitteeResolution.REVOCA, item.version,
                                 "Los contratos ya están publicados en el portal.")
    item = case_item(engine)
    assert "revocación de la clasificación" in item.title and "revoca la clasificación" in item.proposed_resolution
    hold(engine, juridico, session_id)
    case = the_case(engine)
    assert (case.resolution, case.resolution_number) == (CommitteeResolution.REVOCA, "CT/001/2026")
    assert case.outcome.startswith("Revocada")


TERMS = "Sólo se reservan los nombres y los horarios del personal de vigilancia"


def test_a_modifica_proposed_without_considerations_is_refused_and_with_them_the_acuerdo_and_the_oficio_say_them(
        engine, demo, settings, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    item = case_item(engine)
    with pytest.raises(BoardError) as refused, transaction(engine) as db:
        committee_link.set_sense(db, juridico, db.get(AgendaItem, item.id), CommitteeResolution.MODIFICA,
                                 item.version, "   ")
    assert (refused.value.field, str(refused.value)) == (
        "consideraciones", "Escriba las consideraciones: los términos en que el Comité modifica la propuesta del "
                           "área. El oficio de respuesta los cita.")
    unchanged = case_item(engine)
    assert (unchanged.committee_sense, unchanged.committee_notes, unchanged.version) == ("confirma", "", item.version)
    with transaction(engine) as db:
        committee_link.set_sense(db, juridico, db.get(AgendaItem, item.id), CommitteeResolution.MODIFICA,
                                 item.version, f" {TERMS}. ")
    item = case_item(engine)
    assert item.proposed_resolution.endswith(
        f"y se instruye a la Unidad de Transparencia entregar la versión pública correspondiente. "
        f"Consideraciones: {TERMS}.")
    hold(engine, juridico, session_id)
    case = the_case(engine)
    assert (case.resolution, case.notes) == (CommitteeResolution.MODIFICA, f"{TERMS}.")
    complete(engine, transparencia, instance.id, "respond", {
        "sentido": "reservada", "respuesta": "Se entrega la versión pública de los contratos.",
        "modalidad": "consulta_directa", "costo": "0", "fecha_notificacion": "2026-04-10",
        "leyenda": "Se testan los nombres y los horarios del personal de vigilancia."})
    request = request_of(engine, instance.id)
    with transaction(engine) as db:
        oficio = text_of(read(settings, db.get(StoredFile, request.oficio_file_id)))
    # The oficio cites how the Comité modified it, not the acuerdo that says it modifies.
    assert (f"modificó la clasificación de la información en los términos siguientes: {TERMS}.") in oficio
    assert "El Comité de Transparencia modifica la clasificación" not in oficio


def test_an_item_proposed_as_modifica_before_considerations_were_asked_for_does_not_resolve_its_case_without_them(
        engine, demo, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    item_id = case_item(engine).id
    with transaction(engine) as db:  # as the migration left it: the sense, no considerations
        db.get(AgendaItem, item_id).committee_sense = CommitteeResolution.MODIFICA.value
    hold(engine, juridico, session_id)
    assert the_case(engine).resolution is None
    assert [t.task_name for t in tasks(engine, instance.id)] == ["committee_resolution"]
    assert any("El acuerdo CT/001/2026 no pudo aplicarse a la solicitud: Escriba las consideraciones: los términos en "
               "que el Comité modifica la propuesta del área." in s for s in timeline(engine, demo, instance.id))


@pytest.mark.parametrize("called", [True, False], ids=["convocada", "programada"])
def test_a_case_resolved_in_the_requests_file_leaves_the_orden_del_dia_and_no_second_acuerdo_is_numbered(
        engine, demo, juridico, transparencia, enlace_area_a, comite, called):
    with transaction(engine) as db:
        board = make_boards(db, demo)["CT"]
        when = datetime(2026, 4, 8, 10, 0)
        session_id = (plan_called(db, juridico, board, SessionKind.ORDINARY, when) if called
                      else plan_session(db, juridico, board, SessionKind.ORDINARY, when)).id
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    folio = request_of(engine, instance.id).folio
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "modifica", "numero": "CT/RES/004/2026", "fecha_resolucion": "2026-04-07",
              "notas": "Se reserva solo la parte que el Comité señala."})
    item = case_item(engine)
    assert (item.session_id, item.status, item.result) == (session_id, ItemStatus.WITHDRAWN, None)
    assert item.withdrawn_reason == (
        f"El Comité de Transparencia ya resolvió el caso en el expediente de la solicitud {folio}: resolución "
        "CT/RES/004/2026 del 7 de abril de 2026, que modifica la clasificación de la información.")
    with transaction(engine) as db:
        board_session = db.get(BoardSession, session_id)
        # Out of the orden del día (its documents and the room read it), kept among the items set aside.
        assert item.id not in [i.id for i in items_of(db, board_session)]
        assert [i.id for i in planning.set_aside_items(db, board_session)] == [item.id]
        with pytest.raises(BoardError, match="retirado del orden del día"):
            committee_link.set_sense(db, juridico, db.get(AgendaItem, item.id), CommitteeResolution.REVOCA, None)
        bells = [n.title for n in db.exec(select(Notification).where(
            Notification.user_id == demo.users["juridico"].id)).all()]
        session_log = [e.summary for e in events_for(db, demo.organization.id, "sesion", session_id)]
    withdrawn = "Se retiró un punto del orden del día de la Primera Sesión Ordinaria del Comité de Transparencia"
    # The members have the orden del día only once it was convocada: then Jurídica is told to send it again.
    assert (withdrawn in bells) is called
    assert any(s.startswith("Retiró del orden del día el punto") and "CT/RES/004/2026" in s for s in session_log)
    assert any("salió del orden del día" in s for s in timeline(engine, demo, instance.id))
    if called:
        hold(engine, juridico, session_id)
        with transaction(engine) as db:
            assert db.exec(select(Resolution)).all() == []  # no acuerdo numbered on the case
    case = the_case(engine)
    assert (case.resolution, case.resolution_number) == (CommitteeResolution.MODIFICA, "CT/RES/004/2026")
    assert case.outcome.startswith("Modificada")


def test_the_members_convened_hear_of_a_case_that_joins_their_orden_del_dia_and_of_its_leaving(
        engine, demo, settings, juridico, transparencia, enlace_area_a, comite, monkeypatch):
    monkeypatch.setattr(notice, "utcnow", lambda: SpiffClock.moment)
    with transaction(engine) as db:
        board_session = plan_session(db, juridico, make_boards(db, demo)["CT"], SessionKind.ORDINARY,
                                     datetime(2026, 4, 8, 10, 0))
        convened = {n.email for n in notice.send_convocatoria(db, settings, juridico, board_session)}
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    item = case_item(engine)
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/004/2026", "fecha_resolucion": "2026-04-07"})
    with transaction(engine) as db:
        told = db.exec(select(OutboxMessage).where(OutboxMessage.kind == "orden_modificado")).all()
    added = [m for m in told if f"Se agregó el punto «{item.title}»." in m.body]
    withdrawn = [m for m in told if f"Se retiró el punto «{item.title}». Motivo: El Comité de Transparencia ya "
                                    "resolvió el caso" in m.body]
    assert len(convened) == 3 and len(told) == 6
    assert {m.to_address for m in added} == {m.to_address for m in withdrawn} == convened


def test_a_case_resolved_while_another_of_its_request_waits_leaves_the_orden_del_dia_at_once(
        engine, demo, juridico, transparencia, enlace_area_a, enlace_area_b, comite):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"], demo.areas["DRI"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "reservada", "respuesta": "Administración los tiene y son reservados.",
              "fundamento": CONFIDENTIAL}, area_id=demo.areas["DA"].id)
    complete(engine, enlace_area_b, instance.id, "area_answer",
             {"sentido": "inexistencia", "respuesta": "Riesgos no genera esos contratos.",
              "fundamento": "Búsqueda en el archivo de trámite sin resultado."}, area_id=demo.areas["DRI"].id)
    with transaction(engine) as db:
        cases = {c.kind: c.id for c in db.exec(select(CommitteeCase)).all()}
        open_tasks = db.exec(select(OpenTask).where(OpenTask.instance_id == instance.id,
                                                    OpenTask.task_name == "committee_resolution")).all()
        by_case = {runtime.task_data(db, db.get(ProcessInstance, instance.id), t.id)["caso"]["caso_id"]: t.id
                   for t in open_tasks}
    with transaction(engine) as db:
        runtime.complete_task(db, comite, by_case[cases["inexistencia"]],
                              {"resolucion": "confirma", "numero": "CT/RES/002/2026", "fecha_resolucion": "2026-04-06"})
    with transaction(engine) as db:
        items = {i.committee_case_id: i for i in db.exec(select(AgendaItem).where(
            AgendaItem.committee_case_id.is_not(None))).all()}
        # The classification still waits for the Comité: its case is not applied yet, its item is.
        assert db.get(CommitteeCase, cases["inexistencia"]).resolution is None
    assert items[cases["inexistencia"]].status == ItemStatus.WITHDRAWN
    assert "resolución CT/RES/002/2026 del 6 de abril de 2026, que confirma la inexistencia de la información" in \
        items[cases["inexistencia"]].withdrawn_reason
    assert items[cases["clasificacion"]].status == ItemStatus.ACCEPTED
    # Called off, the session sends only the case still open to another session.
    with transaction(engine) as db:
        moved = cancel_session(db, juridico, db.get(BoardSession, session_id), "El Comité no reunirá quórum.", None,
                               now=SpiffClock.moment)
    assert moved == [cases["clasificacion"]]


def test_a_vote_on_a_case_already_resolved_is_refused_before_an_acuerdo_is_numbered(
        engine, demo, juridico, transparencia, enlace_area_a, comite):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/004/2026", "fecha_resolucion": "2026-04-07"})
    item_id = case_item(engine).id
    with transaction(engine) as db:
        # An item left in the orden del día (as one was before items could be withdrawn).
        item = db.get(AgendaItem, item_id)
        item.status, item.withdrawn_reason = ItemStatus.ACCEPTED, ""
    with transaction(engine) as db:
        open_with_quorum(db, juridico, db.get(BoardSession, session_id))
    with transaction(engine) as db, pytest.raises(BoardError) as refused:
        vote_item(db, juridico, db.get(AgendaItem, item_id))
    assert str(refused.value) == ("El caso de este punto ya se resolvió: resolución CT/RES/004/2026 del 7 de abril de "
                                  "2026 (confirma). No se vota un segundo acuerdo sobre él.")
    with transaction(engine) as db:
        assert db.exec(select(Resolution)).all() == []
        assert db.get(AgendaItem, item_id).result is None


def test_without_a_transparency_committee_body_nothing_is_scheduled(engine, demo, transparencia, enlace_area_a):
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    with transaction(engine) as db:
        assert db.exec(select(AgendaItem)).first() is None
    assert [t.task_name for t in tasks(engine, instance.id)] == ["committee_resolution"]


def test_the_comites_workbook_lists_its_resolution_with_sense_and_folio_and_no_personal_data(
        engine, demo, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    hold(engine, juridico, session_id)
    folio = request_of(engine, instance.id).folio
    with transaction(engine) as db:
        board = committee_link.transparency_committee(db, demo.organization.id)
        workbook = load_workbook(io.BytesIO(committee_export.workbook_of(db, board, 2026)))
    rows = list(workbook["Resoluciones"].iter_rows(values_only=True))
    assert rows[1] == ("CT/001/2026", datetime(2026, 4, 8), "Primera Sesión Ordinaria del Comité de Transparencia",
                       f"Solicitud {folio}: confirmación de la clasificación de la información propuesta por la "
                       "Dirección de Administración", "Clasificación de la información", "Confirma", folio,
                       "Sin seguimiento (no ordena trabajo)")
    cells = " ".join(str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row)
    assert "López Hernández" not in cells and "maria@example.org" not in cells  # the applicant
    members = [r[:3] for r in workbook["Integrantes"].iter_rows(values_only=True)][1:]
    assert members == [("Lic. Ana María Gómez Ruiz", "Directora Jurídica", "Presidente"),
                       ("Sofía Méndez Aguilar", "Titular del Órgano Interno de Control", "Vocal"),
                       ("Luis Alberto Pérez Soto", "Titular de la Unidad de Transparencia", "Vocal")]


def test_the_comites_workbook_lists_the_cases_it_resolved_in_the_requests_file_once_each(
        engine, demo, juridico, transparencia, enlace_area_a, comite):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    voted = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    in_file = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL,
                         pnt="330024626000124")
    complete(engine, comite, in_file.id, "committee_resolution",
             {"resolucion": "modifica", "numero": "CT/RES/010/2026", "fecha_resolucion": "2026-04-07",
              "notas": "Se reserva solo la parte que el Comité señala."})
    hold(engine, juridico, session_id)
    voted_folio, file_folio = request_of(engine, voted.id).folio, request_of(engine, in_file.id).folio
    with transaction(engine) as db:
        board = committee_link.transparency_committee(db, demo.organization.id)
        workbook = load_workbook(io.BytesIO(committee_export.workbook_of(db, board, 2026)))
        assert committee_export.resolution_rows(db, board, 2025) == []
    rows = list(workbook["Resoluciones"].iter_rows(values_only=True))[1:]
    assert [(r[0], r[6]) for r in rows] == [("CT/RES/010/2026", file_folio), ("CT/001/2026", voted_folio)]
    assert rows[0] == ("CT/RES/010/2026", datetime(2026, 4, 7), "En el expediente de la solicitud",
                       f"Solicitud {file_folio}: modificación de la clasificación de la información propuesta por la "
                       "Dirección de Administración", "Clasificación de la información", "Modifica", file_folio, None)
    cells = " ".join(str(v) for row in rows for v in row)
    assert "López Hernández" not in cells and "maria@example.org" not in cells  # the applicant


def test_the_proposed_session_has_its_process_started_so_juridica_can_convoke_it(
        engine, demo, juridico, transparencia, enlace_area_a):
    with transaction(engine) as db:
        make_boards(db, demo)
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    item = case_item(engine)
    with transaction(engine) as db:
        proposed = db.get(BoardSession, item.session_id)
        steps = db.exec(select(OpenTask).where(OpenTask.instance_id == proposed.instance_id)).all()
    assert proposed.instance_id is not None and [s.role for s in steps] == ["juridico"]


def test_a_case_in_a_session_called_off_goes_to_a_session_still_in_time(
        engine, demo, juridico, transparencia, enlace_area_a, comite):
    cancelled_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    assert case_item(engine).session_id == cancelled_id
    with transaction(engine) as db:
        moved = cancel_session(db, juridico, db.get(BoardSession, cancelled_id),
                               "El Comité no reunirá quórum esa semana.", None, now=SpiffClock.moment)
    item = case_item(engine)
    assert moved == [the_case(engine).id] and item.session_id != cancelled_id
    with transaction(engine) as db:
        proposed = db.get(BoardSession, item.session_id)
    # No other session before the due day (Monday 20 April): an extraordinary one is proposed.
    assert (proposed.kind, proposed.status) == (SessionKind.EXTRAORDINARY, SessionStatus.PLANNED)


def test_a_cancelled_session_says_where_its_case_went(engine, demo, juridico, transparencia, enlace_area_a):
    cancelled_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    left = case_item(engine)
    with transaction(engine) as db:
        assert pending.carried_to(db, [db.get(AgendaItem, left.id)]) == {}  # not cancelled yet
        cancel_session(db, juridico, db.get(BoardSession, cancelled_id), "El Comité no reunirá quórum esa semana.",
                       None, now=SpiffClock.moment)
    went = case_item(engine)
    with transaction(engine) as db:
        moved = pending.carried_to(db, [db.get(AgendaItem, left.id)])
        assert {item_id: link.session.id for item_id, link in moved.items()} == {left.id: went.session_id}
        assert db.get(AgendaItem, went.id).carried_from_id == left.id
        # The item stays in the cancelled orden del día, as it was convened.
        assert db.get(AgendaItem, left.id).status == ItemStatus.ACCEPTED


def test_a_requests_case_is_not_merged_with_another_item_so_it_keeps_its_own_vote(
        engine, demo, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    case = case_item(engine)
    with transaction(engine) as db:
        other = submit_item(db, juridico, db.get(BoardSession, session_id), title="Informe de solicitudes",
                            kind=ItemKind.INFORMATIVE, area_id=None, today=date(2026, 3, 25))
    for source, target in ((case, other), (other, case)):
        with pytest.raises(BoardError) as refused:
            with transaction(engine) as db:
                merge_items(db, juridico, db.get(AgendaItem, source.id), db.get(AgendaItem, target.id), None)
        assert str(refused.value) == ("El caso de una solicitud ante el Comité se vota en su propio punto: no se "
                                      "fusiona.")
    with transaction(engine) as db:
        assert [db.get(AgendaItem, i).status for i in (case.id, other.id)] == [ItemStatus.ACCEPTED] * 2


def test_a_joint_ampliacion_is_proposed_by_both_areas_in_the_orden_del_dia_the_acuerdo_and_the_workbook(
        engine, demo, juridico, transparencia, enlace_area_a, enlace_area_b, comite):
    comite_session(engine, demo, juridico, datetime(2026, 4, 16, 10, 0))
    instance = raise_joint_ampliacion(engine, demo, transparencia, enlace_area_a, enlace_area_b)
    item, case, folio = case_item(engine), the_case(engine), request_of(engine, instance.id).folio
    both = "la Dirección de Administración y la Dirección de Riesgos e Inteligencia"
    assert item.title == f"Solicitud {folio}: confirmación de la ampliación del plazo de respuesta propuesta por {both}"
    assert item.proposed_resolution.startswith(
        f"El Comité de Transparencia confirma la ampliación del plazo de respuesta propuesta por {both} en la "
        f"atención de la solicitud de información {folio}")
    assert item.description == case.reasoning
    with transaction(engine) as db:
        committee_link.set_sense(db, juridico, db.get(AgendaItem, item.id), CommitteeResolution.MODIFICA, item.version,
                                 "La ampliación se concede solo a la Dirección de Administración.")
    assert case_item(engine).title.endswith(f"modificación de la ampliación del plazo de respuesta propuesta por {both}")
    with transaction(engine) as db:
        revoked = db.get(AgendaItem, item.id)
        committee_link.set_sense(db, juridico, revoked, CommitteeResolution.REVOCA, revoked.version,
                                 "La búsqueda cabe en el plazo original.")
    # A revoked ampliación leaves nothing to deliver yet: the areas answer within the term they had.
    assert case_item(engine).proposed_resolution.endswith(
        f"{folio}, y se instruye a las áreas responder dentro del plazo original. Consideraciones: La búsqueda "
        "cabe en el plazo original.")
    # Resolved in the request's own file, the Comité's workbook names both too.
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/010/2026", "fecha_resolucion": "2026-04-07",
              "fecha_notificacion": "2026-04-07"})
    with transaction(engine) as db:
        board = committee_link.transparency_committee(db, demo.organization.id)
        [row] = committee_export.file_resolution_rows(db, board, 2026)
    assert row[3] == f"Solicitud {folio}: confirmación de la ampliación del plazo de respuesta propuesta por {both}"


@pytest.mark.parametrize("kind, party", [(RequestKind.ACCESO, "al solicitante"), (RequestKind.ARCO, "al titular")])
def test_the_draft_resolution_has_the_unidad_notify_the_requester_or_the_titular(kind, party):
    request = TransparencyRequest(organization_id=1, kind=kind, folio="SAI-2026-00001")
    areas = [Area(organization_id=1, code="DA", name="Dirección de Administración")]
    confirmed = committee_link.draft_resolution(CommitteeCase(kind=CommitteeCaseKind.INEXISTENCIA), request, areas,
                                                CommitteeResolution.CONFIRMA)
    extended = committee_link.draft_resolution(CommitteeCase(kind=CommitteeCaseKind.AMPLIACION), request, areas,
                                               CommitteeResolution.CONFIRMA)
    assert confirmed.endswith(f", y se instruye a la Unidad de Transparencia notificarlo {party}.")
    assert extended.endswith(f", y se instruye a la Unidad de Transparencia notificar la ampliación {party}.")


BOTH_AREAS = "Dirección de Administración y Dirección de Riesgos e Inteligencia"


def test_a_joint_ampliacion_is_among_the_items_of_each_proposing_area_named_with_both_and_no_other_areas(
        engine, demo, juridico, transparencia, enlace_area_a, enlace_area_b):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 16, 10, 0))
    raise_joint_ampliacion(engine, demo, transparencia, enlace_area_a, enlace_area_b)
    item = case_item(engine)
    with transaction(engine) as db:
        for enlace in (enlace_area_a, enlace_area_b):
            assert [(r.item.id, r.session.id, r.area_name) for r in planning.proposals_of_my_areas(db, enlace)] \
                == [(item.id, session_id, BOTH_AREAS)]
        # The Unidad de Transparencia's titular is the enlace of an area that did not propose it.
        assert planning.proposals_of_my_areas(db, transparencia) == []


def test_the_orden_del_dia_says_a_joint_ampliacion_is_presented_by_both_areas(
        engine, demo, juridico, transparencia, enlace_area_a, enlace_area_b):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 16, 10, 0))
    raise_joint_ampliacion(engine, demo, transparencia, enlace_area_a, enlace_area_b)
    with transaction(engine) as db:
        text = text_of(build_agenda(db, session_id, "https://pleno.example"))
    assert f"Para aprobación · Presenta: {BOTH_AREAS}" in text


def test_a_case_the_comite_deferred_goes_on_to_its_next_session_and_the_vote_there_resolves_it(
        engine, demo, juridico, transparencia, enlace_area_a):
    first = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    deferred = case_item(engine)
    with transaction(engine) as db:
        board_session = db.get(BoardSession, first)
        open_with_quorum(db, juridico, board_session)
        pending.defer_item(db, juridico, db.get(AgendaItem, deferred.id), "Falta la versión pública del contrato.",
                           None)
        for item in items_of(db, board_session):
            if item.fixed in VOTED_FIXED:
                vote_item(db, juridico, item)
        room.close_session(db, juridico, board_session, None)
        later_id = plan_session(db, juridico, db.get(Board, board_session.board_id), SessionKind.ORDINARY,
                                datetime(2026, 4, 15, 10, 0)).id
    assert the_case(engine).resolution is None
    assert ("El Comité difirió el caso en la Primera Sesión Ordinaria del Comité de Transparencia para una sesión "
            "posterior. Motivo: Falta la versión pública del contrato.") in timeline(engine, demo, instance.id)
    with transaction(engine) as db:
        carried = pending.carry_item(db, juridico, db.get(AgendaItem, deferred.id), db.get(BoardSession, later_id),
                                     None)
        assert committee_link.item_of_case(db, deferred.committee_case_id).id == carried.id
        assert (carried.committee_case_id, carried.committee_sense) == (deferred.committee_case_id, "confirma")
    assert ("El caso pasó al orden del día de la Segunda Sesión Ordinaria del Comité de Transparencia (15 de abril "
            "de 2026)") in timeline(engine, demo, instance.id)
    with transaction(engine) as db:
        db.get(BoardSession, later_id).status = SessionStatus.CALLED
    hold(engine, juridico, later_id)
    case = the_case(engine)
    assert (case.resolution, case.resolution_number, case.resolved_on) == (
        CommitteeResolution.CONFIRMA, "CT/001/2026", date(2026, 4, 15))
    assert request_of(engine, instance.id).status == RequestStatus.ANSWERING


def test_a_modification_deferred_goes_on_with_its_considerations_and_the_vote_there_resolves_it_so(
        engine, demo, juridico, transparencia, enlace_area_a):
    first = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    deferred = case_item(engine)
    terms = "Se reserva solo el anexo técnico; el contrato se entrega en versión pública."
    with transaction(engine) as db:
        board_session = db.get(BoardSession, first)
        committee_link.set_sense(db, juridico, db.get(AgendaItem, deferred.id), CommitteeResolution.MODIFICA, None,
                                 terms)
        open_with_quorum(db, juridico, board_session)
        pending.defer_item(db, juridico, db.get(AgendaItem, deferred.id), "Falta la versión pública.", None)
        for item in items_of(db, board_session):
            if item.fixed in VOTED_FIXED:
                vote_item(db, juridico, item)
        room.close_session(db, juridico, board_session, None)
        later_id = plan_session(db, juridico, db.get(Board, board_session.board_id), SessionKind.ORDINARY,
                                datetime(2026, 4, 15, 10, 0)).id
    with transaction(engine) as db:
        carried = pending.carry_item(db, juridico, db.get(AgendaItem, deferred.id), db.get(BoardSession, later_id),
                                     None)
        # What the Comité is asked to vote goes on whole: the sense and the terms the oficio will cite.
        assert (carried.committee_sense, carried.committee_notes) == ("modifica", terms)
    with transaction(engine) as db:
        db.get(BoardSession, later_id).status = SessionStatus.CALLED
    hold(engine, juridico, later_id)
    case = the_case(engine)
    assert (case.resolution, case.resolved_on) == (CommitteeResolution.MODIFICA, date(2026, 4, 15))
    assert terms in (case.notes or "")


def test_a_case_of_a_session_without_quorum_waits_in_the_session_it_was_passed_to(
        engine, demo, juridico, transparencia, enlace_area_a):
    first = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    left = case_item(engine)
    with transaction(engine) as db:
        board_session = db.get(BoardSession, first)
        room.open_session(db, juridico, board_session, None)
        room.record_no_quorum(db, juridico, board_session, None)
        later_session = plan_session(db, juridico, db.get(Board, board_session.board_id), SessionKind.ORDINARY,
                                     datetime(2026, 4, 15, 10, 0))
        carried = pending.carry_item(db, juridico, db.get(AgendaItem, left.id), later_session, None)
        # The item left in the session not held no longer stands for the case: the one it went to does.
        assert committee_link.item_of_case(db, left.committee_case_id).id == carried.id
        with pytest.raises(BoardError, match="Este punto ya pasó a la Segunda Sesión Ordinaria del Comité de "
                                             "Transparencia"):
            pending.carry_item(db, juridico, db.get(AgendaItem, left.id), later_session, None)
