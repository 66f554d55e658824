"""Quantities that are written like figures but are not mentions (spec §2).

Ranges and bounds that define a class of things (过10亿元项目4个 → only the count),
ordinals and durations, numbers inside a name, a slogan or a title.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .figure import CLAUSE_BREAK
from .scan import Quantity

# characters before a number searched for an ordinal or duration word (第, 连续…)
ORDINAL_LOOKBACK = 4
RANGE_LOOKBACK = 12  # …for the opening of a range: 在80%到
QUOTED_NAME_MAX = 14  # a quotation or title at most this long is a name: “四个走在前”
CLASS_GAP_MAX = 10  # the words between a class threshold and the count of its members

# Units of things counted (not money, area, mass…): a class threshold's members.
_MEASURED = frozenset(
    {"元", "美元", "欧元", "港元", "日元", "英镑", "亩", "平方米", "平方公里", "公顷", "公里", "米",
     "延米", "吨", "吨标煤", "吨标准煤", "千克", "公斤", "斤", "立方米", "千瓦", "千瓦时", "兆瓦",
     "吉瓦", "微克/立方米", "毫克/立方米", "毫克/升", "岁"}
)  # fmt: skip
COUNT_UNITS = frozenset(
    u for u in lx.UNITS.values() if u not in lx.RATE_UNITS and u not in _MEASURED
)

# A range or a bound that defines a class of things: (完成进度在80%到100%之间)的项目,
# 超过60%的项目有27项 — the count is the mention, the bounds are not.
_RANGE_AFTER = re.compile(r"(?:到|至|-|~)[0-9.]+%?之间|之间")
_RANGE_BEFORE = re.compile(r"在[0-9.]+%?(?:到|至|-|~)$")
_CLASS_AFTER = re.compile(r"的[^,;。]{1,16}?(?:有|共)?[0-9一二三四五六七八九十]+[项个家所]")
_LIST_GAP = re.compile(r"或|、|至|到|-")
# a count, the rate its members are measured by, and the bar: 21项完成进度超过
_RATE_PREDICATE = re.compile(
    r"[\u4e00-\u9fff]{0,6}(?:进度|完成率|增速|增幅|比例|占比|达标率)(?:均|都)?"
    r"(?:超过|超|高于|低于|不足|达到|达|在|逾|突破)?"
)
_CLASS_NOUN = re.compile(lx.alternation(lx.CLASS_NOUNS))
# a count of the points an outline then lists: 六项工作:一是…, 三个方面。第一…
_OUTLINE = re.compile(r"[^,;:。!?\n]{0,8}[:。]\s*(?:一是|一、|\(一\)|第一|首先|其一|1[.、])")
_NOT_CLASS = re.compile(lx.alternation(lx.NOT_CLASS_VERBS))


def excluded(n: str, q: Quantity, lo: int, hi: int) -> bool:
    """Is ``q`` (in the sentence ``n[lo:hi]``) not a mention by what is written around it?"""
    if _RANGE_AFTER.match(n, q.end) or _RANGE_BEFORE.search(
        n, max(lo, q.start - RANGE_LOOKBACK), q.start
    ):
        return True
    if q.comparator != "=" and _CLASS_AFTER.match(n, q.end):
        return True
    before = n[max(lo, q.start - ORDINAL_LOOKBACK) : q.start]
    if lx.ORDINAL_BEFORE.search(before) or lx.DURATION_BEFORE.search(before):
        return True
    if q.unit == "次" and lx.CI_NAMES.match(n, q.end):
        return True
    if n.startswith("方面", q.end):
        return True  # 六个方面工作: the outline of a speech
    if q.unit in COUNT_UNITS and _OUTLINE.match(n, q.end):
        return True  # 做好六项工作:一是…: the count of the points that follow
    if q.chinese and q.end < len(n) and n[q.end] in '“"':
        return True  # 三个“一号工程”: a count inside a slogan
    # inside a short quotation or a title: “四个走在前”, 《三年行动计划》
    open_q = max(n.rfind("“", lo, q.start), n.rfind("《", lo, q.start))
    if open_q >= 0:
        close_ch = "”" if n[open_q] == "“" else "》"
        closed_before = n.find(close_ch, open_q, q.start)
        if closed_before < 0:
            close = n.find(close_ch, q.end, hi)
            if close >= 0 and close - open_q <= QUOTED_NAME_MAX:
                return True
    return False


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def drop_thresholds(n: str, qs: list[Quantity]) -> list[Quantity]:
    """100亿元以上项目2个 → only the count: a value that defines a class is not a mention."""
    drop: set[int] = set()
    for i, q in enumerate(qs):
        if (
            q.unit in lx.RATE_UNITS
            and q.comparator != "="
            and i > 0
            and qs[i - 1].unit in COUNT_UNITS
            and _RATE_PREDICATE.fullmatch(n, qs[i - 1].end, q.num_start)
        ):
            drop.add(i)  # 27项完成进度超过60%: the bar the 27 items passed, not a mention
            continue
        if q.unit in COUNT_UNITS or q.unit in lx.RATE_UNITS:
            continue
        # a count right before: 3个超100亿元项目
        if (
            i > 0
            and qs[i - 1].unit in COUNT_UNITS
            and qs[i - 1].end == q.start
            and q.comparator != "="
            and q.end < len(n)
            and _cjk(n[q.end])
        ):
            drop.add(i)
            continue
        j = i + 1
        while j < len(qs) and j not in drop:
            gap = n[q.end if j == i + 1 else qs[j - 1].end : qs[j].start]
            if _LIST_GAP.fullmatch(gap) and qs[j].unit not in COUNT_UNITS:
                j += 1
                continue
            break
        # a class is bounded: 10亿元以上项目, 超100亿元企业; an exact sum is not (总投资50亿元的5个项目)
        bounded = any(qs[k].comparator in (">=", "<=") for k in range(i, j))
        if bounded and _CLASS_NOUN.match(n, qs[j - 1].end):
            drop.update(range(i, j))  # 500万元以上项目均按期推进: the class is the subject
            continue
        if bounded and j < len(qs) and qs[j].unit in COUNT_UNITS:
            gap = n[qs[j - 1].end : qs[j].start] if j > i else ""
            if (
                0 < len(gap) <= CLASS_GAP_MAX
                and not CLAUSE_BREAK.search(gap)
                and _cjk(gap[0])
                and not _NOT_CLASS.search(gap)
            ):
                drop.update(range(i, j))
    return [q for i, q in enumerate(qs) if i not in drop]
