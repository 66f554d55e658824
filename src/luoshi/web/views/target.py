"""One target: its source sentence in context, progress against time, history, audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import Reading, expected_line, judge
from ...register.instructions import instructions_for
from ...register.review import attachments_of, review_label
from ...register.split import rolled_series, shares_of, split_target
from ...register.targets import target_trail
from ...register.trail import trail_lines
from ...register.verdicts import reports_for_whole, spec_of
from ...store.models import Target, Unit
from ...store.repo import StoreError, current_reports, report_history
from ..auth import Viewer, can_read_target, csrf_protect, current_user, db_session, require_admin
from ..templating import page
from .common import as_of_date

router = APIRouter(include_in_schema=False)
CONTEXT = 240  # characters of the document shown around the source


@router.get("/targets/{target_id}")
def target_page(
    request: Request,
    target_id: int,
    as_of: str | None = None,
    flash: str | None = None,
    user: Viewer = Depends(current_user),
    session: Session = Depends(db_session),
) -> Response:
    t = can_read_target(session, user, target_id)
    return _render(request, session, user, t, as_of_date(request, as_of), {"flash": flash})


@router.post("/targets/{target_id}/split", dependencies=[Depends(csrf_protect)])
async def split(
    request: Request,
    target_id: int,
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    """The office splits a target into units' shares (分解); all or nothing."""
    t = can_read_target(session, user, target_id)
    form = await request.form()
    rows = list(zip(form.getlist("unit"), form.getlist("share"), strict=False))
    typed = [(str(u).strip(), str(v).strip()) for u, v in rows]
    shares, problems = _read_shares(typed)
    if not problems:
        try:
            split_target(session, target_id, shares, user.username)
        except StoreError as e:
            problems = [str(e)]
    if problems:
        when = as_of_date(request, None)
        return _render(request, session, user, t, when, {
            "flash": "未分解：" + "；".join(problems), "flash_kind": "error", "split_typed": typed,
        }, status=400)  # fmt: skip
    return RedirectResponse(f"/targets/{target_id}?flash=已分解到{len(shares)}个单位#shares",
                            status_code=303)  # fmt: skip


def _read_shares(typed: list[tuple[str, str]]) -> tuple[dict[str, float], list[str]]:
    """The form's rows as unit → share; rows left blank are skipped, half-filled ones refused."""
    shares: dict[str, float] = {}
    problems = []
    for i, (unit, text) in enumerate(typed, start=1):
        if not unit and not text:
            continue
        if not unit or not text:
            problems.append(f"第{i}行：请同时选择单位并填写分解数")
            continue
        try:
            value = float(text.replace(",", "").replace("，", ""))
        except ValueError:
            problems.append(f"第{i}行（{unit}）：分解数“{text}”不是数字")
            continue
        if unit in shares:
            problems.append(f"第{i}行：{unit}重复填写")
            continue
        shares[unit] = value
    if not shares and not problems:
        problems.append("请至少为一个单位填写分解数")
    return shares, problems


def _render(request: Request, session: Session, user: Viewer, t: Target, when: date,
            extra: dict[str, Any], status: int = 200) -> Response:  # fmt: skip
    target_id = t.id
    _, reports, events = target_trail(session, target_id)
    trail = trail_lines(session, events)
    lead = t.assignments[0].unit_id if t.assignments else None
    spec = spec_of(t)
    # a split target is the sum of its units' shares: each share is judged on its own page,
    # the whole on the roll-up of their approved figures
    kids = shares_of(session, target_id)
    kid_reports = current_reports(session, [k.id for k in kids], t.due) if kids else {}
    unit_series, series = [], []
    for k in kids:
        own = [Reading(r.as_of, r.value, r.done) for r in kid_reports.get(k.id, [])
               if r.as_of <= when]  # fmt: skip
        series.append(own)
        unit_series.append({"target": k, "readings": own, "judgement": judge(spec_of(k), own, when),
                            "unit": k.assignments[0].unit.name if k.assignments else ""})  # fmt: skip
    if kids:
        readings = rolled_series(series)
        reports = sorted([*reports, *(r for k in kids for r in report_history(session, k.id))],
                         key=lambda r: (r.as_of, r.id))  # fmt: skip
    else:
        # the verdict uses the register's rules: approved figures only (the newest revision of
        # each), and the lead unit (or the office) reports for the whole
        counted = current_reports(session, [target_id], t.due)[target_id]
        readings = [Reading(r.as_of, r.value, r.done) for r in reports_for_whole(counted, lead)]
    judgement = judge(spec, [r for r in readings if r.as_of <= when], when)
    unit_ids = {r.unit_id for r in reports if r.unit_id is not None}
    unit_names: dict[int, str] = {}
    if unit_ids:
        q = select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids))
        unit_names = {uid: name for uid, name in session.execute(q)}
    # who each figure is for: the reporting unit, else the unit whose share it is, else the office
    share_unit = {k.id: (k.assignments[0].unit.name if k.assignments else "") for k in kids}
    report_unit = {r.id: unit_names.get(r.unit_id) or share_unit.get(r.target_id) or "督查室"
                   for r in reports}  # fmt: skip
    may_split = (user.is_admin and not kids and t.parent_id is None and t.value is not None
                 and t.measure == "level")  # fmt: skip
    source = None
    if t.document is not None and t.source_start is not None and t.source_end is not None:
        text = t.document.text
        lo, hi = max(0, t.source_start - CONTEXT), min(len(text), t.source_end + CONTEXT)
        source = {"before": text[lo : t.source_start], "mark": text[t.source_start : t.source_end],
                  "after": text[t.source_end : hi], "doc": t.document.name,
                  "cut_before": lo > 0, "cut_after": hi < len(text)}  # fmt: skip
    chart = None
    if t.value is not None:
        chart = {
            "unit": t.unit,
            "reported": [[r.as_of.isoformat(), r.value] for r in readings if r.value is not None],
            "expected": [[d.isoformat(), round(v, 4)] for d, v in expected_line(spec)],
        }  # fmt: skip
    return page(request, "target.html", {
        "user": user, "t": t, "plan": t.plan, "as_of": when, "judgement": judgement, "reports": reports,
        "trail": trail, "report_unit": report_unit, "unit_series": unit_series,
        "parent": session.get(Target, t.parent_id) if t.parent_id else None,
        "may_split": may_split, "split_typed": [],
        "all_units": list(session.scalars(select(Unit.name).order_by(Unit.id))) if may_split else [],
        **extra,
        "instructions": instructions_for(session, [target_id]), "evidence": attachments_of(session, [r.id for r in reports]),
        "review_label": review_label, "source": source, "chart": chart,
        "units": [a.unit.name for a in t.assignments],
        # a split target is reported through its shares, each on its own page
        "may_report": not kids and (user.is_admin or (user.is_reporter and user.unit_id in
                                                      {a.unit_id for a in t.assignments})),
    }, status=status)  # fmt: skip
