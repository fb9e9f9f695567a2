"""Request statistics page, quarterly report downloads and the public open-data CSV: wiring and permissions."""

import csv
import io

import pytest
from docx import Document
from litestar.testing import TestClient
from openpyxl import load_workbook

from sqlmodel import update

from engine.db import transaction
from engine.documents import text_of
from engine.tenancy import Area, Organization
from workflows.access_request.models import TransparencyRequest
from request_quarter import PERSONAL, live_the_quarter
from today import demo_today


@pytest.fixture
def quarter(engine, demo, transparencia, admin):
    with transaction(engine) as session:
        live_the_quarter(session, transparencia, admin, demo.areas)


Q2 = {"anio": "2026", "trimestre": "2"}


@pytest.mark.parametrize("username", ["transparencia", "comite", "juridico", "admin"])
def test_the_statistics_page_shows_the_figures_of_the_quarter(quarter, sign_in, username):
    response = sign_in(username).get("/solicitudes/estadisticas", params=Q2)
    assert response.status_code == 200
    html = response.text
    assert "del 1 de abril de 2026 al 30 de junio de 2026" in html
    assert '<dd id="cifra-recibidas">12</dd>' in html
    assert '<dd id="cifra-respondidas">10</dd>' in html
    assert '<dd id="cifra-tramite">2</dd>' in html
    assert '<dd id="cifra-vencidas" class="limite-vencido">2</dd>' in html  # both were due in July
    assert '<dd id="cifra-promedio">7.2 días hábiles</dd>' in html
    assert '<dd id="cifra-mediana">7.0 días hábiles</dd>' in html
    assert '<dd id="cifra-a-tiempo">100.0 % (10 de 10)</dd>' in html
    assert '<dd id="cifra-ampliaciones">1</dd>' in html and '<dd id="cifra-recursos">1</dd>' in html
    assert "/static/vendor/chart.umd.js" in html and 'id="grafica-sentido"' in html
    for value in PERSONAL.values():
        assert value not in html


@pytest.mark.parametrize("username", ["enlace_da", "oficialia", "integrante"])
def test_the_statistics_and_the_report_are_refused_to_other_roles(demo, sign_in, username):
    client = sign_in(username)
    assert client.get("/solicitudes/estadisticas").status_code == 403
    assert client.get("/solicitudes/informe-trimestral", params=Q2).status_code == 403


