"""Comité de Transparencia: requests' cases as items of its sessions, and their acuerdos flowing back.

A case a request raises (ampliación, clasificación, inexistencia, incompetencia) becomes an item
"para aprobación" of the Comité's next session that is held in time for the request's response
due day; when there is none, Pleno proposes an extraordinary session. When the item's vote
closes with a numbered acuerdo, the request's pending "Resolver el caso" task is completed with
that acuerdo, so the request's own handlers record it and move its clock. A case the Comité
resolves in the request's own file instead leaves the orden del día, with that resolution.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor, Membership, Role, User
from engine.clock import to_local, to_utc
from engine.deadlines import Deadline
from engine.documents import long_date
from engine.labels import addressed_to, in_a_series
from engine.forms import FormInvalid
from engine.legal_calendar import calendar_for
from engine.notifications import Message, notify
from engine.processes import OpenTask, ProcessInstance
from engine.runtime import NotAllowed, StaleInstance, TaskGone, runtime
from engine.tenancy import Area, Organization
from workflows.access_request.forms import considerations_refusal
from workflows.access_request.models import (CommitteeCase, CommitteeCaseKind, CommitteeResolution, RequestKind,
                                             TransparencyRequest)
from workflows.board_session.agenda_notice import AgendaChange, agenda_changed
from workflows.board_session.agenda_order import NOT_YET_HELD, renumber
from workflows.board_session.models import (AgendaItem, Board, BoardSession, ItemKind, ItemStatus, LeadUnit,
                                            Resolution, SessionKind, SessionStatus)
from workflows.board_session.naming import vote_count
from workflows.board_session.sessions import (ITEM_STANDING, BoardError, OutOfOrder, check_version, local_day,
                                              plan_session, require_organizer, title_of)

# Sessions whose orden del día still takes a case.
OPEN_FOR_ITEMS = (SessionStatus.PLANNED, SessionStatus.CALLED)
# The hour Pleno proposes for an extraordinary session, in the organization's time zone.
PROPOSED_HOUR = time(10, 0)
TASK_NAME = "committee_resolution"
# What the Comité is asked to confirm, per kind of case: (noun phrase, participle agreeing with it).
MATTER = {CommitteeCaseKind.CLASIFICACION: ("la clasificación de la información", "propuesta"),
          CommitteeCaseKind.AMPLIACION: ("la ampliación del plazo de respuesta", "propuesta"),
          CommitteeCaseKind.INEXISTENCIA: ("la inexistencia de la información", "declarada"),
          CommitteeCaseKind.INCOMPETENCIA: ("la incompetencia", "declarada")}
# An ARCO request asks for the titular's own personal data, not for "la información".
ARCO_MATTER = {CommitteeCaseKind.INEXISTENCIA: ("la inexistencia de los datos personales", "declarada")}
KIND_OF_REQUEST = {RequestKind.ACCESO: "de información", RequestKind.ARCO: "de derechos ARCO"}
VERB = {CommitteeResolution.CONFIRMA: "confirma", CommitteeResolution.MODIFICA: "modifica",
        CommitteeResolution.REVOCA: "revoca"}
NOUN = {CommitteeResolution.CONFIRMA: "confirmación", CommitteeResolution.MODIFICA: "modificación",
        CommitteeResolution.REVOCA: "revocación"}
# The field of the session page's form where Jurídica writes how the Comité modifies, or why it revokes (set_sense).
CONSIDERATIONS_FIELD = "consideraciones"


@dataclass(frozen=True)
class Placement:
    """Where a case went: the item, its session, and whether Pleno proposed it or it comes late."""

    item: AgendaItem
    session: BoardSession
    proposed: bool
    late: bool


def transparency_committee(db: Session, organization_id: int) -> Board | None:
    return db.exec(select(Board).where(Board.organization_id == organization_id, Board.active.is_(True),
                                       Board.transparency_committee.is_(True)).order_by(Board.id)).first()


def _organizer(organization_id: int) -> Actor:
    # Pleno itself proposes the session when a request needs one: the audit shows it was not a person.
    return Actor(None, organization_id, "Pleno (propuesta automática)", {Role.JURIDICO: {None}})


def _of_the_area(area: Area) -> str:
    """"la Dirección de Administración", "el Órgano Interno de Control" (for the item's title)."""
    first = area.name.split()[0].lower()
    feminine = first.endswith(("ción", "sión", "dad", "ía", "a"))
    return f"{'la' if feminine else 'el'} {area.name}"


def of_the_areas(areas: list[Area]) -> str:
    """"la Dirección de Administración y la Dirección de Riesgos": every area that proposed the case."""
    return in_a_series([_of_the_area(area) for area in areas]) if areas else "el área"


def proposing_areas(db: Session, case: CommitteeCase) -> list[Area]:
    """The areas that proposed the case, the first one first (several ask for one ampliación together)."""
    return [area for area in (db.get(Area, area_id) for area_id in case.area_ids) if area is not None]


def matter_of(case: CommitteeCase, request: TransparencyRequest) -> tuple[str, str]:
    """What the Comité is asked to confirm in this request: (noun phrase, participle agreeing with it)."""
    kind = CommitteeCaseKind(case.kind)
    if request.kind == RequestKind.ARCO and kind in ARCO_MATTER:
        return ARCO_MATTER[kind]
    return MATTER[kind]


def item_title(case: CommitteeCase, request: TransparencyRequest, areas: list[Area],
               sense: CommitteeResolution = CommitteeResolution.CONFIRMA) -> str:
    matter, participle = matter_of(case, request)
    return f"Solicitud {request.folio}: {NOUN[sense]} de {matter} {participle} por {of_the_areas(areas)}"


def draft_resolution(case: CommitteeCase, request: TransparencyRequest, areas: list[Area],
                     sense: CommitteeResolution, considerations: str = "") -> str:
    """The acuerdo proposed to the Comité, with the considerations of a modification or a revocation (how it
    modifies, why it revokes); the folio only, never the applicant's data."""
    matter, participle = matter_of(case, request)
    text = (f"El Comité de Transparencia {VERB[sense]} {matter} {participle} por {of_the_areas(areas)} "
            f"en la atención de la solicitud {KIND_OF_REQUEST.get(request.kind, 'de información')} {request.folio}"
            f"{_instruction(case, request, areas, sense)}")
    return f"{text} Consideraciones: {considerations.strip()}" if considerations.strip() else text


def _instruction(case: CommitteeCase, request: TransparencyRequest, areas: list[Area],
                 sense: CommitteeResolution) -> str:
    """«, y se instruye a …»: what the acuerdo has done after it."""
    party = addressed_to(request.kind.party)  # the requester of an access request, the titular in ARCO
    if case.kind == CommitteeCaseKind.AMPLIACION and sense != CommitteeResolution.REVOCA:
        return f", y se instruye a la Unidad de Transparencia notificar la ampliación {party}."
    if case.kind == CommitteeCaseKind.AMPLIACION:
        # Without the ampliación the term stays as it was: there is nothing to deliver yet, only to answer in time.
        addressed = "a las áreas" if len(areas) > 1 else "al área"
        return f", y se instruye {addressed} responder dentro del plazo original."
    if case.kind == CommitteeCaseKind.CLASIFICACION and sense != CommitteeResolution.REVOCA:
        return ", y se instruye a la Unidad de Transparencia entregar la versión pública correspondiente."
    if sense == CommitteeResolution.REVOCA and request.kind == RequestKind.ARCO:
        return ", y se instruye al área atender el ejercicio del derecho solicitado."
    if sense == CommitteeResolution.REVOCA:
        return ", y se instruye al área entregar la información solicitada."
    return f", y se instruye a la Unidad de Transparencia notificarlo {party}."


def _day_bounds(db: Session, organization_id: int, first: date, last: date | None):
    tz_name = db.get(Organization, organization_id).timezone
    start = to_utc(datetime.combine(first, time.min), tz_name)
    end = to_utc(datetime.combine(last + timedelta(days=1), time.min), tz_name) if last else None
    return start, end


def next_session(db: Session, board: Board, today: date, due: date | None) -> BoardSession | None:
    """The body's first session still open for items, from today and (when given) by the due day."""
    start, end = _day_bounds(db, board.organization_id, today, due)
    query = select(BoardSession).where(BoardSession.board_id == board.id, BoardSession.status.in_(OPEN_FOR_ITEMS),
                                       BoardSession.scheduled_at >= start)
    if end is not None:
        query = query.where(BoardSession.scheduled_at < end)
    return db.exec(query.order_by(BoardSession.scheduled_at, BoardSession.id)).first()


def earliest_day(db: Session, board: Board, today: date) -> date:
    """The first día hábil the body's lead time for an extraordinary session allows."""
    calendar = calendar_for(db, board.organization_id, "sesiones")
    if board.lead_unit == LeadUnit.BUSINESS_DAYS:
        return calendar.add_business_days(today, board.lead_extraordinary)
    return calendar.next_business_day(today + timedelta(days=board.lead_extraordinary), include_same_day=True)


def extraordinary_day(db: Session, board: Board, today: date, due: date) -> date | None:
    """The last día hábil before the due day that still meets the lead time, or None.

    The last one, not the first: the area and the Unidad have the most time to prepare the case,
    the convocatoria still goes out in time, and the due day is left for the notification.
    """
    calendar = calendar_for(db, board.organization_id, "sesiones")
    first = earliest_day(db, board, today)
    day = due - timedelta(days=1)
    while day >= first:
        if calendar.is_business_day(day):
            return day
        day -= timedelta(days=1)
    return None


def _propose(db: Session, board: Board, day: date, why: str) -> BoardSession:
    """Planned like one from the page, with its process started: Jurídica convokes it or moves it."""
    # Imported here: the package's __init__ imports the room, which imports this module.
    from workflows.board_session import start_session_process
    organizer = _organizer(board.organization_id)
    board_session = plan_session(db, organizer, board, SessionKind.EXTRAORDINARY, datetime.combine(day, PROPOSED_HOUR),
                                 place=board.default_place, notes=why)
    start_session_process(db, organizer, board_session)
    return board_session


def item_of_case(db: Session, case_id: int) -> AgendaItem | None:
    """The case's item still waiting for its vote, if any (a cancelled session's item is not, nor one that went
    on to a later session: the item there waits instead)."""
    later = aliased(AgendaItem)
    return db.exec(select(AgendaItem).join(BoardSession, BoardSession.id == AgendaItem.session_id).where(
        AgendaItem.committee_case_id == case_id, AgendaItem.result.is_(None),
        AgendaItem.status == ItemStatus.ACCEPTED, BoardSession.status != SessionStatus.CANCELLED,
        ~exists().where(later.carried_from_id == AgendaItem.id))).first()


def raise_case(db: Session, actor: Actor, case: CommitteeCase, now: datetime) -> Placement | None:
    """Put a request's case in the Comité's agenda; None when the organization has no such body."""
    board = transparency_committee(db, case.organization_id)
    if board is None or item_of_case(db, case.id) is not None:
        return None
    request = db.get(TransparencyRequest, case.request_id)
    organization = db.get(Organization, case.organization_id)
    today = to_local(now, organization.timezone).date()
    due = db.get(Deadline, request.response_deadline_id).due_on if request.response_deadline_id else None
    proposed = late = False
    board_session = next_session(db, board, today, due)
    if board_session is None:
        day = extraordinary_day(db, board, today, due) if due else None
        if day is not None:
            try:
                board_session = _propose(db, board, day, (
                    f"Sesión propuesta por Pleno: la solicitud {request.folio} vence el {long_date(due)} y el "
                    f"{board.name} no tiene sesión programada antes de esa fecha para resolver su caso "
                    f"({case.kind.label.lower()})."))
                proposed = True
            except OutOfOrder:
                # An extraordinary session after the due day was already convened: one before it would
                # take its number. The case goes to that one, said to be late.
                pass
        if board_session is None:
            late = True
            board_session = next_session(db, board, today, None)
            if board_session is None:
                board_session = _propose(db, board, earliest_day(db, board, today), (
                    f"Sesión propuesta por Pleno para resolver el caso de la solicitud {request.folio}, que vence "
                    f"el {long_date(due) if due else 'sin fecha'}: no hay fecha posible antes del vencimiento."))
                proposed = True
    item = _add_item(db, board_session, case, request)
    _tell(db, board, board_session, item, request, proposed, late, due)
    return Placement(item, board_session, proposed, late)


def _add_item(db: Session, board_session: BoardSession, case: CommitteeCase,
              request: TransparencyRequest) -> AgendaItem:
    areas = proposing_areas(db, case)
    sense = CommitteeResolution.CONFIRMA
    item = AgendaItem(organization_id=board_session.organization_id, session_id=board_session.id,
                      kind=ItemKind.FOR_APPROVAL, title=item_title(case, request, areas, sense)[:500],
                      description=case.reasoning, proposed_resolution=draft_resolution(case, request, areas, sense),
                      area_id=case.area_id, status=ItemStatus.ACCEPTED, committee_case_id=case.id,
                      committee_sense=sense.value, position=10_000)
    db.add(item)
    db.flush()
    renumber(db, board_session)
    agenda_changed(db, board_session, item, AgendaChange.ADDED)
    return item


def _people(db: Session, organization_id: int, *roles: Role) -> list[User]:
    return list(db.exec(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.organization_id == organization_id, Membership.role.in_(roles), User.active.is_(True))
        .distinct().order_by(User.id)).all())


