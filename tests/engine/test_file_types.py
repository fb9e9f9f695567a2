"""Uploads are checked by type (extension and content) and size; the hint beside every file field names
the same types the check accepts."""

import re
import struct

import pytest

from engine.files import CONTENT_TYPES, UploadRejected, accepted_types, check_upload
from engine.settings import Settings


def ole2(stream: bytes = b"") -> bytes:
    """The header of an OLE2 compound file, as Word 97-2003, Excel 97-2003 and PowerPoint 97-2003 write
    it (signature, minor version 0x3E, major version 3, little-endian byte order, 512-byte sectors)."""
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\x00" * 10 + struct.pack("<I", 1))
    return header.ljust(512, b"\xff") + stream


@pytest.mark.parametrize("filename,content_type", [
    ("oficio.doc", "application/msword"), ("formato_sipot.xls", "application/vnd.ms-excel"),
    ("presentacion.ppt", "application/vnd.ms-powerpoint")])
def test_legacy_office_files_from_the_areas_are_accepted_by_their_ole2_signature(filename, content_type):
    assert check_upload(Settings(), filename, ole2(b"WordDocument")) == filename.rsplit(".", 1)[1]
    assert CONTENT_TYPES[filename.rsplit(".", 1)[1]] == content_type


@pytest.mark.parametrize("filename,content", [
    ("oficio.doc", b"MZ\x90\x00\x03\x00\x00\x00"),  # a renamed executable
    ("formato.xls", b"PK\x03\x04 an xlsx renamed"),
    ("presentacion.ppt", b"%PDF-1.4"),
])
def test_a_file_named_as_legacy_office_without_its_content_is_refused(filename, content):
    extension = filename.rsplit(".", 1)[1]
    with pytest.raises(UploadRejected, match=re.escape(f"El contenido no corresponde a un archivo .{extension}.")):
        check_upload(Settings(), filename, content)


def test_the_hint_names_every_type_the_check_accepts_and_no_other():
    settings = Settings()
    hint = accepted_types(settings)
    assert hint == ("PDF (.pdf), Word (.docx, .doc), Excel (.xlsx, .xls), PowerPoint (.ppt), imagen (.jpg, .jpeg, "
                    ".png, .tif, .tiff), OpenDocument (.odt) o texto (.txt)")
    assert sorted(re.findall(r"\.(\w+)", hint)) == sorted(settings.allowed_upload_types)
