"""What the Comité de Transparencia resolved on a request, as its page and the Unidad's forms say it
today; and whether an area may still ask for an ampliación (one only: LGTAIP art. 134; LGPDPPSO in ARCO).

An ampliación's outcome is stored without the day the response falls due: a día inhábil or a
suspension declared afterwards moves that day, and every view reads it from the response term.
"""

import re
from datetime import date, datetime

from sqlmodel import Session, select

from engine.deadlines import Deadline
from engine.documents import long_date
from workflows.access_request.models import (AnswerSense, CommitteeCase, CommitteeCaseKind, CommitteeResolution,
                                             RequestTurn, RequestTurnStatus, TransparencyRequest)

# What an ampliación that moved the term says after what the Comité resolved: «Confirmada: plazo ampliado (oficio …).»
EXTENDED = "plazo ampliado"
OFICIO = " (oficio"
# The due day older outcomes were written with (and an ARCO ampliación's result in a process's data).
_WRITTEN_DUE_DAY = re.compile(r"; vence el [^(]*?(?= \(oficio)")
IN_FORCE = (CommitteeResolution.CONFIRMA, CommitteeResolution.MODIFICA)


def with_due_day(text: str, due_on: date) -> str:
    """«Confirmada: plazo ampliado; vence el <due_on> (oficio UT/0003/2026).»: an ampliación's outcome
    with the day the response falls due now, whatever day it was written with, if any."""
    head, oficio, tail = _WRITTEN_DUE_DAY.sub("", text).partition(OFICIO)
    if not oficio:
        head, tail = head.rstrip("."), "."
    return f"{head}; vence el {long_date(due_on)}{oficio}{tail}"


def moved_the_term(case: CommitteeCase) -> bool:
    """An ampliación the Comité confirmed or modified that extended the term (one notified late did not)."""
    return (case.kind == CommitteeCaseKind.AMPLIACION and case.resolution in IN_FORCE
            and case.outcome.partition(": ")[2].startswith(EXTENDED))


def outcome_now(case: CommitteeCase, due_on: date | None) -> str:
    """The case's outcome; an ampliación's, with the response's due day `due_on` as the term has it now."""
    if due_on is not None and moved_the_term(case):
        return with_due_day(case.outcome, due_on)
    return case.outcome


def response_term(session: Session, request: TransparencyRequest) -> Deadline | None:
    return session.get(Deadline, request.response_deadline_id) if request.response_deadline_id else None


def resolved_outcomes(session: Session, request: TransparencyRequest) -> list[str]:
    """«Ampliación del plazo: Confirmada: plazo ampliado; vence el …»: every case the Comité resolved on the
    request, in the order they were raised, as the Unidad's forms list them."""
    term = response_term(session, request)
    cases = session.exec(select(CommitteeCase).where(
        CommitteeCase.request_id == request.id, CommitteeCase.resolution.is_not(None)).order_by(CommitteeCase.id)).all()
    return [f"{CommitteeCaseKind(case.kind).label}: {outcome_now(case, term.due_on if term else None)}"
            for case in cases]


# What an area that may not ask for more time does instead.
INSTEAD = "responda con lo que localizó su área o devuelva la solicitud."


def extension_refusal(session: Session, request: TransparencyRequest) -> str | None:
    """Why an area may not ask for an ampliación of the request's term, or None: the law allows one, and
    the term was already extended, or an ampliación is before the Comité or was already resolved."""
    term = response_term(session, request)
    if request.extended or (term is not None and term.extension_days):
        due = f" (la respuesta vence el {long_date(term.due_on)})" if term is not None else ""
        return f"El plazo ya se amplió una vez{due} y la ley permite una sola ampliación: {INSTEAD}"
    cases = session.exec(select(CommitteeCase).where(
        CommitteeCase.request_id == request.id, CommitteeCase.kind == CommitteeCaseKind.AMPLIACION)
        .order_by(CommitteeCase.id)).all()
    if any(case.resolution is None for case in cases):
        return ("El Comité de Transparencia aún no resuelve la ampliación del plazo que ya se le pidió, y la ley "
                f"permite una sola ampliación: {INSTEAD}")
    # Confirmed but notified after the due day: it did not extend the term, and a new one would be later still.
    resolved = [case for case in cases if case.resolution in IN_FORCE]
    if resolved:
        return (f"El Comité de Transparencia ya resolvió la ampliación del plazo de esta solicitud "
                f"({resolved[0].resolution_number}: {resolved[0].outcome.rstrip('.')}), y la ley permite una sola "
                f"ampliación: {INSTEAD}")
    return None


def extension_proposals(session: Session, request: TransparencyRequest) -> list[RequestTurn]:
    """The areas' answers that ask for more time in the latest round of turns that had one: one ampliación,
    whichever areas asked for it (the law allows one), resolved on all their reasons."""
    asked = session.exec(select(RequestTurn).where(
        RequestTurn.request_id == request.id, RequestTurn.status == RequestTurnStatus.ANSWERED,
        RequestTurn.sense == AnswerSense.AMPLIACION).order_by(RequestTurn.round.desc(), RequestTurn.id)).all()
    return [turn for turn in asked if turn.round == asked[0].round]


def extension_asked_at(session: Session, request: TransparencyRequest) -> datetime | None:
    """When the first area of that round asked for more time: no ampliación is notified before it."""
    return min((turn.answered_at for turn in extension_proposals(session, request) if turn.answered_at),
               default=None)
