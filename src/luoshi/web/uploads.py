"""Uploads: capped in size and recognised by their content, never by their name."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from fastapi import HTTPException, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from ..ingest.document import IngestError
from ..ingest.workbook import SheetLimits, SheetRows, read_sheet

_ZIP_MEMBER = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
NAMES = {
    "xlsx": "Excel (.xlsx)",
    "docx": "Word (.docx)",
    "pdf": "PDF",
    "txt": "文本",
    "html": "网页",
}


def _zip_has(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            return member in z.namelist()
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError):
        return False  # NotImplementedError: a central directory claiming zip version 12.3


def kind_of(data: bytes) -> str | None:
    if data.startswith(b"PK\x03\x04"):
        return next((k for k, m in _ZIP_MEMBER.items() if _zip_has(data, m)), None)
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta")):
        return "html"
    if b"\0" not in data[:4096] and not data.startswith(b"PK"):
        return "txt"
    return None


async def read_upload(request: Request, file: UploadFile, kinds: tuple[str, ...]) -> bytes:
    """The uploaded bytes, if within the size cap and of one of ``kinds`` by content."""
    cap: int = request.app.state.settings.upload_max_bytes
    data = await file.read(cap + 1)
    if len(data) > cap:
        raise HTTPException(413, f"文件超过 {cap >> 20} MB")
    if not data:
        raise HTTPException(400, "文件是空的")
    kind = kind_of(data)
    if kind not in kinds:
        wanted = "、".join(NAMES[k] for k in kinds)
        raise HTTPException(415, f"文件内容不是 {wanted}(按内容识别，不看扩展名)")
    return data


def plain_name(file: UploadFile) -> str:
    """The upload's own file name (browsers may send a path), short enough to show."""
    return Path((file.filename or "").replace("\\", "/")).name.strip()[:100] or "上传的文件"


async def read_sheet_upload(
    request: Request, file: UploadFile, limits: SheetLimits, sheet: str | None = None
) -> SheetRows:
    """An uploaded .xlsx as rows, parsed in a worker thread within ``limits``.

    The one way a web handler reads a workbook: 413/415/400 ``HTTPException`` with a
    Chinese message for a file too big, of another kind, or unsafe/broken.
    """
    data = await read_upload(request, file, kinds=("xlsx",))
    name = plain_name(file)
    try:
        return await run_in_threadpool(read_sheet, BytesIO(data), limits=limits, name=name,
                                       sheet=sheet)  # fmt: skip
    except IngestError as e:
        raise HTTPException(400, f"无法读取「{name}」：{e.reason}") from None
