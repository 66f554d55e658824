"""Opening a workbook someone handed in: every .xlsx a user gives us comes through here.

Two doors, one set of checks:

* ``read_sheet(src, limits=...)`` — the rows of one sheet as plain values, streamed
  from the sheet's XML (``sheetxml``: openpyxl's values at a fraction of its time) and capped in rows, columns, cell length and time by a
  ``SheetLimits`` that fits the file's purpose (``UNIT_LIST``, ``PROGRESS_FORM``,
  ``EVIDENCE``...). Use this for any new upload.
* ``open_workbook(src)`` — the whole openpyxl ``Workbook``, for a reader that needs
  merged cells, fills or comments (the task table).

Before openpyxl inflates anything, the bytes are capped and every zip member is
checked: declared sizes, member count and compression ratio (zip bombs), a zip
version or compression method zipfile cannot read, encryption, a damaged deflate
stream or CRC, and any DTD (``<!DOCTYPE``/``<!ENTITY``: billion laughs, external
entities — a real xlsx never has one). Every refusal is an ``IngestError`` whose
``reason`` is one line of Chinese for the user.

Web handlers call these through ``run_in_threadpool``: parsing never runs on the event
loop, and ``read_sheet`` stops itself when ``limits.seconds`` have passed.
"""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from .document import IngestError

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = [
    "EVIDENCE",
    "MAX_FILE_BYTES",
    "MAX_UNCOMPRESSED",
    "PROGRESS_FORM",
    "UNIT_LIST",
    "SheetLimits",
    "SheetRows",
    "open_workbook",
    "read_capped",
    "read_sheet",
    "read_xls_sheets",
    "refusal",
    "sheet_titles",
]

PathOrStream = str | os.PathLike[str] | IO[bytes]

# A workbook is refused before openpyxl inflates it past these.
MAX_FILE_BYTES = 100 * 2**20
MAX_UNCOMPRESSED = 100 * 2**20
MAX_MEMBERS = 10_000
MAX_GRID_CELLS = 2_000_000  # rows × columns of a sheet read whole (not streamed)
MAX_RATIO = 100  # xlsx parts compress 5–30×; a bomb compresses 1000×
RATIO_FLOOR = 2**20  # small parts may compress well without harm
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
# A DTD in any part, in UTF-8 or UTF-16 (expat reads both): xlsx parts never declare one.
_DTD = re.compile(
    rb"<!(?:DOCTYPE|ENTITY)|<\x00!\x00(?:D\x00O\x00C\x00T\x00Y\x00P\x00E|E\x00N\x00T\x00I\x00T\x00Y)"
)
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class SheetLimits:
    """What one kind of workbook may hold; the caps fit the file's purpose."""

    rows: int = 10_000  # rows with content, header included
    cols: int = 50  # columns read; cells further right are ignored
    cell_chars: int = 10_000  # characters in one cell
    file_bytes: int = 20 * 2**20
    expanded: int = 50 * 2**20  # bytes after unzipping every part
    seconds: float = 20.0  # wall time for parsing, checked as rows stream


# A unit list: a few hundred departments and places, a handful of columns.
UNIT_LIST = SheetLimits(rows=5_000, cols=30, cell_chars=500, file_bytes=10 * 2**20,
                        expanded=20 * 2**20, seconds=10.0)  # fmt: skip
# A unit's progress form: its targets (dozens, rarely thousands), 13 columns, notes in prose.
PROGRESS_FORM = SheetLimits(rows=5_000, cols=20, cell_chars=5_000, file_bytes=20 * 2**20,
                            expanded=40 * 2**20, seconds=15.0)  # fmt: skip
# Evidence attached to a report: read for a preview, never trusted to be small.
EVIDENCE = SheetLimits(rows=2_000, cols=50, cell_chars=5_000, file_bytes=20 * 2**20,
                       expanded=40 * 2**20, seconds=10.0)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SheetRows:
    """One sheet's cell values: ``rows[0]`` is row 1; trailing empty rows dropped."""

    title: str
    rows: list[tuple[object, ...]]

    def cell(self, row: int, col: int) -> object:
        """The value at 1-based ``row``/``col`` (None outside the sheet), like ``ws.cell``."""
        if 1 <= row <= len(self.rows):
            values = self.rows[row - 1]
            if 1 <= col <= len(values):
                return values[col - 1]
        return None


def read_capped(src: PathOrStream, cap: int = MAX_FILE_BYTES) -> io.BytesIO:
    """The whole file in memory (one byte past the cap), so the zip checked is the zip opened."""
    if isinstance(src, str | os.PathLike):
        with open(src, "rb") as f:
            return io.BytesIO(f.read(cap + 1))
    if src.seekable():
        src.seek(0)
    return io.BytesIO(src.read(cap + 1))


def _mb(n: int) -> str:
    return f"{n / 2**20:g} MB"


