"""The reports page: the office's documents for download (督查通报, 考核, 数说)."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ...reports import ReportError
from ...reports.assessment import load_rules
from ...reports.config import load_config
from ...reports.publish import publish_assessment, publish_bulletin, publish_numbers, year_end
from ..auth import Viewer, db_session, require_staff
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
    user: Viewer = Depends(require_staff),
    session: Session = Depends(db_session),
) -> Response:
    when = as_of_date(request, as_of)
    p = plan_in_view(request, session, user, plan)
    end = year_end(session, p) if p else None
    return page(request, "reports.html", {"user": user, "plan": p, "as_of": when,
                                          "year_end": end, "kinds": KINDS})  # fmt: skip


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
