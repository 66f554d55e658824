"""Evaluations in the database: saved with their method, recomputed as they were, turned into tasks.

An evaluation row keeps the method's TOML text and last year's averages, and each result
keeps the enterprise's joined figures: ``recompute`` therefore gives last year's result
as it was made, whatever the presets say today. ``d_class_tasks`` turns the D-class list
into qualitative tasks (整治提升) in the register through the register's own functions
(``save_plan``, ``assign``), led by each enterprise's town.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..store.models import AuditEvent, MujunEnterprise, MujunEvaluation, MujunResult, Plan
from ..store.repo import StoreError
from .fields import land_area
from .method import parse_method
from .score import Enterprise, Evaluation, evaluate, fmt
from .summary import class_counts

__all__ = [
    "HistoryLine",
    "class_history",
    "d_class_tasks",
    "latest_evaluation",
    "recompute",
    "save_evaluation",
]

TASK_AREA = "亩均评价D类企业整治提升"


def latest_evaluation(session: Session, year: int | None = None) -> MujunEvaluation | None:
    q = select(MujunEvaluation).order_by(MujunEvaluation.year.desc(), MujunEvaluation.id.desc())
    if year is not None:
        q = q.where(MujunEvaluation.year == year)
    return session.scalars(q.limit(1)).first()


def _classes_of(session: Session, evaluation_id: int) -> dict[str, str]:
    rows = session.execute(
        select(MujunEnterprise.code, MujunResult.klass)
        .join(MujunResult, MujunResult.enterprise_id == MujunEnterprise.id)
        .where(MujunResult.evaluation_id == evaluation_id)
    )
    return {code: klass for code, klass in rows}


def save_evaluation(
    session: Session, ev: Evaluation, previous: dict[str, float], actor: str
) -> MujunEvaluation:
    """Store ``ev`` whole (one transaction by the caller); class changes against last year's."""
    before = latest_evaluation(session, ev.year - 1)
    last_classes = _classes_of(session, before.id) if before else {}
    known = {e.code: e for e in session.scalars(select(MujunEnterprise))}
    for r in ev.results:
        e = r.enterprise
        row = known.get(e.code)
        if row is None:
            row = known[e.code] = MujunEnterprise(code=e.code)
            session.add(row)
        row.name, row.town, row.park = e.name, e.text("town"), e.text("park")
        row.industry, row.scale = e.text("industry"), e.text("scale")
    m = ev.method
    counts = class_counts(ev.results)
    evaluation = MujunEvaluation(
        year=ev.year, method_name=m.name, method_version=m.version, method_digest=m.digest,
        method_text=m.text, previous=dict(previous), created_by=actor,
        summary={"counts": counts, "warnings": ev.warnings, "enterprises": len(ev.results)},
    )  # fmt: skip
    session.add(evaluation)
    session.flush()
    rows = [
        {
            "evaluation_id": evaluation.id, "enterprise_id": known[r.code].id,
            "figures": dict(r.enterprise.values), "status": r.status, "reason": r.reason or r.forced,
            "group_name": r.group, "scope_value": r.scope_value,
            "indicators": [[s.key, s.value, round(s.points, 6)] for s in r.indicators],
            "base": r.base, "bonus": r.bonus, "penalty": r.penalty, "score": r.score,
            "rank": r.rank, "of": r.of, "klass": r.klass,
            "previous_class": last_classes.get(r.code, ""),
        }
        for r in ev.results
    ]  # fmt: skip
    if rows:
        session.execute(insert(MujunResult), rows)
    session.add(AuditEvent(
        actor=actor, action="create", entity="mujun_evaluation", entity_id=evaluation.id,
        after={"year": ev.year, "method": m.version, "digest": m.digest, "counts": counts},
    ))  # fmt: skip
    return evaluation


def recompute(session: Session, evaluation_id: int) -> Evaluation:
    """The stored evaluation made again from its own method text, figures and averages."""
    stored = session.get(MujunEvaluation, evaluation_id)
    if stored is None:
        raise StoreError(f"没有编号为{evaluation_id}的亩均评价")
    method = parse_method(stored.method_text, source=f"{stored.year}年评价所用办法")
    rows = session.execute(
        select(MujunEnterprise.code, MujunEnterprise.name, MujunResult.figures)
        .join(MujunResult, MujunResult.enterprise_id == MujunEnterprise.id)
        .where(MujunResult.evaluation_id == evaluation_id)
        .order_by(MujunResult.id)
    )
    enterprises = [Enterprise(code, name, figures) for code, name, figures in rows]
    return evaluate(method, enterprises, stored.year, stored.previous)


