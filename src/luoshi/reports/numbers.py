"""数说: the year in numbers — each area's headline figures, plan against result, and last year.

A target's result is its accepted actual: the latest report by the year end
(a year-end actual reconciled from a review, 年终核对, is such a report,
dated the due date). ``compute_numbers`` is pure; ``numbers_document`` lays
it out as big-number cards per area, a chart and a table, for HTML, Word or
a tall PNG for phones.

Change against last year, where a document gives last year's actual
(``previous``): for counts and amounts the relative change (比上年增长 x%),
for growth rates and ratios the difference in points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain import Verdict
from ..register.verdicts import VerdictRow
from .document import Block, Card, Cards, Document, Figure, Note, Paragraph, Table, Title
from .facts import PlanFacts
from .previous import Previous
from .text import cn_date, num, pct, quantity


@dataclass(frozen=True, slots=True)
class Result:
    row: VerdictRow
    measure: str
    reconciled: bool  # the figure is a year-end actual taken from a review
    forecast: bool  # … which the review gave as an estimate (预计)
    previous: Previous | None

    @property
    def value(self) -> float | None:
        return self.row.latest

    @property
    def met(self) -> bool:
        return self.row.judgement.verdict is Verdict.DONE

    @property
    def change(self) -> float | None:
        """Against last year: a relative change for levels, a difference for rates, or None."""
        p, v = self.previous, self.value
        if p is None or v is None:
            return None
        if self.measure == "level":
            return (v - p.value) / p.value if p.value > 0 else None
        return v - p.value

    def change_text(self) -> str:
        c, p = self.change, self.previous
        if c is None or p is None:
            return ""
        if self.measure == "level":
            word = "增长" if c >= 0 else "下降"
            return f"比上年{word}{pct(abs(c))}（{p.year}年{quantity(p.value, p.unit)}）"
        word = "提高" if c >= 0 else "下降"
        points = "个百分点" if self.row.unit in ("%", "百分点") else self.row.unit
        return f"比上年{word}{num(abs(c))}{points}（{p.year}年{quantity(p.value, p.unit)}）"


@dataclass(frozen=True, slots=True)
class AreaResults:
    area: str
    results: tuple[Result, ...]

    @property
    def met(self) -> int:
        return sum(r.met for r in self.results)

    @property
    def mean_completion(self) -> float | None:
        shares = [r.row.judgement.completion for r in self.results if r.row.value is not None]
        known = [s for s in shares if s is not None]
        return sum(known) / len(known) if known else None


@dataclass(frozen=True, slots=True)
class YearNumbers:
    plan_name: str
    year: int
    as_of: date
    areas: tuple[AreaResults, ...]

    @property
    def results(self) -> list[Result]:
        return [r for a in self.areas for r in a.results]

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def met(self) -> int:
        return sum(a.met for a in self.areas)

    @property
    def with_figure(self) -> int:
        return sum(r.row.judgement.latest is not None for r in self.results)


def compute_numbers(facts: PlanFacts, previous: dict[int, Previous]) -> YearNumbers:
    areas: dict[str, list[Result]] = {}
    for t in facts.targets:
        latest = t.row.judgement.latest
        behind = [s for s in t.submissions if latest is not None and s.as_of == latest.as_of
                  and s.value == latest.value and s.done == latest.done]  # fmt: skip
        # the reading register_verdicts took is the last of its date: judge the same one
        chosen = behind[-1] if behind else None
        areas.setdefault(t.row.area, []).append(Result(
            t.row, t.measure, bool(chosen and chosen.reconciled),
            bool(chosen and chosen.forecast), previous.get(t.row.target_id),
        ))  # fmt: skip
    return YearNumbers(facts.plan_name, facts.year, facts.as_of,
                       tuple(AreaResults(a, tuple(rs)) for a, rs in areas.items()))  # fmt: skip


# ---------------------------------------------------------------------------
# Layout


def figure_text(r: Result) -> str:
    """The big number of a card: the result with its unit, or done / not done."""
    a = r.row.judgement
    if a.latest is None:
        return "未报送"
    if r.row.value is None:
        return "已完成" if a.latest.done else "未完成"
    return quantity(r.value, r.row.unit)


def card(r: Result) -> Card:
    a = r.row.judgement
    details: list[str] = []
    if r.row.value is not None:
        target = quantity(r.row.value, r.row.unit, r.row.comparator)
        details.append(f"目标{target}" + (f"，完成{pct(a.completion)}" if a.completion is not None
                                          else ""))  # fmt: skip
    marks = ("年终核对数" if r.reconciled else "") + ("，预计数" if r.forecast else "")
    status = "" if r.met or figure_text(r) == a.verdict.label else a.verdict.label
    if status or marks:
        details.append(status + (f"（{marks}）" if marks else ""))
    if r.change_text():
        details.append(r.change_text())
    return Card(figure_text(r), r.row.name, tuple(details), None if r.met else "red")


def numbers_document(n: YearNumbers) -> Document:
    blocks: list[Block] = [
        Title(f"数说{n.year}", f"{n.plan_name}完成情况（截至{cn_date(n.as_of)}）"),
        Paragraph(_summary(n)),
    ]
    for a in n.areas:
        heading = f"{a.area}（完成{a.met}/{len(a.results)}项）"
        blocks.append(Cards(heading, tuple(card(r) for r in a.results)))
    if n.areas:
        from . import charts  # matplotlib loads only when a chart is drawn

        chart = charts.completion_chart(
            [(a.area, a.mean_completion) for a in n.areas], f"{n.year}年各领域平均完成率"
        )
        blocks.append(Figure(chart, f"图 {n.year}年各领域平均完成率", 160))
    rows = []
    for r in n.results:
        p = r.previous
        rows.append((r.row.name, quantity(r.row.value, r.row.unit, r.row.comparator) or "里程碑",
                     figure_text(r), pct(r.row.judgement.completion),
                     quantity(p.value, p.unit) if p else "", r.change_text().split("（")[0]))  # fmt: skip
    blocks.append(Table(("指标", "目标", "完成", "完成率", "上年", "比上年"), tuple(rows),
                        (5, 2.2, 2.2, 1.6, 2, 2.4), ("l", "r", "r", "r", "r", "l"),
                        tuple(None if r.met else "red" for r in n.results),
                        f"表 {n.year}年度指标完成情况一览", tone_column=2))  # fmt: skip
    sources = sorted({r.previous.document for r in n.results if r.previous})
    blocks.append(Note(
        f"说明：完成数为截至{cn_date(n.as_of)}各单位最新填报数，标注“年终核对数”的取自年终核对的"
        "总结材料。“比上年”按上年实际数计算：数量类指标为增长率，增速、比率类指标为增减的百分点；"
        "上年实际数取自" + ("、".join(f"《{s}》" for s in sources) if sources else "已导入的文件")
        + "中指标名称相近、计量单位相同的数据，未找到的不列。"
    ))  # fmt: skip
    return Document(f"数说{n.year}", tuple(blocks), style="infographic")


def _summary(n: YearNumbers) -> str:
    share = f"，占{pct(n.met / n.total)}" if n.total else ""
    with_prev = sum(r.previous is not None for r in n.results)
    text = f"{n.year}年，{n.plan_name}共{n.total}项，截至{cn_date(n.as_of)}已完成{n.met}项{share}。"
    return text + (f"其中{with_prev}项可与上年实际对比。" if with_prev else "")