def _tell(db: Session, board: Board, board_session: BoardSession, item: AgendaItem, request: TransparencyRequest,
          proposed: bool, late: bool, due: date | None) -> None:
    """The request's timeline says where the case went; the Comité and Jurídica are told when it needs them."""
    title = title_of(board_session, board)
    when = long_date(local_day(db, board_session))
    summary = f"El caso pasó al orden del día de la {title} ({when})"
    if proposed:
        summary = f"Pleno propuso la {title} para el {when}: no había sesión antes del vencimiento"
    if late:
        summary += f"; ATENCIÓN: la sesión es posterior al vencimiento de la solicitud ({long_date(due)})"
    audit.record(db, request.organization_id, None, "Pleno", "solicitud.caso_en_sesion", "proceso",
                 request.instance_id, summary=summary[:500], after={"sesion_id": board_session.id, "punto_id": item.id})
    called = board_session.status == SessionStatus.CALLED
    if not (proposed or late or called):
        return
    if proposed:
        subject, advice = f"Se propone la {title} para el {when}", "Revise la fecha y convoque la sesión."
    elif late:
        subject = f"El caso de la solicitud {request.folio} se resolverá después de su vencimiento"
        advice = "Considere convocar antes una sesión extraordinaria."
    else:
        # The members already have the convocatoria: Pleno told them of the new item (_add_item).
        subject = f"Nuevo punto en el orden del día de la {title}, ya convocada"
        advice = ("Pleno avisó del nuevo punto a quienes recibieron la convocatoria, con la liga al orden del día "
                  "vigente.")
    body = f"{summary}. Punto: {item.title}. {advice}"
    message = Message(key=f"ct-caso-{item.committee_case_id}-sesion-{board_session.id}", subject=subject[:300],
                      body=body, link=f"/sesiones/{board_session.id}")
    for user in _people(db, request.organization_id, Role.COMITE, Role.JURIDICO):
        notify(db, user, message)


