"""Which year a figure refers to: the document's calendar and time words in its text.

``Calendar`` says what 今年 is (``base``), which year unmarked results describe
(``review``: the closing year in a December plenary, the previous year in a
spring work report) and which year unmarked goals are for (``plan``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .lexicon import CHANGE_TO_VERB, CRAWL_LABELS, RELATIVE_YEARS

_CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "十": 10}

# 2023年12月26日 or 2023-12-26 (one kind of separator): not 2018年1-7月, a period of months
_FULL_DATE = re.compile(
    r"((?:19|20)[0-9]{2})\s*(?:年\s*([01]?[0-9])\s*月\s*[0-3]?[0-9]\s*日"
    r"|([-./])\s*([01]?[0-9])\s*\3\s*[0-3]?[0-9](?![0-9月]))"
)
_MONTH_DAY = re.compile(r"(?<![0-9年])([01]?[0-9])月[0-3]?[0-9]日")
_YEAR_END = re.compile(
    r"即将过去的((?:19|20)[0-9]{2})年|((?:19|20)[0-9]{2})年即将过去|岁末|年末|年底|收官"
)
_EXECUTED = re.compile(r"((?:19|20)[0-9]{2})年.{0,24}?(?:执行情况|工作回顾|工作总结|统计公报)")
_PLANNED = re.compile(r"((?:19|20)[0-9]{2})年.{0,24}?(?:计划草案|工作要点|预期目标|工作安排)")
_MONTHS_OF_YEAR = re.compile(r"((?:19|20)[0-9]{2})年[01]?[0-9]\s*[-—~至]\s*[01]?[0-9]月")
_ANY_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")
_FILE_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")

# A time word in running text. Order matters: longer forms first.
TIME = re.compile(
    r"(?P<cmp>比|较|与|同|相比|对比|相较|超过|高于|低于)?"
    r"(?:(?P<to>到|至|截至|截止到|截止)?(?P<y>(?:19|20)[0-9]{2})年(?P<suf>度|底|末|以来|初)?"
    r"|(?P<past>过去|近|前)(?P<pn>[一二两三四五十])年|(?P<since>[一二两三四五十])年来"
    r"|(?P<fut>未来|今后|此后)(?P<fn>[一二两三四五十])年"
    r"|(?P<plan>十[三四五六]五)(?P<psuf>末|期间|时期|规划)?"
    r"|(?P<rel>" + "|".join(sorted(RELATIVE_YEARS, key=len, reverse=True)) + r")"
    r"|(?P<review>过去一年|这一年|一年来|一年以来|过去的一年))"
)
# after a plan period's name: a noun it qualifies (“十四五”目标), not 期间/时期/末/以来
_PLAN_AS_MODIFIER = re.compile(r"[”\"]?(?!期间|时期|末|以来|开局|收官)[\u4e00-\u9fff]")
CHANGE_TO_LOOKBACK = 4  # 提高到, 调整为: the verb before a 到/至 that ends a change
_CHANGED = re.compile(CHANGE_TO_VERB + "$")
_PLAN_END = {"十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}


@dataclass(frozen=True, slots=True)
class Calendar:
    base: int | None
    review: int | None
    plan: int | None

    def shift(self, delta: int) -> int | None:
        return None if self.base is None else self.base + delta


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time word: a single year, or a period (with its last year)."""

    start: int
    end: int
    year: int | None
    period: bool = False
    future: bool = False
    cumulative: bool = False  # 2018年以来: a running total


DATELINE_HEAD = 800  # a document's own date is in its first characters (a dateline, a byline)
YEAR_END_HEAD = 3000  # …and its year-end wording (岁末, 即将过去的2023年) in its first pages
TITLE_HEAD = 600  # …and the title that names the year it reviews or plans


