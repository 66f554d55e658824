"""Every route × every role, generated from the app's own route table: a route added
tomorrow is covered without touching this file.

For each (method, path) the app serves and each of anonymous, reporter, viewer and admin:
no answer is a 500; anonymous callers get nothing but the login page, a 401 or a redirect
to log in; a route that depends on ``require_admin`` refuses reporters and viewers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from luoshi.web.auth import require_admin
from web_fixtures import DemoApp, csrf_of, demo_app, login

ROLES = {"anonymous": None, "reporter": "renshe", "viewer": "leader", "admin": "admin"}
PUBLIC = {"/login", "/healthz", "/favicon.ico", "/api/openapi.json", "/"}
# the generated calls must not end the session they run in
SKIP_FOR_LOGGED_IN = {("POST", "/logout"), ("POST", "/login")}


def _needs_admin(dependant: Any) -> bool:
    return any(d.call is require_admin or _needs_admin(d) for d in dependant.dependencies)


def _route_contexts(app: Any) -> Iterator[Any]:
    """Each route the app serves (with its effective path and dependencies), routers included."""
    for r in app.routes:
        if isinstance(r, APIRoute):
            yield r
        elif hasattr(r, "effective_route_contexts"):  # an included router (FastAPI ≥ 0.13x)
            yield from r.effective_route_contexts()
        elif hasattr(r, "routes"):
            yield from (x for x in r.routes if isinstance(x, APIRoute))


def routes(app: Any) -> list[tuple[str, str, bool]]:
    out = set()
    for r in _route_contexts(app):
        for method in r.methods - {"HEAD"}:
            out.add((method, r.path, _needs_admin(r.dependant)))
    return sorted(out)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoApp]:
    d = demo_app(f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'db.sqlite3'}")
    yield d
    d.db.dispose()


@pytest.fixture(scope="module")
def clients(demo: DemoApp) -> dict[str, tuple[TestClient, str]]:
    out = {}
    for role, who in ROLES.items():
        client = demo.client()
        if who:
            login(client, who)
        out[role] = (client, csrf_of(client.get("/login").text))
    return out


def test_the_matrix_covers_every_route(demo: DemoApp) -> None:
    table = routes(demo.app)
    assert len(table) >= 40 and any(admin for *_, admin in table)


def test_every_route_for_every_role(
    demo: DemoApp, clients: dict[str, tuple[TestClient, str]]
) -> None:
    calls = escapes = 0
    problems = []
    for method, path, admin_only in routes(demo.app):
        url = re.sub(r"\{[^}]+\}", "1", path)
        for role, (client, token) in clients.items():
            if role != "anonymous" and (method, path) in SKIP_FOR_LOGGED_IN:
                continue
            kw: dict[str, Any] = {"follow_redirects": False}
            if method != "GET":
                kw["data"] = {"csrf": token}
                kw["headers"] = {"x-csrf-token": token}
            r = client.request(method, url, **kw)
            calls += 1
            where = f"{role} {method} {path} → {r.status_code}"
            if r.status_code >= 500:
                problems.append(where)
            if role == "anonymous" and path not in PUBLIC:
                leaked = r.status_code < 300 or (
                    r.status_code in (302, 303, 307)
                    and "/login" not in r.headers.get("location", "")
                )
                if leaked:
                    escapes += 1
                    problems.append(where)
            if admin_only and role in ("reporter", "viewer") and r.status_code < 400:
                escapes += 1
                problems.append(where)
    assert not problems, problems
    assert calls >= 150
