"""The register (任务分解表): filter, search, sort, page through, export; admins edit inline."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import LAGGING, Verdict
from ...register.bulk import FREQUENCIES, BulkChange, bulk_assign
from ...register.excel import write_register
from ...register.export import to_row
from ...register.targets import edit_target
from ...register.tasktable.cells import split_units
from ...register.verdicts import VerdictRow
from ...store.models import Target, Unit
from ..auth import Viewer, csrf_protect, db_session, require_admin, require_staff
from ..cache import verdict_rows
from ..templating import page
from .common import as_of_date, plan_in_view

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
SORTS = {
    "seq": lambda r: (r.seq, r.target_id),
    "completion": lambda r: (r.judgement.completion is None, r.judgement.completion or 0),
    "gap": lambda r: (r.judgement.gap_pp is None, r.judgement.gap_pp or 0),
    "unit": lambda r: (r.lead_unit or "~", r.seq),
    "status": lambda r: (list(Verdict).index(r.judgement.verdict), r.seq),
}


@dataclass(frozen=True, slots=True)
class Filters:
    """The register's filters, shared by the page and its Excel export."""

    area: str = ""
    unit: str = ""
    status: str = ""
    q: str = ""
    sort: str = "seq"
    desc: bool = False

    def keep(self, r: VerdictRow) -> bool:
        if (self.area and r.area != self.area) or (self.unit and self.unit not in r.units):
            return False
        if self.status == "lagging" and r.judgement.verdict not in LAGGING:
            return False
        if self.status and self.status != "lagging" and r.judgement.verdict.value != self.status:
            return False
        q = self.q
        return not q or q in r.name or q in r.area or any(q in u for u in r.units)

    def apply(self, rows: list[VerdictRow]) -> list[VerdictRow]:
        kept = [r for r in rows if self.keep(r)]
        kept.sort(key=SORTS.get(self.sort, SORTS["seq"]), reverse=self.desc)
        return kept

    def query(self) -> str:
        """The filters as a query string (for the export link)."""
        return urlencode({k: v for k, v in asdict(self).items() if v and v != "seq"})

    def caption(self) -> str:
        """The filters in words, for the exported table's title."""
        status = {s.value: s.label for s in Verdict}.get(self.status, "")
        status = "滞后" if self.status == "lagging" else status
        parts = [self.area, self.unit, status, f"含「{self.q}」" if self.q else ""]
        return "、".join(p for p in parts if p)


def _filters(area: str | None, unit: str | None, status: str | None, q: str | None,
             sort: str = "seq", desc: bool = False) -> Filters:  # fmt: skip
    return Filters(area or "", unit or "", status or "", (q or "").strip(), sort, desc)


