"""Stage 1: find quantities (number + multiplier + unit) in normalised text.

A quantity here knows only what is written next to it: its value, unit and an
adjacent qualifier. Whether it is an indicator, and of what, is decided by the
context stage. Offsets are into the normalised text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import lexicon as lx
from .numerals import CHINESE_NUMERAL_CHARS, MULTIPLIERS, NumeralError, parse_number, scaled

# Every repetition is bounded and a number never starts inside a run of digits, so one
# match attempt costs a bounded number of steps and a scan is linear in any input (a
# run of 100,000 digits, 万 or spaces included). No real figure is longer than these.
NUMBER_DIGITS = 16  # digits before the point (and between thousands separators: 6 groups)
NUMBER_DECIMALS = 10
NUMERAL_CHARS = 16  # 一千二百三十四万五千六百七十八 is 15
QUALIFIER_MAX = 5  # the longest prefix qualifier (达到或超过)
BREAK_SPACE = 8  # whitespace of a page break between a number and its unit
_AR = rf"(?<![0-9.])[0-9]{{1,{NUMBER_DIGITS}}}(?:,[0-9]{{3}}){{0,6}}(?:\.[0-9]{{1,{NUMBER_DECIMALS}}})?"
_CN = f"[{CHINESE_NUMERAL_CHARS}]{{1,{NUMERAL_CHARS}}}(?:点[零〇一二三四五六七八九]{{1,{NUMBER_DECIMALS}}})?"
# 千 starts units of its own (千瓦, 千米, 千克) and 千分点
_MULT = lx.alternation(w for w in MULTIPLIERS if w != "千") + "|千(?![瓦米克分])"
_UNIT = lx.alternation(lx.UNITS)
_BIG_MULT = lx.alternation(w for w in MULTIPLIERS if w.endswith("亿"))
MONEY_LOOKBACK = 12  # characters before a bare 亿 searched for a word of money
_WS = rf"[ \t\r\n\u3000]{{0,{BREAK_SPACE}}}"  # a page break may fall between a number and its unit

QUANTITY = re.compile(
    rf"(?P<frac>百分之|千分之|万分之)(?P<fnum>{_AR}|{_CN})"
    rf"|(?P<num>{_AR}|{_CN}){_WS}(?P<in1>[余多])?(?P<mult>{_MULT})?(?P<in2>[余多])?{_WS}"
    rf"(?:(?P<unit>{_UNIT})|(?P<cheng>成)(?![为就绩果员立功交本熟])|(?P<zhe>折)(?![合算旧扣叠线射返腾中]))"
    # money in 亿 without 元 (产值超1500亿, 突破千亿): kept only after a word of money
    rf"|(?P<bnum>{_AR}|[{CHINESE_NUMERAL_CHARS}]{{0,{NUMERAL_CHARS}}}(?=亿)){_WS}(?P<bin>[余多])?"
    rf"(?P<bmult>{_BIG_MULT})(?![级元美欧港日英{CHINESE_NUMERAL_CHARS}])"
)
_PREFIX_Q = re.compile(f"(?:{lx.alternation(lx.PREFIX_QUALIFIERS)})$")
_SUFFIX_Q = re.compile(lx.alternation(lx.SUFFIX_QUALIFIERS))
_DIGITLESS_OK = re.compile(r"[十百千]+亿")  # 千亿元 is a number; 万人, 千家 are not


@dataclass(slots=True)
class Quantity:
    start: int  # span, qualifiers included
    end: int
    num_start: int  # the number itself
    num_end: int
    value: float
    unit: str
    comparator: str
    chinese: bool  # written in Chinese numerals
    fraction_word: bool = False  # 百分之五: a share by construction


def _valid_chinese(num: str, before: str, after: str, clause_end: bool = False) -> bool:
    if not any(ch in "一二两三四五六七八九十〇零" for ch in num):
        return bool(_DIGITLESS_OK.fullmatch(num))
    if all(ch in "零〇○" for ch in num):
        return False  # 零部件, 零增长: a word, not the number 0
    if num in ("一", "两", "二") and after != "成" and not (clause_end and _cjk(before)):
        # 一批, 一个, 两个…: an article, not a count, in this register of prose — unless the
        # count closes its clause after its noun (新增研发平台两家。)
        return False
    return not before or before not in "第之每唯统同单万初"


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _ends_clause(text: str, pos: int) -> bool:
    return pos >= len(text) or text[pos] in _CLAUSE_END


_CLAUSE_END = frozenset(",;:。!?、)\n")


def _bare_yi(text: str, m: re.Match[str], before: str) -> Quantity | None:
    """1500亿 / 千亿 with no unit: money when a word of money comes just before."""
    start = m.start()
    if not lx.MONEY_WORDS.search(text, max(0, start - MONEY_LOOKBACK), start):
        return None
    num = m.group("bnum")
    chinese = not num or not num[0].isascii()
    if chinese and not _valid_chinese(num + m.group("bmult"), before, ""):
        return None
    if not chinese and before and before.isascii() and (before.isalpha() or before in ".-/"):
        return None
    try:
        value = parse_number(num + m.group("bmult")) if chinese else parse_number(num)
    except NumeralError:
        return None
    if not chinese:
        value = scaled(value, MULTIPLIERS[m.group("bmult")])
    comparator = ">=" if m.group("bin") else "="
    return _qualified(text, start, m.end(), start, m.end("bnum"), value, "元", chinese,
                      comparator=comparator)  # fmt: skip


def scan(text: str, lo: int = 0, hi: int | None = None) -> Iterator[Quantity]:
    hi = len(text) if hi is None else hi
    for m in QUANTITY.finditer(text, lo, hi):
        start = m.start()
        before = text[start - 1] if start else ""
        if m.group("frac"):
            num = m.group("fnum")
            try:
                value = parse_number(num)
            except NumeralError:
                continue
            frac = m.group("frac")
            unit = "‰" if frac == "千分之" else "%"
            value = scaled(value, 0.01) if frac == "万分之" else value
            yield _qualified(text, start, m.end(), m.start("fnum"), m.end("fnum"), value, unit,
                             chinese=not num[0].isascii(), fraction_word=True)  # fmt: skip
            continue
        if m.group("bmult"):
            q = _bare_yi(text, m, before)
            if q is not None:
                yield q
            continue
        num = m.group("num")
        chinese = not num[0].isascii()
        after = "成" if m.group("cheng") else ""
        if chinese and not _valid_chinese(num, before, after, _ends_clause(text, m.end())):
            continue
        negative = before in ("-", "−") and (start < 2 or not text[start - 2].isalnum())
        if negative:
            start -= 1  # -1.3% in a table cell
        elif not chinese and before and before.isascii() and (before.isalpha() or before in ".-/"):
            continue  # PM2.5, H7N9, 2023-12, v1.2
        try:
            value = parse_number(num)
        except NumeralError:
            continue
        end = m.end()
        if m.group("mult"):
            value = scaled(value, MULTIPLIERS[m.group("mult")])
        if negative:
            value = -value
        if m.group("cheng") or m.group("zhe"):
            unit, value = "%", scaled(value, 10)  # 三成 → 30 %, 7折 → 70 %
        else:
            unit = lx.UNITS[m.group("unit")]
        comparator = "=" if not (m.group("in1") or m.group("in2")) else ">="
        yield _qualified(text, start, end, start, m.end("num"), value, unit, chinese,
                         comparator=comparator)  # fmt: skip


def _qualified(
    text: str,
    start: int,
    end: int,
    num_start: int,
    num_end: int,
    value: float,
    unit: str,
    chinese: bool,
    comparator: str = "=",
    fraction_word: bool = False,
) -> Quantity:
    """Attach an adjacent qualifier: 超300亿元, 130个以上, 6%左右."""
    pm = _PREFIX_Q.search(text, max(0, start - QUALIFIER_MAX), start)
    if pm and lx.NOT_QUALIFIER_BEFORE.match(text, max(0, pm.start() - 1), pm.end()):
        pm = None  # 通过, 经过: a verb ending in 过
    if pm:
        comparator = lx.PREFIX_QUALIFIERS[pm.group()]
        start = pm.start()
    sm = _SUFFIX_Q.match(text, end)
    if sm:
        comparator = lx.SUFFIX_QUALIFIERS[sm.group()]
        end = sm.end()
    return Quantity(start, end, num_start, num_end, value, unit, comparator, chinese,
                    fraction_word)  # fmt: skip
