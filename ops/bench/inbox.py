"""Mis tareas under load: 100k instances, 20k open tasks over 50 areas and 500 users.

Measures GET / (the inbox page) with 32 concurrent keep-alive connections against one uvicorn
process, and in the same run a bare Litestar Jinja page of the same size (ops/bench/bare_app.py);
both servers run on the event loop `pleno run` uses (web.processes.SERVER_LOOP).
Prints requests/s, p50, p99, the ratio to the bare page and the web process's peak memory.
Usage: python ops/bench/inbox.py [--seconds 10] [--connections 32]
The last line of output is one JSON object with the figures.
"""

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

import engine.models  # noqa: E402,F401
import workflows  # noqa: E402,F401
from engine.accounts import Membership, Role, User, hash_password  # noqa: E402
from engine.db import make_engine, transaction  # noqa: E402
from engine.processes import BpmnDefinition, InstanceStatus, OpenTask, ProcessInstance  # noqa: E402
from engine.tenancy import Area, Organization  # noqa: E402
from web.processes import SERVER_LOOP  # noqa: E402  (every server here runs on pleno run's event loop)

INSTANCES, OPEN_TASKS, AREAS, USERS = 100_000, 20_000, 50, 500
PASSWORD = "bench-2026"


def populate(url: str) -> None:
    db = make_engine(url)
    SQLModel.metadata.create_all(db)
    now = datetime.now(UTC)
    with transaction(db) as session:
        session.add(Organization(id=1, slug="bench", name="Ente de prueba", short_name="EP"))
        session.flush()
        session.execute(insert(Area), [{"id": a + 1, "organization_id": 1, "code": f"A{a + 1}",
                                        "name": f"Dirección de área {a + 1}", "head_name": "", "active": True}
                                       for a in range(AREAS)])
        password = hash_password(PASSWORD)
        session.execute(insert(User), [{"id": u + 1, "organization_id": 1, "username": f"enlace{u + 1}",
                                        "full_name": f"Enlace {u + 1}", "email": f"e{u + 1}@example.org",
                                        "password_hash": password, "active": True, "created_at": now}
                                       for u in range(USERS)])
        session.execute(insert(Membership), [{"organization_id": 1, "user_id": u + 1, "role": Role.ENLACE,
                                              "area_id": u % AREAS + 1} for u in range(USERS)])
        session.add(BpmnDefinition(hash="0" * 64, process_id="correspondence", xml="<definitions/>"))
        session.flush()
        batch = 5000
        for start in range(0, INSTANCES, batch):
            session.execute(insert(ProcessInstance), [
                {"id": i + 1, "organization_id": 1, "process_id": "correspondence", "definition_hash": "0" * 64,
                 "title": f"OP-2026-{i + 1:06d} · Solicita informe de avance", "subject_type": "", "state": "{}",
                 "serializer_version": "1.4", "version": 1,
                 "status": InstanceStatus.RUNNING if i < OPEN_TASKS else InstanceStatus.COMPLETED, "created_at": now, "updated_at": now}
                for i in range(start, min(start + batch, INSTANCES))])
        for start in range(0, OPEN_TASKS, batch):
            session.execute(insert(OpenTask), [
                {"id": str(uuid.UUID(int=i + 1)), "organization_id": 1, "instance_id": i + 1,
                 "process_id": "correspondence", "task_name": "answer", "title": "Atender el turno",
                 "subject": f"OP-2026-{i + 1:06d} · Solicita informe de avance", "role": "enlace",
                 "area_id": i % AREAS + 1, "assignee_id": None, "due_at": now + timedelta(hours=(i % 400) - 100),
                 "created_at": now, "version": 1}
                for i in range(start, min(start + batch, OPEN_TASKS))])
    db.dispose()


def start_server(args: list[str], env: dict, port: int) -> subprocess.Popen:
    return serving([sys.executable, "-m", "uvicorn", *args, "--loop", SERVER_LOOP, "--host", "127.0.0.1",
                    "--port", str(port), "--log-level", "warning", "--no-access-log"], env, port,
                   "/login" if "web.app" in args[-1] else "/")


def serving(command: list[str], env: dict, port: int, path: str) -> subprocess.Popen:
    """The server `command` starts, once it answers `path`."""
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            asyncio.run(fetch(port, path, {}))
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("el servidor no arrancó")