def set_sense(db: Session, actor: Actor, item: AgendaItem, sense: CommitteeResolution,
              expected_version: int | None, considerations: str = "") -> None:
    """Jurídica changes what the Comité is asked to vote (modifica, revoca), with its considerations (how it
    modifies, why it revokes: required for those two); title and acuerdo follow."""
    require_organizer(actor)
    check_version(item, expected_version, "este punto")
    if item.committee_case_id is None:
        raise BoardError("Este punto no es un caso de una solicitud.")
    if item.result is not None:
        raise BoardError("La votación de este punto ya se cerró.")
    if item.status != ItemStatus.ACCEPTED:
        raise BoardError(f"Este punto {ITEM_STANDING[item.status]}: ya no se vota.")
    refusal = considerations_refusal(sense, considerations)
    if refusal:
        raise BoardError(refusal, CONSIDERATIONS_FIELD)
    case = db.get(CommitteeCase, item.committee_case_id)
    request = db.get(TransparencyRequest, case.request_id)
    areas = proposing_areas(db, case)
    item.committee_sense, item.committee_notes = sense.value, considerations.strip()
    item.title = item_title(case, request, areas, sense)[:500]
    item.proposed_resolution = draft_resolution(case, request, areas, sense, item.committee_notes)
    db.flush()


