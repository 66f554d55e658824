"""The reports page: the office's documents (督查通报, 考核, 数说) for the office and leaders.

Any document can be previewed for any date. A 督查通报 is *issued* by the office
with a 期数 and 文号 (proposed: the next of the plan) and an issue date (default:
the as-of date): issued ones are archived as sent and listed here, and their files
download again byte for byte.
"""

from __future__ import annotations

import tempfile
import threading
from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ...reports import ReportError
from ...reports.archive import issue_bulletin, issued, next_issue
from ...reports.assessment import load_rules
from ...reports.config import load_config
from ...reports.publish import publish_assessment, publish_bulletin, publish_numbers, year_end
from ...store.models import BulletinIssue
from ..auth import Viewer, csrf_protect, db_session, require_admin, require_staff
from ..templating import page
from .common import as_of_date, plan_in_view

router = APIRouter(include_in_schema=False)
# matplotlib's settings are process-wide: draw one report's charts at a time
_DRAWING = threading.Lock()
KINDS = {
    "bulletin": ("督查通报", ("docx", "pdf", "html")),
    "assessment": ("年终考核", ("xlsx", "docx")),
    "numbers": ("数说", ("html", "png", "docx")),
}
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf", "html": "text/html; charset=utf-8", "png": "image/png",
}  # fmt: skip


@router.get("/reports")
def reports_page(
    request: Request,
    as_of: str | None = None,
    plan: int | None = None,
    flash: str | None = None,
    flash_kind: str | None = None,
    user: Viewer = Depends(require_staff),
    session: Session = Depends(db_session),
) -> Response:
    when = as_of_date(request, as_of)
    p = plan_in_view(request, session, user, plan)
    end, archive, proposed = None, [], None
    if p is not None:
        archive = issued(session, p)
        try:
            proposed = next_issue(session, p, load_config(), when)
            end = year_end(session, p)
        except ReportError as e:  # a bad issuer configuration; a plan without targets
            if not flash:
                flash, flash_kind = str(e), "error"
    return page(request, "reports.html", {
        "user": user, "plan": p, "as_of": when, "year_end": end, "kinds": KINDS,
        "archive": archive, "proposed": proposed, "flash": flash,
        "flash_kind": flash_kind if flash_kind in ("ok", "error") else None,
    })  # fmt: skip


def _day(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{what}格式应为 年-月-日（如 2024-06-30）") from None


@router.post("/reports/bulletins", dependencies=[Depends(csrf_protect)])
def issue(
    request: Request,
    plan: Annotated[int, Form()],
    issue: Annotated[int, Form(ge=1, le=100_000)],
    number: Annotated[str, Form(max_length=100)],
    as_of: Annotated[str, Form(max_length=10)],
    issued_on: Annotated[str, Form(max_length=10)] = "",
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    """The office issues a 督查通报: numbered as set on the page, archived as Word and PDF."""
    p = plan_in_view(request, session, user, plan)
    if p is None:
        raise HTTPException(404, "还没有计划")
    when = _day(as_of, "截至日期")
    config = load_config(issue=issue, issued=_day(issued_on, "印发日期") if issued_on else None)
    with _DRAWING:
        try:
            row = issue_bulletin(session, p, when, config, user.username, number=number)
        except ReportError as e:  # nothing was written
            return _back(p.id, when, str(e), "error")
    return _back(p.id, when, f"已印发第{row.issue}期通报（{row.number}）并存档", "ok")


def _back(plan_id: int, when: date, message: str, kind: str) -> Response:
    query = urlencode({"plan": plan_id, "as_of": when.isoformat(), "flash": message,
                       "flash_kind": kind})  # fmt: skip
    return RedirectResponse(f"/reports?{query}", status_code=303)


@router.get("/reports/bulletins/{issue_id}.{ext}")
def issued_file(
    request: Request,
    issue_id: int,
    ext: str,
    user: Viewer = Depends(require_staff),
    session: Session = Depends(db_session),
) -> Response:
    """An issued bulletin's file, exactly as it was archived."""
    row = session.get(BulletinIssue, issue_id)
    if row is None or ext not in ("docx", "pdf"):
        raise HTTPException(404, "没有这期通报")
    plan_in_view(request, session, user, row.plan_id)  # the plan must be visible to this user
    body = row.docx if ext == "docx" else row.pdf
    name = f"bulletin-{row.plan_id}-{row.issue}.{ext}"
    disposition = "inline" if ext == "pdf" else "attachment"
    return Response(body, media_type=MEDIA[ext],
                    headers={"Content-Disposition": f'{disposition}; filename="{name}"'})  # fmt: skip


@router.get("/reports/{kind}.{ext}")
def download(
    request: Request,
    kind: str,
    ext: str,
    as_of: str | None = None,
    plan: int | None = None,
    user: Viewer = Depends(require_staff),
    session: Session = Depends(db_session),
) -> Response:
    if kind not in KINDS or ext not in KINDS[kind][1]:
        raise HTTPException(404, "没有这种报告")
    p = plan_in_view(request, session, user, plan)
    if p is None:
        raise HTTPException(404, "还没有计划")
    when = as_of_date(request, as_of) if as_of or kind == "bulletin" else year_end(session, p)
    with tempfile.TemporaryDirectory() as tmp, _DRAWING:
        path = Path(tmp) / f"{kind}.{ext}"
        try:
            if kind == "bulletin":
                publish_bulletin(session, p, when, path, load_config())
            elif kind == "assessment":
                publish_assessment(session, p, when, path, load_config(), load_rules())
            else:
                publish_numbers(session, p, when, path)
        except ReportError as e:
            raise HTTPException(400, str(e)) from None
        body = path.read_bytes()
    name = f"{kind}-{p.year}-{when.isoformat()}.{ext}"
    disposition = "inline" if ext in ("pdf", "png") else "attachment"
    return Response(body, media_type=MEDIA[ext],
                    headers={"Content-Disposition": f'{disposition}; filename="{name}"'})  # fmt: skip
