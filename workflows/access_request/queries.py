"""What the request list reads: who sees what, one page at a time, with each row's días restantes.

The list must answer in milliseconds over a million requests, so a page is cut on an index and
only its rows are read (one more query, for them and their areas). "Por vencimiento" lists first
the requests whose response term runs — soonest due first, read from the deadlines' (organization,
status, due day) index, one branch per status — then the rest newest first, from the requests'
(organization, kind, status, received) index, one branch per kind and status. "Por recepción"
reads (organization, received). An enlace's list starts from its areas' running internal terms;
the rest of it, from its areas' turns. Counting stops at COUNT_CAP.
"""
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import product
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import Integer, and_, bindparam, case, func, or_, union_all
from sqlmodel import Session, select

from engine.accounts import Actor, Role
from engine.clock import utcnow
from engine.deadlines import LIVE_STATUSES, Deadline, DeadlineKind, DeadlineStatus, today_for
from engine.folios import padded_forms
from engine.inbox import SOON_BUSINESS_DAYS
from engine.tenancy import Area
from engine.days_left import Calendars, Remaining
from workflows.access_request.list_filters import Filters
from workflows.access_request.models import (RequestChannel, RequestKind, RequestStatus, RequestTurn,
                                             RequestTurnStatus, RequesterKind, TransparencyRequest)

PER_PAGE = 25
COUNT_CAP = 1000
# The subject the access-request handlers file their deadlines under (subject_id: the folio).
SUBJECT_TYPE = "solicitud"
# Roles that see every request of their organization; an enlace sees the ones turned to its areas.
FULL_VIEW = {Role.TRANSPARENCIA, Role.COMITE, Role.JURIDICO, Role.ADMIN}
# A term that still runs (or waits, paused by a prevención): its request leads the list.
RUNNING = (DeadlineStatus.OPEN, DeadlineStatus.MISSED, DeadlineStatus.PAUSED)


def sees_everything(actor: Actor) -> bool:
    return bool(actor.roles & FULL_VIEW)


def enlace_areas(actor: Actor) -> set[int]:
    return {a for a in actor.grants.get(Role.ENLACE, ()) if a is not None}


def _filtered_areas(actor: Actor, filters: Filters) -> set[int]:
    """An enlace's areas, or the one of them the list is filtered by."""
    own = enlace_areas(actor)
    return own & {filters.area_id} if filters.area_id is not None else own


def sees_personal_data(actor: Actor, request: TransparencyRequest, turns: list[RequestTurn]) -> bool:
    return _sees_personal(actor, request.kind, (turn.area_id for turn in turns))


def _sees_personal(actor: Actor, kind: RequestKind, turned_areas: Iterable[int]) -> bool:
    """The Unidad de Transparencia; in ARCO also the enlaces of the areas the request was turned to,
    who read the holder's name and what is asked (the rest of who filed it: sees_identity).

    An area looks for a holder's own data by who the holder is. Who asks for public information
    is no part of finding it, and the area that answers does not learn it."""
    if Role.TRANSPARENCIA in actor.roles:
        return True
    if kind != RequestKind.ARCO:
        return False
    own = enlace_areas(actor)
    return any(area_id in own for area_id in turned_areas)


def sees_identity(actor: Actor) -> bool:
    """Who filed the request and how to reach them: the requester, the contact, the ARCO holder's
    representative and identity document. The Unidad de Transparencia only.

    A turned ARCO area looks for the holder's data by the holder's name (sees_personal_data); who
    represents the holder, how identity was proven and where to notify are no part of finding them."""
    return Role.TRANSPARENCIA in actor.roles


def instance_sees_personal_data(session: Session, actor: Actor, instance: Any) -> bool:
    """Whether the actor sees the personal data a request's process instance holds (its expediente
    and its files): the Unidad only. Its data and its escrito, identification, acuse and oficios
    carry the requester's or the holder's identity and contact (sees_identity); a turned ARCO area
    reads the holder's name and what is asked on the request's page."""
    return sees_identity(actor)


# Where a request's process keeps personal data: the requester (their statistical data too), their
# escrito and their answer to a prevención; the escrito, a scan, an identification and the oficios
# (addressed to them by name).
PERSONAL_FIELDS = frozenset({"tipo_solicitante", "nombre", "contacto", "sexo", "rango_edad", "ocupacion", "entidad",
                             "archivo_id", "desahogo"})