def resolved_in_the_file(db: Session, actor: Actor, case_id: int, number: str, day: date,
                         sense: CommitteeResolution) -> AgendaItem | None:
    """The Comité resolved a case in the request's own file: its item waiting in a session not yet
    held leaves the orden del día, kept with the resolution that settled it, so that no session
    votes a second, contradictory acuerdo on it. The item whose vote resolved it has its result."""
    item = item_of_case(db, case_id)
    board_session = db.get(BoardSession, item.session_id) if item is not None else None
    # A case resolved in the request's own file leaves a session not yet held.
    if board_session is None or board_session.status not in NOT_YET_HELD:
        return None
    case = db.get(CommitteeCase, case_id)
    request = db.get(TransparencyRequest, case.request_id)
    matter, _ = matter_of(case, request)
    item.status = ItemStatus.WITHDRAWN
    item.withdrawn_reason = (f"El Comité de Transparencia ya resolvió el caso en el expediente de la solicitud "
                             f"{request.folio}: resolución {number} del {long_date(day)}, que {VERB[sense]} {matter}.")
    db.flush()
    renumber(db, board_session)
    title = title_of(board_session, db.get(Board, board_session.board_id))
    audit.record(db, board_session.organization_id, None, "Pleno", "sesion.punto_retirado", "sesion",
                 board_session.id, summary=f"Retiró del orden del día el punto «{item.title[:150]}»: "
                                           f"{item.withdrawn_reason}"[:500])
    _log(db, actor, request, "solicitud.caso_retirado_de_sesion",
         f"El caso salió del orden del día de la {title}: ya se resolvió (resolución {number}).")
    agenda_changed(db, board_session, item, AgendaChange.WITHDRAWN, item.withdrawn_reason)
    if board_session.status != SessionStatus.PLANNED:
        # The members already have the orden del día that carried it (told just now, if not yet in session).
        called = board_session.status == SessionStatus.CALLED
        advice = ("Pleno avisó del retiro a quienes recibieron la convocatoria." if called
                  else "Infórmelo en la sesión: el punto ya no se vota.")
        message = Message(key=f"ct-caso-{case_id}-retirado-{board_session.id}",
                          subject=f"Se retiró un punto del orden del día de la {title}"[:300],
                          body=f"Punto: {item.title}. {item.withdrawn_reason} {advice}",
                          link=f"/sesiones/{board_session.id}")
        for user in _people(db, board_session.organization_id, Role.COMITE, Role.JURIDICO):
            notify(db, user, message)
    return item


