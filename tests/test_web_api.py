"""The JSON API in-process: every route for every role, who may see and write what, tokens,
CSRF for browser sessions, refusals as 4xx with a message, and ``luoshi user``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select

from luoshi.cli.user import user as user_cli
from luoshi.domain import Verdict
from luoshi.register.demo import LOGINS
from luoshi.settings import Settings
from luoshi.store import Database
from luoshi.store.models import Assignment, ProgressReport, Target, Unit, User
from luoshi.web.app import create_app
from web_fixtures import DemoApp, demo_app, login

REPORTERS = {login.username: login.unit for login in LOGINS if login.role == "reporter"}
STAFF = ("admin", "leader")
EVERYONE = (*STAFF, *REPORTERS)
LAGGING = {Verdict.LAGGING, Verdict.SERIOUSLY_LAGGING, Verdict.OVERDUE}
ROUTES = {
    ("get", "/api/me"),
    ("get", "/api/plans"),
    ("get", "/api/status"),
    ("get", "/api/overview"),
    ("get", "/api/units"),
    ("get", "/api/targets/{target_id}"),
    ("post", "/api/targets/{target_id}/progress"),
    ("patch", "/api/targets/{target_id}"),
}
MAX_ID = 2**31 - 1


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoApp]:
    """Shared by the tests that only read, or whose writes are all refused."""
    d = demo_app(f"sqlite:///{tmp_path_factory.mktemp('api') / 'demo.sqlite3'}")
    yield d
    d.db.dispose()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[DemoApp]:
    """A demo of its own, for tests whose writes land."""
    d = demo_app(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    yield d
    d.db.dispose()


def target_ids(db: Database, unit: str | None = None) -> set[int]:
    """Every target, or those a unit carries (leads or shares)."""
    with db.transaction() as s:
        q = select(Target.id)
        if unit:
            q = q.where(Target.assignments.any(Assignment.unit.has(Unit.name == unit)))
        return set(s.scalars(q))


def target_named(db: Database, name: str) -> tuple[int, int]:
    with db.transaction() as s:
        t = s.scalars(select(Target).where(Target.name == name)).one()
        return t.id, t.version


def calls(tid: int) -> list[tuple[str, str, dict[str, Any] | None]]:
    """One request per route, with a well-formed body where one is needed."""
    return [
        ("get", "/api/me", None),
        ("get", "/api/plans", None),
        ("get", "/api/status", None),
        ("get", "/api/overview", None),
        ("get", "/api/units", None),
        ("get", f"/api/targets/{tid}", None),
        ("post", f"/api/targets/{tid}/progress", {"as_of": "2024-06-30", "value": 1}),
        ("patch", f"/api/targets/{tid}", {"version": 1, "value": 1}),
    ]


def send(client: TestClient, method: str, path: str, body: Any = None, **kw: Any) -> Any:
    return client.request(method.upper(), path, json=body, **kw)


# --- the document ---------------------------------------------------------------------------


def test_openapi_lists_every_route_with_models_and_errors(demo: DemoApp) -> None:
    spec = demo.client().get("/api/openapi.json").json()
    ops = {(m, p): op for p, item in spec["paths"].items() if p.startswith("/api/")
           for m, op in item.items()}  # fmt: skip
    assert set(ops) == ROUTES
    assert sorted(op["operationId"] for op in ops.values()) == [
        "edit_target", "me", "overview", "plans", "report_progress", "status", "target", "units"
    ]  # fmt: skip
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for (method, path), op in ops.items():
        assert op["summary"], path
        ok = op["responses"]["201" if method == "post" else "200"]
        assert "$ref" in json.dumps(ok["content"]["application/json"]["schema"]), path
        declared = set(op["responses"])
        assert {"401", "422"} <= declared, path
        if "{target_id}" in path:
            assert {"403", "404"} <= declared, path
            param = next(p for p in op["parameters"] if p["name"] == "target_id")
            assert param["schema"]["minimum"] == 1 and param["schema"]["maximum"] == MAX_ID
        if method != "get":
            assert {"400", "409"} <= declared, path
        assert op["security"] == [{"HTTPBearer": []}], path
        assert "_api_" not in op["operationId"], op["operationId"]
    # the pages are not part of the API document
    assert not any(p for p in spec["paths"] if not p.startswith("/api/"))


# --- roles ----------------------------------------------------------------------------------


def test_each_role_on_each_route(fresh: DemoApp) -> None:
    c = fresh.client()
    milestone, _ = target_named(fresh.db, "保障理想三基地投产")
    jobs, _ = target_named(fresh.db, "城镇新增就业")
    schools, _ = target_named(fresh.db, "新增学位")
    housing, _ = target_named(fresh.db, "新建或改造保障性租赁住房")
    readable = {"admin": milestone, "leader": milestone, "renshe": jobs, "jiaoyu": schools,
                "hutang": housing}  # fmt: skip
    for who in EVERYONE:
        h = fresh.auth(who)
        me = c.get("/api/me", headers=h).json()
        assert me["username"] == who and me["unit"] == REPORTERS.get(who)
        plans = c.get("/api/plans", headers=h).json()
        assert [(p["year"], p["targets"]) for p in plans] == [(2024, 21)]
        assert c.get("/api/status", headers=h).status_code == 200
        staff = 200 if who in STAFF else 403
        assert c.get("/api/overview", headers=h).status_code == staff, who
        assert c.get("/api/units", headers=h).status_code == staff, who
        tid = readable[who]
        detail = c.get(f"/api/targets/{tid}", headers=h)
        assert detail.status_code == 200, who
        target = detail.json()
        figure = {"done": True} if target["value"] is None else {"value": target["value"]}
        r = c.post(f"/api/targets/{tid}/progress", headers=h, json={"as_of": "2024-06-30",
                                                                    **figure})  # fmt: skip
        assert r.status_code == (403 if who == "leader" else 201), (who, r.text)
        r = c.patch(f"/api/targets/{tid}", headers=h,
                    json={"version": target["version"], "name": target["name"] + "(修订)"})  # fmt: skip
        assert r.status_code == (200 if who == "admin" else 403), (who, r.text)
    assert (
        c.get(f"/api/targets/{milestone}", headers=fresh.auth("leader")).json()["assessment"][
            "status"
        ]
        == "done"
    )


@pytest.mark.parametrize("who", sorted(REPORTERS))
def test_reporters_reach_only_their_units_targets(demo: DemoApp, who: str) -> None:
    c = demo.client()
    h = demo.auth(who)
    own = target_ids(demo.db, REPORTERS[who])
    others = target_ids(demo.db) - own
    assert own and others
    for tid in sorted(others):
        assert c.get(f"/api/targets/{tid}", headers=h).status_code == 403, tid
        for as_of in ("2024-06-30", "2030-01-01"):  # refused before the date is looked at
            r = c.post(f"/api/targets/{tid}/progress", headers=h,
                       json={"as_of": as_of, "value": 1, "lag_reason": "x",
                             "corrective_action": "y"})  # fmt: skip
            assert r.status_code == 403, (tid, r.text)
        r = c.post(f"/api/targets/{tid}/progress", headers=h, json={"as_of": "2024-06-30",
                                                                    "done": True})  # fmt: skip
        assert r.status_code == 403
        assert c.patch(f"/api/targets/{tid}", headers=h,
                       json={"version": 2, "value": 1}).status_code == 403  # fmt: skip
    for tid in own:
        assert c.get(f"/api/targets/{tid}", headers=h).status_code == 200
    # the register is their unit's, whatever they ask for
    for params in ({}, {"unit": "区发改委"}, {"unit": ""}, {"area": ""}):
        rows = c.get("/api/status", headers=h, params=params).json()["rows"]
        assert {r["target_id"] for r in rows} == own, params
    lagging = c.get("/api/status", headers=h, params={"lagging": "true"}).json()["rows"]
    assert {r["target_id"] for r in lagging} <= own
    for path in ("/api/overview", "/api/units"):
        assert c.get(path, headers=h).status_code == 403
    # absent targets are 404 for reads and reports; edits stop at the role
    assert c.get("/api/targets/999999", headers=h).status_code == 404
    r = c.post("/api/targets/999999/progress", headers=h, json={"as_of": "2024-06-30", "value": 1})
    assert r.status_code == 404
    assert c.patch("/api/targets/999999", headers=h,
                   json={"version": 1, "value": 1}).status_code == 403  # fmt: skip
    with demo.db.transaction() as s:
        assert not s.scalars(select(ProgressReport).where(
            ProgressReport.reported_by == who)).first()  # fmt: skip


def test_viewers_read_everything_and_write_nothing(demo: DemoApp) -> None:
    c = demo.client()
    h = demo.auth("leader")
    everyone = target_ids(demo.db)
    rows = c.get("/api/status", headers=h).json()["rows"]
    assert {r["target_id"] for r in rows} == everyone
    for tid in sorted(everyone):
        assert c.get(f"/api/targets/{tid}", headers=h).status_code == 200
        r = c.post(f"/api/targets/{tid}/progress", headers=h,
                   json={"as_of": "2024-06-30", "value": 1, "lag_reason": "x",
                         "corrective_action": "y"})  # fmt: skip
        assert r.status_code == 403 and "查看账号" in r.json()["detail"]
        assert c.patch(f"/api/targets/{tid}", headers=h,
                       json={"version": 2, "value": 1}).status_code == 403  # fmt: skip


# --- credentials ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer nope", "Bearer ", "bearer ls_" + "x" * 43, "Basic YWRtaW46bHVvc2hpLWFkbWlu"],
)
def test_wrong_or_missing_credentials_get_401(demo: DemoApp, authorization: str | None) -> None:
    c = demo.client()
    headers = {"Authorization": authorization} if authorization else {}
    for method, path, body in calls(1):
        r = send(c, method, path, body, headers=headers)
        assert r.status_code == 401, (method, path, authorization)
        assert r.headers["www-authenticate"] == "Bearer"
        assert isinstance(r.json()["detail"], str)
    # a bad token is refused even beside a logged-in session cookie
    login(c, "admin")
    assert c.get("/api/me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_a_browser_session_needs_the_csrf_header_to_write(fresh: DemoApp) -> None:
    jobs, version = target_named(fresh.db, "城镇新增就业")
    body = {"as_of": "2024-06-30", "value": 14000}
    reporter = fresh.client()
    csrf = login(reporter, "renshe")
    assert reporter.get("/api/me").json()["username"] == "renshe"  # reads need no header
    assert reporter.get(f"/api/targets/{jobs}").status_code == 200
    r = reporter.post(f"/api/targets/{jobs}/progress", json=body)
    assert r.status_code == 403 and "表单已过期" in r.json()["detail"]
    r = reporter.post(f"/api/targets/{jobs}/progress", json=body,
                      headers={"X-CSRF-Token": csrf[:-1]})  # fmt: skip
    assert r.status_code == 403
    r = reporter.post(f"/api/targets/{jobs}/progress", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    office = fresh.client()
    csrf = login(office, "admin")
    patch = {"version": version, "value": 27000}
    assert office.patch(f"/api/targets/{jobs}", json=patch).status_code == 403
    r = office.patch(f"/api/targets/{jobs}", json=patch, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.json()["value"] == 27000
    # another session's token does not do
    other = fresh.client()
    login(other, "admin")
    r = other.patch(f"/api/targets/{jobs}", json={**patch, "version": version + 1},
                    headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert r.status_code == 403


# --- reading ---------------------------------------------------------------------------------


def test_status_rows_and_filters(demo: DemoApp) -> None:
    c = demo.client()
    h = demo.auth("admin")
    full = c.get("/api/status", headers=h).json()
    assert full["as_of"] == "2024-06-30" and full["plan"]["year"] == 2024
    rows = full["rows"]
    assert full["count"] == len(rows) == 21
    jobs = next(r for r in rows if r["name"] == "城镇新增就业")
    assert jobs["lead_unit"] == "区人社局" and jobs["units"] == ["区人社局"]
    assert jobs["time_progress"] == 0.5 and jobs["latest"]["as_of"] == "2024-06-30"
    assert jobs["light"] in {"green", "yellow", "red", "grey"} and jobs["reason"]
    edu = c.get("/api/status", headers=h, params={"unit": "区教育局"}).json()["rows"]
    assert len(edu) == 3 and all("区教育局" in r["units"] for r in edu)
    area = rows[0]["area"]
    in_area = c.get("/api/status", headers=h, params={"area": area}).json()["rows"]
    assert in_area and {r["area"] for r in in_area} == {area}
    lagging = c.get("/api/status", headers=h, params={"lagging": "true"}).json()["rows"]
    assert lagging and {r["status"] for r in lagging} <= LAGGING
    assert len(lagging) == sum(r["status"] in LAGGING for r in rows)
    march = c.get("/api/status", headers=h, params={"as_of": "2024-03-31", "plan": 1}).json()
    assert next(r for r in march["rows"] if r["name"] == "城镇新增就业")["time_progress"] == 0.25
    assert c.get("/api/status", headers=h, params={"plan": 999}).status_code == 404
    for params in ({"plan": 0}, {"plan": 2**31}, {"plan": "x"}, {"as_of": "2024-02-30"},
                   {"as_of": "1999-12-31"}, {"as_of": "2100-01-01"}, {"lagging": "maybe"},
                   {"unit": "区\x00教育局"}, {"area": "x" * 201}, {"lagged": "true"}):  # fmt: skip
        r = c.get("/api/status", headers=h, params=params)
        assert r.status_code == 422, (params, r.text)
        assert all({"loc", "msg", "type"} == set(p) for p in r.json()["detail"])


def test_overview_adds_up_to_the_register(demo: DemoApp) -> None:
    c = demo.client()
    rows = c.get("/api/status", headers=demo.auth("admin")).json()["rows"]
    for who in STAFF:
        ov = c.get("/api/overview", headers=demo.auth(who)).json()
        assert ov["total"] == len(rows) == sum(ov["by_status"].values())
        assert set(ov["by_status"]) == {s.value for s in Verdict}
        assert sorted(r["target_id"] for r in rows if r["status"] in LAGGING) == sorted(
            r["target_id"] for r in ov["lagging"]
        )
        assert [u["rank"] for u in ov["units"]] == list(range(1, len(ov["units"]) + 1))
        assert {u["unit"] for u in ov["units"]} == {r["lead_unit"] for r in rows}
        assert sum(a["targets"] for a in ov["areas"]) == len(rows)
        unreported = sorted(i for ids in ov["not_reported"].values() for i in ids)
        assert unreported == sorted(r["target_id"] for r in rows if r["status"] == "not_reported")
    assert c.get("/api/overview", headers=demo.auth("admin"),
                 params={"plan": 999}).status_code == 404  # fmt: skip


def test_target_shows_its_source_verdict_and_history(demo: DemoApp) -> None:
    c = demo.client()
    jobs, version = target_named(demo.db, "城镇新增就业")
    t = c.get(f"/api/targets/{jobs}", headers=demo.auth("renshe")).json()
    assert (t["value"], t["unit"], t["version"], t["state"]) == (26000, "人", version, "active")
    assert t["source"]["document"] == "seed.txt" and t["source"]["text"] == "2.6万人"
    assert "2.6万人" in t["source"]["sentence"]
    assert [r["as_of"] for r in t["reports"]] == [f"2024-0{m}-{d}" for m, d in
                                                  ((1, 31), (2, 29), (3, 31), (4, 30), (5, 31),
                                                   (6, 30))]  # fmt: skip
    assert all(r["current"] and r["unit"] == "区人社局" for r in t["reports"])
    row = next(r for r in c.get("/api/status", headers=demo.auth("admin")).json()["rows"]
               if r["target_id"] == jobs)  # fmt: skip
    a = t["assessment"]
    assert (a["status"], a["completion"], a["gap_pp"]) == (row["status"], row["completion"],
                                                           row["gap_pp"])  # fmt: skip
    early = c.get(f"/api/targets/{jobs}", headers=demo.auth("admin"),
                  params={"as_of": "2024-01-15"}).json()  # fmt: skip
    assert early["as_of"] == "2024-01-15" and early["assessment"]["time_progress"] < 0.1


def test_units_list(demo: DemoApp) -> None:
    units = demo.client().get("/api/units", headers=demo.auth("leader")).json()
    names = {u["name"] for u in units}
    assert {"区人社局", "湖塘镇"} <= names
    assert {u["kind"] for u in units} == {"department", "place"}


# --- writing ---------------------------------------------------------------------------------


def test_reports_refused_by_the_register_say_why(fresh: DemoApp) -> None:
    c = fresh.client()
    h = fresh.auth("renshe")
    jobs, _ = target_named(fresh.db, "城镇新增就业")
    url = f"/api/targets/{jobs}/progress"
    r = c.post(url, headers=h, json={"as_of": "2024-06-30", "value": 5000})
    assert r.status_code == 400 and "滞后原因" in r.json()["detail"]
    r = c.post(url, headers=h, json={"as_of": "2024-12-31", "value": 26000, "done": True})
    assert r.status_code == 422
    r = c.post(url, headers=h, json={"as_of": "2024-06-30", "done": True})
    assert r.status_code == 400 and "请填写累计完成数" in r.json()["detail"]
    r = c.post(url, headers=h, json={"as_of": "2025-01-15", "value": 26000})
    assert r.status_code == 400 and "不在指标" in r.json()["detail"]
    milestone, _ = target_named(fresh.db, "保障理想三基地投产")
    r = c.post(f"/api/targets/{milestone}/progress", headers=fresh.auth("admin"),
               json={"as_of": "2024-06-30", "value": 1})  # fmt: skip
    assert r.status_code == 400 and "里程碑" in r.json()["detail"]
    with fresh.db.transaction() as s:
        assert len(s.scalars(select(ProgressReport).where(
            ProgressReport.target_id == jobs)).all()) == 6  # fmt: skip
    # a lag with its reason and action is taken; it corrects the report of that date
    lag = {
        "as_of": "2024-06-30",
        "value": 5000,
        "note": " 汛期 ",
        "lag_reason": "企业用工需求下降",
        "corrective_action": "举办专场招聘会",
    }
    # below May's cumulative 11,375: asked to confirm, not stored silently
    r = c.post(url, headers=h, json=lag)
    assert r.status_code == 400 and "低于2024-05-31填报的11,375人" in r.json()["detail"]
    r = c.post(url, headers=h, json=lag | {"confirm_lower": True})
    assert r.status_code == 201, r.text
    out = r.json()
    assert (out["revision"], out["status"], out["light"]) == (2, "seriously_lagging", "red")
    reports = c.get(f"/api/targets/{jobs}", headers=h).json()["reports"]
    june = [r for r in reports if r["as_of"] == "2024-06-30"]
    assert [(r["revision"], r["current"]) for r in june] == [(1, False), (2, True)]
    assert june[1]["id"] == out["report_id"] and june[1]["supersedes_id"] == june[0]["id"]
    assert (june[1]["note"], june[1]["reported_by"]) == ("汛期", "renshe")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"as_of": "2024-06-30"},
        {"as_of": "2024-06-30", "value": "many"},
        {"as_of": "2024-06-30", "value": 1e300},
        {"as_of": "2024-06-30", "value": "14000"},
        {"as_of": "2024-06-30", "value": False},
        {"as_of": "2024-06-30", "done": "yes"},
        {"as_of": "2024-06-30", "done": 1},
        {"as_of": "2024-06-30", "value": 1, "done": True},
        {"as_of": "2024-06-30", "value": 1, "unit_id": 3},
        {"as_of": "2024-06-30", "value": 1, "note": "x\x00y"},
        {"as_of": "2024-06-30", "value": 1, "note": "字" * 2001},
        {"as_of": "30/06/2024", "value": 1},
        {"as_of": "9999-12-31", "value": 1},
        [1, 2],
    ],
)
def test_malformed_reports_are_422(demo: DemoApp, body: Any) -> None:
    jobs, _ = target_named(demo.db, "城镇新增就业")
    r = demo.client().post(f"/api/targets/{jobs}/progress", headers=demo.auth("admin"), json=body)
    assert r.status_code == 422, r.text
    assert "Traceback" not in r.text


@pytest.mark.parametrize(
    "raw",
    [b'{"as_of": "2024-06-30", "value": NaN}', b'{"as_of": "2024-06-30", "value": Infinity}',
     b'{"as_of": "2024-06-30", "value": 1, "note": "\\ud800"}', b'{"as_of": ', b"\xff\xfe"],
)  # fmt: skip
def test_json_that_cannot_be_stored_is_422(demo: DemoApp, raw: bytes) -> None:
    jobs, _ = target_named(demo.db, "城镇新增就业")
    r = demo.client().post(f"/api/targets/{jobs}/progress", content=raw,
                           headers={**demo.auth("admin"),
                                    "Content-Type": "application/json"})  # fmt: skip
    assert r.status_code == 422, r.text


def test_admins_edit_against_the_version_they_saw(fresh: DemoApp) -> None:
    c = fresh.client()
    h = fresh.auth("admin")
    jobs, version = target_named(fresh.db, "城镇新增就业")
    url = f"/api/targets/{jobs}"
    r = c.patch(url, headers=h, json={"version": version, "value": 27000, "frequency": "quarterly"})
    assert r.status_code == 200, r.text
    t = r.json()
    assert (t["value"], t["frequency"], t["version"]) == (27000, "quarterly", version + 1)
    r = c.patch(url, headers=h, json={"version": version, "name": "城镇新增就业人数"})
    assert r.status_code == 409 and "已被他人修改" in r.json()["detail"]
    assert c.get(url, headers=h).json()["name"] == "城镇新增就业"
    r = c.patch(url, headers=h, json={"version": version + 1, "name": " 城镇新增就业人数 "})
    assert r.status_code == 200 and r.json()["name"] == "城镇新增就业人数"
    for body in ({"version": version + 2}, {"version": version + 2, "frequency": "weekly"},
                 {"version": version + 2, "name": "   "}, {"version": version + 2, "name": "a\nb"},
                 {"version": version + 2, "name": "字" * 501}, {"value": 1},
                 {"version": 0, "value": 1}, {"version": 2**31, "value": 1},
                 {"version": version + 2, "value": "1e999"},
                 {"version": version + 2, "value": False}, {"version": str(version + 2), "value": 1},
                 {"version": version + 2.0, "value": 1},
                 {"version": version + 2, "status": "dropped"}):  # fmt: skip
        r = c.patch(url, headers=h, json=body)
        assert r.status_code == 422, (body, r.text)
    assert c.patch("/api/targets/999999", headers=h,
                   json={"version": 1, "value": 1}).status_code == 404  # fmt: skip


@pytest.mark.parametrize("bad", ["0", "-1", str(2**31), str(2**63), str(10**30), "1.5", "x"])
def test_ids_out_of_range_are_422_and_never_reach_the_database(demo: DemoApp, bad: str) -> None:
    c = demo.client()
    h = demo.auth("admin")
    assert c.get(f"/api/targets/{bad}", headers=h).status_code == 422
    r = c.post(f"/api/targets/{bad}/progress", headers=h, json={"as_of": "2024-06-30", "value": 1})
    assert r.status_code == 422
    assert c.patch(f"/api/targets/{bad}", headers=h,
                   json={"version": 1, "value": 1}).status_code == 422  # fmt: skip
    assert c.get("/api/status", headers=h, params={"plan": bad}).status_code == 422


def test_the_largest_id_is_simply_absent(demo: DemoApp) -> None:
    c = demo.client()
    h = demo.auth("admin")
    assert c.get(f"/api/targets/{MAX_ID}", headers=h).status_code == 404
    assert c.post(f"/api/targets/{MAX_ID}/progress", headers=h,
                  json={"as_of": "2024-06-30", "value": 1}).status_code == 404  # fmt: skip
    assert c.patch(f"/api/targets/{MAX_ID}", headers=h,
                   json={"version": 1, "value": 1}).status_code == 404  # fmt: skip
    assert c.get("/api/status", headers=h, params={"plan": MAX_ID}).status_code == 404
    for path in (
        "/api/me?verbose=1",
        "/api/plans?year=2024",
        "/api/units?kind=place",
        "/api/targets/1?asof=2024-06-30",
    ):  # a typo is an error, not silently ignored
        r = c.get(path, headers=h)
        assert r.status_code == 422 and r.json()["detail"][0]["type"] == "extra_forbidden", path
    r = c.get("/api/nothing-here", headers=h)
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}


def test_other_methods_are_405_naming_the_allowed_ones(demo: DemoApp) -> None:
    c = demo.client()
    h = demo.auth("admin")
    for method in ("DELETE", "PUT", "POST", "OPTIONS"):
        r = c.request(method, "/api/targets/1", headers=h)
        assert r.status_code == 405 and r.headers["allow"] == "GET, PATCH", method
    r = c.delete("/api/targets/1/progress", headers=h)
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert c.post("/api/status", headers=h).status_code == 405


def test_the_api_on_both_databases(db_url: str) -> None:
    """A few calls on SQLite and PostgreSQL: reads, a report, a conflict, input PG refuses."""
    if db_url.startswith("sqlite"):
        db_url = db_url.replace(".sqlite3", "-api.sqlite3")
    d = demo_app(db_url)
    try:
        c = d.client()
        h = d.auth("admin")
        jobs, version = target_named(d.db, "城镇新增就业")
        assert c.get("/api/status", headers=h).json()["count"] == 21
        assert c.get("/api/overview", headers=h).status_code == 200
        assert c.get(f"/api/targets/{jobs}", headers=d.auth("renshe")).status_code == 200
        url = f"/api/targets/{jobs}/progress"
        r = c.post(url, headers=h, json={"as_of": "2024-06-30", "value": 14000, "note": "\x00"})
        assert r.status_code == 422
        r = c.post(url, headers=d.auth("renshe"), json={"as_of": "2024-06-30", "value": 14000})
        assert r.status_code == 201 and r.json()["revision"] == 2
        assert c.get(f"/api/targets/{MAX_ID}", headers=h).status_code == 404
        assert c.get("/api/status", headers=h, params={"unit": "区\x00"}).status_code == 422
        r = c.patch(f"/api/targets/{jobs}", headers=h, json={"version": version, "value": 1})
        assert r.status_code == 200
        r = c.patch(f"/api/targets/{jobs}", headers=h, json={"version": version, "value": 2})
        assert r.status_code == 409
    finally:
        d.db.dispose()


# --- luoshi user -----------------------------------------------------------------------------


def run(url: str, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(user_cli, list(args), obj={"db_url": url}, input=input)
    return result.exit_code, result.stdout, result.stderr


def test_user_commands_and_their_tokens(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'users.sqlite3'}"
    db = Database(url)
    with db.transaction() as s:
        s.add(Unit(name="区人社局"))
    assert run(url, "add", "alice", "--role", "admin", "--password", "alice-pass-1")[0] == 0
    code, out, _ = run(url, "add", "bob", "--role", "reporter", "--unit", "区人社局",
                       input="bob-pass-12\nbob-pass-12\n")  # fmt: skip
    assert code == 0 and "reporter of 区人社局" in out
    for args, message in [
        (("add", "ALICE", "--role", "viewer", "--password", "whatever-1"), "already exists"),
        (("add", "carol", "--role", "viewer", "--unit", "区人社局", "--password", "carol-pass"),
         "--unit is for reporters"),
        (("add", "dave", "--role", "reporter", "--unit", "无此局", "--password", "dave-pass-1"),
         "no unit named"),
        (("add", "erin", "--role", "reporter", "--password", "erin-pass-1"), "belongs to a unit"),
        (("add", "frank", "--role", "viewer", "--password", "short"), "at least 8"),
        (("token", "nobody"), "no user named"),
        (("disable", "alice"), "last active admin"),
    ]:  # fmt: skip
        code, out, err = run(url, *args)
        assert code == 2 and message in err and err.count("\n") == 1, (args, err)
        assert err.startswith("luoshi: ") and "Traceback" not in err
    assert run(url, "add", "gina", "--role", "boss", "--password", "gina-pass-1")[0] == 2
    code, out, _ = run(url, "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2 and "alice  admin  -  active  0 token(s)" in lines[0]
    assert "bob  reporter  区人社局  active" in lines[1]
    code, out, err = run(url, "token", "Bob", "--name", "日报脚本")
    assert code == 0 and "shown" not in out and "hash" in err
    token = out.strip()
    assert token.startswith("ls_") and "\n" not in token
    app = create_app(db, Settings(secret_key="test"))
    c = TestClient(app)
    me = c.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert (me["username"], me["role"], me["unit"]) == ("bob", "reporter", "区人社局")
    assert "1 token(s)" in run(url, "list")[1].splitlines()[1]
    code, out, _ = run(url, "disable", "bob")
    assert code == 0 and "disabled" in out
    assert c.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert "bob  reporter  区人社局  disabled" in run(url, "list")[1]
    assert run(url, "disable", "bob")[:2] == (0, "user「bob」is already disabled\n")
    code, _, err = run(url, "token", "bob")
    assert code == 2 and "disabled" in err
    with db.transaction() as s:
        bob = s.scalars(select(User).where(User.username == "bob")).one()
        assert not bob.active
    db.dispose()
