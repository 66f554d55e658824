"""A unit's own page: its targets, what is due, the progress form, its Excel form."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import first_report_due, period_ends
from ...ingest.workbook import PROGRESS_FORM
from ...register.instructions import instructions_to_unit
from ...register.progress import record_progress
from ...register.progress_excel import SHEET, check_form, write_template
from ...register.review import MAX_EVIDENCE_BYTES, Evidence, attach, returned_to
from ...register.verdicts import spec_of
from ...store.models import Notice, Target, Unit
from ...store.repo import APPROVED, PENDING, add_progress_many
from ..auth import Viewer, can_report, csrf_protect, current_user, db_session
from ..cache import verdict_rows
from ..templating import page
from ..uploads import read_sheet_upload
from .common import as_of_date, plan_in_view

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit_of(session: Session, user: Viewer, unit_id: int | None) -> Unit:
    """Reporters see their own unit only; admins and viewers may look at any."""
    if user.is_reporter:
        if unit_id is not None and unit_id != user.unit_id:
            raise HTTPException(403, "只能查看本单位")
        unit_id = user.unit_id
    if unit_id is None:
        raise HTTPException(404, "请选择单位")
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise HTTPException(404, "没有这个单位")
    return unit


def next_due(t: Target, after: date) -> date | None:
    """The next period end a report is owed for (the office's deadline), after ``after``."""
    spec = spec_of(t)
    ends = [d for d in period_ends(t.start, t.due, spec.frequency) if d >= after]
    return ends[0] if ends else first_report_due(spec)


@router.get("/unit")
@router.get("/units/{unit_id}")
def unit_page(
    request: Request,
    unit_id: int | None = None,
    as_of: str | None = None,
    plan: int | None = None,
    flash: str | None = None,
    user: Viewer = Depends(current_user),
    session: Session = Depends(db_session),
) -> Response:
    unit = _unit_of(session, user, unit_id)
    when = as_of_date(request, as_of)
    p = plan_in_view(request, session, user, plan)
    rows = verdict_rows(session, p, when, unit=unit.name) if p else []
    targets = {t.id: t for t in session.scalars(select(Target).where(
        Target.id.in_([r.target_id for r in rows])))}  # fmt: skip
    due = {r.target_id: next_due(targets[r.target_id], when) for r in rows}
    notices = list(session.scalars(select(Notice).where(Notice.unit_id == unit.id,
                                                        Notice.read_at.is_(None))
                                   .order_by(Notice.created_at.desc()).limit(20)))  # fmt: skip
    returned = [r for r in returned_to(session, unit.id) if r.target_id in targets]
    return page(request, "unit.html", {"user": user, "unit": unit, "plan": p, "as_of": when,
                                       "rows": rows, "due": due, "notices": notices,
                                       "returned": returned, "targets": targets,
                                       "instructions": instructions_to_unit(session, unit.id),
                                       "flash": flash})  # fmt: skip


@router.post("/targets/{target_id}/progress", dependencies=[Depends(csrf_protect)])
def report_progress(
    request: Request,
    target_id: int,
    as_of: Annotated[str, Form(max_length=10)],
    value: Annotated[str, Form(max_length=40)] = "",
    done: Annotated[str, Form(max_length=3)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    action: Annotated[str, Form(max_length=2000)] = "",
    evidence: Annotated[list[UploadFile] | None, File()] = None,
    user: Viewer = Depends(current_user),
    session: Session = Depends(db_session),
) -> Response:
    t = can_report(session, user, target_id)
    files = [Evidence(f.filename or "", f.file.read(MAX_EVIDENCE_BYTES + 1))
             for f in evidence or [] if f.filename]  # fmt: skip
    try:
        when = date.fromisoformat(as_of)
    except ValueError:
        raise HTTPException(400, "截至日期格式应为 YYYY-MM-DD") from None
    number = None
    if t.value is not None:
        try:
            number = float(value.replace(",", "").strip())
        except ValueError:
            raise HTTPException(400, f"累计完成应为数字（单位：{t.unit}）:{value[:20]}") from None
    unit_name = user.unit_name if user.is_reporter else None
    report, verdict = record_progress(
        session, target_id, when, number, user.username, unit=unit_name,
        done=(done == "yes") if t.value is None else None, note=note.strip() or None,
        lag_reason=reason.strip() or None, corrective_action=action.strip() or None,
        review=PENDING if user.is_reporter else APPROVED,
    )  # fmt: skip
    attached = attach(session, report, files, user.username) if files else 0
    back = "/unit" if user.is_reporter else f"/targets/{target_id}"
    evidence_note = f"，附佐证材料 {attached} 个" if attached else ""
    if user.is_reporter:
        flash = f"已提交{evidence_note}，待督查室审核；按此数据状态为：{verdict.label}"
    else:
        flash = f"已提交{evidence_note}，当前状态：{verdict.label}"
    return RedirectResponse(f"{back}?flash={flash}", status_code=303)


@router.get("/unit/template.xlsx")
def template(
    request: Request,
    unit_id: int | None = None,
    as_of: str | None = None,
    plan: int | None = None,
    user: Viewer = Depends(current_user),
    session: Session = Depends(db_session),
) -> Response:
    unit = _unit_of(session, user, unit_id)
    when = as_of_date(request, as_of)
    p = plan_in_view(request, session, user, plan)
    if p is None:
        raise HTTPException(404, "还没有计划")
    buf = io.BytesIO()
    write_template(session, p, unit.name, when, buf)
    return StreamingResponse(
        iter([buf.getvalue()]),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="progress-{unit.id}-{when}.xlsx"'},
    )


@router.post("/unit/upload", dependencies=[Depends(csrf_protect)])
async def upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    user: Viewer = Depends(current_user),
    session: Session = Depends(db_session),
) -> Response:
    if not (user.is_admin or user.is_reporter):
        raise HTTPException(403, "查看账号不能填报")
    form = await read_sheet_upload(request, file, PROGRESS_FORM, sheet=SHEET)
    result = check_form(session, form)
    if user.is_reporter and result.unit and result.unit != user.unit_name:
        raise HTTPException(403, "这是其他单位的填报表")
    if not result.ok:
        problems = ";".join(str(p) for p in result.problems[:10])
        raise HTTPException(400, f"填报表有 {len(result.problems)} 处问题，未导入：{problems}")
    review = PENDING if user.is_reporter else APPROVED
    add_progress_many(session, [replace(r, review=review) for r in result.reports], user.username)
    return RedirectResponse(f"/unit?flash=已导入 {len(result.reports)} 条进度", status_code=303)
