"""The audit trail in words: "区教育局 张三 将目标值由 200 改为 220".

The store keeps each change as JSON (column → before/after); people read a
sentence. ``describe`` is pure: the caller supplies who the actor is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import COMPARATOR_SIGNS, FREQUENCY_LABELS, MEASURE_LABELS
from ..domain.states import PLAN_STATE_LABELS, TARGET_STATE_LABELS
from ..store.models import AuditEvent, User
from .review import REVIEW_LABELS

FIELD_LABELS = {
    "name": "指标名称", "value": "目标值", "unit": "计量单位", "comparator": "比较方式",
    "measure": "口径", "area": "领域", "start": "开始日期", "due": "完成时限",
    "frequency": "报送频次", "release": "数据发布日期", "schedule": "分期计划",
    "weight": "权重", "lead_official": "牵头领导", "status": "状态", "seq": "序号",
    "units": "责任单位", "parent_id": "上级指标", "contact": "联系方式", "kind": "单位类型",
    "code": "单位代码", "email": "邮箱", "role": "角色", "display_name": "姓名",
    "active": "启用", "review": "审核", "review_note": "退回原因",
}  # fmt: skip
ACTIONS = {
    "create": "新建", "import": "导入", "split": "分解", "carry_over": "结转",
    "activate": "启用", "archive": "归档", "delete": "删除", "report": "填报进度",
    "correct": "更正进度", "disable": "停用", "enable": "启用", "set_password": "重设密码",
    "issue_token": "签发令牌", "instruct": "批示", "approve": "审核通过", "return": "退回",
    "attach": "上传佐证材料", "assign": "调整责任单位",
}  # fmt: skip
ENTITIES = {"target": "指标", "plan": "计划", "unit": "单位", "progress": "进度",
            "user_account": "用户", "api_token": "令牌", "instruction": "批示",
            "attachment": "佐证材料"}  # fmt: skip
VALUE_LABELS = {
    **FREQUENCY_LABELS, **PLAN_STATE_LABELS, **TARGET_STATE_LABELS, **MEASURE_LABELS,
    **REVIEW_LABELS, "department": "条线部门", "place": "板块",
}  # fmt: skip
# bookkeeping columns: never worth a sentence
QUIET = frozenset(
    {
        "version",
        "id",
        "plan_id",
        "document_id",
        "source_start",
        "source_end",
        "reviewed_by",
        "reviewed_at",
    }
)


def written(x: float) -> str:
    """A number as people write it: 102,000; 2.5; 150亿 (never 1.5e+10)."""
    big = abs(x) >= 1e8
    text = f"{x / 1e8 if big else x:,.4f}".rstrip("0").rstrip(".")
    return f"{text}亿" if big else text


def shown(field: str, value: Any) -> str:
    """A stored value as a person writes it."""
    if value is None or value == "" or value == []:
        return "空"
    if field == "comparator":
        return COMPARATOR_SIGNS.get(str(value), str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return written(float(value))
    if isinstance(value, list):
        if field == "schedule":
            return f"{len(value)} 期"
        return "、".join(str(v) for v in value)
    text = str(value)
    if field in ("start", "due", "release"):
        try:
            d = date.fromisoformat(text[:10])
        except ValueError:
            return text
        return f"{d.year}年{d.month}月{d.day}日"
    return VALUE_LABELS.get(text, text)


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[str]:
    """One phrase per field that really changed (将目标值由 200 改为 220)."""
    if not before:
        return []
    out = []
    for key, new in (after or {}).items():
        old = before.get(key)
        if key in QUIET or old == new:
            continue
        label = FIELD_LABELS.get(key, key)
        was = shown(key, old)
        out.append(f"将{label}定为 {shown(key, new)}" if was == "空" else
                   f"将{label}由 {was} 改为 {shown(key, new)}")  # fmt: skip
    return out


def describe(event: AuditEvent, who: str) -> str:
    """One sentence for an audit event."""
    phrases = changes(event.before, event.after)
    if phrases:
        return f"{who} " + "，".join(phrases)
    thing = ENTITIES.get(event.entity, "记录")
    verb = ACTIONS.get(event.action, "修改")
    name = (event.after or {}).get("name") or (event.before or {}).get("name")
    return f"{who} {verb}{thing}" + (f"「{name}」" if name else "")


def who_is(session: Session, actors: set[str]) -> dict[str, str]:
    """Actors as people know them: their unit and name (区教育局 张三); others as recorded."""
    q = select(User).where(User.username.in_(actors))
    out = {a: a for a in actors}
    for u in session.scalars(q):
        name = u.display_name or u.username
        unit = u.unit.name if u.unit else ("督查室" if u.role == "admin" else "")
        out[u.username] = f"{unit} {name}".strip()
    return out


def trail_lines(session: Session, events: list[AuditEvent]) -> list[tuple[AuditEvent, str]]:
    """Each event with its sentence."""
    names = who_is(session, {e.actor for e in events})
    return [(e, describe(e, names[e.actor])) for e in events]
