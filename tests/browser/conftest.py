"""A real server on a free port and Debian's Chromium driven by Playwright.

The server runs ``luoshi serve`` in its own process (as a user would start
it); its log is printed when a test fails. Screenshots go to
``artifacts/screenshots/`` (kept by CI as test artifacts, not committed).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from luoshi.accounts import create_user
from luoshi.register.assign import import_units, read_unit_list
from luoshi.register.demo import DATA, LOGINS
from luoshi.store import Database

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"]  # fmt: skip


@dataclass
class Server:
    base: str
    log: Path
    db_url: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(args: list[str], home: Path, db_url: str) -> Iterator[Server]:
    port = _free_port()
    log = home / "server.log"
    env = {**os.environ, "LUOSHI_HOME": str(home), "LUOSHI_SECRET_KEY": "browser-tests"}
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "luoshi", *args, "--port", str(port),
                                 "--as-of", "2024-06-30"],
                                stdout=out, stderr=subprocess.STDOUT, env=env)  # fmt: skip
        try:
            _wait_until_up(proc, f"http://127.0.0.1:{port}", log)
            yield Server(f"http://127.0.0.1:{port}", log, db_url)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_until_up(proc: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 300  # a shared 2-core machine at load 20 takes ~2 min to start
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"server did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Units and users, no plan yet: the office starts from its plan document."""
    home = tmp_path_factory.mktemp("journey")
    url = f"sqlite:///{home / 'luoshi.sqlite3'}"
    db = Database(url)
    with db.transaction() as s:
        import_units(s, read_unit_list(DATA / "demo-units.csv"), "setup")
        for login in LOGINS:
            create_user(s, login.username, login.password, login.role, "setup", unit=login.unit)
    db.dispose()
    yield from _start(["--db", url, "serve"], home, url)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """What ``make run`` serves: the seed's plan with half a year of progress."""
    home = tmp_path_factory.mktemp("demo")
    yield from _start(["serve", "--demo"], home, f"sqlite:///{home / 'demo.sqlite3'}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("Chromium is not installed: run `make test` (scripts/install-browser.sh)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@dataclass
class Tab:
    page: Page
    errors: list[str]


def open_tab(browser: Browser, width: int = 1366, height: int = 900) -> Tab:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  accept_downloads=True)  # fmt: skip
    page = context.new_page()
    errors: list[str] = []
    # a CSP violation or a script error shows up here: the pages must have none
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return Tab(page, errors)


def log_in(tab: Tab, base: str, username: str) -> None:
    password = next(x.password for x in LOGINS if x.username == username)
    tab.page.goto(f"{base}/login")
    tab.page.fill("input[name=username]", username)
    tab.page.fill("input[name=password]", password)
    tab.page.click("button[type=submit]")
    tab.page.wait_for_load_state("networkidle")


def shot(tab: Tab, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    tab.page.screenshot(path=str(path), full_page=True)
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """On failure, show the server's log: the browser only sees the result."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when == "call":
        for name in ("empty_server", "demo_server"):
            server = item.funcargs.get(name) if hasattr(item, "funcargs") else None
            if isinstance(server, Server) and server.log.exists():
                report.sections.append(
                    (f"{name} log", server.log.read_text(errors="replace")[-5000:])
                )
