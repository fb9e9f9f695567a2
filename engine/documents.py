"""Documents built with python-docx on the organization's letterhead."""

import io
import re
from datetime import date, datetime

from babel.dates import format_date
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.coreprops import CT_CoreProperties
from docx.oxml.ns import qn
from docx.oxml.parser import register_element_cls
from docx.oxml.text.run import CT_R
from docx.shared import Pt

from openpyxl import Workbook

from engine.business_calendar import WEEKDAY_NAMES
from engine.clock import utcnow
from engine.forms import plain_text
from engine.labels import plain
from engine.settings import ROOT
from engine.tenancy import Organization

LETTERHEAD = ROOT / "templates" / "docx" / "membrete.docx"
# Word spell-checks the text in the language of the default run properties: python-docx's base is en-US.
LANGUAGE = "es-MX"


class _PlainTextRun(CT_R):
    """A run (`<w:r>`) that keeps only the characters XML can hold. Forms clean what they receive,
    but text saved before they did (a subject pasted from Word, with its vertical tabs) still reaches
    documents, and python-docx refuses it: the acuse or the oficio could not be written at all."""

    @property
    def text(self) -> str:
        return CT_R.text.fget(self)

    @text.setter
    def text(self, text: str) -> None:
        # Before python-docx splits the text: a pasted line break becomes the document's own.
        CT_R.text.fset(self, plain_text(text))

    def add_t(self, text: str):
        return super().add_t(plain_text(text))


# Every run of every document (paragraphs, headings, table cells, the header), whatever module writes it.
register_element_cls("w:r", _PlainTextRun)


def letterhead(organization: Organization, title: str = "") -> DocxDocument:
    """A new document on the base file, with the organization's name in the header, in Spanish and
    described as the organization's (not python-docx's, dated 2013)."""
    document = Document(str(LETTERHEAD)) if LETTERHEAD.exists() else Document()
    describe(document.core_properties, organization.name, title)
    _in_spanish(document)
    header = document.sections[0].header
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph.text = ""
    run = paragraph.add_run(organization.name)
    run.bold = True
    run.font.size = Pt(11)
    if organization.address:
        header.add_paragraph(organization.address).runs[0].font.size = Pt(8)
    for section in document.sections:
        _page_numbers(section.footer)
    return document


def _field(paragraph, instruction: str) -> None:
    """A field Word computes when it lays out the page (PAGE, NUMPAGES); "1" until it does."""
    def run_with(element):
        run = paragraph.add_run()
        run.font.size = Pt(8)
        run._r.append(element)

    def character(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run_with(character("begin"))
    run_with(code)
    run_with(character("separate"))
    paragraph.add_run("1").font.size = Pt(8)
    run_with(character("end"))


def _page_numbers(footer) -> None:
    """«Página X de Y», centred at the foot of every page."""
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.text = ""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, instruction in (("Página ", "PAGE"), (" de ", "NUMPAGES")):
        paragraph.add_run(text).font.size = Pt(8)
        _field(paragraph, instruction)


def describe(properties: CoreProperties, author: str, title: str) -> None:
    """File → Properties: who wrote it, what it is, and that it was written now."""
    # Through plain_text as every run is: a title may quote a subject saved before forms cleaned it.
    properties.author = properties.last_modified_by = plain_text(author)
    properties.title = plain_text(title)
    properties.comments = properties.subject = properties.keywords = properties.category = ""
    properties.language = LANGUAGE
    properties.revision = 1
    properties.created = properties.modified = utcnow()


def describe_workbook(workbook: Workbook, author: str, title: str) -> None:
    """A workbook's File → Properties as `describe` writes a .docx's: the organization's, titled, in
    Spanish, written now (not openpyxl's)."""
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = plain_text(author)
    properties.title = plain_text(title)
    properties.language = LANGUAGE
    properties.created = properties.modified = utcnow().replace(tzinfo=None)


def core_properties_xml(author: str, title: str) -> bytes:
    """docProps/core.xml as `describe` writes it: for a document spliced into a letterhead built earlier."""
    element = CT_CoreProperties.new()
    describe(CoreProperties(element), author, title)
    return serialize_part_xml(element)


def _in_spanish(document: DocxDocument) -> None:
    """es-MX as the default language of every run (w:docDefaults), and of the theme's fonts."""
    element = document.styles.element
    for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr", "w:lang"):
        found = element.find(qn(tag))
        if found is None:
            found = OxmlElement(tag)
            # docDefaults comes first in styles.xml; rPrDefault first in it; lang last in rPr.
            element.insert(0, found) if tag in ("w:docDefaults", "w:rPrDefault") else element.append(found)
        element = found
    element.set(qn("w:val"), LANGUAGE)
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), LANGUAGE)


