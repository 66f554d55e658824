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
    if ref is None and block.cell is not None and block.table_title:
        title_refs = time_refs(block.table_title, 0, len(block.table_title), cal)
        ref = title_refs[0] if title_refs else None
    if ref is None:
        ref = para_time
    if ref is None:
        ref = section_time
    if ref is not None:
        return year_from_ref(ref, f)
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
