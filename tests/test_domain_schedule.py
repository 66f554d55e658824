"""Phased schedules: building them from per-period amounts, and refusing ones that cannot be."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pytest

from luoshi.domain import (
    Comparator,
    Frequency,
    Measure,
    ScheduleError,
    Step,
    TargetSpec,
    check_amounts,
    period_ends,
    schedule_from_amounts,
)

START, DUE = date(2024, 1, 1), date(2024, 12, 31)
Q = (date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31))


def _steps(*pairs: tuple[date, float]) -> tuple[Step, ...]:
    return tuple(Step(d, v) for d, v in pairs)


def test_quarterly_sub_targets_are_accepted() -> None:
    steps = _steps(*zip(Q, (10, 30, 60, 100), strict=True))
    assert TargetSpec.for_year(2024, 100, "亿元", schedule=steps).schedule == steps


def test_schedule_may_finish_before_due() -> None:
    steps = _steps((date(2024, 6, 30), 40), (date(2024, 10, 31), 100))
    assert TargetSpec.for_year(2024, 100, "亿元", schedule=steps).schedule == steps


@dataclass(frozen=True)
class Bad:
    id: str
    value: float | None
    steps: tuple[Step, ...]
    message: str
    measure: Measure = Measure.LEVEL


BAD_SCHEDULES = [
    Bad("empty", 100, (), "分期目标是空的"),
    Bad(
        "out-of-order",
        100,
        _steps((Q[1], 30), (Q[0], 10), (Q[3], 100)),
        "顺序不对",
    ),
    Bad("same-date-twice", 100, _steps((Q[0], 10), (Q[0], 30), (Q[3], 100)), "顺序不对"),
    Bad("before-start", 100, _steps((date(2023, 12, 31), 10), (Q[3], 100)), "不在"),
    Bad("after-due", 100, _steps((Q[0], 10), (date(2025, 1, 31), 100)), "不在"),
    Bad("decreasing", 100, _steps((Q[0], 40), (Q[1], 30), (Q[3], 100)), r"不能减少.*为40"),
    Bad("short-of-target", 100, _steps((Q[0], 10), (Q[3], 90)), "最后为90，应等于目标值"),
    Bad("past-target", 100, _steps((Q[0], 10), (Q[3], 110)), "最后为110"),
    Bad("negative-step", 100, _steps((Q[0], -5), (Q[3], 100)), "须为不小于0的数字"),
    Bad(
        "zero-target",
        0,
        _steps(
            (Q[3], 0),
        ),
        "大于0的目标值",
    ),
    Bad("milestone-not-ending-at-1", None, _steps((Q[1], 0.5), (Q[3], 0.9)), r"应等于任务（1）"),
    Bad("growth-target", 5, _steps((Q[1], 5), (Q[3], 5)), "直接与目标值比较", Measure.GROWTH),
    Bad(
        "ratio-target",
        95,
        _steps(
            (Q[3], 95),
        ),
        "直接与目标值比较",
        Measure.RATIO,
    ),
]


@pytest.mark.parametrize("case", BAD_SCHEDULES, ids=lambda c: c.id)
def test_bad_schedule_is_refused(case: Bad) -> None:
    with pytest.raises(ScheduleError, match=case.message):
        TargetSpec.for_year(
            2024, case.value, "亿元", Comparator.GE, case.measure, schedule=case.steps
        )


@dataclass(frozen=True)
class Ends:
    id: str
    start: date
    due: date
    frequency: Frequency
    expect: tuple[date, ...]


PERIOD_ENDS = [
    Ends("quarterly-year", START, DUE, Frequency.QUARTERLY, Q),
    Ends("annual", START, DUE, Frequency.ANNUAL, (DUE,)),
    Ends(
        "monthly-from-mid-month-to-mid-month",
        date(2024, 1, 15),
        date(2024, 3, 20),
        Frequency.MONTHLY,
        (date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 20)),
    ),
    Ends(
        "quarterly-second-half",
        date(2024, 7, 1),
        DUE,
        Frequency.QUARTERLY,
        (date(2024, 9, 30), DUE),
    ),
]


@pytest.mark.parametrize("case", PERIOD_ENDS, ids=lambda c: c.id)
def test_period_ends(case: Ends) -> None:
    assert period_ends(case.start, case.due, case.frequency) == case.expect


def test_monthly_period_ends_of_a_year() -> None:
    ends = period_ends(START, DUE, Frequency.MONTHLY)
    assert len(ends) == 12
    assert ends[1] == date(2024, 2, 29)
    assert ends[-1] == DUE


def test_schedule_from_quarterly_amounts() -> None:
    steps = schedule_from_amounts(START, DUE, [10, 20, 30, 40], Frequency.QUARTERLY)
    assert steps == _steps(*zip(Q, (10, 30, 60, 100), strict=True))
    assert TargetSpec.for_year(2024, 100, "亿元", schedule=steps).schedule == steps


def test_schedule_from_rounded_monthly_amounts_fits_the_target() -> None:
    amounts = [8.33] * 11 + [8.37]
    steps = schedule_from_amounts(START, DUE, amounts, Frequency.MONTHLY)
    assert steps[-1].value == pytest.approx(100)
    assert steps[2].by == date(2024, 3, 31)
    assert steps[2].value == pytest.approx(24.99)
    TargetSpec.for_year(2024, 100, "亿元", schedule=steps)


def test_schedule_needs_one_amount_per_period() -> None:
    with pytest.raises(ValueError, match=r"填了3期分期数.*共有4期"):
        schedule_from_amounts(START, DUE, [10, 20, 70], Frequency.QUARTERLY)


@pytest.mark.parametrize(
    ("amounts", "problem"),
    [
        ([25, 25, 25, 25], None),
        ([8.33] * 11 + [8.37], None),
        ([25, 25, 25, 20], "合计95，比总数100少5"),
        ([30, 30, 30, 30], "合计120，比总数100多20"),
        ([50, -10, 30, 30], "第2期：分解数-10是负数"),
    ],
    ids=["quarters-add-up", "rounded-months-add-up", "short", "over", "negative"],
)
def test_check_amounts(amounts: list[float], problem: str | None) -> None:
    problems = check_amounts(100, amounts)
    if problem is None:
        assert problems == []
        assert math.isclose(math.fsum(amounts), 100)
    else:
        assert any(problem in p for p in problems), problems
