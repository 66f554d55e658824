"""The office's dashboard: where the year stands on one date."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ..auth import Viewer, db_session, require_staff
from ..cache import plan_overview
from ..templating import page
from .common import as_of_date, plan_in_view

router = APIRouter(include_in_schema=False)
# a dashboard is read at a glance: the worst lagging targets and a few names per unit not
# reported; the rest is one click away in the register
SHOWN = 15
SHOWN_PHONE = 5  # the phone dashboard stays a screen or two; the rest is one tap away


@router.get("/dashboard")
def dashboard(
    request: Request,
    as_of: str | None = None,
    plan: int | None = None,
    user: Viewer = Depends(require_staff),
    session: Session = Depends(db_session),
) -> Response:
    when = as_of_date(request, as_of)
    p = plan_in_view(request, session, user, plan)
    if p is None:
        return page(request, "dashboard.html", {"user": user, "plan": None, "as_of": when})
    ov = plan_overview(session, p, when)
    areas = [
        {"area": a.area, "completion": a.completion,
         "time": a.time_progress, "href": f"/register?plan={p.id}&area={a.area}"}
        for a in ov.areas
    ]  # fmt: skip
    return page(request, "dashboard.html", {
        "user": user, "plan": p, "as_of": when, "ov": ov,
        "areas": areas, "shown": SHOWN, "shown_phone": SHOWN_PHONE,
    })  # fmt: skip
