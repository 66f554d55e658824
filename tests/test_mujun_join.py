"""亩均评价 data in: bureau files with their own wording, joined on the credit code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from luoshi.mujun.bureau import read_bureau_file
from luoshi.mujun.creditcode import with_check
from luoshi.mujun.join import join_files
from luoshi.mujun.synthetic import synthetic_district, write_bureau_files


def code(n: int) -> str:
    return with_check(f"91320999MA{n:07d}")


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_synthetic_bureau_files_join_back_to_the_district(tmp_path: Path) -> None:
    truth = {e.code: e for e in synthetic_district(150, seed=11)}
    paths = write_bureau_files(list(truth.values()), tmp_path, 2024, seed=3)
    assert {p.suffix for p in paths.values()} == {".xlsx", ".csv"}
    files = [read_bureau_file(p) for p in paths.values()]
    joined = join_files(files)
    assert joined.ok, joined.errors[:3]
    assert {e.code for e in joined.enterprises} == set(truth)
    present = {f.name: {r.code for r in f.records} for f in files}
    for e in joined.enterprises:
        t = truth[e.code].values
        if e.code in present[paths["税务"].name]:
            # written in 元, read back in 万元
            assert e.values["tax"] == pytest.approx(t["tax"], abs=1e-6)
        if e.code in present[paths["自然资源"].name]:
            # plots written in 平方米 to 0.1 m², read back in 亩: owned and rented apart
            assert e.values.get("land_owned", 0) == pytest.approx(t["land_owned"], abs=1e-3)
            assert e.values.get("land_rented", 0) == pytest.approx(t["land_rented"], abs=1e-3)
        assert e.values["scale"] == t["scale"] and e.values["town"] == t["town"]
        assert e.values["industry_code"] == t["industry_code"]
    # one message per enterprise left out of a file, naming the file
    for f in files:
        missing = set(truth) - present[f.name]
        said = {p.message.split("（")[1].split("）")[0] for p in joined.problems
                if p.where.file == f.name and "不在本文件中" in p.message}  # fmt: skip
        assert said == missing


def test_the_same_seed_gives_the_same_district() -> None:
    assert synthetic_district(50, seed=5) == synthetic_district(50, seed=5)
    assert synthetic_district(50, seed=5) != synthetic_district(50, seed=6)


def test_headers_below_a_title_and_columns_known_by_content(tmp_path: Path) -> None:
    # GBK CSV, two title lines, a code column headed only 编号 and a name column headed 单位
    text = (
        "2024年度企业用电情况\n制表单位：供电公司\n"
        "编号,单位,年用电量（千瓦时）,能耗（吨标煤）\n"
        f'{code(1)},东湖恒瑞机械有限公司,"1,250,000",300\n'
        f"{code(2)},西岗鑫达电子厂,80000,-\n"
    )
    f = read_bureau_file(csv(tmp_path / "电.csv", text, "gbk"))
    assert f.problems == []
    assert {k: c.header for k, c in f.columns.items()} == {
        "code": "编号", "name": "单位", "electricity": "年用电量（千瓦时）", "energy": "能耗（吨标煤）",
    }  # fmt: skip
    # 千瓦时 → 万千瓦时; “-” is blank
    assert [r.values for r in f.records] == [
        {"electricity": 125.0, "energy": 300.0},
        {"electricity": 8.0},
    ]
    assert [r.row for r in f.records] == [4, 5]


def _tax(tmp_path: Path, rows: list[list[object]], name: str = "税务.xlsx") -> Path:
    return xlsx(tmp_path / name, [["统一社会信用代码", "企业名称", "实缴税收（万元）"], *rows])


def _land(tmp_path: Path, rows: list[list[object]]) -> Path:
    return xlsx(tmp_path / "土地.xlsx", [["统一社会信用代码", "企业名称", "自有用地面积（亩）",
                                          "租用用地面积（亩）"], *rows])  # fmt: skip


def test_bad_cells_are_errors_with_file_row_column_and_nothing_comes_out(tmp_path: Path) -> None:
    wrong = code(3)[:-1] + ("0" if code(3)[-1] != "0" else "1")
    tax = _tax(tmp_path, [
        [code(1), "甲公司", 100],
        [code(2), "乙公司", "约50万"],  # text in a number column
        [wrong, "丙公司", 30],  # a wrong check digit and a name known nowhere else
        [code(4), "丁公司", 10],
        [code(4), "丁公司", 12],  # the same enterprise twice with different figures
    ])  # fmt: skip
    land = _land(tmp_path, [[code(1), "甲公司", 10, 0], [code(2), "乙公司", 5, 0],
                            [code(4), "丁公司", 0, 0]])  # fmt: skip
    joined = join_files([read_bureau_file(tax), read_bureau_file(land)])
    assert joined.enterprises == []
    errors = [str(p) for p in joined.errors]
    assert errors == [
        "【错误】《税务.xlsx》第3行「实缴税收（万元）」列：“约50万”不是数字",
        f"【错误】《税务.xlsx》第4行「统一社会信用代码」列：统一社会信用代码校验位错误（应为{code(3)[-1]}，"
        f"实为{wrong[-1]}），也无法按名称对应到企业（丙公司）",
        f"【错误】《税务.xlsx》第6行「统一社会信用代码」列：与第5行是同一企业（{code(4)}），数值不同，请删去错误的一行",
    ]


def test_a_wrong_code_is_matched_by_name_only_once_reviewed(tmp_path: Path) -> None:
    wrong = "91320999MA000000X"  # 17 characters
    tax = _tax(tmp_path, [[code(1), "甲公司", 100], [wrong, "乙公司", 50]])
    land = _land(tmp_path, [[code(1), "甲公司", 10, 0], [code(2), "乙公司", 5, 2.5]])
    files = [read_bureau_file(tax), read_bureau_file(land)]
    first = join_files(files)
    assert first.enterprises == [] and len(first.matches) == 1
    assert "按名称“乙公司”可对应到" in first.errors[0].message
    m = first.matches[0]
    assert (m.where.file, m.where.row, m.code) == ("税务.xlsx", 3, code(2))
    second = join_files(files, accepted={m.key})
    assert second.ok
    by = {e.code: e.values for e in second.enterprises}
    assert by[code(2)]["tax"] == 50 and by[code(2)]["land_rented"] == 2.5
    assert any("已按名称“乙公司”确认对应到" in p.message for p in second.problems)


def test_an_ambiguous_name_is_never_matched(tmp_path: Path) -> None:
    tax = _tax(
        tmp_path, [[code(1), "同名公司", 100], [code(2), "同名公司", 10], ["", "同名公司", 5]]
    )
    joined = join_files([read_bureau_file(tax)], accepted=True)
    assert "名称对应多家企业（同名公司）" in joined.errors[0].message


def test_land_zero_missing_enterprises_and_outliers_are_flagged(tmp_path: Path) -> None:
    taxes = [[code(n), f"企业{n}有限公司", 10.0 + n] for n in range(1, 21)]
    taxes.append([code(30), "异常有限公司", 5000.0])  # 5000 万元 on 1 mu
    lands = [[code(n), f"企业{n}有限公司", 2.0, 0] for n in range(1, 21)]
    lands += [[code(30), "异常有限公司", 1.0, 0], [code(31), "零地有限公司", 0, 0]]
    joined = join_files(
        [read_bureau_file(_tax(tmp_path, taxes)), read_bureau_file(_land(tmp_path, lands))]
    )
    assert joined.ok
    text = [str(p) for p in joined.problems]
    assert (
        f"【请核实】《土地.xlsx》第23行「自有用地面积（亩）」列：零地有限公司（{code(31)}）用地面积为0"
        in text
    )
    assert f"【请核实】《税务.xlsx》：零地有限公司（{code(31)}）不在本文件中，缺少实缴税收" in text
    outlier = [t for t in text if "亩均税收" in t]
    assert len(outlier) == 1 and "第22行「实缴税收（万元）」列：异常有限公司" in outlier[0]
    assert "远高于全区中位数" in outlier[0]


def test_unreadable_and_headerless_files_are_one_message_each(tmp_path: Path) -> None:
    fake = tmp_path / "税务.xlsx"
    fake.write_text("这不是工作簿", encoding="utf-8")
    f = read_bureau_file(fake)
    assert [p.where.file for p in f.problems] == ["税务.xlsx"]
    assert f.problems[0].message.startswith("无法读取：")
    nohead = read_bureau_file(xlsx(tmp_path / "空.xlsx", [["甲", "乙"], [1, 2]]))
    assert "找不到表头" in nohead.problems[0].message


def test_unknown_unit_in_a_header_is_an_error(tmp_path: Path) -> None:
    f = read_bureau_file(
        xlsx(tmp_path / "t.xlsx", [["统一社会信用代码", "实缴税收（卢布）"], [code(1), 5]])
    )
    assert (
        str(f.problems[0])
        == "【错误】《t.xlsx》第1行「实缴税收（卢布）」列：无法识别表头中的计量单位"
    )


def test_written_files_open_as_workbooks(tmp_path: Path) -> None:
    paths = write_bureau_files(synthetic_district(20, seed=1), tmp_path, 2024)
    wb = load_workbook(paths["统计"], read_only=True)
    assert next(wb.active.iter_rows(values_only=True))[0] == "统一社会信用代码"


def xls(path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    """An Excel 97-2003 file as older 财务/税务 systems export them (xlwt: a real BIFF8 writer)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if v is not None:
                ws.write(i, j, v, dates) if isinstance(v, date) else ws.write(i, j, v)
    book.save(str(path))
    return path


