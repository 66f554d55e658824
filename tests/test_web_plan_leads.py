"""The plan review page proposes qualitative tasks and a lead unit for each row; the clerk
confirms, drops or changes each one (real app in-process, on SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from luoshi.accounts import create_user
from luoshi.settings import load_settings
from luoshi.store import Database
from luoshi.store.models import Assignment, Plan, Target, Unit
from luoshi.web.app import create_app
from test_web_plans import ADMIN, _confirm, csrf_of, paste, rows_of

# a made-up district's plan: numbers, a milestone with its deadline, qualitative tasks
PLAN = (
    "青山区2025年重点工作安排\n"
    "以民生为本,推动社会事业更加均衡。健全公共就业服务体系,城镇新增就业1.8万人,"
    "新增义务教育学位3000个;深化医联体改革,年底前完成区人民医院扩建工程,推进耕地保护和土地整治。\n"
    "以绿色为底,推动生态环境更加优美。打好污染防治攻坚战,空气质量优良天数比率达到82%,"
    "整治河湖岸线12公里;深化河湖长制,持续推进城乡环境综合整治。\n"
)
UNITS = ["青山区人力资源和社会保障局", "青山区教育局", "青山区卫生健康局",
         "青山区自然资源和规划分局", "青山区生态环境分局", "青山区住房和城乡建设局"]  # fmt: skip


@pytest.fixture
def office(db: Database) -> Iterator[tuple[Database, TestClient, dict[str, int]]]:
    with db.transaction() as s:
        for name in UNITS:
            s.add(Unit(name=name))
        s.add(Unit(name="白沙街道", kind="place"))
        s.flush()
        create_user(s, *ADMIN, "admin", "test")
        ids = {u.name: u.id for u in s.scalars(select(Unit))}
        # last year's plan: the office had the 教育 bureau lead the school places
        old = Plan(year=2024, name="2024年度重点工作目标", status="active")
        s.add(old)
        s.flush()
        t = Target(plan_id=old.id, seq=1, name="新增义务教育学位数", value=2500, unit="个",
                   start=date(2024, 1, 1), due=date(2024, 12, 31))  # fmt: skip
        t.assignments.append(Assignment(unit_id=ids["青山区教育局"], role="lead", position=0))
        s.add(t)
    client = TestClient(create_app(db, load_settings(secret_key="test", as_of=date(2025, 2, 1))))
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": ADMIN[0], "password": ADMIN[1], "csrf": token},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    yield db, client, ids


def _row(rows: dict[int, dict[str, str]], name: str) -> int:
    return next(i for i, r in rows.items() if r["name"] == name)


def _hint(page: str, idx: int) -> str:
    """The suggestion shown under a row's lead-unit choice ('' if none)."""
    m = re.search(rf'<tr id="r{idx}".*?</tr>', page, re.S)
    assert m
    hint = re.search(r'<span class="suggest[^"]*"[^>]*>(.*?)</div>', m.group(0), re.S)
    return re.sub(r"<[^>]+>", "", hint.group(1)).strip() if hint else ""


