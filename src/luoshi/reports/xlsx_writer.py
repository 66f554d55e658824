"""Plain tables as an Excel workbook: one sheet each, a title row, a styled header, typed cells.

Numbers stay numbers (a unit can re-add its score in Excel); text is stored
as text that no spreadsheet evaluates (a name starting with = stays a name).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..register.excel import set_text_cell
from ..textwidth import width

Value = str | int | float | None
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
TITLE_ROW, HEADER_ROW = 1, 2


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    title: str
    header: tuple[str, ...]
    rows: Sequence[Sequence[Value]]
    formats: Mapping[int, str] = field(default_factory=dict)  # column index → number format
    max_widths: Mapping[int, int] = field(default_factory=dict)  # column index → widest


def write_workbook(sheets: Sequence[Sheet], out: Path | IO[bytes]) -> None:
    wb = Workbook()
    first = wb.active
    assert isinstance(first, Worksheet)
    wb.remove(first)
    for sheet in sheets:
        _write_sheet(wb.create_sheet(sheet.name[:31]), sheet)
    wb.save(out)


def _write_sheet(ws: Worksheet, sheet: Sheet) -> None:
    n = len(sheet.header)
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=n)
    title = ws.cell(TITLE_ROW, 1)
    text_cell(title, sheet.title)
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[TITLE_ROW].height = 28
    for c, h in enumerate(sheet.header, start=1):
        cell = ws.cell(HEADER_ROW, c)
        text_cell(cell, h)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(sheet.rows, start=HEADER_ROW + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            if isinstance(value, str):
                text_cell(cell, value)
                cell.alignment = Alignment(vertical="center", wrap_text=True)
            else:
                cell.value = value
                if c - 1 in sheet.formats:
                    cell.number_format = sheet.formats[c - 1]
            cell.border = _BORDER
    for c in range(1, n + 1):
        texts = [str(ws.cell(r, c).value or "") for r in range(HEADER_ROW, ws.max_row + 1)]
        widest = sheet.max_widths.get(c - 1, 40)
        ws.column_dimensions[get_column_letter(c)].width = min(widest, max(map(width, texts)) + 2)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(n)}{max(ws.max_row, HEADER_ROW)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def text_cell(cell: Cell, text: str) -> None:
    """Store ``text`` as a string no spreadsheet will evaluate (as the task table does)."""
    set_text_cell(cell, text)
