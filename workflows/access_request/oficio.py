"""The oficio de respuesta: the Unidad de Transparencia's answer to the applicant, on letterhead."""

from docx.enum.text import WD_ALIGN_PARAGRAPH

from engine.clock import to_local
from engine.documents import city_of, letterhead, long_date, to_bytes
from engine.tenancy import DEFAULT_TRANSPARENCY_HEAD_TITLE, Organization
from workflows.access_request.models import RequesterKind, RequestKind, TransparencyRequest


def addressee(request: TransparencyRequest) -> str:
    if request.kind == RequestKind.ARCO and request.representative_name:
        return f"{request.holder_name or request.requester_name}, por conducto de {request.representative_name}"
    if request.requester_kind == RequesterKind.ANONIMO or not request.requester_name:
        return "Persona solicitante"
    return request.requester_name


def build_oficio(organization: Organization, request: TransparencyRequest, answered_by: str, legend: str = "") -> bytes:
    document = letterhead(organization)
    # The heading of an oficio: who issues it, its number and its subject.
    for line, bold in (("Unidad de Transparencia", True), (f"Oficio núm. {request.oficio_number}", True),
                       (f"Asunto: respuesta a la solicitud {request.folio}", False)):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.runs[0].bold = bold
    place = city_of(organization)
    dated = f"{place}, a {long_date(request.answered_on)}" if place else long_date(request.answered_on)
    document.add_paragraph(dated).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(addressee(request)).runs[0].bold = True
    received = to_local(request.received_at, organization.timezone)
    pnt = f" (folio de la Plataforma Nacional de Transparencia {request.pnt_folio})" if request.pnt_folio else ""
    arco = request.kind == RequestKind.ARCO
    what = (f"su solicitud {request.folio}{pnt} para ejercer el derecho de {request.arco_right.label.lower()} "
            "de sus datos personales") if arco and request.arco_right else f"su solicitud {request.folio}{pnt}"
    document.add_paragraph(
        f"En atención a {what}, recibida el {long_date(received)}, "
        f"la Unidad de Transparencia del sujeto obligado {organization.name} le informa lo siguiente:")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    mode = request.delivery_mode.label if request.delivery_mode else "—"
    rows = ([("Derecho ejercido", request.arco_right.label)] if arco and request.arco_right else []) + [
        ("Sentido de la respuesta", request.answer_label),
        ("Modalidad en que se hace efectivo el derecho" if arco else "Modalidad de entrega", mode),
        ("Costo", f"${request.cost:,.2f} MXN" if request.cost else "Sin costo")]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_paragraph("")
    for paragraph in request.answer_text.splitlines():
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    if legend.strip():
        document.add_paragraph(f"Leyenda de clasificación: {legend.strip()}")
    document.add_paragraph(
        "Si no está conforme con esta respuesta, puede interponer recurso de revisión ante el órgano garante "
        "dentro de los quince días hábiles siguientes a su notificación.")
    document.add_paragraph("")
    document.add_paragraph("Atentamente").alignment = WD_ALIGN_PARAGRAPH.CENTER
    name, capacity = signature_of(organization, answered_by)
    for line, bold in (("", False), ("_" * 40, False), (name, True), (capacity, False)):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if bold:
            paragraph.runs[0].bold = True
    return to_bytes(document)


def signature_of(organization: Organization, answered_by: str) -> tuple[str, str]:
    """Who signs the oficio and as what: the titular of the Unidad when the organization has one on
    record (Administración → Entes), else the person who registered the answer, for the Unidad."""
    titular = organization.transparency_head_name.strip()
    if titular:
        return titular, organization.transparency_head_title.strip() or DEFAULT_TRANSPARENCY_HEAD_TITLE
    return answered_by, "Unidad de Transparencia"
