"""Value types of the register: what a target asks for, what a report says, the office's margins."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from luoshi.extract.mention import Mention


class Comparator(StrEnum):
    """How the target value binds (same codes as ``Mention.comparator``)."""

    EQ = "="
    GE = ">="  # 以上, 不低于, 突破 …
    LE = "<="  # 以内, 控制在, 不超过 …
    APPROX = "~"  # 左右, 约


class Measure(StrEnum):
    """What kind of quantity the target is, which decides how a report is compared with it."""

    LEVEL = "level"  # a count or amount, reported cumulatively through the period
    GROWTH = "growth"  # a growth rate (% or points); the year-to-date growth is compared directly
    RATIO = "ratio"  # a rate or share that is not a change; compared directly


class Frequency(StrEnum):
    """How often figures for the target arrive."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"  # released once a year (e.g. by the statistics bureau); not judged before


class Direction(StrEnum):
    """Which side of the target value counts as reaching it."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Verdict(StrEnum):
    """Verdict on one target at one date."""

    AHEAD = "ahead"
    ON_TRACK = "on_track"
    LAGGING = "lagging"
    SERIOUSLY_LAGGING = "seriously_lagging"
    OVERDUE = "overdue"  # past due and not met
    DONE = "done"  # met
    NOT_REPORTED = "not_reported"  # a report was due and none exists
    NOT_DUE = "not_due"  # nothing to judge yet (annual figure unreleased, first report not due)

    @property
    def label(self) -> str:
        """The Chinese word used in bulletins."""
        return VERDICT_LABELS[self]

    @property
    def lagging(self) -> bool:
        return self in LAGGING


# One classification of verdicts, read by the CLI, the web pages, the API and the reports.
# Lagging, worst first: behind 序时进度, or past due and not met. These are what a bulletin
# lists and ``--lagging`` / ``lagging=true`` show, and a report that leaves its target here
# must give 滞后原因 and 整改措施.
LAGGING: Final = (Verdict.SERIOUSLY_LAGGING, Verdict.OVERDUE, Verdict.LAGGING)
# Met, or on course to be met.
MET: Final = (Verdict.DONE, Verdict.AHEAD, Verdict.ON_TRACK)
# Not judged: a report that was due is missing (未报送: counted and chased on its own, not
# lagging), or nothing can be judged yet.
PENDING: Final = (Verdict.NOT_REPORTED, Verdict.NOT_DUE)


class Light(StrEnum):
    """The 红黄绿灯 shown at a glance; grey when there is nothing to judge."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    GREY = "grey"

    @property
    def label(self) -> str:
        return LIGHT_LABELS[self]


# Display labels: one table per meaning, read by the CLI, the pages, the workbooks and the
# reports (tests/test_one_truth.py keeps a second copy from coming back).

# A comparator's sign on its own, as a task table's 比较 column shows it.
COMPARATOR_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {Comparator.EQ: "＝", Comparator.GE: "≥", Comparator.LE: "≤", Comparator.APPROX: "≈"}
)
# How a comparator is shown before a target value: ≥130个, ≈6%; an equals sign goes unsaid.
COMPARATOR_SIGNS: Final[Mapping[str, str]] = MappingProxyType(
    {c: "" if c == Comparator.EQ else sign for c, sign in COMPARATOR_LABELS.items()}
)
# A comparator in words, in the order a form offers them.
COMPARATOR_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        Comparator.GE: "不低于",
        Comparator.EQ: "等于",
        Comparator.LE: "不超过",
        Comparator.APPROX: "约",
    }
)
# What kind of quantity a target is, as the task table's 类型 column and the audit trail say it.
MEASURE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {Measure.LEVEL: "总量", Measure.GROWTH: "增速", Measure.RATIO: "比率"}
)

VERDICT_LABELS: Final[Mapping[Verdict, str]] = MappingProxyType(
    {
        Verdict.AHEAD: "超序时",
        Verdict.ON_TRACK: "正常推进",
        Verdict.LAGGING: "滞后",
        Verdict.SERIOUSLY_LAGGING: "严重滞后",
        Verdict.OVERDUE: "逾期未完成",
        Verdict.DONE: "已完成",
        Verdict.NOT_REPORTED: "未报送",
        Verdict.NOT_DUE: "未到期",
    }
)

LIGHT_LABELS: Final[Mapping[Light, str]] = MappingProxyType(
    {Light.GREEN: "绿灯", Light.YELLOW: "黄灯", Light.RED: "红灯", Light.GREY: "灰灯"}
)