@router.get("/register")
def register_page(
    request: Request,
    plan: int | None = None,
    as_of: str | None = None,
    area: str | None = None,
    unit: str | None = None,
    status: str | None = None,
    q: str | None = None,
    sort: str = "seq",
    desc: bool = False,
    page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1,
    mine: bool = False,
    flash: str | None = None,
    user: Viewer = Depends(require_staff),
    session: Session = Depends(db_session),
) -> Response:
    when = as_of_date(request, as_of)
    p = plan_in_view(request, session, user, plan)
    if p is None:
        return RedirectResponse("/dashboard", status_code=303)
    f = _filters(area, unit, status, q, sort, desc)
    all_rows = verdict_rows(session, p, when)
    rows = f.apply(all_rows)
    overseen = _overseen(session, p.id, user)
    if mine:
        rows = [r for r in rows if r.target_id in overseen]
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page_no = min(max(1, page_no), pages)
    shown = rows[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    return page(request, "register.html", {
        "user": user, "plan": p, "as_of": when, "rows": shown, "count": len(rows),
        "page_no": page_no, "pages": pages, "areas": sorted({r.area for r in all_rows}),
        "units": sorted({u for r in all_rows for u in r.units}), "statuses": list(Verdict),
        "f": f, "export_query": f.query(), "frequencies": FREQUENCIES, "flash": flash,
        "mine": mine, "oversees": bool(overseen),
        "all_units": list(session.scalars(select(Unit.name).order_by(Unit.kind, Unit.id)))
        if user.is_admin else [],
    })  # fmt: skip


@router.get("/register.xlsx")
def register_xlsx(
    request: Request,
    plan: int | None = None,
    as_of: str | None = None,
    area: str | None = None,
    unit: str | None = None,
    status: str | None = None,
    q: str | None = None,
    sort: str = "seq",
    desc: bool = False,
    user: Viewer = Depends(require_staff),
    session: Session = Depends(db_session),
) -> Response:
    """The rows the page shows (same filters, same order), as the office's task table."""
    when = as_of_date(request, as_of)
    p = plan_in_view(request, session, user, plan)
    if p is None:
        raise HTTPException(404, "还没有计划")
    f = _filters(area, unit, status, q, sort, desc)
    rows = f.apply(verdict_rows(session, p, when))
    caption = f.caption()
    title = p.name if p.name.endswith(("表", "清单")) else f"{p.name}任务分解表"
    title += f"（{caption}）" if caption else ""
    targets = {t.id: t for t in p.targets}
    buf = io.BytesIO()
    write_register([to_row(r, targets.get(r.target_id)) for r in rows], buf, title=title,
                   as_of=when)  # fmt: skip
    name = f"register-{p.year}-{when.isoformat()}.xlsx"
    return StreamingResponse(
        iter([buf.getvalue()]),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _overseen(session: Session, plan_id: int, user: Viewer) -> set[int]:
    """The targets whose 牵头领导 is this user (by the name on the account): 我分管的."""
    names = {user.display_name, user.username} - {""}
    q = select(Target.id).where(Target.plan_id == plan_id, Target.lead_official.in_(names))
    return set(session.scalars(q))


def _local(back: str, default: str) -> str:
    return back if back.startswith("/") and not back.startswith("//") else default


@router.post("/register/bulk", dependencies=[Depends(csrf_protect)])
def bulk(
    ids: Annotated[list[int] | None, Form(max_length=1000)] = None,
    lead: Annotated[str, Form(max_length=100)] = "",
    cooperating: Annotated[str, Form(max_length=1000)] = "",
    due: Annotated[str, Form(max_length=10)] = "",
    frequency: Annotated[str, Form(max_length=10)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    """Set lead unit, cooperating units, deadline and frequency of the ticked targets at once."""
    try:
        deadline = date.fromisoformat(due) if due else None
    except ValueError:
        raise HTTPException(400, f"完成时限应为日期，如 2024-12-31：{due[:20]}") from None
    coop = tuple(split_units(cooperating)[1])
    change = BulkChange(lead.strip(), coop, deadline, frequency)
    done = bulk_assign(session, ids or [], change, user.username)
    dest = _local(back, "/register")
    sep = "&" if "?" in dest else "?"
    return RedirectResponse(f"{dest}{sep}flash=已设置 {len(done)} 项指标", status_code=303)


@router.post("/targets/{target_id}/edit", dependencies=[Depends(csrf_protect)])
def edit(
    request: Request,
    target_id: int,
    version: Annotated[int, Form()],
    value: Annotated[str, Form(max_length=40)] = "",
    name: Annotated[str, Form(max_length=500)] = "",
    units: Annotated[str, Form(max_length=500)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    """Inline edit from the register: value, name and units, against the version shown."""
    from ...register.assign import assign

    changes: dict[str, object] = {}
    if name.strip():
        changes["name"] = name.strip()
    if value.strip():
        try:
            changes["value"] = float(value.replace(",", ""))
        except ValueError:
            raise HTTPException(400, f"目标值应为数字：{value[:20]}") from None
    edit_target(session, target_id, version, user.username, changes=changes)
    if units.strip():
        names = split_units(units)[1]
        assign(session, target_id, names, user.username)
    dest = _local(back, f"/targets/{target_id}")
    return RedirectResponse(dest, status_code=303)
