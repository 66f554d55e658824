"""Targets, progress and verdicts — pure: plain objects in, plain objects out, no I/O.

>>> from datetime import date
>>> spec = TargetSpec.for_year(2024, 100, "亿元")
>>> a = assess(spec, [Reading(date(2024, 9, 30), 60)], date(2024, 9, 30))
>>> a.status.label, a.light.label, a.reason
('滞后', '黄灯', '完成率60.0%，落后序时进度15个百分点')
"""

from .assess import Assessment, assess, first_report_due, release_date
from .dates import elapsed_share
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
    STATUS_LABELS,
    Comparator,
    Direction,
    Frequency,
    Light,
    Margins,
    Measure,
    Reading,
    ScheduleError,
    Status,
    Step,
    TargetSpec,
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
    "STATUS_LABELS",
    "Assessment",
    "Comparator",
    "Direction",
    "Frequency",
    "Light",
    "Margins",
    "Measure",
    "Reading",
    "ScheduleError",
    "Status",
    "Step",
    "TargetSpec",
    "assess",
    "check_amounts",
    "check_shares",
    "completion",
    "elapsed_share",
    "expected_line",
    "first_report_due",
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
