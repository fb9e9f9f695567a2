"""Uploads are checked by their content, not only their name: what each type must begin with."""

import pytest

from engine.files import UploadRejected, check_upload
from engine.settings import Settings

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings()


@pytest.mark.parametrize("before", [b"\xef\xbb\xbf", b"\r\n", b"\n", b"\xef\xbb\xbf\r\n", b" " * 1020],
                         ids=["bom", "crlf", "lf", "bom-crlf", "header-ending-at-byte-1024"])
def test_a_pdf_whose_header_follows_a_bom_or_a_line_end_is_accepted_as_readers_accept_it(settings, before):
    """Scanners and mail gateways write these before «%PDF»; it was refused as «no corresponde a un archivo .pdf»."""
    assert check_upload(settings, "oficio.pdf", before + PDF) == "pdf"


@pytest.mark.parametrize("filename,content", [
    ("oficio.pdf", b" " * 1021 + PDF),  # «%PDF» not wholly within the first 1024 bytes
    ("oficio.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 2000 + PDF),  # a program with a PDF further in
    ("oficio.pdf", b"<html><body>Oficio</body></html>"),
    ("foto.png", b"\xef\xbb\xbf" + PNG),  # the other types still begin with their signature
    ("informe.docx", b"\r\nPK\x03\x04"),
], ids=["header-past-byte-1024", "executable", "html", "png-after-bom", "docx-after-crlf"])
def test_content_that_does_not_begin_as_its_type_is_still_refused(settings, filename, content):
    extension = filename.rsplit(".", 1)[1]
    with pytest.raises(UploadRejected, match=f"El contenido no corresponde a un archivo .{extension}."):
        check_upload(settings, filename, content)
