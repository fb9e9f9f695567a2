"""The shared .docx builder: every document is the organization's, dated when written, in Spanish,
and text saved before forms cleaned it is still written."""

import io

from docx import Document

from engine.documents import add_data_table, letterhead, text_of, to_bytes
from engine.tenancy import Organization
from tests.document_checks import assert_described_as_written_now, assert_pages_numbered

ORGANIZATION = Organization(id=1, slug="sesaech", name="Secretaría Ejecutiva del Sistema Anticorrupción",
                            short_name="SESAECH", address="Tuxtla Gutiérrez, Chiapas", timezone="America/Mexico_City")


def test_text_with_control_characters_from_older_data_is_written_with_its_line_breaks():
    """A subject pasted from Word before forms cleaned it: python-docx refused it, no acuse was written."""
    document = letterhead(ORGANIZATION)
    document.add_paragraph("Solicitud de informe\vsegunda línea\x00")
    document.add_heading("Acuse\x01 de recibo", level=1)
    document.add_paragraph().add_run("Anexos:\x1b ").add_text("un disco\ufffe")
    add_data_table(document, [("Asunto", "Primera página\fsegunda\u2028tercera")])
    assert text_of(to_bytes(document)).split("\n")[2:] == [
        "Solicitud de informe", "segunda línea", "Acuse de recibo", "Anexos: un disco",
        "Asunto | Primera página", "segunda", "tercera"]


def test_a_letterhead_document_is_the_organizations_dated_now_titled_and_in_spanish():
    document = letterhead(ORGANIZATION, "Acuse de recibo OP-2026-000123")
    document.add_paragraph("Ortografía revisada en español.")
    assert_described_as_written_now(to_bytes(document), "Acuse de recibo OP-2026-000123", ORGANIZATION.name)


def test_a_title_quoting_a_subject_saved_before_forms_cleaned_it_is_written():
    document = letterhead(ORGANIZATION, "Oficio núm. UT/0001/2026: informe\vanual\x00")
    assert_described_as_written_now(to_bytes(document), "Oficio núm. UT/0001/2026: informe\nanual",
                                    ORGANIZATION.name)


def test_every_letterhead_document_numbers_its_pages_in_the_footer():
    document = letterhead(ORGANIZATION, "Oficio núm. UT/0001/2026")
    document.add_paragraph("Cuerpo del oficio.")
    content = to_bytes(document)
    assert_pages_numbered(content)
    assert "Página 1 de 1" in Document(io.BytesIO(content)).sections[0].footer.paragraphs[0].text