def already_resolved(db: Session, item: AgendaItem) -> str | None:
    """Why the case an item carries can no longer be voted (resolved already), or None."""
    if item.committee_case_id is None:
        return None
    case = db.get(CommitteeCase, item.committee_case_id)
    if case is None or case.resolution is None:
        return None
    sense = CommitteeResolution(case.resolution)
    return (f"El caso de este punto ya se resolvió: resolución {case.resolution_number} del "
            f"{long_date(case.resolved_on)} ({sense.label.lower()}). No se vota un segundo acuerdo sobre él.")


def _pending_task(db: Session, request: TransparencyRequest, case: CommitteeCase) -> str | None:
    rows = db.exec(select(OpenTask).where(OpenTask.instance_id == request.instance_id,
                                          OpenTask.task_name == TASK_NAME)).all()
    if not rows:
        return None
    instance = db.get(ProcessInstance, request.instance_id)
    for row in rows:
        if (runtime.task_data(db, instance, row.id).get("caso") or {}).get("caso_id") == case.id:
            return row.id
    return None


def _as_committee(actor: Actor) -> Actor:
    # The task sits in the Comité's lane; the acuerdo is the Comité's act and Jurídica only records
    # it, so the same person completes it with the Comité's role for this one step (the audit and
    # the case keep who did).
    return Actor(actor.user_id, actor.organization_id, actor.name, {Role.COMITE: {None}}, actor.timezone)


