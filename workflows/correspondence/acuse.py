"""The acuse de recibo: what the oficialía hands back to whoever delivered a document."""

from docx.enum.text import WD_ALIGN_PARAGRAPH

from engine.business_calendar import BusinessCalendar
from engine.calculator import reception_note
from engine.clock import to_local
from engine.documents import add_data_table, letterhead, long_date, to_bytes
from engine.tenancy import Organization
from workflows.correspondence.models import Correspondence


def build_acuse(organization: Organization, item: Correspondence, received_by: str, lookup_url: str,
                calendar: BusinessCalendar) -> bytes:
    """`lookup_url`: the public page where the folio's status can be looked up (…/consulta);
    `calendar`: the oficialía's, which says whether the document counts as received the next día hábil."""
    document = letterhead(organization, f"Acuse de recibo {item.folio}")
    title = document.add_paragraph("ACUSE DE RECIBO", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"Folio: {item.folio}").runs[0].bold = True
    local = to_local(item.received_at, organization.timezone)
    # When it was registered, beside when it came in: the folio follows the registration, and a reception
    # earlier than the folio's neighbours then reads as what it is, with its reason.
    registered = to_local(item.created_at, organization.timezone)
    rows = [
        ("Fecha de recepción", long_date(local)),
        ("Hora de recepción", local.strftime("%H:%M") + " horas"),
        ("Fecha y hora de registro", f"{long_date(registered)}, {registered:%H:%M} horas"),
        *([("Captura extemporánea", item.late_capture_reason)] if item.late_capture_reason else []),
        ("Remitente", item.sender_name),
        ("Cargo", item.sender_position or "—"),
        ("Dependencia u organización", item.sender_organization or "—"),
        ("Asunto", item.subject),
        ("Medio de recepción", item.channel.label),
        ("Fojas", str(item.pages)),
        ("Anexos", item.annexes or "Sin anexos"),
    ]
    add_data_table(document, rows)
    document.add_paragraph("")
    # The same sentence as the request's acuse: whoever delivers after closing time or on an
    # inhábil day learns from which día hábil any term of the document counts.
    reception = reception_note(calendar, item.received_at)
    if reception:
        document.add_paragraph(reception)
    document.add_paragraph(
        "Esta Oficialía de Partes hace constar que recibió el documento descrito. "
        f"Su estado puede consultarse con el folio {item.folio} en {lookup_url}.")
    document.add_paragraph(f"Recibió: {received_by}")
    return to_bytes(document)
