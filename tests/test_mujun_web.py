"""亩均评价 pages: who sees what (the 经信局 sees figures, the office classes, reporters nothing)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from luoshi.mujun.demo import JINGXIN, build_mujun_demo
from luoshi.mujun.synthetic import synthetic_district, write_bureau_files
from luoshi.store.models import AuditEvent, MujunEvaluation
from web_fixtures import DemoApp, csrf_of, demo_app, login

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


# ---- upload, review, confirm ---------------------------------------------------------------


def _bureau_files(tmp: Path, n: int = 60, seed: int = 5) -> dict[str, Path]:
    return write_bureau_files(synthetic_district(n, seed=seed, year=2025), tmp, 2025, seed=seed)


def _upload(c, paths: list[Path], year: str = "2025"):  # type: ignore[no-untyped-def]
    csrf = csrf_of(c.get("/mujun/upload").text)
    files = [("files", (p.name, p.read_bytes())) for p in paths]
    return c.post("/mujun/upload", data={"csrf": csrf, "year": year, "method": "huaian-2024"},
                  files=files)  # fmt: skip


def _confirm(c, review: str, matches: list[str] = ()):  # type: ignore[no-untyped-def]
    token = re.search(r'name="token" value="([^"]+)"', review)
    assert token, "no confirm form"
    data = {"csrf": csrf_of(review), "token": token.group(1), "match": list(matches)}
    return c.post("/mujun/upload/confirm", data=data, follow_redirects=False)


def _saved_years(app: DemoApp) -> list[int]:
    with app.db.transaction() as s:
        return sorted(s.scalars(select(MujunEvaluation.year)))


def test_the_office_uploads_reviews_and_confirms_an_evaluation(
    app: DemoApp, tmp_path: Path
) -> None:
    c = client(app, "admin")
    paths = _bureau_files(tmp_path)
    r = _upload(c, list(paths.values()))
    assert r.status_code == 200, r.text
    assert "按统一社会信用代码对应出 60 家企业" in r.text and "确认前不会保存任何内容" in r.text
    assert "请核实：不在文件中" in r.text  # e.g. enterprises without R&D or emissions
    assert _saved_years(app) == [2023, 2024]  # the review saved nothing
    r = _confirm(c, r.text)
    assert r.status_code == 303 and r.headers["location"] == "/mujun?year=2025"
    assert _saved_years(app) == [2023, 2024, 2025]
    page_ = c.get("/mujun?year=2025").text
    assert "已完成2025年度亩均评价：60家企业" in page_ and "2025年度亩均评价" in page_
    with app.db.transaction() as s:
        ev = s.scalars(select(MujunEvaluation).where(MujunEvaluation.year == 2025)).one()
        assert ev.created_by == "admin" and ev.previous  # last year's saved averages: benchmarks
        s.delete(ev)  # leave the module's demo as it was


def test_a_malformed_file_is_one_message_per_problem_and_nothing_is_saved(
    app: DemoApp, tmp_path: Path
) -> None:
    c = client(app, JINGXIN[0])
    paths = _bureau_files(tmp_path)
    wb = load_workbook(paths["统计"])
    ws = wb.active
    header = [cell.value for cell in ws[1]]  # the statistics file's header is its first row
    sales_col = next(i for i, h in enumerate(header, 1) if str(h).startswith("营业收入"))
    ws.cell(3, sales_col, "约三百万")
    ws.cell(4, 1, "91320999MA0000001X")  # a wrong check digit, and the name is unknown
    ws.cell(4, 2, "查无此名有限公司")
    wb.save(paths["统计"])
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    r = _upload(c, [*paths.values(), broken])
    assert r.status_code == 422 and "《坏文件.xlsx》" in r.text  # refused before any reading
    r = _upload(c, list(paths.values()))
    assert r.status_code == 200
    errors = r.text.split('id="mujun-errors"')[1].split("</ul>")[0]
    name = paths["统计"].name
    assert f"《{name}》第3行「{header[sales_col - 1]}」列：“约三百万”不是数字" in errors
    assert f"《{name}》第4行「{header[0]}」列：统一社会信用代码校验位错误" in errors
    assert "Traceback" not in r.text and 'name="token"' not in r.text  # nothing to confirm
    assert _saved_years(app) == [2023, 2024]


def test_a_name_match_must_be_ticked_before_the_evaluation_runs(
    app: DemoApp, tmp_path: Path
) -> None:
    c = client(app, "admin")
    paths = _bureau_files(tmp_path)
    wb = load_workbook(paths["统计"])
    ws = wb.active
    ws.cell(2, 1, ws.cell(2, 1).value[:-1] + "Z")  # a typo in the code; the name is right
    wb.save(paths["统计"])
    r = _upload(c, list(paths.values()))
    assert r.status_code == 200 and 'id="mujun-matches"' in r.text
    refused = _confirm(c, r.text)
    assert refused.status_code == 422 and "还有1处名称匹配未确认" in refused.text
    assert _saved_years(app) == [2023, 2024]
    done = _confirm(c, r.text, ["0"])
    assert done.status_code == 303
    with app.db.transaction() as s:
        ev = s.scalars(select(MujunEvaluation).where(MujunEvaluation.year == 2025)).one()
        assert ev.summary["enterprises"] == 60
        s.delete(ev)


@pytest.mark.parametrize("who", ["leader", "renshe"])
def test_only_the_office_and_the_bureau_upload(app: DemoApp, who: str) -> None:
    c = client(app, who)
    assert c.get("/mujun/upload").status_code == 403
