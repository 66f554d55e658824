"""One target: its source sentence in context, progress against time, history, audit trail."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ...domain import Reading, assess, time_progress
from ...register.review import attachments_of, review_label
from ...register.status import reports_for_whole, spec_of
from ...register.targets import target_trail
from ...register.trail import trail_lines
from ...store.repo import current_reports
from ..auth import Viewer, can_read_target, current_user, db_session
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
    when = as_of_date(request, as_of)
    _, reports, events = target_trail(session, target_id)
    trail = trail_lines(session, events)
    lead = t.assignments[0].unit_id if t.assignments else None
    # the verdict uses the register's rules: approved figures only (the newest revision of
    # each), and the lead unit (or the office) reports for the whole
    counted = current_reports(session, [target_id], t.due)[target_id]
    current = reports_for_whole(counted, lead)
    spec = spec_of(t)
    verdict = assess(spec, [Reading(r.as_of, r.value, r.done) for r in current if r.as_of <= when],
                     when)  # fmt: skip
    source = None
    if t.document is not None and t.source_start is not None and t.source_end is not None:
        text = t.document.text
        lo, hi = max(0, t.source_start - CONTEXT), min(len(text), t.source_end + CONTEXT)
        source = {"before": text[lo : t.source_start], "mark": text[t.source_start : t.source_end],
                  "after": text[t.source_end : hi], "doc": t.document.name,
                  "cut_before": lo > 0, "cut_after": hi < len(text)}  # fmt: skip
    chart = None
    if t.value is not None:
        days = [t.start + timedelta(days=d) for d in range(0, (t.due - t.start).days + 1, 7)]
        days.append(t.due)
        chart = {
            "unit": t.unit,
            "reported": [[r.as_of.isoformat(), r.value] for r in current if r.value is not None],
            "expected": [[d.isoformat(), round(time_progress(spec, d) * t.value, 4)]
                         for d in days] if t.measure == "level" else
                        [[t.start.isoformat(), t.value], [t.due.isoformat(), t.value]],
        }  # fmt: skip
    return page(request, "target.html", {
        "user": user, "t": t, "plan": t.plan, "as_of": when, "verdict": verdict, "reports": reports,
        "trail": trail, "flash": flash, "evidence": attachments_of(session, [r.id for r in reports]),
        "review_label": review_label, "source": source, "chart": chart,
        "units": [a.unit.name for a in t.assignments],
        "may_report": user.is_admin or (user.is_reporter and user.unit_id in
                                         {a.unit_id for a in t.assignments}),
    })  # fmt: skip
