"""Splitting a target to units in the web: shares that add up, each unit judged on its share."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from luoshi.store.models import ProgressReport, Target
from web_fixtures import DemoApp, csrf_of, demo_app, login

WHOLE = "盘活低效用地"  # 4100 亩 in the seed, a level that adds up across towns


@pytest.fixture
def demo(db_url: str) -> Iterator[DemoApp]:
    d = demo_app(db_url)
    yield d
    d.db.dispose()


def _ids(d: DemoApp) -> tuple[int, list[int]]:
    with d.db.session() as s:
        whole = s.scalar(select(Target).where(Target.name == WHOLE, Target.parent_id.is_(None)))
        assert whole is not None and whole.value == 4100
        kids = list(s.scalars(select(Target.id).where(Target.parent_id == whole.id)
                              .order_by(Target.id)))  # fmt: skip
        return whole.id, kids


def _split(client, tid: int, csrf: str, rows: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    data = {"csrf": csrf, "unit": [u for u, _ in rows], "share": [v for _, v in rows]}
    return client.post(f"/targets/{tid}/split", data=data, follow_redirects=False)


def test_split_refuses_bad_shares_and_keeps_what_was_typed(demo: DemoApp) -> None:
    office = demo.client()
    csrf = login(office, "admin")
    tid, _ = _ids(demo)
    page = office.get(f"/targets/{tid}").text
    assert "分解到单位" in page and 'name="share"' in page
    short = _split(office, tid, csrf, [("湖塘镇", "2000"), ("礼嘉镇", "2,000"), ("", "")])
    assert short.status_code == 400
    assert "各单位分解数合计4,000亩，比目标值4,100亩少100亩" in short.text
    assert 'value="2,000"' in short.text  # what was typed stays in the form
    message = short.text.split('class="flash error">', 1)[1].split("</p>", 1)[0]
    assert message.startswith("未分解：") and not re.search(r"[A-Za-z]", message), message
    bad = _split(office, tid, csrf, [("湖塘镇", "两千来亩"), ("礼嘉镇", "2100")])
    assert bad.status_code == 400 and "分解数「两千来亩」不是数字" in bad.text
    twice = _split(office, tid, csrf, [("湖塘镇", "2000"), ("湖塘镇", "2100")])
    assert twice.status_code == 400 and "湖塘镇重复填写" in twice.text
    half = _split(office, tid, csrf, [("湖塘镇", "4100"), ("礼嘉镇", "")])
    assert half.status_code == 400 and "第2行" in half.text
    assert _ids(demo)[1] == []  # nothing saved
    # a unit reporter may not split
    unit = demo.client()
    assert _split(unit, tid, login(unit, "hutang"), [("湖塘镇", "4100")]).status_code == 403
    assert _ids(demo)[1] == []


def test_each_unit_reports_its_share_and_the_whole_rolls_up(demo: DemoApp) -> None:
    office = demo.client()
    csrf = login(office, "admin")
    tid, _ = _ids(demo)
    done = _split(office, tid, csrf, [("湖塘镇", "2000"), ("礼嘉镇", "2,100")])
    assert done.status_code == 303, done.text
    _, (hutang_share, lijia_share) = _ids(demo)
    with demo.db.session() as s:
        assert [s.get(Target, k).value for k in (hutang_share, lijia_share)] == [2000, 2100]

    # 湖塘镇 reports on its own share from its page; the office approves it
    town = demo.client()
    town_csrf = login(town, "hutang")
    share_page = town.get(f"/targets/{hutang_share}").text
    assert "份额" in share_page and "填报进度" in share_page
    r = town.post(f"/targets/{hutang_share}/progress", follow_redirects=False,
                  data={"csrf": town_csrf, "as_of": "2024-06-30", "value": "1,100"})  # fmt: skip
    assert r.status_code == 303, r.text
    with demo.db.session() as s:
        pending = s.scalar(select(ProgressReport.id).where(
            ProgressReport.target_id == hutang_share))  # fmt: skip
    assert office.post(f"/progress/{pending}/review", follow_redirects=False,
                       data={"csrf": csrf, "decision": "approve"}).status_code == 303  # fmt: skip

    # 礼嘉镇's share lags at mid-year: it is asked for the reason and the measure
    lag = {"csrf": csrf, "as_of": "2024-06-30", "value": "600"}
    refused = office.post(f"/targets/{lijia_share}/progress", data=lag, follow_redirects=False)
    assert refused.status_code == 400
    lag |= {"reason": "征收补偿协议未签订", "action": "成立专班，8月底前完成"}
    assert office.post(f"/targets/{lijia_share}/progress", data=lag,
                       follow_redirects=False).status_code == 303  # fmt: skip

    # each share is judged on its own figure …
    assert "正常推进" in town.get(f"/targets/{hutang_share}").text.split("完成率")[0]
    lijia = office.get(f"/targets/{lijia_share}").text
    assert "滞后" in lijia.split("完成率")[0] and "征收补偿协议未签订" in lijia

    # … and the whole shows each unit's series and the roll-up (1,100 + 600 亩)
    whole = office.get(f"/targets/{tid}").text
    shares = whole.split('id="shares"', 1)[1].split("</section>", 1)[0]
    assert "湖塘镇" in shares and "礼嘉镇" in shares and "合计" in shares
    assert "6月30日：1,100" in shares and "6月30日：600" in shares
    assert "1,700亩" in shares
    assert 'name="share"' not in whole  # split once; the whole is reported through its shares
    assert f'action="/targets/{tid}/progress"' not in whole
    # history has a unit column naming who reported each figure
    history = whole.split('id="history"', 1)[1].split("</table>", 1)[0]
    assert "<th>单位</th>" in history and "湖塘镇" in history and "礼嘉镇" in history
    # the register judges the whole on the same roll-up
    register = office.get(f"/register?q={WHOLE}").text
    assert "1,700" in register
    assert csrf_of(whole)
