"""The door before the body: who is asking and how much they may send, checked before a
byte of the body is read.

An anonymous 300 MB post must cost the server nothing: a request that writes (POST, PUT,
PATCH, DELETE) needs a signed session with a user or a bearer token that exists, except
on the login form; and its body is capped by what the route takes (a file upload, a
long plan form, a small form or JSON). The cap is enforced on ``Content-Length`` up front
and again while the body streams in, for a client that sends it chunked.
"""

from __future__ import annotations

import hashlib
import json

from fastapi import HTTPException
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..settings import Settings
from ..store import Database
from ..store.models import ApiToken

ANONYMOUS = frozenset({"/login"})  # the one form anyone may post
SMALL = 1 << 20  # a form of a few fields, a JSON record
LONG_FORM = 8 << 20  # the plan review form carries the whole document back
LONG_FORMS = ("/plans/confirm",)
LOGIN = 16 << 10
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SESSION_USER = "uid"  # as in auth.py (auth imports the app's models; this module stays light)


def body_cap(path: str, content_type: str, settings: Settings) -> int:
    """The most bytes a request to ``path`` may carry."""
    if path in ANONYMOUS:
        return LOGIN
    if content_type.startswith("multipart/form-data"):
        return settings.upload_max_bytes + SMALL  # the file and a few fields around it
    if path.startswith(LONG_FORMS):
        return LONG_FORM
    return SMALL


def _token_exists(db: Database, token: str) -> bool:
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    with db.engine.connect() as conn:  # read only: nothing to lock
        found = conn.execute(select(ApiToken.id).where(ApiToken.token_sha256 == digest)).first()
    return found is not None


class BodyGate:
    """ASGI middleware inside the session middleware (it reads ``scope["session"]``)."""

    def __init__(self, app: ASGIApp, db: Database, settings: Settings) -> None:
        self.app, self.db, self.settings = app, db, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = {k.lower(): v for k, v in scope["headers"]}
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        cap = body_cap(path, content_type, self.settings)
        if path not in ANONYMOUS and not await self._credentials(scope, headers):
            await self._refuse(scope, send, 401, "请先登录（或在请求中提供访问令牌）")
            return
        length = headers.get(b"content-length", b"")
        if length and (not length.isdigit() or int(length) > cap):
            await self._refuse(scope, send, 413, f"提交的内容超过 {cap / 2**20:g} MB，已拒绝")
            return
        seen = 0

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:  # chunked, or a Content-Length that lied
                    raise HTTPException(413, f"提交的内容超过 {cap / 2**20:g} MB，已拒绝")
            return message

        await self.app(scope, capped, send)

    async def _credentials(self, scope: Scope, headers: dict[bytes, bytes]) -> bool:
        session = scope.get("session") or {}
        if isinstance(session.get(SESSION_USER), int):
            return True  # signed by us; the route still checks the user is active
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if auth.lower().startswith("bearer ") and auth[7:].strip():
            return await run_in_threadpool(_token_exists, self.db, auth[7:].strip())
        return False

    async def _refuse(self, scope: Scope, send: Send, status: int, message: str) -> None:
        """A short answer; the body is never read (the server closes the connection)."""
        if scope["path"].startswith("/api/"):
            body = json.dumps({"detail": message}, ensure_ascii=False).encode()
            kind = b"application/json"
        else:  # the same page as every other error: navigation and a way back
            from starlette.requests import Request

            from .errors import error_html

            body = await error_html(Request(scope), status, message)
            kind = b"text/html; charset=utf-8"
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close")]  # fmt: skip
        if status == 401:
            headers.append((b"www-authenticate", b"Bearer"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
