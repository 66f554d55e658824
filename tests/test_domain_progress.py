"""序时进度, completion and projection: one table per function, then properties."""

from __future__ import annotations

import doctest
import math
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

import luoshi.domain
from luoshi.domain import (
    Comparator,
    Direction,
    Frequency,
    Measure,
    Reading,
    Step,
    TargetSpec,
    completion,
    elapsed_share,
    expected_line,
    latest_reading,
    profile_share,
    projection,
    schedule_from_amounts,
    time_progress,
)

Y2024 = TargetSpec.for_year(2024, 100, "亿元")
Y2023 = TargetSpec.for_year(2023, 100, "亿元")
H2 = TargetSpec(100, "亿元", Comparator.GE, Measure.LEVEL, date(2024, 7, 1), date(2024, 12, 31))
QUARTERLY = TargetSpec.for_year(
    2024,
    100,
    "亿元",
    schedule=(
        Step(date(2024, 3, 31), 10),
        Step(date(2024, 6, 30), 30),
        Step(date(2024, 9, 30), 60),
        Step(date(2024, 12, 31), 100),
    ),
)
MILESTONE = TargetSpec.for_year(2024, None, "")


def test_doctest_in_package_docstring() -> None:
    assert doctest.testmod(luoshi.domain).failed == 0


@dataclass(frozen=True)
class TP:
    id: str
    spec: TargetSpec
    as_of: date
    expect: float


TIME_PROGRESS = [
    TP("q1-end-is-25pct", Y2024, date(2024, 3, 31), 0.25),
    TP("jun-30-is-50pct", Y2024, date(2024, 6, 30), 0.5),
    TP("sep-30-is-75pct", Y2024, date(2024, 9, 30), 0.75),
    TP("dec-31-is-100pct", Y2024, date(2024, 12, 31), 1.0),
    TP("jan-1-is-one-day-of-january", Y2024, date(2024, 1, 1), 1 / 31 / 12),
    TP("mid-april-linear-in-days", Y2024, date(2024, 4, 15), (3 + 15 / 30) / 12),
    TP("before-start-is-0", Y2024, date(2023, 12, 31), 0.0),
    TP("after-due-is-1", Y2024, date(2025, 1, 15), 1.0),
    TP("leap-feb-29-is-2-months", Y2024, date(2024, 2, 29), 2 / 12),
    TP("leap-feb-28-is-short-of-2-months", Y2024, date(2024, 2, 28), (1 + 28 / 29) / 12),
    TP("common-year-feb-28-is-2-months", Y2023, date(2023, 2, 28), 2 / 12),
    TP("common-year-q1-end-is-25pct", Y2023, date(2023, 3, 31), 0.25),
    TP("half-year-period-at-sep-30", H2, date(2024, 9, 30), 0.5),
    TP("schedule-before-first-step", QUARTERLY, date(2024, 3, 30), 0.0),
    TP("schedule-on-first-step", QUARTERLY, date(2024, 3, 31), 0.1),
    TP("schedule-between-steps-keeps-last", QUARTERLY, date(2024, 5, 15), 0.1),
    TP("schedule-second-step", QUARTERLY, date(2024, 6, 30), 0.3),
    TP("schedule-day-before-last", QUARTERLY, date(2024, 12, 30), 0.6),
    TP("schedule-last-step", QUARTERLY, date(2024, 12, 31), 1.0),
    TP("schedule-after-due", QUARTERLY, date(2025, 2, 1), 1.0),
]


@pytest.mark.parametrize("case", TIME_PROGRESS, ids=lambda c: c.id)
def test_time_progress(case: TP) -> None:
    assert time_progress(case.spec, case.as_of) == pytest.approx(case.expect, abs=1e-12)


def test_milestone_schedule_counts_shares() -> None:
    spec = TargetSpec.for_year(
        2024, None, "", schedule=(Step(date(2024, 6, 30), 0.5), Step(date(2024, 9, 30), 1.0))
    )
    assert time_progress(spec, date(2024, 7, 1)) == 0.5
    assert time_progress(spec, date(2024, 10, 1)) == 1.0


def _ge(value: float, measure: Measure = Measure.LEVEL, unit: str = "亿元") -> TargetSpec:
    return TargetSpec.for_year(2024, value, unit, Comparator.GE, measure)


def _le(value: float, measure: Measure = Measure.LEVEL, unit: str = "亩") -> TargetSpec:
    return TargetSpec.for_year(2024, value, unit, Comparator.LE, measure)


@dataclass(frozen=True)
class C:
    id: str
    spec: TargetSpec
    reading: Reading | None
    expect: float | None


JUN30 = date(2024, 6, 30)

