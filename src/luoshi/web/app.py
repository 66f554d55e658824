"""The web application: FastAPI with server-rendered pages and a JSON API.

``create_app(db, settings)`` wires the pieces; each page type has its own
module under ``views/``. Nothing is fetched from outside: ECharts and the
stylesheet are served from ``static/``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..settings import Settings
from ..store import Database
from ..store.db import is_busy
from ..store.repo import ConflictError, NotFound, StoreError
from .auth import LoginRequired, Throttle
from .client import SecureCookies
from .errors import error_response, is_api, plain_message
from .gate import BodyGate

HERE = Path(__file__).resolve().parent
BUSY_MESSAGE = "系统正忙（其他人正在保存），您的操作没有保存，请稍后再试一次"
RETRY_AFTER_S = 3
log = logging.getLogger("luoshi.web")

SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                 b"script-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                                 b"base-uri 'none'; object-src 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]  # fmt: skip


class SecurityHeaders:
    """Adds the security headers to every response (pages, API, static files)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                present = {k.lower() for k, _ in message["headers"]}
                message["headers"].extend(h for h in SECURITY_HEADERS if h[0] not in present)
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(db: Database, settings: Settings) -> FastAPI:
    app = FastAPI(
        title="luoshi 落实",
        version="0.3.0",
        description="JSON API of the luoshi register. Authenticate with `Authorization: Bearer "
        "<token>` (admins issue tokens on the users page or with `luoshi user token`).",
        # no Swagger UI: FastAPI's page loads its scripts from a CDN, which an intranet
        # cannot reach and the CSP forbids; the document itself is served
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.db = db
    app.state.settings = settings
    app.state.throttle = Throttle(settings.login_attempts, settings.login_window_s)
    app.add_middleware(BodyGate, db=db, settings=settings)  # inside: it reads the session
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="luoshi_session",
        max_age=settings.session_hours * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(SecureCookies, settings=settings)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    from .api import router as api_router
    from .views import (
        admin,
        dashboard,
        mujun,
        plan_list,
        plans,
        reconcile,
        register,
        reports,
        review,
        session,
        target,
        tasktable,
        unit,
    )

    for module in (
        session,
        dashboard,
        register,
        target,
        unit,
        plans,
        plan_list,
        reconcile,
        admin,
        reports,
        review,
        mujun,
    ):
        app.include_router(module.router)
    app.include_router(tasktable.router)
    app.include_router(api_router)
    _handlers(app)
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(StarletteHTTPException)  # ours and the router's own (404, 405)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=exc.headers)  # fmt: skip
        message = plain_message(exc.status_code, exc.detail)
        return await error_response(request, exc.status_code, message, exc.headers)

    @app.exception_handler(ConflictError)
    async def conflict(request: Request, exc: ConflictError) -> Response:
        return await error_response(request, 409, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return await error_response(request, 404, str(exc))

    @app.exception_handler(StoreError)
    async def refused(request: Request, exc: StoreError) -> Response:
        return await error_response(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if is_api(request):
            return JSONResponse({"detail": _plain(exc.errors())}, status_code=422)
        return await error_response(request, 400, "请求内容不完整或格式不对")

    @app.exception_handler(OperationalError)
    async def busy(request: Request, exc: OperationalError) -> Response:
        if not is_busy(exc):
            return await crashed(request, exc)
        log.warning("database busy on %s: %s", request.url.path, exc.orig)
        return await error_response(request, 503, BUSY_MESSAGE,
                                    {"Retry-After": str(RETRY_AFTER_S)})  # fmt: skip

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return await error_response(request, 500, "服务器内部错误，已记录；请稍后重试或联系管理员")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)


def _plain(errors: Any) -> list[dict[str, Any]]:
    """Validation errors without the raw input (it may echo hostile text back)."""
    return [{"loc": e.get("loc"), "msg": e.get("msg"), "type": e.get("type")} for e in errors]
