"""Requests written straight into the tables (with real deadlines), for the list and detail tests."""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, func, select

from engine import deadlines
from engine.accounts import Actor
from engine.deadlines import DeadlineKind
from engine.files import store
from engine.settings import Settings
from workflows.access_request.handlers import FOLIO_SERIES
from workflows.access_request.models import (ArcoRight, CommitteeCase, CommitteeCaseKind, RequestChannel,
                                             RequestKind, RequestStatus, RequestTurn, TransparencyRequest)

HOLDER = "Margarita Solís Ibarra"
REQUESTER = "Ernesto Vidal Ruiz"
CONTACT = "ernesto.vidal@correo.example"


def add_request(session: Session, actor: Actor, *, kind: RequestKind = RequestKind.ACCESO,
                received_at: datetime | None = None, channel: RequestChannel = RequestChannel.PNT,
                status: RequestStatus = RequestStatus.REGISTERED,
                description: str = "Copia de los contratos de limpieza de 2025",
                requester: str = REQUESTER, holder: str = "", with_deadline: bool = True,
                answered: bool = False) -> TransparencyRequest:
    """A request with folio SAI-<year>-<n> (ARCO-<year>-<n>, the numbers shared with access requests so
    that the PNT folios made of them differ) and, unless told otherwise, its open response deadline."""
    received_at = received_at or datetime.now(UTC) - timedelta(days=2)
    year = received_at.year
    seq = (session.exec(select(func.max(TransparencyRequest.seq)).where(
        TransparencyRequest.organization_id == actor.organization_id, TransparencyRequest.year == year)).one() or 0) + 1
    procedure = "arco" if kind == RequestKind.ARCO else "acceso"
    request = TransparencyRequest(
        organization_id=actor.organization_id, kind=kind, folio=FOLIO_SERIES[kind].pattern.format(year=year, seq=seq),
        year=year, seq=seq,
        channel=channel, received_at=received_at, description=description, requester_name=requester,
        contact=CONTACT, holder_name=holder,
        arco_right=ArcoRight.ACCESO if kind == RequestKind.ARCO else None,
        identity_document="INE 1234567890" if kind == RequestKind.ARCO else "",
        rule_set_code="MX-LGPDPPSO" if kind == RequestKind.ARCO else "MX-LGTAIP-2025", status=status,
        pnt_folio=f"3300{year}{seq:06d}" if channel == RequestChannel.PNT else None)
    session.add(request)
    session.flush()
    if with_deadline:
        deadline = deadlines.open_deadline(
            session, actor, subject_type="solicitud", subject_id=request.folio, kind=DeadlineKind.RESPUESTA,
            procedure=procedure, rule_key="respuesta", title=f"Respuesta a la solicitud {request.folio}",
            received_at=received_at)
        request.response_deadline_id = deadline.id
        if answered:
            request.answered_on = received_at.date() + timedelta(days=7)
            deadlines.close(session, actor, deadline, "Respuesta notificada",
                            met_at=received_at + timedelta(days=7))
    session.flush()
    return request


def turn_to(session: Session, actor: Actor, request: TransparencyRequest, area_id: int,
            answer: str = "") -> RequestTurn:
    """A turn to an area with its internal deadline, five días hábiles before the legal one."""
    parent = session.get(deadlines.Deadline, request.response_deadline_id)
    deadline = deadlines.open_deadline(
        session, actor, subject_type="solicitud", subject_id=request.folio, kind=DeadlineKind.TURNADO_INTERNO,
        procedure=parent.procedure, rule_key="turnado_interno", title=f"Respuesta del área a {request.folio}",
        received_at=request.received_at, parent=parent, responsible_area_id=area_id)
    turn = RequestTurn(organization_id=actor.organization_id, request_id=request.id, area_id=area_id,
                       instruction="Busque la información y responda", deadline_id=deadline.id, answer=answer)
    session.add(turn)
    request.status = RequestStatus.TURNED
    session.flush()
    return turn


def add_case(session: Session, actor: Actor, request: TransparencyRequest, area_id: int | None) -> CommitteeCase:
    case = CommitteeCase(organization_id=actor.organization_id, request_id=request.id,
                         kind=CommitteeCaseKind.CLASIFICACION, area_id=area_id,
                         reasoning="El área propone clasificar como reservada la información")
    session.add(case)
    session.flush()
    return case


def add_document(session: Session, settings: Settings, actor: Actor, request: TransparencyRequest, kind: str,
                 title: str, filename: str, area_id: int | None = None):
    return store(session, settings, actor.organization_id, kind, title, filename, b"%PDF-1.4\n%%EOF\n",
                 created_by=actor.user_id, instance_id=request.instance_id, area_id=area_id)
