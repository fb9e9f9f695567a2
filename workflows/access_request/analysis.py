"""While the Unidad analyses a request: the last days, counted from the filing, to prevent the
requester and to give notice of incompetence, and to answer by pointing to information already
public (its own, shorter term, which the response term takes when the answer says so). None of
them is owed: each is a window opened with the request (workflows.access_request.windows) whose
lapse is no breach; the forms show them so the choice is made in time."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from engine.accounts import Actor
from engine.clock import today_in
from engine.deadlines import LIVE_STATUSES, Deadline, DeadlineKind, DeadlineStatus, last_day_from
from engine.processes import ProcessInstance
from engine.rule_sets import LegalLimit, UnknownRule, rule_set_by_code
from engine.runtime import runtime
from engine.tenancy import Area
from workflows.access_request.committee import (case_files, extension_refusal, resolved_outcomes, response_term,
                                               with_due_day)
from workflows.access_request.models import (AnswerSense, CommitteeCase, RequestKind, RequestTurn, RequestTurnStatus,
                                             TransparencyRequest, sense_label)
from workflows.access_request.queries import SUBJECT_TYPE


# Only a prevención issued in its term interrupts the response term (LGTAIP art. 128/130,
# LGPDPPSO art. 46): recorded late, it would pause a term that in law keeps running.
LATE_PREVENTION = "una prevención fuera de plazo no interrumpe el plazo de respuesta; turne la solicitud a las áreas"
LATE_NOTICE = "si lo hace ahora, quedará registrado fuera de plazo"
LATE_PUBLIC = ("una respuesta «Información pública disponible» se mide contra ese plazo y quedará registrada "
               "fuera de plazo")
# The response term a «Información pública disponible» answer is measured against (handlers.record_response).
PUBLIC_INFORMATION_RULE = "informacion_publica"


def incompetence_rule(kind: RequestKind) -> str:
    """Access requests have a notoria incompetencia; ARCO requests, an aviso de incompetencia."""
    return "notoria_incompetencia" if kind == RequestKind.ACCESO else "incompetencia"


@dataclass(frozen=True)
class Limit:
    due_on: date
    rule: str  # "5 días hábiles; LGTAIP 2025, art. 130"
    passed: bool
    if_passed: str  # what acting after the last day means


@dataclass(frozen=True)
class AnalysisLimits:
    prevent: Limit | None
    incompetence: Limit | None
    # The law allows one prevención: once used, the form says so instead of offering a limit.
    prevented: bool
    # To answer that the information is already public (public_information_limit).
    public: Limit | None = None


def _limit(session: Session, request: TransparencyRequest, rule_key: str, today: date,
           if_passed: str) -> Limit | None:
    try:
        due, rule = last_day_from(session, request.organization_id, request.kind.value, rule_key,
                                  request.received_at, request.rule_set_code)
    except UnknownRule:  # a rule set without that step (another country's law)
        return None
    return Limit(due, f"{rule.amount}; {rule.basis}", today > due, if_passed)


def already_prevented(session: Session, request: TransparencyRequest) -> bool:
    """The law allows one prevención per request: has this one had its prevención? (Its window, opened
    with the request, is met when the prevención is notified.)"""
    return session.exec(select(Deadline.id).where(
        Deadline.organization_id == request.organization_id, Deadline.subject_type == SUBJECT_TYPE,
        Deadline.subject_id == request.folio, Deadline.kind == DeadlineKind.PREVENCION,
        Deadline.status == DeadlineStatus.MET)).first() is not None


def public_information_limit(session: Session, request: TransparencyRequest, today: date) -> Limit | None:
    """The last day to answer by pointing to information already public (LGTAIP 2025 art. 132: 5 días
    hábiles), counted as the answer will count it: the response term, from the day it runs (a desahogo
    restarts it), by that rule. None where it cannot apply: an ARCO request or a law without that term,
    a term extended by the Comité (it keeps its days), paused, or no longer running."""
    response = session.get(Deadline, request.response_deadline_id) if request.response_deadline_id else None
    if response is None or response.extension_days or response.status not in LIVE_STATUSES:
        return None
    try:
        due, rule = last_day_from(session, request.organization_id, request.kind.value, PUBLIC_INFORMATION_RULE,
                                  response.anchored_at, response.rule_set_code)
    except UnknownRule:  # ARCO, another country's law
        return None
    return Limit(due, f"{rule.amount}; {rule.basis}", today > due, LATE_PUBLIC)


def analysis_limits(session: Session, request: TransparencyRequest, today: date) -> AnalysisLimits:
    prevented = already_prevented(session, request)
    return AnalysisLimits(None if prevented else _limit(session, request, "prevencion", today, LATE_PREVENTION),
                          _limit(session, request, incompetence_rule(request.kind), today, LATE_NOTICE), prevented,
                          public_information_limit(session, request, today))


@dataclass(frozen=True)
class AreaAnswer:
    area: str
    sense: str  # in words, as the request's law names it
    text: str
    code: AnswerSense | None = None


def public_information_answers(answers: list[AreaAnswer]) -> list[str]:
    """The areas that answered that the information is already public, once each."""
    return list(dict.fromkeys(answer.area for answer in answers if answer.code == AnswerSense.PUBLICA))


def answered_turns(session: Session, request: TransparencyRequest) -> list[AreaAnswer]:
    """What every area answered, in every round: a round where one area returned the request does
    not undo what another answered, and the Unidad answers with all of it."""
    rows = session.exec(select(RequestTurn, Area.name).join(Area, Area.id == RequestTurn.area_id).where(
        RequestTurn.request_id == request.id, RequestTurn.status == RequestTurnStatus.ANSWERED)
        .order_by(RequestTurn.round, RequestTurn.id)).all()
    return [AreaAnswer(name, sense_label(request.kind, turn.sense) if turn.sense else "", turn.answer, turn.sense)
            for turn, name in rows]


def free_pages_limit(session: Session, request: TransparencyRequest) -> LegalLimit | None:
    """How many hojas simples the request's law has delivered without cost (None: it sets no such number)."""
    return rule_set_by_code(session, request.organization_id, request.rule_set_code).limits.get("hojas_sin_costo")


