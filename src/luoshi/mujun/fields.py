"""The figures and attributes an enterprise carries, with their Chinese labels and units.

These are the names a method's formulas and conditions read (``tax / land``). The header
words each bureau writes for them live in ``headers.toml``; this module holds only what
the core needs: the name, the label a user reads, the unit, whether it is a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "DERIVED",
    "FIELDS",
    "KNOWN_NAMES",
    "LAND_PARTS",
    "NUMERIC",
    "Field",
    "derive",
    "land_area",
]


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    unit: str = ""
    numeric: bool = True


FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("code", "统一社会信用代码", numeric=False),
        Field("name", "企业名称", numeric=False),
        Field("town", "所属镇（街道）", numeric=False),
        Field("park", "所属园区", numeric=False),
        Field("industry", "所属行业", numeric=False),
        Field("industry_code", "行业代码", numeric=False),
        Field("scale", "企业规模", numeric=False),  # 规上 / 规下
        Field("start_year", "投产年份", "年"),
        Field("tax", "实缴税收", "万元"),
        Field("sales", "销售收入", "万元"),
        Field("value_added", "工业增加值", "万元"),
        Field("employees", "年平均职工人数", "人"),
        Field("electricity", "用电量", "万千瓦时"),
        Field("energy", "综合能耗", "吨标准煤"),
        Field("emissions", "主要污染物排放当量", "吨"),
        Field("rd", "研发经费支出", "万元"),
        Field("land_owned", "自有用地面积", "亩"),
        Field("land_rented", "租用用地面积", "亩"),
        Field("high_tech", "高新技术企业", ""),  # 1 when recognised
        Field("patents", "发明专利授权", "件"),
        Field("safety_accidents", "安全生产事故", "起"),
        Field("env_violations", "环境违法处罚", "次"),
    )
}

# Figures computed from the others before a method reads them.
DERIVED: dict[str, Field] = {
    "land": Field("land", "用地面积（自有＋租用）", "亩"),
    "years_in_production": Field("years_in_production", "投产年限", "年"),
}

NUMERIC = frozenset(k for k, f in FIELDS.items() if f.numeric)
KNOWN_NAMES = frozenset(FIELDS) | frozenset(DERIVED)


LAND_PARTS = ("land_owned", "land_rented")  # a land file lists plots: they add up


def land_area(values: Mapping[str, object]) -> float:
    """Owned plus rented land in mu, a missing part counted as 0 (the one rule for 用地面积)."""
    return sum(float(v) for k in LAND_PARTS if isinstance(v := values.get(k), int | float))


def derive(values: dict[str, object], year: int) -> dict[str, object]:
    """``values`` with land (owned + rented, a missing part counted as 0) and years in production."""
    out = dict(values)
    out["land"] = land_area(values) if any(k in values for k in LAND_PARTS) else None
    start = values.get("start_year")
    out["years_in_production"] = None if start is None else year - int(start)  # type: ignore[call-overload]
    return out
