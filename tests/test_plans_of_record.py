"""One plan of record per year: a draft never hides the year from units and leaders."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from luoshi.register.demo import build_demo
from luoshi.register.plan_import import draft_plan, save_plan
from luoshi.register.plans import PlanNotVisible, PlanRef, choose, delete_plan
from luoshi.register.verdicts import find_plan
from luoshi.store import Database
from luoshi.store.models import AuditEvent, Plan, Target
from luoshi.store.repo import StoreError
from test_web_pages import client_for, csrf_of

DRAFT_TEXT = "2024年全区计划新增城市公园12个,新建口袋绿地35处。年内完成老旧小区改造40个。"
DRAFT_NAME = "2024年度重点工作目标（调整稿）"


# --- the rule, pure ---------------------------------------------------------------------------

REFS = [PlanRef(3, 2025, "明年草稿", "draft"), PlanRef(2, 2024, "今年调整稿", "draft"),
        PlanRef(1, 2024, "今年计划", "active"), PlanRef(4, 2023, "去年计划", "closed")]  # fmt: skip


@pytest.mark.parametrize(
    ("asked", "remembered", "office", "expected"),
    [
        (None, None, False, 1),  # units and leaders land on the plan of record
        (None, None, True, 1),  # so does the office
        (2, None, True, 2),  # the office may open a draft
        (None, 2, True, 2),  # … and keeps it while it works
        (None, 2, False, 1),  # a remembered draft means nothing to a unit
        (4, None, False, 4),  # an archived plan can be read by all
    ],
)
def test_choose(asked: int | None, remembered: int | None, office: bool, expected: int) -> None:
    chosen = choose(REFS, asked=asked, remembered=remembered, office=office, year=2024)
    assert chosen is not None and chosen.id == expected


def test_choose_refuses_a_draft_to_units_and_falls_back() -> None:
    with pytest.raises(PlanNotVisible):
        choose(REFS, asked=2, remembered=None, office=False, year=2024)
    drafts = [r for r in REFS if r.status == "draft"]
    assert choose(drafts, asked=None, remembered=None, office=False, year=2024) is None
    first = choose(drafts, asked=None, remembered=None, office=True, year=2024)
    assert first is not None and first.id == 3  # nothing active yet: the newest draft
    # no plan of record this year: the newest one of any year
    old = choose(REFS[3:], asked=None, remembered=None, office=False, year=2026)
    assert old is not None and old.id == 4


# --- the web ----------------------------------------------------------------------------------


@pytest.fixture
def two_plans(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int, int]]:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('plans') / 'p.sqlite3'}")
    with db.transaction() as s:
        record = build_demo(s).id
        draft = save_plan(s, draft_plan(DRAFT_TEXT, 2024, "调整稿.txt", DRAFT_NAME), "admin").id
    yield db, record, draft
    db.dispose()


def test_a_draft_does_not_hide_the_year(two_plans: tuple[Database, int, int]) -> None:
    db, record, draft = two_plans
    unit = client_for(db, "renshe")
    html = unit.get("/unit").text
    assert "本单位暂无指标" not in html and "城镇新增就业" in html
    assert DRAFT_NAME not in html  # not even in the switcher
    assert unit.get(f"/unit?plan={draft}").status_code == 404
    with db.transaction() as s:
        park = s.scalars(select(Target).where(Target.plan_id == draft)).first()
        assert park is not None
        park_id = park.id
    assert unit.get(f"/targets/{park_id}").status_code == 404

    leader = client_for(db, "leader")
    assert "2024年度重点工作目标" in leader.get("/dashboard").text
    assert DRAFT_NAME not in leader.get("/register").text
    assert leader.get(f"/register?plan={draft}").status_code == 404
    assert leader.get(f"/reports/bulletin.html?plan={draft}").status_code == 404
    assert leader.get("/api/status").json()["plan"]["id"] == record
    assert [p["id"] for p in leader.get("/api/plans").json()] == [record]


def test_the_office_works_on_a_draft_and_every_page_follows(
    two_plans: tuple[Database, int, int],
) -> None:
    db, record, draft = two_plans
    office = client_for(db, "admin")
    assert "城镇新增就业" in office.get("/register").text  # lands on the plan of record
    html = office.get(f"/dashboard?plan={draft}").text
    assert DRAFT_NAME in html and f'<option value="{draft}" selected' in html
    # the choice is remembered: the next pages show the draft without ?plan=
    assert "城市公园" in office.get("/register").text
    reports = office.get("/reports").text
    assert f"plan={draft}" in reports and f"plan={record}" not in reports
    xlsx = office.get("/register.xlsx")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws is not None
    names = {str(c.value) for row in ws.iter_rows() for c in row if c.value}
    assert any("城市公园" in n for n in names) and "城镇新增就业" not in names
    assert "城市公园" in office.get("/reports/bulletin.html").text
    # picking the plan of record again forgets the draft
    assert "城镇新增就业" in office.get(f"/register?plan={record}").text
    assert "城镇新增就业" in office.get("/register").text


def _post(client: TestClient, path: str, **data: str) -> int:
    token = csrf_of(client.get("/plans").text)
    return client.post(path, data={"csrf": token, **data}, follow_redirects=False).status_code


def test_activate_archive_delete(two_plans: tuple[Database, int, int]) -> None:
    db, record, draft = two_plans
    office, leader = client_for(db, "admin"), client_for(db, "leader")
    assert leader.get("/plans").status_code == 403
    listing = office.get("/plans").text
    assert "执行中" in listing and "草稿" in listing
    confirm = office.get(f"/plans/{draft}/activate").text
    assert "将归档" in confirm and "确认启用" in confirm
    r = office.post(f"/plans/{draft}/activate", data={"confirmed": "yes"})
    assert r.status_code == 403  # no CSRF token
    assert _post(office, f"/plans/{draft}/activate") == 400  # not confirmed
    assert _post(office, f"/plans/{record}/delete", confirmed="yes") == 400  # not a draft
    assert _post(office, f"/plans/{draft}/activate", confirmed="yes") == 303
    with db.transaction() as s:
        assert s.get(Plan, record).status == "closed"  # type: ignore[union-attr]
        assert s.get(Plan, draft).status == "active"  # type: ignore[union-attr]
        actions = [e.action for e in s.scalars(select(AuditEvent).where(
            AuditEvent.entity == "plan").order_by(AuditEvent.id))]  # fmt: skip
        assert actions[-2:] == ["archive", "activate"]
    assert DRAFT_NAME in leader.get("/dashboard").text  # the new plan of record
    assert "2024年度重点工作目标" in leader.get(f"/dashboard?plan={record}").text  # archived


def test_delete_a_draft_only(two_plans: tuple[Database, int, int]) -> None:
    db, record, draft = two_plans
    with db.transaction() as s, pytest.raises(StoreError, match="不能删除"):
        delete_plan(s, record, "admin")
    office = client_for(db, "admin")
    assert "不能恢复" in office.get(f"/plans/{draft}/delete").text
    assert _post(office, f"/plans/{draft}/delete", confirmed="yes") == 303
    with db.transaction() as s:
        assert s.get(Plan, draft) is None
        assert s.scalars(select(Target).where(Target.plan_id == draft)).first() is None
        assert find_plan(s).id == record
    assert "已删除" in office.get("/plans?flash=已删除").text


def test_cli_finds_the_plan_of_record(two_plans: tuple[Database, int, int]) -> None:
    db, record, draft = two_plans
    with db.transaction() as s:
        assert find_plan(s).id == record and find_plan(s, 2024).id == record
        assert find_plan(s, plan_id=draft).id == draft


def test_as_of_date_message_is_chinese(two_plans: tuple[Database, int, int]) -> None:
    db, _, _ = two_plans
    r = client_for(db, "admin").get("/dashboard?as_of=yesterday")
    assert r.status_code == 400 and "日期格式" in r.text
    assert date(2024, 6, 30).isoformat() in client_for(db, "admin").get("/dashboard").text


def test_life_cycle_on_each_database(db: Database) -> None:
    """Activation replaces the year's plan of record; a draft goes with its targets, shares,
    units and reports."""
    from luoshi.register.assign import assign
    from luoshi.register.plans import activate, archive
    from luoshi.register.split import split_target
    from luoshi.store.models import Unit
    from luoshi.store.repo import add_progress

    with db.transaction() as s:
        s.add_all([Unit(name="甲局"), Unit(name="乙镇")])
        first = save_plan(s, draft_plan(DRAFT_TEXT, 2024, "a.txt", "甲"), "office").id
        second = save_plan(s, draft_plan(DRAFT_TEXT, 2024, "b.txt", "乙"), "office").id
        activate(s, first, "office")
        activate(s, second, "office")
        assert [p.status for p in s.scalars(select(Plan).order_by(Plan.id))] == [
            "closed", "active"]  # fmt: skip
        archive(s, second, "office")
        third = save_plan(s, draft_plan(DRAFT_TEXT, 2024, "c.txt", "丙"), "office").id
        t = s.scalars(select(Target).where(Target.plan_id == third, Target.value.is_not(None))
                      ).first()  # fmt: skip
        assert t is not None and t.value is not None
        assign(s, t.id, ["甲局", "乙镇"], "office")
        split_target(s, t.id, {"甲局": t.value - 2, "乙镇": 2}, "office")
        add_progress(s, t.id, date(2024, 3, 31), 1, "office")
    with db.transaction() as s:
        delete_plan(s, third, "office")
    with db.transaction() as s:
        assert [p.id for p in s.scalars(select(Plan).order_by(Plan.id))] == [first, second]
        assert s.scalars(select(Target).where(Target.plan_id == third)).first() is None
