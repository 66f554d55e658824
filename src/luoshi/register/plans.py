"""Plans of record: which plan a user lands on, and a plan's life cycle.

A year has at most one plan of record (status ``active``): the plan units report
on and leaders read. A newly imported plan is a ``draft`` that only the office
sees until it is activated; activating it archives (``closed``) the year's
previous plan of record. ``choose`` is the one rule for which plan a page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..domain.states import PLAN_STATE_LABELS, PlanState, TargetState
from ..store.models import Assignment, AuditEvent, Notice, Plan, ProgressReport, Target
from ..store.repo import StoreError, audit, snapshot


class PlanNotVisible(StoreError):
    """The plan does not exist, or this user may not see it (a draft, for a unit or a leader)."""


@dataclass(frozen=True, slots=True)
class PlanRef:
    """What the choice needs of a plan."""

    id: int
    year: int
    name: str
    status: str

    @property
    def label(self) -> str:
        return PLAN_STATE_LABELS.get(self.status, self.status)

    @property
    def is_of_record(self) -> bool:
        """The year's plan of record (active), which a menu names without its state."""
        return self.status == PlanState.ACTIVE


def visible(status: str, office: bool) -> bool:
    """Drafts are the office's work in progress; everyone sees active and archived plans."""
    return office or status != PlanState.DRAFT.value


def of_record(plans: Sequence[PlanRef], year: int) -> PlanRef | None:
    """The plan of record of ``year``, else the newest plan of record of any year."""
    active = sorted(
        (p for p in plans if p.status == PlanState.ACTIVE.value), key=lambda p: (p.year, p.id)
    )
    this_year = [p for p in active if p.year == year]
    if this_year:
        return this_year[-1]
    return active[-1] if active else None


def choose(
    plans: Sequence[PlanRef],
    *,
    asked: int | None,
    remembered: int | None,
    office: bool,
    year: int,
) -> PlanRef | None:
    """The plan a page shows: the one asked for, else the one chosen earlier, else the plan of
    record. Units and leaders never see a draft; the office lands on a draft only while no plan
    has been activated yet."""
    seen = [p for p in plans if visible(p.status, office)]
    by_id = {p.id: p for p in seen}
    if asked is not None:
        if asked not in by_id:
            raise PlanNotVisible("没有这个计划，或计划尚未启用")
        return by_id[asked]
    if remembered is not None and remembered in by_id:
        return by_id[remembered]
    record = of_record(seen, year)
    if record is not None or not seen:
        return record
    return max(seen, key=lambda p: (p.year, p.id))


def plan_refs(session: Session) -> list[PlanRef]:
    """Every plan, newest year first."""
    q = select(Plan.id, Plan.year, Plan.name, Plan.status).order_by(
        Plan.year.desc(), Plan.id.desc()
    )
    return [PlanRef(*row) for row in session.execute(q)]


def _plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise PlanNotVisible(f"没有编号为 {plan_id} 的计划")
    return plan


def activate(session: Session, plan_id: int, actor: str) -> Plan:
    """A draft (or an archived plan) becomes its year's plan of record; the plan it replaces is
    archived, so a year never has two."""
    plan = _plan(session, plan_id)
    if plan.status == PlanState.ACTIVE.value:
        return plan
    others = session.scalars(
        select(Plan).where(
            Plan.year == plan.year, Plan.status == PlanState.ACTIVE.value, Plan.id != plan.id
        )
    )
    for old in others:
        before = snapshot(old)
        old.status = PlanState.CLOSED.value
        audit(session, actor, "archive", old, before)
    before = snapshot(plan)
    plan.status = PlanState.ACTIVE.value
    for t in plan.targets:
        if t.status == TargetState.DRAFT:
            t.status = TargetState.ACTIVE.value
    audit(session, actor, "activate", plan, before)
    return plan


def archive(session: Session, plan_id: int, actor: str) -> Plan:
    """The plan stays readable but is no longer the plan of record."""
    plan = _plan(session, plan_id)
    if plan.status == PlanState.CLOSED.value:
        return plan
    before = snapshot(plan)
    plan.status = PlanState.CLOSED.value
    audit(session, actor, "archive", plan, before)
    return plan


def delete_plan(session: Session, plan_id: int, actor: str) -> str:
    """Remove a draft with its targets; a plan that was ever of record keeps its history."""
    plan = _plan(session, plan_id)
    if plan.status != PlanState.DRAFT.value:
        raise StoreError(f"「{plan.name}」已启用过，不能删除；不再使用请归档")
    before = snapshot(plan)
    ids = list(session.scalars(select(Target.id).where(Target.plan_id == plan.id)))
    if ids:
        session.execute(delete(ProgressReport).where(ProgressReport.target_id.in_(ids)))
        session.execute(delete(Notice).where(Notice.target_id.in_(ids)))
        session.execute(delete(Assignment).where(Assignment.target_id.in_(ids)))
        # shares first: a target may point at its parent in the same plan
        session.execute(delete(Target).where(Target.id.in_(ids), Target.parent_id.is_not(None)))
        session.execute(delete(Target).where(Target.id.in_(ids)))
    session.expire_all()
    plan = _plan(session, plan_id)
    name = plan.name
    session.delete(plan)
    session.flush()
    session.add(AuditEvent(actor=actor, action="delete", entity="plan", entity_id=plan_id,
                           before=before, after=None))  # fmt: skip
    return name
