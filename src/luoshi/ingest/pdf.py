"""Text layer of a PDF via pypdfium2; pages joined by a blank line.

Bounded before and while PDFium works: the deflate streams are inflated once, counted
and thrown away (a 1.4 MB compression bomb would take PDFium to 2 GB), pages are
capped, and reading stops after MAX_SECONDS.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from luoshi.ingest._common import one_line, reason_of
from luoshi.ingest.document import IngestError

__all__ = ["read_pdf"]

NO_TEXT_LAYER = "PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）"
# Producers fill in placeholders that are not titles.
_PLACEHOLDER_TITLES = {"untitled", "untitled document", "microsoft word", "无标题"}

MAX_PAGES = 3_000
MAX_INFLATED = 96 << 20  # content streams, fonts, object streams: what PDFium parses for text
MAX_IMAGE_INFLATED = 512 << 20  # pixels are never decoded for text, but still bounded
MAX_SECONDS = 120.0
_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1 << 20
_ZLIB_HEADS = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")


def _inflate(data: bytes | memoryview, budget: int, d: Any = None) -> Iterator[bytes]:
    """Output of a zlib stream (fed on through ``d``) in chunks, at most ``budget`` bytes;
    stops silently on damage or at the stream's end."""
    d = d or zlib.decompressobj()
    pending: bytes | memoryview = data
    try:
        while pending and budget > 0 and not d.eof:
            out = d.decompress(pending, min(_CHUNK, budget))
            pending = d.unconsumed_tail
            budget -= len(out)
            yield out
    except zlib.error:
        return


def _stream_size(body: memoryview, budget: int) -> int:
    """Bytes a deflate stream inflates to (through a second deflate layer, as in
    /Filter [/FlateDecode /FlateDecode]), counting stops just past ``budget``."""
    outer = inner = 0
    nested: Any = None
    for out in _inflate(body, budget):
        outer += len(out)
        if nested is None:
            nested = zlib.decompressobj() if out[:2] in _ZLIB_HEADS else False
        if nested:
            inner += sum(len(x) for x in _inflate(out, budget - inner, nested))
        if max(outer, inner) >= budget:
            break
    return max(outer, inner)


def _inflated_sizes(data: bytes) -> tuple[int, int]:
    """(other, image) bytes the deflate streams inflate to; counting stops past the caps."""
    other = image = 0
    view = memoryview(data)
    for m in _STREAM.finditer(data):
        start = m.end()
        if data[start : start + 1] != b"\x78":
            continue  # not deflate (DCT/JPX images, plain streams): PDFium copies them as is
        end = data.find(b"endstream", start)
        body = view[start : end if end >= 0 else len(data)]
        if b"/Image" in data[max(0, m.start() - 600) : m.start()]:
            image += _stream_size(body, MAX_IMAGE_INFLATED - image + 1)
        else:
            other += _stream_size(body, MAX_INFLATED - other + 1)
        if other > MAX_INFLATED or image > MAX_IMAGE_INFLATED:
            break
    return other, image


def _check_bomb(path: str | Path) -> None:
    name = str(path)
    with open(path, "rb") as f:
        other, image = _inflated_sizes(f.read())
    if other > MAX_INFLATED or image > MAX_IMAGE_INFLATED:
        raise IngestError(name, "PDF 解压后的内容过大，拒绝读取（疑似压缩炸弹）")


def _open(path: str | Path) -> pdfium.PdfDocument:
    name = str(path)
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = one_line(str(exc))
        if "password" in message.lower():
            raise IngestError(name, f"PDF 已加密，需要密码才能读取（{message}）") from None
        raise IngestError(name, f"PDF 文件已损坏（{message}）") from None


def _page_text(document: pdfium.PdfDocument, index: int) -> str:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text: str = textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    # PDFium ends lines with \r\n and may emit NULs for unmapped glyphs.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip("\n")


def _title(document: pdfium.PdfDocument) -> str | None:
    title = (document.get_metadata_dict().get("Title") or "").strip()
    return title if title and title.lower() not in _PLACEHOLDER_TITLES else None


def read_pdf(path: str | Path) -> tuple[str, str | None, list[str]]:
    """``(text, title, warnings)`` of a PDF; IngestError when there is no text."""
    name = str(path)
    _check_bomb(path)
    document = _open(path)
    deadline = time.monotonic() + MAX_SECONDS
    try:
        if len(document) > MAX_PAGES:
            raise IngestError(name, f"PDF 有 {len(document)} 页，超过 {MAX_PAGES} 页，拒绝读取")
        pages = []
        for i in range(len(document)):
            if time.monotonic() > deadline:
                raise IngestError(name, f"读取 PDF 超过 {MAX_SECONDS:g} 秒仍未完成，已停止")
            pages.append(_page_text(document, i))
        title = _title(document)
    except IngestError:
        raise
    except Exception as exc:  # PDFium surfaces damage in a page as various errors
        raise IngestError(name, f"PDF 文件已损坏（{reason_of(exc)}）") from None
    finally:
        document.close()
    empty = sum(1 for page in pages if not page.strip())
    if not pages or empty == len(pages):
        raise IngestError(name, NO_TEXT_LAYER)
    warnings = []
    if empty:
        warnings.append(f"{len(pages)} 页中有 {empty} 页没有文字层（可能是扫描页）")
    # Blank pages would only add runs of empty lines.
    return "\n\n".join(page for page in pages if page.strip()), title, warnings
