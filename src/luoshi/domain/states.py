"""Named states, each list written once: a plan's and a target's lifecycle, user roles.

They are ``StrEnum``s, so they compare equal to the strings stored in the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class PlanState(StrEnum):
    """A plan: the office's draft → the plan of record units and leaders see → closed."""

    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


PLAN_STATE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {PlanState.DRAFT: "草稿", PlanState.ACTIVE: "执行中", PlanState.CLOSED: "已归档"}
)


class TargetState(StrEnum):
    """A target: drafted with its plan, active with it, or dropped (kept, not judged)."""

    DRAFT = "draft"
    ACTIVE = "active"
    DROPPED = "dropped"


TARGET_STATE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {TargetState.DRAFT: "草稿", TargetState.ACTIVE: "执行中", TargetState.DROPPED: "已删除"}
)


class Role(StrEnum):
    ADMIN = "admin"  # the supervising office
    REPORTER = "reporter"  # one unit: sees and reports its own targets
    VIEWER = "viewer"  # leaders: look only
    MUJUN = "mujun"  # the economic-information bureau: 亩均评价 with named enterprises' figures


ROLES: Final = tuple(r.value for r in Role)
ROLE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        Role.ADMIN: "管理员（督查室）",
        Role.REPORTER: "填报员（单位）",
        Role.VIEWER: "查看（领导）",
        Role.MUJUN: "亩均评价（经信局）",
    }
)
MIN_PASSWORD: Final = 8
