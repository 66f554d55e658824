"""Stage 0: cut normalised text into headings, paragraphs, table cells and sentences.

Documents arrive with page breaks in odd places (一个词被\n\n分开, 27\n\n个), with
headings as short lines, and with tables flattened one cell per line. This
module turns that into blocks the context stage can reason about. All offsets
are into the normalised text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .lexicon import UNITS, alternation

# A line ending in one of these ends its paragraph; otherwise a long line that
# simply stops was cut by a page break and continues on the next line.
_TERMINAL = re.compile(r"[。!?;:…][”’」』)】\]]*\s*$")
ENUMERATED = re.compile(
    r"[ \t\u3000]*(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+[章部节]|[0-9]+[.、](?![0-9]))"
)
_BYLINE = re.compile(
    r"记者|通讯员|来源|发布时间|浏览次数|责任编辑|编辑:|资料图|^\W*图|本报讯|^[■□▲●◆]"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = re.compile(r"[。!?]+[”’」』)】]*")
_HEADER_WORDS = re.compile(
    r"绝对数|增长|比重|[((]%[))]|指标|名称|项目|目标|计划|预期|完成|实际|备注|单位|增速|增幅|同比|序号"
    r"|累计|年度|完成率|本年|上年|占比|增减|百分点|数值"
)
_ROW_LABEL = re.compile(
    r"^(?:[0-9]+[.、](?![0-9])|[一二三四五六七八九十]+、|\([0-9一二三四五六七八九十]+\))"
)

_NO_LINE_START = frozenset("、,。;:!?)”’》」』%‰")
_UNIT_START = re.compile(f"(?:{alternation(UNITS)}|[万亿千])")
_SENTENCE_TERMINAL = re.compile(r"[。!?…][”’」』)】\]]*\s*$")
_NEW_ITEM = re.compile(r"[——■□▲●◆·•\-]|[一二三四五六七八九十]+是|其[一二三四五六七八九十]")
_YEAR_WORD = re.compile(r"(?:19|20)[0-9]{2}年")  # 2019年成绩 is a heading, 2019年 alone is not
_CLAUSE_MARK = re.compile(r"[,;、]")
_TABLE_CAPTION = re.compile(r"表\s*[0-9一二三四五六七八九十]")
HEADING_MAX = 40
SENTENCE_MAX = 1500  # longer "sentences" are cut at a clause break (see ``_bounded``)
TABLE_COLUMNS_MAX = 16  # a header of more short lines than this is not a table's
PARAGRAPH_MIN = 30  # a line at least this long that stops mid-sentence continues below


@dataclass(slots=True)
class Cell:
    """A table cell: its column header and its row's label."""

    header: str
    row_label: str
    row_label_start: int
    unit: str = ""  # from a 计量单位 column, or the unit note of the rows above


@dataclass(slots=True)
class Block:
    start: int
    end: int
    heading: bool = False
    cell: Cell | None = None
    table_title: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)


