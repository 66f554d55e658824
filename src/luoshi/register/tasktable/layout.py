"""Finding a task table inside a grid: its header row(s) and the role of every column.

The header is the row among the first ones that names the most known columns
(title, 附件 and note rows above it are skipped); a header merged over two rows
(责任分工 over 牵头单位 | 责任单位) is read as one. A column's role comes from its
header words (roles.toml) and, where the header is ambiguous or unknown, from its
cells: a column of 区XX局 is units, of 6月底前 deadlines, of short names leaders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from ..units import UnitSpec, parse_quantity, parse_unit
from .cells import clean_text, is_number, looks_like_leader, looks_like_unit, text
from .deadlines import parse_deadline
from .grid import Grid
from .roles import header_key, role_of_header, vocabulary

__all__ = ["HEADER_SCAN_ROWS", "Column", "Layout", "find_layout"]

HEADER_SCAN_ROWS = 20
_SAMPLE_ROWS = 60
# Roles a table has at most one of; a second such column is kept as written.
_UNIT_ROLES = frozenset({"lead_unit", "responsible", "coop_units"})
_SINGLE = frozenset(
    {"seq", "name", "value", "unit", "comparator", "measure", "weight", "lead_official",
     "lead_unit", "coop_units", "responsible", "due", "frequency", "latest", "completion",
     "time_progress", "status", "note", "id", "area"}
)  # fmt: skip


@dataclass(slots=True)
class Column:
    index: int  # 0-based
    header: str  # as written (the lower row of a two-row header)
    role: str  # a field name, "other", or "" for an empty column
    unit_hint: UnitSpec | None = None  # from a bracket in the header: 总投资（万元）
    group: str = ""  # the upper row of a two-row header

    @property
    def letter(self) -> str:
        return str(get_column_letter(self.index + 1))


@dataclass(slots=True)
class Layout:
    grid: Grid
    header_rows: list[int]  # 0-based
    columns: list[Column]

    @property
    def first_data_row(self) -> int:
        return self.header_rows[-1] + 1

    def column(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    @property
    def roles(self) -> dict[str, Column]:
        out: dict[str, Column] = {}
        for c in self.columns:
            if c.role and c.role != "other":
                out.setdefault(c.role, c)
        return out


def _cell_role(value: object) -> str | None:
    s = text(value)
    if not s or len(s) > 24:
        return None
    return role_of_header(header_key(s)[0])


def _row_score(row: list[object]) -> int:
    """Distinct known header words in a row; sentences count against it."""
    roles: set[str] = set()
    seen: set[str] = set()
    penalty = 0
    for value in row:
        s = text(value)
        if not s or s in seen:
            continue
        seen.add(s)
        role = _cell_role(s)
        if role:
            roles.add(role)
        elif len(s) > 24:
            penalty += 1
    if len(roles) < 2 or not roles & {"name", "responsible", "lead_unit", "content", "area"}:
        return 0
    return len(roles) * 2 - penalty


def _header_rows(grid: Grid, best: int) -> list[int]:
    """``best`` alone, or with the row above/below when a merged group header spans columns."""
    rows = grid.rows

    def split_group(upper: int, lower: int) -> bool:
        if lower >= len(rows) or upper < 0:
            return False
        if len({text(v) for v in rows[upper] if text(v)}) < 2:
            return False  # a title or a section row merged across the table
        grouped = False
        for c, value in enumerate(rows[upper]):
            below = rows[lower][c] if c < len(rows[lower]) else None
            if (upper, c) in grid.across and text(below) and text(below) != text(value):
                if _cell_role(below) is None:
                    return False
                grouped = True
        return grouped

    if split_group(best - 1, best):
        return [best - 1, best]
    if split_group(best, best + 1):
        return [best, best + 1]
    return [best]


def find_layout(grid: Grid) -> Layout | None:
    """The task table in ``grid``, or None when no row looks like its header."""
    scores = [_row_score(row) for row in grid.rows[:HEADER_SCAN_ROWS]]
    if not scores or max(scores) == 0:
        return None
    best = scores.index(max(scores))
    header_rows = _header_rows(grid, best)
    width = max(len(r) for r in grid.rows)
    columns = []
    for c in range(width):
        texts = [text(grid.rows[r][c]) if c < len(grid.rows[r]) else "" for r in header_rows]
        lower = texts[-1] or texts[0]
        group = texts[0] if len(texts) > 1 and texts[0] != lower else ""
        key, inside = header_key(lower)
        role = role_of_header(key) if key else None
        if role is None and group:
            role = role_of_header(header_key(group)[0])
        hint = parse_unit(inside) if inside else None
        columns.append(Column(c, re.sub(r"\s+", "", lower), role or "", hint, group))
    layout = Layout(grid, header_rows, columns)
    _settle_roles(layout)
    return layout


def _sample(layout: Layout, c: int) -> list[object]:
    rows = layout.grid.rows[layout.first_data_row : layout.first_data_row + _SAMPLE_ROWS]
    return [row[c] for row in rows if c < len(row) and text(row[c])]


def _share(values: list[object], test: Callable[[object], bool]) -> float:
    if not values:
        return 0.0
    return sum(1 for v in values if test(v)) / len(values)


def _mean_length(values: list[object]) -> float:
    return sum(len(clean_text(v)) for v in values) / len(values) if values else 0.0


def _role_by_content(values: list[object], year: int | None = 2000) -> str:
    """What a column holds, judged from its cells: units, deadlines, leaders or numbers."""
    if len(values) < 1:
        return ""
    if _share(values, lambda v: isinstance(v, str) and looks_like_unit(v)) >= 0.6:
        return "responsible"
    if _share(values, lambda v: parse_deadline(v, year).due is not None
              or parse_deadline(v, year).ongoing) >= 0.6:  # fmt: skip
        return "due"
    if _share(values, lambda v: isinstance(v, str) and looks_like_leader(v)) >= 0.6:
        return "lead_official"
    if _share(values, lambda v: is_number(v) or parse_quantity(text(v)) is not None) >= 0.8:
        return "value"
    return ""


def _settle_roles(layout: Layout) -> None:
    columns = layout.columns
    for col in columns:
        values = _sample(layout, col.index)
        if not col.header and not values:
            col.role = ""
            continue
        # 单位 alone is a unit of measure, unless the cells are organisations.
        if col.role == "unit" and _share(
            values, lambda v: isinstance(v, str) and len(v) >= 3 and looks_like_unit(v)
        ) >= 0.6:  # fmt: skip
            col.role = "responsible"
        if not col.role and values:  # "other" by the header (联系人) stays as written
            taken = {c.role for c in columns}
            guess = _role_by_content(values)
            units_taken = bool(taken & {"responsible", "lead_unit"})
            if guess and guess not in taken and not (guess == "responsible" and units_taken):
                col.role = guess
        # Units by the header (牵头单位数) but numbers in the cells: a summary's count.
        if col.role in _UNIT_ROLES and values and _share(values, _is_count) >= 0.8:
            col.role = "other"
        col.role = col.role or "other"
    # 时间节点 / 进度安排 holding one deadline a row is the deadline column.
    if not any(c.role == "due" for c in columns):
        for col in columns:
            if col.role == "schedule" and _role_by_content(_sample(layout, col.index)) == "due":
                col.role = "due"
                break
    _settle_text_columns(layout)
    _prefer_year_target(columns)
    present = {c.role for c in columns}
    # 责任单位 next to 牵头单位 means the other units.
    if "lead_unit" in present and "coop_units" not in present:
        for col in columns:
            if col.role == "responsible":
                col.role = "coop_units"
                break
    seen: set[str] = set()
    for col in columns:
        if col.role in _SINGLE and col.role in seen:
            col.role = "other"
        seen.add(col.role)


def _is_count(value: object) -> bool:
    return is_number(value) or bool(re.fullmatch(r"\d+(?:\.\d+)?", text(value)))


def _prefer_year_target(columns: list[Column]) -> None:
    """Of several target columns (总投资 | 年度计划投资), the one naming the year comes first."""
    targets = [c for c in columns if c.role == "value"]
    words = vocabulary()["cells"]["year_words"]
    yearly = [
        c for c in targets if re.search(r"\d{4}年", c.header) or any(w in c.header for w in words)
    ]
    if len(targets) > 1 and yearly:
        for col in targets:
            if col is not yearly[0]:
                col.role = "other"


def _target_among(layout: Layout, names: list[Column]) -> Column | None:
    """Of two task-like columns (实事项目 | 目标任务), the one whose cells hold the numbers,
    when the table has no target column of its own."""
    if len(names) < 2 or layout.column("value") is not None:
        return None
    shares = {c.index: _share(_sample(layout, c.index), _has_number) for c in names}
    best = max(names, key=lambda c: shares[c.index])
    rest = max(shares[c.index] for c in names if c is not best)
    return best if shares[best.index] >= 0.6 and shares[best.index] - rest >= 0.3 else None


def _has_number(value: object) -> bool:
    return is_number(value) or bool(re.search(r"\d", text(value)))


def _settle_text_columns(layout: Layout) -> None:
    """One task column: the longest text; a repeating column left of it is the area."""
    candidates = [c for c in layout.columns if c.role in ("name", "area", "content")]
    duties = {c.role for c in layout.columns} & {*_UNIT_ROLES, "due", "lead_official"}
    names = [c for c in candidates if c.role == "name"] or [
        c
        for c in candidates
        if c.role == "area" and duties  # a summary (领域 | 任务数) is no task
    ]
    if not names:
        return
    lengths = {c.index: _mean_length(_sample(layout, c.index)) for c in candidates}
    task = max(names, key=lambda c: lengths[c.index])
    target = _target_among(layout, names)
    if target is not None:
        target.role = "value"
        candidates.remove(target)
        names.remove(target)
        task = max(names, key=lambda c: lengths[c.index])
    for col in candidates:
        if col is task:
            col.role = "name"
            continue
        values = [clean_text(v) for v in _sample(layout, col.index)]
        repeats = len(values) > 1 and len(set(values)) <= max(1, len(values) * 0.6)
        if (
            col.role in ("name", "area")
            and col.index < task.index
            and (repeats or col.role == "area" or lengths[col.index] < lengths[task.index] / 3)
        ):
            col.role = "area"
        elif col.role == "name":
            col.role = "content"
