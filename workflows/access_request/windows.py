"""The Unidad's windows while it analyses a request, opened with the request and counted from its filing
as the response term is: to give notice of incompetence (LGTAIP 2025 art. 138; ARCO: LGPDPPSO art. 47),
to prevent the requester (art. 130; ARCO art. 46) and to point to information already public (art. 132;
an access request only: the rule set decides which it has).

They are options, not obligations (alert_policy.OPTION_KINDS): reminded before their last day, listed
and in the calendar feed while open, but one that passes unused just lapses. The act that uses one
closes it as met on its day; the analysis's decision closes the others as no longer applicable, and a
request back at the analysis does not open them again.
"""

from datetime import datetime

from sqlmodel import Session, select

from engine import deadlines
from engine.accounts import Actor
from engine.deadlines import LIVE_STATUSES, Deadline, DeadlineKind
from engine.rule_sets import UnknownRule
from workflows.access_request.analysis import PUBLIC_INFORMATION_RULE, incompetence_rule
from workflows.access_request.models import TransparencyRequest
from workflows.access_request.queries import SUBJECT_TYPE

TITLES = {DeadlineKind.INCOMPETENCIA: "Aviso de incompetencia", DeadlineKind.PREVENCION: "Emisión de la prevención",
          DeadlineKind.INFORMACION_PUBLICA: "Orientación a información ya publicada"}
# Turning the request to the areas leaves the answer pointing to information already public open: an
# area may answer so.
DECIDED_BY_THE_TURN = (DeadlineKind.INCOMPETENCIA, DeadlineKind.PREVENCION)


def _rule_key(request: TransparencyRequest, kind: DeadlineKind) -> str:
    if kind == DeadlineKind.INCOMPETENCIA:
        return incompetence_rule(request.kind)
    return "prevencion" if kind == DeadlineKind.PREVENCION else PUBLIC_INFORMATION_RULE


def _open(session: Session, actor: Actor, request: TransparencyRequest, kind: DeadlineKind) -> Deadline:
    # No process instance: a window governs no task, so the analysis task keeps the response term's due
    # day when a día inhábil moves a window (deadlines._move_open_tasks).
    return deadlines.open_deadline(
        session, actor, subject_type=SUBJECT_TYPE, subject_id=request.folio, kind=kind,
        procedure=request.kind.value, rule_key=_rule_key(request, kind), title=f"{TITLES[kind]} · {request.folio}",
        rule_set_code=request.rule_set_code, received_at=request.received_at, responsible_user_id=actor.user_id)


def open_windows(session: Session, actor: Actor, request: TransparencyRequest) -> list[Deadline]:
    """At registration, after the response term: each window the request's rule set has."""
    opened = []
    for kind in TITLES:
        try:
            opened.append(_open(session, actor, request, kind))
        except UnknownRule:  # ARCO has no art. 132; another country's law, none of them
            continue
    return opened


def window_of(session: Session, request: TransparencyRequest, kind: DeadlineKind) -> Deadline | None:
    return session.exec(select(Deadline).where(
        Deadline.organization_id == request.organization_id, Deadline.subject_type == SUBJECT_TYPE,
        Deadline.subject_id == request.folio, Deadline.kind == kind).order_by(Deadline.id.desc())).first()


def window_for(session: Session, actor: Actor, request: TransparencyRequest, kind: DeadlineKind) -> Deadline:
    """The window an act uses: the one opened with the request, or one opened now for a request
    registered before windows were opened with it."""
    return window_of(session, request, kind) or _open(session, actor, request, kind)


def close_unused(session: Session, actor: Actor, request: TransparencyRequest, reason: str,
                 kinds: tuple[DeadlineKind, ...] = tuple(TITLES)) -> None:
    """The decision leaves these windows without use: each still live (open, or past its last day) is closed
    as no longer applicable; one closed before stays as it is."""
    for kind in kinds:
        window = window_of(session, request, kind)
        if window is not None and window.status in LIVE_STATUSES:
            deadlines.cancel(session, actor, window, f"Ya no aplica: {reason}.")


def use(session: Session, actor: Actor, request: TransparencyRequest, window: Deadline, met_at: datetime,
        done: str) -> None:
    """The act `done` («se notificó la prevención») used this window: met on its day, on time or late, even
    if an earlier decision had closed it (a request back at the analysis); the others no longer apply."""
    deadlines.close(session, actor, window, f"{done[0].upper()}{done[1:]}.", met_at=met_at, even_if_cancelled=True)
    close_unused(session, actor, request, done, tuple(kind for kind in TITLES if kind != window.kind))
