"""数说 compares like with like: a figure for part of the year only against the same period of
last year, a whole year against a whole year, otherwise no comparison."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import html as lxml_html

from luoshi.reports import publish_numbers
from luoshi.reports.numbers import comparable
from luoshi.reports.previous import Previous, year_before
from luoshi.store import Database
from luoshi.store.models import Plan, Target
from luoshi.store.repo import add_progress
from report_fixtures import AS_OF, build_district

WHOLE_2023 = Previous(2023, 44_000, "人", "城镇新增就业", "总结", "", date(2023, 12, 31))
HALF_2023 = Previous(2023, 12_000, "人", "城镇新增就业", "2023年计划", "", date(2023, 6, 30))


def test_a_half_year_is_never_set_against_a_whole_year() -> None:
    assert comparable([WHOLE_2023], date(2024, 6, 30)) is None
    assert comparable([WHOLE_2023, HALF_2023], date(2024, 6, 30)) is HALF_2023
    assert comparable([HALF_2023, WHOLE_2023], date(2024, 12, 31)) is WHOLE_2023
    assert comparable([WHOLE_2023], None) is None
    assert comparable([WHOLE_2023], date(2025, 12, 31)) is None  # two years back is not last year
    assert comparable([Previous(2023, 1, "人", "x", "d", "", date(2023, 2, 28))],
                      date(2024, 2, 29)) is not None  # fmt: skip
    assert year_before(date(2024, 2, 29)) == date(2023, 2, 28)


def _cards(path: Path) -> dict[str, str]:
    page = lxml_html.fromstring(path.read_bytes())
    return {c.xpath("string(span[@class='label'])"): " ".join(c.xpath("span[@class='detail']/text()"))
            for c in page.xpath("//div[@class]") if "card" in c.get("class", "").split()}  # fmt: skip


def test_mid_year_numbers_compare_with_the_same_period(db: Database, tmp_path: Path) -> None:
    district = build_district(db)  # reports up to 30 June 2024; the seed gives 2023's actuals
    with db.transaction() as s:
        plan = s.get(Plan, district.plan_id)
        assert plan is not None
        publish_numbers(s, plan, AS_OF, tmp_path / "before.html")
    before = _cards(tmp_path / "before.html")
    assert before["城镇新增就业"] and not any("比上年" in d for d in before.values())

    # last year's plan in the register, with the same target reported at 30 June 2023
    with db.transaction() as s:
        now = s.query(Target).filter_by(plan_id=district.plan_id, name="城镇新增就业").one()
        last = Plan(year=2023, name="2023年度重点工作目标", status="closed")
        s.add(last)
        s.flush()
        old = Target(plan_id=last.id, name=now.name, value=40_000, unit="人", measure="level",
                     start=date(2023, 1, 1), due=date(2023, 12, 31), status="active")  # fmt: skip
        s.add(old)
        s.flush()
        add_progress(s, old.id, date(2023, 5, 31), 9_000, "测试")
        add_progress(s, old.id, date(2023, 6, 30), 10_000, "测试")
        latest = now.id
    with db.transaction() as s:
        plan = s.get(Plan, district.plan_id)
        assert plan is not None
        numbers = publish_numbers(s, plan, AS_OF, tmp_path / "after.html")
        result = next(r for r in numbers.results if r.row.target_id == latest)
        assert result.previous is not None and result.previous.through == date(2023, 6, 30)
        value = result.value
    assert value is not None
    after = _cards(tmp_path / "after.html")
    change = (value - 10_000) / 10_000 * 100
    assert f"比上年同期增长{change:.1f}%（2023年1—6月1万人）" in after["城镇新增就业"]
    assert sum("比上年" in d for d in after.values()) == 1
