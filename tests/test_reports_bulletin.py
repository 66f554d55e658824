"""督查通报 from a district's register, on SQLite and PostgreSQL: every file opened back and its
figures checked against the domain's own calculation at the same date."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
from docx import Document as open_docx
from lxml import html as lxml_html

from luoshi.domain import Verdict
from luoshi.register.verdicts import VerdictRow, register_verdicts
from luoshi.reports import ReportConfig, publish_bulletin
from luoshi.reports.text import pct
from luoshi.store import Database
from luoshi.store.models import Plan
from report_fixtures import (
    AS_OF,
    LATE_UNIT,
    SILENT_UNIT,
    STOPS_AFTER_APRIL,
    District,
    build_district,
)

LAGGING = {Verdict.LAGGING, Verdict.SERIOUSLY_LAGGING, Verdict.OVERDUE}
CONFIG = ReportConfig(office="区委督查室", issue=7, code="武督通", issued=date(2024, 7, 5))


def _rows(db: Database, district: District) -> list[VerdictRow]:
    with db.transaction() as s:
        plan = s.get(Plan, district.plan_id)
        assert plan is not None
        return register_verdicts(s, plan, AS_OF)


def _publish(db: Database, district: District, out: Path) -> None:
    with db.transaction() as s:
        plan = s.get(Plan, district.plan_id)
        assert plan is not None
        publish_bulletin(s, plan, AS_OF, out, CONFIG)


def _table(doc, first_header: str, second: str):  # type: ignore[no-untyped-def]
    for t in doc.tables:
        head = [c.text for c in t.rows[0].cells]
        if head[:2] == [first_header, second]:
            return [[c.text for c in row.cells] for row in t.rows[1:]]
    raise AssertionError(f"no table headed {first_header}, {second}")


def test_bulletin_in_three_formats(db: Database, tmp_path: Path) -> None:
    district = build_district(db)
    rows = _rows(db, district)
    lagging = [r for r in rows if r.judgement.verdict in LAGGING]
    not_reported = [r for r in rows if r.judgement.verdict is Verdict.NOT_REPORTED]
    assert len(lagging) >= 3 and not_reported  # the fixture has both, or this test proves little
    by_name = {r.name: r for r in rows}

    # Word
    out = tmp_path / "通报.docx"
    _publish(db, district, out)
    doc = open_docx(str(out))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "督查通报" in text and "第7期" in text and "武督通〔2024〕7号" in text
    assert "区委督查室\t2024年7月5日" in text
    lag_table = _table(doc, "序号", "指标（目标）")
    assert len(lag_table) == len(lagging)
    for cells in lag_table:
        name = cells[1].split("（")[0]
        a = by_name[name].judgement
        assert cells[2] == by_name[name].lead_unit
        assert (cells[3], cells[4], cells[6]) == (pct(a.completion), pct(a.time_progress),
                                                  a.verdict.label)  # fmt: skip
        assert float(cells[5]) == round(a.gap_pp or 0, 1)
    status_table = dict((r[0], int(r[1])) for r in _table(doc, "状态", "指标数（项）"))
    for status in Verdict:
        assert status_table[status.label] == sum(r.judgement.verdict is status for r in rows)
    # the units' reasons, and the silent and late units named
    assert "土地征收补偿协议未全部签订" in text and "未报送滞后原因及整改措施" in text
    reporting = {r[0]: r for r in _table(doc, "牵头单位", "未报送指标")}
    assert reporting[SILENT_UNIT][1] == "、".join(r.name for r in not_reported)
    assert int(reporting[LATE_UNIT][3]) > 0 and int(reporting[STOPS_AFTER_APRIL][4]) == 1
    ranking = _table(doc, "名次", "牵头单位")
    assert ranking[-1][1] == SILENT_UNIT  # unreported targets rank last
    # fonts: the East-Asian name on every run, with the fallbacks in the font table
    masthead = next(p for p in doc.paragraphs if p.text == "督查通报")
    run = masthead.runs[0]
    assert run.font.color.rgb is not None and str(run.font.color.rgb) == "C80000"
    assert _east_asia(run) == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("为推动"))
    assert {_east_asia(r) for r in body.runs} == {"仿宋_GB2312"}
    font_table = next(p for p in doc.part.package.parts if p.partname.endswith("fontTable.xml"))
    assert '<w:altName w:val="仿宋"/>' in font_table.blob.decode("utf-8")
    images = [r for r in doc.part.rels.values() if "image" in r.reltype]
    assert len(images) == 2  # the status and the area charts

    # PDF
    out = tmp_path / "通报.pdf"
    _publish(db, district, out)
    pdf = pdfium.PdfDocument(out)
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    flat = "".join("".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    pdf.close()
    assert "督查通报" in flat and "武督通〔2024〕7号" in flat
    for r in lagging:
        assert r.name in flat and pct(r.judgement.completion) in flat
    assert f"共有{len(lagging)}项指标进度滞后" in flat

    # HTML: self-contained, the same figures
    out = tmp_path / "通报.html"
    _publish(db, district, out)
    page = lxml_html.fromstring(out.read_bytes())
    assert not page.xpath("//script | //link[@rel='stylesheet']")
    sources = page.xpath("//img/@src")
    assert len(sources) == 2 and all(s.startswith("data:image/png;base64,") for s in sources)
    assert not re.search(r"(src|href)=\"(https?:)?//", out.read_text(encoding="utf-8"))
    tables = {t.xpath("string(caption)"): t for t in page.xpath("//table")}
    body_rows = tables["表3 滞后指标清单"].xpath("tbody/tr")
    assert len(body_rows) == len(lagging)
    first = [td.text_content() for td in body_rows[0].xpath("td")]
    worst = by_name[first[1].split("（")[0]]
    assert first[3] == pct(worst.judgement.completion)
    assert page.xpath("string(//header[@class='masthead']//p[@class='doc-number'])") == (
        "武督通〔2024〕7号"
    )


def _east_asia(run) -> str | None:  # type: ignore[no-untyped-def]
    fonts = run._r.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    return fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
