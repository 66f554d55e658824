"""One number formatter (``luoshi.figures``) for pages, documents and the command line."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.figures import number, percent, points, quantity


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1.5e10, "元", "150亿元"),
        (1.5e9, "元", "15亿元"),
        (38_000_000, "元", "3,800万元"),
        (12_345.678, "元", "1.23万元"),
        (860, "元", "860元"),
        (26_000, "人", "2.6万人"),
        (36_600, "人", "36,600人"),  # not whole thousands: a reported figure, in full
        (10_000, "家", "1万家"),
        (102_000, "个", "102,000个"),
        (27_351, "人", "27,351人"),
        (7_000, "人", "7,000人"),
        (1.2e8, "人次", "1.2亿人次"),
        (6.5, "%", "6.5%"),
        (-3, "%", "-3%"),
        (2.675, "倍", "2.68倍"),
        (250_000, "%", "250,000%"),  # a rate is never scaled by 万
        (0.0, "个", "0个"),
    ],
)
def test_figures_read_as_people_write_them(value: float, unit: str, shown: str) -> None:
    assert quantity(value, unit) == shown


def test_comparator_and_blank() -> None:
    assert quantity(2.2e9, "元", ">=") == "≥22亿元"
    assert quantity(45, "微克/立方米", "<=") == "≤45微克/立方米"
    assert quantity(None, "元") == ""
    assert quantity(None, "元", blank="—") == "—"


def test_shares_and_points_keep_one_decimal() -> None:
    assert [percent(x) for x in (0.308, 0.5, 1.0, 0.12345)] == ["30.8%", "50.0%", "100.0%", "12.3%"]
    assert percent(0.5, 0) == "50%"
    assert percent(None) == "" and percent(None, blank="—") == "—"
    assert percent(-0.00001) == "0.0%"  # never -0.0%
    assert [points(x) for x in (3.14, -19.25, 0.0, -0.01)] == ["+3.1", "-19.3", "+0.0", "+0.0"]


def test_numbers_group_thousands() -> None:
    assert number(3220) == "3,220" and number(860) == "860"
    assert number(12345) == "12,345"
    assert number(-1234567.891) == "-1,234,567.89"
    assert number(1e21) == "1,000,000,000,000,000,000,000"
    assert number(2.9) == "2.9" and number(84.249) == "84.25"
    assert number(12345, group=False) == "12345"


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e18, max_value=1e18),
       st.sampled_from(["元", "人", "个", "%", "亩", "人次"]))  # fmt: skip
def test_never_an_exponent(value: float, unit: str) -> None:
    shown = quantity(value, unit)
    assert "e" not in shown.lower() and "nan" not in shown.lower()
    assert shown.endswith(unit)


def test_not_a_number_is_not_shown() -> None:
    assert quantity(math.nan, "元") == "" and percent(math.inf) == ""


def test_the_three_surfaces_format_alike() -> None:
    """The web pages, the documents and ``luoshi status`` show a figure the same way."""
    from luoshi.cli.status import _pct, _value
    from luoshi.reports.bulletin import pct as report_pct
    from luoshi.reports.bulletin import quantity as report_quantity
    from luoshi.web.templating import amount, pct, target_value

    for value, unit in [(1.5e10, "元"), (26_000, "人"), (102_000, "个"), (5.5, "%")]:
        shown = quantity(value, unit, ">=")
        assert target_value(value, unit, ">=") == _value(value, unit, ">=") == shown
        assert report_quantity(value, unit, ">=") == shown
        assert amount(value, unit) == _value(value, unit) == quantity(value, unit)
    assert pct(0.308) == _pct(0.308) == report_pct(0.308) == "30.8%"
