"""The office's year in a real browser: bulk assignment, a unit's report with evidence sent
back and approved, a leader's 批示 that the unit reads, and a leader reading the reports."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser

from .conftest import Server, log_in, open_tab, shot


def test_assign_report_review_instruct(browser: Browser, demo_server: Server,
                                       tmp_path: Path) -> None:  # fmt: skip
    base = demo_server.base
    office = open_tab(browser)
    page = office.page
    log_in(office, base, "admin")

    # 1. bulk assignment: the two 学位 targets get a lead, a helper, a deadline, a frequency
    page.goto(f"{base}/register?q=学位")
    boxes = page.locator("input[name=ids]")
    count = boxes.count()
    assert count >= 1
    for i in range(count):
        boxes.nth(i).check()
    page.click("details.bulk summary")
    page.fill("#bulk-form input[name=lead]", "区教育局")
    page.fill("#bulk-form input[name=cooperating]", "湖塘镇")
    page.fill("#bulk-form input[name=due]", "2024-11-30")
    page.select_option("#bulk-form select[name=frequency]", label="每季")
    page.click("#bulk-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert f"已设置 {count} 项指标" in page.inner_text("main")

    # 2. a unit reports with a photo as evidence
    photo = tmp_path / "现场照片.png"
    Image.new("RGB", (40, 30), (20, 120, 200)).save(photo)
    unit = open_tab(browser, 390, 844)
    log_in(unit, base, "renshe")
    unit.page.locator("tbody tr a", has_text="城镇新增就业").first.click()
    target_url = unit.page.url.split("?")[0]
    unit.page.fill("input[name=value]", "15200")
    unit.page.set_input_files("input[name=evidence]", str(photo))
    unit.page.click("form.progress-form button[type=submit]")
    unit.page.wait_for_load_state("networkidle")
    assert "待督查室审核" in unit.page.inner_text("main")

    # 3. the office sends it back with a reason; the unit reads why
    page.goto(target_url)
    pending = page.locator("tr.review-pending")
    assert "现场照片.png" in pending.inner_text()
    pending.locator("input[name=note]").fill("请附招聘会签到表")
    pending.locator("button", has_text="退回").click()
    page.wait_for_load_state("networkidle")
    assert "已退回" in page.inner_text("main")
    unit.page.goto(f"{base}/unit")
    assert "请附招聘会签到表" in unit.page.locator("section.returned").inner_text()
    shot(unit, "unit-returned-phone")

    # 4. the unit reports again; the office approves; the figure counts
    unit.page.goto(target_url)
    unit.page.fill("input[name=value]", "15300")
    unit.page.click("form.progress-form button[type=submit]")
    unit.page.wait_for_load_state("networkidle")
    page.goto(target_url)
    page.locator("tr.review-pending").locator("button", has_text="通过").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/register?q=城镇新增就业")
    assert "15,300" in page.locator("tbody tr", has_text="城镇新增就业").inner_text()

    # 5. a leader reads the reports, leaves a 批示; the unit reads it
    leader = open_tab(browser)
    log_in(leader, base, "leader")
    leader.page.goto(f"{base}/reports")
    assert "督查通报" in leader.page.inner_text("main")
    leader.page.goto(target_url)
    leader.page.fill("#instructions textarea[name=text]", "加快推进，确保年底完成。")
    leader.page.click("#instructions button[type=submit]")
    leader.page.wait_for_load_state("networkidle")
    shot(leader, "target-instruction-desktop")
    unit.page.goto(f"{base}/unit")
    assert "确保年底完成" in unit.page.locator("section.instructions").inner_text()
    assert office.errors == [] and unit.errors == [] and leader.errors == []


def test_a_share_lags_the_form_warns_and_the_office_reads_why(browser: Browser,
                                                             demo_server: Server) -> None:  # fmt: skip
    """The office splits a target to two towns; one town's share lags, the form says so before
    submitting and asks for the reason and the measure; the office reads them."""
    base = demo_server.base
    office = open_tab(browser)
    page = office.page
    log_in(office, base, "admin")
    page.goto(f"{base}/register?q=盘活低效用地")
    page.locator("tbody tr a", has_text="盘活低效用地").first.click()
    whole_url = page.url.split("?")[0]
    rows = page.locator("#split .split-row")
    for i in range(rows.count()):
        unit, share = [("湖塘镇", "2,000"), ("礼嘉镇", "2100")][i] if i < 2 else ("", "")
        rows.nth(i).locator("input[name=unit]").fill(unit)
        rows.nth(i).locator("input[name=share]").fill(share)
    page.click("#split button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已分解到2个单位" in page.inner_text("main")

    # the town reports its share at mid-year: 300 of 2000 亩 lags, and the form says so at once
    town = open_tab(browser, 390, 844)
    log_in(town, base, "hutang")
    town.page.locator("tbody tr a", has_text="盘活低效用地（湖塘镇）").click()
    town.page.wait_for_load_state("networkidle")
    share_url = town.page.url.split("?")[0]
    form = town.page.locator("form.progress-form")
    form.locator("input[name=value]").fill("300")
    warning = form.locator("[data-check-message]")
    warning.wait_for(state="visible")
    assert "将判为" in warning.inner_text() and "请填写滞后原因和整改措施" in warning.inner_text()
    assert form.locator("textarea[name=reason]").evaluate("el => el.required")
    assert not form.locator("[data-confirm-lower]").is_visible()  # not lower than before
    shot(town, "share-lag-warning-phone")
    # sent anyway without a reason: refused, in Chinese, and nothing typed is lost
    form.locator("textarea[name=note]").fill("完成收储300亩")
    form.locator("button[type=submit]").click()
    town.page.wait_for_load_state("networkidle")
    assert "未提交。滞后原因" in town.page.inner_text("main")
    town.errors.remove(
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    )  # the refusal is answered 400, as it should be
    form = town.page.locator("form.progress-form")
    assert form.locator("input[name=value]").input_value() == "300"
    assert form.locator("textarea[name=note]").input_value() == "完成收储300亩"
    form.locator("textarea[name=reason]").fill("征迁协议尚未签订")
    form.locator("textarea[name=action]").fill("成立专班，每周调度")
    form.locator("button[type=submit]").click()
    town.page.wait_for_load_state("networkidle")
    assert "待督查室审核" in town.page.inner_text("main")
    share_row = town.page.locator("tbody tr", has_text="盘活低效用地（湖塘镇）")
    assert "待审核" in share_row.inner_text() and "未报送" not in share_row.inner_text()

    # the office reads the reason and the measure on the whole target and approves the share
    page.goto(whole_url)
    pending = page.locator("tr.review-pending", has_text="征迁协议尚未签订")
    assert "成立专班，每周调度" in pending.inner_text() and "湖塘镇" in pending.inner_text()
    pending.locator("button", has_text="通过").click()
    page.wait_for_load_state("networkidle")
    page.goto(whole_url)
    town_share = page.locator("#shares tbody tr", has_text="湖塘镇")
    assert "滞后" in town_share.inner_text() and "300" in town_share.inner_text()
    shot(office, "share-reason-office-desktop")
    page.goto(share_url)
    assert "滞后" in page.locator(".cards").inner_text()
    town.page.goto(f"{base}/unit")
    assert office.errors == [] and town.errors == [], (office.errors, town.errors)
