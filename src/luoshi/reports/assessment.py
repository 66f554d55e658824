"""Year-end assessment (考核): every unit scored on the targets it leads, line by line.

The rules are data (``assessment_rules.toml``, readable by the office; pass
another file to change them): a base of 100 points per unit shared by its
targets in proportion to their weights, each earning its share times
min(completion, cap), an optional bonus beyond the cap, and deductions for
reporting faults, capped. Every line keeps the numbers and the words that
produced it, so a unit can check its score by hand.

Who is scored on what: a target counts for its lead unit (the first-listed,
牵头单位). Responsible units (责任单位) are not scored on it unless the rules
give them a share (``[shared] responsible_share``); a target split into
shares (``luoshi split``) already gives each town a target it leads.
Reporting deductions fall on the lead unit only.

Pure: ``Entry`` values in, ``UnitScore`` values out; ``entries`` turns a
plan's facts into entries.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from ..domain import MET, Margins, TargetSpec, Verdict, release_date
from .discipline import Tally, target_tally
from .errors import ReportError
from .facts import PlanFacts
from .text import num, pct

Role = Literal["lead", "responsible"]


@dataclass(frozen=True, slots=True)
class Rules:
    base: float = 100.0
    cap: float = 1.2
    bonus_per_point: float = 0.0
    bonus_max: float = 0.0
    not_reported: float = 0.5
    late: float = 0.2
    empty: float = 0.5
    deduction_max: float = 5.0
    responsible_share: float = 0.0
    default_weight: float = 1.0
    area_weights: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    patterns: tuple[tuple[str, float], ...] = ()
    source: str = "defaults"

    def __post_init__(self) -> None:
        numbers = {"base": self.base, "cap": self.cap, "bonus_per_point": self.bonus_per_point,
                   "bonus_max": self.bonus_max, "not_reported": self.not_reported,
                   "late": self.late, "empty": self.empty, "max": self.deduction_max,
                   "responsible_share": self.responsible_share,
                   "default": self.default_weight}  # fmt: skip
        for name, value in numbers.items():
            if not math.isfinite(value) or value < 0:
                raise ReportError(f"{self.source}: {name} must be a number ≥ 0, not {value}")
        if self.base <= 0 or self.cap <= 0:
            raise ReportError(f"{self.source}: base and cap must be positive")
        for pattern, weight in self.patterns:
            if not math.isfinite(weight) or weight < 0:
                raise ReportError(f"{self.source}: weight of「{pattern}」must be ≥ 0")
        for area, weight in self.area_weights.items():
            if not math.isfinite(weight) or weight < 0:
                raise ReportError(f"{self.source}: weight of area「{area}」must be ≥ 0")

    def weight(self, name: str, area: str, register_weight: float) -> tuple[float, str]:
        """A target's weight and where it came from, most specific first."""
        if not math.isclose(register_weight, 1.0):
            return register_weight, "登记表权重"
        for pattern, weight in self.patterns:
            if re.search(pattern, name):
                return weight, f"名称规则「{pattern}」"
        if area in self.area_weights:
            return self.area_weights[area], "领域权重"
        return self.default_weight, "默认权重"


DEFAULT_RULES = "assessment_rules.toml"


