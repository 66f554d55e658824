"""Scoring and classing: the pure core of an evaluation.

For each enterprise: is it in scope (参评), set aside as T, or rated; which group it is
rated in; each indicator's value, its benchmark, value ÷ benchmark (capped) × weight;
bonus and penalty lines; the total; its rank within its comparison scope and group; its
class. Every step is kept so the result can be explained line by line (``explain``).
No I/O: enterprises and last year's averages come in, an ``Evaluation`` goes out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .fields import DERIVED, FIELDS, derive
from .method import SCOPE_LABELS, Indicator, Item, Method

__all__ = [
    "Enterprise",
    "Evaluation",
    "IndicatorScore",
    "ItemLine",
    "Result",
    "evaluate",
    "fmt",
    "indicator_averages",
]

Verdict = Literal["rated", "T", "out"]


def fmt(x: float | None, decimals: int = 2) -> str:
    """A number as a table shows it: at most ``decimals`` decimals, no trailing zeros."""
    if x is None:
        return "—"
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True, slots=True)
class Enterprise:
    """One enterprise's joined figures: ``values`` maps field keys (fields.FIELDS) to values."""

    code: str
    name: str
    values: Mapping[str, object]

    def text(self, key: str) -> str:
        v = self.values.get(key)
        return "" if v is None else str(v)


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    key: str
    name: str
    unit: str
    weight: float
    value: float | None
    benchmark: float | None
    ratio: float | None  # value ÷ benchmark before the cap
    counted: float  # the ratio that scores: capped, never below 0
    points: float
    missing: str = ""  # why there is no value


@dataclass(frozen=True, slots=True)
class ItemLine:
    name: str
    points: float
    force_class: str = ""


@dataclass
class Result:
    enterprise: Enterprise
    status: Verdict
    reason: str = ""  # why T or out of scope
    group: str = ""
    scope_value: str = ""  # the town or park ranked within ("" for the district)
    indicators: list[IndicatorScore] = field(default_factory=list)
    bonuses: list[ItemLine] = field(default_factory=list)
    penalties: list[ItemLine] = field(default_factory=list)
    base: float = 0.0
    bonus: float = 0.0
    penalty: float = 0.0
    score: float = 0.0
    rank: int = 0
    of: int = 0
    klass: str = ""  # A–D, T, or "" when out of scope
    forced: str = ""  # the item that forced the class

    @property
    def code(self) -> str:
        return self.enterprise.code


@dataclass(frozen=True)
class BenchmarkValue:
    value: float | None
    how: str  # 上年全区平均 12.3 × 2


@dataclass
class Evaluation:
    method: Method
    year: int
    results: list[Result]
    benchmarks: dict[tuple[str, str, str], BenchmarkValue]  # (scope value, group, key)
    warnings: list[str]

    def rated(self) -> list[Result]:
        return [r for r in self.results if r.status == "rated"]

    def by_code(self) -> dict[str, Result]:
        return {r.code: r for r in self.results}


def _namespace(e: Enterprise, year: int) -> dict[str, object]:
    return derive(dict(e.values), year)


def _truth(expr: object, ns: Mapping[str, object]) -> bool:
    return bool(expr(ns)) if expr is not None else True  # type: ignore[operator]


def _classify(method: Method, ns: Mapping[str, object]) -> tuple[Verdict, str, str]:
    """(status, reason, group name) of one enterprise."""
    if method.eligible is not None and not method.eligible.when(ns):
        return "out", method.eligible.name, ""
    for rule in method.exclusions:
        if rule.when(ns):
            return "T", rule.name, ""
    for g in method.groups:
        if _truth(g.when, ns):
            return "rated", "", g.name
    return "out", "不属于任何评价组", ""


def _scope_value(method: Method, e: Enterprise) -> str:
    return "" if method.scope == "district" else e.text(method.scope) or "（未填）"


def _average(ind: Indicator, rows: Iterable[Mapping[str, object]]) -> float | None:
    """Σ numerator ÷ Σ denominator for a ratio (全区亩均税收), else the mean of the values."""
    f = ind.formula
    if f.numerator is not None and f.denominator is not None:
        num = den = 0.0
        for ns in rows:
            a, b = f.numerator(ns), f.denominator(ns)
            if a is not None and b:
                num, den = num + a, den + b
        return num / den if den else None
    vals = [v for v in (f(ns) for ns in rows) if v is not None]
    return sum(vals) / len(vals) if vals else None


