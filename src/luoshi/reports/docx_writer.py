"""A ``Document`` as Word (.docx), in the layout of GB/T 9704 official documents.

A4 with the standard margins (天头 37 mm, 订口 28 mm); body in 仿宋 三号 on a
fixed 28-point line; headings 黑体 (一、) and 楷体 （一）; the title in
方正小标宋简体; the masthead in red with a red rule under it. Word picks the
East-Asian font of a run from ``w:eastAsia`` on its ``w:rFonts``, so every
run sets it. The official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) are
not on every PC: the font table names a fallback for each (``w:altName``:
宋体, 仿宋, 楷体) with the GB2312 charset, which Word uses when the font is
missing.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from .document import (
    Cards,
    Colophon,
    Document,
    Figure,
    Heading,
    Masthead,
    Note,
    Paragraph,
    Table,
    Title,
    Tone,
)

# East-Asian font names as offices' Word installations know them, with the
# fallback every Chinese Windows has.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", KAI_FONT: "楷体", HEADING_FONT: "SimHei"}

RED = RGBColor(0xC8, 0x00, 0x00)
GREY = RGBColor(0x59, 0x59, 0x59)
TONE_FILLS: dict[Tone, str] = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE",
                               "grey": "E7E6E6"}  # fmt: skip
TEXT_WIDTH_MM = 210 - 28 - 26  # A4 less 订口 and 翻口 margins
BODY_PT = 16  # 三号
LINE_PT = 28


def write_docx(doc: Document, out: Path | IO[bytes]) -> None:
    d = new_docx()
    _page(d, doc.landscape)
    width = TEXT_WIDTH_MM + (87 if doc.landscape else 0)  # 297 mm across instead of 210
    _defaults(d)
    _page_numbers(d)
    for block in doc.blocks:
        match block:
            case Masthead():
                _masthead(d, block)
            case Title():
                _title(d, block, doc.style)
            case Heading():
                p = _para(d, align="left", indent=doc.style == "official" and block.level == 1)
                p.paragraph_format.keep_with_next = True
                font = HEADING_FONT if block.level == 1 else KAI_FONT
                _run(p, block.text, font, BODY_PT, colour=RED if doc.style != "official" else None)
            case Paragraph():
                p = _para(d, indent=block.indent)
                if block.bold_lead:
                    _run(p, block.bold_lead, BODY_FONT, BODY_PT, bold=True)
                _run(p, block.text, BODY_FONT, BODY_PT)
            case Table():
                _table(d, block, width)
            case Figure():
                _figure(d, block, width)
            case Cards():
                _cards(d, block, width)
            case Note():
                p = _para(d, indent=True, line=20)
                _run(p, block.text, BODY_FONT, 12, colour=GREY)
            case Colophon():
                _colophon(d, block, width)
    d.core_properties.title = doc.title
    d.core_properties.language = "zh-CN"
    d.save(str(out) if isinstance(out, Path) else out)


# ---------------------------------------------------------------------------
# Page and fonts


def _page(d: DocxDocument, landscape: bool) -> None:
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    if landscape:
        s.orientation = WD_ORIENT.LANDSCAPE
        s.page_width, s.page_height = s.page_height, s.page_width
    s.top_margin, s.bottom_margin = Mm(37), Mm(35)
    s.left_margin, s.right_margin = Mm(28), Mm(26)
    s.footer_distance = Mm(20)


def _defaults(d: DocxDocument) -> None:
    normal = d.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.name = LATIN_FONT
    rpr = normal.element.get_or_add_rPr()
    _east_asian(rpr, BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    _font_table(d)


def _east_asian(rpr: etree._Element, font: str) -> None:
    """Set the run's fonts: ``font`` for Chinese; digits and Latin in Times New Roman beside
    the Song/FangSong/Kai faces, in Arial beside 黑体 (a serif digit in a sans heading jars)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    latin = "Arial" if font == HEADING_FONT else LATIN_FONT
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), font)


