"""Task tables nobody studied while building the reader (tests/unseen_tasktables.py):
each is read field by field, and ``luoshi import`` files new 镇/街道 as 板块.
Prints per-field figures (pytest -s)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from luoshi.cli import main
from luoshi.register.excel import read_register
from luoshi.store import Database
from luoshi.store.models import Unit
from unseen_tasktables import FIRST, LATER, TABLES, THIRD, Table, score


def _read(table: Table, folder: Path) -> tuple[dict[str, list[int]], list[str]]:
    path = folder / table.file
    table.build(path)
    return score(table, read_register(path, plan_year=table.year))


@pytest.mark.parametrize("table", TABLES, ids=[t.file for t in TABLES])
def test_unseen_table_reads_field_by_field(table: Table, tmp_path: Path) -> None:
    counts, misses = _read(table, tmp_path)
    print(f"\n{table.file}: " + ", ".join(f"{f} {r}/{t}" for f, (r, t) in counts.items()))
    assert misses == list(table.gaps)


@pytest.mark.parametrize("tables", [FIRST, LATER, THIRD], ids=["first", "later", "third"])
def test_unseen_figures(tables: tuple[Table, ...], tmp_path: Path) -> None:
    """Each set together: the figures the report quotes. Each set was written after the
    reader was fixed for the sets before it, and scored before any further change."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for table in tables:
        counts, _ = _read(table, tmp_path)
        for f, (r, t) in counts.items():
            right[f] += r
            total[f] += t
    fields = [f for f in total if f not in ("rows", "clean")]
    print(
        f"\n{len(tables)} unseen tables: rows right in {right['rows']}/{total['rows']}, "
        f"{right['clean']}/{total['clean']} without an unexpected problem; fields "
        f"{sum(right[f] for f in fields)}/{sum(total[f] for f in fields)}: "
        + ", ".join(f"{f} {right[f]}/{total[f]}" for f in fields)
    )
    gaps = sum(len(t.gaps) for t in tables)
    assert sum(right[f] for f in fields) == sum(total[f] for f in fields) - gaps
    assert right["rows"] == total["rows"] and right["clean"] == total["clean"]


@pytest.mark.parametrize("table", [t for t in TABLES if t.kinds], ids=lambda t: t.file)
def test_new_units_are_places_or_departments_by_name(table: Table, db_url: str,
                                                     tmp_path: Path) -> None:  # fmt: skip
    """``luoshi import`` files a new 竹溪镇 / 东城街道办事处 as a 板块, a new 县发改委 as a 条线."""
    path = tmp_path / table.file
    table.build(path)
    year = ["--year", str(table.year)] if table.year else []
    result = CliRunner().invoke(main, ["--db", db_url, "import", str(path), *year])
    assert result.exit_code == 0, result.output
    database = Database(db_url)
    try:
        with database.session() as session:
            kinds = {u.name: u.kind for u in session.scalars(select(Unit))}
    finally:
        database.dispose()
    assert {name: kinds.get(name) for name in table.kinds} == table.kinds
