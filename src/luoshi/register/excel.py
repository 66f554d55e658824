"""The task table (任务分解表) as an Excel workbook: written for people, read back from anyone.

``write_register`` lays the register out the way governments publish it (title,
as-of line, one styled header row, red/yellow/green 状态 cells).
``read_register`` reads that file back, and also tables made by hand: the
header may sit below a few title rows, columns may come in any order under
common synonyms, values may carry their unit and comparator (≥2.9万人). Every
doubt becomes a ``Problem`` naming the cell as Excel shows it; the caller saves
nothing while any problem is an error.

No database here: rows are plain ``RegisterRow`` values, converted by the caller.
"""

from __future__ import annotations

import calendar
import colorsys
import math
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, Literal, TypeGuard

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.worksheet import Worksheet

from ..formula import FORMULA_START, defused
from ..ingest.document import IngestError
from ..ingest.workbook import open_workbook
from ..textwidth import width
from .units import (
    UnitSpec,
    display_unit,
    from_canonical,
    normalize_text,
    parse_comparator,
    parse_quantity,
    parse_unit,
    to_canonical,
    unknown_unit,
)

__all__ = [
    "HEADERS",
    "SHEET",
    "Problem",
    "RegisterImport",
    "RegisterRow",
    "read_register",
    "write_register",
]

PathOrStream = str | os.PathLike[str] | IO[bytes]

SHEET = "任务分解表"
HEADERS: tuple[str, ...] = (
    "序号", "领域", "任务内容/指标", "目标值", "单位", "比较", "牵头领导", "牵头单位",
    "配合单位", "完成时限", "填报频次", "最新进度", "完成率", "序时进度", "状态", "ID",
)  # fmt: skip
# Field names of the columns above, in the same order.
FIELDS: tuple[str, ...] = (
    "seq", "area", "name", "value", "unit", "comparator", "lead_official", "lead_unit",
    "coop_units", "due", "frequency", "latest", "completion", "time_progress", "status", "id",
)  # fmt: skip
LABELS: dict[str, str] = dict(zip(FIELDS, HEADERS, strict=True)) | {"responsible": "责任单位"}

TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 1, 2, 3
NAME_COLUMN = FIELDS.index("name") + 1

# 比较 as shown. "=" is full-width so that the cell does not start with a formula sign.
COMPARATOR_LABELS = {"=": "＝", ">=": "≥", "<=": "≤", "~": "≈"}
FREQUENCY_LABELS = {"monthly": "每月", "quarterly": "每季", "annual": "每年"}
FREQUENCY_WORDS: dict[str, str] = {
    **dict.fromkeys(("每月", "月度", "按月", "月报", "月", "monthly", "month"), "monthly"),
    **dict.fromkeys(
        ("每季", "每季度", "季度", "按季", "按季度", "季报", "季", "quarterly", "quarter"),
        "quarterly",
    ),
    **dict.fromkeys(("每年", "年度", "按年", "年报", "年", "annual", "yearly", "year"), "annual"),
}
# The 状态 fill of each light (Excel's own conditional-format palette: readable with black text).
LIGHT_FILLS = {"green": "63BE7B", "yellow": "FFEB84", "red": "F8696B", "grey": "D9D9D9"}

_NAME_HEADERS = (
    "任务内容指标", "任务内容", "指标", "指标名称", "任务", "工作任务", "目标任务", "重点任务",
    "任务名称", "主要指标", "指标内容",
)  # fmt: skip
# Header synonyms, keyed as ``_header_key`` leaves them (no spaces, brackets or slashes).
HEADER_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(("序号", "编号", "no", "序"), "seq"),
    **dict.fromkeys(("领域", "类别", "板块", "工作领域", "重点领域", "分类"), "area"),
    **dict.fromkeys(_NAME_HEADERS, "name"),
    **dict.fromkeys(("目标值", "目标", "年度目标", "年度目标值", "指标值", "全年目标"), "value"),
    **dict.fromkeys(("单位", "计量单位"), "unit"),
    **dict.fromkeys(("比较", "比较符"), "comparator"),
    **dict.fromkeys(("牵头领导", "责任领导", "分管领导"), "lead_official"),
    **dict.fromkeys(("牵头单位", "主办单位", "牵头部门"), "lead_unit"),
    "责任单位": "responsible",
    **dict.fromkeys(("配合单位", "协办单位", "参与单位", "配合部门"), "coop_units"),
    **dict.fromkeys(("完成时限", "时限", "完成时间", "截止时间"), "due"),
    **dict.fromkeys(("填报频次", "报送频次", "频次"), "frequency"),
    **dict.fromkeys(("最新进度", "完成值", "累计完成", "进度", "完成情况"), "latest"),
    "完成率": "completion",
    "序时进度": "time_progress",
    "状态": "status",
    "id": "id",
}
_YEAR_TARGET = re.compile(r"(?:\d{4}年度?|年度|全年)目标值?")
HEADER_SCAN_ROWS = 10

