"""Recording progress: checks a report against its target before it is appended."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ..domain import LAGGING, Margins, Reading, Verdict, judge
from ..store.models import ProgressReport
from ..store.repo import StoreError, add_progress, current_reports, get_target
from .assign import unit_by_name
from .verdicts import spec_of


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
) -> tuple[ProgressReport, Verdict]:
    """Append a unit's report; a report that leaves the target lagging must say why and what next."""
    target = get_target(session, target_id)
    unit_id = None
    if unit is not None:
        u = unit_by_name(session, unit)
        if u.id not in {a.unit_id for a in target.assignments}:
            raise StoreError(f"「{u.name}」is not assigned to target {target_id}「{target.name}」")
        unit_id = u.id
    if not (target.start <= as_of <= target.due):
        raise StoreError(
            f"as-of date {as_of} is outside target {target_id}'s period {target.start}–{target.due}"
        )
    if target.value is None:
        if value is not None:
            raise StoreError(f"target {target_id} is a milestone: report done or not, not a number")
    elif value is None:
        raise StoreError(f"target {target_id} needs a value (in {target.unit or 'its unit'})")
    elif value < 0 and target.measure == "level":
        raise StoreError(f"a cumulative value cannot be negative: {value:g}")
    history = current_reports(session, [target_id], as_of)[target_id]
    readings = [Reading(r.as_of, r.value, r.done) for r in history if r.unit_id == unit_id]
    readings.append(Reading(as_of, value, done))
    verdict = judge(spec_of(target), readings, as_of, margins or Margins())
    lead = target.assignments[0].unit_id if target.assignments else None
    # a responsible unit reports its own part; only a whole-target report can lag the calendar
    speaks_for_whole = unit_id is None or unit_id == lead
    if speaks_for_whole and verdict.verdict in LAGGING and not (lag_reason and corrective_action):
        raise StoreError(
            f"target {target_id}「{target.name}」would be {verdict.verdict.label} ({verdict.reason}): "
            "give the reason for the lag and the corrective action (滞后原因, 整改措施)"
        )
    report = add_progress(
        session, target_id, as_of, value, actor, unit_id=unit_id, done=done, note=note,
        lag_reason=lag_reason, corrective_action=corrective_action, review=review,
    )  # fmt: skip
    return report, verdict.verdict
