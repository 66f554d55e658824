"""A corpus of hostile files, made on the spot: bombs, damaged zips, huge cells, bad encodings.

Each maker returns bytes; ``corpus()`` names them all. The tests feed every file to
every reader and upload endpoint and hold each to a time and memory limit.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx(sheet_xml: bytes | str, *, extra: dict[str, bytes | str] | None = None,
         workbook: str = WORKBOOK) -> bytes:  # fmt: skip
    """A minimal valid .xlsx around ``sheet_xml`` (a whole worksheet part)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def grid(rows: int, cols: int, value: Callable[[int, int], str] = lambda r, c: str(r * c)) -> bytes:
    """A worksheet of inline numbers, built as bytes without openpyxl (fast for 10⁵ rows)."""
    parts = [SHEET_HEAD]
    for r in range(1, rows + 1):
        cells = "".join(f'<c r="{_col(c)}{r}"><v>{value(r, c)}</v></c>' for c in range(1, cols + 1))
        parts.append(f'<row r="{r}">{cells}</row>')
    parts.append(SHEET_TAIL)
    return "".join(parts).encode()


def one_cell(text: str, row: int = 1, col: int = 1) -> bytes:
    return (f'{SHEET_HEAD}<row r="{row}"><c r="{_col(col)}{row}" t="inlineStr"><is><t>{text}</t>'
            f"</is></c></row>{SHEET_TAIL}").encode()  # fmt: skip


def rows_bomb() -> bytes:
    """150,000 rows × 20 cells (no cell references, as Excel allows): 48 MB of XML in ~100 KB."""
    row = "<row>" + "<c><v>1</v></c>" * 20 + "</row>"
    return xlsx((SHEET_HEAD + row * 150_000 + SHEET_TAIL).encode())


def many_rows() -> bytes:
    """More rows than any form or list may have, small enough to pass the size checks."""
    return xlsx(grid(12_000, 2, lambda r, c: str(r)))


def far_cell() -> bytes:
    """One cell at the last row and column Excel allows: readers must not pad up to it."""
    return xlsx(one_cell("x", 1_048_576, 16_384))


def huge_cell() -> bytes:
    """A 200,000-character cell (varied, so it compresses like text)."""
    rnd = random.Random(1)
    return xlsx(one_cell("".join(rnd.choice("甲乙丙丁戊己庚辛") for _ in range(200_000))))


def zip_bomb() -> bytes:
    """A worksheet part of 60 MB of spaces in about 60 KB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("xl/workbook.xml", WORKBOOK),
                           ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)):  # fmt: skip
            z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(SHEET_HEAD.encode())
            block = b" " * (1 << 20)
            for _ in range(60):
                part.write(block)
            part.write(SHEET_TAIL.encode())
    return buf.getvalue()


def billion_laughs() -> bytes:
    """Nested entities in the shared strings: 10⁹ "lol"s if a parser expands them."""
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    sst = ('<?xml version="1.0"?><!DOCTYPE sst [' + "".join(ents) + "]>"
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
           'uniqueCount="1"><si><t>&lol9;</t></si></sst>')  # fmt: skip
    sheet = (f'{SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c></row>{SHEET_TAIL}').encode()
    return xlsx(sheet, extra={"xl/sharedStrings.xml": sst})


def external_entity() -> bytes:
    """An entity that would read a file from the server."""
    sheet = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>'
             "</sheetData></worksheet>")  # fmt: skip
    return xlsx(sheet)


def _patch_central(data: bytes, member: str, offset: int, fmt: str, value: int) -> bytes:
    """Change one field of ``member``'s central-directory header (zipfile trusts it)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        n = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46 : at + 46 + n].decode() == member:
            struct.pack_into(fmt, out, at + offset, value)
            return bytes(out)
        at = out.find(b"PK\x01\x02", at + 4)
    raise KeyError(member)


def zip_version_12_3() -> bytes:
    """The worksheet claims it needs zip version 12.3 (zipfile: NotImplementedError)."""
    return _patch_central(xlsx(grid(3, 3)), "xl/worksheets/sheet1.xml", 6, "<H", 123)


def unknown_method() -> bytes:
    """The worksheet claims compression method 99 (AES), which zipfile cannot inflate."""
    return _patch_central(xlsx(grid(3, 3)), "xl/worksheets/sheet1.xml", 10, "<H", 99)


def encrypted_flag() -> bytes:
    return _patch_central(xlsx(grid(3, 3)), "xl/worksheets/sheet1.xml", 8, "<H", 1)


def corrupt_deflate() -> bytes:
    """The worksheet's deflate stream overwritten in the middle (the zip directory intact)."""
    rnd = random.Random(7)
    data = bytearray(xlsx(grid(400, 8, lambda r, c: str(rnd.randint(0, 10**9)))))
    at = data.find(b"xl/worksheets/sheet1.xml") + 24 + 64
    data[at : at + 64] = bytes(rnd.randrange(256) for _ in range(64))
    return bytes(data)


