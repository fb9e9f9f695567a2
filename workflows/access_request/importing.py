"""Bulk import of requests from an export (workflows.access_request.pnt_export), with progress and a report.

Answered requests are history: they are written in batches with Core inserts (request, folio and
a met response deadline), not through the process, because an export of ten years holds hundreds
of thousands of them. What the body still owes is not history: an ARCO right granted whose term to
make it effective still runs opens that term (workflows.arco_request.effectiveness). Requests still open become live requests with their process through
`register_request`, one by one (a PNT export holds few). The PNT folio is the key: a row whose
folio is already registered is reported as "ya importada", so importing a file twice creates
nothing twice. Each batch commits with the import's progress, so the page shows it as it runs.
"""

import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor
from engine.business_calendar import BusinessCalendar
from engine.clock import now_in, to_local, to_utc, utcnow
from engine.db import insert_if_missing, one_of, reading, transaction
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus, due_moment
from engine.folios import FolioCounter
from engine.forms import FormInvalid, validate_form
from engine.labels import plain
from engine.legal_calendar import calendar_for
from engine.rule_sets import Procedure, Rule, UnknownRule, in_force_on, rule_set_by_code, rule_set_code_for
from engine.runtime import NotAllowed
from engine.tenancy import Area, Organization
from workflows import access_request, arco_request
from workflows.access_request.forms import RegisterRequestForm
# The folio series and deadline subject registration uses, so both number and file alike.
from workflows.access_request.handlers import FOLIO_SERIES, SUBJECT_TYPE
from workflows.access_request.models import (AnswerSense, ImportStatus, RequesterKind, RequestImport, RequestKind,
                                             RequestStatus, RequestTurn, RequestTurnStatus, TransparencyRequest)
from workflows.access_request.pnt_export import (Export, ExportRejected, RequestRow, RowProblem, echoed,
                                                 parse_row, read_export)
from workflows.arco_request import effectiveness
from workflows.arco_request.forms import RegisterArcoForm
from workflows.arco_request.handlers import GRANTS_THE_RIGHT

log = logging.getLogger(__name__)

# Rows per transaction: the progress bar moves once per batch.
BATCH = 500
# The report keeps this many row problems; a file that bad needs fixing before anything else.
MAX_REPORTED = 5000
# An import reports progress at least once per batch (seconds apart); this long without news means
# its thread is gone.
SILENT_FOR = timedelta(minutes=3)


@dataclass
class Outcome:
    """What one batch did: counted into the import's row."""

    created: int = 0
    skipped: int = 0
    problems: list[dict] = field(default_factory=list)

    def refuse(self, line: int, pnt_folio: str, message: str, already_imported: bool = False) -> None:
        self.skipped += 1
        self.problems.append({"fila": line, "folio": pnt_folio, "error": message,
                              **({"ya_importada": True} if already_imported else {})})


@dataclass
class Terms:
    """The calendars and response rules of one import, looked up once per rule set."""

    organization: Organization
    # Each area by its name and by its code, compared as plain() compares headers.
    areas: dict[str, int] = field(default_factory=dict)
    codes: dict[Procedure, str] = field(default_factory=dict)
    found: dict[tuple[str, str, str], tuple[BusinessCalendar, Rule]] = field(default_factory=dict)

    def for_row(self, session: Session, row: RequestRow) -> tuple[str, BusinessCalendar, Rule]:
        """The rule set, calendar and term the row's answer is measured against."""
        procedure = Procedure(row.kind.value)
        if procedure not in self.codes:
            self.codes[procedure] = rule_set_code_for(session, self.organization.id, procedure)
        # Answered under the law in force the day it was filed, as registration opens its term.
        code = in_force_on(self.codes[procedure], row.received_on)
        # An answer pointing to information already published had its own, shorter term, as in the
        # process (handlers.record_response); a rule set without it measures it against the response term.
        key = "informacion_publica" if row.answer_sense == AnswerSense.PUBLICA else "respuesta"
        if (procedure, code, key) not in self.found:
            rule_set = rule_set_by_code(session, self.organization.id, code)
            try:
                rule = rule_set.rule(key)
            except UnknownRule:
                rule = rule_set.rule("respuesta")
            self.found[(procedure, code, key)] = calendar_for(session, self.organization.id, procedure, code), rule
        return (code, *self.found[(procedure, code, key)])

    def area_id(self, row: RequestRow) -> int | None:
        return self.areas.get(plain(row.area)) if row.area else None


