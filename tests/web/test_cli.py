"""The `pleno` command, run in-process against the test database."""

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlmodel import select

from engine import inbox
from engine.accounts import Membership, Role, User, check_password, create_user, issue_api_token, user_for_token
from engine.audit import AuditEvent
from engine.bpmn_specs import BPMN_DIR
from engine.clock import today_in
from engine.db import transaction
from engine.settings import load_settings
from tests.correspondence_steps import open_tasks, register_document, turn_document
from web.cli import main
from workflows.access_request.models import TransparencyRequest
from workflows.access_request.unanswered_appeal import lapse_of
from workflows.correspondence.models import Correspondence, CorrespondenceStatus


def test_bpmn_check_passes_on_the_repository(capsys):
    assert main(["bpmn", "check"]) == 0
    assert "listos" in capsys.readouterr().out


def test_bpmn_check_lists_the_problems_of_a_broken_copy(tmp_path, capsys):
    xml = (BPMN_DIR / "correspondence.bpmn").read_text()
    broken = xml.replace('id="correspondence.record_closing"', 'id="correspondence.no_such_handler"')
    broken = broken.replace('<bpmn:lane id="Lane_enlace" name="enlace">', '<bpmn:lane id="Lane_enlace" name="jefe">')
    (tmp_path / "correspondence.bpmn").write_text(broken)
    assert main(["bpmn", "check", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "«correspondence.no_such_handler», que no tiene manejador registrado" in err
    assert "el carril «jefe» no es un rol de Pleno" in err


def test_bpmn_check_reports_a_file_that_does_not_parse_or_cannot_be_drawn(tmp_path, capsys):
    xml = (BPMN_DIR / "correspondence.bpmn").read_text()
    (tmp_path / "correspondence.bpmn").write_text(xml.split("<bpmndi:BPMNDiagram")[0] + "</bpmn:definitions>")
    (tmp_path / "unknown.bpmn").write_text("<no-es-bpmn/>")
    assert main(["bpmn", "check", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "correspondence.bpmn: no tiene coordenadas de diagrama" in err
    assert "unknown.bpmn: no se pudo leer o validar" in err


def test_bpmn_check_wants_a_template_per_user_task(tmp_path, capsys):
    shutil.copy(BPMN_DIR / "correspondence.bpmn", tmp_path)
    from engine.bpmn_check import check_directory
    problems = check_directory(tmp_path, templates_dir=tmp_path)
    assert "correspondence.bpmn: falta la plantilla templates/forms/correspondence/turn.html" in problems


def test_audit_verify_passes_then_detects_a_tampered_event(engine, settings, demo, oficialia, capsys):
    from tests.workflows.test_correspondence_paths import register
    register(engine, oficialia)
    assert main(["audit", "verify"]) == 0
    assert "sesaech: cadena íntegra" in capsys.readouterr().out
    with engine.begin() as connection:
        connection.execute(text("UPDATE auditevent SET summary = 'nada que ver' WHERE seq = 2"))
    assert main(["audit", "verify", "--org", "sesaech"]) == 1
    assert "sesaech: CADENA ROTA en el evento 2" in capsys.readouterr().err
    assert main(["audit", "verify", "--org", "no-existe"]) == 1


def test_users_create_makes_a_user_with_roles_in_areas(engine, settings, demo, capsys):
    code = main(["users", "create", "enlace_ut", "--name", "Marta Solís", "--email", "marta@example.mx",
                 "--org", "sesaech", "--role", "enlace:UT", "--role", "integrante", "--password", "clave-larga-1"])
    assert code == 0, capsys.readouterr().err
    with transaction(engine) as session:
        user = session.exec(select(User).where(User.username == "enlace_ut")).one()
        roles = {(m.role, m.area_id) for m in session.exec(select(Membership).where(Membership.user_id == user.id))}
    assert check_password(user, "clave-larga-1")
    assert roles == {(Role.ENLACE, demo.areas["UT"].id), (Role.INTEGRANTE, None)}
    assert main(["users", "create", "enlace_ut", "--name", "Otra Persona", "--email", "x@example.mx", "--org",
                 "sesaech", "--password", "clave-larga-1"]) == 1
    assert "ya existe" in capsys.readouterr().err
    assert main(["users", "create", "otro", "--name", "Otra Persona", "--email", "x@example.mx", "--org", "sesaech",
                 "--role", "enlace", "--password", "clave-larga-1"]) == 1
    assert "Un enlace siempre es de un área" in capsys.readouterr().err


def test_users_create_refuses_an_area_for_a_role_of_the_whole_organization(engine, settings, demo, capsys):
    assert main(["users", "create", "ofi_dri", "--name", "Persona Nueva", "--email", "n@example.mx", "--org",
                 "sesaech", "--role", "oficialia:DRI", "--password", "clave-larga-1"]) == 1
    assert capsys.readouterr().err.strip() == ("El rol «Oficialía de partes» es para todo el ente, no para un área: "
                                               "deje el área vacía. Use --role oficialia.")
    with transaction(engine) as session:
        assert session.exec(select(User).where(User.username == "ofi_dri")).first() is None


@pytest.mark.parametrize("username,name,email,password,errors", [
    ("x7", "", "bad", "clave-larga-1", ["  usuario: Escriba al menos 3 caracteres.",
                                        "  --name: Escriba al menos 3 caracteres.",
                                        "  --email: Escriba un correo electrónico válido."]),
    ("a b", "Persona Nueva", "n@example.mx", "clave-larga-1",
     ["  usuario: Use solo minúsculas sin acentos, números, punto, guion y guion bajo."]),
    ("nueva", "Persona Nueva", "n@example.mx", "corta", ["  --password: Escriba al menos 10 caracteres."]),
])
def test_users_create_applies_the_administration_forms_rules_in_spanish(engine, settings, demo, capsys, username,
                                                                        name, email, password, errors):
    assert main(["users", "create", username, "--name", name, "--email", email, "--org", "sesaech",
                 "--role", "oficialia", "--password", password]) == 1
    out = capsys.readouterr()
    assert out.err.splitlines() == ["No se creó el usuario:", *errors] and "creado" not in out.out
    with transaction(engine) as session:
        assert session.exec(select(User).where(User.username == username)).first() is None


def turned_to_da(engine, demo, oficialia):
    instance = register_document(engine, oficialia, asunto="Solicita el padrón de proveedores")
    turn_document(engine, oficialia, instance.id, [demo.areas["DA"]])
    [task] = open_tasks(engine, instance.id)
    return task


def deactivation_events(engine) -> list[tuple[str, str, str]]:
    with transaction(engine) as session:
        return [(e.action, e.actor_name, e.summary) for e in session.exec(select(AuditEvent).where(
            AuditEvent.action.in_(["admin.usuario.desactivado", "admin.usuario.activado"])).order_by(AuditEvent.seq))]


def test_users_deactivate_refuses_an_areas_only_enlace_with_open_tasks_as_the_administration_does(
        engine, settings, demo, oficialia, capsys):
    turned_to_da(engine, demo, oficialia)
    assert main(["users", "deactivate", "enlace_da"]) == 1
    out = capsys.readouterr()
    assert out.err.startswith("No se puede desactivar a Rosa Elena Martínez Cruz: es la única persona activa que "
                              "atiende las tareas del enlace de Dirección de Administración (1 tarea abierta: «")
    assert "Primero asigne otro enlace a Dirección de Administración" in out.err and out.out == ""
    with transaction(engine) as session:
        assert session.get(User, demo.users["enlace_da"].id).active is True
    assert deactivation_events(engine) == []


def test_users_deactivate_and_activate_from_the_console_hand_back_tasks_and_keep_old_tokens_revoked(
        engine, settings, demo, oficialia, enlace_area_a, capsys):
    task = turned_to_da(engine, demo, oficialia)
    with transaction(engine) as session:
        create_user(session, demo.organization.id, "enlace_da2", "Pedro Solís Ramos", "pedro@sesaech.example",
                    "clave-larga-1", [(Role.ENLACE, demo.areas["DA"].id)])
        token = issue_api_token(session, session.get(User, demo.users["enlace_da"].id), "Sistema de gestión")
    with transaction(engine) as session:
        inbox.claim(session, enlace_area_a, task.id)

    assert main(["users", "deactivate", "enlace_da"]) == 0
    assert capsys.readouterr().out == ("Usuario enlace_da desactivado: sus sesiones terminaron y sus tokens de API "
                                       "y la dirección de su calendario quedaron revocados.\n")
    assert open_tasks(engine, task.instance_id)[0].assignee_id is None
    assert main(["users", "deactivate", "enlace_da"]) == 0
    assert capsys.readouterr().out == "El usuario enlace_da ya estaba desactivado.\n"
    assert main(["users", "activate", "enlace_da"]) == 0
    with transaction(engine) as session:
        assert session.get(User, demo.users["enlace_da"].id).active is True
        assert user_for_token(session, token) is None
    assert deactivation_events(engine) == [
        ("admin.usuario.desactivado", "Consola", "Desactivó al usuario enlace_da y revocó 1 token de API"),
        ("admin.usuario.activado", "Consola", "Reactivó al usuario enlace_da")]
    assert main(["users", "activate", "nadie"]) == 1
    assert capsys.readouterr().err == "No existe el usuario 'nadie'.\n"


def test_demo_seeds_once_and_prints_the_users(engine, settings, capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "pleno-demo-2026" in out and "enlace_da" in out
    with transaction(engine) as session:
        statuses = sorted(session.exec(select(Correspondence.status)).all())
    assert statuses == sorted([CorrespondenceStatus.REGISTERED, CorrespondenceStatus.TURNED,
                               CorrespondenceStatus.ANSWERED, CorrespondenceStatus.CLOSED])
    with transaction(engine) as session:  # the statistics' chart by topic has something to show
        assert all(session.exec(select(Correspondence.topic)).all())
    with transaction(engine) as session:
        received = session.exec(select(Correspondence.received_at)).all()
        requests = session.exec(select(TransparencyRequest.received_at, TransparencyRequest.answered_on)).all()
    now = datetime.now(UTC)
    # Whatever the hour here or in Mexico, the demo never received or answered anything in the future.
    assert all(moment.replace(tzinfo=moment.tzinfo or UTC) < now for moment in received)
    today = today_in("America/Mexico_City")
    assert all(moment.replace(tzinfo=moment.tzinfo or UTC) < now and (answered is None or answered <= today)
               for moment, answered in requests)
    with transaction(engine) as session:  # one request shows the recurso por falta de respuesta, still in time
        found = [lapse_of(session, request) for request in session.exec(select(TransparencyRequest))]
    lapses = [lapse for lapse in found if lapse is not None]
    assert len(lapses) == 1 and not lapses[0].window_over
    assert main(["demo"]) == 0
    with transaction(engine) as session:
        assert len(session.exec(select(Correspondence.id)).all()) == 4


def test_db_upgrade_on_a_new_sqlite_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PLENO_DATABASE_URL", f"sqlite:///{tmp_path / 'nueva' / 'pleno.db'}")
    assert main(["db", "upgrade"]) == 0
    assert (tmp_path / "nueva" / "pleno.db").exists()


def test_an_unknown_command_exits_with_usage():
    with pytest.raises(SystemExit) as exit_info:
        main(["vuela"])
    assert exit_info.value.code == 2


def test_backup_and_restore_commands_write_an_archive_and_put_it_back_with_the_chain_verified(
        engine, settings, demo, oficialia, tmp_path, capsys):
    from tests.workflows.test_correspondence_paths import register
    register(engine, oficialia)
    assert main(["backup", "--dir", str(tmp_path)]) == 0
    [archive] = tmp_path.glob("pleno-respaldo-*.tar.gz")
    assert f"Respaldo escrito: {archive}" in capsys.readouterr().out

    assert main(["restore", str(archive)]) == 1
    assert "ya tiene datos (1 entes). No se cambió nada" in capsys.readouterr().err
    engine.dispose()  # the restore replaces the database under the pool's connections
    assert main(["restore", str(archive), "--replace"]) == 0
    out = capsys.readouterr().out
    assert "sesaech: cadena íntegra" in out
    assert "otra versión de Pleno" not in out  # the backup is at this version's last migration


def test_restoring_a_backup_of_an_older_version_says_to_migrate(engine, settings, demo, tmp_path, capsys):
    assert main(["backup", "--dir", str(tmp_path)]) == 0
    [archive] = tmp_path.glob("pleno-respaldo-*.tar.gz")
    older = tmp_path / "anterior.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(older, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "manifiesto.json":
                content = json.dumps({**json.loads(content), "revision": "una-migracion-anterior"}).encode()
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    engine.dispose()
    assert main(["restore", str(older), "--replace"]) == 0
    assert "El respaldo es de otra versión de Pleno: ejecute `pleno db upgrade`" in capsys.readouterr().out


def test_a_backup_that_had_to_leave_a_file_out_exits_with_an_error_for_the_nightly_job(
        engine, settings, demo, oficialia, tmp_path, capsys):
    from tests.workflows.test_correspondence_paths import register
    from engine.files import StoredFile
    register(engine, oficialia)  # stores the acuse
    with engine.connect() as connection:
        key = connection.execute(select(StoredFile.storage_key)).scalars().first()
    (settings.upload_dir / key).unlink()
    assert main(["backup", "--dir", str(tmp_path)]) == 1
    assert f"AVISO: Falta el archivo {key}" in capsys.readouterr().err
    assert list(tmp_path.glob("pleno-respaldo-*.tar.gz"))  # written all the same, with what there was


def test_run_with_several_workers_serves_from_that_many_processes(settings, demo, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, PLENO_DATABASE_URL=settings.database_url, PLENO_DATA_DIR=str(settings.data_dir))
    server = subprocess.Popen([sys.executable, "-m", "web.cli", "run", "--workers", "2", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, status = time.monotonic() + 60, None
        while status != 200 and time.monotonic() < deadline:
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5).status
            except OSError:
                time.sleep(0.3)
        assert status == 200
        children = [p for p in os.listdir("/proc") if p.isdigit() and _parent_of(p) == server.pid]
        # multiprocessing also starts its resource tracker; the web processes run spawn_main.
        assert sum("spawn_main" in _command_of(p) for p in children) == 2
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "2 procesos web; los temporizadores, avisos y correos los lleva `pleno worker`." in output


def _command_of(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _parent_of(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("PPid:"))
    except (OSError, StopIteration):
        return None


def test_run_refuses_the_in_process_scheduler_with_several_workers(capsys):
    assert main(["run", "--workers", "2", "--scheduler"]) == 1
    assert "quite --scheduler e inicie `pleno worker` aparte" in capsys.readouterr().err
    assert main(["run", "--workers", "0"]) == 1
    assert "--workers debe ser 1 o más." in capsys.readouterr().err


def test_pleno_run_points_the_links_it_writes_at_its_own_port_unless_told(monkeypatch):
    from web.cli import links_point_here
    monkeypatch.setenv("PLENO_BASE_URL", "recorded")  # so that undoing removes what the call sets
    monkeypatch.delenv("PLENO_BASE_URL")
    links_point_here("0.0.0.0", 8772)
    assert load_settings().base_url == "http://127.0.0.1:8772"
    monkeypatch.setenv("PLENO_BASE_URL", "https://pleno.sesaech.gob.mx")
    links_point_here("127.0.0.1", 8000)
    assert load_settings().base_url == "https://pleno.sesaech.gob.mx"


NO_BASE_URL = ("Aviso: PLENO_BASE_URL no está definida; los enlaces de los correos que escriba este proceso "
               "apuntarán a http://127.0.0.1:8000.")


def test_the_worker_warns_at_start_when_its_links_would_point_to_the_default_address(settings, demo):
    # `pleno run --port 8771` links to its own port; a worker beside it has no port to go by.
    env = {name: value for name, value in os.environ.items() if name != "PLENO_BASE_URL"}
    env.update(PLENO_DATABASE_URL=settings.database_url, PLENO_DATA_DIR=str(settings.data_dir))
    worker = subprocess.Popen([sys.executable, "-m", "web.cli", "worker"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        started = worker.stdout.readline()  # printed after the warning, once the worker is set up
    finally:
        worker.kill()  # how it stops is not this test's matter
        errors = worker.communicate(timeout=60)[1]
    assert started.startswith("Pleno worker:")
    assert NO_BASE_URL in errors


def test_a_sweep_from_the_console_warns_only_while_no_base_url_is_configured(settings, demo, capsys, monkeypatch):
    monkeypatch.delenv("PLENO_BASE_URL", raising=False)
    assert main(["alerts", "sweep"]) == 0
    assert NO_BASE_URL in capsys.readouterr().err
    monkeypatch.setenv("PLENO_BASE_URL", "http://127.0.0.1:8771/")
    assert main(["alerts", "sweep"]) == 0
    assert capsys.readouterr().err == ""
    assert load_settings().base_url == "http://127.0.0.1:8771"
