"""Year-end documents from a district's register, on SQLite and PostgreSQL: the assessment (考核)
and 数说, opened back and checked against the domain's figures at the same date."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from docx import Document as open_docx
from lxml import html as lxml_html
from openpyxl import load_workbook
from PIL import Image

from luoshi.domain import Verdict
from luoshi.register.verdicts import VerdictRow, register_verdicts
from luoshi.reports import ReportConfig, load_rules, publish_assessment, publish_numbers, year_end
from luoshi.reports.text import pct, quantity
from luoshi.store import Database
from luoshi.store.models import Plan
from report_fixtures import (
    ANNUAL,
    RECONCILED,
    RECONCILED_VALUE,
    SILENT_UNIT,
    STOPS_AFTER_APRIL,
    District,
    build_district,
    finish_year,
)

YEAR_END = date(2025, 1, 31)  # 31 Dec + the office's one-month release lag


def _plan(s, district: District) -> Plan:  # type: ignore[no-untyped-def]
    plan = s.get(Plan, district.plan_id)
    assert plan is not None
    return plan


def _rows(db: Database, district: District) -> dict[str, VerdictRow]:
    with db.transaction() as s:
        return {r.name: r for r in register_verdicts(s, _plan(s, district), YEAR_END)}


def test_assessment_and_numbers(db: Database, tmp_path: Path) -> None:
    district = build_district(db)
    finish_year(db, district)
    rows = _rows(db, district)
    rules = load_rules()
    with db.transaction() as s:
        assert year_end(s, _plan(s, district)) == YEAR_END
        publish_assessment(s, _plan(s, district), YEAR_END, tmp_path / "考核.xlsx",
                           ReportConfig(), rules)  # fmt: skip
        publish_assessment(s, _plan(s, district), YEAR_END, tmp_path / "考核.docx",
                           ReportConfig(), rules)  # fmt: skip
        for ext in ("html", "png", "docx"):
            publish_numbers(s, _plan(s, district), YEAR_END, tmp_path / f"数说.{ext}")

    # A unit's score from the domain's completions, by the rules' arithmetic:
    # 区人社局 leads four targets of weight 1 (25 points each), reports on time.
    jobs_unit = [r for r in rows.values() if r.lead_unit == "区人社局"]
    expected = sum(25 * min(r.judgement.completion or 0, rules.cap) for r in jobs_unit)
    # 区生态环境局 leads one target and missed May and June.
    eco = [r for r in rows.values() if r.lead_unit == STOPS_AFTER_APRIL]
    eco_expected = 100 * min(eco[0].judgement.completion or 0, rules.cap) - 2 * 0.5

    wb = load_workbook(tmp_path / "考核.xlsx")
    ranking = {row[1]: row for row in wb["考核排名"].iter_rows(min_row=3, values_only=True)}
    assert math.isclose(ranking["区人社局"][6], expected, abs_tol=1e-6)
    assert math.isclose(ranking[STOPS_AFTER_APRIL][6], eco_expected, abs_tol=1e-6)
    assert ranking[SILENT_UNIT][0] == len(ranking)  # nothing reported: last
    scores = [r[6] for r in ranking.values()]
    assert scores == sorted(scores, reverse=True)
    details = [r for r in wb["得分明细"].iter_rows(min_row=3, values_only=True)]
    jobs_line = next(r for r in details if r[2] == RECONCILED)
    assert math.isclose(jobs_line[9], RECONCILED_VALUE / rows[RECONCILED].value, abs_tol=1e-9)
    assert jobs_line[0] == "区人社局" and "得分 = 25 × " in jobs_line[14]
    assert {r[2] for r in details} == {r.name for r in rows.values()}  # every target, once
    settings = dict(wb["评分规则"].iter_rows(min_row=3, values_only=True))
    assert settings["完成率封顶"] == rules.cap and settings["漏报每期扣分"] == rules.not_reported

    doc = open_docx(str(tmp_path / "考核.docx"))
    assert round(doc.sections[0].page_width.mm) == 297  # landscape A4 for the wide tables
    headings = [p.text for p in doc.paragraphs if p.text.startswith("（")]
    assert any(h.startswith("（一）") and h.endswith("（第1名）") for h in headings)
    unit_line = next(p.text for p in doc.paragraphs if p.text.startswith("指标得分")
                     and f"= {_num(expected)}分" in p.text)  # fmt: skip
    assert unit_line

    # 数说: the accepted actuals, the reconciled one, last year's figure from the seed
    page = lxml_html.fromstring((tmp_path / "数说.html").read_bytes())
    cards = {c.xpath("string(span[@class='label'])"): c for c in page.xpath("//div[@class]")
             if "card" in c.get("class", "").split()}  # fmt: skip
    assert set(cards) == {r.name for r in rows.values()}
    jobs = cards[RECONCILED]
    assert jobs.xpath("string(span[@class='figure'])") == quantity(RECONCILED_VALUE, "人")
    details_text = " ".join(jobs.xpath("span[@class='detail']/text()"))
    assert f"完成{pct(rows[RECONCILED].judgement.completion)}" in details_text
    assert "年终核对数" in details_text
    assert "比上年下降37.5%（2023年44000人）" in details_text  # 27500 against 44000
    hi_tech = rows["净增高新技术企业"]
    change = (hi_tech.latest - 382) / 382  # type: ignore[operator]
    assert f"比上年{'增长' if change >= 0 else '下降'}{pct(abs(change))}（2023年382家）" in (
        cards["净增高新技术企业"].text_content()
    )
    assert rows[ANNUAL].judgement.verdict is Verdict.DONE  # the annual figure, released
    met = sum(r.judgement.verdict is Verdict.DONE for r in rows.values())
    assert f"已完成{met}项" in page.text_content()
    assert all(s.startswith("data:image/png;base64,") for s in page.xpath("//img/@src"))

    with Image.open(tmp_path / "数说.png") as image:
        assert image.width == 1080 and image.height > 2 * image.width  # a tall page for phones

    doc = open_docx(str(tmp_path / "数说.docx"))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "指标")
    lines = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert lines[RECONCILED][2] == quantity(RECONCILED_VALUE, "人")
    assert lines["净增高新技术企业"][4] == "382家"


def _num(x: float) -> str:
    from luoshi.reports.text import num

    return num(x)
