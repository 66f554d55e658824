"""Year-end scoring (考核), pure: rules as data, each unit's score derived line by line."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from luoshi.domain import Verdict
from luoshi.reports.assessment import (
    Entry,
    Rules,
    load_rules,
    parse_rules,
    rank_units,
    score_unit,
)
from luoshi.reports.discipline import Tally
from luoshi.reports.errors import ReportError

RULES = Rules()  # the documented defaults: base 100, cap 1.2, −0.5 per missing period, max 5
ON_TIME = Tally()


def entry(name: str = "指标", completion: float | None = 1.0, status: Verdict = Verdict.DONE, *,
          area: str = "领域", weight: float = 1.0, tally: Tally = ON_TIME,
          role: str = "lead") -> Entry:  # fmt: skip
    return Entry(1, 1, name, area, role, weight, status, completion, tally)  # type: ignore[arg-type]


# (id, entries, rules, expected score)
CASES = [
    ("one target met", [entry()], RULES, 100.0),
    ("half done", [entry(completion=0.5, status=Verdict.OVERDUE)], RULES, 50.0),
    ("capped at 120%", [entry(completion=1.5)], RULES, 120.0),
    ("no bonus beyond the cap by default", [entry(completion=3.0)], RULES, 120.0),
    ("bonus beyond the cap when configured", [entry(completion=1.5)],
     replace(RULES, bonus_per_point=0.1, bonus_max=2.0), 122.0),
    ("bonus is capped", [entry(completion=1.35)],
     replace(RULES, bonus_per_point=0.1, bonus_max=1.0), 121.0),
    ("two targets share the base by weight", [entry(completion=1.0, weight=3.0),
                                              entry(completion=0.0, status=Verdict.OVERDUE)],
     RULES, 75.0),
    ("a negative completion earns nothing", [entry(completion=-0.2, status=Verdict.OVERDUE)],
     RULES, 0.0),
    ("not reported counts as zero", [entry(completion=None, status=Verdict.NOT_REPORTED)],
     RULES, 0.0),
    ("a non-positive target met scores in full",
     [entry(completion=None, status=Verdict.DONE), entry(completion=None, status=Verdict.OVERDUE)],
     RULES, 50.0),
    ("an unreleased figure is left out and its weight goes to the others",
     [entry(completion=0.8, status=Verdict.OVERDUE), entry(completion=None, status=Verdict.NOT_DUE)],
     RULES, 80.0),
    ("missing periods deducted", [entry(tally=Tally(owed=12, on_time=9, missing=3))], RULES,
     98.5),
    ("late and empty deducted", [entry(tally=Tally(owed=12, on_time=9, late=2, empty=1))],
     RULES, 100 - 0.4 - 0.5),
    ("deductions capped per unit", [entry(tally=Tally(owed=12, missing=12)),
                                    entry(tally=Tally(owed=12, missing=12))], RULES, 95.0),
    ("a responsible unit's line has no deductions",
     [entry(tally=Tally(owed=12, missing=12), role="responsible")],
     replace(RULES, responsible_share=0.5), 100.0),
]  # fmt: skip


@pytest.mark.parametrize(("entries", "rules", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_unit_score(entries: list[Entry], rules: Rules, expected: float) -> None:
    score = score_unit("区科技局", entries, rules)
    assert math.isclose(score.score, expected, abs_tol=1e-9)
    # the lines add up to the score, so a unit can check it by hand
    lines = score.lines
    total = sum(x.earned + x.bonus for x in lines) - min(sum(x.deduction for x in lines),
                                                         rules.deduction_max)  # fmt: skip
    assert math.isclose(total, score.score, abs_tol=1e-9)


def test_each_line_says_why() -> None:
    score = score_unit("区教育局", [entry("新增学位", 0.62, Verdict.OVERDUE,
                                          tally=Tally(owed=12, on_time=11, missing=1)),
                                    entry("学校建设", 1.0)], RULES)  # fmt: skip
    first = score.lines[0]
    assert (first.available, first.counted, round(first.earned, 6)) == (50.0, 0.62, 31.0)
    assert first.why == "完成率62.0%；得分 = 50 × 62.0% = 31；扣分：漏报1期×0.5 = 0.5"
    assert score.score == 80.5


def test_weights_most_specific_first() -> None:
    rules = replace(RULES, patterns=(("高新技术", 2.0),), area_weights={"民生": 3.0})
    assert rules.weight("净增高新技术企业", "民生", 1.0) == (2.0, "名称规则「高新技术」")
    assert rules.weight("新增学位", "民生", 1.0) == (3.0, "领域权重")
    assert rules.weight("新增学位", "其他", 1.0) == (1.0, "默认权重")
    assert rules.weight("净增高新技术企业", "民生", 4.0) == (4.0, "登记表权重")


def test_weights_decide_points_available() -> None:
    rules = replace(RULES, patterns=(("高新技术", 3.0),))
    score = score_unit("区科技局", [entry("净增高新技术企业"), entry("新增上市企业")], rules)
    assert [x.available for x in score.lines] == [75.0, 25.0]


def test_ranking_shares_ties() -> None:
    scores = [score_unit(u, [entry(completion=c)], RULES)
              for u, c in (("乙", 0.9), ("甲", 0.9), ("丙", 1.0), ("丁", 0.5))]  # fmt: skip
    ranked = rank_units(scores)
    assert [(s.rank, s.unit) for s in ranked] == [(1, "丙"), (2, "乙"), (2, "甲"), (4, "丁")]


def test_default_rules_file_is_the_documented_default() -> None:
    rules = load_rules()
    assert (rules.base, rules.cap, rules.bonus_per_point, rules.not_reported,
            rules.deduction_max, rules.responsible_share) == (100.0, 1.2, 0.0, 0.5, 5.0, 0.0)  # fmt: skip
    assert rules.source == "assessment_rules.toml"


BAD_RULES = [
    ("[score]\nbase = -1\n", "must be a number ≥ 0"),
    ("[score]\ncap = 'high'\n", "score.cap must be a number"),
    ("[scores]\nbase = 1\n", "unknown section"),
    ("[deductions]\nmissing = 1\n", "unknown setting deductions.missing"),
    ("[[weights.pattern]]\nmatch = '('\nweight = 2\n", "bad regex"),
    ("[[weights.pattern]]\nweight = 2\n", "needs match"),
    ("not toml at all [", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD_RULES)
def test_bad_rules_are_refused(text: str, message: str) -> None:
    with pytest.raises(ReportError, match=message):
        parse_rules(text, "rules.toml")
