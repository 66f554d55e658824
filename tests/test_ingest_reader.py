"""read_document / read_text_stream: format sniffing and one-line errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.ingest import Document, IngestError, read_document, read_text_stream
from luoshi.ingest import reader as reader_module


def _error(path: Path) -> str:
    with pytest.raises(IngestError) as info:
        read_document(path)
    message = str(info.value)
    assert "\n" not in message
    assert info.value.path == str(path)
    return message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    assert _error(path) == f"{path}：找不到文件"


def test_directory(tmp_path: Path) -> None:
    assert _error(tmp_path) == f"{tmp_path}：这是文件夹，不是文件"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _error(path) == f"{path}：文件是空的"


def test_png_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    assert _error(path) == f"{path}：不支持的文件格式（看起来是PNG 图片）"


def test_legacy_doc(tmp_path: Path) -> None:
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert _error(path) == (
        f"{path}：不支持的文件格式（看起来是旧版 Office 文件（.doc/.xls），"
        "请另存为 .docx 或 .xlsx 后再导入）"
    )


def test_rtf(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(rb"{\rtf1\ansi\ansicpg936 \'b7\'a2\'d5\'b9}")
    assert "不支持 RTF 格式" in _error(path)


def test_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes("增长".encode() + b"\x00\x01\x02" * 10)
    assert _error(path).startswith(f"{path}：不是文本文件（含有空字节")


def test_file_over_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_module, "MAX_FILE_SIZE", 3 << 20)
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(4 << 20)  # sparse: nothing is written or read
    assert _error(path) == f"{path}：文件过大（4 MB，上限 3 MB）"


def test_fifo_is_not_read(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert _error(path) == f"{path}：不是普通文件"


def test_read_text_stream_of_text_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    text = "地区生产总值增长6%。\n" * 5000
    path.write_bytes(text.encode("gbk"))
    chunks = list(read_text_stream(path, chunk_chars=4096))
    assert len(chunks) > 1
    assert "".join(chunks) == text == read_document(path).text

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(IngestError, match="文件是空的"):
        read_text_stream(empty)


def test_html_stream_yields_once(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text("<!doctype html><p>森林覆盖率45%</p>", encoding="utf-8")
    assert list(read_text_stream(path)) == ["森林覆盖率45%"]


def test_string_path_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("增长6%", encoding="utf-8")
    doc = read_document(str(path))
    assert doc == Document(path=str(path), text="增长6%", format="txt", encoding="utf-8")


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    head=st.sampled_from(
        [b"", b"PK\x03\x04", b"%PDF-1.4\n", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf1"]
    ),
    body=st.binary(max_size=2000),
    suffix=st.sampled_from([".txt", ".docx", ".pdf", ".html", ""]),
)
def test_any_bytes_give_a_document_or_an_ingest_error(
    tmp_path: Path, head: bytes, body: bytes, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(head + body)
    try:
        doc = read_document(path)
    except IngestError as exc:
        assert str(exc).startswith(f"{path}：")
        assert "\n" not in str(exc)
    else:
        assert isinstance(doc.text, str)
