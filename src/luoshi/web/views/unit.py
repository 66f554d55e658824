"""A unit's own page: its targets, what is due, the progress form, its Excel form."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import first_report_due, period_ends
from ...ingest.workbook import PROGRESS_FORM
from ...register.instructions import instructions_to_unit
from ...register.progress import (
    NeedsConfirmation,
    ReportCheck,
    ReportRefused,
    check_report,
    record_progress,
)
from ...register.progress_excel import (
    CONFIRM_LOWER,
    SHEET,
    check_form,
    problem_text,
    received_text,
    write_template,
)
from ...register.review import MAX_EVIDENCE_BYTES, Evidence, attach, evidence_problem, returned_to
from ...register.units import AmountError, read_amount
from ...register.verdicts import VerdictRow, spec_of
from ...store.models import Notice, Target, Unit
from ...store.repo import APPROVED, PENDING, add_progress_many
from ..auth import Viewer, can_report, csrf_protect, current_user, db_session
from ..cache import verdict_rows
from ..templating import page
from ..uploads import read_sheet_upload
from .common import as_of_date, plan_in_view
from .target import render_target

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
    return _unit_view(request, session, user, unit_id, as_of, plan, {"flash": flash})


def _unit_view(request: Request, session: Session, user: Viewer, unit_id: int | None,
               as_of: str | None, plan: int | None, extra: dict[str, object],
               status: int = 200) -> Response:  # fmt: skip
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
    notices = [n for n in notices if not _answered(n, rows)]
    returned = [r for r in returned_to(session, unit.id) if r.target_id in targets]
    return page(request, "unit.html", {"user": user, "unit": unit, "plan": p, "as_of": when,
                                       "rows": rows, "due": due, "notices": notices,
                                       "returned": returned, "targets": targets,
                                       "instructions": instructions_to_unit(session, unit.id),
                                       "confirm_label": CONFIRM_LOWER, **extra},
                status=status)  # fmt: skip


# the report form's fields, as the refusals name them
FIELD_LABELS = {"as_of": "截至日期", "value": "累计完成", "done": "是否完成", "reason": "滞后原因",
                "action": "整改措施", "evidence": "佐证材料"}  # fmt: skip


def _typed(t: Target, as_of: str, value: str, done: str) -> tuple[date, float | None, bool | None]:
    """The form's date and figure as the register takes them; ``ReportRefused`` names the field."""
    try:
        when = date.fromisoformat(as_of.strip())
    except ValueError:
        raise ReportRefused(f"「{as_of[:20]}」不是日期，请按年-月-日填写", "as_of") from None
    if t.value is None:
        return when, None, done == "yes"
    try:
        number = read_amount(value, t.unit)
    except AmountError as e:
        raise ReportRefused(f"{e}，请填写数字（单位：{t.unit or '无'}）", "value") from None
    return when, number, None


def _advice(check: ReportCheck, value: float | None) -> str:
    """What the form says before submitting: the verdict, and what the register will ask."""
    if check.last is not None and value is not None:
        return check.lower_message(value)
    if check.needs_reason:
        return check.reason_message()
    return f"按此数据，状态为{check.judgement.verdict.label}（{check.judgement.reason}）"


@router.get("/targets/{target_id}/progress/check")
def check_progress(
    target_id: int,
    as_of: Annotated[str, Query(max_length=10)] = "",
    value: Annotated[str, Query(max_length=40)] = "",
    done: Annotated[str, Query(max_length=3)] = "",
    user: Viewer = Depends(current_user),
    session: Session = Depends(db_session),
) -> Response:
    """The report form asks, while the unit types, what its figure would mean (JSON).

    The same ``check_report`` as on submit: whether it would lag 序时进度 (then 滞后原因 and
    整改措施 are required), and whether it falls below the unit's last cumulative figure.
    """
    t = can_report(session, user, target_id)
    try:
        when, number, flag = _typed(t, as_of, value, done)
        check = check_report(session, target_id, when, number, done=flag,
                             unit=user.unit_name if user.is_reporter else None)  # fmt: skip
    except ReportRefused as e:
        empty = e.field == "value" and not value.strip()
        return JSONResponse({"ok": False, "field": e.field, "message": "" if empty else
                             f"{FIELD_LABELS.get(e.field, '填报')}：{e}"})  # fmt: skip
    return JSONResponse({
        "ok": True, "status": check.judgement.verdict.value, "label": check.judgement.verdict.label,
        "lagging": check.lagging, "needs_reason": check.needs_reason,
        "confirm_lower": check.last is not None, "message": _advice(check, number),
    })  # fmt: skip


