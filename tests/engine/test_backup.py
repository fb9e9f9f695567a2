"""Backups: the database and the stored files leave in one archive and come back checked."""

import io
import json
import tarfile
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from engine import files
from engine.backup import FILES_PREFIX, MANIFEST, BackupError, _organizations_in, create_backup, restore_backup
from engine.db import make_engine, normalize_url, transaction
from tests.workflows.test_correspondence_paths import register

COUNTED = ("organization", "processinstance", "opentask", "auditevent", "storedfile", "deadline")


@pytest.fixture
def target(settings, engine, tmp_path):
    """Settings of a second, empty installation: another database of the same kind, another data folder."""
    folder = tmp_path / "restaurada"
    if engine.dialect.name == "sqlite":
        yield replace(settings, database_url=f"sqlite:///{folder / 'pleno.db'}", data_dir=folder)
        return
    name = f"{engine.url.database}_restaurada"
    admin = create_engine(engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield replace(settings, database_url=engine.url.set(database=name).render_as_string(hide_password=False),
                      data_dir=folder)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def _counts(database_url: str) -> dict[str, int]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in COUNTED}
    finally:
        engine.dispose()


def _store(engine, settings, demo, content: bytes, filename: str = "oficio.pdf") -> files.StoredFile:
    with transaction(engine) as session:
        return files.store(session, settings, demo.organization.id, "anexo", "Oficio de prueba", filename, content)


def test_a_backup_restored_into_an_empty_installation_brings_back_rows_files_and_an_intact_audit_chain(
        engine, settings, demo, oficialia, target, tmp_path):
    register(engine, oficialia)  # a process instance, its open task, its acuse and audit events
    stored = _store(engine, settings, demo, b"%PDF-1.4 oficio firmado")
    before = _counts(settings.database_url)

    report = create_backup(settings, tmp_path / "respaldos")
    assert report.problems == []
    assert report.files == before["storedfile"] >= 2
    assert before["processinstance"] >= 1 and before["opentask"] >= 1
    assert report.path.name.startswith("pleno-respaldo-") and report.path.suffixes == [".tar", ".gz"]

    restored = restore_backup(target, report.path)
    assert _counts(target.database_url) == before
    assert (target.upload_dir / stored.storage_key).read_bytes() == b"%PDF-1.4 oficio firmado"
    assert restored.ok and restored.files == report.files
    [(slug, chain)] = restored.chains
    assert slug == demo.organization.slug and chain.events == before["auditevent"] > 0


def test_a_file_changed_after_it_was_stored_is_reported_and_left_out_of_the_backup(engine, settings, demo, tmp_path):
    kept = _store(engine, settings, demo, b"%PDF-1.4 uno")
    changed = _store(engine, settings, demo, b"%PDF-1.4 dos")
    (settings.upload_dir / changed.storage_key).write_bytes(b"%PDF-1.4 otro contenido")
    missing = _store(engine, settings, demo, b"%PDF-1.4 tres")
    (settings.upload_dir / missing.storage_key).unlink()

    report = create_backup(settings, tmp_path)
    assert report.problems == [
        f"El archivo {changed.storage_key} no coincide con su huella SHA-256: cambió después de guardarse.",
        f"Falta el archivo {missing.storage_key}: su registro existe, pero no está en {settings.upload_dir}."]
    with tarfile.open(report.path) as archive:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
        names = archive.getnames()
    assert [entry["clave"] for entry in manifest["archivos"]] == [kept.storage_key]
    assert FILES_PREFIX + kept.storage_key in names and FILES_PREFIX + changed.storage_key not in names
    assert manifest["problemas"] == report.problems


def test_restoring_over_a_database_with_data_is_refused_until_asked_to_replace_it(engine, settings, demo, tmp_path):
    report = create_backup(settings, tmp_path)
    with transaction(engine) as session:
        session.execute(text("UPDATE organization SET name = 'Cambiado después del respaldo'"))

    with pytest.raises(BackupError, match=r"La base de destino ya tiene datos \(1 entes\). No se cambió nada"):
        restore_backup(settings, report.path)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM organization")).scalar_one() == "Cambiado después del respaldo"

    engine.dispose()  # the restore replaces the database under the pool's connections
    assert restore_backup(settings, report.path, replace=True).ok
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM organization")).scalar_one() == demo.organization.name