def _member_refusal(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """Inflate one part in chunks (bounded by its declared size) looking for damage or a DTD."""
    tail = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                if _DTD.search(tail + chunk):
                    return "工作簿中含有 XML 实体声明（DTD），拒绝读取（疑似实体炸弹）"
                tail = chunk[-24:]
    except NotImplementedError:
        return "工作簿使用了不支持的压缩方式，请在 Excel 中重新另存为 .xlsx 后再导入"
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        return "工作簿已加密，请在 Excel 中取消密码并另存为 .xlsx 后再导入"
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        return "文件已损坏：压缩数据无效或校验失败，无法作为 .xlsx 打开"
    return ""


def refusal(data: io.BytesIO, cap: int = MAX_FILE_BYTES, expanded: int = MAX_UNCOMPRESSED) -> str:
    """Why the bytes are not a workbook openpyxl may safely open; "" when they are."""
    head = data.read(8)
    size = data.seek(0, io.SEEK_END)
    data.seek(0)
    if not head:
        return "文件是空的"
    if size > cap:
        return f"文件超过 {_mb(cap)}，拒绝读取"
    if head == OLE_MAGIC:
        return "这是旧版 Excel 97-2003 (.xls) 文件或加密的工作簿，请在 Excel 中另存为未加密的 .xlsx 后再导入"
    if not head.startswith(b"PK"):
        return "不是 Excel 工作簿 (.xlsx)：文件不是 zip 格式（可能是改了扩展名的文本、CSV 或网页）"
    try:
        with zipfile.ZipFile(data) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "xl/workbook.xml" not in names:
                if "xl/workbook.bin" in names:
                    return "不支持 .xlsb 格式，请另存为 .xlsx 后再导入"
                return "不是 Excel 工作簿 (.xlsx)：压缩包中没有工作簿内容"
            # zipfile never inflates a member past its declared size, so these sizes bind.
            total = sum(info.file_size for info in infos)
            if len(infos) > MAX_MEMBERS or total > expanded:
                return f"解压后超过 {_mb(expanded)}，拒绝读取（疑似压缩炸弹）"
            for info in infos:
                floor = max(info.compress_size, 1)
                if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * floor:
                    return f"压缩比异常（{info.file_size // floor} 倍），拒绝读取（疑似压缩炸弹）"
                if info.flag_bits & 0x1:
                    return "工作簿已加密，请在 Excel 中取消密码并另存为 .xlsx 后再导入"
                if (
                    info.extract_version > zipfile.MAX_EXTRACT_VERSION
                    or info.compress_type not in _READABLE
                ):
                    return "工作簿使用了不支持的压缩方式，请在 Excel 中重新另存为 .xlsx 后再导入"
            for info in infos:
                reason = _member_refusal(archive, info)
                if reason:
                    return reason
    except NotImplementedError:  # zipfile: "zip file version 12.3" in the central directory
        return "工作簿使用了不支持的 zip 版本或压缩方式，请在 Excel 中重新另存为 .xlsx 后再导入"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return "文件已损坏：zip 结构无效，无法作为 .xlsx 打开"
    finally:
        data.seek(0)
    return ""


def _label(src: PathOrStream, name: str) -> str:
    return name or (os.fspath(src) if isinstance(src, str | os.PathLike) else "上传的文件")


def _checked(src: PathOrStream, label: str, cap: int, expanded: int) -> io.BytesIO:
    data = read_capped(src, cap)
    reason = refusal(data, cap, expanded)
    if reason:
        raise IngestError(label, reason)
    return data


def _broken(label: str, exc: BaseException) -> IngestError:
    return IngestError(label, f"无法读取工作簿，文件可能已损坏（{type(exc).__name__}）")


def open_workbook(src: PathOrStream, *, name: str = "", read_only: bool = False) -> Workbook:
    """A checked workbook, formulas read as their cached values (never evaluated).

    Raises ``IngestError`` with a one-line Chinese reason for anything else. Prefer
    ``read_sheet`` unless the reader needs openpyxl's formatting (merged cells, fills).
    """
    from openpyxl import load_workbook

    label = _label(src, name)
    data = _checked(src, label, MAX_FILE_BYTES, MAX_UNCOMPRESSED)
    try:
        wb = load_workbook(data, data_only=True, read_only=read_only)
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise _broken(label, exc) from None
    if not read_only:  # iter_rows pads every sheet to its corner: one cell at XFD1048576 is 17 G
        for ws in wb.worksheets:
            rows, cols = getattr(ws, "max_row", 0), getattr(ws, "max_column", 0)
            if rows * cols > MAX_GRID_CELLS:
                wb.close()
                raise IngestError(
                    label, f"工作表「{ws.title}」的范围过大（{rows} 行 × {cols} 列），拒绝读取"
                )
    return wb


def read_sheet(
    src: PathOrStream, *, limits: SheetLimits, name: str = "", sheet: str | None = None
) -> SheetRows:
    """The values of ``sheet`` (else the first sheet), streamed within ``limits``.

    Raises ``IngestError`` (one line of Chinese) for a file that is unsafe, broken,
    or larger than its purpose allows; never anything else.
    """
    from .sheetxml import SheetXml

    label = _label(src, name)
    deadline = time.monotonic() + limits.seconds
    data = _checked(src, label, limits.file_bytes, limits.expanded)
    rows: list[tuple[object, ...]] = []
    try:
        archive = zipfile.ZipFile(data)
        book = SheetXml(archive)
    except Exception as exc:  # a part missing or malformed
        raise _broken(label, exc) from None
    try:
        if not book.sheets:
            raise IngestError(label, "工作簿里没有工作表")
        title = sheet if sheet in book.sheets else next(iter(book.sheets))
        for number, values in enumerate(book.rows(title, limits.cols), 1):
            if number % 256 == 0 and time.monotonic() > deadline:
                raise IngestError(
                    label, f"读取超过 {limits.seconds:g} 秒仍未完成，已停止（文件过大或结构异常）"
                )
            filled = any(values) or any(v is not None and v != "" for v in values)
            # formatted empty rows past the end are common; a sheet twice as long is not
            if number > limits.rows and (filled or number > 2 * limits.rows):
                raise IngestError(label, f"工作表「{title}」超过 {limits.rows} 行，拒绝读取")
            if not filled:
                continue
            if max((len(v) for v in values if isinstance(v, str)), default=0) > limits.cell_chars:
                col = next(j for j, v in enumerate(values, 1)
                           if isinstance(v, str) and len(v) > limits.cell_chars)  # fmt: skip
                raise IngestError(
                    label, f"第 {number} 行第 {col} 列的内容超过 {limits.cell_chars} 字，拒绝读取"
                )
            rows.extend([()] * (number - 1 - len(rows)))
            rows.append(values + (None,) * (limits.cols - len(values)))
    except IngestError:
        raise
    except Exception as exc:  # damage found while streaming: zlib, XML, zip CRC errors
        raise _broken(label, exc) from None
    finally:
        archive.close()
    return SheetRows(title, rows)


def sheet_titles(src: PathOrStream, *, limits: SheetLimits, name: str = "") -> list[str]:
    """The worksheets' titles in order (chartsheets left out), after the same checks."""
    from .sheetxml import SheetXml

    label = _label(src, name)
    data = _checked(src, label, limits.file_bytes, limits.expanded)
    try:
        with zipfile.ZipFile(data) as archive:
            return list(SheetXml(archive).sheets)
    except Exception as exc:  # a part missing or malformed
        raise _broken(label, exc) from None


def read_xls_sheets(src: PathOrStream, *, limits: SheetLimits, name: str = "") -> list[SheetRows]:
    """Every worksheet of an old Excel 97-2003 (.xls) file as values (xlrd), within ``limits``.

    Numbers that are whole come out as ``int`` (xlrd gives floats), dates as ``datetime``,
    error cells and blanks as None — what ``read_sheet`` gives for the same .xlsx.
    """
    import xlrd

    label = _label(src, name)
    content = read_capped(src, limits.file_bytes).getvalue()
    if len(content) > limits.file_bytes:
        raise IngestError(label, f"文件超过 {_mb(limits.file_bytes)}，拒绝读取")
    if not content.startswith(OLE_MAGIC):
        raise IngestError(label, "不是旧版 Excel (.xls) 文件，请另存为 .xlsx 后再导入")
    if "EncryptedPackage".encode("utf-16-le") in content:
        raise IngestError(label, "工作簿已加密，请在 Excel 中取消密码并另存为 .xlsx 后再导入")
    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True)
    except Exception as exc:  # xlrd raises many kinds on malformed or encrypted files
        why = "已加密" if "encrypt" in str(exc).lower() else "可能已损坏"
        raise IngestError(label, f"无法读取旧版 Excel (.xls) 文件，文件{why}") from None
    out = []
    try:
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            if sh.nrows > limits.rows:
                raise IngestError(label, f"工作表「{sh.name}」超过 {limits.rows} 行，拒绝读取")
            rows: list[tuple[object, ...]] = []
            for r in range(sh.nrows):
                values = [
                    _xls_value(sh.cell(r, c), book.datemode)
                    for c in range(min(sh.ncols, limits.cols))
                ]
                values += [None] * (limits.cols - len(values))
                if not any(v is not None and v != "" for v in values):
                    continue
                for col, v in enumerate(values, 1):
                    if isinstance(v, str) and len(v) > limits.cell_chars:
                        raise IngestError(
                            label,
                            f"第 {r + 1} 行第 {col} 列的内容超过 {limits.cell_chars} 字，拒绝读取",
                        )
                rows.extend([()] * (r - len(rows)))
                rows.append(tuple(values))
            out.append(SheetRows(sh.name, rows))
            book.unload_sheet(index)
    except IngestError:
        raise
    except Exception as exc:  # damage found while reading a sheet
        raise _broken(label, exc) from None
    finally:
        book.release_resources()
    return out


def _xls_value(cell: object, datemode: int) -> object:
    import xlrd

    kind, value = cell.ctype, cell.value  # type: ignore[attr-defined]
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError):
            return value
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() else value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR) or value == "":
        return None
    return value
