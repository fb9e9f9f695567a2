"""Deadlines at scale: días hábiles per second, the daily sweep over 1M open deadlines, e-mail out.

(a) `BusinessCalendar.add` over random starts on a warmed calendar, beside a naive day-by-day
    loop in the same run (the ratio says what the sorted list of días hábiles buys);
(b) 1,000,000 open deadlines (about 1% with an alert due today) on SQLite, and on PostgreSQL when
    --database-url is given (the bench creates and drops its own database, `bench_deadlines`, on
    that server): the sweep's indexed query (EXPLAIN must show ix_deadline_sweep) and the enqueue
    rate of engine.alerts.sweep_once;
(c) delivery of the outbox those alerts wrote to a local aiosmtpd server (engine.outbox.deliver_once);
(d) the peak memory of this process.
Usage: python ops/bench/deadlines.py [--deadlines 1000000] [--database-url postgresql://…]
The last line of output is one JSON object with the figures.
"""

import argparse
import json
import random
import resource
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from functools import partial
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "ops" / "bench"))  # after ROOT: ops/bench/engine.py is a benchmark, not the package

from sqlalchemy import func, insert  # noqa: E402
from sqlmodel import SQLModel, select  # noqa: E402

import engine.models  # noqa: E402,F401
import workflows  # noqa: E402,F401
from engine.accounts import Membership, Role, User  # noqa: E402
from engine.alerts import sweep_horizon, sweep_once  # noqa: E402
from engine.business_calendar import BusinessCalendar, Closure  # noqa: E402
from engine.db import is_sqlite, make_engine, reading, transaction  # noqa: E402
from engine.deadlines import LIVE_STATUSES, Deadline, DeadlineStatus  # noqa: E402
from engine.holiday_lists import holidays_in  # noqa: E402
from engine.outbox import OutboxMessage, OutboxStatus, deliver_once  # noqa: E402
from engine.settings import Settings  # noqa: E402
from engine.tenancy import Area, Organization  # noqa: E402
from bench_postgres import dedicated_database  # noqa: E402

MX = ZoneInfo("America/Mexico_City")
# A fixed Wednesday morning in Mexico City, so every run sweeps the same rows.
NOW = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)
TODAY = NOW.astimezone(MX).date()
BENCH_DATABASE = "bench_deadlines"
USERS, AREAS = 200, 20
LOAD_BATCH = 20_000


# -- (a) días hábiles per second -----------------------------------------------------------------

def declared_closures() -> tuple[Closure, ...]:
    """What an organization typically declares each year: Holy Thursday and Friday, 2 Nov, 12 Dec."""
    holy_thursdays = {2024: date(2024, 3, 28), 2025: date(2025, 4, 17), 2026: date(2026, 4, 2),
                      2027: date(2027, 3, 25), 2028: date(2028, 4, 13)}
    closures = []
    for year, thursday in holy_thursdays.items():
        closures.append(Closure(thursday, thursday + timedelta(days=1), f"Jueves y Viernes Santo — Acuerdo CT/01/{year}"))
        closures.append(Closure(date(year, 11, 2), date(year, 11, 2), f"Día de Muertos — Acuerdo CT/01/{year}"))
        closures.append(Closure(date(year, 12, 12), date(year, 12, 12), f"Día de la Virgen de Guadalupe — Acuerdo CT/01/{year}"))
    return tuple(closures)


def naive_add(start: date, amount: int, closures: tuple[Closure, ...], weekend=frozenset({5, 6})) -> date:
    """The straightforward way: walk day by day, asking each day whether it is hábil."""
    day, counted = start, 0
    while counted < amount:
        day += timedelta(days=1)
        if day.weekday() in weekend or day in holidays_in("MX-LFT", day.year):
            continue
        if any(closure.first <= day <= closure.last for closure in closures):
            continue
        counted += 1
    return day


