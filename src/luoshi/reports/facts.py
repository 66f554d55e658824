"""What every report reads from the register, in a few queries: verdicts and report history.

``gather`` returns plain values (``PlanFacts``); everything after it — the
bulletin, the scores, 数说 — is pure computation on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import TargetSpec
from ..register.verdicts import VerdictRow, register_verdicts, spec_of
from ..store.models import Plan, ProgressReport, Target

# Offices count deadlines in China Standard Time (no daylight saving).
OFFICE_TZ = timezone(timedelta(hours=8))
RECONCILED = "年终核对"  # the note that marks a year-end actual recorded by ``reconcile``


@dataclass(frozen=True, slots=True)
class Submission:
    """The current version of one report, with the day its first version arrived."""

    as_of: date
    unit_id: int | None
    value: float | None
    done: bool | None
    received: date  # office date of the first version: a correction does not make it late
    note: str | None
    lag_reason: str | None
    corrective_action: str | None

    @property
    def reconciled(self) -> bool:
        """A year-end actual taken from a review by the office, not sent by a unit."""
        return bool(self.note and self.note.startswith(RECONCILED))

    @property
    def forecast(self) -> bool:
        """A reconciled figure the review gave as an estimate (预计), marked so by ``reconcile``."""
        return self.reconciled and "(预计数)" in (self.note or "")


@dataclass(frozen=True, slots=True)
class TargetFacts:
    row: VerdictRow
    spec: TargetSpec
    measure: str
    weight: float
    submissions: tuple[Submission, ...]  # current versions dated up to the as-of date, oldest first
    split: bool = False  # shared out among units (``luoshi split``): its shares do the reporting


@dataclass(frozen=True, slots=True)
class PlanFacts:
    plan_id: int
    plan_name: str
    year: int
    as_of: date
    targets: tuple[TargetFacts, ...]

    @property
    def rows(self) -> list[VerdictRow]:
        return [t.row for t in self.targets]


def office_date(moment: datetime) -> date:
    """The office's calendar day of a timestamp (naive ones are UTC, as the database stores them)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(OFFICE_TZ).date()


def gather(session: Session, plan: Plan, as_of: date) -> PlanFacts:
    """The plan's verdicts at ``as_of`` and every target's reports up to then."""
    rows = register_verdicts(session, plan, as_of)
    history = _submissions(session, plan.id, as_of)
    stored = {t.id: t for t in session.scalars(select(Target).where(Target.plan_id == plan.id))}
    parents = {t.parent_id for t in stored.values() if t.parent_id is not None}
    targets = []
    for row in rows:
        t = stored[row.target_id]
        targets.append(TargetFacts(row, spec_of(t), t.measure, t.weight,
                                   tuple(history.get(row.target_id, ())), t.id in parents))  # fmt: skip
    return PlanFacts(plan.id, plan.name, plan.year, as_of, tuple(targets))


def _submissions(session: Session, plan_id: int, as_of: date) -> dict[int, list[Submission]]:
    """Current reports per target with the arrival day of their first version (one query)."""
    p = ProgressReport
    q = (
        select(p.id, p.target_id, p.unit_id, p.as_of, p.value, p.done, p.note, p.lag_reason,
               p.corrective_action, p.supersedes_id, p.reported_at)
        .where(p.target_id.in_(select(Target.id).where(Target.plan_id == plan_id)),
               p.as_of <= as_of)
        .order_by(p.as_of, p.id)
    )  # fmt: skip
    rows = session.execute(q).all()
    by_id = {r.id: r for r in rows}
    superseded = {r.supersedes_id for r in rows if r.supersedes_id is not None}
    out: dict[int, list[Submission]] = {}
    for r in rows:
        if r.id in superseded:
            continue
        first = r
        while first.supersedes_id is not None and first.supersedes_id in by_id:
            first = by_id[first.supersedes_id]
        out.setdefault(r.target_id, []).append(
            Submission(r.as_of, r.unit_id, r.value, r.done, office_date(first.reported_at),
                       r.note, r.lag_reason, r.corrective_action)
        )  # fmt: skip
    return out