# How often a unit reports, as the task table and the reminders say it.
FREQUENCY_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {Frequency.MONTHLY: "每月", Frequency.QUARTERLY: "每季", Frequency.ANNUAL: "每年"}
)

# What an extracted figure is (``Mention.kind``), and a task without a number.
KIND_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {"target": "目标", "actual": "实绩", "forecast": "预计", "milestone": "里程碑"}
)


class ScheduleError(ValueError):
    """A phased schedule that cannot be the plan of its target."""


@dataclass(frozen=True, slots=True)
class Step:
    """One phase of a schedule: the cumulative ``value`` to reach ``by`` a date.

    For a milestone (a target without a number) ``value`` is the share of the
    task, ending at 1.
    """

    by: date
    value: float


def validate_schedule(
    steps: tuple[Step, ...], *, value: float | None, measure: Measure, start: date, due: date
) -> None:
    """Raise ``ScheduleError`` unless ``steps`` are cumulative sub-targets ending at ``value``.

    Schedules are for cumulative figures (levels) and milestones: a growth or
    ratio target is compared with its value directly, so it has none. Steps
    must be sorted by date, inside the period, never decreasing, and the last
    one must equal the target (1 for a milestone).
    """
    if not steps:
        raise ScheduleError("empty schedule: use None for a target without one")
    if value is not None and measure is not Measure.LEVEL:
        raise ScheduleError(
            f"a {measure} target is compared with its value directly; schedules are for levels"
        )
    total = 1.0 if value is None else value
    if total <= 0:
        raise ScheduleError(f"a schedule needs a positive target, not {total:g}")
    previous: Step | None = None
    for step in steps:
        if not math.isfinite(step.value) or step.value < 0:
            raise ScheduleError(f"step {step.by}: value {step.value} must be a number ≥ 0")
        if not start <= step.by <= due:
            raise ScheduleError(f"step {step.by} is outside the period {start} – {due}")
        if previous is not None:
            if step.by <= previous.by:
                raise ScheduleError(f"steps out of order: {step.by} comes after {previous.by}")
            if step.value < previous.value:
                raise ScheduleError(
                    f"cumulative value falls from {previous.value:g} ({previous.by}) "
                    f"to {step.value:g} ({step.by})"
                )
        previous = step
    last = steps[-1].value
    if not math.isclose(last, total, rel_tol=1e-9, abs_tol=1e-12):
        what = "the task (1)" if value is None else f"the target ({total:g})"
        raise ScheduleError(f"the schedule ends at {last:g}, not at {what}")


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """What a target asks for, enough to judge a report against it.

    ``value`` None makes a milestone (a task with no number: 明年投产).
    ``start``–``due`` is the period, normally 1 Jan – 31 Dec of the plan year.
    ``release`` is used for annual-only targets only: when their figure comes
    out (default: ``Margins.release_lag_months`` after ``due``).
    ``direction`` None infers it: see ``at_most``.
    """

    value: float | None
    unit: str
    comparator: Comparator
    measure: Measure
    start: date
    due: date
    frequency: Frequency = Frequency.MONTHLY
    release: date | None = None
    schedule: tuple[Step, ...] | None = None
    direction: Direction | None = None

    def __post_init__(self) -> None:
        if self.due < self.start:
            raise ValueError(f"due date {self.due} is before the start {self.start}")
        if self.value is not None and not math.isfinite(self.value):
            raise ValueError(f"target value must be a finite number, not {self.value}")
        if self.release is not None and self.release < self.due:
            raise ValueError(f"release date {self.release} is before the due date {self.due}")
        if self.schedule is not None:
            validate_schedule(
                self.schedule,
                value=self.value,
                measure=self.measure,
                start=self.start,
                due=self.due,
            )

    @classmethod
    def for_year(
        cls,
        year: int,
        value: float | None,
        unit: str,
        comparator: Comparator = Comparator.GE,
        measure: Measure = Measure.LEVEL,
        *,
        frequency: Frequency = Frequency.MONTHLY,
        release: date | None = None,
        schedule: tuple[Step, ...] | None = None,
        direction: Direction | None = None,
    ) -> TargetSpec:
        """A target for the calendar year ``year``."""
        return cls(
            value,
            unit,
            comparator,
            measure,
            date(year, 1, 1),
            date(year, 12, 31),
            frequency=frequency,
            release=release,
            schedule=schedule,
            direction=direction,
        )

    @classmethod
    def from_mention(
        cls,
        mention: Mention,
        *,
        year: int | None = None,
        frequency: Frequency = Frequency.MONTHLY,
    ) -> TargetSpec:
        """A calendar-year target from an extracted mention (its year, else ``year``)."""
        y = mention.year if mention.year is not None else year
        if y is None:
            raise ValueError(f"no year for {mention.text!r}: pass year=")
        return cls.for_year(
            y,
            mention.value,
            mention.unit,
            Comparator(mention.comparator),
            Measure(mention.measure),
            frequency=frequency,
        )

    @property
    def is_milestone(self) -> bool:
        return self.value is None

    @property
    def at_most(self) -> bool:
        """True when a smaller figure is better (控制在, 以内).

        Unless ``direction`` says otherwise: ``<=`` means at most, the other
        comparators at least — except for a negative growth target (下降3%,
        value −3), where the words bind the size of the decline: 下降3% is
        reached at −3 or below (at most), 下降3%以内 (``<=``) at −3 or above.
        """
        if self.direction is not None:
            return self.direction is Direction.AT_MOST
        at_most = self.comparator is Comparator.LE
        if self.measure is Measure.GROWTH and self.value is not None and self.value < 0:
            return not at_most
        return at_most

    @property
    def settles_early(self) -> bool:
        """True when reaching the value before the due date settles the target.

        So for a cumulative level to reach; a growth, ratio or cap (≤) figure
        can still move the wrong way, so it is settled only by the full period.
        """
        return self.measure is Measure.LEVEL and not self.at_most


