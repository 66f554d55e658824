"""督查通报: the register at a date, as the supervising office reports it to every unit.

``compute_bulletin`` adds up a plan's facts (pure); ``bulletin_document``
lays the result out as blocks for any writer. The figures are those of the
web dashboard (``register.overview``), so a leader sees the same numbers in
both: status counts, areas against 序时进度, the lagging list and the unit
ranking. The bulletin adds each lagging target's 滞后原因/整改措施 and the
units' reporting discipline (``discipline``).

Ranking (from ``overview``): units that lead targets, by fewest unreported
targets first, then by the mean gap between completion and 序时进度 of the
numeric targets they lead (percentage points, higher first; for growth and
ratio targets the gap is the reported figure minus the target).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ..domain import LAGGING, Margins, Verdict
from ..register.overview import ORDER, Overview, UnitLine, overview
from ..register.verdicts import VerdictRow
from .config import ReportConfig
from .discipline import Tally, target_tally
from .document import (
    Block,
    Colophon,
    Document,
    Figure,
    Heading,
    Masthead,
    Note,
    Paragraph,
    Table,
    Title,
    Tone,
)
from .facts import PlanFacts, TargetFacts
from .text import cn_date, cn_ordinal, pct, pp, quantity

MARGINS = Margins()  # the register's margins: the bulletin judges as the register does


@dataclass(frozen=True, slots=True)
class LagLine:
    """A lagging target with what its unit said about it (the latest reason given)."""

    row: VerdictRow
    lag_reason: str | None
    corrective_action: str | None
    explained_on: date | None


@dataclass(frozen=True, slots=True)
class ReportingLine:
    """A lead unit's reporting: its unreported targets and its owed periods by state."""

    unit: str
    not_reported: tuple[str, ...]
    tally: Tally


@dataclass(frozen=True, slots=True)
class Bulletin:
    plan_name: str
    year: int
    as_of: date
    config: ReportConfig
    overview: Overview
    lagging: tuple[LagLine, ...]
    reporting: tuple[ReportingLine, ...]  # units with a fault only, worst first

    @property
    def judged(self) -> int:
        return self.overview.total - self.overview.by_status.get(Verdict.NOT_DUE, 0)

    @property
    def ranking(self) -> list[UnitLine]:
        return self.overview.units


def compute_bulletin(facts: PlanFacts, config: ReportConfig) -> Bulletin:
    ov = overview(facts.rows)
    by_id = {t.row.target_id: t for t in facts.targets}
    lagging = tuple(_lag_line(by_id[r.target_id]) for r in ov.lagging)
    return Bulletin(facts.plan_name, facts.year, facts.as_of, config, ov, lagging,
                    reporting_lines(facts, config.deadline_days))  # fmt: skip


def _lag_line(t: TargetFacts) -> LagLine:
    for s in reversed(t.submissions):
        if s.lag_reason or s.corrective_action:
            return LagLine(t.row, s.lag_reason, s.corrective_action, s.as_of)
    return LagLine(t.row, None, None, None)


def reporting_lines(facts: PlanFacts, deadline_days: int) -> tuple[ReportingLine, ...]:
    """Lead units that did not report, reported late or empty, worst first."""
    missing: dict[str, list[str]] = defaultdict(list)
    tallies: dict[str, Tally] = defaultdict(Tally)
    for t in facts.targets:
        unit = t.row.lead_unit or "未明确牵头单位"
        if t.row.judgement.verdict is Verdict.NOT_REPORTED:
            missing[unit].append(t.row.name)
        tallies[unit] += target_tally(t, facts.as_of, deadline_days)
    lines = [ReportingLine(u, tuple(missing.get(u, ())), tallies[u])
             for u in tallies if missing.get(u) or tallies[u].faults]  # fmt: skip
    lines.sort(key=lambda x: (-len(x.not_reported), -x.tally.faults, x.unit))
    return tuple(lines)


# ---------------------------------------------------------------------------
# Layout


