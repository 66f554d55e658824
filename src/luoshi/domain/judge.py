"""The verdict on one target at one date: verdict, light, and the numbers and words behind it."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .dates import month_end, month_end_after, quarter_end
from .model import Frequency, Light, Margins, Measure, Reading, TargetSpec, Verdict
from .progress import completion, latest_reading, projection, time_progress

DEFAULT_MARGINS = Margins()


@dataclass(frozen=True, slots=True)
class Judgement:
    """How one target stands at one date.

    ``gap_pp`` is the figure the verdict was drawn from, positive when better
    than required: for levels, completion − time progress in percentage
    points (for a cap, time progress − share used); for growth and ratio
    targets, reported − target in the target's points (flipped for ≤).
    """

    verdict: Verdict
    light: Light
    completion: float | None
    time_progress: float
    gap_pp: float | None
    projection: float | None
    latest: Reading | None
    reason: str

    @property
    def label(self) -> str:
        return self.verdict.label


def release_date(spec: TargetSpec, margins: Margins = DEFAULT_MARGINS) -> date:
    """When an annual-only figure comes out: ``spec.release``, else the office's usual lag."""
    if spec.release is not None:
        return spec.release
    return month_end_after(spec.due, margins.release_lag_months)


def first_report_due(spec: TargetSpec, margins: Margins = DEFAULT_MARGINS) -> date:
    """The first day on which having no report at all counts as 未报送.

    Kept simple: the day after the first month (monthly) or quarter
    (quarterly) of the period ends; for annual-only targets, the release date.
    """
    if spec.frequency is Frequency.ANNUAL:
        return release_date(spec, margins)
    end_of = month_end if spec.frequency is Frequency.MONTHLY else quarter_end
    return min(end_of(spec.start), spec.due) + timedelta(days=1)


def judge(
    spec: TargetSpec,
    readings: Iterable[Reading],
    as_of: date,
    margins: Margins = DEFAULT_MARGINS,
    *,
    profile: Sequence[float] | None = None,
) -> Judgement:
    """Judge ``spec`` at the end of day ``as_of`` on the latest reading dated by then.

    In order: an annual-only target before its release is not judged
    (not_due); no report when one was due is not_reported; met is done
    (a cumulative level as soon as reached; a growth, ratio or ≤ figure only
    on a full-period figure or once past due, when the latest figure is taken
    as final); past due and not met is overdue. Otherwise levels compare
    completion with time progress (a ≤ cap: the share used, and a cap already
    exceeded is seriously lagging), growth and ratio targets compare the
    figures, by the office's ``margins``; a milestone not yet done is on
    track unless its schedule already required it. ``profile`` goes to
    ``projection``.
    """
    readings = tuple(readings)
    tp = time_progress(spec, as_of)
    latest = latest_reading(spec, readings, as_of)
    done_share = completion(spec, latest)
    gap = _gap(spec, latest, tp, done_share)
    status, reason = _verdict(spec, latest, as_of, tp, done_share, gap, margins)
    return Judgement(
        verdict=status,
        light=margins.light(status),
        completion=done_share,
        time_progress=tp,
        gap_pp=gap,
        projection=projection(spec, readings, as_of, profile=profile),
        latest=latest,
        reason=reason,
    )


def _gap(
    spec: TargetSpec, latest: Reading | None, tp: float, done_share: float | None
) -> float | None:
    if latest is None or latest.value is None or spec.value is None:
        return None
    target, actual = spec.value, latest.value
    if spec.measure is Measure.LEVEL:
        if spec.at_most:
            gap = (tp - actual / target) * 100 if target > 0 else None
        else:
            gap = (done_share - tp) * 100 if done_share is not None else None
    else:
        gap = target - actual if spec.at_most else actual - target
    # Rounded so that 35% done at 25% time is a 10-point lead, not 9.999999999999998.
    return None if gap is None else round(gap, 9)


def _met(spec: TargetSpec, latest: Reading, as_of: date) -> bool:
    if spec.value is None:
        return bool(latest.done)
    actual = latest.value
    assert actual is not None
    close = math.isclose(actual, spec.value, rel_tol=1e-9, abs_tol=1e-12)
    reached = close or (actual < spec.value if spec.at_most else actual > spec.value)
    final = spec.settles_early or latest.as_of >= spec.due or as_of > spec.due
    return reached and final