def infer_calendar(text_head: str, given: int | None = None, name_hint: str = "") -> Calendar:
    """The document's calendar from its first pages (and, failing that, its file name)."""
    base, month = None, None
    year_end = False
    m = _dateline(text_head[:DATELINE_HEAD])
    if m:
        base, month = int(m.group(1)), int(m.group(2) or m.group(4))
    else:
        md = _MONTH_DAY.search(text_head[:DATELINE_HEAD])
        if md:
            month = int(md.group(1))
    review_hint = None
    # 2018年1-7月: a review of a year in progress, whatever the rest of the calendar says
    pm = _MONTHS_OF_YEAR.search(text_head[:TITLE_HEAD])
    period_year = int(pm.group(1)) if pm else None
    ye = _YEAR_END.search(text_head[:YEAR_END_HEAD])
    if ye:
        year_end = True
        explicit = ye.group(1) or ye.group(2)
        if explicit:
            base = base or int(explicit)
    ex = _EXECUTED.search(text_head[:TITLE_HEAD])
    if ex:
        review_hint = int(ex.group(1))
    if base is None and review_hint is not None:
        base = review_hint + 1
    if base is None:
        pl = _PLANNED.search(text_head[:TITLE_HEAD])
        if pl:
            base = int(pl.group(1))
    if base is None and name_hint:
        fy = _FILE_YEAR.findall(name_hint)
        if fy:
            base = int(fy[-1])
    if base is None:
        years = Counter(int(y) for y in _ANY_YEAR.findall(text_head))
        if years:
            base = years.most_common(1)[0][0]
            if month is None:
                # no date at all (a project brief): the latest year it reports on is its own
                base = max([base, *_reported_years(text_head)])
            elif month <= EARLY_MONTHS and _reviewed(text_head, base):
                # a January report dated by month and day, reviewing the year just closed
                base += 1
    if given is not None:
        base = given
    if base is None:
        return Calendar(None, None, None)
    if month is not None:
        year_end = year_end or month >= 10
    if review_hint is not None and given is None:
        review = review_hint
    elif period_year is not None and given is None and month is None:
        review = period_year
    elif year_end or (month is not None and month >= 7):
        review = base
    else:
        review = base - 1
    plan = base + 1 if year_end else base
    return Calendar(base, review, plan)


EARLY_MONTHS = 2  # a report in these months reviews the year before


def _reviewed(text: str, year: int) -> bool:
    """Does ``text`` look back on ``year`` (a January report on the year just closed)?"""
    return (
        re.search(rf"{year}年[^。]{{0,24}}(?:预计|实现|完成|增长|运行情况)", text) is not None
        or _LOOKING_BACK.search(text) is not None
    )


_LOOKING_BACK = re.compile(r"这一年|一年来|过去一年|过去的一年")
# a year named as the time of results, not as a deadline (到2025年) or a goal (2035年远景)
_REPORTED_YEAR = re.compile(
    r"(?<![0-9到至止])((?:19|20)[0-9]{2})年(?:度)?(?:[,,]|[0-9一二三四上下前全]|以来|底|末)"
)


def _reported_years(text: str) -> list[int]:
    return [int(y) for y in _REPORTED_YEAR.findall(text)]


def _dateline(head: str) -> re.Match[str] | None:
    """The document's own date: the first full date not on a crawler's line (抓取时间:…)."""
    for m in _FULL_DATE.finditer(head):
        line = head[head.rfind("\n", 0, m.start()) + 1 : m.start()]
        if not CRAWL_LABELS.search(line):
            return m
    return None


def _cn(n: str) -> int:
    return _CN_DIGIT.get(n, 1)


def time_refs(text: str, lo: int, hi: int, cal: Calendar) -> list[TimeRef]:
    """Time words in ``text[lo:hi]`` that name the period of a figure (not comparison bases)."""
    out: list[TimeRef] = []
    for m in TIME.finditer(text, lo, hi):
        if m.group("cmp") and not m.group("to"):
            continue  # 比上年, 较2015年: a base of comparison
        s, e = m.start(), m.end()
        if m.group("y"):
            y = int(m.group("y"))
            suf = m.group("suf") or ""
            if suf == "以来":
                out.append(TimeRef(s, e, None, period=True, cumulative=True))
            else:
                # 到2027年 is a deadline; 提高到2023年的52% is where a change arrived
                to = m.group("to") in ("到", "至") and not _CHANGED.search(
                    text, max(lo, s - CHANGE_TO_LOOKBACK), s
                )
                out.append(TimeRef(s, e, y, future=to))
        elif m.group("past") or m.group("since"):
            n = _cn(m.group("pn") or m.group("since"))
            if n == 1:
                out.append(TimeRef(s, e, cal.review))
            else:
                out.append(TimeRef(s, e, cal.review, period=True))
        elif m.group("fut"):
            n = _cn(m.group("fn"))
            last = None if cal.base is None else (cal.plan or cal.base) + n - 1
            out.append(TimeRef(s, e, last, period=n > 1, future=True))
        elif m.group("plan"):
            if not m.group("psuf") and _PLAN_AS_MODIFIER.match(text, e):
                continue  # 完成“十四五”目标任务: the plan's name, not the time of a figure
            end_year = _PLAN_END.get(m.group("plan"))
            future = cal.base is not None and end_year is not None and end_year > cal.base
            out.append(TimeRef(s, e, end_year, period=(m.group("psuf") or "") != "末",
                               future=future))  # fmt: skip
        elif m.group("rel"):
            out.append(TimeRef(s, e, cal.shift(RELATIVE_YEARS[m.group("rel")]),
                               future=RELATIVE_YEARS[m.group("rel")] > 0))  # fmt: skip
        elif m.group("review"):
            out.append(TimeRef(s, e, cal.review))
    return out
