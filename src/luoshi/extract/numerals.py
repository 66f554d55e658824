"""Numbers as Chinese documents write them: 1,234.5 / 十二 / 一千二百万 / 两 / 〇.

Input is already normalised (ASCII digits, simplified characters). Values are
returned as ``float``: indicator values are far below 2**53 and the scorer's
tolerance is relative, so a float is exact enough and keeps the API simple.
"""

from __future__ import annotations

import re

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS: dict[str, int] = {"万": 10**4, "亿": 10**8}
MULTIPLIERS: dict[str, float] = {
    "千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7,
    "亿": 1e8, "十亿": 1e9, "百亿": 1e10, "千亿": 1e11, "万亿": 1e12,
}  # fmt: skip

CHINESE_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿"
_ARABIC = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+")


class NumeralError(ValueError):
    """Text that is not a numeral."""


def scaled(value: float, factor: float) -> float:
    """``value * factor`` without binary noise: 1347.1 × 10⁸ is 134710000000, not …99998."""
    return float(f"{value * factor:.15g}")


def parse_arabic(text: str) -> float:
    if not _ARABIC.fullmatch(text):
        raise NumeralError(text)
    return float(text.replace(",", ""))


def _parse_section(text: str) -> int:
    """A numeral below 一万: 三千零五十, 十二, 两百."""
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS and DIGITS[ch] == 0:
            continue  # 零 only marks a gap: 三千零五 = 3005
        if ch in DIGITS:
            if digit is not None:  # 一二 is not a numeral (digit strings are handled apart)
                raise NumeralError(text)
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            raise NumeralError(text)
    return total + (digit or 0)


def parse_chinese_integer(text: str) -> int:
    """一千二百万 → 12000000; 两亿三千万 → 230000000; 一〇二 → 102 (digit by digit)."""
    if not text:
        raise NumeralError(text)
    if all(ch in DIGITS for ch in text) and len(text) > 1 and any(ch in "〇○零" for ch in text):
        # 一〇二 style: digits written one by one (一二 or 三四 is "one or two", not a number)
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section = 0, ""
    for ch in text:
        if ch in BIG_UNITS:
            value = _parse_section(section) if section else (0 if total else 1)
            if ch == "亿":
                total = (total + value) * 10**8
            else:
                # 万 applies to the part below 亿 only: 三亿两千万 = 3亿 + 2000万
                high, low = divmod(total, 10**8)
                total = high * 10**8 + (low + value) * 10**4
            section = ""
        else:
            section += ch
    return total + (_parse_section(section) if section else 0)


def parse_chinese(text: str) -> float:
    """Chinese numeral with an optional decimal part: 三点五 → 3.5."""
    whole, _, frac = text.partition("点")
    value = float(parse_chinese_integer(whole)) if whole else 0.0
    if frac:
        if not all(ch in DIGITS for ch in frac):
            raise NumeralError(text)
        value += float("0." + "".join(str(DIGITS[ch]) for ch in frac))
    return value


def parse_number(text: str) -> float:
    """Arabic or Chinese numeral, possibly mixed with a big multiplier: 1.2万亿, 3千."""
    if not text:
        raise NumeralError(text)
    if text[0].isascii():
        m = _ARABIC.match(text)
        if not m:
            raise NumeralError(text)
        rest = text[m.end() :]
        value = float(m.group().replace(",", ""))
        if rest:
            if rest not in MULTIPLIERS:
                raise NumeralError(text)
            value = scaled(value, MULTIPLIERS[rest])
        return value
    return parse_chinese(text)


def to_chinese(n: int) -> str:
    """Write a non-negative integer as a Chinese numeral (for tests and display)."""
    if n < 10**4:
        return _below_10k(n)
    unit, size = ("万", 10**4) if n < 10**8 else ("亿", 10**8)
    high, low = divmod(n, size)
    out = to_chinese(high) + unit
    if low:
        out += ("零" if low < size // 10 else "") + to_chinese(low)
    return out


def _below_10k(x: int) -> str:
    digits = "零一二三四五六七八九"
    out, gap = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, x = divmod(x, unit)
        if d:
            out += ("零" if gap else "") + digits[d] + name
            gap = False
        elif out:
            gap = True
    return out or "零"
