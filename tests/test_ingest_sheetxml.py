"""The light .xlsx row reader gives openpyxl's values: files written by openpyxl and by hand.

Each workbook is read twice — by ``read_sheet`` (our reader) and by openpyxl read-only with
``values_only`` — and the rows must be equal, value and type.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import Workbook, load_workbook

from luoshi.ingest import IngestError
from luoshi.ingest.workbook import SheetLimits, read_sheet, sheet_titles

WIDE = SheetLimits(rows=1000, cols=8)


def openpyxl_rows(data: bytes, sheet: str | None = None) -> list[tuple[object, ...]]:
    with warnings.catch_warnings():  # "no default style" from a hand-made file
        warnings.simplefilter("ignore")
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    rows = list(ws.iter_rows(max_col=WIDE.cols, values_only=True))
    wb.close()
    while rows and not any(v is not None and v != "" for v in rows[-1]):
        rows.pop()
    # read_sheet gives empty rows inside the sheet as ()
    return [r if any(v is not None and v != "" for v in r) else () for r in rows]


def same_as_openpyxl(data: bytes, sheet: str | None = None) -> list[tuple[object, ...]]:
    ours = read_sheet(io.BytesIO(data), limits=WIDE, sheet=sheet).rows
    theirs = openpyxl_rows(data, sheet)
    assert ours == theirs
    for a, b in zip(ours, theirs, strict=True):
        assert [type(v) for v in a] == [type(v) for v in b]
    return ours


def saved(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_workbook_written_by_openpyxl() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "税务"
    ws.append(["2024年度入库税收", None, None])
    ws.merge_cells("A1:C1")
    ws.append(["统一社会信用代码", "企业名称", "税收（万元）", "是否高新", "投产日期", "时长"])
    ws.append(["91320000MA1XXXXX0A", "甲 公司", 123, True, date(2019, 5, 1), time(8, 30)])
    ws.append(["91320000MA1XXXXX1B", "乙公司", 12.5, False, datetime(2020, 1, 2, 3, 4, 5), None])
    ws.append([])
    ws.append([None, "", -0.25, 1e-7, 12345678901234, "=1+1"])
    ws["F7"] = timedelta(hours=30)
    ws["G3"] = "最右边"
    ws["A9"] = "空一行以后"
    ws["B9"] = 0
    wb.create_sheet("第二张").append(["别的表", 1])
    data = saved(wb)
    rows = same_as_openpyxl(data)
    assert rows[2][:5] == ("91320000MA1XXXXX0A", "甲 公司", 123, True, datetime(2019, 5, 1))
    assert rows[4] == ()
    assert same_as_openpyxl(data, "第二张")[0][:2] == ("别的表", 1)
    assert sheet_titles(io.BytesIO(data), limits=WIDE) == ["税务", "第二张"]


def test_a_1904_workbook_reads_its_dates_in_its_own_calendar() -> None:
    wb = Workbook()
    wb.epoch = datetime(1904, 1, 1)  # openpyxl's CALENDAR_MAC_1904
    wb.active.append([date(2024, 3, 1), 1.5])
    rows = same_as_openpyxl(saved(wb))
    assert rows[0][0] == datetime(2024, 3, 1)


def xlsx_by_hand(sheet_xml: str, strings_xml: str = "", styles_xml: str = "",
                 date1904: bool = False) -> bytes:  # fmt: skip
    """A minimal workbook as another writer (WPS, a database export) makes one: no openpyxl."""
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    rels = [f'<Relationship Id="rId1" Type="{kind}worksheet" Target="worksheets/sheet1.xml"/>']
    overrides = [
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>',
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
    ]
    parts = {"xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {main}>'
             f"<sheetData>{sheet_xml}</sheetData></worksheet>"}  # fmt: skip
    if strings_xml:
        rels.append(f'<Relationship Id="rId2" Type="{kind}sharedStrings" '
                    'Target="/xl/sharedStrings.xml"/>')  # fmt: skip
        overrides.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')  # fmt: skip
        parts["xl/sharedStrings.xml"] = f"<sst {main}>{strings_xml}</sst>"
    if styles_xml:
        rels.append(f'<Relationship Id="rId3" Type="{kind}styles" Target="styles.xml"/>')
        overrides.append('<Override PartName="/xl/styles.xml" ContentType="application/vnd.'
                         'openxmlformats-officedocument.spreadsheetml.styles+xml"/>')  # fmt: skip
        parts["xl/styles.xml"] = f"<styleSheet {main}>{styles_xml}</styleSheet>"
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    parts["xl/workbook.xml"] = (f'<workbook {main} {rel}>{pr}<sheets><sheet name="数据" '
                                'sheetId="1" r:id="rId1"/></sheets></workbook>')  # fmt: skip
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{pkg}">{"".join(rels)}</Relationships>'
    )
    parts["_rels/.rels"] = (f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                            f'Type="{kind}officeDocument" Target="xl/workbook.xml"/></Relationships>')  # fmt: skip
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(overrides)
        + "</Types>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return buf.getvalue()


STYLES = (
    '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/>'
    '<xf numFmtId="4"/></cellXfs>'
)


def test_a_workbook_written_by_hand_like_other_writers() -> None:
    strings = (
        "<si><t>企业名称</t></si>"
        '<si><r><t>富文本</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 公司</t></r>'
        '<rPh sb="0" eb="1"><t>フリガナ</t></rPh></si>'
        "<si><t>_x005F_x000D_转义</t></si>"
        "<si><t/></si>"
    )
    sheet = (
        # no r attributes at all: rows and cells counted as they come
        '<row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>内联</t></is></c>'
        '<c t="inlineStr"><is><r><t>内</t></r><r><t>联</t></r></is></c></row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="C3" t="b"><v>1</v></c>'
        '<c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="str"><f>A1</f><v>公式文本</v></c>'
        '<c r="F3"><f>1+1</f></c><c r="G3"><v></v></c></row>'
        '<row r="4"><c r="A4" s="1"><v>45292</v></c><c r="B4" s="2"><v>45292.5</v></c>'
        '<c r="C4" s="3"><v>1234.5</v></c><c r="D4" t="d"><v>2024-02-29T08:00:00</v></c>'
        '<c r="E4" t="s"><v>2</v></c><c r="F4" t="s"><v>3</v></c><c r="H4"><v>1E3</v></c>'
        '<c r="J4"><v>9</v></c></row>'
        '<row r="2"><c r="A2"><v>1</v></c></row>'  # out of order: openpyxl drops it
        '<row r="6" spans="1:2"><c r="B6"><v>-7</v></c></row>'
    )
    rows = same_as_openpyxl(xlsx_by_hand(sheet, strings, STYLES))
    assert rows[0][:3] == ("企业名称", "内联", "内联")
    assert rows[2][:3] == ("富文本 公司", None, True)
    assert rows[3][:2] == (datetime(2024, 1, 1), datetime(2024, 1, 1, 12))
    assert rows[3][7] == 1000.0 and len(rows[3]) == WIDE.cols  # J4 is past the 8 columns


def test_dates_in_a_1904_workbook_by_hand() -> None:
    sheet = '<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>43830</v></c></row>'
    rows = same_as_openpyxl(xlsx_by_hand(sheet, styles_xml=STYLES, date1904=True))
    assert rows[0][:2] == (time(0, 0), datetime(2024, 1, 1))  # serial 0 is a time of day


def test_a_missing_shared_string_or_broken_sheet_xml_is_one_chinese_line() -> None:
    bad_index = xlsx_by_hand('<row r="1"><c r="A1" t="s"><v>5</v></c></row>', "<si><t>甲</t></si>")
    broken = xlsx_by_hand('<row r="1"><c r="A1"><v>1</v></c>')  # unclosed row
    for data in (bad_index, broken):
        with pytest.raises(IngestError) as e:
            read_sheet(io.BytesIO(data), limits=WIDE, name="部门表.xlsx")
        assert "无法读取工作簿" in e.value.reason


def test_the_checks_still_run_first() -> None:
    dtd = xlsx_by_hand('<row r="1"><c r="A1"><v>1</v></c></row>').replace(b"", b"")
    with zipfile.ZipFile(io.BytesIO(dtd)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    with pytest.raises(IngestError) as e:
        read_sheet(io.BytesIO(buf.getvalue()), limits=WIDE)
    assert "DTD" in e.value.reason