def rate(function, cases: list, seconds: float) -> float:
    """Computations per second: the median of five slices of the given time."""
    rates = []
    for _ in range(5):
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds / 5:
            for start, amount in cases[count % len(cases):count % len(cases) + 1000]:
                function(start, amount)
            count += 1000
        rates.append(count / (time.perf_counter() - started))
    return statistics.median(rates)


def measure_calendar(seconds: float) -> dict:
    closures = declared_closures()
    calendar = BusinessCalendar(holidays_for_year=partial(holidays_in, "MX-LFT"), closures=closures)
    calendar.is_business_day(date(2023, 1, 1))
    calendar.is_business_day(date(2029, 12, 31))
    generator = random.Random(20260610)
    cases = [(date(2024, 1, 1) + timedelta(days=generator.randrange(5 * 365)), generator.randint(1, 30))
             for _ in range(100_000)]
    for start, amount in cases[:2000]:
        if calendar.add(start, amount).due != naive_add(start, amount, closures):
            raise SystemExit(f"el cálculo ingenuo y el calendario difieren en {start} + {amount}")
    term = rate(calendar.add, cases, seconds)
    bisect_only = rate(calendar.add_business_days, cases, seconds)
    naive = rate(partial(naive_add, closures=closures), cases, seconds)
    print(f"calendar.add (vencimiento y días omitidos): {term:10,.0f}/s  (meta ≥ 100,000/s)")
    print(f"calendar.add_business_days (solo la fecha): {bisect_only:10,.0f}/s")
    print(f"recorrido ingenuo día por día:              {naive:10,.0f}/s  "
          f"relación add/ingenuo {term / naive:.1f}×, add_business_days/ingenuo {bisect_only / naive:.1f}×")
    return {"calendar_add_per_s": round(term), "calendar_add_business_days_per_s": round(bisect_only),
            "naive_per_s": round(naive), "add_to_naive_ratio": round(term / naive, 1)}


# -- (b) 1M open deadlines -----------------------------------------------------------------------

COLUMNS = ("organization_id", "subject_type", "subject_id", "title", "kind", "procedure", "rule_set_code",
           "rule_key", "days", "unit", "basis", "extension_days", "anchored_at", "starts_after", "counted_from",
           "due_on", "due_at", "status", "responsible_user_id", "responsible_area_id", "next_alert_on",
           "created_at", "updated_at")


