"""Sessions of collegiate bodies: votes recorded through the HTTP endpoint, and the session's documents.

(a) 1,000 votes recorded with POST /api/v1/sesiones/{id}/votos against one uvicorn process (the
    Comité Coordinador of tests/board_quarter.py: 7 seats with vote, 143 items), each vote a
    transaction of its own, from a few keep-alive connections as the laptops in a room would; in the
    same run a bare Litestar endpoint that parses the same JSON and answers 201 (`bare_vote_app`
    below) — the ratio says what Pleno's checks and the write cost over the framework.
(b) `time_documents`: the convocatoria of a session of a body with 20 members, and the acta of a
    held session with 15 items (targets ≤ 50 ms each), by workflows.board_session.documents.
On a fresh SQLite file, and when --database-url is given also on a fresh PostgreSQL database
`bench_sessions` on that server (created and dropped here).
Usage: python ops/bench/sessions.py [--votes 1000] [--connections 4] [--database-url postgresql://…]
The last line of output is one JSON object with the figures.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "ops" / "bench"))  # after ROOT: ops/bench/engine.py is a benchmark, not the package

import msgspec  # noqa: E402
from litestar import Litestar, post  # noqa: E402

VOTES, CONNECTIONS, REPEATS = 1000, 4, 7
BENCH_DATABASE = "bench_sessions"


# -- the baseline: a bare endpoint taking the same JSON ------------------------------------------

class BareVote(msgspec.Struct):
    punto_id: int
    integrante_id: int
    sentido: str
    voto_particular: str = ""


@post("/api/v1/sesiones/{session_id:int}/votos", status_code=201, sync_to_thread=False)
def bare_vote(session_id: int, data: BareVote) -> dict:
    return {"id": 1, "punto_id": data.punto_id, "integrante_id": data.integrante_id, "sentido": data.sentido,
            "voto_particular": data.voto_particular}


def bare_vote_app() -> Litestar:
    """uvicorn --factory sessions:bare_vote_app"""
    return Litestar([bare_vote])


# -- the data ------------------------------------------------------------------------------------

def populate(url: str, votes: int) -> dict:
    """Demo organization, the quarter's bodies, a CC session with quorum and enough items for `votes`,
    a 20-member body with a convocada session and a held one of 15 items; returns what the runs need."""
    from sqlmodel import SQLModel

    import engine.models  # noqa: F401
    import workflows  # noqa: F401
    from engine.accounts import actor_for, issue_api_token
    from engine.db import make_engine, transaction
    from tests.board_quarter import Item, hold_session, make_boards, open_with_quorum, plan_called
    from workflows.board_session.models import Board, BoardMember, MemberRole, SessionKind
    from workflows.board_session.room import room_seats
    from workflows.board_session.sessions import items_of
    from workflows.demo import seed_demo

    db = make_engine(url)
    SQLModel.metadata.create_all(db)
    with transaction(db) as session:
        demo = seed_demo(session)
        juridico = actor_for(session, demo.users["juridico"])
        token = issue_api_token(session, demo.users["juridico"], "bench")
        cc = make_boards(session, demo)["CC"]
        voting_seats = 7
        count = -(-votes // voting_seats)
        room = plan_called(session, juridico, cc, SessionKind.EXTRAORDINARY, datetime(2021, 6, 11, 10),
                           [Item(f"Asunto {n:03d}", f"Se aprueba el asunto {n:03d}.") for n in range(1, count + 1)])
        open_with_quorum(session, juridico, room)
        seats = [s.member.id for s in room_seats(session, room) if s.member.has_vote]
        items = [i.id for i in items_of(session, room) if i.fixed is None]
        ballots = [(item, seat) for item in items for seat in seats][:votes]

        large = Board(organization_id=demo.organization.id, name="Consejo Consultivo", short_name="CCON",
                      resolution_template="{seq:03d}/CCON/{year}", default_place="Sala de juntas")
        session.add(large)
        session.flush()
        for n in range(20):
            role = MemberRole.PRESIDENTE if n == 0 else MemberRole.INVITADO if n == 19 else MemberRole.VOCAL
            session.add(BoardMember(organization_id=large.organization_id, board_id=large.id,
                                    name=f"Integrante número {n + 1} del Consejo", position=f"Consejería {n + 1}",
                                    email=f"consejo{n + 1}@example.org", role=role,
                                    term_start=datetime(2021, 1, 1).date()))
        session.flush()
        agenda = [Item(f"Punto {n} del orden del día con su título completo",
                       f"Se aprueba el punto {n}." if n % 3 else "") for n in range(1, 11)]
        called = plan_called(session, juridico, large, SessionKind.ORDINARY, datetime(2021, 7, 2, 10), agenda)
        held = hold_session(session, juridico, large, SessionKind.ORDINARY, datetime(2021, 5, 7, 10), agenda)
        held_items = items_of(session, held)
        for item in held_items:
            item.notes = ("Se dio cuenta del punto; intervinieron varias personas integrantes y se tomó nota de sus "
                          "observaciones para el seguimiento. ") * 3
        figures = {"room_id": room.id, "ballots": ballots, "token": token, "called_id": called.id,
                   "held_id": held.id, "held_items": len(held_items)}
    db.dispose()
    return figures


# -- (a) votes through the endpoint --------------------------------------------------------------

async def post_votes(port: int, session_id: int, ballots: list[tuple[int, int]], token: str | None,
                     connections: int) -> dict:
    from inbox import receive, send

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue = iter(ballots)
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    path = f"/api/v1/sesiones/{session_id}/votos"

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for item_id, member_id in queue:
                body = json.dumps({"punto_id": item_id, "integrante_id": member_id, "sentido": "a_favor"}).encode()
                started = time.perf_counter()
                await send(writer, path, headers, "POST", body)
                status, _, _ = await receive(reader)
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"rate": len(latencies) / elapsed, "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000, "votes": len(latencies),
            "errors": sum(n for status, n in statuses.items() if status != 201), "statuses": statuses}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_votes(url: str, folder: str, data: dict, connections: int) -> dict:
    from inbox import start_server

    env = dict(os.environ, PLENO_DATABASE_URL=url, PLENO_DATA_DIR=folder, PLENO_SCHEDULER_IN_WEB="0")
    port = free_port()
    server = start_server(["--factory", "web.app:create_app"], env, port)
    try:
        return asyncio.run(post_votes(port, data["room_id"], data["ballots"], data["token"], connections))
    finally:
        server.terminate()
        server.wait()


def measure_bare(ballots: list, connections: int) -> dict:
    from inbox import start_server

    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "ops" / "bench"))
    server = start_server(["--factory", "sessions:bare_vote_app"], env, port)
    try:
        asyncio.run(post_votes(port, 1, ballots[:50], None, connections))  # warm-up
        return asyncio.run(post_votes(port, 1, ballots, None, connections))
    finally:
        server.terminate()
        server.wait()


# -- (b) documents -------------------------------------------------------------------------------

def time_documents(db, convocatoria_session_id: int, acta_session_id: int) -> dict:
    """Median milliseconds of build_convocatoria and build_acta (workflows.board_session.documents)."""
    from engine.db import reading
    try:
        from workflows.board_session.documents import build_acta, build_convocatoria
    except ImportError as exc:
        return {"missing": f"workflows.board_session.documents no está disponible ({exc})"}
    timings = {}
    for name, build, session_id in (("convocatoria", build_convocatoria, convocatoria_session_id),
                                    ("acta", build_acta, acta_session_id)):
        with reading(db) as session:
            build(session, session_id)  # warm-up: templates, fonts, first queries
            runs = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                content = build(session, session_id)
                runs.append((time.perf_counter() - started) * 1000)
                session.expire_all()  # each run reads the session as a request would
        timings[f"{name}_ms"], timings[f"{name}_bytes"] = statistics.median(runs), len(content)
    return timings


# -- running it on one database ------------------------------------------------------------------

def run_backend(name: str, url: str, folder: str, args) -> dict:
    from engine.db import make_engine

    started = time.perf_counter()
    data = populate(url, args.votes)
    print(f"\n{name}: datos listos en {time.perf_counter() - started:.1f} s")
    figures = {}
    votes = measure_votes(url, folder, data, args.connections)
    print(f"  {votes['votes']} votos por POST /api/v1/sesiones/{{id}}/votos ({args.connections} conexiones): "
          f"{votes['rate']:6.0f} votos/s  p50 {votes['p50_ms']:5.1f} ms  p99 {votes['p99_ms']:5.1f} ms  "
          f"({votes['errors']} errores {votes['statuses']})")
    figures.update({f"{name}_votes_per_s": round(votes["rate"]), f"{name}_vote_p50_ms": round(votes["p50_ms"], 1),
                    f"{name}_vote_p99_ms": round(votes["p99_ms"], 1), f"{name}_vote_errors": votes["errors"]})
    db = make_engine(url)
    try:
        documents = time_documents(db, data["called_id"], data["held_id"])
    finally:
        db.dispose()
    if "missing" in documents:
        print(f"  documentos: no medidos ({documents['missing']})")
        figures[f"{name}_documents"] = documents["missing"]
    else:
        print(f"  convocatoria (órgano de 20 integrantes): {documents['convocatoria_ms']:5.1f} ms (meta ≤ 50 ms; "
              f"{documents['convocatoria_bytes']:,} bytes)")
        print(f"  acta de {data['held_items']} puntos: {documents['acta_ms']:5.1f} ms (meta ≤ 50 ms; "
              f"{documents['acta_bytes']:,} bytes)")
        figures.update({f"{name}_convocatoria_ms": round(documents["convocatoria_ms"], 1),
                        f"{name}_acta_ms": round(documents["acta_ms"], 1)})
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--votes", type=int, default=VOTES)
    parser.add_argument("--connections", type=int, default=CONNECTIONS, help="laptops recording at once")
    parser.add_argument("--database-url", help="postgresql://… server on which to create bench_sessions")
    args = parser.parse_args()
    os.environ.setdefault("PLENO_PASSWORD_HASHING", "cheapest-for-tests")
    figures: dict = {"votes": args.votes, "connections": args.connections}
    with tempfile.TemporaryDirectory() as folder:
        figures.update(run_backend("sqlite", f"sqlite:///{folder}/sessions.db", folder, args))
        if args.database_url:
            from bench_postgres import dedicated_database
            with dedicated_database(args.database_url, BENCH_DATABASE) as url:
                figures.update(run_backend("postgresql", url, folder, args))
    ballots = [(n, n) for n in range(args.votes)]
    bare = measure_bare(ballots, args.connections)
    print(f"\nendpoint Litestar base (mismo JSON, 201): {bare['rate']:6.0f} votos/s  p50 {bare['p50_ms']:5.1f} ms  "
          f"p99 {bare['p99_ms']:5.1f} ms")
    figures.update({"bare_votes_per_s": round(bare["rate"]), "bare_vote_p99_ms": round(bare["p99_ms"], 1)})
    for name in ("sqlite", "postgresql"):
        if f"{name}_votes_per_s" in figures:
            ratio = figures[f"{name}_votes_per_s"] / max(1, figures["bare_votes_per_s"])
            print(f"{name}: relación con el endpoint base {ratio:.2f}")
            figures[f"{name}_vote_ratio"] = round(ratio, 3)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