COMPLETION = [
    C("ge-level-part", _ge(100), Reading(JUN30, 60), 0.6),
    C("ge-level-over", _ge(100), Reading(JUN30, 120), 1.2),
    C("eq-level", TargetSpec.for_year(2024, 20, "个", Comparator.EQ), Reading(JUN30, 5), 0.25),
    C(
        "approx-level",
        TargetSpec.for_year(2024, 50, "个", Comparator.APPROX),
        Reading(JUN30, 25),
        0.5,
    ),
    C("le-level-within", _le(100), Reading(JUN30, 80), 1.0),
    C("le-level-exactly", _le(100), Reading(JUN30, 100), 1.0),
    C("le-level-over-is-target-over-actual", _le(100), Reading(JUN30, 125), 0.8),
    C("growth", _ge(5, Measure.GROWTH, "%"), Reading(JUN30, 4.5), 0.9),
    C("growth-negative-reported", _ge(5, Measure.GROWTH, "%"), Reading(JUN30, -1), -0.2),
    C("growth-zero-target-is-none", _ge(0, Measure.GROWTH, "%"), Reading(JUN30, 1), None),
    C(
        "growth-decline-target-is-none",
        TargetSpec.for_year(2024, -3, "%", Comparator.EQ, Measure.GROWTH),
        Reading(JUN30, -3.5),
        None,
    ),
    C("ratio", _ge(95, Measure.RATIO, "%"), Reading(JUN30, 76), 0.8),
    C("ratio-le-over", _le(5.5, Measure.RATIO, "%"), Reading(JUN30, 5.5 / 0.8), 0.8),
    C("ratio-le-within", _le(5.5, Measure.RATIO, "%"), Reading(JUN30, 5.1), 1.0),
    C("milestone-done", MILESTONE, Reading(JUN30, done=True), 1.0),
    C("milestone-not-done", MILESTONE, Reading(JUN30, done=False), 0.0),
    C("milestone-no-answer", MILESTONE, Reading(JUN30, 3), None),
    C("no-reading", _ge(100), None, None),
    C("reading-without-value", _ge(100), Reading(JUN30), None),
]


@pytest.mark.parametrize("case", COMPLETION, ids=lambda c: c.id)
def test_completion(case: C) -> None:
    got = completion(case.spec, case.reading)
    if case.expect is None:
        assert got is None
    else:
        assert got == pytest.approx(case.expect)


@dataclass(frozen=True)
class Dir:
    id: str
    spec: TargetSpec
    at_most: bool


DIRECTIONS = [
    Dir("ge-level", _ge(100), False),
    Dir("le-level", _le(100), True),
    Dir("eq-growth", TargetSpec.for_year(2024, 5, "%", Comparator.EQ, Measure.GROWTH), False),
    Dir("le-ratio", _le(5.5, Measure.RATIO, "%"), True),
    Dir("decline-3pct", TargetSpec.for_year(2024, -3, "%", Comparator.EQ, Measure.GROWTH), True),
    Dir("decline-within-3pct", _le(-3, Measure.GROWTH, "%"), False),
    Dir(
        "explicit-direction-wins",
        TargetSpec.for_year(2024, 30, "微克/立方米", direction=Direction.AT_MOST),
        True,
    ),
]


@pytest.mark.parametrize("case", DIRECTIONS, ids=lambda c: c.id)
def test_direction(case: Dir) -> None:
    assert case.spec.at_most is case.at_most


# Last year's cumulative shares by month: a slow first quarter.
PROFILE = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.58, 0.66, 0.75, 0.83, 0.91, 1.0)


@dataclass(frozen=True)
class P:
    id: str
    spec: TargetSpec
    readings: tuple[Reading, ...]
    as_of: date
    expect: float | None
    profile: tuple[float, ...] | None = None


MAR31 = date(2024, 3, 31)

PROJECTION = [
    P("linear-q1", Y2024, (Reading(MAR31, 30),), MAR31, 120.0),
    P("linear-uses-reading-date", Y2024, (Reading(MAR31, 30),), date(2024, 4, 20), 120.0),
    P("latest-reading-wins", Y2024, (Reading(MAR31, 30), Reading(JUN30, 45)), JUN30, 90.0),
    P("future-reading-ignored", Y2024, (Reading(MAR31, 30), Reading(JUN30, 45)), MAR31, 120.0),
    P("profile-q1", Y2024, (Reading(MAR31, 30),), MAR31, 150.0, PROFILE),
    P("profile-mid-april", Y2024, (Reading(date(2024, 4, 15), 25),), JUN30, 100.0, PROFILE),
    P("closing-figure-after-as-of-ignored", Y2024, (Reading(date(2024, 12, 31), 98),), JUN30, None),
    P("year-closed-figure", Y2024, (Reading(date(2024, 12, 31), 98),), date(2025, 1, 5), 98.0),
    P("growth-is-latest-value", _ge(5, Measure.GROWTH, "%"), (Reading(MAR31, 4.2),), JUN30, 4.2),
    P("ratio-is-latest-value", _ge(95, Measure.RATIO, "%"), (Reading(MAR31, 93),), JUN30, 93.0),
    P("milestone-has-none", MILESTONE, (Reading(MAR31, done=True),), JUN30, None),
    P("no-reading", Y2024, (), JUN30, None),
]


