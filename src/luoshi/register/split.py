"""Splitting a target across units (分解): each share is a child target of its own."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain import Measure, Reading, check_shares, roll_up
from ..store.models import Assignment, Target
from ..store.repo import StoreError, audit, get_target
from .assign import unit_by_name
from .verdicts import spec_of


def shares_of(session: Session, target_id: int) -> list[Target]:
    """The units' shares of a split target, in the order they were given (empty if not split)."""
    q = (
        select(Target).where(Target.parent_id == target_id)
        .options(selectinload(Target.assignments).selectinload(Assignment.unit))
        .order_by(Target.id)
    )  # fmt: skip
    return list(session.scalars(q))


def split_problems(parent: Target, shares: Mapping[str, float]) -> list[str]:
    """Why ``shares`` cannot split ``parent``, in words for the office (empty when fine).

    ``domain.check_shares`` holds the rule; this says in Chinese which part of it failed.
    """
    if not check_shares(spec_of(parent), shares):
        return []
    if parent.value is None:
        return ["这是里程碑类任务，没有数值可分解，请直接把任务分配给各单位"]
    if parent.measure != Measure.LEVEL.value:
        return ["增速、比率类指标不能按单位相加，请为各单位分别设定目标，而不是分解份额"]
    if not shares:
        return ["请至少为一个单位填写分解数"]
    bad = [f"{name}：分解数须为不小于0的数字" for name, v in shares.items()
           if not math.isfinite(v) or v < 0]  # fmt: skip
    if bad:
        return bad
    added = math.fsum(shares.values())
    gap = abs(added - parent.value)
    side = "多" if added > parent.value else "少"
    return [f"各单位分解数合计{_n(added)}{parent.unit}，比目标值{_n(parent.value)}{parent.unit}"
            f"{side}{_n(gap)}{parent.unit}，须正好相等"]  # fmt: skip


def _n(x: float) -> str:
    """A number as people write it (no exponent; at most four decimals)."""
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def split_target(
    session: Session, target_id: int, shares: Mapping[str, float], actor: str
) -> list[Target]:
    """Give each unit its share of ``target_id``; the shares must add up to the whole."""
    parent = get_target(session, target_id)
    if parent.parent_id is not None:
        raise StoreError(f"「{parent.name}」已是某单位的分解份额，不能再分解")
    if session.scalar(select(Target.id).where(Target.parent_id == parent.id)) is not None:
        raise StoreError(f"「{parent.name}」已分解到各单位")
    problems = split_problems(parent, shares)
    if problems:
        raise StoreError(f"「{parent.name}」不能这样分解：" + "；".join(problems))
    units = {name: unit_by_name(session, name) for name in shares}
    children = []
    for name, share in shares.items():
        child = Target(
            plan_id=parent.plan_id, parent_id=parent.id, seq=parent.seq, area=parent.area,
            name=f"{parent.name}（{name}）", value=share, unit=parent.unit,
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


def rolled_series(series: Sequence[Sequence[Reading]]) -> list[Reading]:
    """The whole target's figure on every day a unit reported: each unit's latest summed.

    Partial sums count (as in the register), so a unit that has not reported shows as lag.
    """
    days: list[date] = sorted({r.as_of for readings in series for r in readings})
    out = []
    for day in days:
        latest = {str(i): next((r for r in reversed(rs) if r.as_of <= day), None)
                  for i, rs in enumerate(series)}  # fmt: skip
        total = roll_up(latest, allow_missing=True)
        if total is not None:
            out.append(Reading(day, total.value))
    return out
