"""Units (departments 条线 and places 板块) and who carries each target.

The first-listed unit of a target leads (牵头单位); the others are responsible
units (责任单位). A unit list comes from the office's own CSV or XLSX.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..ingest.workbook import UNIT_LIST
from ..store.models import Assignment, AuditEvent, Target, Unit
from ..store.repo import StoreError, audit, get_target, snapshot

NAME_HEADERS = ("单位名称", "名称", "单位", "name")
KIND_HEADERS = ("类型", "类别", "kind", "type")
CODE_HEADERS = ("编码", "代码", "code")
PARENT_HEADERS = ("上级单位", "上级", "parent")
CONTACT_HEADERS = ("联系人", "联系方式", "contact")
# 板块: towns, streets, villages, parks, zones; everything else is a department (条线)
_PLACE = re.compile(
    r"镇$|街道$|街道办事处$|乡$|村$|社区$|园区?$|开发区$|经开区$|高新区$|度假区$|新区$|板块|place"
)


@dataclass(frozen=True, slots=True)
class UnitRow:
    line: int
    name: str
    kind: str
    code: str | None
    parent: str | None
    contact: str | None


def _kind(raw: str, name: str) -> str:
    raw = raw.strip()
    if raw in ("板块", "镇", "街道", "园区", "place"):
        return "place"
    if raw in ("条线", "部门", "department"):
        return "department"
    return unit_kind(name)


def unit_kind(name: str) -> str:
    """place (板块) or department (条线), from the name: 竹溪镇, 各镇（街道）, 东城街道办事处 are places."""
    return (
        "place"
        if _PLACE.search(re.sub(r"[(（][^()（）]*[)）]$", "", name.strip()))
        else "department"
    )


def read_unit_list(path: Path) -> list[UnitRow]:
    """Rows of a unit list (.csv in UTF-8/GBK, or .xlsx); problems raise one StoreError."""
    try:
        with open(path, "rb") as f:
            data = f.read(UNIT_LIST.file_bytes + 1)
    except OSError as e:
        raise StoreError(f"{path}：无法读取（{e.strerror or type(e).__name__}）") from None
    return read_unit_bytes(data, str(path), xlsx=path.suffix.lower() in (".xlsx", ".xlsm"))


def read_unit_bytes(data: bytes, name: str, *, xlsx: bool) -> list[UnitRow]:
    """Rows of a unit list from its bytes, within ``UNIT_LIST``'s caps (no database)."""
    from ..ingest import IngestError

    try:
        table = _xlsx_rows(data, name) if xlsx else _csv_rows(data, name)
    except IngestError as e:  # e.g. a binary file given as the list, a zip bomb
        raise StoreError(str(e)) from None
    if not table:
        raise StoreError(f"{name}：单位名单是空的")
    header = [c.strip().lower() for c in table[0]]

    def col(names: Sequence[str]) -> int | None:
        for n in names:
            if n.lower() in header:
                return header.index(n.lower())
        return None

    name_col = col(NAME_HEADERS)
    if name_col is None:
        raise StoreError(f"{name}：没有单位名称列（表头应为{'、'.join(NAME_HEADERS[:3])}之一）")
    cols = [col(h) for h in (KIND_HEADERS, CODE_HEADERS, PARENT_HEADERS, CONTACT_HEADERS)]
    rows, seen, problems = [], set(), []
    for i, raw in enumerate(table[1:], start=2):
        cells = [*raw, *[""] * len(header)]
        unit = cells[name_col].strip()
        if not unit:
            continue
        if unit in seen:
            problems.append(f"{name}：第 {i} 行单位「{unit}」重复")
            continue
        seen.add(unit)

        def cell(c: int | None, cells: list[str] = cells) -> str | None:
            return cells[c].strip() or None if c is not None else None

        kind, code, parent, contact = (cell(c) for c in cols)
        rows.append(UnitRow(i, unit, _kind(kind or "", unit), code, parent, contact))
    if problems:
        raise StoreError("；".join(problems))
    return rows


