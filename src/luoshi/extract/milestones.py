"""Commitments without a number in a plan: dated outcomes (保障理想三基地明年投产) and
the work items of a goal-setting passage (深化镇域综合执法改革)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from . import lexicon as lx
from .figure import CLAUSE_BREAK, Found
from .timeref import Calendar, time_refs

CLAUSE_MIN = 4  # a clause shorter than this commits to nothing

_DONE_VERB = re.compile(lx.alternation(lx.DONE_VERBS))
_TASK = re.compile(
    rf"[“\"]?(?:{lx.alternation(lx.TASK_ADVERBS)})?(?:{lx.alternation(lx.TASK_VERBS)})"
)


class Commitment(NamedTuple):
    lo: int  # the clause, in the normalised text
    hi: int
    year: int | None
    task: bool  # a work item rather than a dated outcome
    deadline: str  # as written: 年底前, 上半年 …


def commitments(
    n: str, lo: int, hi: int, found: list[Found], in_plan: bool, in_area: bool,
    is_topic: bool, cal: Calendar,
) -> Iterator[Commitment]:  # fmt: skip
    """The clauses of the sentence ``n[lo:hi]`` that commit to something without a figure.

    ``in_area``: the sentence is in a plan's area of work (a paragraph led by its area, or a
    section that sets goals), where an action-led clause is a work item, not an exhortation.
    """
    pos = lo
    for m in [*CLAUSE_BREAK.finditer(n, lo, hi), None]:
        c_lo, c_hi = pos, (m.start() if m else hi)
        pos = m.end() if m else hi
        if c_hi - c_lo < CLAUSE_MIN or any(c_lo <= f.q.start < c_hi for f in found):
            continue
        deadline = lx.DEADLINES.search(n, c_lo, c_hi)
        when = deadline.group() if deadline else ""
        if _DONE_VERB.search(n, c_lo, c_hi):
            refs = time_refs(n, c_lo, c_hi, cal)
            future = [
                r for r in refs
                if r.year is not None
                and (r.future or (cal.plan is not None and r.year >= cal.plan))
            ]  # fmt: skip
            if future or (in_plan and deadline):
                year = future[0].year if future else cal.plan
                yield Commitment(c_lo, c_hi, year, False, when)
                continue
        if in_plan and in_area and not is_topic and _TASK.match(n, task_start(n, c_lo, c_hi), c_hi):
            yield Commitment(c_lo, c_hi, cal.plan, True, when)


def task_start(n: str, lo: int, hi: int) -> int:
    """Where the action of a clause starts, after time and cue words: 明年力争|建成…"""
    m = lx.TASK_LEAD.match(n, lo, hi)
    return m.end() if m else lo
