"""Documents built with python-docx on the organization's letterhead."""

import io
from datetime import date, datetime

from babel.dates import format_date
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.parser import register_element_cls
from docx.oxml.text.run import CT_R
from docx.shared import Pt

from engine.forms import plain_text
from engine.settings import ROOT
from engine.tenancy import Organization

LETTERHEAD = ROOT / "templates" / "docx" / "membrete.docx"


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


def letterhead(organization: Organization) -> DocxDocument:
    """A new document on the base file, with the organization's name in the header."""
    document = Document(str(LETTERHEAD)) if LETTERHEAD.exists() else Document()
    header = document.sections[0].header
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph.text = ""
    run = paragraph.add_run(organization.name)
    run.bold = True
    run.font.size = Pt(11)
    if organization.address:
        header.add_paragraph(organization.address).runs[0].font.size = Pt(8)
    return document


def add_data_table(document: DocxDocument, rows: list[tuple[str, str]]) -> None:
    """A bordered two-column table of labels and their values (the data of an acuse or an oficio)."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value


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


def date_span(first: date, last: date) -> str:
    """«del 21 al 31 de diciembre de 2026», «del 28 de diciembre de 2026 al 6 de enero de 2027»."""
    if (first.year, first.month) == (last.year, last.month):
        start = str(first.day)
    elif first.year == last.year:
        start = format_date(first, "d 'de' MMMM", locale="es_MX")
    else:
        start = long_date(first)
    return f"del {start} al {long_date(last)}"


def city_of(organization: Organization) -> str:
    """The last two parts of the address ("…, Tuxtla Gutiérrez, Chiapas"): the city and the state,
    where a document says it was signed."""
    parts = [p.strip() for p in (organization.address or "").split(",") if p.strip()]
    return ", ".join(parts[-2:])
