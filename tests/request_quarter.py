"""A fixture quarter of requests (Q2 2026), lived day by day: filings, answers, a suspension lifted early.

Shaped like a real one (a state Secretaría Ejecutiva, Q2 2021): 12 requests, 10 answered in about
7 días hábiles, 2 pending. Rows are inserted directly; each request's response deadline is opened
on its filing day with engine.deadlines and met on its answer day. On Fri 8 May the órgano garante
suspends the plazos of access requests from 11 May "hasta nuevo aviso"; on 15 May it lifts the
suspension: that declaration is removed (lift_suspension) and the days actually suspended, 11–15
May, are declared. That short suspension stays declared: the figures count on it. ARCO requests
are not suspended (the suspension is of access requests only).

Calendar of the quarter (MX-LFT): weekends, Fri 1 May (LFT art. 74); for access requests also
Mon 11 – Fri 15 May. Office hours 8:00–18:00: a filing at 18:30 counts the next día hábil.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import Session

from engine import deadlines
from engine.accounts import Actor
from engine.calendar_overlay import declare_suspension, lift_suspension
from engine.deadlines import Deadline, DeadlineKind
from engine.legal_calendar import SuspensionScope
from engine.tenancy import Organization
from workflows.access_request.handlers import FOLIO_SERIES
from workflows.access_request.models import (AnswerSense, Appeal, ArcoRight, CommitteeCase, CommitteeCaseKind,
                                             CommitteeResolution, RequestChannel, RequestKind, RequestStatus,
                                             RequestTurn, RequestTurnStatus, Sex, TransparencyRequest)

MX = ZoneInfo("America/Mexico_City")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=MX).astimezone(UTC)


@dataclass
class Spec:
    n: int
    kind: RequestKind
    channel: RequestChannel
    received: datetime
    topic: str
    sex: Sex
    areas: list[str] = field(default_factory=list)
    answered_on: date | None = None
    sense: AnswerSense | None = None
    committee: list[tuple[CommitteeCaseKind, CommitteeResolution]] = field(default_factory=list)
    extended_on: date | None = None
    appeal_on: date | None = None
    returned_areas: list[str] = field(default_factory=list)
    second_round: list[str] = field(default_factory=list)

    @property
    def folio(self) -> str:
        return FOLIO_SERIES[self.kind].pattern.format(year=2026, seq=40 + self.n)


A, ARCO = RequestKind.ACCESO, RequestKind.ARCO
PNT, CORREO, PRESENCIAL, OFICIALIA = (RequestChannel.PNT, RequestChannel.CORREO, RequestChannel.PRESENCIAL,
                                      RequestChannel.OFICIALIA)
CLAS, INEX, AMPL = CommitteeCaseKind.CLASIFICACION, CommitteeCaseKind.INEXISTENCIA, CommitteeCaseKind.AMPLIACION
CONFIRMA, MODIFICA = CommitteeResolution.CONFIRMA, CommitteeResolution.MODIFICA

# Días hábiles taken (from the first día hábil of the term to the answer, inclusive) in comments.
QUARTER = [
    # 2,3,6,7,8 Apr → 5
    Spec(1, A, PNT, at(date(2026, 4, 1)), "Presupuesto", Sex.MUJER, ["DA"], date(2026, 4, 8),
         AnswerSense.ENTREGA_TOTAL),
    # 7,8,9,10,13,14 Apr → 6
    Spec(2, A, CORREO, at(date(2026, 4, 6)), "Contrataciones", Sex.HOMBRE, ["DA", "DRI"], date(2026, 4, 14),
         AnswerSense.ENTREGA_PARCIAL, [(CLAS, CONFIRMA)]),
    # Fri 17 Apr 18:30 counts Mon 20 Apr: 21,22,23,24,27,28 Apr → 6; DA returned it (not its matter)
    Spec(3, A, PNT, at(date(2026, 4, 17), 18, 30), "Contrataciones", Sex.NO_DICE, ["DRI"], date(2026, 4, 28),
         AnswerSense.INEXISTENCIA, [(INEX, CONFIRMA)], appeal_on=date(2026, 5, 12), returned_areas=["DA"]),
    # 29,30 Apr, (1 May), 4,5,6,7,8 May → 7
    Spec(4, A, PNT, at(date(2026, 4, 28)), "Presupuesto", Sex.MUJER, ["DA"], date(2026, 5, 8),
         AnswerSense.ENTREGA_TOTAL),
    # ARCO, not suspended: 7,8,11,12,13,14,15,18,19 May → 9
    Spec(10, ARCO, PRESENCIAL, at(date(2026, 5, 6)), "Datos personales", Sex.MUJER, ["DA"], date(2026, 5, 19),
         AnswerSense.ENTREGA_TOTAL),
    # 8, (11–15 suspended), 18,19,20,21,22,25 May → 7
    Spec(5, A, PRESENCIAL, at(date(2026, 5, 7)), "Sesiones", Sex.HOMBRE, ["DJ"], date(2026, 5, 25),
         AnswerSense.PUBLICA),
    # Filed during the suspension: counts Mon 18 May; 19,20,21,22,25,26,27 May → 7
    Spec(6, A, PNT, at(date(2026, 5, 11)), "Personal", Sex.MUJER, ["DA"], date(2026, 5, 27),
         AnswerSense.ENTREGA_TOTAL),
    # 20,21,22,25,26,27,28,29 May → 8
    Spec(7, A, PNT, at(date(2026, 5, 19)), "Contrataciones", Sex.NO_DICE, ["DRI"], date(2026, 5, 29),
         AnswerSense.RESERVADA, [(CLAS, CONFIRMA)]),
    # 2,3,4,5,8,9,10,11 Jun → 8
    Spec(8, A, OFICIALIA, at(date(2026, 6, 1)), "Personal", Sex.HOMBRE, ["DA"], date(2026, 6, 11),
         AnswerSense.CONFIDENCIAL, [(CLAS, MODIFICA)]),
    # 4,5,8,9,10,11,12,15,16 Jun → 9, with an ampliación notified on 10 Jun; turned twice to DRI
    Spec(9, A, PNT, at(date(2026, 6, 3)), "Presupuesto", Sex.MUJER, ["DRI"], date(2026, 6, 16),
         AnswerSense.ENTREGA_TOTAL, [(AMPL, CONFIRMA)], extended_on=date(2026, 6, 10), second_round=["DRI"]),
    # Pending at the end of the quarter
    Spec(11, ARCO, PNT, at(date(2026, 6, 22)), "Datos personales", Sex.HOMBRE, ["DA"]),
    # Tue 30 Jun 18:30 local is 1 Jul 00:30 UTC: still a request of the quarter
    Spec(12, A, PNT, at(date(2026, 6, 30), 18, 30), "", Sex.NO_DICE),
]

# Outside the quarter: 31 Mar 19:00 local is 1 Apr 01:00 UTC (Q1); 1 Jul is Q3.
OUTSIDE = [
    Spec(0, A, PNT, at(date(2026, 3, 31), 19, 0), "Presupuesto", Sex.MUJER, ["DA"], date(2026, 4, 8),
         AnswerSense.ENTREGA_TOTAL),
    Spec(13, A, PNT, at(date(2026, 7, 1), 9, 0), "Presupuesto", Sex.HOMBRE),
]

# Personal data of the fixtures: none of it may reach statistics, reports or open data.
PERSONAL = {
    "requester_name": "María Fernanda Solís Quintero",
    "contact": "mfsolis.quintero@correo.example",
    "holder_name": "Juan Carlos Hernández Gómez",
    "representative_name": "Lic. Pedro Ramírez Toledo",
    "identity_document": "INE HRGMJN80010107H400",
    "arco_description": "Solicito copia de mi expediente laboral con mis evaluaciones médicas",
    "occupation": "Periodista de investigación",
}

LONG_SUSPENSION = "Acuerdo del órgano garante ACT-EXT/08-05-2026: suspensión de plazos hasta nuevo aviso"
SHORT_SUSPENSION = "Acuerdo del órgano garante ACT-EXT/15-05-2026: plazos suspendidos del 11 al 15 de mayo"


def _insert(session: Session, actor: Actor, areas: dict, spec: Spec) -> TransparencyRequest:
    arco = spec.kind == RequestKind.ARCO
    request = TransparencyRequest(
        organization_id=actor.organization_id, kind=spec.kind, folio=spec.folio, year=2026, seq=40 + spec.n,
        channel=spec.channel, received_at=spec.received, topic=spec.topic, sex=spec.sex,
        description=PERSONAL["arco_description"] if arco else f"Información sobre {spec.topic or 'varios temas'}",
        requester_name=PERSONAL["requester_name"], contact=PERSONAL["contact"],
        occupation=PERSONAL["occupation"], state="Chiapas",
        arco_right=ArcoRight.ACCESO if arco else None,
        holder_name=PERSONAL["holder_name"] if arco else "",
        representative_name=PERSONAL["representative_name"] if arco else "",
        identity_document=PERSONAL["identity_document"] if arco else "",
        rule_set_code="", status=RequestStatus.TURNED if spec.areas else RequestStatus.REGISTERED)
    session.add(request)
    session.flush()
    deadline = deadlines.open_deadline(
        session, actor, subject_type="solicitud", subject_id=request.id, kind=DeadlineKind.RESPUESTA,
        procedure=spec.kind.value, rule_key="respuesta", title=f"Respuesta a la solicitud {spec.folio}",
        received_at=spec.received, now=spec.received)
    request.response_deadline_id, request.rule_set_code = deadline.id, deadline.rule_set_code
    for code in spec.returned_areas:
        session.add(RequestTurn(organization_id=request.organization_id, request_id=request.id,
                                area_id=areas[code].id, status=RequestTurnStatus.RETURNED))
    for round_number, codes in ((1, spec.areas), (2, spec.second_round)):
        for code in codes:
            session.add(RequestTurn(
                organization_id=request.organization_id, request_id=request.id, area_id=areas[code].id,
                round=round_number,
                status=RequestTurnStatus.ANSWERED if spec.answered_on else RequestTurnStatus.PENDING))
    return request


def _answer(session: Session, actor: Actor, request: TransparencyRequest, spec: Spec) -> None:
    for kind, resolution in spec.committee:
        session.add(CommitteeCase(organization_id=request.organization_id, request_id=request.id, kind=kind,
                                  resolution=resolution, resolved_on=spec.answered_on))
    request.answered_on, request.answer_sense, request.status = spec.answered_on, spec.sense, RequestStatus.ANSWERED
    deadlines.close(session, actor, session.get(Deadline, request.response_deadline_id), "Respuesta notificada",
                    met_at=at(spec.answered_on, 17))


def live_the_quarter(session: Session, transparencia: Actor, admin: Actor,
                     areas: dict) -> dict[int, TransparencyRequest]:
    """Every event of the quarter in the order it happened; the requests by their number."""
    events: list[tuple[date, int, str, object]] = []
    for order, spec in enumerate(OUTSIDE + QUARTER):
        events.append((spec.received.astimezone(MX).date(), order, "recibe", spec))
        if spec.extended_on:
            events.append((spec.extended_on, order, "amplia", spec))
        if spec.answered_on:
            events.append((spec.answered_on, order, "responde", spec))
        if spec.appeal_on:
            events.append((spec.appeal_on, order, "recurso", spec))
    # After Friday's answers, before Monday's filings.
    events.append((date(2026, 5, 8), 99, "suspende", None))
    events.append((date(2026, 5, 15), 99, "levanta", None))
    requests: dict[int, TransparencyRequest] = {}
    suspension = None
    for day, _, action, spec in sorted(events, key=lambda e: (e[0], e[1])):
        if action == "recibe":
            requests[spec.n] = _insert(session, transparencia, areas, spec)
        elif action == "responde":
            _answer(session, transparencia, requests[spec.n], spec)
        elif action == "amplia":
            request = requests[spec.n]
            deadlines.extend(session, transparencia, session.get(Deadline, request.response_deadline_id), day,
                             "Ampliación confirmada por el Comité de Transparencia")
            request.extended = True
        elif action == "recurso":
            request = requests[spec.n]
            request.status = RequestStatus.APPEALED
            session.add(Appeal(organization_id=request.organization_id, request_id=request.id,
                               number="RR/0412/2026", filed_on=day))
        elif action == "suspende":
            suspension, _ = declare_suspension(session, admin, date(2026, 5, 11), date(2026, 6, 30),
                                               SuspensionScope.ACCESO, LONG_SUSPENSION)
        elif action == "levanta":
            lift_suspension(session, admin, suspension)
            declare_suspension(session, admin, date(2026, 5, 11), date(2026, 5, 15), SuspensionScope.ACCESO,
                               SHORT_SUSPENSION)
    session.flush()
    return requests


def another_organization_request(session: Session) -> TransparencyRequest:
    """A request of another organization in the same quarter: never in this one's figures."""
    other = Organization(slug="otro-ente", name="Otro ente público", short_name="OTRO")
    session.add(other)
    session.flush()
    request = TransparencyRequest(
        organization_id=other.id, kind=RequestKind.ACCESO, folio="SAI-2026-00001", year=2026, seq=1,
        channel=RequestChannel.PNT, received_at=at(date(2026, 5, 20)), description="Otra", topic="Presupuesto",
        rule_set_code="MX-LGTAIP-2025", answered_on=date(2026, 5, 22), answer_sense=AnswerSense.ENTREGA_TOTAL,
        status=RequestStatus.ANSWERED)
    session.add(request)
    session.flush()
    return request