def areas_by_name_and_code(session: Session, organization_id: int) -> dict[str, int]:
    """Every area, active or not (history names areas since closed), by its name and by its code."""
    areas = session.exec(select(Area.id, Area.name, Area.code).where(Area.organization_id == organization_id)).all()
    by_code = {plain(code): area_id for area_id, _, code in areas}
    return {**by_code, **{plain(name): area_id for area_id, name, _ in areas}}  # a name wins over a code


# -- the import's row ---------------------------------------------------------------------------

def begin_import(session: Session, actor: Actor, filename: str) -> RequestImport:
    row = RequestImport(organization_id=actor.organization_id, filename=filename[:250], created_by=actor.user_id,
                        heartbeat_at=utcnow())
    session.add(row)
    session.flush()
    return row


def settle_interrupted(engine: Engine, organization_id: int, now: datetime | None = None) -> int:
    """End as fallida, saying so, the imports whose thread stopped reporting (its server restarted
    mid-file): without this they would stay "en curso" and their page would wait forever. The rows
    imported before stay; importing the file again skips them. Returns how many were ended."""
    silent = _silent_imports(organization_id, (now or utcnow()) - SILENT_FOR)
    with reading(engine) as session:  # the pages poll every second: most times nothing to write
        if session.exec(silent.limit(1)).first() is None:
            return 0
    with transaction(engine) as session:
        stale = session.exec(silent).all()  # again under the write lock: one may have just reported
        for row in stale:
            interrupted = Outcome()
            interrupted.problems.append({"fila": None, "folio": "", "error": (
                f"La importación se interrumpió (el servidor se reinició) después de {row.processed_rows} de "
                f"{row.total_rows} filas; las anteriores quedaron importadas. Vuelva a importar el archivo para "
                "continuar: las filas ya importadas se omiten.")})
            _record(session, row.id, interrupted, 0, ImportStatus.FAILED)
    return len(stale)


def _silent_imports(organization_id: int, since: datetime):
    return select(RequestImport).where(
        RequestImport.organization_id == organization_id, RequestImport.status == ImportStatus.RUNNING,
        func.coalesce(RequestImport.heartbeat_at, RequestImport.created_at) < since)


def import_of(session: Session, actor: Actor, import_id: int) -> RequestImport | None:
    row = session.get(RequestImport, import_id)
    return row if row is not None and row.organization_id == actor.organization_id else None


def recent_imports(session: Session, organization_id: int, limit: int = 20) -> list[RequestImport]:
    return list(session.exec(select(RequestImport).where(RequestImport.organization_id == organization_id)
                             .order_by(RequestImport.created_at.desc(), RequestImport.id.desc()).limit(limit)))


def _record(session: Session, import_id: int, outcome: Outcome, processed: int,
            status: ImportStatus | None = None) -> RequestImport:
    row = session.get(RequestImport, import_id)
    row.processed_rows += processed
    row.created_rows += outcome.created
    row.skipped_rows += outcome.skipped
    room = MAX_REPORTED - len(row.errors)
    if outcome.problems and room > 0:
        # A new list: the JSON column notices assignment, not changes inside the list. Sorted, because a
        # batch's rows in course report after the rest of it, and a person fixes the file top to bottom.
        row.errors = sorted(row.errors + sorted(outcome.problems, key=_row_order)[:room], key=_row_order)
    row.heartbeat_at = utcnow()
    if status is not None:
        row.status, row.finished_at = status, row.heartbeat_at
    return row


def _row_order(problem: dict) -> tuple[bool, int]:
    """By row number; what concerns the whole file (no row) last."""
    return problem["fila"] is None, problem["fila"] or 0


# -- running it ---------------------------------------------------------------------------------

def start_import(engine: Engine, actor: Actor, import_id: int, filename: str, content: bytes) -> threading.Thread:
    """Read and import the file in a thread of its own, so the page that started it can poll its progress."""
    thread = threading.Thread(target=import_file, args=(engine, actor, import_id, filename, content),
                              name=f"importacion-{import_id}", daemon=True)
    thread.start()
    return thread


