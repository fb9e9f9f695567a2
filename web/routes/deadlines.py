"""Plazos: a deadline's page with its explanation and history, and "Mis plazos"."""

from dataclasses import dataclass
from typing import Any

from litestar import Request, get, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Response, Template
from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from engine.accounts import Actor, Role, User, actor_for
from engine.alert_policy import OPTION_KINDS, QUIET_KINDS, REQUESTER_RULES, kinds_alerting
from engine.alerts import ROLE_OF_RECIPIENT
from engine.business_calendar import WEEKDAY_NAMES
from engine.calendar_feeds import deadlines_calendar, feed_owner, has_feed, issue_feed, revoke_feed
from engine.clock import to_local, utcnow
from engine.db import reading, transaction
from engine.days_left import Calendars, Remaining
from engine.deadlines import (LIVE_STATUSES, Deadline, DeadlineKind, DeadlineStatus, describe_rule, events_of,
                              explain)
from engine.rule_sets import UnknownRule, rule_set_by_code
from engine.runtime import NotFound
from engine.tenancy import Area, Organization
from workflows.access_request.models import TransparencyRequest
from workflows.correspondence.models import Correspondence

PER_PAGE = 50
# Roles that answer for the whole organization's terms when held without an area.
ORG_WIDE_ROLES = (Role.ADMIN, Role.TRANSPARENCIA, Role.JURIDICO, Role.OFICIALIA)
EVENT_LABELS = {"abierto": "Apertura", "pausado": "Pausa", "reanudado": "Reanudación", "ampliado": "Ampliación",
                "recalculado": "Recálculo", "cumplido": "Cumplimiento", "cancelado": "Cancelación",
                "devuelto": "Cumplimiento devuelto"}
LIVE_FILTER = ""
WHOLE_ORGANIZATION = "todos"


def sees_all(actor: Actor) -> bool:
    return any(None in actor.grants.get(role, ()) for role in ORG_WIDE_ROLES)


def followed_kinds(session: Session, actor: Actor) -> list[DeadlineKind] | None:
    """The kinds of deadline an office held organization-wide follows: those whose alerts reach it
    (Administración → Alertas). None for the administration, which follows every kind."""
    if None in actor.grants.get(Role.ADMIN, ()):
        return None
    offices = [name for name, role in ROLE_OF_RECIPIENT.items() if None in actor.grants.get(role, ())]
    every = [kind.value for kind in DeadlineKind]
    return [DeadlineKind(kind) for kind in dict.fromkeys(
        kind for office in offices for kind in kinds_alerting(session, actor.organization_id, office, every))]


def _is_responsible(actor: Actor, deadline: Deadline) -> bool:
    return (deadline.responsible_user_id is not None and deadline.responsible_user_id == actor.user_id) or \
        deadline.responsible_area_id in actor.area_ids()


def may_see(actor: Actor, deadline: Deadline) -> bool:
    """Whether /plazos/{id} shows this deadline to the actor: pages link to it only then."""
    return sees_all(actor) or _is_responsible(actor, deadline)


def _visible_deadline(session: Session, actor: Actor, deadline_id: int) -> Deadline:
    deadline = session.get(Deadline, deadline_id)
    if deadline is None or deadline.organization_id != actor.organization_id:
        raise NotFound("No existe ese plazo.")
    if not may_see(actor, deadline):
        raise PermissionDeniedException("Este plazo corresponde a otra área; solo lo ven sus responsables.")
    return deadline


# -- what the deadline is about -----------------------------------------------------------------


def _correspondence_link(session: Session, deadline: Deadline) -> tuple[str, str] | None:
    item_id = session.exec(select(Correspondence.id).where(
        Correspondence.organization_id == deadline.organization_id,
        Correspondence.folio == deadline.subject_id)).first()
    return (f"/correspondencia/{item_id}", f"Correspondencia {deadline.subject_id}") if item_id else None


def _request_link(session: Session, deadline: Deadline) -> tuple[str, str] | None:
    request_id = session.exec(select(TransparencyRequest.id).where(
        TransparencyRequest.organization_id == deadline.organization_id,
        TransparencyRequest.folio == deadline.subject_id)).first()
    return (f"/solicitudes/{request_id}", f"Solicitud {deadline.subject_id}") if request_id else None


def _session_link(session: Session, deadline: Deadline) -> tuple[str, str] | None:
    # A session's terms (its convocatoria, its acta's review) carry the session's id.
    return (f"/sesiones/{deadline.subject_id}", "la sesión") if deadline.subject_id.isdigit() else None


