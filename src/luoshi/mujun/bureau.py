"""One bureau's file (xlsx or csv) read into records keyed by credit code or name.

Which column holds what is read from the header (words in ``headers.toml``, the unit in
brackets converting the figures) and, where the header says nothing we know, from the
content: a column of valid 统一社会信用代码 is the code, a column of organisation names
is the name. The header may sit below title rows. Every cell that cannot be read is one
``Problem`` with file, row and column; nothing is guessed.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..ingest.workbook import OLE_MAGIC, SheetLimits
from .creditcode import credit_code_problem, normalize_code
from .fields import FIELDS, NUMERIC
from .problems import Problem, Where

__all__ = [
    "BUREAU_FILE",
    "BureauFile",
    "Column",
    "Record",
    "read_bureau_file",
    "read_rows",
    "roles",
]

HEADER_SCAN = 15  # rows searched for the header
CONTENT_SAMPLE = 200  # data rows looked at to recognise a column by its content
_BRACKET = re.compile(r"[（(\[【]([^）)\]】]*)[）)\]】]")
_BLANK = {"", "-", "—", "--", "/", "\\", "无", "空", "N/A", "NA", "#N/A"}
# between bases the register's unit parser keeps apart: 1 亩 = 10000/15 平方米, 1 公顷 = 15 亩
_CROSS = {("平方米", "亩"): 15 / 10000, ("公顷", "亩"): 15.0, ("吨标准煤", "吨标煤"): 1.0}
_TEXT_FIELDS = ("code", "name", "town", "park", "industry", "industry_code", "scale", "tenure")


@cache
def _data() -> dict[str, Any]:
    text = (resources.files("luoshi.mujun") / "headers.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def roles() -> dict[str, list[str]]:
    """Field → the header words that name it."""
    words: dict[str, list[str]] = _data()["words"]
    return words


_SPACE = re.compile(r"\s+")


def _norm(text: object) -> str:
    if text is None:
        return ""
    text = str(text)
    if text.isascii():  # NFKC changes nothing ASCII
        return _SPACE.sub("", text) if " " in text or not text.isprintable() else text
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def _filled(row: Sequence[object]) -> bool:
    return any(c is not None and (not isinstance(c, str) or _norm(c)) for c in row)


@dataclass(frozen=True)
class Column:
    field: str
    index: int
    header: str
    factor: float = 1.0  # multiply a cell by this to get the field's unit


@dataclass
class Record:
    row: int
    code: str  # normalised, possibly invalid or empty
    name: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass
class BureauFile:
    name: str
    columns: dict[str, Column]
    records: list[Record]
    problems: list[Problem]

    def fields(self) -> set[str]:
        """The enterprise figures this file gives (area/tenure folded into land)."""
        out = {f for f in self.columns if f not in ("code", "name", "area", "tenure")}
        if "area" in self.columns:
            out |= {"land_owned", "land_rented"} if "tenure" in self.columns else {"land_owned"}
        return out


# A bureau's file: one row per enterprise (or per plot of land), a few dozen columns.
BUREAU_FILE = SheetLimits(rows=300_000, cols=60, cell_chars=2_000, file_bytes=60 * 2**20,
                          expanded=300 * 2**20, seconds=300.0)  # fmt: skip


def read_rows(path: Path) -> list[Sequence[object]]:
    """The cells of a file's first sheet with data (.xlsx, .xls) or of a CSV in any Chinese encoding.

    What the file is comes from its bytes, not its name: an .xls renamed .xlsx is still read.
    """
    from ..ingest import IngestError, decode_bytes
    from ..ingest.workbook import read_sheet, read_xls_sheets, sheet_titles

    with path.open("rb") as f:
        head = f.read(8)
    if head == OLE_MAGIC:
        sheets = read_xls_sheets(path, limits=BUREAU_FILE, name=path.name)
        return next((list(s.rows) for s in sheets if s.rows), [])
    if head.startswith(b"PK"):
        first = read_sheet(path, limits=BUREAU_FILE, name=path.name)
        if first.rows:
            return list(first.rows)
        for title in sheet_titles(path, limits=BUREAU_FILE, name=path.name)[1:]:
            rows = read_sheet(path, limits=BUREAU_FILE, name=path.name, sheet=title).rows
            if rows:
                return list(rows)
        return []
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise IngestError(path.name, "不是 Excel 工作簿：文件内容不是 .xlsx 或 .xls 格式")
    text, _, _ = decode_bytes(path.read_bytes(), path=path.name)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _unit_factor(field_key: str, header: str) -> float | None:
    """What a cell under ``header`` is multiplied by to be in the field's unit; None: unknown unit."""
    from ..register.units import parse_unit

    target_unit = FIELDS[field_key].unit if field_key in FIELDS else "亩"
    m = _BRACKET.search(header)
    written = m.group(1) if m else ""
    written = written.removeprefix("单位:").removeprefix("单位：")
    if not written or not target_unit:
        return 1.0
    have, want = parse_unit(written), parse_unit(target_unit)
    if have is None or want is None:
        return None
    if have.base == want.base:
        return have.factor / want.factor
    cross = _CROSS.get((have.base, want.base))
    return None if cross is None else cross * have.factor / want.factor


