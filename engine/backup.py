"""Backups of an installation: the database and every stored file in one archive, checked both ways.

A backup is a .tar.gz with the database (SQLite's online backup, or pg_dump's custom format), the
files of the StoredFile rows and a manifest of their SHA-256. The database is copied first: files
are only ever added under new keys, so every file its rows name is already on disk when the files
are copied. A file that is missing or whose content no longer matches its row is reported, not
hidden. A restore checks every file of the archive against the manifest before it writes anything,
refuses a database that already has data unless told to replace it, and verifies each
organization's audit chain afterwards.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

from engine.audit import ChainReport, verify_chain
from engine.clock import utcnow
from engine.db import make_engine, normalize_url, reading
from engine.settings import Settings

ARCHIVE_FORMAT = 1
MANIFEST = "manifiesto.json"
DATABASE_MEMBERS = {"sqlite": "base.sqlite3", "postgresql": "base.pgdump"}
FILES_PREFIX = "archivos/"
# What engine.files.store writes: organization id / random hex . extension.
_STORAGE_KEY = re.compile(r"^\d+/[0-9a-f]{32}(\.[a-z0-9]{1,10})?$")
_FILES = text("SELECT storage_key, sha256, size FROM storedfile ORDER BY id")
_REVISION = text("SELECT version_num FROM alembic_version")
_ORGANIZATIONS = text("SELECT id, slug FROM organization ORDER BY slug")


class BackupError(Exception):
    """Why a backup or a restore could not be done, in words a person can act on."""


@dataclass
class BackupReport:
    path: Path
    database: str
    files: int
    size: int
    problems: list[str] = field(default_factory=list)


@dataclass
class RestoreReport:
    database: str
    created_at: str
    revision: str | None  # the migration the restored database is at
    files: int
    chains: list[tuple[str, ChainReport]]

    @property
    def ok(self) -> bool:
        return all(report.ok for _slug, report in self.chains)


def _kind(url: URL) -> str:
    if url.get_backend_name() not in DATABASE_MEMBERS:
        raise BackupError(f"No se respaldan bases {url.get_backend_name()}: solo SQLite y PostgreSQL.")
    return url.get_backend_name()


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL pg_dump and pg_restore take, and their environment: the password goes there, not
    on a command line other users of the machine can read."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), environment


def _run_postgresql_tool(arguments: list[str], environment: dict[str, str]) -> None:
    try:
        finished = subprocess.run(arguments, env=environment, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"No se encontró {arguments[0]}: instale el cliente de PostgreSQL (paquete "
                          f"postgresql-client) de la misma versión mayor que el servidor.") from None
    if finished.returncode != 0:
        detail = (finished.stderr.strip().splitlines() or ["sin detalle"])[-1]
        raise BackupError(f"{arguments[0]} falló: {detail}")


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("La base SQLite en memoria no se puede respaldar.")
    return Path(url.database)


def _copy_database(url: URL, kind: str, target: Path) -> None:
    if kind == "sqlite":
        source_path = _sqlite_path(url)
        if not source_path.exists():
            raise BackupError(f"No existe la base {source_path}.")
        # SQLite's online backup: a consistent copy even while the server writes (WAL).
        with closing(sqlite3.connect(source_path)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        return
    address, environment = _libpq(url)
    _run_postgresql_tool(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}",
                          f"--dbname={address}"], environment)


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def create_backup(settings: Settings, folder: Path) -> BackupReport:
    """Write pleno-respaldo-<moment>.tar.gz in `folder`: the database, then the stored files."""
    url = make_url(normalize_url(settings.database_url))
    kind = _kind(url)
    engine = make_engine(settings.database_url)
    folder.mkdir(parents=True, exist_ok=True)
    moment = utcnow()
    path = folder / f"pleno-respaldo-{moment:%Y%m%d-%H%M%S}.tar.gz"
    partial = path.with_name(path.name + ".parcial")
    try:
        with tempfile.TemporaryDirectory() as scratch:
            database = Path(scratch) / DATABASE_MEMBERS[kind]
            _copy_database(url, kind, database)
            with reading(engine) as session:
                revision = session.execute(_REVISION).scalar_one_or_none()
                rows = session.execute(_FILES).all()
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(database, arcname=DATABASE_MEMBERS[kind])
                files, problems = _add_files(archive, settings.upload_dir, rows)
                manifest = {"formato": ARCHIVE_FORMAT, "creado": moment.isoformat(), "base": kind,
                            "revision": revision, "archivos": files, "problemas": problems}
                _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            partial.replace(path)  # never a half-written archive under the final name
    finally:
        partial.unlink(missing_ok=True)
        engine.dispose()
    return BackupReport(path, kind, len(files), path.stat().st_size, problems)


def _add_files(archive: tarfile.TarFile, upload_dir: Path, rows) -> tuple[list[dict], list[str]]:
    files, problems = [], []
    for key, sha256, size in rows:
        path = upload_dir / key
        if not path.is_file():
            problems.append(f"Falta el archivo {key}: su registro existe, pero no está en {upload_dir}.")
            continue
        if _digest(path) != sha256:
            problems.append(f"El archivo {key} no coincide con su huella SHA-256: cambió después de guardarse.")
            continue
        archive.add(path, arcname=FILES_PREFIX + key)
        files.append({"clave": key, "sha256": sha256, "bytes": size})
    return files, problems


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(content), int(utcnow().timestamp())
    archive.addfile(info, io.BytesIO(content))


# -- restoring ---------------------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
        keys = [str(entry["clave"]) for entry in manifest["archivos"]]
        if not all(isinstance(manifest[name], str) for name in ("base", "creado")):
            raise TypeError("base y creado son textos")
    except (KeyError, AttributeError, TypeError, ValueError):
        raise BackupError("El archivo no es un respaldo de Pleno: no tiene su manifiesto.") from None
    if manifest.get("formato") != ARCHIVE_FORMAT:
        raise BackupError(f"El respaldo tiene el formato {manifest.get('formato')!r}, que esta versión de "
                          f"Pleno no conoce.")
    for key in keys:
        if not _STORAGE_KEY.match(key) or PurePosixPath(key).is_absolute() or ".." in PurePosixPath(key).parts:
            raise BackupError(f"El respaldo nombra un archivo fuera de la carpeta de archivos: {key!r}.")
    return manifest


def _check_members(archive: tarfile.TarFile, manifest: dict) -> None:
    """The database and every file of the manifest are in the archive, the files with their content;
    nothing is written before."""
    try:
        archive.getmember(DATABASE_MEMBERS[manifest["base"]])
    except KeyError:
        raise BackupError("Al respaldo le falta la copia de la base; no se restauró nada.") from None
    for entry in manifest["archivos"]:
        member = _member(archive, entry["clave"])
        sha = hashlib.sha256()
        for block in iter(lambda: member.read(1 << 20), b""):
            sha.update(block)
        if sha.hexdigest() != entry["sha256"]:
            raise BackupError(f"El archivo {entry['clave']} del respaldo está dañado (su SHA-256 no coincide); "
                              f"no se restauró nada.")


def _member(archive: tarfile.TarFile, key: str):
    try:
        member = archive.getmember(FILES_PREFIX + key)
    except KeyError:
        member = None
    if member is None or not member.isfile():
        raise BackupError(f"Al respaldo le falta el archivo {key}; no se restauró nada.")
    return archive.extractfile(member)


def _organizations_in(url: URL, kind: str) -> int:
    """How many organizations the target database holds (0 when it has no tables yet)."""
    if kind == "sqlite" and not _sqlite_path(url).exists():
        return 0
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("organization"):
                return 0
            return connection.execute(text("SELECT count(*) FROM organization")).scalar_one()
    finally:
        engine.dispose()


def _put_database(url: URL, kind: str, database: Path) -> None:
    if kind == "sqlite":
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(target.name + ".restaurando")
        shutil.copyfile(database, staged)
        for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)  # the old database's log must not be replayed on the new one
        staged.replace(target)
        return
    address, environment = _libpq(url)
    # One transaction: a restore that fails leaves the database as it was.
    _run_postgresql_tool(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                          "--single-transaction", "--exit-on-error", f"--dbname={address}", str(database)],
                         environment)


def restore_backup(settings: Settings, archive_path: Path, replace: bool = False) -> RestoreReport:
    """Put the archive's database and files back, then verify every audit chain."""
    url = make_url(normalize_url(settings.database_url))
    kind = _kind(url)
    if not archive_path.is_file():
        raise BackupError(f"No existe el archivo {archive_path}.")
    try:
        archive = tarfile.open(archive_path, "r:gz")
    except (tarfile.TarError, OSError):
        raise BackupError(f"{archive_path.name} no es un respaldo de Pleno (.tar.gz).") from None
    with archive, tempfile.TemporaryDirectory() as scratch:
        manifest = _read_manifest(archive)
        if manifest["base"] != kind:
            raise BackupError(f"El respaldo es de una base {manifest['base']} y la configurada es {kind}: "
                              f"restáurelo en una base del mismo tipo.")
        _check_members(archive, manifest)
        present = _organizations_in(url, kind)
        if present and not replace:
            raise BackupError(f"La base de destino ya tiene datos ({present} entes). No se cambió nada; "
                              f"para sustituirla por el respaldo, repita con --replace.")
        database = Path(scratch) / DATABASE_MEMBERS[kind]
        _unpack(archive.extractfile(DATABASE_MEMBERS[kind]), database)
        _put_database(url, kind, database)
        for entry in manifest["archivos"]:
            _unpack(_member(archive, entry["clave"]), settings.upload_dir / entry["clave"])
    return RestoreReport(kind, manifest["creado"], manifest.get("revision"), len(manifest["archivos"]),
                         _verify_chains(settings))


def _unpack(member, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as written:
        shutil.copyfileobj(member, written, 1 << 20)


def _verify_chains(settings: Settings) -> list[tuple[str, ChainReport]]:
    engine = make_engine(settings.database_url)
    try:
        with reading(engine) as session:
            return [(slug, verify_chain(session, organization_id))
                    for organization_id, slug in session.execute(_ORGANIZATIONS).all()]
    finally:
        engine.dispose()
