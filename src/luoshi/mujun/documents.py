"""亩均 documents as ``reports.document`` blocks: the enterprise card (企业画像), the town summary,
the differentiated-policy list. Written as Word or PDF by the reports' writers."""

from __future__ import annotations

from bisect import bisect_left

from ..reports.document import Block, Document, Figure, Heading, Note, Paragraph, Table, Title
from .charts import class_chart, distribution_chart, per_mu_chart
from .explain import explain
from .fields import land_area
from .score import Evaluation, Result, fmt
from .summary import CLASS_ORDER, place_summaries

__all__ = ["enterprise_card", "policy_document", "town_document"]


def _label(ev: Evaluation, klass: str) -> str:
    band = next((b for b in ev.method.bands if b.klass == klass), None)
    return f"{klass}类（{band.label}）" if band and band.label else f"{klass}类"


def enterprise_card(ev: Evaluation, r: Result) -> Document:
    """One page on one enterprise: its facts, its indicators against the benchmarks, its place."""
    e = r.enterprise
    facts = Table(
        ("统一社会信用代码", "镇（街道）", "行业", "规模", "用地面积（亩）"),
        ((e.code, e.text("town"), e.text("industry"), e.text("scale"), fmt(land_area(e.values))),),
    )
    blocks: list[Block] = [
        Title(f"企业画像：{e.name}", f"{ev.year}年度工业企业资源集约利用综合评价"),
        facts,
    ]
    if r.status != "rated":
        blocks.append(Paragraph("；".join(explain(ev, r))))
        return Document(f"企业画像：{e.name}", tuple(blocks))
    rows = tuple(
        (s.name, f"{fmt(s.value)}{s.unit}" if s.value is not None else s.missing,
         fmt(s.benchmark), fmt(s.weight), fmt(s.points))
        for s in r.indicators
    )  # fmt: skip
    extra = []
    if r.bonus:
        extra.append(("加分", "；".join(b.name for b in r.bonuses), "", "", fmt(r.bonus)))
    if r.penalty:
        extra.append(("减分", "；".join(p.name for p in r.penalties), "", "", f"-{fmt(r.penalty)}"))
    total = ("总分", "", "", "", fmt(r.score))
    blocks.append(Table(("指标", "本企业", "基准值", "权重（分）", "得分"), (*rows, *extra, total),
                        widths=(3, 3, 2, 1.5, 1.5), align=("l", "r", "r", "r", "r")))  # fmt: skip
    cohort = sorted(x.score for x in ev.results
                    if x.status == "rated" and (x.scope_value, x.group) == (r.scope_value, r.group))  # fmt: skip
    below = bisect_left(cohort, r.score)
    blocks.append(Paragraph(
        f"综合得分{fmt(r.score)}分，在{r.scope_value or '全区'}{r.group}{r.of}家中排第{r.rank}名，"
        f"高于{fmt(100 * below / max(len(cohort), 1), 1)}%的参评企业，列为{_label(ev, r.klass)}。"
    ))  # fmt: skip
    blocks.append(Figure(distribution_chart(cohort, r.score, "参评企业得分分布"), width_mm=130))
    measures = ev.method.policy(r.klass)
    if measures:
        blocks.append(Paragraph("；".join(measures) + "。", bold_lead=f"{r.klass}类适用政策："))
    hows = dict.fromkeys(
        f"{s.name}基准值 = {ev.benchmarks[(r.scope_value, r.group, s.key)].how}"
        for s in r.indicators
    )
    blocks.append(Note(
        "得分 = Σ 本企业指标值 ÷ 基准值 × 权重 + 加分 - 减分；" + "；".join(hows)
        + f"。评价办法：{ev.method.name}（版本{ev.method.version}）。"
    ))  # fmt: skip
    return Document(f"企业画像：{e.name}", tuple(blocks))


def town_document(ev: Evaluation) -> Document:
    """The town summary: 亩均税收 and classes per town, with charts, and the D-class list."""
    towns = place_summaries(ev, "town")
    rows = tuple(
        (s.place, str(s.rated), *(str(s.counts.get(k, 0)) for k in (*CLASS_ORDER, "T")),
         "" if s.tax_per_mu is None else fmt(s.tax_per_mu),
         "" if s.d_land_share is None else f"{100 * s.d_land_share:.1f}%")
        for s in towns
    )  # fmt: skip
    d_rows = tuple(
        (r.enterprise.text("town"), r.enterprise.name, fmt(r.score), f"{r.rank}/{r.of}", r.forced or "排名靠后")
        for r in sorted(ev.results, key=lambda x: (x.enterprise.text("town"), x.score))
        if r.klass == "D"
    )  # fmt: skip
    blocks = (
        Title(f"{ev.year}年度工业企业资源集约利用综合评价镇（街道）汇总", ev.method.name),
        Heading("一、各镇（街道）亩均效益"),
        Table(("镇（街道）", "参评", "A类", "B类", "C类", "D类", "T类", "亩均税收（万元/亩）", "D类用地占比"),
              rows, widths=(3, 1, 1, 1, 1, 1, 1, 2.4, 2), align=("l", *("r",) * 8)),
        Figure(per_mu_chart([(s.place, s.tax_per_mu or 0.0) for s in towns], "各镇（街道）亩均税收")),
        Figure(class_chart([(s.place, s.counts) for s in towns], "各镇（街道）企业分类")),
        Heading("二、D类企业名单"),
        Table(("镇（街道）", "企业名称", "得分", "排名", "原因"), d_rows, widths=(2, 5, 1.2, 1.5, 3)),
        Note("亩均税收为各镇（街道）参评企业税收之和除以用地面积之和；D类用地占比为D类企业用地占参评企业用地的比重。"),
    )  # fmt: skip
    return Document(blocks[0].text, blocks)


def policy_document(ev: Evaluation) -> Document:
    """The differentiated policies by class, with the number of enterprises each applies to."""
    title = f"{ev.year}年度亩均评价差别化政策清单"
    blocks: list[Block] = [Title(title, ev.method.name)]
    for i, b in enumerate(ev.method.bands, 1):
        n = sum(r.klass == b.klass for r in ev.results)
        blocks.append(Heading(f"{'一二三四五六七八九十'[i - 1]}、{_label(ev, b.klass)}（{n}家）"))
        for m in ev.method.policy(b.klass) or ("（本办法未列政策）",):
            blocks.append(Paragraph(m))
    blocks.append(Note("各类企业名单见评价结果表“类别”列。"))
    return Document(title, tuple(blocks))
