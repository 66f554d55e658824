"""The office's admin pages: users, units, reminders — for admins only, escaped, CSRF-checked."""

from __future__ import annotations

import io
import re
import socket
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func, select

from luoshi.register.demo import LOGINS, build_demo
from luoshi.settings import load_settings
from luoshi.store import Database
from luoshi.store.models import AuditEvent, Notice, Unit, User
from luoshi.web.app import create_app
from luoshi.web.views import admin as admin_views

PASSWORD = {login.username: login.password for login in LOGINS}
JUNE_25 = date(2024, 6, 25)


@pytest.fixture(scope="module")
def app_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('admin') / 'demo.sqlite3'}")
    with db.transaction() as s:
        build_demo(s)
    yield db
    db.dispose()


def client_for(db: Database, who: str | None, password: str | None = None,
               **settings: Any) -> TestClient:  # fmt: skip
    conf = load_settings(secret_key="test-secret", as_of=JUNE_25, **settings)
    client = TestClient(create_app(db, conf))
    if who:
        login(client, who, password or PASSWORD[who])
    return client


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no csrf field"
    return m.group(1)


def login(client: TestClient, username: str, password: str, expect: int = 303) -> None:
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": username, "password": password, "csrf": token},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == expect, r.text


def count(db: Database, model: Any) -> int:
    with db.transaction() as s:
        n: int = s.scalar(select(func.count()).select_from(model)) or 0
        return n


def user_id(db: Database, username: str) -> int:
    with db.transaction() as s:
        found: int = s.scalars(select(User.id).where(User.username == username)).one()
        return found


def new_user(client: TestClient, **fields: str) -> Any:
    form = {"display_name": "", "role": "viewer", "unit": "", "email": "", **fields}
    form["csrf"] = csrf_of(client.get("/admin/users").text)
    return client.post("/admin/users", data=form, follow_redirects=False)


# --- users --------------------------------------------------------------------------------


def test_admin_creates_a_user_who_can_then_log_in(app_db: Database) -> None:
    admin = client_for(app_db, "admin")
    r = new_user(admin, username="zhangsan", display_name="张三", role="reporter",
                 unit="区教育局", email="zs@example.org", password="zhangsan-pw1")  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/admin/users"
    html = admin.get("/admin/users").text
    assert "已创建用户「zhangsan」（填报员（单位））" in html
    assert "张三" in html and 'value="zs@example.org"' in html
    assert "已创建用户" not in admin.get("/admin/users").text  # a flash is shown once
    with app_db.transaction() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.entity == "user_account",
                                                   AuditEvent.action == "create")
                          .order_by(AuditEvent.id.desc())).first()  # fmt: skip
        assert event is not None and event.actor == "admin"
        assert event.after is not None and event.after["username"] == "zhangsan"
    them = client_for(app_db, "zhangsan", "zhangsan-pw1")
    page = them.get("/unit").text
    assert "区教育局" in page and "张三" in page and "新增学位" in page


@pytest.mark.parametrize(("fields", "message"), [
    ({"username": "ADMIN", "password": "long-enough-1"}, "用户名「ADMIN」已存在"),
    ({"username": "lisi", "password": "short"}, "初始密码至少 8 位"),
    ({"username": "lisi", "password": "long-enough-1", "role": "reporter", "unit": "不存在局"},
     "没有名为「不存在局」的单位"),
    ({"username": "lisi", "password": "long-enough-1", "role": "reporter"}, "填报员必须属于一个单位"),
    ({"username": "lisi", "password": "long-enough-1", "email": "not-an-address"}, "邮箱地址不正确"),
    ({"username": "li si", "password": "long-enough-1"}, "不能含空格"),
    ({"username": "lisi", "password": "long-enough-1", "role": "superuser"}, "请选择角色"),
    ({"username": "lisi", "password": "long-enough-1", "role": ""}, "请选择角色"),
])  # fmt: skip
def test_refused_users_are_explained_on_the_page(
    app_db: Database, fields: dict[str, str], message: str
) -> None:
    admin = client_for(app_db, "admin")
    before = count(app_db, User)
    r = new_user(admin, **fields)
    assert r.status_code == 400 and message in r.text
    assert (
        '<p class="flash error">' in r.text and "新建用户" in r.text
    )  # the same page, not an error page
    assert f'value="{fields["username"]}"' in r.text  # what was typed is kept
    assert count(app_db, User) == before


