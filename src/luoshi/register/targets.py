"""Editing one target: its value, frequency and phased schedule, with conflict detection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import Frequency, ScheduleError, check_amounts, schedule_from_amounts
from ..store.models import AuditEvent, Target
from ..store.repo import StoreError, get_target, report_history, update_target
from .verdicts import spec_of


def edit_target(
    session: Session,
    target_id: int,
    expected_version: int,
    actor: str,
    *,
    changes: dict[str, Any] | None = None,
    schedule_amounts: Sequence[float] | None = None,
) -> Target:
    """Change a target the user saw at ``expected_version``.

    ``schedule_amounts`` are the amounts planned for each month or quarter
    (by the target's frequency); they must add up to the target value.
    """
    changes = dict(changes or {})
    target = get_target(session, target_id)
    if "frequency" in changes:
        try:
            Frequency(changes["frequency"])
        except ValueError:
            raise StoreError(f"frequency must be monthly, quarterly or annual, not "
                             f"{changes['frequency']!r}") from None  # fmt: skip
    if schedule_amounts is not None:
        value = changes.get("value", target.value)
        frequency = Frequency(changes.get("frequency", target.frequency))
        if value is None:
            raise StoreError("a milestone has no amounts to schedule")
        if frequency is Frequency.ANNUAL:
            raise StoreError("an annual-only target has no monthly or quarterly schedule")
        problems = check_amounts(value, schedule_amounts)
        if problems:
            raise StoreError("schedule: " + "; ".join(problems))
        try:
            steps = schedule_from_amounts(target.start, target.due, schedule_amounts, frequency)
        except ValueError as e:
            raise StoreError(f"schedule: {e}") from None
        changes["schedule"] = [[s.by.isoformat(), s.value] for s in steps]
    updated = update_target(session, target_id, expected_version, changes, actor)
    try:
        spec_of(updated)  # the domain's own checks (dates, schedule shape) must still hold
    except (ScheduleError, ValueError) as e:
        raise StoreError(f"target {target_id}: {e}") from None
    return updated


def target_trail(session: Session, target_id: int) -> tuple[Target, list[Any], list[AuditEvent]]:
    """A target, its report history (corrections included) and its audit events."""
    target = get_target(session, target_id)
    events = list(session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == "target", AuditEvent.entity_id == target_id)
        .order_by(AuditEvent.id)
    ))  # fmt: skip
    return target, report_history(session, target_id), events
