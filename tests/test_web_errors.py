"""Error pages, in-process: in Chinese, with the user's navigation and a way back, whatever
refused the request (a view, the router, the door before the body, a crash, a busy database)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from luoshi.register.demo import build_demo
from luoshi.settings import Settings
from luoshi.store import Database
from luoshi.web.app import create_app
from luoshi.web.gate import SMALL
from web_fixtures import csrf_of, login

NAV = {"admin": ["/dashboard", "/register", "/admin/users"], "renshe": ["/unit"],
       "leader": ["/dashboard", "/reports"]}  # fmt: skip


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('errors') / 'demo.sqlite3'}")
    with db.transaction() as s:
        build_demo(s)
    app = create_app(db, Settings(secret_key="test", as_of=date(2024, 6, 30)))

    @app.get("/boom")  # a view that crashes, as a bug would
    def boom() -> None:
        raise ZeroDivisionError

    @app.get("/busy")  # a database that stays locked past its timeout
    def busy() -> None:
        raise OperationalError("SELECT 1", {}, Exception("database is locked"))

    yield app
    db.dispose()


def client(app: FastAPI, who: str | None) -> TestClient:
    c = TestClient(app, raise_server_exceptions=False)
    if who:
        login(c, who)
    return c


def assert_error_page(html: str, who: str | None, title: str) -> None:
    nav = re.search(r"<nav>(.*?)</nav>", html, re.S)
    if who is None:
        assert nav is None and 'href="/login"' in html  # nothing to navigate: log in
    else:
        assert nav is not None, "the error page lost the navigation"
        for href in NAV[who]:
            assert f'href="{href}"' in nav.group(1), href
        assert "回到首页" in html
    main = html.split("<main>", 1)[1]
    assert f"<h1>{title}" in main
    # Chinese for users: no framework English, no half-width parentheses in the page's words
    words = re.sub(r"<[^>]+>", " ", main)
    assert not re.search(r"Not Found|Method Not Allowed|Internal Server Error|detail", words)
    assert "(" not in words and ")" not in words


@pytest.mark.parametrize("who", ["admin", "renshe", "leader", None])
def test_unknown_page_is_a_chinese_404_with_navigation(app: FastAPI, who: str | None) -> None:
    r = client(app, who).get("/no-such-page")
    assert r.status_code == 404
    assert_error_page(r.text, who, "找不到页面")
    assert "没有这个页面" in r.text


def test_refused_page_keeps_navigation_and_a_way_back(app: FastAPI) -> None:
    c = client(app, "renshe")
    r = c.get("/dashboard", headers={"Referer": "http://testserver/unit?plan=1"})
    assert r.status_code == 403
    assert_error_page(r.text, "renshe", "没有权限")
    assert '<a class="button secondary" href="/unit?plan=1">返回上一页</a>' in r.text
    # a referer from another site is not a way back
    r = c.get("/dashboard", headers={"Referer": "https://evil.example/x"})
    assert "返回上一页" not in r.text


def test_missing_target_and_method_not_allowed(app: FastAPI) -> None:
    c = client(app, "admin")
    r = c.get("/targets/999999")
    assert r.status_code == 404 and "没有这个指标" in r.text
    assert_error_page(r.text, "admin", "找不到页面")
    r = c.delete("/dashboard", headers={"X-CSRF-Token": "x"})
    assert r.status_code == 405
    assert_error_page(r.text, "admin", "不支持此操作")


def test_too_large_a_post_is_refused_on_a_full_page(app: FastAPI) -> None:
    c = client(app, "admin")
    token = csrf_of(c.get("/register").text)
    r = c.post("/register/bulk", content=b"x" * (SMALL + 1),
               headers={"Content-Type": "application/x-www-form-urlencoded",
                        "Referer": "http://testserver/register"})  # fmt: skip
    assert r.status_code == 413 and r.headers["connection"] == "close"
    assert_error_page(r.text, "admin", "提交的内容过大")
    assert "超过 1 MB" in r.text and 'href="/register">返回上一页' in r.text
    assert token  # the session was a real, logged-in one


def test_anonymous_post_gets_a_page_that_leads_to_login(app: FastAPI) -> None:
    r = client(app, None).post("/register/bulk", data={"ids": "1"})
    assert r.status_code == 401
    assert_error_page(r.text, None, "请先登录")


def test_crash_and_busy_database_keep_navigation(app: FastAPI) -> None:
    c = client(app, "leader")
    r = c.get("/boom")
    assert r.status_code == 500
    assert_error_page(r.text, "leader", "服务器出错")
    assert "Traceback" not in r.text and "ZeroDivisionError" not in r.text
    r = c.get("/busy")
    assert r.status_code == 503 and r.headers["retry-after"]
    assert_error_page(r.text, "leader", "系统正忙")


def test_the_api_still_answers_json(app: FastAPI) -> None:
    r = client(app, None).get("/api/no-such-thing")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