PERSONAL_FILE_KINDS = frozenset({"solicitud", "escaneo", "identificacion", "acuse_solicitud", "oficio_respuesta",
                                 "oficio_prevencion", "oficio_ampliacion", "oficio_incompetencia"})


# -- statements built once ------------------------------------------------------------------------
#
# Building one of these statements costs more than running it (a page's ~3 ms against ~1.5 ms on a
# million requests), so each is built once per Shape and kept; what changes from one request to the
# next (page, today, now) goes in as parameters.

STATEMENT_CACHE_SIZE = 512
# Rendered into the SQL text when it runs (literal_execute): with LIMIT $1 PostgreSQL judges a
# generic plan too costly and plans the three-branch union again on every request (~0.8 ms, six
# times its execution); with the number written in, each page's text gets one prepared plan.
OFFSET = bindparam("offset", type_=Integer, literal_execute=True)
LIMIT = bindparam("limit", type_=Integer, literal_execute=True)
# offset + limit: how far each ordered branch of a union must read.
REACH = bindparam("reach", type_=Integer, literal_execute=True)
COUNT_LIMIT = bindparam("count_limit", type_=Integer, literal_execute=True)


class Shape(NamedTuple):
    """What decides a statement's text: whose list it is and which filters it has."""

    organization_id: int
    full_view: bool
    areas: tuple[int, ...]  # the enlace's areas (or the one of them filtered by)
    filters: Filters


def _shape(actor: Actor, filters: Filters) -> Shape:
    return Shape(actor.organization_id, sees_everything(actor), tuple(sorted(_filtered_areas(actor, filters))),
                 filters)


def _read(session: Session, statement, params: dict[str, Any]) -> list:
    # Plain rows through the connection: the ORM's compile step is not needed for columns.
    return session.connection().execute(statement, params).all()


# -- which rows, in which order ------------------------------------------------------------------


class Term(NamedTuple):
    """What a row shows of its deadline (a Deadline row has the same fields)."""

    id: int
    status: DeadlineStatus
    due_on: date
    due_at: datetime
    counted_from: date
    procedure: str
    rule_set_code: str
    rule_key: str
    kind: DeadlineKind


class Key(NamedTuple):
    request_id: int
    term: Term | None


def _request_conditions(shape: Shape, received_range: bool = True) -> list:
    """The WHERE clause on the requests; `received_range` narrows a year by reception moment too (an
    index range for the reads that start from the requests, left out where the deadlines lead)."""
    filters = shape.filters
    conditions = [TransparencyRequest.organization_id == shape.organization_id]
    if filters.kind is not None or filters.status is not None:
        # Both listed, so the (organization, kind, status, received) index is used without a kind.
        conditions.append(TransparencyRequest.kind.in_([filters.kind] if filters.kind else list(RequestKind)))
    if filters.status is not None:
        conditions.append(TransparencyRequest.status == filters.status)
    if filters.channel is not None:
        conditions.append(TransparencyRequest.channel == filters.channel)
    if filters.year is not None:
        conditions.append(TransparencyRequest.year == filters.year)
    if filters.year is not None and received_range:
        # The year of the folio is the local year of reception: this range (a day wider on each side,
        # for any time zone) lets the indexes on the reception moment skip the other years.
        conditions += [TransparencyRequest.received_at >= datetime(filters.year - 1, 12, 31, tzinfo=UTC),
                       TransparencyRequest.received_at < datetime(filters.year + 1, 1, 2, tzinfo=UTC)]
    if filters.folio:
        # As /consulta finds it: also typed without its zeros («SAI-2026-12» for SAI-2026-00012).
        conditions.append(or_(TransparencyRequest.folio.in_([filters.folio, *padded_forms(filters.folio)]),
                              TransparencyRequest.pnt_folio == filters.folio))
    if filters.area_id is not None and shape.full_view:
        conditions.append(TransparencyRequest.id.in_(select(RequestTurn.request_id).where(
            RequestTurn.organization_id == shape.organization_id, RequestTurn.area_id == filters.area_id)))
    return conditions