def test_the_new_user_form_chooses_no_role(app_db: Database) -> None:
    """No role is preselected (least of all 管理员): the office must choose one."""
    html = client_for(app_db, "admin").get("/admin/users").text
    select_ = re.search(r'<select name="role"([^>]*)>(.*?)</select>', html, re.S)
    assert select_ is not None and "required" in select_.group(1)
    chosen = re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select_.group(2))
    assert chosen == [""] and "请选择角色" in select_.group(2)


def test_disable_enable_and_reset_password(app_db: Database) -> None:
    admin = client_for(app_db, "admin")
    assert new_user(admin, username="wangwu", password="wangwu-pw-1").status_code == 303
    uid = user_id(app_db, "wangwu")
    them = client_for(app_db, "wangwu", "wangwu-pw-1")
    assert them.get("/dashboard").status_code == 200
    token = csrf_of(admin.get("/admin/users").text)
    r = admin.post(f"/admin/users/{uid}/active", data={"csrf": token, "active": "0"},
                   follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and "已停用用户「wangwu」" in admin.get("/admin/users").text
    assert them.get("/dashboard", follow_redirects=False).headers["location"].startswith("/login")
    login(client_for(app_db, None), "wangwu", "wangwu-pw-1", expect=401)
    r = admin.post(f"/admin/users/{user_id(app_db, 'admin')}/active",
                   data={"csrf": token, "active": "0"})  # fmt: skip
    assert r.status_code == 400 and "不能停用自己的账号" in r.text
    admin.post(f"/admin/users/{uid}/active", data={"csrf": token, "active": "1"})
    login(client_for(app_db, None), "wangwu", "wangwu-pw-1")

    r = admin.post(f"/admin/users/{uid}/password", data={"csrf": token, "password": "short"})
    assert r.status_code == 400 and "新密码至少 8 位" in r.text
    r = admin.post(f"/admin/users/{uid}/password", data={"csrf": token, "password": "new-pw-5678"},
                   follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    login(client_for(app_db, None), "wangwu", "wangwu-pw-1", expect=401)
    login(client_for(app_db, None), "wangwu", "new-pw-5678")
    with app_db.transaction() as s:
        actions = set(s.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "user_account", AuditEvent.entity_id == uid)))  # fmt: skip
    assert {"create", "disable", "enable", "set_password"} <= actions


def test_e_mail_is_set_for_reminders(app_db: Database) -> None:
    admin = client_for(app_db, "admin")
    uid = user_id(app_db, "hutang")
    token = csrf_of(admin.get("/admin/users").text)
    r = admin.post(f"/admin/users/{uid}/email", data={"csrf": token, "email": "bad address@x"})
    assert r.status_code == 400 and "邮箱地址不正确" in r.text
    admin.post(f"/admin/users/{uid}/email", data={"csrf": token, "email": "ht@example.org"})
    with app_db.transaction() as s:
        assert s.get(User, uid).email == "ht@example.org"


def test_an_api_token_is_shown_once_and_works(app_db: Database) -> None:
    admin = client_for(app_db, "admin")
    uid = user_id(app_db, "leader")
    token = csrf_of(admin.get("/admin/users").text)
    r = admin.post(f"/admin/users/{uid}/token", data={"csrf": token, "name": "统计脚本"})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    m = re.search(r'<code id="new-token">(ls_[A-Za-z0-9_-]+)</code>', r.text)
    assert m and "只显示这一次" in r.text
    me = TestClient(admin.app).get("/api/me", headers={"Authorization": f"Bearer {m.group(1)}"})
    assert me.status_code == 200 and me.json()["username"] == "leader"
    assert m.group(1) not in admin.get("/admin/users").text


# --- who may, and hostile input ----------------------------------------------------------------


def admin_routes() -> list[tuple[str, str]]:
    """Every (method, path) of the admin pages, as the app mounts them."""
    routes = [r for r in admin_views.router.routes if isinstance(r, APIRoute)]
    assert all(r.path.startswith("/admin") for r in routes)
    return sorted((m, r.path) for r in routes for m in r.methods or ())