def _repacked(path, tmp_path, change):
    """A copy of the archive with `change(name, content)` applied to each member's content."""
    copy = tmp_path / "alterado.tar.gz"
    with tarfile.open(path) as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            content = change(member.name, source.extractfile(member).read())
            if content is None:
                continue
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    return copy


def test_a_damaged_archive_is_refused_before_anything_is_written(engine, settings, demo, target, tmp_path):
    stored = _store(engine, settings, demo, b"%PDF-1.4 original")
    report = create_backup(settings, tmp_path)
    damaged = _repacked(report.path, tmp_path, lambda name, content:
                        b"%PDF-1.4 alterado" if name == FILES_PREFIX + stored.storage_key else content)

    with pytest.raises(BackupError, match=f"El archivo {stored.storage_key} del respaldo está dañado"):
        restore_backup(target, damaged)
    assert not target.upload_dir.exists()
    assert _organizations(target) == 0


def test_an_archive_missing_a_file_of_its_manifest_is_refused(engine, settings, demo, target, tmp_path):
    stored = _store(engine, settings, demo, b"%PDF-1.4 original")
    report = create_backup(settings, tmp_path)
    short = _repacked(report.path, tmp_path, lambda name, content:
                      None if name == FILES_PREFIX + stored.storage_key else content)
    with pytest.raises(BackupError, match=f"Al respaldo le falta el archivo {stored.storage_key}; no se restauró nada"):
        restore_backup(target, short)
    assert _organizations(target) == 0


def test_an_archive_without_its_database_is_refused(engine, settings, demo, target, tmp_path):
    report = create_backup(settings, tmp_path)
    without = _repacked(report.path, tmp_path, lambda name, content: None if name.startswith("base.") else content)
    with pytest.raises(BackupError, match="Al respaldo le falta la copia de la base; no se restauró nada"):
        restore_backup(target, without)
    assert _organizations(target) == 0


def test_a_manifest_naming_a_file_outside_the_files_folder_is_refused(engine, settings, demo, target, tmp_path):
    report = create_backup(settings, tmp_path)

    def escape(name, content):
        if name != MANIFEST:
            return content
        manifest = json.loads(content)
        manifest["archivos"].append({"clave": "../../etc/passwd", "sha256": "0" * 64, "bytes": 1})
        return json.dumps(manifest).encode()

    with pytest.raises(BackupError, match="fuera de la carpeta de archivos"):
        restore_backup(target, _repacked(report.path, tmp_path, escape))
    assert _organizations(target) == 0


def test_a_file_that_is_not_a_backup_gets_a_clear_message(settings, target, tmp_path):
    not_a_backup = tmp_path / "fotos.tar.gz"
    not_a_backup.write_bytes(b"no es un tar")
    with pytest.raises(BackupError, match="fotos.tar.gz no es un respaldo de Pleno"):
        restore_backup(target, not_a_backup)
    with pytest.raises(BackupError, match="No existe el archivo"):
        restore_backup(target, tmp_path / "no-existe.tar.gz")


def _organizations(settings) -> int:
    url = make_url(normalize_url(settings.database_url))
    return _organizations_in(url, url.get_backend_name())


def test_a_tar_without_a_pleno_manifest_is_refused(settings, target, tmp_path):
    foreign = tmp_path / "otro.tar.gz"
    with tarfile.open(foreign, "w:gz") as archive:
        content = json.dumps(["no", "es", "un", "manifiesto"]).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(content)
        archive.addfile(info, io.BytesIO(content))
    with pytest.raises(BackupError, match="El archivo no es un respaldo de Pleno: no tiene su manifiesto"):
        restore_backup(target, foreign)
