"""An evaluation method as data: a TOML file read into checked, frozen objects.

A method names its indicators (formula, unit, benchmark rule, cap), the groups of
enterprises scored together with their weights, the bonus and penalty items, the class
bands (by rank share or by score), the comparison scope (district, town or park), who
takes part and who is set aside as T. See ``presets/`` for the published methods.
Every problem in a file is reported at once, each naming the table and key.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .expr import Expr, ExprError, compile_expr
from .fields import KNOWN_NAMES

__all__ = [
    "Band",
    "Benchmark",
    "Group",
    "Indicator",
    "Item",
    "Method",
    "MethodError",
    "Rule",
    "load_method",
    "parse_method",
    "preset_names",
]

BenchmarkRule = Literal["fixed", "previous_average", "average", "percentile"]
Scope = Literal["district", "town", "park"]
SCOPE_LABELS = {"district": "全区", "town": "本镇（街道）", "park": "本园区"}
PRESET_PACKAGE = "luoshi.mujun.presets"


class MethodError(ValueError):
    """A method file that cannot be used: every problem, one per line."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source, self.problems = source, problems
        super().__init__("\n".join(f"{source}：{p}" for p in problems))


@dataclass(frozen=True)
class Benchmark:
    """基准值: a fixed value, a multiple of an average (last year's or this year's), or a percentile."""

    rule: BenchmarkRule
    value: float = 0.0  # fixed
    multiple: float = 1.0  # previous_average / average
    percentile: float = 0.0  # percentile, 0–100


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    formula: Expr
    unit: str
    benchmark: Benchmark
    cap: float | None = None  # the value ÷ benchmark ratio counts at most this much


@dataclass(frozen=True)
class Group:
    """Enterprises scored and classed together (规上, 规下) with their weights (points)."""

    name: str
    when: Expr | None
    weights: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Item:
    """A bonus or penalty line; ``force_class`` puts the enterprise in that class (一票否决)."""

    name: str
    when: Expr | None
    points: Expr
    force_class: str = ""


@dataclass(frozen=True)
class Rule:
    """A condition with the reason shown when it applies (scope, T exclusions)."""

    name: str
    when: Expr


@dataclass(frozen=True)
class Band:
    klass: str
    label: str
    upto: float | None = None  # rank share (0–1], inclusive
    min_score: float | None = None  # by score: at least this many points


@dataclass(frozen=True)
class Method:
    name: str
    version: str
    source: str
    scope: Scope
    eligible: Rule | None
    exclusions: tuple[Rule, ...]
    indicators: tuple[Indicator, ...]
    groups: tuple[Group, ...]
    bonuses: tuple[Item, ...]
    penalties: tuple[Item, ...]
    bonus_max: float | None
    penalty_max: float | None
    classes_by: Literal["rank_share", "score"]
    bands: tuple[Band, ...]
    text: str  # the TOML as read: stored with each evaluation so it can be recomputed
    digest: str
    policies: tuple[tuple[str, tuple[str, ...]], ...] = ()  # class → 差别化政策 measures

    def policy(self, klass: str) -> tuple[str, ...]:
        return next((p for k, p in self.policies if k == klass), ())

    def indicator(self, key: str) -> Indicator:
        return next(i for i in self.indicators if i.key == key)


def preset_names() -> list[str]:
    """The presets shipped with luoshi (file stems)."""
    root = resources.files(PRESET_PACKAGE)
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".toml"))


def load_method(name_or_path: str | Path) -> Method:
    """A preset by name (``huaian-2024``) or a method file by path."""
    text_name = str(name_or_path)
    if text_name in preset_names():
        res = resources.files(PRESET_PACKAGE) / f"{text_name}.toml"
        return parse_method(res.read_text(encoding="utf-8"), source=f"评价办法“{text_name}”")
    path = Path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        known = "、".join(preset_names())
        raise MethodError(
            path.name, [f"无法读取评价办法文件（{type(e).__name__}）；内置办法有：{known}"]
        ) from None
    return parse_method(text, source=path.name)


