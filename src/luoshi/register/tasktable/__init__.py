"""The task table (任务分解表): written for people, read back from anyone's file.

``write_register`` lays the register out the way governments publish it.
``read_register`` reads that file back, and also the tables offices keep
(.xlsx, legacy .xls, the table inside a .docx, .csv): the layout is found from
the file (layout.py), cells are read by cells.py / deadlines.py, rows by
reader.py. Every doubt becomes a ``Problem`` naming the cell; rows that read
cleanly are kept, doubtful ones are flagged for review.

No database here: rows are plain ``RegisterRow`` values, converted by the caller.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import IO

from ...ingest.document import IngestError
from .cells import as_of_date, clean_text, text, unit_note, year_in
from .grid import Grid, load_grids
from .layout import Layout, find_layout
from .reader import Sections, TableReader, heading_level
from .schema import (
    FIELDS,
    HEADERS,
    LABELS,
    SHEET,
    Problem,
    RegisterImport,
    RegisterRow,
    TableLayout,
)
from .writer import set_text_cell, write_register

__all__ = [
    "FIELDS",
    "HEADERS",
    "LABELS",
    "SHEET",
    "Problem",
    "RegisterImport",
    "RegisterRow",
    "TableLayout",
    "read_register",
    "set_text_cell",
    "write_register",
]

PathOrStream = str | os.PathLike[str] | IO[bytes]
_MAX_HEADING = 60
_PREVIEW = 8
_ATTACHMENT = re.compile(r"附件\s*[\d一二三四五六七八九十]*[:：]?$")
_SENTENCE_END = re.compile(r"[。；;]$")
# Sheet names that say nothing of an area (Sheet1, 工作表2, 附件1, 表3).
_GENERIC_SHEET = re.compile(
    r"(?i)(?:sheet|工作表|表格?|附件|附表|汇总表?)\s*[\d一二三四五六七八九十]*"
)


def read_register(
    path_or_stream: PathOrStream,
    *,
    plan_year: int | None = None,
    name: str = "",
    known_units: Iterable[str] = (),
    roles: dict[str, dict[int, str]] | None = None,
) -> RegisterImport:
    """Read every task table in a file; never raises on a bad file, reports a Problem instead.

    ``plan_year`` dates 年底/6月底前 and flags deadlines outside that year; ``roles``
    overrides detected column roles ({sheet: {0-based column: role}}, from the preview).
    """
    try:
        grids, kind = load_grids(path_or_stream, name=name)
    except IngestError as exc:
        return RegisterImport(problems=[Problem("", 0, "", exc.reason)])
    label = name or (
        os.path.basename(os.fspath(path_or_stream))
        if isinstance(path_or_stream, str | os.PathLike)
        else ""
    )
    result = RegisterImport(looked_at=[g.name for g in grids])
    layouts = [layout for grid in grids if (layout := find_layout(grid)) is not None]
    _share_roles(layouts)
    for layout in layouts:
        for c, role in ((roles or {}).get(layout.grid.name) or {}).items():
            if c < len(layout.columns):
                layout.columns[c].role = role
    layouts = [layout for layout in layouts if "name" in layout.roles]
    # A workbook with a sheet per area (经济发展 | 社会民生) names the area by the sheet.
    sheet_areas = kind in ("xlsx", "xls") and len(layouts) > 1
    first_lines: list[str] = []
    previous: tuple[tuple[str, ...], Sections] | None = None
    for layout in layouts:
        sections = _continued(layout, previous)
        _read_table(result, layout, plan_year, frozenset(known_units), first_lines, label,
                    sections, sheet_area=sheet_areas)  # fmt: skip
        previous = (_header(layout), sections)
    if not result.tables:
        looked = "、".join(f"「{n}」" for n in result.looked_at) or "(没有工作表)"
        message = (f"不是任务分解表（未找到任务分解表的表头）：在{looked}的前几行中没有找到"
                   "「序号」「任务」「责任单位」等列名")  # fmt: skip
        result.problems.insert(0, Problem("", 0, "", message))
    return result


def _header(layout: Layout) -> tuple[str, ...]:
    return tuple(c.group + c.header for c in layout.columns)


def _share_roles(layouts: list[Layout]) -> None:
    """Tables under the same header (a Word table per section, or carried on to the next
    page) are one table: their columns' roles are judged on all their rows together."""
    groups: dict[tuple[str, ...], list[Layout]] = {}
    for layout in layouts:
        groups.setdefault(_header(layout), []).append(layout)
    for group in groups.values():
        if len(group) < 2:
            continue
        first = group[0]
        rows = first.grid.rows[: first.first_data_row]
        rows += [row for lay in group for row in lay.grid.rows[lay.first_data_row :]]
        joined = find_layout(Grid(first.grid.name, rows, set(first.grid.across)))
        if joined is None or joined.header_rows != first.header_rows:
            continue
        for layout in group:
            for column, judged in zip(layout.columns, joined.columns, strict=False):
                column.role = judged.role


