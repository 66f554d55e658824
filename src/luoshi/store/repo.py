"""Writes to the register, each with its audit event and its conflict check.

Callers open one transaction (``Database.transaction``) per user action and
call these functions inside it: the action lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from .models import AuditEvent, Base, ProgressReport, Target


class StoreError(Exception):
    """A refused write; ``str()`` is a message for the user."""


class NotFound(StoreError):
    pass


class ConflictError(StoreError):
    """Somebody else changed the same record since it was read."""


# A report's review by the office; only approved figures count.
PENDING, APPROVED, RETURNED = "pending", "approved", "returned"

# Secrets never go into the audit trail, even hashed.
SECRET_COLUMNS = frozenset({"password_hash", "token_sha256"})


def snapshot(obj: Base) -> dict[str, Any]:
    """Column values of a row, JSON-ready (dates as ISO strings), secrets left out."""
    out: dict[str, Any] = {}
    for attr in inspect(obj).mapper.column_attrs:
        if attr.key in SECRET_COLUMNS:
            continue
        v = getattr(obj, attr.key)
        if isinstance(v, bytes):  # a file's content: its size and hash are recorded instead
            continue
        out[attr.key] = v.isoformat() if isinstance(v, date | datetime) else v
    return out


def audit(
    session: Session,
    actor: str,
    action: str,
    obj: Base,
    before: Mapping[str, Any] | None = None,
) -> None:
    """Record who did what to ``obj``; ``before`` is its snapshot before the change."""
    session.flush()
    after = snapshot(obj)
    changed_before = None
    if before is not None:
        keys = [k for k in after if after[k] != before.get(k)]
        if not keys:
            return  # a change that changes nothing leaves no trace
        changed_before = {k: before.get(k) for k in keys}
        after = {k: after[k] for k in keys}
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            entity=obj.__tablename__,
            entity_id=getattr(obj, "id", None),
            before=changed_before,
            after=after,
        )
    )


def get_target(session: Session, target_id: int) -> Target:
    target = session.get(Target, target_id)
    if target is None:
        raise NotFound(f"没有编号为 {target_id} 的指标")
    return target


EDITABLE = frozenset(
    {"area", "name", "value", "unit", "comparator", "measure", "start", "due", "frequency",
     "release", "schedule", "weight", "lead_official", "status", "seq"}
)  # fmt: skip


def update_target(
    session: Session,
    target_id: int,
    expected_version: int,
    changes: Mapping[str, Any],
    actor: str,
) -> Target:
    """Change a target that the user saw at ``expected_version``; a newer version wins, loudly."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise StoreError(f"指标的这些项不能修改：{'、'.join(sorted(unknown))}")
    target = get_target(session, target_id)
    if target.version != expected_version:
        raise ConflictError(
            f"指标 {target_id}「{target.name}」已被他人修改（当前版本 {target.version}，"
            f"您编辑的是版本 {expected_version}），请刷新后重试"
        )
    before = snapshot(target)
    for k, v in changes.items():
        setattr(target, k, v)
    try:
        audit(session, actor, "update", target, before)
    except StaleDataError as e:  # changed between our read and our write
        raise ConflictError(f"指标 {target_id} 已被他人同时修改，请刷新后重试") from e
    return target


def add_progress(
    session: Session,
    target_id: int,
    as_of: date,
    value: float | None,
    actor: str,
    *,
    unit_id: int | None = None,
    done: bool | None = None,
    note: str | None = None,
    lag_reason: str | None = None,
    corrective_action: str | None = None,
    review: str = "approved",
) -> ProgressReport:
    """Append a report; a second report for the same unit and date is a correction of the first.
    ``review`` is "pending" for a unit's report that the office has still to approve."""
    get_target(session, target_id)
    previous = current_report(session, target_id, unit_id, as_of)
    figures = (value, done, note, lag_reason, corrective_action, review)
    if previous is not None and _figures(previous) == figures:
        return previous  # the same form sent twice: one report, not a correction of itself
    report = ProgressReport(
        target_id=target_id,
        unit_id=unit_id,
        as_of=as_of,
        value=value,
        done=done,
        note=note,
        lag_reason=lag_reason,
        corrective_action=corrective_action,
        revision=previous.revision + 1 if previous else 1,
        supersedes_id=previous.id if previous else None,
        reported_by=actor,
        review=review,
    )
    session.add(report)
    try:
        audit(session, actor, "correct" if previous else "report", report)
    except IntegrityError as e:  # another report or correction for that date landed first
        raise ConflictError(
            f"指标 {target_id} 在 {as_of} 的进度刚被他人同时提交或更正，请刷新后核对再提交"
        ) from e
    return report


def _figures(r: ProgressReport) -> tuple[object, ...]:
    """What a submission says; the same again (sent back reports excepted) is no new report."""
    return (r.value, r.done, r.note, r.lag_reason, r.corrective_action, r.review)


def already_reported(previous: ProgressReport, new: NewReport) -> bool:
    """``new`` says what ``previous`` (the current report of its unit and date) says: the same
    form sent again, while it waits for review or after it was approved — not a new version.
    Sent back, the same figures are a new submission."""
    said = (new.value, new.done, new.note, new.lag_reason, new.corrective_action)
    if _figures(previous)[:5] != said:
        return False
    return previous.review == new.review or (previous.review, new.review) == (APPROVED, PENDING)


