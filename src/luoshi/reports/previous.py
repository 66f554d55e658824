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
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.states import TargetState
from ..extract import extract
from ..register.reconcile import propose
from ..store.models import Plan, SourceDocument, Target

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
                                            m.sentence)  # fmt: skip
    return out
