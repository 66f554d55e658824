"""The real task tables in data/corpus/tasktables: each imports into a fresh database
with one command, and ``luoshi export --format json -`` gives back every field of its
expected.json. Prints per-field figures (pytest -s)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from luoshi.cli import main
from luoshi.register.excel import read_register
from luoshi.register.units import display_unit, from_canonical

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus" / "tasktables"
TABLES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".xlsx", ".xls", ".docx"))
# The corpus names roles in its own words; these are luoshi's field names for them.
GOLD_ROLE = {"task": "name", "target_value": "value", "units": "responsible",
             "leader": "lead_official", "deadline": "due"}  # fmt: skip
# SOURCES.md: a space or line break between two CJK characters is a wrap artefact.
_CJK = "\u3400-\u9fff，。、；：“”（）"
_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SUBTOTAL = re.compile(r"\s*\(\d+分\)$")  # 职能目标\n(340分): the group's subtotal, not its name
FIELDS = ("rows", "roles", "seq", "area", "name", "value", "lead_units", "coop_units",
          "leader", "due", "due_text", "weight", "note", "other")  # fmt: skip


def _clean(s: str) -> str:
    return _GAP.sub("", s).strip()


def _shown(item: dict[str, Any]) -> str:
    """A target as a clerk would write it back (9亿元), or its words."""
    if item["value"] is None:
        return str(item["target_text"])
    unit, factor = display_unit(item["value"], item["unit"])
    number = from_canonical(item["value"], factor)
    return f"{int(number) if float(number).is_integer() else number}{unit}"


def score(table: Path, exported: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """(right, total) per field of one table's export against its expected.json."""
    gold = json.loads(table.with_suffix(".expected.json").read_text(encoding="utf-8"))
    roles = {c["key"]: c["field"] for c in gold["columns"]}
    by_role = {GOLD_ROLE.get(f, f): k for k, f in roles.items() if f != "other"}
    others = [k for k, f in roles.items() if f == "other"]
    counts: dict[str, list[int]] = {f: [0, 0] for f in FIELDS}

    def check(field: str, ok: bool) -> None:
        counts[field][0] += ok
        counts[field][1] += 1

    check("rows", len(exported) == len(gold["all_rows"]))
    layout = read_register(table).tables
    detected = dict(zip(layout[0].headers, layout[0].roles, strict=True)) if layout else {}
    for key, role in roles.items():
        check("roles", detected.get(key) == GOLD_ROLE.get(role, role))
    for i, want in enumerate(gold["all_rows"]):
        got = exported[i] if i < len(exported) else None
        units = gold["unit_lists"][i]
        deadline = gold["deadlines"][i]

        def cell(role: str, row: dict[str, str] = want) -> str:
            return row.get(by_role[role], "") if role in by_role else ""

        if got is None:
            for f in FIELDS[2:]:
                check(f, False)
            continue
        if "seq" in by_role:
            check("seq", str(got["seq"]) == cell("seq"))
        area = want.get("area") or _SUBTOTAL.sub("", cell("area"))
        check("area", got["area"] == _clean(area))
        check("name", got["name"] == _clean(cell("name")))
        if "value" in by_role:
            check("value", _shown(got) == cell("value"))
        check("lead_units", got["lead_units"] == units["lead"])
        check("coop_units", got["coop_units"] == units["coop"])
        leaders = [n for n in re.split("、", got["leader"]) if n]
        check("leader", leaders == units.get("leaders", []))
        check("due", got["due"] == deadline["iso"])
        check("due_text", got["due_text"] == (deadline["as_written"] or ""))
        if "weight" in by_role:
            check("weight", got["weight"] == float(cell("weight")))
        check("note", got["note"] == _clean(cell("note")))
        for key in others:
            check("other", got["extra"].get(key, "") == _clean(want.get(key, "")))
    return {f: (r, t) for f, (r, t) in counts.items() if t}


def import_and_export(table: Path, db_url: str) -> list[dict[str, Any]]:
    runner = CliRunner()
    gold = json.loads(table.with_suffix(".expected.json").read_text(encoding="utf-8"))
    # A table whose year is nowhere in it asks for one; the corpus says 2016-2017.
    year = [] if re.search(r"20\d\d", gold["title"] or "") else ["--year", "2017"]
    result = runner.invoke(main, ["--db", db_url, "import", str(table), *year])
    assert result.exit_code == 0, result.output + result.stderr
    out = runner.invoke(main, ["--db", db_url, "export", "--format", "json", "-"])
    assert out.exit_code == 0, out.output
    return list(json.loads(out.stdout))


@pytest.mark.parametrize("table", TABLES, ids=[t.stem for t in TABLES])
def test_table_comes_back_field_by_field(table: Path, tmp_path: Path) -> None:
    exported = import_and_export(table, f"sqlite:///{tmp_path / 'fresh.db'}")
    figures = score(table, exported)
    print(f"\n{table.name}: " + ", ".join(f"{f} {r}/{t}" for f, (r, t) in figures.items()))
    assert {f: r for f, (r, _) in figures.items()} == {f: t for f, (_, t) in figures.items()}


def test_corpus_figures(tmp_path: Path) -> None:
    """All tables together: the figures the report quotes."""
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for i, table in enumerate(TABLES):
        for f, (r, t) in score(
            table, import_and_export(table, f"sqlite:///{tmp_path}/{i}.db")
        ).items():
            right[f] += r
            total[f] += t
    print("\nper field, all tables: " + ", ".join(f"{f} {right[f]}/{total[f]}" for f in total))
    assert right == total


def _same(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in item.items() if k not in ("id", "plan")} for item in items]


@pytest.mark.parametrize("table", TABLES, ids=[t.stem for t in TABLES])
def test_export_import_round_trip(table: Path, tmp_path: Path) -> None:
    """Export → import into the same database changes nothing; into a fresh one, the same register."""
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'a.db'}"
    first = import_and_export(table, db)
    out = tmp_path / "register.xlsx"
    assert runner.invoke(main, ["--db", db, "export", str(out)]).exit_code == 0
    again = runner.invoke(main, ["--db", db, "import", str(out)])
    assert again.exit_code == 0, again.output + again.stderr
    assert f"新建 0 项，更新 0 项，未变 {len(first)} 项" in again.output
    fresh = f"sqlite:///{tmp_path / 'b.db'}"
    result = runner.invoke(main, ["--db", fresh, "import", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    back = runner.invoke(main, ["--db", fresh, "export", "--format", "json", "-"])
    assert _same(json.loads(back.stdout)) == _same(first)