def _answered(n: Notice, rows: list[VerdictRow]) -> bool:
    """A reminder the unit has since answered with a report (approved or waiting for review)."""
    row = next((r for r in rows if r.target_id == n.target_id), None)
    if row is None or n.due is None:
        return False
    latest = row.judgement.latest
    days = [d for d in (row.awaiting, latest.as_of if latest else None) if d is not None]
    return bool(days) and max(days) >= n.due


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
    confirm_lower: Annotated[str, Form(max_length=3)] = "",
    evidence: Annotated[list[UploadFile] | None, File()] = None,
    user: Viewer = Depends(current_user),
    session: Session = Depends(db_session),
) -> Response:
    t = can_report(session, user, target_id)
    files = [Evidence(f.filename or "", f.file.read(MAX_EVIDENCE_BYTES + 1))
             for f in evidence or [] if f.filename]  # fmt: skip
    typed = {"as_of": as_of, "value": value, "done": done, "note": note, "reason": reason,
             "action": action, "confirm_lower": confirm_lower == "yes"}  # fmt: skip
    try:
        when, number, flag = _typed(t, as_of, value, done)
        problem = evidence_problem(files)
        if problem:
            raise ReportRefused(problem, "evidence")
        report, verdict = record_progress(
            session, target_id, when, number, user.username,
            unit=user.unit_name if user.is_reporter else None, done=flag,
            note=note.strip() or None, lag_reason=reason.strip() or None,
            corrective_action=action.strip() or None, confirm_lower=confirm_lower == "yes",
            review=PENDING if user.is_reporter else APPROVED,
        )  # fmt: skip
    except ReportRefused as e:
        # nothing was written: the page comes back with everything typed and what to fix
        label = FIELD_LABELS.get(e.field)
        message = f"未提交。{label}：{e}" if label else f"未提交。{e}"
        if files and e.field != "evidence":
            message += "。佐证材料请重新选择"
        typed |= {"error": message, "ask_confirm": isinstance(e, NeedsConfirmation)}
        return render_target(request, session, user, t, as_of_date(request, None), {
            "flash": message, "flash_kind": "error", "typed": typed, "error_field": e.field,
        }, status=400)  # fmt: skip
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
    confirm_lower: Annotated[str, Form(max_length=3)] = "",
    user: Viewer = Depends(current_user),
    session: Session = Depends(db_session),
) -> Response:
    if not (user.is_admin or user.is_reporter):
        raise HTTPException(403, "查看账号不能填报")
    form = await read_sheet_upload(request, file, PROGRESS_FORM, sheet=SHEET)
    result = check_form(session, form, confirm_lower=confirm_lower == "yes")
    if user.is_reporter and result.unit and result.unit != user.unit_name:
        raise HTTPException(403, "这是其他单位的填报表")
    if not result.ok:
        problems = "；".join(problem_text(p) for p in result.problems[:10])
        more = "；……" if len(result.problems) > 10 else ""
        flash = f"填报表有{len(result.problems)}处问题，未导入：{problems}{more}"
        if result.lower:
            flash += f"。如确认无误，请勾选“{CONFIRM_LOWER}”后重新上传"
        return _upload_refused(request, session, user, result.unit, flash, bool(result.lower))
    review = PENDING if user.is_reporter else APPROVED
    reports = [replace(r, review=review) for r in result.reports]
    added = add_progress_many(session, reports, user.username)
    flash = received_text(added, len(reports))
    if added and user.is_reporter:
        flash += "，待督查室审核"
    back = "/unit" if user.is_reporter else f"/units/{_unit_id(session, result.unit)}"
    return RedirectResponse(f"{back}?flash={flash}", status_code=303)


def _unit_id(session: Session, name: str) -> int | None:
    return session.scalar(select(Unit.id).where(Unit.name == name))


def _upload_refused(request: Request, session: Session, user: Viewer, unit_name: str,
                    flash: str, ask_confirm: bool) -> Response:  # fmt: skip
    """The unit page again with what is wrong in the form, nothing imported."""
    unit_id = None if user.is_reporter else _unit_id(session, unit_name)
    if unit_id is None and not user.is_reporter:
        raise HTTPException(400, flash)
    return _unit_view(request, session, user, unit_id, None, None, {
        "flash": flash, "flash_kind": "error", "ask_confirm": ask_confirm}, status=400)  # fmt: skip
