"""One enterprise's result in words, line by line, as the office would check it by hand.

An ASCII minus: U+2212 is missing from common Chinese fonts (as in ``reports.text.pp``).
"""

from __future__ import annotations

from .method import SCOPE_LABELS
from .score import Evaluation, Result, fmt

__all__ = ["explain"]


def explain(ev: Evaluation, r: Result) -> list[str]:
    """The lines that show how ``r`` got its score and class."""
    m = ev.method
    e = r.enterprise
    head = f"{e.name}（{e.code}）"
    if r.status == "out":
        return [f"{head}：不参加本次评价（{r.reason}）。"]
    if r.status == "T":
        return [f"{head}：列为T类（不适合评价），原因：{r.reason}。"]
    lines = [f"{head}：按“{m.name}”参评，评价组：{r.group}。"]
    for s in r.indicators:
        bench = ev.benchmarks[(r.scope_value, r.group, s.key)]
        if s.value is None:
            lines.append(f"{s.name}：{s.missing}，无法计算，得0分（满分{fmt(s.weight)}分）。")
            continue
        if s.ratio is None:
            lines.append(f"{s.name}：{fmt(s.value)}{s.unit}，基准值无法确定，得0分。")
            continue
        capped = "" if s.counted == max(s.ratio, 0.0) else f"，封顶按{fmt(s.counted, 4)}计"
        lines.append(
            f"{s.name}：{fmt(s.value)}{s.unit}；基准值 {fmt(s.benchmark)}（{bench.how}）；"
            f"{fmt(s.value)} ÷ {fmt(s.benchmark)} = {fmt(s.ratio, 4)}{capped}；"
            f"× {fmt(s.weight)} = {fmt(s.points)}分。"
        )
    for b in r.bonuses:
        lines.append(f"加分：{b.name}，{fmt(b.points)}分。")
    if m.bonus_max is not None and r.bonus < sum(b.points for b in r.bonuses):
        lines.append(f"加分合计封顶{fmt(m.bonus_max)}分。")
    for p in r.penalties:
        lines.append(f"减分：{p.name}，{fmt(p.points)}分。")
    if m.penalty_max is not None and r.penalty < sum(p.points for p in r.penalties):
        lines.append(f"减分合计封顶{fmt(m.penalty_max)}分。")
    lines.append(f"总分 = {fmt(r.base)} + {fmt(r.bonus)} - {fmt(r.penalty)} = {fmt(r.score)}分。")
    where = r.scope_value or SCOPE_LABELS[m.scope]
    place = (
        f"在{where}{r.group}中排第{r.rank}名（共{r.of}家，位于前{fmt(100 * r.rank / r.of, 1)}%）"
    )
    if r.forced:
        lines.append(f"{place}；因“{r.forced}”列为{r.klass}类。")
    else:
        lines.append(f"{place}，列为{r.klass}类{_band_text(ev, r.klass)}。")
    return lines


def _band_text(ev: Evaluation, klass: str) -> str:
    m = ev.method
    bands = list(m.bands)
    for i, b in enumerate(bands):
        if b.klass != klass:
            continue
        label = f"（{b.label}）" if b.label else ""
        if m.classes_by == "score":
            return f"{label}（{fmt(b.min_score)}分及以上）"
        low = 0.0 if i == 0 else bands[i - 1].upto or 0.0
        return f"{label}（排名{fmt(100 * low, 1)}%（不含）至{fmt(100 * (b.upto or 0), 1)}%（含））"
    return ""
