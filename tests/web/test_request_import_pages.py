"""Importar solicitudes: who may, the upload, the progress fragment and the report, a wrong file."""

import io
import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import Workbook
from sqlmodel import select

from engine.db import transaction
from engine.tenancy import Organization
from tests.web.conftest import csrf_of
from workflows.access_request.models import ImportStatus, RequestImport, TransparencyRequest

CSV = ("Folio;Fecha de recepción;Descripción;Respuesta;Fecha de respuesta\r\n"
       "330024624000101;04/03/2024;Copia de los contratos de obra pública;Entrega total;01/04/2024\r\n"
       "330024624000102;31/02/2024;Fecha imposible;;\r\n").encode("cp1252")


def upload(client, filename, content, content_type="text/csv"):
    return client.post("/solicitudes/importar", files={"archivo": (filename, content, content_type)},
                       headers={"x-csrftoken": csrf_of(client)}, follow_redirects=False)


def finished(import_id: int) -> None:
    """Wait for the import's thread, as the page would by polling."""
    for thread in threading.enumerate():
        if thread.name == f"importacion-{import_id}":
            thread.join()


@pytest.mark.parametrize("username", ["transparencia", "admin"])
def test_the_unidad_de_transparencia_and_the_administration_may_import(sign_in, username):
    page = sign_in(username).get("/solicitudes/importar")
    assert page.status_code == 200
    assert 'name="archivo"' in page.text and "Todavía no se ha importado ningún archivo." in page.text


def test_the_import_page_names_every_column_it_reads_the_area_among_them(sign_in):
    page = " ".join(sign_in("transparencia").get("/solicitudes/importar").text.split())
    assert "Fecha de respuesta y Área (la que respondió, por su nombre o su clave del catálogo de áreas)" in page
    assert "Las demás columnas no se leen." in page


@pytest.mark.parametrize("username", ["oficialia", "enlace_da", "integrante", "juridico"])
def test_other_roles_may_not_import(sign_in, username):
    client = sign_in(username)
    assert client.get("/solicitudes/importar").status_code == 403
    assert upload(client, "pnt.csv", CSV).status_code == 403


def test_an_upload_shows_its_progress_and_then_the_row_by_row_report(sign_in):
    client = sign_in("transparencia")
    response = upload(client, "Exportación PNT.csv", CSV)
    assert response.status_code == 303
    import_id = int(re.fullmatch(r"/solicitudes/importar/(\d+)", response.headers["location"]).group(1))
    finished(import_id)
    fragment = client.get(f"/solicitudes/importar/{import_id}/progreso")
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert '<progress id="barra-importacion" max="2" value="2">' in fragment.text
    assert "hx-trigger" not in fragment.text  # done: it stops polling
    assert "1 solicitud creada" in fragment.text and "1 fila omitida" in fragment.text
    assert re.search(r"<td>3</td><td>330024624000102</td><td>La fecha de recepción «31/02/2024» no es válida",
                     fragment.text)
    page = client.get(f"/solicitudes/importar/{import_id}")
    assert "Importación de «Exportación PNT.csv»" in page.text and 'id="errores-importacion"' in page.text
    listing = client.get("/solicitudes/importar")
    assert f'href="/solicitudes/importar/{import_id}">Exportación PNT.csv</a>' in listing.text


def test_importing_a_file_again_says_its_rows_were_already_there_without_asking_to_correct_them(sign_in):
    client = sign_in("transparencia")
    good = CSV.split(b"\r\n330024624000102")[0] + b"\r\n"  # the header and the good row
    for _ in range(2):
        import_id = int(upload(client, "pnt.csv", good).headers["location"].rsplit("/", 1)[1])
        finished(import_id)
    fragment = client.get(f"/solicitudes/importar/{import_id}/progreso").text
    assert '<p id="ya-importadas">1 fila ya estaba importada: no se registraron otra vez.</p>' in fragment
    assert "Corrija estas filas" not in fragment and 'id="errores-importacion"' not in fragment


def test_a_running_import_polls_its_progress_every_second(engine, demo, sign_in):
    with transaction(engine) as session:
        running = RequestImport(organization_id=demo.organization.id, filename="grande.xlsx", total_rows=100_000,
                                processed_rows=2500, created_rows=2400, skipped_rows=100)
        session.add(running)
        session.flush()
        import_id = running.id
    fragment = sign_in("transparencia").get(f"/solicitudes/importar/{import_id}/progreso").text
    assert f'hx-get="/solicitudes/importar/{import_id}/progreso" hx-trigger="every 1s"' in fragment
    assert 'max="100000" value="2500"' in fragment and "En curso" in fragment
    assert "Filas con observaciones" not in fragment


