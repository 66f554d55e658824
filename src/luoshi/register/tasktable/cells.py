"""Reading single cells: text, unit lists, leaders, as-of dates, fills. Pure functions."""

from __future__ import annotations

import colorsys
import math
import re
from datetime import date, datetime
from functools import cache
from typing import TypeGuard

from openpyxl.cell.cell import Cell

from ...formula import FORMULA_START as _FORMULA_START
from ..units import UnitSpec, normalize_text, parse_unit
from .roles import header_key, role_of_header, vocabulary
from .schema import LIGHT_FILLS

__all__ = [
    "FORMULA_START",
    "as_of_date",
    "chinese_date",
    "clean_text",
    "is_number",
    "join_units",
    "leaders_in_heading",
    "light_of",
    "looks_like_leader",
    "looks_like_unit",
    "split_leaders",
    "split_units",
    "text",
    "unit_note",
    "year_in",
]

# Text that spreadsheets (and CSV exports) would evaluate: one rule, in luoshi.formula.
FORMULA_START = _FORMULA_START

_AS_OF = re.compile(r"截[至止](\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})")
_UNIT_NOTE = re.compile(r"(?:计量)?单位[::](\S+)")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# A space or line break between two CJK characters is a wrap artefact (工作机 制), not a gap.
_CJK_GAP = re.compile(rf"(?<=[{_CJK}，。、；：“”（）])\s+(?=[{_CJK}，。、；：“”（）])")
# A line break inside a cell next to a CJK character is a wrap (新改建农村公路\n40公里).
_CJK_BREAK = re.compile(
    rf"(?<=[{_CJK}，。、；：“”（）])\s*\n\s*|\s*\n\s*(?=[{_CJK}，。、；：“”（）])"
)
_LINE_BREAK = re.compile(r"\s*\n\s*")
_UNIT_SEPARATORS = "、,，;；/\n\r\t "
_OPEN, _CLOSE = "(（[【〔「《", ")）]】〕」》"
# 各县、市、区政府 is one body: bare level words between 、 belong to the name that follows.
_BARE_LEVEL = re.compile(r"各?[省市县区乡镇街]")


