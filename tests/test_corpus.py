"""The quality floors of issue 2 on the annotated corpora, scored in-process by
``luoshi.corpus`` (the figures of ``luoshi eval``; the extractor sees only the text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.corpus import Summary, evaluate

# the folders of data/corpus held to the floors; add one here to hold it too
FOLDERS = ("seed", "dev", "dev2")
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
def summary(corpus: Path) -> dict[str, object]:
    result: Summary = evaluate(corpus / f for f in FOLDERS)
    print(result.to_dict())
    return result.to_dict()


@pytest.mark.parametrize("field", FLOORS)
def test_floor(summary: dict[str, object], field: str) -> None:
    acc = summary["field_accuracy"]
    assert isinstance(acc, dict)
    got = summary[field] if field in summary else acc[field]
    assert isinstance(got, float | int)
    assert got >= FLOORS[field], f"{field} {got} < floor {FLOORS[field]}"


def test_every_document_scored(summary: dict[str, object], corpus: Path) -> None:
    expected = sum(len(list((corpus / f).glob("*.gold.jsonl"))) for f in FOLDERS)
    assert summary["docs"] == expected >= 19
