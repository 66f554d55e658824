"""Chinese numerals parse back to the numbers they were written from."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.extract.numerals import NumeralError, parse_chinese_integer, parse_number, to_chinese

DIGITS = "零一二三四五六七八九"


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_integers_round_trip(n: int) -> None:
    assert parse_chinese_integer(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=1, max_value=10**4))
def test_decimals_round_trip(whole: int, frac: int) -> None:
    frac_digits = str(frac).rstrip("0") or "0"
    written = to_chinese(whole) + "点" + "".join(DIGITS[int(d)] for d in frac_digits)
    assert parse_number(written) == pytest.approx(float(f"{whole}.{frac_digits}"))


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False))
def test_arabic_with_separators(d: object) -> None:
    text = f"{d:,}"
    assert parse_number(text) == pytest.approx(float(str(d)))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10), ("十二", 12), ("二十", 20), ("两千", 2000), ("一千二百万", 12_000_000),
        ("三千零五十", 3050), ("一万零五", 10005), ("两亿三千万", 230_000_000),
        ("三万亿", 3e12), ("千亿", 1e11), ("一〇二", 102), ("三点五", 3.5),
        ("1,234.5", 1234.5), ("1.2万亿", 1.2e12), ("2.9万", 29000), ("3千", 3000),
    ],
)  # fmt: skip
def test_examples(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "一二", "三四", "abc", "1.2.3", "十五点五十"])
def test_not_numerals(text: str) -> None:
    with pytest.raises(NumeralError):
        parse_number(text)