# Text that spreadsheets (and CSV exports) would evaluate: OWASP "CSV injection".
_FORMULA_START = FORMULA_START  # one rule for xlsx and CSV (luoshi.formula)


@dataclass(frozen=True)
class RegisterRow:
    """One line of the task table, as shown to people; values in canonical units."""

    seq: int
    area: str
    name: str
    value: float | None  # None: a milestone task without a number
    unit: str
    comparator: str  # "=", ">=", "<=", "~"
    lead_official: str = ""
    units: tuple[str, ...] = ()  # 牵头单位 first, then 配合单位
    due: date | None = None
    frequency: str = "monthly"
    latest: float | None = None
    latest_as_of: date | None = None
    completion: float | None = None
    time_progress: float | None = None
    status: str = ""
    light: str = ""  # green / yellow / red / grey
    target_id: int | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in an imported table, located as Excel shows it (row 0: the whole file)."""

    sheet: str
    row: int
    column: str  # letter, "" for a whole row or file
    message: str
    level: Literal["error", "warning"] = "error"
    header: str = ""

    def __str__(self) -> str:
        message = self.message if self.level == "error" else f"警告:{self.message}"
        if not self.sheet:
            return message
        if not self.column:
            return f"{self.sheet} 第{self.row}行: {message}"
        header = f" ({self.header})" if self.header else ""
        return f"{self.sheet}!{self.column}{self.row}{header}: {message}"


@dataclass
class RegisterImport:
    """What ``read_register`` found: rows that read cleanly, and every problem met."""

    rows: list[RegisterRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheet: str = ""
    title: str = ""
    as_of: date | None = None

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed): the caller may save the rows."""
        return not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


# ---------------------------------------------------------------------------
# Writing


_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
# (minimum, maximum) width of each column in Excel's units (one Latin character; CJK is 2).
_WIDTHS: dict[str, tuple[int, int]] = {
    "seq": (6, 8), "area": (12, 24), "name": (30, 60), "value": (10, 16), "unit": (8, 12),
    "comparator": (6, 6), "lead_official": (10, 16), "lead_unit": (12, 24),
    "coop_units": (14, 36), "due": (16, 16), "frequency": (10, 10), "latest": (10, 16),
    "completion": (9, 9), "time_progress": (9, 9), "status": (10, 14), "id": (8, 8),
}  # fmt: skip
_CENTRED = frozenset({"seq", "unit", "comparator", "due", "frequency", "status", "id"})
_DATE_FORMAT = 'yyyy"年"m"月"d"日"'
_UNKNOWN_AS_OF = "截至日期不详"


