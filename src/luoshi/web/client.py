"""Where a request came from: the client's address and whether it arrived over HTTPS.

Behind a reverse proxy, the proxy's own address is what the socket shows; its headers say
who the client was. Those headers are trusted only when the operator names the proxy's
header (``LUOSHI_PROXY_HEADER``, e.g. ``X-Forwarded-For``): otherwise anyone could send
one and pick a fresh address for every guess at a password.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..settings import Settings


def client_address(request: HTTPConnection, settings: Settings) -> str:
    """The client's address: the configured proxy header's last hop, else the socket peer."""
    if settings.proxy_header:
        forwarded = request.headers.get(settings.proxy_header, "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]  # what our proxy appended; earlier hops are the client's word
    return request.client.host if request.client else "?"


def is_https(scope: Scope, settings: Settings) -> bool:
    if scope.get("scheme") == "https" or settings.secure_cookies:
        return True
    if settings.proxy_header:  # the proxy terminates TLS and says so
        for key, value in scope.get("headers", []):
            if key.lower() == b"x-forwarded-proto":
                return bool(value.split(b",")[-1].strip().lower() == b"https")
    return False


class SecureCookies:
    """Marks every cookie ``Secure`` when the request came over HTTPS (directly or through
    the configured proxy), so a session cookie never travels back over plain HTTP."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_https(scope, self.settings):
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (k, v + b"; secure")
                    if k.lower() == b"set-cookie" and b"secure" not in v.lower()
                    else (k, v)
                    for k, v in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, secured)
