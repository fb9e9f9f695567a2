"""Cells of the CSV and XLSX exports: inert formulas, texts a worksheet accepts."""

import io

from openpyxl import Workbook, load_workbook

from engine.spreadsheet_cells import inert


def test_a_text_that_would_start_a_formula_is_read_as_text():
    assert [inert(v) for v in ("=HYPERLINK(\"x\")", "+1", "Informe", 3)] == ["'=HYPERLINK(\"x\")", "'+1", "Informe", 3]


def test_a_text_saved_with_control_characters_is_exported_not_refused_by_the_worksheet():
    """A description pasted from Word before forms cleaned it: openpyxl refused it, the export failed."""
    workbook = Workbook()
    workbook.active.append([inert("Solicitud de informe\vsegunda línea\x00"), inert("\x01=1")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = next(load_workbook(buffer).active.iter_rows(values_only=True))
    assert row == ("Solicitud de informe\nsegunda línea", "'=1")
