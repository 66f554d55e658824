"""Numbers and dates written the way Chinese official documents write them."""

from __future__ import annotations

from datetime import date

from ..domain import COMPARATOR_SIGNS
from ..register.units import display_unit, from_canonical

# Marks that must not start a line (避头点): a wrap hangs them on the line before.
NO_LINE_START = "，。、：；！？％）》」』】〕”’,.:;!?%)"


def num(x: float, decimals: int = 2) -> str:
    """A number with at most ``decimals`` decimals and no trailing zeros: 3220, 2.9, 84.25."""
    text = f"{x:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def pct(share: float | None, decimals: int = 1) -> str:
    """A share as a percentage (0.308 → 30.8%), blank when unknown."""
    return "" if share is None else f"{share * 100:.{decimals}f}%"


def pp(points: float | None) -> str:
    """Percentage points with a sign (-19.2, +3.1), blank when unknown.

    An ASCII minus: U+2212 is missing from common Chinese fonts (WenQuanYi).
    """
    if points is None:
        return ""
    return f"{points:+.1f}"


def quantity(value: float | None, unit: str, comparator: str = "=") -> str:
    """A target or figure with its unit; money in 亿元/万元 as tables show it (4.5e10 元 → 450亿元)."""
    if value is None:
        return ""
    shown, factor = display_unit(value, unit)
    return f"{COMPARATOR_SIGNS.get(comparator, '')}{num(from_canonical(value, factor))}{shown}"


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def cn_month_day(d: date) -> str:
    return f"{d.month}月{d.day}日"


CN_NUMERALS = "一二三四五六七八九十"


def cn_ordinal(n: int) -> str:
    """一, 二, … 十, 十一 … 九十九: the numbering of headings (一、 二、)."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_NUMERALS[tens - 1] + "十")
    return head + (CN_NUMERALS[ones - 1] if ones else "")