def truncated() -> bytes:
    data = xlsx(grid(50, 5))
    return data[: len(data) // 2]


def random_bytes() -> bytes:
    return random.Random(3).randbytes(64 * 1024)


def random_zip() -> bytes:
    """``PK`` and then noise."""
    return b"PK\x03\x04" + random.Random(4).randbytes(8 * 1024)


def xls_ole() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)


def docx_as_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def deflate64_like_bomb() -> bytes:
    """A part whose directory says 1 KB while its stream holds 8 MB (lying sizes)."""
    data = xlsx(grid(2, 2), extra={"xl/styles.xml": b" " * (8 << 20)})
    data = _patch_central(data, "xl/styles.xml", 24, "<I", 1024)  # uncompressed size
    return data


# --- text (CSV) ----------------------------------------------------------------------------


def csv_huge_field() -> bytes:
    return ("单位名称,联系人\n甲镇," + "长" * 200_000 + "\n").encode()


def csv_many_rows() -> bytes:
    return ("单位名称\n" + "".join(f"单位{i}\n" for i in range(60_000))).encode()


def csv_utf16() -> bytes:
    return "单位名称\n甲镇\n乙镇\n".encode("utf-16")


def csv_gbk_mislabelled() -> bytes:
    return "单位名称,类型\n甲镇,板块\n".encode("gbk") + b"\xff\xfe\x80"


def csv_unbalanced_quote() -> bytes:
    return ('单位名称\n"甲镇\n' + "乙" * 1000 + "\n").encode()


# --- PDF -------------------------------------------------------------------------------------


def deflate_repeated(chunk: bytes, times: int) -> bytes:
    """A valid zlib stream of ``chunk`` × ``times``, compressed once: after a full flush a
    deflate block does not refer back, so the one compressed block is simply repeated."""
    c = zlib.compressobj(9)
    head = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    adler = 1
    for _ in range(times):
        adler = zlib.adler32(chunk, adler)
    return head + block * (times - 1) + b"\x03\x00" + struct.pack(">I", adler)


def pdf_bomb(pages: int = 1, inflated_mb: int = 300) -> bytes:
    """A page whose content stream inflates to ``inflated_mb`` MB of text operators."""
    op = b"BT /F1 1 Tf (a) Tj ET\n"
    return _pdf([deflate_repeated(op * ((1 << 20) // len(op)), inflated_mb)] * pages,
                filtered=True)  # fmt: skip


def pdf_many_pages(pages: int = 20_000) -> bytes:
    return _pdf([b"BT /F1 12 Tf 10 10 Td (x) Tj ET"] * pages, filtered=False)


def _pdf(streams: list[bytes], *, filtered: bool) -> bytes:
    """A well-formed PDF: one page per content stream, sharing one font."""
    objs: list[bytes] = []
    n = len(streams)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, s in enumerate(streams):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources "
                    f"<< /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode())  # fmt: skip
        filt = b" /Filter /FlateDecode" if filtered else b""
        objs.append(b"<< /Length %d%s >>\nstream\n" % (len(s), filt) + s + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


WORKBOOKS: dict[str, Callable[[], bytes]] = {
    "rows_bomb": rows_bomb,
    "many_rows": many_rows,
    "far_cell": far_cell,
    "huge_cell": huge_cell,
    "zip_bomb": zip_bomb,
    "billion_laughs": billion_laughs,
    "external_entity": external_entity,
    "zip_version_12_3": zip_version_12_3,
    "unknown_method": unknown_method,
    "encrypted_flag": encrypted_flag,
    "corrupt_deflate": corrupt_deflate,
    "truncated": truncated,
    "random_bytes": random_bytes,
    "random_zip": random_zip,
    "xls_ole": xls_ole,
    "docx_as_xlsx": docx_as_xlsx,
    "lying_sizes": deflate64_like_bomb,
    "empty": lambda: b"",
}
TEXTS: dict[str, Callable[[], bytes]] = {
    "csv_huge_field": csv_huge_field,
    "csv_many_rows": csv_many_rows,
    "csv_utf16": csv_utf16,
    "csv_gbk_mislabelled": csv_gbk_mislabelled,
    "csv_unbalanced_quote": csv_unbalanced_quote,
}


def docx_version_12_3() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", "<w:document/>")
    return _patch_central(buf.getvalue(), "word/document.xml", 6, "<H", 123)


def pdf_bomb_twice() -> bytes:
    """The same bomb behind two deflate layers (/Filter [/FlateDecode /FlateDecode])."""
    op = b"BT /F1 1 Tf (a) Tj ET\n"
    inner = deflate_repeated(op * ((1 << 20) // len(op)), 300)
    return _pdf([zlib.compress(inner, 9)], filtered=True).replace(
        b"/Filter /FlateDecode", b"/Filter [/FlateDecode /FlateDecode]"
    )


# Documents for the plan importer and the reconciler (read_document).
DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "pdf_bomb": pdf_bomb,
    "pdf_bomb_twice": pdf_bomb_twice,
    "pdf_many_pages": pdf_many_pages,
    "docx_version_12_3": docx_version_12_3,
    "zip_version_12_3": zip_version_12_3,
    "random_zip": random_zip,
}
