"""Opening a workbook someone handed in: every .xlsx a user gives us comes through here.

The bytes are capped and the zip's central directory is checked (size, member count,
compression ratio) before openpyxl inflates anything, so a small upload cannot
expand into gigabytes. Refusals are one-line Chinese messages (``IngestError``).
"""

from __future__ import annotations

import io
import os
import zipfile
from typing import IO, TYPE_CHECKING

from .document import IngestError

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["MAX_FILE_BYTES", "MAX_UNCOMPRESSED", "open_workbook", "read_capped", "refusal"]

PathOrStream = str | os.PathLike[str] | IO[bytes]

# A workbook is refused before openpyxl inflates it past these.
MAX_FILE_BYTES = 100 * 2**20
MAX_UNCOMPRESSED = 100 * 2**20
MAX_MEMBERS = 10_000
MAX_RATIO = 100  # xlsx parts compress 5–30×; a bomb compresses 1000×
RATIO_FLOOR = 2**20  # small parts may compress well without harm
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_capped(src: PathOrStream, cap: int = MAX_FILE_BYTES) -> io.BytesIO:
    """The whole file in memory (one byte past the cap), so the zip checked is the zip opened."""
    if isinstance(src, str | os.PathLike):
        with open(src, "rb") as f:
            return io.BytesIO(f.read(cap + 1))
    if src.seekable():
        src.seek(0)
    return io.BytesIO(src.read(cap + 1))


def refusal(data: io.BytesIO, cap: int = MAX_FILE_BYTES) -> str:
    """Why the bytes are not a workbook openpyxl may safely open; "" when they are."""
    head = data.read(8)
    size = data.seek(0, io.SEEK_END)
    data.seek(0)
    if not head:
        return "文件是空的"
    if size > cap:
        return f"文件超过 {cap // 2**20} MB，拒绝读取"
    if head == OLE_MAGIC:
        return "这是旧版 Excel 97-2003 (.xls) 文件或加密的工作簿，请在 Excel 中另存为未加密的 .xlsx 后再导入"
    if not head.startswith(b"PK"):
        return "不是 Excel 工作簿 (.xlsx)：文件不是 zip 格式（可能是改了扩展名的文本、CSV 或网页）"
    try:
        with zipfile.ZipFile(data) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return "文件已损坏：zip 结构无效，无法作为 .xlsx 打开"
    finally:
        data.seek(0)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        if "xl/workbook.bin" in names:
            return "不支持 .xlsb 格式，请另存为 .xlsx 后再导入"
        return "不是 Excel 工作簿 (.xlsx)：压缩包中没有工作簿内容"
    # zipfile never inflates a member past its declared size, so the sizes below are binding.
    total = sum(info.file_size for info in infos)
    if len(infos) > MAX_MEMBERS or total > MAX_UNCOMPRESSED:
        return f"解压后超过 {MAX_UNCOMPRESSED // 2**20} MB，拒绝读取（疑似压缩炸弹）"
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            return f"压缩比异常（{ratio} 倍），拒绝读取（疑似压缩炸弹）"
    return ""


def open_workbook(src: PathOrStream, *, name: str = "", read_only: bool = False) -> Workbook:
    """A checked workbook, formulas read as their cached values (never evaluated).

    Raises ``IngestError`` with a one-line Chinese reason for anything else.
    """
    from openpyxl import load_workbook

    label = name or (os.fspath(src) if isinstance(src, str | os.PathLike) else "上传的文件")
    data = read_capped(src)
    reason = refusal(data)
    if reason:
        raise IngestError(str(label), reason)
    try:
        return load_workbook(data, data_only=True, read_only=read_only)
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise IngestError(
            str(label), f"无法读取工作簿，文件可能已损坏（{type(exc).__name__}）"
        ) from None
