"""Leaders read reports in the app; the register export keeps the page's filters; the audit
trail reads as sentences and records only real changes."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from luoshi.register.assign import assign
from luoshi.register.demo import build_demo
from luoshi.register.trail import changes, describe
from luoshi.store import Database
from luoshi.store.models import AuditEvent, Target
from luoshi.store.repo import update_target
from test_web_pages import client_for, csrf_of


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('reading') / 'demo.sqlite3'}")
    with db.transaction() as s:
        build_demo(s)
    yield db
    db.dispose()


def test_leaders_read_the_reports(demo: Database) -> None:
    leader = client_for(demo, "leader")
    html = leader.get("/reports").text
    assert '<a href="/reports">报告</a>' in html and "督查通报" in html
    assert leader.get("/reports/bulletin.html").status_code == 200
    assert client_for(demo, "renshe").get("/reports").status_code == 403


def _rows(content: bytes) -> tuple[str, list[list[object]]]:
    ws = load_workbook(io.BytesIO(content)).active
    assert ws is not None
    grid = [[c.value for c in r] for r in ws.iter_rows()]
    return str(grid[0][0]), [r for r in grid if isinstance(r[0], int)]


def test_register_export_keeps_the_filters(demo: Database) -> None:
    leader = client_for(demo, "leader")
    page = leader.get("/register", params={"unit": "区教育局"}).text
    assert "unit=%E5%8C%BA%E6%95%99%E8%82%B2%E5%B1%80" in page and "导出 Excel（筛选结果）" in page
    title, rows = _rows(leader.get("/register.xlsx", params={"unit": "区教育局"}).content)
    assert len(rows) == 3 and "区教育局" in title
    assert all(any("区教育局" in str(v) for v in r) for r in rows)
    lagging = leader.get("/register", params={"status": "lagging"}).text
    count = int(lagging.split("共 ")[1].split(" 条")[0])
    title, rows = _rows(leader.get("/register.xlsx", params={"status": "lagging"}).content)
    assert len(rows) == count and "滞后" in title
    _, everything = _rows(leader.get("/register.xlsx").content)
    assert len(everything) > count > 0


def test_trail_in_words() -> None:
    event = AuditEvent(actor="zhangsan", action="update", entity="target", entity_id=1,
                       before={"value": 200.0, "version": 1, "due": "2024-12-31"},
                       after={"value": 220.0, "version": 2, "due": "2024-11-30"},
                       at=datetime.now(UTC))  # fmt: skip
    assert describe(event, "区教育局 张三") == (
        "区教育局 张三 将目标值由 200 改为 220，将完成时限由 2024年12月31日 改为 2024年11月30日"
    )
    assert changes({"value": 102000.0}, {"value": 1.5e10}) == ["将目标值由 102,000 改为 150亿"]
    assert changes({"value": -0.5}, {"value": 2.25}) == ["将目标值由 -0.5 改为 2.25"]
    assign_event = AuditEvent(actor="a", action="assign", entity="target",
                              before={"units": []}, after={"units": ["区人社局", "湖塘镇"]})  # fmt: skip
    assert describe(assign_event, "督查室 a") == "督查室 a 将责任单位定为 区人社局、湖塘镇"


def _events(db: Database, tid: int) -> int:
    with db.transaction() as s:
        q = select(func.count()).select_from(AuditEvent).where(AuditEvent.entity_id == tid,
                                                              AuditEvent.entity == "target")  # fmt: skip
        return int(s.scalar(q) or 0)


def test_the_trail_in_the_page_and_no_entry_for_nothing(demo: Database) -> None:
    office = client_for(demo, "admin")
    with demo.transaction() as s:
        t = s.scalars(select(Target).where(Target.name == "城镇新增就业")).one()
        tid, version, value, units = t.id, t.version, t.value, [a.unit.name for a in t.assignments]
    before = _events(demo, tid)
    token = csrf_of(office.get("/register").text)
    r = office.post(f"/targets/{tid}/edit", data={"version": version, "value": f"{value:,.0f}",
                                                  "csrf": token}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and _events(demo, tid) == before  # the same value: no entry
    with demo.transaction() as s:
        assign(s, tid, units, "admin")
        update_target(s, tid, version, {"name": "城镇新增就业"}, "admin")
    assert _events(demo, tid) == before
    r = office.post(f"/targets/{tid}/edit", data={"version": version, "value": "27,000",
                                                  "csrf": token}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and _events(demo, tid) == before + 1
    html = office.get(f"/targets/{tid}").text
    assert "督查室 admin 将目标值由 26,000 改为 27,000" in html
    assert '{"value"' not in html


def test_bulk_assignment_from_the_register(demo: Database) -> None:
    office = client_for(demo, "admin")
    html = office.get("/register", params={"q": "学位"}).text
    ids = re.findall(r'name="ids" value="(\d+)" form="bulk-form"', html)
    assert ids and "批量设置勾选的指标" in html
    token = csrf_of(html)
    form = {"csrf": token, "ids": ids, "lead": "区教育局", "cooperating": "湖塘镇、礼嘉镇",
            "due": "2024-11-30", "frequency": "quarterly", "back": "/register?q=学位"}  # fmt: skip
    r = office.post("/register/bulk", data={**form, "cooperating": "无此镇"})
    assert r.status_code == 400 and "无此镇" in r.text  # nothing changed
    r = office.post("/register/bulk", data=form)
    assert r.status_code == 200 and f"已设置 {len(ids)} 项指标" in r.text
    with demo.transaction() as s:
        for t in s.scalars(select(Target).where(Target.id.in_([int(i) for i in ids]))):
            assert [a.unit.name for a in t.assignments] == ["区教育局", "湖塘镇", "礼嘉镇"]
            assert t.due.isoformat() == "2024-11-30" and t.frequency == "quarterly"
    assert office.post("/register/bulk", data={**form, "ids": []}).status_code == 400
    leader = client_for(demo, "leader")
    assert leader.post("/register/bulk", data=form).status_code == 403
    assert "bulk-form" not in leader.get("/register").text
