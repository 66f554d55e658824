"""Authentication and size are checked before a byte of the body is read."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from luoshi.web.gate import SMALL
from web_fixtures import DemoApp, demo_app


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoApp:
    return demo_app(f"sqlite:///{tmp_path_factory.mktemp('gate') / 'db.sqlite3'}")


def call(demo: DemoApp, method: str, path: str, headers: dict[str, str],
         body_bytes: int) -> tuple[int, int]:  # fmt: skip
    """(status, body bytes the app pulled) for a request streamed in 64 KB chunks."""
    chunk = b"x" * (64 << 10)
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        if pulled >= body_bytes:
            return {"type": "http.disconnect"}
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": pulled < body_bytes}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "scheme": "http", "server": ("test", 80), "client": ("1.2.3.4", 1),
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}  # fmt: skip
    # in a thread of its own: an earlier test's event loop may still be set in this one
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, demo.app(scope, receive, send)).result()
    return next(m["status"] for m in sent if m["type"] == "http.response.start"), pulled


BIG = 300 << 20


@pytest.mark.parametrize("path", ["/api/targets/1/progress", "/unit/upload", "/admin/units/import",
                                  "/plans/import", "/plans/confirm"])  # fmt: skip
def test_an_anonymous_body_is_never_read(demo: DemoApp, path: str) -> None:
    for kind in ("application/json", "multipart/form-data; boundary=x"):
        status, pulled = call(demo, "POST", path, {"content-type": kind,
                                                    "content-length": str(BIG)}, BIG)  # fmt: skip
        assert (status, pulled) == (401, 0)
        # chunked, with no length announced: still refused before reading
        status, pulled = call(demo, "POST", path, {"content-type": kind}, BIG)
        assert (status, pulled) == (401, 0)
    # a token that does not exist is no credential
    status, pulled = call(demo, "POST", path, {"authorization": "Bearer ls_nope",
                                               "content-length": str(BIG)}, BIG)  # fmt: skip
    assert (status, pulled) == (401, 0)


def test_an_authenticated_body_is_capped_per_route(demo: DemoApp) -> None:
    auth = demo.auth("admin")
    json_too_big = {**auth, "content-type": "application/json", "content-length": str(SMALL + 1)}
    assert call(demo, "POST", "/api/targets/1/progress", json_too_big, SMALL + 1) == (413, 0)
    # chunked: read up to the cap, then refused
    status, pulled = call(demo, "POST", "/api/targets/1/progress",
                          {**auth, "content-type": "application/json"}, BIG)  # fmt: skip
    assert status == 413 and pulled <= SMALL + (64 << 10)
    upload = {**auth, "content-type": "multipart/form-data; boundary=x", "content-length": str(BIG)}
    assert call(demo, "POST", "/api/targets/1/progress", upload, BIG) == (413, 0)


def test_the_login_form_is_open_but_small(demo: DemoApp) -> None:
    status, pulled = call(demo, "POST", "/login", {"content-type": "application/x-www-form-urlencoded",
                                                   "content-length": str(BIG)}, BIG)  # fmt: skip
    assert (status, pulled) == (413, 0)
    r = demo.client().get("/login")
    assert r.status_code == 200


def test_pages_and_api_still_work(demo: DemoApp, tmp_path: Path) -> None:
    from web_fixtures import login

    client = demo.client()
    login(client, "admin")
    assert client.get("/dashboard").status_code == 200
    r = client.post("/api/targets/1/progress", json={}, headers=demo.auth("admin"))
    assert r.status_code in (400, 422)
