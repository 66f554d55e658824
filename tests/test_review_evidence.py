"""Evidence and approval: a unit's report waits for the office, counts once approved, comes
back with a reason when sent back; evidence is checked by content and shown only to those who
may see the target."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from docx import Document
from PIL import Image
from sqlalchemy import select

from luoshi.register.demo import build_demo
from luoshi.register.review import decide, evidence_kind
from luoshi.register.verdicts import find_plan, register_verdicts
from luoshi.store import Database
from luoshi.store.models import Attachment, ProgressReport, Target
from luoshi.store.repo import StoreError, add_progress, current_reports
from test_web_pages import client_for, csrf_of


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def _docx() -> bytes:
    doc = Document()
    doc.add_paragraph("招聘会现场签到表")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('review') / 'demo.sqlite3'}")
    with db.transaction() as s:
        build_demo(s)
    yield db
    db.dispose()


def _target(db: Database, name: str) -> int:
    with db.transaction() as s:
        return int(s.scalars(select(Target.id).where(Target.name == name)).one())


def test_evidence_kind_by_content() -> None:
    assert evidence_kind(_png()) == "png" and evidence_kind(_docx()) == "docx"
    assert evidence_kind(b"%PDF-1.7\n...") == "pdf"
    assert evidence_kind(b"MZ\x90\x00 an exe named photo.jpg") is None
    xlsx = io.BytesIO()
    from openpyxl import Workbook

    Workbook().save(xlsx)
    assert evidence_kind(xlsx.getvalue()) is None  # a zip, but not a Word file


def test_only_approved_figures_count(db: Database) -> None:
    """On each database: a pending correction leaves the approved figure standing."""
    from luoshi.register.plan_import import draft_plan, save_plan

    with db.transaction() as s:
        text = "2024年全区计划新增城市公园12个,新建口袋绿地35处。"
        plan = save_plan(s, draft_plan(text, 2024, "p.txt"), "office")
        tid = s.scalars(select(Target.id).where(Target.plan_id == plan.id)).first()
        assert tid is not None
        add_progress(s, tid, date(2024, 3, 31), 3, "office")
        pending = add_progress(s, tid, date(2024, 3, 31), 5, "unit", review="pending")
        pending_id = pending.id
    with db.transaction() as s:
        assert [r.value for r in current_reports(s, [tid], date(2024, 6, 30))[tid]] == [3]
        decide(s, pending_id, True, "office")
    with db.transaction() as s:
        assert [r.value for r in current_reports(s, [tid], date(2024, 6, 30))[tid]] == [5]
        with pytest.raises(StoreError, match="不能重复审核"):
            decide(s, pending_id, False, "office", "重复")


def test_report_with_evidence_approve_and_send_back(demo: Database) -> None:
    tid = _target(demo, "城镇新增就业")
    unit, office = client_for(demo, "renshe"), client_for(demo, "admin")
    before = client_for(demo, "leader").get("/register?q=城镇新增就业").text
    token = csrf_of(unit.get(f"/targets/{tid}").text)
    files = [("evidence", ("签到表.docx", _docx(), "application/octet-stream")),
             ("evidence", ("现场.png", _png(), "image/png"))]  # fmt: skip
    r = unit.post(f"/targets/{tid}/progress", data={"as_of": "2024-06-30", "value": "15,500",
                  "csrf": token}, files=files)  # fmt: skip
    assert r.status_code == 200 and "待督查室审核" in r.text and "附佐证材料 2 个" in r.text
    # nothing counts yet
    with demo.transaction() as s:
        rows = register_verdicts(s, find_plan(s), date(2024, 6, 30))
        jobs = next(x for x in rows if x.target_id == tid)
        assert jobs.latest != 15500
        report = s.scalars(select(ProgressReport).where(ProgressReport.target_id == tid)
                           .order_by(ProgressReport.id.desc())).first()  # fmt: skip
        assert report is not None and report.review == "pending"
        rid = report.id
        ids = [a.id for a in s.scalars(select(Attachment).where(Attachment.progress_id == rid))]
    assert len(ids) == 2
    # evidence: readable by the unit and the office, not by another unit
    got = office.get(f"/attachments/{ids[1]}")
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(got.content)).size == (8, 8)
    assert Document(io.BytesIO(unit.get(f"/attachments/{ids[0]}").content)).paragraphs[0].text
    assert client_for(demo, "jiaoyu").get(f"/attachments/{ids[0]}").status_code == 403
    # a file that is not evidence is refused and nothing is stored
    bad = [("evidence", ("照片.jpg", b"MZ\x90\x00not a photo", "image/jpeg"))]
    r = unit.post(f"/targets/{tid}/progress", data={"as_of": "2024-06-30", "value": "15600",
                  "csrf": token}, files=bad)  # fmt: skip
    assert r.status_code == 400 and "按文件内容识别" in r.text
    # the office sees the report waiting, sends it back with a reason
    page = office.get(f"/targets/{tid}").text
    assert "待审核" in page and "签到表.docx" in page
    token = csrf_of(page)
    r = office.post(f"/progress/{rid}/review", data={"decision": "return", "csrf": token})
    assert r.status_code == 400 and "写明原因" in r.text
    assert unit.post(f"/progress/{rid}/review", data={"decision": "approve",
                     "csrf": csrf_of(unit.get("/unit").text)}).status_code == 403  # fmt: skip
    r = office.post(f"/progress/{rid}/review", data={"decision": "return", "csrf": token,
                    "note": "请补充人社部门统计口径的数据来源"})  # fmt: skip
    assert r.status_code == 200 and "已退回" in r.text
    assert "请补充人社部门统计口径的数据来源" in unit.get("/unit").text
    # the unit corrects it; the office approves; the figure counts
    token = csrf_of(unit.get(f"/targets/{tid}").text)
    r = unit.post(f"/targets/{tid}/progress", data={"as_of": "2024-06-30", "value": "15800",
                  "csrf": token})  # fmt: skip
    assert r.status_code == 200
    assert "请补充人社部门统计口径" not in unit.get("/unit").text
    with demo.transaction() as s:
        rid = s.scalars(select(ProgressReport.id).where(ProgressReport.target_id == tid)
                        .order_by(ProgressReport.id.desc())).first()  # fmt: skip
    token = csrf_of(office.get(f"/targets/{tid}").text)
    r = office.post(f"/progress/{rid}/review", data={"decision": "approve", "csrf": token})
    assert r.status_code == 200 and "已通过" in r.text
    after = client_for(demo, "leader").get("/register?q=城镇新增就业").text
    assert after != before and "15,800" in after


def test_milestone_confirmed_done(demo: Database) -> None:
    with demo.transaction() as s:
        m = s.scalars(select(Target).where(Target.value.is_(None))).first()
        assert m is not None and m.assignments
        tid = m.id
    office = client_for(demo, "admin")
    token = csrf_of(office.get(f"/targets/{tid}").text)
    with demo.transaction() as s:
        r = add_progress(s, tid, date(2024, 6, 30), None, "u", done=True, review="pending",
                         unit_id=m.assignments[0].unit_id)  # fmt: skip
        rid = r.id
    assert "销号" in office.get(f"/targets/{tid}").text
    r = office.post(f"/progress/{rid}/review", data={"decision": "approve", "csrf": token})
    assert r.status_code == 200 and "已销号" in r.text