async def fetch(port: int, path: str, headers: dict, method: str = "GET", body: bytes = b"") -> tuple[int, dict, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        await send(writer, path, headers, method, body)
        return await receive(reader)
    finally:
        writer.close()


async def send(writer, path, headers, method="GET", body=b""):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()


async def receive(reader) -> tuple[int, dict, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in header_lines:
        if ":" in line:
            key, value = line.split(":", 1)
            headers.setdefault(key.strip().lower(), []).append(value.strip())
    length = int(headers.get("content-length", ["0"])[0])
    body = await reader.readexactly(length) if length else b""
    return int(status_line.split()[1]), headers, body


def cookies(headers: dict) -> dict[str, str]:
    jar = {}
    for value in headers.get("set-cookie", []):
        name, _, rest = value.partition("=")
        jar[name] = rest.split(";", 1)[0]
    return jar


async def sign_in(port: int, username: str) -> str:
    _, headers, _ = await fetch(port, "/login", {})
    jar = cookies(headers)
    body = urlencode({"username": username, "password": PASSWORD, "_csrf_token": jar["csrftoken"]}).encode()
    status, headers, _ = await fetch(port, "/login", {
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()), "x-csrftoken": jar["csrftoken"],
        "Content-Type": "application/x-www-form-urlencoded"}, "POST", body)
    if status not in (302, 303):
        raise RuntimeError(f"no se pudo iniciar sesión como {username}: {status}")
    jar.update(cookies(headers))
    return "; ".join(f"{k}={v}" for k, v in jar.items())


async def load(port: int, path: str, cookie_headers: list[str], connections: int, seconds: float):
    latencies: list[float] = []
    sizes: set[int] = set()
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(index: int):
        nonlocal errors
        headers = {"Cookie": cookie_headers[index % len(cookie_headers)]} if cookie_headers else {}
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop:
                started = time.perf_counter()
                await send(writer, path, headers)
                status, _, body = await receive(reader)
                latencies.append(time.perf_counter() - started)
                sizes.add(len(body))
                errors += status != 200
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000, "requests": len(latencies),
            "errors": errors, "bytes": max(sizes) if sizes else 0}


def bare_size() -> int:
    """Bytes of the bare page without padding, so it can be padded to the inbox's size."""
    sys.path.insert(0, str(ROOT / "ops" / "bench"))
    from bare_app import DATA, environment
    return len(environment.get_template("page.html").render(rows=DATA, padding="").encode())


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory of the server, with its worker processes when it runs several."""
    total = 0
    for process in [pid] + _children(pid):
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue
        total += int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
    return total / 1024


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{pid}$", status, re.MULTILINE):
                found.append(int(entry.name))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/inbox.db"
        started = time.perf_counter()
        populate(url)
        print(f"datos: {INSTANCES} instancias, {OPEN_TASKS} tareas abiertas, {AREAS} áreas, {USERS} usuarios "
              f"({time.perf_counter() - started:.1f} s)")
        env = dict(os.environ, PLENO_DATABASE_URL=url, PLENO_DATA_DIR=folder, PLENO_SCHEDULER_IN_WEB="0")
        pleno = start_server(["--factory", "web.app:create_app"], env, 8731)
        try:
            sessions = [asyncio.run(sign_in(8731, f"enlace{u}")) for u in range(1, 9)]
            asyncio.run(load(8731, "/", sessions, 4, 1))  # warm-up
            inbox = asyncio.run(load(8731, "/", sessions, args.connections, args.seconds))
            memory = peak_memory_mb(pleno.pid)
        finally:
            pleno.terminate()
            pleno.wait()
        bare_env = dict(os.environ, BARE_PADDING=str(max(0, inbox["bytes"] - bare_size())),
                        PYTHONPATH=str(ROOT / "ops" / "bench"))
        bare = start_server(["bare_app:app"], bare_env, 8732)
        try:
            asyncio.run(load(8732, "/", [], 4, 1))
            baseline = asyncio.run(load(8732, "/", [], args.connections, args.seconds))
        finally:
            bare.terminate()
            bare.wait()
    ratio = inbox["rps"] / baseline["rps"]
    print(f"Mis tareas:      {inbox['rps']:7.0f} req/s  p50 {inbox['p50_ms']:5.1f} ms  p99 {inbox['p99_ms']:5.1f} ms"
          f"  ({inbox['bytes']} bytes, {inbox['errors']} errores)")
    print(f"página Jinja base: {baseline['rps']:7.0f} req/s  p50 {baseline['p50_ms']:5.1f} ms  p99 {baseline['p99_ms']:5.1f} ms"
          f"  ({baseline['bytes']} bytes)")
    print(f"relación {ratio:.2f} (meta ≥ 0.5); p99 {inbox['p99_ms']:.1f} ms (meta < 50 ms); memoria pico {memory:.0f} MB")
    print(json.dumps({"inbox_rps": round(inbox["rps"]), "inbox_p50_ms": round(inbox["p50_ms"], 1),
                      "inbox_p99_ms": round(inbox["p99_ms"], 1), "bare_rps": round(baseline["rps"]),
                      "bare_p99_ms": round(baseline["p99_ms"], 1), "ratio": round(ratio, 3),
                      "peak_memory_mb": round(memory), "errors": inbox["errors"]}))


if __name__ == "__main__":
    main()
