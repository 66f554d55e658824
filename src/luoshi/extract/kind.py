"""Is a figure a target, an actual result or a forecast? (spec §3, kind and cue scope)

Forecast beats target beats the paragraph's and the section's default; a cue governs
its own clause and more where the text says so.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .figure import Found, clause_start
from .mention import Kind
from .scan import Quantity
from .segment import Block
from .timeref import TimeRef

_FORECAST = re.compile(lx.alternation(lx.FORECAST_CUES))
# 计划 is a cue as a verb (计划新建…), not as a noun (占年度计划的112%, 计划投资额)
_TARGET = re.compile(
    lx.alternation(c for c in lx.TARGET_CUES if c != "计划")
    + r"|(?<!年度)(?<!全年)(?<!占)(?<!下达)(?<!原)计划(?!的|投资|总投资|执行|完成|单列)"
)
# 预计 right before a value governs only that value (投资预计超520亿元)…
_NARROW_GAP = re.compile(
    r"^(?:全年|今年|本年|当年)?(?:可|将|能)?(?:达到|达|为|实现|完成|突破|超过|超|增长|增至)?$"
)
# …and the bare rate that continues it (,增长30%)
_CONTINUATION = re.compile(
    r"^[,、和及]?(?:同比|同口径|比上年)?(?:" + lx.alternation(lx.CHANGE_WORDS) + r")?"
    r"(?:了|为|达|约)?$"
)


# a count of tasks, then the tasks by their goal wording: 6项,分别为新建幼儿园8所、…
_TASK_LIST = re.compile(
    r"[0-9一二三四五六七八九十]+[项个件](?:任务|指标|事项|工作|实事)?[,,]?(?:分别为|分别是|即|包括)"
)
# the count of a list of tasks is a fact about the list, not a goal: 32项目标任务
_TASK_COUNT = re.compile(r"(?:目标任务|重点任务|工作任务|任务|考核指标|指标|事项)")


def kind_of(
    n: str, lo: int, hi: int, f: Found, found: list[Found], block: Block,
    para_kind: str | None, section_kind: str | None, ref: TimeRef | None,
    plan_year: int | None, passage_forecast: bool,
) -> Kind:  # fmt: skip
    """The kind of ``f`` in the sentence ``n[lo:hi]``."""
    q = f.q
    if block.cell is not None:
        h = block.cell.header
        if lx.HEADER_FORECAST.search(h):
            return "forecast"
        if lx.HEADER_TARGET.search(h):
            return "target"
        return "actual"
    for m in _FORECAST.finditer(n, lo, q.start):
        if forecast_covers(n, m.end(), q, found):
            return "forecast"
    if passage_forecast:
        return "forecast"
    own = clause_start(n, lo, q.start)
    if _TASK_LIST.search(n, lo, q.start):
        return "target"  # 未达到序时进度的6项,分别为新建幼儿园8所…: tasks named by their goals
    own_cue = any(not lx.NOT_TARGET.match(n, m.start()) for m in _TARGET.finditer(n, own, q.start))
    to_date = lx.RESULT_MARKERS.search(n, own, q.start) or _TASK_COUNT.match(n, q.end)
    if to_date and not own_cue and not (ref is not None and ref.future):
        return "actual"  # 1-9月完成61.2亿元, 实际完成…, 32项目标任务: results, counts
    for m in _TARGET.finditer(n, lo, q.start):
        if not lx.NOT_TARGET.match(n, m.start()) and not quoted(n, lo, m.start()):
            return "target"
    if in_goal_quote(n, q, lo, hi):
        return "target"
    if ref is not None and ref.future:
        return "target"
    ref_year = None if ref is None or ref.period else ref.year
    if ref_year is not None and plan_year is not None and ref_year < plan_year:
        return "actual"  # a past year named in the sentence: a result, even in a plan
    if para_kind == "target" or (para_kind is None and section_kind == "target"):
        return "target"
    return "actual"


def forecast_covers(n: str, cue_end: int, q: Quantity, found: list[Found]) -> bool:
    """Does a 预计 ending at ``cue_end`` govern quantity ``q``?

    预计 before a subject (预计全年地区生产总值增长…) governs the rest of the sentence;
    预计 right before a value (投资预计超520亿元) governs that value and the bare
    growth rate that may follow it, not the next clause with its own subject.
    """
    first = next((f.q for f in found if f.q.start >= cue_end), None)
    if first is None:
        return False
    gap = n[cue_end : first.start]
    if not _NARROW_GAP.match(gap):
        return True
    if q is first:
        return True
    # continuation of the narrow one: ,增长30%
    prev = first
    for f in found:
        if f.q.start <= first.start:
            continue
        if not _CONTINUATION.match(n[prev.end : f.q.start]):
            return False
        if f.q is q:
            return True
        prev = f.q
    return False


def quoted(n: str, lo: int, pos: int) -> bool:
    """Is ``pos`` inside “…” (a name such as “双创计划”)?"""
    return n.rfind("“", lo, pos) > n.rfind("”", lo, pos)


def in_goal_quote(n: str, q: Quantity, lo: int, hi: int) -> bool:
    """“地区生产总值增长7%,…”的年度发展目标: figures quoted as goals."""
    open_q = n.rfind("“", lo, q.start)
    if open_q < 0 or n.find("”", open_q, q.start) >= 0:
        return False
    close = n.find("”", q.end, hi)
    return close >= 0 and bool(lx.QUOTE_GOAL.match(n, close))


_FROM = re.compile(r"(?:由|从)[^,;。由从]{0,16}$")
FROM_TO_GAP = 12  # characters between a starting value and the verb that takes it on


def starting_point(n: str, lo: int, q: Quantity, found: list[Found]) -> int | None:
    """由目前的45%提高到60%: where ``q`` is the starting value A of a change to another figure,
    the position of its 由/从; else None. A is a result at its own time, whatever B is."""
    m = _FROM.search(n, max(lo, q.start - 16), q.start)
    if m is None:
        return None
    nxt = next((f.q for f in found if f.q.start >= q.end), None)
    if nxt is None or nxt.start - q.end > FROM_TO_GAP + 8:
        return None
    if not lx.CHANGE_TO.search(n, q.end, min(nxt.start, q.end + FROM_TO_GAP)):
        return None
    return m.start()
