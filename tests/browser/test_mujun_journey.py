"""亩均评价 in a real browser: the 经信局 filters the class list, opens an enterprise, sees its
history and calculation, exports the results, uploads next year's bureau files, reviews and
confirms them; the office sees classes without figures; a unit's
reporter is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser

from luoshi.accounts import create_user
from luoshi.mujun.demo import JINGXIN, build_mujun_demo
from luoshi.mujun.synthetic import synthetic_district, write_bureau_files
from luoshi.register.assign import import_units, read_unit_list
from luoshi.register.demo import DATA, LOGINS
from luoshi.store import Database

from .conftest import Server, Tab, _start, open_tab, shot


@pytest.fixture(scope="module")
def mujun_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("mujun")
    url = f"sqlite:///{home / 'luoshi.sqlite3'}"
    db = Database(url)
    with db.transaction() as s:
        import_units(s, read_unit_list(DATA / "demo-units.csv"), "setup")
        for login in LOGINS:
            create_user(s, login.username, login.password, login.role, "setup", unit=login.unit)
        build_mujun_demo(s, n=300)
    db.dispose()
    yield from _start(["--db", url, "serve"], home, url)


def _log_in(tab: Tab, base: str, username: str, password: str) -> None:
    tab.page.goto(f"{base}/login")
    tab.page.fill("input[name=username]", username)
    tab.page.fill("input[name=password]", password)
    tab.page.click("button[type=submit]")
    tab.page.wait_for_load_state("networkidle")


def test_mujun_journey(browser: Browser, mujun_server: Server, tmp_path: Path) -> None:
    base = mujun_server.base
    bureau = open_tab(browser)
    page = bureau.page
    _log_in(bureau, base, *JINGXIN)
    page.click("nav a:has-text('亩均评价')")
    page.wait_for_selector("#mujun-class-chart svg")
    assert page.locator("#mujun-score-chart svg").count() == 1
    # filter: class D
    page.select_option("select[name=klass]", "D")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    rows = page.locator("#mujun-list tbody tr")
    assert rows.count() > 0
    assert all(t.strip() == "D类" for t in rows.locator("td:nth-child(8)").all_inner_texts())
    shot(bureau, "mujun-list-desktop")
    rows.first.locator("a").click()
    page.wait_for_selector("#mujun-history-chart svg")
    assert page.locator("#mujun-history tbody tr").count() == 2  # 2023 and 2024
    assert "基准值" in page.inner_text("#mujun-explain")
    shot(bureau, "mujun-enterprise-desktop")
    page.goto(f"{base}/mujun")
    with page.expect_download() as info:
        page.click("a:has-text('导出评价结果表')")
    saved = tmp_path / "结果.xlsx"
    info.value.save_as(saved)
    assert load_workbook(saved).sheetnames[0] == "评价结果"

    # next year: upload the six bureau files, review, confirm; the class list shows 2025
    files = write_bureau_files(synthetic_district(80, seed=9, year=2025), tmp_path / "2025", 2025)
    page.click("a:has-text('上传部门数据')")
    page.fill("input[name=year]", "2025")
    page.set_input_files("input[name=files]", [str(p) for p in files.values()])
    page.click("#mujun-upload button[type=submit]")
    page.wait_for_selector("#mujun-review")
    assert "对应出 80 家企业" in page.inner_text("#mujun-review")
    assert page.locator("#mujun-errors").count() == 0
    page.locator("details summary").first.click()  # a group of problems to confirm
    shot(bureau, "mujun-review-desktop")
    page.once("dialog", lambda d: d.accept())
    page.click("button:has-text('已核实，进行评价')")
    page.wait_for_selector("#mujun-class-chart svg")
    assert "已完成2025年度亩均评价：80家企业" in page.inner_text("main")
    assert page.locator("select[name=year] option:checked").inner_text() == "2025"
    assert bureau.errors == []

    office = open_tab(browser, 390, 844)
    _log_in(office, base, "admin", next(x.password for x in LOGINS if x.username == "admin"))
    office.page.goto(f"{base}/mujun")
    assert "导出评价结果表" not in office.page.inner_text("main")
    assert "仅经信局账号可见" in office.page.inner_text("main")
    shot(office, "mujun-list-phone")
    assert office.errors == []

    unit = open_tab(browser)
    _log_in(unit, base, "renshe", next(x.password for x in LOGINS if x.username == "renshe"))
    assert "亩均评价" not in unit.page.inner_text("header")
    for path in ("/mujun", "/mujun/upload", "/mujun/export.xlsx"):
        response = unit.page.goto(f"{base}{path}")
        assert response is not None and response.status == 403
