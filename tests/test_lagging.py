"""One meaning of "lagging": the CLI, the register page, the API and the bulletin agree.

The classification lives in ``luoshi.domain`` (LAGGING, MET, PENDING); every surface
reads it. Here each surface is asked the same question on the demo at 2024-06-30.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from luoshi.cli import main
from luoshi.domain import LAGGING, MET, PENDING, Verdict
from luoshi.register.demo import AS_OF
from luoshi.register.verdicts import find_plan
from luoshi.reports import load_config
from luoshi.reports.bulletin import compute_bulletin
from luoshi.reports.facts import gather
from web_fixtures import DemoApp, demo_app, login


def test_every_status_is_classified_once() -> None:
    classes = [*LAGGING, *MET, *PENDING]
    assert sorted(classes) == sorted(Verdict) and len(set(classes)) == len(classes)
    assert Verdict.NOT_REPORTED in PENDING  # missing, chased on its own: not lagging
    assert [s for s in Verdict if s.lagging] == [s for s in Verdict if s in LAGGING]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoApp]:
    d = demo_app(f"sqlite:///{tmp_path_factory.mktemp('lagging') / 'demo.sqlite3'}")
    yield d
    d.db.dispose()


def _cli(demo: DemoApp) -> set[int]:
    url = demo.db.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["--db", url, "status", "--as-of", AS_OF.isoformat(),
                                       "--lagging", "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return {r["target_id"] for r in json.loads(result.output)}


def _api(demo: DemoApp) -> set[int]:
    r = demo.client().get("/api/status", params={"lagging": "true", "as_of": AS_OF.isoformat()},
                          headers=demo.auth("admin"))  # fmt: skip
    assert r.status_code == 200, r.text
    return {row["target_id"] for row in r.json()["rows"]}


def _web(demo: DemoApp) -> set[int]:
    client = demo.client()
    login(client, "admin")
    html = client.get("/register", params={"status": "lagging"}).text
    return {int(n) for n in re.findall(r'href="/targets/(\d+)[?"]', html)}


def _bulletin(demo: DemoApp) -> set[int]:
    with demo.db.transaction() as s:
        b = compute_bulletin(gather(s, find_plan(s, AS_OF.year), AS_OF), load_config())
    return {line.row.target_id for line in b.lagging}


def test_cli_web_api_and_bulletin_list_the_same_lagging_targets(demo: DemoApp) -> None:
    cli = _cli(demo)
    assert cli, "the demo has lagging targets at mid-year"
    assert _api(demo) == cli
    assert _web(demo) == cli
    assert _bulletin(demo) == cli