@pytest.mark.parametrize("case", PROJECTION, ids=lambda c: c.id)
def test_projection(case: P) -> None:
    got = projection(case.spec, case.readings, case.as_of, profile=case.profile)
    if case.expect is None:
        assert got is None
    else:
        assert got == pytest.approx(case.expect)


@pytest.mark.parametrize(
    "profile",
    [PROFILE[:11], (*PROFILE[:11], 0.9), (0.2, 0.1, *PROFILE[2:]), (-0.1, *PROFILE[1:])],
    ids=["eleven-months", "not-ending-at-1", "decreasing", "negative"],
)
def test_bad_profile_is_refused(profile: tuple[float, ...]) -> None:
    with pytest.raises(ValueError):
        profile_share(profile, MAR31)


def test_latest_reading_correction_on_same_date_wins() -> None:
    first, fix = Reading(MAR31, 30), Reading(MAR31, 32)
    assert latest_reading(Y2024, [first, fix], JUN30) is fix
    assert latest_reading(Y2024, [fix, first], JUN30) is first


def test_latest_reading_skips_readings_without_a_figure() -> None:
    good = Reading(MAR31, 30)
    assert latest_reading(Y2024, [good, Reading(JUN30)], JUN30) is good


# --- properties ---------------------------------------------------------------

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(DATES, st.integers(0, 800), DATES, DATES)
def test_time_progress_is_monotonic_and_bounded(start: date, length: int, a: date, b: date) -> None:
    spec = TargetSpec(1, "个", Comparator.GE, Measure.LEVEL, start, start + timedelta(days=length))
    a, b = min(a, b), max(a, b)
    ta, tb = time_progress(spec, a), time_progress(spec, b)
    assert 0.0 <= ta <= tb <= 1.0


@given(
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=4, max_size=4).filter(
        lambda xs: math.fsum(xs) > 0
    ),
    DATES,
    DATES,
)
def test_scheduled_time_progress_is_monotonic_and_bounded(
    amounts: list[float], a: date, b: date
) -> None:
    start, due = date(2024, 1, 1), date(2024, 12, 31)
    steps = schedule_from_amounts(start, due, amounts, Frequency.QUARTERLY)
    spec = TargetSpec.for_year(2024, math.fsum(amounts), "亿元", schedule=steps)
    a, b = min(a, b), max(a, b)
    ta, tb = time_progress(spec, a), time_progress(spec, b)
    assert 0.0 <= ta <= tb <= 1.0


@given(st.integers(2000, 2100), st.integers(1, 12))
def test_calendar_month_end_is_month_over_twelve(year: int, month: int) -> None:
    end = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    assert elapsed_share(date(year, 1, 1), date(year, 12, 31), end) == month / 12


FIGURES = st.floats(-1e9, 1e9, allow_nan=False)


@given(st.floats(1e-6, 1e9), FIGURES, FIGURES)
def test_completion_of_at_least_target_is_monotonic(target: float, x: float, y: float) -> None:
    spec = _ge(target)
    low, high = min(x, y), max(x, y)
    c_low, c_high = completion(spec, Reading(JUN30, low)), completion(spec, Reading(JUN30, high))
    assert c_low is not None and c_high is not None
    assert c_low <= c_high


@given(st.floats(1e-6, 1e9), FIGURES, FIGURES)
def test_completion_of_at_most_target_is_antitonic(target: float, x: float, y: float) -> None:
    spec = _le(target)
    low, high = min(x, y), max(x, y)
    c_low, c_high = completion(spec, Reading(JUN30, low)), completion(spec, Reading(JUN30, high))
    assert c_low is not None and c_high is not None
    assert 0.0 <= c_high <= c_low <= 1.0


def test_the_expected_line_follows_time_progress_for_a_level() -> None:
    line = expected_line(Y2024)
    assert line[0] == (date(2024, 1, 1), time_progress(Y2024, date(2024, 1, 1)) * 100)
    assert line[-1] == (date(2024, 12, 31), 100.0)
    assert all(b[0] - a[0] <= timedelta(days=7) for a, b in pairwise(line))
    assert [v for _, v in line] == sorted(v for _, v in line)
    stepped = dict(expected_line(QUARTERLY, every_days=1))
    assert stepped[date(2024, 3, 31)] == 10 and stepped[date(2024, 3, 30)] == 0


def test_the_expected_line_is_flat_for_a_rate_and_absent_for_a_milestone() -> None:
    growth = TargetSpec.for_year(2024, 6.5, "%", measure=Measure.GROWTH)
    assert expected_line(growth) == [(date(2024, 1, 1), 6.5), (date(2024, 12, 31), 6.5)]
    assert expected_line(TargetSpec.for_year(2024, None, "")) == []
