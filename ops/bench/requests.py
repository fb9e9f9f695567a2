"""Requests at scale: the list page under load, the statistics page's queries, the import rate.

1,000,000 access and ARCO requests received over ten years, each turned to one of 200 areas, each
with its response deadline (computed with the calendar by the importer's own function; the ones in
course also with the area's internal deadline), are loaded into a fresh SQLite file and, when
--database-url is given, into a fresh PostgreSQL database `bench_requests` on that server (created
and dropped here). On each database:
(a) GET /solicitudes with 32 concurrent keep-alive connections against one uvicorn process (or
    `pleno run --workers N` with --workers N), signed
    in as the Unidad de Transparencia (everything) and as enlaces (their area), beside a bare
    Litestar Jinja page of the same size in the same run (ops/bench/bare_app.py) and the app's
    smallest signed-in fragment (the notification bell: what every request costs before the page);
(b) each public query of workflows.access_request.statistics for last year (the statistics page);
(c) the import of a generated 100,000-row PNT export (CSV) through workflows.access_request.importing,
    then the same file again (every row "ya importada").
Usage: python ops/bench/requests.py [--requests 1000000] [--database-url postgresql://…]
       [--seconds 10] [--connections 32] [--import-rows 100000] [--workers 1] [--skip-sqlite]
The last line of output is one JSON object with the figures.
"""

import argparse
import asyncio
import csv
import importlib
import inspect
import io
import json
import os
import random
import resource
import socket
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from functools import partial
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "ops" / "bench"))  # after ROOT: ops/bench/engine.py is a benchmark, not the package

from sqlalchemy import Boolean, Date, Enum, func  # noqa: E402
from sqlalchemy.types import JSON  # noqa: E402
from sqlmodel import SQLModel, select  # noqa: E402
from sqlmodel.sql.sqltypes import UTCDateTime  # noqa: E402

import engine.models  # noqa: E402,F401
import workflows  # noqa: E402,F401
from engine.accounts import Membership, Role, User, actor_for, hash_password  # noqa: E402
from engine.business_calendar import BusinessCalendar  # noqa: E402
from engine.db import is_sqlite, make_engine, reading, transaction  # noqa: E402
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus  # noqa: E402
from engine.folios import FolioCounter  # noqa: E402
from engine.holiday_lists import holidays_in  # noqa: E402
from engine.rule_sets import Procedure, before_the_first_law, builtin_rule_sets, in_force_on  # noqa: E402
from engine.tenancy import Area, Organization  # noqa: E402
from bench_postgres import dedicated_database  # noqa: E402
from inbox import PASSWORD, bare_size, fetch, load, peak_memory_mb, serving, sign_in, start_server  # noqa: E402
from workflows.access_request.handlers import FOLIO_SERIES  # noqa: E402
from workflows.access_request.importing import begin_import, response_deadline_values, run_import  # noqa: E402
from workflows.access_request.models import (AgeRange, AnswerSense, ImportStatus, RequestChannel,  # noqa: E402
                                             RequesterKind, RequestImport, RequestKind, RequestStatus, RequestTurn,
                                             RequestTurnStatus, Sex, TransparencyRequest)
from workflows.access_request.pnt_export import read_export  # noqa: E402

BENCH_DATABASE = "bench_requests"
AREAS, TRANSPARENCIA_USERS, YEARS = 200, 4, 10
LOAD_BATCH = 20_000
TZ = "America/Mexico_City"
TODAY = datetime.now(ZoneInfo(TZ)).date()
FIRST_DAY = date(TODAY.year - YEARS, TODAY.month, 1)
# Requests received in the last weeks are still in course; older ones were answered or closed.
IN_COURSE_DAYS = 30
INTERNAL_DAYS = 5
TOPICS = ["Obra pública", "Contratos", "Sueldos", "Presupuesto", "Viáticos", "Adquisiciones", "Personal",
          "Auditorías", "Programas sociales", "Seguridad pública", "Transparencia", "Archivo", "Normatividad",
          "Licitaciones", "Padrón de proveedores", "Inventarios", "Vehículos", "Convenios", "Capacitación",
          "Quejas y denuncias"]
