"""亩均评价 from the browser: upload the bureau files, review the join's problems, confirm.

The office or the 经信局 uploads the six files; the review page lists what blocks the
evaluation (one line per problem, with file, row and column), what to confirm (missing from
a file, duplicates, land of 0, outliers) and the name matches to tick. Confirming runs the
CLI's own path (``mujun.run``: the same reader, join, method and save) in the request's one
transaction, so an evaluation is saved whole or not at all. Between the two steps the files
travel in a signed, timed token: nothing is kept on the server.
"""

from __future__ import annotations

import base64
import tempfile
import zlib
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from ...ingest.workbook import OLE_MAGIC
from ...mujun.join import PENDING_MATCH, Joined
from ...mujun.method import MethodError, load_method, preset_names
from ...mujun.run import evaluate_and_save, join_paths, previous_averages
from ..auth import Viewer, csrf_protect, current_user, db_session
from ..templating import page
from ..uploads import kind_of, plain_name

router = APIRouter(include_in_schema=False)
FLASH = "mujun_flash"  # the upload's message, shown once on the class list

TOKEN_AGE_S = 6 * 3600
MAX_FILES = 12
SHOWN_PER_KIND = 200  # lines listed per kind of problem; the count is always given
_KINDS = {"xlsx": ".xlsx", "xls": ".xls", "txt": ".csv"}


def require_evaluator(user: Viewer = Depends(current_user)) -> Viewer:
    """The office (督查室) and the 经信局 run evaluations; leaders and reporters do not."""
    if not (user.is_admin or user.role == "mujun"):
        raise HTTPException(403, "只有督查室和经信局账号可以上传部门数据、进行亩均评价")
    return user


def _serializer(request: Request) -> URLSafeTimedSerializer:
    secret: str = request.app.state.settings.secret_key
    return URLSafeTimedSerializer(secret, salt="luoshi.mujun.upload")


def _token(
    request: Request, user: Viewer, form: dict[str, Any], files: list[tuple[str, bytes]]
) -> str:
    packed = [[n, base64.b64encode(zlib.compress(d)).decode()] for n, d in files]
    return str(_serializer(request).dumps({"uid": user.id, "form": form, "files": packed}))


def _untoken(
    request: Request, user: Viewer, token: str
) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
    try:
        payload = _serializer(request).loads(token, max_age=TOKEN_AGE_S)
    except BadSignature:
        raise HTTPException(400, "评价页面已过期或被修改，请重新上传部门数据") from None
    if payload.get("uid") != user.id:
        raise HTTPException(400, "这份核实清单属于另一位用户，请重新上传部门数据")
    # the bytes were capped when uploaded and are signed: inflating them is bounded
    files = [(str(n), zlib.decompress(base64.b64decode(d))) for n, d in payload["files"]]
    return dict(payload["form"]), files


def _page(request: Request, user: Viewer, status: int = 200, **context: Any) -> Response:
    values = {"user": user, "methods": [(n, load_method(n).name) for n in preset_names()],
              "form": {"year": "", "method": "huaian-2024"}, "error": None, "review": None,
              "max_mb": request.app.state.settings.upload_max_bytes >> 20, **context}  # fmt: skip
    return page(request, "mujun_upload.html", values, status=status)


def _year(raw: str) -> int:
    raw = raw.strip()
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise ValueError(f"评价年度应为 2000 到 2100 之间的年份，而不是「{raw[:10] or '空'}」")
    return int(raw)


def _joined(files: list[tuple[str, bytes]], accepted: set[tuple[str, int]]) -> Joined:
    """The CLI's join over the files written to a private folder under their own names."""
    with tempfile.TemporaryDirectory(prefix="luoshi-mujun-") as tmp:
        paths = []
        for name, data in files:
            path = Path(tmp) / name
            path.write_bytes(data)
            paths.append(path)
        return join_paths(paths, accepted=accepted)


def _review(joined: Joined) -> dict[str, Any]:
    """What the review page shows: blocking errors, name matches to tick, problems to confirm."""
    blocking = [str(p) for p in joined.errors if p.kind != PENDING_MATCH]
    warnings = [p for p in joined.problems if p.level == "warning"]
    counts = Counter(p.kind or "其他" for p in warnings)
    groups = [
        (kind, n, [str(p) for p in warnings if (p.kind or "其他") == kind][:SHOWN_PER_KIND])
        for kind, n in counts.most_common()
    ]
    matches = [
        {"i": i, "where": str(m.where), "name": m.name, "code": m.code}
        for i, m in enumerate(joined.matches)
    ]
    return {"blocking": blocking, "groups": groups, "matches": matches,
            "enterprises": len(joined.enterprises), "shown": SHOWN_PER_KIND}  # fmt: skip


