"""A unit's progress form as Excel: download it filled in with its targets, fill, upload.

The template lists the unit's targets with their target values and last
cumulative figures; the unit fills 本期累计完成 (and, when behind, 滞后原因 and
整改措施). Reading it back checks every cell and writes nothing unless all
rows are right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import LAGGING, Margins, Reading, judge
from ..ingest.document import IngestError
from ..ingest.workbook import PROGRESS_FORM, SheetRows, read_sheet
from ..store.models import Assignment, Plan, Target, Unit
from ..store.repo import NewReport, add_progress_many, current_reports
from .assign import unit_by_name
from .excel import Problem, set_text_cell
from .units import display_unit, parse_quantity, parse_unit, to_canonical
from .verdicts import spec_of

SHEET = "进度填报"
HEADERS = ("ID", "序号", "领域", "任务内容/指标", "目标值", "单位", "上期累计", "截至日期",
           "本期累计完成", "是否完成", "进展情况", "滞后原因", "整改措施")  # fmt: skip
INPUT = frozenset({"截至日期", "本期累计完成", "是否完成", "进展情况", "滞后原因", "整改措施"})
HEADER_ROW = 3
_THIN = Side(style="thin", color="999999")


def _col(name: str) -> int:
    return HEADERS.index(name) + 1


def write_template(
    session: Session, plan: Plan, unit_name: str, as_of: date, out: Path | IO[bytes]
) -> int:
    """The unit's form for ``as_of``; returns how many targets it lists."""
    unit = unit_by_name(session, unit_name)
    targets = list(session.scalars(
        select(Target).where(Target.plan_id == plan.id,
                             Target.assignments.any(Assignment.unit_id == unit.id))
        .order_by(Target.seq, Target.id)
    ))  # fmt: skip
    latest = current_reports(session, [t.id for t in targets], as_of)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.cell(1, 1, f"{unit.name} · {plan.name}进度填报表")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.cell(2, 1, f"填报单位：{unit.name}    截至：{as_of.isoformat()}    计划：{plan.year}")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    for c, h in enumerate(HEADERS, start=1):
        cell = ws.cell(HEADER_ROW, c, h)
        cell.font = Font(bold=True, color="FFFFFF" if h in INPUT else "000000")
        cell.fill = PatternFill("solid", fgColor="2F5597" if h in INPUT else "D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, t in enumerate(targets, start=HEADER_ROW + 1):
        unit_text, factor = display_unit(t.value, t.unit)
        last = next((x.value for x in reversed(latest[t.id]) if x.value is not None), None)
        values: dict[str, object] = {
            "ID": t.id, "序号": t.seq, "领域": t.area, "任务内容/指标": t.name,
            "目标值": None if t.value is None else t.value / factor, "单位": unit_text,
            "上期累计": None if last is None else last / factor, "截至日期": as_of,
        }  # fmt: skip
        for name, v in values.items():
            if isinstance(v, str):
                set_text_cell(ws.cell(r, _col(name)), v)
            else:
                ws.cell(r, _col(name), v)
        ws.cell(r, _col("截至日期")).number_format = "yyyy-mm-dd"
        for c in range(1, len(HEADERS) + 1):
            cell = ws.cell(r, c)
            cell.border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
            cell.protection = Protection(locked=HEADERS[c - 1] not in INPUT)
    last_row = HEADER_ROW + max(1, len(targets))
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                             allow_blank=True, error="请填写数字", showErrorMessage=True)  # fmt: skip
    numbers.add(f"I{HEADER_ROW + 1}:I{last_row}")
    done = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    done.add(f"J{HEADER_ROW + 1}:J{last_row}")
    ws.add_data_validation(numbers)
    ws.add_data_validation(done)
    ws.protection.sheet = True  # only the input columns can be edited
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, _col("目标值"))
    for name, width in (("ID", 6), ("序号", 6), ("领域", 22), ("任务内容/指标", 36),
                        ("进展情况", 30), ("滞后原因", 24), ("整改措施", 24)):  # fmt: skip
        ws.column_dimensions[ws.cell(HEADER_ROW, _col(name)).column_letter].width = width
    ws.column_dimensions["A"].hidden = True
    wb.save(out)
    return len(targets)


@dataclass(frozen=True, slots=True)
class ProgressImport:
    reports: list[NewReport]
    problems: list[Problem]
    unit: str

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)


def read_form(source: Path | IO[bytes], name: str = "") -> SheetRows:
    """The form's cells through the one safe reader (no database: run it off the event loop).

    Raises ``IngestError`` with a one-line Chinese reason for a file that is not a form.
    """
    return read_sheet(source, limits=PROGRESS_FORM, name=name, sheet=SHEET)