def _match_header(cell: object) -> tuple[str, int] | None:
    """(field, strength) for a header cell: exact words beat contained ones, longer beat shorter."""
    text = _BRACKET.sub("", _norm(cell))
    if not text:
        return None
    best: tuple[str, int] | None = None
    for key, words in roles().items():
        for w in words:
            strength = 1000 + len(w) if text == w else (len(w) if w in text else 0)
            if strength and (best is None or strength > best[1]):
                best = (key, strength)
    return best


def _find_header(rows: Sequence[Sequence[object]]) -> int:
    """Index of the header row: the row among the first few naming the most known fields."""
    best, best_n = -1, 1
    for i, row in enumerate(rows[:HEADER_SCAN]):
        n = len({m[0] for c in row if (m := _match_header(c))})
        if n > best_n:
            best, best_n = i, n
    return best


def _looks_like_code_column(values: Iterable[object]) -> bool:
    vals = [normalize_code(v) for v in values if _norm(v)]
    return bool(vals) and sum(not credit_code_problem(v) for v in vals) >= 0.8 * len(vals)


def _looks_like_name_column(values: Iterable[object]) -> bool:
    suffixes = tuple(_data()["name_suffixes"])
    vals = [_norm(v) for v in values if _norm(v)]
    return bool(vals) and sum(v.endswith(suffixes) for v in vals) >= 0.6 * len(vals)


def _columns(name: str, header: Sequence[object], body: Sequence[Sequence[object]],
             header_row: int, problems: list[Problem]) -> dict[str, Column]:  # fmt: skip
    found: dict[str, tuple[int, Column]] = {}
    for j, cell in enumerate(header):
        m = _match_header(cell)
        if not m:
            continue
        key, strength = m
        label = str(cell).strip()
        factor = _unit_factor(key, label) if key in NUMERIC or key == "area" else 1.0
        if factor is None:
            problems.append(Problem(Where(name, header_row, label), "无法识别表头中的计量单位"))
            continue
        if key not in found or strength > found[key][0]:
            found[key] = (strength, Column(key, j, label, factor))
    cols = {k: c for k, (_, c) in found.items()}
    taken = {c.index for c in cols.values()}
    width = max((len(r) for r in body[:CONTENT_SAMPLE]), default=0)
    for key, test in (("code", _looks_like_code_column), ("name", _looks_like_name_column)):
        if key in cols:
            continue
        for j in range(width):
            if j not in taken and test(r[j] if j < len(r) else None for r in body[:CONTENT_SAMPLE]):
                label = str(header[j]).strip() if j < len(header) and header[j] else f"第{j + 1}列"
                cols[key] = Column(key, j, label)
                taken.add(j)
                break
    return cols


