"""Leaders' instructions (批示) on targets: written by a leader, read by the office and the
units that carry the target."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import Assignment, Instruction
from ..store.repo import StoreError, audit, get_target

MAX_CHARS = 1000


def add_instruction(
    session: Session, target_id: int, text: str, actor: str, signed: str
) -> Instruction:
    target = get_target(session, target_id)
    text = text.strip()
    if not text:
        raise StoreError("批示内容不能为空")
    if len(text) > MAX_CHARS:
        raise StoreError(f"批示不超过 {MAX_CHARS} 字")
    row = Instruction(target_id=target.id, author=actor, author_name=signed or actor, text=text)
    session.add(row)
    session.flush()
    audit(session, actor, "instruct", row)
    return row


def instructions_for(session: Session, target_ids: Sequence[int]) -> list[Instruction]:
    """Newest first."""
    if not target_ids:
        return []
    q = (select(Instruction).where(Instruction.target_id.in_(list(target_ids)))
         .order_by(Instruction.created_at.desc(), Instruction.id.desc()))  # fmt: skip
    return list(session.scalars(q))


def instructions_to_unit(session: Session, unit_id: int, limit: int = 20) -> list[Instruction]:
    """The newest instructions on the targets a unit carries."""
    carried = select(Assignment.target_id).where(Assignment.unit_id == unit_id)
    q = (select(Instruction).where(Instruction.target_id.in_(carried))
         .order_by(Instruction.created_at.desc(), Instruction.id.desc()).limit(limit))  # fmt: skip
    return list(session.scalars(q))
