"""Who opens a session's expediente and its acuerdos' follow-up, outside the session's own pages: the process page,
its diagram, the API's read and the files at /archivos. The same people as on the session's pages: Jurídica, the
administration and the members of the body for the session; Jurídica, the administration and the areas the acuerdo
is turned to (each its own evidence) for a follow-up. On the session clock of tests/board_session_steps.py."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlmodel import select

from board_quarter import member
from board_session_steps import approval_item, boards, complete, hold_in_the_room, on, plan, session_clock, tasks  # noqa: F401
from engine.accounts import Role, create_user
from engine.db import transaction
from engine.documents import text_of
from engine.files import StoredFile
from tests.web.conftest import csrf_of, hidden_value
from workflows.board_session import finish_session_step, planning
from workflows.board_session.models import Board, BoardSession, ItemKind, Resolution, SessionKind
from workflows.board_session.sessions import plan_session, submit_item

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# Org-wide people who sit on no seat of the Comisión Ejecutiva: «integrante» is a vocal of the Comité Coordinador,
# «comite» of the Comité de Transparencia.
OUTSIDE_THE_BODY = ("integrante", "oficialia", "comite")
SESSION_REFUSAL = "Solo la Dirección Jurídica y las y los integrantes del órgano"
FOLLOWUP_REFUSAL = "Solo la Dirección Jurídica y las áreas a las que se turnó el acuerdo"


@dataclass
class Held:
    session_id: int
    session_instance: int
    acta: int
    convocatoria: int
    followup: int
    evidence: dict[str, int]  # area code → the evidence file its enlace sent


def report_with_evidence(sign_in, engine, username: str, followup_id: int, area_id: int, name: str) -> None:
    """The enlace reports on the task page, attaching the evidence as a person does."""
    client = sign_in(username)
    [task] = [t for t in tasks(engine, followup_id) if t.area_id == area_id]
    form = client.get(f"/tareas/{task.id}").text
    sent = client.post(f"/tareas/{task.id}", data={"avance": "50", "texto": f"Avance de {name}.",
                                                   "version": hidden_value(form, "version"),
                                                   "_csrf_token": csrf_of(client)},
                       files={"evidencia_id": (f"evidencia-{name}.pdf", PDF, "application/pdf")},
                       follow_redirects=False)
    assert sent.status_code == 303, sent.text


def comision_ejecutiva(engine, demo, password) -> Board:
    """The CE, whose vocal Dr. Héctor Morales signs in as «vocal_ce»."""
    ce = boards(engine, demo)["CE"]
    with transaction(engine) as db:
        user = create_user(db, demo.organization.id, "vocal_ce", "Dr. Héctor Morales Gordillo",
                           "hector.morales@sesaech.example", password, [(Role.INTEGRANTE, None)])
        member(db, ce, "Héctor Morales").user_id = user.id
    demo.users["vocal_ce"] = user  # for token_of
    return ce


@pytest.fixture
def held(engine, demo, juridico, password, sign_in) -> Held:
    """A Comisión Ejecutiva session held on 30 June 2021, its acta under the members' review, its acuerdo turned
    to the DA and the DRI, each of which reported with evidence."""
    on(date(2021, 6, 21))
    ce = comision_ejecutiva(engine, demo, password)
    da, dri = demo.areas["DA"], demo.areas["DRI"]
    board_session = plan(engine, juridico, ce, SessionKind.ORDINARY, datetime(2021, 6, 30, 10),
                         [approval_item(areas=[da.id, dri.id], due=date(2021, 8, 31))])
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    on(date(2021, 6, 22))
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    hold_in_the_room(engine, juridico, board_session.id, date(2021, 6, 30))
    with transaction(engine) as db:
        finish_session_step(db, juridico, db.get(BoardSession, board_session.id))
        resolution = db.exec(select(Resolution).where(Resolution.session_id == board_session.id)).one()
        followup = resolution.followup_instance_id
        session_files = dict(db.exec(select(StoredFile.kind, StoredFile.id)
                                     .where(StoredFile.instance_id == board_session.instance_id)).all())
    on(date(2021, 7, 1))
    report_with_evidence(sign_in, engine, "enlace_da", followup, da.id, "DA")
    report_with_evidence(sign_in, engine, "enlace_dri", followup, dri.id, "DRI")
    with transaction(engine) as db:
        evidence = {code: db.exec(select(StoredFile.id).where(StoredFile.instance_id == followup,
                                                              StoredFile.area_id == area.id)).one()
                    for code, area in (("DA", da), ("DRI", dri))}
    return Held(board_session.id, board_session.instance_id, session_files["acta"], session_files["convocatoria"],
                followup, evidence)


def test_people_outside_the_body_open_neither_the_sessions_expediente_nor_its_acta(held, sign_in, token_of):
    for username in OUTSIDE_THE_BODY:
        client = sign_in(username)
        for url in (f"/procesos/{held.session_instance}", f"/procesos/{held.session_instance}/diagrama.bpmn",
                    f"/archivos/{held.acta}", f"/archivos/{held.convocatoria}"):
            refused = client.get(url)
            assert refused.status_code == 403, (username, url)
            assert SESSION_REFUSAL in refused.text, (username, url)
            assert "Comisión Ejecutiva" not in refused.text, (username, url)
        api = client.get(f"/api/v1/procesos/{held.session_instance}", headers=token_of(username))
        assert api.status_code == 404, username
        assert "Comisión Ejecutiva" not in api.text


def test_people_outside_the_body_do_not_open_the_sessions_process_panel(held, sign_in):
    # The panel tells the process's step, its terms and who of the body received the convocatoria and answered.
    for username in (*OUTSIDE_THE_BODY, "enlace_da"):
        client = sign_in(username)
        refused = client.get(f"/sesiones/{held.session_id}/proceso")
        assert refused.status_code == 403, username
        assert SESSION_REFUSAL in refused.text, username
        assert "Convocatoria enviada" not in refused.text and "Héctor Morales" not in refused.text, username
        # The session's page does not load it for them either.
        assert f"/sesiones/{held.session_id}/proceso" not in client.get(f"/sesiones/{held.session_id}").text
    for username in ("vocal_ce", "juridico", "admin"):
        client = sign_in(username)
        panel = client.get(f"/sesiones/{held.session_id}/proceso")
        assert panel.status_code == 200, username
        assert "Convocatoria enviada" in panel.text and "Héctor Morales" in panel.text, username
        assert f"/sesiones/{held.session_id}/proceso" in client.get(f"/sesiones/{held.session_id}").text


def test_the_bodys_members_and_legal_staff_open_the_sessions_expediente_and_read_the_acta_in_review(
        held, sign_in, token_of):
    for username in ("vocal_ce", "juridico", "admin"):
        client = sign_in(username)
        page = client.get(f"/procesos/{held.session_instance}")
        assert page.status_code == 200, username
        assert f"/archivos/{held.acta}" in page.text and f"/archivos/{held.convocatoria}" in page.text
        assert client.get(f"/procesos/{held.session_instance}/diagrama.bpmn").status_code == 200
        acta = client.get(f"/archivos/{held.acta}")
        assert acta.status_code == 200, username
        assert "Proyecto de acta, sujeto a la revisión" in text_of(acta.content)
        assert client.get(f"/archivos/{held.convocatoria}").status_code == 200
        api = client.get(f"/api/v1/procesos/{held.session_instance}", headers=token_of(username))
        assert api.status_code == 200, username


def test_neither_people_outside_the_turned_areas_nor_the_bodys_members_open_an_acuerdos_follow_up(held, sign_in,
                                                                                                  token_of):
    # The session's pages give the members where each acuerdo stands, not the areas' reports and evidence.
    for username in (*OUTSIDE_THE_BODY, "vocal_ce"):
        client = sign_in(username)
        for url in (f"/procesos/{held.followup}", f"/procesos/{held.followup}/diagrama.bpmn",
                    f"/archivos/{held.evidence['DA']}", f"/archivos/{held.evidence['DRI']}"):
            refused = client.get(url)
            assert refused.status_code == 403, (username, url)
            assert FOLLOWUP_REFUSAL in refused.text, (username, url)
            assert "evidencia-D" not in refused.text and "Programa anual" not in refused.text, (username, url)
        assert client.get(f"/api/v1/procesos/{held.followup}", headers=token_of(username)).status_code == 404


def test_legal_staff_read_every_areas_evidence_and_each_enlace_only_its_own(held, sign_in):
    for username in ("juridico", "admin"):
        client = sign_in(username)
        page = client.get(f"/procesos/{held.followup}")
        assert page.status_code == 200, username
        for file_id in held.evidence.values():
            assert f"/archivos/{file_id}" in page.text
            assert client.get(f"/archivos/{file_id}").status_code == 200
    for username, own, other in (("enlace_da", "DA", "DRI"), ("enlace_dri", "DRI", "DA")):
        client = sign_in(username)
        page = client.get(f"/procesos/{held.followup}")
        assert page.status_code == 200, username
        assert f"/archivos/{held.evidence[own]}" in page.text
        assert f"/archivos/{held.evidence[other]}" not in page.text
        assert client.get(f"/archivos/{held.evidence[own]}").status_code == 200
        assert client.get(f"/archivos/{held.evidence[other]}").status_code == 403


def test_an_items_support_document_is_served_at_archivos_only_to_whom_the_session_page_serves_it(
        engine, demo, juridico, enlace_area_b, settings, password, sign_in):
    on(date(2021, 6, 21))
    ce = comision_ejecutiva(engine, demo, password)
    with transaction(engine) as db:
        board_session = plan_session(db, juridico, db.get(Board, ce.id), SessionKind.ORDINARY,
                                     datetime(2021, 6, 30, 10))
        item = submit_item(db, juridico, board_session, title="Matriz de riesgos de corrupción 2021",
                           kind=ItemKind.INFORMATIVE, area_id=demo.areas["DRI"].id, today=date(2021, 6, 21))
        file_id = planning.attach_document(db, settings, enlace_area_b, item, "matriz.pdf", PDF).file_id
        session_id = board_session.id
    for username in (*OUTSIDE_THE_BODY, "enlace_da"):
        client = sign_in(username)
        for url in (f"/sesiones/{session_id}/documentos/{file_id}", f"/archivos/{file_id}"):
            refused = client.get(url)
            assert refused.status_code == 403, (username, url)
            assert "Solo la Dirección Jurídica, las y los integrantes del órgano y el área" in refused.text
        assert f"/archivos/{file_id}" not in client.get(f"/sesiones/{session_id}").text
    for username in ("vocal_ce", "juridico", "enlace_dri"):
        client = sign_in(username)
        assert client.get(f"/archivos/{file_id}").content == PDF, username
        assert f"/archivos/{file_id}" in client.get(f"/sesiones/{session_id}").text, username
