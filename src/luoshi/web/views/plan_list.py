"""The office's list of plans: which one is of record, activate, archive, delete a draft.

Each action asks for confirmation on a page of its own (what will change, in words),
then posts with the CSRF token; the change lands in the audit trail.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.states import PLAN_STATE_LABELS, PlanState
from ...register.plans import activate, archive, delete_plan
from ...register.trail import trail_lines
from ...store.models import AuditEvent, Plan, ProgressReport, Target
from ..auth import Viewer, csrf_protect, db_session, require_admin
from ..templating import page
from .common import SESSION_PLAN

router = APIRouter(include_in_schema=False)
ACTIONS = {"activate": "启用", "archive": "归档", "delete": "删除"}


def _allowed(plan: Plan) -> list[str]:
    if plan.status == PlanState.DRAFT.value:
        return ["activate", "delete"]
    if plan.status == PlanState.ACTIVE.value:
        return ["archive"]
    return ["activate"]


def _counts(session: Session) -> tuple[dict[int, int], dict[int, int]]:
    """Targets and progress reports per plan."""
    targets = select(Target.plan_id, func.count(Target.id)).group_by(Target.plan_id)
    reports = (select(Target.plan_id, func.count(ProgressReport.id))
               .join(ProgressReport, ProgressReport.target_id == Target.id)
               .group_by(Target.plan_id))  # fmt: skip
    return ({pid: n for pid, n in session.execute(targets)},
            {pid: n for pid, n in session.execute(reports)})  # fmt: skip


@router.get("/plans")
def plan_list(
    request: Request,
    flash: str | None = None,
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    plans = list(session.scalars(select(Plan).order_by(Plan.year.desc(), Plan.id.desc())))
    targets, reports = _counts(session)
    rows = [{"plan": p, "label": PLAN_STATE_LABELS.get(p.status, p.status),
             "targets": targets.get(p.id, 0), "reports": reports.get(p.id, 0),
             "actions": [(a, ACTIONS[a]) for a in _allowed(p)]} for p in plans]  # fmt: skip
    trail = list(session.scalars(select(AuditEvent).where(AuditEvent.entity == "plan")
                                 .order_by(AuditEvent.id.desc()).limit(20)))  # fmt: skip
    names = {p.id: p.name for p in plans}
    lines = [(e, names.get(e.entity_id or 0) or (e.before or {}).get("name", ""), line)
             for e, line in trail_lines(session, trail)]  # fmt: skip
    return page(request, "plan_list.html", {"user": user, "rows": rows, "flash": flash,
                                            "trail": lines})  # fmt: skip


def _consequence(session: Session, plan: Plan, action: str) -> str:
    """What the action will change, said before it is done."""
    if action == "activate":
        current = session.scalar(select(Plan).where(Plan.year == plan.year, Plan.status == PlanState.ACTIVE.value,
                                                    Plan.id != plan.id))  # fmt: skip
        then = f"「{current.name}」将归档（仍可查阅）;" if current else ""
        return (
            f"启用后，「{plan.name}」成为 {plan.year} 年的执行计划：{then}各单位和领导"
            f"打开系统时看到的就是它，各单位按它填报。"
        )
    if action == "archive":
        return (
            f"归档后，「{plan.name}」不再是 {plan.year} 年的执行计划，仍可在计划列表中"
            f"选择查阅；{plan.year} 年在启用新计划前没有执行计划。"
        )
    return f"删除后，草稿「{plan.name}」及其全部指标将被移除，不能恢复。"


def _plan_for(session: Session, plan_id: int, action: str) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise HTTPException(404, "没有这个计划")
    if action not in ACTIONS or action not in _allowed(plan):
        label = PLAN_STATE_LABELS.get(plan.status, plan.status)
        raise HTTPException(
            400, f"「{plan.name}」当前为{label},不能{ACTIONS.get(action, '这样操作')}"
        )
    return plan


@router.get("/plans/{plan_id}/{action}")
def confirm(
    request: Request,
    plan_id: int,
    action: str,
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    plan = _plan_for(session, plan_id, action)
    return page(request, "plan_confirm.html", {
        "user": user, "target_plan": plan, "action": action, "verb": ACTIONS[action],
        "consequence": _consequence(session, plan, action),
    })  # fmt: skip


@router.post("/plans/{plan_id}/{action}", dependencies=[Depends(csrf_protect)])
def act(
    request: Request,
    plan_id: int,
    action: str,
    confirmed: Annotated[str, Form(max_length=3)] = "",
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    plan = _plan_for(session, plan_id, action)
    if confirmed != "yes":
        raise HTTPException(400, "请先确认再操作")
    name = plan.name
    if action == "activate":
        activate(session, plan_id, user.username)
    elif action == "archive":
        archive(session, plan_id, user.username)
    else:
        delete_plan(session, plan_id, user.username)
        if request.session.get(SESSION_PLAN) == plan_id:
            request.session.pop(SESSION_PLAN, None)
    done = {"activate": "已启用", "archive": "已归档", "delete": "已删除"}[action]
    return RedirectResponse(f"/plans?flash={done}「{name}」", status_code=303)
