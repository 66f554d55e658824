"""Year-end reconciliation (年终核对): a review's results matched to a plan's targets.

The proposals travel to the accept step in a signed token (see ``plans.sign``), so what is
recorded is exactly what was shown: the form only says which of them to keep.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from ...domain import KIND_LABELS
from ...domain.states import TargetState
from ...extract import Mention, extract
from ...register.reconcile import Match, accept, propose
from ...store.models import Plan, Target
from ..auth import Viewer, csrf_protect, db_session, require_admin
from ..templating import amount, page, target_value
from .plans import DocumentError, read_posted_document, sign, small_int, unsign

router = APIRouter(include_in_schema=False)
PURPOSE = "reconcile"
SESSION_DONE = "reconciled"  # the count to show after the redirect


def _plans(session: Session) -> list[Plan]:
    return list(session.scalars(select(Plan).order_by(Plan.year.desc(), Plan.id.desc())))


def _targets(session: Session, plan: Plan) -> list[Target]:
    q = select(Target).where(Target.plan_id == plan.id, Target.status != TargetState.DROPPED.value)
    return list(session.scalars(q.order_by(Target.seq, Target.id)))


def _form_page(
    request: Request, user: Viewer, session: Session, *, status: int = 200, **context: Any
) -> Response:
    values = {"user": user, "plans": _plans(session), "chosen": None, "error": None,
              "done": None, "matches": None, **context}  # fmt: skip
    return page(request, "reconcile.html", values, status=status)


def _split(sentence: str, needle: str) -> tuple[str, str, str]:
    """The sentence around its first ``needle``, for marking the value read from it."""
    i = sentence.find(needle) if needle else -1
    if i < 0:
        return sentence, "", ""
    return sentence[:i], needle, sentence[i + len(needle) :]


def _shown(i: int, m: Match, target: Target) -> dict[str, Any]:
    r = m.result
    return {
        "i": i, "target_id": m.target_id, "name": m.target_name,
        "target": target_value(m.target_value, m.unit, target.comparator),
        "result": amount(r.value, r.unit), "kind": r.kind, "kind_label": KIND_LABELS[r.kind],
        "indicator": r.indicator, "score": m.score,
        "plan_sentence": _split(m.target_sentence, target.source_text or ""),
        "review_sentence": _split(r.sentence, r.text),
    }  # fmt: skip


@router.get("/reconcile")
def reconcile_form(
    request: Request,
    plan: int | None = None,
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    done = request.session.pop(SESSION_DONE, None)
    return _form_page(request, user, session, chosen=plan, done=done)


@router.post("/reconcile", dependencies=[Depends(csrf_protect)])
async def reconcile_propose(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str, Form()] = "",
    plan: Annotated[str, Form()] = "",
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    plan_id = small_int(plan)
    p = session.get(Plan, plan_id) if plan_id is not None else None
    if p is None:
        return _form_page(request, user, session, status=400, error="请选择要核对的计划")
    try:
        doc = await read_posted_document(request, file, text)
    except DocumentError as e:
        return _form_page(request, user, session, status=e.status, error=str(e), chosen=p.id)
    results = await run_in_threadpool(extract, doc.text, None, doc.name)
    targets = {t.id: t for t in _targets(session, p)}
    matches = propose(list(targets.values()), results, p.year)
    if not matches:
        return _form_page(request, user, session, status=422, chosen=p.id,
                          error=f"「{doc.name}」中没有与「{p.name}」的指标对得上的 {p.year} 年结果")  # fmt: skip
    token = sign(request, PURPOSE, user, {
        "plan": p.id, "doc": doc.name,
        "matches": [[m.target_id, m.score, m.result.to_dict()] for m in matches],
    })  # fmt: skip
    shown = [_shown(i, m, targets[m.target_id]) for i, m in enumerate(matches)]
    return _form_page(request, user, session, chosen=p.id, plan=p, doc=doc, matches=shown,
                      token=token, results=len(results))  # fmt: skip


def _match(target: Target, score: float, result: dict[str, Any]) -> Match:
    mention = Mention(**{**result, "value": float(result["value"])})
    return Match(target.id, target.name, target.source_sentence or "", target.value, target.unit,
                 mention, score)  # fmt: skip


@router.post("/reconcile/accept", dependencies=[Depends(csrf_protect)])
def reconcile_accept(
    request: Request,
    token: Annotated[str, Form()],
    pick: Annotated[list[str] | None, Form()] = None,
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    payload = unsign(request, PURPOSE, user, token)
    plan = session.get(Plan, int(payload["plan"]))
    if plan is None:
        raise HTTPException(404, "这个计划已不存在")
    proposals: list[Any] = payload["matches"]
    picked = (small_int(i, 6) for i in pick or [])
    chosen = sorted({i for i in picked if i is not None and i < len(proposals)})
    if not chosen:
        return _form_page(request, user, session, status=400, chosen=plan.id,
                          error="没有勾选任何结果，未记录")  # fmt: skip
    targets = {t.id: t for t in _targets(session, plan)}
    matches = [_match(targets[tid], score, result)
               for tid, score, result in (proposals[i] for i in chosen) if tid in targets]  # fmt: skip
    n = accept(session, matches, str(payload["doc"]), user.username)
    request.session[SESSION_DONE] = {"n": n, "plan": plan.id, "name": plan.name}
    return RedirectResponse(f"/reconcile?plan={plan.id}", status_code=303)
