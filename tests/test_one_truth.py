"""One meaning, one definition: each table below is written once and read everywhere."""

from __future__ import annotations

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
