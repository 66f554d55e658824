"""A busy database: reads never wait for the write lock; a write that cannot get it is a 503."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from luoshi.store.models import ApiToken
from web_fixtures import DemoApp, demo_app


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoApp]:
    app = demo_app(f"sqlite:///{tmp_path_factory.mktemp('busy') / 'db.sqlite3'}")
    yield app
    app.db.dispose()


@contextmanager
def write_lock_held(demo: DemoApp) -> Iterator[None]:
    """Another writer (a CLI import, say) holding SQLite's write lock."""
    conn = sqlite3.connect(demo.db.url.removeprefix("sqlite:///"), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def last_used(demo: DemoApp) -> list[object]:
    with demo.db.transaction() as s:
        return list(s.scalars(select(ApiToken.last_used_at).order_by(ApiToken.id)))


def test_a_token_read_never_waits_for_the_write_lock(demo: DemoApp) -> None:
    client = demo.client()
    with write_lock_held(demo):
        start = time.monotonic()
        for path in ("/api/me", "/api/plans", "/api/status"):
            r = client.get(path, headers=demo.auth("admin"))
            assert r.status_code == 200, (path, r.status_code)
        assert time.monotonic() - start < 5  # not 3 × the 10 s busy timeout


def test_token_use_is_recorded_at_most_once_a_minute(demo: DemoApp) -> None:
    client = demo.client()
    before = last_used(demo)
    assert client.get("/api/me", headers=demo.auth("leader")).status_code == 200
    once = last_used(demo)
    assert once != before and sum(a != b for a, b in zip(before, once, strict=True)) == 1
    assert client.get("/api/me", headers=demo.auth("leader")).status_code == 200
    assert last_used(demo) == once


def test_a_write_that_cannot_get_the_lock_is_a_503_in_chinese(demo: DemoApp) -> None:
    client = demo.client()
    with demo.db.transaction() as s:
        from luoshi.store.models import Target

        tid = s.scalars(select(Target.id).where(Target.value.is_not(None))).first()
    with write_lock_held(demo):
        r = client.post(f"/api/targets/{tid}/progress", headers=demo.auth("admin"),
                        json={"as_of": "2024-06-30", "value": 1})  # fmt: skip
    assert r.status_code == 503, r.text
    assert r.headers["retry-after"] == "3" and "请稍后再试" in r.json()["detail"]
    # and once the other writer is done, the same request goes through
    r = client.post(f"/api/targets/{tid}/progress", headers=demo.auth("admin"),
                    json={"as_of": "2024-06-30", "value": 1, "lag_reason": "原因",
                          "corrective_action": "措施"})  # fmt: skip
    assert r.status_code == 201, r.text
