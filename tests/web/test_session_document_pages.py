"""Session documents on the web: who downloads what, the acta's notes and the members' observations."""

import re
from datetime import datetime

import pytest
from sqlmodel import select

from engine import files
from engine.accounts import Role, create_user
from engine.db import transaction
from engine.documents import text_of
from engine.processes import BpmnDefinition, InstanceStatus, ProcessInstance
from engine.tenancy import Organization
from tests.board_quarter import make_boards, plan_called, quarter_of
from tests.web.conftest import csrf_of
from workflows.board_session import room
from workflows.board_session.documents import build_convocatoria
from workflows.board_session.minutes_review import store_acta
from workflows.board_session.models import (AgendaDocument, AgendaItem, AttendanceStatus, BoardSession, MinutesStatus,
                                            Resolution, SessionKind)
from workflows.board_session.sessions import items_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENTS = ["convocatoria", "orden-del-dia", "acta", "lista-de-acuerdos"]


@pytest.fixture
def session_id(engine, demo, juridico) -> int:
    """The CC Primera Sesión Ordinaria of 30 April 2021 (acuerdo 003/CC/SAECH/2021), held and closed."""
    return quarter_of(engine, demo, juridico).sessions["cc_ordinaria_1"].id


def set_minutes(engine, session_id: int, status: MinutesStatus) -> None:
    with transaction(engine) as db:
        db.get(BoardSession, session_id).minutes_status = status


def third_resolution(engine) -> int:
    with transaction(engine) as db:
        return db.exec(select(Resolution.id).where(Resolution.number == "003/CC/SAECH/2021")).one()


def post(client, url: str, data: dict, htmx: bool = True):
    headers = {"x-csrftoken": csrf_of(client)}
    if htmx:
        headers["hx-request"] = "true"
    return client.post(url, data=data, headers=headers)


def test_legal_staff_download_every_document_of_a_session(sign_in, session_id, engine):
    client = sign_in("juridico")
    for document in DOCUMENTS:
        response = client.get(f"/sesiones/{session_id}/descargas/{document}")
        assert response.status_code == 200, document
        assert response.headers["content-type"].startswith(DOCX)
        assert "Primera Sesión Ordinaria del Comité Coordinador" in text_of(response.content)
    assert "filename*=UTF-8''Convocatoria%20-%20Primera%20Sesi%C3%B3n" in \
        client.get(f"/sesiones/{session_id}/descargas/convocatoria").headers["content-disposition"]
    set_minutes(engine, session_id, MinutesStatus.APPROVED)
    certification = client.get(f"/acuerdos/{third_resolution(engine)}/certificacion")
    assert certification.status_code == 200
    assert "se aprobó el acuerdo 003/CC/SAECH/2021 por unanimidad de votos" in text_of(certification.content)


def test_a_certificacion_is_refused_on_the_page_and_the_api_while_the_acta_is_a_draft_and_nothing_is_generated(
        sign_in, session_id, engine):
    client = sign_in("juridico")
    url = f"/acuerdos/{third_resolution(engine)}/certificacion"
    with transaction(engine) as db:
        stored_before = len(db.exec(select(files.StoredFile.id)).all())
    for minutes in (MinutesStatus.DRAFT, MinutesStatus.IN_REVIEW):
        set_minutes(engine, session_id, minutes)
        page = client.get(url)
        assert page.status_code == 409
        assert "text/html" in page.headers["content-type"]
        assert "Aún no puede expedirse la certificación del acuerdo 003/CC/SAECH/2021" in page.text
        api = client.get(url, headers={"accept": "application/json"})
        assert api.status_code == 409
        assert api.json()["error"].startswith("Aún no puede expedirse la certificación del acuerdo 003/CC/SAECH/2021")
        detail = client.get(f"/sesiones/{session_id}")
        assert "Se expide una vez aprobada el acta" in detail.text
        assert url not in detail.text
    with transaction(engine) as db:
        assert len(db.exec(select(files.StoredFile.id)).all()) == stored_before
    set_minutes(engine, session_id, MinutesStatus.APPROVED)
    assert url in client.get(f"/sesiones/{session_id}").text
    assert client.get(url).status_code == 200