def _percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile, interpolated between ranks (Excel's PERCENTILE.INC)."""
    if not values:
        return None
    s = sorted(values)
    pos = (len(s) - 1) * p / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def indicator_averages(
    method: Method, enterprises: Sequence[Enterprise], year: int
) -> dict[str, float]:
    """Each indicator's average over the rated enterprises of ``year`` — next year's base."""
    rows = [ns for e in enterprises
            if _classify(method, ns := _namespace(e, year))[0] == "rated"]  # fmt: skip
    out = {}
    for ind in method.indicators:
        avg = _average(ind, rows)
        if avg is not None:
            out[ind.key] = avg
    return out


def evaluate(
    method: Method,
    enterprises: Sequence[Enterprise],
    year: int,
    previous: Mapping[str, float] | None = None,
) -> Evaluation:
    """Score and class ``enterprises`` for ``year``; ``previous`` holds last year's averages."""
    previous = previous or {}
    warnings: list[str] = []
    results: list[Result] = []
    spaces: list[dict[str, object]] = []
    for e in enterprises:
        ns = _namespace(e, year)
        status, reason, group = _classify(method, ns)
        klass = "T" if status == "T" else ""
        results.append(Result(e, status, reason, group, _scope_value(method, e), klass=klass))
        spaces.append(ns)

    cohorts: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(results):
        if r.status == "rated":
            cohorts[(r.scope_value, r.group)].append(i)

    benchmarks: dict[tuple[str, str, str], BenchmarkValue] = {}
    groups = {g.name: g for g in method.groups}
    for (scope_value, gname), members in cohorts.items():
        rows = [spaces[i] for i in members]
        for key, weight in groups[gname].weights:
            ind = method.indicator(key)
            bench = _benchmark(method, ind, rows, previous, scope_value, warnings)
            benchmarks[(scope_value, gname, key)] = bench
            for i in members:
                results[i].indicators.append(_indicator_score(ind, weight, spaces[i], bench.value))
        for i in members:
            _items(method, results[i], spaces[i])
        _rank_and_class(method, [results[i] for i in members])
    return Evaluation(method, year, results, benchmarks, warnings)


def _benchmark(
    method: Method,
    ind: Indicator,
    rows: list[dict[str, object]],
    previous: Mapping[str, float],
    scope_value: str,
    warnings: list[str],
) -> BenchmarkValue:
    b = ind.benchmark
    where = scope_value or "全区"
    if b.rule == "fixed":
        return BenchmarkValue(b.value, f"固定基准值 {fmt(b.value)}")
    if b.rule == "percentile":
        vals = [v for v in (ind.formula(ns) for ns in rows) if v is not None]
        value = _percentile(vals, b.percentile)
        return BenchmarkValue(value, f"本年{where}参评企业第{fmt(b.percentile)}百分位数")
    if b.rule == "previous_average" and ind.key in previous:
        last = previous[ind.key]
        return BenchmarkValue(last * b.multiple, f"上年全区平均值 {fmt(last)} × {fmt(b.multiple)}")
    avg = _average(ind, rows)
    if b.rule == "previous_average":
        warnings.append(f"{ind.name}：没有上年平均值，基准值按本年{where}平均值计算，请核对")
    if avg is None:
        warnings.append(f"{ind.name}：{where}没有可计算的数值，基准值无法确定，该项不得分")
        return BenchmarkValue(None, "无法确定")
    return BenchmarkValue(avg * b.multiple, f"本年{where}平均值 {fmt(avg)} × {fmt(b.multiple)}")


def _label(name: str) -> str:
    f = FIELDS.get(name) or DERIVED.get(name)
    return f.label if f else name


def _indicator_score(
    ind: Indicator, weight: float, ns: Mapping[str, object], bench: float | None
) -> IndicatorScore:
    value = ind.formula(ns)
    if value is None:
        absent = [_label(n) for n in sorted(ind.formula.names) if ns.get(n) is None]
        zero = [_label(n) for n in sorted(ind.formula.names) if ns.get(n) == 0]
        why = (
            ("缺少" + "、".join(absent))
            if absent
            else (("、".join(zero) + "为0") if zero else "无法计算")
        )
        return IndicatorScore(ind.key, ind.name, ind.unit, weight, None, bench, None, 0.0, 0.0, why)
    value = float(value)
    if not bench or bench <= 0:
        return IndicatorScore(
            ind.key, ind.name, ind.unit, weight, value, bench, None, 0.0, 0.0, "基准值无法确定"
        )
    ratio = value / bench
    counted = max(0.0, ratio if ind.cap is None else min(ratio, ind.cap))
    return IndicatorScore(
        ind.key, ind.name, ind.unit, weight, value, bench, ratio, counted, counted * weight
    )


def _item_lines(items: Sequence[Item], ns: Mapping[str, object]) -> list[ItemLine]:
    out = []
    for it in items:
        if _truth(it.when, ns):
            pts = it.points(ns)
            out.append(ItemLine(it.name, float(pts or 0.0), it.force_class))
    return out


def _items(method: Method, r: Result, ns: Mapping[str, object]) -> None:
    r.base = sum(s.points for s in r.indicators)
    r.bonuses = _item_lines(method.bonuses, ns)
    r.penalties = _item_lines(method.penalties, ns)
    bonus = sum(x.points for x in r.bonuses)
    penalty = sum(x.points for x in r.penalties)
    r.bonus = bonus if method.bonus_max is None else min(bonus, method.bonus_max)
    r.penalty = penalty if method.penalty_max is None else min(penalty, method.penalty_max)
    r.score = r.base + r.bonus - r.penalty
    forced = next((x for x in r.bonuses + r.penalties if x.force_class), None)
    if forced:
        r.forced, r.klass = forced.name, forced.force_class


def _rank_and_class(method: Method, cohort: list[Result]) -> None:
    """Competition ranking (equal scores share a rank: 1, 2, 2, 4), then the class bands.

    By rank share an enterprise of rank r among n is in the first band with r ≤ upto × n,
    the bound included (淮安: B is 20%（不含）—60%（含）).
    """
    cohort.sort(key=lambda r: (-round(r.score, 9), r.code))
    n = len(cohort)
    prev_score: float | None = None
    rank = 0
    for pos, r in enumerate(cohort, start=1):
        key = round(r.score, 9)
        if key != prev_score:
            rank, prev_score = pos, key
        r.rank, r.of = rank, n
        if r.forced:
            continue
        if method.classes_by == "rank_share":
            band = next(b for b in method.bands if rank <= (b.upto or 0) * n + 1e-9)
        else:
            band = next(
                (b for b in method.bands if r.score >= (b.min_score or 0)), method.bands[-1]
            )
        r.klass = band.klass


def scope_label(method: Method, r: Result) -> str:
    return r.scope_value or SCOPE_LABELS[method.scope]
