"""The development mailbox: the .eml files of the "files" backend, for administrators only."""

from dataclasses import replace
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import UTC, datetime

import pytest
from litestar.testing import TestClient
from sqlmodel import select

from engine.accounts import Role, create_user
from engine.db import transaction
from engine.mail import file_name
from engine.outbox import OutboxMessage, deliver, enqueue
from engine.tenancy import Organization
from tests.web.conftest import csrf_of
from web.app import create_app
from workflows.demo import DEMO_PASSWORD


def write_eml(folder, name: str, subject: str, sent: datetime, to: str = "rosa@sesaech.example") -> None:
    message = EmailMessage()
    message["From"] = "Pleno <avisos@pleno.local>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<{name}@pleno.local>"
    message.set_content("El plazo vence el 20 de abril de 2026.\nConsulte /plazos/1.")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(bytes(message))


@pytest.fixture
def mails(settings, demo):
    folder = settings.mail_dir_of(demo.organization.id)
    write_eml(folder, "antiguo.eml", "Aviso antiguo", datetime(2026, 3, 1, 16, 0, tzinfo=UTC))
    write_eml(folder, "reciente.eml", "Plazo por vencer: 0001/2026", datetime(2026, 4, 15, 16, 0, tzinfo=UTC))
    (folder / "notas.txt").write_text("no es un correo")
    return folder


def test_the_administrator_sees_the_written_messages_newest_first(sign_in, mails):
    page = sign_in("admin").get("/dev/correo")
    assert page.status_code == 200
    assert "rosa@sesaech.example" in page.text and "&lt;reciente.eml@pleno.local&gt;" in page.text
    assert page.text.index("Plazo por vencer: 0001/2026") < page.text.index("Aviso antiguo")
    assert "notas.txt" not in page.text
    assert 'href="/dev/correo/reciente.eml"' in page.text


def test_one_message_shows_its_headers_and_text(sign_in, mails):
    page = sign_in("admin").get("/dev/correo/reciente.eml")
    assert page.status_code == 200
    assert "Plazo por vencer: 0001/2026" in page.text
    assert "Message-ID" in page.text and "rosa@sesaech.example" in page.text
    assert "El plazo vence el 20 de abril de 2026." in page.text


@pytest.mark.parametrize("name", ["..%2Fpleno.db", "..%5Creciente.eml", ".oculto.eml", "notas.txt", "no-existe.eml"])
def test_names_that_are_not_a_message_of_the_folder_are_refused(sign_in, mails, name):
    assert sign_in("admin").get(f"/dev/correo/{name}").status_code == 404


def test_each_organizations_administrator_reads_only_its_own_messages(engine, settings, demo, sign_in):
    with transaction(engine) as session:
        other = Organization(slug="municipio", name="Municipio de Ejemplo", short_name="MUNI")
        session.add(other)
        session.flush()
        other_id = other.id
        create_user(session, other.id, "admin_muni", "Admin del municipio", "admin@muni.example", DEMO_PASSWORD,
                    [(Role.ADMIN, None)])
        for organization_id, to, subject in [(demo.organization.id, "rosa@sesaech.example", "Solicitud 0001/2026"),
                                             (other.id, "tesoreria@muni.example", "Cuenta pública del municipio")]:
            enqueue(session, organization_id=organization_id, key=f"prueba:{organization_id}", kind="aviso",
                    to_address=to, subject=subject, body=f"Texto para {to}")
    assert deliver(engine, settings) == 2
    with transaction(engine) as session:
        files = {row.organization_id: file_name(row) for row in session.exec(select(OutboxMessage)).all()}
    own_file, other_file = files[demo.organization.id], files[other_id]
    muni, sesaech = sign_in("admin_muni"), sign_in("admin")
    page = muni.get("/dev/correo").text
    assert "Cuenta pública del municipio" in page
    assert "Solicitud 0001/2026" not in page and "rosa@sesaech.example" not in page
    assert "Texto para tesoreria@muni.example" in muni.get(f"/dev/correo/{other_file}").text
    assert muni.get(f"/dev/correo/{own_file}").status_code == 404
    assert "Cuenta pública del municipio" not in sesaech.get("/dev/correo").text
    assert sesaech.get(f"/dev/correo/{other_file}").status_code == 404


def test_the_menu_links_the_mailbox_for_the_administrator_only(sign_in, mails):
    assert 'href="/dev/correo"' in sign_in("admin").get("/tareas").text
    assert 'href="/dev/correo"' not in sign_in("oficialia").get("/tareas").text


@pytest.mark.parametrize("username", ["oficialia", "transparencia", "enlace_da", "integrante"])
def test_other_roles_may_not_read_the_mailbox(sign_in, mails, username):
    client = sign_in(username)
    assert client.get("/dev/correo").status_code == 403
    assert client.get("/dev/correo/reciente.eml").status_code == 403


def test_an_empty_or_missing_folder_is_an_empty_list(sign_in):
    page = sign_in("admin").get("/dev/correo")
    assert page.status_code == 200
    assert "Todavía no se ha escrito ningún correo." in page.text


def test_with_smtp_delivery_the_mailbox_does_not_exist(engine, settings, demo, password, mails):
    app = create_app(settings=replace(settings, mail_backend="smtp"), engine=engine)
    with TestClient(app) as client:
        client.post("/login", data={"username": "admin", "password": password},
                    headers={"x-csrftoken": csrf_of(client)})
        assert "Mis tareas" in client.get("/tareas").text
        assert client.get("/dev/correo").status_code == 404
        assert client.get("/dev/correo/reciente.eml").status_code == 404
        assert 'href="/dev/correo"' not in client.get("/tareas").text


def test_someone_not_in_the_administration_gets_a_403_that_says_whose_the_mailbox_is(sign_in, mails):
    page = sign_in("enlace_da").get("/dev/correo")
    assert page.status_code == 403
    assert "El correo de desarrollo es solo para la administración del ente." in page.text
