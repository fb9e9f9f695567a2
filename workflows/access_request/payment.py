"""The requester's payment of reproduction costs, and the information kept at their disposal.

An answer with costs opens the requester's window to pay (30 días hábiles, LGTAIP 2025 art. 143);
once they pay, the body keeps the information available for 60 días hábiles. An ARCO answer's costs
are the titular's, paid so that the right is made effective on their personal data (LGPDPPSO). Payment happens
outside Pleno at any step after the answer (the window to appeal may still run), so the Unidad
records it from the request's page.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field
from sqlmodel import Session, select

from engine import deadlines
from engine.accounts import Actor
from engine.audit import AuditEvent
from engine.clock import today_in
from engine.deadlines import LIVE_STATUSES, Deadline, DeadlineKind
from engine.documents import long_date
from engine.forms import FormInvalid, validate_form
from engine.rule_sets import UnknownRule
from engine.runtime import ServiceCall
from engine.tenancy import Organization
from workflows.access_request.forms import PastDate
from workflows.access_request.handlers import SUBJECT_TYPE, log_step, open_term
from workflows.access_request.models import RequestKind, TransparencyRequest
from workflows.access_request.page_actions import request_to_record_on


class PaymentForm(BaseModel):
    fecha_pago: PastDate = Field(title="Fecha del pago")
    referencia: str = Field(default="", max_length=200, title="Recibo o referencia del pago")


def payment_term(session: Session, request: TransparencyRequest) -> Deadline | None:
    """The requester's window to pay, while nobody has recorded the payment."""
    return session.exec(select(Deadline).where(
        Deadline.organization_id == request.organization_id, Deadline.subject_type == SUBJECT_TYPE,
        Deadline.subject_id == request.folio, Deadline.kind == DeadlineKind.ENTREGA, Deadline.rule_key == "pago",
        Deadline.status.in_(LIVE_STATUSES))).first()


# The term the paid-for information (or, ARCO, the titular's personal data) stays available, where the law has one.
KEPT_TITLE = {RequestKind.ACCESO: "Información a disposición del solicitante",
              RequestKind.ARCO: "Datos personales a disposición del titular"}
STAYS = {RequestKind.ACCESO: "la información queda", RequestKind.ARCO: "los datos personales quedan"}
# What a late payment no longer buys: an ARCO right is made effective, as its oficio says, not delivered.
TO_GET = {RequestKind.ACCESO: "para obtener la información", RequestKind.ARCO: "para que el derecho se haga efectivo"}


# The timeline entry a recorded payment leaves (record_payment); it keeps the day and the reference.
PAID_ACTION = "solicitud.pagada"
# The timeline entry of an ARCO right left without effect because its costs were not paid in the window
# (arco_request's record_unpaid); it keeps the window's last day.
UNPAID_ACTION = "solicitud.sin_pago"


@dataclass(frozen=True)
class RecordedPayment:
    paid_on: date
    reference: str  # the receipt or reference the Unidad typed; may be empty


def recorded_payment(session: Session, request: TransparencyRequest) -> RecordedPayment | None:
    """The payment the Unidad recorded for the request, as its timeline entry keeps it; None if none."""
    event = _latest_entry(session, request, PAID_ACTION)
    if event is None or not (event.after or {}).get("pagado"):
        return None
    return RecordedPayment(date.fromisoformat(event.after["pagado"]), event.after.get("referencia") or "")


def lapsed_unpaid(session: Session, request: TransparencyRequest) -> date | None:
    """The last day of the window to pay when it ended unpaid and, with it, the obligation to make the ARCO
    right effective, as the request's timeline keeps it; None otherwise, or once a payment made by that day
    was recorded after all (paid_after_the_lapse)."""
    unpaid = _latest_entry(session, request, UNPAID_ACTION)
    if unpaid is None or not (unpaid.after or {}).get("pago_vencio") or paid_after_the_lapse(session, request):
        return None
    return date.fromisoformat(unpaid.after["pago_vencio"])


def paid_after_the_lapse(session: Session, request: TransparencyRequest) -> bool:
    """Whether a payment made in the window was recorded after its lapse had closed the step to make the ARCO
    right effective: the right is to be made effective again, from the request's page."""
    unpaid = _latest_entry(session, request, UNPAID_ACTION)
    paid = _latest_entry(session, request, PAID_ACTION)
    return unpaid is not None and paid is not None and paid.seq > unpaid.seq


