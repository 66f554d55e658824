"""A quantity judged an indicator while its sentence is read, and the clause it sits in.

Shared by the stages that decide its measure, name, kind and year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mention import Measure
from .scan import Quantity

CLAUSE_BREAK = re.compile(r"[,;:。!?]")
# a comma inside brackets does not end a clause: 地区生产总值(第1项,亿元)
BRACKETED = re.compile(r"[((][^()()]{0,30}[))]")


@dataclass(slots=True)
class Found:
    """A figure of a sentence: its quantity, measure and (once named) its indicator."""

    q: Quantity
    measure: Measure
    value: float
    unit: str
    name_lo: int
    name_hi: int
    name: str = ""


def clause_start(n: str, lo: int, pos: int) -> int:
    """Start of the clause that ends at ``pos``; a comma inside brackets does not count."""
    region = BRACKETED.sub(lambda m: "(" + "_" * (len(m.group()) - 2) + ")", n[lo:pos])
    cut = 0
    for m in CLAUSE_BREAK.finditer(region):
        cut = m.end()
    return lo + cut


def last_clause_start(n: str, lo: int, pos: int) -> int:
    """Start of the clause holding ``pos`` (brackets not considered)."""
    clause_lo = lo
    for m in CLAUSE_BREAK.finditer(n, lo, pos):
        clause_lo = m.end()
    return clause_lo
