"""The acuse de recibo of a request the Unidad received outside the Plataforma Nacional (in person,
by e-mail or post, through the oficialía de partes): the folio, when it was received and the terms
that apply to it, which the Unidad must send the requester once it captures such a request. The PNT
issues its own acuse for what is filed there.

It is issued once, from the request's page, and kept with its process: asking again gives the same
file, the one the requester holds.
"""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from sqlmodel import Session

from engine import files
from engine.accounts import Actor
from engine.clock import to_local
from engine.deadlines import Deadline, explain
from engine.documents import add_data_table, letterhead, long_date, to_bytes
from engine.rule_sets import Rule, RuleSet, UnknownRule, rule_set_by_code
from engine.runtime import ServiceCall
from engine.settings import load_settings
from engine.tenancy import Organization
from workflows.access_request.handlers import log_step
from workflows.access_request.models import RequestChannel, RequesterKind, RequestKind, TransparencyRequest
from workflows.access_request.oficio import unit_of
from workflows.access_request.page_actions import request_to_record_on
from workflows.access_request.reception import reception_note
from workflows.correspondence.models import Correspondence

KIND = "acuse_solicitud"  # among queries.PERSONAL_FILE_KINDS: it names the requester


class NoAcuse(Exception):
    """The request came through the PNT, which gave the requester its own acuse, or was imported
    already answered (it has no process in Pleno)."""


def build_request_acuse(organization: Organization, request: TransparencyRequest, response_term: str,
                        rules: RuleSet, received_by: str, lookup_url: str, correspondence_folio: str = "",
                        reception: str = "") -> bytes:
    """`response_term` is the sentence that explains the request's response deadline; `reception`,
    when the request was filed after hours or on an inhábil day, the sentence that says the day it is
    taken as received (reception.reception_note)."""
    arco = request.kind == RequestKind.ARCO
    document = letterhead(organization, f"Acuse de recibo {request.folio}")
    title = document.add_paragraph("ACUSE DE RECIBO", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    what = "Solicitud de ejercicio de derechos ARCO" if arco else "Solicitud de acceso a la información pública"
    document.add_paragraph(what).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"Folio: {request.folio}").runs[0].bold = True
    add_data_table(document, _rows(organization, request, correspondence_folio))
    document.add_paragraph("")
    if reception:
        document.add_paragraph(reception)
    document.add_paragraph("Plazos que corren a partir de su solicitud", style="Heading 2")
    for sentence in [response_term, *_other_terms(rules, arco)]:
        document.add_paragraph(sentence)
    document.add_paragraph(
        f"La {unit_of(organization)} hace constar que recibió la solicitud descrita. "
        f"Puede consultar su estado con el folio {request.folio} en {lookup_url}.")
    document.add_paragraph(f"Recibió: {received_by}, Unidad de Transparencia")
    return to_bytes(document)


def _rows(organization: Organization, request: TransparencyRequest, correspondence_folio: str) -> list[tuple[str, str]]:
    local = to_local(request.received_at, organization.timezone)
    rows = [("Fecha de recepción", long_date(local)), ("Hora de recepción", local.strftime("%H:%M") + " horas"),
            ("Medio de recepción", request.channel.label)]
    if correspondence_folio:
        rows.append(("Folio de la oficialía de partes", correspondence_folio))
    if request.pnt_folio:
        rows.append(("Folio de la Plataforma Nacional de Transparencia", request.pnt_folio))
    if request.kind == RequestKind.ARCO:
        rows.append(("Titular de los datos", request.holder_name or request.requester_name))
        if request.representative_name:
            rows.append(("Representante", request.representative_name))
        if request.arco_right:
            rows.append(("Derecho que ejerce", request.arco_right.label))
    elif request.requester_kind == RequesterKind.ANONIMO or not request.requester_name:
        rows.append(("Solicitante", "Anónimo"))
    else:
        rows.append(("Solicitante", request.requester_name))
    rows.append(("Lo que solicita", request.description))
    return rows


def _other_terms(rules: RuleSet, arco: bool) -> list[str]:
    """What else may happen and in what term, for the rules the request's law defines."""
    def rule(*keys: str) -> Rule | None:
        for key in keys:
            try:
                return rules.rule(key)
            except UnknownRule:
                continue
        return None

    sentences = []
    prevention, answer = rule("prevencion"), rule("desahogo")
    if prevention and answer:
        sentences.append(
            f"Prevención: si la solicitud no es clara o le faltan datos, la Unidad podrá pedirle, una sola vez y "
            f"dentro de los {prevention.amount} siguientes a su presentación, que la aclare o complete; tendrá "
            f"{answer.amount} para responder y, mientras tanto, el plazo de respuesta se interrumpe. "
            f"Fundamento: {prevention.basis}.")
    incompetence = rule("notoria_incompetencia", "incompetencia")
    if incompetence:
        sentences.append(
            f"Incompetencia: si lo que pide no corresponde a {'este responsable' if arco else 'este sujeto obligado'}, "
            f"se le hará saber dentro de los {incompetence.amount} siguientes, con la orientación a quien sí "
            f"corresponde. Fundamento: {incompetence.basis}.")
    extension = rule("ampliacion")
    if extension:
        sentences.append(f"Ampliación: el plazo de respuesta puede ampliarse por {extension.amount} más, por razones "
                         "fundadas y motivadas que se le notificarán antes de que venza. "
                         f"Fundamento: {extension.basis}.")
    effectiveness = rule("efectividad") if arco else None
    if effectiveness:
        sentences.append(f"Efectividad: si su solicitud procede, el derecho se hará efectivo dentro de los "
                         f"{effectiveness.amount} siguientes a la respuesta. Fundamento: {effectiveness.basis}.")
    return sentences


def issue_acuse(session: Session, actor: Actor, request_id: int) -> files.StoredFile:
    """The request's acuse, written and kept the first time it is asked for."""
    request = request_to_record_on(session, actor, request_id,
                                   "Solo la Unidad de Transparencia expide el acuse de recibo.")
    if request.channel == RequestChannel.PNT:
        raise NoAcuse("Esta solicitud llegó por la Plataforma Nacional de Transparencia, que expide su propio acuse.")
    if request.instance_id is None:
        raise NoAcuse("Esta solicitud se importó ya respondida: no se recibió en Pleno y no tiene acuse que expedir.")
    issued = files.latest(session, request.organization_id, request.instance_id, KIND)
    if issued is not None:
        return issued
    organization = session.get(Organization, request.organization_id)
    deadline = session.get(Deadline, request.response_deadline_id)
    correspondence = session.get(Correspondence, request.correspondence_id) if request.correspondence_id else None
    settings = load_settings()
    content = build_request_acuse(
        organization, request, f"Respuesta: {explain(session, deadline).sentence()}",
        rule_set_by_code(session, organization.id, request.rule_set_code), actor.name,
        f"{settings.base_url}/consulta", correspondence.folio if correspondence else "",
        reception_note(session, request))
    stored = files.store(session, settings, organization.id, KIND, f"Acuse de recibo {request.folio}",
                         f"acuse-{request.folio}.docx", content, created_by=actor.user_id,
                         instance_id=request.instance_id)
    log_step(ServiceCall(session, actor.organization_id, request.instance_id, actor, {}), "solicitud.acuse",
             f"Expidió el acuse de recibo de la solicitud {request.folio}", after={"acuse_sha256": stored.sha256})
    return stored
