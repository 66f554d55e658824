"""Numbers as people write them in Chinese offices: 15亿元, 2.6万人, 102,000个, 30.8%.

One formatter for every surface (web pages, documents, the command line), so a
figure reads the same wherever it is shown and never as 1.5e+10. The rules:

- money (元, 美元, …) in 亿元 from 1亿 and in 万元 from 1万, at most two decimals
  (``register.units.display_unit``, which the Excel task table uses too);
- other amounts in 亿 from 1亿 (1.2亿人次); a round count from 1万 to under 10万
  (whole thousands) in 万, as plans write their targets (2.6万人, 1万家); every
  other count in full, as reports give them, with thousands separators
  (102,000个, 13,650人, 3,220个);
- rates and shares (%, ‰, 百分点, 倍 …) as reported, at most two decimals;
- shares computed by luoshi (完成率, 序时进度) always with one decimal (30.8%,
  50.0%), gaps in percentage points with one decimal and a sign (+3.1, -19.2).

Values are rounded half away from zero on their decimal form (2.675 → 2.68), not on
binary floats.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from .domain import COMPARATOR_SIGNS

__all__ = ["number", "percent", "points", "quantity", "scaled"]

DECIMALS = 2  # of an amount, after scaling to 万/亿
WAN, YI = 10**4, 10**8
# Units that are a rate or a share: never scaled by 万 or 亿.
RATE_UNITS: frozenset[str] = frozenset(
    {"%", "百分点", "个百分点", "‰", "千分点", "倍", "岁", "微克/立方米", "毫克/立方米"}
)


def _rounded(x: float, decimals: int) -> Decimal:
    # repr is the shortest decimal that round-trips: 2.675, not 2.67499999…
    exp = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(x))).quantize(exp, rounding=ROUND_HALF_UP)


def number(x: float, decimals: int = DECIMALS, *, group: bool = True) -> str:
    """``x`` with at most ``decimals`` decimals and no trailing zeros, never in exponent form.

    Thousands are separated (3,220; 12,345), as the register's tables and the task
    table do; ``group=False`` never separates them.
    """
    if not math.isfinite(x):
        return "—"
    d = _rounded(x, decimals)
    if d == 0:
        d = abs(d)  # no "-0"
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    if group and len(digits) >= 4:
        digits = f"{int(digits):,}"
    return sign + digits + (f".{frac}" if frac else "")


def scaled(value: float, unit: str) -> tuple[str, str]:
    """The number and the unit a figure is shown in: (1.5e10, 元) → (150, 亿元)."""
    from .register.units import MONEY_UNITS, display_unit, from_canonical

    if unit in MONEY_UNITS:
        shown, factor = display_unit(value, unit)
        return number(from_canonical(value, factor)), shown
    if unit in RATE_UNITS:
        return number(value), unit
    size = abs(value)
    if size >= YI:
        return number(from_canonical(value, YI)), "亿" + unit
    if WAN <= size < 10 * WAN and _rounded(value / WAN, 1) * WAN == _rounded(value, 6):
        return number(from_canonical(value, WAN)), "万" + unit
    return number(value), unit


def quantity(value: float | None, unit: str, comparator: str = "=", *, blank: str = "") -> str:
    """A target or a figure with its unit and comparator sign: ≥15亿元, 2.6万人, 102,000个."""
    if value is None or not math.isfinite(value):
        return blank
    shown, words = scaled(value, unit)
    return f"{COMPARATOR_SIGNS.get(comparator, '')}{shown}{words}"


def percent(share: float | None, decimals: int = 1, *, blank: str = "") -> str:
    """A share computed by luoshi as a percentage with fixed decimals: 0.308 → 30.8%."""
    if share is None or not math.isfinite(share):
        return blank
    d = _rounded(share * 100, decimals)
    return f"{abs(d) if d == 0 else d:f}%"


def points(pp: float | None, *, blank: str = "") -> str:
    """Percentage points with a sign and one decimal (+3.1, -19.2); blank when unknown.

    An ASCII minus: U+2212 is missing from common Chinese fonts (WenQuanYi).
    """
    if pp is None or not math.isfinite(pp):
        return blank
    d = _rounded(pp, 1)
    if d == 0:
        return "+0.0"
    return f"{d:+f}"
