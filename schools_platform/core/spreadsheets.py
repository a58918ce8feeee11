"""Spreadsheet safety for every export path (CSV and XLSX).

A text cell that a spreadsheet program would read as a formula gets a leading apostrophe.
Numbers, dates and None pass through typed, so exports re-import unchanged.
See shared/reference/security-and-performance.md §2.1 (OWASP CSV injection guidance).
"""

# ASCII triggers plus their fullwidth forms (some spreadsheet programs fold them).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value):
    if not isinstance(value, str) or not value:
        return value
    stripped = value.lstrip(" \u00a0\n")
    # A leading apostrophe is escaped as well, so unescape_cell can always undo the escaping.
    if value.startswith(("\t", "\r", "'")) or stripped.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unescape_cell(value):
    """Undo safe_cell on import, so an exported file re-imports unchanged."""
    if isinstance(value, str) and value.startswith("'") and safe_cell(value[1:]) == value:
        return value[1:]
    return value


def safe_row(row):
    return [safe_cell(v) for v in row]
