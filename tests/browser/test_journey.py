"""The whole journey in a real browser: the office imports the seed, reviews and confirms
its targets, activates the plan, assigns units; a unit reports; the office approves the
report, sees the lagging list change and exports the register."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Browser

from .conftest import REPO, Server, log_in, open_tab, shot

SEED = REPO / "data" / "seed.txt"
TABLES = REPO / "data" / "corpus" / "tasktables"


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
    # 18 numbers, 3 milestones and the 37 qualitative tasks, each with a lead unit suggested
    assert page.locator("tr.review-row").count() == 58
    shot(admin, "import-review-desktop")
    # reject one proposal, correct one value, then confirm
    first = page.locator("tr.review-row").first
    first.locator("input.keep").uncheck()
    jobs = page.locator("tr.review-row", has=page.locator("input.name[value='城镇新增就业']"))
    jobs.locator("input.value").fill("27000")
    assert jobs.locator("select.lead option:checked").inner_text() == "区人社局（建议）"
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
    # what the office confirmed 区人社局 to lead, and nothing of another unit's
    mine = unit.page.locator("main").inner_text()
    assert "城镇新增就业" in mine and "创业带动就业" in mine and "新增学位" not in mine
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
    # … and cannot open another unit's target (新增学位, led by 区教育局)
    page.goto(f"{base}/register?q=新增学位")
    other = page.locator("tbody tr a", has_text="新增学位").first.get_attribute("href") or ""
    response = unit.page.goto(f"{base}{other.split('?')[0]}")
    assert response is not None and response.status == 403
    unit.errors.remove(
        "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    )

    # 4. the report waits for the office: it counts once approved
    page.goto(f"{base}/dashboard")
    assert page.locator("h2", has_text="滞后指标").inner_text() == lagging_before
    page.goto(target_url)
    page.locator("tr.review-pending").locator("button", has_text="通过").click()
    page.wait_for_load_state("networkidle")
    assert "已通过" in page.locator("tr.review-approved").first.inner_text()

    # 5. the office sees the lagging list change, then exports the register
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


def test_office_imports_its_own_task_table(browser: Browser, empty_server: Server) -> None:
    """The office uploads the task table it keeps in Word, checks the column roles, confirms."""
    base = empty_server.base
    admin = open_tab(browser)
    page = admin.page
    log_in(admin, base, "admin")
    page.click("nav a:has-text('导入任务表')")
    page.set_input_files("input[name=file]", str(TABLES / "xianan_2023_zhongdian.docx"))
    page.click("button[type=submit]:has-text('读取并预览')")
    page.wait_for_selector("table.preview")
    roles = [page.locator(f"select[name=role-0-{c}]").input_value() for c in range(5)]
    assert roles == ["seq", "name", "lead_official", "lead_unit", "coop_units"]
    assert page.locator("input[name=year]").input_value() == "2023"
    shot(admin, "tasktable-preview-desktop")
    # keep 责任单位 as written for a moment, preview again, then set it back
    page.select_option("select[name=role-0-4]", "other")
    page.click("button:has-text('按所选用途重新预览')")
    page.wait_for_selector("table.preview")
    assert page.locator("select[name=role-0-4]").input_value() == "other"
    page.select_option("select[name=role-0-4]", "coop_units")
    page.click("button:has-text('确认导入')")
    page.wait_for_selector("section.created")
    summary = page.locator("section.created").inner_text()
    assert "新建 12 项" in summary and "新建单位" in summary
    page.click("a:has-text('查看任务分解表')")
    page.wait_for_load_state("networkidle")
    assert "地区生产总值增长8%以上" in page.locator("main").inner_text()
    assert admin.errors == []
