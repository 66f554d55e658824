"""A ``Document`` as PDF (reportlab), A4, with a Chinese TrueType font embedded.

reportlab embeds only TrueType outlines, so the font is ``fonts.pdf_font``
(e.g. WenQuanYi Zen Hei), registered once per process; it is subset into
the file with a ToUnicode map, so the text can be searched and copied. The
layout follows the Word version: red masthead and rule, 16-point body on a
28-point line, tables with a repeated header, page numbers as — N —.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle as RLTableStyle
from reportlab.platypus import paragraph as rl_paragraph

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
from .errors import ReportError
from .fonts import pdf_font
from .text import NO_LINE_START

FONT = "LuoshiCJK"
RED = colors.HexColor("#C80000")
GREY = colors.HexColor("#595959")
HEADER_FILL = colors.HexColor("#D9E2F3")
TONE_FILLS: dict[Tone, Any] = {"green": colors.HexColor("#C6EFCE"),
                               "yellow": colors.HexColor("#FFEB9C"),
                               "red": colors.HexColor("#FFC7CE"),
                               "grey": colors.HexColor("#E7E6E6")}  # fmt: skip
MARGINS = {"top": 37 * mm, "bottom": 35 * mm, "left": 28 * mm, "right": 26 * mm}


@cache
def register_font() -> str:
    """Register the Chinese font with reportlab (once); its name for styles."""
    font = pdf_font()
    try:
        pdfmetrics.registerFont(TTFont(FONT, str(font.path), subfontIndex=font.index))
    except Exception as e:  # reportlab raises TTFError and plain errors for odd fonts
        raise ReportError(f"{font.path}: cannot embed this font in a PDF ({e})") from None
    # no bold or italic face: <b> and <i> fall back to the same face
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    # reportlab's CJK line breaking keeps only some closing marks off the start of a
    # line; add the full-width ones Chinese text is full of (，：；！？％ …)
    rl_paragraph.ALL_CANNOT_START += "".join(c for c in NO_LINE_START if c not in
                                             rl_paragraph.ALL_CANNOT_START)  # fmt: skip
    return FONT


def _style(name: str, size: float, leading: float | None = None, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading or size * 1.5,
                          wordWrap="CJK", **kw)  # fmt: skip


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "masthead": _style("masthead", 40, 52, alignment=TA_CENTER, textColor=RED),
        "issue": _style("issue", 16, 26, alignment=TA_CENTER),
        "left": _style("left", 16, 26, alignment=TA_LEFT),
        "right": _style("right", 16, 26, alignment=TA_RIGHT),
        "title": _style("title", 22, 34, alignment=TA_CENTER, spaceBefore=14),
        "title-info": _style("title-info", 28, 40, alignment=TA_CENTER, spaceBefore=14,
                             textColor=RED),
        "subtitle": _style("subtitle", 16, 26, alignment=TA_CENTER, spaceAfter=10),
        "h1": _style("h1", 16, 28, spaceBefore=6, keepWithNext=1, firstLineIndent=32),
        "h1-info": _style("h1-info", 16, 28, spaceBefore=12, textColor=RED, keepWithNext=1),
        "h2": _style("h2", 16, 28, keepWithNext=1),
        "body": _style("body", 16, 28, alignment=TA_JUSTIFY, firstLineIndent=32),
        "plain": _style("plain", 16, 28, alignment=TA_JUSTIFY),
        "note": _style("note", 11, 18, alignment=TA_JUSTIFY, firstLineIndent=22, textColor=GREY,
                       spaceBefore=8),
        "cell": _style("cell", 10, 13),
        "cell-c": _style("cell-c", 10, 13, alignment=TA_CENTER),
        "cell-r": _style("cell-r", 10, 13, alignment=TA_RIGHT),
        "caption": _style("caption", 11, 16, alignment=TA_CENTER, spaceBefore=6, spaceAfter=4),
        "figure": _style("figure", 22, 28, textColor=RED),
        "card-label": _style("card-label", 11, 15),
        "card-detail": _style("card-detail", 9, 12, textColor=GREY),
        "colophon": _style("colophon", 14, 22),
    }  # fmt: skip


def write_pdf(doc: Document, out: Path | IO[bytes]) -> None:
    register_font()
    st = _styles()
    size = landscape(A4) if doc.landscape else A4
    width = size[0] - MARGINS["left"] - MARGINS["right"]
    story: list[Flowable] = []
    info = doc.style == "infographic"
    for block in doc.blocks:
        match block:
            case Masthead():
                story += _masthead(block, st, width)
            case Title():
                story.append(_p(block.text, st["title-info" if info else "title"]))
                if block.subtitle:
                    story.append(_p(block.subtitle, st["subtitle"]))
            case Heading():
                name = "h1-info" if info else ("h1" if block.level == 1 else "h2")
                story.append(_p(block.text, st[name]))
            case Paragraph():
                lead = f"<b>{escape(block.bold_lead)}</b>" if block.bold_lead else ""
                style = st["body" if block.indent else "plain"]
                story.append(RLParagraph(lead + escape(block.text), style))
            case Table():
                story += _table(block, st, width)
            case Figure():
                story += _figure(block, st, width)
            case Cards():
                story += _cards(block, st, width)
            case Note():
                story.append(_p(block.text, st["note"]))
            case Colophon():
                story += [Spacer(1, 14), HRFlowable(width="100%", thickness=0.6, color=colors.black),
                          _p(block.copy_to, st["colophon"]),
                          _two_sides(block.office, block.date, st["colophon"], width),
                          HRFlowable(width="100%", thickness=0.6, color=colors.black)]  # fmt: skip
    template = SimpleDocTemplate(
        str(out) if isinstance(out, Path) else out, pagesize=size, title=doc.title, author="luoshi", lang="zh-CN",
        leftMargin=MARGINS["left"], rightMargin=MARGINS["right"], topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
    )  # fmt: skip
    template.build(story, onFirstPage=_page_number, onLaterPages=_page_number)


def _p(text: str, style: ParagraphStyle) -> RLParagraph:
    return RLParagraph(escape(text), style)


def _page_number(canvas: Canvas, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 14)
    canvas.drawCentredString(doc.pagesize[0] / 2, 20 * mm, f"— {doc.page} —")
    canvas.restoreState()


def _two_sides(left: str, right: str, style: ParagraphStyle, width: float) -> RLTable:
    right_style = ParagraphStyle(f"{style.name}-r", parent=style, alignment=TA_RIGHT)
    t = RLTable([[_p(left, style), _p(right, right_style)]], colWidths=[width / 2, width / 2])
    t.setStyle(RLTableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return t


def _masthead(m: Masthead, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    spaced = "\u2002".join(m.title)  # 督 查 通 报: a masthead is set wide
    return [_p(spaced, st["masthead"]), Spacer(1, 6), _p(m.issue, st["issue"]),
            _p(m.number, st["issue"]), Spacer(1, 4), _two_sides(m.office, m.date, st["left"], width),
            HRFlowable(width="100%", thickness=2.2, color=RED, spaceBefore=2, spaceAfter=10)]  # fmt: skip


def _table(t: Table, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    """A table that breaks across pages with its header repeated.

    The caption is the table's own first row (spanning every column, no rules), so it
    stays with the header and the first rows and comes again on the next page; a table
    is never moved whole to the next page, which would leave the page before half empty.
    """
    rel = list(t.widths) or [1.0] * len(t.header)
    widths = [width * w / sum(rel) for w in rel]
    cell = {"l": st["cell"], "c": st["cell-c"], "r": st["cell-r"]}
    top = 1 if t.caption else 0  # the header's row
    data: list[list[Any]] = []
    if t.caption:
        data.append([_p(t.caption, st["caption"])] + [""] * (len(t.header) - 1))
    data.append([_p(h, st["cell-c"]) for h in t.header])
    for row in t.rows:
        data.append([_p(text, cell[t.align[c] if t.align else "l"]) for c, text in enumerate(row)])
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, top), (-1, -1), 0.5, colors.HexColor("#808080")),
        ("BACKGROUND", (0, top), (-1, top), HEADER_FILL),
        ("VALIGN", (0, top), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if t.caption:
        commands.append(("SPAN", (0, 0), (-1, 0)))
    column = t.tone_column % len(t.header)
    for r, tone in enumerate(t.tones, start=top + 1):
        if tone:
            commands.append(("BACKGROUND", (column, r), (column, r), TONE_FILLS[tone]))
    table = RLTable(data, colWidths=widths, repeatRows=top + 1, hAlign="CENTER")
    table.setStyle(RLTableStyle(commands))
    return [table, Spacer(1, 10)]


# A chart may shrink to this share of its size to finish a page rather than leave the rest
# of the page empty and start the next one.
MIN_FIGURE_SCALE = 0.5


class _FigureBlock(Flowable):  # type: ignore[misc]
    """A chart and its caption as one flowable that shrinks (down to ``MIN_FIGURE_SCALE``) to
    the space left on a page, so a page is not left half empty for want of a little room."""

    def __init__(self, png: bytes, width: float, height: float, caption: RLParagraph | None
                 ) -> None:  # fmt: skip
        super().__init__()
        self._png, self._natural, self._caption = png, (width, height), caption
        self._cap_h = 0.0
        self._scale = 1.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._cap_h = self._caption.wrap(avail_width, avail_height)[1] + 10 if self._caption else 0
        h = self._natural[1]
        room = avail_height - self._cap_h - 6
        self._scale = 1.0 if h <= room else max(MIN_FIGURE_SCALE, room / h)
        self.width, self.height = avail_width, h * self._scale + self._cap_h + 6
        return self.width, self.height

    def draw(self) -> None:
        w, h = (x * self._scale for x in self._natural)
        img = Image(io.BytesIO(self._png), width=w, height=h)
        img.drawOn(self.canv, (self.width - w) / 2, self._cap_h)
        if self._caption is not None:
            self._caption.drawOn(self.canv, 0, 4)


def _figure(f: Figure, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    w_px, h_px = ImageReader(io.BytesIO(f.png)).getSize()
    w = min(f.width_mm * mm, width)
    caption = _p(f.caption, st["caption"]) if f.caption else None
    return [_FigureBlock(f.png, w, w * h_px / w_px, caption)]


def _cards(block: Cards, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    out: list[Flowable] = [_p(block.heading, st["h1-info"]),
                           HRFlowable(width="100%", thickness=1, color=RED, spaceAfter=6)]  # fmt: skip
    cells = [[_p(c.figure, st["figure"]), _p(c.label, st["card-label"]),
              *(_p(d, st["card-detail"]) for d in c.details)] for c in block.cards]  # fmt: skip
    if not cells:
        return out
    if len(cells) % 2:
        cells.append([])
    rows = [[cells[i], cells[i + 1]] for i in range(0, len(cells), 2)]
    table = RLTable(rows, colWidths=[width / 2] * 2)
    table.setStyle(RLTableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))  # fmt: skip
    out.append(table)
    return out
