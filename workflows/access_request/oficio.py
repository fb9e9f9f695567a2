"""The Unidad de Transparencia's oficios to the requester, on letterhead: the answer (oficio de
respuesta), the prevención (requerimiento de información adicional), the ampliación of the term and
the notice of notoria incompetencia. Each carries its number of the Unidad's yearly series, is dated
the day it was notified and is signed by the titular of the Unidad (or, without one on record,
whoever records it). Terms, last days and legal bases come from the deadlines and the rule set; each
names the request's filing as `received`, the words of reception.filing_words: its day, and the día
hábil it counted from when that was a later one, as its acuse says.
"""

from dataclasses import dataclass
from datetime import date

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from num2words import num2words

from engine.business_calendar import Unit
from engine.deadlines import Deadline
from engine.documents import add_data_table, add_signature, city_of, letterhead, long_date, to_bytes
from engine.rule_sets import LegalLimit, Rule, RuleSet
from engine.tenancy import DEFAULT_TRANSPARENCY_HEAD_TITLE, Organization
from workflows.access_request.models import (DELIVERS_NOTHING, ArcoRight, CommitteeCase, CommitteeCaseKind,
                                             CommitteeResolution, RequesterKind, RequestKind, TransparencyRequest)
from workflows.board_session.naming import of_body


def addressee(request: TransparencyRequest) -> str:
    if request.kind == RequestKind.ARCO and request.representative_name:
        return f"{request.holder_name or request.requester_name}, por conducto de {request.representative_name}"
    if request.requester_kind == RequesterKind.ANONIMO or not request.requester_name:
        return "Persona solicitante"
    return request.requester_name


# What the Comité resolved, as the oficio tells the requester (the ampliación had its own oficio).
_RESOLVED = {CommitteeResolution.CONFIRMA: "confirmó", CommitteeResolution.MODIFICA: "modificó",
             CommitteeResolution.REVOCA: "revocó"}
_MATTER = {CommitteeCaseKind.CLASIFICACION: "la clasificación de la información",
           CommitteeCaseKind.INEXISTENCIA: "la declaración de inexistencia de la información",
           CommitteeCaseKind.INCOMPETENCIA: "la declaración de incompetencia"}
# An ARCO answer speaks of the titular's personal data, as its own table does («Inexistencia de los datos»).
_ARCO_MATTER = {**_MATTER, CommitteeCaseKind.INEXISTENCIA: "la declaración de inexistencia de los datos personales"}


# Where the request's rule set keeps the provision under which the Comité resolved each matter (its «bases»).
COMMITTEE_BASIS = {CommitteeCaseKind.CLASIFICACION: "comite_clasificacion",
                   CommitteeCaseKind.INEXISTENCIA: "comite_inexistencia",
                   CommitteeCaseKind.INCOMPETENCIA: "comite_incompetencia"}


def committee_sentence(case: CommitteeCase, kind: RequestKind = RequestKind.ACCESO, law: RuleSet | None = None) -> str:
    """«El Comité de Transparencia, en su resolución CT/RES/031/2026 del 27 de noviembre de 2026, con fundamento
    en LGTAIP 2025, arts. 40 fr. II y 139, confirmó la clasificación de la información.» The law has the
    requester notified of it with the answer; `law`, the request's rule set, names the provision (none
    where it keeps no basis for that matter). A modification says how, from the Comité's considerations."""
    matter_kind = CommitteeCaseKind(case.kind)
    matter = (_ARCO_MATTER if kind == RequestKind.ARCO else _MATTER)[matter_kind]
    basis = law.basis_of(COMMITTEE_BASIS[matter_kind]) if law is not None else None
    founded = f", con fundamento en {basis}," if basis else ","
    return (f"El Comité de Transparencia, en su resolución {case.resolution_number} del {long_date(case.resolved_on)}"
            f"{founded} {_RESOLVED[CommitteeResolution(case.resolution)]} {matter}{_how_modified(case)}.")


def _how_modified(case: CommitteeCase) -> str:
    """« en los términos siguientes: sólo se reservan …»: a modification says what the Comité modified,
    in the considerations it resolved with (none written, the sentence ends with what it resolved)."""
    notes = case.notes.strip().rstrip(".")
    if case.resolution != CommitteeResolution.MODIFICA or not notes:
        return ""
    return f" en los términos siguientes: {notes}"