def write_register(
    rows: Sequence[RegisterRow], path_or_stream: PathOrStream, *, title: str, as_of: date | None
) -> None:
    """Write the task table: title, as-of line, header, one row per target, hidden ID column."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = SHEET
    _write_titles(ws, title, as_of)
    for col, header in enumerate(HEADERS, start=1):
        cell = ws.cell(HEADER_ROW, col)
        set_text_cell(cell, header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = _CENTRE
    for i, row in enumerate(rows):
        _write_row(ws, HEADER_ROW + 1 + i, row, as_of)
    _lay_out(ws, HEADER_ROW + len(rows))
    wb.save(path_or_stream)


def _write_titles(ws: Worksheet, title: str, as_of: date | None) -> None:
    last = get_column_letter(len(HEADERS) - 1)  # the hidden ID column stays out
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.merge_cells(f"A{SUBTITLE_ROW}:{last}{SUBTITLE_ROW}")
    cell = ws.cell(TITLE_ROW, 1)
    set_text_cell(cell, title)
    cell.font = Font(bold=True, size=16)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[TITLE_ROW].height = 32
    if as_of is not None:
        cell = ws.cell(SUBTITLE_ROW, 1)
        set_text_cell(cell, f"截至{_chinese_date(as_of)}")
        cell.alignment = Alignment(horizontal="right", vertical="center")


def _write_row(ws: Worksheet, r: int, row: RegisterRow, as_of: date | None) -> None:
    shown_unit, factor = display_unit(row.value if row.value is not None else row.latest, row.unit)
    values: dict[str, Any] = {
        "seq": row.seq,
        "area": row.area,
        "name": row.name,
        "value": None if row.value is None else from_canonical(row.value, factor),
        "unit": shown_unit,
        "comparator": COMPARATOR_LABELS.get(row.comparator, row.comparator),
        "lead_official": row.lead_official,
        "lead_unit": row.units[0] if row.units else "",
        "coop_units": "、".join(row.units[1:]),
        "due": row.due,
        "frequency": FREQUENCY_LABELS.get(row.frequency, row.frequency),
        "latest": None if row.latest is None else from_canonical(row.latest, factor),
        "completion": row.completion,
        "time_progress": row.time_progress,
        "status": row.status,
        "id": row.target_id,
    }
    for col, name in enumerate(FIELDS, start=1):
        cell = ws.cell(r, col)
        value = values[name]
        if isinstance(value, str):
            set_text_cell(cell, value)
        else:
            cell.value = value
        cell.border = _BORDER
        cell.alignment = _CENTRE if name in _CENTRED else _WRAP
        if name in ("value", "latest") and isinstance(value, float):
            cell.number_format = _number_format(value)
            cell.alignment = _RIGHT
        elif name in ("completion", "time_progress"):
            cell.number_format = "0.0%"
            cell.alignment = _RIGHT
        elif name == "due":
            cell.number_format = _DATE_FORMAT
    if row.light in LIGHT_FILLS:
        ws.cell(r, FIELDS.index("status") + 1).fill = PatternFill(
            "solid", fgColor=LIGHT_FILLS[row.light]
        )
    note = _as_of_note(row, as_of)
    if note:
        ws.cell(r, FIELDS.index("latest") + 1).comment = Comment(note, "luoshi", 40, 160)


def _as_of_note(row: RegisterRow, as_of: date | None) -> str:
    """A comment on 最新进度 when its date is not the table's as-of date (read back by the reader)."""
    default = as_of if row.latest is not None else None
    if row.latest_as_of == default:
        return ""
    return f"截至{_chinese_date(row.latest_as_of)}" if row.latest_as_of else _UNKNOWN_AS_OF


def _lay_out(ws: Worksheet, last_row: int) -> None:
    """Column widths, frozen panes, filter and print setup."""
    for col, name in enumerate(FIELDS, start=1):
        letter = get_column_letter(col)
        low, high = _WIDTHS[name]
        texts = [_shown(ws.cell(r, col).value) for r in range(HEADER_ROW, last_row + 1)]
        ws.column_dimensions[letter].width = max(low, min(high, max(map(width, texts)) + 2))
    ws.column_dimensions[get_column_letter(len(FIELDS))].hidden = True
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, NAME_COLUMN + 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(FIELDS) - 1)}{last_row}"
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
        return _chinese_date(value)
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
    cell.value = defused(text)
    cell.data_type = "s"  # openpyxl would store "=…" as a formula and "#N/A" as an error


def _chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------------------
# Reading: the file


def read_register(path_or_stream: PathOrStream, *, plan_year: int | None = None) -> RegisterImport:
    """Read a task table; never raises on a bad file, reports it as a Problem instead.

    ``plan_year`` dates 年底/12月 and flags deadlines outside that year.
    """
    try:
        # Not read_only: merged cells, fills and comments are needed.
        wb = open_workbook(path_or_stream)
    except IngestError as exc:
        return RegisterImport(problems=[Problem("", 0, "", exc.reason)])
    try:
        return _read_workbook(wb, plan_year)
    finally:
        wb.close()


# ---------------------------------------------------------------------------
# Reading: finding the table


