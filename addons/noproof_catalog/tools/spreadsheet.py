"""Cells that a spreadsheet would run as formulas (CSV/formula injection)."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def neutralize_cell(value):
    """``value`` as a spreadsheet shows it as text: a string that a spreadsheet
    would read as a formula gets a leading apostrophe, as OWASP advises."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