# subject_type → the page of the thing the deadline is about; others fall back to their process.
SUBJECT_PAGES = {"correspondencia": _correspondence_link, "solicitud": _request_link, "sesion": _session_link}


def subject_link(session: Session, deadline: Deadline) -> tuple[str, str] | None:
    page = SUBJECT_PAGES.get(deadline.subject_type)
    link = page(session, deadline) if page else None
    if link is None and deadline.instance_id is not None:
        link = (f"/procesos/{deadline.instance_id}", f"Expediente {deadline.instance_id}")
    return link


def _rule_set_name_and_note(session: Session, deadline: Deadline) -> tuple[str, str]:
    """The name of the deadline's rule set, and the note its rule carries for staff ("" if none)."""
    try:
        rule_set = rule_set_by_code(session, deadline.organization_id, deadline.rule_set_code)
    except UnknownRule:
        return deadline.rule_set_code, ""
    rule = rule_set.rules.get(deadline.rule_key)
    return rule_set.name, rule.note if rule else ""


@get("/plazos/{deadline_id:int}", sync_to_thread=True)
def deadline_page(db: Session, actor: Actor, deadline_id: int) -> Template:
    deadline = _visible_deadline(db, actor, deadline_id)
    area = db.get(Area, deadline.responsible_area_id) if deadline.responsible_area_id else None
    person = db.get(User, deadline.responsible_user_id) if deadline.responsible_user_id else None
    parent = db.get(Deadline, deadline.parent_id) if deadline.parent_id else None
    rule_set_name, rule_note = _rule_set_name_and_note(db, deadline)
    return Template("deadlines/deadline.html", context={
        "actor": actor, "deadline": deadline, "kind": DeadlineKind(deadline.kind),
        "rule": describe_rule(deadline), "rule_note": rule_note,
        "rule_set_name": rule_set_name, "explanation": explain(db, deadline),
        "remaining": Calendars(db, deadline.organization_id, utcnow()).remaining(deadline),
        "events": events_of(db, deadline), "event_labels": EVENT_LABELS,
        "subject": subject_link(db, deadline), "area": area, "person": person, "parent": parent,
        "parent_visible": parent is not None and may_see(actor, parent),
        # When it was opened (an area's turn: given), in the organization's day and hour.
        "anchored_at": to_local(deadline.anchored_at, actor.timezone), "weekdays": WEEKDAY_NAMES})


# -- Mis plazos ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    area_name: str | None
    person_name: str | None
    remaining: Remaining


@dataclass(frozen=True)
class DeadlinePage:
    rows: list[DeadlineRow]
    total: int
    page: int
    pages: int


# Kinds whose lapse is no breach: the requester's terms, and the Unidad's options while it analyses a request.
QUIET = sorted(DeadlineKind(kind) for kind in QUIET_KINDS | OPTION_KINDS)


def _own(actor: Actor) -> list:
    """Conditions for the deadlines a person answers for: their own, and their areas'."""
    own = [Deadline.responsible_user_id == actor.user_id]
    if actor.area_ids():
        own.append(Deadline.responsible_area_id.in_(sorted(actor.area_ids())))
    return own


def _mine(actor: Actor, status: str, kind: str, followed: list[DeadlineKind] | None) -> list:
    """The conditions of Mis plazos: the deadlines this person answers for (see my_deadlines)."""
    condition = [Deadline.organization_id == actor.organization_id]
    if status == LIVE_FILTER:
        condition.append(Deadline.status.in_(LIVE_STATUSES))
        # A term that ran for someone outside (the requester's window to pay), or an option the Unidad
        # did not use, asks nothing of anyone once it has passed: it leaves the list of what is pending
        # (the «Vencido» filter still has it).
        # (the requester's window to appeal is of the kind «recurso», as the body's term to comply with
        # the resolution: its rule tells them apart).
        condition.append(or_(Deadline.status != DeadlineStatus.MISSED,
                             and_(Deadline.kind.not_in(QUIET), Deadline.rule_key.not_in(sorted(REQUESTER_RULES)))))
    else:
        condition.append(Deadline.status == status)
    if kind:
        condition.append(Deadline.kind == kind)
    if not sees_all(actor):
        condition.append(or_(*_own(actor)))
    elif followed is not None:
        condition.append(or_(Deadline.kind.in_(followed), *_own(actor)))
    return condition


