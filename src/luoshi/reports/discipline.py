"""Reporting discipline (报送情况): which periods each target's reports came in for, and when.

A target owes one report per period (``domain.period_ends``: months,
quarters, or the year for annual-only figures). A period's report is due
``deadline_days`` after the period ends (an annual figure: on its release
date) and is owed once that day has passed by the as-of date. An owed period is

- on time: a report with a figure dated in the period arrived by the deadline
  (the first version counts: correcting a report later does not make it late);
  a year-end actual recorded by the office (年终核对) is always on time;
- late (逾期): its first report with a figure arrived after the deadline;
- empty (空报): reports dated in the period, none with a figure (no value, or
  for a milestone neither done nor not done);
- missing (漏报): no report dated in the period.

Reports from any unit count for the target; the tally is charged to the lead
unit, whose duty reporting is. A target split into shares owes nothing
itself: each share is a target with its own lead unit and periods. Pure:
plain values in, plain values out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..domain import Frequency, Margins, TargetSpec, period_ends, release_date
from .facts import Submission, TargetFacts


class PeriodState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    EMPTY = "empty"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class PeriodCheck:
    start: date
    end: date
    deadline: date
    state: PeriodState


@dataclass(frozen=True, slots=True)
class Tally:
    """A target's (or a unit's) owed periods by state."""

    owed: int = 0
    on_time: int = 0
    late: int = 0
    empty: int = 0
    missing: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.owed + other.owed, self.on_time + other.on_time,
                     self.late + other.late, self.empty + other.empty,
                     self.missing + other.missing)  # fmt: skip

    @property
    def faults(self) -> int:
        return self.late + self.empty + self.missing


def check_periods(
    spec: TargetSpec,
    submissions: Sequence[Submission],
    as_of: date,
    deadline_days: int,
    margins: Margins | None = None,
) -> tuple[PeriodCheck, ...]:
    """Every period of ``spec`` owed by the end of ``as_of``, with how its report came in."""
    margins = margins or Margins()
    ends = period_ends(spec.start, spec.due, spec.frequency)
    out: list[PeriodCheck] = []
    begin = spec.start
    for end in ends:
        if spec.frequency is Frequency.ANNUAL:
            deadline = release_date(spec, margins)
        else:
            deadline = end + timedelta(days=deadline_days)
        if as_of <= deadline:
            break
        inside = [s for s in submissions if begin <= s.as_of <= end]
        out.append(PeriodCheck(begin, end, deadline, _state(spec, inside, deadline)))
        begin = end + timedelta(days=1)
    return tuple(out)


def _state(spec: TargetSpec, inside: Sequence[Submission], deadline: date) -> PeriodState:
    with_figure = [s for s in inside if _has_figure(spec, s)]
    if with_figure:
        if any(s.reconciled or s.received <= deadline for s in with_figure):
            return PeriodState.ON_TIME
        return PeriodState.LATE
    return PeriodState.EMPTY if inside else PeriodState.MISSING


def _has_figure(spec: TargetSpec, s: Submission) -> bool:
    return s.done is not None if spec.is_milestone else s.value is not None


def tally(checks: Iterable[PeriodCheck]) -> Tally:
    counts = {state: 0 for state in PeriodState}
    n = 0
    for c in checks:
        counts[c.state] += 1
        n += 1
    return Tally(n, counts[PeriodState.ON_TIME], counts[PeriodState.LATE],
                 counts[PeriodState.EMPTY], counts[PeriodState.MISSING])  # fmt: skip


def target_tally(t: TargetFacts, as_of: date, deadline_days: int) -> Tally:
    if t.split:
        return Tally()
    return tally(check_periods(t.spec, t.submissions, as_of, deadline_days))
