"""The register at a date: every target with its latest progress and verdict.

Reads targets and current progress reports in a few queries, then judges each
target with the pure ``domain.judge``. A target split across units is judged
on the sum of its shares' reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain import (
    Comparator,
    Frequency,
    Judgement,
    Margins,
    Measure,
    Reading,
    Step,
    TargetSpec,
    judge,
    roll_up,
)
from ..domain.states import TargetState
from ..store.models import Assignment, Plan, ProgressReport, Target, Unit
from ..store.repo import StoreError, current_reports


@dataclass(frozen=True, slots=True)
class VerdictRow:
    target_id: int
    seq: int
    area: str
    name: str
    value: float | None
    unit: str
    comparator: str
    lead_unit: str
    units: tuple[str, ...]
    due: date
    frequency: str
    judgement: Judgement
    version: int = 1  # the target's, for edits that must not overwrite a newer one

    @property
    def latest(self) -> float | None:
        r = self.judgement.latest
        return r.value if r else None


def spec_of(t: Target) -> TargetSpec:
    """The domain's view of a stored target."""
    schedule = (
        tuple(Step(date.fromisoformat(d), float(v)) for d, v in t.schedule) if t.schedule else None
    )
    return TargetSpec(
        value=t.value,
        unit=t.unit,
        comparator=Comparator(t.comparator),
        measure=Measure(t.measure),
        start=t.start,
        due=t.due,
        frequency=Frequency(t.frequency),
        release=t.release,
        schedule=schedule,
    )


def find_plan(session: Session, year: int | None = None, plan_id: int | None = None) -> Plan:
    """A plan by id, else the plan of record (of ``year`` when given), else the newest draft."""
    from .plans import choose, plan_refs

    if plan_id is not None:
        found = session.get(Plan, plan_id)
        if found is None:
            raise StoreError(f"no plan with id {plan_id}")
        return found
    refs = [p for p in plan_refs(session) if year is None or p.year == year]
    latest = max((p.year for p in refs), default=0)
    chosen = choose(refs, asked=None, remembered=None, office=True, year=year or latest)
    if chosen is None:
        raise StoreError(f"no plan for {year}" if year else "no plan yet: luoshi plan import")
    found = session.get(Plan, chosen.id)
    assert found is not None
    return found


def register_verdicts(
    session: Session,
    plan: Plan,
    as_of: date,
    *,
    unit: str | None = None,
    area: str | None = None,
    margins: Margins | None = None,
) -> list[VerdictRow]:
    """Every target of ``plan`` (optionally one unit's or one area's) judged at ``as_of``."""
    margins = margins or Margins()
    q = (
        select(Target)
        .where(Target.plan_id == plan.id, Target.status != TargetState.DROPPED.value)
        .options(selectinload(Target.assignments).selectinload(Assignment.unit))
        .order_by(Target.seq, Target.id)
    )
    if area:
        q = q.where(Target.area == area)
    if unit:
        q = q.where(Target.assignments.any(Assignment.unit.has(Unit.name == unit)))
    targets = list(session.scalars(q))
    children: dict[int, list[int]] = defaultdict(list)
    child_q = select(Target.id, Target.parent_id).where(
        Target.plan_id == plan.id, Target.parent_id.is_not(None)
    )
    for cid, pid in session.execute(child_q):
        if pid is not None:
            children[pid].append(cid)
    wanted = {t.id for t in targets} | {c for t in targets for c in children.get(t.id, [])}
    reports = current_reports(session, wanted, as_of)
    lead = {t.id: t.assignments[0].unit_id for t in targets if t.assignments}
    readings = {
        tid: [Reading(r.as_of, r.value, r.done) for r in reports_for_whole(rs, lead.get(tid))]
        for tid, rs in reports.items()
    }
    rows = []
    for t in targets:
        # once split, the whole is the sum of its shares (figures reported for the whole
        # before the split no longer speak for it)
        kids = children.get(t.id)
        own = _rolled_up(kids, readings) if kids else readings.get(t.id, [])
        names = tuple(a.unit.name for a in t.assignments)
        rows.append(
            VerdictRow(
                target_id=t.id, seq=t.seq, area=t.area, name=t.name, value=t.value,
                unit=t.unit, comparator=t.comparator, lead_unit=names[0] if names else "",
                units=names, due=t.due, frequency=t.frequency,
                judgement=judge(spec_of(t), own, as_of, margins), version=t.version,
            )
        )  # fmt: skip
    return rows


def reports_for_whole(reports: list[ProgressReport], lead_unit: int | None) -> list[ProgressReport]:
    """The lead unit (or the office) reports for the whole target; others only when it has not."""
    whole = [r for r in reports if r.unit_id is None or r.unit_id == lead_unit]
    return whole or reports


def _rolled_up(child_ids: Sequence[int], readings: dict[int, list[Reading]]) -> list[Reading]:
    """A parent's readings are the sum of its shares' latest readings."""
    latest = {c: (readings[c][-1] if readings.get(c) else None) for c in child_ids}
    total = roll_up({str(c): r for c, r in latest.items()}, allow_missing=True)
    return [total] if total is not None else []
