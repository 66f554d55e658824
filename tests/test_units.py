"""Unit lists and assignments (first-listed unit leads), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from luoshi.register.assign import assign, import_units, read_unit_list
from luoshi.register.plan_import import draft_plan, save_plan
from luoshi.store import Database
from luoshi.store.models import AuditEvent, Target, Unit
from luoshi.store.repo import StoreError

SEED = Path(__file__).resolve().parent.parent / "data" / "seed.txt"


def _units_csv(tmp_path: Path, encoding: str = "utf-8") -> Path:
    p = tmp_path / "units.csv"
    p.write_bytes(
        "单位名称,类型,上级单位\n区人社局,条线,\n湖塘镇,,\n礼嘉镇,板块,\n".encode(encoding)
    )
    return p


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_read_csv_list(tmp_path: Path, encoding: str) -> None:
    rows = read_unit_list(_units_csv(tmp_path, encoding))
    assert [(r.name, r.kind) for r in rows] == [
        ("区人社局", "department"), ("湖塘镇", "place"), ("礼嘉镇", "place")
    ]  # fmt: skip


def test_read_xlsx_list(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["序号", "名称", "类别"])
    ws.append([1, "区科技局", "部门"])
    ws.append([2, "西太湖科技产业园", None])
    p = tmp_path / "units.xlsx"
    wb.save(p)
    assert [(r.name, r.kind) for r in read_unit_list(p)] == [
        ("区科技局", "department"), ("西太湖科技产业园", "place")
    ]  # fmt: skip


def test_bad_lists(tmp_path: Path) -> None:
    p = tmp_path / "units.csv"
    p.write_text("名字\n区人社局\n", encoding="utf-8")
    with pytest.raises(StoreError, match="没有单位名称列"):
        read_unit_list(p)
    p.write_text("单位名称\n区人社局\n区人社局\n", encoding="utf-8")
    with pytest.raises(StoreError, match="第 3 行单位「区人社局」重复"):
        read_unit_list(p)
    bad = tmp_path / "units.xlsx"
    bad.write_text("not a spreadsheet", encoding="utf-8")
    with pytest.raises(StoreError, match="不是 Excel 工作簿"):
        read_unit_list(bad)


def test_assign_first_unit_leads(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        plan_id = save_plan(
            s, draft_plan(SEED.read_text(encoding="utf-8"), 2024, "seed", tasks=False), "a"
        ).id
        import_units(s, read_unit_list(_units_csv(tmp_path)), "admin")
    with db.transaction() as s:
        t = s.scalars(
            select(Target).where(Target.plan_id == plan_id, Target.name == "城镇新增就业")
        ).one()
        assign(s, t.id, ["区人社局", "湖塘镇", "礼嘉镇"], "admin")
        tid = t.id
    with db.transaction() as s:
        t = s.get(Target, tid)
        assert t is not None
        assert [(a.unit.name, a.role) for a in t.assignments] == [
            ("区人社局", "lead"), ("湖塘镇", "responsible"), ("礼嘉镇", "responsible")
        ]  # fmt: skip
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "assign")).one()
        assert event.after == {"units": ["区人社局", "湖塘镇", "礼嘉镇"]}
    with pytest.raises(StoreError, match="没有名为"), db.transaction() as s:
        assign(s, tid, ["区人社局", "火星局"], "admin")
    with db.transaction() as s:  # the failed assignment changed nothing
        t = s.get(Target, tid)
        assert t is not None and len(t.assignments) == 3
        assert s.scalar(select(Unit).where(Unit.name == "火星局")) is None