@router.get("/mujun/upload")
def upload_form(request: Request, user: Viewer = Depends(require_evaluator)) -> Response:
    return _page(request, user)


async def _read_files(
    request: Request, uploads: list[UploadFile]
) -> tuple[list[tuple[str, bytes]], list[str]]:
    """Each upload's bytes under a unique safe name; one message per file that cannot be used."""
    cap: int = request.app.state.settings.upload_max_bytes
    files: list[tuple[str, bytes]] = []
    problems: list[str] = []
    taken: set[str] = set()
    for up in uploads:
        name = plain_name(up)
        data = await up.read(cap + 1)
        if not data:
            problems.append(f"《{name}》：文件是空的")
            continue
        if len(data) > cap:
            problems.append(f"《{name}》：文件超过 {cap >> 20} MB")
            continue
        kind = "xls" if data.startswith(OLE_MAGIC) else kind_of(data)
        if kind not in _KINDS:
            problems.append(
                f"《{name}》：不是 Excel（.xlsx、.xls）或 CSV 文件（按内容识别，不看扩展名）"
            )
            continue
        stem = Path(name).stem or "部门数据"
        suffix = Path(name).suffix.lower()
        if suffix not in (".xlsx", ".xlsm", ".xls", ".csv", ".txt"):
            suffix = _KINDS[kind]
        unique, n = f"{stem}{suffix}", 1
        while unique in taken:
            n += 1
            unique = f"{stem}（{n}）{suffix}"
        taken.add(unique)
        files.append((unique, data))
    return files, problems


async def large_form(request: Request) -> None:
    """Parse the forms with room for every file (uploaded, or carried in the token)."""
    cap: int = request.app.state.settings.upload_max_bytes
    await request.form(max_files=MAX_FILES + 1, max_part_size=2 * MAX_FILES * cap + (1 << 20))


@router.post("/mujun/upload", dependencies=[Depends(large_form), Depends(csrf_protect)])
async def upload(
    request: Request,
    files: Annotated[list[UploadFile], File()],
    year: Annotated[str, Form(max_length=10)] = "",
    method: Annotated[str, Form(max_length=60)] = "huaian-2024",
    user: Viewer = Depends(require_evaluator),
) -> Response:
    form = {"year": year, "method": method}
    try:
        _year(year)
        load_method(method if method in preset_names() else "")
    except ValueError as e:
        return _page(request, user, 422, form=form, error=str(e))
    except MethodError:
        return _page(request, user, 422, form=form, error="请选择评价办法")
    if len(files) > MAX_FILES:
        return _page(request, user, 422, form=form, error=f"一次最多上传 {MAX_FILES} 个文件")
    read, problems = await _read_files(request, files)
    if problems or not read:
        return _page(request, user, 422, form=form,
                     error="；".join(problems) or "请选择各部门的数据文件")  # fmt: skip
    joined = await run_in_threadpool(_joined, read, set())
    return _page(request, user, form=form, review=_review(joined), files=[n for n, _ in read],
                 token=_token(request, user, form, read))  # fmt: skip


@router.post("/mujun/upload/confirm", dependencies=[Depends(large_form), Depends(csrf_protect)])
async def confirm(
    request: Request,
    user: Viewer = Depends(require_evaluator),
    session: Any = Depends(db_session),
) -> Response:
    posted = await request.form()
    token = str(posted.get("token", ""))
    form, files = _untoken(request, user, token)
    first = await run_in_threadpool(_joined, files, set())
    ticked = {str(v) for v in posted.getlist("match")}
    accepted = {m.key for i, m in enumerate(first.matches) if str(i) in ticked}
    joined = await run_in_threadpool(_joined, files, accepted) if accepted else first
    if not joined.ok:
        pending = sum(p.kind == PENDING_MATCH for p in joined.errors)
        why = (
            f"还有{pending}处名称匹配未确认，" if pending else ""
        ) + "评价未进行，没有保存任何内容"
        return _page(request, user, 422, form=form, review=_review(joined), token=token,
                     files=[n for n, _ in files], error=why)  # fmt: skip
    year = _year(str(form["year"]))
    method = load_method(str(form["method"]))

    def run() -> int:
        previous = previous_averages(session, method, year - 1)
        _, saved = evaluate_and_save(session, joined, method, year, previous, user.username)
        return int(saved.year)

    saved_year = await run_in_threadpool(run)
    request.session[FLASH] = f"已完成{saved_year}年度亩均评价：{len(joined.enterprises)}家企业"
    return RedirectResponse(f"/mujun?year={saved_year}", status_code=303)
