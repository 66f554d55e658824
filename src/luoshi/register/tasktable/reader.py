"""Reading the rows of a found task table into ``RegisterRow`` values.

Section rows (一、… / （一）… / 第一部分 …) set the area of the rows below, at as many
levels as the table has; merged cells arrive filled. Every doubt becomes a
``Problem`` naming the cell as Excel shows it; a doubtful row is still read, with
the doubtful cell left empty and the row flagged for review. Only a row without a
task, or one repeating another, is left out.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from typing import Literal

from openpyxl.cell.cell import Cell

from ...domain import FREQUENCY_LABELS, MEASURE_LABELS
from ..units import (
    UnitSpec,
    normalize_text,
    parse_comparator,
    parse_quantity,
    parse_unit,
    to_canonical,
    unknown_unit,
)
from .cells import (
    as_of_date,
    clean_text,
    is_number,
    leader_text,
    leaders_in_heading,
    light_of,
    split_units,
    text,
)
from .deadlines import parse_deadline
from .layout import Layout
from .schema import LABELS, UNKNOWN_AS_OF, Problem, RegisterRow

__all__ = ["TableReader", "heading_level"]

_FOOTNOTE = re.compile(r"(?:注|备注|说明|填表说明|制表|审核|填报人|联系人)[::0-9一-九]")
_TOTAL = frozenset({"合计", "总计", "小计"})
_DIGITS = re.compile(r"[0-9]+")
_CN = "一二三四五六七八九十百"
_LEVELS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"^第[{_CN}\d]+(?:部分|篇|章)"), 0),
    (re.compile(rf"^[{_CN}]+[、.．]"), 1),
    (re.compile(rf"^[(（][{_CN}]+[)）]"), 2),
    (re.compile(r"^\d+[、.．](?!\d)"), 3),
    (re.compile(r"^[(（]\d+[)）]"), 4),
)
_SUBTOTAL = re.compile(r"\s*[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$")
# Reading tables (a cell's word → the code), built on the display labels so that a table
# the register wrote reads back, plus the other ways people write them.
_MEASURE_BY_WORD: dict[str, str] = {label: m for m, label in MEASURE_LABELS.items()} | {
    "水平": "level", "level": "level", "增长": "growth", "增幅": "growth", "growth": "growth",
    "比重": "ratio", "比例": "ratio", "ratio": "ratio",
}  # fmt: skip
FREQUENCY_BY_WORD: dict[str, str] = {label: f for f, label in FREQUENCY_LABELS.items()} | {
    **dict.fromkeys(("月度", "按月", "月报", "月", "monthly", "month"), "monthly"),
    **dict.fromkeys(
        ("每季度", "季度", "按季", "按季度", "季报", "季", "quarterly", "quarter"), "quarterly"
    ),
    **dict.fromkeys(("年度", "按年", "年报", "年", "annual", "yearly", "year"), "annual"),
}


def heading_level(s: str) -> int | None:
    """The level of a numbered heading (一、 is 1, （一） is 2 …); None when not numbered."""
    for pattern, level in _LEVELS:
        if pattern.match(s):
            return level
    return None


class Sections:
    """The headings above the current row, outermost first."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []

    def push(self, heading: str) -> None:
        level = heading_level(heading)
        if level is None:  # a bare heading sits under the numbered one above it
            level = self.stack[-1][0] + 1 if self.stack else 1
        self.stack = [(lv, t) for lv, t in self.stack if lv < level]
        self.stack.append((level, heading))

    def close(self, level: int) -> None:
        """End the sections at ``level`` and below (a task numbered 4 after 3.1, 3.2)."""
        self.stack = [(lv, t) for lv, t in self.stack if lv < level]

    @property
    def area(self) -> str:
        return " > ".join(t for _, t in self.stack)

    @property
    def leaders(self) -> str:
        for _, heading in reversed(self.stack):
            names = leaders_in_heading(heading)
            if names:
                return "、".join(names)
        return ""


