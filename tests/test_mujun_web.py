"""亩均评价 pages: who sees what (the 经信局 sees figures, the office classes, reporters nothing)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from luoshi.mujun.demo import JINGXIN, build_mujun_demo
from luoshi.mujun.synthetic import synthetic_district
from luoshi.store.models import AuditEvent
from web_fixtures import DemoApp, demo_app, login

PASSWORD = {JINGXIN[0]: JINGXIN[1]}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoApp]:
    url = f"sqlite:///{tmp_path_factory.mktemp('mujunweb') / 'l.sqlite3'}"
    demo = demo_app(url)
    with demo.db.transaction() as s:
        build_mujun_demo(s, n=200)
    yield demo
    demo.db.dispose()


def client(app: DemoApp, who: str):  # type: ignore[no-untyped-def]
    c = app.client()
    login(c, who, PASSWORD.get(who))
    return c


def test_list_filters_and_charts(app: DemoApp) -> None:
    c = client(app, "admin")
    r = c.get("/mujun")
    assert r.status_code == 200
    assert "2024年度亩均评价" in r.text and "mujun-class-chart" in r.text and "mujun-data" in r.text
    town = synthetic_district(200, seed=2024)[0].values["town"]
    r = c.get("/mujun", params={"town": town, "klass": "A"})
    rows = r.text.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
    assert rows > 0 and "A类" in r.text
    r2 = c.get("/mujun", params={"year": 2023})
    assert "2023年度亩均评价" in r2.text


def test_the_economic_bureau_sees_figures_and_the_calculation(app: DemoApp) -> None:
    who = synthetic_district(200, seed=2024)[0]
    c = client(app, JINGXIN[0])
    r = c.get("/mujun")
    assert "亩均税收（万元/亩）" in r.text and "导出评价结果表" in r.text
    r = c.get(f"/mujun/enterprises/{who.code}")
    assert r.status_code == 200 and who.name in r.text
    assert "计算过程" in r.text and "上年全区平均值" in r.text and "万元/亩" in r.text
    assert "2023" in r.text and "2024" in r.text  # the history


def test_the_office_sees_classes_but_no_figures(app: DemoApp) -> None:
    who = synthetic_district(200, seed=2024)[0]
    for name in ("admin", "leader"):
        c = client(app, name)
        r = c.get(f"/mujun/enterprises/{who.code}")
        assert r.status_code == 200
        assert "mujun-explain" not in r.text and "万元/亩" not in r.text
        assert "仅经信局账号可见" in r.text
        assert "亩均税收（万元/亩）" not in c.get("/mujun").text
        assert c.get("/mujun/export.xlsx").status_code == 403


def test_reporters_never_see_enterprises(app: DemoApp) -> None:
    who = synthetic_district(200, seed=2024)[0]
    c = client(app, "renshe")
    for path in ("/mujun", f"/mujun/enterprises/{who.code}", "/mujun/export.xlsx"):
        r = c.get(path)
        assert r.status_code == 403, path
        assert who.name not in r.text
    assert "亩均评价" not in c.get("/unit").text  # not in the reporter's menu


def test_export_is_the_published_workbook_and_is_audited(app: DemoApp) -> None:
    c = client(app, JINGXIN[0])
    r = c.get("/mujun/export.xlsx")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["评价结果", "镇街汇总", "评价办法"]
    with app.db.transaction() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "export",
                                                    AuditEvent.entity == "mujun_evaluation")).all()  # fmt: skip
        assert [(e.actor, e.after["year"]) for e in events][-1] == (JINGXIN[0], 2024)


def test_the_bureau_role_cannot_report_progress(app: DemoApp) -> None:
    from luoshi.accounts import issue_token
    from luoshi.store.models import Target, User

    with app.db.transaction() as s:
        user = s.scalars(select(User).where(User.username == JINGXIN[0])).one()
        token = issue_token(s, user, "tests", "tests")
        tid = s.scalars(select(Target.id)).first()
    r = app.client().post(f"/api/targets/{tid}/progress", json={"as_of": "2024-06-30", "value": 1},
                          headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert r.status_code == 403