def test_a_member_of_the_body_reads_the_convocatoria_and_the_acta_only_once_it_is_in_review(sign_in, session_id,
                                                                                          engine):
    client = sign_in("integrante")  # Mtra. Carmen Ortiz Ramírez, vocal of the Comité Coordinador
    assert client.get(f"/sesiones/{session_id}/descargas/convocatoria").status_code == 200
    assert client.get(f"/sesiones/{session_id}/descargas/orden-del-dia").status_code == 200
    draft = client.get(f"/sesiones/{session_id}/descargas/acta")
    assert draft.status_code == 403
    assert "El proyecto de acta aún no se envía a revisión" in draft.text
    set_minutes(engine, session_id, MinutesStatus.IN_REVIEW)
    acta = client.get(f"/sesiones/{session_id}/descargas/acta")
    assert acta.status_code == 200
    assert "Proyecto de acta, sujeto a la revisión de las y los integrantes" in text_of(acta.content)
    refused = client.get(f"/acuerdos/{third_resolution(engine)}/certificacion")
    assert refused.status_code == 403
    assert "Solo la Dirección Jurídica expide certificaciones" in refused.text


def test_an_enlace_may_not_download_session_documents(sign_in, session_id):
    client = sign_in("enlace_da")
    response = client.get(f"/sesiones/{session_id}/descargas/convocatoria")
    assert response.status_code == 403
    assert "Solo la Dirección Jurídica y las y los integrantes del órgano" in response.text
    assert client.get(f"/sesiones/{session_id}/acta").status_code == 403


def test_a_member_of_another_body_may_not_open_this_bodys_acta(sign_in, session_id, engine):
    set_minutes(engine, session_id, MinutesStatus.IN_REVIEW)
    client = sign_in("comite")  # a vocal of the Comité de Transparencia, not of the Comité Coordinador
    assert client.get(f"/sesiones/{session_id}/descargas/acta").status_code == 403
    assert client.get(f"/sesiones/{session_id}/acta").status_code == 403


