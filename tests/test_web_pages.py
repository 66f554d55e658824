"""The office's and the units' pages, in-process: content, roles, security."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from luoshi.register.demo import LOGINS, build_demo
from luoshi.settings import load_settings
from luoshi.store import Database
from luoshi.store.models import Target, Unit
from luoshi.web.app import create_app

PASSWORD = {login.username: login.password for login in LOGINS}


@pytest.fixture(scope="module")
def app_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('web') / 'demo.sqlite3'}")
    with db.transaction() as s:
        build_demo(s)
        # a hostile unit name and target name must come out escaped everywhere
        s.add(Unit(name="<script>alert('x')</script>局"))
        t = s.scalars(select(Target).where(Target.name == "新增学位")).one()
        t.name = '=HYPERLINK("http://evil")<b>新增学位</b>'
    yield db
    db.dispose()


def client_for(db: Database, who: str | None) -> TestClient:
    app = create_app(db, load_settings(secret_key="test-secret", as_of=date(2024, 6, 30)))
    client = TestClient(app)
    if who:
        login(client, who, PASSWORD[who])
    return client


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no csrf field"
    return m.group(1)


def login(client: TestClient, username: str, password: str) -> None:
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": username, "password": password, "csrf": token,
                                    "next": "/"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text


def test_login_sets_a_safe_cookie_and_headers(app_db: Database) -> None:
    client = client_for(app_db, None)
    r = client.get("/login")
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
    assert (
        r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    )
    token = csrf_of(r.text)
    r = client.post("/login", data={"username": "admin", "password": PASSWORD["admin"],
                                    "csrf": token}, follow_redirects=False)  # fmt: skip
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/dashboard").status_code == 200


def test_wrong_password_and_throttling(app_db: Database) -> None:
    client = client_for(app_db, None)
    for _ in range(5):
        token = csrf_of(client.get("/login").text)
        r = client.post("/login", data={"username": "leader", "password": "nope", "csrf": token})
        assert r.status_code == 401 and "用户名或密码不正确" in r.text
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": "leader", "password": PASSWORD["leader"],
                                    "csrf": token})  # fmt: skip
    assert r.status_code == 429 and "次数过多" in r.text


def test_forms_need_the_csrf_token(app_db: Database) -> None:
    client = client_for(app_db, None)
    r = client.post("/login", data={"username": "admin", "password": PASSWORD["admin"]})
    assert r.status_code == 403
    client = client_for(app_db, "renshe")
    r = client.post("/targets/1/progress", data={"as_of": "2024-06-30", "value": "1"})
    assert r.status_code == 403 and "表单已过期" in r.text


def test_dashboard_numbers_link_to_rows(app_db: Database) -> None:
    client = client_for(app_db, "admin")
    html = client.get("/dashboard").text
    assert "2024年度重点工作目标" in html and "截至 2024-06-30" in html
    assert 'id="area-chart"' in html and "/static/vendor/echarts.min.js" in html
    assert "严重滞后" in html and "区自然资源和规划局" in html
    m = re.search(
        r'href="(/register\?[^"]*status=seriously_lagging)">\s*<span class="n">(\d+)', html
    )
    assert m
    rows = client.get(m.group(1).replace("&amp;", "&")).text
    assert f"共 {m.group(2)} 条" in rows
    assert client.get("/static/vendor/echarts.min.js").status_code == 200


def test_register_filters_and_export(app_db: Database) -> None:
    client = client_for(app_db, "leader")
    html = client.get("/register", params={"unit": "区教育局"}).text
    assert "共 3 条" in html
    assert client.get("/register", params={"q": "就业"}).text.count('href="/targets/') == 3
    x = client.get("/register.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    assert "编辑" not in client.get("/register").text  # viewers do not edit


def test_hostile_names_are_escaped(app_db: Database) -> None:
    client = client_for(app_db, "admin")
    for path in ("/register", "/dashboard", "/register?q=HYPERLINK"):
        html = client.get(path).text
        assert "<b>新增学位</b>" not in html and "<script>alert" not in html
    html = client.get("/register", params={"q": "HYPERLINK"}).text
    assert "&lt;b&gt;新增学位&lt;/b&gt;" in html


def test_target_page_shows_source_history_and_trail(app_db: Database) -> None:
    client = client_for(app_db, "admin")
    with app_db.transaction() as s:
        tid = s.scalars(select(Target.id).where(Target.name == "城镇新增就业")).one()
    html = client.get(f"/targets/{tid}").text
    assert '<mark class="source" id="source">2.6万人</mark>' in html
    assert "截至6月底累计完成" in html and "修改记录" in html and "progress-chart" in html


def test_reporter_sees_only_its_unit(app_db: Database) -> None:
    client = client_for(app_db, "renshe")
    assert client.get("/", follow_redirects=False).headers["location"] == "/unit"
    html = client.get("/unit").text
    assert "区人社局" in html and "城镇新增就业" in html and "新增学位" not in html
    with app_db.transaction() as s:
        own = {t.id for t in s.scalars(select(Target).where(Target.assignments.any()))
               if any(a.unit.name == "区人社局" for a in t.assignments)}  # fmt: skip
        everyone = set(s.scalars(select(Target.id)))
        other_unit = s.scalars(select(Unit.id).where(Unit.name == "区教育局")).one()
    token = csrf_of(html)
    for tid in sorted(everyone - own):
        assert client.get(f"/targets/{tid}").status_code == 403
        r = client.post(f"/targets/{tid}/progress", data={"as_of": "2024-06-30", "value": "1",
                                                          "csrf": token})  # fmt: skip
        assert r.status_code == 403
    for path in ("/dashboard", "/register", "/register.xlsx", f"/units/{other_unit}",
                 f"/unit/template.xlsx?unit_id={other_unit}"):  # fmt: skip
        assert client.get(path).status_code == 403, path
    assert client.get("/targets/999999").status_code == 404


def test_reporter_reports_progress(app_db: Database) -> None:
    client = client_for(app_db, "renshe")
    with app_db.transaction() as s:
        tid = s.scalars(select(Target.id).where(Target.name == "城镇新增就业")).one()
    token = csrf_of(client.get(f"/targets/{tid}").text)
    r = client.post(f"/targets/{tid}/progress", data={"as_of": "2024-06-30", "value": "5000",
                                                      "csrf": token})  # fmt: skip
    assert r.status_code == 400 and "滞后原因" in r.text  # behind the calendar: must say why
    r = client.post(f"/targets/{tid}/progress", data={"as_of": "2024-06-30", "value": "14000",
                                                      "note": "专场招聘", "csrf": token},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    assert "专场招聘" in client.get(f"/targets/{tid}").text
    r = client.post(f"/targets/{tid}/progress", data={"as_of": "2024-06-30", "value": "很多",
                                                      "csrf": token})  # fmt: skip
    assert r.status_code == 400 and "累计完成：「很多」不是数字" in r.text
    assert 'value="很多"' in r.text  # what was typed stays in the form


def test_admin_inline_edit_detects_conflicts(app_db: Database) -> None:
    client = client_for(app_db, "admin")
    with app_db.transaction() as s:
        t = s.scalars(select(Target).where(Target.name == "新增上市挂牌企业")).one()
        tid, version = t.id, t.version
    token = csrf_of(client.get("/register").text)
    ok = client.post(f"/targets/{tid}/edit", data={"version": version, "value": "8",
                                                   "csrf": token}, follow_redirects=False)  # fmt: skip
    assert ok.status_code == 303
    stale = client.post(f"/targets/{tid}/edit", data={"version": version, "value": "9",
                                                      "csrf": token})  # fmt: skip
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    viewer = client_for(app_db, "leader")
    token = csrf_of(viewer.get("/register").text)
    assert viewer.post(f"/targets/{tid}/edit", data={"version": version + 1, "value": "1",
                                                     "csrf": token}).status_code == 403  # fmt: skip


def test_unit_excel_form_round_trip(app_db: Database, tmp_path: Path) -> None:
    client = client_for(app_db, "hutang")
    x = client.get("/unit/template.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    token = csrf_of(client.get("/unit").text)
    r = client.post("/unit/upload", data={"csrf": token},
                    files={"file": ("form.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100)})  # fmt: skip
    assert r.status_code == 415 and "按内容识别" in r.text
    r = client.post("/unit/upload", data={"csrf": token}, files={"file": ("form.xlsx", x.content)})
    assert r.status_code in (303, 200), r.text  # an untouched form imports nothing, cleanly


def test_errors_never_show_a_traceback(app_db: Database) -> None:
    client = client_for(app_db, "admin")
    for path in ("/dashboard?as_of=not-a-date", "/register?page=0", "/targets/abc",
                 "/register?plan=99999"):  # fmt: skip
        r = client.get(path)
        assert r.status_code in (400, 404, 422), (path, r.status_code)
        assert "Traceback" not in r.text


def test_reports_page_offers_every_report(app_db: Database) -> None:
    client = client_for(app_db, "admin")
    html = client.get("/reports").text
    links = re.findall(r'href="(/reports/[a-z]+\.[a-z]+[^"]*)"', html)
    assert len(links) == 8
    for link in links:
        r = client.get(link.replace("&amp;", "&"))
        assert r.status_code == 200, (link, r.text[:300])
        assert len(r.content) > 1000
    bulletin = client.get("/reports/bulletin.html").text
    assert "督查通报" in bulletin and "<script" not in bulletin
    assert client.get("/reports/bulletin.exe").status_code == 404
    reporter = client_for(app_db, "renshe")
    assert reporter.get("/reports").status_code == 403
    assert reporter.get("/reports/bulletin.docx").status_code == 403