def _font_table(d: DocxDocument) -> None:
    """Declare the Chinese fonts with their fallbacks (``w:altName``) in word/fontTable.xml."""
    part = next(p for p in d.part.package.parts if p.partname.endswith("/fontTable.xml"))
    root = etree.fromstring(part.blob)
    for name, alt in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, val in (("w:altName", alt), ("w:charset", "86"), ("w:family", "auto"),
                         ("w:pitch", "variable")):  # fmt: skip
            etree.SubElement(font, qn(tag)).set(qn("w:val"), val)
    # python-docx keeps parts it does not model as bytes: replace them
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(d: DocxDocument) -> None:
    """— 1 — centred in the footer, as official documents number pages."""
    p = d.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "— ", BODY_FONT, 14)
    run = _run(p, "", BODY_FONT, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    _run(p, " —", BODY_FONT, 14)


# ---------------------------------------------------------------------------
# Paragraphs and runs


def _para(
    d: DocxDocument | _Cell, *, align: str = "justify", indent: bool = False, line: float = LINE_PT,
    before: float = 0, after: float = 0,
) -> DocxParagraph:  # fmt: skip
    p = d.add_paragraph()
    f = p.paragraph_format
    f.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT,
                   "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]  # fmt: skip
    f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    f.line_spacing = Pt(line)
    f.space_before, f.space_after = Pt(before), Pt(after)
    if indent:
        f.first_line_indent = Pt(BODY_PT * 2)  # two characters
    return p


def _run(
    p: DocxParagraph, text: str, font: str, size: float, *, bold: bool = False,
    colour: RGBColor | None = None, spacing: float = 0,
) -> Run:  # fmt: skip
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    _east_asian(run._r.get_or_add_rPr(), font)
    if spacing:
        sp = OxmlElement("w:spacing")
        sp.set(qn("w:val"), str(int(spacing * 20)))  # twentieths of a point
        run._r.get_or_add_rPr().append(sp)
    return run


def _border(p: DocxParagraph, side: str, colour: str, eighths: int) -> None:
    ppr = p._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    for k, v in (("w:val", "single"), ("w:sz", str(eighths)), ("w:space", "4"),
                 ("w:color", colour)):  # fmt: skip
        edge.set(qn(k), v)
    borders.append(edge)


# ---------------------------------------------------------------------------
# Blocks


def _masthead(d: DocxDocument, m: Masthead) -> None:  # official documents are portrait
    p = _para(d, align="center", line=60, before=12)
    _run(p, m.title, TITLE_FONT, 42, colour=RED, spacing=6)
    p = _para(d, align="center", before=6)
    _run(p, m.issue, KAI_FONT, BODY_PT)
    p = _para(d, align="center")
    _run(p, m.number, BODY_FONT, BODY_PT)
    p = _para(d, align="left", after=6)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    _run(p, f"{m.office}\t{m.date}", BODY_FONT, BODY_PT)
    _border(p, "bottom", "C80000", 18)  # the red rule (版头分隔线), 2.25 pt


def _title(d: DocxDocument, t: Title, style: str) -> None:
    big = 30 if style == "infographic" else 22  # 二号 for official titles
    p = _para(d, align="center", line=big + 14, before=18)
    _run(p, t.text, TITLE_FONT, big, colour=RED if style == "infographic" else None)
    if t.subtitle:
        p = _para(d, align="center", after=12)
        _run(p, t.subtitle, KAI_FONT, BODY_PT)


def _table(d: DocxDocument, t: Table, width: float) -> None:
    if t.caption:
        p = _para(d, align="center", before=6)
        p.paragraph_format.keep_with_next = True  # a caption stays with its table
        _run(p, t.caption, HEADING_FONT, 12)
    table = d.add_table(rows=1 + len(t.rows), cols=len(t.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(t.widths, len(t.header), width)
    grid = _grid(table)
    for c, text in enumerate(t.header):
        cell = grid[0][c]
        _cell_text(cell, text, HEADING_FONT, "center")
        _shade(cell, "D9E2F3")
    _repeat_header(table.rows[0])
    for r, row in enumerate(t.rows, start=1):
        for c, text in enumerate(row):
            align = {"l": "left", "c": "center", "r": "right"}[t.align[c] if t.align else "l"]
            _cell_text(grid[r][c], text, BODY_FONT, align)
        tone = t.tones[r - 1] if t.tones else None
        if tone:
            _shade(grid[r][t.tone_column % len(t.header)], TONE_FILLS[tone])
    _fix_widths(table, widths)
    _para(d, line=12)  # air below the table


def _fix_widths(table: DocxTable, widths: Sequence[float]) -> None:
    """Fixed column widths: Word reads the cells' widths, LibreOffice the grid's."""
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for c, w in enumerate(widths):
        table.columns[c].width = Mm(w)
    for row in _grid(table):
        for cell, w in zip(row, widths, strict=True):
            cell.width = Mm(w)


def _grid(table: DocxTable) -> list[list[_Cell]]:
    """The cells, row by row, read once: ``table.cell`` rebuilds every cell of the table on each
    call, which makes a 300-row table take a minute."""
    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def _widths(relative: Sequence[float], n: int, width: float) -> list[float]:
    rel = list(relative) if relative else [1.0] * n
    total = sum(rel)
    return [width * x / total for x in rel]


def _cell_text(cell: _Cell, text: str, font: str, align: str) -> None:
    p = cell.paragraphs[0]
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]  # fmt: skip
    p.paragraph_format.line_spacing = 1.0
    _run(p, text, font, 10.5)


def _shade(cell: _Cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _figure(d: DocxDocument, f: Figure, width: float) -> None:
    p = _para(d, align="center", line=12, before=6)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact line would clip it
    p.add_run().add_picture(io.BytesIO(f.png), width=Mm(min(f.width_mm, width)))
    if f.caption:
        p = _para(d, align="center", after=6)
        _run(p, f.caption, KAI_FONT, 12)


def _cards(d: DocxDocument, block: Cards, width: float) -> None:
    p = _para(d, align="left", before=12, line=32)
    _run(p, block.heading, HEADING_FONT, BODY_PT, colour=RED)
    _border(p, "bottom", "C80000", 8)
    per_row = 2
    rows = (len(block.cards) + per_row - 1) // per_row
    if not rows:
        return
    table = d.add_table(rows=rows, cols=per_row)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_widths(table, [width / per_row] * per_row)
    grid = _grid(table)
    for i, card in enumerate(block.cards):
        cell = grid[i // per_row][i % per_row]
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _run(p, card.figure, HEADING_FONT, 24, bold=True, colour=RED)
        p = cell.add_paragraph()
        _run(p, card.label, HEADING_FONT, 12)
        for line in card.details:
            p = cell.add_paragraph()
            _run(p, line, BODY_FONT, 10.5, colour=GREY)


def _colophon(d: DocxDocument, c: Colophon, width: float) -> None:
    p = _para(d, align="left", before=24)
    _run(p, c.copy_to, BODY_FONT, 14)
    _border(p, "top", "000000", 6)
    p = _para(d, align="left")
    p.paragraph_format.tab_stops.add_tab_stop(Mm(width), WD_TAB_ALIGNMENT.RIGHT)
    _run(p, f"{c.office}\t{c.date}", BODY_FONT, 14)
    _border(p, "bottom", "000000", 6)
