"""The JSON API under ``/api`` (OpenAPI at ``/api/openapi.json``), for scripts and the pages' JS.

Authentication is ``api_user``: ``Authorization: Bearer <token>``, or the
browser's session plus an ``X-CSRF-Token`` header on writes. Reporters see and
report on their own unit's targets only; viewers read; admins do everything.
Each route reads its inputs, calls the register layer and shapes its answer;
the register's refusals come back as 400 (StoreError), 404 (NotFound) and 409
(ConflictError) through the app's handlers, each with a ``detail`` message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import LAGGING, Frequency, Judgement, Margins
from ..domain.states import TargetState
from ..register.overview import overview
from ..register.plans import PlanNotVisible, choose, plan_refs, visible
from ..register.progress import record_progress
from ..register.targets import edit_target, target_trail
from ..register.verdicts import VerdictRow, register_verdicts
from ..store.models import Plan, ProgressReport, Target, Unit
from ..store.repo import APPROVED, PENDING
from .auth import Viewer, api_user, can_read_target, can_report, db_session
from .schemas import (
    MAX_ID,
    AreaOut,
    AsOfQuery,
    AssessmentOut,
    Invalid,
    LaggingOut,
    MeOut,
    NoQuery,
    OverviewOut,
    PlanOut,
    PlanQuery,
    Problem,
    ProgressIn,
    ProgressOut,
    ReadingOut,
    ReportOut,
    RowOut,
    SourceOut,
    StatusOut,
    StatusQuery,
    TargetDetailOut,
    TargetOut,
    TargetPatch,
    UnitOut,
    UnitRankOut,
)

# Declares the bearer scheme in the OpenAPI document; ``api_user`` does the checking.
bearer = HTTPBearer(auto_error=False, description="an API token from `luoshi user token`")
# operationId = the route's name (getting "status", not "status_api_status_get", in clients)
router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(bearer)],
                   generate_unique_id_function=lambda route: route.name)  # fmt: skip

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Refused by the register's rules"},
    401: {"model": Problem, "description": "No valid token or session"},
    403: {"model": Problem, "description": "Not allowed for this user (or a missing CSRF header)"},
    404: {"model": Problem, "description": "No such plan or target"},
    409: {"model": Problem, "description": "Changed by someone else since it was read"},
    422: {"model": Invalid, "description": "Malformed or out-of-range input"},
}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: _ERRORS[c] for c in (401, 422, *codes)}


TargetId = Annotated[int, Path(ge=1, le=MAX_ID)]
NoParams = Annotated[NoQuery, Query()]


User = Annotated[Viewer, Depends(api_user)]
Db = Annotated[Session, Depends(db_session)]


def staff(user: User) -> Viewer:
    """Admins and viewers see the whole register; reporters only their unit."""
    if user.is_reporter:
        raise HTTPException(403, "填报员只能查看本单位的指标")
    return user


def admin(user: User) -> Viewer:
    if not user.is_admin:
        raise HTTPException(403, "只有督查室管理员可以执行此操作")
    return user


Staff = Annotated[Viewer, Depends(staff)]
Admin = Annotated[Viewer, Depends(admin)]


def _plan(request: Request, session: Session, user: Viewer, plan_id: int | None) -> Plan:
    """The plan asked for, else the plan of record; drafts only for the office."""
    year = request.app.state.settings.today().year
    try:
        chosen = choose(plan_refs(session), asked=plan_id, remembered=None,
                        office=user.is_admin, year=year)  # fmt: skip
    except PlanNotVisible as e:
        raise HTTPException(404, str(e)) from None
    found = session.get(Plan, chosen.id) if chosen else None
    if found is None:
        raise HTTPException(404, "还没有计划")
    return found


def _day(request: Request, as_of: date | None) -> date:
    if as_of is not None:
        return as_of
    today: date = request.app.state.settings.today()
    return today


def _target_counts(session: Session) -> dict[int, int]:
    q = select(Target.plan_id, func.count()).where(Target.status != TargetState.DROPPED.value)
    return {plan_id: n for plan_id, n in session.execute(q.group_by(Target.plan_id))}


def _plan_out(plan: Plan, targets: int) -> PlanOut:
    return PlanOut(id=plan.id, year=plan.year, name=plan.name, status=plan.status, targets=targets)


def _plan_of(session: Session, plan: Plan) -> PlanOut:
    return _plan_out(plan, _target_counts(session).get(plan.id, 0))


def _assessment(a: Judgement) -> AssessmentOut:
    return AssessmentOut(status=a.verdict, status_label=a.verdict.label, light=a.light,
                         completion=a.completion, time_progress=a.time_progress, gap_pp=a.gap_pp,
                         projection=a.projection, reason=a.reason)  # fmt: skip


def _row(r: VerdictRow) -> RowOut:
    a = r.judgement
    latest = a.latest
    return RowOut(
        target_id=r.target_id, seq=r.seq, area=r.area, name=r.name, value=r.value, unit=r.unit,
        comparator=r.comparator, due=r.due, frequency=Frequency(r.frequency), version=r.version,
        lead_unit=r.lead_unit, units=list(r.units), completion=a.completion,
        time_progress=a.time_progress, gap_pp=a.gap_pp, projection=a.projection,
        status=a.verdict, status_label=a.verdict.label, light=a.light, reason=a.reason,
        latest=ReadingOut(as_of=latest.as_of, value=latest.value, done=latest.done)
        if latest else None,
    )  # fmt: skip


def _target(t: Target) -> dict[str, Any]:
    units = [a.unit.name for a in t.assignments]
    return dict(
        id=t.id, plan_id=t.plan_id, parent_id=t.parent_id, seq=t.seq, area=t.area, name=t.name,
        value=t.value, unit=t.unit, comparator=t.comparator, measure=t.measure, start=t.start,
        due=t.due, frequency=t.frequency, weight=t.weight, lead_official=t.lead_official,
        state=t.status, version=t.version, lead_unit=units[0] if units else None, units=units,
    )  # fmt: skip


def _reports(session: Session, reports: list[ProgressReport]) -> list[ReportOut]:
    unit_ids = {r.unit_id for r in reports if r.unit_id is not None}
    q = select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids))
    names = {uid: name for uid, name in session.execute(q)}
    corrected = {r.supersedes_id for r in reports}
    return [_report(r, names.get(r.unit_id or 0), r.id not in corrected) for r in reports]


def _report(r: ProgressReport, unit: str | None, current: bool) -> ReportOut:
    return ReportOut(
        id=r.id, as_of=r.as_of, value=r.value, done=r.done, unit=unit, note=r.note,
        lag_reason=r.lag_reason, corrective_action=r.corrective_action, revision=r.revision,
        supersedes_id=r.supersedes_id, current=current, reported_by=r.reported_by,
        reported_at=_utc(r.reported_at),
    )  # fmt: skip


def _utc(at: datetime | None) -> datetime | None:
    """SQLite hands back its UTC timestamps without a zone; say which they are."""
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


# --- routes ----------------------------------------------------------------------------------


@router.get("/me", response_model=MeOut, summary="Who this token or session is",
            responses=_errors())  # fmt: skip
def me(user: User, _: NoParams) -> MeOut:
    return MeOut(id=user.id, username=user.username, display_name=user.display_name,
                 role=user.role, unit_id=user.unit_id, unit=user.unit_name)  # fmt: skip


@router.get("/plans", response_model=list[PlanOut], summary="Plans, newest first",
            responses=_errors())  # fmt: skip
def plans(user: User, session: Db, _: NoParams) -> list[PlanOut]:
    counts = _target_counts(session)
    q = select(Plan).order_by(Plan.year.desc(), Plan.id.desc())
    return [_plan_out(p, counts.get(p.id, 0)) for p in session.scalars(q)
            if visible(p.status, user.is_admin)]  # fmt: skip


@router.get("/status", response_model=StatusOut, summary="The register judged at a date",
            responses=_errors(403, 404))  # fmt: skip
def status(request: Request, user: User, session: Db,
           q: Annotated[StatusQuery, Query()]) -> StatusOut:  # fmt: skip
    """Every target with completion, 序时进度, gap, status and light; reporters get their unit's."""
    unit = q.unit
    if user.is_reporter:
        if user.unit_name is None:
            raise HTTPException(403, "这个填报账号没有所属单位")
        unit = user.unit_name
    p = _plan(request, session, user, q.plan)
    when = _day(request, q.as_of)
    rows = register_verdicts(session, p, when, unit=unit or None, area=q.area or None)
    if q.lagging:
        rows = [r for r in rows if r.judgement.verdict in LAGGING]
    return StatusOut(plan=_plan_of(session, p), as_of=when, count=len(rows),
                     rows=[_row(r) for r in rows])  # fmt: skip


