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
        raise ScheduleError("分期目标是空的：没有分期目标请不填")
    if value is not None and measure is not Measure.LEVEL:
        raise ScheduleError(
            "增速、比率类指标直接与目标值比较，不设分期目标（分期目标只用于累计数）"
        )
    total = 1.0 if value is None else value
    if total <= 0:
        raise ScheduleError(f"分期目标需要一个大于0的目标值，现为{total:,.10g}")
    previous: Step | None = None
    for step in steps:
        if not math.isfinite(step.value) or step.value < 0:
            raise ScheduleError(f"{step.by.isoformat()}的分期目标须为不小于0的数字")
        if not start <= step.by <= due:
            raise ScheduleError(
                f"分期日期{step.by.isoformat()}不在{start.isoformat()}至{due.isoformat()}之内"
            )
        if previous is not None:
            if step.by <= previous.by:
                raise ScheduleError(
                    f"分期日期顺序不对：{step.by.isoformat()}排在{previous.by.isoformat()}之后"
                )
            if step.value < previous.value:
                raise ScheduleError(
                    f"累计分期目标不能减少：{previous.by.isoformat()}为{previous.value:,.10g}，"
                    f"{step.by.isoformat()}却为{step.value:,.10g}"
                )
        previous = step
    last = steps[-1].value
    if not math.isclose(last, total, rel_tol=1e-9, abs_tol=1e-12):
        what = "任务（1）" if value is None else f"目标值{total:,.10g}"
        raise ScheduleError(f"分期目标最后为{last:,.10g}，应等于{what}")


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
            raise ValueError(f"完成时限{self.due.isoformat()}早于开始日期{self.start.isoformat()}")
        if self.value is not None and not math.isfinite(self.value):
            raise ValueError(f"目标值须为有限的数字，而不是{self.value}")
        if self.release is not None and self.release < self.due:
            raise ValueError(
                f"数据发布日期{self.release.isoformat()}早于完成时限{self.due.isoformat()}"
            )
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
            raise ValueError(f"填报值须为有限的数字，而不是{self.value}")


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
    Milestones without a schedule (a task done or not): not done once
    ``milestone_lag_share`` of their period has passed is lagging, once
    ``milestone_serious_share`` has, seriously lagging — its completion is 0%
    against that time progress, which is not on track.
    """

    lag_pp: float = 5.0
    serious_lag_pp: float = 15.0
    ahead_pp: float = 10.0
    rate_lag_pp: float = 0.0
    rate_serious_pp: float = 2.0
    rate_ahead_pp: float = 1.0
    release_lag_months: int = 1
    not_reported_light: Light = Light.RED
    milestone_lag_share: float = 0.5
    milestone_serious_share: float = 0.75

    def __post_init__(self) -> None:
        if not 0 <= self.lag_pp <= self.serious_lag_pp:
            raise ValueError("need 0 ≤ lag_pp ≤ serious_lag_pp")
        if not 0 <= self.rate_lag_pp <= self.rate_serious_pp:
            raise ValueError("need 0 ≤ rate_lag_pp ≤ rate_serious_pp")
        if self.ahead_pp < 0 or self.rate_ahead_pp < 0 or self.release_lag_months < 0:
            raise ValueError("ahead margins and release lag must not be negative")
        if not 0 <= self.milestone_lag_share <= self.milestone_serious_share <= 1:
            raise ValueError("need 0 ≤ milestone_lag_share ≤ milestone_serious_share ≤ 1")

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
