"""Units of measure (单位) as people write them in a task table, and canonical values.

A register keeps every value in a canonical unit (spec/indicators.md §4: 元, 人,
个, %, …) with multipliers folded in (2.9万人 → 29000 人). Tables show values in
a readable unit (3220亿元) and write units in many ways (万元, 萬元, 平方千米),
so reading and writing both go through here. Arithmetic is decimal, so that
2.9万 is 29000 and not 28999.999999999996.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from ..extract.lexicon import (
    COMPARATOR_SIGNS,
    COMPARATOR_WORDS,
    MULTIPLIER_WORDS,
    PREFIX_QUALIFIERS,
    SUFFIX_QUALIFIERS,
    alternation,
)
from ..extract.lexicon import UNITS as LEXICON_UNITS
from ..extract.naming import simplified

__all__ = [
    "CANONICAL_UNITS",
    "Quantity",
    "UnitSpec",
    "display_unit",
    "from_canonical",
    "normalize_text",
    "parse_comparator",
    "parse_quantity",
    "parse_unit",
    "to_canonical",
    "unknown_unit",
]

# The units a register accepts, in their canonical spelling (spec §4).
CANONICAL_UNITS: frozenset[str] = frozenset(
    {
        # money
        "元", "美元", "欧元", "港元",
        # people and counts: the measure word stays the unit
        "人", "人次", "名", "位", "户", "个", "家", "项", "件", "套", "所", "座", "条", "批",
        "辆", "台", "次", "场", "篇", "只", "处", "栋", "床", "张",
        # area, length, mass, volume, energy
        "亩", "平方米", "平方公里", "公顷", "公里", "米", "吨", "吨标煤", "立方米", "千瓦",
        "千瓦时",
        # rates and the rest
        "%", "百分点", "‰", "倍", "岁", "微克/立方米",
    }
)  # fmt: skip

# Other spellings of canonical units (looked up after ``normalize_text``); the
# extractor's lexicon adds its own, so that a register drafted from a plan can
# be exported and read back whatever units the plan used.
ALIASES: dict[str, str] = {
    "千米": "公里", "平方千米": "平方公里", "个百分点": "百分点", "套（间）": "套",
    "吨标准煤": "吨标煤", "床位": "床", "人民币": "元", "元人民币": "元", "μg/m3": "微克/立方米",
    "百分比": "%", "圆": "元",
}  # fmt: skip

_KNOWN: dict[str, str] = {u: u for u in CANONICAL_UNITS} | LEXICON_UNITS | ALIASES

MONEY_UNITS: frozenset[str] = frozenset({"元", "美元", "欧元", "港元", "日元", "英镑"})

# Units that a multiplier never precedes: 万% is a typo, not 10⁴ %.
_NO_MULTIPLIER: frozenset[str] = frozenset(
    {"%", "百分点", "‰", "千分点", "倍", "岁", "微克/立方米", "毫克/立方米", "毫克/升"}
)

# The extractor's multipliers (spec §4), longest first so that 万亿 is not read as 万 + 亿….
MULTIPLIERS: dict[str, int] = {
    w: int(f) for w, f in sorted(MULTIPLIER_WORDS.items(), key=lambda wf: -len(wf[0]))
}


# A comparator before the number (≥, 不低于, 约 …) or after it (以上, 左右 …): the extractor's words.
_PREFIXES = COMPARATOR_SIGNS.keys() | PREFIX_QUALIFIERS.keys()
_SUFFIXES = SUFFIX_QUALIFIERS.keys()
_QUANTITY = re.compile(
    rf"(?P<pre>{alternation(_PREFIXES)})?"
    r"(?P<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+))"
    r"(?P<inner>余|多)?"
    r"(?P<unit>.*?)"
    rf"(?P<post>{alternation(_SUFFIXES)})?"
)


@dataclass(frozen=True, slots=True)
class UnitSpec:
    """A unit as written, split into its canonical unit and multiplier.

    ``base`` is "" when only a multiplier was written (2.9万).
    """

    base: str
    factor: int
    text: str

    def compatible(self, other: UnitSpec) -> bool:
        return not self.base or not other.base or self.base == other.base


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written in a cell: ``≥2.9万人`` → number 2.9, unit 万人, comparator >=."""

    number: Decimal
    unit: UnitSpec | None
    comparator: str | None


