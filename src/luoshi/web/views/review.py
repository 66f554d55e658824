"""The office approves or sends back a report; evidence is downloaded by those who may see it."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ...register.instructions import add_instruction
from ...register.review import EVIDENCE_KINDS, REVIEW_LABELS, decide
from ...store.models import Attachment, ProgressReport
from ..auth import (
    Viewer,
    can_read_target,
    csrf_protect,
    current_user,
    db_session,
    require_admin,
    require_staff,
)

router = APIRouter(include_in_schema=False)


@router.post("/progress/{report_id}/review", dependencies=[Depends(csrf_protect)])
def review(
    report_id: int,
    decision: Annotated[str, Form(max_length=10)],
    note: Annotated[str, Form(max_length=2000)] = "",
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    if decision not in ("approve", "return"):
        raise HTTPException(400, "请选择通过或退回")
    report = decide(session, report_id, decision == "approve", user.username, note)
    done = REVIEW_LABELS[report.review]
    if decision == "approve" and report.value is None and report.done:
        done = "已销号"
    return RedirectResponse(f"/targets/{report.target_id}?flash={done}#history", status_code=303)


@router.post("/targets/{target_id}/instructions", dependencies=[Depends(csrf_protect)])
def instruct(
    target_id: int,
    text: Annotated[str, Form(max_length=2000)],
    user: Viewer = Depends(require_staff),
    session: Session = Depends(db_session),
) -> Response:
    """A leader's 批示 (the office may record one on a leader's behalf)."""
    can_read_target(session, user, target_id)
    add_instruction(session, target_id, text, user.username, user.display_name)
    return RedirectResponse(f"/targets/{target_id}?flash=批示已发送#instructions", status_code=303)


@router.get("/attachments/{attachment_id}")
def download(
    attachment_id: int,
    user: Viewer = Depends(current_user),
    session: Session = Depends(db_session),
) -> Response:
    row = session.get(Attachment, attachment_id)
    report = session.get(ProgressReport, row.progress_id) if row else None
    if row is None or report is None:
        raise HTTPException(404, "没有这个佐证材料")
    can_read_target(session, user, report.target_id)
    inline = row.kind in ("jpeg", "png", "pdf")
    disposition = f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(row.name)}"
    return Response(row.data, media_type=EVIDENCE_KINDS[row.kind],
                    headers={"Content-Disposition": disposition})  # fmt: skip