def deadline_rows(count: int, calendar: BusinessCalendar, day=lambda value: value, stamp=lambda value: value):
    """Open deadlines; one in a hundred has an alert due today (a few of them left from earlier days).

    Of those due today, seven in ten are before their due day (alerts 5, 3, 1 días hábiles before,
    or the due day itself) and three in ten are overdue, so the sweep also marks them missed.
    `day` and `stamp` turn dates and moments into what the database driver is given.
    """
    ahead = [calendar.add_business_days(TODAY, n) for n in (0, 1, 3, 5)]
    behind = [calendar.subtract_business_days(TODAY, n) for n in (1, 2, 3)]
    now = stamp(NOW)
    for i in range(count):
        if i % 100 == 0:
            variant = (i // 100) % 10
            due = ahead[variant % 4] if variant < 7 else behind[variant - 7]
            next_alert = TODAY - timedelta(days=2) if variant == 6 else TODAY
        else:
            next_alert = TODAY + timedelta(days=1 + i % 300)
            due = next_alert + timedelta(days=7)
        starts = due - timedelta(days=28)
        yield (1, "solicitud", str(i + 1), f"Respuesta a la solicitud {i + 1:07d}/2026", "RESPUESTA", "ACCESO",
               "MX-LGTAIP-2025", "respuesta", 20, "BUSINESS_DAYS", "LGTAIP 2025, art. 134", 0,
               stamp(datetime(starts.year, starts.month, starts.day, 16, tzinfo=UTC)), day(starts),
               day(starts + timedelta(days=1)), day(due),
               stamp(datetime(due.year, due.month, due.day, 18, tzinfo=MX)), "OPEN",
               1 + i % USERS, 1 + i % AREAS, day(next_alert), now, now)


def sqlite_stamp(moment: datetime) -> str:
    """A moment as SQLAlchemy stores it in SQLite (UTC, microseconds, no offset)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def prepare_schema(db) -> None:
    SQLModel.metadata.drop_all(db)
    SQLModel.metadata.create_all(db)
    now = NOW
    with transaction(db) as session:
        session.add(Organization(id=1, slug="bench", name="Ente de prueba", short_name="EP"))
        session.flush()
        session.execute(insert(Area), [{"id": a + 1, "organization_id": 1, "code": f"A{a + 1}",
                                        "name": f"Dirección de área {a + 1}", "head_name": "", "active": True}
                                       for a in range(AREAS)])
        # Responsible people, one enlace per area and one Unidad de Transparencia: three recipients
        # for each alert, as the default policy says (responsable, enlace, transparencia).
        people = [{"id": u + 1, "organization_id": 1, "username": f"persona{u + 1}", "full_name": f"Persona {u + 1}",
                   "email": f"persona{u + 1}@example.org", "password_hash": "x", "active": True, "created_at": now}
                  for u in range(USERS + AREAS + 1)]
        session.execute(insert(User), people)
        session.execute(insert(Membership), [{"organization_id": 1, "user_id": USERS + a + 1, "role": Role.ENLACE,
                                              "area_id": a + 1} for a in range(AREAS)]
                        + [{"organization_id": 1, "user_id": USERS + AREAS + 1, "role": Role.TRANSPARENCIA,
                            "area_id": None}])


def load_deadlines(db, count: int) -> float:
    """Bulk load without the indexes, then build them; returns the seconds the index build took."""
    calendar = BusinessCalendar(holidays_for_year=partial(holidays_in, "MX-LFT"))
    indexes = list(Deadline.__table__.indexes)
    with db.begin() as connection:
        for index in indexes:
            index.drop(connection)
    if is_sqlite(db):
        # The driver's executemany, given values already in SQLite's storage form: Core's per-row
        # type processing would take most of a minute for a million rows.
        sql = str(insert(Deadline.__table__).compile(dialect=db.dialect, column_keys=list(COLUMNS)))
        rows = deadline_rows(count, calendar, day=date.isoformat, stamp=sqlite_stamp)
        with db.begin() as connection:
            while batch := list(islice(rows, LOAD_BATCH)):
                connection.exec_driver_sql(sql, batch)
    else:
        # COPY in its text form, a batch of lines at a time (no value here holds a tab or a newline).
        rows = deadline_rows(count, calendar, day=date.isoformat, stamp=datetime.isoformat)
        raw = db.raw_connection()
        try:
            with raw.cursor() as cursor, cursor.copy(f"COPY deadline ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                while batch := list(islice(rows, LOAD_BATCH)):
                    copy.write("".join("\t".join(str(value) for value in row) + "\n" for row in batch))
            raw.commit()
        finally:
            raw.close()
    # What was loaded reads back through the ORM as the rows it stands for.
    expected = dict(zip(COLUMNS, next(deadline_rows(1, calendar))))
    with reading(db) as session:
        first = session.exec(select(Deadline).order_by(Deadline.id).limit(1)).one()
    if (first.due_at, first.next_alert_on, first.status) != (expected["due_at"], expected["next_alert_on"],
                                                             DeadlineStatus.OPEN):
        raise SystemExit(f"los plazos cargados no se leen como se escribieron: {first}")
    started = time.perf_counter()
    with db.begin() as connection:
        for index in indexes:
            index.create(connection)
        connection.exec_driver_sql("ANALYZE" if is_sqlite(db) else "ANALYZE deadline")
    return time.perf_counter() - started


def due_query(horizon: date, limit: int | None = None):
    """The sweep's query (as engine.alerts.sweep_once builds it)."""
    query = select(Deadline.id).where(Deadline.next_alert_on <= horizon, Deadline.status.in_(LIVE_STATUSES)) \
        .order_by(Deadline.next_alert_on, Deadline.id)
    return query.limit(limit) if limit else query


def explain(db, query) -> str:
    sql = str(query.compile(dialect=db.dialect, compile_kwargs={"literal_binds": True}))
    with db.connect() as connection:
        rows = connection.exec_driver_sql(("EXPLAIN QUERY PLAN " if is_sqlite(db) else "EXPLAIN ") + sql).all()
    return "\n".join(str(row[-1] if is_sqlite(db) else row[0]) for row in rows)


def timed_query(db, query) -> tuple[int, float]:
    """Rows found and the median milliseconds of five runs."""
    times, found = [], 0
    for _ in range(5):
        with reading(db) as session:
            started = time.perf_counter()
            found = len(session.exec(query).all())
            times.append((time.perf_counter() - started) * 1000)
    return found, statistics.median(times)


def count_due(db, horizon: date) -> int:
    with reading(db) as session:
        return session.exec(select(func.count()).select_from(Deadline).where(
            Deadline.next_alert_on <= horizon, Deadline.status.in_(LIVE_STATUSES))).one()


def measure_sweep(db, count: int, sweep_cap: int, sweep_seconds: float) -> dict:
    started = time.perf_counter()
    prepare_schema(db)
    index_seconds = load_deadlines(db, count)
    load_seconds = time.perf_counter() - started
    with reading(db) as session:
        horizon = sweep_horizon(session, NOW)
    plan = explain(db, due_query(horizon, 500))
    uses_index = all("ix_deadline_sweep" in text for text in (plan, explain(db, due_query(horizon))))
    due, query_ms = timed_query(db, due_query(horizon))
    _, batch_ms = timed_query(db, due_query(horizon, 500))
    started = time.perf_counter()
    handled = alerts = 0
    while handled < sweep_cap and time.perf_counter() - started < sweep_seconds:
        result = sweep_once(db, NOW)
        if result.deadlines == 0:
            break
        handled, alerts = handled + result.deadlines, alerts + result.alerts
    sweep_elapsed = time.perf_counter() - started
    left = count_due(db, horizon)
    with reading(db) as session:
        queued = session.exec(select(func.count()).select_from(OutboxMessage)).one()
    return {"load_s": load_seconds, "index_s": index_seconds, "plan": plan, "uses_index": uses_index, "due": due,
            "query_ms": query_ms, "batch_ms": batch_ms, "handled": handled, "alerts": alerts, "left": left,
            "queued": queued, "sweep_s": sweep_elapsed, "alerts_per_s": alerts / sweep_elapsed,
            "deadlines_per_s": handled / sweep_elapsed}


# -- (c) the outbox to a local SMTP server -------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp(port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                                "-c", "aiosmtpd.handlers.Sink"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("el servidor SMTP de prueba no arrancó")


def smtp_ceiling(port: int, seconds: float = 3.0) -> float:
    """Messages per second the local server takes from one client sending one prepared message."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "avisos@pleno.local", "persona@example.org", "Aviso"
    message.set_content("Cuerpo del aviso de plazo.\n" * 20)
    count, started = 0, time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as connection:
        while time.perf_counter() - started < seconds:
            connection.send_message(message)
            count += 1
    return count / (time.perf_counter() - started)


def measure_delivery(db, folder: str, port: int, seconds: float) -> dict:
    settings = Settings(mail_backend="smtp", smtp_host="127.0.0.1", smtp_port=port, data_dir=Path(folder))
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if not deliver_once(db, settings):
            break
    elapsed = time.perf_counter() - started
    with reading(db) as session:
        by_status = dict(session.exec(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    sent = by_status.get(OutboxStatus.SENT, 0)
    return {"sent": sent, "failed": by_status.get(OutboxStatus.FAILED, 0),
            "pending": by_status.get(OutboxStatus.PENDING, 0), "deliver_s": elapsed, "sent_per_s": sent / elapsed}


# -- running it on one database ------------------------------------------------------------------

def run_backend(name: str, url: str, folder: str, port: int, ceiling: float, args) -> dict:
    db = make_engine(url)
    try:
        sweep = measure_sweep(db, args.deadlines, args.sweep_cap, args.sweep_seconds)
        delivery = measure_delivery(db, folder, port, args.deliver_seconds)
    finally:
        db.dispose()
    print(f"\n{name}: {args.deadlines:,} plazos abiertos cargados en {sweep['load_s']:.1f} s "
          f"(índices {sweep['index_s']:.1f} s)")
    print(f"  plan de la consulta del barrido ({'usa' if sweep['uses_index'] else 'NO usa'} ix_deadline_sweep):")
    for line in sweep["plan"].splitlines():
        print(f"    {line}")
    print(f"  consulta de los {sweep['due']:,} vencidos hoy: {sweep['query_ms']:.1f} ms (meta < 1000 ms); "
          f"primer lote de 500: {sweep['batch_ms']:.1f} ms")
    capped = (f"; tope alcanzado, quedan {sweep['left']:,} (a este ritmo todos tomarían "
              f"{sweep['due'] / sweep['deadlines_per_s']:.0f} s)") if sweep["left"] else ""
    print(f"  barrido: {sweep['handled']:,} plazos, {sweep['alerts']:,} avisos en {sweep['sweep_s']:.1f} s = "
          f"{sweep['alerts_per_s']:,.0f} avisos/s ({sweep['deadlines_per_s']:,.0f} plazos/s){capped}")
    print(f"  salida de correo a aiosmtpd: {delivery['sent']:,} enviados en {delivery['deliver_s']:.1f} s = "
          f"{delivery['sent_per_s']:,.0f}/s (meta ≥ 200/s; {delivery['sent_per_s'] / ceiling:.2f} del tope del "
          f"servidor); {delivery['failed']} fallidos, "
          f"{delivery['pending']:,} pendientes de {sweep['queued']:,} en la bandeja")
    if not sweep["uses_index"]:
        print("  ATENCIÓN: la consulta del barrido no usa el índice ix_deadline_sweep")
    return {f"{name}_load_s": round(sweep["load_s"], 1), f"{name}_query_ms": round(sweep["query_ms"], 1),
            f"{name}_batch_query_ms": round(sweep["batch_ms"], 1), f"{name}_uses_index": sweep["uses_index"],
            f"{name}_due": sweep["due"], f"{name}_swept": sweep["handled"], f"{name}_sweep_left": sweep["left"],
            f"{name}_alerts_per_s": round(sweep["alerts_per_s"]), f"{name}_deadlines_per_s": round(sweep["deadlines_per_s"]),
            f"{name}_sent": delivery["sent"], f"{name}_sent_per_s": round(delivery["sent_per_s"]),
            f"{name}_failed": delivery["failed"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deadlines", type=int, default=1_000_000, help="open deadlines to load")
    parser.add_argument("--database-url", help="postgresql://… server on which to create bench_deadlines")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per calendar measurement")
    parser.add_argument("--sweep-cap", type=int, default=3000, help="at most this many deadlines swept")
    parser.add_argument("--sweep-seconds", type=float, default=45.0, help="stop sweeping after this long")
    parser.add_argument("--deliver-seconds", type=float, default=15.0, help="stop delivering after this long")
    args = parser.parse_args()

    figures = measure_calendar(args.seconds)
    port = free_port()
    smtp = start_smtp(port)
    try:
        ceiling = smtp_ceiling(port)
        print(f"servidor SMTP local (aiosmtpd), un cliente smtplib con un mensaje preparado: {ceiling:,.0f}/s")
        figures["smtp_ceiling_per_s"] = round(ceiling)
        with tempfile.TemporaryDirectory() as folder:
            figures.update(run_backend("sqlite", f"sqlite:///{folder}/deadlines.db", folder, port, ceiling, args))
            if args.database_url:
                with dedicated_database(args.database_url, BENCH_DATABASE) as url:
                    figures.update(run_backend("postgresql", url, folder, port, ceiling, args))
    finally:
        smtp.terminate()
        smtp.wait()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nmemoria pico de este proceso: {peak:.0f} MB")
    figures["peak_memory_mb"] = round(peak)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