@dataclass(frozen=True, slots=True)
class _Column:
    index: int  # 0-based
    header: str  # as written
    unit_hint: UnitSpec | None  # from a bracket in the header: 目标值(亿元)

    @property
    def letter(self) -> str:
        return str(get_column_letter(self.index + 1))


@dataclass(slots=True)
class _Header:
    row: int  # 0-based index in the grid
    columns: dict[str, _Column]
    problems: list[Problem]

    @property
    def score(self) -> tuple[bool, int]:
        return "name" in self.columns, len(self.columns)


def _read_workbook(wb: Workbook, plan_year: int | None) -> RegisterImport:
    for ws in wb.worksheets:
        grid = _grid(ws)
        header = _find_header(ws.title, grid)
        if header is not None:
            return _read_sheet(ws, grid, header, plan_year)
    message = "未找到任务分解表的表头:前 10 行中没有「序号」「任务内容/指标」「目标值」等列名"
    return RegisterImport(problems=[Problem("", 0, "", message)])


def _grid(ws: Worksheet) -> list[list[object]]:
    """Cell values by row, a merged range's value copied to all its cells (merged 领域, 牵头领导)."""
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        for r in range(top, min(merged.max_row, len(grid))):
            row = grid[r]
            for c in range(left, min(merged.max_col, len(row))):
                row[c] = value
    return grid