def test_review_proposes_tasks_and_marked_suggestions(
    office: tuple[Database, TestClient, dict[str, int]],
) -> None:
    db, client, ids = office
    r = paste(client, PLAN, year=2025)
    assert r.status_code == 200, r.text
    page = r.text
    rows = rows_of(page)
    names = {row["name"] for row in rows.values()}
    # numbers, the milestone and the qualitative tasks, all accepted by default
    assert {"城镇新增就业", "新增义务教育学位", "深化医联体改革", "推进耕地保护和土地整治",
            "深化河湖长制"} <= names  # fmt: skip
    assert all(row["keep"] == "1" for row in rows.values())
    # areas in full-width punctuation, as users read them
    areas = re.findall(r'<tr class="area-head"><th colspan="6">([^<]*)</th>', page)
    assert areas == ["以民生为本，推动社会事业更加均衡", "以绿色为底，推动生态环境更加优美"]
    # each suggestion is preselected and shown as a suggestion with its reason
    jobs, places = _row(rows, "城镇新增就业"), _row(rows, "新增义务教育学位")
    hospital = next(i for i, row in rows.items() if "区人民医院扩建工程" in row["name"])
    assert (rows[jobs]["value"], rows[jobs]["unit"]) == ("1.8万", "人")  # as the text writes it
    assert rows[jobs]["lead"] == str(ids["青山区人力资源和社会保障局"])
    assert _hint(page, jobs) == "建议 青山区人力资源和社会保障局（涉及就业）"
    assert rows[places]["lead"] == str(ids["青山区教育局"])  # the office's own precedent
    assert (
        _hint(page, places)
        == "建议 青山区教育局（往年同类任务「新增义务教育学位数」由青山区教育局牵头）"
    )
    assert rows[hospital]["lead"] == str(ids["青山区卫生健康局"])
    # no suggestion: nothing chosen, nothing shown
    reform = _row(rows, "深化医联体改革")
    assert rows[reform]["lead"] == "" and _hint(page, reform) == ""
    assert "（建议）" in page and "为其中 <strong>" in page
    with db.transaction() as s:  # nothing is saved, nothing assigned, before the clerk confirms
        assert s.scalar(select(func.count()).select_from(Assignment)) == 1


def test_confirm_creates_exactly_what_was_accepted(
    office: tuple[Database, TestClient, dict[str, int]],
) -> None:
    db, client, ids = office
    page = paste(client, PLAN, year=2025).text
    rows = rows_of(page)
    dropped = _row(rows, "推进耕地保护和土地整治")
    taken = _row(rows, "城镇新增就业")
    changed = next(i for i, row in rows.items() if "区人民医院扩建工程" in row["name"])
    cleared = _row(rows, "深化河湖长制")
    renamed = _row(rows, "深化医联体改革")

    def change(f: dict[str, list[str]]) -> None:
        del f[f"keep.{dropped}"]
        f[f"lead.{changed}"] = [str(ids["青山区住房和城乡建设局"])]
        f[f"lead.{cleared}"] = [""]
        f[f"name.{renamed}"] = ["深化紧密型医联体改革"]
        f[f"lead.{renamed}"] = [str(ids["青山区卫生健康局"])]

    r = _confirm(client, page, change)
    assert r.status_code == 303, r.text
    with db.transaction() as s:
        plan = s.scalars(select(Plan).where(Plan.year == 2025)).one()
        got = {t.name: t for t in plan.targets}
        assert len(got) == len(rows) - 1 and "推进耕地保护和土地整治" not in got
        leads = {t.name: [a.unit.name for a in t.assignments] for t in plan.targets}
        assert leads[rows[taken]["name"]] == ["青山区人力资源和社会保障局"]
        assert leads[rows[changed]["name"]] == ["青山区住房和城乡建设局"]
        assert leads["深化河湖长制"] == []
        assert leads["深化紧密型医联体改革"] == ["青山区卫生健康局"]
        assert all(a.role == "lead" for t in plan.targets for a in t.assignments)
        # the import's defaults: due at the year's end, a task reported quarterly, % a share
        task = got["深化河湖长制"]
        assert (task.value, task.due, task.frequency) == (None, date(2025, 12, 31), "quarterly")
        assert got["空气质量优良天数比率"].measure == "ratio"
        assert task.area == "以绿色为底，推动生态环境更加优美"


def test_a_lead_that_is_not_a_unit_is_refused_and_nothing_saved(
    office: tuple[Database, TestClient, dict[str, int]],
) -> None:
    db, client, _ = office
    page = paste(client, PLAN, year=2025).text
    first = min(rows_of(page))
    r = _confirm(client, page, lambda f: f.update({f"lead.{first}": ["999999"]}))
    assert r.status_code == 400 and "所选牵头单位已不存在" in r.text
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 1  # last year's only
    # the page comes back with the row marked and every row still there
    assert re.search(rf'<tr id="r{first}" class="[^"]*row-error', r.text)
    assert len(rows_of(r.text)) == len(rows_of(page))
