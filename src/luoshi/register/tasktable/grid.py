"""Any task table file as grids of cell values: .xlsx, legacy .xls, the tables of a .docx, .csv.

Merged cells are filled (a value merged over rows or columns appears in every cell
it covers) and the horizontally merged cells are remembered, for two-row headers.
Every file is size-checked before a parser inflates it; refusals are ``IngestError``.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO, Any

from ...ingest.document import IngestError
from ...ingest.docx import check_docx_archive
from ...ingest.encoding import decode_bytes
from ...ingest.workbook import OLE_MAGIC, open_workbook, read_capped, refusal

__all__ = ["MAX_CELL_CHARS", "MAX_ROWS", "Grid", "load_grids"]

PathOrStream = str | os.PathLike[str] | IO[bytes]

MAX_ROWS = 20_000  # a task table of a whole province has a few thousand rows
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000  # a task is a few hundred characters; Excel itself stops at 32,767


@dataclass
class Grid:
    """One sheet or Word table: filled cell values by row (0-based), and what merges spanned."""

    name: str
    rows: list[list[object]]
    across: set[tuple[int, int]] = field(default_factory=set)  # in a merge of ≥2 columns
    above: list[str] = field(default_factory=list)  # paragraphs before a Word table
    sheet: Any = None  # the openpyxl worksheet, for fills, number formats and comments
    oversized: list[tuple[int, int]] = field(default_factory=list)  # cells cut to the limit


def _label(src: PathOrStream, name: str) -> str:
    if name:
        return name
    return os.path.basename(os.fspath(src)) if isinstance(src, str | os.PathLike) else "上传的文件"


def load_grids(src: PathOrStream, *, name: str = "") -> tuple[list[Grid], str]:
    """The grids of a file and its kind (xlsx, xls, docx, csv); IngestError when unreadable."""
    label = _label(src, name)
    data = read_capped(src)
    head = data.read(8)
    data.seek(0)
    if not head:
        raise IngestError(label, "文件是空的")
    if head == OLE_MAGIC:
        return _xls_grids(data.getvalue(), label), "xls"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(data) as archive:
                is_docx = "word/document.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            is_docx = False  # the workbook reader says what is wrong with the file
        data.seek(0)
        if is_docx:
            return _docx_grids(data, label), "docx"
        return _xlsx_grids(data, label), "xlsx"
    return _csv_grids(data.getvalue(), label), "csv"


def _check_size(label: str, sheet: str, rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise IngestError(label, f"工作表「{sheet}」超过 {MAX_ROWS} 行的上限，拒绝读取")
    if columns > MAX_COLUMNS:
        raise IngestError(label, f"工作表「{sheet}」有 {columns} 列，超过 {MAX_COLUMNS} 列的上限")


def _cap_cells(grid: Grid) -> Grid:
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                row[c] = value[:MAX_CELL_CHARS]
                grid.oversized.append((r, c))
    return grid


def _fill(
    rows: list[list[object]], ranges: list[tuple[int, int, int, int]]
) -> set[tuple[int, int]]:
    """Copy each merged range's value to all its cells; (top, left, bottom, right) 0-based incl."""
    across: set[tuple[int, int]] = set()
    for top, left, bottom, right in ranges:
        if top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else None
        for r in range(top, min(bottom + 1, len(rows))):
            row = rows[r]
            row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value
                if right > left:
                    across.add((r, c))
    return across


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's name as Excel shows it (xl/worksheets/sheet1.xml → 大表)."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, OSError, zipfile.BadZipFile, zlib.error):
        return {}
    target: dict[bytes, bytes] = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rel, to = re.search(rb'\bId="([^"]*)"', tag), re.search(rb'\bTarget="([^"]*)"', tag)
        if rel and to:
            target[rel[1]] = to[1]
    titles: dict[str, str] = {}
    for tag in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        name = re.search(rb'\bname="([^"]*)"', tag)
        rid = re.search(rb'\br:id="([^"]*)"|\b\w+:id="([^"]*)"', tag)
        if not name or not rid:
            continue
        path = target.get(rid[1] or rid[2], b"").decode("utf-8", "replace").lstrip("/")
        part = path if path.startswith("xl/") else f"xl/{path}"
        titles[part] = html.unescape(name[1].decode("utf-8", "replace"))
    return titles


def _declared_rows(data: io.BytesIO) -> dict[str, int]:
    """Rows per worksheet (by its name), counted in the XML stream up to one past the limit.

    openpyxl would load (or, read-only, fully parse) a sheet to learn its size; this
    reads the deflated XML in chunks, so a 100,000-row sheet is refused in a moment.
    """
    counts: dict[str, int] = {}
    try:
        with zipfile.ZipFile(data) as archive:
            titles = _sheet_titles(archive)
            for info in archive.infolist():
                if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                    continue
                n, tail = 0, b""
                with archive.open(info) as part:
                    while n <= MAX_ROWS and (chunk := part.read(1 << 16)):
                        block = tail + chunk
                        n += len(_ROW_TAG.findall(block)) - len(_ROW_TAG.findall(tail))
                        tail = block[-16:]
                short = info.filename.rsplit("/", 1)[-1].removesuffix(".xml")
                counts[titles.get(info.filename, short)] = n
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error):
        pass  # open_workbook says what is wrong with the file
    finally:
        data.seek(0)
    return counts


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>]")


