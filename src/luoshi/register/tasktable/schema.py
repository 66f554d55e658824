"""What a task table holds, as luoshi writes it: columns, rows, and the problems met reading one.

No I/O here: the writer and the reader share these names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

__all__ = [
    "FIELDS",
    "HEADERS",
    "LABELS",
    "SHEET",
    "Problem",
    "RegisterImport",
    "RegisterRow",
    "TableLayout",
]

SHEET = "任务分解表"
HEADERS: tuple[str, ...] = (
    "序号", "领域", "任务内容/指标", "目标值", "单位", "比较", "指标类型", "分值", "牵头领导",
    "牵头单位", "配合单位", "完成时限", "填报频次", "最新进度", "完成率", "序时进度", "状态",
    "备注", "ID",
)  # fmt: skip
# Field names of the columns above, in the same order.
FIELDS: tuple[str, ...] = (
    "seq", "area", "name", "value", "unit", "comparator", "measure", "weight", "lead_official",
    "lead_unit", "coop_units", "due", "frequency", "latest", "completion", "time_progress",
    "status", "note", "id",
)  # fmt: skip
LABELS: dict[str, str] = dict(zip(FIELDS, HEADERS, strict=True)) | {
    "responsible": "责任单位",
    "content": "主要内容",
    "schedule": "进度安排",
    "other": "其他",
}

# The 状态 fill of each light (Excel's own conditional-format palette: readable with black text).
LIGHT_FILLS = {"green": "63BE7B", "yellow": "FFEB84", "red": "F8696B", "grey": "D9D9D9"}
UNKNOWN_AS_OF = "截至日期不详"


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
    units: tuple[str, ...] = ()  # the lead units first, then the cooperating units
    due: date | None = None
    frequency: str = "monthly"
    latest: float | None = None
    latest_as_of: date | None = None
    completion: float | None = None
    time_progress: float | None = None
    status: str = ""
    light: str = ""  # green / yellow / red / grey
    target_id: int | None = None
    leads: int = 1  # how many of ``units`` lead
    due_text: str = ""  # the deadline as written (6月底前, 长期坚持)
    measure: str = ""  # level / growth / ratio; "" when the table does not say
    weight: float | None = None  # 分值
    target_text: str = ""  # a target written as words (a milestone), or a number not read
    note: str = ""  # 备注
    extra: tuple[tuple[str, str], ...] = ()  # other columns: (header as written, text)
    review: tuple[str, ...] = ()  # doubts met reading the row: the row is flagged for review

    @property
    def lead_units(self) -> tuple[str, ...]:
        return self.units[: self.leads] if self.units else ()

    @property
    def coop_units(self) -> tuple[str, ...]:
        return self.units[self.leads :] if self.units else ()


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


@dataclass(frozen=True, slots=True)
class TableLayout:
    """Where a task table sits in its sheet and what each column holds (for the preview)."""

    sheet: str
    header_rows: tuple[int, ...]  # 1-based
    headers: tuple[str, ...]  # per column, as written ("" for none)
    roles: tuple[str, ...]  # per column: a field name, or "other" / "" (empty column)
    first_data_row: int
    preview: tuple[tuple[str, ...], ...] = ()  # the first rows below the header, as text


@dataclass
class RegisterImport:
    """What ``read_register`` found: rows that read cleanly, and every problem met."""

    rows: list[RegisterRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheet: str = ""
    title: str = ""
    as_of: date | None = None
    year: int | None = None  # the year the file names (title, dates), for a new plan
    tables: list[TableLayout] = field(default_factory=list)
    looked_at: list[str] = field(default_factory=list)  # sheets/tables read, for messages

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