def _asks_about_the_request(filters: Filters) -> bool:
    asked = (filters.kind, filters.status, filters.channel, filters.year)
    return any(v is not None for v in asked) or bool(filters.folio)


def _due_conditions(filters: Filters) -> list:
    """Vencidas: the term ran out (after closing time of its day); por vencer: 3 días hábiles or fewer.
    Their moments are parameters (see _due_params): the statement outlives the day."""
    if filters.due is None:
        return []
    if filters.due == "vencidas":
        return [Deadline.status.in_(LIVE_STATUSES), Deadline.due_on <= bindparam("today"),
                Deadline.due_at < bindparam("now")]
    return [Deadline.status == DeadlineStatus.OPEN, Deadline.due_on >= bindparam("today"),
            Deadline.due_on <= bindparam("soon"), Deadline.due_at >= bindparam("now")]


def _due_params(filters: Filters, calendars: Calendars) -> dict[str, Any]:
    if filters.due is None:
        return {}
    calendar = calendars.get(filters.kind.value if filters.kind else "acceso")
    today = today_for(calendar, calendars.now)
    return {"today": today, "now": calendars.now, "soon": calendar.add_business_days(today, SOON_BUSINESS_DAYS)}


def _term_columns():
    """The deadline's fields a row needs (its due day and días restantes), read with the page's keys."""
    return (Deadline.id.label("did"), Deadline.status.label("dstatus"), Deadline.due_on.label("due_on"),
            Deadline.due_at.label("due_at"), Deadline.counted_from.label("counted_from"),
            Deadline.procedure.label("procedure"),
            Deadline.rule_set_code.label("rule_set_code"), Deadline.rule_key.label("rule_key"),
            Deadline.kind.label("kind"))


def _keys(rows) -> list["Key"]:
    return [Key(r.rid, _term(r) if r.did is not None else None) for r in rows]


def _term(r) -> Term:
    return Term(r.did, r.dstatus, r.due_on, r.due_at, r.counted_from, r.procedure, r.rule_set_code, r.rule_key, r.kind)


def _merged(branches, order):
    merged = union_all(*[select(*b.c) for b in branches]).subquery("merged")
    columns = [merged.c[name] for name in ("rid", "did", "dstatus", "due_on", "due_at", "counted_from", "procedure",
                                           "rule_set_code", "rule_key", "kind")]
    return select(*columns).order_by(*order(merged.c)).offset(OFFSET).limit(LIMIT)


@lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _running_statement(shape: Shape):
    """Requests whose response term runs, soonest due first: one ordered branch per deadline status.

    The response deadline is the "respuesta" one filed under the request's folio, and the request
    is found by that folio (a unique index); joining on response_deadline_id too would make the
    planner expect a single row and sort every deadline instead of reading the index in order.
    """
    filters = shape.filters
    conditions = _request_conditions(shape, received_range=False)
    statuses = [s for s in RUNNING if not (filters.due == "por_vencer" and s != DeadlineStatus.OPEN)
                and not (filters.due == "vencidas" and s == DeadlineStatus.PAUSED)]
    join = and_(TransparencyRequest.organization_id == Deadline.organization_id,
                TransparencyRequest.folio == Deadline.subject_id)
    branches = [select(TransparencyRequest.id.label("rid"), *_term_columns())
                .select_from(Deadline).join(TransparencyRequest, join)
                .where(Deadline.organization_id == shape.organization_id, Deadline.status == status,
                       Deadline.subject_type == SUBJECT_TYPE, Deadline.kind == DeadlineKind.RESPUESTA,
                       *conditions, *_due_conditions(filters), *_year_hint(filters))
                .order_by(Deadline.due_on, Deadline.id).limit(LIMIT).subquery() for status in statuses]
    # A paused term (a prevención) has no due day until the requester answers: it goes after the
    # terms that run, not among them by the day it would have had.
    return _merged(branches, lambda c: (c.dstatus == DeadlineStatus.PAUSED, c.due_on, c.did))


def _year_hint(filters: Filters) -> list:
    # A term ends after the request arrived: its year bounds the due day from below (an index range).
    return [Deadline.due_on >= date(filters.year - 1, 12, 1)] if filters.year else []


@lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _settled_statement(shape: Shape):
    """Requests whose response term no longer runs (or never had one), newest first."""
    filters = shape.filters
    conditions = _request_conditions(shape)
    settled = or_(Deadline.id.is_(None), Deadline.status.not_in(RUNNING))
    if filters.kind is None and filters.status is None:
        # One read backwards along (organization, received): most requests are settled, so the
        # first rows found fill the page (and 22 union branches cost more than the query).
        return (select(TransparencyRequest.id.label("rid"), *_term_columns()).select_from(TransparencyRequest)
                .outerjoin(Deadline, Deadline.id == TransparencyRequest.response_deadline_id)
                .where(*conditions, settled)
                .order_by(TransparencyRequest.received_at.desc(), TransparencyRequest.id.desc())
                .offset(OFFSET).limit(LIMIT))
    kinds = [filters.kind] if filters.kind else list(RequestKind)
    statuses = [filters.status] if filters.status else list(RequestStatus)
    branches = [select(TransparencyRequest.id.label("rid"), *_term_columns(),
                       TransparencyRequest.received_at.label("received"))
                .select_from(TransparencyRequest)
                .outerjoin(Deadline, Deadline.id == TransparencyRequest.response_deadline_id)
                .where(*conditions, TransparencyRequest.kind == kind, TransparencyRequest.status == status, settled)
                .order_by(TransparencyRequest.received_at.desc(), TransparencyRequest.id.desc())
                .limit(REACH).subquery() for kind, status in product(kinds, statuses)]
    return _merged(branches, lambda c: (c.received.desc(), c.rid.desc()))


@lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _received_statement(shape: Shape):
    """Everything visible, newest first: read along (organization, received) when no kind or status is
    asked for, else one branch per kind and status of the (organization, kind, status, received) index."""
    filters = shape.filters
    conditions, due_conditions = _request_conditions(shape), _due_conditions(filters)
    join = Deadline.id == TransparencyRequest.response_deadline_id

    def joined(statement):
        return statement.join(Deadline, join) if due_conditions else statement.outerjoin(Deadline, join)

    if filters.kind is None and filters.status is None:
        statement = joined(select(TransparencyRequest.id.label("rid"), *_term_columns())
                           .select_from(TransparencyRequest))
        return (statement.where(*conditions, *due_conditions)
                .order_by(TransparencyRequest.received_at.desc(), TransparencyRequest.id.desc())
                .offset(OFFSET).limit(LIMIT))
    kinds = [filters.kind] if filters.kind else list(RequestKind)
    statuses = [filters.status] if filters.status else list(RequestStatus)
    branches = [joined(select(TransparencyRequest.id.label("rid"), *_term_columns(),
                              TransparencyRequest.received_at.label("received")).select_from(TransparencyRequest))
                .where(*conditions, *due_conditions, TransparencyRequest.kind == kind,
                       TransparencyRequest.status == status)
                .order_by(TransparencyRequest.received_at.desc(), TransparencyRequest.id.desc())
                .limit(REACH).subquery() for kind, status in product(kinds, statuses)]
    return _merged(branches, lambda c: (c.received.desc(), c.rid.desc()))


def _full_view_keys(session: Session, actor: Actor, filters: Filters, calendars: Calendars, offset: int,
                    limit: int) -> list[Key]:
    shape, due_params = _shape(actor, filters), _due_params(filters, calendars)
    if filters.sort == "recepcion":
        return _keys(_read(session, _received_statement(shape),
                           {"offset": offset, "limit": limit, "reach": offset + limit, **due_params}))
    running = _keys(_read(session, _running_statement(shape), {"offset": 0, "limit": offset + limit, **due_params}))
    keys = running[offset:offset + limit]
    if len(running) < offset + limit and filters.due is None:
        # The running ones are all read: the page goes on with the settled ones.
        settled_offset, settled_limit = max(0, offset - len(running)), limit - len(keys)
        keys += _keys(_read(session, _settled_statement(shape), {
            "offset": settled_offset, "limit": settled_limit, "reach": settled_offset + settled_limit}))
    return keys


# -- an enlace's list: the requests turned to its areas --------------------------------------------


