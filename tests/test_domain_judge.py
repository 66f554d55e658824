"""Verdicts: one row per situation an office meets, then the margins as configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from luoshi.domain import (
    LIGHT_LABELS,
    VERDICT_LABELS,
    Comparator,
    Frequency,
    Light,
    Margins,
    Measure,
    Reading,
    Step,
    TargetSpec,
    Verdict,
    first_report_due,
    judge,
    release_date,
)
from luoshi.extract.mention import Mention

GDP = TargetSpec.for_year(2024, 100, "亿元")  # 地区生产总值, monthly, ≥
QUARTERLY = TargetSpec.for_year(2024, 100, "亿元", frequency=Frequency.QUARTERLY)
GROWTH = TargetSpec.for_year(2024, 5, "%", Comparator.GE, Measure.GROWTH)
ANNUAL_GROWTH = TargetSpec.for_year(
    2024, 5, "%", Comparator.GE, Measure.GROWTH, frequency=Frequency.ANNUAL
)
UNEMPLOYMENT = TargetSpec.for_year(2024, 5.5, "%", Comparator.LE, Measure.RATIO)
ENERGY = TargetSpec.for_year(2024, -3, "%", Comparator.EQ, Measure.GROWTH)  # 能耗下降3%
LAND = TargetSpec.for_year(2024, 1000, "亩", Comparator.LE)  # 新增建设用地控制在1000亩以内
PLANT = TargetSpec.for_year(2024, None, "")  # 保障新厂投产
PLANT_BY_JUNE = TargetSpec.for_year(2024, None, "", schedule=(Step(date(2024, 6, 30), 1.0),))

MAR31, JUN30, SEP30, DEC31 = (
    date(2024, 3, 31),
    date(2024, 6, 30),
    date(2024, 9, 30),
    date(2024, 12, 31),
)
NEXT_JAN5 = date(2025, 1, 5)


@dataclass(frozen=True)
class Case:
    id: str
    spec: TargetSpec
    readings: tuple[Reading, ...]
    as_of: date
    status: Verdict
    reason: str = ""  # a fragment the reason must contain
    margins: Margins = field(default_factory=Margins)


def r(as_of: date, value: float) -> Reading:
    return Reading(as_of, value)


CASES = [
    # levels: completion against 序时进度 (75% on 30 Sep)
    Case("level-ahead", GDP, (r(SEP30, 90),), SEP30, Verdict.AHEAD, "超序时进度15个百分点"),
    Case("level-ahead-at-exact-margin", GDP, (r(MAR31, 35),), MAR31, Verdict.AHEAD),
    Case("level-on-track", GDP, (r(SEP30, 72),), SEP30, Verdict.ON_TRACK, "落后序时进度3个百分点"),
    Case("level-5pp-behind-is-on-track", GDP, (r(SEP30, 70),), SEP30, Verdict.ON_TRACK),
    Case("level-slightly-ahead", GDP, (r(SEP30, 78),), SEP30, Verdict.ON_TRACK, "高于序时进度3个百分点"),
    Case("level-level-with-time", GDP, (r(JUN30, 50),), JUN30, Verdict.ON_TRACK, "与序时进度持平"),
    Case("level-lagging", GDP, (r(SEP30, 65),), SEP30, Verdict.LAGGING, "落后序时进度10个百分点"),
    Case("level-15pp-behind-is-lagging", GDP, (r(SEP30, 60),), SEP30, Verdict.LAGGING),
    Case("level-seriously-lagging", GDP, (r(SEP30, 55),), SEP30, Verdict.SERIOUSLY_LAGGING),
    Case("level-done-early", GDP, (r(JUN30, 100),), JUN30, Verdict.DONE, "完成率100.0%"),
    Case("level-done-stays-done", GDP, (r(JUN30, 101),), NEXT_JAN5, Verdict.DONE),
    Case("level-dec-31-short-lags", GDP, (r(DEC31, 90),), DEC31, Verdict.LAGGING),
    Case("level-overdue", GDP, (r(DEC31, 90),), NEXT_JAN5, Verdict.OVERDUE, "2024年12月31日"),
    Case(
        "later-reading-ignored",
        GDP,
        (r(SEP30, 55), r(date(2024, 10, 31), 100)),
        SEP30,
        Verdict.SERIOUSLY_LAGGING,
    ),
    Case("correction-wins", GDP, (r(SEP30, 55), r(SEP30, 72)), SEP30, Verdict.ON_TRACK),
    # reporting duties
    Case("monthly-first-month-not-due", GDP, (), date(2024, 1, 31), Verdict.NOT_DUE),
    Case("monthly-not-reported", GDP, (), date(2024, 2, 1), Verdict.NOT_REPORTED, "应报未报"),
    Case("quarterly-first-quarter-not-due", QUARTERLY, (), MAR31, Verdict.NOT_DUE),
    Case("quarterly-not-reported", QUARTERLY, (), date(2024, 4, 1), Verdict.NOT_REPORTED),
    Case("past-due-never-reported", GDP, (), NEXT_JAN5, Verdict.NOT_REPORTED, "未报送完成情况"),
    # growth: the year-to-date growth against the target growth
    Case("growth-ahead", GROWTH, (r(JUN30, 6.5),), JUN30, Verdict.AHEAD, "高于目标1.5个百分点"),
    Case("growth-above-but-not-done", GROWTH, (r(JUN30, 5.2),), JUN30, Verdict.ON_TRACK),
    Case("growth-at-target", GROWTH, (r(JUN30, 5),), JUN30, Verdict.ON_TRACK),
    Case("growth-lagging", GROWTH, (r(JUN30, 4.5),), JUN30, Verdict.LAGGING, "低于目标0.5个百分点"),
    Case("growth-2pp-short-is-lagging", GROWTH, (r(JUN30, 3),), JUN30, Verdict.LAGGING),
    Case("growth-seriously-lagging", GROWTH, (r(JUN30, 2.5),), JUN30, Verdict.SERIOUSLY_LAGGING),
    Case("growth-done-on-full-year", GROWTH, (r(DEC31, 5.2),), DEC31, Verdict.DONE),
    Case("growth-latest-taken-as-final", GROWTH, (r(date(2024, 11, 30), 5.2),), NEXT_JAN5, Verdict.DONE),
    Case("growth-overdue", GROWTH, (r(DEC31, 4.8),), NEXT_JAN5, Verdict.OVERDUE),
    # annual-only: not judged before the release (31 Jan by default)
    Case("annual-before-release", ANNUAL_GROWTH, (r(DEC31, 4.0),), date(2025, 1, 30), Verdict.NOT_DUE, "不作评价"),
    Case("annual-mid-year-not-judged", ANNUAL_GROWTH, (), JUN30, Verdict.NOT_DUE),
    Case("annual-after-release-missed", ANNUAL_GROWTH, (r(DEC31, 4.0),), date(2025, 1, 31), Verdict.OVERDUE),
    Case("annual-after-release-met", ANNUAL_GROWTH, (r(DEC31, 5.3),), date(2025, 2, 1), Verdict.DONE),
    Case("annual-after-release-missing", ANNUAL_GROWTH, (), date(2025, 2, 1), Verdict.NOT_REPORTED),
    # ratio capped (失业率控制在5.5%以内)
    Case("cap-ratio-within", UNEMPLOYMENT, (r(JUN30, 5.3),), JUN30, Verdict.ON_TRACK, "低于控制目标0.2个百分点"),
    Case("cap-ratio-far-within", UNEMPLOYMENT, (r(JUN30, 4),), JUN30, Verdict.AHEAD),
    Case("cap-ratio-over", UNEMPLOYMENT, (r(JUN30, 5.8),), JUN30, Verdict.LAGGING, "超出控制目标0.3个百分点"),
    Case("cap-ratio-far-over", UNEMPLOYMENT, (r(JUN30, 8),), JUN30, Verdict.SERIOUSLY_LAGGING),
    Case("cap-ratio-done", UNEMPLOYMENT, (r(DEC31, 5.1),), NEXT_JAN5, Verdict.DONE),
    # a decline to reach (能耗下降3%: −3 or below)
    Case("decline-on-track", ENERGY, (r(JUN30, -3.5),), JUN30, Verdict.ON_TRACK),
    Case("decline-lagging", ENERGY, (r(JUN30, -1),), JUN30, Verdict.LAGGING),
    Case("decline-seriously-lagging", ENERGY, (r(JUN30, -0.5),), JUN30, Verdict.SERIOUSLY_LAGGING),
    Case("decline-done", ENERGY, (r(DEC31, -3.2),), DEC31, Verdict.DONE),
    # a cumulative cap: share used against 序时进度
    Case("level-cap-slow-use-is-on-track", LAND, (r(JUN30, 400),), JUN30, Verdict.ON_TRACK, "已用控制目标的40.0%"),
    Case("level-cap-used-fast", LAND, (r(JUN30, 580),), JUN30, Verdict.LAGGING),
    Case("level-cap-used-very-fast", LAND, (r(JUN30, 700),), JUN30, Verdict.SERIOUSLY_LAGGING),
    Case("level-cap-exceeded", LAND, (r(JUN30, 1100),), JUN30, Verdict.SERIOUSLY_LAGGING, "已超出控制目标"),
    Case("level-cap-not-done-mid-year", LAND, (r(JUN30, 500),), JUN30, Verdict.ON_TRACK),
    Case("level-cap-done", LAND, (r(DEC31, 950),), DEC31, Verdict.DONE),
    Case("level-cap-overdue", LAND, (r(DEC31, 1100),), NEXT_JAN5, Verdict.OVERDUE),
    # milestones
    Case("milestone-under-way", PLANT, (Reading(JUN30, done=False),), JUN30, Verdict.ON_TRACK),
    Case("milestone-done", PLANT, (Reading(JUN30, done=True),), SEP30, Verdict.DONE, "已完成"),
    Case("milestone-overdue", PLANT, (Reading(DEC31, done=False),), NEXT_JAN5, Verdict.OVERDUE),
    Case("milestone-not-reported", PLANT, (), date(2024, 2, 1), Verdict.NOT_REPORTED),
    Case(
        "milestone-behind-schedule",
        PLANT_BY_JUNE,
        (Reading(JUN30, done=False),),
        date(2024, 7, 1),
        Verdict.LAGGING,
        "计划于2024年6月30日前完成",
    ),
    Case("milestone-before-scheduled-date", PLANT_BY_JUNE, (Reading(MAR31, done=False),), MAR31, Verdict.ON_TRACK),
    # the office's margins are configuration
    Case("tighter-lag-margin", GDP, (r(SEP30, 71),), SEP30, Verdict.LAGGING, margins=Margins(lag_pp=3)),
    Case("tighter-serious-margin", GDP, (r(SEP30, 65),), SEP30, Verdict.SERIOUSLY_LAGGING, margins=Margins(serious_lag_pp=8)),
    Case("higher-ahead-margin", GDP, (r(SEP30, 90),), SEP30, Verdict.ON_TRACK, margins=Margins(ahead_pp=20)),
    Case("growth-tolerance", GROWTH, (r(JUN30, 4.6),), JUN30, Verdict.ON_TRACK, margins=Margins(rate_lag_pp=0.5)),
    Case("growth-serious-margin", GROWTH, (r(JUN30, 4),), JUN30, Verdict.SERIOUSLY_LAGGING, margins=Margins(rate_serious_pp=0.5)),
    Case("later-release", ANNUAL_GROWTH, (r(DEC31, 5.3),), date(2025, 2, 1), Verdict.NOT_DUE, margins=Margins(release_lag_months=2)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_status(case: Case) -> None:
    a = judge(case.spec, case.readings, case.as_of, case.margins)
    assert a.verdict is case.status, a.reason
    assert case.reason in a.reason
    assert a.light is case.margins.light(a.verdict)
    assert a.label == VERDICT_LABELS[a.verdict]


def test_the_judgement_carries_the_numbers() -> None:
    a = judge(GDP, [r(MAR31, 20), r(SEP30, 60)], SEP30)
    assert (a.completion, a.time_progress, a.gap_pp) == (0.6, 0.75, -15.0)
    assert a.projection == pytest.approx(80)
    assert a.latest == r(SEP30, 60)
    assert (a.label, a.light.label) == ("滞后", "黄灯")


def test_projection_uses_profile() -> None:
    profile = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.58, 0.66, 0.75, 0.83, 0.91, 1.0)
    assert judge(GDP, [r(MAR31, 30)], MAR31, profile=profile).projection == pytest.approx(150)


def test_growth_gap_is_in_points() -> None:
    a = judge(GROWTH, [r(JUN30, 4.5)], JUN30)
    assert (a.completion, a.gap_pp) == (0.9, -0.5)


def test_figures_shown_before_release_but_not_judged() -> None:
    a = judge(ANNUAL_GROWTH, [r(DEC31, 4.0)], date(2025, 1, 10))
    assert (a.verdict, a.light, a.completion) == (Verdict.NOT_DUE, Light.GREY, 0.8)


@pytest.mark.parametrize(
    ("status", "light"),
    [
        (Verdict.DONE, Light.GREEN),
        (Verdict.AHEAD, Light.GREEN),
        (Verdict.ON_TRACK, Light.GREEN),
        (Verdict.LAGGING, Light.YELLOW),
        (Verdict.SERIOUSLY_LAGGING, Light.RED),
        (Verdict.OVERDUE, Light.RED),
        (Verdict.NOT_REPORTED, Light.RED),
        (Verdict.NOT_DUE, Light.GREY),
    ],
    ids=lambda x: str(x),
)
def test_default_lights(status: Verdict, light: Light) -> None:
    assert Margins().light(status) is light


def test_not_reported_light_is_configurable() -> None:
    margins = Margins(not_reported_light=Light.GREY)
    assert judge(GDP, [], date(2024, 3, 1), margins).light is Light.GREY


def test_every_status_and_light_has_a_chinese_label() -> None:
    assert set(VERDICT_LABELS) == set(Verdict)
    assert set(LIGHT_LABELS) == set(Light)
    assert Verdict.AHEAD.label == "超序时"
    assert Verdict.OVERDUE.label == "逾期未完成"
    assert Light.RED.label == "红灯"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lag_pp": 10, "serious_lag_pp": 5},
        {"lag_pp": -1},
        {"rate_lag_pp": 3},
        {"ahead_pp": -1},
        {"release_lag_months": -1},
    ],
    ids=[
        "lag-beyond-serious",
        "negative-lag",
        "rate-lag-beyond-serious",
        "negative-ahead",
        "negative-release-lag",
    ],
)
def test_inconsistent_margins_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Margins(**kwargs)  # type: ignore[arg-type]


def test_release_and_first_report_dates() -> None:
    assert release_date(ANNUAL_GROWTH) == date(2025, 1, 31)
    assert release_date(ANNUAL_GROWTH, Margins(release_lag_months=3)) == date(2025, 3, 31)
    explicit = TargetSpec.for_year(
        2024,
        5,
        "%",
        Comparator.GE,
        Measure.GROWTH,
        frequency=Frequency.ANNUAL,
        release=date(2025, 3, 10),
    )
    assert release_date(explicit) == date(2025, 3, 10)
    assert first_report_due(GDP) == date(2024, 2, 1)
    assert first_report_due(QUARTERLY) == date(2024, 4, 1)
    assert first_report_due(ANNUAL_GROWTH) == date(2025, 1, 31)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": date(2024, 12, 31), "due": date(2024, 1, 1)},
        {"value": float("inf")},
        {"release": date(2024, 6, 30)},
    ],
    ids=["due-before-start", "infinite-value", "release-before-due"],
)
def test_inconsistent_target_is_refused(kwargs: dict[str, object]) -> None:
    base: dict[str, object] = {
        "value": 100.0,
        "unit": "亿元",
        "comparator": Comparator.GE,
        "measure": Measure.LEVEL,
        "start": date(2024, 1, 1),
        "due": date(2024, 12, 31),
    }
    with pytest.raises(ValueError):
        TargetSpec(**(base | kwargs))  # type: ignore[arg-type]


def test_target_from_mention() -> None:
    m = Mention(
        start=0,
        end=4,
        text="增长5%",
        value=5,
        unit="%",
        comparator="~",
        measure="growth",
        kind="target",
        year=2024,
        indicator="地区生产总值",
        sentence="地区生产总值增长5%左右。",
        section="",
    )
    spec = TargetSpec.from_mention(m)
    assert (spec.value, spec.comparator, spec.measure) == (5, Comparator.APPROX, Measure.GROWTH)
    assert (spec.start, spec.due) == (date(2024, 1, 1), date(2024, 12, 31))
    with pytest.raises(ValueError, match="no year"):
        TargetSpec.from_mention(Mention(**{**m.to_dict(), "year": None}))
