"""One meaning, one definition: each table below is written once and read everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from luoshi.extract.lexicon import (
    COMPARATOR_SIGNS,
    COMPARATOR_WORDS,
    PREFIX_QUALIFIERS,
    SUFFIX_QUALIFIERS,
)
from luoshi.register.units import parse_comparator, parse_quantity


@pytest.mark.parametrize("word", sorted(COMPARATOR_WORDS))
def test_a_cell_reads_every_comparator_word_the_extractor_knows(word: str) -> None:
    assert parse_comparator(word) == COMPARATOR_WORDS[word]


@pytest.mark.parametrize("word", sorted(COMPARATOR_SIGNS.keys() | PREFIX_QUALIFIERS.keys()))
def test_a_typed_quantity_reads_every_comparator_before_its_number(word: str) -> None:
    q = parse_quantity(f"{word}12亿元")
    assert q is not None and q.comparator == COMPARATOR_WORDS[word]


@pytest.mark.parametrize("word", sorted(SUFFIX_QUALIFIERS))
def test_a_typed_quantity_reads_every_comparator_after_its_number(word: str) -> None:
    q = parse_quantity(f"7.5%{word}")
    assert q is not None and q.comparator == COMPARATOR_WORDS[word]


# Each meaning's definition as it would be written again: a code → label (or word → code) pair
# in a literal. The one module that may hold it, then the pattern.
SRC = Path(__file__).resolve().parent.parent / "src" / "luoshi"
_CODE = r"""['"]?(?:Frequency|Comparator|Measure|Verdict|Light)?\.?"""
DEFINITIONS = {
    "frequency labels": (
        "domain/model.py",
        rf"""{_CODE}(?:monthly|quarterly|annual|MONTHLY|QUARTERLY|ANNUAL)['"]?\s*:\s*['"]每""",
    ),
    "comparator labels": (
        "domain/model.py",
        r"""(?:['"](?:>=|<=|~|=)['"]|Comparator\.\w+)\s*:\s*['"][^'"]*[≥≤≈＝]""",
    ),
    "comparator names": (
        "domain/model.py",
        r"""(?:['"](?:>=|<=|~|=)['"]|Comparator\.\w+)\s*:\s*['"][^'"]*不低于""",
    ),
    "measure labels": (
        "domain/model.py",
        r"""(?:['"](?:level|growth|ratio)['"]|Measure\.\w+)\s*:\s*['"][\u4e00-\u9fff]""",
    ),
    "kind labels": (
        "domain/model.py",
        r"""['"](?:actual|forecast|milestone)['"]\s*:\s*['"][\u4e00-\u9fff]""",
    ),
    "status labels": (
        "domain/model.py",
        r"""(?:['"](?:on_track|seriously_lagging)['"]|Verdict\.\w+)\s*:\s*['"][\u4e00-\u9fff]""",
    ),
    "comparator words": ("extract/lexicon.py", r"""['"](?:以上|以内|左右|控制在)['"]\s*[:,]"""),
    "bigram similarity": ("similarity.py", r"""2 \* len\(\w+ & \w+\)"""),
}


def _sources() -> list[Path]:
    exts = {".py", ".html", ".js", ".toml"}
    return [p for p in SRC.rglob("*") if p.suffix in exts and "vendor" not in p.parts]


@pytest.mark.parametrize("meaning", sorted(DEFINITIONS))
def test_each_table_is_defined_in_one_module(meaning: str) -> None:
    home, pattern = DEFINITIONS[meaning]
    found = {
        p.relative_to(SRC).as_posix()
        for p in _sources()
        if re.search(pattern, p.read_text(encoding="utf-8"))
    }
    assert found == {home}, f"{meaning} defined outside {home}: {sorted(found - {home})}"


LIFECYCLE_LITERAL = re.compile(
    r"""(?:[!=]=\s*|status\s*=\s*)['"](?:draft|active|closed|archived|dropped)['"]"""
    r"""|['"](?:draft|active|closed|archived|dropped)['"]\s*[!=]="""
)


def test_lifecycle_states_are_named_by_their_enums() -> None:
    """A plan's or a target's state is compared as ``PlanState``/``TargetState``, not a string."""
    found = sorted(
        p.relative_to(SRC).as_posix()
        for p in _sources()
        if p.suffix != ".toml" and LIFECYCLE_LITERAL.search(p.read_text(encoding="utf-8"))
    )
    assert found == []