def free_pages_hint(session: Session, request: TransparencyRequest) -> str:
    """What the respond form says beside the number of hojas: how many simple ones the law makes free."""
    limit = free_pages_limit(session, request)
    if limit is None:
        return "En copia simple o certificada."
    return (f"En copia simple o certificada. La entrega de no más de {limit.value} hojas simples es sin costo "
            f"({limit.basis}).")


def has_way_back(session: Session, request: TransparencyRequest) -> bool:
    """Whether the respond form offers going back to the analysis: only where the diagram the request
    runs has that way (respond_gateway). A request started before it keeps its diagram, which has not."""
    return runtime.has_step(session, session.get(ProcessInstance, request.instance_id), "respond_gateway")


def request_form_context(session: Session, actor: Actor, task_name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The analysis form's limits (`review`); whether the answer may go back (`respond`); the areas'
    answers so far (both), for access and ARCO. Whether an area may still ask for an ampliación
    (`area_answer`). The files the areas attached to what the Comité resolves (`committee_resolution`)."""
    request_id = (data.get("solicitud") or {}).get("id")
    if task_name not in ("review", "respond", "area_answer", "committee_resolution") or request_id is None:
        return {}
    request = session.get(TransparencyRequest, request_id)
    if request is None or request.organization_id != actor.organization_id:
        return {}
    if task_name == "area_answer":
        return {"extension_refusal": extension_refusal(session, request)}
    if task_name == "committee_resolution":
        case = session.get(CommitteeCase, (data.get("caso") or {}).get("caso_id") or 0)
        return {"case_files": case_files(session, case) if case is not None and case.request_id == request.id else []}
    # What the Comité resolved, and an ARCO ampliación, say the day the response falls due now.
    resolved = {"committee_outcomes": resolved_outcomes(session, request),
                "extension_result": arco_extension_result(session, request, data)}
    if task_name == "respond":
        answers = answered_turns(session, request)
        return {**resolved, "answered_turns": answers, "public_limit": public_information_limit(
                    session, request, today_in(actor.timezone)),
                "public_answered_by": public_information_answers(answers),
                "free_pages_hint": free_pages_hint(session, request), "way_back": has_way_back(session, request)}
    # Back at the analysis (from the answer, after a return or a revoked resolution), the areas'
    # answers so far tell the Unidad where to turn again.
    return {**resolved, "limits": analysis_limits(session, request, today_in(actor.timezone)),
            "answered_turns": answered_turns(session, request)}


def arco_extension_result(session: Session, request: TransparencyRequest, data: dict[str, Any]) -> str | None:
    """«Plazo ampliado; vence el … (oficio …).»: the ampliación the Unidad notified in an ARCO request, with
    the day the response falls due now (the process's data keeps the words written that day)."""
    notice = data.get("ampliacion") or {}
    term = response_term(session, request)
    if not notice.get("ampliado") or not notice.get("resultado") or term is None:
        return None
    return with_due_day(notice["resultado"], term.due_on)
