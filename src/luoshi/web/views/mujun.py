"""亩均评价 pages: the class list with filters and charts, an enterprise with its history, the export.

Tax and energy figures of named enterprises (and the line-by-line calculation, which shows
them) are for the 经信局 role only (``Viewer.sees_enterprise_figures``); the office and
leaders see classes, scores and ranks; a unit's reporter sees none of it. Every export is
written to the audit trail.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...mujun.explain import explain
from ...mujun.fields import land_area
from ...mujun.score import Evaluation
from ...mujun.storage import class_history, latest_evaluation, recompute
from ...store.models import AuditEvent, MujunEnterprise, MujunEvaluation, MujunResult
from ..auth import Viewer, db_session, require_mujun
from ..templating import page
from .mujun_upload import FLASH
from .mujun_upload import router as upload_router

router = APIRouter(include_in_schema=False)
router.include_router(upload_router)
PAGE_SIZE = 100
CLASSES = ("A", "B", "C", "D", "T")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_RECOMPUTED: dict[tuple[int, str], Evaluation] = {}  # (evaluation id, method digest) → result


def _evaluation(session: Session, year: int | None) -> MujunEvaluation:
    stored = latest_evaluation(session, year)
    if stored is None:
        raise HTTPException(404, f"还没有{year}年度的亩均评价" if year else "还没有保存的亩均评价")
    return stored


def _recomputed(session: Session, stored: MujunEvaluation) -> Evaluation:
    key = (stored.id, stored.method_digest)
    if key not in _RECOMPUTED:
        _RECOMPUTED.clear()  # one evaluation at a time is enough for the pages
        _RECOMPUTED[key] = recompute(session, stored.id)
    return _RECOMPUTED[key]


@router.get("/mujun")
def list_page(
    request: Request,
    year: int | None = None,
    town: str = "",
    industry: str = "",
    klass: str = "",
    page_no: int = 1,
    user: Viewer = Depends(require_mujun),
    session: Session = Depends(db_session),
) -> Response:
    stored = _evaluation(session, year)
    rows = session.execute(
        select(MujunResult, MujunEnterprise)
        .join(MujunEnterprise, MujunResult.enterprise_id == MujunEnterprise.id)
        .where(MujunResult.evaluation_id == stored.id)
    ).all()
    towns = sorted({e.town for _, e in rows if e.town})
    industries = sorted({e.industry for _, e in rows if e.industry})
    by_town: dict[str, Counter[str]] = defaultdict(Counter)
    for r, e in rows:
        if r.klass:
            by_town[e.town][r.klass] += 1
    chosen = [
        (r, e) for r, e in rows
        if (not town or e.town == town) and (not industry or e.industry == industry)
        and (not klass or r.klass == klass)
    ]  # fmt: skip
    chosen.sort(key=lambda x: (x[0].klass == "", x[0].klass == "T", -x[0].score, x[1].code))
    scores = [r.score for r, _ in chosen if r.status == "rated"]
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    page_no = min(max(page_no, 1), pages)
    shown = chosen[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    lines = [_line(r, e, user) for r, e in shown]
    years = list(
        session.scalars(
            select(MujunEvaluation.year).distinct().order_by(MujunEvaluation.year.desc())
        )
    )
    charts = {
        "towns": towns,
        "classes": {k: [by_town[t][k] for t in towns] for k in CLASSES},
        "histogram": _histogram(scores),
    }
    return page(request, "mujun_list.html", {
        "user": user, "evaluation": stored, "years": years, "towns": towns,
        "industries": industries, "classes": CLASSES, "lines": lines, "count": len(chosen),
        "filters": {"town": town, "industry": industry, "klass": klass},
        "page_no": page_no, "pages": pages, "charts": charts,
        "counts": Counter(r.klass for r, _ in chosen if r.klass),
        "flash": request.session.pop(FLASH, None), "evaluator": user.is_admin or user.role == "mujun",
    })  # fmt: skip


def _line(r: MujunResult, e: MujunEnterprise, user: Viewer) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": e.code, "name": e.name, "town": e.town, "industry": e.industry, "scale": e.scale,
        "score": r.score if r.status == "rated" else None, "rank": f"{r.rank}/{r.of}" if r.of else "",
        "klass": r.klass, "previous": r.previous_class, "reason": r.reason,
    }  # fmt: skip
    if user.sees_enterprise_figures:
        land = land_area(r.figures)
        tax = r.figures.get("tax")
        out["tax_per_mu"] = tax / land if isinstance(tax, int | float) and land else None
    return out


def _histogram(scores: list[float], bins: int = 20) -> dict[str, list[Any]]:
    if not scores:
        return {"labels": [], "counts": []}
    top = sorted(scores)[int(0.99 * (len(scores) - 1))] or 1.0
    width = top / bins
    counts = [0] * bins
    for s in scores:
        counts[min(int(s / width), bins - 1)] += 1
    return {
        "labels": [f"{i * width:.0f}–{(i + 1) * width:.0f}" for i in range(bins)],
        "counts": counts,
    }


@router.get("/mujun/enterprises/{code}")
def enterprise_page(
    request: Request,
    code: str,
    user: Viewer = Depends(require_mujun),
    session: Session = Depends(db_session),
) -> Response:
    e = session.scalar(select(MujunEnterprise).where(MujunEnterprise.code == code))
    if e is None:
        raise HTTPException(404, "没有这家企业的评价记录")
    history = class_history(session, code)
    stored = _evaluation(session, history[-1].year if history else None)
    ev = _recomputed(session, stored)
    result = ev.by_code().get(code)
    indicators = [] if result is None else [
        {"name": s.name, "unit": s.unit, "weight": s.weight, "points": s.points,
         "value": s.value if user.sees_enterprise_figures else None}
        for s in result.indicators
    ]  # fmt: skip
    lines = explain(ev, result) if result is not None and user.sees_enterprise_figures else []
    chart = {"years": [h.year for h in history], "scores": [round(h.score, 2) for h in history],
             "classes": [h.klass for h in history]}  # fmt: skip
    return page(request, "mujun_enterprise.html", {
        "user": user, "e": e, "history": history, "result": result, "indicators": indicators,
        "lines": lines, "evaluation": stored, "chart": chart,
    })  # fmt: skip


@router.get("/mujun/export.xlsx")
def export(
    year: int | None = None,
    user: Viewer = Depends(require_mujun),
    session: Session = Depends(db_session),
) -> Response:
    """The published workbook: tax and energy figures of every enterprise, so 经信局 only, audited."""
    from ...mujun.publish import write_results

    if not user.sees_enterprise_figures:
        raise HTTPException(403, "评价结果表含企业税收、能耗数据，仅经信局账号可以导出")
    stored = _evaluation(session, year)
    ev = _recomputed(session, stored)
    buf = io.BytesIO()
    write_results(ev, buf)
    session.add(AuditEvent(
        actor=user.username, action="export", entity="mujun_evaluation", entity_id=stored.id,
        after={"year": stored.year, "format": "xlsx", "enterprises": len(ev.results)},
    ))  # fmt: skip
    name = f"{stored.year}年度亩均评价结果.xlsx"
    from urllib.parse import quote

    return Response(buf.getvalue(), media_type=XLSX, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})  # fmt: skip
