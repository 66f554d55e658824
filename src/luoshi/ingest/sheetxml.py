"""The cell values of an .xlsx sheet, read straight from its XML: a light stand-in for openpyxl's
read-only mode, for workbooks that are only rows of values (bureau files, forms, lists).

Values come out as openpyxl gives them with ``data_only=True, values_only=True``: numbers
as ``int`` or ``float`` (``"12"`` → 12, ``"12.0"`` → 12.0), shared and inline strings (rich
text runs joined, phonetic runs left out), booleans, error codes as text (``#N/A``), formula
cells as their cached value, a number under a date format as ``datetime`` (``time`` or
``timedelta`` likewise; 1900 and 1904 calendars), ``t="d"`` ISO dates, empty cells as None.
Rows end at their last cell (``workbook.read_sheet`` pads them) and are numbered as Excel
numbers them; a missing row is an empty one. Unlike openpyxl a stale ``<dimension>`` does not cut the sheet short.

The archive must have passed ``workbook.refusal`` first (size, zip bomb, DTD, encryption):
this module only parses. lxml is told not to resolve entities or reach the network anyway.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from functools import cache

from lxml import etree

__all__ = ["SheetXml"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _C, _V, _IS, _T, _R, _SI = (_MAIN + t for t in ("row", "c", "v", "is", "t", "r", "si"))
_DIGITS = "0123456789"
_WORKSHEET_TYPE = "/worksheet"  # a relationship type ending so; chartsheets are left out


def _parser_kwargs() -> dict[str, object]:
    return {"resolve_entities": False, "no_network": True, "huge_tree": False}


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    with archive.open(name) as f:
        return etree.parse(f, etree.XMLParser(**_parser_kwargs())).getroot()


@cache
def _column(letters: str) -> int:
    """ "AB" → 28."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _text(node: etree._Element) -> str:
    """A string item's text as openpyxl's ``Text.content``: its ``t`` then every run's ``t``."""
    if len(node) == 1 and node[0].tag == _T:  # the common case, one plain text
        return node[0].text or ""
    plain, runs = "", []
    for child in node:
        if child.tag == _T:
            plain = child.text or ""
        elif child.tag == _R:
            runs += [t.text or "" for t in child if t.tag == _T]
    return plain + "".join(runs)


def _number(raw: str) -> int | float:
    return float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)


class SheetXml:
    """An opened workbook: its worksheet titles, and the rows of any one of them."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        from openpyxl.styles.numbers import (
            BUILTIN_FORMATS,
            is_date_format,
            is_timedelta_format,
        )
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        self._archive = archive
        book = _xml(archive, "xl/workbook.xml")
        pr = book.find(_MAIN + "workbookPr")
        date1904 = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        targets = self._relations("xl/workbook.xml")
        self.sheets: dict[str, str] = {}  # title → part name, worksheets only, in order
        for s in book.iter(_MAIN + "sheet"):
            target = targets.get(s.get(_REL + "id", ""))
            if target is not None and target[1].endswith(_WORKSHEET_TYPE):
                self.sheets[s.get("name", "")] = target[0]
        self._strings: list[str] | None = None
        self._string_part = next(
            (part for part, kind in targets.values() if kind.endswith("/sharedStrings")), None
        )
        self.date_styles: set[int] = set()
        self.timedelta_styles: set[int] = set()
        style_part = next((p for p, k in targets.values() if k.endswith("/styles")), None)
        if style_part in archive.NameToInfo:
            styles = _xml(archive, style_part)
            custom = {
                int(f.get("numFmtId", "-1")): f.get("formatCode", "")
                for f in styles.iter(_MAIN + "numFmt")
            }
            xfs = styles.find(_MAIN + "cellXfs")
            for idx, xf in enumerate(() if xfs is None else xfs.iterchildren(_MAIN + "xf")):
                fid = int(xf.get("numFmtId", "0"))
                code = custom.get(fid) or BUILTIN_FORMATS.get(fid)
                if is_date_format(code):
                    self.date_styles.add(idx)
                if is_timedelta_format(code):
                    self.timedelta_styles.add(idx)

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (part name in the archive, relationship type)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if rels not in self._archive.NameToInfo:
            return {}
        out = {}
        for r in _xml(self._archive, rels).iter(_PKG_REL + "Relationship"):
            target = r.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[r.get("Id", "")] = (posixpath.normpath(path), r.get("Type", ""))
        return out

    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            part = self._string_part
            if part is not None and part in self._archive.NameToInfo:
                with self._archive.open(part) as f:
                    for _, si in etree.iterparse(f, tag=_SI, **_parser_kwargs()):
                        self._strings.append(_text(si).replace("x005F_", ""))
                        si.clear(keep_tail=True)
        return self._strings

    def rows(self, title: str, max_col: int) -> Iterator[tuple[object, ...]]:
        """Every row of the sheet from row 1, up to its last cell within ``max_col``."""
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        strings = self.strings()
        dates, spans = self.date_styles, self.timedelta_styles
        epoch = self.epoch
        number = 0  # the last row yielded
        with self._archive.open(self.sheets[title]) as f:
            for _, row in etree.iterparse(f, tag=_ROW, **_parser_kwargs()):
                r = row.get("r")
                at = int(float(r)) if r else number + 1
                if at <= number:  # openpyxl drops a row numbered out of order
                    row.clear(keep_tail=True)
                    continue
                values: list[object] = []
                col = 0
                for c in row:
                    ref = c.get("r")
                    col = _column(ref.rstrip(_DIGITS)) if ref else col + 1
                    if col > max_col or c.tag != _C:
                        continue
                    raw = node = None
                    for child in c:  # <v> (after any <f>), or <is> for an inline string
                        if child.tag == _V:
                            raw = child.text or None
                        elif child.tag == _IS:
                            node = child
                    kind = c.get("t")
                    value: object = None
                    if kind == "inlineStr":
                        value = None if node is None else _text(node)
                    elif raw is None:
                        pass
                    elif kind is None or kind == "n":
                        value = _number(raw)
                        style = c.get("s")
                        if style and int(style) in dates:
                            try:
                                value = from_excel(value, epoch, timedelta=int(style) in spans)
                            except (OverflowError, ValueError):
                                value = "#VALUE!"
                    elif kind == "s":
                        value = strings[int(raw)]
                    elif kind == "b":
                        value = bool(int(raw))
                    elif kind == "d":
                        value = from_ISO8601(raw)
                    else:  # "str" (a formula's text), "e" (an error code)
                        value = raw
                    if col > len(values):
                        values += [None] * (col - 1 - len(values))
                        values.append(value)
                    else:  # a cell written out of order
                        values[col - 1] = value
                row.clear(keep_tail=True)
                while row.getprevious() is not None:  # free what is parsed: memory stays flat
                    del row.getparent()[0]
                for _ in range(number + 1, at):
                    yield ()
                number = at
                yield tuple(values)
