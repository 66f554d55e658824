"""A quantity typed into a cell (``register.units``) reads multipliers and traditional
characters with the extractor's own tables (``extract.lexicon``, ``extract.naming``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from luoshi.extract.lexicon import MULTIPLIER_WORDS
from luoshi.register.units import MULTIPLIERS, parse_quantity, parse_unit


@pytest.mark.parametrize(
    ("text", "base", "factor"),
    [
        ("十亿元", "元", 10**9),
        ("百亿美元", "美元", 10**10),
        ("千亿元", "元", 10**11),
        ("万亿元", "元", 10**12),
        ("千瓦", "千瓦", 1),  # a unit that starts with 千, not 10³ 瓦
        ("萬圓", "元", 10**4),  # traditional, and 圓 the old spelling of the currency
        ("億元", "元", 10**8),
    ],
)
def test_units_with_multipliers(text: str, base: str, factor: int) -> None:
    spec = parse_unit(text)
    assert spec is not None and (spec.base, spec.factor) == (base, factor)


def test_every_multiplier_of_the_extractor_is_read() -> None:
    assert set(MULTIPLIERS) == set(MULTIPLIER_WORDS)
    assert list(MULTIPLIERS) == sorted(MULTIPLIERS, key=len, reverse=True)  # longest first


def test_a_traditional_cell() -> None:
    q = parse_quantity("≥1.5萬輛")
    assert q is not None and q.number == Decimal("1.5") and q.comparator == ">="
    assert q.unit is not None and (q.unit.base, q.unit.factor) == ("辆", 10**4)
