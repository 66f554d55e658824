"""The demo as ``make run`` serves it: reports on time at its as-of date, logins documented,
and the server saying where it is before the demo is built and again once it listens."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from luoshi.cli.serve import demo_logins
from luoshi.register.demo import AS_OF, build_demo, reported_at
from luoshi.reports.bulletin import reporting_lines
from luoshi.reports.config import ReportConfig
from luoshi.reports.facts import gather, office_date
from luoshi.store import Database

README = Path(__file__).resolve().parent.parent / "README.md"


def test_demo_reports_are_on_time_at_the_as_of_date(db: Database) -> None:
    with db.transaction() as s:
        plan = build_demo(s)
    with db.session() as s:
        facts = gather(s, s.merge(plan), AS_OF)
        days = [sub.received for t in facts.targets for sub in t.submissions]
        lines = reporting_lines(facts, ReportConfig().deadline_days)
    assert days and max(days) <= AS_OF  # nothing arrives after the day the demo stands on
    late = {line.unit: line.tally.late for line in lines if line.tally.late}
    assert late == {}, late
    # units that never reported still show as such: the demo is not uniformly perfect
    assert any(line.not_reported for line in lines)


def test_a_report_arrives_after_its_period_but_not_after_as_of() -> None:
    assert office_date(reported_at(AS_OF.replace(month=5, day=31), AS_OF)).isoformat() == (
        "2024-06-02"
    )
    assert office_date(reported_at(AS_OF, AS_OF)) == AS_OF


def test_readme_lists_every_demo_login() -> None:
    readme = README.read_text(encoding="utf-8")
    for login in demo_logins():  # the leader's and the 经信局's (亩均评价) too
        assert f"`{login.username}`" in readme and f"`{login.password}`" in readme, login
        if login.unit:
            assert login.unit in readme, login


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_demo_prints_address_and_logins_before_it_listens(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "LUOSHI_HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "luoshi", "serve", "--demo", "--port", str(port)]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                          text=True) as proc:  # fmt: skip
        _check_announcements(proc, port)


def _check_announcements(proc: subprocess.Popen[str], port: int) -> None:
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        # the address comes before the demo is built: nothing listens yet
        assert f"http://127.0.0.1:{port}/" in first
        with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            pass
        logins = demo_logins()
        lines = [proc.stdout.readline() for _ in range(len(logins) + 2)]
        assert all(any(login.username in line for line in lines) for login in logins)
        deadline = time.monotonic() + 120
        while "已启动" not in (line := proc.stdout.readline()):
            assert line and time.monotonic() < deadline, line
        with socket.create_connection(("127.0.0.1", port), 2):
            pass  # it listens when it says so
    finally:
        proc.terminate()
        proc.wait(10)