def my_deadlines(session: Session, actor: Actor, status: str, kind: str, page: int,
                 followed: list[DeadlineKind] | None = None) -> DeadlinePage:
    """The deadlines this person answers for, by due day. An office held organization-wide sees
    every deadline of the organization, or, given `followed`, the kinds it follows and its own."""
    condition = _mine(actor, status, kind, followed)
    total = session.exec(select(func.count()).select_from(Deadline).where(*condition)).one()
    pages = max(1, -(-total // PER_PAGE))
    page = min(page, pages)
    rows = session.exec(select(Deadline, Area.name, User.full_name).where(*condition)
                        .outerjoin(Area, Area.id == Deadline.responsible_area_id)
                        .outerjoin(User, User.id == Deadline.responsible_user_id)
                        .order_by(Deadline.due_on, Deadline.id).offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    calendars = Calendars(session, actor.organization_id, utcnow())
    return DeadlinePage([DeadlineRow(d, area, person, calendars.remaining(d)) for d, area, person in rows],
                        total, page, pages)


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and int(raw) > 0 else 1


@get("/plazos", sync_to_thread=True)
def my_deadlines_page(request: Request, db: Session, actor: Actor, estado: str | None = None,
                      tipo: str | None = None, ver: str | None = None, pagina: str | None = None) -> Template:
    filters = {"status": estado if estado in DeadlineStatus._value2member_map_ else LIVE_FILTER,
               "kind": tipo if tipo in DeadlineKind._value2member_map_ else "",
               "scope": WHOLE_ORGANIZATION if ver == WHOLE_ORGANIZATION else ""}
    # Only an office held organization-wide chooses between the kinds it follows and everything.
    followed = followed_kinds(db, actor) if sees_all(actor) else None
    result = my_deadlines(db, actor, filters["status"], filters["kind"], _page_number(pagina),
                          followed=None if filters["scope"] == WHOLE_ORGANIZATION else followed)
    context: dict[str, Any] = {"actor": actor, "result": result, "filters": filters,
                               "statuses": list(DeadlineStatus), "kinds": list(DeadlineKind),
                               "sees_all": sees_all(actor), "followed": followed,
                               "has_feed": has_feed(db, actor.user_id)}
    if request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "tabla-plazos":
        return Template("deadlines/_table.html", context=context)
    return Template("deadlines/list.html", context=context)


# -- Mis plazos in the person's own calendar ----------------------------------------------------

# Enough for any office's live terms; an organization-wide office far behind sees the soonest.
FEED_LIMIT = 500


@get("/plazos/calendario/{token:str}", sync_to_thread=True, include_in_schema=False)
def deadlines_feed(state: State, token: str) -> Response:
    """What Mis plazos lists by default, for Outlook, Google Calendar or a phone: no session, the
    secret address is the key."""
    with reading(state.engine) as db:
        user = feed_owner(db, token)
        if user is None:
            raise NotFoundException("Esta dirección de calendario no existe o fue reemplazada por otra.")
        actor = actor_for(db, user)
        followed = followed_kinds(db, actor) if sees_all(actor) else None
        deadlines = db.exec(select(Deadline).where(*_mine(actor, LIVE_FILTER, "", followed))
                            .order_by(Deadline.due_on, Deadline.id).limit(FEED_LIMIT)).all()
        content = deadlines_calendar(list(deadlines), db.get(Organization, actor.organization_id),
                                     state.settings.base_url)
    return Response(content, media_type="text/calendar",
                    headers={"Cache-Control": "private, no-store", "Content-Disposition": 'inline; filename="plazos.ics"'})


@post("/plazos/calendario", sync_to_thread=True)
def issue_deadlines_feed(state: State, actor: Actor) -> Template:
    with transaction(state.engine) as session:
        token = issue_feed(session, actor.user_id)
    # Shown once: only its SHA-256 is kept.
    return Template("deadlines/feed_issued.html", context={
        "actor": actor, "url": f"{state.settings.base_url}/plazos/calendario/{token}"})


@post("/plazos/calendario/retirar", sync_to_thread=True)
def revoke_deadlines_feed(state: State, actor: Actor) -> Redirect:
    with transaction(state.engine) as session:
        revoke_feed(session, actor.user_id)
    return Redirect("/plazos", status_code=303)


ROUTES: list = [deadline_page, my_deadlines_page, deadlines_feed, issue_deadlines_feed, revoke_deadlines_feed]
