"""Building phased schedules (分月/分季度目标) from per-period amounts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from .dates import month_end, quarter_end
from .model import Frequency, Step
from .split import check_shares


def period_ends(start: date, due: date, frequency: Frequency) -> tuple[date, ...]:
    """The reporting period ends from ``start`` to ``due``: month or quarter ends, then ``due``.

    A period that ends mid-month closes on ``due`` itself; an annual
    frequency has the one period.
    """
    if due < start:
        raise ValueError(f"完成时限{due.isoformat()}早于开始日期{start.isoformat()}")
    if frequency is Frequency.ANNUAL:
        return (due,)
    end_of = month_end if frequency is Frequency.MONTHLY else quarter_end
    ends: list[date] = []
    d = end_of(start)
    while d < due:
        ends.append(d)
        d = end_of(d + timedelta(days=1))
    ends.append(due)
    return tuple(ends)


def schedule_from_amounts(
    start: date, due: date, amounts: Sequence[float], frequency: Frequency
) -> tuple[Step, ...]:
    """A cumulative schedule from the amount planned for each period (one per ``period_ends``).

    The result ends at ``sum(amounts)``; give it to a ``TargetSpec`` whose
    value is that sum (check with ``check_amounts`` first to get a readable
    problem rather than a ``ScheduleError``).
    """
    ends = period_ends(start, due, frequency)
    if len(amounts) != len(ends):
        raise ValueError(
            f"填了{len(amounts)}期分期数，而{start.isoformat()}至{due.isoformat()}共有{len(ends)}期"
        )
    # fsum of each prefix rather than a running sum: no error piles up over
    # twelve months, so the last step is within the schedule check's tolerance.
    return tuple(Step(end, math.fsum(amounts[: i + 1])) for i, end in enumerate(ends))


def check_amounts(total: float, amounts: Sequence[float], *, rel_tol: float = 1e-6) -> list[str]:
    """Problems with per-period amounts meant to add up to ``total`` (empty when fine)."""
    return check_shares(
        total, {f"第{i}期": a for i, a in enumerate(amounts, start=1)}, rel_tol=rel_tol
    )