def _by_gap(gap: float, lag: float, serious: float, ahead: float) -> Verdict:
    if gap < -serious:
        return Verdict.SERIOUSLY_LAGGING
    if gap < -lag:
        return Verdict.LAGGING
    if gap >= ahead:
        return Verdict.AHEAD
    return Verdict.ON_TRACK


def _verdict(
    spec: TargetSpec,
    latest: Reading | None,
    as_of: date,
    tp: float,
    done_share: float | None,
    gap: float | None,
    margins: Margins,
) -> tuple[Verdict, str]:
    if spec.frequency is Frequency.ANNUAL and as_of < (release := release_date(spec, margins)):
        return Verdict.NOT_DUE, f"年度指标，{_day(release)}数据发布前不作评价"
    if latest is None:
        first = first_report_due(spec, margins)
        if as_of < first:
            return Verdict.NOT_DUE, f"首次报送时间为{_day(first)}"
        if as_of > spec.due:
            return Verdict.NOT_REPORTED, f"已过完成期限{_day(spec.due)}，未报送完成情况"
        return Verdict.NOT_REPORTED, "应报未报"
    figure = _figure(spec, latest)
    if _met(spec, latest, as_of):
        return Verdict.DONE, f"已完成（{figure}）"
    if as_of > spec.due:
        return Verdict.OVERDUE, f"已过完成期限{_day(spec.due)}，未完成（{figure}）"
    if spec.is_milestone:
        if spec.schedule is not None and tp >= 1:
            return Verdict.LAGGING, f"计划于{_day(spec.schedule[-1].by)}前完成，尚未完成"
        return Verdict.ON_TRACK, "推进中，尚未完成"
    if gap is None:
        return Verdict.ON_TRACK, f"{figure}；目标值非正，不计算差距"
    if spec.measure is Measure.LEVEL:
        if spec.at_most:
            assert spec.value is not None and latest.value is not None
            if latest.value > spec.value:
                return Verdict.SERIOUSLY_LAGGING, f"已超出控制目标（{figure}）"
            # Using a cap more slowly than time passes is simply on track: 超序时
            # would read as using it too fast.
            status = _by_gap(gap, margins.lag_pp, margins.serious_lag_pp, math.inf)
            return status, f"{figure}，序时进度{_pct(tp)}"
        status = _by_gap(gap, margins.lag_pp, margins.serious_lag_pp, margins.ahead_pp)
        if gap < 0:
            return status, f"{figure}，落后序时进度{_num(-gap)}个百分点"
        if gap == 0:
            return status, f"{figure}，与序时进度持平"
        word = "超" if status is Verdict.AHEAD else "高于"
        return status, f"{figure}，{word}序时进度{_num(gap)}个百分点"
    status = _by_gap(gap, margins.rate_lag_pp, margins.rate_serious_pp, margins.rate_ahead_pp)
    points = _points(spec.unit)
    if spec.at_most:
        side = "低于控制目标" if gap >= 0 else "超出控制目标"
    else:
        side = "高于目标" if gap >= 0 else "低于目标"
    return status, f"{figure}，{side}{_num(abs(gap))}{points}"


def _figure(spec: TargetSpec, latest: Reading) -> str:
    """The reading in words, e.g. 完成率45.0% / 增速4.5%（目标5%）."""
    if spec.value is None:
        return "已完成" if latest.done else "未完成"
    actual = latest.value
    assert actual is not None
    target = f"{_num(spec.value)}{spec.unit}{'以内' if spec.at_most else ''}"
    if spec.measure is Measure.GROWTH:
        return f"增速{_num(actual)}{spec.unit}（目标{target}）"
    if spec.measure is Measure.RATIO:
        return f"实际{_num(actual)}{spec.unit}（目标{target}）"
    if spec.at_most:
        used = f"已用控制目标的{_pct(actual / spec.value)}" if spec.value > 0 else "控制目标为0"
        return f"{used}（{_num(actual)}{spec.unit}，目标{target}）"
    share = completion(spec, latest)
    return f"完成率{_pct(share)}" if share is not None else f"实际{_num(actual)}{spec.unit}"


def _points(unit: str) -> str:
    if unit in ("%", "百分点"):
        return "个百分点"
    if unit in ("‰", "千分点"):
        return "个千分点"
    return unit


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