def _header_key(text: str) -> tuple[str, str]:
    """(name, bracket content) of a header cell: ``目标值\\n（亿元）`` → (目标值, 亿元)."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
    brackets = r"[(\[【〔]([^)\]】〕]*)[)\]】〕]"
    inside = "".join(re.findall(brackets, s))
    return re.sub(r"[/、.:·_\-]", "", re.sub(brackets, "", s)), inside


def _field_of(key: str) -> str | None:
    if key in HEADER_SYNONYMS:
        return HEADER_SYNONYMS[key]
    return "value" if _YEAR_TARGET.fullmatch(key) else None


def _find_header(sheet: str, grid: list[list[object]]) -> _Header | None:
    """The row among the first few that names the most known columns (two-level headers: the lower)."""
    best: _Header | None = None
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        header = _header_of(sheet, r, row)
        if best is None or header.score > best.score:
            best = header
    if best is None:
        return None
    has_name, known = best.score
    if known >= 3 or (has_name and known >= 2):
        return best
    return None


def _header_of(sheet: str, r: int, row: list[object]) -> _Header:
    columns: dict[str, _Column] = {}
    problems: list[Problem] = []
    for c, value in enumerate(row):
        text = re.sub(r"\s+", "", _text(value))  # 完成\n时限 is 完成时限
        if not text:
            continue
        key, inside = _header_key(text)
        name = _field_of(key)
        letter = get_column_letter(c + 1)
        if name is None:
            message = f"未识别的列「{text}」,已忽略"
            problems.append(Problem(sheet, r + 1, letter, message, "warning", text))
        elif name in columns:
            message = f"重复的列「{text}」,已忽略(使用 {columns[name].letter} 列)"
            problems.append(Problem(sheet, r + 1, letter, message, "warning", text))
        else:
            hint = parse_unit(inside) if inside else None
            columns[name] = _Column(c, text, hint)
    return _Header(r, columns, problems)


# ---------------------------------------------------------------------------
# Reading: the rows


_AS_OF = re.compile(r"截[至止](\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})")
_UNIT_NOTE = re.compile(r"(?:计量)?单位[::](\S+)")
_FOOTNOTE = re.compile(r"(?:注|备注|说明|填表说明|制表|审核|填报人)[::0-9一-九]")
_TOTAL = frozenset({"合计", "总计", "小计"})
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[((][一二三四五六七八九十\d]+[))]、?|\d+[、.])"
)
_UNIT_SPLIT = re.compile(r"[、,,;;/\s]+")
_DIGITS = re.compile(r"[0-9]+")
_HEADING = re.compile(r"[((]?[一二三四五六七八九十]+[、.))]")


def _read_sheet(
    ws: Worksheet, grid: list[list[object]], header: _Header, plan_year: int | None
) -> RegisterImport:
    result = RegisterImport(problems=list(header.problems), sheet=ws.title)
    above = [_text(v) for row in grid[: header.row] for v in row if _text(v)]
    result.title = above[0] if above else ""
    result.as_of = next(filter(None, map(_as_of_date, above)), None)
    if "name" not in header.columns:
        message = f"缺少必需的列「{LABELS['name']}」(或「指标名称」「任务」等)"
        result.problems.append(
            Problem(ws.title, header.row + 1, "", message, header=LABELS["name"])
        )
        return result
    year = plan_year or _year_in(result.title) or (result.as_of.year if result.as_of else None)
    unit_note = next(filter(None, (_unit_note(t) for t in above)), None)
    reader = _RowReader(ws, header.columns, year, plan_year, result.as_of, unit_note)
    area = ""
    for r in range(header.row + 1, len(grid)):
        values = grid[r]
        kind = _row_kind(values, header.columns["name"].index)
        if kind == "section":
            area = _ORDINAL.sub("", next(_text(v) for v in values if _text(v)))
        elif kind == "data":
            row = reader.read(r + 1, values, area)
            if row is not None:
                result.rows.append(row)
            area = _text(reader.value("area")) or area  # a blank 领域 means "as above"
    result.problems.extend(reader.problems)
    return result


def _row_kind(values: list[object], name_index: int) -> Literal["data", "section", "skip"]:
    """Data, a heading that gives the area of the rows below (一、经济发展), or nothing to read."""
    texts = [_text(v) for v in values]
    filled = [t for t in texts if t]
    if not filled or all(t in _TOTAL for t in filled) or _FOOTNOTE.match(filled[0]):
        return "skip"
    spans_columns = len(filled) > 1
    one_text = len(set(filled)) == 1 and isinstance(next(v for v in values if _text(v)), str)
    in_name = name_index < len(texts) and bool(texts[name_index])
    if one_text and (spans_columns or not in_name or _HEADING.match(filled[0])):
        return "section"
    return "data"


class _RowReader:
    """Turns one data row into a RegisterRow, collecting problems; remembers rows for duplicates."""

    def __init__(
        self,
        ws: Worksheet,
        columns: dict[str, _Column],
        year: int | None,
        plan_year: int | None,
        as_of: date | None,
        unit_note: UnitSpec | None,
    ) -> None:
        self.ws = ws
        self.columns = columns
        self.year = year
        self.plan_year = plan_year
        self.as_of = as_of
        self.unit_note = unit_note
        self.problems: list[Problem] = []
        self.seen_names: dict[tuple[str, str], int] = {}
        self.seen_ids: dict[int, int] = {}
        self.count = 0
        self._failed = False
        self._row = 0
        self._values: list[object] = []

    # -- cells and problems

    def value(self, name: str) -> object:
        column = self.columns.get(name)
        if column is None or column.index >= len(self._values):
            return None
        return self._values[column.index]

    def _cell(self, name: str) -> Cell | None:
        column = self.columns.get(name)
        if column is None:
            return None
        cell = self.ws.cell(self._row, column.index + 1)
        return cell if isinstance(cell, Cell) else None

    def _label(self, name: str) -> str:
        """The column's name as the table writes it, for messages."""
        column = self.columns.get(name)
        return column.header if column else LABELS.get(name, name)

    def _problem(
        self, name: str, message: str, level: Literal["error", "warning"] = "error"
    ) -> None:
        column = self.columns.get(name)
        letter, header = (column.letter, column.header) if column else ("", LABELS.get(name, name))
        self.problems.append(Problem(self.ws.title, self._row, letter, message, level, header))
        self._failed = self._failed or level == "error"

    # -- the row

    def read(self, excel_row: int, values: list[object], area: str) -> RegisterRow | None:
        self._row, self._values, self._failed = excel_row, values, False
        self.count += 1
        name = _text(self.value("name"))
        if not name:
            self._problem("name", f"{self._label('name')}为空")
            return None
        area = _text(self.value("area")) or area
        column_unit = self._unit_column()
        value, unit, cell_comparator = self._quantity("value", column_unit)
        if value is None and not unit and column_unit is not None:
            unit = column_unit[0].base
        latest, latest_unit, _ = self._quantity("latest", column_unit, lenient=value is None)
        if latest_unit and unit and latest_unit != unit:
            self._problem("latest", f"单位不一致:「{latest_unit}」与目标值的「{unit}」")
        unit = unit or latest_unit
        row = RegisterRow(
            seq=self._seq(),
            area=area,
            name=name,
            value=value,
            unit=unit,
            comparator=self._comparator(cell_comparator),
            lead_official=_text(self.value("lead_official")),
            units=self._units(),
            due=self._due(),
            frequency=self._frequency(),
            latest=latest,
            latest_as_of=self._latest_as_of(latest),
            completion=self._ratio("completion"),
            time_progress=self._ratio("time_progress"),
            status=_text(self.value("status")),
            light=self._light(),
            target_id=self._id(),
        )
        self._check_duplicate(row)
        return None if self._failed else row

    def _seq(self) -> int:
        """序号 as written; sub-numbers (1.1) and blanks take the row's position instead."""
        value = self.value("seq")
        if _is_number(value) and value == int(value):
            return int(value)
        text = _text(value)
        return int(text) if _DIGITS.fullmatch(text) else self.count

    def _unit_column(self) -> tuple[UnitSpec, bool] | None:
        """The row's 单位, and whether the row wrote it (else it is the header's or the note's)."""
        text = _text(self.value("unit"))
        if not text:
            column = self.columns.get("value")
            hint = (column.unit_hint if column else None) or self.unit_note
            return (hint, False) if hint else None
        spec = parse_unit(text)
        if spec is None:
            self._problem("unit", f"单位「{text}」无法识别")
            return None
        return spec, True

    def _quantity(
        self, name: str, column_unit: tuple[UnitSpec, bool] | None, *, lenient: bool = False
    ) -> tuple[float | None, str, str | None]:
        """(canonical value, canonical unit, comparator written in the cell) of 目标值 or 最新进度.

        ``lenient``: text only warns (a milestone's progress is often a sentence: 已开工建设).
        """
        raw = self.value(name)
        if raw is None or (isinstance(raw, str) and not _text(raw)):
            return None, "", None
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            if not math.isfinite(raw):
                self._problem(name, f"{self._label(name)}不是有限的数")
                return None, "", None
            number: Decimal = Decimal(repr(raw) if isinstance(raw, float) else raw)
            cell_unit, comparator = self._percent_format(name), None
            if cell_unit:
                number *= 100  # a cell formatted 0% holds 0.06 for 6 %
        else:
            text = _text(raw)
            quantity = parse_quantity(text) if isinstance(raw, str) else None
            if quantity is None:
                self._not_a_number(name, text, lenient)
                return None, "", None
            number, cell_unit, comparator = quantity.number, quantity.unit, quantity.comparator
        unit, factor = self._combine_units(name, cell_unit, column_unit)
        return to_canonical(number, factor), unit, comparator

    def _percent_format(self, name: str) -> UnitSpec | None:
        cell = self._cell(name)
        if cell is not None and "%" in str(cell.number_format):
            return UnitSpec("%", 1, "%")
        return None

    def _not_a_number(self, name: str, text: str, lenient: bool) -> None:
        unit = unknown_unit(text)
        if unit:
            self._problem(name, f"单位「{unit}」无法识别")
        elif lenient:
            self._problem(name, f"{self._label(name)}「{text}」不是数字,已忽略", "warning")
        else:
            self._problem(name, f"{self._label(name)}「{text}」不是数字")

    def _combine_units(
        self, name: str, cell: UnitSpec | None, column_unit: tuple[UnitSpec, bool] | None
    ) -> tuple[str, int]:
        """The canonical unit and multiplier of a cell's number, from its own unit and the 单位 column.

        A unit in the cell wins over the column's (2.9万元 under 亿元 is 29000 元);
        a bare multiplier in the cell scales the column's unit (2.9万 under 人).
        """
        column, written = column_unit if column_unit else (None, False)
        if cell is not None and cell.base:
            if written and column is not None and column.base and column.base != cell.base:
                self._problem(name, f"单位不一致:「{cell.text}」与「{column.text}」")
            return cell.base, cell.factor
        scale = cell.factor if cell else 1
        if column is None:
            return "", scale
        return column.base, scale * column.factor

    def _comparator(self, in_cell: str | None) -> str:
        text = _text(self.value("comparator"))
        written = parse_comparator(text)
        if written is None:
            self._problem("comparator", f"比较「{text}」无法识别(应为 ≥ ≤ ≈ = 或 以上/以内/左右)")
            return in_cell or "="
        if written and in_cell and written != in_cell:
            self._problem("comparator", f"比较「{text}」与目标值中的写法不一致")
        return in_cell or written or "="

    def _units(self) -> tuple[str, ...]:
        """牵头单位 first, then 责任单位 and 配合单位, each unit once."""
        names: list[str] = []
        for name in ("lead_unit", "responsible", "coop_units"):
            names.extend(u for u in _UNIT_SPLIT.split(_text(self.value(name))) if u)
        return tuple(dict.fromkeys(names))

    def _due(self) -> date | None:
        raw = self.value("due")
        if raw is None or (isinstance(raw, str) and not _text(raw)):
            return None
        due, message = _parse_due(raw, self.year)
        if message:
            self._problem("due", message)
            return None
        if due is not None and self.plan_year is not None and due.year != self.plan_year:
            self._problem("due", f"完成时限 {due.isoformat()} 不在 {self.plan_year} 年度内")
        return due

    def _frequency(self) -> str:
        text = _text(self.value("frequency"))
        if not text:
            return "monthly"
        frequency = FREQUENCY_WORDS.get(normalize_text(text).lower())
        if frequency is None:
            self._problem("frequency", f"填报频次「{text}」无法识别(应为 每月/每季/每年)")
            return "monthly"
        return frequency

    def _latest_as_of(self, latest: float | None) -> date | None:
        """The comment the writer leaves on 最新进度 when its date is not the table's."""
        cell = self._cell("latest")
        note = cell.comment.text.strip() if cell is not None and cell.comment else ""
        if note == _UNKNOWN_AS_OF:
            return None
        found = _as_of_date(note) if note else None
        if found:
            return found
        return self.as_of if latest is not None else None

    def _ratio(self, name: str) -> float | None:
        """完成率 / 序时进度 as a fraction. Recomputed by the register, so a bad one only warns."""
        raw = self.value(name)
        if raw is None or isinstance(raw, bool):
            return None
        if _is_number(raw):
            return float(raw)
        text = normalize_text(_text(raw))
        if not text:
            return None
        m = re.fullmatch(r"([-+]?\d+(?:\.\d+)?)(%?)", text)
        if not m:
            self._problem(name, f"{self._label(name)}「{_text(raw)}」不是数字,已忽略", "warning")
            return None
        return float(Decimal(m[1]) / 100) if m[2] else float(m[1])

    def _light(self) -> str:
        cell = self._cell("status")
        return _light_of(cell) if cell is not None else ""

    def _id(self) -> int | None:
        raw = self.value("id")
        if raw is None or isinstance(raw, bool):
            return None
        if _is_number(raw) and raw == int(raw):
            return int(raw)
        text = _text(raw)
        if not text:
            return None
        if _DIGITS.fullmatch(text):
            return int(text)
        self._problem("id", f"ID「{text}」不是整数")
        return None

    def _check_duplicate(self, row: RegisterRow) -> None:
        if self._failed:
            return
        if row.target_id is not None:
            first = self.seen_ids.setdefault(row.target_id, self._row)
            if first != self._row:
                self._problem("id", f"ID {row.target_id} 与第{first}行重复")
                return
        key = (row.area, row.name)
        first = self.seen_names.setdefault(key, self._row)
        if first != self._row:
            self._problem("name", f"与第{first}行重复(同一领域、同一任务内容/指标)")