def test_signing_in_is_needed_for_the_statistics(client):
    response = client.get("/solicitudes/estadisticas", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/login")


def test_one_kind_and_a_date_range_can_be_chosen(quarter, sign_in):
    client = sign_in("transparencia")
    html = client.get("/solicitudes/estadisticas", params={"tipo": "arco", **Q2}).text
    assert '<dd id="cifra-recibidas">2</dd>' in html and "(Derechos ARCO)" in html
    html = client.get("/solicitudes/estadisticas", params={"desde": "2026-05-01", "hasta": "2026-05-31"}).text
    assert "del 1 de mayo de 2026 al 31 de mayo de 2026" in html
    assert '<dd id="cifra-recibidas">4</dd>' in html  # 5, 6, 7 and ARCO 10
    html = client.get("/solicitudes/estadisticas", params={"desde": "2026-05-31", "hasta": "2026-05-01",
                                                           "anio": "2026"}).text
    assert "El rango de fechas no es válido" in html and "del 1 de enero de 2026 al 31 de diciembre de 2026" in html


def test_the_quarterly_report_downloads_as_excel_and_word(quarter, sign_in):
    client = sign_in("comite")
    response = client.get("/solicitudes/informe-trimestral", params={**Q2, "formato": "xlsx"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "informe-trimestral-2026-T2.xlsx" in response.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Por tipo"]["B4"].value == 12  # Total, recibidas
    response = client.get("/solicitudes/informe-trimestral", params={**Q2, "formato": "docx"})
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "segundo trimestre de 2026, del 1 de abril de 2026 al 30 de junio de 2026" in text
    assert client.get("/solicitudes/informe-trimestral", params={**Q2, "formato": "pdf"}).status_code == 400


def test_the_downloaded_report_names_its_basis_and_without_a_titular_is_signed_by_who_made_it(
        quarter, engine, demo, sign_in):
    with transaction(engine) as session:
        session.exec(update(Organization).values(transparency_head_name=""))
    response = sign_in("transparencia").get("/solicitudes/informe-trimestral", params={**Q2, "formato": "docx"})
    text = text_of(response.content)
    assert "Con fundamento en LGTAIP 2025, art. 40 fr. VII," in text
    assert text[text.index("Atentamente"):].split("\n")[3:5] == [demo.users["transparencia"].full_name,
                                                                 "Unidad de Transparencia"]


def test_the_open_data_csv_is_public_and_has_no_personal_data(quarter, client):
    response = client.get("/datos-abiertos/solicitudes.csv", params={"organizacion": "sesaech", "anio": "2026"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "solicitudes-sesaech-2026.csv" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 14  # the 12 of the quarter, one of Q1 and one of Q3
    for value in PERSONAL.values():
        assert value not in text


def test_text_typed_as_a_formula_stays_text_in_the_open_data_and_the_report(quarter, engine, client, sign_in):
    formula = '=HYPERLINK("http://evil.example","clic")'
    with transaction(engine) as session:
        session.exec(update(TransparencyRequest).values(topic=formula))
        session.exec(update(Area).values(name=formula))
    text = client.get("/datos-abiertos/solicitudes.csv",
                      params={"organizacion": "sesaech", "anio": "2026"}).content.decode("utf-8-sig")
    assert {row["Tema"] for row in csv.DictReader(io.StringIO(text))} == {"'" + formula}
    report = sign_in("comite").get("/solicitudes/informe-trimestral", params={**Q2, "formato": "xlsx"})
    cells = [cell for row in load_workbook(io.BytesIO(report.content))["Por área"].iter_rows() for cell in row]
    assert "'" + formula in [cell.value for cell in cells]
    assert not any(cell.data_type == "f" for cell in cells)


def test_the_open_data_of_an_unknown_organization_is_not_found(demo, client: TestClient):
    response = client.get("/datos-abiertos/solicitudes.csv", params={"organizacion": "no-existe", "anio": "2026"})
    assert response.status_code == 404
    assert "No existe esa institución" in response.text


def test_the_open_data_of_the_only_organization_needs_no_slug(quarter, client):
    response = client.get("/datos-abiertos/solicitudes.csv", params={"anio": "2025"})
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Folio,Tipo,Canal,Fecha de recepción,Tema,Sentido de la respuesta,Fecha de respuesta,Días hábiles,"
        "A tiempo,Ampliación,Recurso"]


def test_the_statistics_page_of_a_year_without_requests_shows_dashes(demo, sign_in):
    html = sign_in("transparencia").get("/solicitudes/estadisticas", params={"anio": "2025"}).text
    assert '<dd id="cifra-recibidas">0</dd>' in html and '<dd id="cifra-promedio">—</dd>' in html
    assert "Ninguna solicitud del periodo llegó al Comité." in html


@pytest.mark.parametrize("username,offered", [("transparencia", True), ("comite", True), ("enlace_da", False)])
def test_the_request_list_leads_to_the_statistics_for_who_may_see_them(demo, sign_in, username, offered):
    page = sign_in(username).get("/solicitudes").text
    assert ('href="/solicitudes/estadisticas">Estadísticas e informe trimestral</a>' in page) is offered
    assert "Estadísticas de solicitudes" not in page  # not in the menu: it keeps to one line


@pytest.mark.parametrize("params,reason", [
    ({"anio": "2026", "trimestre": "5"}, "El trimestre «5» no es válido: elija 1, 2, 3 o 4."),
    ({"anio": "3000", "trimestre": "1"}, "El año «3000» no es válido: elija uno de 2000 a "),
    ({"anio": "1900", "trimestre": "1"}, "El año «1900» no es válido: elija uno de 2000 a "),
    ({"anio": "dos mil", "trimestre": "1"}, "El año «dos mil» no es válido"),
])
def test_an_impossible_year_or_quarter_of_the_report_is_refused_with_what_is_valid(demo, sign_in, params, reason):
    response = sign_in("comite").get("/solicitudes/informe-trimestral", params={**params, "formato": "xlsx"})
    assert response.status_code == 400
    assert reason in response.text


@pytest.mark.parametrize("params,notice,shown", [
    ({"anio": "99999"}, "El año «99999» no es válido: elija uno de 2000 a ", "al 31 de diciembre de {year}"),
    ({"anio": "1900"}, "El año «1900» no es válido", "del 1 de enero de {year}"),
    ({"anio": "-1", "trimestre": "9"}, "El año «-1» no es válido", "del 1 de enero de {year} al 31 de diciembre"),
    ({"anio": "2026", "trimestre": "9"}, "El trimestre «9» no es válido: elija 1, 2, 3 o 4. Se muestra todo el año.",
     "del 1 de enero de 2026 al 31 de diciembre de 2026"),
])
def test_an_impossible_year_or_quarter_is_said_on_the_statistics_page(demo, sign_in, params, notice, shown):
    html = sign_in("transparencia").get("/solicitudes/estadisticas", params=params).text
    year = demo_today().year
    assert notice in html and shown.format(year=year) in html
    if params["anio"] != "2026":
        assert f"Se muestra {year}." in html
    if params.get("trimestre") == "9" and params["anio"] == "-1":
        assert "El trimestre «9» no es válido" in html


def test_the_open_data_of_an_impossible_year_is_refused_with_what_is_valid(quarter, client):
    response = client.get("/datos-abiertos/solicitudes.csv", params={"organizacion": "sesaech", "anio": "3000"})
    assert response.status_code == 400
    assert "El año «3000» no es válido: elija uno de 2000 a " in response.text