def test_reporters_and_viewers_get_403_on_every_admin_route(app_db: Database) -> None:
    uid = user_id(app_db, "admin")
    users, units, events = count(app_db, User), count(app_db, Unit), count(app_db, AuditEvent)
    for who, home in (("renshe", "/unit"), ("leader", "/dashboard")):
        client = client_for(app_db, who)
        token = csrf_of(client.get(home).text)
        routes = admin_routes()
        assert len(routes) >= 12
        for method, path in routes:
            url = path.replace("{user_id}", str(uid))
            if method == "GET":
                r = client.get(url, follow_redirects=False)
            else:
                form = {
                    "csrf": token,
                    "username": "x",
                    "password": "long-enough-1",
                    "active": "0",
                    "role": "admin",
                    "name": "x",
                    "email": "a@b.cn",
                    "kind": "place",
                }
                r = client.post(url, data=form, files={"file": ("u.csv", b"name\nx\n")})
            assert r.status_code == 403, (who, method, url, r.status_code)
            assert "只有督查室管理员" in r.text
    anonymous = client_for(app_db, None)
    for method, path in admin_routes():
        if method == "GET":
            r = anonymous.get(path.replace("{user_id}", str(uid)), follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert (count(app_db, User), count(app_db, Unit), count(app_db, AuditEvent)) == (
        users, units, events)  # fmt: skip


def test_forms_need_the_csrf_token(app_db: Database) -> None:
    admin = client_for(app_db, "admin")
    before = count(app_db, User)
    for token in (None, "forged"):
        data = {"username": "zhaoliu", "password": "long-enough-1", "role": "viewer"}
        if token:
            data["csrf"] = token
        r = admin.post("/admin/users", data=data)
        assert r.status_code == 403 and "表单已过期" in r.text
    r = admin.post("/admin/reminders", data={})
    assert r.status_code == 403
    assert count(app_db, User) == before


def test_hostile_input_is_escaped(app_db: Database) -> None:
    admin = client_for(app_db, "admin")
    hostile = "<script>alert('x')</script>"
    assert new_user(admin, username="evil", display_name=hostile,
                    password="long-enough-1").status_code == 303  # fmt: skip
    token = csrf_of(admin.get("/admin/units").text)
    admin.post("/admin/units", data={"csrf": token, "name": f"{hostile}局", "kind": "department"})
    assert new_user(admin, username=f"<b>{hostile}", password="long-enough-1").status_code == 303
    refused = new_user(admin, username=f"<b>{hostile}", password="long-enough-1")
    assert refused.status_code == 400 and "已存在" in refused.text  # the name echoed, escaped
    for html in (admin.get("/admin/users").text, admin.get("/admin/units").text, refused.text):
        assert "<script>alert" not in html and "<b>" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


# --- units --------------------------------------------------------------------------------


def test_add_a_unit(app_db: Database) -> None:
    admin = client_for(app_db, "admin")
    token = csrf_of(admin.get("/admin/units").text)
    form = {"csrf": token, "name": "区数据局", "kind": "department", "code": "D99",
            "parent": "", "contact": "王科长"}  # fmt: skip
    r = admin.post("/admin/units", data=form, follow_redirects=False)
    assert r.status_code == 303
    html = admin.get("/admin/units").text
    assert "已添加条线「区数据局」" in html
    with app_db.transaction() as s:
        unit = s.scalars(select(Unit).where(Unit.name == "区数据局")).one()
        assert (unit.kind, unit.code, unit.contact) == ("department", "D99", "王科长")
    assert f'<a href="/units/{unit.id}">区数据局</a>' in html
    assert admin.get(f"/units/{unit.id}").status_code == 200
    r = admin.post("/admin/units", data=form)
    assert r.status_code == 400 and "单位「区数据局」已存在" in r.text
    r = admin.post("/admin/units", data={**form, "name": "数据分局", "parent": "没有的局"})
    assert r.status_code == 400 and "没有名为「没有的局」的上级单位" in r.text


def upload(client: TestClient, name: str, data: bytes) -> Any:
    token = csrf_of(client.get("/admin/units").text)
    return client.post("/admin/units/import", data={"csrf": token},
                       files={"file": (name, data)}, follow_redirects=False)  # fmt: skip


def test_import_a_unit_list_from_csv_or_xlsx(app_db: Database) -> None:
    admin = client_for(app_db, "admin")
    # a GBK CSV with a .txt name: recognised by content, decoded, parents linked
    csv = "单位名称,类型,上级单位\n横林镇,板块,\n横林镇工业园,板块,横林镇\n".encode("gbk")
    r = upload(admin, "名单.txt", csv)
    assert r.status_code == 303
    assert "已导入「名单.txt」：新增 2 个单位，更新 0 个" in admin.get("/admin/units").text
    with app_db.transaction() as s:
        units = {u.name: u for u in s.scalars(select(Unit))}
        assert units["横林镇工业园"].parent_id == units["横林镇"].id
        assert units["横林镇"].kind == "place"
    wb = Workbook()
    wb.active.append(["单位名称", "类型", "联系人"])
    wb.active.append(["区审计局", "条线", "审计办"])
    buf = io.BytesIO()
    wb.save(buf)
    assert upload(admin, "units.bin", buf.getvalue()).status_code == 303
    assert "已导入「units.bin」：新增 1 个单位" in admin.get("/admin/units").text


def test_a_bad_unit_list_is_refused_on_the_page_and_writes_nothing(app_db: Database) -> None:
    admin = client_for(app_db, "admin")
    before = count(app_db, Unit)
    r = upload(admin, "units.xlsx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"0" * 100)
    assert r.status_code == 415 and "按内容识别" in r.text and "导入单位名单" in r.text
    r = upload(admin, "units.csv", b"\x89PNG\r\n\x1a\n" + b"0" * 100)  # no NUL: read as text
    assert r.status_code == 400 and "units.csv：不支持的文件格式" in r.text
    r = upload(admin, "dup.csv", "单位名称\n甲镇\n甲镇\n".encode())
    assert r.status_code == 400 and "dup.csv：第 3 行单位「甲镇」重复" in r.text
    assert "/tmp" not in r.text and "luoshi-units-" not in r.text  # the temporary file is not named
    r = upload(admin, "orphans.csv", "单位名称,上级单位\n乙镇,不存在镇\n".encode())
    assert r.status_code == 400 and "第 2 行「乙镇」的上级单位「不存在镇」不存在" in r.text
    r = upload(admin, "none.csv", "名字\n丙镇\n".encode())
    assert r.status_code == 400 and "没有单位名称列" in r.text
    assert count(app_db, Unit) == before


# --- reminders ----------------------------------------------------------------------------


def refused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_reminders_page_previews_runs_and_shows_failures(app_db: Database) -> None:
    hook = f"http://127.0.0.1:{refused_port()}/cgi-bin/webhook/send?key=SECRET-KEY"
    admin = client_for(app_db, "admin", webhook_url=hook)
    html = admin.get("/admin/reminders").text
    assert "2024-06-25" in html and "今日应发提醒 (21)" in html
    assert "「城镇新增就业」应于2024-06-30前报送进度（每月）" in html and "待发送" in html
    assert "<strong>区科技局</strong>:<a href=" in html and "净增高新技术企业" in html
    assert "群机器人:127.0.0.1" in html and "SECRET-KEY" not in html  # the robot's key stays hidden
    assert count(app_db, Notice) == 0  # looking sends nothing

    r = admin.post("/admin/reminders", data={"csrf": csrf_of(html)})
    assert r.status_code == 200
    assert "新提醒 21 条，发送邮件 0 封，群机器人失败" in r.text and "群机器人推送失败" in r.text
    assert "待发送" not in r.text and "已提醒" in r.text
    assert count(app_db, Notice) == 21  # kept although the robot was down
    unit_page = client_for(app_db, "renshe").get("/unit").text
    assert "「城镇新增就业」应于2024-06-30前报送进度（每月）" in unit_page

    # the robot's post is retried while it fails; without a robot a second run sends nothing
    assert "群机器人失败" in admin.post("/admin/reminders", data={"csrf": csrf_of(html)}).text
    plain = client_for(app_db, "admin")
    again = plain.post("/admin/reminders", data={"csrf": csrf_of(plain.get("/admin/users").text)})
    assert "新提醒 0 条，发送邮件 0 封，群机器人未发送" in again.text
    assert count(app_db, Notice) == 21
