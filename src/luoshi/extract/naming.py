"""The indicator name of a mention, in the document's own words.

Names are cut from the normalised text (so the rules see simplified
characters) and then read back from the original text, so traditional text
keeps its script. Pinyin noise and page-break whitespace are dropped.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .normalize import simplified as simplified  # re-exported: register/ folds with it

_PREFIX = re.compile(
    f"(?:{lx.alternation(w for w in lx.NAME_PREFIXES if w != '计划')}|计划(?!投资|总投资)|[,、:;\\s“])+"
)
_SUFFIX = re.compile(
    f"(?:{lx.alternation(lx.NAME_SUFFIXES)}|(?:19|20)[0-9]{{2}}年(?:底|末)?|了|的|和|及|与|等|中"
    r"|[,、:;\s])+$"
)
_GROWTH_TAIL = re.compile(
    r"(?:分别|同比|同口径|年均|平均|可比|按可比价(?:格)?计算,?"
    r"|(?:比|较)(?:[0-9]{1,2}[-—~][0-9]{1,2}月|上月|上季度|(?:去年|上年)?同期|去年|上年))*"
    r"(?:" + lx.alternation(lx.CHANGE_WORDS + lx.COMPARISON_VERBS) + r")(?:了|为|达|约|分别)*$"
)
_LEAD_TIME = re.compile(
    r"(?:(?:19|20)[0-9]{2}年度?|去年|今年|明年|全年|当年|本年|过去一年|一年来|这一年)[,、\s]*"
    r"|" + lx.DATELINE_LEAD.pattern
)
_PINYIN_NOISE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,7}\)")
_SPACE = re.compile(r"\s+")
_NOTE = re.compile(r"[((][^()()]*(?:下同|预计|注|单位)[^()()]*[))]")
# Short stubs that name only the head of a quantity already named in the sentence.
HEADS = ("增加值", "总产值", "产值", "总额", "收入", "投资", "增速", "总量", "规模", "销售额")
_HEAD_TAIL = re.compile("(?:" + "|".join(HEADS) + ")$")
_TOTAL = re.compile(r"总数|总量|总规模|数量|总计")
_NEW = re.compile(r"^(?:新增|净增|新建|新认定|新培育)")
RIGHT_PHRASE_MAX = 24  # a noun phrase after a count is at most this long
# Words that continue a predicate rather than start a noun after a count.
_RIGHT_STOP = re.compile(r"[,;:。!?\n(]|以上|左右|以内|以下|预计")


def clean_left(norm: str) -> tuple[int, int]:
    """Trim cue words and link verbs around a left-of-number name; returns (lo, hi) in ``norm``."""
    lo, hi = 0, len(norm)
    cut = lx.NAME_CUT.match(norm)
    if cut and cut.end() < hi:
        lo = cut.end()  # 主要目标是|地区生产总值…; but 招商引资目标任务为|85亿元 names its goal
    while True:
        changed = False
        m = _LEAD_TIME.match(norm, lo, hi)
        if m and m.end() > lo:
            lo, changed = m.end(), True
        m = _PREFIX.match(norm, lo, hi)
        if m and m.end() > lo:
            lo, changed = m.end(), True
        m = _SUFFIX.search(norm, lo, hi)
        if m and m.start() < hi and m.end() == hi:
            hi, changed = m.start(), True
        if not changed or lo >= hi:
            return lo, max(lo, hi)


def strip_growth(norm: str) -> str:
    return _GROWTH_TAIL.sub("", norm)


def right_phrase(norm: str, pos: int, limit: int) -> int:
    """End of the noun phrase that follows a count (35家企业获评…), or ``pos`` if none."""
    if pos >= limit or not ("\u4e00" <= norm[pos] <= "\u9fff" or norm[pos] in '“"'):
        return pos
    m = _RIGHT_STOP.search(norm, pos, limit)
    end = min(m.start() if m else limit, pos + RIGHT_PHRASE_MAX)
    # 40项民生实事中: a frame word (中, 里) is not part of the noun
    while end > pos + 1 and norm[end - 1] in "中里内":
        end -= 1
    return end


def tidy(original: str) -> str:
    """A name as shown: no pinyin noise, no whitespace, no time or cue words."""
    s = _NOTE.sub("", _SPACE.sub("", _PINYIN_NOISE.sub("", original)))
    simple = simplified(s)
    # drop time and cue words, found on the simplified copy (same length as ``s``)
    keep = []
    pos = 0
    for m in lx.NAME_NOISE.finditer(simple):
        keep.append(s[pos : m.start()])
        pos = m.end()
    keep.append(s[pos:])
    return "".join(keep).strip(",、:;“”\"' ")


def compose_head(stub: str, previous: str) -> str | None:
    """增加值 after 规模以上工业总产值 → 规模以上工业增加值; 总数 after 新增上市公司 → 上市公司总数."""
    s, p = simplified(stub), simplified(previous)
    if len(s) > 4 or not p:
        return None
    if _TOTAL.fullmatch(s):
        core = _NEW.sub("", p)
        if len(core) > 8:
            core = core[-2:]  # a long list before: keep its head noun (…天使基金 → 基金总规模)
        return previous[len(p) - len(core) :] + stub
    m = _HEAD_TAIL.search(p)
    if not m or not _HEAD_TAIL.fullmatch(s):
        return None
    return previous[: m.start()] + stub


def tidy_sentence(original: str) -> str:
    """A sentence or heading for display: page breaks and pinyin noise removed."""
    return _SPACE.sub(" ", _PINYIN_NOISE.sub("", original)).strip()


# a deadline is kept apart (Milestone.deadline), not in the name
_DEADLINE = re.compile(f"(?:{lx.DEADLINES.pattern})[,、]?")


def task_name(text: str) -> str:
    """A milestone or task as a register names it: 力争明年南医大…出形态 → 南医大…出形态."""
    simple = simplified(text)
    lo = 0
    while True:
        m = _LEAD_TIME.match(simple, lo) or _PREFIX.match(simple, lo) or _DEADLINE.match(simple, lo)
        if not m or m.end() == lo:
            return tidy(text[lo:]) or text
        lo = m.end()