def test_an_xls_bureau_file_reads_like_its_xlsx(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["2024年度企业纳税情况", None, None, None],
        ["统一社会信用代码", "纳税人名称", "实缴税收（元）", "投产日期"],
        [code(1), "甲有限公司", 1234500, date(2019, 3, 1)],
        [code(2), "乙有限公司", 88000.5, date(2023, 7, 9)],
    ]
    old = read_bureau_file(xls(tmp_path / "税务.xls", rows))
    new = read_bureau_file(xlsx(tmp_path / "税务.xlsx", rows))
    assert old.problems == new.problems == []
    assert [(r.row, r.code, r.name, r.values) for r in old.records] == [
        (r.row, r.code, r.name, r.values) for r in new.records
    ]
    assert old.records[0].values == {"tax": 123.45, "start_year": 2019}
    # an .xls saved under an .xlsx name is still read for what it is
    renamed = tmp_path / "改了扩展名.xlsx"
    renamed.write_bytes((tmp_path / "税务.xls").read_bytes())
    assert read_bureau_file(renamed).records[1].values["tax"] == 8.80005


def test_a_broken_xls_is_one_chinese_message(tmp_path: Path) -> None:
    good = xls(tmp_path / "ok.xls", [["统一社会信用代码", "实缴税收"], [code(1), 5]])
    broken = tmp_path / "坏.xls"
    broken.write_bytes(good.read_bytes()[:600])
    f = read_bureau_file(broken)
    assert len(f.problems) == 1 and f.records == []
    assert str(f.problems[0]).startswith("【错误】《坏.xls》：无法读取：")
    assert "旧版 Excel" in f.problems[0].message and "Traceback" not in f.problems[0].message