def test_another_organization_finds_no_such_session_or_acuerdo(sign_in, session_id, engine, password):
    with transaction(engine) as db:
        other = Organization(slug="chilpancingo", name="H. Ayuntamiento de Chilpancingo", short_name="CHI")
        db.add(other)
        db.flush()
        create_user(db, other.id, "juridico_chilpancingo", "Lic. Pedro Salgado", "pedro@chilpancingo.example",
                    password, [(Role.JURIDICO, None)])
    client = sign_in("juridico_chilpancingo")
    for url in (f"/sesiones/{session_id}/descargas/convocatoria", f"/sesiones/{session_id}/acta",
                f"/acuerdos/{third_resolution(engine)}/certificacion"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Comité Coordinador" not in response.text


def test_an_unknown_document_name_is_not_found(sign_in, session_id):
    assert sign_in("juridico").get(f"/sesiones/{session_id}/descargas/minuta").status_code == 404


def test_the_stored_convocatoria_is_served_as_it_was_sent(sign_in, session_id, engine, settings, demo):
    with transaction(engine) as db:
        db.add(BpmnDefinition(hash="0" * 64, process_id="board_session", xml="<definitions/>"))
        db.flush()
        instance = ProcessInstance(organization_id=demo.organization.id, process_id="board_session",
                                   definition_hash="0" * 64, title="Sesión", state="{}", serializer_version="1",
                                   status=InstanceStatus.COMPLETED)
        db.add(instance)
        db.flush()
        db.get(BoardSession, session_id).instance_id = instance.id
        for version in (b"primera", b"segunda"):
            files.store(db, settings, demo.organization.id, "convocatoria", "Convocatoria", "convocatoria.docx",
                        b"PK\x03\x04 " + version, instance_id=instance.id)
    response = sign_in("juridico").get(f"/sesiones/{session_id}/descargas/convocatoria")
    assert response.content == b"PK\x03\x04 segunda"
    # The acta while legal staff may still edit it is always the record's, never a stored draft.
    with transaction(engine) as db:
        files.store(db, settings, demo.organization.id, "acta", "Acta", "acta.docx", b"PK\x03\x04 vieja",
                    instance_id=instance.id)
    assert "ACTA DE LA PRIMERA SESIÓN ORDINARIA DEL COMITÉ COORDINADOR" in text_of(
        sign_in("juridico").get(f"/sesiones/{session_id}/descargas/acta").content)


def _item_form(html: str, item_id: int) -> str:
    match = re.search(rf'<form id="punto-{item_id}".*?</form>', html, re.S)
    assert match, f"no form for item {item_id}"
    return match.group(0)


def test_legal_staff_save_an_items_notes_and_a_stale_form_gets_a_conflict(sign_in, session_id, engine):
    with transaction(engine) as db:
        item_id = items_of(db, db.get(BoardSession, session_id))[4].id  # Informe de la Plataforma Digital
    client = sign_in("juridico")
    page = client.get(f"/sesiones/{session_id}/acta")
    assert page.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', _item_form(page.text, item_id)).group(1)
    url = f"/sesiones/{session_id}/acta/puntos/{item_id}"
    saved = post(client, url, {"notas": "El Secretario Técnico presentó el avance.", "version": version})
    assert saved.status_code == 200
    assert "Notas guardadas." in saved.text
    assert f'name="version" value="{int(version) + 1}"' in saved.text
    stale = post(client, url, {"notas": "Otra redacción.", "version": version})
    assert stale.status_code == 409
    assert "Otra persona modificó las notas de este punto" in stale.text
    assert "Otra redacción." in stale.text  # what the person typed is not lost
    with transaction(engine) as db:
        assert db.get(AgendaItem, item_id).notes == "El Secretario Técnico presentó el avance."
    acta = text_of(client.get(f"/sesiones/{session_id}/descargas/acta").content)
    assert "El Secretario Técnico presentó el avance.\nLas y los integrantes del Comité Coordinador se dieron" in acta


def test_an_enlace_may_not_write_the_actas_notes(sign_in, session_id, engine):
    with transaction(engine) as db:
        item = items_of(db, db.get(BoardSession, session_id))[4]
        item_id, version = item.id, item.version
    response = post(sign_in("enlace_da"), f"/sesiones/{session_id}/acta/puntos/{item_id}",
                    {"notas": "No.", "version": str(version)})
    assert response.status_code == 403


def test_a_member_leaves_an_observation_during_the_review_and_is_refused_after_it(sign_in, session_id, engine):
    set_minutes(engine, session_id, MinutesStatus.IN_REVIEW)
    client = sign_in("integrante")
    page = client.get(f"/sesiones/{session_id}/acta")
    assert page.status_code == 200
    assert "Su observación al proyecto de acta" in page.text
    url = f"/sesiones/{session_id}/acta/observaciones"
    saved = post(client, url, {"texto": "En el punto 5 falta mencionar el informe de la Plataforma."})
    assert saved.status_code == 200
    assert "Observación registrada" in saved.text
    assert "Mtra. Carmen Ortiz Ramírez" in saved.text
    assert "En el punto 5 falta mencionar el informe de la Plataforma." in saved.text
    set_minutes(engine, session_id, MinutesStatus.DRAFT)
    late = post(client, url, {"texto": "Una más."})
    assert late.status_code == 409
    assert "El periodo de revisión del acta está cerrado: ya no se reciben observaciones" in late.text
    assert "Su observación al proyecto de acta" not in late.text
    legal = sign_in("juridico").get(f"/sesiones/{session_id}/acta")
    assert "En el punto 5 falta mencionar el informe de la Plataforma." in legal.text
    assert "Una más." not in legal.text


def test_an_enlace_may_not_leave_observations(sign_in, session_id, engine):
    set_minutes(engine, session_id, MinutesStatus.IN_REVIEW)
    response = post(sign_in("enlace_da"), f"/sesiones/{session_id}/acta/observaciones", {"texto": "Hola."})
    assert response.status_code == 403


def test_the_documents_the_convocatoria_links_open_for_members_and_legal_staff_only(sign_in, session_id, engine,
                                                                                 settings, demo):
    with transaction(engine) as db:
        item = items_of(db, db.get(BoardSession, session_id))[5]  # Programa de implementación
        item.area_id = demo.areas["DRI"].id
        annex = files.store(db, settings, demo.organization.id, "anexo", "Programa de implementación",
                            "programa.pdf", b"%PDF-1.4 programa")
        db.add(AgendaDocument(organization_id=demo.organization.id, item_id=item.id, file_id=annex.id))
        loose = files.store(db, settings, demo.organization.id, "anexo", "Otro", "otro.pdf", b"%PDF-1.4 otro")
    with transaction(engine) as db:
        text = text_of(build_convocatoria(db, session_id, "https://pleno.sesaech.example"))
    url = f"/sesiones/{session_id}/documentos/{annex.id}"
    assert f"• programa.pdf: https://pleno.sesaech.example{url}" in text
    for persona in ("juridico", "integrante", "enlace_dri"):
        response = sign_in(persona).get(url)
        assert response.status_code == 200, persona
        assert response.content == b"%PDF-1.4 programa"
    assert sign_in("enlace_da").get(url).status_code == 403
    assert sign_in("juridico").get(f"/sesiones/{session_id}/documentos/{loose.id}").status_code == 404


def test_a_cancelled_session_not_yet_convened_offers_no_convocatoria_nor_orden_del_dia(engine, demo, juridico,
                                                                                        sign_in):
    from datetime import datetime
    from tests.board_quarter import make_boards
    from workflows.board_session.cancellation import cancel_session
    from workflows.board_session.models import SessionKind
    from workflows.board_session.sessions import plan_session
    with transaction(engine) as db:
        board = make_boards(db, demo)["CC"]
        planned = plan_session(db, juridico, board, SessionKind.ORDINARY, datetime(2031, 9, 30, 10, 0))
        cancel_session(db, juridico, planned, "La presidencia no podrá asistir.", planned.version)
        stored_before = len(db.exec(select(files.StoredFile.id)).all())
    client = sign_in("juridico")
    page = client.get(f"/sesiones/{planned.id}")
    assert "Sesión Ordinaria sin número" in page.text  # its number went to the sessions after it
    assert "/descargas/convocatoria" not in page.text and "/descargas/orden-del-dia" not in page.text
    assert "La sesión se canceló: ya no se generan su convocatoria ni su orden del día." in page.text
    for document in ("convocatoria", "orden-del-dia"):
        url = f"/sesiones/{planned.id}/descargas/{document}"
        refused = client.get(url)
        assert refused.status_code == 409, document
        assert "text/html" in refused.headers["content-type"]
        assert "La sesión se canceló: ya no se generan su convocatoria ni su orden del día." in refused.text
        api = client.get(url, headers={"accept": "application/json"})
        assert api.status_code == 409
        assert api.json()["error"] == "La sesión se canceló: ya no se generan su convocatoria ni su orden del día."
    with transaction(engine) as db:
        assert len(db.exec(select(files.StoredFile.id)).all()) == stored_before


def test_the_acta_approved_at_the_next_session_downloads_without_the_draft_heading(sign_in, engine, settings, demo,
                                                                                    juridico):
    """The Primera Sesión Extraordinaria's acta, approved in the Primera Ordinaria: the copy its review stored
    last is the draft; what Jurídica downloads to sign is the acta approved."""
    approved = quarter_of(engine, demo, juridico).sessions["cc_extraordinaria_1"].id
    with transaction(engine) as db:
        db.add(BpmnDefinition(hash="0" * 64, process_id="board_session", xml="<definitions/>"))
        db.flush()
        instance = ProcessInstance(organization_id=demo.organization.id, process_id="board_session",
                                   definition_hash="0" * 64, title="Sesión", state="{}", serializer_version="1",
                                   status=InstanceStatus.RUNNING)
        db.add(instance)
        db.flush()
        board_session = db.get(BoardSession, approved)
        board_session.instance_id, board_session.minutes_status = instance.id, MinutesStatus.DRAFT
        draft = store_acta(db, settings, juridico, board_session)  # as the end of its review left it
        board_session.minutes_status = MinutesStatus.APPROVED
    assert "Proyecto de acta, sujeto a la revisión" in text_of(files.read(settings, draft))
    client = sign_in("juridico")
    assert ">Acta (.docx)<" in client.get(f"/sesiones/{approved}").text
    acta = text_of(client.get(f"/sesiones/{approved}/descargas/acta").content)
    assert acta.startswith("Secretaría Ejecutiva") and "ACTA DE LA PRIMERA SESIÓN EXTRAORDINARIA" in acta
    assert "Proyecto de acta" not in acta and "sujeto a la revisión" not in acta


def without_quorum(engine, demo, juridico) -> int:
    """The Comisión Ejecutiva's session of 26 November 2021: two of its five seats came, in both calls."""
    with transaction(engine) as db:
        ce = make_boards(db, demo)["CE"]
        board_session = plan_called(db, juridico, ce, SessionKind.ORDINARY, datetime(2021, 11, 26, 10, 0))
        room.open_session(db, juridico, board_session, None)
        for seat in room.room_seats(db, board_session):
            came = seat.member.name in ("Mtro. Rafael Domínguez Solís", "Dr. Héctor Morales Gordillo")
            room.record_attendance(db, juridico, board_session, seat.member.id,
                                   AttendanceStatus.PRESENT if came else AttendanceStatus.ABSENT)
        room.second_call(db, juridico, board_session, None)
        room.record_no_quorum(db, juridico, board_session, None)
        return board_session.id


def test_the_acta_of_a_session_without_quorum_is_listed_on_its_page_as_an_acta_not_a_draft(engine, demo, juridico,
                                                                                           sign_in, client):
    session_id = without_quorum(engine, demo, juridico)
    legal = sign_in("juridico")
    assert f'href="/sesiones/{session_id}/descargas/acta">Acta (.docx)</a>' in legal.get(f"/sesiones/{session_id}").text
    acta = text_of(legal.get(f"/sesiones/{session_id}/descargas/acta").content)
    assert "no pudo celebrarse" in acta and "Proyecto de acta" not in acta
    # The portal does not promise an acta that will never come.
    public = client.get(f"/portal/sesiones/{session_id}").text
    assert "No aplica: la sesión no se celebró por falta de quórum." in public and "Aún no publicada" not in public