class TableReader:
    """Reads the data rows of one table, collecting problems; remembers rows for duplicates."""

    def __init__(
        self,
        layout: Layout,
        *,
        year: int | None,
        plan_year: int | None,
        as_of: date | None,
        unit_note: UnitSpec | None,
        known_units: frozenset[str] = frozenset(),
    ) -> None:
        self.layout = layout
        self.sheet = layout.grid.name
        self.columns = layout.roles
        self.year = year
        self.plan_year = plan_year
        self.as_of = as_of
        self.unit_note = unit_note
        self.known_units = known_units
        self.problems: list[Problem] = []
        self.seen_names: dict[tuple[str, str], int] = {}
        self.seen_ids: dict[int, int] = {}
        self.count = 0
        self._doubts: list[str] = []
        self._left_out = False
        self._row = 0
        self._values: list[object] = []
        self._last_area = ""  # a blank 领域 under a written one means "as above"

    # -- the table

    def read(self, sections: Sections) -> list[RegisterRow]:
        grid = self.layout.grid
        header = [text(v) for v in grid.rows[self.layout.header_rows[-1]]]
        name_index = self.columns["name"].index
        out: list[RegisterRow] = []
        seq_headings: set[str] = set()  # sections written as 序号 | text (3 | 城市更新)
        for r in range(self.layout.first_data_row, len(grid.rows)):
            values = grid.rows[r]
            kind = _row_kind(values, name_index, header)
            numbered = self._numbered_heading(r) if kind == "data" else ""
            if numbered:
                sections.push(numbered)
                self._last_area = ""
                seq_headings.add(numbered)
                continue
            if kind == "data" and _DIGITS.fullmatch(self._seq_text(values)):
                level = heading_level(f"{self._seq_text(values)}、") or 0
                if any(lv == level and t in seq_headings for lv, t in sections.stack):
                    sections.close(level)  # 4 after 3 | 城市更新 > 3.1, 3.2
            if kind == "section":
                sections.push(clean_text(next(v for v in values if text(v))))
                self._last_area = ""
            elif kind == "data":
                row = self.read_row(r + 1, values, sections)
                if row is not None:
                    out.append(row)
        for r, c in grid.oversized:
            self.problems.append(Problem(self.sheet, r + 1, _letter(c),
                                         "单元格内容过长（超过一万字），已截断", "error"))  # fmt: skip
        return out

    def _seq_text(self, values: list[object]) -> str:
        column = self.columns.get("seq")
        return text(values[column.index]) if column and column.index < len(values) else ""

    def _numbered_heading(self, r: int) -> str:
        """A heading written as 序号 + one text (一 | 经济发展; 1 | 工业经济 above 1.1 …).

        A Chinese number always opens a section; a plain one only when the rows below
        are numbered under it (1.1, 1-2).
        """
        column = self.columns.get("seq")
        rows = self.layout.grid.rows
        if column is None:
            return ""
        seq = self._seq_text(rows[r])
        rest = {clean_text(v) for c, v in enumerate(rows[r]) if c != column.index and text(v)}
        if not seq or len(rest) != 1 or seq in rest:
            return ""
        body = rest.pop()
        joined = seq + body if re.search(r"[、.．)）]$", seq) else f"{seq}、{body}"
        level = heading_level(joined)
        if level is not None and level <= 2:
            return joined
        if not _DIGITS.fullmatch(seq):
            return ""
        below = (text(row[column.index]) for row in rows[r + 1 :] if column.index < len(row))
        first = next((t for t in below if t), "")
        return joined if re.match(rf"{seq}[.．\-－]\d", first) else ""

    # -- cells and problems

    def value(self, name: str) -> object:
        column = self.columns.get(name)
        if column is None or column.index >= len(self._values):
            return None
        return self._values[column.index]

    def _cell(self, name: str) -> Cell | None:
        column = self.columns.get(name)
        ws = self.layout.grid.sheet
        if column is None or ws is None:
            return None
        cell = ws.cell(self._row, column.index + 1)
        return cell if isinstance(cell, Cell) else None

    def _label(self, name: str) -> str:
        column = self.columns.get(name)
        return column.header if column else LABELS.get(name, name)

    def _problem(
        self,
        name: str,
        message: str,
        level: Literal["error", "warning"] = "error",
        *,
        leave_out: bool = False,
    ) -> None:
        column = self.columns.get(name)
        letter, header = (column.letter, column.header) if column else ("", LABELS.get(name, name))
        self.problems.append(Problem(self.sheet, self._row, letter, message, level, header))
        self._doubts.append(message)
        self._left_out = self._left_out or leave_out

    # -- the row

    def read_row(
        self, excel_row: int, values: list[object], sections: Sections
    ) -> RegisterRow | None:
        self._row, self._values, self._doubts, self._left_out = excel_row, values, [], False
        self.count += 1
        name = clean_text(self.value("name"))
        if not name:
            self._problem("name", f"{self._label('name')}为空", leave_out=True)
            return None
        self._last_area = _area_of(self.value("area")) or self._last_area
        area = self._last_area or sections.area
        column_unit = self._unit_column()
        value, unit, cell_comparator, target_text = self._target(column_unit)
        if value is None and not unit and column_unit is not None and not target_text:
            unit = column_unit[0].base
        latest, latest_unit, _ = self._quantity("latest", column_unit, lenient=value is None)
        if latest_unit and unit and latest_unit != unit:
            self._problem("latest", f"单位不一致：「{latest_unit}」与目标值的「{unit}」")
        unit = unit or latest_unit
        leads, units = self._units()
        due, due_text = self._due()
        row = RegisterRow(
            seq=self._seq(),
            area=area,
            name=name,
            value=value,
            unit=unit,
            comparator=self._comparator(cell_comparator),
            lead_official=leader_text(self.value("lead_official")) or sections.leaders,
            units=units,
            leads=leads,
            due=due,
            due_text=due_text,
            frequency=self._frequency(),
            latest=latest,
            latest_as_of=self._latest_as_of(latest),
            completion=self._ratio("completion"),
            time_progress=self._ratio("time_progress"),
            status=text(self.value("status")),
            light=self._light(),
            target_id=self._id(),
            measure=self._measure(name, unit),
            weight=self._weight(),
            target_text=target_text,
            note=clean_text(self.value("note")),
            extra=self._extra(),
        )
        self._check_duplicate(row)
        if self._left_out:
            return None
        return row if not self._doubts else _with_review(row, self._doubts)

    def _seq(self) -> int:
        """序号 as written; sub-numbers (1.1) and blanks take the row's position instead."""
        value = self.value("seq")
        if is_number(value) and value == int(value):
            return int(value)
        s = text(value)
        return int(s) if _DIGITS.fullmatch(s) else self.count

    def _unit_column(self) -> tuple[UnitSpec, bool] | None:
        """The row's 单位, and whether the row wrote it (else it is the header's or the note's)."""
        s = text(self.value("unit"))
        if not s:
            column = self.columns.get("value")
            hint = (column.unit_hint if column else None) or self.unit_note
            return (hint, False) if hint else None
        spec = parse_unit(s)
        if spec is None:
            self._problem("unit", f"单位「{s}」无法识别")
            return None
        return spec, True

    def _target(
        self, column_unit: tuple[UnitSpec, bool] | None
    ) -> tuple[float | None, str, str | None, str]:
        """The target as a number, or as words: a milestone whose text is the target."""
        raw = self.value("value")
        s = clean_text(raw)
        if isinstance(raw, str) and s and parse_quantity(s) is None:
            if len(re.findall(r"\d+(?:\.\d+)?", s)) > 1 and len(s) < 30:
                self._problem("value", f"「{s}」含多个数，按文字目标导入，请核实", "warning")
                return None, "", None, s
            if unknown_unit(s):
                self._problem("value", f"单位「{unknown_unit(s)}」无法识别")
                return None, "", None, s
            found = self._indicator_in(s)  # 增长8%, 稳定在35万亩以上
            if found is not None:
                return (*found, "")
            return None, "", None, s
        value, unit, comparator = self._quantity("value", column_unit)
        if "value" not in self.columns:  # a blank cell of a target column is the office's word
            found = self._indicator_in(clean_text(self.value("name")))  # 地区生产总值增长6%左右
            if found is not None:
                return (*found, "")
        return value, unit, comparator, ""

    def _indicator_in(self, s: str) -> tuple[float, str, str] | None:
        """(value, unit, comparator) when the extractor finds exactly one indicator in ``s``."""
        from ...extract import extract

        mentions = extract(s, self.year) if re.search(r"\d", s) else []
        if len(mentions) != 1:
            return None
        mention = mentions[0]
        spec = parse_unit(mention.unit) if mention.unit else None
        if mention.unit and (spec is None or not spec.base):
            return None
        unit, factor = (spec.base, spec.factor) if spec else ("", 1)
        return to_canonical(Decimal(repr(mention.value)), factor), unit, mention.comparator

    def _quantity(
        self, name: str, column_unit: tuple[UnitSpec, bool] | None, *, lenient: bool = False
    ) -> tuple[float | None, str, str | None]:
        """(canonical value, canonical unit, comparator written in the cell) of 目标值 or 最新进度."""
        raw = self.value(name)
        if raw is None or (isinstance(raw, str) and not text(raw)):
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
            s = text(raw)
            quantity = parse_quantity(s) if isinstance(raw, str) else None
            if quantity is None:
                self._not_a_number(name, s, lenient)
                return None, "", None
            number, cell_unit, comparator = quantity.number, quantity.unit, quantity.comparator
        unit, factor = self._combine_units(name, cell_unit, column_unit)
        return to_canonical(number, factor), unit, comparator

    def _percent_format(self, name: str) -> UnitSpec | None:
        cell = self._cell(name)
        if cell is not None and "%" in str(cell.number_format):
            return UnitSpec("%", 1, "%")
        return None

    def _not_a_number(self, name: str, s: str, lenient: bool) -> None:
        unit = unknown_unit(s)
        if unit:
            self._problem(name, f"单位「{unit}」无法识别")
        elif lenient:
            self._problem(name, f"{self._label(name)}「{s}」不是数字，已忽略", "warning")
        else:
            self._problem(name, f"{self._label(name)}「{s}」不是数字")

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
                self._problem(name, f"单位不一致：「{cell.text}」与「{column.text}」")
            return cell.base, cell.factor
        scale = cell.factor if cell else 1
        if column is None:
            return "", scale
        return column.base, scale * column.factor

    def _comparator(self, in_cell: str | None) -> str:
        s = text(self.value("comparator"))
        written = parse_comparator(s)
        if written is None:
            self._problem("comparator", f"比较「{s}」无法识别（应为 ≥ ≤ ≈ = 或 以上/以内/左右）")
            return in_cell or "="
        if written and in_cell and written != in_cell:
            self._problem("comparator", f"比较「{s}」与目标值中的写法不一致")
        return in_cell or written or "="

    def _split(self, name: str) -> tuple[list[str], list[str]]:
        cell = text(self.value(name))
        for known in self.known_units:  # a known name with 、 in it stays whole
            if known in cell and split_units(known)[1] != [known]:
                cell = cell.replace(known, f"「{known}」")
        return split_units(cell)

    def _units(self) -> tuple[int, tuple[str, ...]]:
        """(number of lead units, lead units then cooperating units), each unit once.

        牵头单位 all lead; in a single 责任单位 column the units marked * lead, else the first.
        """
        leads = self._split("lead_unit")[1]
        starred, responsible = self._split("responsible")
        if not leads and responsible:
            leads = starred or responsible[:1]
        names = list(dict.fromkeys([*leads, *responsible, *self._split("coop_units")[1]]))
        leads = [n for n in names if n in leads]
        names = leads + [n for n in names if n not in leads]
        return max(len(leads), 1) if names else 1, tuple(names)

    def _due(self) -> tuple[date | None, str]:
        raw = self.value("due")
        if raw is None or (isinstance(raw, str) and not text(raw)):
            return None, ""
        written = "" if isinstance(raw, date) else clean_text(raw)
        deadline = parse_deadline(raw, self.year)
        if deadline.problem:
            self._problem("due", deadline.problem)
            return None, written
        due = deadline.due
        if due is not None and self.plan_year is not None and due.year != self.plan_year:
            self._problem(
                "due", f"完成时限 {due.isoformat()} 不在 {self.plan_year} 年度内", "warning"
            )
        return due, written

    def _frequency(self) -> str:
        s = text(self.value("frequency"))
        if not s:
            return "monthly"
        frequency = FREQUENCY_BY_WORD.get(normalize_text(s).lower())
        if frequency is None:
            self._problem("frequency", f"填报频次「{s}」无法识别（应为 每月/每季/每年）")
            return "monthly"
        return frequency

    def _measure(self, name: str, unit: str) -> str:
        s = normalize_text(text(self.value("measure"))).lower()
        if s:
            measure = _MEASURE_BY_WORD.get(s)
            if measure is None:
                self._problem(
                    "measure", f"指标类型「{s}」无法识别（应为 总量/增速/比率）", "warning"
                )
            return measure or ""
        if unit in ("%", "百分点") and "measure" not in self.columns:
            return "growth" if re.search("增长|增速|增幅|提高|下降", name) else "ratio"
        return ""

    def _weight(self) -> float | None:
        raw = self.value("weight")
        if raw is None or isinstance(raw, bool):
            return None
        if is_number(raw):
            return float(raw)
        s = normalize_text(text(raw))
        if not s:
            return None
        m = re.fullmatch(r"(\d+(?:\.\d+)?)分?", s)
        if not m:
            self._problem("weight", f"分值「{s}」不是数字", "warning")
            return None
        return float(m[1])

    def _extra(self) -> tuple[tuple[str, str], ...]:
        out = []
        for col in self.layout.columns:
            if col.role in ("other", "content", "schedule") and col.index < len(self._values):
                s = clean_text(self._values[col.index])
                if s:
                    out.append((col.header or col.letter, s))
        return tuple(out)

    def _latest_as_of(self, latest: float | None) -> date | None:
        """The comment the writer leaves on 最新进度 when its date is not the table's."""
        cell = self._cell("latest")
        note = cell.comment.text.strip() if cell is not None and cell.comment else ""
        if note == UNKNOWN_AS_OF:
            return None
        found = as_of_date(note) if note else None
        if found:
            return found
        return self.as_of if latest is not None else None

    def _ratio(self, name: str) -> float | None:
        """完成率 / 序时进度 as a fraction. Recomputed by the register, so a bad one only warns."""
        raw = self.value(name)
        if raw is None or isinstance(raw, bool):
            return None
        if is_number(raw):
            return float(raw)
        s = normalize_text(text(raw))
        if not s:
            return None
        m = re.fullmatch(r"([-+]?\d+(?:\.\d+)?)(%?)", s)
        if not m:
            self._problem(name, f"{self._label(name)}「{text(raw)}」不是数字，已忽略", "warning")
            return None
        return float(Decimal(m[1]) / 100) if m[2] else float(m[1])

    def _light(self) -> str:
        cell = self._cell("status")
        return light_of(cell) if cell is not None else ""

    def _id(self) -> int | None:
        raw = self.value("id")
        if raw is None or isinstance(raw, bool):
            return None
        if is_number(raw) and raw == int(raw):
            return int(raw)
        s = text(raw)
        if not s:
            return None
        if _DIGITS.fullmatch(s):
            return int(s)
        self._problem("id", f"ID「{s}」不是整数")
        return None

    def _check_duplicate(self, row: RegisterRow) -> None:
        if self._left_out:
            return
        if row.target_id is not None:
            first = self.seen_ids.setdefault(row.target_id, self._row)
            if first != self._row:
                self._problem("id", f"ID {row.target_id} 与第{first}行重复", leave_out=True)
                return
        key = (row.area, row.name)
        first = self.seen_names.setdefault(key, self._row)
        if first != self._row:
            self._problem(
                "name", f"与第{first}行重复（同一领域、同一任务内容/指标）", leave_out=True
            )


def _with_review(row: RegisterRow, doubts: list[str]) -> RegisterRow:
    from dataclasses import replace

    return replace(row, review=tuple(doubts))


def _letter(c: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(c + 1))


def _area_of(value: object) -> str:
    """An area cell without the group's subtotal (职能目标\\n(340分) → 职能目标)."""
    return clean_text(_SUBTOTAL.sub("", value) if isinstance(value, str) else value)


def _row_kind(
    values: list[object], name_index: int, header: list[str]
) -> Literal["data", "section", "skip"]:
    """Data, a heading that gives the area of the rows below (一、经济发展), or nothing to read."""
    texts = [text(v) for v in values]
    filled = [t for t in texts if t]
    if not filled or re.sub(r"\s", "", filled[0]) in _TOTAL or _FOOTNOTE.match(filled[0]):
        return "skip"
    if texts[: len(header)] == header[: len(texts)]:
        return "skip"  # the header repeated on a new page
    spans_columns = len(filled) > 1
    one_text = len(set(filled)) == 1 and isinstance(next(v for v in values if text(v)), str)
    in_name = name_index < len(texts) and bool(texts[name_index])
    if one_text and (spans_columns or not in_name or heading_level(filled[0]) is not None):
        return "section"
    return "data"
