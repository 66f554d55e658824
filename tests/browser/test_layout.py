"""The main pages measured in a real browser, on an office PC (1366 px) and a phone (390 px).

Measured, not eyeballed: a status cell is one line high on the desktop; nothing is wider
than the phone's screen (no sideways scrolling); the phone's dashboard is about two screens,
not a long scroll; chart text lies inside its chart; error pages keep the navigation.
Every page is saved as a screenshot of both widths under pytest's temporary directory
(printed at the end) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from .conftest import Server, log_in, open_tab

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
# who sees which pages; {target} and {unit} are filled in from the demo
PAGES = {
    "admin": ["/dashboard", "/register", "/targets/{target}", "/units/{unit}", "/reports",
              "/mujun", "/plans", "/plans/import", "/import/table", "/reconcile",
              "/admin/users", "/admin/units", "/admin/reminders", "/no-such-page"],
    "renshe": ["/unit", "/dashboard"],  # the second one is refused: an error page
    "leader": ["/dashboard", "/reports", "/register"],
}  # fmt: skip
PHONE_DASHBOARD_SCREENS = 2.2  # "a screen or two" (it was 4,700 px, six screens)

MEASURE = """() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = (el) => {  // inside a box that scrolls sideways on purpose (a wide table)
    for (let p = el.parentElement; p; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll' || x === 'hidden') return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > vw + 1 || r.left < -1) && !scrolls(el))
      wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)}`);
  }
  const tall = [];
  for (const td of document.querySelectorAll('td[data-label="状态"], td:has(> .light)')) {
    // the light and the words, as laid out: one line high, or they wrapped
    const line = parseFloat(getComputedStyle(td).lineHeight);
    const box = document.createRange(); box.selectNodeContents(td);
    if (box.getBoundingClientRect().height > 1.5 * line) tall.push(td.innerText.trim());
  }
  const cut = [];
  for (const svg of document.querySelectorAll('.chart svg')) {
    const b = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (!r.width || !t.textContent.trim()) continue;
      if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1)
        cut.push(t.textContent);
    }
  }
  return {height: document.documentElement.scrollHeight, scrollWidth: document.documentElement.scrollWidth,
          viewport: vw, wide: wide.slice(0, 5), tall: tall.slice(0, 5), cut: cut.slice(0, 5),
          charts: document.querySelectorAll('.chart svg').length,
          nav: document.querySelectorAll('header nav a').length};
}"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("screens")
    print(f"\nscreenshots: {folder}")
    return folder


def _ids(page: Page, base: str) -> dict[str, str]:
    """A target and a unit of the demo, found as a user would: by following links."""
    page.goto(f"{base}/dashboard")  # a lagging target: a figure, so a chart
    target = page.locator("a[href^='/targets/']").first.get_attribute("href") or ""
    page.goto(f"{base}/admin/units")
    units = page.locator("a[href^='/units/']")
    unit = (units.first.get_attribute("href") or "") if units.count() else "/units/1"
    return {"target": target.split("?")[0].rsplit("/", 1)[-1], "unit": unit.rsplit("/", 1)[-1]}


def _settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    if page.locator(".chart").count():
        page.wait_for_selector(".chart svg text, .chart canvas")  # 亩均 charts draw on canvas
        page.wait_for_timeout(300)  # ECharts' first animation frame


@pytest.mark.parametrize("size", SIZES)
def test_main_pages_measure_up(browser: Browser, demo_server: Server, shots: Path,
                               size: str) -> None:  # fmt: skip
    problems: list[str] = []
    seen: dict[str, dict[str, Any]] = {}
    ids: dict[str, str] = {}
    for who, paths in PAGES.items():
        tab = open_tab(browser, *SIZES[size])
        log_in(tab, demo_server.base, who)
        if who == "admin":  # first: the others' pages need no ids
            ids = _ids(tab.page, demo_server.base)
        for path in paths:
            url = path.format(**ids)
            response = tab.page.goto(f"{demo_server.base}{url}")
            assert response is not None
            _settled(tab.page)
            m = tab.page.evaluate(MEASURE)
            name = f"{who}{path.replace('/', '-').replace('{', '').replace('}', '')}-{size}"
            tab.page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
            seen[f"{who} {url}"] = m
            where = f"{who} {url} ({size})"
            if response.status >= 400 and m["nav"] == 0:
                problems.append(f"{where}: error page {response.status} without navigation")
            if m["scrollWidth"] > m["viewport"] or m["wide"]:
                problems.append(
                    f"{where}: wider than the screen: {m['scrollWidth']} px {m['wide']}"
                )
            if size == "desktop" and m["tall"]:
                problems.append(f"{where}: status on more than one line: {m['tall']}")
            if m["cut"]:
                problems.append(f"{where}: chart text outside its chart: {m['cut']}")
        tab.page.context.close()
    phone_dashboard = seen["admin /dashboard"]
    assert phone_dashboard["charts"] == 1 and seen[f"admin /targets/{ids['target']}"]["charts"]
    if size == "phone":
        bound = PHONE_DASHBOARD_SCREENS * SIZES["phone"][1]
        for who in ("admin", "leader"):
            height = seen[f"{who} /dashboard"]["height"]
            if height > bound:
                problems.append(f"{who}'s phone dashboard is {height} px (bound {bound:.0f})")
    assert problems == [], "\n".join(problems)
