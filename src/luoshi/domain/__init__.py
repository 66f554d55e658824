"""Targets, progress and verdicts — pure: plain objects in, plain objects out, no I/O.

>>> from datetime import date
>>> spec = TargetSpec.for_year(2024, 100, "亿元")
>>> a = judge(spec, [Reading(date(2024, 9, 30), 60)], date(2024, 9, 30))
>>> a.verdict.label, a.light.label, a.reason
('滞后', '黄灯', '完成率60.0%，落后序时进度15个百分点')
"""

from .dates import elapsed_share
from .judge import Judgement, first_report_due, judge, release_date
from .model import (
    COMPARATOR_LABELS,
    COMPARATOR_NAMES,
    COMPARATOR_SIGNS,
    FREQUENCY_LABELS,
    KIND_LABELS,
    LAGGING,
    LIGHT_LABELS,
    MEASURE_LABELS,
    MET,
    PENDING,
    VERDICT_LABELS,
    Comparator,
    Direction,
    Frequency,
    Light,
    Margins,
    Measure,
    Reading,
    ScheduleError,
    Step,
    TargetSpec,
    Verdict,
    validate_schedule,
)
from .progress import (
    completion,
    expected_line,
    latest_reading,
    profile_share,
    projection,
    time_progress,
)
from .schedule import check_amounts, period_ends, schedule_from_amounts
from .split import check_shares, roll_up

__all__ = [
    "COMPARATOR_LABELS",
    "COMPARATOR_NAMES",
    "COMPARATOR_SIGNS",
    "FREQUENCY_LABELS",
    "KIND_LABELS",
    "LAGGING",
    "LIGHT_LABELS",
    "MEASURE_LABELS",
    "MET",
    "PENDING",
    "VERDICT_LABELS",
    "Comparator",
    "Direction",
    "Frequency",
    "Judgement",
    "Light",
    "Margins",
    "Measure",
    "Reading",
    "ScheduleError",
    "Step",
    "TargetSpec",
    "Verdict",
    "check_amounts",
    "check_shares",
    "completion",
    "elapsed_share",
    "expected_line",
    "first_report_due",
    "judge",
    "latest_reading",
    "period_ends",
    "profile_share",
    "projection",
    "release_date",
    "roll_up",
    "schedule_from_amounts",
    "time_progress",
    "validate_schedule",
]
