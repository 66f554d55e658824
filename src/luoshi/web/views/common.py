"""What several pages need: the plan in view and the as-of date."""

from __future__ import annotations

from datetime import date

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from ...register.status import find_plan
from ...store.models import Plan
from ...store.repo import StoreError


def as_of_date(request: Request, value: str | None) -> date:
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise HTTPException(400, f"日期格式应为 YYYY-MM-DD:{value[:20]}") from None
    today: date = request.app.state.settings.today()
    return today


def plan_in_view(session: Session, plan_id: int | None) -> Plan | None:
    """The plan asked for, else the newest; None when there is no plan yet."""
    try:
        return find_plan(session, plan_id=plan_id) if plan_id else find_plan(session)
    except StoreError:
        if plan_id:
            raise HTTPException(404, "没有这个计划") from None
        return None
