"""What a quantity measures (level, growth or ratio), and quantities written without a unit.

spec: docs/indicators.md §3 (measure) and §4 (units): a rate after a verb of change is a
growth (negative after a verb of decline); a table cell holding a bare number takes its
unit from its column, its 计量单位 column, its row or the table's caption; a structure
a:b:c is three shares in %.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon as lx
from .mention import Measure
from .numerals import scaled
from .scan import Quantity, scan
from .segment import Block

GROWTH_LOOKBACK = 40  # characters before a rate searched for the verb that makes it a change

_DOWN = frozenset(lx.DECLINE_VERBS)
_GROWTH_END = re.compile(
    r"(" + lx.alternation(lx.GROWTH_VERBS + lx.DECLINE_VERBS) + r")"
    r"(?:" + lx.alternation(lx.BENCHMARKS) + r")?(?:了|率|为|达|约|分别|幅度)*\s*$"
)
# a list item without its own verb: 分别增长26.8%、12% / 增长5%和6%
_LIST_ITEM = re.compile(
    r"(" + lx.alternation(lx.CHANGE_WORDS) + r")[^,;。]*?[0-9.]+(?:%|个百分点)?"
    r"(?:[、和及与]|,(?:力争|争取|确保|努力)(?:达到|实现)?)$"
)


def measure(n: str, q: Quantity, lo: int) -> tuple[Measure, float, str]:
    """The measure, signed value and unit of ``q`` from the words before it."""
    unit, value = q.unit, q.value
    if unit not in lx.RATE_UNITS:
        return "level", value, unit
    left = n[max(lo, q.start - GROWTH_LOOKBACK) : q.start]
    growth = growth_verb(left)
    if unit in ("百分点", "千分点"):
        return "growth", -abs(value) if growth == "down" else value, unit
    if growth is None:
        lm = _LIST_ITEM.search(left)
        if lm:
            growth = "down" if lm.group(1) in _DOWN else "up"
    if growth is None:
        return "ratio", value, unit
    if unit == "倍":
        value, unit = scaled(value, 100), "%"
    return "growth", (-value if growth == "down" else value), unit


def growth_verb(left: str) -> str | None:
    """ "up" or "down" when ``left`` ends in a verb of change (增长, 下降了…), else None."""
    m = _GROWTH_END.search(left)
    if not m:
        return None
    if lx.TO_LEVEL.search(left):
        return None
    return "down" if m.group(1) in _DOWN else "up"


# --- bare numbers in table cells ---------------------------------------------------------

_BARE_NUMBER = re.compile(r"\s*(-?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)\s*$")
_UNIT_NOTES = (
    re.compile(r"单位[::]\s*([^\s,;)()]{1,8})"),  # 单位:亿元
    re.compile(r"[((]([^()()0-9]{1,8})[))]\s*$"),  # 地区生产总值(亿元)
)
_BARE_PERCENT = re.compile(r"(%|百分点)$")  # a header 增长% or 增减百分点


def bare_cell(n: str, lo: int, hi: int, block: Block) -> list[Quantity]:
    """A table cell holding only a number takes its unit from the row, column or title."""
    m = _BARE_NUMBER.match(n, lo, hi)
    cell = block.cell
    if m is None or cell is None:
        return []
    # the column's own unit first (a 增速(%) column in a row of 亿元), then the row's
    written = [um.group(1) for s in (cell.header,) for p in (*_UNIT_NOTES, _BARE_PERCENT)
               if (um := p.search(s))]  # fmt: skip
    written += [cell.unit] if cell.unit else []
    written += [um.group(1) for s in (cell.row_label, block.table_title) for p in _UNIT_NOTES
                if (um := p.search(s))]  # fmt: skip
    if lx.SHARE_CAPTION.search(block.table_title):
        written.append("%")
    for note in written:
        unit = unit_note(note.strip())
        if unit is None:
            continue
        value = scaled(float(m.group(1).replace(",", "")), unit[0])
        return [Quantity(m.start(1), m.end(1), m.start(1), m.end(1), value, unit[1], "=", False)]
    return []


@lru_cache(maxsize=256)
def unit_note(note: str) -> tuple[float, str] | None:
    """亿元 → (1e8, 元): what one of a table's unit notes multiplies a bare number by."""
    probe = next(scan("1" + note), None)
    if probe is None or probe.num_end != 1:
        return None
    return probe.value, probe.unit


