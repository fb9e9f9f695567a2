"""One request as its page shows it, and what anyone may know of a folio (the public consulta).

Personal data — who asked and how to reach them, the ARCO holder, representative and identity
document, the description of an ARCO request, the escrito and the oficio addressed to them — goes
only to the Unidad de Transparencia; of an ARCO request, the enlaces of the areas it was turned to
read the holder's name and what is asked (an area looks for the holder's data by who the holder is).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_
from sqlmodel import Session, select

from engine.accounts import Actor
from engine.clock import to_local, utcnow
from engine.deadlines import Deadline, DeadlineStatus, deadlines_of, describe_rule, explain
from engine.files import StoredFile
from engine.folios import padded_forms
from engine.labels import in_a_series
from engine.processes import OpenTask
from engine.runtime import NotAllowed, NotFound
from engine.tenancy import Area, Organization
from workflows.access_request.analysis import PUBLIC_INFORMATION_RULE, Limit, public_information_limit
from workflows.access_request.models import (AnswerSense, Appeal, CommitteeCase, RequestKind, RequestTurn,
                                             TransparencyRequest, sense_label)
from engine.days_left import Calendars, Remaining
from workflows.access_request.committee import outcome_now, response_term
from workflows.access_request.queries import (PERSONAL_FILE_KINDS, SUBJECT_TYPE, enlace_areas, sees_everything,
                                             sees_identity, sees_personal_data)
from workflows.access_request.reception import deemed_received_on, received_later_because, reception_note
from workflows.correspondence.models import Correspondence
from workflows.correspondence.queries import may_see as may_see_document

# Stored files that carry the requester's identity: the escrito, the ARCO identification, the oficio.


def request_for(session: Session, actor: Actor, request_id: int) -> TransparencyRequest:
    """A request the actor may see: another organization's does not exist, another area's is refused."""
    request = session.get(TransparencyRequest, request_id)
    if request is None or request.organization_id != actor.organization_id:
        raise NotFound("No existe esa solicitud en su ente.")
    if not sees_everything(actor):
        turned = session.exec(select(RequestTurn.id).where(
            RequestTurn.request_id == request.id, RequestTurn.area_id.in_(sorted(enlace_areas(actor)) or [-1]))).first()
        if turned is None:
            raise NotAllowed("Esta solicitud no se turnó a su área.")
    return request


@dataclass
class TurnView:
    turn: RequestTurn
    area_name: str
    deadline: Deadline | None
    remaining: Remaining
    files: list[StoredFile]
    sense_label: str  # as the request's law names it: «Procedente» for an ARCO right


@dataclass
class CaseView:
    case: CommitteeCase
    area_names: str  # every area that proposed it: «Dirección de Administración y Dirección de Riesgos»
    outcome: str  # an ampliación's, with the day the response falls due now (outcome_now)


@dataclass
class DeadlineView:
    deadline: Deadline
    explanation: str
    remaining: Remaining


@dataclass
class SourceDocument:
    """The oficialía's document a request was registered from: its folio, and whether the reader
    may open its page (the oficialía, the administration, the areas it was turned to)."""

    id: int
    folio: str
    linkable: bool


@dataclass
class RequestDetail:
    request: TransparencyRequest
    # The holder's name and what an ARCO request asks (the Unidad and the turned areas' enlaces)...
    personal: bool
    full_view: bool
    turns: list[TurnView]
    cases: list[CaseView]
    appeals: list[Appeal]
    deadlines: list[DeadlineView]
    response: DeadlineView | None
    documents: list[StoredFile]
    tasks: list[OpenTask] = field(default_factory=list)
    # The día hábil the filing counts as received when that is not the day it arrived (after hours,
    # on an inhábil day); None otherwise. Not the response term's start: a desahogo restarts that.
    deemed_received_on: date | None = None
    # ...and why («durante la suspensión de plazos — …»: reception.received_later_because).
    received_later_because: str = ""
    # ...and who filed it: the requester, the contact, the representative, the identity document (the Unidad).
    identity: bool = False
    # Areas (of those shown) that answered that the information is already public, and the last day to
    # answer so (analysis.public_information_limit), while the request waits for its answer.
    public_answered_by: list[str] = field(default_factory=list)
    public_limit: Limit | None = None
    # Answered by pointing to information already public: the response term became that shorter one
    # (handlers.record_response), in words («5 días hábiles (LGTAIP 2025, art. 132)»).
    public_answer_term: str = ""
    source: SourceDocument | None = None
    # What the page calls a document when its own title does not say whose it is: an area's attachment
    # reads «Anexo — Dirección de Administración» (and its round, when the request was turned more than once).
    document_titles: dict[int, str] = field(default_factory=dict)

    def shown(self, name: str) -> str:
        """A personal field of the request, or a notice that it is withheld."""
        value = getattr(self.request, name) or ""
        return value if self.personal else "Dato personal reservado"


def request_detail(session: Session, actor: Actor, request_id: int, now: datetime | None = None) -> RequestDetail:
    request = request_for(session, actor, request_id)
    full_view = sees_everything(actor)
    calendars = Calendars(session, actor.organization_id, now or utcnow())
    all_turns = session.exec(select(RequestTurn).where(RequestTurn.request_id == request.id)
                             .order_by(RequestTurn.round, RequestTurn.id)).all()
    personal = sees_personal_data(actor, request, list(all_turns))
    identity = personal and sees_identity(actor)
    own = enlace_areas(actor)
    area_names = dict(session.exec(select(Area.id, Area.name)
                                   .where(Area.organization_id == request.organization_id)).all())
    files = {f.id: f for f in session.exec(select(StoredFile).where(
        StoredFile.organization_id == request.organization_id,
        StoredFile.instance_id == request.instance_id)).all()} if request.instance_id else {}

    def visible_area(area_id: int | None) -> bool:
        # An enlace sees its own areas' turns and cases, not what other areas answered.
        return full_view or area_id is None or area_id in own

    def visible_case(case: CommitteeCase) -> bool:
        # A case several areas proposed (one ampliación for all) is each of them's.
        return not case.area_ids or any(visible_area(area_id) for area_id in case.area_ids)

    turns = []
    for turn in all_turns:
        if not visible_area(turn.area_id):
            continue
        deadline = session.get(Deadline, turn.deadline_id) if turn.deadline_id else None
        remaining = calendars.remaining(deadline)
        turn_files = [files[i] if i in files else session.get(StoredFile, i) for i in turn.file_ids or []]
        turns.append(TurnView(turn, area_names.get(turn.area_id, ""), deadline, remaining,
                              [f for f in turn_files
                               if f is not None and f.organization_id == request.organization_id],
                              sense_label(request.kind, turn.sense) if turn.sense else ""))
    term = response_term(session, request)
    due_on = term.due_on if term else None
    cases = [CaseView(c, in_a_series([area_names.get(a, "") for a in c.area_ids]) if c.area_ids else "",
                      outcome_now(c, due_on)) for c in session.exec(
        select(CommitteeCase).where(CommitteeCase.request_id == request.id).order_by(CommitteeCase.id)).all()
        if visible_case(c)]
    appeals = list(session.exec(select(Appeal).where(Appeal.request_id == request.id).order_by(Appeal.id)).all())
    deadlines = []
    for deadline in deadlines_of(session, request.organization_id, SUBJECT_TYPE, request.folio):
        if not visible_area(deadline.responsible_area_id):
            continue
        deadlines.append(DeadlineView(deadline, explain(session, deadline).sentence(), calendars.remaining(deadline)))
    response = next((d for d in deadlines if d.deadline.id == request.response_deadline_id), None)
    documents = _documents(session, request, files, turns, full_view, own, personal, identity)
    tasks = []
    if request.instance_id is not None:
        tasks = [t for t in session.exec(select(OpenTask).where(
            OpenTask.instance_id == request.instance_id, OpenTask.organization_id == actor.organization_id)
            .order_by(OpenTask.created_at)).all() if actor.can_act(t.role, t.area_id)]
    found = RequestDetail(request, personal, full_view, turns, cases, appeals, deadlines, response, documents, tasks,
                          deemed_received_on(session, request), received_later_because(session, request), identity,
                          source=_source(session, actor, request),
                          document_titles=_titles_of_attachments(turns, len({t.round for t in all_turns}) > 1))
    _public_information(session, found, to_local(now or utcnow(), actor.timezone).date())
    return found


def _titles_of_attachments(turns: list[TurnView], several_rounds: bool) -> dict[int, str]:
    """Each file an area attached to its answer, named with that area (and the round): two areas'
    attachments are otherwise both «Anexo»."""
    titles = {}
    for view in turns:
        round_words = f", ronda {view.turn.round}" if several_rounds else ""
        for stored in view.files:
            titles.setdefault(stored.id, f"{stored.title} — {view.area_name}{round_words}")
    return titles


def _source(session: Session, actor: Actor, request: TransparencyRequest) -> SourceDocument | None:
    item = session.get(Correspondence, request.correspondence_id) if request.correspondence_id else None
    if item is None or item.organization_id != request.organization_id:
        return None
    return SourceDocument(item.id, item.folio, may_see_document(session, actor, item))


def _public_information(session: Session, found: RequestDetail, today: date) -> None:
    """What the page says of the shorter term of an answer pointing to information already public: before
    the answer, once an area answered so, its last day; after it, that the response term became it."""
    response = found.response.deadline if found.response else None
    if response is not None and response.rule_key == PUBLIC_INFORMATION_RULE:
        found.public_answer_term = describe_rule(response)
    if found.request.answered_on is not None:
        return
    found.public_answered_by = list(dict.fromkeys(view.area_name for view in found.turns
                                                  if view.turn.sense == AnswerSense.PUBLICA))
    if found.public_answered_by:
        found.public_limit = public_information_limit(session, found.request, today)


def _documents(session: Session, request: TransparencyRequest, files: dict[int, StoredFile], turns: list[TurnView],
               full_view: bool, own: set[int], personal: bool, identity: bool) -> list[StoredFile]:
    found = dict(files)
    for file_id in (request.oficio_file_id, request.public_version_file_id):
        if file_id and file_id not in found:
            stored = session.get(StoredFile, file_id)
            if stored is not None and stored.organization_id == request.organization_id:
                found[file_id] = stored
    for view in turns:
        for stored in view.files:
            found.setdefault(stored.id, stored)
    if not personal and request.kind == RequestKind.ARCO:
        return []  # every file of an ARCO request is the holder's (and /archivos refuses them too)
    shown = []
    for stored in sorted(found.values(), key=lambda f: (f.created_at, f.id)):
        if not full_view and stored.area_id is not None and stored.area_id not in own:
            continue
        # The escrito, the identification, the acuse and the oficios say who filed it (/archivos refuses them too).
        if not identity and stored.kind in PERSONAL_FILE_KINDS:
            continue
        shown.append(stored)
    return shown


# -- public lookup -------------------------------------------------------------------------------


@dataclass
class PublicRequestStatus:
    """Only what anyone may know of a request: no description, requester, areas or answers."""

    folio: str
    organization_name: str
    kind_label: str
    status_label: str
    received_at: datetime
    due_on: date | None
    answered_on: date | None
    timezone: str
    # Paused by a prevención: no due day until the requester answers and the term starts again.
    due_paused: bool = False
    # Filed after closing time or on an inhábil day: the acuse's sentence of the día hábil it counts from.
    reception: str = ""


@dataclass
class PublicRequestLookup:
    status: PublicRequestStatus | None = None
    choices: list[tuple[str, str]] = field(default_factory=list)


def public_status(session: Session, folio: str, organization_slug: str | None = None) -> PublicRequestLookup:
    """A request by its folio or its PNT folio, in an active organization."""
    found = _requests_numbered(session, [folio], organization_slug) or _requests_numbered(
        session, padded_forms(folio), organization_slug)  # «SAI-2026-12», typed without its zeros
    if len({o.id for _, o in found}) > 1:
        return PublicRequestLookup(choices=[(o.slug, o.name) for _, o in found])
    if not found:
        return PublicRequestLookup()
    request, organization = found[0]
    deadline = session.get(Deadline, request.response_deadline_id) if request.response_deadline_id else None
    return PublicRequestLookup(status=PublicRequestStatus(
        folio=request.folio, organization_name=organization.name, kind_label=request.kind.label,
        status_label=request.status.label, received_at=request.received_at,
        due_on=deadline.due_on if deadline and deadline.status not in (DeadlineStatus.CANCELLED,
                                                                         DeadlineStatus.PAUSED) else None,
        answered_on=request.answered_on,
        timezone=organization.timezone, due_paused=deadline is not None and deadline.status == DeadlineStatus.PAUSED,
        reception=reception_note(session, request)))


def _requests_numbered(session: Session, folios: list[str], organization_slug: str | None) -> list:
    if not folios:
        return []
    query = (select(TransparencyRequest, Organization)
             .join(Organization, Organization.id == TransparencyRequest.organization_id)
             .where(or_(TransparencyRequest.folio.in_(folios), TransparencyRequest.pnt_folio.in_(folios)),
                    Organization.active))
    if organization_slug:
        query = query.where(Organization.slug == organization_slug.strip().lower())
    return session.exec(query.order_by(Organization.name)).all()

