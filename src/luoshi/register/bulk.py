"""Assigning many targets at once from the register: lead unit, cooperating units, deadline,
reporting frequency. One transaction: every selected target changes, or none does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import FREQUENCY_LABELS, Frequency
from ..store.models import Target, Unit
from ..store.repo import StoreError, get_target, update_target
from .assign import assign

FREQUENCIES = FREQUENCY_LABELS  # the one table, under the name the register page reads


@dataclass(frozen=True, slots=True)
class BulkChange:
    """What to set on every selected target; empty fields are left as they are."""

    lead: str = ""
    cooperating: tuple[str, ...] = ()
    due: date | None = None
    frequency: str = ""

    def empty(self) -> bool:
        return not (self.lead or self.cooperating or self.due or self.frequency)


def bulk_assign(
    session: Session, target_ids: Sequence[int], change: BulkChange, actor: str
) -> list[Target]:
    """Apply ``change`` to every target; the first problem refuses the whole batch."""
    if not target_ids:
        raise StoreError("请先勾选要设置的指标")
    if change.empty():
        raise StoreError("请至少填写牵头单位、配合单位、完成时限或报送频次中的一项")
    if change.frequency and change.frequency not in {f.value for f in Frequency}:
        raise StoreError("报送频次应为每月、每季或每年")
    if change.cooperating and not change.lead:
        raise StoreError("设置配合单位时请同时选择牵头单位")
    if change.lead in change.cooperating:
        raise StoreError(f"「{change.lead}」不能既牵头又配合")
    wanted = [n for n in (change.lead, *change.cooperating) if n]
    known = set(session.scalars(select(Unit.name).where(Unit.name.in_(wanted))))
    unknown = [n for n in wanted if n not in known]
    if unknown:  # refused before anything changes
        raise StoreError(f"没有名为「{unknown[0]}」的单位，请先在单位管理中添加")
    done = []
    for tid in dict.fromkeys(target_ids):
        t = get_target(session, tid)
        fields: dict[str, object] = {}
        if change.due is not None:
            if not t.start <= change.due:
                raise StoreError(f"「{t.name}」的完成时限不能早于开始日期 {t.start.isoformat()}")
            fields["due"] = change.due
        if change.frequency:
            fields["frequency"] = change.frequency
        if fields:
            update_target(session, tid, t.version, fields, actor)
        if change.lead:
            assign(session, tid, [change.lead, *change.cooperating], actor)
        done.append(t)
    return done