def _number(raw: object) -> float | str | None:
    """A cell as a number, None when blank, or the text when it is not a number."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, int | float):
        return float(raw)
    text = _norm(raw).replace(",", "")
    if text in _BLANK:
        return None
    try:
        return float(text)
    except ValueError:
        return str(raw).strip()


def _text_value(key: str, raw: object) -> object:
    v = _norm(raw)
    vocab = _data()["values"]
    if key == "scale":
        if v in vocab["scale_above"]:
            return "规上"
        if v in vocab["scale_below"]:
            return "规下"
        return v
    if key == "industry_code":
        digits = re.sub(r"^[A-Za-z]", "", v)
        return digits[:2] if digits[:2].isdigit() else v
    return v


def _year(raw: object) -> int | str | None:
    if isinstance(raw, datetime | date):
        return raw.year
    n = _number(raw)
    if isinstance(n, float) and 1900 <= n <= 2100:
        return int(n)
    if n is None:
        return None
    m = re.match(r"(19|20)\d\d", _norm(raw))
    return int(m.group(0)) if m else str(raw)


def read_bureau_file(path: Path, *, name: str = "") -> BureauFile:
    """Read one bureau file; problems are collected, not raised (an unreadable file is one)."""
    from ..ingest import IngestError

    label = name or path.name
    problems: list[Problem] = []
    try:
        rows = read_rows(path)
    except (IngestError, OSError) as e:
        reason = getattr(e, "reason", None) or str(e)
        return BureauFile(label, {}, [], [Problem(Where(label), f"无法读取：{reason}")])
    h = _find_header(rows)
    if h < 0:
        problems.append(
            Problem(
                Where(label),
                "找不到表头：前15行中没有可识别的列名（如“统一社会信用代码”“企业名称”“实缴税收”）",
            )
        )
        return BureauFile(label, {}, [], problems)
    header, body = rows[h], rows[h + 1 :]
    cols = _columns(label, header, body, h + 1, problems)
    if "code" not in cols and "name" not in cols:
        problems.append(
            Problem(
                Where(label, h + 1), "没有“统一社会信用代码”列，也没有“企业名称”列，无法对应到企业"
            )
        )
        return BureauFile(label, cols, [], problems)
    records = [
        _record(label, i, row, cols, problems)
        for i, row in enumerate(body, start=h + 2)
        if _filled(row)
    ]
    return BureauFile(label, cols, records, problems)


def _record(
    label: str, i: int, row: Sequence[object], cols: dict[str, Column], problems: list[Problem]
) -> Record:
    """One data row: text as written, numbers in the field's unit; bad cells become problems."""

    def cell(key: str) -> object:
        col = cols.get(key)
        return row[col.index] if col is not None and col.index < len(row) else None

    vocab = _data()["values"]
    rec = Record(i, normalize_code(cell("code")), _norm(cell("name")))
    for key, col in cols.items():
        raw = cell(key)
        if key in ("code", "name", "tenure"):
            continue
        if key in _TEXT_FIELDS:
            if _norm(raw):
                rec.values[key] = _text_value(key, raw)
            continue
        if key == "start_year":
            y = _year(raw)
            if isinstance(y, str):
                problems.append(Problem(Where(label, i, col.header), f"“{y}”不是年份或日期"))
            elif y is not None:
                rec.values[key] = y
            continue
        n = _number(raw)
        if key == "high_tech" and isinstance(n, str):
            n = 1.0 if _norm(raw) in vocab["yes"] else 0.0
        if isinstance(n, str):
            problems.append(Problem(Where(label, i, col.header), f"“{n}”不是数字"))
            continue
        if n is None:
            continue
        if col.factor != 1:
            n = round(n * col.factor, 6)  # 元 → 万元 without float noise (3448.1800000000003)
        if n < 0 and key != "tax":  # a tax refund can exceed the tax paid; nothing else is negative
            problems.append(Problem(Where(label, i, col.header), f"{n:g} 是负数，这一列不能为负"))
            continue
        if key == "area":
            rented = any(w in _norm(cell("tenure")) for w in vocab["rented"])
            key = "land_rented" if rented else "land_owned"
        rec.values[key] = rec.values.get(key, 0.0) + n if key.startswith("land") else n  # type: ignore[operator]
    return rec
