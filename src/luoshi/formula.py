"""One rule for text a spreadsheet could run as a formula (OWASP CSV injection).

Every .xlsx cell luoshi writes (``register.excel.set_text_cell``) and every CSV row
(``status`` and ``extract --format csv``) is defused here.
"""

from __future__ import annotations

from collections.abc import Mapping

# Excel, LibreOffice and WPS start a formula (or a DDE call) with these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defused(text: str) -> str:
    """``text`` as a spreadsheet shows it literally: a leading ' before a formula start."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def csv_safe(record: Mapping[str, object]) -> dict[str, object]:
    """A CSV record whose text fields are defused (numbers are written as numbers)."""
    return {k: defused(v) if isinstance(v, str) else v for k, v in record.items()}
