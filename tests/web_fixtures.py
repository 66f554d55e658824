"""The demo register served in-process, for the web tests: an app, API tokens, a logged-in client."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from luoshi.accounts import issue_token
from luoshi.register.demo import AS_OF, LOGINS, build_demo
from luoshi.settings import Settings
from luoshi.store import Database
from luoshi.store.models import User
from luoshi.web.app import create_app

PASSWORDS = {login.username: login.password for login in LOGINS}


@dataclass
class DemoApp:
    db: Database
    app: FastAPI
    tokens: dict[str, str]  # username → bearer token

    def client(self) -> TestClient:
        return TestClient(self.app)

    def auth(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[username]}"}


def demo_app(url: str, as_of: date = AS_OF) -> DemoApp:
    """The demo plan, units, users and reports in ``url``, one API token per user, and the app.

    Settings are built directly (not ``load_settings``) so a test neither reads
    the environment nor writes a secret key under ``$LUOSHI_HOME``.
    """
    db = Database(url)
    with db.transaction() as s:
        build_demo(s)
        tokens = {u.username: issue_token(s, u, "tests", "tests") for u in s.scalars(select(User))}
    app = create_app(db, Settings(secret_key="test", as_of=as_of))
    return DemoApp(db, app, tokens)


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no csrf field"
    return m.group(1)


def login(client: TestClient, username: str, password: str | None = None) -> str:
    """Log ``client`` in through the login form; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": username, "csrf": token, "next": "/",
                                    "password": password or PASSWORDS[username]},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/login").text)  # a new session has a new token
