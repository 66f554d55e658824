"""The register as the office's Excel task table, out and back in.

Export judges every target at the as-of date and writes the published layout.
Import reads a table (ours or the office's own), checks every cell, and — only
when nothing is wrong — updates the matching targets and creates new ones, all
in the caller's one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import Plan, Target, Unit
from ..store.repo import StoreError, audit, snapshot
from .assign import assign
from .excel import Problem, RegisterRow, read_register, write_register
from .status import StatusRow, register_status


def to_row(r: StatusRow) -> RegisterRow:
    a = r.assessment
    return RegisterRow(
        seq=r.seq, area=r.area, name=r.name, value=r.value, unit=r.unit,
        comparator=r.comparator, units=r.units, due=r.due, frequency=r.frequency,
        latest=r.latest, latest_as_of=a.latest.as_of if a.latest else None,
        completion=a.completion, time_progress=a.time_progress, status=a.status.label,
        light=a.light.value, target_id=r.target_id,
    )  # fmt: skip


def export_register(
    session: Session, plans: Sequence[Plan], as_of: date, out: Path | IO[bytes]
) -> int:
    """Write the task table of ``plans`` judged at ``as_of``; returns the number of rows."""
    rows: list[RegisterRow] = []
    for plan in plans:
        rows.extend(to_row(r) for r in register_status(session, plan, as_of))
    title = plans[0].name if len(plans) == 1 else f"{plans[0].year}年度重点工作目标"
    write_register(rows, out, title=f"{title}任务分解表", as_of=as_of)
    return len(rows)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def import_register(
    session: Session, source: Path | IO[bytes], plan: Plan, actor: str, *, sheet_name: str = ""
) -> ImportResult:
    """Apply a task table to ``plan``; with any error, nothing is written."""
    read = read_register(source, plan_year=plan.year)
    result = ImportResult(problems=list(read.problems))
    if not read.ok:
        return result
    by_id = {t.id: t for t in plan.targets}
    by_name = {(t.area, t.name): t for t in plan.targets}
    known_units = set(session.scalars(select(Unit.name)))
    problems: list[Problem] = []
    for i, row in enumerate(read.rows):
        target = by_id.get(row.target_id) if row.target_id else by_name.get((row.area, row.name))
        if row.target_id and target is None:
            problems.append(Problem(read.sheet, 0, "", f"第{i + 1}条「{row.name}」的 ID "
                                    f"{row.target_id} 不属于计划「{plan.name}」"))  # fmt: skip
        missing = [u for u in row.units if u not in known_units]
        if missing:
            problems.append(Problem(read.sheet, 0, "", f"「{row.name}」: 单位「{missing[0]}」不存在,"
                                    "请先导入单位名单 (luoshi units import)"))  # fmt: skip
    if problems:
        result.problems.extend(problems)
        return result
    next_seq = max((t.seq for t in plan.targets), default=0)
    for row in read.rows:
        target = by_id.get(row.target_id) if row.target_id else by_name.get((row.area, row.name))
        if target is None:
            next_seq += 1
            target = Target(
                plan_id=plan.id, seq=row.seq or next_seq, area=row.area, name=row.name,
                value=row.value, unit=row.unit, comparator=row.comparator, measure="level",
                start=date(plan.year, 1, 1), due=row.due or date(plan.year, 12, 31),
                frequency=row.frequency, lead_official=row.lead_official or None,
            )  # fmt: skip
            session.add(target)
            audit(session, actor, "import", target)
            result.created += 1
        else:
            before = snapshot(target)
            for key, value in (("area", row.area), ("name", row.name), ("value", row.value),
                               ("unit", row.unit), ("comparator", row.comparator),
                               ("frequency", row.frequency),
                               ("lead_official", row.lead_official or target.lead_official),
                               ("due", row.due or target.due)):  # fmt: skip
                setattr(target, key, value)
            if snapshot(target) != before:
                audit(session, actor, "import", target, before)
                result.updated += 1
            else:
                result.unchanged += 1
        current = [a.unit.name for a in target.assignments] if target.id else []
        if row.units and list(row.units) != current:
            session.flush()
            assign(session, target.id, row.units, actor)
    return result


def find_plans(session: Session, year: int | None) -> list[Plan]:
    q = select(Plan).order_by(Plan.id)
    if year is not None:
        q = q.where(Plan.year == year)
    plans = list(session.scalars(q))
    if not plans:
        raise StoreError(f"no plan for {year}" if year else "no plan yet: luoshi plan import")
    return plans
