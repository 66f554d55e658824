"""Reconcile: match a review's reported results to the plan's targets (年终核对).

A result matches a target when it is for the plan's year, has the same unit
and measure, and names a similar indicator (character-bigram Dice, the same
measure the extraction scorer uses). Each target takes its best result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ..extract import Mention
from ..extract.naming import simplified
from ..similarity import dice
from ..store.models import Target
from ..store.repo import add_progress

MIN_SCORE = 0.5


@dataclass(frozen=True, slots=True)
class Match:
    target_id: int
    target_name: str
    target_sentence: str
    target_value: float | None
    unit: str
    result: Mention
    score: float


def similarity(a: str, b: str) -> float:
    """Name similarity with traditional characters folded (地區 = 地区)."""
    return dice(simplified(a), simplified(b))


def propose(targets: Sequence[Target], results: Sequence[Mention], year: int) -> list[Match]:
    """Best result per target, each result used once, best pairs first."""
    pairs: list[tuple[float, int, int]] = []
    for ti, t in enumerate(targets):
        if t.value is None:
            continue
        for ri, m in enumerate(results):
            if m.kind == "target" or m.year != year or m.unit != t.unit or m.measure != t.measure:
                continue
            score = similarity(m.indicator, t.name)
            if score >= MIN_SCORE:
                pairs.append((score, ti, ri))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_t: set[int] = set()
    used_r: set[int] = set()
    out = []
    for score, ti, ri in pairs:
        if ti in used_t or ri in used_r:
            continue
        used_t.add(ti)
        used_r.add(ri)
        t = targets[ti]
        out.append(Match(t.id, t.name, t.source_sentence or "", t.value, t.unit, results[ri],
                         round(score, 3)))  # fmt: skip
    order = {t.id: i for i, t in enumerate(targets)}
    return sorted(out, key=lambda m: order[m.target_id])


def accept(session: Session, matches: Sequence[Match], document: str, actor: str) -> int:
    """Record accepted matches as the targets' year-end actuals; returns how many."""
    for m in matches:
        target = session.get(Target, m.target_id)
        if target is None:
            continue
        as_of: date = target.due
        add_progress(
            session, target.id, as_of, m.result.value, actor,
            note=f"年终核对:{document}「{m.result.sentence}」"
            + ("(预计数)" if m.result.kind == "forecast" else ""),
        )  # fmt: skip
    return len(matches)