def bulletin_document(b: Bulletin) -> Document:
    cfg = b.config
    blocks: list[Block] = [
        Masthead(cfg.masthead, f"第{cfg.issue}期", cfg.doc_number(b.as_of), cfg.office,
                 cn_date(cfg.issue_date())),
        Title(f"关于{b.plan_name}推进情况的通报", f"（截至{cn_date(b.as_of)}）"),
        Paragraph(cfg.recipients, indent=False),
        Paragraph(f"为推动{b.plan_name}落地见效，{cfg.office}对截至{cn_date(b.as_of)}各项目标"
                  "任务推进情况进行了督查。现将有关情况通报如下："),
    ]  # fmt: skip
    sections = [_overall(b), _areas(b), _lagging(b), _reporting(b), _ranking(b)]
    for i, (heading, body) in enumerate(sections, start=1):
        blocks.append(Heading(f"{cn_ordinal(i)}、{heading}"))
        blocks.extend(body)
    blocks.append(Heading(f"{cn_ordinal(len(sections) + 1)}、工作要求"))
    blocks.append(Paragraph(
        "各牵头单位要对照本通报，认真分析滞后原因，逐项落实整改措施，确保年度目标如期完成；"
        "未按时报送进度的单位要立即补报，并严格执行按月报送制度。"
        f"整改情况请于{cfg.deadline_days}日内报{cfg.office}。"
    ))  # fmt: skip
    blocks.append(Note(_rules_note(b)))
    blocks.append(
        Colophon(f"抄送：{cfg.copy_to}。", cfg.office, cn_date(cfg.issue_date()) + "印发")
    )
    return Document(f"{cfg.masthead}（第{cfg.issue}期）", tuple(blocks))


def status_counts(ov: Overview) -> list[tuple[Verdict, int]]:
    return [(s, ov.by_status.get(s, 0)) for s in ORDER]


def _overall(b: Bulletin) -> tuple[str, list[Block]]:
    ov = b.overview
    counts = dict(status_counts(ov))
    parts = "、".join(
        f"{s.label}{n}项" for s, n in counts.items() if n and s is not Verdict.NOT_DUE
    )
    share = ov.on_track_share
    text = (
        f"截至{cn_date(b.as_of)}，{b.plan_name}共{ov.total}项，其中已进入评价期的{b.judged}项"
        + (f"（另有{counts[Verdict.NOT_DUE]}项未到评价时间）" if counts[Verdict.NOT_DUE] else "")
        + (f"：{parts}。" if parts else "。")
        + (f"进度正常（绿灯）的指标占已评价指标的{pct(share)}。" if share is not None else "")
    )
    rows = tuple(
        (s.label, str(n), pct(n / ov.total) if ov.total else "") for s, n in counts.items()
    )
    tones = tuple(_tone(s) for s in counts)
    blocks: list[Block] = [Paragraph(text)]
    if ov.total:
        from . import charts  # matplotlib loads only when a chart is drawn

        chart = charts.status_chart([(s.label, n, _tone(s)) for s, n in counts.items()],
                                    "指标推进状态")  # fmt: skip
        blocks.append(Figure(chart, "图1 指标推进状态分布", 140))
    blocks.append(Table(("状态", "指标数（项）", "占比"), rows, (3, 2, 2), ("c", "c", "c"),
                        tones, "表1 指标推进状态", tone_column=0))  # fmt: skip
    return "总体情况", blocks


def _areas(b: Bulletin) -> tuple[str, list[Block]]:
    rows = []
    for a in b.overview.areas:
        gap = None
        if a.completion is not None and a.time_progress is not None:
            gap = (a.completion - a.time_progress) * 100
        rows.append((a.area, str(a.targets), pct(a.completion), pct(a.time_progress), pp(gap),
                     str(a.lagging)))  # fmt: skip
    behind = [a.area for a in b.overview.areas
              if a.completion is not None and a.time_progress is not None
              and a.completion < a.time_progress]  # fmt: skip
    text = (f"从领域看，{len(behind)}个领域平均完成率低于序时进度：{'；'.join(behind)}。"
            if behind else "从领域看，各领域平均完成率均不低于序时进度。")  # fmt: skip
    blocks: list[Block] = [Paragraph(text)]
    blocks.append(Table(("领域", "指标数", "平均完成率", "序时进度", "差距（百分点）", "滞后数"),
                        tuple(rows), (6, 1.4, 2, 2, 2.2, 1.4), ("l", "c", "r", "r", "r", "c"),
                        caption="表2 分领域完成情况"))  # fmt: skip
    if b.overview.areas:
        from . import charts

        chart = charts.area_chart(
            [(a.area, a.completion, a.time_progress) for a in b.overview.areas],
            "分领域平均完成率与序时进度",
        )
        blocks.append(Figure(chart, "图2 分领域平均完成率与序时进度", 160))
    return "分领域推进情况", blocks