def import_file(engine: Engine, actor: Actor, import_id: int, filename: str, content: bytes) -> None:
    """Read the whole file (seconds for a large XLSX), then import it; a file that cannot be read ends it."""
    try:
        export = read_export(filename, content)
    except ExportRejected as exc:
        refused = Outcome()
        refused.problems.append({"fila": None, "folio": "", "error": str(exc)})
        with transaction(engine) as session:
            _record(session, import_id, refused, 0, ImportStatus.FAILED)
        return
    run_import(engine, actor, import_id, export)


def run_import(engine: Engine, actor: Actor, import_id: int, export: Export, now: datetime | None = None) -> None:
    """Import every row of the export, a batch per transaction; a failure ends the import as fallida. No date
    of a row may be after `now` (the organization's clock when the import starts, unless given)."""
    with transaction(engine) as session:
        _record(session, import_id, Outcome(), 0).total_rows = len(export.rows)
        organization = session.get(Organization, actor.organization_id)
        terms = Terms(organization, areas_by_name_and_code(session, organization.id))
    now = to_local(now, organization.timezone) if now else now_in(organization.timezone)
    seen: dict[str, int] = {}
    start = 0
    try:
        for start in range(0, len(export.rows), BATCH):
            _import_batch(engine, actor, import_id, export, export.rows[start:start + BATCH], terms, seen, now)
    except Exception as exc:
        log.exception("La importación %s falló", import_id)
        failure = Outcome()
        failure.problems.append({"fila": export.rows[start][0] if export.rows else None, "folio": "",
                                 "error": f"La importación se detuvo por un error inesperado "
                                          f"({exc.__class__.__name__}); las filas anteriores quedaron importadas. "
                                          "Vuelva a importar el archivo para continuar."})
        with transaction(engine) as session:
            _record(session, import_id, failure, 0, ImportStatus.FAILED)
        return
    with transaction(engine) as session:
        done = _record(session, import_id, Outcome(), 0, ImportStatus.DONE)
        audit.record(session, actor.organization_id, actor.user_id, actor.name, "solicitudes.importadas",
                     "importacion", import_id, summary=f"Importó «{done.filename}»: {done.created_rows} creadas, "
                                                       f"{done.skipped_rows} omitidas"[:500])


def _import_batch(engine: Engine, actor: Actor, import_id: int, export: Export, lines: list[tuple[int, tuple]],
                  terms: Terms, seen: dict[str, int], now: datetime) -> None:
    outcome = Outcome()
    accepted: list[RequestRow] = []
    for line, values in lines:
        parsed = parse_row(export, line, values, terms.organization.timezone, now)
        if isinstance(parsed, RowProblem):
            outcome.refuse(parsed.line, parsed.pnt_folio, parsed.message)
        elif parsed.area and not parsed.is_open and terms.area_id(parsed) is None:
            outcome.refuse(line, parsed.pnt_folio, f"El área «{echoed(parsed.area)}» no está en el catálogo de áreas; "
                                                   "escriba su nombre o su clave como están registrados.")
        elif parsed.pnt_folio in seen:
            outcome.refuse(line, parsed.pnt_folio, f"El folio PNT {parsed.pnt_folio} se repite: ya viene en la "
                                                   f"fila {seen[parsed.pnt_folio]} de este archivo.")
        else:
            seen[parsed.pnt_folio] = line
            accepted.append(parsed)
    with transaction(engine) as session:
        registered = dict(session.exec(select(TransparencyRequest.pnt_folio, TransparencyRequest.folio).where(
            TransparencyRequest.organization_id == actor.organization_id,
            one_of(session, TransparencyRequest.pnt_folio, [row.pnt_folio for row in accepted])))
            .all()) if accepted else {}
        fresh = []
        for row in accepted:
            if row.pnt_folio in registered:
                outcome.refuse(row.line, row.pnt_folio, f"Ya importada: el folio PNT {row.pnt_folio} está "
                                                        f"registrado como {registered[row.pnt_folio]}.",
                               already_imported=True)
            else:
                fresh.append(row)
        answered = [row for row in fresh if not row.is_open]
        insert_answered(session, actor, terms, answered, now.date())
        outcome.created += len(answered)
        opened = [row for row in fresh if row.is_open]
        _record(session, import_id, outcome, len(lines) - len(opened))
        if answered:
            audit.record(session, actor.organization_id, actor.user_id, actor.name, "solicitud.importada",
                         "importacion", import_id, summary=f"Importó {len(answered)} solicitudes respondidas "
                                                           f"(filas {lines[0][0]}–{lines[-1][0]})")
    for row in opened:
        _register_open(engine, actor, import_id, terms.organization, row, now)


