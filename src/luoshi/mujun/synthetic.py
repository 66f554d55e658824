"""A synthetic district for tests, benchmarks and the demo (no real enterprise data is public).

``synthetic_district`` draws enterprises (seeded, deterministic): towns and parks, industries
by 国民经济行业分类 division, 规上 and 规下, log-normal sales with taxes, energy and land
drawn around them, rented plots, new enterprises, utilities, duplicate names. ``write_bureau_files``
writes what six bureaus would hand in, each in its own wording, units and format (xlsx or
CSV, UTF-8 or GBK, title rows, plots as rows, 元 instead of 万元, 平方米 instead of 亩),
with some enterprises missing from some files as in real life.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .creditcode import ALPHABET, with_check
from .score import Enterprise

__all__ = ["BUREAUS", "TOWNS", "a_year_before", "synthetic_district", "write_bureau_files"]

TOWNS = ("东湖镇", "西岗镇", "南河街道", "北塘镇", "青山镇", "白马镇", "金桥街道", "石桥镇",
         "临江镇", "桃园镇", "新安镇", "永丰街道", "长林镇", "松柏镇", "三河镇")  # fmt: skip
PARKS = ("高新区", "经济开发区", "")
INDUSTRIES = (
    ("13", "农副食品加工业"), ("17", "纺织业"), ("26", "化学原料和化学制品制造业"),
    ("29", "橡胶和塑料制品业"), ("30", "非金属矿物制品业"), ("33", "金属制品业"),
    ("34", "通用设备制造业"), ("35", "专用设备制造业"), ("36", "汽车制造业"),
    ("38", "电气机械和器材制造业"), ("39", "计算机、通信和其他电子设备制造业"),
    ("44", "电力、热力生产和供应业"), ("46", "水的生产和供应业"),
)  # fmt: skip
_WEIGHTS = (6, 8, 5, 9, 6, 14, 14, 10, 6, 10, 8, 1, 1)
_WORDS = ("恒", "瑞", "达", "新", "华", "盛", "鑫", "宏", "泰", "安", "丰", "汇", "联", "信", "科",
          "力", "宇", "凯", "嘉", "通", "源", "晟", "博", "昌", "辉", "德", "祥", "锦", "益", "众")  # fmt: skip
_TRADES = (
    "机械",
    "精密",
    "电子",
    "塑业",
    "纺织",
    "化工",
    "新材料",
    "金属制品",
    "电气",
    "食品",
    "汽配",
    "五金",
)
BUREAUS = ("税务", "统计", "电力能源", "自然资源", "生态环境", "科技")


@dataclass(frozen=True)
class _Draw:
    missing_from: frozenset[str]  # bureaus whose file leaves this enterprise out


def _code(rng: random.Random, used: set[str]) -> str:
    while True:
        body = "".join(rng.choice(ALPHABET) for _ in range(9))
        code = with_check("91" + "320999" + body)
        if code not in used:
            used.add(code)
            return code


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0, sigma))


def synthetic_district(n: int = 8000, *, seed: int = 2024, year: int = 2024) -> list[Enterprise]:
    """``n`` enterprises across 15 towns for ``year``; the same seed gives the same district."""
    rng = random.Random(seed)
    used: set[str] = set()
    names: list[str] = []
    out = []
    for i in range(n):
        above = rng.random() < 0.3
        code_, (div, industry) = _code(rng, used), rng.choices(INDUSTRIES, _WEIGHTS)[0]
        if names and rng.random() < 0.01:  # the same name registered in another town
            name = rng.choice(names)
        else:
            name = (
                f"{TOWNS[i % 15][:2]}{''.join(rng.sample(_WORDS, 2))}{rng.choice(_TRADES)}有限公司"
            )
        names.append(name)
        sales = _lognormal(rng, 25000 if above else 900, 1.0 if above else 0.8)
        tax = sales * _lognormal(rng, 0.035, 0.5)
        energy = sales * _lognormal(rng, 0.06, 0.7)
        land_total = _lognormal(rng, 35 if above else 6, 0.8)
        rented = land_total * rng.uniform(0.2, 1.0) if rng.random() < 0.2 else 0.0
        new = rng.random() < 0.04
        values: dict[str, object] = {
            "town": TOWNS[rng.randrange(15)],
            "park": rng.choice(PARKS),
            "industry": industry,
            "industry_code": div,
            "scale": "规上" if above else "规下",
            "start_year": rng.randint(year - 1, year) if new else rng.randint(1992, year - 2),
            "tax": round(tax, 2),
            "sales": round(sales, 2),
            "value_added": round(sales * _lognormal(rng, 0.24, 0.3), 2),
            "employees": max(3, round(sales / _lognormal(rng, 90, 0.4))),
            "energy": round(energy, 2),
            "electricity": round(energy / 1.229 * _lognormal(rng, 0.9, 0.1), 2),
            "emissions": round(energy * _lognormal(rng, 0.004, 0.6), 3),
            "rd": round(sales * _lognormal(rng, 0.025 if above else 0.008, 0.6), 2),
            "land_owned": round(land_total - rented, 2),
            "land_rented": round(rented, 2),
            "high_tech": 1.0 if above and rng.random() < 0.15 else 0.0,
            "patents": float(rng.choice((0, 0, 0, 0, 1, 2, 3, 5))) if above else 0.0,
            "env_violations": 1.0 if rng.random() < 0.02 else 0.0,
        }
        out.append(Enterprise(code_, name, values))
    return out


def a_year_before(district: Sequence[Enterprise], year: int, *, seed: int = 1) -> list[Enterprise]:
    """The same enterprises a year earlier: figures moved by a year's growth (some fell, some grew),
    those that started production in ``year`` left out."""
    rng = random.Random(seed)
    money = ("tax", "sales", "value_added", "energy", "electricity", "emissions", "rd")
    out = []
    for e in district:
        growth = _lognormal(rng, 1.06, 0.25)
        if int(e.values["start_year"]) >= year:  # type: ignore[call-overload]
            continue
        values = dict(e.values)
        for k in money:
            values[k] = round(float(values[k]) / growth, 2)  # type: ignore[arg-type]
        out.append(Enterprise(e.code, e.name, values))
    return out


def _missing(rng: random.Random, e: Enterprise) -> frozenset[str]:
    """Who leaves this enterprise out: a few per file, land most often (no 不动产 record yet)."""
    gone = set()
    if rng.random() < 0.02:
        gone.add("自然资源")
    if rng.random() < 0.004:
        gone.add("税务")
    if rng.random() < 0.01:
        gone.add("电力能源")
    if e.values["scale"] == "规下" or rng.random() < 0.05:
        gone.add("科技")  # the 科技局 lists only enterprises that report R&D
    if rng.random() < 0.3:
        gone.add("生态环境")  # only 排污许可 holders
    return frozenset(gone)


def write_bureau_files(
    enterprises: Sequence[Enterprise], folder: Path, year: int, *, seed: int = 7
) -> dict[str, Path]:
    """The six bureau files for ``enterprises`` in ``folder``: {bureau: path}."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    draws = {e.code: _Draw(_missing(rng, e)) for e in enterprises}
    order = list(enterprises)
    rng.shuffle(order)

    def rows_for(bureau: str) -> list[Enterprise]:
        return [e for e in order if bureau not in draws[e.code].missing_from]

    def v(e: Enterprise, key: str) -> float:
        x = e.values.get(key)
        return float(x) if isinstance(x, int | float) else 0.0

    def xlsx(path: Path, title: str | None, header: list[str], rows: list[list[object]]) -> Path:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Sheet1")
        if title:
            ws.append([title])
        ws.append(header)
        for r in rows:
            ws.append(r)
        wb.save(path)
        return path

    def csv_file(path: Path, encoding: str, header: list[str], rows: list[list[object]]) -> Path:
        with path.open("w", encoding=encoding, newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        return path

    paths = {}
    paths["税务"] = xlsx(
        folder / f"{year}年度企业纳税情况（区税务局）.xlsx",
        f"{year}年度工业企业实缴税金明细表",
        ["序号", "纳税人识别号", "纳税人名称", "实缴税金（元）"],
        [
            [i, e.code, e.name, round(v(e, "tax") * 10000, 2)]
            for i, e in enumerate(rows_for("税务"), 1)
        ],
    )
    paths["统计"] = xlsx(
        folder / f"{year}年工业企业基本情况（区统计局）.xlsx",
        None,
        ["统一社会信用代码", "单位详细名称", "所属镇街", "所属园区", "行业代码", "行业名称", "规模类型",
         "开业时间", "营业收入（万元）", "工业增加值（万元）", "从业人员平均人数（人）"],
        [[e.code, e.name, e.values["town"], e.values["park"], f"C{e.values['industry_code']}{rng.randint(10, 99)}",
          e.values["industry"], "规模以上" if e.values["scale"] == "规上" else "规模以下",
          date(int(v(e, "start_year")), rng.randint(1, 12), 1), v(e, "sales"), v(e, "value_added"),
          int(v(e, "employees"))] for e in rows_for("统计")],
    )  # fmt: skip
    paths["电力能源"] = csv_file(
        folder / f"{year}年企业用电用能（供电公司）.csv", "gbk",
        ["社会信用代码", "用电户名", "全年用电量(万千瓦时)", "综合能源消费量(吨标准煤)"],
        [[e.code, e.name, v(e, "electricity"), v(e, "energy")] for e in rows_for("电力能源")],
    )  # fmt: skip
    land_rows: list[list[object]] = []
    for e in rows_for("自然资源"):
        plot = 1
        for tenure, key in (("出让", "land_owned"), ("租赁", "land_rented")):
            if v(e, key) > 0:
                land_rows.append([e.name, e.code, f"{e.code[-6:]}-{plot}", tenure,
                                  round(v(e, key) * 10000 / 15, 1)])  # fmt: skip
                plot += 1
    paths["自然资源"] = xlsx(
        folder / f"{year}年工业用地宗地清单（自然资源局）.xlsx", f"{year}年工业企业用地情况",
        ["土地使用权人", "统一社会信用代码", "宗地编号", "权属", "宗地面积（平方米）"], land_rows,
    )  # fmt: skip
    paths["生态环境"] = csv_file(
        folder / f"{year}年排污单位排放当量（生态环境局）.csv", "utf-8-sig",
        ["排污单位名称", "信用代码", "主要污染物排放当量（吨）", "环境行政处罚（次）"],
        [[e.name, e.code, v(e, "emissions"), int(v(e, "env_violations"))] for e in rows_for("生态环境")],
    )  # fmt: skip
    paths["科技"] = xlsx(
        folder / f"{year}年企业研发投入（科技局）.xlsx", None,
        ["企业名称", "统一社会信用代码", "研发费用（万元）", "是否高新技术企业", "有效发明专利（件）"],
        [[e.name, e.code, v(e, "rd"), "是" if v(e, "high_tech") else "否", int(v(e, "patents"))]
         for e in rows_for("科技")],
    )  # fmt: skip
    return paths