def add_data_table(document: DocxDocument, rows: list[tuple[str, str]]) -> None:
    """A bordered two-column table of labels and their values (the data of an acuse or an oficio)."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value


def add_signature(document: DocxDocument, name: str, capacity: str) -> None:
    """«Atentamente», the line to sign on, the signatory's name in bold and the capacity they sign in."""
    document.add_paragraph("")
    document.add_paragraph("Atentamente").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line, bold in (("", False), ("_" * 40, False), (name, True), (capacity, False)):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if bold and paragraph.runs:  # an empty line has no run to make bold
            paragraph.runs[0].bold = True


def to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_of(content: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line: what a reader sees."""
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.sections[0].header.paragraphs if p.text]
    lines += [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def long_date(value: date | datetime) -> str:
    return format_date(value, "d 'de' MMMM 'de' y", locale="es_MX")


def weekday_date(day: date) -> str:
    """«jueves 18 de diciembre de 2025»: a day a person must keep in mind, named with its weekday."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {long_date(day)}"


def date_span(first: date, last: date) -> str:
    """«del 21 al 31 de diciembre de 2026», «del 28 de diciembre de 2026 al 6 de enero de 2027»."""
    if (first.year, first.month) == (last.year, last.month):
        start = str(first.day)
    elif first.year == last.year:
        start = format_date(first, "d 'de' MMMM", locale="es_MX")
    else:
        start = long_date(first)
    return f"del {start} al {long_date(last)}"


# The capital is a federal entity of its own: the city and the entity are one name, written once. Its
# other spellings in an address, as plain() reads them (the parts of «México, D.F.» are read one by one).
CAPITAL = "Ciudad de México"
CAPITAL_SPELLINGS = {"ciudad de mexico", "cdmx", "cd de mexico", "cd mexico", "cd mx", "d f", "df",
                     "distrito federal", "mexico d f", "mexico df"}
# A postal code, alone or at either end of a part: «C.P. 04530», «06000 Ciudad de México».
_POSTAL = r"(?:(?:c\.?\s*p\.?|c[oó]digo postal)\s*)?\d{5}"
POSTAL_CODE = re.compile(rf"^{_POSTAL}\b\s*|\s*\b{_POSTAL}$", re.IGNORECASE)


def city_key(part: str) -> str:
    """How a part of an address compares with another: «CDMX», «D.F.» and «Ciudad de México» alike."""
    key = plain(part)
    return plain(CAPITAL) if key in CAPITAL_SPELLINGS else key


def city_of(organization: Organization) -> str:
    """Where the organization's documents say they were written (the oficios, the acta), named once: the
    last two parts of the address («…, Tuxtla Gutiérrez, Chiapas»; «Chihuahua, Chihuahua» is a city and
    its state), without a postal code («C.P. 04530»); an address in the capital gives «Ciudad de México»
    alone, not «Coyoacán, Ciudad de México» nor «Ciudad de México, CDMX»."""
    address = organization.address or ""
    parts = [part for part in (POSTAL_CODE.sub("", p.strip()).strip() for p in address.split(",")) if part]
    if any(city_key(p) == city_key(CAPITAL) for p in parts[-2:]):
        return CAPITAL
    return ", ".join(parts[-2:])
