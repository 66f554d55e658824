"""Deadlines as offices write them (6月底前, 三季度末, 9月投入使用, 2023.01-2023.12, 长期坚持).

The text is always kept as written; a date is derived where one is meant, the
end of the period named. A deadline without a year takes the plan's year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from openpyxl.utils.datetime import from_excel

from ..units import normalize_text
from .cells import is_number, text
from .roles import vocabulary

__all__ = ["Deadline", "parse_deadline"]


@dataclass(frozen=True, slots=True)
class Deadline:
    due: date | None
    ongoing: bool = False  # 长期坚持: no date meant
    problem: str = ""  # why no date could be derived where one seems meant


_QUARTER_WORDS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_PERIOD_WORDS: dict[str, tuple[int, int]] = {
    **dict.fromkeys(("年底", "年末", "全年", "年内", "当年", "本年", "今年", "今年底", "年度"),
                    (12, 31)),
    **dict.fromkeys(("上半年", "年中"), (6, 30)),
    "下半年": (12, 31),
}  # fmt: skip
_SEP = r"[年\-/.]"
_FULL_DATE = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})日?")
_YEAR_MONTH = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}})月?(?:份|底|末|中旬|上旬|下旬)?")
_YEAR_ONLY = re.compile(r"(\d{4})年(?:度|底|末|内)?")
_MONTH_DAY = re.compile(r"(\d{1,2})月(?:(\d{1,2})日|份|底|末|中旬|上旬|下旬)?")
_QUARTER = re.compile(r"(?:第)?(?:前)?([一二三四1-4])季度(?:末|底)?")
_CHINESE_MONTH = re.compile(r"([一二三四五六七八九十]{1,3})月(?:份|底|末)?")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_RANGE = re.compile(r"(.+?)\s*(?:-|—|–|~|～|至|到)\s*(.+)")


@cache
def _ongoing() -> tuple[str, ...]:
    return tuple(sorted(vocabulary()["cells"]["ongoing"], key=len, reverse=True))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _cn_number(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS[s[1]]
    if s.endswith("十"):
        return _CN_DIGITS[s[0]] * 10
    return _CN_DIGITS[s[0]] * 10 + _CN_DIGITS[s[-1]] if "十" in s else _CN_DIGITS.get(s, 0)


def _leading_date(s: str, year: int | None) -> tuple[date | None, bool]:
    """(date, year was needed but missing) of the date expression that opens ``s``."""
    if m := _FULL_DATE.match(s):
        return date(int(m[1]), int(m[2]), int(m[3])), False
    if m := _YEAR_MONTH.match(s):
        return _month_end(int(m[1]), int(m[2])), False
    if m := _YEAR_ONLY.match(s):
        rest = s[m.end() :]
        inner, _ = _leading_date(rest, int(m[1])) if rest else (None, False)
        return inner or date(int(m[1]), 12, 31), False
    yearless: tuple[int, int] | None = None
    if m := _MONTH_DAY.match(s):
        yearless = (int(m[1]), int(m[2]) if m[2] else 0)
    elif m := _QUARTER.match(s):
        yearless = (_QUARTER_WORDS[m[1]], 0)
    elif m := _CHINESE_MONTH.match(s):
        yearless = (_cn_number(m[1]), 0)
    else:
        for word, (month, day) in _PERIOD_WORDS.items():
            if s.startswith(word):
                yearless = (month, day)
                break
    if yearless is None:
        return None, False
    if year is None:
        return None, True
    month, day = yearless
    if not 1 <= month <= 12:
        return None, False
    return (date(year, month, day) if day else _month_end(year, month)), False


def parse_deadline(raw: object, year: int | None) -> Deadline:
    """The date a 完成时限 cell means; the end of a range; none for 长期坚持."""
    if isinstance(raw, datetime):
        return Deadline(raw.date())
    if isinstance(raw, date):
        return Deadline(raw)
    if is_number(raw):
        if 1900 <= raw <= 2100 and raw == int(raw):
            return Deadline(date(int(raw), 12, 31))
        if 20000 <= raw <= 80000:  # an Excel date serial without a date format
            return Deadline(from_excel(raw).date())
        return Deadline(None, problem=f"完成时限「{text(raw)}」不是日期")
    written = text(raw)
    s = re.sub(r"\s+", "", normalize_text(written))
    if not s:
        return Deadline(None)
    if s.startswith(_ongoing()):
        return Deadline(None, ongoing=True)
    try:
        if m := _RANGE.fullmatch(s):
            start, _ = _leading_date(m[1], year)
            start_year = start.year if start else year
            end, missing = _leading_date(m[2], start_year)
            if end is not None:
                return Deadline(end)
        due, missing = _leading_date(s, year)
    except (ValueError, KeyError):
        return Deadline(None, problem=f"完成时限「{written}」不是有效日期")
    if due is not None:
        return Deadline(due)
    if missing:
        return Deadline(None, problem=f"完成时限「{written}」没有年份，且表格标题中也找不到年份")
    if any(word in s for word in _ongoing()):
        return Deadline(None, ongoing=True)
    return Deadline(None, problem=f"完成时限「{written}」不是日期")
