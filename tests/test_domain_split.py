"""Decomposition: unit shares must add up to the whole; units' figures roll up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from luoshi.domain import Comparator, Measure, Reading, TargetSpec, check_shares, roll_up

DISTRICT = TargetSpec.for_year(2024, 100, "亿元")


@dataclass(frozen=True)
class Split:
    id: str
    total: TargetSpec | float
    shares: dict[str, float]
    problems: list[str] = field(default_factory=list)


SPLITS = [
    Split("adds-up", DISTRICT, {"金坛经济开发区": 40, "华罗庚科技园": 35, "儒林镇": 25}),
    Split("adds-up-with-decimals", 1.0, {"甲镇": 0.1, "乙镇": 0.2, "丙镇": 0.7}),
    Split("within-tolerance", 100.0, {"甲镇": 60, "乙镇": 40.00001}),
    Split(
        "cap-adds-up", TargetSpec.for_year(2024, 1000, "亩", Comparator.LE), {"甲": 600, "乙": 400}
    ),
    Split("short", DISTRICT, {"甲镇": 40, "乙镇": 50}, ["合计90，比总数100少10"]),
    Split("over", DISTRICT, {"甲镇": 60, "乙镇": 50}, ["合计110，比总数100多10"]),
    Split(
        "negative-share",
        DISTRICT,
        {"甲镇": 110, "乙镇": -10},
        ["乙镇：分解数-10是负数"],
    ),
    Split("not-a-number", DISTRICT, {"甲镇": float("nan")}, ["甲镇：分解数不是有限的数字"]),
    Split("no-shares", DISTRICT, {}, ["没有填写任何分解数"]),
    Split(
        "growth-refused",
        TargetSpec.for_year(2024, 5, "%", Comparator.GE, Measure.GROWTH),
        {"甲镇": 2.5, "乙镇": 2.5},
        ["增速、比率类指标（5%）不能按单位相加"],
    ),
    Split(
        "ratio-refused",
        TargetSpec.for_year(2024, 95, "%", Comparator.GE, Measure.RATIO),
        {"甲镇": 95},
        ["增速、比率类指标（95%）不能按单位相加"],
    ),
    Split(
        "milestone-refused",
        TargetSpec.for_year(2024, None, ""),
        {"甲镇": 1},
        ["里程碑任务没有数值可分解"],
    ),
]


@pytest.mark.parametrize("case", SPLITS, ids=lambda c: c.id)
def test_check_shares(case: Split) -> None:
    got = check_shares(case.total, case.shares)
    assert len(got) == len(case.problems), got
    for problem, expect in zip(got, case.problems, strict=True):
        assert expect in problem


@dataclass(frozen=True)
class Roll:
    id: str
    shares: dict[str, Reading | None]
    expect: Reading | None
    allow_missing: bool = False


MAR, APR = date(2024, 3, 31), date(2024, 4, 30)

ROLL_UPS = [
    Roll(
        "sums-at-earliest-date",
        {"甲镇": Reading(APR, 30), "乙镇": Reading(MAR, 12.5)},
        Reading(MAR, 42.5),
    ),
    Roll("one-unit", {"甲镇": Reading(APR, 30)}, Reading(APR, 30)),
    Roll("missing-unit-is-none", {"甲镇": Reading(APR, 30), "乙镇": None}, None),
    Roll("unit-without-figure-is-none", {"甲镇": Reading(APR, 30), "乙镇": Reading(APR)}, None),
    Roll(
        "missing-allowed",
        {"甲镇": Reading(APR, 30), "乙镇": None},
        Reading(APR, 30),
        allow_missing=True,
    ),
    Roll("nobody-reported", {"甲镇": None}, None, allow_missing=True),
    Roll("no-units", {}, None),
]


@pytest.mark.parametrize("case", ROLL_UPS, ids=lambda c: c.id)
def test_roll_up(case: Roll) -> None:
    assert roll_up(case.shares, allow_missing=case.allow_missing) == case.expect
