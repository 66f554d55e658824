"""Plan life cycle: activate a reviewed draft; carry an unfinished target into next year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.states import PlanState
from ..store.models import Assignment, Plan, Target
from ..store.repo import StoreError, audit, current_reports, get_target
from .plans import activate

__all__ = ["activate", "carry_over"]


def carry_over(session: Session, target_id: int, to_year: int, actor: str) -> Target:
    """Copy an unfinished target into ``to_year``'s plan (created as a draft if missing).

    A cumulative target carries what is left to do; anything else carries as is.
    """
    old = get_target(session, target_id)
    if to_year <= old.due.year:
        raise StoreError(f"「{old.name}」只能结转到{old.due.year}年以后的年度")
    plan = session.scalars(
        select(Plan).where(Plan.year == to_year).order_by(Plan.id.desc())
    ).first()
    if plan is None:
        plan = Plan(year=to_year, name=f"{to_year}年度重点工作目标", status=PlanState.DRAFT.value)
        session.add(plan)
        session.flush()
        audit(session, actor, "create", plan)
    value = old.value
    reports = current_reports(session, [old.id], old.due)[old.id]
    latest = next((r.value for r in reversed(reports) if r.value is not None), None)
    if (
        value is not None
        and latest is not None
        and old.measure == "level"
        and old.comparator != "<="
    ):
        if latest >= value:
            raise StoreError(f"「{old.name}」已完成（{latest:,.10g} ≥ {value:,.10g}），无需结转")
        value = value - latest
    seq = (session.scalar(select(Target.seq).where(Target.plan_id == plan.id)
                          .order_by(Target.seq.desc())) or 0) + 1  # fmt: skip
    new = Target(
        plan_id=plan.id, seq=seq, area=old.area, name=old.name, value=value, unit=old.unit,
        comparator=old.comparator, measure=old.measure, start=date(to_year, 1, 1),
        due=date(to_year, 12, 31), frequency=old.frequency, weight=old.weight,
        lead_official=old.lead_official, document_id=old.document_id,
        source_start=old.source_start, source_end=old.source_end, source_text=old.source_text,
        source_sentence=old.source_sentence, carried_from_id=old.id,
    )  # fmt: skip
    new.assignments = [Assignment(unit_id=a.unit_id, role=a.role, position=a.position)
                       for a in old.assignments]  # fmt: skip
    session.add(new)
    audit(session, actor, "carry_over", new)
    return new
