"""The task-table import page: office only, clear refusals, a token that cannot be forged."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import select

from luoshi.accounts import create_user
from luoshi.settings import load_settings
from luoshi.store import Database
from luoshi.store.models import Target, Unit
from luoshi.web.app import create_app

ADMIN, REPORTER = ("admin", "admin-secret-1"), ("renshe", "renshe-secret-1")


@pytest.fixture
def web_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 't.sqlite3'}")
    with db.transaction() as s:
        s.add(Unit(name="区人社局"))
        s.flush()
        create_user(s, *ADMIN, "admin", "test")
        create_user(s, *REPORTER, "reporter", "test", unit="区人社局")
    yield db
    db.dispose()


def csrf_of(page: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    assert m, "no csrf field"
    return m.group(1)


def client_for(db: Database, who: tuple[str, str]) -> TestClient:
    client = TestClient(create_app(db, load_settings(secret_key="test", as_of=date(2026, 6, 30))))
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": who[0], "password": who[1], "csrf": token},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return client


def table_bytes(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


TABLE = [["2026年重点工作分解表"], ["序号", "工作任务", "牵头单位", "完成时限"],
         [1, "建成社区食堂5个", "区民政局", "6月底前"]]  # fmt: skip


def upload(client: TestClient, data: bytes, name: str = "t.xlsx") -> str:
    csrf = csrf_of(client.get("/import/table").text)
    r = client.post("/import/table", data={"csrf": csrf, "year": ""}, files={"file": (name, data)})
    return f"{r.status_code}\n{r.text}"


def test_only_the_office_may_import(web_db: Database) -> None:
    client = client_for(web_db, REPORTER)
    assert client.get("/import/table").status_code == 403


def test_preview_then_confirm(web_db: Database) -> None:
    client = client_for(web_db, ADMIN)
    page = upload(client, table_bytes(TABLE))
    assert page.startswith("200") and 'value="lead_unit" selected' in page
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token
    csrf = csrf_of(page)
    form = {"csrf": csrf, "token": token[1], "year": "2026", "action": "confirm",
            "role-0-0": "seq", "role-0-1": "name", "role-0-2": "lead_unit", "role-0-3": "due"}  # fmt: skip
    r = client.post("/import/table/confirm", data=form)
    assert r.status_code == 200 and "新建 1 项" in r.text and "区民政局" in r.text
    with web_db.transaction() as s:
        target = s.scalars(select(Target)).one()
        assert (target.due, target.due_text) == (date(2026, 6, 30), "6月底前")
    forged = {**form, "token": token[1][:-2] + "xx"}
    assert client.post("/import/table/confirm", data=forged).status_code == 400


def test_not_a_task_table_is_named(web_db: Database) -> None:
    client = client_for(web_db, ADMIN)
    page = upload(client, table_bytes([["会议纪要"], ["今天开会"]]))
    assert page.startswith("422") and "不是任务分解表" in page