def _register_open(engine: Engine, actor: Actor, import_id: int, organization: Organization, row: RequestRow,
                   now: datetime) -> None:
    """A request still in course starts its process (access or ARCO), in a transaction of its own, through the
    checks of the registration form, the hour of a reception today included."""
    arco = row.kind == RequestKind.ARCO
    form_model = RegisterArcoForm if arco else RegisterRequestForm
    outcome = Outcome()
    try:
        with transaction(engine) as session:
            form = validate_form(form_model, registration_data(row, organization, now), now=now)
            if arco:
                arco_request.register_arco_request(session, actor, form)
            else:
                access_request.register_request(session, actor, form)
            outcome.created = 1
            _record(session, import_id, outcome, 1)
        return
    except FormInvalid as exc:
        fields = form_model.model_fields
        message = " ".join(f"{fields[name].title}: {text}" if name in fields else text
                           for name, text in exc.errors.items())
    except NotAllowed:
        message = ("Las solicitudes en trámite solo las registra la Unidad de Transparencia; pídale que importe "
                   "el archivo.")
    outcome.refuse(row.line, row.pnt_folio, f"No se registró la solicitud en trámite. {message}")
    with transaction(engine) as session:
        _record(session, import_id, outcome, 1)


def registration_data(row: RequestRow, organization: Organization, now: datetime) -> dict:
    """The registration form a person would have filled for an open row (access or ARCO)."""
    common = {"canal": row.channel.value, "folio_pnt": row.pnt_folio, "fecha_recepcion": row.received_on.isoformat(),
              "hora_recepcion": _reception_clock(row, organization, now).strftime("%H:%M"),
              "descripcion": row.description, "tema": row.topic, "sexo": row.sex.value,
              "rango_edad": row.age_range.value, "ocupacion": row.occupation, "entidad": row.state}
    if row.kind == RequestKind.ARCO:
        right = {"derecho": row.arco_right.value} if row.arco_right else {}  # missing: "obligatorio"
        return {**common, **right, "titular": row.holder_name, "representante": row.representative_name,
                "documento_identidad": row.identity_document}
    return {**common, "tipo_solicitante": (RequesterKind.NOMBRE if row.requester_name else RequesterKind.ANONIMO).value,
            "nombre": row.requester_name}


# -- answered requests, in bulk -----------------------------------------------------------------

def reserve_folios(session: Session, organization_id: int, kind: RequestKind, year: int,
                   count: int) -> list[tuple[int, str]]:
    """The next `count` folios of a kind and year in one step, on the counter engine.folios.next_folio takes."""
    numbering = FOLIO_SERIES[kind]
    insert_if_missing(session, FolioCounter.__table__,
                      {"organization_id": organization_id, "series": numbering.series, "year": year, "last": 0})
    counter = session.exec(select(FolioCounter).where(
        FolioCounter.organization_id == organization_id, FolioCounter.series == numbering.series,
        FolioCounter.year == year).with_for_update()).one()
    first = counter.last + 1
    counter.last += count
    session.flush()
    return [(seq, numbering.pattern.format(year=year, seq=seq)) for seq in range(first, first + count)]


def _reception_clock(row: RequestRow, organization: Organization, now: datetime) -> time:
    """The row's hour, or the opening of the office (a date alone); one received today before the office
    opened and filed without its hour came in by now, which the form accepts."""
    if row.received_time is not None:
        return row.received_time
    opens = organization.office_opens or time(8)
    if row.received_on != now.date():
        return opens
    return min(opens, now.time().replace(tzinfo=None, second=0, microsecond=0))


def received_moment(row: RequestRow, organization: Organization) -> datetime:
    """When the request came in; a date alone counts from the opening of the office that day."""
    clock = row.received_time or organization.office_opens or time(8)
    return to_utc(datetime.combine(row.received_on, clock), organization.timezone)


