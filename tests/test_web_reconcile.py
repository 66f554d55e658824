"""Year-end reconciliation in the browser: a review's results recorded as actuals (in-process)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from luoshi.store import Database
from luoshi.store.models import Plan, ProgressReport, Target
from test_web_plans import ADMIN, client_for, csrf_of, form_of, upload, web_db

__all__ = ["web_db"]  # the fixture, shared with the plan import tests

DEV = "tongxiang-2024-plan-execution.txt"


def dev_document(corpus: Path) -> bytes:
    return (corpus / "dev" / DEV).read_bytes()


def import_plan(client: TestClient, data: bytes) -> int:
    page = upload(client, data, DEV, year=2024).text
    r = client.post("/plans/confirm", data=form_of(page, "/plans/confirm"), follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("=", 1)[1])


def propose(client: TestClient, plan_id: int, data: bytes) -> str:
    token = csrf_of(client.get("/reconcile").text)
    r = client.post("/reconcile", data={"csrf": token, "plan": str(plan_id)},
                    files={"file": (DEV, data, "text/plain")})  # fmt: skip
    assert r.status_code == 200, r.text
    return r.text


def test_review_results_become_year_end_actuals(web_db: Database, corpus: Path) -> None:
    client = client_for(web_db, ADMIN)
    data = dev_document(corpus)
    plan_id = import_plan(client, data)
    page = propose(client, plan_id, data)
    fields = form_of(page, "/reconcile/accept")
    assert len(fields["pick"]) == 4  # each proposal, ticked by default
    assert "地区生产总值" in page and "全员劳动生产率" in page and "实绩" in page
    assert "100%" in page  # the score
    r = client.post("/reconcile/accept", data=fields, follow_redirects=False)
    assert r.status_code == 303
    done = client.get(r.headers["location"]).text
    assert "已将 4 条结果记录为" in done and f'href="/register?plan={plan_id}"' in done
    assert "已将" not in client.get("/reconcile").text  # said once
    with web_db.transaction() as s:
        reports = list(s.scalars(select(ProgressReport)))
        assert len(reports) == 4
        assert {r.as_of for r in reports} == {date(2024, 12, 31)}
        values = {s.get(Target, r.target_id).name: r.value for r in reports}  # type: ignore[union-attr]
        assert values["全员劳动生产率"] == 205000 and values["地区生产总值"] == 4.8
        assert all(r.note and DEV in r.note and r.reported_by == "admin" for r in reports)


def test_only_the_ticked_results_are_recorded(web_db: Database, corpus: Path) -> None:
    client = client_for(web_db, ADMIN)
    data = dev_document(corpus)
    page = propose(client, import_plan(client, data), data)
    fields = form_of(page, "/reconcile/accept")
    fields["pick"] = [*fields["pick"][:1], "99", "x"]  # out-of-range picks are ignored
    r = client.post("/reconcile/accept", data=fields)
    assert "已将 1 条结果记录为" in r.text
    fields["pick"] = []
    r = client.post("/reconcile/accept", data=fields)
    assert r.status_code == 400 and "没有勾选" in r.text
    with web_db.transaction() as s:
        assert len(list(s.scalars(select(ProgressReport)))) == 1


def test_a_tampered_proposal_is_refused(web_db: Database, corpus: Path) -> None:
    client = client_for(web_db, ADMIN)
    data = dev_document(corpus)
    page = propose(client, import_plan(client, data), data)
    fields = form_of(page, "/reconcile/accept")
    token = fields["token"][0]
    fields["token"] = [token[:30] + ("A" if token[30] != "A" else "B") + token[31:]]
    r = client.post("/reconcile/accept", data=fields)
    assert r.status_code == 400 and "被改动" in r.text
    with web_db.transaction() as s:
        assert list(s.scalars(select(ProgressReport))) == []


def test_reconcile_form_errors(web_db: Database, corpus: Path) -> None:
    client = client_for(web_db, ADMIN)
    assert "请先" in client.get("/reconcile").text  # no plan yet
    plan_id = import_plan(client, dev_document(corpus))
    page = client.get("/reconcile").text
    assert re.search(rf'<option value="{plan_id}"[^>]*>2024 · ', page)
    token = csrf_of(page)
    r = client.post("/reconcile", data={"csrf": token, "plan": "999"})
    assert r.status_code == 400 and "请选择要核对的计划" in r.text
    r = client.post("/reconcile", data={"csrf": token, "plan": str(plan_id)},
                    files={"file": ("r.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "text/plain")})  # fmt: skip
    assert r.status_code == 415 and "按内容识别" in r.text
    r = client.post("/reconcile", data={"csrf": token, "plan": str(plan_id),
                                        "text": "今年各项工作进展顺利。"})  # fmt: skip
    assert r.status_code == 422 and "对得上" in r.text
    with web_db.transaction() as s:
        assert s.get(Plan, plan_id) is not None and list(s.scalars(select(ProgressReport))) == []
