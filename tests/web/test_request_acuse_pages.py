"""From the request's page the Unidad downloads the acuse de recibo of a request it received outside
the PNT; the same file every time, and nobody else may issue it."""

from io import BytesIO

from docx import Document
from sqlmodel import select

from engine.db import reading
from engine.documents import text_of
from engine.files import StoredFile
from tests.access_request_steps import file_request, request_of, turn
from tests.web.conftest import csrf_of
from workflows.access_request.acuse import KIND


def test_the_unidad_downloads_the_acuse_of_a_request_received_in_person(engine, demo, transparencia, sign_in):
    request = request_of(engine, file_request(engine, transparencia, canal="presencial", folio_pnt="").id)
    client = sign_in("transparencia")
    page = client.get(f"/solicitudes/{request.id}")
    assert f'action="/solicitudes/{request.id}/acuse"' in page.text and "Acuse de recibo (.docx)" in page.text
    sent = client.post(f"/solicitudes/{request.id}/acuse", data={"_csrf_token": csrf_of(client)},
                       follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].startswith("/archivos/")
    download = client.get(sent.headers["location"])
    assert download.status_code == 200
    assert f"acuse-{request.folio}.docx" in download.headers["content-disposition"]
    assert f"Folio: {request.folio}" in text_of(download.content)
    Document(BytesIO(download.content))
    again = client.post(f"/solicitudes/{request.id}/acuse", data={"_csrf_token": csrf_of(client)},
                        follow_redirects=False)
    assert again.headers["location"] == sent.headers["location"]  # the acuse the requester holds
    assert "Acuse de recibo " + request.folio in client.get(f"/solicitudes/{request.id}").text  # among its documents


def test_a_request_from_the_pnt_offers_no_acuse_and_refuses_one(engine, demo, transparencia, sign_in):
    request = request_of(engine, file_request(engine, transparencia).id)
    client = sign_in("transparencia")
    assert f"/solicitudes/{request.id}/acuse" not in client.get(f"/solicitudes/{request.id}").text
    refused = client.post(f"/solicitudes/{request.id}/acuse", data={"_csrf_token": csrf_of(client)})
    assert refused.status_code == 409 and "expide su propio acuse" in refused.text


def test_an_enlace_of_the_area_may_not_issue_the_acuse(engine, demo, transparencia, sign_in):
    instance = file_request(engine, transparencia, canal="correo", folio_pnt="")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    request = request_of(engine, instance.id)
    client = sign_in("enlace_da")
    page = client.get(f"/solicitudes/{request.id}")
    assert page.status_code == 200 and f"/solicitudes/{request.id}/acuse" not in page.text
    refused = client.post(f"/solicitudes/{request.id}/acuse", data={"_csrf_token": csrf_of(client)})
    assert refused.status_code == 403 and "Solo la Unidad de Transparencia expide el acuse" in refused.text
    with reading(engine) as session:
        assert session.exec(select(StoredFile).where(StoredFile.kind == KIND)).all() == []