def _area_turns(shape: Shape) -> list:
    return [RequestTurn.organization_id == shape.organization_id, RequestTurn.area_id.in_(list(shape.areas) or [-1])]


def _with_request(statement, shape: Shape):
    """Turns joined to their requests, when a filter asks about the request itself."""
    if not _asks_about_the_request(shape.filters):
        return statement
    return (statement.join(TransparencyRequest, TransparencyRequest.id == RequestTurn.request_id)
            .where(*_request_conditions(shape)))


@lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _enlace_received_statement(shape: Shape):
    """Each request at its latest turn to the areas, newest received first."""
    due_conditions = _due_conditions(shape.filters)
    picked = _with_request(select(RequestTurn.request_id, func.max(RequestTurn.id).label("turn_id"))
                           .where(*_area_turns(shape)), shape).group_by(RequestTurn.request_id).subquery()
    statement = (select(TransparencyRequest.id.label("rid"), *_term_columns())
                 .join(picked, picked.c.request_id == TransparencyRequest.id)
                 .join(RequestTurn, RequestTurn.id == picked.c.turn_id))
    join = Deadline.id == RequestTurn.deadline_id
    statement = statement.join(Deadline, join).where(*due_conditions) if due_conditions else \
        statement.outerjoin(Deadline, join)
    return statement.order_by(TransparencyRequest.received_at.desc(),
                              TransparencyRequest.id.desc()).offset(OFFSET).limit(LIMIT)


@lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _enlace_pending_statement(shape: Shape):
    """The pending turns to the areas with their internal terms."""
    return _with_request(select(RequestTurn.request_id.label("rid"), *_term_columns())
                         .join(Deadline, Deadline.id == RequestTurn.deadline_id)
                         .where(*_area_turns(shape), RequestTurn.status == RequestTurnStatus.PENDING,
                                *_due_conditions(shape.filters)), shape)


@lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _enlace_settled_statement(shape: Shape):
    """Requests with no pending turn to the areas, most recently turned first."""
    # Pending with a deadline, as the first part counts them (and _enlace_inbox).
    has_pending = func.count(case((RequestTurn.status == RequestTurnStatus.PENDING, RequestTurn.deadline_id)))
    settled = _with_request(select(RequestTurn.request_id, func.max(RequestTurn.id).label("turn_id"))
                            .where(*_area_turns(shape)), shape) \
        .group_by(RequestTurn.request_id).having(has_pending == 0).subquery()
    return (select(settled.c.request_id.label("rid"), *_term_columns())
            .join(RequestTurn, RequestTurn.id == settled.c.turn_id)
            .outerjoin(Deadline, Deadline.id == RequestTurn.deadline_id)
            .order_by(settled.c.turn_id.desc()).offset(OFFSET).limit(LIMIT))


def _enlace_keys(session: Session, actor: Actor, filters: Filters, calendars: Calendars, offset: int,
                 limit: int) -> list[Key]:
    """Requests turned to the enlace's areas: pending turns first by their internal due day, then the
    others most recently turned first; each with the deadline of its turn there."""
    shape, due_params = _shape(actor, filters), _due_params(filters, calendars)
    if filters.sort == "recepcion":
        return _keys(_read(session, _enlace_received_statement(shape),
                           {"offset": offset, "limit": limit, **due_params}))
    latest: dict[int, Key] = {}
    for key in _keys(_read(session, _enlace_pending_statement(shape), due_params)):
        # One row per request, at its latest pending turn (as _enlace_inbox).
        if key.request_id not in latest or key.term.id > latest[key.request_id].term.id:
            latest[key.request_id] = key
    running = sorted(latest.values(), key=lambda k: (k.term.due_on, k.term.id))
    keys = running[offset:offset + limit]
    if len(running) < offset + limit and filters.due is None:
        keys += _keys(_read(session, _enlace_settled_statement(shape),
                            {"offset": max(0, offset - len(running)), "limit": limit - len(keys)}))
    return keys


@lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _narrow_statement(shape: Shape):
    """A few candidates (one area's, one folio's): ordered in one query, the same order as the branches."""
    due_conditions = _due_conditions(shape.filters)
    join = Deadline.id == TransparencyRequest.response_deadline_id
    statement = select(TransparencyRequest.id.label("rid"), *_term_columns()).select_from(TransparencyRequest)
    statement = (statement.join(Deadline, join) if due_conditions else statement.outerjoin(Deadline, join))
    statement = statement.where(*_request_conditions(shape), *due_conditions)
    if shape.filters.sort == "recepcion":
        order = [TransparencyRequest.received_at.desc(), TransparencyRequest.id.desc()]
    else:
        settled = case((Deadline.status.in_(RUNNING), 0), else_=1)
        order = [settled, case((settled == 0, Deadline.due_on)), case((settled == 0, Deadline.id)),
                 case((settled == 1, TransparencyRequest.received_at)).desc(), TransparencyRequest.id.desc()]
    return statement.order_by(*order).offset(OFFSET).limit(LIMIT)


def _narrow_keys(session: Session, actor: Actor, filters: Filters, calendars: Calendars, offset: int,
                 limit: int) -> list[Key]:
    return _keys(_read(session, _narrow_statement(_shape(actor, filters)),
                       {"offset": offset, "limit": limit, **_due_params(filters, calendars)}))


_AREAS = bindparam("areas", expanding=True)
_ORGANIZATION = bindparam("organization_id")
# Requests with a running internal term for some areas (a pending turn), read from the deadlines
# (the organization's running ones and the area's, two small index ranges) rather than from the
# turns: an area's turns of ten years lie on thousands of table pages.
_ENLACE_RUNNING = (
    select(TransparencyRequest.id.label("rid"), *_term_columns()).select_from(Deadline)
    .join(TransparencyRequest, and_(TransparencyRequest.organization_id == Deadline.organization_id,
                                    TransparencyRequest.folio == Deadline.subject_id))
    .where(Deadline.organization_id == _ORGANIZATION, Deadline.status.in_(RUNNING),
           Deadline.kind == DeadlineKind.TURNADO_INTERNO, Deadline.subject_type == SUBJECT_TYPE,
           Deadline.responsible_area_id.in_(_AREAS)))
# Each request's latest turn in some areas (and its deadline).
_AREA_TURNS = (select(RequestTurn.request_id, func.max(RequestTurn.id), func.max(RequestTurn.deadline_id))
               .where(RequestTurn.organization_id == _ORGANIZATION, RequestTurn.area_id.in_(_AREAS))
               .group_by(RequestTurn.request_id))
_TERMS = select(*_term_columns()).where(Deadline.id.in_(bindparam("ids", expanding=True)))


def _enlace_running(session: Session, actor: Actor, areas: set[int]) -> list[Key]:
    """Requests with a running internal term for the enlace's areas, soonest due first."""
    rows = _read(session, _ENLACE_RUNNING, {"organization_id": actor.organization_id, "areas": sorted(areas) or [-1]})
    latest: dict[int, Key] = {}
    for key in _keys(rows):  # one row per request, at its latest pending turn
        if key.request_id not in latest or key.term.id > latest[key.request_id].term.id:
            latest[key.request_id] = key
    return sorted(latest.values(), key=lambda k: (k.term.due_on, k.term.id))


def _enlace_inbox(session: Session, actor: Actor, filters: Filters, offset: int,
                  limit: int) -> tuple[list[Key], int | None, int]:
    """An enlace's unfiltered list: keys, the count (None when only the running part was read) and
    how many are running. The rest — each request's latest turn there, most recent first — needs one
    pass over the area's turns, read only when the page reaches it."""
    areas = _filtered_areas(actor, filters)
    running = _enlace_running(session, actor, areas)
    keys = running[offset:offset + limit]
    if len(keys) == limit:
        return keys, None, len(running)
    running_ids = {key.request_id for key in running}
    groups = _read(session, _AREA_TURNS, {"organization_id": actor.organization_id, "areas": sorted(areas) or [-1]})
    settled = sorted(((turn_id, request_id, deadline_id) for request_id, turn_id, deadline_id in groups
                      if request_id not in running_ids), reverse=True)
    start = max(0, offset - len(running))
    page = settled[start:start + limit - len(keys)]
    terms = _terms(session, [d for _, _, d in page if d is not None])
    keys += [Key(request_id, terms.get(deadline_id)) for _, request_id, deadline_id in page]
    return keys, len(running) + len(settled), len(running)