def load_rules(path: Path | None = None) -> Rules:
    """Rules from ``path``, else the default file shipped with luoshi."""
    if path is None:
        text = files("luoshi.reports").joinpath(DEFAULT_RULES).read_text(encoding="utf-8")
        return parse_rules(text, DEFAULT_RULES)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportError(f"{path}: no such rules file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ReportError(f"{path}: cannot read ({e.__class__.__name__})") from None
    return parse_rules(text, str(path))


def parse_rules(text: str, source: str = "rules") -> Rules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ReportError(f"{source}: not valid TOML ({e})") from None
    known = {"score": {"base", "cap", "bonus_per_point", "bonus_max"},
             "deductions": {"not_reported", "late", "empty", "max"},
             "shared": {"responsible_share"}, "weights": {"default", "area", "pattern"}}  # fmt: skip
    for section, table in data.items():
        if section not in known or not isinstance(table, dict):
            raise ReportError(f"{source}: unknown section [{section}]")
        unknown = set(table) - known[section]
        if unknown:
            raise ReportError(f"{source}: unknown setting {section}.{sorted(unknown)[0]}")

    def number(section: str, key: str, default: float) -> float:
        value = data.get(section, {}).get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ReportError(f"{source}: {section}.{key} must be a number, not {value!r}")
        return float(value)

    weights = data.get("weights", {})
    areas = weights.get("area", {})
    if not isinstance(areas, dict):
        raise ReportError(f"{source}: [weights.area] must be a table of area = weight")
    patterns = []
    for i, item in enumerate(weights.get("pattern", []), start=1):
        if not isinstance(item, dict) or not isinstance(item.get("match"), str):
            raise ReportError(f'{source}: weights.pattern {i} needs match = "regex"')
        try:
            re.compile(item["match"])
        except re.error as e:
            raise ReportError(f"{source}: weights.pattern {i}: bad regex ({e})") from None
        patterns.append((item["match"], _weight(item.get("weight"), source, item["match"])))
    return Rules(
        base=number("score", "base", 100.0), cap=number("score", "cap", 1.2),
        bonus_per_point=number("score", "bonus_per_point", 0.0),
        bonus_max=number("score", "bonus_max", 0.0),
        not_reported=number("deductions", "not_reported", 0.5),
        late=number("deductions", "late", 0.2), empty=number("deductions", "empty", 0.5),
        deduction_max=number("deductions", "max", 5.0),
        responsible_share=number("shared", "responsible_share", 0.0),
        default_weight=number("weights", "default", 1.0),
        area_weights=MappingProxyType({str(k): _weight(v, source, k) for k, v in areas.items()}),
        patterns=tuple(patterns), source=source,
    )  # fmt: skip


def _weight(value: Any, source: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReportError(f"{source}: weight of「{what}」must be a number, not {value!r}")
    return float(value)


# ---------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True, slots=True)
class Entry:
    """One target as one unit answers for it."""

    target_id: int
    seq: int
    name: str
    area: str
    role: Role
    register_weight: float
    status: Verdict
    completion: float | None
    tally: Tally = field(default_factory=Tally)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a unit's score: how much the target was worth and what it earned, and why."""

    entry: Entry
    weight: float
    weight_source: str
    available: float  # 分值: this target's share of the base
    counted: float | None  # the completion scored (capped); None when left out
    earned: float
    bonus: float
    deduction: float
    why: str


@dataclass(frozen=True, slots=True)
class UnitScore:
    unit: str
    lines: tuple[Line, ...]
    earned: float
    bonus: float
    deductions: float  # before the cap
    deducted: float  # after the cap
    score: float
    rank: int = 0

    @property
    def scored(self) -> int:
        """Targets that counted (judged by the assessment date)."""
        return sum(1 for x in self.lines if x.counted is not None)


def score_unit(unit: str, entries: Sequence[Entry], rules: Rules) -> UnitScore:
    """A unit's score from the targets it answers for, with every line explained."""
    weighed = []
    for e in entries:
        weight, source = rules.weight(e.name, e.area, e.register_weight)
        if e.role == "responsible":
            weight, source = weight * rules.responsible_share, f"{source}×责任单位系数"
        weighed.append((e, weight, source))
    total = math.fsum(w for e, w, _ in weighed if _counts(e))
    lines = [_line(e, w, source, total, rules) for e, w, source in weighed]
    earned = math.fsum(x.earned for x in lines)
    bonus = math.fsum(x.bonus for x in lines)
    deductions = math.fsum(x.deduction for x in lines)
    deducted = min(deductions, rules.deduction_max)
    score = round(earned + bonus - deducted, 6)
    return UnitScore(unit, tuple(lines), earned, bonus, deductions, deducted, score)


def _counts(e: Entry) -> bool:
    return e.status is not Verdict.NOT_DUE


def _line(e: Entry, weight: float, source: str, total: float, rules: Rules) -> Line:
    deduction, faults = _deduction(e, rules)
    if not _counts(e):
        return Line(e, weight, source, 0.0, None, 0.0, 0.0, deduction,
                    _join("未到评价时间（数据尚未发布），不计分", faults))  # fmt: skip
    available = rules.base * weight / total if total > 0 else 0.0
    if e.completion is None:
        if e.status is Verdict.NOT_REPORTED:
            share, how = 0.0, "未报送完成情况，按0计"
        else:  # a non-positive target (增长0%, 下降3%): scored on met or not
            share = 1.0 if e.status in MET else 0.0
            how = f"目标值非正，按{'达标' if share else '未达标'}计{pct(share)}"
        raw = share
    else:
        raw = e.completion
        share = max(0.0, min(raw, rules.cap))
        how = f"完成率{pct(raw)}" + (f"，按封顶{pct(rules.cap, 0)}计" if raw > rules.cap else "")
    earned = available * share
    bonus = 0.0
    if raw > rules.cap and rules.bonus_per_point > 0:
        bonus = min(rules.bonus_max, (raw - rules.cap) * 100 * rules.bonus_per_point)
        how += f"，超额加{num(bonus)}分"
    why = f"{how}；得分 = {num(available)} × {pct(share)} = {num(earned)}"
    return Line(e, weight, source, available, share, earned, bonus, deduction,
                _join(why, faults))  # fmt: skip


def _deduction(e: Entry, rules: Rules) -> tuple[float, str]:
    if e.role != "lead":
        return 0.0, ""
    t = e.tally
    parts = [(t.missing, rules.not_reported, "漏报"), (t.late, rules.late, "逾期报送"),
             (t.empty, rules.empty, "空报")]  # fmt: skip
    amount = math.fsum(n * each for n, each, _ in parts)
    words = "、".join(f"{what}{n}期×{num(each)}" for n, each, what in parts if n and each)
    return amount, (f"扣分：{words} = {num(amount)}" if words else "")


def _join(*parts: str) -> str:
    return "；".join(p for p in parts if p)


def rank_units(scores: Iterable[UnitScore]) -> list[UnitScore]:
    """Best first; equal scores (to 0.01) share a rank (1, 2, 2, 4), then by name."""
    ordered = sorted(scores, key=lambda s: (-round(s.score, 2), s.unit))
    out: list[UnitScore] = []
    for i, s in enumerate(ordered):
        tied = out and round(out[-1].score, 2) == round(s.score, 2)
        rank = out[-1].rank if tied else i + 1
        out.append(UnitScore(s.unit, s.lines, s.earned, s.bonus, s.deductions, s.deducted,
                             s.score, rank))  # fmt: skip
    return out


# ---------------------------------------------------------------------------
# From the register


def entries(facts: PlanFacts, rules: Rules, deadline_days: int) -> dict[str, list[Entry]]:
    """Each unit's entries: the targets it leads, and shared ones if the rules count them."""
    out: dict[str, list[Entry]] = {}
    for t in facts.targets:
        r, a = t.row, t.row.judgement
        if not r.units:
            continue
        lead = Entry(r.target_id, r.seq, r.name, r.area, "lead", t.weight, a.verdict,
                     a.completion, target_tally(t, facts.as_of, deadline_days))  # fmt: skip
        out.setdefault(r.units[0], []).append(lead)
        if rules.responsible_share > 0:
            for unit in r.units[1:]:
                out.setdefault(unit, []).append(
                    Entry(r.target_id, r.seq, r.name, r.area, "responsible", t.weight,
                          a.verdict, a.completion)
                )  # fmt: skip
    return out


def assess_units(facts: PlanFacts, rules: Rules, deadline_days: int) -> list[UnitScore]:
    """Every unit's score at the facts' date, ranked."""
    by_unit = entries(facts, rules, deadline_days)
    return rank_units(score_unit(u, es, rules) for u, es in by_unit.items())


def assessment_date(specs: Iterable[TargetSpec], margins: Margins | None = None) -> date:
    """When the year can be assessed: the latest release date of its targets' final figures.

    That is the end of the month after the year ends by default (``Margins.
    release_lag_months``): the annual figures are out and December's reports are due.
    """
    margins = margins or Margins()
    days = [release_date(s, margins) for s in specs]
    if not days:
        raise ReportError("the plan has no targets to assess")
    return max(days)