def test_an_import_cut_short_by_a_restart_stops_polling_and_says_to_import_the_file_again(engine, demo, sign_in):
    long_ago = datetime.now(UTC) - timedelta(minutes=20)
    with transaction(engine) as session:
        cut_short = RequestImport(organization_id=demo.organization.id, filename="grande.xlsx", total_rows=100_000,
                                  processed_rows=2500, created_rows=2400, skipped_rows=100, created_at=long_ago,
                                  heartbeat_at=long_ago)
        session.add(cut_short)
        session.flush()
        import_id = cut_short.id
    client = sign_in("transparencia")
    fragment = client.get(f"/solicitudes/importar/{import_id}/progreso").text
    assert "Fallida" in fragment and "hx-trigger" not in fragment
    assert "se interrumpió (el servidor se reinició) después de 2500 de 100000 filas" in fragment
    assert "Vuelva a importar el archivo para continuar" in fragment
    # It stopped: no bar, but what was imported before is counted, and the reason is no row of the report.
    assert "<progress" not in fragment and "2500 de 100000 filas procesadas" in fragment
    assert "Filas con observaciones" not in fragment
    assert "Fallida" in client.get("/solicitudes/importar").text


@pytest.mark.parametrize("filename,content,message", [
    ("pnt.pdf", b"%PDF-1.4", "No se aceptan archivos .pdf; tipos permitidos: csv, xlsx."),
    ("pnt.xlsx", b"Folio,Fecha\n", "El contenido no corresponde a un archivo .xlsx."),
    ("pnt.csv", b"", "El archivo está vacío."),
])
def test_a_file_of_the_wrong_type_or_size_is_refused_on_the_form(sign_in, filename, content, message):
    response = upload(sign_in("transparencia"), filename, content)
    assert response.status_code == 400
    assert message in response.text and 'name="archivo"' in response.text


def xlsx_content() -> bytes:
    book = Workbook()
    book.active.append(["Folio", "Fecha de recepción", "Descripción"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("filename,content,reason", [
    ("pnt.csv", b"Nombre,Correo\nAna,ana@example.org\n", "No se encontró el encabezado: una de las primeras filas"),
    ("pnt.csv", xlsx_content(), "El archivo no es un CSV de texto; si es de Excel, guárdelo con extensión .xlsx."),
])
def test_a_file_that_cannot_be_read_ends_its_import_as_fallida_saying_why_and_that_nothing_was_imported(
        sign_in, filename, content, reason):
    client = sign_in("transparencia")
    response = upload(client, filename, content)
    import_id = int(response.headers["location"].rsplit("/", 1)[1])
    finished(import_id)
    fragment = client.get(f"/solicitudes/importar/{import_id}/progreso").text
    assert "Fallida" in fragment and "hx-trigger" not in fragment
    notice = re.search(r'<div class="aviso aviso-error" id="archivo-no-leido" role="alert">(.*?)</div>', fragment,
                       re.S).group(1)
    assert "No se pudo leer el archivo, así que no se importó ninguna fila." in notice
    assert f"Motivo: {reason}" in notice
    # Nothing was read: no bar waiting for it, no count, no rows to correct.
    assert "<progress" not in fragment and "Leyendo el archivo" not in fragment
    assert "filas procesadas" not in fragment and "Filas con observaciones" not in fragment
    assert "<td>No se pudo leer</td>" in client.get("/solicitudes/importar").text


def test_the_imports_of_another_organization_are_not_found(engine, demo, sign_in):
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Otro ente", short_name="OTRO")
        session.add(other)
        session.flush()
        foreign = RequestImport(organization_id=other.id, filename="ajeno.csv", status=ImportStatus.DONE)
        session.add(foreign)
        session.flush()
        foreign_id = foreign.id
    client = sign_in("transparencia")
    assert client.get(f"/solicitudes/importar/{foreign_id}").status_code == 404
    assert client.get(f"/solicitudes/importar/{foreign_id}/progreso").status_code == 404


def test_the_page_of_an_imported_request_gives_no_turn_date_for_the_area_that_answered(engine, sign_in):
    client = sign_in("transparencia")
    content = ("Folio;Fecha de recepción;Descripción;Respuesta;Fecha de respuesta;Área responsable\r\n"
               "330024626000101;05/10/2026;Contratos de obra pública;Entrega total;05/11/2026;DA\r\n").encode()
    response = upload(client, "pnt.csv", content)
    finished(int(re.fullmatch(r"/solicitudes/importar/(\d+)", response.headers["location"]).group(1)))
    with transaction(engine) as session:
        request = session.exec(select(TransparencyRequest)).one()
    page = " ".join(client.get(f"/solicitudes/{request.id}").text.split())
    assert "Dirección de Administración" in page and "turnada el —</span>" in page
    today = datetime.now(UTC).strftime("%d/%m/%Y")  # the day of the import, after the answer
    assert f"turnada el {today}" not in page
