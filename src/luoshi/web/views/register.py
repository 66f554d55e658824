"""The register (任务分解表): filter, search, sort, page through, export; admins edit inline."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from ...domain import Status
from ...register.export import export_register
from ...register.overview import LAGGING
from ...register.status import StatusRow
from ...register.targets import edit_target
from ..auth import Viewer, csrf_protect, db_session, require_admin, require_staff
from ..cache import status_rows
from ..templating import page
from .common import as_of_date, plan_in_view

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
SORTS = {
    "seq": lambda r: (r.seq, r.target_id),
    "completion": lambda r: (r.assessment.completion is None, r.assessment.completion or 0),
    "gap": lambda r: (r.assessment.gap_pp is None, r.assessment.gap_pp or 0),
    "unit": lambda r: (r.lead_unit or "~", r.seq),
    "status": lambda r: (list(Status).index(r.assessment.status), r.seq),
}


def _matches(r: StatusRow, status: str | None, q: str | None) -> bool:
    if status == "lagging" and r.assessment.status not in LAGGING:
        return False
    if status and status != "lagging" and r.assessment.status.value != status:
        return False
    return not q or q in r.name or q in r.area or any(q in u for u in r.units)


@router.get("/register")
def register_page(
    request: Request,
    plan: int | None = None,
    as_of: str | None = None,
    area: str | None = None,
    unit: str | None = None,
    status: str | None = None,
    q: str | None = None,
    sort: str = "seq",
    desc: bool = False,
    page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1,
    user: Viewer = Depends(require_staff),
    session: Session = Depends(db_session),
) -> Response:
    when = as_of_date(request, as_of)
    p = plan_in_view(request, session, user, plan)
    if p is None:
        return RedirectResponse("/dashboard", status_code=303)
    all_rows = status_rows(session, p, when)
    rows = [r for r in all_rows if (not area or r.area == area) and (not unit or unit in r.units)
            and _matches(r, status, q)]  # fmt: skip
    rows.sort(key=SORTS.get(sort, SORTS["seq"]), reverse=desc)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page_no = min(max(1, page_no), pages)
    shown = rows[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    return page(request, "register.html", {
        "user": user, "plan": p, "as_of": when, "rows": shown, "count": len(rows),
        "page_no": page_no, "pages": pages, "areas": sorted({r.area for r in all_rows}),
        "units": sorted({u for r in all_rows for u in r.units}), "statuses": list(Status),
        "f": {"area": area or "", "unit": unit or "", "status": status or "", "q": q or "",
              "sort": sort, "desc": desc},
    })  # fmt: skip


@router.get("/register.xlsx")
def register_xlsx(
    request: Request,
    plan: int | None = None,
    as_of: str | None = None,
    user: Viewer = Depends(require_staff),
    session: Session = Depends(db_session),
) -> Response:
    when = as_of_date(request, as_of)
    p = plan_in_view(request, session, user, plan)
    if p is None:
        raise HTTPException(404, "还没有计划")
    buf = io.BytesIO()
    export_register(session, [p], when, buf)
    name = f"register-{p.year}-{when.isoformat()}.xlsx"
    return StreamingResponse(
        iter([buf.getvalue()]),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/targets/{target_id}/edit", dependencies=[Depends(csrf_protect)])
def edit(
    request: Request,
    target_id: int,
    version: Annotated[int, Form()],
    value: Annotated[str, Form(max_length=40)] = "",
    name: Annotated[str, Form(max_length=500)] = "",
    units: Annotated[str, Form(max_length=500)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    """Inline edit from the register: value, name and units, against the version shown."""
    from ...register.assign import assign

    changes: dict[str, object] = {}
    if name.strip():
        changes["name"] = name.strip()
    if value.strip():
        try:
            changes["value"] = float(value.replace(",", ""))
        except ValueError:
            raise HTTPException(400, f"目标值应为数字:{value[:20]}") from None
    edit_target(session, target_id, version, user.username, changes=changes)
    if units.strip():
        names = [u for u in units.replace(",", "、").replace(",", "、").split("、") if u.strip()]
        assign(session, target_id, names, user.username)
    dest = back if back.startswith("/") and not back.startswith("//") else f"/targets/{target_id}"
    return RedirectResponse(dest, status_code=303)
