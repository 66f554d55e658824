"""The numbers behind a verdict: 序时进度, completion, and the year-end projection."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import pairwise

from .dates import elapsed_share, month_end
from .model import Measure, Reading, TargetSpec


def usable(spec: TargetSpec, reading: Reading) -> bool:
    """True when ``reading`` carries the figure ``spec`` is judged on (a value, or done for a milestone)."""
    return reading.done is not None if spec.is_milestone else reading.value is not None


def latest_reading(spec: TargetSpec, readings: Iterable[Reading], as_of: date) -> Reading | None:
    """The latest usable reading dated on or before ``as_of``.

    On equal dates the later one in ``readings`` wins: reports are
    append-only, so a correction comes after what it corrects.
    """
    best: Reading | None = None
    for r in readings:
        if r.as_of <= as_of and usable(spec, r) and (best is None or r.as_of >= best.as_of):
            best = r
    return best


def time_progress(spec: TargetSpec, as_of: date) -> float:
    """序时进度 at the end of day ``as_of``, in [0, 1].

    Without a schedule: the elapsed share of the period, months counted
    equally (``dates.elapsed_share``: 31 Mar → 25%, 30 Sep → 75%). With one:
    the cumulative share scheduled by the last step reached on or before
    ``as_of`` — a step function, since a phase is owed only at its date; 0
    before the first step.
    """
    if spec.schedule is None:
        return elapsed_share(spec.start, spec.due, as_of)
    if as_of >= spec.due or as_of >= spec.schedule[-1].by:
        return 1.0
    total = 1.0 if spec.value is None else spec.value
    reached = [s.value for s in spec.schedule if s.by <= as_of]
    return min(1.0, max(0.0, reached[-1] / total)) if reached else 0.0


def expected_line(spec: TargetSpec, every_days: int = 7) -> list[tuple[date, float]]:
    """The line a target's chart draws its reports against: where the figure should stand.

    A level grows with 序时进度 (sampled every ``every_days`` days and on the due
    date); a growth or ratio target is compared with its value directly, so its
    line is flat. A milestone has no line.
    """
    if spec.value is None:
        return []
    if spec.measure is not Measure.LEVEL:
        return [(spec.start, spec.value), (spec.due, spec.value)]
    days = [
        spec.start + timedelta(days=d)
        for d in range(0, (spec.due - spec.start).days + 1, every_days)
    ]
    days.append(spec.due)
    return [(d, time_progress(spec, d) * spec.value) for d in days]


def completion(spec: TargetSpec, reading: Reading | None) -> float | None:
    """完成率: how much of the target the reading achieves (1.0 = met), or None.

    At-least targets: reported ÷ target (may exceed 1, or be negative for a
    fall). At-most targets (控制在, 以内): 1.0 when within the target, else
    target ÷ reported. Milestones: 1.0 done, 0.0 not. None without a figure,
    and when the target is not positive (a growth target of 0 or −3%): there
    the verdict comes from comparing the figures directly.
    """
    if reading is None or not usable(spec, reading):
        return None
    if spec.value is None:
        return 1.0 if reading.done else 0.0
    actual = reading.value
    assert actual is not None  # usable() checked it
    target = spec.value
    if target <= 0:
        return None
    if spec.at_most:
        if actual <= target:
            return 1.0
        return target / actual
    return actual / target


def profile_share(profile: Sequence[float], as_of: date) -> float:
    """Share of a year done by ``as_of`` in a monthly profile (cumulative shares Jan…Dec).

    Linear by day inside a month, as for time progress.
    """
    if len(profile) != 12:
        raise ValueError(f"a monthly profile has 12 cumulative shares, not {len(profile)}")
    if any(not 0 <= p <= 1 for p in profile) or any(a > b for a, b in pairwise(profile)):
        raise ValueError("profile shares must be non-decreasing and within [0, 1]")
    if not math.isclose(profile[-1], 1.0, rel_tol=1e-6):
        raise ValueError(f"a profile ends at 1 (the whole year), not {profile[-1]}")
    month = as_of.month
    before = profile[month - 2] if month > 1 else 0.0
    day_share = elapsed_share(as_of.replace(day=1), month_end(as_of), as_of)
    return before + (profile[month - 1] - before) * day_share


def projection(
    spec: TargetSpec,
    readings: Iterable[Reading],
    as_of: date,
    *,
    profile: Sequence[float] | None = None,
) -> float | None:
    """预计 year-end figure from the reports up to ``as_of``, or None.

    Levels: the latest cumulative value scaled up by the share of the period
    elapsed at the reading's date (linear), or by the share of last year's
    monthly ``profile`` done by then — seasonality the linear rule misses.
    Growth and ratio targets: the latest reported value. Milestones: None.
    """
    if spec.is_milestone:
        return None
    latest = latest_reading(spec, readings, as_of)
    if latest is None or latest.value is None:
        return None
    if spec.measure is not Measure.LEVEL or latest.as_of >= spec.due:
        return latest.value
    if profile is None:
        share = elapsed_share(spec.start, spec.due, latest.as_of)
    else:
        share = profile_share(profile, latest.as_of)
    return latest.value / share if share > 0 else None
