"""Import an office's own task table (任务分解表): upload, preview with the role of each
column, change a role, see the problems, confirm.

The preview and the confirm step run the same reader and the same import as
``luoshi import`` (``register.export.import_register``); the confirm form carries the
file in a signed, timed token, so nothing is kept on the server in between.
"""

from __future__ import annotations

import base64
import io
import zlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from ...register.excel import RegisterImport, read_register
from ...register.export import NeedYear, import_register
from ...store.models import Unit
from ..auth import Viewer, csrf_protect, db_session, require_admin
from ..templating import page

router = APIRouter(include_in_schema=False)

TOKEN_AGE_S = 6 * 3600
ROLE_LABELS: dict[str, str] = {
    "seq": "序号", "area": "领域/类别", "name": "任务内容", "content": "主要内容（保留）",
    "value": "目标值", "unit": "计量单位", "comparator": "比较", "measure": "指标类型",
    "weight": "分值", "lead_official": "牵头领导", "lead_unit": "牵头单位",
    "coop_units": "配合单位", "responsible": "责任单位（首个或带*者牵头）", "due": "完成时限",
    "frequency": "填报频次", "schedule": "进度安排（保留）", "latest": "最新进度",
    "completion": "完成率", "time_progress": "序时进度", "status": "状态", "note": "备注",
    "id": "编号(ID)", "other": "其他（原样保留）", "": "不导入",
}  # fmt: skip


def _serializer(request: Request) -> URLSafeTimedSerializer:
    secret: str = request.app.state.settings.secret_key
    return URLSafeTimedSerializer(secret, salt="luoshi.tasktable")


def _token(request: Request, user: Viewer, name: str, data: bytes) -> str:
    packed = base64.b64encode(zlib.compress(data)).decode()
    return str(_serializer(request).dumps({"uid": user.id, "name": name, "data": packed}))


def _untoken(request: Request, user: Viewer, token: str) -> tuple[str, bytes]:
    try:
        payload = _serializer(request).loads(token, max_age=TOKEN_AGE_S)
    except BadSignature:
        raise HTTPException(400, "导入页面已过期或被修改，请重新上传表格") from None
    if payload.get("uid") != user.id:
        raise HTTPException(400, "这份预览属于另一位用户，请重新上传表格")
    # the bytes were capped when uploaded and are signed: inflating them is bounded
    return str(payload["name"]), zlib.decompress(base64.b64decode(payload["data"]))


def _roles(form: dict[str, Any], result: RegisterImport) -> dict[str, dict[int, str]]:
    """The roles chosen in the preview: {sheet: {column: role}}."""
    out: dict[str, dict[int, str]] = {}
    for t, table in enumerate(result.tables):
        for c in range(len(table.roles)):
            chosen = form.get(f"role-{t}-{c}")
            if isinstance(chosen, str) and chosen in ROLE_LABELS:
                out.setdefault(table.sheet, {})[c] = chosen
    return out


def _page(request: Request, user: Viewer, status: int = 200, **context: Any) -> Response:
    values = {"user": user, "labels": ROLE_LABELS, "result": None, "error": None,
              "token": "", "year": "", "name": "", "summary": None,
              "max_mb": request.app.state.settings.upload_max_bytes >> 20, **context}  # fmt: skip
    return page(request, "tasktable_import.html", values, status=status)


def _year(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise HTTPException(400, f"计划年度应为 2000 到 2100 之间的年份，而不是「{raw[:10]}」")
    return int(raw)


def _preview(
    session: Session, data: bytes, name: str, year: int | None, roles: dict[str, dict[int, str]]
) -> RegisterImport:
    known = list(session.scalars(select(Unit.name)))
    return read_register(io.BytesIO(data), plan_year=year, name=name, known_units=known,
                         roles=roles)  # fmt: skip


@router.get("/import/table")
def table_form(request: Request, user: Viewer = Depends(require_admin)) -> Response:
    return _page(request, user)


@router.post("/import/table", dependencies=[Depends(csrf_protect)])
async def table_upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    year: Annotated[str, Form()] = "",
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    cap: int = request.app.state.settings.upload_max_bytes
    data = await file.read(cap + 1)
    if len(data) > cap:
        return _page(request, user, 413, error=f"文件超过 {cap >> 20} MB")
    name = (file.filename or "上传的表格").replace("\\", "/").rsplit("/", 1)[-1][:200]
    plan_year = _year(year)
    result = await run_in_threadpool(_preview, session, data, name, plan_year, {})
    if not result.tables:
        message = "；".join(p.message for p in result.problems) or "没有找到任务分解表"
        return _page(request, user, 422, error=f"「{name}」:{message}")
    return _page(request, user, result=result, token=_token(request, user, name, data),
                 name=name, year=plan_year or result.year or "")  # fmt: skip


async def large_form(request: Request) -> None:
    """Parse the confirm form with room for the token (the whole table, signed)."""
    cap: int = request.app.state.settings.upload_max_bytes
    await request.form(max_part_size=cap * 2 + (1 << 20))


@router.post("/import/table/confirm", dependencies=[Depends(large_form), Depends(csrf_protect)])
async def table_confirm(
    request: Request,
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    form = dict((await request.form()).items())
    name, data = _untoken(request, user, str(form.get("token", "")))
    plan_year = _year(str(form.get("year", "")))
    first = await run_in_threadpool(_preview, session, data, name, plan_year, {})
    roles = _roles(form, first)
    token = str(form.get("token", ""))
    if form.get("action") == "preview":  # a role was changed: show the preview again
        result = await run_in_threadpool(_preview, session, data, name, plan_year, roles)
        return _page(request, user, result=result, token=token, name=name,
                     year=plan_year or result.year or "")  # fmt: skip
    try:
        imported = import_register(session, io.BytesIO(data), None, user.username,
                                   year=plan_year, name=name, roles=roles)  # fmt: skip
    except NeedYear:
        result = await run_in_threadpool(_preview, session, data, name, plan_year, roles)
        return _page(request, user, 422, result=result, token=token, name=name,
                     error="表格中没有年份，请填写计划年度后再确认")  # fmt: skip
    if not imported.saved:
        result = await run_in_threadpool(_preview, session, data, name, plan_year, roles)
        return _page(request, user, 422, result=result, token=token, name=name,
                     year=plan_year or "", error="没有可导入的任务")  # fmt: skip
    return _page(request, user, summary=imported, name=name)
