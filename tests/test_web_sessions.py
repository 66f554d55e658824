"""Sessions end when they should; login guesses slow down per account and address only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from luoshi.settings import Settings
from luoshi.store.models import User
from luoshi.web.app import create_app
from luoshi.web.auth import Throttle
from web_fixtures import PASSWORDS, DemoApp, csrf_of, demo_app, login


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoApp]:
    app = demo_app(f"sqlite:///{tmp_path_factory.mktemp('sessions') / 'db.sqlite3'}")
    yield app
    app.db.dispose()


def copy_of(demo: DemoApp, client: TestClient) -> TestClient:
    """Another browser holding a copy of ``client``'s cookie."""
    thief = demo.client()
    thief.cookies.update(client.cookies)
    return thief


def test_logout_ends_every_copy_of_the_session(demo: DemoApp) -> None:
    client = demo.client()
    login(client, "jiaoyu")
    stolen, other_device = copy_of(demo, client), demo.client()
    login(other_device, "jiaoyu")
    assert stolen.get("/unit", follow_redirects=False).status_code == 200
    token = csrf_of(client.get("/unit").text)
    assert client.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    for c in (stolen, other_device):
        r = c.get("/unit", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert c.get("/api/me").status_code == 401


def test_a_password_reset_ends_the_users_sessions(demo: DemoApp) -> None:
    victim, admin = demo.client(), demo.client()
    login(victim, "hutang")
    login(admin, "admin")
    stolen = copy_of(demo, victim)
    with demo.db.transaction() as s:
        uid = s.scalars(select(User.id).where(User.username == "hutang")).one()
    token = csrf_of(admin.get("/admin/users").text)
    r = admin.post(f"/admin/users/{uid}/password", data={"csrf": token, "password": "新的密码-12345"},
                   follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    for c in (victim, stolen):
        assert c.get("/unit", follow_redirects=False).status_code == 303
    assert admin.get("/admin/users").status_code == 200  # the admin's own session goes on
    login(demo.client(), "hutang", "新的密码-12345")


def test_padded_names_are_the_same_account_to_the_throttle(demo: DemoApp) -> None:
    client = demo.client()
    for name in ("leader", "   leader", "LEADER ", "leader", "\tleader"):
        token = csrf_of(client.get("/login").text)
        r = client.post("/login", data={"username": name, "password": "nope", "csrf": token})
        assert r.status_code == 401
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": "  leader", "password": PASSWORDS["leader"],
                                    "csrf": token})  # fmt: skip
    assert r.status_code == 429 and "次数过多" in r.text


def test_an_attacker_cannot_lock_out_someone_elsewhere() -> None:
    throttle = Throttle(attempts=5, window=900)
    for _ in range(50):
        throttle.failed("admin", "10.0.0.66")
    assert throttle.blocked("admin", "10.0.0.66") > 0
    assert throttle.blocked("admin", "10.0.0.7") == 0  # the real admin at her desk
    assert throttle.blocked("renshe", "10.0.0.66") > 0  # spraying from one address slows too


def test_delays_grow_instead_of_a_hard_lock() -> None:
    throttle = Throttle(attempts=5, window=900)
    waits = []
    for _ in range(9):
        throttle.failed("leader", "10.0.0.9")
        waits.append(throttle.blocked("leader", "10.0.0.9"))
    assert waits[:4] == [0, 0, 0, 0]
    assert 29 < waits[4] <= 30 and 479 < waits[8] <= 480  # 30 s, 1, 2, 4, 8 minutes


def test_the_client_address_comes_from_the_trusted_proxy_header_only(demo: DemoApp) -> None:
    def guesses(settings: Settings, spoof: bool) -> int:
        client = TestClient(create_app(demo.db, settings))
        statuses = []
        for i in range(7):
            token = csrf_of(client.get("/login").text)
            headers = {"X-Forwarded-For": f"203.0.113.{i}"} if spoof else {}
            r = client.post("/login", data={"username": "renshe", "password": "nope",
                                            "csrf": token}, headers=headers)  # fmt: skip
            statuses.append(r.status_code)
        return statuses.count(401)

    # not configured: a forged header gives no fresh address per guess
    assert guesses(Settings(secret_key="t"), spoof=True) == 5
    # configured: the proxy's header is the address (here each guess from another client)
    assert guesses(Settings(secret_key="t", proxy_header="X-Forwarded-For"), spoof=True) == 7


def test_cookies_are_secure_on_https(demo: DemoApp) -> None:
    def cookie(client: TestClient, **headers: str) -> str:
        token = csrf_of(client.get("/login").text)  # headers on the login post only: the
        # test client, unlike the browser talking HTTPS to the proxy, keeps Secure cookies back
        r = client.post("/login", data={"username": "leader", "csrf": token,
                                        "password": PASSWORDS["leader"]},
                        headers=headers, follow_redirects=False)  # fmt: skip
        return r.headers["set-cookie"].lower()

    plain = TestClient(create_app(demo.db, Settings(secret_key="t")))
    assert "secure" not in cookie(plain)
    direct = TestClient(create_app(demo.db, Settings(secret_key="t")), base_url="https://x")
    assert "; secure" in cookie(direct)
    proxied = TestClient(create_app(demo.db, Settings(secret_key="t", proxy_header="X-Real-IP")))
    assert "; secure" in cookie(proxied, **{"X-Forwarded-Proto": "https"})
    assert "secure" not in cookie(plain, **{"X-Forwarded-Proto": "https"})  # untrusted