@dataclass(frozen=True, slots=True)
class Reading:
    """One progress report reduced to what judging needs.

    ``value``: the cumulative figure for a level target, the year-to-date
    growth or ratio for the others. ``done``: for milestones.
    """

    as_of: date
    value: float | None = None
    done: bool | None = None

    def __post_init__(self) -> None:
        if self.value is not None and not math.isfinite(self.value):
            raise ValueError(f"reported value must be a finite number, not {self.value}")


@dataclass(frozen=True, slots=True)
class Margins:
    """The supervising office's rules for turning numbers into a verdict.

    Level targets (completion vs 序时进度, in percentage points): lagging when
    completion trails time progress by more than ``lag_pp``, seriously lagging
    by more than ``serious_lag_pp``, ahead when it leads by ``ahead_pp`` or more
    (never for a ≤ cap: using less than time allows is just on track).
    Growth and ratio targets (reported vs target, in the target's points):
    lagging when short of the target by more than ``rate_lag_pp`` (0: any
    shortfall), seriously by more than ``rate_serious_pp``, ahead when beyond
    it by ``rate_ahead_pp`` or more.
    ``release_lag_months``: an annual-only figure is out at the end of the
    month this many months after the due month (31 Jan for a calendar year).
    ``not_reported_light``: red by default, since not reporting is itself
    named in bulletins; grey if the office prefers "unknown".
    """

    lag_pp: float = 5.0
    serious_lag_pp: float = 15.0
    ahead_pp: float = 10.0
    rate_lag_pp: float = 0.0
    rate_serious_pp: float = 2.0
    rate_ahead_pp: float = 1.0
    release_lag_months: int = 1
    not_reported_light: Light = Light.RED

    def __post_init__(self) -> None:
        if not 0 <= self.lag_pp <= self.serious_lag_pp:
            raise ValueError("need 0 ≤ lag_pp ≤ serious_lag_pp")
        if not 0 <= self.rate_lag_pp <= self.rate_serious_pp:
            raise ValueError("need 0 ≤ rate_lag_pp ≤ rate_serious_pp")
        if self.ahead_pp < 0 or self.rate_ahead_pp < 0 or self.release_lag_months < 0:
            raise ValueError("ahead margins and release lag must not be negative")

    def light(self, status: Verdict) -> Light:
        """The light shown for ``status``."""
        if status is Verdict.NOT_REPORTED:
            return self.not_reported_light
        return _LIGHTS[status]


_LIGHTS: Final[Mapping[Verdict, Light]] = MappingProxyType(
    {
        Verdict.DONE: Light.GREEN,
        Verdict.AHEAD: Light.GREEN,
        Verdict.ON_TRACK: Light.GREEN,
        Verdict.LAGGING: Light.YELLOW,
        Verdict.SERIOUSLY_LAGGING: Light.RED,
        Verdict.OVERDUE: Light.RED,
        Verdict.NOT_REPORTED: Light.RED,
        Verdict.NOT_DUE: Light.GREY,
    }
)