# ---------------------------------------------------------------------------
# Reading: single cells


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _text(value: object) -> str:
    """A cell as text, stripped, without the apostrophe the writer puts before =, +, -, @."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].lstrip("'").startswith(_FORMULA_START):
        return text[1:]
    return text


def _as_of_date(text: str) -> date | None:
    m = _AS_OF.search(normalize_text(text))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _year_in(text: str) -> int | None:
    m = re.search(r"(20\d{2}|19\d{2})\s*年", text)
    return int(m[1]) if m else None


def _unit_note(text: str) -> UnitSpec | None:
    """``单位:万元`` above a table: the unit of 目标值 where a row has none."""
    m = _UNIT_NOTE.search(normalize_text(text))
    return parse_unit(m[1]) if m else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# Deadline words without a year, each → (month, day) or None for "no deadline".
_DUE_WORDS: dict[str, tuple[int, int] | None] = {
    **dict.fromkeys(("年底", "年末", "全年", "年内", "当年", "本年", "今年", "今年底"), (12, 31)),
    **dict.fromkeys(("上半年", "年中", "二季度", "二季度末", "第二季度"), (6, 30)),
    **dict.fromkeys(("一季度", "一季度末", "第一季度"), (3, 31)),
    **dict.fromkeys(("三季度", "三季度末", "第三季度", "前三季度"), (9, 30)),
    **dict.fromkeys(("四季度", "四季度末", "第四季度", "下半年"), (12, 31)),
    **dict.fromkeys(("持续推进", "长期", "长期坚持", "常态化", "持续"), None),
}
_FULL_DATE = re.compile(r"(\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?")
_YEAR_MONTH = re.compile(r"(\d{4})[年\-/.](\d{1,2})月?(?:底|末|份)?")
_YEAR_ONLY = re.compile(r"(\d{4})年?(?:底|末|内)?")
_MONTH_DAY = re.compile(r"(\d{1,2})月(?:(\d{1,2})日|底|末|份)?")
_DEADLINE_TAIL = re.compile(r"(?:以前|之前|前)$")


def _parse_due(raw: object, year: int | None) -> tuple[date | None, str]:
    """(deadline, problem message) of a 完成时限 cell; a month alone means its last day."""
    if isinstance(raw, datetime):
        return raw.date(), ""
    if isinstance(raw, date):
        return raw, ""
    if _is_number(raw):
        if 1900 <= raw <= 2100 and raw == int(raw):
            return date(int(raw), 12, 31), ""
        if 20000 <= raw <= 80000:  # an Excel date serial without a date format
            return from_excel(raw).date(), ""
        return None, f"完成时限「{_text(raw)}」不是日期"
    text = _text(raw)
    return _parse_due_text(_DEADLINE_TAIL.sub("", normalize_text(text)), text, year)


def _parse_due_text(s: str, text: str, year: int | None) -> tuple[date | None, str]:
    parsers: list[tuple[re.Pattern[str], Callable[[re.Match[str]], date]]] = [
        (_FULL_DATE, lambda m: date(int(m[1]), int(m[2]), int(m[3]))),
        (_YEAR_MONTH, lambda m: _month_end(int(m[1]), int(m[2]))),
        (_YEAR_ONLY, lambda m: date(int(m[1]), 12, 31)),
    ]
    try:
        for pattern, build in parsers:
            m = pattern.fullmatch(s)
            if m:
                return build(m), ""
        yearless = _MONTH_DAY.fullmatch(s)
        if yearless is None and s not in _DUE_WORDS:
            return None, f"完成时限「{text}」不是日期"
        if s in _DUE_WORDS and _DUE_WORDS[s] is None:
            return None, ""
        if year is None:
            return None, f"完成时限「{text}」没有年份,且表格标题中也找不到年份"
        if yearless is not None:
            month = int(yearless[1])
            return (
                date(year, month, int(yearless[2])) if yearless[2] else _month_end(year, month)
            ), ""
        month, day = _DUE_WORDS[s] or (12, 31)
        return date(year, month, day), ""
    except ValueError:
        return None, f"完成时限「{text}」不是有效日期"


def _light_of(cell: Cell) -> str:
    """The light a 状态 cell's fill shows: the writer's colours exactly, others by hue."""
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or fill.fgColor is None:
        return ""
    color = fill.fgColor
    if color.type != "rgb" or not isinstance(color.rgb, str) or len(color.rgb) < 6:
        return ""
    rgb = color.rgb[-6:].upper()
    for light, fill_rgb in LIGHT_FILLS.items():
        if rgb == fill_rgb:
            return light
    try:
        r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return ""
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if lightness > 0.97:
        return ""  # white: no light
    if saturation < 0.15:
        return "grey"
    if hue < 0.05 or hue > 0.9:
        return "red"
    if hue < 0.19:
        return "yellow"
    if hue < 0.5:
        return "green"
    return ""