def _xlsx_grids(data: io.BytesIO, label: str) -> list[Grid]:
    if not refusal(data):
        for sheet, count in _declared_rows(data).items():
            _check_size(label, sheet, count, 0)
    wb = open_workbook(data, name=label)  # not read-only: merges, fills and comments are needed
    grids = []
    for ws in wb.worksheets:
        _check_size(label, ws.title, ws.max_row, ws.max_column)
        rows = [list(row) for row in ws.iter_rows(values_only=True)]
        ranges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
                  for m in ws.merged_cells.ranges]  # fmt: skip
        grids.append(_cap_cells(Grid(ws.title, rows, _fill(rows, ranges), sheet=ws)))
    return grids


def _xls_grids(content: bytes, label: str) -> list[Grid]:
    import xlrd

    if "EncryptedPackage".encode("utf-16-le") in content:  # an .xlsx with a password
        raise IngestError(label, "工作簿已加密，请在 Excel 中取消密码后再导入")
    try:
        book = xlrd.open_workbook(file_contents=content, formatting_info=True, on_demand=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise IngestError(label, "工作簿已加密，请在 Excel 中取消密码后再导入") from None
        raise IngestError(label, "无法读取旧版 Excel (.xls) 文件，文件可能已损坏或加密") from None
    except Exception:  # xlrd raises many kinds on malformed files
        raise IngestError(label, "无法读取旧版 Excel (.xls) 文件，文件可能已损坏") from None
    grids = []
    try:
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            _check_size(label, sh.name, sh.nrows, sh.ncols)
            rows = [[_xls_value(sh.cell(r, c), book.datemode) for c in range(sh.ncols)]
                    for r in range(sh.nrows)]  # fmt: skip
            ranges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
            grids.append(_cap_cells(Grid(sh.name, rows, _fill(rows, ranges))))
    finally:
        book.release_resources()
    return grids


def _xls_value(cell: Any, datemode: int) -> object:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return int(cell.value) if float(cell.value).is_integer() else cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return None
    return cell.value


def _docx_grids(data: io.BytesIO, label: str) -> list[Grid]:
    import docx as python_docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        check_docx_archive(data)  # type: ignore[arg-type]
    except IngestError:
        raise IngestError(label, "Word 文件已损坏或过大（疑似压缩炸弹），拒绝读取") from None
    data.seek(0)
    try:
        document = python_docx.Document(data)
    except Exception:  # python-docx/lxml raise many kinds on a corrupt package
        raise IngestError(label, "无法读取 Word 文件，文件可能已损坏") from None
    grids: list[Grid] = []

    def walk(parent: Any, above: list[str]) -> None:
        """Paragraphs and tables in document order; a table inside a cell is read too
        (a task table laid out inside a frame table, a sub-table in a cell)."""
        for block in parent.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                line = Paragraph(block, document).text.strip()
                if line:
                    above.append(line)
            elif tag == "tbl":
                table = Table(block, document)
                name = f"表格{len(grids) + 1}"
                rows: list[list[object]] = []
                across: set[tuple[int, int]] = set()
                holders: dict[int, Any] = {}
                for r, row in enumerate(table.rows):
                    cells = row.cells
                    _check_size(label, name, r + 1, len(cells))
                    for c in range(1, len(cells)):
                        if cells[c]._tc is cells[c - 1]._tc:
                            across.update({(r, c), (r, c - 1)})
                    rows.append([cell.text for cell in cells])
                    for cell in cells:
                        if cell._tc.find(qn("w:tbl")) is not None:
                            holders.setdefault(id(cell._tc), cell._tc)
                grids.append(_cap_cells(Grid(name, rows, across, list(above))))
                above.clear()
                for tc in holders.values():
                    walk(tc, [])

    walk(document.element.body, [])
    return grids


def _csv_grids(content: bytes, label: str) -> list[Grid]:
    text, _, _ = decode_bytes(content, path=label)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[object]] = []
    csv.field_size_limit(MAX_CELL_CHARS * 40)
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            rows.append(list(row))
            if len(rows) > MAX_ROWS:
                _check_size(label, label, len(rows), 0)
    except csv.Error as exc:
        raise IngestError(label, f"CSV 文件格式有误（第 {len(rows) + 1} 行：{exc}）") from None
    width = max((len(r) for r in rows), default=0)
    _check_size(label, label, len(rows), width)
    return [_cap_cells(Grid(os.path.splitext(label)[0] or "CSV", rows))]
