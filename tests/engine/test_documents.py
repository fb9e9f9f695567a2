"""Documents on the letterhead: text saved before forms cleaned it is still written."""

from engine.documents import add_data_table, letterhead, text_of, to_bytes
from engine.tenancy import Organization

ORGANIZATION = Organization(id=1, slug="sesaech", name="Secretaría Ejecutiva", short_name="SESAECH",
                            address="Tuxtla Gutiérrez, Chiapas", timezone="America/Mexico_City")


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
