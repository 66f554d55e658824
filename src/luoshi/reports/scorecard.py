"""The assessment as documents: the ranking and each unit's score line by line (Word, Excel)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..figures import number as num
from ..figures import percent as pct
from .assessment import DEFAULT_RULES, Rules, UnitScore
from .document import Block, Document, Heading, Note, Paragraph, Table, Title
from .text import cn_date, cn_ordinal
from .xlsx_writer import Sheet, Value

ROLE_LABELS = {"lead": "牵头", "responsible": "责任"}


def rules_summary(rules: Rules) -> str:
    text = (
        f"各单位以其牵头的指标计分：基础分{num(rules.base)}分按指标权重分配到各项指标（分值），"
        f"各指标得分为分值乘以完成率（封顶{pct(rules.cap, 0)}）"
    )
    if rules.bonus_per_point > 0:
        text += (f"，完成率超过封顶部分每个百分点加{num(rules.bonus_per_point)}分"
                 f"（每项最多{num(rules.bonus_max)}分）")  # fmt: skip
    text += (
        f"；漏报每期扣{num(rules.not_reported)}分、逾期报送每期扣{num(rules.late)}分、"
        f"空报每期扣{num(rules.empty)}分，扣分累计不超过{num(rules.deduction_max)}分，"
        "且不超过该单位所得分数（总分最低为0分）。里程碑类任务已完成计100%，未完成计0%。"
        "考核基准日数据尚未发布的年度指标不计分，其权重由其他指标分享。"
    )
    if rules.responsible_share > 0:
        text += f"责任单位按指标权重的{pct(rules.responsible_share, 0)}参与计分，不承担报送扣分。"
    return text


def assessment_document(
    plan_name: str, as_of: date, scores: Sequence[UnitScore], rules: Rules
) -> Document:
    blocks: list[Block] = [
        Title(f"{plan_name}考核结果", f"（考核基准日：{cn_date(as_of)}）"),
        Paragraph(f"根据年度考核评分规则，{rules_summary(rules)}"),
        Heading("一、考核排名"),
        Table(("名次", "单位", "计分指标数", "指标得分", "加分", "扣分", "总分"),
              tuple((str(s.rank), s.unit, str(s.scored), num(s.earned), num(s.bonus),
                     num(s.deducted), num(s.score)) for s in scores),
              (1.2, 3.6, 1.8, 1.8, 1.3, 1.3, 1.6), ("c", "l", "c", "r", "r", "r", "r"),
              caption="表1 各单位考核得分排名"),
        Heading("二、各单位得分明细"),
    ]  # fmt: skip
    for i, s in enumerate(scores, start=1):
        blocks.append(Heading(f"（{cn_ordinal(i)}）{s.unit}：{num(s.score)}分（第{s.rank}名）", 2))
        rows = tuple(
            (str(x.entry.seq), x.entry.name + ("" if x.entry.role == "lead" else "（责任）"),
             num(x.weight), num(x.available), pct(x.counted), num(x.earned), num(x.bonus),
             num(x.deduction), x.why)
            for x in s.lines
        )  # fmt: skip
        blocks.append(Table(("序号", "指标", "权重", "分值", "计分完成率", "得分", "加分", "扣分",
                             "计分说明"), rows, (1, 4, 1.2, 1.4, 1.7, 1.4, 1.2, 1.2, 6),
                            ("c", "l", "r", "r", "r", "r", "r", "r", "l")))  # fmt: skip
        capped = ""
        if s.floored:
            capped = f"（扣分合计{num(s.deductions)}分，以所得分数为限，总分不低于0分）"
        elif s.deductions > s.deducted:
            capped = f"（扣分合计{num(s.deductions)}分，封顶{num(rules.deduction_max)}分）"
        blocks.append(Paragraph(f"指标得分{num(s.earned)} + 加分{num(s.bonus)} − 扣分"
                                f"{num(s.deducted)}{capped} = {num(s.score)}分。"))  # fmt: skip
    blocks.append(Note(f"说明：权重依次取登记表中设定的指标权重、评分规则中的名称规则、领域权重，"
                       f"均未设定的按{num(rules.default_weight)}计。分值 = 基础分 × 权重 ÷ 本单位计分指标"
                       "权重之和。完成率为考核基准日最新填报（或年终核对）数据的完成率。"))  # fmt: skip
    # landscape: the line-by-line tables need the width
    return Document(f"{plan_name}考核结果", tuple(blocks), landscape=True)


def assessment_sheets(
    plan_name: str, as_of: date, scores: Sequence[UnitScore], rules: Rules
) -> list[Sheet]:
    title = f"{plan_name}考核结果（考核基准日：{cn_date(as_of)}）"
    ranking: list[list[Value]] = [
        [s.rank, s.unit, s.scored, s.earned, s.bonus, s.deducted, s.score] for s in scores
    ]
    detail: list[list[Value]] = []
    for s in scores:
        for x in s.lines:
            e = x.entry
            detail.append([s.unit, e.seq, e.name, e.area, ROLE_LABELS[e.role], e.status.label,
                           x.weight, x.weight_source, x.available, e.completion, x.counted,
                           x.earned, x.bonus, x.deduction, x.why])  # fmt: skip
    two = "0.00"
    return [
        Sheet("考核排名", title, ("名次", "单位", "计分指标数", "指标得分", "加分", "扣分", "总分"),
              ranking, {3: two, 4: two, 5: two, 6: two}),
        Sheet("得分明细", title, ("单位", "序号", "指标", "领域", "角色", "状态", "权重",
                                "权重来源", "分值", "完成率", "计分完成率", "得分", "加分", "扣分",
                                "计分说明"), detail,
              {6: two, 8: two, 9: "0.0%", 10: "0.0%", 11: two, 12: two, 13: two},
              {2: 36, 3: 24, 14: 60}),
        Sheet("评分规则", "考核评分规则", ("项目", "设定"), _rules_rows(rules)),
    ]  # fmt: skip


def _rules_rows(rules: Rules) -> list[list[Value]]:
    rows: list[list[Value]] = [
        ["规则来源", "系统默认规则" if rules.source == DEFAULT_RULES else "自定义规则"], ["基础分", rules.base], ["完成率封顶", rules.cap],
        ["超额每百分点加分", rules.bonus_per_point], ["超额加分上限（每项）", rules.bonus_max],
        ["漏报每期扣分", rules.not_reported], ["逾期报送每期扣分", rules.late],
        ["空报每期扣分", rules.empty], ["扣分上限（每单位）", rules.deduction_max],
        ["责任单位计分系数", rules.responsible_share], ["默认权重", rules.default_weight],
    ]  # fmt: skip
    rows += [[f"名称规则「{p}」", w] for p, w in rules.patterns]
    rows += [[f"领域「{a}」", w] for a, w in rules.area_weights.items()]
    rows.append(["说明", rules_summary(rules)])
    return rows
