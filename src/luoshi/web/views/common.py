"""What several pages need: the plan in view and the as-of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from ...register.plans import PlanNotVisible, PlanRef, choose, of_record, plan_refs, visible
from ...store.models import Plan
from ..auth import Viewer

SESSION_PLAN = "plan"
# pages that list a plan's targets: switching plans reloads them; other pages go home
PLAN_PAGES = ("/dashboard", "/register", "/reports", "/unit", "/units/")


def as_of_date(request: Request, value: str | None) -> date:
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise HTTPException(
                400, f"日期格式应为 年-月-日（如 2024-06-30）：{value[:20]}"
            ) from None
    today: date = request.app.state.settings.today()
    return today


@dataclass(frozen=True, slots=True)
class PlanMenu:
    """The plan switcher in every page's header."""

    plans: list[PlanRef]
    current: int | None
    action: str


def plan_menu(request: Request, user: Viewer, plans: list[PlanRef], current: int | None
              ) -> PlanMenu:  # fmt: skip
    path = request.url.path
    keep = any(path == p or (p.endswith("/") and path.startswith(p)) for p in PLAN_PAGES)
    action = path if keep else ("/unit" if user.is_reporter else "/dashboard")
    return PlanMenu([p for p in plans if visible(p.status, user.is_admin)], current, action)


def plan_in_view(request: Request, session: Session, user: Viewer, plan_id: int | None
                 ) -> Plan | None:  # fmt: skip
    """The plan this page shows (``register.plans.choose``); a choice other than the plan of
    record is remembered in the session, so the next page shows the same plan."""
    refs = plan_refs(session)
    remembered = request.session.get(SESSION_PLAN)
    year = request.app.state.settings.today().year
    try:
        chosen = choose(refs, asked=plan_id, remembered=remembered if isinstance(remembered, int)
                        else None, office=user.is_admin, year=year)  # fmt: skip
    except PlanNotVisible as e:
        raise HTTPException(404, str(e)) from None
    if plan_id is not None:
        record = of_record([p for p in refs if visible(p.status, user.is_admin)], year)
        if record is not None and record.id == plan_id:
            request.session.pop(SESSION_PLAN, None)
        else:
            request.session[SESSION_PLAN] = plan_id
    request.state.plan_menu = plan_menu(request, user, refs, chosen.id if chosen else None)
    return session.get(Plan, chosen.id) if chosen else None
