"""The register through Excel and back, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from luoshi.cli import main
from luoshi.register.assign import assign, import_units, read_unit_list
from luoshi.register.excel import HEADERS
from luoshi.register.export import export_register, import_register
from luoshi.register.plan_import import draft_plan, save_plan
from luoshi.register.progress import record_progress
from luoshi.register.verdicts import find_plan
from luoshi.store import Database
from luoshi.store.models import AuditEvent, Target

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "seed.txt"


def _seed(db: Database) -> int:
    with db.transaction() as s:
        save_plan(
            s, draft_plan(SEED.read_text(encoding="utf-8"), 2024, "seed.txt", tasks=False), "admin"
        )
        import_units(s, read_unit_list(REPO / "data" / "demo-units.csv"), "admin")
        jobs = s.scalars(select(Target.id).where(Target.name == "城镇新增就业")).one()
        assign(s, jobs, ["区人社局", "湖塘镇"], "admin")
        record_progress(s, jobs, date(2024, 6, 30), 14000, "rs", unit="区人社局")
        return jobs


def _header_row(ws) -> int:  # type: ignore[no-untyped-def]
    for r in range(1, 10):
        if ws.cell(r, 1).value == "序号":
            return r
    raise AssertionError("no header")


def test_round_trip_and_edit(db: Database, tmp_path: Path) -> None:
    jobs = _seed(db)
    out = tmp_path / "register.xlsx"
    with db.transaction() as s:
        plan = find_plan(s, 2024)
        n = len([t for t in plan.targets if t.status != "dropped"])
        assert export_register(s, [plan], date(2024, 6, 30), out) == n
    wb = load_workbook(out)
    ws = wb.active
    assert ws is not None
    h = _header_row(ws)
    assert [ws.cell(h, c).value for c in range(1, len(HEADERS) + 1)] == list(HEADERS)
    row = next(r for r in range(h + 1, ws.max_row + 1) if ws.cell(r, 3).value == "城镇新增就业")
    col = {h: c for c, h in enumerate(HEADERS, start=1)}
    assert ws.cell(row, col["牵头单位"]).value == "区人社局"
    assert ws.cell(row, col["配合单位"]).value == "湖塘镇"
    assert ws.cell(row, col["状态"]).value == "正常推进"
    with db.transaction() as s:
        result = import_register(s, out, find_plan(s, 2024), "office")
        assert (result.created, result.updated, result.unchanged) == (0, 0, n)
    # the office raises a target in Excel and adds a line of its own
    ws.cell(row, 4).value = 3
    ws.cell(row, 5).value = "万人"
    new = {"序号": 99, "领域": "民生", "任务内容/指标": "新建口袋公园", "目标值": 12, "单位": "个",
           "牵头单位": "区住建局", "完成时限": "2024年12月", "填报频次": "每季"}  # fmt: skip
    ws.append([new.get(h) for h in HEADERS])
    wb.save(out)
    with db.transaction() as s:
        result = import_register(s, out, find_plan(s, 2024), "office")
        assert (result.created, result.updated) == (1, 1), result.problems
    with db.transaction() as s:
        t = s.get(Target, jobs)
        assert t is not None and t.value == 30000 and t.unit == "人"
        park = s.scalars(select(Target).where(Target.name == "新建口袋公园")).one()
        assert (park.value, park.frequency, [a.unit.name for a in park.assignments]) == (
            12, "quarterly", ["区住建局"]
        )  # fmt: skip
        event = s.scalars(select(AuditEvent).where(AuditEvent.entity_id == jobs,
                                                   AuditEvent.action == "import")).one()  # fmt: skip
        assert event.before == {"value": 26000, "version": 1}


def test_bad_table_writes_nothing(db: Database, tmp_path: Path) -> None:
    jobs = _seed(db)
    out = tmp_path / "register.xlsx"
    with db.transaction() as s:
        export_register(s, [find_plan(s, 2024)], date(2024, 6, 30), out)
    wb = load_workbook(out)
    ws = wb.active
    assert ws is not None
    h = _header_row(ws)
    row = next(r for r in range(h + 1, ws.max_row + 1) if ws.cell(r, 3).value == "城镇新增就业")
    ws.cell(row, 4).value = "5头牛"  # a unit nobody knows
    other = next(r for r in range(h + 1, ws.max_row + 1) if ws.cell(r, 3).value == "新增学位")
    ws.cell(other, 4).value = 9000
    wb.save(out)
    url = db.url
    args = ["--db", url, "import", str(out), "--plan", "2024", "--strict"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert f"!D{row}" in result.stderr and "未导入任何内容" in result.stderr
    with db.transaction() as s:
        assert s.get(Target, jobs).value == 26000  # type: ignore[union-attr]
        assert s.scalars(select(Target.value).where(Target.name == "新增学位")).one() == 8190


def test_export_cli(db: Database, tmp_path: Path) -> None:
    _seed(db)
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(main, ["--db", db.url, "export", str(out), "--as-of", "2024-06-30"])
    assert result.exit_code == 0, result.output
    with db.transaction() as s:
        n = len(find_plan(s, 2024).targets)
    assert f"已导出 {n} 项" in result.output and out.stat().st_size > 5000