def parse_method(text: str, *, source: str = "评价办法") -> Method:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise MethodError(source, [f"TOML 格式错误（{e}）"]) from None
    p = _Parser(data)
    method = p.method(text)
    if p.problems:
        raise MethodError(source, p.problems)
    assert method is not None
    return method


class _Parser:
    """Reads the TOML tables, collecting every problem instead of stopping at the first."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[str] = []

    def expr(self, text: Any, where: str, known: frozenset[str] = KNOWN_NAMES) -> Expr | None:
        if isinstance(text, int | float) and not isinstance(text, bool):
            text = repr(text)
        if not isinstance(text, str) or not text.strip():
            self.problems.append(f"{where} 应是公式或条件文字")
            return None
        try:
            return compile_expr(text, known=known)
        except ExprError as e:
            self.problems.append(f"{where}：{e}")
            return None

    def number(
        self, table: dict[str, Any], key: str, where: str, default: float | None = None
    ) -> float | None:
        v = table.get(key, default)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int | float):
            self.problems.append(f"{where}.{key} 应是数字，不是“{v}”")
            return default
        return float(v)

    def method(self, text: str) -> Method | None:
        head = self.data.get("method", {})
        name = str(head.get("name", "")).strip()
        version = str(head.get("version", "")).strip()
        if not name or not version:
            self.problems.append("[method] 须写明 name（办法名称）和 version（版本）")
        scope = head.get("scope", "district")
        if scope not in SCOPE_LABELS:
            self.problems.append(f"[method].scope 应是 district、town 或 park，不是“{scope}”")
        indicators = tuple(
            self.indicator(t, n) for n, t in enumerate(self.data.get("indicator", []), 1)
        )
        inds = tuple(i for i in indicators if i is not None)
        if not inds:
            self.problems.append("至少需要一个 [[indicator]]")
        keys = {i.key for i in inds}
        groups = tuple(self.group(t, n, keys) for n, t in enumerate(self.data.get("group", []), 1))
        if not groups:
            self.problems.append("至少需要一个 [[group]]（参与排名的企业组及其权重）")
        elig = self.data.get("eligible")
        eligible = self.rule(elig, "[eligible]") if elig else None
        exclusions = tuple(
            self.rule(t, f"[[exclude]] 第{n}项")
            for n, t in enumerate(self.data.get("exclude", []), 1)
        )
        bonuses = tuple(
            self.item(t, f"[[bonus]] 第{n}项") for n, t in enumerate(self.data.get("bonus", []), 1)
        )
        penalties = tuple(
            self.item(t, f"[[penalty]] 第{n}项")
            for n, t in enumerate(self.data.get("penalty", []), 1)
        )
        limits = self.data.get("limits", {})
        classes = self.data.get("classes", {})
        by = classes.get("by", "rank_share")
        if by not in ("rank_share", "score"):
            self.problems.append(f"[classes].by 应是 rank_share 或 score，不是“{by}”")
        bands = self.bands(classes.get("band", []), by)
        policies = self.data.get("policies", {})
        if not isinstance(policies, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in policies.values()
        ):
            self.problems.append("[policies] 应是“类别 = [政策条目, …]”")
            policies = {}
        if self.problems:
            return None
        return Method(
            name=name, version=version, source=str(head.get("source", "")).strip(), scope=scope,
            eligible=eligible, exclusions=tuple(r for r in exclusions if r),
            indicators=inds, groups=tuple(g for g in groups if g),
            bonuses=tuple(b for b in bonuses if b), penalties=tuple(b for b in penalties if b),
            bonus_max=self.number(limits, "bonus_max", "[limits]"),
            penalty_max=self.number(limits, "penalty_max", "[limits]"),
            classes_by=by, bands=bands, text=text,
            digest=hashlib.sha256(text.encode("utf-8")).hexdigest()[:12],
            policies=tuple((str(k), tuple(v)) for k, v in policies.items()),
        )  # fmt: skip

    def indicator(self, t: dict[str, Any], n: int) -> Indicator | None:
        where = f"[[indicator]] 第{n}项"
        key, name = str(t.get("key", "")).strip(), str(t.get("name", "")).strip()
        if not key.isidentifier() or not name:
            self.problems.append(f"{where} 须有 key（英文标识）和 name（指标名称）")
            return None
        formula = self.expr(t.get("formula"), f"{where}（{name}）.formula")
        b = t.get("benchmark", {})
        rule = b.get("rule") if isinstance(b, dict) else None
        if rule not in ("fixed", "previous_average", "average", "percentile"):
            self.problems.append(
                f"{where}（{name}）.benchmark.rule 应是 fixed、previous_average、average 或 percentile"
            )
            return None
        bench = Benchmark(
            rule,
            value=self.number(b, "value", where, 0.0) or 0.0,
            multiple=self.number(b, "multiple", where, 1.0) or 1.0,
            percentile=self.number(b, "percentile", where, 0.0) or 0.0,
        )
        if rule == "fixed" and bench.value <= 0:
            self.problems.append(f"{where}（{name}）的固定基准值须大于0")
        if rule == "percentile" and not 0 < bench.percentile <= 100:
            self.problems.append(f"{where}（{name}）的百分位须在0到100之间")
        cap = self.number(t, "cap", where)
        if formula is None:
            return None
        return Indicator(key, name, formula, str(t.get("unit", "")), bench, cap)

    def group(self, t: dict[str, Any], n: int, keys: set[str]) -> Group | None:
        where = f"[[group]] 第{n}项"
        when = self.expr(t["when"], f"{where}.when") if "when" in t else None
        weights = t.get("weights", {})
        if not isinstance(weights, dict) or not weights:
            self.problems.append(f"{where} 须有 weights（各指标分值）")
            return None
        out = []
        for k, w in weights.items():
            if k not in keys:
                self.problems.append(f"{where}.weights 中的“{k}”不是已定义的指标")
            elif isinstance(w, bool) or not isinstance(w, int | float) or w <= 0:
                self.problems.append(f"{where}.weights.{k} 应是正数")
            else:
                out.append((k, float(w)))
        return Group(str(t.get("name", "参评企业")), when, tuple(out))

    def rule(self, t: dict[str, Any], where: str) -> Rule | None:
        when = self.expr(t.get("when"), f"{where}.when")
        name = str(t.get("name", "")).strip()
        if not name:
            self.problems.append(f"{where} 须有 name（写给用户看的原因）")
        return Rule(name, when) if when and name else None

    def item(self, t: dict[str, Any], where: str) -> Item | None:
        name = str(t.get("name", "")).strip()
        if not name:
            self.problems.append(f"{where} 须有 name")
        when = self.expr(t["when"], f"{where}.when") if "when" in t else None
        points = self.expr(t.get("points", 0), f"{where}.points")
        force = str(t.get("force_class", ""))
        return Item(name, when, points, force) if name and points else None

    def bands(self, raw: list[dict[str, Any]], by: str) -> tuple[Band, ...]:
        out: list[Band] = []
        for n, t in enumerate(raw, 1):
            where = f"[[classes.band]] 第{n}项"
            klass, label = str(t.get("class", "")).strip(), str(t.get("label", "")).strip()
            if not klass:
                self.problems.append(f"{where} 须有 class（类别）")
                continue
            if by == "rank_share":
                upto = self.number(t, "upto", where)
                if upto is None or not 0 < upto <= 1:
                    self.problems.append(f"{where}（{klass}类）.upto 应是0到1之间的排名比例")
                    continue
                out.append(Band(klass, label, upto=upto))
            else:
                low = self.number(t, "min", where, 0.0)
                out.append(Band(klass, label, min_score=low))
        if not out:
            self.problems.append("[classes] 至少需要一个 band（类别划分）")
        elif by == "rank_share":
            shares = [b.upto or 0 for b in out]
            if shares != sorted(shares) or len(set(shares)) != len(shares) or shares[-1] != 1:
                self.problems.append("[classes] 的排名比例须逐级递增，最后一类到1（100%）")
        else:
            mins = [b.min_score or 0 for b in out]
            if mins != sorted(mins, reverse=True):
                self.problems.append("[classes] 的分数线须从高到低排列")
        return tuple(out)
