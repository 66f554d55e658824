"""The bureau files joined into one record per enterprise, with everything worth a look.

Rows are joined on the 统一社会信用代码 (check digit validated). A row whose code is
missing or wrong falls back on the enterprise name, but only through a reviewed match:
the match is proposed, and used once the office accepts it. Reported, one message per
problem with file, row and column: unreadable cells, wrong codes, duplicates, every
enterprise missing from a file, land of 0, and outliers of 亩均税收. Any error means no
enterprises come out: an evaluation is made from all the files or not at all.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from .bureau import BureauFile, Record
from .creditcode import credit_code_problem
from .fields import FIELDS, LAND_PARTS, land_area
from .problems import Problem, Where
from .score import Enterprise, fmt

__all__ = ["PENDING_MATCH", "Joined", "NameMatch", "join_files", "outliers"]

ADDITIVE = LAND_PARTS
PENDING_MATCH = "待确认名称匹配"  # the kind of error an accepted name match lifts
OUTLIER_Z = 3.5  # robust z-score (median and MAD of log 亩均税收) beyond which we ask


@dataclass(frozen=True)
class NameMatch:
    """A row without a valid code matched to an enterprise by name; used once accepted."""

    where: Where
    name: str
    code: str

    @property
    def key(self) -> tuple[str, int]:
        return (self.where.file, self.where.row)


@dataclass
class Joined:
    enterprises: list[Enterprise] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    matches: list[NameMatch] = field(default_factory=list)
    sources: dict[str, dict[str, Where]] = field(default_factory=dict)  # code → field → cell

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def _name_key(name: str) -> str:
    return name.replace("(", "（").replace(")", "）").strip()


def join_files(
    files: Sequence[BureauFile], accepted: Collection[tuple[str, int]] | bool = False
) -> Joined:
    """Join ``files``; ``accepted`` holds the name matches the office confirmed (True: all shown)."""
    out = Joined()
    for f in files:
        out.problems.extend(f.problems)
    names: dict[str, set[str]] = defaultdict(set)
    for f in files:
        for r in f.records:
            if r.code and not credit_code_problem(r.code) and r.name:
                names[_name_key(r.name)].add(r.code)

    values: dict[str, dict[str, object]] = {}
    display: dict[str, str] = {}
    present: dict[str, set[str]] = defaultdict(set)  # file → codes
    for f in files:
        seen: dict[str, Record] = {}
        code_header = f.columns["code"].header if "code" in f.columns else "统一社会信用代码"
        for r in f.records:
            code = _resolve(f, r, code_header, names, accepted, out)
            if not code:
                continue
            if code in seen and not _additive(f):
                first = seen[code]
                same = first.values == r.values
                out.problems.append(Problem(
                    Where(f.name, r.row, code_header),
                    f"与第{first.row}行是同一企业（{code}）"
                    + ("，内容相同，只计一次" if same else "，数值不同，请删去错误的一行"),
                    "warning" if same else "error", "重复",
                ))  # fmt: skip
                continue
            seen[code] = r
            present[f.name].add(code)
            target = values.setdefault(code, {})
            src = out.sources.setdefault(code, {})
            if r.name and code not in display:
                display[code] = r.name
            for key, v in r.values.items():
                if key in ADDITIVE and key in target and key in src and src[key].file == f.name:
                    target[key] = float(target[key]) + float(v)  # type: ignore[arg-type]
                elif key not in target:
                    target[key] = v
                    col = f.columns.get(key) or f.columns.get("area")
                    src[key] = Where(f.name, r.row, col.header if col else "")
    if out.errors:
        return out

    codes = sorted(values)
    for f in files:
        fields = "、".join(FIELDS[k].label for k in sorted(f.fields()) if k in FIELDS)
        for code in codes:
            if code not in present[f.name]:
                out.problems.append(Problem(
                    Where(f.name), f"{display.get(code, '')}（{code}）不在本文件中，缺少{fields}",
                    "warning", "不在文件中",
                ))  # fmt: skip
    for code in codes:
        land = land_area(values[code])
        if any(k in values[code] for k in ADDITIVE) and land == 0:
            where = out.sources[code].get("land_owned") or out.sources[code]["land_rented"]
            out.problems.append(
                Problem(
                    where, f"{display.get(code, '')}（{code}）用地面积为0", "warning", "用地为0"
                )
            )
    out.enterprises = [Enterprise(c, display.get(c, ""), values[c]) for c in codes]
    out.problems.extend(outliers(out.enterprises, out.sources))
    return out


def _additive(f: BureauFile) -> bool:
    return "area" in f.columns or (f.fields() <= set(ADDITIVE) and bool(f.fields()))


def _resolve(
    f: BureauFile,
    r: Record,
    code_header: str,
    names: dict[str, set[str]],
    accepted: Collection[tuple[str, int]] | bool,
    out: Joined,
) -> str:
    """The row's credit code: its own when valid, else an accepted name match, else ""."""
    problem = credit_code_problem(r.code) if "code" in f.columns else "本文件没有统一社会信用代码列"
    if not problem:
        return r.code
    where = Where(f.name, r.row, code_header)
    candidates = names.get(_name_key(r.name), set()) if r.name else set()
    if len(candidates) != 1:
        why = "名称对应多家企业" if candidates else "也无法按名称对应到企业"
        out.problems.append(Problem(where, f"{problem}，{why}（{r.name or '名称为空'}）"))
        return ""
    code = next(iter(candidates))
    match = NameMatch(where, r.name, code)
    out.matches.append(match)
    if accepted is True or (not isinstance(accepted, bool) and match.key in accepted):
        out.problems.append(
            Problem(where, f"{problem}；已按名称“{r.name}”确认对应到{code}", "warning", "名称匹配")
        )
        return code
    out.problems.append(Problem(
        where, f"{problem}；按名称“{r.name}”可对应到{code}，请核对后确认名称匹配再评价",
        "error", PENDING_MATCH,
    ))  # fmt: skip
    return ""


def outliers(
    enterprises: Sequence[Enterprise], sources: dict[str, dict[str, Where]]
) -> list[Problem]:
    """亩均税收 far off the distribution: robust z of its logarithm beyond ``OUTLIER_Z``."""
    per_mu: list[tuple[Enterprise, float]] = []
    for e in enterprises:
        tax = e.values.get("tax")
        land = land_area(e.values)
        if isinstance(tax, float) and tax > 0 and land > 0:
            per_mu.append((e, tax / land))
    if len(per_mu) < 10:
        return []
    logs = [math.log(v) for _, v in per_mu]
    med = statistics.median(logs)
    mad = statistics.median(abs(x - med) for x in logs) * 1.4826
    if mad == 0:
        return []
    typical = math.exp(med)
    out = []
    for (e, v), x in zip(per_mu, logs, strict=True):
        z = (x - med) / mad
        if abs(z) > OUTLIER_Z:
            side = "远高于" if z > 0 else "远低于"
            where = sources.get(e.code, {}).get("tax") or Where("")
            out.append(Problem(
                where, f"{e.name}（{e.code}）亩均税收{fmt(v)}万元/亩，{side}全区中位数"
                f"{fmt(typical)}万元/亩，请核实税收和用地面积", "warning", "亩均税收异常",
            ))  # fmt: skip
    return out
