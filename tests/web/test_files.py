"""Downloading stored files: same organization, and for enlaces only files of their areas' processes."""

from urllib.parse import quote

from sqlmodel import select

from engine.accounts import Role, create_user
from engine.db import transaction
from engine.files import StoredFile, store
from engine.tenancy import Organization
from workflows import correspondence
from workflows.correspondence.forms import RegisterForm
from workflows.demo import DEMO_PASSWORD
from correspondence_steps import turn_document
from tests.today import demo_today



def registered_acuse(engine, oficialia):
    form = RegisterForm.model_validate(dict(remitente="Mtra. Laura Díaz", asunto="Solicita informe de avance",
                                            canal="ventanilla", fecha_recepcion=demo_today().isoformat(),
                                            hora_recepcion="10:30"))
    with transaction(engine) as session:
        instance = correspondence.register(session, oficialia, form)
        acuse = session.exec(select(StoredFile).where(StoredFile.instance_id == instance.id,
                                                      StoredFile.kind == "acuse")).one()
    return instance, acuse


def turn_to(engine, oficialia, instance, *areas):
    turn_document(engine, oficialia, instance.id, areas)


def test_oficialia_downloads_the_acuse_with_its_type_and_name(engine, demo, oficialia, sign_in):
    _, acuse = registered_acuse(engine, oficialia)
    response = sign_in("oficialia").get(f"/archivos/{acuse.id}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(acuse.content_type)
    assert f'filename="{acuse.filename}"' in response.headers["content-disposition"]
    assert response.content[:2] == b"PK" and len(response.content) == acuse.size


def test_an_enlace_downloads_only_files_of_processes_turned_to_its_area(engine, demo, oficialia, sign_in):
    instance, acuse = registered_acuse(engine, oficialia)
    assert sign_in("enlace_da").get(f"/archivos/{acuse.id}").status_code == 403
    turn_to(engine, oficialia, instance, demo.areas["DA"])
    assert sign_in("enlace_da").get(f"/archivos/{acuse.id}").status_code == 200
    refused = sign_in("enlace_dri").get(f"/archivos/{acuse.id}")
    assert refused.status_code == 403 and "no corresponde a sus áreas" in refused.text


def test_another_organization_and_unknown_files_are_not_found(engine, demo, oficialia, sign_in):
    _, acuse = registered_acuse(engine, oficialia)
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Otro ente", short_name="OTRO")
        session.add(other)
        session.flush()
        create_user(session, other.id, "ajeno", "Persona Ajena", "a@otro.example", DEMO_PASSWORD,
                    [(Role.ADMIN, None)])
    client = sign_in("ajeno")
    assert client.get(f"/archivos/{acuse.id}").status_code == 404
    assert client.get("/archivos/999999").status_code == 404


def test_a_file_name_with_accents_is_kept_for_the_download(engine, demo, settings, sign_in):
    with transaction(engine) as session:
        stored = store(session, settings, demo.organization.id, "anexo", "Oficio", "Oficio de respuesta ñ.pdf",
                       b"%PDF-1.4 oficio", created_by=demo.users["enlace_da"].id,
                       area_id=demo.areas["DA"].id)
    response = sign_in("enlace_da").get(f"/archivos/{stored.id}")
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert "filename*=UTF-8''" + quote("Oficio de respuesta ñ.pdf", safe="") in disposition
    assert sign_in("enlace_dri").get(f"/archivos/{stored.id}").status_code == 403


def test_a_name_too_long_for_its_column_is_shortened_keeping_its_extension(engine, demo, settings):
    long_name = "Oficio de respuesta del área de administración sobre el ñandú " * 6 + ".pdf"
    with transaction(engine) as session:
        stored = store(session, settings, demo.organization.id, "anexo", "Oficio", long_name, b"%PDF-1.4 oficio",
                       created_by=demo.users["enlace_da"].id)
    assert len(stored.filename) <= 200 and stored.filename.endswith("Oficio de.pdf")
    assert stored.filename.startswith("Oficio de respuesta del área")


def test_a_file_missing_from_storage_is_reported_not_crashed(engine, demo, oficialia, settings, sign_in):
    _, acuse = registered_acuse(engine, oficialia)
    (settings.upload_dir / acuse.storage_key).unlink()
    response = sign_in("oficialia").get(f"/archivos/{acuse.id}")
    assert response.status_code == 404 and "no está en el almacenamiento" in response.text