def resolution_form(db: Session, item: AgendaItem, case: CommitteeCase, resolution: Resolution) -> dict:
    """The committee_resolution form as the Comité's acuerdo fills it."""
    board_session = db.get(BoardSession, item.session_id)
    # The day the session was held, which is the day it was opened (not the convened one, if it was late).
    day = local_day(db, board_session).isoformat()
    # The considerations Jurídica proposed with the sense (what a modification's oficio cites); without any, the
    # acuerdo itself. An item set to modifica or revoca before they were asked for has none: the request's
    # step then refuses it, and the case is resolved in the request's file (item_decided says so).
    notes = item.committee_notes or (resolution.text if item.committee_sense in ("", CommitteeResolution.CONFIRMA.value)
                                     else "")
    form = {"resolucion": item.committee_sense or CommitteeResolution.CONFIRMA.value, "numero": resolution.number,
            "fecha_resolucion": day, "notas": notes}
    if case.kind == CommitteeCaseKind.AMPLIACION:
        # The Unidad de Transparencia is the Comité's secretary and notifies the ampliación through
        # the PNT the day it is voted; a session after the due day makes the request's handler
        # refuse the ampliación with the reason, as the law does.
        form["fecha_notificacion"] = day
    return form


def item_decided(db: Session, actor: Actor, item: AgendaItem, resolution: Resolution | None) -> None:
    """An item's vote closed: a request's case it carries learns the acuerdo and moves its clock."""
    if item.committee_case_id is None:
        return
    case, request, title = _case_of(db, item)
    if resolution is None:
        case.outcome = (f"Sin resolver: el proyecto no se aprobó en la {title} "
                        f"({vote_count(item.votes_for, item.votes_against, item.abstentions)}).")[:500]
        _log(db, actor, request, "solicitud.caso_no_aprobado", case.outcome)
        _warn(db, request, item, f"El Comité no aprobó el proyecto del caso de la solicitud {request.folio}",
              case.outcome + " El caso sigue abierto: preséntelo de nuevo o resuélvalo en el expediente.")
        return
    if case.resolution is not None:
        _log(db, actor, request, "solicitud.caso_ya_resuelto",
             f"El acuerdo {resolution.number} no se aplicó: el caso ya estaba resuelto ({case.resolution_number}).")
        return
    task_id = _pending_task(db, request, case)
    if task_id is None:
        _log(db, actor, request, "solicitud.caso_sin_tarea",
             f"El acuerdo {resolution.number} no encontró la tarea pendiente del caso; regístrelo en el expediente.")
        _warn(db, request, item, f"El acuerdo {resolution.number} no se aplicó a la solicitud {request.folio}",
              "Motivo: la solicitud ya no tiene pendiente la tarea «Resolver el caso». Revise el expediente y "
              "registre en él la resolución del Comité.")
        return
    try:
        with db.begin_nested():
            runtime.complete_task(db, _as_committee(actor), task_id, resolution_form(db, item, case, resolution))
    except (FormInvalid, TaskGone, StaleInstance, NotAllowed) as refused:
        # The vote stands; the request keeps its task open and says why the acuerdo did not apply.
        reason = "; ".join(refused.errors.values()) if isinstance(refused, FormInvalid) else str(refused)
        _log(db, actor, request, "solicitud.caso_no_aplicado", f"El acuerdo {resolution.number} no pudo "
             f"aplicarse a la solicitud: {reason}")
        _warn(db, request, item, f"El acuerdo {resolution.number} no se aplicó a la solicitud {request.folio}",
              f"Motivo: {reason}. Registre la resolución del caso en el expediente.")
        return
    _log(db, actor, request, "solicitud.acuerdo_comite",
         f"El Comité de Transparencia aprobó el acuerdo {resolution.number} ({item.committee_sense or 'confirma'}) "
         f"en la {title}")


