"""Writing the task table the way governments publish it: title, as-of line, one styled
header row, red/yellow/green 状态 cells, and a hidden ID column for reading it back."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...domain import COMPARATOR_LABELS, FREQUENCY_LABELS, MEASURE_LABELS
from ...formula import defused
from ...textwidth import width
from ..units import display_unit, from_canonical
from .cells import chinese_date, join_units
from .schema import (
    FIELDS,
    HEADERS,
    LIGHT_FILLS,
    SHEET,
    UNKNOWN_AS_OF,
    RegisterRow,
)

__all__ = ["set_text_cell", "write_register"]

PathOrStream = str | os.PathLike[str] | IO[bytes]

TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 1, 2, 3

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
# (minimum, maximum) width of each column in Excel's units (one Latin character; CJK is 2).
_WIDTHS: dict[str, tuple[int, int]] = {
    "seq": (6, 8), "area": (12, 24), "name": (30, 60), "value": (10, 16), "unit": (8, 12),
    "comparator": (6, 6), "measure": (8, 8), "weight": (6, 8), "lead_official": (10, 16),
    "lead_unit": (12, 24), "coop_units": (14, 36), "due": (16, 16), "frequency": (10, 10),
    "latest": (10, 16), "completion": (9, 9), "time_progress": (9, 9), "status": (10, 14),
    "note": (10, 30), "id": (8, 8),
}  # fmt: skip
_EXTRA_WIDTH = (10, 30)
_CENTRED = frozenset(
    {"seq", "unit", "comparator", "measure", "weight", "due", "frequency", "status", "id"}
)
_DATE_FORMAT = 'yyyy"年"m"月"d"日"'


def write_register(
    rows: Sequence[RegisterRow], path_or_stream: PathOrStream, *, title: str, as_of: date | None
) -> None:
    """Write the task table: title, as-of line, header, one row per target, hidden ID column.

    Columns a table brought with it (当前进度, 监考单位 …) come before the ID column.
    """
    extras = list(dict.fromkeys(h for row in rows for h, _ in row.extra))
    fields = [*FIELDS[:-1], *(f"extra:{h}" for h in extras), FIELDS[-1]]
    headers = [*HEADERS[:-1], *extras, HEADERS[-1]]
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = SHEET
    _write_titles(ws, title, as_of, len(headers))
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, col)
        set_text_cell(cell, header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = _CENTRE
    for i, row in enumerate(rows):
        _write_row(ws, HEADER_ROW + 1 + i, row, as_of, fields)
    _lay_out(ws, HEADER_ROW + len(rows), fields)
    wb.save(path_or_stream)


def _write_titles(ws: Worksheet, title: str, as_of: date | None, columns: int) -> None:
    last = get_column_letter(columns - 1)  # the hidden ID column stays out
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.merge_cells(f"A{SUBTITLE_ROW}:{last}{SUBTITLE_ROW}")
    cell = ws.cell(TITLE_ROW, 1)
    set_text_cell(cell, title)
    cell.font = Font(bold=True, size=16)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[TITLE_ROW].height = 32
    if as_of is not None:
        cell = ws.cell(SUBTITLE_ROW, 1)
        set_text_cell(cell, f"截至{chinese_date(as_of)}")
        cell.alignment = Alignment(horizontal="right", vertical="center")


def _write_row(
    ws: Worksheet, r: int, row: RegisterRow, as_of: date | None, fields: list[str]
) -> None:
    shown_unit, factor = display_unit(row.value if row.value is not None else row.latest, row.unit)
    value: object = None if row.value is None else from_canonical(row.value, factor)
    values: dict[str, Any] = {
        "seq": row.seq,
        "area": row.area,
        "name": row.name,
        "value": row.target_text if value is None else value,
        "unit": shown_unit,
        "comparator": COMPARATOR_LABELS.get(row.comparator, row.comparator),
        "measure": MEASURE_LABELS.get(row.measure, row.measure),
        "weight": row.weight,
        "lead_official": row.lead_official,
        "lead_unit": join_units(row.lead_units),
        "coop_units": join_units(row.coop_units),
        "due": row.due_text or row.due,
        "frequency": FREQUENCY_LABELS.get(row.frequency, row.frequency),
        "latest": None if row.latest is None else from_canonical(row.latest, factor),
        "completion": row.completion,
        "time_progress": row.time_progress,
        "status": row.status,
        "note": row.note,
        "id": row.target_id,
    } | {f"extra:{h}": text for h, text in row.extra}
    for col, name in enumerate(fields, start=1):
        cell = ws.cell(r, col)
        value = values.get(name)
        if isinstance(value, str):
            set_text_cell(cell, value)
        else:
            cell.value = value
        cell.border = _BORDER
        cell.alignment = _CENTRE if name in _CENTRED else _WRAP
        if name in ("value", "latest", "weight") and isinstance(value, float):
            cell.number_format = _number_format(value)
            cell.alignment = _RIGHT
        elif name in ("completion", "time_progress"):
            cell.number_format = "0.0%"
            cell.alignment = _RIGHT
        elif name == "due":
            cell.number_format = _DATE_FORMAT
    if row.light in LIGHT_FILLS:
        ws.cell(r, fields.index("status") + 1).fill = PatternFill(
            "solid", fgColor=LIGHT_FILLS[row.light]
        )
    note = _as_of_note(row, as_of)
    if note:
        ws.cell(r, fields.index("latest") + 1).comment = Comment(note, "luoshi", 40, 160)


def _as_of_note(row: RegisterRow, as_of: date | None) -> str:
    """A comment on 最新进度 when its date is not the table's as-of date (read back by the reader)."""
    default = as_of if row.latest is not None else None
    if row.latest_as_of == default:
        return ""
    return f"截至{chinese_date(row.latest_as_of)}" if row.latest_as_of else UNKNOWN_AS_OF


def _lay_out(ws: Worksheet, last_row: int, fields: list[str]) -> None:
    """Column widths, frozen panes, filter and print setup."""
    for col, name in enumerate(fields, start=1):
        letter = get_column_letter(col)
        low, high = _WIDTHS.get(name, _EXTRA_WIDTH)
        texts = [_shown(ws.cell(r, col).value) for r in range(HEADER_ROW, last_row + 1)]
        ws.column_dimensions[letter].width = max(low, min(high, max(map(width, texts)) + 2))
    ws.column_dimensions[get_column_letter(len(fields))].hidden = True
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, fields.index("name") + 2)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(fields) - 1)}{last_row}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, date):
        return chinese_date(value)
    return str(value)


def _number_format(value: float) -> str:
    """Thousands separators, and exactly the decimals the value has (3,220 / 2.9)."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    decimals = min(-exponent, 10) if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def set_text_cell(cell: Cell, text: str) -> None:
    """Store ``text`` as a string that no spreadsheet will evaluate (OWASP CSV injection).

    Every workbook luoshi writes (task table, progress form, assessment) goes through here.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if not text:
        return
    cell.value = defused(text)  # one rule for xlsx and CSV (luoshi.formula)
    cell.data_type = "s"  # openpyxl would store "=…" as a formula and "#N/A" as an error