def _latest_entry(session: Session, request: TransparencyRequest, action: str) -> AuditEvent | None:
    """The request's latest timeline entry of that step (its process's), if any."""
    if request.instance_id is None:
        return None
    return session.exec(select(AuditEvent).where(
        AuditEvent.organization_id == request.organization_id, AuditEvent.object_type == "proceso",
        AuditEvent.object_id == str(request.instance_id), AuditEvent.action == action)
        .order_by(AuditEvent.seq.desc())).first()


def check_paid_before(session: Session, request: TransparencyRequest, effective_on: date, today: date) -> None:
    """An ARCO right with costs is made effective «previa acreditación del pago», as its oficio says: not while
    nobody recorded the payment, nor on a day before it. The process's step and the page of an imported
    request check it beside the date of effectiveness (arco_request.handlers.check_effectiveness_dates)."""
    window = payment_term(session, request)
    if window is not None:
        unpaid = "El derecho se hace efectivo previa acreditación del pago de los costos, y no hay pago registrado: "
        if window.due_on >= today:
            raise FormInvalid({"fecha_efectividad": f"{unpaid}registre primero el pago en la página de la solicitud "
                                                    f"({request.kind.party} tiene hasta el {long_date(window.due_on)} "
                                                    "para pagar)."})
        raise FormInvalid({"fecha_efectividad": f"{unpaid}el plazo para pagar venció el {long_date(window.due_on)}. "
                                                f"Si {request.kind.party} pagó a más tardar ese día, registre primero "
                                                f"el pago en la página de la solicitud; si no, {TO_GET[request.kind]}, "
                                                f"{request.kind.party} debe presentar una nueva solicitud."})
    paid = recorded_payment(session, request)
    if paid is not None and effective_on < paid.paid_on:
        raise FormInvalid({"fecha_efectividad": "El derecho no puede hacerse efectivo antes del pago de los costos "
                                                f"({long_date(paid.paid_on)})."})


def record_payment(session: Session, actor: Actor, request_id: int, data: dict) -> Deadline | None:
    """Close the window to pay and open the term the information stays available (None: no such rule)."""
    request = request_to_record_on(session, actor, request_id,
                                   "Solo la Unidad de Transparencia registra el pago de los costos.")
    form = validate_form(PaymentForm, data, today_in(actor.timezone))
    window = payment_term(session, request)
    if window is None:
        raise FormInvalid({"__all__": "Esta solicitud no tiene un pago pendiente."})
    if form.fecha_pago < request.answered_on:
        raise FormInvalid({"fecha_pago": "El pago no puede ser anterior a la respuesta "
                                         f"({long_date(request.answered_on)})."})
    if form.fecha_pago > window.due_on:
        raise FormInvalid({"fecha_pago": f"El plazo para pagar venció el {long_date(window.due_on)}: "
                                         f"{TO_GET[request.kind]}, {request.kind.party} debe presentar una nueva "
                                         "solicitud."})
    timezone = session.get(Organization, request.organization_id).timezone
    paid_at = datetime.combine(form.fecha_pago, time(12), tzinfo=ZoneInfo(timezone))
    reference = f" (referencia {form.referencia.strip()})" if form.referencia.strip() else ""
    paid = f"{request.kind.party.capitalize()} pagó los costos"
    # Recorded after the window's lapse closed the ARCO step to make the right effective (arco_request's
    # record_unpaid), a payment made by its last day brings the obligation back: the term runs from the payment,
    # and the Unidad records the effectiveness from the request's page (arco_request.effectiveness).
    revives = lapsed_unpaid(session, request) is not None
    deadlines.close(session, actor, window, f"{paid}{reference}.", met_at=paid_at)
    call = ServiceCall(session, actor.organization_id, request.instance_id, actor, {})
    try:
        kept = open_term(call, request, DeadlineKind.ENTREGA, "conservacion",
                         KEPT_TITLE[request.kind], starts_after=form.fecha_pago,
                         responsible_user_id=actor.user_id)
    except UnknownRule:
        kept = None
    until = f"; {STAYS[request.kind]} a su disposición hasta el {long_date(kept.due_on)}" if kept else ""
    if revives:
        again = open_term(call, request, DeadlineKind.EFECTIVIDAD, "efectividad", "Hacer efectivo el derecho",
                          starts_after=form.fecha_pago, responsible_user_id=actor.user_id)
        until += (f"; pagó dentro del plazo, así que el derecho debe hacerse efectivo a más tardar el "
                  f"{long_date(again.due_on)}")
    log_step(call, PAID_ACTION, f"{paid} el {long_date(form.fecha_pago)}{until}",
             after={"pagado": form.fecha_pago, "referencia": form.referencia.strip()})
    return kept