def answered_moment(day: date, tz_name: str) -> datetime:
    """Noon of the answer's day, as the process records a notification given that day."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(tz_name)).astimezone(UTC)


def response_deadline_values(*, organization_id: int, calendar: BusinessCalendar, rule: Rule, rule_set_code: str,
                             procedure: Procedure, folio: str, received_at: datetime, met_at: datetime | None,
                             responsible_user_id: int | None, now: datetime) -> dict:
    """A response deadline as a row (every column but id), computed as engine.deadlines computes it; met
    when `met_at` is given."""
    starts_after = calendar.received_on(received_at)
    term = calendar.add(starts_after, rule.value, rule.unit)
    return {"organization_id": organization_id, "subject_type": SUBJECT_TYPE, "subject_id": folio,
            "instance_id": None, "title": f"Respuesta a la solicitud {folio}", "kind": DeadlineKind.RESPUESTA,
            "procedure": procedure, "rule_set_code": rule_set_code, "rule_key": rule.key, "days": rule.value,
            "unit": rule.unit, "basis": rule.basis, "extension_days": 0, "parent_id": None, "ends_before": None,
            "anchored_at": received_at, "starts_after": starts_after, "counted_from": term.counted_from,
            "due_on": term.due, "due_at": due_moment(calendar, term.due).astimezone(UTC),
            "status": DeadlineStatus.MET if met_at else DeadlineStatus.OPEN, "paused_on": None, "met_at": met_at,
            "responsible_user_id": responsible_user_id, "responsible_area_id": None, "next_alert_on": None,
            "created_at": now, "updated_at": now}


def answered_request_values(*, organization_id: int, row: RequestRow, seq: int, folio: str, received_at: datetime,
                            rule_set_code: str, deadline_id: int, registered_by: int | None, now: datetime) -> dict:
    """An answered request as a row of TransparencyRequest (every column, as executemany needs)."""
    return {"organization_id": organization_id, "kind": row.kind, "folio": folio, "year": row.received_on.year,
            "seq": seq, "pnt_folio": row.pnt_folio, "channel": row.channel, "correspondence_id": None,
            "received_at": received_at, "description": row.description, "topic": row.topic,
            **_requester(row), "contact": "", "sex": row.sex, "age_range": row.age_range,
            "occupation": row.occupation, "state": row.state, "arco_right": row.arco_right,
            "holder_name": row.holder_name if row.kind == RequestKind.ARCO else "",
            "representative_name": row.representative_name, "identity_document": row.identity_document,
            "identity_verified_at": None,
            "rule_set_code": rule_set_code, "status": RequestStatus.ANSWERED, "response_deadline_id": deadline_id,
            "answer_sense": row.answer_sense, "answer_text": "", "answered_on": row.answered_on,
            "delivery_mode": None, "cost": 0.0, "pages": None, "oficio_file_id": None, "public_version_file_id": None,
            "extended": False, "competent_body": "", "instance_id": None, "registered_by": registered_by,
            "created_at": now, "closed_at": None}


def _requester(row: RequestRow) -> dict:
    """Who asked: an ARCO request is never anonymous, its holder asked (as registration records it)."""
    if row.kind == RequestKind.ARCO:
        return {"requester_kind": RequesterKind.NOMBRE, "requester_name": row.holder_name}
    return {"requester_kind": RequesterKind.NOMBRE if row.requester_name else RequesterKind.ANONIMO,
            "requester_name": row.requester_name}


def insert_answered(session: Session, actor: Actor, terms: Terms, rows: list[RequestRow],
                    today: date | None = None) -> None:
    """Answered requests with their met response deadlines: three statements for the whole batch; and the
    term to make an ARCO right effective that still runs `today` (the organization's, unless given)."""
    if not rows:
        return
    organization, now = terms.organization, utcnow()
    rows = sorted(rows, key=lambda row: (row.received_on, row.received_time or time(0), row.line))
    # Each kind's folios of a year, in the order the rows came in; the counters locked in a fixed order.
    counts = Counter((row.kind, row.received_on.year) for row in rows)
    reserved = {(kind, year): iter(reserve_folios(session, organization.id, kind, year, count))
                for (kind, year), count in sorted(counts.items())}
    deadlines, requests = [], []
    for row in rows:
        seq, folio = next(reserved[row.kind, row.received_on.year])
        code, calendar, rule = terms.for_row(session, row)
        received_at = received_moment(row, organization)
        deadlines.append(response_deadline_values(
            organization_id=organization.id, calendar=calendar, rule=rule, rule_set_code=code,
            procedure=Procedure(row.kind.value), folio=folio, received_at=received_at,
            met_at=answered_moment(row.answered_on, organization.timezone), responsible_user_id=actor.user_id,
            now=now))
        requests.append((row, seq, folio, received_at, code))
    # Plain executemany, no RETURNING: psycopg then sends the rows in a pipeline instead of parsing a
    # statement of thousands of placeholders per page (a third of the import's time on PostgreSQL).
    connection = session.connection()
    connection.execute(insert(Deadline.__table__), deadlines)
    connection.execute(insert(TransparencyRequest.__table__), [
        answered_request_values(organization_id=organization.id, row=row, seq=seq, folio=folio,
                                received_at=received_at, rule_set_code=code, deadline_id=None,
                                registered_by=actor.user_id, now=now)
        for row, seq, folio, received_at, code in requests])
    # Each request then points at the deadline filed under its folio (found by ix_deadline_subject).
    request, deadline = TransparencyRequest.__table__.c, Deadline.__table__.c
    connection.execute(update(TransparencyRequest.__table__).where(
        request.organization_id == organization.id,
        one_of(session, request.folio, [folio for _, _, folio, _, _ in requests]))
        .values(response_deadline_id=select(func.max(deadline.id)).where(
            deadline.organization_id == request.organization_id, deadline.subject_type == SUBJECT_TYPE,
            deadline.subject_id == request.folio, deadline.kind == DeadlineKind.RESPUESTA).scalar_subquery()))
    _insert_answering_turns(session, terms, [(row, folio) for row, _, folio, _, _ in requests], now)
    _open_effectiveness_terms(session, actor, terms, [(row, folio) for row, _, folio, _, _ in requests],
                              today or to_local(now, organization.timezone).date())


# An effectiveness term is 15 días hábiles: one answered a year before the import ended long ago, unless
# suspensions held it for months; those rows are not even looked at.
EFFECTIVENESS_REACH = timedelta(days=365)


def _open_effectiveness_terms(session: Session, actor: Actor, terms: Terms, rows: list[tuple[RequestRow, str]],
                              today: date) -> None:
    """The term to make the right effective of each ARCO request answered in the holder's favour whose term
    still runs: the body owes it though the import keeps the request as history (arco_request.effectiveness)."""
    folios = [folio for row, folio in rows if row.kind == RequestKind.ARCO and row.answer_sense in GRANTS_THE_RIGHT
              and row.answered_on >= today - EFFECTIVENESS_REACH]
    if not folios:
        return
    for request in session.exec(select(TransparencyRequest).where(
            TransparencyRequest.organization_id == terms.organization.id,
            one_of(session, TransparencyRequest.folio, folios))).all():
        effectiveness.open_after_import(session, actor, terms.organization, request, today)


def _insert_answering_turns(session: Session, terms: Terms, rows: list[tuple[RequestRow, str]],
                            now: datetime) -> None:
    """The turn, answered, to the area the file says answered each request: what the statistics and the
    report count «por área», and what lets that area's enlace find the request."""
    with_area = {folio: row for row, folio in rows if row.area}
    if not with_area:
        return
    organization = terms.organization
    ids = session.exec(select(TransparencyRequest.folio, TransparencyRequest.id).where(
        TransparencyRequest.organization_id == organization.id,
        one_of(session, TransparencyRequest.folio, list(with_area)))).all()
    session.connection().execute(insert(RequestTurn.__table__), [
        {"organization_id": organization.id, "request_id": request_id, "area_id": terms.area_id(with_area[folio]),
         "round": 1, "instruction": "Área que respondió, según el archivo importado.", "deadline_id": None,
         "status": RequestTurnStatus.ANSWERED, "sense": with_area[folio].answer_sense, "answer": "", "file_ids": [],
         "answered_by": None, "answered_at": answered_moment(with_area[folio].answered_on, organization.timezone),
         "turned_at": None, "created_at": now}  # the file says who answered, not when it was turned
        for folio, request_id in ids])
