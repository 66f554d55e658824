"""Splitting a target across units (分解): each share is a child target of its own."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import check_shares
from ..store.models import Assignment, Target
from ..store.repo import StoreError, audit, get_target
from .assign import unit_by_name
from .status import spec_of


def split_target(
    session: Session, target_id: int, shares: Mapping[str, float], actor: str
) -> list[Target]:
    """Give each unit its share of ``target_id``; the shares must add up to the whole."""
    parent = get_target(session, target_id)
    if session.scalar(select(Target.id).where(Target.parent_id == parent.id)) is not None:
        raise StoreError(f"target {target_id} is already split; edit its shares instead")
    problems = check_shares(spec_of(parent), shares)
    if problems:
        raise StoreError(
            f"cannot split target {target_id}「{parent.name}」: " + "; ".join(problems)
        )
    units = {name: unit_by_name(session, name) for name in shares}
    children = []
    for name, share in shares.items():
        child = Target(
            plan_id=parent.plan_id, parent_id=parent.id, seq=parent.seq, area=parent.area,
            name=f"{parent.name}({name})", value=share, unit=parent.unit,
            comparator=parent.comparator, measure=parent.measure, start=parent.start,
            due=parent.due, frequency=parent.frequency, release=parent.release,
            weight=parent.weight * share / parent.value if parent.value else parent.weight,
            document_id=parent.document_id, source_start=parent.source_start,
            source_end=parent.source_end, source_text=parent.source_text,
            source_sentence=parent.source_sentence,
        )  # fmt: skip
        child.assignments.append(Assignment(unit_id=units[name].id, role="lead", position=0))
        session.add(child)
        audit(session, actor, "split", child)
        children.append(child)
    return children
