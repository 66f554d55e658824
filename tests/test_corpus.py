"""The quality floors of issue 2, measured by the shared scorer on seed + dev.

The scorer runs the real command line (``python -m luoshi extract --format jsonl``)
once per document, exactly as ``make score`` does.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

FLOORS = {
    "f1": 0.92,
    "value_unit": 0.97,
    "comparator": 0.95,
    "measure": 0.90,
    "kind": 0.90,
    "year": 0.90,
    "indicator": 0.75,
    "strict_f1": 0.70,
}


@pytest.fixture(scope="module")
def summary(
    shared: Path, corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, object]:
    scored = tmp_path_factory.mktemp("corpus")
    for sub in ("seed", "dev"):
        for txt in sorted((corpus / sub).glob("*.txt")):
            gold = txt.with_suffix(".gold.jsonl")
            if gold.exists():
                (scored / txt.name).symlink_to(txt)
                (scored / gold.name).symlink_to(gold)
    cmd = f"{shlex.quote(sys.executable)} -m luoshi extract --format jsonl {{}}"
    run = subprocess.run(
        [sys.executable, str(shared / "tools" / "score_indicators.py"), str(scored),
         "--cmd", cmd, "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result: dict[str, object] = json.loads(run.stdout.splitlines()[-2])
    print(run.stdout.splitlines()[-1])
    return result


@pytest.mark.parametrize("field", FLOORS)
def test_floor(summary: dict[str, object], field: str) -> None:
    acc = summary["field_accuracy"]
    assert isinstance(acc, dict)
    got = summary[field] if field in summary else acc[field]
    assert isinstance(got, float | int)
    assert got >= FLOORS[field], f"{field} {got} < floor {FLOORS[field]}"


def test_every_document_scored(summary: dict[str, object]) -> None:
    assert isinstance(summary["docs"], int) and summary["docs"] >= 11