STATES = ["Chiapas", "Ciudad de México", "Oaxaca", "Tabasco", "Veracruz", "Jalisco", "Puebla", "Nuevo León"]
OCCUPATIONS = ["Estudiante", "Periodista", "Académica", "Empresario", "Servidora pública", "Abogado", ""]
CLOSED = [(RequestStatus.ANSWERED, 65), (RequestStatus.CONCLUDED, 24), (RequestStatus.APPEALED, 3),
          (RequestStatus.NOT_PRESENTED, 3), (RequestStatus.INCOMPETENT, 5)]
IN_COURSE = [(RequestStatus.REGISTERED, 15), (RequestStatus.PREVENTED, 5), (RequestStatus.TURNED, 55),
             (RequestStatus.IN_COMMITTEE, 10), (RequestStatus.ANSWERING, 15)]
SENSES = [(AnswerSense.ENTREGA_TOTAL, 60), (AnswerSense.ENTREGA_PARCIAL, 10), (AnswerSense.PUBLICA, 12),
          (AnswerSense.INEXISTENCIA, 8), (AnswerSense.RESERVADA, 4), (AnswerSense.CONFIDENCIAL, 3),
          (AnswerSense.INCOMPETENCIA, 3)]
CHANNELS = [(RequestChannel.PNT, 85), (RequestChannel.CORREO, 8), (RequestChannel.PRESENCIAL, 4),
            (RequestChannel.OFICIALIA, 2), (RequestChannel.POSTAL, 1)]


def weighted(pairs):
    """A list to draw from with random.choice, each value repeated by its weight."""
    return [value for value, weight in pairs for _ in range(weight)]


# -- the data ------------------------------------------------------------------------------------

class Terms:
    """Response terms per (rule set, day the term hangs from), computed once: the calendar is the importer's."""

    def __init__(self):
        self.calendar = BusinessCalendar(holidays_for_year=partial(holidays_in, "MX-LFT"), timezone=TZ)
        self.rule_sets = builtin_rule_sets()

    def code_for(self, kind: RequestKind, day: date) -> str:
        if kind == RequestKind.ARCO:
            return "MX-LGPDPPSO"
        return in_force_on("MX-LGTAIP-2025", day)

    def response(self, *, kind, code, folio, received_at, met_at, now) -> dict:
        return response_deadline_values(
            organization_id=1, calendar=self.calendar, rule=self.rule_sets[code].rule("respuesta"),
            rule_set_code=code, procedure=Procedure(kind.value), folio=folio, received_at=received_at,
            met_at=met_at, responsible_user_id=1, now=now)