def is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def text(value: object) -> str:
    """A cell as text, stripped, without the apostrophe the writer puts before =, +, -, @."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    s = str(value).strip()
    if s.startswith("'") and s[1:].lstrip("'").startswith(FORMULA_START):
        return s[1:]
    return s


def clean_text(value: object) -> str:
    """A text cell as one would type it: wrap artefacts between CJK characters removed."""
    s = text(value)
    if s.startswith(FORMULA_START) or s.startswith("'"):
        return s  # formula-like text comes back exactly as written
    s = _CJK_GAP.sub("", s.replace("\r\n", "\n"))
    return _CJK_BREAK.sub("", _LINE_BREAK.sub(" ", _CJK_BREAK.sub("", s))).strip()


def chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def as_of_date(s: str) -> date | None:
    m = _AS_OF.search(normalize_text(s))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def year_in(s: str) -> int | None:
    m = re.search(r"(20\d{2}|19\d{2})\s*年", s)
    return int(m[1]) if m else None


def unit_note(s: str) -> UnitSpec | None:
    """``单位：万元`` above a table: the unit of 目标值 where a row has none."""
    m = _UNIT_NOTE.search(normalize_text(s))
    return parse_unit(m[1]) if m else None


# -- responsible units


def _pieces(cell: str) -> list[str]:
    """Split on separators outside brackets: 市委组织部（市委人才办） stays whole."""
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in cell:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        if depth == 0 and ch in _UNIT_SEPARATORS:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return pieces


_LABEL = re.compile(r"^([^:：（(]{1,8})[:：]\s*")
_MARK = re.compile(r"\s*[(（]([^()（）]{1,6})[)）]$")


def _duty(words: str) -> str | None:
    """What a label or a bracket says of the units it marks: lead_unit, coop_units, responsible."""
    role = role_of_header(header_key(words)[0])
    return role if role in ("lead_unit", "coop_units", "responsible") else None


def _clean_unit(piece: str) -> tuple[str, bool, str | None]:
    """(name, marked as lead, duty its label names) of one listed unit.

    A lead is marked by * or a bracket (县发改委（牵头）); a label opens a run of units
    (牵头单位：县民政局；配合单位：县卫健委、县教育局); 。 等 and quotes are removed.
    """
    s = piece.strip().strip("。.;；,，")
    label = _LABEL.match(s)
    duty = _duty(label[1]) if label else None
    if duty:
        s = s[label.end() :] if label else s
    starred = "*" in s or "＊" in s
    s = s.replace("*", "").replace("＊", "").strip()
    s = re.sub(r"等$", "", s).strip("。. ")
    if (mark := _MARK.search(s)) and _duty(mark[1]):
        starred = starred or _duty(mark[1]) == "lead_unit"
        s = s[: mark.start()]
    if s.startswith("「") and s.endswith("」"):
        s = s[1:-1]
    return s, starred, duty


def split_units(cell: str) -> tuple[list[str], list[str]]:
    """(lead-marked units, all units in order) of a unit cell.

    Splits on 、，,；;/ and line breaks, never inside brackets; trailing 。 and 等 go;
    leads are marked * or （牵头）, or follow a label 牵头单位：; bare level words (各县、市、区政府) stay with the name that follows.
    """
    names: list[str] = []
    starred: list[str] = []
    pending: list[str] = []
    duty: str | None = None
    for piece in _pieces(cell):
        name, star, labelled = _clean_unit(piece)
        duty = labelled or duty
        star = star or duty == "lead_unit"
        if not name:
            continue
        if _BARE_LEVEL.fullmatch(name):
            pending.append(name)
            continue
        if pending:
            name, pending = "、".join([*pending, name]), []
        if name not in names:
            names.append(name)
        if star:
            starred.append(name)
    names.extend(p for p in pending if p not in names)
    return starred, names


def join_units(names: tuple[str, ...] | list[str]) -> str:
    """Units for one cell, each read back whole: a name that would split is quoted 「…」."""
    return "、".join(n if split_units(n)[1] == [n] else f"「{n}」" for n in names)


@cache
def _unit_endings() -> tuple[str, ...]:
    return tuple(sorted(vocabulary()["cells"]["unit_endings"], key=len, reverse=True))


def looks_like_unit(cell: str) -> bool:
    """Every listed name is an organisation (区发改局, 湖塘镇), none is a sentence."""
    names = split_units(cell)[1]
    return bool(names) and all(
        len(n) <= 20 and re.sub(r"[(（].*?[)）]", "", n).endswith(_unit_endings()) for n in names
    )


# -- leaders


@cache
def _titles() -> str:
    words = sorted(vocabulary()["cells"]["leader_titles"], key=len, reverse=True)
    return "|".join(map(re.escape, words))


def leader_text(cell: object) -> str:
    """A leader cell as written, names on separate lines joined by 、 (杜新国\n丁玲)."""
    s = text(cell)
    if "\n" not in s:
        return clean_text(cell)
    return "、".join(line.strip() for line in s.splitlines() if line.strip())


def split_leaders(cell: str) -> list[str]:
    """Names in a leader cell (杜新国、丁玲), titles dropped (李丹副区长 → 李丹)."""
    out = []
    for piece in re.split(r"[、,，;；/\n]+", cell):
        s = re.sub(rf"(?:{_titles()})+$", "", piece.strip()).strip()
        if s:
            out.append(s)
    return out


def looks_like_leader(cell: str) -> bool:
    names = re.split(r"[、,，;；/\n\s]+", cell.strip())
    return bool(names) and all(
        re.fullmatch(rf"[{_CJK}]{{2,4}}(?:{_titles()})*", n) or re.search(_titles(), n)
        for n in names
        if n
    )


def leaders_in_heading(heading: str) -> list[str]:
    """Leaders a section heading names: 二、李丹常委、常务副区长牵头重点工作 → [李丹]."""
    if not re.search("牵头|负责|分管|联系", heading):
        return []
    found = re.findall(rf"(?:^|[、,，\s])([{_CJK}]{{2,3}}?)(?={_titles()})", heading)
    if not found:
        body = re.sub(r"^[一二三四五六七八九十]+[、.]", "", heading)
        found = re.findall(rf"^([{_CJK}]{{2,3}}?)(?={_titles()})", body)
    titles = vocabulary()["cells"]["leader_titles"]
    return [n for n in found if not any(t.startswith(n) for t in titles)]


# -- fills


def light_of(cell: Cell) -> str:
    """The light a 状态 cell's fill shows: the writer's colours exactly, others by hue."""
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or fill.fgColor is None:
        return ""
    color = fill.fgColor
    if color.type != "rgb" or not isinstance(color.rgb, str) or len(color.rgb) < 6:
        return ""
    rgb = color.rgb[-6:].upper()
    for light, fill_rgb in LIGHT_FILLS.items():
        if rgb == fill_rgb:
            return light
    try:
        r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return ""
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if lightness > 0.97:
        return ""  # white: no light
    if saturation < 0.15:
        return "grey"
    if hue < 0.05 or hue > 0.9:
        return "red"
    if hue < 0.19:
        return "yellow"
    if hue < 0.5:
        return "green"
    return ""
