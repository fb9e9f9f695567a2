"""The page every session document is written on: the letterhead and the Secretaría Técnica's formats.

Shared by documents.py (convocatoria, orden del día) and minutes.py (acta, lista de acuerdos,
certificación); the text each document says lives there.

Paragraphs are written as WordprocessingML text and spliced into the organization's letterhead
package, built once by engine.documents.letterhead and kept per (name, address): python-docx
builds each run element by element and re-reads and re-writes the 800 KB of styles of its base
file for every document, which took three times the 50 ms an acta of 15 items may take.
"""

import io
import re
import zipfile
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from engine.documents import core_properties_xml, letterhead, long_date, to_bytes
from engine.settings import load_settings
from engine.tenancy import Organization
from workflows.board_session.models import FixedItem, Resolution, ResolutionStatus
from workflows.board_session.naming import place_phrase
from workflows.board_session.record import ItemLine, Person, ResolutionLine, SessionRecord

CENTER, RIGHT, JUSTIFY = "center", "right", "both"
DOCUMENT, RELATIONS = "word/document.xml", "word/_rels/document.xml.rels"
CORE = "docProps/core.xml"  # the title and the moment of each document, not of the cached letterhead
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# Characters XML 1.0 cannot hold (a form can deliver them); tabs and line breaks are handled apart.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@lru_cache(maxsize=64)
def letterhead_package(name: str, address: str) -> tuple[bytes, str, str]:
    """(every part but the body, its relationships and its properties, already compressed; the body; the
    relationships)."""
    package = zipfile.ZipFile(io.BytesIO(to_bytes(letterhead(Organization(name=name, address=address, slug="",
                                                                           short_name="")))))
    static = io.BytesIO()
    with zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as target:
        for info in package.infolist():
            if info.filename not in (DOCUMENT, RELATIONS, CORE):
                target.writestr(info, package.read(info.filename), zipfile.ZIP_DEFLATED)
    return static.getvalue(), package.read(DOCUMENT).decode("utf-8"), package.read(RELATIONS).decode("utf-8")


def _run(text: str, bold: bool = False, size: int | None = None) -> str:
    properties = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size * 2}"/>' if size else "")
    properties = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{escape(_INVALID.sub("", text))}</w:t></w:r>'


def _paragraph(runs: str, align: str | None = None) -> str:
    alignment = f'<w:pPr><w:jc w:val="{align}"/></w:pPr>' if align else ""
    return f"<w:p>{alignment}{runs}</w:p>"


class Page:
    """A document being written: paragraphs with the few formats the Secretaría Técnica uses."""

    def __init__(self, record: SessionRecord, title: str):
        """`title`: the document's, in its properties («Acta de la Primera Sesión Ordinaria…»)."""
        self.static, self.body_xml, self.relations_xml = letterhead_package(record.organization, record.address)
        self.properties = core_properties_xml(record.organization, title)
        self.body: list[str] = []
        self.relations: list[str] = []

    def line(self, text: str = "", *, bold: bool = False, align: str | None = None, size: int | None = None) -> None:
        self.body.append(_paragraph(_run(text, bold, size) if text else "", align))

    def title(self, text: str) -> None:
        self.line(text, bold=True, align=CENTER, size=13)

    def text(self, text: str) -> None:
        """A paragraph of prose; the line breaks a person typed become paragraphs."""
        for part in text.splitlines():
            if part.strip():
                self.line(part.strip(), align=JUSTIFY)

    def labelled(self, label: str, text: str) -> None:
        self.body.append(_paragraph(_run(label, bold=True) + _run(text), JUSTIFY))

    def link(self, prefix: str, url: str) -> None:
        """A line ending in a real hyperlink, so the member opens the document from Word."""
        relation = f"rIdPleno{len(self.relations) + 1}"
        self.relations.append(f'<Relationship Id="{relation}" Type="{HYPERLINK}" Target={quoteattr(url)} '
                              'TargetMode="External"/>')
        link = (f'<w:hyperlink r:id="{relation}"><w:r><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/>'
                f'</w:rPr><w:t xml:space="preserve">{escape(url)}</w:t></w:r></w:hyperlink>')
        self.body.append(_paragraph(_run(prefix) + link))

    def table(self, header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...]) -> None:
        """A bordered table (the letterhead's "Table Grid" style); widths in twentieths of a point."""
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

        def row(cells: tuple[str, ...], bold: bool = False) -> str:
            return "<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
                                      f"{_paragraph(_run(text, bold))}</w:tc>"
                                      for text, w in zip(cells, widths)) + "</w:tr>"
        self.body.append('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
                         f'<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{row(header, True)}'
                         + "".join(row(r) for r in rows) + "</w:tbl>")

    def signature(self, person: Person | None, caption: str) -> None:
        """A line to sign on, the name under it and the capacity in which the person signs."""
        self.line()
        self.line("_" * 40, align=CENTER)
        self.line(person.name if person else "", bold=True, align=CENTER)
        self.line(caption, align=CENTER)

    def bytes(self) -> bytes:
        at = self.body_xml.rindex("<w:sectPr")
        document = self.body_xml[:at] + "".join(self.body) + self.body_xml[at:]
        at = self.relations_xml.rindex("</Relationships>")
        relations = self.relations_xml[:at] + "".join(self.relations) + self.relations_xml[at:]
        buffer = io.BytesIO(self.static)
        buffer.seek(0, io.SEEK_END)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
            package.writestr(DOCUMENT, document)
            package.writestr(RELATIONS, relations)
            package.writestr(CORE, self.properties)
        return buffer.getvalue()


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
    """The item as the orden del día reads; the actas to approve are named with their session and day."""
    title = item.title.rstrip(".")
    if item.fixed == FixedItem.PREVIOUS_MINUTES and record.previous:
        named = [f"de la {session}, celebrada el {long_date(day)}" for session, day in record.previous]
        if len(named) > 1:
            title = title.replace("del acta de la sesión anterior", "de las actas " + ", ".join(named[:-1])
                                  + " y " + named[-1])
        title = title.replace("de la sesión anterior", named[0])
    return title + "."


def status_text(line: ResolutionLine | Resolution, standing: ResolutionStatus | None = None) -> str:
    """An acuerdo's status as the session's page and documents give it: its progress and its fecha compromiso
    while open; once returned by Jurídica, that its compliance was returned and the progress reported since.
    `standing`: where a stored Resolution stands today (standing.standings: «Vencido» is not stored); a
    ResolutionLine already says it."""
    current = standing or line.status
    status = current.label
    if current == ResolutionStatus.DONE:
        return status
    if line.returned_on:
        since = f"{line.progress} %; " if line.progress else ""
        status += f" ({since}cumplimiento devuelto con observaciones el {long_date(line.returned_on)})"
    elif current == ResolutionStatus.IN_PROGRESS or line.progress:
        status += f" ({line.progress} %)"
    if line.due_on:
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
    place = f", {place_phrase(record.place, record.city, city_said=False)}" if record.place else ""
    return f"el {long_date(record.scheduled)}, a las {hour(record.scheduled)}{place}"
