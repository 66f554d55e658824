"""Issuing 督查通报 in the web app, on SQLite and PostgreSQL: 期数 and 文号 set on the page and
counted per plan, every issue archived and listed, its Word and PDF downloaded again unchanged;
leaders read, only the office issues."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdfium2 as pdfium
from docx import Document as open_docx
from sqlalchemy import select

from luoshi.register.demo import AS_OF
from luoshi.store.models import BulletinIssue, Plan, Target
from luoshi.store.repo import add_progress
from web_fixtures import demo_app, login


def _form(html: str) -> dict[str, str]:
    form = html.split('action="/reports/bulletins"')[1].split("</form>")[0]
    return dict(re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', form))


def test_the_office_issues_numbered_bulletins_and_they_stay_as_sent(db_url: str) -> None:
    demo = demo_app(db_url)
    try:
        admin = demo.client()
        login(admin, "admin")
        page = admin.get("/reports").text
        form = _form(page)
        assert (form["issue"], form["number"]) == ("1", "督通〔2024〕1号")
        # the issue date defaults to the as-of date, never the machine's clock
        assert form["as_of"] == form["issued_on"] == AS_OF.isoformat()
        assert "本计划尚未印发通报" in page

        r = admin.post("/reports/bulletins", data={**form, "number": "武督通〔2024〕1号"},
                       follow_redirects=False)  # fmt: skip
        assert r.status_code == 303
        page = admin.get(r.headers["location"]).text
        assert "已印发第1期通报（武督通〔2024〕1号）并存档" in page
        assert _form(page)["issue"] == "2" and _form(page)["number"] == "督通〔2024〕2号"

        with demo.db.transaction() as s:
            (row,) = s.scalars(select(BulletinIssue))
            stored = (row.id, row.docx, row.pdf)
            assert (row.issue, row.issued_by, row.issued_on) == (1, "admin", AS_OF)
        first_id = stored[0]
        assert f'href="/reports/bulletins/{first_id}.docx"' in page

        # the Word and PDF files as issued: the masthead carries the 期数, 文号 and date
        docx = admin.get(f"/reports/bulletins/{first_id}.docx")
        assert docx.status_code == 200 and docx.content == stored[1]
        text = "\n".join(p.text for p in open_docx(io.BytesIO(docx.content)).paragraphs)
        assert "第1期" in text and "武督通〔2024〕1号" in text and "2024年6月30日印发" in text
        pdf_bytes = admin.get(f"/reports/bulletins/{first_id}.pdf").content
        assert pdf_bytes == stored[2]
        pdf = pdfium.PdfDocument(pdf_bytes)
        flat = "".join("".join(pdf[i].get_textpage().get_text_range().split())
                       for i in range(len(pdf)))  # fmt: skip
        pdf.close()
        assert "武督通〔2024〕1号" in flat and "第1期" in flat

        # a 期数 is used once per plan: nothing is added, the page says why
        again = admin.post("/reports/bulletins", data=form, follow_redirects=True).text
        assert "第1期通报已经印发" in again
        # the office may set another number; the next proposal follows it
        custom = {**_form(page), "issue": "5", "number": "武督通〔2024〕5号",
                  "issued_on": "2024-07-05"}  # fmt: skip
        page = admin.post("/reports/bulletins", data=custom, follow_redirects=True).text
        assert _form(page)["issue"] == "6"
        assert page.index("武督通〔2024〕5号") < page.index("武督通〔2024〕1号")  # newest first
        with demo.db.transaction() as s:
            assert s.scalars(select(BulletinIssue.issue).order_by(BulletinIssue.issue)).all() == [
                1, 5,
            ]  # fmt: skip
            issued_on = s.scalar(select(BulletinIssue.issued_on).where(BulletinIssue.issue == 5))
            assert issued_on == date(2024, 7, 5)

        # new reports change the register, not what was issued
        with demo.db.transaction() as s:
            target = s.scalars(select(Target).where(Target.value.is_not(None))).first()
            assert target is not None
            add_progress(s, target.id, AS_OF, (target.value or 1) * 0.9, "admin")
        assert admin.get(f"/reports/bulletins/{first_id}.docx").content == stored[1]

        # leaders read the list and the files, and cannot issue; reporters see nothing
        leader = demo.client()
        token = login(leader, "leader")
        page = leader.get("/reports").text
        assert "武督通〔2024〕1号" in page and "印发并存档" not in page
        assert leader.get(f"/reports/bulletins/{first_id}.pdf").content == stored[2]
        r = leader.post("/reports/bulletins", data={**form, "issue": "9", "csrf": token},
                        follow_redirects=False)  # fmt: skip
        assert r.status_code == 403
        reporter = demo.client()
        login(reporter, "renshe")
        assert reporter.get(f"/reports/bulletins/{first_id}.docx").status_code == 403
        assert admin.get("/reports/bulletins/999.docx").status_code == 404
        assert admin.get(f"/reports/bulletins/{first_id}.exe").status_code == 404
    finally:
        demo.db.dispose()


def test_leaders_read_the_chosen_plan(db_url: str) -> None:
    """/reports honours the plan chosen, for leaders as for the office; drafts stay the office's."""
    demo = demo_app(db_url)
    try:
        with demo.db.transaction() as s:
            record = s.scalars(select(Plan)).one()
            draft = Plan(year=record.year, name="2024年度重点工作目标（修订稿）", status="draft")
            s.add(draft)
            s.flush()
            ids = (record.id, draft.id)
        admin, leader = demo.client(), demo.client()
        login(admin, "admin")
        login(leader, "leader")
        assert "修订稿" in admin.get("/reports", params={"plan": ids[1]}).text
        page = leader.get("/reports", params={"plan": ids[0]}).text
        assert "2024年度重点工作目标" in page and "修订稿" not in page.split("<h1>")[1]
        assert leader.get("/reports", params={"plan": ids[1]}).status_code == 404
        assert leader.get("/reports/bulletin.docx", params={"plan": ids[1]}).status_code == 404
        doc = leader.get("/reports/bulletin.docx", params={"plan": ids[0]})
        assert doc.status_code == 200
        assert "督查通报" in "\n".join(
            p.text for p in open_docx(io.BytesIO(doc.content)).paragraphs
        )
        # a draft issues nothing
        form = _form(admin.get("/reports", params={"plan": ids[1]}).text)
        page = admin.post("/reports/bulletins", data=form, follow_redirects=True).text
        assert "草稿计划不能印发通报" in page
    finally:
        demo.db.dispose()