def _terms(session: Session, deadline_ids: list[int]) -> dict[int, Term]:
    if not deadline_ids:
        return {}
    return {r.did: _term(r) for r in _read(session, _TERMS, {"ids": deadline_ids})}


def _page(session: Session, actor: Actor, filters: Filters, calendars: Calendars, offset: int,
          limit: int) -> tuple[list[Key], int | None, int | None]:
    """The page's keys, how many rows there are (up to COUNT_CAP + 1; None when not counted) and, for
    an enlace's unfiltered list, how many have a pending turn."""
    if not sees_everything(actor):
        if not (_asks_about_the_request(filters) or filters.due or filters.sort == "recepcion"):
            keys, total, running = _enlace_inbox(session, actor, filters, offset, limit)
            return keys, total, running
        keys = _enlace_keys(session, actor, filters, calendars, offset, limit)
    elif filters.area_id is not None or filters.folio:
        keys = _narrow_keys(session, actor, filters, calendars, offset, limit)
    else:
        keys = _full_view_keys(session, actor, filters, calendars, offset, limit)
    if offset == 0 and len(keys) < limit:
        return keys, len(keys), None  # the whole list is on this page
    return keys, _capped_count(session, actor, filters, calendars), None


@lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _count_statement(shape: Shape):
    """How many rows, counting no further than the count_limit parameter (for the full view)."""
    due_conditions = _due_conditions(shape.filters)
    conditions = _request_conditions(shape, received_range=not due_conditions)
    if shape.full_view:
        statement = select(TransparencyRequest.id).where(*conditions)
        if due_conditions:
            # From the deadlines' index to the requests by folio, as _running_statement reads them.
            statement = statement.join(Deadline, and_(
                Deadline.organization_id == TransparencyRequest.organization_id,
                Deadline.subject_id == TransparencyRequest.folio)).where(
                Deadline.subject_type == SUBJECT_TYPE, Deadline.kind == DeadlineKind.RESPUESTA, *due_conditions)
        return select(func.count()).select_from(statement.limit(COUNT_LIMIT).subquery())
    statement = _with_request(select(RequestTurn.request_id).where(*_area_turns(shape)), shape)
    if due_conditions:
        statement = statement.join(Deadline, Deadline.id == RequestTurn.deadline_id).where(
            RequestTurn.status == RequestTurnStatus.PENDING, *due_conditions)
    # An area's turns are a few thousand: counted whole (a LIMIT makes the planner walk another index).
    return select(func.count(func.distinct(statement.subquery().c.request_id)))


def _capped_count(session: Session, actor: Actor, filters: Filters, calendars: Calendars) -> int:
    """How many rows, counting no further than COUNT_CAP + 1."""
    return _read(session, _count_statement(_shape(actor, filters)),
                 {"count_limit": COUNT_CAP + 1, **_due_params(filters, calendars)})[0][0]


# -- the page ------------------------------------------------------------------------------------


@dataclass
class ListRow:
    id: int
    folio: str
    pnt_folio: str | None
    kind: RequestKind
    channel: RequestChannel
    received_at: datetime
    status: RequestStatus
    topic: str
    # Empty when the actor may not see it (the description of an ARCO request is personal data; the
    # requester, the contact and the representative are the Unidad's only: sees_identity).
    description: str
    requester: str
    contact: str
    holder: str
    representative: str
    answered_on: date | None
    areas: list[str]
    deadline_id: int | None
    due_on: date | None
    remaining: Remaining
    personal: bool