def _csv_rows(data: bytes, name: str) -> list[list[str]]:
    from ..ingest import IngestError, decode_bytes

    if len(data) > UNIT_LIST.file_bytes:
        raise IngestError(name, f"文件超过 {UNIT_LIST.file_bytes >> 20} MB，拒绝读取")
    text, _, _ = decode_bytes(data, path=name)
    reader = csv.reader(io.StringIO(text))
    table: list[list[str]] = []
    try:
        for row in reader:  # the csv module refuses a field over 131,072 characters itself
            if len(table) >= UNIT_LIST.rows:
                raise IngestError(name, f"超过 {UNIT_LIST.rows} 行，拒绝读取")
            if any(len(c) > UNIT_LIST.cell_chars for c in row):
                raise IngestError(
                    name, f"第 {reader.line_num} 行有超过 {UNIT_LIST.cell_chars} 字的内容，拒绝读取"
                )
            table.append(row[: UNIT_LIST.cols])
    except csv.Error:
        raise IngestError(
            name, f"第 {reader.line_num} 行不是有效的 CSV（字段过长或引号不配对）"
        ) from None
    return table


def _xlsx_rows(data: bytes, name: str) -> list[list[str]]:
    from ..ingest.workbook import read_sheet

    sheet = read_sheet(io.BytesIO(data), limits=UNIT_LIST, name=name)
    return [["" if v is None else str(v) for v in row] for row in sheet.rows]


def import_units(session: Session, rows: Iterable[UnitRow], actor: str) -> tuple[int, int]:
    """Create new units and update changed ones; returns (created, updated)."""
    existing = {u.name: u for u in session.scalars(select(Unit))}
    created = updated = 0
    pending_parents: list[tuple[Unit, str, int]] = []
    for r in rows:
        unit = existing.get(r.name)
        if unit is None:
            unit = Unit(name=r.name, kind=r.kind, code=r.code, contact=r.contact)
            session.add(unit)
            existing[r.name] = unit
            audit(session, actor, "create", unit)
            created += 1
        else:
            before = snapshot(unit)
            unit.kind, unit.code, unit.contact = (
                r.kind,
                r.code or unit.code,
                r.contact or unit.contact,
            )
            if snapshot(unit) != before:
                audit(session, actor, "update", unit, before)
                updated += 1
        if r.parent:
            pending_parents.append((unit, r.parent, r.line))
    for unit, parent, line in pending_parents:
        if parent not in existing:
            raise StoreError(f"row {line}: parent unit「{parent}」of「{unit.name}」does not exist")
        unit.parent_id = existing[parent].id
    return created, updated


def unit_by_name(session: Session, name: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.name == name.strip()))
    if unit is None:
        raise StoreError(
            f"no unit named「{name}」(import the unit list first: luoshi units import)"
        )
    return unit


def assign(session: Session, target_id: int, unit_names: Sequence[str], actor: str) -> Target:
    """Set who carries a target: the first unit leads, the others are responsible units."""
    target = get_target(session, target_id)
    names = [n.strip() for n in unit_names if n.strip()]
    if not names:
        raise StoreError("name at least one unit (the first leads)")
    if len(set(names)) != len(names):
        raise StoreError("a unit is listed twice")
    units = [unit_by_name(session, n) for n in names]
    before = {"units": [a.unit.name for a in target.assignments]}
    if before["units"] == names:
        return target  # the same units in the same order: nothing to change or record
    target.assignments.clear()
    session.flush()
    for pos, unit in enumerate(units):
        target.assignments.append(
            Assignment(unit_id=unit.id, role="lead" if pos == 0 else "responsible", position=pos)
        )
    session.flush()
    # assignments are rows of their own: audit the target's list of units as one change
    session.add(
        AuditEvent(
            actor=actor,
            action="assign",
            entity="target",
            entity_id=target.id,
            before=before,
            after={"units": names},
        )
    )
    return target