def build_oficio(organization: Organization, request: TransparencyRequest, number: str, received: str,
                 answered_by: str, legend: str = "", appeal: Rule | None = None, payment: Deadline | None = None,
                 free: LegalLimit | None = None, committee: list[CommitteeCase] = (),
                 effective: Deadline | None = None, law: RuleSet | None = None) -> bytes:
    """The answer; with costs, the requester's window to pay (`payment`, the term it opened); `free`,
    the law's limit of hojas simples delivered without cost, when the delivery is within it;
    `committee`, the Comité's resolved cases about the answer, which are notified with it under the
    provisions of `law`, the request's rule set; `effective` (ARCO), the term to make the right
    effective that the answer opened."""
    document = _heading(organization, request, number, f"respuesta a la solicitud {request.folio}", request.answered_on)
    document.add_paragraph(f"{_in_reply_to(request, received)}, la {unit_of(organization)} "
                           "le informa lo siguiente:")
    arco = request.kind == RequestKind.ARCO
    mode = request.delivery_mode.label if request.delivery_mode else "—"
    # An inexistencia, an incompetencia or an improcedencia delivers nothing: no modality, no hojas.
    delivery = [] if request.answer_sense in DELIVERS_NOTHING else [
        ("Modalidad en que se hace efectivo el derecho" if arco else "Modalidad de entrega", mode),
        *([("Hojas", f"{request.pages:,}")] if request.pages else [])]
    rows = ([("Derecho ejercido", request.arco_right.label)] if arco and request.arco_right else []) + [
        ("Sentido de la respuesta", request.answer_label), *delivery,
        ("Costo", f"${request.cost:,.2f} MXN" if request.cost else "Sin costo")]
    add_data_table(document, rows)
    document.add_paragraph("")
    _paragraphs(document, request.answer_text)
    for case in committee:
        document.add_paragraph(committee_sentence(case, request.kind, law))
    if legend.strip():
        document.add_paragraph(f"Leyenda de clasificación: {legend.strip()}")
    if free is not None:
        document.add_paragraph(f"La entrega no tiene costo: no excede de {num2words(free.value, lang='es')} hojas "
                               f"simples ({free.basis}).")
    if payment is not None:
        window = (f"dentro de los {Unit(payment.unit).amount(payment.days)} siguientes a la notificación de esta "
                  f"respuesta, es decir, a más tardar el {long_date(payment.due_on)}")
        # An ARCO right is made effective, not information delivered: the holder pays before it is.
        document.add_paragraph(
            f"Con fundamento en {payment.basis}, para que el derecho se haga efectivo deberá cubrir el costo de "
            f"${request.cost:,.2f} MXN {window}." if arco else
            f"Para recibir la información, deberá cubrir el costo de ${request.cost:,.2f} MXN {window} "
            f"({payment.basis}).")
    if effective is not None:
        paid = "del pago de los costos y " if payment is not None else ""
        document.add_paragraph(
            f"Con fundamento en {effective.basis}, el derecho se hará efectivo dentro de los "
            f"{Unit(effective.unit).amount(effective.days)} siguientes a la notificación de esta respuesta, es "
            f"decir, a más tardar el {long_date(effective.due_on)}, previa acreditación {paid}de la identidad del "
            "titular y, en su caso, de la identidad y personalidad de su representante.")
    _appeal_notice(document, appeal)
    return _signed(document, organization, answered_by)


def build_prevention_oficio(organization: Organization, request: TransparencyRequest, number: str, received: str,
                            issued: date, requirement: str, answer_term: Deadline, answered_by: str) -> bytes:
    """The requerimiento: what the requester must clarify, by which día hábil, and what happens if not.

    The term, its legal basis and its last day come from the deadline the prevención opened, so the
    oficio says what the calendar computed.
    """
    document = _heading(organization, request, number, f"prevención de la solicitud {request.folio}", issued)
    document.add_paragraph(f"{_in_reply_to(request, received)}, la {unit_of(organization)} "
                           "le informa que, para dar trámite a su solicitud, es necesario que "
                           "la aclare, precise o complemente en los términos siguientes:")
    _paragraphs(document, requirement)
    term = Unit(answer_term.unit).amount(answer_term.days)
    document.add_paragraph(
        f"Con fundamento en {answer_term.basis}, cuenta con {term}, contados a partir del día hábil siguiente "
        f"a la notificación de este oficio, es decir, a más tardar el {long_date(answer_term.due_on)}, para "
        "desahogar este requerimiento. Esta prevención interrumpe el plazo para responder su solicitud, que "
        "volverá a computarse, completo, a partir del día hábil siguiente al desahogo. Si no desahoga la "
        "prevención en ese plazo, su solicitud se tendrá por no presentada.")
    return _signed(document, organization, answered_by)


@dataclass(frozen=True)
class Extension:
    """An ampliación as its oficio tells it: the rule applied, why, the new last day and, for an
    access request, the Comité's resolution that confirmed it («la resolución CT/05/2026 del …»)."""

    notified: date
    rule: Rule
    reasons: str
    due_on: date
    resolution: str = ""


def build_extension_oficio(organization: Organization, request: TransparencyRequest, number: str, received: str,
                           extension: Extension, answered_by: str) -> bytes:
    """The notice that the term to answer is extended, sent by the original due day."""
    document = _heading(organization, request, number, f"ampliación del plazo de respuesta, solicitud {request.folio}",
                        extension.notified)
    confirmed = f", conforme a {extension.resolution}" if extension.resolution else ""
    document.add_paragraph(
        f"{_in_reply_to(request, received)}, la {unit_of(organization)} "
        f"le notifica que el plazo para responderla se amplía por {extension.rule.amount}, "
        f"con fundamento en {extension.rule.basis}{confirmed}.")
    if extension.reasons.strip():
        document.add_paragraph("Las razones de la ampliación son las siguientes:")
        _paragraphs(document, extension.reasons)
    document.add_paragraph(f"En consecuencia, su solicitud se responderá a más tardar el {long_date(extension.due_on)}.")
    return _signed(document, organization, answered_by)


