"""The whole journey in a real browser: the office imports the seed, reviews and confirms
its targets, activates the plan, assigns units; a unit reports; the office sees the lagging
list change and exports the register."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Browser

from .conftest import REPO, Server, log_in, open_tab, shot

SEED = REPO / "data" / "seed.txt"


def test_office_and_unit_journey(browser: Browser, empty_server: Server, tmp_path: Path) -> None:
    base = empty_server.base
    admin = open_tab(browser)
    page = admin.page
    log_in(admin, base, "admin")

    # 1. import the seed: upload → review page with every mention highlighted
    page.goto(f"{base}/plans/import")
    page.set_input_files("input[name=file]", str(SEED))
    page.fill("input[name=year]", "2024")
    page.click("button[type=submit]:has-text('读取并核对')")
    page.wait_for_selector("#doc mark")
    assert page.locator("#doc mark.target").count() == 18
    assert page.locator("tr.review-row").count() == 21
    shot(admin, "import-review-desktop")
    # reject one proposal, correct one value, then confirm
    first = page.locator("tr.review-row").first
    first.locator("input.keep").uncheck()
    jobs = page.locator("tr.review-row", has=page.locator("input.name[value='城镇新增就业']"))
    jobs.locator("input.value").fill("27000")
    page.click("#review-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "created=" in page.url
    # the confirmed plan is a draft: the office makes it the plan of record
    page.goto(f"{base}/plans")
    page.locator("tr", has_text="草稿").locator("a", has_text="启用").click()
    page.click("button:has-text('确认启用')")
    page.wait_for_load_state("networkidle")
    assert "已启用" in page.inner_text("main")

    # 2. assign units from the register (the first listed leads)
    page.goto(f"{base}/register?q=城镇新增就业")
    row = page.locator("tbody tr", has_text="城镇新增就业")
    assert "27,000人" in row.inner_text()
    row.locator("summary").click()
    row.locator("input[name=units]").fill("区人社局、湖塘镇")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/dashboard")
    lagging_before = page.locator("h2", has_text="滞后指标").inner_text()

    # 3. the unit logs in, sees only its own target, and reports it well behind the calendar
    unit = open_tab(browser, 390, 844)
    log_in(unit, base, "renshe")
    assert unit.page.url.endswith("/unit")
    rows = unit.page.locator("tbody tr")
    assert rows.count() == 1 and "城镇新增就业" in rows.inner_text()
    rows.locator("a", has_text="城镇新增就业").click()
    target_url = unit.page.url.split("?")[0]
    unit.page.fill("input[name=value]", "6000")
    unit.page.fill("textarea[name=note]", "上半年举办招聘会12场")
    unit.page.fill("textarea[name=reason]", "重点企业招工计划推迟")
    unit.page.fill("textarea[name=action]", "7月举办专场招聘会")
    unit.page.click("form.progress-form button[type=submit]")
    unit.page.wait_for_load_state("networkidle")
    assert "已提交" in unit.page.inner_text("main")
    shot(unit, "unit-after-report-phone")
    # … and cannot open another unit's target
    other = int(target_url.rsplit("/", 1)[1]) + 1
    response = unit.page.goto(f"{base}/targets/{other}")
    assert response is not None and response.status == 403
    unit.errors.remove(
        "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    )

    # 4. the office sees the lagging list change, then exports the register
    page.goto(f"{base}/dashboard")
    lagging_after = page.locator("h2", has_text="滞后指标").inner_text()
    assert lagging_after != lagging_before
    assert "城镇新增就业" in page.locator("section", has_text="滞后指标").inner_text()
    shot(admin, "dashboard-after-report-desktop")
    page.goto(f"{base}/register")
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    path = tmp_path / "register.xlsx"
    download.value.save_as(path)
    ws = load_workbook(path).active
    assert ws is not None
    values = [[c.value for c in r] for r in ws.iter_rows()]
    jobs_row = next(r for r in values if r[2] == "城镇新增就业")
    assert "区人社局" in jobs_row and "严重滞后" in jobs_row
    assert admin.errors == [] and unit.errors == []
