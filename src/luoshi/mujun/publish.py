"""The workbook the office publishes: every enterprise with its figures, points and class.

Sheets: 评价结果 (one row per enterprise: indicators, points per indicator, bonus,
penalty, total, rank, class, why T or not rated), 镇街汇总 (per town), 评价办法 (the
method and this year's benchmarks, so a reader can redo any line by hand).
Written with the reports' table writer (``reports.xlsx_writer``): numbers stay numbers,
text is never evaluated.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from .method import SCOPE_LABELS
from .score import Evaluation, Result, fmt
from .summary import CLASS_ORDER, land_of, place_summaries

__all__ = ["write_results"]


def _band_label(ev: Evaluation, klass: str) -> str:
    if klass == "T":
        return "T类（不适合评价）"
    band = next((b for b in ev.method.bands if b.klass == klass), None)
    return f"{klass}类（{band.label}）" if band and band.label else (f"{klass}类" if klass else "")


def _row(ev: Evaluation, seq: int, r: Result, keys: list[str]) -> list[str | int | float | None]:
    e = r.enterprise
    values = {s.key: s for s in r.indicators}
    land = land_of(r) if any(k in e.values for k in ("land_owned", "land_rented")) else None
    row: list[str | int | float | None] = [
        seq,
        e.code,
        e.name,
        e.text("town"),
        e.text("park"),
        e.text("industry"),
        e.text("scale"),
        land,
    ]
    row += [values[k].value if k in values else None for k in keys]
    row += [round(values[k].points, 2) if k in values else None for k in keys]
    rated = r.status == "rated"
    note = (
        r.reason if r.status != "rated" else (f"因“{r.forced}”列为{r.klass}类" if r.forced else "")
    )
    row += [
        round(r.bonus, 2) if rated else None,
        round(r.penalty, 2) if rated else None,
        round(r.score, 2) if rated else None,
        f"{r.rank}/{r.of}" if rated else "",
        _band_label(ev, r.klass) if r.klass else "不参评",
        note,
    ]
    return row


def _order(r: Result) -> tuple[int, str, int, str]:
    status = {"rated": 0, "T": 1, "out": 2}[r.status]
    return (status, r.scope_value, r.rank, r.code)


def write_results(ev: Evaluation, out: Path | IO[bytes]) -> None:
    from ..reports.xlsx_writer import Sheet, write_workbook

    m = ev.method
    keys = [i.key for i in m.indicators]
    names = [f"{i.name}（{i.unit}）" if i.unit else i.name for i in m.indicators]
    header = ("序号", "统一社会信用代码", "企业名称", "镇（街道）", "园区", "行业", "规模", "用地面积（亩）",
              *names, *(f"{i.name}得分" for i in m.indicators),
              "加分", "减分", "总分", "排名", "类别", "说明")  # fmt: skip
    rows = [_row(ev, i, r, keys) for i, r in enumerate(sorted(ev.results, key=_order), 1)]
    num_cols = range(7, 8 + 2 * len(keys) + 3)
    results = Sheet("评价结果", f"{ev.year}年度工业企业资源集约利用综合评价结果", header, rows,
                    formats=dict.fromkeys(num_cols, "#,##0.00"), max_widths={2: 36, 5: 24})  # fmt: skip

    towns = place_summaries(ev, "town")
    t_header = ("镇（街道）", "参评企业", *(f"{k}类" for k in CLASS_ORDER), "T类", "税收（万元）",
                "用地（亩）", "亩均税收（万元/亩）", "D类用地占比", "平均得分")  # fmt: skip
    t_rows = [
        [s.place, s.rated, *(s.counts.get(k, 0) for k in (*CLASS_ORDER, "T")), round(s.tax, 2),
         round(s.land, 2), None if s.tax_per_mu is None else round(s.tax_per_mu, 2),
         None if s.d_land_share is None else round(s.d_land_share, 4), round(s.mean_score, 2)]
        for s in towns
    ]  # fmt: skip
    summary = Sheet("镇街汇总", f"{ev.year}年度亩均评价镇（街道）汇总", t_header, t_rows,
                    formats={5: "#,##0.00", 6: "#,##0.00", 7: "#,##0.00", 8: "0.0%", 9: "0.00"})  # fmt: skip

    lines: list[list[str | int | float | None]] = [
        ["评价办法", m.name], ["版本", f"{m.version}（{m.digest}）"], ["依据", m.source],
        ["比较范围", SCOPE_LABELS[m.scope]],
    ]  # fmt: skip
    for (scope, group, key), bench in sorted(ev.benchmarks.items()):
        ind = m.indicator(key)
        where = "、".join(x for x in (scope, group) if x)
        lines.append(
            [f"基准值：{ind.name}（{where}）", f"{fmt(bench.value, 4)}{ind.unit}（{bench.how}）"]
        )
    for g in m.groups:
        lines.append(
            [f"权重：{g.name}", "，".join(f"{m.indicator(k).name}{fmt(w)}分" for k, w in g.weights)]
        )
    for b in m.bands:
        share = (
            f"排名前{fmt(100 * (b.upto or 0), 1)}%（含）以内"
            if m.classes_by == "rank_share"
            else f"{fmt(b.min_score)}分及以上"
        )
        lines.append([f"{b.klass}类（{b.label}）", share])
    for w in ev.warnings:
        lines.append(["提示", w])
    method = Sheet(
        "评价办法", f"{ev.year}年度评价办法与基准值", ("项目", "内容"), lines, max_widths={1: 90}
    )
    write_workbook([results, summary, method], out)