def normalize_text(text: str) -> str:
    """Half-width, simplified, without spaces or thousands separators: what the parsers match."""
    s = simplified(unicodedata.normalize("NFKC", text))  # the extractor's folding (OpenCC)
    s = re.sub(r"\s+", "", s)
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", s)


def parse_unit(text: str) -> UnitSpec | None:
    """万元 → (元, 10⁴); 千瓦 → (千瓦, 1); 万 → ("", 10⁴); None when the unit is unknown."""
    s = normalize_text(text)
    canonical = _canonical(s)
    if canonical:
        return UnitSpec(canonical, 1, s)
    for word, factor in MULTIPLIERS.items():
        if s.startswith(word):
            rest = s[len(word) :]
            if not rest:
                return UnitSpec("", factor, s)
            base = _canonical(rest)
            if base and base not in _NO_MULTIPLIER:
                return UnitSpec(base, factor, s)
            return None
    return None


def _canonical(s: str) -> str:
    return _KNOWN.get(s, "")


def parse_comparator(text: str) -> str | None:
    """``≥``, ``以上`` … → ``>=``; "" for an empty cell; None when the word is unknown."""
    s = normalize_text(text)
    if not s:
        return ""
    return COMPARATOR_WORDS.get(s)


def parse_quantity(text: str) -> Quantity | None:
    """``3220亿元``, ``≥130个``, ``6%左右``, ``2.9万`` → a Quantity; None when it is not one.

    An unknown unit (``5头``) makes it None too; ``unknown_unit`` tells that case apart.
    """
    m = _QUANTITY.fullmatch(normalize_text(text))
    if not m:
        return None
    unit: UnitSpec | None = None
    if m["unit"]:
        unit = parse_unit(m["unit"])
        if unit is None:
            return None
    comparators = {COMPARATOR_WORDS[w] for w in (m["pre"], m["post"]) if w}
    if m["inner"]:
        comparators.add(">=")
    if len(comparators) > 1:
        return None
    number = Decimal(m["num"])
    return Quantity(number, unit, comparators.pop() if comparators else None)


def unknown_unit(text: str) -> str | None:
    """The unit part of a number-with-unit whose unit is unknown (``5头牛`` → ``头牛``)."""
    m = _QUANTITY.fullmatch(normalize_text(text))
    if m and m["unit"] and parse_unit(m["unit"]) is None:
        return str(m["unit"])
    return None


def _decimal(x: float | int | Decimal) -> Decimal:
    # repr of a float is its shortest round-tripping decimal: 2.9, not 2.899999…
    return x if isinstance(x, Decimal) else Decimal(repr(x) if isinstance(x, float) else x)


def to_canonical(number: float | int | Decimal, factor: int) -> float:
    """A shown number in a unit with multiplier ``factor`` → the canonical value."""
    return float(_decimal(number) * factor)


def from_canonical(value: float, factor: int) -> float:
    """A canonical value → the number shown in a unit with multiplier ``factor``."""
    return float(_decimal(value) / factor)


def display_unit(value: float | None, unit: str) -> tuple[str, int]:
    """The unit a table shows ``value`` in, and its multiplier: money in 亿元 or 万元 when large.

    Other units keep their canonical spelling: a count of 29000 人 is not
    rewritten as 2.9 万人 unless the source said so, and the register does not
    remember that.
    """
    if unit in MONEY_UNITS and value is not None:
        if abs(value) >= 1e8:
            return "亿" + unit, 10**8
        if abs(value) >= 1e4:
            return "万" + unit, 10**4
    return unit, 1
