"""A unit's Excel progress form: download, fill in, upload — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import func, select

from luoshi.cli import main
from luoshi.register.assign import assign, import_units, read_unit_list
from luoshi.register.plan_import import draft_plan, save_plan
from luoshi.register.progress_excel import HEADER_ROW, HEADERS, import_progress, write_template
from luoshi.register.verdicts import find_plan
from luoshi.store import Database
from luoshi.store.models import ProgressReport, Target

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def form(db: Database, tmp_path: Path) -> Path:
    with db.transaction() as s:
        save_plan(s, draft_plan((REPO / "data" / "seed.txt").read_text(encoding="utf-8"), 2024,
                                "seed.txt", tasks=False), "admin")  # fmt: skip
        import_units(s, read_unit_list(REPO / "data" / "demo-units.csv"), "admin")
        for name, units in (("城镇新增就业", ["区人社局", "湖塘镇"]), ("新增学位", ["区教育局"]),
                            ("保障理想三基地投产", ["区人社局"])):  # fmt: skip
            tid = s.scalars(select(Target.id).where(Target.name == name)).one()
            assign(s, tid, units, "admin")
    path = tmp_path / "form.xlsx"
    with db.transaction() as s:
        assert write_template(s, find_plan(s, 2024), "区人社局", date(2024, 6, 30), path) == 2
    return path


def _fill(path: Path, values: dict[str, dict[str, object]]) -> None:
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    col = {h: i for i, h in enumerate(HEADERS, start=1)}
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        name = ws.cell(r, col["任务内容/指标"]).value
        for header, value in values.get(str(name), {}).items():
            ws.cell(r, col[header]).value = value
    wb.save(path)


def _reports(db: Database) -> int:
    with db.transaction() as s:
        return s.scalar(select(func.count()).select_from(ProgressReport)) or 0


def test_fill_and_import(db: Database, form: Path) -> None:
    ws = load_workbook(form).active
    assert ws is not None and ws.protection.sheet  # only input cells are editable
    assert [ws.cell(HEADER_ROW, c).value for c in range(1, len(HEADERS) + 1)] == list(HEADERS)
    _fill(form, {"城镇新增就业": {"本期累计完成": "1.4万", "进展情况": "举办招聘会12场"},
                 "保障理想三基地投产": {"是否完成": "否"}})  # fmt: skip
    with db.transaction() as s:
        result = import_progress(s, form, "rs")
        assert result.ok, [str(p) for p in result.problems]
    with db.transaction() as s:
        reports = s.scalars(select(ProgressReport).order_by(ProgressReport.id)).all()
        assert [(r.value, r.done, r.as_of) for r in reports] == [
            (None, False, date(2024, 6, 30)), (14000, None, date(2024, 6, 30))
        ]  # fmt: skip
        assert reports[1].note == "举办招聘会12场"


@pytest.mark.parametrize(
    ("values", "cell", "message"),
    [
        ({"本期累计完成": "很多"}, "I", "不是数字"),
        ({"本期累计完成": 14000, "截至日期": date(2025, 1, 31)}, "H", "不在"),
        ({"本期累计完成": 5000}, "L", "滞后原因"),  # 19% at mid-year: says why, or is refused
        ({"本期累计完成": "1.4万元"}, "I", "单位不一致"),
        ({"本期累计完成": 14000, "ID": 99999}, "A", "不属于"),
    ],
    ids=["text", "date-out-of-year", "lag-without-reason", "wrong-unit", "foreign-row"],
)
def test_bad_form_writes_nothing(
    db: Database, form: Path, values: dict[str, object], cell: str, message: str
) -> None:
    _fill(form, {"城镇新增就业": values, "保障理想三基地投产": {"是否完成": "是"}})
    with db.transaction() as s:
        result = import_progress(s, form, "rs")
    assert not result.ok
    assert len(result.problems) == 1
    p = result.problems[0]
    assert p.column == cell and message in p.message and p.row > HEADER_ROW
    assert _reports(db) == 0


def test_cli(db: Database, form: Path, tmp_path: Path) -> None:
    _fill(form, {"城镇新增就业": {"本期累计完成": 14000}})
    run = CliRunner().invoke
    ok = run(main, ["--db", db.url, "progress", "import", str(form)])
    assert ok.exit_code == 0 and "1 reports from 区人社局" in ok.output
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not excel", encoding="utf-8")
    bad = run(main, ["--db", db.url, "progress", "import", str(junk)])
    assert bad.exit_code == 2 and "不是 Excel 工作簿" in bad.stderr
    out = tmp_path / "t.xlsx"
    made = run(main, ["--db", db.url, "progress", "template", "区教育局", "-o", str(out),
                      "--as-of", "2024-09-30"])  # fmt: skip
    assert made.exit_code == 0 and "1 targets of 区教育局" in made.output
