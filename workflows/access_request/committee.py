"""A request's cases before the Comité de Transparencia: whether an area may still ask for an
ampliación (one only: LGTAIP art. 134; LGPDPPSO in ARCO)."""

from sqlmodel import Session, select

from engine.deadlines import Deadline
from engine.documents import long_date
from workflows.access_request.models import CommitteeCase, CommitteeCaseKind, CommitteeResolution, TransparencyRequest

IN_FORCE = (CommitteeResolution.CONFIRMA, CommitteeResolution.MODIFICA)


def response_term(session: Session, request: TransparencyRequest) -> Deadline | None:
    return session.get(Deadline, request.response_deadline_id) if request.response_deadline_id else None


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
