"""The shared .docx builder: every document is the organization's, dated when written, in Spanish."""

from engine.documents import letterhead, to_bytes
from engine.tenancy import Organization
from tests.document_checks import assert_described_as_written_now

ORGANIZATION = Organization(id=1, slug="sesaech", name="Secretaría Ejecutiva del Sistema Anticorrupción",
                            short_name="SESAECH", address="Tuxtla Gutiérrez, Chiapas")


def test_a_letterhead_document_is_the_organizations_dated_now_titled_and_in_spanish():
    document = letterhead(ORGANIZATION, "Acuse de recibo OP-2026-000123")
    document.add_paragraph("Ortografía revisada en español.")
    assert_described_as_written_now(to_bytes(document), "Acuse de recibo OP-2026-000123", ORGANIZATION.name)
