"""Text that Pleno writes into files people open in a spreadsheet program (CSV and XLSX exports)."""

from engine.forms import plain_text

# A cell starting with one of these is read as a formula: a subject or topic typed as
# «=HYPERLINK(…)» would run in the spreadsheet of whoever opens the export.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """The value, and a text that would start a formula prefixed with an apostrophe (read as text).
    A text also loses the control characters a worksheet refuses (saved before forms removed them)."""
    if not isinstance(value, str):
        return value
    value = plain_text(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
