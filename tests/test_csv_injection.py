"""CSV written by luoshi opens in Excel/WPS as text: no field starts a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from luoshi.cli import main
from luoshi.formula import csv_safe, defused
from luoshi.register.plan_import import draft_plan, save_plan
from luoshi.store import Database
from luoshi.store.models import Target

SEED = Path(__file__).resolve().parent.parent / "data" / "seed.txt"
HOSTILE = ('=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "'=1")


@pytest.mark.parametrize("text", HOSTILE)
def test_the_rule(text: str) -> None:
    assert defused(text) == "'" + text
    assert defused("城镇新增就业") == "城镇新增就业" and csv_safe({"n": -2}) == {"n": -2}


def test_status_csv_defuses_target_names(db: Database) -> None:
    with db.transaction() as s:
        save_plan(s, draft_plan(SEED.read_text(encoding="utf-8"), 2024, "seed.txt"), "admin")
        s.scalars(select(Target).limit(1)).one().name = '=HYPERLINK("http://evil","点击")'
    r = CliRunner().invoke(main, ["--db", db.url, "status", "--format", "csv",
                                  "--as-of", "2024-06-30"])  # fmt: skip
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert rows and all(
        not v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values() if v
    )
    assert any(v == '\'=HYPERLINK("http://evil","点击")' for row in rows for v in row.values())


def test_extract_csv_defuses_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("=cmd.txt").write_text("2024年城镇新增就业2.6万人。\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["extract", "--format", "csv", "--year", "2024", "=cmd.txt"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert rows and rows[0]["doc"] == "'=cmd.txt"
