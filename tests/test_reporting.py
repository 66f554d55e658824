"""Reporting that forgives: the form says before submitting what a figure would mean, a refused
report keeps what was typed, figures are read as people type them, a cumulative figure below
the last asks for confirmation, and a report waiting for review is 待审核 — on SQLite and
PostgreSQL."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from luoshi.domain import Verdict
from luoshi.register.progress import NeedsConfirmation, check_report, record_progress
from luoshi.register.progress_excel import HEADER_ROW
from luoshi.register.reminders import load_duties, plan_reminders
from luoshi.register.split import split_target
from luoshi.register.units import AmountError, read_amount
from luoshi.register.verdicts import find_plan, register_verdicts
from luoshi.store.models import ProgressReport, Target
from luoshi.store.repo import StoreError
from web_fixtures import DemoApp, demo_app, login

WHOLE = "盘活低效用地"  # 4100 亩 in the seed
JUNE = date(2024, 6, 30)


# --- one reader of typed figures -------------------------------------------------------------

TYPED = [
    ("−3.2", "人", -3.2),  # the minus sign, not a hyphen
    ("-3.2", "%", -3.2),
    ("－3.2", "%", -3.2),  # full-width hyphen-minus
    ("1,234.5", "元", 1234.5),
    ("1，234", "个", 1234),
    ("1 234", "个", 1234),
    ("12,345,678", "元", 12345678),
    ("2.6万", "人", 26000),
    ("2.6万人", "人", 26000),
    ("26000人", "人", 26000),
    ("3.5亿元", "万元", 35000),
    ("0.25亿", "元", 25_000_000),
    ("45%", "%", 45),
    ("１２３", "个", 123),  # full-width digits
    ("三千五百", "亩", 3500),
    ("两万", "人", 20000),
    ("负三", "个", -3),
    ("", "人", None),
    ("  ", "人", None),
]


@pytest.mark.parametrize(("text", "unit", "value"), TYPED, ids=[t for t, _, _ in TYPED])
def test_typed_figures_are_read(text: str, unit: str, value: float | None) -> None:
    got = read_amount(text, unit)
    assert got == value if value is None else got == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("很多", "人", "「很多」不是数字"),
        ("1,23", "个", "不是数字"),  # a comma that does not separate thousands
        ("≥300", "人", "不带“以上”“约”等字样"),
        ("2.6万元", "人", "单位不一致：应以人计"),
        ("5个", "", "应不带单位"),
        ("9" * 400, "元", "太大"),
    ],
)
def test_what_is_not_a_figure_says_why(text: str, unit: str, message: str) -> None:
    with pytest.raises(AmountError, match=message) as e:
        read_amount(text, unit)
    assert not re.search(r"[A-Za-z]", str(e.value).replace(text, ""))


# --- the register's rule, asked before and on submit -----------------------------------------


@pytest.fixture
def demo(db_url: str) -> Iterator[DemoApp]:
    d = demo_app(db_url)
    yield d
    d.db.dispose()


def _shares(d: DemoApp) -> tuple[int, int, int]:
    """The whole target split to 湖塘镇 (2000 亩) and 礼嘉镇 (2100 亩): (whole, 湖塘镇, 礼嘉镇)."""
    with d.db.transaction() as s:
        whole = s.scalar(select(Target.id).where(Target.name == WHOLE, Target.parent_id.is_(None)))
        assert whole is not None
        kids = split_target(s, whole, {"湖塘镇": 2000, "礼嘉镇": 2100}, "admin")
        return whole, kids[0].id, kids[1].id


def test_a_share_is_judged_on_its_share(demo: DemoApp) -> None:
    _, hutang, _ = _shares(demo)
    with demo.db.transaction() as s:
        slow = check_report(s, hutang, JUNE, 300, unit="湖塘镇")  # 15% of its 2000 at mid-year
        assert slow.lagging and slow.needs_reason and "滞后原因" in slow.reason_message()
        fine = check_report(s, hutang, JUNE, 1100, unit="湖塘镇")  # 55 %
        assert not fine.needs_reason and fine.judgement.verdict in (Verdict.ON_TRACK, Verdict.AHEAD)
        with pytest.raises(StoreError, match=r"不是指标.*的责任单位"):
            check_report(s, hutang, JUNE, 300, unit="礼嘉镇")


def test_a_lower_cumulative_figure_asks_to_confirm(demo: DemoApp) -> None:
    _, hutang, _ = _shares(demo)
    why = {"lag_reason": "征迁协议未签", "corrective_action": "专班推进"}
    with demo.db.transaction() as s:
        record_progress(s, hutang, JUNE, 900, "hutang", unit="湖塘镇", **why)
    with (
        pytest.raises(NeedsConfirmation, match="低于2024-06-30填报的900亩"),
        demo.db.transaction() as s,
    ):
        record_progress(s, hutang, date(2024, 7, 31), 800, "hutang", unit="湖塘镇", **why)
    with demo.db.transaction() as s:
        report, _ = record_progress(s, hutang, date(2024, 7, 31), 800, "hutang", unit="湖塘镇",
                                    confirm_lower=True, **why)  # fmt: skip
        assert report.value == 800
        # a correction of the same date is no fall: it replaces that day's figure
        record_progress(s, hutang, JUNE, 850, "hutang", unit="湖塘镇", **why)


def test_a_report_waiting_for_review_is_not_missing(demo: DemoApp) -> None:
    _, hutang, _ = _shares(demo)

    def reminded() -> set[int]:
        with demo.db.transaction() as s:
            duties = load_duties(s, JUNE, [find_plan(s)])
        return {r.target_id for r in plan_reminders(duties, JUNE, 7)}

    def row() -> tuple[str, Verdict]:
        with demo.db.transaction() as s:
            r = next(r for r in register_verdicts(s, find_plan(s), JUNE) if r.target_id == hutang)
            return r.verdict_label, r.judgement.verdict

    assert row() == ("未报送", Verdict.NOT_REPORTED) and hutang in reminded()
    with demo.db.transaction() as s:
        record_progress(s, hutang, JUNE, 1100, "hutang", unit="湖塘镇", review="pending")
    # nothing counts until the office approves, but the unit is not chased for it
    assert row() == ("待审核", Verdict.NOT_REPORTED) and hutang not in reminded()


# --- the web form ----------------------------------------------------------------------------


def test_the_form_warns_before_submitting_and_keeps_what_was_typed(demo: DemoApp) -> None:
    whole, hutang, _ = _shares(demo)
    unit = demo.client()
    csrf = login(unit, "hutang")
    page = unit.get(f"/targets/{hutang}").text
    assert "data-check=" in page and "report-check.js" in page
    check = f"/targets/{hutang}/progress/check"
    slow = unit.get(check, params={"as_of": "2024-06-30", "value": "300"}).json()
    assert slow["ok"] and slow["needs_reason"] and slow["lagging"]
    assert "将判为" in slow["message"] and "请填写滞后原因和整改措施" in slow["message"]
    fine = unit.get(check, params={"as_of": "2024-06-30", "value": "1,100"}).json()
    assert fine["ok"] and not fine["needs_reason"] and not fine["confirm_lower"]
    bad = unit.get(check, params={"as_of": "2024-06-30", "value": "很多"}).json()
    assert (
        not bad["ok"] and bad["field"] == "value" and "累计完成：「很多」不是数字" in bad["message"]
    )
    # another unit's share: not this unit's to report or to ask about
    other = demo.client()
    login(other, "renshe")
    assert other.get(check, params={"as_of": "2024-06-30", "value": "1"}).status_code == 403

    # submitted without the reason: refused, everything typed is still there, the field named
    sent = {"as_of": "2024-06-30", "value": "300", "note": "完成土地收储300亩", "csrf": csrf,
            "action": "每周调度"}  # fmt: skip
    r = unit.post(f"/targets/{hutang}/progress", data=sent, follow_redirects=False)
    assert r.status_code == 400
    assert 'value="300"' in r.text and "完成土地收储300亩" in r.text and "每周调度" in r.text
    message = r.text.split('class="flash error">', 1)[1].split("</p>", 1)[0]
    assert message.startswith("未提交。滞后原因：") and "请填写滞后原因和整改措施" in message
    assert not re.search(r"[A-Za-z]", message), message
    assert 'name="reason" rows="2" maxlength="2000" aria-invalid="true"' in r.text
    with demo.db.transaction() as s:
        assert not s.scalar(select(func.count()).where(ProgressReport.target_id == hutang))

    r = unit.post(f"/targets/{hutang}/progress", data=sent | {"reason": "征迁协议未签"},
                  follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and "待督查室审核" in unquote(r.headers["location"])
    # waiting for review: 待审核 on the unit's list and in the office's register, not 未报送
    mine = unit.get("/unit").text
    share_row = next(x for x in mine.split("<tr>") if f"/targets/{hutang}?" in x)
    assert "待审核" in share_row and "未报送" not in share_row
    office = demo.client()
    login(office, "admin")
    register = office.get("/register", params={"q": "湖塘镇"}).text
    share_row = next(x for x in register.split("<tr>") if f"/targets/{hutang}?" in x)
    assert "待审核" in share_row and "未报送" not in share_row
    # the office reads the share's reason and measure on the whole target's page
    whole_page = office.get(f"/targets/{whole}").text
    assert "征迁协议未签" in whole_page and "每周调度" in whole_page

    # lower than what it reported: the form asks to confirm rather than refusing for good
    later = {"as_of": "2024-07-31", "value": "250", "csrf": csrf, "reason": "征迁协议未签",
             "action": "每周调度"}  # fmt: skip
    asked = unit.get(check, params={"as_of": "2024-07-31", "value": "250"}).json()
    assert (
        asked["ok"] and asked["confirm_lower"] and "低于2024-06-30填报的300亩" in asked["message"]
    )
    r = unit.post(f"/targets/{hutang}/progress", data=later | {"value": "250"})
    assert r.status_code == 400 and "确认累计数低于上次" in r.text
    assert "data-confirm-lower>" in r.text or "data-confirm-lower >" in r.text  # shown, not hidden
    r = unit.post(f"/targets/{hutang}/progress", data=later | {"value": "250",
                  "confirm_lower": "yes"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303


def test_an_excel_form_sent_twice_is_recognised(demo: DemoApp) -> None:
    _, hutang, _ = _shares(demo)
    unit = demo.client()
    csrf = login(unit, "hutang")
    wb = load_workbook(io.BytesIO(unit.get("/unit/template.xlsx").content))
    ws = wb.active
    assert ws is not None
    col = {ws.cell(HEADER_ROW, c).value: c for c in range(1, ws.max_column + 1)}
    row = next(r for r in range(HEADER_ROW + 1, ws.max_row + 1)
               if ws.cell(r, col["ID"]).value == hutang)  # fmt: skip
    ws.cell(row, col["本期累计完成"]).value = "1,100"
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = ("进度.xlsx", buf.getvalue(), "application/octet-stream")
    first = unit.post("/unit/upload", data={"csrf": csrf}, files={"file": xlsx})
    assert first.status_code == 200 and "已导入1条进度，待督查室审核" in first.text
    again = unit.post("/unit/upload", data={"csrf": csrf}, files={"file": xlsx})
    assert again.status_code == 200 and "这份填报表已经收到过" in again.text
    with demo.db.transaction() as s:
        q = select(func.count()).where(ProgressReport.target_id == hutang)
        assert s.scalar(q) == 1  # one version, not two
