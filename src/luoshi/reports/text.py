"""Dates and headings written the way Chinese official documents write them (numbers:
``luoshi.figures``)."""

from __future__ import annotations

from datetime import date

# Marks that must not start a line (避头点): a wrap hangs them on the line before.
NO_LINE_START = "，。、：；！？％）》」』】〕”’,.:;!?%)"


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
