"""Recording progress: checks a report against its target before it is appended.

``check_report`` says what a report would mean before anything is stored — the verdict it
gives (the one ``domain.judge`` rule the register uses), whether it must say why it lags,
and whether it falls below the unit's last cumulative figure. The report form asks it while
the unit types (``GET /targets/{id}/progress/check``) and ``record_progress`` asks it again
on submit, so the page and the register cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import LAGGING, Judgement, Margins, Reading, Verdict, judge
from ..store.models import ProgressReport, Target
from ..store.repo import RETURNED, StoreError, add_progress, current_reports, get_target
from .assign import unit_by_name
from .trail import written
from .verdicts import spec_of


class ReportRefused(StoreError):
    """A report the register will not take as it is; ``field`` is the form field to fix."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class NeedsConfirmation(ReportRefused):
    """A cumulative figure below the unit's last one: taken only once the unit confirms it."""


@dataclass(frozen=True, slots=True)
class ReportCheck:
    """What a report would mean, before it is stored."""

    target: Target
    unit_id: int | None
    judgement: Judgement
    needs_reason: bool  # it leaves the target (or the unit's share) lagging: say why and what next
    last: ProgressReport | None  # the unit's last cumulative figure, when this one falls below it

    @property
    def lagging(self) -> bool:
        return self.judgement.verdict in LAGGING

    def reason_message(self) -> str:
        return (f"按此数据，「{self.target.name}」将判为{self.judgement.verdict.label}"
                f"（{self.judgement.reason}），请填写滞后原因和整改措施")  # fmt: skip

    def lower_message(self, value: float) -> str:
        assert self.last is not None and self.last.value is not None
        unit = self.target.unit
        return (f"本次累计完成{written(value)}{unit}，低于{self.last.as_of.isoformat()}填报的"
                f"{written(self.last.value)}{unit}。累计数一般只增不减，请核实；"
                "确认无误请勾选“确认累计数低于上次”后再提交")  # fmt: skip


def check_report(
    session: Session,
    target_id: int,
    as_of: date,
    value: float | None,
    *,
    unit: str | None = None,
    done: bool | None = None,
    margins: Margins | None = None,
) -> ReportCheck:
    """Judge a report before it is stored; ``ReportRefused`` for one that cannot be taken."""
    target = get_target(session, target_id)
    unit_id = None
    if unit is not None:
        u = unit_by_name(session, unit)
        if u.id not in {a.unit_id for a in target.assignments}:
            raise ReportRefused(
                f"「{u.name}」不是指标「{target.name}」的责任单位，不能填报", "unit"
            )
        unit_id = u.id
    if not (target.start <= as_of <= target.due):
        raise ReportRefused(
            f"截至日期{as_of.isoformat()}不在指标「{target.name}」的考核期"
            f"（{target.start.isoformat()}至{target.due.isoformat()}）之内",
            "as_of",
        )
    if target.value is None:
        if value is not None:
            raise ReportRefused(f"「{target.name}」是里程碑任务：请填写是否完成，不填数值", "value")
    elif value is None:
        raise ReportRefused(f"请填写累计完成数（单位：{target.unit or '无'}）", "value")
    elif value < 0 and target.measure == "level":
        raise ReportRefused(f"累计完成数不能为负数：{written(value)}", "value")
    history = current_reports(session, [target_id], as_of)[target_id]
    readings = [Reading(r.as_of, r.value, r.done) for r in history if r.unit_id == unit_id]
    readings = [r for r in readings if r.as_of != as_of]  # this report replaces that day's figure
    readings.append(Reading(as_of, value, done))
    judgement = judge(spec_of(target), readings, as_of, margins or Margins())
    lead = target.assignments[0].unit_id if target.assignments else None
    # the lead unit (or the office) speaks for the whole target, and a unit's share of a split
    # target is a target of its own with that unit as lead: both are judged, and asked why they
    # lag; a cooperating unit reports its own part, which cannot lag the calendar
    speaks_for_whole = unit_id is None or unit_id == lead
    last = None
    if value is not None and target.measure == "level":
        before = last_report(session, target_id, unit_id, as_of)
        if before is not None and before.value is not None and value < before.value:
            last = before
    return ReportCheck(target, unit_id, judgement,
                       speaks_for_whole and judgement.verdict in LAGGING,
                       last)  # fmt: skip


def last_report(
    session: Session, target_id: int, unit_id: int | None, before: date
) -> ProgressReport | None:
    """The unit's newest report dated before ``before``, approved or waiting (not sent back)."""
    superseded = select(ProgressReport.supersedes_id).where(
        ProgressReport.supersedes_id.is_not(None)
    )
    q = (
        select(ProgressReport)
        .where(ProgressReport.target_id == target_id, ProgressReport.as_of < before,
               ProgressReport.review != RETURNED, ProgressReport.id.not_in(superseded),
               ProgressReport.unit_id.is_(None) if unit_id is None
               else ProgressReport.unit_id == unit_id)
        .order_by(ProgressReport.as_of.desc(), ProgressReport.id.desc())
        .limit(1)
    )  # fmt: skip
    return session.scalars(q).first()


def record_progress(
    session: Session,
    target_id: int,
    as_of: date,
    value: float | None,
    actor: str,
    *,
    unit: str | None = None,
    done: bool | None = None,
    note: str | None = None,
    lag_reason: str | None = None,
    corrective_action: str | None = None,
    margins: Margins | None = None,
    review: str = "approved",
    confirm_lower: bool = False,
) -> tuple[ProgressReport, Verdict]:
    """Append a unit's report; a report that leaves the target lagging must say why and what next,
    and a cumulative figure below the last one is taken only with ``confirm_lower``."""
    check = check_report(session, target_id, as_of, value, unit=unit, done=done, margins=margins)
    unexplained = check.needs_reason and not (lag_reason and corrective_action)
    if check.last is not None and value is not None and not confirm_lower:
        also = f"；{check.reason_message()}" if unexplained else ""
        raise NeedsConfirmation(check.lower_message(value) + also, "value")
    if unexplained:
        raise ReportRefused(check.reason_message(), "reason" if not lag_reason else "action")
    report = add_progress(
        session, target_id, as_of, value, actor, unit_id=check.unit_id, done=done, note=note,
        lag_reason=lag_reason, corrective_action=corrective_action, review=review,
    )  # fmt: skip
    return report, check.judgement.verdict
