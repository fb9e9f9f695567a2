"""The page every session document is written on: the letterhead and the Secretaría Técnica's formats.

Shared by documents.py (convocatoria, orden del día) and minutes.py (acta, lista de acuerdos,
certificación); the text each document says lives there.
"""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from engine.documents import letterhead, long_date, to_bytes
from engine.settings import load_settings
from engine.tenancy import Organization
from workflows.board_session.models import FixedItem, ResolutionStatus
from workflows.board_session.record import ItemLine, Person, ResolutionLine, SessionRecord

CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


class Page:
    """A document being written: paragraphs with the few formats the Secretaría Técnica uses."""

    def __init__(self, record: SessionRecord):
        organization = Organization(name=record.organization, address=record.address, slug="", short_name="")
        self.document = letterhead(organization)

    def line(self, text: str = "", *, bold: bool = False, align=None, size: int | None = None):
        paragraph = self.document.add_paragraph()
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
            if size:
                run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def title(self, text: str) -> None:
        self.line(text, bold=True, align=CENTER, size=13)

    def text(self, text: str) -> None:
        """A paragraph of prose; the line breaks a person typed become paragraphs."""
        for part in text.splitlines():
            if part.strip():
                self.line(part.strip(), align=JUSTIFY)

    def labelled(self, label: str, text: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(text)
        paragraph.alignment = JUSTIFY

    def link(self, prefix: str, url: str) -> None:
        """A line ending in a real hyperlink, so the member opens the document from Word."""
        paragraph = self.document.add_paragraph(prefix)
        relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), relation)
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        color = OxmlElement("w:color")
        color.set(qn("w:val"), "0563C1")
        properties.append(color)
        properties.append(underline)
        run.append(properties)
        text = OxmlElement("w:t")
        text.text = url
        run.append(text)
        hyperlink.append(run)
        paragraph._p.append(hyperlink)

    def signature(self, person: Person | None, caption: str) -> None:
        """A line to sign on, the name under it and the capacity in which the person signs."""
        self.line()
        self.line("_" * 40, align=CENTER)
        self.line(person.name if person else "", bold=True, align=CENTER)
        self.line(caption, align=CENTER)

    def bytes(self) -> bytes:
        return to_bytes(self.document)


def position_of(person: Person | None, role: str = "") -> str:
    if person is None:
        return role
    if person.position:
        return person.position
    return role or person.role_label


def hour(moment) -> str:
    return moment.strftime("%H:%M") + " horas"


def base_url_or_default(base_url: str | None) -> str:
    return (base_url or load_settings().base_url).rstrip("/")


def item_title(record: SessionRecord, item: ItemLine) -> str:
    """The item as the orden del día reads; the previous acta is named with its session and day."""
    title = item.title.rstrip(".")
    if item.fixed == FixedItem.PREVIOUS_MINUTES and record.previous_title:
        title = title.replace("de la sesión anterior", f"de la {record.previous_title}, celebrada el "
                                                        f"{long_date(record.previous_day)}")
    return title + "."


def status_text(line: ResolutionLine) -> str:
    status = line.status.label
    if line.status == ResolutionStatus.IN_PROGRESS or (line.progress and line.status != ResolutionStatus.DONE):
        status += f" ({line.progress} %)"
    if line.due_on and line.status != ResolutionStatus.DONE:
        status += f"; fecha compromiso: {long_date(line.due_on)}"
    return status


def followup_lines(page: Page, record: SessionRecord) -> None:
    if not record.followup:
        page.line("No hay acuerdos pendientes de cumplimiento de sesiones anteriores.", align=JUSTIFY)
        return
    for line in record.followup:
        areas = f"; responsables: {', '.join(a for a in line.areas if a)}" if any(line.areas) else ""
        page.line(f"• Acuerdo {line.number} ({line.session_title}): {line.text.strip()} — "
                  f"{status_text(line)}{areas}.", align=JUSTIFY)


def moment_and_place(record: SessionRecord) -> str:
    place = f", en {record.place}" if record.place else ""
    return f"el {long_date(record.scheduled)}, a las {hour(record.scheduled)}{place}"