def generate(count: int, start: int = 0, stop: int | None = None):
    """(deadlines, request, turn) of requests start…stop of `count`, always the same for the same count."""
    terms, now = Terms(), datetime.now(UTC)
    span = (TODAY - timedelta(days=1) - FIRST_DAY).days
    closed, in_course = weighted(CLOSED), weighted(IN_COURSE)
    senses, channels = weighted(SENSES), weighted(CHANNELS)
    sexes, ages = list(Sex), list(AgeRange)
    seqs: dict[tuple[RequestKind, int], int] = {}  # each kind is numbered apart, every year
    next_deadline = count
    tz = ZoneInfo(TZ)
    for i in range(stop if stop is not None else count):
        rng = random.Random(i)
        day = FIRST_DAY + timedelta(days=i * span // count)
        minute = rng.randrange(8 * 60, 19 * 60)
        # ARCO only once the LGPDPPSO took effect (27 January 2017): before it no law gives it terms (the import
        # refuses such a row), and ten years back may reach further.
        arco = rng.random() < 0.1 and before_the_first_law(Procedure.ARCO, day) is None
        kind = RequestKind.ARCO if arco else RequestKind.ACCESO
        seq = seqs[kind, day.year] = seqs.get((kind, day.year), 0) + 1
        if i < start:
            if day >= TODAY - timedelta(days=IN_COURSE_DAYS):
                next_deadline += 1
            continue
        received_at = datetime.combine(day, clock(minute // 60, minute % 60), tzinfo=tz).astimezone(UTC)
        code = terms.code_for(kind, day)
        folio = FOLIO_SERIES[kind].pattern.format(year=day.year, seq=seq)
        recent = day >= TODAY - timedelta(days=IN_COURSE_DAYS)
        status = rng.choice(in_course if recent else closed)
        answered_on = sense = met_at = None
        if status in (RequestStatus.ANSWERED, RequestStatus.CONCLUDED, RequestStatus.APPEALED):
            # Most answers come in time; about one in ten after the twentieth día hábil.
            answered_on = terms.calendar.add_business_days(terms.calendar.received_on(received_at),
                                                           rng.randint(3, 23))
            sense = rng.choice(senses)
            met_at = datetime.combine(answered_on, clock(12), tzinfo=tz).astimezone(UTC)
        deadline = terms.response(kind=kind, code=code, folio=folio, received_at=received_at, met_at=met_at, now=now)
        deadline["id"] = i + 1
        if status in (RequestStatus.NOT_PRESENTED, RequestStatus.INCOMPETENT):
            deadline["status"] = DeadlineStatus.CANCELLED
        elif status == RequestStatus.PREVENTED:
            deadline["status"], deadline["paused_on"] = DeadlineStatus.PAUSED, day + timedelta(days=2)
        elif not met_at:
            deadline["next_alert_on"] = TODAY
        deadlines = [deadline]
        area_id = 1 + rng.randrange(AREAS)
        turn_deadline = None
        if recent:
            next_deadline += 1
            turn_deadline = next_deadline
            internal = dict(deadline, id=turn_deadline, kind=DeadlineKind.TURNADO_INTERNO, rule_key="turnado_interno",
                            title=f"Respuesta del área a la solicitud {folio}", days=INTERNAL_DAYS, parent_id=i + 1,
                            responsible_area_id=area_id, responsible_user_id=None,
                            basis="Política interna: días hábiles de anticipación al vencimiento legal")
            due = max(terms.calendar.subtract_business_days(deadline["due_on"], INTERNAL_DAYS),
                      deadline["counted_from"])
            internal["due_on"] = due
            internal["due_at"] = datetime.combine(due, clock(18), tzinfo=tz).astimezone(UTC)
            deadlines.append(internal)
        request = {
            "id": i + 1, "organization_id": 1, "kind": kind, "folio": folio, "year": day.year, "seq": seq,
            "pnt_folio": f"{330024600000000 + i}", "channel": rng.choice(channels), "correspondence_id": None,
            "received_at": received_at, "description": f"Solicito información sobre {TOPICS[i % len(TOPICS)].lower()} "
                                                        f"del ejercicio {day.year - 1}, expediente {i}.",
            "topic": TOPICS[rng.randrange(len(TOPICS))], "requester_kind": RequesterKind.NOMBRE,
            "requester_name": f"Persona solicitante {i}", "contact": f"persona{i}@example.org",
            "sex": rng.choice(sexes), "age_range": rng.choice(ages), "occupation": rng.choice(OCCUPATIONS),
            "state": rng.choice(STATES), "arco_right": None, "holder_name": "", "representative_name": "",
            "identity_document": "", "identity_verified_at": None, "rule_set_code": code, "status": status,
            "response_deadline_id": i + 1, "answer_sense": sense, "answer_text": "", "answered_on": answered_on,
            "delivery_mode": None, "cost": 0.0, "pages": None, "oficio_file_id": None, "oficio_number": "",
            "public_version_file_id": None,
            "extended": False, "competent_body": "", "instance_id": None, "registered_by": 1, "created_at": now,
            "closed_at": met_at if status == RequestStatus.CONCLUDED else None}
        turn = {"id": i + 1, "organization_id": 1, "request_id": i + 1, "area_id": area_id, "round": 1,
                "instruction": "Buscar y entregar la información", "deadline_id": turn_deadline,
                "status": RequestTurnStatus.ANSWERED if answered_on else RequestTurnStatus.PENDING,
                "sense": sense, "answer": "", "file_ids": [], "answered_by": None,
                "answered_at": met_at, "turned_at": received_at, "created_at": now}
        yield deadlines, request, turn


def storage_form(table, sqlite: bool):
    """A function turning a row dict into what the driver is given (SQLite) or a COPY text line (PostgreSQL)."""
    converters = []
    for column in table.columns:
        kind = column.type
        if isinstance(kind, Enum):
            convert = lambda v: v.name  # noqa: E731  (SQLAlchemy stores enum members by name)
        elif isinstance(kind, UTCDateTime):
            convert = (lambda v: v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")) if sqlite else datetime.isoformat
        elif isinstance(kind, Date):
            convert = date.isoformat
        elif isinstance(kind, Boolean):
            convert = int if sqlite else (lambda v: "t" if v else "f")
        elif isinstance(kind, JSON):
            convert = json.dumps
        elif sqlite:
            convert = None
        else:
            convert = lambda v: str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")  # noqa: E731
        converters.append((column.name, convert))
    if sqlite:
        return lambda row: tuple(None if row[name] is None else (f(row[name]) if f else row[name])
                                 for name, f in converters)
    return lambda row: "\t".join("\\N" if row[name] is None else f(row[name]) for name, f in converters) + "\n"


def write(db, table, rows: list[dict]) -> None:
    if not rows:
        return
    sqlite = is_sqlite(db)
    form = storage_form(table, sqlite)
    names = [column.name for column in table.columns]
    if sqlite:
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        with db.begin() as connection:
            connection.exec_driver_sql(sql, [form(row) for row in rows])
        return
    raw = db.raw_connection()
    try:
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            copy.write("".join(form(row) for row in rows))
        raw.commit()
    finally:
        raw.close()


def prepare_schema(db) -> None:
    SQLModel.metadata.drop_all(db)
    SQLModel.metadata.create_all(db)
    now = datetime.now(UTC)
    with transaction(db) as session:
        session.add(Organization(id=1, slug="bench", name="Ente de prueba", short_name="EP"))
        session.flush()
        session.execute(Area.__table__.insert(), [{"id": a + 1, "organization_id": 1, "code": f"A{a + 1:03d}",
                                                   "name": f"Dirección de área {a + 1}", "head_name": "",
                                                   "active": True} for a in range(AREAS)])
        password = hash_password(PASSWORD)
        people = [("ut", n + 1, Role.TRANSPARENCIA, None) for n in range(TRANSPARENCIA_USERS)] + \
                 [("enlace", a + 1, Role.ENLACE, a + 1) for a in range(AREAS)]
        session.execute(User.__table__.insert(), [
            {"id": u + 1, "organization_id": 1, "username": f"{prefix}{n}", "full_name": f"{prefix} {n}",
             "email": f"{prefix}{n}@example.org", "password_hash": password, "active": True, "created_at": now}
            for u, (prefix, n, _, _) in enumerate(people)])
        session.execute(Membership.__table__.insert(), [
            {"organization_id": 1, "user_id": u + 1, "role": role, "area_id": area}
            for u, (_, _, role, area) in enumerate(people)])


def populate(db, count: int) -> tuple[float, float]:
    """Load `count` requests without the secondary indexes, then build them; (load s, index s)."""
    started = time.perf_counter()
    prepare_schema(db)
    tables = [Deadline.__table__, TransparencyRequest.__table__, RequestTurn.__table__]
    indexes = [index for table in tables for index in table.indexes]
    with db.begin() as connection:
        for index in indexes:
            index.drop(connection)
    rows = generate(count)
    while batch := list(islice(rows, LOAD_BATCH)):
        write(db, Deadline.__table__, [deadline for deadlines, _, _ in batch for deadline in deadlines])
        write(db, TransparencyRequest.__table__, [request for _, request, _ in batch])
        write(db, RequestTurn.__table__, [turn for _, _, turn in batch])
    with transaction(db) as session:
        years = session.exec(select(TransparencyRequest.kind, TransparencyRequest.year,
                                    func.max(TransparencyRequest.seq))
                             .group_by(TransparencyRequest.kind, TransparencyRequest.year)).all()
        session.execute(FolioCounter.__table__.insert(), [
            {"organization_id": 1, "series": FOLIO_SERIES[kind].series, "year": year, "last": last}
            for kind, year, last in years])
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with db.begin() as connection:
        for index in indexes:
            index.create(connection)
        if is_sqlite(db):
            connection.exec_driver_sql("ANALYZE")
        else:
            for table in tables:
                connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                           f"(SELECT max(id) FROM {table.name}))")
    if not is_sqlite(db):
        # What autovacuum does soon after a bulk load on a server: statistics, and the visibility map
        # without which every index-only scan (the list's count) still reads the table.
        with db.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in tables:
                connection.exec_driver_sql(f"VACUUM ANALYZE {table.name}")
    check_loaded(db, count)
    return load_seconds, time.perf_counter() - started


def check_loaded(db, count: int) -> None:
    """What was loaded reads back through the ORM as the rows it stands for."""
    _, expected, _ = next(generate(count, start=count - 1))
    with reading(db) as session:
        last = session.get(TransparencyRequest, count)
        deadline = session.get(Deadline, last.response_deadline_id)
        total = session.exec(select(func.count()).select_from(TransparencyRequest)).one()
    if (total, last.folio, last.kind, last.status, last.received_at) != (
            count, expected["folio"], expected["kind"], expected["status"], expected["received_at"]) \
            or deadline.subject_id != last.folio:
        raise SystemExit(f"las solicitudes cargadas no se leen como se escribieron: {last}")


# -- (a) the list page ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_list(url: str, folder: str, seconds: float, connections: int, workers: int) -> dict:
    env = {"PLENO_DATABASE_URL": url, "PLENO_DATA_DIR": folder, "PLENO_SCHEDULER_IN_WEB": "0"}
    port = free_port()
    if workers > 1:  # as production runs it: `pleno run --workers N`, a socket per process
        server = serving([sys.executable, "-m", "web.cli", "run", "--workers", str(workers), "--port", str(port)],
                         dict(os.environ, **env), port, "/login")
    else:
        server = start_server(["--factory", "web.app:create_app"], dict(os.environ, **env), port)
    try:
        first = asyncio.run(sign_in(port, "ut1"))
        status, _, _ = asyncio.run(fetch(port, "/solicitudes", {"Cookie": first}))
        if status != 200:
            return {"missing": f"GET /solicitudes respondió {status}"}
        results = {}
        pages = (("transparencia", "/solicitudes", [f"ut{n}" for n in range(1, TRANSPARENCIA_USERS + 1)]),
                 ("enlaces", "/solicitudes", [f"enlace{a}" for a in range(1, 200, 25)]),
                 # What any signed-in request costs in this app (session, person, one count): the floor.
                 ("campana", "/notificaciones/campana", [f"ut{n}" for n in range(1, TRANSPARENCIA_USERS + 1)]))
        for who, path, usernames in pages:
            sessions = [asyncio.run(sign_in(port, name)) for name in usernames]
            asyncio.run(load(port, path, sessions, 4, 1))  # warm-up
            results[who] = asyncio.run(load(port, path, sessions, connections, seconds))
        results["memory_mb"] = peak_memory_mb(server.pid)
        return results
    finally:
        server.terminate()
        server.wait()


def measure_bare(size: int, seconds: float, connections: int) -> dict:
    port = free_port()
    env = dict(os.environ, BARE_PADDING=str(max(0, size - bare_size())), PYTHONPATH=str(ROOT / "ops" / "bench"))
    server = start_server(["bare_app:app"], env, port)
    try:
        asyncio.run(load(port, "/", [], 4, 1))
        return asyncio.run(load(port, "/", [], connections, seconds))
    finally:
        server.terminate()
        server.wait()


# -- (b) the statistics page's queries -----------------------------------------------------------

PAGE_FUNCTION = "statistics_for"

def measure_statistics(db, year: int) -> dict[str, float] | str:
    """Median milliseconds of three runs of each public query of the statistics module, for one year."""
    try:
        module = importlib.import_module("workflows.access_request.statistics")
    except ImportError as exc:
        return f"workflows.access_request.statistics no está disponible ({exc})"
    period = module.Period.of_year(year)
    timings = {}
    with reading(db) as session:
        organization = session.get(Organization, 1)
        given = {"session": session, "organization": organization, "period": period}
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            parameters = inspect.signature(function).parameters.values()
            needed = [p.name for p in parameters if p.default is inspect.Parameter.empty]
            if "session" not in needed or not set(needed) <= set(given):
                continue  # not a query (a helper of the page that takes other values)
            arguments = {p: given[p] for p in needed}
            function(**arguments)
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                function(**arguments)
                runs.append((time.perf_counter() - started) * 1000)
            timings[name] = statistics.median(runs)
    return timings


# -- (c) the import ------------------------------------------------------------------------------

def export_csv(rows: int) -> bytes:
    """A PNT export of `rows` requests of the last two years, answered but for one in a thousand."""
    rng = random.Random(20261126)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Folio", "Fecha de recepción", "Tipo de solicitud", "Medio de entrada", "Descripción",
                     "Tema", "Sexo", "Edad", "Ocupación", "Estado", "Respuesta", "Fecha de respuesta",
                     "Derecho", "Titular", "Documento de identidad"])
    senses = ["Entrega de información en medio electrónico", "Entrega parcial",
              "La información está disponible públicamente", "Inexistencia de la información solicitada",
              "Negativa por ser reservada o confidencial", "No es de competencia de la unidad de enlace"]
    for n in range(rows):
        opened = n % 1000 == 999
        received = TODAY - timedelta(days=rng.randint(1, 10) if opened else rng.randint(40, 730))
        answered = "" if opened else (received + timedelta(days=rng.randint(5, 35))).strftime("%d/%m/%Y")
        moment = f"{received:%d/%m/%Y} {rng.randint(8, 19):02d}:{rng.randint(0, 59):02d}"
        arco = n % 10 == 0  # with what an ARCO request needs, or the import refuses it
        writer.writerow([f"{340024600000000 + n}", moment,
                         "Datos personales" if arco else "Acceso a la información",
                         "Sistema de solicitudes de información", f"Solicito copia del documento número {n} "
                         f"y de sus anexos.", TOPICS[n % len(TOPICS)], rng.choice(["Mujer", "Hombre", ""]),
                         str(rng.randint(18, 80)), rng.choice(OCCUPATIONS), rng.choice(STATES),
                         "" if opened else rng.choice(senses), answered,
                         *(["Acceso", f"Titular {n}", "Credencial para votar"] if arco else ["", "", ""])])
    return buffer.getvalue().encode("cp1252")


def measure_import(db, rows: int) -> dict:
    content = export_csv(rows)
    with reading(db) as session:
        actor = actor_for(session, session.exec(select(User).where(User.username == "ut1")).one())
    figures = {}
    for attempt in ("first", "again"):
        started = time.perf_counter()
        export = read_export("exportacion-pnt.csv", content)
        with transaction(db) as session:
            import_id = begin_import(session, actor, export.filename).id
        run_import(db, actor, import_id, export)
        elapsed = time.perf_counter() - started
        with reading(db) as session:
            done = session.get(RequestImport, import_id)
        if done.status != ImportStatus.DONE or done.processed_rows != rows:
            raise SystemExit(f"la importación no terminó: {done.status} {done.processed_rows}/{rows} {done.errors[:3]}")
        figures[attempt] = {"seconds": elapsed, "rows_per_s": rows / elapsed, "created": done.created_rows,
                            "skipped": done.skipped_rows, "open": sum(1 for n in range(rows) if n % 1000 == 999)}
    return figures


# -- running it on one database ------------------------------------------------------------------

def run_backend(name: str, url: str, folder: str, args) -> dict:
    db = make_engine(url)
    try:
        load_s, index_s = populate(db, args.requests)
        print(f"\n{name}: {args.requests:,} solicitudes en {YEARS} años, {AREAS} áreas, un turno y su plazo cada una, "
              f"cargadas en {load_s:.1f} s (índices {index_s:.1f} s)")
        figures = {f"{name}_load_s": round(load_s, 1)}
        listing = measure_list(url, folder, args.seconds, args.connections, args.workers)
        if "missing" in listing:
            print(f"  lista de solicitudes: no medida ({listing['missing']})")
        else:
            for who in ("transparencia", "enlaces"):
                result = listing[who]
                print(f"  GET /solicitudes ({who}): {result['rps']:6.0f} req/s  p50 {result['p50_ms']:5.1f} ms  "
                      f"p99 {result['p99_ms']:5.1f} ms (meta p99 < 100 ms)  ({result['bytes']} bytes, "
                      f"{result['errors']} errores)")
                figures.update({f"{name}_list_{who}_rps": round(result["rps"]),
                                f"{name}_list_{who}_p50_ms": round(result["p50_ms"], 1),
                                f"{name}_list_{who}_p99_ms": round(result["p99_ms"], 1),
                                f"{name}_list_{who}_errors": result["errors"]})
            floor = listing["campana"]
            print(f"  piso de la aplicación, GET /notificaciones/campana ({floor['bytes']} bytes): "
                  f"{floor['rps']:6.0f} req/s  p50 {floor['p50_ms']:5.1f} ms  p99 {floor['p99_ms']:5.1f} ms")
            figures.update({f"{name}_floor_rps": round(floor["rps"]),
                            f"{name}_floor_p99_ms": round(floor["p99_ms"], 1)})
            print(f"  memoria pico de {'los procesos web' if args.workers > 1 else 'el proceso web'}: "
                  f"{listing['memory_mb']:.0f} MB")
            figures[f"{name}_list_bytes"] = listing["transparencia"]["bytes"]
            figures[f"{name}_web_memory_mb"] = round(listing["memory_mb"])
        year = TODAY.year - 1
        timings = measure_statistics(db, year)
        if isinstance(timings, str):
            print(f"  estadísticas: no medidas ({timings})")
        else:
            target = " (meta < 300 ms en PostgreSQL)" if name == "postgresql" else ""
            # statistics_for is the whole page (every query once), not one more query.
            page_ms = timings.pop(PAGE_FUNCTION, None)
            print(f"  estadísticas de {year} ({args.requests // YEARS:,} solicitudes aprox.), cada consulta{target}:")
            for function, ms in sorted(timings.items(), key=lambda item: -item[1]):
                print(f"    {function:28} {ms:8.1f} ms")
            if page_ms is not None:
                print(f"    la página entera ({PAGE_FUNCTION}): {page_ms:.1f} ms")
            figures[f"{name}_statistics_ms"] = {function: round(ms, 1) for function, ms in timings.items()}
            figures[f"{name}_statistics_max_ms"] = round(max(timings.values()), 1) if timings else None
            figures[f"{name}_statistics_page_ms"] = round(page_ms, 1) if page_ms is not None else None
        imported = measure_import(db, args.import_rows)
        first, again = imported["first"], imported["again"]
        print(f"  importación de un CSV de {args.import_rows:,} filas ({first['open']} en trámite, por el proceso): "
              f"{first['seconds']:.1f} s = {first['rows_per_s']:,.0f} filas/s (meta ≥ 2,000 filas/s); "
              f"{first['created']:,} creadas")
        print(f"  el mismo archivo otra vez: {again['seconds']:.1f} s = {again['rows_per_s']:,.0f} filas/s; "
              f"{again['created']} creadas, {again['skipped']:,} ya importadas")
        figures.update({f"{name}_import_rows_per_s": round(first["rows_per_s"]),
                        f"{name}_import_s": round(first["seconds"], 1), f"{name}_import_created": first["created"],
                        f"{name}_reimport_rows_per_s": round(again["rows_per_s"]),
                        f"{name}_reimport_created": again["created"]})
        return figures
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1_000_000, help="requests to load")
    parser.add_argument("--database-url", help="postgresql://… server on which to create bench_requests")
    parser.add_argument("--seconds", type=float, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows of the generated PNT export")
    parser.add_argument("--skip-sqlite", action="store_true", help="only PostgreSQL (needs --database-url)")
    parser.add_argument("--workers", type=int, default=1, help="web processes of Pleno (the bare page keeps one)")
    args = parser.parse_args()
    figures: dict = {"requests": args.requests, "workers": args.workers}
    with tempfile.TemporaryDirectory() as folder:
        if not args.skip_sqlite:
            figures.update(run_backend("sqlite", f"sqlite:///{folder}/requests.db", folder, args))
        if args.database_url:
            with dedicated_database(args.database_url, BENCH_DATABASE) as url:
                figures.update(run_backend("postgresql", url, folder, args))
        size = next((figures[k] for k in ("sqlite_list_bytes", "postgresql_list_bytes") if k in figures), None)
        if size:
            bare = measure_bare(size, args.seconds, args.connections)
            print(f"\npágina Jinja base del mismo tamaño: {bare['rps']:6.0f} req/s  p50 {bare['p50_ms']:5.1f} ms  "
                  f"p99 {bare['p99_ms']:5.1f} ms  ({bare['bytes']} bytes)")
            figures.update({"bare_rps": round(bare["rps"]), "bare_p99_ms": round(bare["p99_ms"], 1)})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memoria pico de este proceso: {peak:.0f} MB")
    figures["peak_memory_mb"] = round(peak)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
