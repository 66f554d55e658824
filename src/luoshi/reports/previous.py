"""Last year's actuals for this year's targets, from the documents the register already holds.

The plan's own source document often reviews the year before (the seed's
数说 2023 beside its 2024 targets), and review documents (kind ``review``)
state results. Their mentions that are actuals for the year before the plan
are matched to the targets as ``reconcile`` matches a review: same unit and
measure, a similar indicator name (character bigrams), each figure used once.
A match needs a name similarity of at least ``MIN_SCORE`` (stricter than
reconcile's proposals, which a person reviews: here nobody does), so 新增城镇就业
answers for 城镇新增就业 but 入库总投资10亿元以上项目 not for 招引100亿元以上项目.
Kept simple on purpose: no unit conversion, no fuzzy years.

A document's actual covers the whole year before. A figure for part of the year
(cumulative to 30 June) is compared with the same period of the year before
only: ``same_period`` looks for it in last year's plan in the register (the
target this one was carried from, else one of the same name, unit and measure)
and its report dated the same day a year earlier. ``Previous.through`` says
which period a figure covers, and ``numbers`` compares like with like only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.states import TargetState
from ..extract import extract
from ..register.reconcile import propose
from ..store.models import Plan, SourceDocument, Target
from ..store.repo import current_reports

MIN_SCORE = 0.6


@dataclass(frozen=True, slots=True)
class Previous:
    """A target's actual in the year before, as a document states it."""

    year: int
    value: float
    unit: str
    indicator: str
    document: str
    sentence: str
    through: date  # the last day the figure covers: 31 December for a whole year

    @property
    def whole_year(self) -> bool:
        return (self.through.month, self.through.day) == (12, 31)


def previous_actuals(session: Session, plan: Plan) -> dict[int, Previous]:
    """Target id → last year's actual, for the targets a document gives one for."""
    targets = list(session.scalars(
        select(Target).where(Target.plan_id == plan.id, Target.status != TargetState.DROPPED.value)
        .order_by(Target.seq, Target.id)
    ))  # fmt: skip
    doc_ids = {t.document_id for t in targets if t.document_id is not None}
    docs = session.scalars(
        select(SourceDocument)
        .where(or_(SourceDocument.id.in_(doc_ids), SourceDocument.kind == "review"))
        .order_by(SourceDocument.id)
    )
    year = plan.year - 1
    out: dict[int, Previous] = {}
    for doc in docs:
        actuals = [m for m in extract(doc.text, base_year=doc.base_year, name_hint=doc.name)
                   if m.kind == "actual" and m.year == year]  # fmt: skip
        open_targets = [t for t in targets if t.id not in out]
        for match in propose(open_targets, actuals, year):
            if match.score < MIN_SCORE:
                continue
            m = match.result
            out[match.target_id] = Previous(year, m.value, m.unit, m.indicator, doc.name,
                                            m.sentence, date(year, 12, 31))  # fmt: skip
    return out


def year_before(day: date) -> date:
    """The same day a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def same_period(session: Session, plan: Plan, through: Mapping[int, date]) -> dict[int, Previous]:
    """Target id → its figure of the same period last year, from last year's plan of record.

    ``through`` gives the day each target's current figure covers up to; the
    figure a year earlier must be a report dated exactly that day a year before.
    """
    last = session.scalars(
        select(Plan).where(Plan.year == plan.year - 1).order_by(Plan.id.desc())
    ).all()
    if not last or not through:
        return {}
    old = list(session.scalars(
        select(Target).where(Target.plan_id.in_([p.id for p in last]),
                             Target.status != TargetState.DROPPED.value)
        .order_by(Target.plan_id.desc(), Target.id)
    ))  # fmt: skip
    by_id = {t.id: t for t in old}
    by_name: dict[tuple[str, str, str], Target] = {}
    for t in old:
        by_name.setdefault((t.name, t.unit, t.measure), t)
    now = {t.id: t for t in session.scalars(select(Target).where(Target.id.in_(list(through))))}
    pairs: dict[int, Target] = {}
    for tid, t in now.items():
        before = by_id.get(t.carried_from_id or -1) or by_name.get((t.name, t.unit, t.measure))
        if before is not None and before.unit == t.unit and before.measure == t.measure:
            pairs[tid] = before
    if not pairs:
        return {}
    latest = max(year_before(d) for d in through.values())
    reports = current_reports(session, [b.id for b in pairs.values()], latest)
    out: dict[int, Previous] = {}
    for tid, before in pairs.items():
        day = year_before(through[tid])
        # on equal dates the later report wins, as ``latest_reading`` takes it
        values = [r.value for r in reports[before.id] if r.as_of == day and r.value is not None]
        if values and values[-1] is not None:
            out[tid] = Previous(day.year, values[-1], before.unit, before.name,
                                before.plan.name, "", day)  # fmt: skip
    return out
