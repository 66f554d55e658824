"""Chinese text must come out as real glyphs: in every chart, and in every PDF (no empty boxes).

Needs a CJK font installed (``scripts/install-fonts.sh``, run by ``make test``);
without one these tests fail with a message naming the package.
"""

from __future__ import annotations

import ctypes
import io
import warnings
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from PIL import Image

from luoshi.reports import charts, fonts
from luoshi.reports.document import Document, Heading, Masthead, Paragraph, Table, Title
from luoshi.reports.errors import ReportError
from luoshi.reports.pdf_writer import write_pdf

TITLE = "督查通报：城镇新增就业完成率低于序时进度"


def _draws(font: fonts.CjkFont, text: str) -> bool:
    face = FT2Font(str(font.path), face_index=font.index)
    return all(face.get_char_index(ord(ch)) for ch in text if not ch.isspace())


def test_a_chinese_font_is_installed() -> None:
    chart, pdf = fonts.chart_font(), fonts.pdf_font()
    assert _draws(chart, TITLE) and _draws(pdf, TITLE)
    assert pdf.truetype  # reportlab embeds TrueType outlines only
    assert pdf.serif  # a Song/Ming face, like the Word version's 仿宋/宋体


def test_chart_text_is_drawn_with_the_cjk_font() -> None:
    # matplotlib warns "Glyph … missing from font(s) DejaVu Sans" and draws a box: make it fail
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing", category=UserWarning)
        png = charts.area_chart([("以新型工业化牵引,推动产业结构更加高端", 0.42, 0.5)], TITLE)
        charts.status_chart([("严重滞后", 3, "red"), ("正常推进", 5, "green")], TITLE)
        charts.completion_chart([("以群众获得感为目标", 1.05)], TITLE)
    with charts.cjk_style():
        title = Figure().add_subplot().set_title(TITLE)
        used = font_manager.findfont(title.get_fontproperties())
    assert Path(used) == fonts.chart_font().path
    assert _draws(fonts.chart_font(), TITLE)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and round(image.info["dpi"][0]) == charts.PRINT_DPI


def test_pdf_text_comes_back_in_chinese(tmp_path: Path) -> None:
    doc = Document("测试", (
        Masthead("督查通报", "第3期", "督通〔2024〕3号", "区委督查室", "2024年7月5日"),
        Title("关于2024年度重点工作目标推进情况的通报", "（截至2024年6月30日）"),
        Heading("一、总体情况"),
        Paragraph(TITLE + "，落后19.2个百分点；≥2.9万人，“两湖”创新区。"),
        Table(("指标", "完成率", "差距"), (("盘活低效用地", "27.5%", "-22.5"),)),
    ))  # fmt: skip
    out = tmp_path / "x.pdf"
    write_pdf(doc, out)
    pdf = pdfium.PdfDocument(out)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    flat = "".join(text.split())
    for block_text in doc.text().splitlines():
        assert "".join(block_text.split()) in flat, block_text
    # every character has a glyph in the embedded font, and no text is set in another font
    assert _draws(fonts.pdf_font(), doc.text())
    assert _text_fonts(pdf) == {_base_name(fonts.pdf_font())}
    pdf.close()


def _base_name(font: fonts.CjkFont) -> str:
    # reportlab names an embedded face by its PostScript name and its index in the collection
    return FT2Font(str(font.path), face_index=font.index).postscript_name + f"-{font.index}"


def _text_fonts(pdf: pdfium.PdfDocument) -> set[str]:
    names = set()
    for page in pdf:
        for obj in page.get_objects():
            if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
                size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
                buf = ctypes.create_string_buffer(size)
                pdfium_c.FPDFFont_GetBaseFontName(font, buf, size)
                names.add(buf.value.decode())
    return names


def test_no_font_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "KNOWN", ())
    monkeypatch.setattr(fonts, "_fontconfig_files", lambda: [])
    monkeypatch.delenv(fonts.ENV_FONT, raising=False)
    fonts.cjk_fonts.cache_clear()
    try:
        with pytest.raises(ReportError, match=r"没有中文字体.*fonts-arphic-uming"):
            fonts.chart_font()
        with pytest.raises(ReportError, match=r"宋体.*fonts-arphic-uming"):
            fonts.pdf_font()
    finally:
        fonts.cjk_fonts.cache_clear()


def test_a_pdf_is_set_in_a_song_face_not_a_sans(monkeypatch: pytest.MonkeyPatch) -> None:
    """With only a sans (黑体) TrueType font the PDF is refused in Chinese, unless the office
    names that font itself."""
    sans = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
    if not Path(sans).is_file():
        pytest.skip("WenQuanYi Zen Hei is not installed")
    monkeypatch.setattr(fonts, "KNOWN", (sans,))
    monkeypatch.setattr(fonts, "_fontconfig_files", lambda: [])
    monkeypatch.delenv(fonts.ENV_FONT, raising=False)
    fonts.cjk_fonts.cache_clear()
    try:
        assert [f.serif for f in fonts.cjk_fonts()] == [False]
        with pytest.raises(ReportError, match="没有可嵌入PDF的中文宋体"):
            fonts.pdf_font()
        monkeypatch.setenv(fonts.ENV_FONT, sans)
        fonts.cjk_fonts.cache_clear()
        assert fonts.pdf_font().path == Path(sans)
    finally:
        fonts.cjk_fonts.cache_clear()


def test_a_font_file_that_draws_no_chinese_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    latin = font_manager.findfont("DejaVu Sans")
    monkeypatch.setattr(fonts, "KNOWN", (latin,))
    monkeypatch.setattr(fonts, "_fontconfig_files", lambda: [])
    monkeypatch.setenv(fonts.ENV_FONT, "/no/such/font.ttf")
    fonts.cjk_fonts.cache_clear()
    try:
        assert fonts.cjk_fonts() == ()
    finally:
        fonts.cjk_fonts.cache_clear()
