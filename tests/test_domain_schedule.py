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
    Bad("empty", 100, (), "empty schedule"),
    Bad(
        "out-of-order",
        100,
        _steps((Q[1], 30), (Q[0], 10), (Q[3], 100)),
        "out of order",
    ),
    Bad("same-date-twice", 100, _steps((Q[0], 10), (Q[0], 30), (Q[3], 100)), "out of order"),
    Bad("before-start", 100, _steps((date(2023, 12, 31), 10), (Q[3], 100)), "outside the period"),
    Bad("after-due", 100, _steps((Q[0], 10), (date(2025, 1, 31), 100)), "outside the period"),
    Bad("decreasing", 100, _steps((Q[0], 40), (Q[1], 30), (Q[3], 100)), "falls from 40"),
    Bad("short-of-target", 100, _steps((Q[0], 10), (Q[3], 90)), "ends at 90, not at the target"),
    Bad("past-target", 100, _steps((Q[0], 10), (Q[3], 110)), "ends at 110"),
    Bad("negative-step", 100, _steps((Q[0], -5), (Q[3], 100)), "must be a number ≥ 0"),
    Bad(
        "zero-target",
        0,
        _steps(
            (Q[3], 0),
        ),
        "positive target",
    ),
    Bad("milestone-not-ending-at-1", None, _steps((Q[1], 0.5), (Q[3], 0.9)), r"the task \(1\)"),
    Bad(
        "growth-target", 5, _steps((Q[1], 5), (Q[3], 5)), "compared with its value", Measure.GROWTH
    ),
    Bad(
        "ratio-target",
        95,
        _steps(
            (Q[3], 95),
        ),
        "compared with its value",
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
    with pytest.raises(ValueError, match="3 amounts for 4 quarterly periods"):
        schedule_from_amounts(START, DUE, [10, 20, 70], Frequency.QUARTERLY)


@pytest.mark.parametrize(
    ("amounts", "problem"),
    [
        ([25, 25, 25, 25], None),
        ([8.33] * 11 + [8.37], None),
        ([25, 25, 25, 20], "5 short of the total 100"),
        ([30, 30, 30, 30], "20 over the total 100"),
        ([50, -10, 30, 30], "period 2: negative share -10"),
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
