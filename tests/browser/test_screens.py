"""The main pages in a real browser, on a desktop and a 390-px phone: rendered, no errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from .conftest import Server, log_in, open_tab, shot

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.mark.parametrize("size", SIZES)
def test_office_pages(browser: Browser, demo_server: Server, size: str) -> None:
    tab = open_tab(browser, *SIZES[size])
    page = tab.page
    page.goto(f"{demo_server.base}/login")
    shot(tab, f"login-{size}")
    log_in(tab, demo_server.base, "admin")
    assert page.url.endswith("/dashboard")
    page.wait_for_selector("#area-chart svg")  # ECharts drew, served by the app itself
    assert page.locator(".card .n").first.inner_text().strip() == "21"
    shot(tab, f"dashboard-{size}")
    page.goto(f"{demo_server.base}/register")
    assert page.locator("tbody tr").count() == 21
    shot(tab, f"register-{size}")
    page.click("text=城镇新增就业")
    page.wait_for_selector("#progress-chart svg")
    assert page.locator("mark.source").inner_text() == "2.6万人"
    shot(tab, f"target-{size}")
    assert tab.errors == []


@pytest.mark.parametrize("size", SIZES)
def test_unit_page(browser: Browser, demo_server: Server, size: str) -> None:
    tab = open_tab(browser, *SIZES[size])
    log_in(tab, demo_server.base, "renshe")
    assert tab.page.url.endswith("/unit")
    assert "区人社局" in tab.page.inner_text("h1")
    shot(tab, f"unit-{size}")
    assert tab.errors == []
