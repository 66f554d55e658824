"""Reading the text layer of PDFs made with reportlab."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from luoshi.ingest import IngestError, read_document

# Built into reportlab and every PDF reader: no font file needed offline.
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_1 = ["2023年全区地区生产总值增长6%，达到1234.5亿元。", "城镇居民人均可支配收入5.2万元。"]
PAGE_2 = ["森林覆盖率达到45%。"]


def _chinese_pdf(path: Path, pages: list[list[str]], **kwargs: object) -> Path:
    pdf = canvas.Canvas(str(path), **kwargs)
    pdf.setTitle("某区2023年国民经济和社会发展统计公报")
    for lines in pages:
        pdf.setFont(FONT, 12)
        for i, line in enumerate(lines):
            pdf.drawString(72, 720 - 20 * i, line)
        pdf.showPage()
    pdf.save()
    return path


def test_pdf_text_layer_with_chinese(tmp_path: Path) -> None:
    doc = read_document(_chinese_pdf(tmp_path / "bulletin.pdf", [PAGE_1, PAGE_2]))

    assert doc.format == "pdf"
    assert doc.text == "\n".join(PAGE_1) + "\n\n" + "\n".join(PAGE_2)
    assert doc.title == "某区2023年国民经济和社会发展统计公报"
    assert doc.warnings == ()


def test_pdf_with_a_blank_page_warns(tmp_path: Path) -> None:
    doc = read_document(_chinese_pdf(tmp_path / "gap.pdf", [PAGE_1, [], PAGE_2]))
    assert doc.text == "\n".join(PAGE_1) + "\n\n" + "\n".join(PAGE_2)
    assert doc.warnings == ("3 页中有 1 页没有文字层（可能是扫描页）",)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 300, 400, fill=1)  # stands in for a scanned page image
    pdf.showPage()
    pdf.save()
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert str(info.value) == f"{path}：PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）"


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = _chinese_pdf(tmp_path / "whole.pdf", [PAGE_1])
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(IngestError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(f"{path}：PDF 文件已损坏（")
    assert "\n" not in message


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = _chinese_pdf(
        tmp_path / "secret.pdf", [PAGE_1], encrypt=pdfencrypt.StandardEncryption("口令")
    )
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert str(info.value).startswith(f"{path}：PDF 已加密，需要密码才能读取")


def test_pdf_name_on_other_content(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("<html><body>404 页面不存在</body></html>", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert str(info.value) == f"{path}：不是 PDF 文件：缺少 PDF 文件头"


def test_pdf_is_recognised_by_content_whatever_the_name(tmp_path: Path) -> None:
    path = _chinese_pdf(tmp_path / "download.txt", [PAGE_2])
    assert read_document(path).text == PAGE_2[0]