def current_report(
    session: Session, target_id: int, unit_id: int | None, as_of: date
) -> ProgressReport | None:
    """The newest revision of a unit's report for a date (older revisions stay readable)."""
    superseded = select(ProgressReport.supersedes_id).where(
        ProgressReport.supersedes_id.is_not(None)
    )
    q = select(ProgressReport).where(
        ProgressReport.target_id == target_id,
        ProgressReport.as_of == as_of,
        ProgressReport.id.not_in(superseded),
    )
    q = q.where(
        ProgressReport.unit_id.is_(None) if unit_id is None else ProgressReport.unit_id == unit_id
    )
    return session.scalars(q).first()


def report_history(session: Session, target_id: int) -> list[ProgressReport]:
    """Every report of a target, corrections included, oldest first."""
    q = (
        select(ProgressReport)
        .where(ProgressReport.target_id == target_id)
        .order_by(ProgressReport.as_of, ProgressReport.revision, ProgressReport.id)
    )
    return list(session.scalars(q))


def current_reports(
    session: Session, target_ids: Iterable[int], as_of: date
) -> dict[int, list[ProgressReport]]:
    """The figures that count up to ``as_of`` per target, oldest first: for each unit and date,
    the newest revision the office approved (a correction waiting for review, or sent back,
    leaves the approved figure before it standing)."""
    ids = list(target_ids)
    out: dict[int, list[ProgressReport]] = {i: [] for i in ids}
    if not ids:
        return out
    q = (
        select(ProgressReport)
        .where(
            ProgressReport.target_id.in_(ids),
            ProgressReport.as_of <= as_of,
            ProgressReport.review == APPROVED,
        )
        .order_by(ProgressReport.as_of, ProgressReport.revision, ProgressReport.id)
    )
    newest: dict[tuple[int, int | None, date], ProgressReport] = {}
    for r in session.scalars(q):
        newest[(r.target_id, r.unit_id, r.as_of)] = r  # later revisions replace earlier ones
    for r in sorted(newest.values(), key=lambda r: (r.as_of, r.id)):
        out[r.target_id].append(r)
    return out


def awaiting_review(session: Session, target_ids: Iterable[int], as_of: date) -> dict[int, date]:
    """Per target, the newest date up to ``as_of`` of a report still waiting for the office
    (待审核: the current revision of its chain, neither approved nor sent back)."""
    ids = list(target_ids)
    if not ids:
        return {}
    superseded = select(ProgressReport.supersedes_id).where(
        ProgressReport.supersedes_id.is_not(None)
    )
    q = (
        select(ProgressReport.target_id, func.max(ProgressReport.as_of))
        .where(ProgressReport.target_id.in_(ids), ProgressReport.as_of <= as_of,
               ProgressReport.review == PENDING, ProgressReport.id.not_in(superseded))
        .group_by(ProgressReport.target_id)
    )  # fmt: skip
    return {tid: day for tid, day in session.execute(q)}


@dataclass(frozen=True, slots=True)
class NewReport:
    """One report of a batch (an imported template, a synthetic city)."""

    target_id: int
    as_of: date
    value: float | None
    unit_id: int | None = None
    done: bool | None = None
    note: str | None = None
    lag_reason: str | None = None
    corrective_action: str | None = None
    review: str = "approved"


def add_progress_many(session: Session, reports: Sequence[NewReport], actor: str) -> int:
    """Append many reports at once, each audited; same rules as ``add_progress``."""
    if not reports:
        return 0
    target_ids = {r.target_id for r in reports}
    known = set(session.scalars(select(Target.id).where(Target.id.in_(target_ids))))
    missing = sorted(target_ids - known)
    if missing:
        raise NotFound(f"没有编号为 {missing[0]} 的指标")
    superseded = select(ProgressReport.supersedes_id).where(
        ProgressReport.supersedes_id.is_not(None)
    )
    current: dict[tuple[int, int | None, date], ProgressReport] = {}
    q = select(ProgressReport).where(
        ProgressReport.target_id.in_(target_ids), ProgressReport.id.not_in(superseded)
    )
    for r in session.scalars(q):
        current[(r.target_id, r.unit_id, r.as_of)] = r
    rows = []
    batch: set[tuple[int, int | None, date]] = set()
    for new in reports:
        key = (new.target_id, new.unit_id, new.as_of)
        if key in batch:
            raise StoreError(
                f"编号为 {new.target_id} 的指标在同一批中有两条截至{new.as_of.isoformat()}的进度"
            )
        batch.add(key)
        previous = current.get(key)
        if previous is not None and already_reported(previous, new):
            continue  # already reported exactly so (a form uploaded twice)
        row = ProgressReport(
            target_id=new.target_id, unit_id=new.unit_id, as_of=new.as_of, value=new.value,
            done=new.done, note=new.note, lag_reason=new.lag_reason,
            corrective_action=new.corrective_action,
            revision=previous.revision + 1 if previous else 1,
            supersedes_id=previous.id if previous else None, reported_by=actor,
            review=new.review,
        )  # fmt: skip
        rows.append(row)
    session.add_all(rows)
    try:
        session.flush()
    except IntegrityError as e:  # a parallel submission for one of these dates landed first
        raise ConflictError("这些进度中有的刚被他人同时提交或更正，请刷新后核对再提交") from e
    session.add_all(
        AuditEvent(actor=actor, action="correct" if r.revision > 1 else "report",
                   entity="progress", entity_id=r.id, after=snapshot(r))
        for r in rows
    )  # fmt: skip
    return len(rows)
