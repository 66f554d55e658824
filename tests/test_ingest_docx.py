"""Reading .docx files, and refusing archives that are not safe .docx files."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import docx
import pytest

from luoshi.ingest import IngestError, read_document, read_text_stream


def _plan_docx(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "某市国民经济和社会发展第十四个五年规划纲要"
    document.add_heading("第一章 发展目标", level=1)
    document.add_paragraph("到2025年，地区生产总值年均增长6%左右。")
    table = document.add_table(rows=4, cols=3)
    rows = [
        ("指标", "2020年", "2025年"),
        ("地区生产总值（亿元）", "1234.5", "1650"),
        ("森林覆盖率（%）", "43", "45"),
        ("备注", "", ""),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    # "备注" spans the whole last row: it must come out once, not three times.
    table.cell(3, 0).merge(table.cell(3, 2)).text = "均为预期性指标"
    document.add_paragraph("城镇调查失业率控制在5.5%以内。")
    document.save(str(path))
    return path


def test_docx_paragraphs_and_table_in_document_order(tmp_path: Path) -> None:
    doc = read_document(_plan_docx(tmp_path / "plan.docx"))

    assert doc.format == "docx"
    assert doc.title == "某市国民经济和社会发展第十四个五年规划纲要"
    assert doc.warnings == ()
    assert doc.text == (
        "第一章 发展目标\n"
        "到2025年，地区生产总值年均增长6%左右。\n"
        "\n"
        "指标\t2020年\t2025年\n"
        "地区生产总值（亿元）\t1234.5\t1650\n"
        "森林覆盖率（%）\t43\t45\n"
        "均为预期性指标\n"
        "\n"
        "城镇调查失业率控制在5.5%以内。"
    )


def test_docx_vertically_merged_cell_appears_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "经济发展"
    for r, value in enumerate(["增长6%", "增长7%", "增长8%"]):
        table.cell(r, 1).text = value
    path = tmp_path / "vmerge.docx"
    document.save(str(path))

    assert read_document(path).text == "经济发展\t增长6%\n\t增长7%\n\t增长8%"


def test_docx_is_recognised_by_content_whatever_the_name(tmp_path: Path) -> None:
    path = _plan_docx(tmp_path / "plan.bin")
    assert read_document(path).format == "docx"


def test_docx_stream_yields_the_text_once(tmp_path: Path) -> None:
    path = _plan_docx(tmp_path / "plan.docx")
    assert list(read_text_stream(path)) == [read_document(path).text]


def test_plain_text_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("这不是一个Word文档", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert str(info.value) == f"{path}：不是 Word 文档（.docx）：文件不是 zip 格式"


def test_zip_without_word_document_xml(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert str(info.value) == f"{path}：不是 Word 文档（.docx）：压缩包中没有文档正文"


def test_zip_bomb_is_refused_without_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    # 300 MB of zeros deflate to about 1 MB; written in a stream, never held.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/image1.png", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(300):
                member.write(block)
    assert path.stat().st_size < 3 << 20

    started = time.perf_counter()
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert time.perf_counter() - started < 1.0
    message = str(info.value)
    assert message.startswith(f"{path}：解压后将达")
    assert "300 MB" in message


def test_zip_member_with_absurd_compression_ratio_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ratio.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", bytes(50 << 20))  # under the total cap
    with pytest.raises(IngestError, match=r"解压为 50 MB"):
        read_document(path)


def test_corrupt_document_xml(tmp_path: Path) -> None:
    path = _plan_docx(tmp_path / "corrupt.docx")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    with pytest.raises(IngestError) as info:
        read_document(broken)
    assert str(info.value).startswith(f"{broken}：Word 文档已损坏（")
    assert "\n" not in str(info.value)


def test_truncated_docx_archive(tmp_path: Path) -> None:
    path = _plan_docx(tmp_path / "whole.docx")
    cut = tmp_path / "cut.docx"
    cut.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(IngestError, match=r"cut\.docx：不是 Word 文档"):
        read_document(cut)


def test_other_office_zip_is_named(tmp_path: Path) -> None:
    path = tmp_path / "data.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert str(info.value) == (f"{path}：不支持的文件格式（看起来是Excel 工作簿（.xlsx））")
