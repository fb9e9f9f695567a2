"""The term to make an ARCO right effective for a request imported already answered in the holder's favour.

An import writes answered requests as history, without a process (workflows.access_request.importing),
so there is no task «Hacer efectivo el derecho». Yet the 15 días hábiles to make the right effective
(LGPDPPSO) are the body's to meet: while they still run when the file is imported, the term opens
as a form-answered request opens it, Mis plazos and its alerts follow it, and the Unidad records
the effectiveness from the request's page. A term that already ended is left as history: the file
does not say whether the right was made effective.

The page records it too for a request whose process closed its task when the titular's window to pay
lapsed unpaid, once a payment made by that window's last day is recorded after all: that payment opens
the term again (workflows.access_request.payment.record_payment).
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from engine import audit, deadlines
from engine.accounts import Actor
from engine.clock import to_utc, today_in
from engine.deadlines import LIVE_STATUSES, Deadline, DeadlineKind
from engine.documents import long_date
from engine.forms import FormInvalid, validate_form
from engine.rule_sets import Procedure
from engine.tenancy import Organization
from workflows.access_request.handlers import SUBJECT_TYPE, met_on
from workflows.access_request.models import RequestKind, RequestStatus, TransparencyRequest
from workflows.access_request.page_actions import request_to_record_on
from workflows.access_request.payment import paid_after_the_lapse
from workflows.arco_request.forms import EffectivenessForm
from workflows.arco_request.handlers import GRANTS_THE_RIGHT, check_effectiveness_dates

TITLE = "Hacer efectivo el derecho"


def open_after_import(session: Session, actor: Actor, organization: Organization, request: TransparencyRequest,
                      today: date) -> Deadline | None:
    """The effectiveness term of an ARCO request imported as answered in the holder's favour, if it still
    runs `today`; None otherwise."""
    if request.kind != RequestKind.ARCO or request.answer_sense not in GRANTS_THE_RIGHT or request.answered_on is None:
        return None
    # Counted from the day of the answer, as the process counts it from the notification (starts_after).
    answered = datetime.combine(request.answered_on, organization.office_opens or time(8),
                                tzinfo=ZoneInfo(organization.timezone))
    foreseen = deadlines.foresee(session, organization.id, Procedure.ARCO, "efectividad", answered,
                                 request.rule_set_code)
    if foreseen.due < today:
        return None
    return deadlines.open_deadline(
        session, actor, subject_type=SUBJECT_TYPE, subject_id=request.folio, kind=DeadlineKind.EFECTIVIDAD,
        procedure=Procedure.ARCO, rule_key="efectividad", title=f"{TITLE} · {request.folio}",
        rule_set_code=request.rule_set_code, starts_after=request.answered_on, responsible_user_id=actor.user_id)


def pending_term(session: Session, request: TransparencyRequest) -> Deadline | None:
    """The effectiveness term of an imported request (one without a process) while nobody recorded it; a
    request with its process records it in its task instead, unless that step closed when the window to pay
    lapsed and a payment made in the window was recorded afterwards (payment.record_payment)."""
    if request.kind != RequestKind.ARCO:
        return None
    if request.instance_id is not None and not paid_after_the_lapse(session, request):
        return None
    return session.exec(select(Deadline).where(
        Deadline.organization_id == request.organization_id, Deadline.subject_type == SUBJECT_TYPE,
        Deadline.subject_id == request.folio, Deadline.kind == DeadlineKind.EFECTIVIDAD,
        Deadline.status.in_(LIVE_STATUSES))).first()


def record(session: Session, actor: Actor, request_id: int, data: dict) -> Deadline:
    """The right was made effective, once identity was verified: the checks of the process's own step."""
    request = request_to_record_on(session, actor, request_id,
                                   "Solo la Unidad de Transparencia registra la efectividad del derecho.")
    organization = session.get(Organization, request.organization_id)
    form = validate_form(EffectivenessForm, data, today_in(organization.timezone))
    term = pending_term(session, request)
    if term is None:
        raise FormInvalid({"__all__": "Esta solicitud no tiene pendiente hacer efectivo el derecho."})
    verified_on, effective_on = form.fecha_verificacion_identidad, form.fecha_efectividad
    check_effectiveness_dates(session, request, verified_on, effective_on, organization.timezone)
    deadlines.close(session, actor, term, "Se hizo efectivo el derecho.",
                    met_at=met_on(effective_on, organization.timezone))
    request.identity_verified_at = to_utc(datetime.combine(verified_on, time(12, 0)), organization.timezone)
    request.status = RequestStatus.EFFECTIVE
    # In the request's own history: its process's timeline, or (imported, without one) the request's.
    where = ("proceso", request.instance_id) if request.instance_id is not None else ("solicitud", request.id)
    audit.record(session, organization.id, actor.user_id, actor.name, "solicitud.efectiva", *where,
                 summary=f"Hizo efectivo el derecho el {long_date(effective_on)}",
                 after={"identidad_verificada": verified_on, "efectivo": effective_on, "a_tiempo": not term.met_late,
                        "descripcion": form.descripcion})
    return term