def check_form(session: Session, ws: SheetRows, margins: Margins | None = None
               ) -> ProgressImport:  # fmt: skip
    """Check a read form against the register; reports only when every row is right."""
    header = [ws.cell(HEADER_ROW, c) for c in range(1, len(HEADERS) + 1)]
    if tuple(header) != HEADERS:
        msg = "不是本系统的进度填报表（表头不一致），请先下载填报模板再填写"
        return ProgressImport([], [Problem(ws.title, HEADER_ROW, "", msg)], "")
    subtitle = str(ws.cell(2, 1) or "").replace("填报单位:", "填报单位：")  # forms made before 0.4
    unit_name = subtitle.split("填报单位：", 1)[-1].split()[0] if "填报单位：" in subtitle else ""
    unit = session.scalar(select(Unit).where(Unit.name == unit_name))
    problems: list[Problem] = []
    if unit is None:
        problems.append(Problem(ws.title, 2, "A", f"填报单位「{unit_name}」不存在"))
        return ProgressImport([], problems, unit_name)
    reader = _Rows(session, ws.title, unit, problems, margins or Margins())
    for r in range(HEADER_ROW + 1, len(ws.rows) + 1):
        row = {h: ws.cell(r, c) for c, h in enumerate(HEADERS, start=1)}
        reader.read(r, row)
    return ProgressImport(reader.reports, problems, unit.name)


def read_progress(session: Session, source: Path | IO[bytes], margins: Margins | None = None
                  ) -> ProgressImport:  # fmt: skip
    """Read and check a filled form; a file that cannot be read is one Problem."""
    try:
        ws = read_form(source)
    except IngestError as e:
        return ProgressImport([], [Problem("", 0, "", e.reason)], "")
    return check_form(session, ws, margins)


class _Rows:
    def __init__(self, session: Session, sheet: str, unit: Unit, problems: list[Problem],
                 margins: Margins) -> None:  # fmt: skip
        self.session, self.sheet, self.unit = session, sheet, unit
        self.problems, self.margins = problems, margins
        self.reports: list[NewReport] = []

    def problem(self, r: int, name: str, message: str) -> None:
        letter = "ABCDEFGHIJKLM"[HEADERS.index(name)]
        self.problems.append(Problem(self.sheet, r, letter, message, header=name))

    def read(self, r: int, row: dict[str, object]) -> None:
        filled = row["本期累计完成"] not in (None, "") or row["是否完成"] not in (None, "")
        if not filled:
            return  # nothing reported on this line this time
        target = self.session.get(Target, row["ID"]) if isinstance(row["ID"], int) else None
        if target is None or self.unit.id not in {a.unit_id for a in target.assignments}:
            self.problem(r, "ID", f"第{r}行的指标不属于「{self.unit.name}」(请勿改动隐藏的 ID 列)")
            return
        as_of = row["截至日期"]
        if isinstance(as_of, datetime):
            as_of = as_of.date()
        if not isinstance(as_of, date):
            self.problem(r, "截至日期", f"「{as_of}」不是日期")
            return
        if not target.start <= as_of <= target.due:
            self.problem(r, "截至日期", f"{as_of} 不在 {target.start}–{target.due} 内")
            return
        value, done = self._value(r, target, row)
        if value is None and done is None:
            return
        reason, action = (str(row[k]).strip() if row[k] else None for k in ("滞后原因", "整改措施"))
        history = current_reports(self.session, [target.id], as_of)[target.id]
        readings = [Reading(x.as_of, x.value, x.done) for x in history if x.unit_id == self.unit.id]
        verdict = judge(spec_of(target), [*readings, Reading(as_of, value, done)], as_of,
                         self.margins)  # fmt: skip
        if verdict.verdict in LAGGING and not (reason and action):
            self.problem(r, "滞后原因", f"{verdict.verdict.label}({verdict.reason}):"
                         "请填写滞后原因和整改措施")  # fmt: skip
            return
        note = str(row["进展情况"]).strip() if row["进展情况"] else None
        self.reports.append(NewReport(target.id, as_of, value, self.unit.id, done, note,
                                      reason, action))  # fmt: skip

    def _value(
        self, r: int, target: Target, row: dict[str, object]
    ) -> tuple[float | None, bool | None]:
        raw, flag = row["本期累计完成"], row["是否完成"]
        if target.value is None:
            if flag in ("是", "否"):
                return None, flag == "是"
            self.problem(r, "是否完成", "里程碑任务请填写「是」或「否」")
            return None, None
        if isinstance(raw, int | float):
            number, unit_text = float(raw), str(row["单位"] or "")
        else:
            q = parse_quantity(str(raw or ""))
            if q is None:
                self.problem(r, "本期累计完成", f"「{raw}」不是数字")
                return None, None
            number = float(q.number)
            unit_text = q.unit.text if q.unit else str(row["单位"] or "")
        # the number is in the unit the form shows (万元, 亿元) unless the cell names its own
        spec = parse_unit(unit_text) if unit_text else None
        if spec is not None and spec.base and spec.base != target.unit:
            self.problem(r, "本期累计完成", f"单位不一致：「{unit_text}」与「{target.unit}」")
            return None, None
        value = to_canonical(number, spec.factor if spec is not None else 1)
        if value < 0 and target.measure == "level":
            self.problem(r, "本期累计完成", "累计值不能为负数")
            return None, None
        return value, None


def import_progress(session: Session, source: Path | IO[bytes], actor: str) -> ProgressImport:
    """Read a form and, when every row is right, append its reports (one transaction)."""
    result = read_progress(session, source)
    if result.ok and result.reports:
        add_progress_many(session, result.reports, actor)
    return result
