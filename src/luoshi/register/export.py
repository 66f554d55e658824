"""The register as the office's task table, out and back in.

Export judges every target at the as-of date and writes the published layout
(or the register as JSON). Import reads any task table (ours or the office's
own), creates the plan and the units it names when they do not exist yet, and
updates the matching targets and creates new ones, all in the caller's one
transaction. Rows read cleanly are saved; doubtful rows are saved and flagged
for review; with ``strict`` any error saves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.states import PlanState, TargetState
from ..store.models import Assignment, AuditEvent, Plan, Target, Unit
from ..store.repo import StoreError, audit, snapshot
from .assign import unit_kind
from .excel import Problem, RegisterImport, RegisterRow, read_register, write_register
from .tasktable.deadlines import parse_deadline
from .verdicts import VerdictRow, find_plan, register_verdicts


def to_row(r: VerdictRow, t: Target | None = None) -> RegisterRow:
    a = r.judgement
    leads = sum(1 for x in t.assignments if x.role == "lead") if t is not None else 1
    return RegisterRow(
        seq=r.seq, area=r.area, name=r.name, value=r.value, unit=r.unit,
        comparator=r.comparator, units=r.units, frequency=r.frequency,
        due=None if t is not None and t.due_text == "" else r.due,
        latest=r.latest, latest_as_of=a.latest.as_of if a.latest else None,
        completion=a.completion, time_progress=a.time_progress, status=a.verdict.label,
        light=a.light.value, target_id=r.target_id,
        lead_official=(t.lead_official or "") if t is not None else "",
        leads=max(leads, 1), due_text=(t.due_text or "") if t is not None else "",
        measure=t.measure if t is not None else "",
        weight=t.weight if t is not None and t.weight != 1.0 else None,
        target_text=(t.target_text or "") if t is not None else "",
        note=(t.note or "") if t is not None else "",
        extra=tuple((t.extra or {}).items()) if t is not None else (),
    )  # fmt: skip


def _rows(session: Session, plans: Sequence[Plan], as_of: date) -> list[RegisterRow]:
    rows: list[RegisterRow] = []
    for plan in plans:
        targets = {t.id: t for t in plan.targets}
        rows.extend(
            to_row(r, targets.get(r.target_id)) for r in register_verdicts(session, plan, as_of)
        )
    return rows


def export_register(
    session: Session, plans: Sequence[Plan], as_of: date, out: Path | IO[bytes]
) -> int:
    """Write the task table of ``plans`` judged at ``as_of``; returns the number of rows."""
    rows = _rows(session, plans, as_of)
    title = plans[0].name if len(plans) == 1 else f"{plans[0].year}年度重点工作目标"
    if not title.endswith(("表", "清单")):
        title += "任务分解表"
    write_register(rows, out, title=title, as_of=as_of)
    return len(rows)


def register_json(session: Session, plans: Sequence[Plan]) -> list[dict[str, Any]]:
    """Every target of ``plans`` as plain fields (values in canonical units: money in 元)."""
    out: list[dict[str, Any]] = []
    for plan in plans:
        for t in plan.targets:
            if t.status == TargetState.DROPPED:
                continue
            ordered = sorted(t.assignments, key=lambda a: a.position)
            leads = [a.unit.name for a in ordered if a.role == "lead"]
            coop = [a.unit.name for a in ordered if a.role != "lead"]
            if t.due_text is None:  # a target made elsewhere: its own date
                due: date | None = t.due
            else:
                due = parse_deadline(t.due_text, plan.year).due if t.due_text else None
            out.append({
                "id": t.id, "plan": plan.name, "year": plan.year, "seq": t.seq,
                "area": t.area, "name": t.name, "value": t.value, "unit": t.unit,
                "comparator": t.comparator, "measure": t.measure,
                "target_text": t.target_text or "", "weight": t.weight,
                "lead_unit": leads[0] if leads else "", "lead_units": leads,
                "coop_units": coop, "leader": t.lead_official or "",
                "due": due.isoformat() if due else None, "due_text": t.due_text or "",
                "frequency": t.frequency, "note": t.note or "", "extra": t.extra or {},
                "review": t.review or "",
            })  # fmt: skip
    return out


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0
    new_units: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    plan: Plan | None = None
    plan_created: bool = False
    saved: bool = False


class NeedYear(StoreError):
    """No plan given and no year in the file: the caller must ask for one."""


def _plan_for(
    session: Session, read: RegisterImport, plan: Plan | None, year: int | None, actor: str
) -> tuple[Plan, bool]:
    if plan is not None:
        return plan, False
    year = year or read.year
    if year is None:
        raise NeedYear("表格标题和文件名中都没有年份，请指定年度")
    try:  # the year's plan of record, else its newest draft
        return find_plan(session, year), False
    except StoreError:
        pass
    name = read.title or f"{year}年度重点工作任务分解表"
    created = Plan(year=year, name=name[:200], status=PlanState.DRAFT.value)
    session.add(created)
    session.flush()
    audit(session, actor, "create", created)
    return created, True


def import_register(
    session: Session,
    source: Path | IO[bytes],
    plan: Plan | None,
    actor: str,
    *,
    year: int | None = None,
    strict: bool = False,
    name: str = "",
    roles: dict[str, dict[int, str]] | None = None,
) -> ImportResult:
    """Apply a task table to ``plan`` (or the plan of its year, created when missing)."""
    known = set(session.scalars(select(Unit.name)))
    plan_year = plan.year if plan is not None else year
    read = read_register(source, plan_year=plan_year, name=name, known_units=known, roles=roles)
    result = ImportResult(problems=list(read.problems))
    if not read.rows or (strict and not read.ok):
        return result
    plan, result.plan_created = _plan_for(session, read, plan, year, actor)
    result.plan = plan
    by_id = {t.id: t for t in plan.targets}
    by_name = {(t.area, t.name): t for t in plan.targets}
    for i, row in enumerate(read.rows):
        if row.target_id is None or row.target_id in by_id or (row.area, row.name) in by_name:
            continue
        if session.get(Target, row.target_id) is not None:
            message = (f"第{i + 1}条「{row.name}」的 ID {row.target_id} 不属于计划「{plan.name}」,"
                       "按新任务导入")  # fmt: skip
            result.problems.append(Problem(read.sheet, 0, "", message, "warning"))
    units = {u.name: u for u in session.scalars(select(Unit))}
    for row in read.rows:
        for unit_name in row.units:
            if unit_name not in units:
                unit = Unit(name=unit_name[:100], kind=unit_kind(unit_name))
                session.add(unit)
                units[unit_name] = unit
                result.new_units.append(unit_name)
    session.flush()
    next_seq = max((t.seq for t in plan.targets), default=0)
    for row in read.rows:
        target = by_id.get(row.target_id) if row.target_id else None
        target = target or by_name.get((row.area, row.name))
        fields = _fields(row, plan)
        if target is None:
            next_seq += 1
            target = Target(plan_id=plan.id, seq=row.seq or next_seq, start=date(plan.year, 1, 1),
                            **fields)  # fmt: skip
            session.add(target)
            session.flush()
            audit(session, actor, "import", target)
            result.created += 1
        else:
            before = snapshot(target)
            for key, value in fields.items():
                setattr(target, key, value)
            if snapshot(target) != before:
                audit(session, actor, "import", target, before)
                result.updated += 1
            else:
                result.unchanged += 1
        result.flagged += bool(row.review)
        _assign(session, target, row, units, actor)
    result.saved = True
    return result


def _fields(row: RegisterRow, plan: Plan) -> dict[str, Any]:
    return {
        "area": row.area, "name": row.name, "value": row.value, "unit": row.unit,
        "comparator": row.comparator, "measure": row.measure or "level",
        "due": row.due or date(plan.year, 12, 31), "frequency": row.frequency,
        "lead_official": row.lead_official or None, "weight": row.weight if row.weight is not None else 1.0,
        "due_text": row.due_text if row.due is None or row.due_text else None,
        "target_text": row.target_text or None, "note": row.note or None,
        "extra": dict(row.extra) or None, "review": "；".join(row.review) or None,
    }  # fmt: skip


def _assign(
    session: Session, target: Target, row: RegisterRow, units: dict[str, Unit], actor: str
) -> None:
    """The row's units on the target: its lead units lead, the others cooperate."""
    wanted = [
        (name, "lead" if i < row.leads else "responsible") for i, name in enumerate(row.units)
    ]
    current = [(a.unit.name, a.role) for a in sorted(target.assignments, key=lambda a: a.position)]
    if not row.units or wanted == current:
        return
    target.assignments.clear()
    session.flush()
    for pos, (name, role) in enumerate(wanted):
        target.assignments.append(Assignment(unit_id=units[name].id, role=role, position=pos))
    session.add(AuditEvent(actor=actor, action="assign", entity="target", entity_id=target.id,
                           before={"units": [n for n, _ in current]},
                           after={"units": [n for n, _ in wanted]}))  # fmt: skip
    session.flush()


def find_plans(session: Session, year: int | None) -> list[Plan]:
    q = select(Plan).order_by(Plan.id)
    if year is not None:
        q = q.where(Plan.year == year)
    plans = list(session.scalars(q))
    if not plans:
        raise StoreError(f"没有 {year} 年度的计划" if year else "还没有计划：请先导入任务分解表")
    return plans