@router.get("/overview", response_model=OverviewOut, summary="Counts, areas and unit ranking",
            responses=_errors(403, 404), name="overview")  # fmt: skip
def overview_route(request: Request, user: Staff, session: Db,
              q: Annotated[PlanQuery, Query()]) -> OverviewOut:  # fmt: skip
    """The dashboard's figures: targets by status, areas against 序时进度, lead units ranked."""
    p = _plan(request, session, user, q.plan)
    when = _day(request, q.as_of)
    ov = overview(register_verdicts(session, p, when))
    return OverviewOut(
        plan=_plan_of(session, p), as_of=when, total=ov.total, on_track_share=ov.on_track_share,
        by_status={s.value: n for s, n in ov.by_status.items()},
        areas=[AreaOut(area=a.area, targets=a.targets, completion=a.completion,
                       time_progress=a.time_progress, lagging=a.lagging) for a in ov.areas],
        units=[UnitRankOut(rank=i, unit=u.unit, led=u.led, completion=u.completion,
                           gap_pp=u.gap_pp, lagging=u.lagging, not_reported=u.not_reported)
               for i, u in enumerate(ov.units, start=1)],
        lagging=[LaggingOut(target_id=r.target_id, name=r.name, lead_unit=r.lead_unit,
                            status=r.judgement.verdict, gap_pp=r.judgement.gap_pp,
                            reason=r.judgement.reason) for r in ov.lagging],
        not_reported={u: [r.target_id for r in rs] for u, rs in ov.not_reported.items()},
    )  # fmt: skip