def _lines(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    pos = lo
    while pos < hi:
        nl = text.find("\n", pos, hi)
        end = hi if nl < 0 else nl
        yield pos, end
        pos = end + 1


def _is_heading(s: str) -> bool:
    s = s.strip()
    if not s or len(s) > HEADING_MAX or _TERMINAL.search(s) or s.endswith(("。", ",", "、")):
        return False
    if len(_CJK.findall(s)) < (2 if _YEAR_WORD.search(s) else 4) or _BYLINE.search(s):
        return False
    return "。" not in s


def _continues(line: str, nxt: str) -> bool:
    """Was the paragraph ending in ``line`` cut by a page break before ``nxt``?"""
    line, nxt = line.rstrip(), nxt.lstrip()
    if not nxt or _SENTENCE_TERMINAL.search(line):
        return False
    if _TERMINAL.search(line) and (len(line) < PARAGRAPH_MIN // 2 or _NEW_ITEM.match(nxt)):
        return False  # a list item ends here; a ; that a narrow column left at the end does not
    if nxt[0] in _NO_LINE_START:
        return True  # a line never starts with 、 or ) …
    if (line[-1:].isdigit() or line[-1:] in "万亿千") and _UNIT_START.match(nxt):
        return True  # 27 / 个, 316亿 / 元
    if ENUMERATED.match(nxt) or _BYLINE.search(nxt[:12]):
        return False
    # a long line that stops mid-sentence, or a shorter one that stops inside a list
    # of clauses (a narrow PDF column: …固定资产投资316亿 / 元,增长11.8%;…)
    return len(line) >= PARAGRAPH_MIN or (
        len(line) >= PARAGRAPH_MIN // 2 and bool(_CLAUSE_MARK.search(line))
    )


def segment(text: str, lo: int = 0, hi: int | None = None) -> list[Block]:
    """Blocks of ``text[lo:hi]`` in order."""
    hi = len(text) if hi is None else hi
    lines = [(s, e) for s, e in _lines(text, lo, hi)]
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        if not line.strip():
            i += 1
            continue
        table = _row_table_at(text, lines, i) or _table_at(text, lines, i)
        if table is not None:
            cell_blocks, i = table
            blocks.extend(cell_blocks)
            continue
        # a paragraph: join lines cut by page breaks
        end = e
        j = i + 1
        while True:
            k = j
            while k < len(lines) and not text[lines[k][0] : lines[k][1]].strip():
                k += 1
            if k >= len(lines) or not _continues(text[lines[j - 1][0] : lines[j - 1][1]],
                                                 text[lines[k][0] : lines[k][1]]):  # fmt: skip
                break
            end = lines[k][1]
            j = k + 1
        if end == e and _is_heading(line):
            blocks.append(Block(s, e, heading=True))
        else:
            blocks.append(Block(s, end))
        i = j
    for b in blocks:
        b.sentences = list(sentences(text, b.start, b.end))
    return blocks


def sentences(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    pos = lo
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if m.end() > pos:
            yield from _bounded(text, pos, m.end())
        pos = m.end()
    if pos < hi and text[pos:hi].strip():
        yield from _bounded(text, pos, hi)


def _bounded(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """A sentence longer than ``SENTENCE_MAX`` (a pasted table, a list without a full
    stop) is cut at its last clause break before the limit, or at the limit: the
    context stage looks back over a sentence for every figure, so this keeps it linear."""
    while hi - lo > SENTENCE_MAX:
        cut = max(text.rfind(ch, lo, lo + SENTENCE_MAX) for ch in ",;\n")
        cut = cut + 1 if cut > lo + SENTENCE_MAX // 2 else lo + SENTENCE_MAX
        yield lo, cut
        lo = cut
    yield lo, hi


# --- tables written one row per line, cells split by tabs or | --------------------------

_CELL_SEP = re.compile(
    r"\t+|[ \u3000]{0,8}[|｜][ \u3000]{0,8}"
)  # bounded: linear in a run of spaces


def _cells(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Spans of the cells of one row line (empty cells kept, outer bars dropped)."""
    spans, pos = [], s
    for m in _CELL_SEP.finditer(text, s, e):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, e))
    if spans and not text[spans[0][0] : spans[0][1]].strip() and text[s:e].lstrip()[:1] in "|｜":
        spans = spans[1:]
    if spans and not text[spans[-1][0] : spans[-1][1]].strip():
        spans = spans[:-1]
    return spans


def _title_above(text: str, lines: list[tuple[int, int]], i: int) -> str:
    """The caption of a table: the nearest non-empty line above its header (单位:亿元 …)."""
    for k in range(i - 1, max(-1, i - 4), -1):
        prev = text[lines[k][0] : lines[k][1]].strip()
        if prev:
            return prev
    return ""


_NUMERIC_CELL = re.compile(r"-?[0-9][0-9,.]*(?:%|个百分点)?$")
_CONTINUED_HEADER = re.compile(
    r"^(?![0-9一二三四五六七八九十]+、).*(?:%|百分点|增长|增速|增幅|\))$"
)
_NO_VALUE = re.compile(r"[-—–/…·]+$|持平$|空$")  # a value cell with no figure: ——, 持平
_UNIT_COLUMN = re.compile(r"^(?:计量)?单位$")
_UNIT_NOTE = re.compile(r"[((]([^()()0-9]{1,8})[))]\s*$")  # 地区生产总值(亿元)


def _header_cells(text: str, s: int, e: int) -> list[str]:
    # letter-spaced PDF headers: 绝 对 数 (亿元) → 绝对数(亿元)
    return [re.sub(r"\s+", "", text[a:b]) for a, b in _cells(text, s, e)]


def _is_header(cells: list[str]) -> bool:
    return (
        len(cells) >= 2
        and sum(bool(_HEADER_WORDS.search(h) or _UNIT_NOTE.search(h)) for h in cells) >= 2
        and not any(_NUMERIC_CELL.match(h) for h in cells)
    )


def _row_table_at(
    text: str, lines: list[tuple[int, int]], i: int
) -> tuple[list[Block], int] | None:
    """A table one row per line, cells split by | or tabs.

    What a bare number means comes from around it: the column header (a header broken
    over two lines is joined; a header without a cell over the row labels is aligned to
    the right), a 计量单位 column, the row label's (亿元), or the unit of the rows above
    it in the same part of the table (第一产业 under 本地生产总值(亿元)).
    """
    s, e = lines[i]
    header = _header_cells(text, s, e)
    if not _is_header(header):
        return None
    title = _title_above(text, lines, i)
    blocks: list[Block] = []
    inherited = ""  # the unit note of the rows above, in this part of the table
    aligned = False
    j = i + 1
    while j < len(lines):
        s, e = lines[j]
        if not text[s:e].strip():
            j += 1
            continue
        cells = _cells(text, s, e)
        if len(cells) < 2:
            break
        words = _header_cells(text, s, e)
        filled = [w for w in words if w]
        if not any(_NUMERIC_CELL.match(w) for w in filled[1:]):
            if _is_header(words):
                header, aligned, inherited = words, False, ""  # a new part of the table
            elif len(filled) == 1 and not aligned and _CONTINUED_HEADER.search(filled[0]):
                # a header broken over two lines: 累计 / 增长%
                last = max(k for k, h in enumerate(header) if h)
                header[last] += filled[0]
            elif len(filled) == 1:
                title, inherited = filled[0], ""  # 2、本地生产总值构成: a part's caption
            j += 1
            continue
        if not aligned:
            width = len(cells)
            while header and not header[-1]:
                header.pop()
            if len(header) < width:
                header = [""] * (width - len(header)) + header  # no cell over the labels
            aligned = True
        if len(cells) < len(header):
            # a category cell merged over rows above: the row's cells align to the right
            cells = [(s, s)] * (len(header) - len(cells)) + cells
        unit_col = next((k for k, h in enumerate(header) if _UNIT_COLUMN.match(h)), None)
        # the row's label: its last text cell before its figures (类别 | 指标 | 单位 | 目标值)
        label_s, label_e = cells[0]
        for k, (a, b) in enumerate(cells):
            cell_text = text[a:b].strip()
            if k == unit_col or not cell_text:
                continue
            if _NUMERIC_CELL.match(re.sub(r"\s+", "", cell_text)) or _NO_VALUE.match(cell_text):
                break
            label_s, label_e = a, b
        label = text[label_s:label_e].strip()
        unit = ""
        if unit_col is not None and unit_col < len(cells):
            unit = text[cells[unit_col][0] : cells[unit_col][1]].strip()
        note = _UNIT_NOTE.search(label)
        if note:
            inherited = note.group(1)
        for col, (a, b) in enumerate(cells):
            if a <= label_s:
                continue  # the label and the cells before it (a category)
            if text[a:b].strip() and col < len(header) and col != unit_col:
                blocks.append(Block(a, b, cell=Cell(header[col], label, label_s,
                                                    unit or inherited),
                                    table_title=title, sentences=[(a, b)]))  # fmt: skip
        j += 1
    return (blocks, j) if blocks else None


# --- tables flattened one cell per line ------------------------------------------------


def _table_at(text: str, lines: list[tuple[int, int]], i: int) -> tuple[list[Block], int] | None:
    """A table whose header starts at line ``i``: its cells as blocks, and the next line."""
    header: list[str] = []
    j = i
    while j < len(lines):
        cell = text[lines[j][0] : lines[j][1]].strip()
        if not cell:
            j += 1
            continue
        if len(cell) > 10 or not _HEADER_WORDS.search(cell) or _TABLE_CAPTION.match(cell):
            break
        if len(header) == TABLE_COLUMNS_MAX:
            return None
        header.append(cell)
        j += 1
    if len(header) < 3:
        return None
    title = _title_above(text, lines, i)
    ncols = len(header)
    blocks: list[Block] = []
    col = 0
    row_label, row_start = "", 0
    skip_blank = False
    while j < len(lines):
        s, e = lines[j]
        raw = text[s:e]
        cell = raw.strip()
        if not cell:
            if skip_blank:
                skip_blank = False
            else:
                col = (col + 1) % ncols  # an empty cell
            j += 1
            continue
        if len(cell) > 40 or (_TERMINAL.search(cell) and len(cell) > 12):
            break  # prose again: the table ended
        if _ROW_LABEL.match(cell):
            col = 0
        if col == 0:
            row_label, row_start = cell, s
        else:
            blocks.append(
                Block(
                    s,
                    e,
                    cell=Cell(header[col], row_label, row_start),
                    table_title=title,
                    sentences=[(s, e)],
                )
            )
        col = (col + 1) % ncols
        skip_blank = True
        j += 1
    if not blocks:
        return None
    return blocks, j
