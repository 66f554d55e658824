"""Error pages: in Chinese, with the user's navigation and a way back.

Every refusal a browser sees — from a view (403, 404, 409), from the door before the
body (401, 413) or from a crash (500, 503) — is rendered here, so they all look alike.
The API gets JSON with the same message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from .templating import page, templates

TITLES = {
    400: "请求有误", 401: "请先登录", 403: "没有权限", 404: "找不到页面", 405: "不支持此操作",
    409: "数据已被他人修改", 413: "提交的内容过大", 422: "提交的内容有误", 429: "操作过于频繁",
    500: "服务器出错", 503: "系统正忙",
}  # fmt: skip
# what a framework says in English when no view gave a message of its own
PLAIN = {
    400: "请求内容不完整或格式不对", 401: "请先登录", 403: "您没有权限访问这个页面",
    404: "没有这个页面，请检查地址是否正确", 405: "这个地址不支持此操作",
    413: "提交的内容过大，已拒绝", 422: "提交的内容有误", 429: "操作过于频繁，请稍后再试",
    500: "服务器内部错误，已记录；请稍后重试或联系管理员", 503: "系统正忙，请稍后再试",
}  # fmt: skip


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def plain_message(status: int, detail: Any) -> str:
    """A view's own (Chinese) message, or ours when the framework's English phrase came."""
    text = str(detail) if detail is not None else ""
    if not text or text.isascii():
        return PLAIN.get(status, TITLES.get(status, "出错了"))
    return text


def _viewer(request: Request) -> Any:
    """The logged-in user, for the navigation; none when the database cannot say."""
    from .auth import session_user, viewer_of

    if "session" not in request.scope:
        return None
    try:
        with request.app.state.db.transaction() as session:
            user = session_user(request, session)
            return viewer_of(user) if user is not None else None
    except Exception:  # an error page must render even when the database is the problem
        return None


def _back(request: Request) -> str | None:
    """Where the user came from on this site (path and query only), if not this very page."""
    ref = urlsplit(request.headers.get("referer", ""))
    if not ref.path or (ref.netloc and ref.netloc != request.url.netloc):
        return None
    back = ref.path + (f"?{ref.query}" if ref.query else "")
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return None if back == here or not back.startswith("/") else back


def _context(request: Request, status: int, message: str, user: Any) -> dict[str, Any]:
    return {"user": user, "plan_menu": None, "status": status, "message": message,
            "title": TITLES.get(status, "出错了"), "back": _back(request),
            "home": "/" if user is not None else "/login"}  # fmt: skip


async def error_response(request: Request, status: int, message: str,
                         headers: Mapping[str, str] | None = None) -> Response:  # fmt: skip
    """The error page (or the API's JSON) for ``status``."""
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=status, headers=dict(headers or {}))
    user = await run_in_threadpool(_viewer, request)
    response = page(request, "error.html", _context(request, status, message, user), status)
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


async def error_html(request: Request, status: int, message: str) -> bytes:
    """The error page as bytes, for middleware that answers before any route runs."""
    user = await run_in_threadpool(_viewer, request)
    context = {"request": request, **_context(request, status, message, user)}
    return templates.get_template("error.html").render(context).encode("utf-8")