@dataclass
class Page:
    rows: list[ListRow]
    page: int
    per_page: int
    has_next: bool
    # None when only the requests with a running term were read (an enlace's first pages).
    total: int | None
    total_capped: bool
    personal_columns: bool = False
    # An enlace's requests with a pending turn in its areas (its first pages are these).
    running: int | None = None

    @property
    def pages(self) -> int | None:
        if self.total is None or self.total_capped:
            return None
        return max(1, -(-self.total // self.per_page))


# Plain rows instead of ORM objects: cheaper to build, and the list needs only these.
LIST_COLUMNS = (TransparencyRequest.id, TransparencyRequest.folio, TransparencyRequest.pnt_folio,
                TransparencyRequest.kind, TransparencyRequest.channel, TransparencyRequest.received_at,
                TransparencyRequest.status, TransparencyRequest.topic, TransparencyRequest.description,
                TransparencyRequest.requester_name, TransparencyRequest.requester_kind, TransparencyRequest.contact,
                TransparencyRequest.holder_name,
                TransparencyRequest.representative_name, TransparencyRequest.answered_on)


_PAGE_ROWS = (select(*LIST_COLUMNS, Area.id.label("area_id"), Area.name.label("area_name"))
              .select_from(TransparencyRequest)
              .outerjoin(RequestTurn, RequestTurn.request_id == TransparencyRequest.id)
              .outerjoin(Area, Area.id == RequestTurn.area_id)
              .where(TransparencyRequest.id.in_(bindparam("ids", expanding=True)),
                     TransparencyRequest.organization_id == _ORGANIZATION)
              .order_by(RequestTurn.id))


def _requester(request) -> str:
    """The requester as the list shows it: an anonymous request says so instead of leaving a blank."""
    if request.requester_name or request.requester_kind != RequesterKind.ANONIMO:
        return request.requester_name
    return RequesterKind.ANONIMO.label


def _rows(session: Session, actor: Actor, keys: list[Key], calendars: Calendars) -> list[ListRow]:
    """The page's rows in the order of `keys` (which carry their terms): one query for the requests
    with their turned areas."""
    if not keys:
        return []
    requests, areas = {}, {}
    for row in _read(session, _PAGE_ROWS, {"organization_id": actor.organization_id,
                                           "ids": [key.request_id for key in keys]}):
        requests[row.id] = row
        names = areas.setdefault(row.id, [])
        if row.area_id is not None and (row.area_id, row.area_name) not in names:
            names.append((row.area_id, row.area_name))
    rows = []
    for request_id, term in keys:
        request = requests[request_id]
        personal = _sees_personal(actor, request.kind, (area_id for area_id, _ in areas[request_id]))
        identity = personal and sees_identity(actor)
        rows.append(ListRow(
            id=request.id, folio=request.folio, pnt_folio=request.pnt_folio, kind=request.kind,
            channel=request.channel, received_at=request.received_at, status=request.status, topic=request.topic,
            description=request.description if personal or request.kind != RequestKind.ARCO else "",
            requester=_requester(request) if identity else "", contact=request.contact if identity else "",
            holder=request.holder_name if personal else "",
            representative=request.representative_name if identity else "",
            answered_on=request.answered_on, areas=[name for _, name in areas[request_id]],
            deadline_id=term.id if term else None, due_on=_due_day(term),
            remaining=calendars.remaining(term), personal=personal))
    return rows


def _due_day(term: Term | None) -> date | None:
    """The day a row's term runs to; none once it was cancelled (a notice of incompetencia answered in its
    stead, the request was not presented): nothing is due that day any more."""
    return term.due_on if term is not None and term.status != DeadlineStatus.CANCELLED else None


def request_list(session: Session, actor: Actor, filters: Filters, page: int = 1, per_page: int = PER_PAGE,
                 now: datetime | None = None) -> Page:
    """The requests an actor may see, one page at a time; nothing for roles outside the procedure."""
    page = max(1, min(page, 10_000))
    if not (sees_everything(actor) or enlace_areas(actor)):
        return Page([], 1, per_page, False, 0, False)
    calendars = Calendars(session, actor.organization_id, now or utcnow())
    keys, total, running = _page(session, actor, filters, calendars, (page - 1) * per_page, per_page + 1)
    personal_columns = Role.TRANSPARENCIA in actor.roles or bool(enlace_areas(actor))
    rows = _rows(session, actor, keys[:per_page], calendars)
    if total is None:
        return Page(rows, page, per_page, len(keys) > per_page, None, False, personal_columns, running)
    return Page(rows, page, per_page, len(keys) > per_page, min(total, COUNT_CAP), total > COUNT_CAP,
                personal_columns, running)


def years_to_filter(today: date) -> list[int]:
    """The years offered in the filter (no scan of a million rows to find them)."""
    return list(range(today.year, today.year - 15, -1))
