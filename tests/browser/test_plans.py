"""A second plan imported as a draft while units keep reporting on the plan of record;
the office switches between them, then activates the new one."""

from __future__ import annotations

from playwright.sync_api import Browser

from .conftest import Server, log_in, open_tab, shot

REVISED = ("2024年区政府工作目标调整稿\n"
           "一、城市建设\n全年新增城市公园12个,新建口袋绿地35处。\n"
           "二、民生保障\n城镇新增就业28000人,完成老旧小区改造40个。\n")  # fmt: skip
NAME = "2024年度重点工作目标（调整稿）"


def test_a_draft_beside_the_plan_of_record(browser: Browser, demo_server: Server) -> None:
    base = demo_server.base
    office = open_tab(browser)
    page = office.page
    log_in(office, base, "admin")

    # 1. the office imports a revised plan: it is a draft, shown to the office only
    page.goto(f"{base}/plans/import")
    page.fill("textarea[name=text]", REVISED)
    page.fill("input[name=year]", "2024")
    page.fill("input[name=name]", NAME)
    page.click("button[type=submit]:has-text('读取并核对')")
    page.wait_for_selector("tr.review-row")
    page.click("#review-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "created=" in page.url
    page.goto(f"{base}/dashboard")
    assert NAME not in page.locator("h1").inner_text()  # still the plan of record
    with page.expect_navigation():  # picking a plan reloads the page on it
        page.select_option("form.plan-switch select", label=f"2024年 · {NAME}（草稿）")
    assert NAME in page.locator("h1").inner_text() and "plan=" in page.url
    page.goto(f"{base}/register")  # the choice follows the office from page to page
    assert "城市公园" in page.inner_text("main")
    shot(office, "register-draft-desktop")

    # 2. a unit keeps reporting on the plan of record and never sees the draft
    unit = open_tab(browser, 390, 844)
    log_in(unit, base, "renshe")
    assert "本单位暂无指标" not in unit.page.inner_text("main")
    assert NAME not in unit.page.content()
    unit.page.locator("tbody tr a", has_text="城镇新增就业").first.click()
    unit.page.fill("input[name=value]", "16000")
    unit.page.click("form.progress-form button[type=submit]")
    unit.page.wait_for_load_state("networkidle")
    assert "已提交" in unit.page.inner_text("main")
    shot(unit, "unit-beside-draft-phone")

    # 3. a leader reads the plan of record and its reports
    leader = open_tab(browser)
    log_in(leader, base, "leader")
    assert NAME not in leader.page.content()
    leader.page.goto(f"{base}/reports")
    assert "督查通报" in leader.page.inner_text("main")

    # 4. the office activates the draft: the old plan is archived, everyone moves over
    page.goto(f"{base}/plans")
    page.locator("tr", has_text=NAME).locator("a", has_text="启用").click()
    assert "将归档" in page.inner_text("main")
    page.click("button:has-text('确认启用')")
    page.wait_for_load_state("networkidle")
    assert "2024年度重点工作目标" in page.locator("tr.plan-closed").inner_text()
    leader.page.goto(f"{base}/dashboard")
    assert NAME in leader.page.locator("h1").inner_text()
    assert office.errors == [] and unit.errors == [] and leader.errors == []


NEXT_YEAR = ("2025年区政府重点工作安排\n"
             "以民生为本,推动社会事业更加均衡。健全公共就业服务体系,城镇新增就业2.8万人,"
             "新增学位6000个;年底前完成区人民医院扩建工程,推进耕地保护和土地整治。\n")  # fmt: skip


def test_lead_units_are_suggested_and_confirmed(browser: Browser, demo_server: Server) -> None:
    """The clerk drops a task, takes one suggestion, changes another, and reads the result."""
    base = demo_server.base
    office = open_tab(browser)
    page = office.page
    log_in(office, base, "admin")
    page.goto(f"{base}/plans/import")
    page.fill("textarea[name=text]", NEXT_YEAR)
    page.fill("input[name=year]", "2025")
    page.click("button[type=submit]:has-text('读取并核对')")
    page.wait_for_selector("tr.review-row")

    def row(name: str):  # type: ignore[no-untyped-def]
        return page.locator("tr.review-row", has=page.locator(f"input.name[value='{name}']"))

    # every row is accepted; the qualitative tasks are there with the numbers
    assert page.locator("tr.review-row").count() == 5
    assert page.locator("tr.review-row input.keep:checked").count() == 5
    # a suggestion is preselected and says it is one, with its reason
    jobs = row("城镇新增就业")
    assert jobs.locator("select.lead option:checked").inner_text() == "区人社局（建议）"
    assert "往年同类任务由区人社局牵头" in jobs.locator(".suggest").inner_text()
    shot(office, "plan-review-leads-desktop")

    # drop one task, keep one suggestion, change another
    row("推进耕地保护和土地整治").locator("input.keep").uncheck()
    assert page.locator("#kept-count").inner_text() == "4"
    hospital = row("区人民医院扩建工程")
    assert "涉及医院" in hospital.locator(".suggest").inner_text()
    hospital.locator("select.lead").select_option(label="区住建局")
    assert "overridden" in (hospital.locator(".suggest").get_attribute("class") or "")
    page.click("#review-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "created=" in page.url and "其中 4 项已指定牵头单位" in page.inner_text("main")
    plan_id = page.url.rsplit("created=", 1)[1]

    # the register of the new plan shows what the clerk confirmed, and nothing dropped
    page.goto(f"{base}/register?plan={plan_id}")
    main = page.locator("main")
    assert "推进耕地保护和土地整治" not in main.inner_text()
    for name, lead in (("城镇新增就业", "区人社局"), ("区人民医院扩建工程", "区住建局"),
                       ("新增学位", "区教育局"), ("健全公共就业服务体系", "区人社局")):  # fmt: skip
        line = main.locator("tbody tr", has_text=name)
        assert line.locator("td[data-label=牵头单位]").inner_text() == lead, name
    assert office.errors == []
