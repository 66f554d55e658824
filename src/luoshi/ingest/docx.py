"""Text of a .docx: body paragraphs and tables in document order.

Paragraphs become lines; a table becomes one line per row with cells joined
by tabs (a merged cell once), set off by blank lines. The archive is vetted
before python-docx touches it, so a zip bomb is refused without inflating it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx as python_docx

from luoshi.ingest._common import megabytes, reason_of
from luoshi.ingest.document import IngestError

__all__ = ["MAX_UNCOMPRESSED", "check_docx_archive", "read_docx"]

MAX_UNCOMPRESSED = 200 << 20  # sum of declared member sizes
MAX_MEMBERS = 10_000
# A big member that deflates this well is a bomb, not an XML part or an image.
MAX_RATIO = 100
_RATIO_MIN_SIZE = 10 << 20

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Wrappers whose children belong to the surrounding block level.
_TRANSPARENT = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"}
# Subtrees that hold no visible body text: properties, deleted text, the
# fallback copy of a drawing, text boxes (python-docx skips them too).
_SKIP = {
    f"{_W}pPr",
    f"{_W}rPr",
    f"{_W}sdtPr",
    f"{_W}del",
    f"{_W}moveFrom",
    f"{_W}txbxContent",
    _MC_FALLBACK,
}
_RUN_TEXT: dict[str, str | None] = {
    f"{_W}t": None,  # None: the element's own text
    f"{_W}tab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}


def check_docx_archive(path: str | Path) -> None:
    """Refuse a file that is not a zip, has no word/document.xml, or would
    inflate to more than MAX_UNCOMPRESSED (only the central directory is read).

    zipfile never returns more than a member's declared size, so the declared
    sizes checked here bound what python-docx can inflate later.
    """
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise IngestError(name, "不是 Word 文档（.docx）：文件不是 zip 格式") from None
    except (NotImplementedError, OSError, EOFError, ValueError) as exc:  # zip version 12.3
        raise IngestError(
            name, f"不是 Word 文档（.docx）：压缩包无法读取（{reason_of(exc)}）"
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise IngestError(name, f"压缩包内有 {len(infos)} 个文件，拒绝读取（疑似压缩炸弹）")
    if not any(info.filename == "word/document.xml" for info in infos):
        raise IngestError(name, "不是 Word 文档（.docx）：压缩包中没有文档正文")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise IngestError(
            name,
            f"解压后将达 {megabytes(total)}（上限 {megabytes(MAX_UNCOMPRESSED)}），"
            "拒绝读取（疑似压缩炸弹）",
        )
    for info in infos:
        if info.file_size > _RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(
            1, info.compress_size
        ):
            raise IngestError(
                name,
                f"压缩比异常（{info.compress_size} 字节解压为 {megabytes(info.file_size)}），"
                "拒绝读取（疑似压缩炸弹）",
            )


def _run_text(el: Any, out: list[str]) -> None:
    """Visible text under a paragraph, in order, skipping non-visible subtrees."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in _RUN_TEXT:
            fixed = _RUN_TEXT[tag]
            out.append((child.text or "") if fixed is None else fixed)
        elif tag != f"{_W}p":  # a nested paragraph belongs to a text box
            _run_text(child, out)


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    _run_text(p, parts)
    return "".join(parts)


def _children(el: Any) -> Iterator[Any]:
    """Children of ``el``, looking through content controls and similar wrappers."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _TRANSPARENT:
            yield from _children(child)
        else:
            yield child


def _cell_text(tc: Any) -> str:
    """A cell on one line: its paragraphs (and nested tables) joined by spaces."""
    parts: list[str] = []
    for block in _children(tc):
        if block.tag == f"{_W}p":
            parts.append(_paragraph_text(block))
        elif block.tag == f"{_W}tbl":
            parts.extend(" ".join(row) for row in _table_rows(block))
    return " ".join(" ".join(parts).split())


def _is_vmerge_continuation(tc: Any) -> bool:
    v_merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    # <w:vMerge/> without a value continues the cell above; "restart" starts one.
    return v_merge is not None and v_merge.get(f"{_W}val", "continue") == "continue"


def _table_rows(tbl: Any) -> Iterator[list[str]]:
    for tr in _children(tbl):
        if tr.tag != f"{_W}tr":
            continue
        # One <w:tc> per cell however many grid columns it spans; a
        # vertically merged cell keeps its text in the first row only.
        cells = [
            "" if _is_vmerge_continuation(tc) else _cell_text(tc)
            for tc in _children(tr)
            if tc.tag == f"{_W}tc"
        ]
        if any(cells):
            yield cells


def _body_lines(body: Any) -> list[str]:
    lines: list[str] = []
    for block in _children(body):
        if block.tag == f"{_W}p":
            lines.append(_paragraph_text(block))
        elif block.tag == f"{_W}tbl":
            rows = ["\t".join(cells) for cells in _table_rows(block)]
            if not rows:
                continue
            if lines and lines[-1]:
                lines.append("")
            lines.extend(rows)
            lines.append("")
    return lines


def read_docx(path: str | Path) -> tuple[str, str | None]:
    """``(text, title)`` of a .docx file; IngestError for anything unreadable."""
    name = str(path)
    check_docx_archive(path)
    try:
        document = python_docx.Document(str(path))
        lines = _body_lines(document.element.body)
        title = (document.core_properties.title or "").strip() or None
    except IngestError:
        raise
    except Exception as exc:  # python-docx/lxml raise many types on a corrupt package
        raise IngestError(name, f"Word 文档已损坏（{reason_of(exc)}）") from None
    text = "\n".join(lines).strip("\n")
    return text, title
