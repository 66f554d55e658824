"""Which year a figure refers to (spec §3, year): a time word near it, the paragraph's or
the section's, the table's caption, else the document's calendar (review or plan year).
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .figure import Found, last_clause_start
from .mention import Kind
from .segment import Block
from .timeref import Calendar, TimeRef, time_refs

AVERAGE_LOOKBACK = 12  # characters before a growth rate searched for 年均
_COMPARE_YEAR = re.compile(r"(?:比|较|与|相比)((?:19|20)[0-9]{2})年")


def year_of(
    n: str, lo: int, f: Found, kind: Kind, block: Block, para_time: TimeRef | None,
    section_time: TimeRef | None, cal: Calendar, ref: TimeRef | None,
) -> int | None:  # fmt: skip
    """The year of ``f`` in the sentence starting at ``lo``; None for a multi-year figure."""
    q = f.q
    before = n[lo : q.start]
    if f.measure == "level" and lx.CUMULATIVE.search(before):
        return None
    clause_lo = last_clause_start(n, lo, q.start)
    if lx.AVERAGE.search(n, clause_lo, q.start) or (
        f.measure == "growth" and lx.AVERAGE.search(n, max(lo, q.start - AVERAGE_LOOKBACK), q.start)
    ):
        return None
    if f.measure == "growth":
        bases = [int(y) for y in _COMPARE_YEAR.findall(n, lo, q.start)]
        context_year = ref.year if ref is not None and ref.year else cal.review
        if bases and context_year is not None and bases[-1] < context_year - 1:
            return None  # 较2015年增长26.8%: growth over several years
    if ref is None and block.cell is not None:
        # the column's year (2023年实际 | 2025年目标), else the table caption's
        for words in (block.cell.header, block.table_title):
            words_refs = time_refs(words, 0, len(words), cal)
            if words_refs:
                ref = words_refs[0]
                break
    if ref is None:
        ref = para_time
    if ref is None:
        ref = section_time
    if ref is not None:
        return year_from_ref(ref, f)
    if kind == "actual" and lx.TO_DATE.search(n, clause_lo, q.start):
        return cal.base  # 1-9月完成, 截至目前已…: the year in progress, not the one reviewed
    return cal.plan if kind == "target" else cal.review


def year_from_ref(ref: TimeRef, f: Found) -> int | None:
    if ref.cumulative:
        return None
    if ref.period and not ref.future:
        # a multi-year review: stocks (rates, per-capita levels) are end-of-period
        # states; flows (projects, investment) are sums over the period
        return ref.year if f.measure == "ratio" or lx.STOCK_NAME.search(f.name) else None
    return ref.year


def nearest(refs: list[TimeRef], pos: int) -> TimeRef | None:
    """The time word closest before ``pos``, else the first after it."""
    before = [r for r in refs if r.end <= pos]
    if before:
        return before[-1]
    after = [r for r in refs if r.start >= pos]
    return after[0] if after else None


_NOW = re.compile(r"目前|现在|当前|现有")


def start_year(n: str, lo: int, hi: int, refs: list[TimeRef], cal: Calendar) -> int | None:
    """The year of a change's starting value written in ``n[lo:hi]`` (由2020年的38%, 由目前的):
    a year named there, now for 目前, else the year under review."""
    named = [r for r in refs if lo <= r.start < hi and r.year is not None]
    if named:
        return named[-1].year
    return cal.base if _NOW.search(n, lo, hi) else cal.review