@dataclass(frozen=True)
class HistoryLine:
    year: int
    klass: str
    score: float
    rank: int
    of: int
    status: str
    figures: dict[str, Any]


def class_history(session: Session, code: str) -> list[HistoryLine]:
    """An enterprise's results, one line per year (the latest evaluation of each year)."""
    rows = session.execute(
        select(MujunEvaluation.year, MujunEvaluation.id, MujunResult)
        .join(MujunResult, MujunResult.evaluation_id == MujunEvaluation.id)
        .join(MujunEnterprise, MujunResult.enterprise_id == MujunEnterprise.id)
        .where(MujunEnterprise.code == code)
        .order_by(MujunEvaluation.year, MujunEvaluation.id)
    )
    by_year: dict[int, HistoryLine] = {}
    for year, _, r in rows:
        by_year[year] = HistoryLine(year, r.klass, r.score, r.rank, r.of, r.status, r.figures)
    return list(by_year.values())


def d_class_tasks(
    session: Session, evaluation_id: int, due: date, actor: str, klass: str = "D"
) -> Plan:
    """One qualitative task (整治提升) per D-class enterprise, led by its town."""
    from ..register.assign import UnitRow, assign, import_units
    from ..register.plan_import import PlanDraft, TargetDraft, save_plan

    stored = session.get(MujunEvaluation, evaluation_id)
    if stored is None:
        raise StoreError(f"没有编号为{evaluation_id}的亩均评价")
    rows: Sequence[tuple[MujunResult, MujunEnterprise]] = session.execute(
        select(MujunResult, MujunEnterprise)
        .join(MujunEnterprise, MujunResult.enterprise_id == MujunEnterprise.id)
        .where(MujunResult.evaluation_id == evaluation_id, MujunResult.klass == klass)
        .order_by(MujunEnterprise.town, MujunResult.score)
    ).all()
    if not rows:
        raise StoreError(f"{stored.year}年度评价中没有{klass}类企业")
    name = f"{stored.year}年度亩均评价{klass}类企业整治提升任务"
    lines, drafts = [], []
    offset = 0
    for r, e in rows:
        land = land_area(r.figures)
        per_mu = _per_mu(r.figures, land)
        sentence = (f"{e.name}（{e.code}，{e.town or '未填镇街'}）{stored.year}年度亩均评价列为{klass}类，"
                    f"得分{fmt(r.score)}，亩均税收{per_mu}，用地{fmt(land)}亩，"
                    f"由所在镇（街道）牵头制定整治提升方案，{due.year}年{due.month}月{due.day}日前完成。")  # fmt: skip
        drafts.append(TargetDraft(
            area=TASK_AREA, name=f"{e.name}整治提升", value=None, unit="", comparator="=",
            measure="level", frequency="quarterly", due=due, start_offset=offset,
            end_offset=offset + len(sentence), source_text=sentence[:200], sentence=sentence,
        ))  # fmt: skip
        lines.append(sentence)
        offset += len(sentence) + 1
    draft = PlanDraft(year=stored.year + 1 if due.year > stored.year else stored.year,
                      name=name, document_name=f"{name}清单", text="\n".join(lines),
                      base_year=stored.year, targets=drafts)  # fmt: skip
    plan = save_plan(session, draft, actor)
    towns = sorted({e.town for _, e in rows if e.town})
    import_units(session, [UnitRow(0, t, "place", None, None, None) for t in towns], actor)
    session.flush()
    for target, (_, e) in zip(plan.targets, rows, strict=True):
        if e.town:
            assign(session, target.id, [e.town], actor)
    return plan


def land_of_figures(e: Enterprise) -> float:
    return sum(
        float(x)
        for k in ("land_owned", "land_rented")
        if isinstance(x := e.values.get(k), int | float)
    )


def _per_mu(figures: dict[str, Any], land: float) -> str:
    tax = figures.get("tax")
    if not isinstance(tax, int | float) or not land:
        return "无法计算"
    return f"{fmt(tax / land)}万元/亩"