def item_deferred(db: Session, actor: Actor, item: AgendaItem) -> None:
    """The Comité deferred a case's item: the request's file says so, and whoever answers it on time learns that
    the case waits for a later session (Jurídica passes the item to it)."""
    if item.committee_case_id is None:
        return
    case, request, title = _case_of(db, item)
    reason = f" Motivo: {item.deferred_reason}" if item.deferred_reason else ""
    summary = f"El Comité difirió el caso en la {title} para una sesión posterior.{reason}"
    _log(db, actor, request, "solicitud.caso_diferido", summary)
    _warn(db, request, item, f"El Comité difirió el caso de la solicitud {request.folio}",
          summary + " El caso sigue abierto: la Dirección Jurídica lo pasa a una sesión posterior del Comité.")


def item_carried(db: Session, actor: Actor, item: AgendaItem) -> None:
    """A case's item went on to a later session: the request's file says where its case waits now."""
    if item.committee_case_id is None:
        return
    _, request, title = _case_of(db, item)
    _log(db, actor, request, "solicitud.caso_en_sesion",
         f"El caso pasó al orden del día de la {title} "
         f"({long_date(local_day(db, db.get(BoardSession, item.session_id)))})")


def _case_of(db: Session, item: AgendaItem) -> tuple[CommitteeCase, TransparencyRequest, str]:
    """The case an item carries, its request, and the title of the item's session."""
    case = db.get(CommitteeCase, item.committee_case_id)
    board_session = db.get(BoardSession, item.session_id)
    return (case, db.get(TransparencyRequest, case.request_id),
            title_of(board_session, db.get(Board, board_session.board_id)))


def _log(db: Session, actor: Actor, request: TransparencyRequest, action: str, summary: str) -> None:
    audit.record(db, request.organization_id, actor.user_id, actor.name, action, "proceso", request.instance_id,
                 summary=summary[:500])


def _warn(db: Session, request: TransparencyRequest, item: AgendaItem, subject: str, body: str) -> None:
    """The Comité, the Unidad and Jurídica (who conducted the vote) are told what is left for them to do."""
    message = Message(key=f"ct-punto-{item.id}-aviso", subject=subject[:300], body=body,
                      link=f"/solicitudes/{request.id}")
    for user in _people(db, request.organization_id, Role.COMITE, Role.TRANSPARENCIA, Role.JURIDICO):
        notify(db, user, message)
