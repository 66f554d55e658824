"""Read a file into a Document, choosing the format by content, not by name.

Every failure is an IngestError whose message is one line naming the file and
the reason; no other exception type escapes ``read_document``.
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

from luoshi.ingest._common import megabytes, one_line, reason_of
from luoshi.ingest.document import Document, IngestError
from luoshi.ingest.encoding import (
    binary_kind,
    binary_reason,
    bom_encoding,
    decode_bytes,
    iter_text_file,
)

__all__ = ["MAX_FILE_SIZE", "read_document", "read_text_stream", "sniff_format"]

MAX_FILE_SIZE = 500 << 20
_SNIFF_BYTES = 8192
_PDF_HEADER_WITHIN = 1024  # PDF readers accept junk before %PDF- (PDF 1.7, H.3)

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|meta|title|body)\b",
    re.I | re.S,
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Office formats python-docx cannot read, recognised by a characteristic member.
_OTHER_ZIPS = (
    ("xl/workbook.xml", "Excel 工作簿（.xlsx）"),
    ("ppt/presentation.xml", "PowerPoint 演示文稿（.pptx）"),
    ("mimetype", "OpenDocument 文档"),
)


def _check_file(path: Path, name: str, *, size_cap: int | None) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise IngestError(name, "找不到文件") from None
    except OSError as exc:
        raise IngestError(name, f"无法访问：{one_line(exc.strerror or str(exc))}") from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(name, "这是文件夹，不是文件")
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(name, "不是普通文件")
    if info.st_size == 0:
        raise IngestError(name, "文件是空的")
    if size_cap is not None and info.st_size > size_cap:
        raise IngestError(
            name, f"文件过大（{megabytes(info.st_size)}，上限 {megabytes(size_cap)}）"
        )


def _zip_kind(path: Path) -> str | None:
    """None for a (would-be) .docx, else what other zip this is."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError):
        return "损坏的 zip 压缩包"  # NotImplementedError: "zip file version 12.3"
    if "word/document.xml" in names:
        return None
    for member, kind in _OTHER_ZIPS:
        if member in names:
            return kind
    return "zip 压缩包"


def _looks_like_html(head: bytes) -> bool:
    bom = bom_encoding(head)
    # Only ASCII markup matters here, so latin-1 will do without a BOM.
    text = head.decode(bom, "ignore") if bom is not None else head.decode("latin-1")
    return _HTML_START.match(text.lstrip("\ufeff")) is not None


def sniff_format(path: str | Path, head: bytes) -> str:
    """ "docx", "pdf", "html" or "txt" from the first bytes; IngestError for
    binary content and for a .docx/.pdf name on other content."""
    name = str(path)
    suffix = Path(path).suffix.lower()
    if head.startswith(_ZIP_MAGIC):
        if suffix == ".docx":
            return "docx"  # the docx reader says what is wrong with it
        kind = _zip_kind(Path(path))
        if kind is None:
            return "docx"
        raise IngestError(name, binary_reason(kind))
    if b"%PDF-" in head[:_PDF_HEADER_WITHIN]:
        return "pdf"
    if suffix == ".docx":
        raise IngestError(name, "不是 Word 文档（.docx）：文件不是 zip 格式")
    if suffix == ".pdf":
        raise IngestError(name, "不是 PDF 文件：缺少 PDF 文件头")
    if _looks_like_html(head):
        return "html"
    if head.lstrip().startswith(b"{\\rtf"):
        raise IngestError(name, "不支持 RTF 格式，请另存为 .docx 后再导入")
    kind = binary_kind(head)
    if kind is not None:
        raise IngestError(name, binary_reason(kind))
    return "txt"


def _read_head(path: Path, name: str) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(_SNIFF_BYTES)
    except OSError as exc:
        raise IngestError(name, f"无法读取：{one_line(exc.strerror or str(exc))}") from None


def _read(path: Path, name: str, fmt: str) -> Document:
    # each reader's library (python-docx, pdfium, lxml) is imported when a file needs it,
    # so reading plain text, the common case, starts at once
    if fmt == "docx":
        from luoshi.ingest.docx import read_docx

        text, title = read_docx(path)
        return Document(path=name, text=text, format="docx", title=title)
    if fmt == "pdf":
        from luoshi.ingest.pdf import read_pdf

        text, title, warnings = read_pdf(path)
        return Document(name, text, "pdf", title=title, warnings=tuple(warnings))
    data = path.read_bytes()
    if fmt == "html":
        from luoshi.ingest.html import read_html

        text, title, encoding, warnings = read_html(data, name)
        return Document(name, text, "html", encoding, title, tuple(warnings))
    text, encoding, warnings = decode_bytes(data, path=name)
    return Document(name, text, "txt", encoding, warnings=tuple(warnings))


def read_document(path: str | Path) -> Document:
    """Read a .docx, PDF, HTML or plain-text file (format sniffed from content)."""
    name = str(path)
    file = Path(path)
    _check_file(file, name, size_cap=MAX_FILE_SIZE)
    fmt = sniff_format(file, _read_head(file, name))
    try:
        return _read(file, name, fmt)
    except IngestError:
        raise
    except OSError as exc:
        raise IngestError(name, f"无法读取：{one_line(exc.strerror or str(exc))}") from None
    except Exception as exc:  # last resort: callers rely on IngestError only
        raise IngestError(
            name, f"无法按 {fmt} 格式读取，文件可能已损坏（{reason_of(exc)}）"
        ) from None


def read_text_stream(path: str | Path, chunk_chars: int = 1 << 20) -> Iterator[str]:
    """The file's text in chunks: plain text is decoded incrementally (no size
    cap, chunks end at line breaks); other formats yield their text once."""
    name = str(path)
    file = Path(path)
    _check_file(file, name, size_cap=None)
    if sniff_format(file, _read_head(file, name)) == "txt":
        return iter_text_file(file, chunk_chars)
    return _WholeText(read_document(file))


class _WholeText(Iterator[str]):
    """A document read whole, iterated like a text stream (one chunk) with its warnings."""

    def __init__(self, doc: Document) -> None:
        self._pending: list[str] = [doc.text]
        self.warnings: list[str] = list(doc.warnings)

    def __next__(self) -> str:
        if not self._pending:
            raise StopIteration
        return self._pending.pop()
