"""What every generated .docx must say about itself, checked on the reopened file."""

import io
import zipfile
from datetime import timedelta

from docx import Document

from engine.clock import utcnow


def assert_described_as_written_now(content: bytes, title: str, author: str) -> None:
    """Reopened: python-docx's metadata of 2013 is gone, and Word spell-checks the text in Spanish."""
    properties = Document(io.BytesIO(content)).core_properties
    assert (properties.author, properties.title, properties.comments) == (author, title, "")
    assert "python-docx" not in (properties.last_modified_by or "")
    for moment in (properties.created, properties.modified):
        assert utcnow() - timedelta(minutes=1) <= moment <= utcnow()
    package = zipfile.ZipFile(io.BytesIO(content))
    styles = package.read("word/styles.xml").decode("utf-8")
    defaults = styles[styles.index("<w:docDefaults>"):styles.index("</w:docDefaults>")]
    assert '<w:lang w:val="es-MX"' in defaults
    assert "python-docx" not in package.read("docProps/core.xml").decode("utf-8")


def assert_pages_numbered(content: bytes) -> None:
    """Reopened: every section's footer says «Página X de Y» with Word's PAGE and NUMPAGES fields."""
    document = Document(io.BytesIO(content))
    for section in document.sections:
        footer = section.footer
        assert not footer.is_linked_to_previous  # a footer of its own, referenced by the section
        xml = footer._element.xml
        assert "<w:instrText" in xml and " PAGE " in xml and " NUMPAGES " in xml
        assert xml.index(" PAGE ") < xml.index(" NUMPAGES ")
        assert footer.paragraphs[0].text.startswith("Página ") and " de " in footer.paragraphs[0].text


def assert_workbook_described(content: bytes, title: str, author: str) -> None:
    """Reopened: a workbook is the organization's and titled, in Spanish, not openpyxl's."""
    from openpyxl import load_workbook
    properties = load_workbook(io.BytesIO(content)).properties
    assert (properties.creator, properties.lastModifiedBy, properties.title) == (author, author, title)
    assert properties.language == "es-MX"