# --- quantities the scanner cannot see ---------------------------------------------------

_NUMBER = r"[0-9]{1,3}(?:\.[0-9]{1,4})?"
_STRUCTURE = re.compile(rf"(?<![0-9.:∶])({_NUMBER})[:∶]({_NUMBER})[:∶]({_NUMBER})(?![0-9:∶])")
_PART_NAMES = ("第一产业比重", "第二产业比重", "第三产业比重")
STRUCTURE_SLACK = 1.5  # rounded parts of a whole add up to 100 within this


def structure_parts(n: str, lo: int, hi: int) -> list[tuple[Quantity, str]]:
    """三次产业结构9.7:47.3:43 — each part a share of the whole in % (spec §2): parts
    that add up to 100 are a structure, not a clock time or a score."""
    out: list[tuple[Quantity, str]] = []
    for m in _STRUCTURE.finditer(n, lo, hi):
        parts = [float(g) for g in m.groups()]
        if abs(sum(parts) - 100) > STRUCTURE_SLACK:
            continue
        for k, name in enumerate(_PART_NAMES, start=1):
            q = Quantity(m.start(k), m.end(k), m.start(k), m.end(k), parts[k - 1], "%", "=", False)
            out.append((q, name))
    return out


def income_gap(n: str, lo: int, hi: int) -> Quantity | None:
    """城乡居民收入倍差缩小至1.66: a multiple written without 倍."""
    m = lx.BEICHA.search(n, lo, hi)
    if m is None:
        return None
    value = float(m.group(1))
    return Quantity(m.start(1), m.end(1), m.start(1), m.end(1), value, "倍", "=", False)


# --- a unit or qualifier written once after a list -----------------------------------------

_BARE_ITEM = re.compile(r"(?<![0-9.])([0-9]{1,12}(?:\.[0-9]{1,6})?)\s*[、和及与或]\s*$")
_ITEM_JOIN = re.compile(r"\s*[、和及与或]\s*")
LIST_ITEM_MAX = 24  # characters before a figure searched for the bare item before it


def shared_units(n: str, lo: int, qs: list[Quantity]) -> list[Quantity]:
    """0.7、1.2个百分点 / 3、5万人 / 8%、9%以上: the unit (with its multiplier) and a
    qualifier written after the last item apply to every item of the list (spec §4)."""
    out: list[Quantity] = []
    for i, q in enumerate(qs):
        items: list[Quantity] = []
        number = n[q.num_start : q.num_end].replace(",", "")
        if q.start == q.num_start and not q.chinese and number.replace(".", "", 1).isdigit():
            factor = q.value / float(number) if float(number) else 0.0
            pos = q.num_start
            floor = max(lo, qs[i - 1].end if i else lo)
            while factor:
                m = _BARE_ITEM.search(n, max(floor, pos - LIST_ITEM_MAX), pos)
                if m is None:
                    break
                v = scaled(float(m.group(1)), factor)
                a, b = m.start(1), m.end(1)
                items.append(Quantity(a, b, a, b, v, q.unit, q.comparator, False))
                pos = m.start(1)
        if q.comparator != "=" and q.start == q.num_start:
            # 8%、9%以上: earlier items of the same unit share the qualifier written at the end
            k = len(out) - 1
            prev_start = q.start
            while (
                k >= 0
                and out[k].unit == q.unit
                and out[k].comparator == "="
                and (_ITEM_JOIN.fullmatch(n, out[k].end, prev_start))
            ):
                out[k].comparator = q.comparator
                prev_start = out[k].start
                k -= 1
        out.extend(reversed(items))
        out.append(q)
    return out
