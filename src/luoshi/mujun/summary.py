"""Summaries of an evaluation per town or park: the figures the 板块 ranking uses.

亩均税收 of a place is Σ tax ÷ Σ land over its rated enterprises (the same rule as the
district average, ``score._average``); the share of D-class land is D-class land ÷ all
rated land. Class changes compare this year's class with last year's, enterprise by
enterprise (A→C is news: a fall of two classes or more is marked).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .score import Evaluation, Result

__all__ = [
    "CLASS_ORDER",
    "ClassChange",
    "PlaceSummary",
    "class_changes",
    "land_of",
    "place_summaries",
]

CLASS_ORDER = ("A", "B", "C", "D")


def land_of(r: Result) -> float:
    v = r.enterprise.values
    return sum(
        float(x) for k in ("land_owned", "land_rented") if isinstance(x := v.get(k), int | float)
    )


def _num(r: Result, key: str) -> float:
    x = r.enterprise.values.get(key)
    return float(x) if isinstance(x, int | float) else 0.0


@dataclass
class PlaceSummary:
    place: str
    counts: dict[str, int] = field(default_factory=dict)  # class → enterprises (A–D, T)
    rated: int = 0
    tax: float = 0.0
    land: float = 0.0
    d_land: float = 0.0
    mean_score: float = 0.0

    @property
    def tax_per_mu(self) -> float | None:
        return self.tax / self.land if self.land else None

    @property
    def d_land_share(self) -> float | None:
        return self.d_land / self.land if self.land else None


def place_summaries(ev: Evaluation, by: str = "town") -> list[PlaceSummary]:
    """One line per town (or park), best 亩均税收 first."""
    places: dict[str, PlaceSummary] = {}
    scores: dict[str, float] = defaultdict(float)
    for r in ev.results:
        if not r.klass:
            continue
        name = r.enterprise.text(by) or "（未填）"
        s = places.setdefault(name, PlaceSummary(name))
        s.counts[r.klass] = s.counts.get(r.klass, 0) + 1
        if r.status != "rated":
            continue
        land = land_of(r)
        s.rated += 1
        s.tax += _num(r, "tax")
        s.land += land
        scores[name] += r.score
        if r.klass == "D":
            s.d_land += land
    for name, s in places.items():
        s.mean_score = scores[name] / s.rated if s.rated else 0.0
    return sorted(places.values(), key=lambda s: -(s.tax_per_mu or 0.0))


@dataclass(frozen=True)
class ClassChange:
    code: str
    name: str
    before: str
    after: str

    @property
    def steps(self) -> int:
        """Classes moved: positive is a fall (A→C is 2), negative a rise; 0 when not comparable."""
        if self.before in CLASS_ORDER and self.after in CLASS_ORDER:
            return CLASS_ORDER.index(self.after) - CLASS_ORDER.index(self.before)
        return 0


def class_changes(ev: Evaluation, last_year: Mapping[str, str]) -> list[ClassChange]:
    """Enterprises whose class differs from ``last_year`` (code → class), biggest falls first."""
    out = [ClassChange(r.code, r.enterprise.name, last_year[r.code], r.klass)
           for r in ev.results
           if r.klass and r.code in last_year and last_year[r.code] != r.klass]  # fmt: skip
    return sorted(out, key=lambda c: (-c.steps, c.code))


def class_counts(results: Sequence[Result]) -> dict[str, int]:
    out = dict.fromkeys((*CLASS_ORDER, "T"), 0)
    for r in results:
        if r.klass in out:
            out[r.klass] += 1
    return out