def _lagging(b: Bulletin) -> tuple[str, list[Block]]:
    if not b.lagging:
        return "滞后指标情况", [Paragraph("截至本期，未发现滞后指标。")]
    counts: dict[Verdict, int] = defaultdict(int)
    for line in b.lagging:
        counts[line.row.judgement.verdict] += 1
    detail = "、".join(f"{s.label}{counts[s]}项" for s in LAGGING if counts[s])
    blocks: list[Block] = [Paragraph(f"共有{len(b.lagging)}项指标进度滞后（{detail}），具体如下：")]
    rows, tones = [], []
    for i, line in enumerate(b.lagging, start=1):
        r, a = line.row, line.row.judgement
        rows.append((str(i), f"{r.name}（{quantity(r.value, r.unit, r.comparator) or '里程碑'}）",
                     r.lead_unit or "—", pct(a.completion), pct(a.time_progress), pp(a.gap_pp),
                     a.verdict.label))  # fmt: skip
        tones.append(_tone(a.verdict))
    blocks.append(Table(("序号", "指标（目标）", "牵头单位", "完成率", "序时进度", "差距", "状态"),
                        tuple(rows), (1, 5.5, 2.6, 1.8, 1.8, 1.6, 2),
                        ("c", "l", "c", "r", "r", "r", "c"), tuple(tones), "表3 滞后指标清单"))  # fmt: skip
    for i, line in enumerate(b.lagging, start=1):
        r = line.row
        head = f"{i}. {r.name}（{r.lead_unit or '未明确牵头单位'}）："
        if line.lag_reason or line.corrective_action:
            when = f"（{cn_date(line.explained_on)}进度填报）" if line.explained_on else ""
            text = (f"{r.judgement.reason}。滞后原因：{line.lag_reason or '未说明'}；"
                    f"整改措施：{line.corrective_action or '未说明'}{when}。")  # fmt: skip
        else:
            text = f"{r.judgement.reason}。未报送滞后原因及整改措施。"
        blocks.append(Paragraph(text, bold_lead=head))
    return "滞后指标情况", blocks


def _reporting(b: Bulletin) -> tuple[str, list[Block]]:
    lines = b.reporting
    if not lines:
        return "报送情况", [Paragraph("各牵头单位均按时报送进度。")]
    silent = [x for x in lines if x.not_reported]
    n_targets = sum(len(x.not_reported) for x in silent)
    text = f"{len(silent)}个单位牵头的{n_targets}项指标应报未报；" if silent else ""
    late = [x.unit for x in lines if x.tally.late]
    text += f"{'、'.join(late)}存在逾期报送。" if late else "无逾期报送。"
    rows = tuple(
        (x.unit, "、".join(x.not_reported) or "—", str(x.tally.owed), str(x.tally.late),
         str(x.tally.missing), str(x.tally.empty))
        for x in lines
    )  # fmt: skip
    return "报送情况", [
        Paragraph(text),
        Table(("牵头单位", "未报送指标", "应报期次", "逾期报送", "漏报", "空报"), rows,
              (2.6, 6, 1.6, 1.6, 1.3, 1.3), ("c", "l", "c", "c", "c", "c"),
              caption="表4 进度报送情况（仅列有问题的单位）"),
    ]  # fmt: skip


def _ranking(b: Bulletin) -> tuple[str, list[Block]]:
    rows = tuple(
        (str(i), u.unit, str(u.led), pct(u.completion), pp(u.gap_pp), str(u.lagging),
         str(u.not_reported))
        for i, u in enumerate(b.ranking, start=1)
    )  # fmt: skip
    if not rows:
        return "单位排名", [Paragraph("尚未明确牵头单位，暂不排名。")]
    return "单位排名", [
        Paragraph("按牵头指标推进情况对各单位排名如下（排名规则见文末说明）："),
        Table(("名次", "牵头单位", "牵头指标数", "平均完成率", "与序时进度差（百分点）", "滞后数",
               "未报送数"), rows, (1.2, 3, 1.6, 1.8, 2.6, 1.3, 1.5),
              ("c", "l", "c", "r", "r", "c", "c"), caption="表5 单位推进情况排名"),
    ]  # fmt: skip


def _rules_note(b: Bulletin) -> str:
    return (
        "说明：1. 序时进度为截至通报日已过时间占全年的比例（按月等分计算）；完成率为累计完成值与目标值之比，"
        "“控制在”类指标在目标以内计为100%。"
        f"2. 完成率低于序时进度{MARGINS.lag_pp:g}个百分点以上为滞后，{MARGINS.serious_lag_pp:g}个百分点以上为严重滞后；"
        "增速、比率类指标以实际值与目标值比较。3. 单位排名先按未报送指标数（少者在前），再按所牵头数值类指标"
        "完成率与序时进度之差的平均值（高者在前）。4. 进度应于每期结束后"
        f"{b.config.deadline_days}日内报送，逾期为逾期报送，未报为漏报，报送无数据为空报；"
        "报送情况计入牵头单位。"
    )


def _tone(status: Verdict) -> Tone:
    """The light the register shows for ``status`` (red, yellow, green, grey)."""
    return MARGINS.light(status).value