def build_incompetence_oficio(organization: Organization, request: TransparencyRequest, number: str, received: str,
                              notified: date, competent_body: str, notice_term: Deadline, answered_by: str,
                              appeal: Rule | None = None) -> bytes:
    """The notice of (notoria) incompetencia, orienting the requester to the competent body.

    In the words of each law: a sujeto obligado notoriamente incompetente (LGTAIP), a responsable
    that is not competent, orienting the titular to the responsable competente (LGPDPPSO).
    """
    arco = request.kind == RequestKind.ARCO
    subject = "incompetencia" if arco else "notoria incompetencia"
    document = _heading(organization, request, number, f"{subject}, solicitud {request.folio}", notified)
    finding = ("este responsable no es competente para atender su solicitud" if arco else
               "este sujeto obligado es notoriamente incompetente para atender lo que solicita")
    document.add_paragraph(
        f"{_in_reply_to(request, received)}, la {unit_of(organization)}, "
        f"con fundamento en {notice_term.basis}, le informa que {finding}, pues no corresponde a sus facultades, "
        "competencias o funciones.")
    before = "el responsable competente" if arco else "el sujeto obligado competente"
    document.add_paragraph(f"Por ello, le orientamos a presentar su solicitud ante {before}: {competent_body.strip()}.")
    _appeal_notice(document, appeal)
    return _signed(document, organization, answered_by)


def signature_of(organization: Organization, answered_by: str) -> tuple[str, str]:
    """Who signs the oficio (or the Unidad's quarterly report) and as what: the titular of the Unidad when
    the organization has one on record (Administración → Entes), else the person who registered the answer
    (or made the report), for the Unidad."""
    titular = organization.transparency_head_name.strip()
    if titular:
        return titular, organization.transparency_head_title.strip() or DEFAULT_TRANSPARENCY_HEAD_TITLE
    return answered_by, "Unidad de Transparencia"


def _heading(organization: Organization, request: TransparencyRequest, number: str, subject: str,
             dated: date) -> DocxDocument:
    """Letterhead; who issues the oficio, its number and its subject; place and date; addressee."""
    document = letterhead(organization, f"Oficio núm. {number}: {subject}")
    for line, bold in (("Unidad de Transparencia", True), (f"Oficio núm. {number}", True),
                       (f"Asunto: {subject}", False)):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.runs[0].bold = bold
    place = city_of(organization)
    dated_line = document.add_paragraph(f"{place}, a {long_date(dated)}" if place else long_date(dated))
    dated_line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(addressee(request)).runs[0].bold = True
    return document


# Each right as the law words it (LGPDPPSO arts. 43–46): access *to* one's data, opposition *to
# their processing*.
_RIGHT_WORDS = {ArcoRight.ACCESO: "acceso a sus datos personales",
                ArcoRight.RECTIFICACION: "rectificación de sus datos personales",
                ArcoRight.CANCELACION: "cancelación de sus datos personales",
                ArcoRight.OPOSICION: "oposición al tratamiento de sus datos personales",
                ArcoRight.PORTABILIDAD: "portabilidad de sus datos personales"}


def unit_of(organization: Organization) -> str:
    """Who writes the oficios and acuses: «Unidad de Transparencia de la Secretaría Ejecutiva …», the
    organization named with its own article (never «del sujeto obligado Secretaría…»)."""
    return f"Unidad de Transparencia {of_body(organization.name)}"


def _in_reply_to(request: TransparencyRequest, received: str) -> str:
    """«En atención a su solicitud SAI-2026-00001 (folio de la PNT …), recibida el …» (or «presentada el
    domingo …, que se tuvo por recibida el lunes …»)."""
    pnt = f" (folio de la Plataforma Nacional de Transparencia {request.pnt_folio})" if request.pnt_folio else ""
    if request.kind == RequestKind.ARCO and request.arco_right:
        what = f"su solicitud {request.folio}{pnt} para ejercer el derecho de {_RIGHT_WORDS[request.arco_right]}"
    else:
        what = f"su solicitud {request.folio}{pnt}"
    return f"En atención a {what}, {received}"


def _appeal_notice(document: DocxDocument, appeal: Rule | None) -> None:
    """The requester's right to appeal, with the term and basis of the request's rule set (none
    when that law has no recurso de revisión)."""
    if appeal is not None:
        document.add_paragraph(
            "Si no está conforme con esta respuesta, puede interponer recurso de revisión ante el órgano garante "
            f"dentro de los {appeal.amount} siguientes a su notificación ({appeal.basis}).")


def _paragraphs(document: DocxDocument, text: str) -> None:
    for paragraph in text.splitlines():
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())


def _signed(document: DocxDocument, organization: Organization, answered_by: str) -> bytes:
    add_signature(document, *signature_of(organization, answered_by))
    return to_bytes(document)