def _continued(layout: Layout, previous: tuple[tuple[str, ...], Sections] | None) -> Sections:
    """The sections a table's rows sit in: a table with nothing above it under the same
    header as the table before goes on in that table's sections (a page break in Word)."""
    if (
        previous is not None
        and previous[0] == _header(layout)
        and not _lines_above(layout.grid, layout)
    ):
        return previous[1]
    return Sections()


def _read_table(
    result: RegisterImport,
    layout: Layout,
    plan_year: int | None,
    known_units: frozenset[str],
    first_lines: list[str],
    label: str,
    sections: Sections,
    *,
    sheet_area: bool,
) -> None:
    grid = layout.grid
    above = _lines_above(grid, layout)
    if not first_lines:
        first_lines.extend(above)
    title = next((t for t in above if heading_level(t) is None and not _ATTACHMENT.match(t)), "")
    result.title = result.title or title
    result.sheet = result.sheet or grid.name
    as_of = next(filter(None, map(as_of_date, above)), None)
    result.as_of = result.as_of or as_of
    year = (
        plan_year
        or next(filter(None, map(year_in, [*above, *first_lines])), None)
        or (as_of.year if as_of else None)
        or year_in(label)
    )
    result.year = result.year or (
        next(filter(None, map(year_in, [*above, *first_lines])), None) or year_in(label)
    )
    for line in above:  # a note above the table (2.完成时限以…为准。) ends as a sentence
        if (
            heading_level(line) is not None
            and len(line) <= _MAX_HEADING
            and not _SENTENCE_END.search(line)
        ):
            sections.push(line)
    unit_hint = next(filter(None, map(unit_note, above)), None)
    reader = TableReader(
        layout, year=year, plan_year=plan_year, as_of=as_of, unit_note=unit_hint,
        known_units=known_units,
    )  # fmt: skip
    rows = reader.read(sections)
    if sheet_area and not _GENERIC_SHEET.fullmatch(grid.name.strip()):
        rows = [row if row.area else replace(row, area=grid.name.strip()) for row in rows]
    result.rows.extend(rows)
    result.problems.extend(reader.problems)
    result.tables.append(
        TableLayout(
            sheet=grid.name,
            header_rows=tuple(r + 1 for r in layout.header_rows),
            headers=tuple(c.header for c in layout.columns),
            roles=tuple(c.role for c in layout.columns),
            first_data_row=layout.first_data_row + 1,
            preview=tuple(
                tuple(clean_text(v) for v in row)
                for row in grid.rows[layout.first_data_row : layout.first_data_row + _PREVIEW]
            ),
        )
    )


def _lines_above(grid: Grid, layout: Layout) -> list[str]:
    """Paragraphs before a Word table, then the distinct texts of the rows above the header."""
    lines = [clean_text(p) for p in grid.above]
    for row in grid.rows[: layout.header_rows[0]]:
        for value in dict.fromkeys(text(v) for v in row if text(v)):
            lines.append(clean_text(value))
    return [line for line in lines if line]