@router.get("/units", response_model=list[UnitOut], summary="Units (departments and places)",
            responses=_errors(403))  # fmt: skip
def units(user: Staff, session: Db, _: NoParams) -> list[UnitOut]:
    q = select(Unit).order_by(Unit.kind, Unit.name)
    return [UnitOut(id=u.id, name=u.name, kind=u.kind, code=u.code, parent_id=u.parent_id)
            for u in session.scalars(q)]  # fmt: skip


@router.get("/targets/{target_id}", response_model=TargetDetailOut,
            summary="One target: source, verdict, report history",
            responses=_errors(403, 404))  # fmt: skip
def target(request: Request, target_id: TargetId, user: User, session: Db,
           q: Annotated[AsOfQuery, Query()]) -> TargetDetailOut:  # fmt: skip
    """The target as the register holds it, judged at ``as_of``, with every report made on it."""
    t = can_read_target(session, user, target_id)
    when = _day(request, q.as_of)
    _, reports, _events = target_trail(session, target_id)
    rows = register_verdicts(session, t.plan, when, area=t.area or None)
    row = next((r for r in rows if r.target_id == t.id), None)
    source = None
    if t.source_sentence or t.source_text or t.document is not None:
        source = SourceOut(document=t.document.name if t.document else None, text=t.source_text,
                           sentence=t.source_sentence, start=t.source_start,
                           end=t.source_end)  # fmt: skip
    return TargetDetailOut(
        **_target(t), as_of=when, assessment=_assessment(row.judgement) if row else None,
        source=source, reports=_reports(session, reports),
    )  # fmt: skip


@router.post("/targets/{target_id}/progress", response_model=ProgressOut, status_code=201,
             summary="Report progress on a target",
             responses=_errors(400, 403, 404, 409), name="report_progress")  # fmt: skip
def report(target_id: TargetId, body: ProgressIn, user: User, session: Db,
           _: NoParams) -> ProgressOut:  # fmt: skip
    """Append a report (a second one for the same date corrects the first).

    Reporters report for their unit on its own targets, admins for the office;
    viewers cannot. A report that leaves the target lagging needs
    ``lag_reason`` and ``corrective_action``, else 400.
    """
    can_report(session, user, target_id)
    row, verdict = record_progress(
        session, target_id, body.as_of, body.value, user.username,
        unit=user.unit_name if user.is_reporter else None, done=body.done,
        note=body.note or None, lag_reason=body.lag_reason or None,
        corrective_action=body.corrective_action or None,
        review=PENDING if user.is_reporter else APPROVED,
    )  # fmt: skip
    return ProgressOut(report_id=row.id, target_id=target_id, as_of=row.as_of,
                       revision=row.revision, status=verdict, status_label=verdict.label,
                       light=Margins().light(verdict))  # fmt: skip


@router.patch("/targets/{target_id}", response_model=TargetOut, summary="Edit a target (admins)",
              responses=_errors(400, 403, 404, 409), name="edit_target")  # fmt: skip
def edit(target_id: TargetId, body: TargetPatch, user: Admin, session: Db,
         _: NoParams) -> TargetOut:  # fmt: skip
    """Change value, name or frequency of the version the client saw; a newer version is 409."""
    t = edit_target(session, target_id, body.version, user.username, changes=body.changes())
    return TargetOut(**_target(t))


HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})


def _refuse(allow: str) -> Callable[[], None]:
    def method_not_allowed() -> None:
        raise HTTPException(405, "Method Not Allowed", headers={"Allow": allow})

    return method_not_allowed


def _answer_405_with_every_method() -> None:
    """Starlette's 405 names only the first route's method; a path with two (GET and PATCH on
    /api/targets/{id}) gets a hidden route for the other methods that names both in ``Allow``."""
    methods: dict[str, set[str]] = {}
    for r in router.routes:
        if isinstance(r, APIRoute):
            methods.setdefault(r.path, set()).update(r.methods or ())
    for path, allowed in methods.items():
        if len(allowed) > 1:
            refuse = _refuse(", ".join(sorted(allowed)))
            others = sorted(HTTP_METHODS - allowed)
            router.add_api_route(path.removeprefix(router.prefix), refuse, methods=others,
                                 include_in_schema=False)  # fmt: skip


_answer_405_with_every_method()
