"""Rules of reading a task table, on made-up tables in the style offices use
(two-row headers, section rows, merges, Word tables, CSV), and bad input."""

from __future__ import annotations

import io
import time
from datetime import date
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from luoshi.register.assign import unit_kind
from luoshi.register.excel import read_register
from luoshi.register.tasktable.cells import join_units, split_leaders, split_units
from luoshi.register.tasktable.deadlines import parse_deadline


def xlsx(tmp_path: Path, rows: list[list[object]], merges: tuple[str, ...] = (),
         name: str = "t.xlsx", title: str = "Sheet1") -> Path:  # fmt: skip
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    path = tmp_path / name
    wb.save(path)
    return path


def test_two_row_header_sections_and_vertical_merges(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path,
        [
            ["附件2"],
            ["某县2026年为民办实事项目责任分解表"],
            ["序 号", "实事项目", "责任分工", None, "完成\n时限"],
            [None, None, "牵头单位", "配合单位", None],
            ["第一部分  教育医疗"],
            ["(一)学前教育"],
            [1, "新建幼儿园2所", "县教育局", "县财政局、各乡镇", "9月投入使用"],
            [2, "改扩建乡镇卫生院3家", None, "县卫健委。", "年底前"],
            ["二、交通出行"],
            [3, "新改建农村公路\n40公里", "县交通局", "各县、市、区政府等", "长期坚持"],
        ],
        ("A2:E2", "A3:A4", "B3:B4", "C3:D3", "E3:E4", "A5:E5", "A6:E6", "C7:C8", "A9:E9"),
    )
    result = read_register(path)
    assert result.problems == []
    assert result.year == 2026 and result.title == "某县2026年为民办实事项目责任分解表"
    (table,) = result.tables
    assert table.header_rows == (3, 4)
    assert table.roles == ("seq", "name", "lead_unit", "coop_units", "due")
    rows = result.rows
    assert [r.area for r in rows] == [
        "第一部分教育医疗 > (一)学前教育", "第一部分教育医疗 > (一)学前教育", "第一部分教育医疗 > 二、交通出行"
    ]  # fmt: skip
    assert rows[1].lead_units == ("县教育局",)  # merged down from the row above
    assert rows[1].coop_units == ("县卫健委",)
    assert rows[2].name == "新改建农村公路40公里"
    assert rows[2].coop_units == ("各县、市、区政府",)
    assert [(r.due, r.due_text) for r in rows] == [
        (date(2026, 9, 30), "9月投入使用"), (date(2026, 12, 31), "年底前"), (None, "长期坚持")
    ]  # fmt: skip


def test_header_merged_over_two_columns_gives_area_and_task(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path,
        [
            ["项目", None, "目标值", "单位", "分值", "责任单位"],
            ["产业发展", "引进亿元以上项目", "≥12", "个", 10, "县商务局*、县发改局"],
            ["产业发展", "规上工业增加值增长", "8%左右", None, 8, "县经信局"],
            ["生态环境", "PM2.5平均浓度", "低于30", "微克/立方米", 5, "市生态环境局县分局"],
            ["生态环境", "完成河道综合整治", "全面完成", None, 5, "县水利局"],
        ],
        ("A1:B1", "A2:A3", "A4:A5"),
    )
    result = read_register(path, plan_year=2026)
    assert result.problems == []
    assert result.tables[0].roles == ("area", "name", "value", "unit", "weight", "responsible")
    first, growth, air, river = result.rows
    assert (first.area, first.value, first.unit, first.comparator) == ("产业发展", 12, "个", ">=")
    assert (first.lead_units, first.coop_units, first.weight) == (("县商务局",), ("县发改局",), 10)
    assert (growth.value, growth.unit, growth.comparator, growth.measure) == (8, "%", "~", "growth")
    assert (air.value, air.comparator) == (30, "<=")
    assert (river.value, river.target_text, river.area) == (None, "全面完成", "生态环境")


def test_roles_from_cells_when_headers_say_little(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path,
        [
            ["2026年重点工作清单"],
            ["序号", "工作内容", "单位", "分管领导", None],
            [1, "推进老旧小区改造", "区住建局", "王晓明副区长", "6月底前"],
            [2, "建设智慧停车平台", "区城管局、区公安分局", "刘洋", "三季度末"],
            [3, "开展全民健身活动", "区文旅体局", "王晓明", "2026.01-2026.12"],
        ],
    )
    result = read_register(path)
    assert result.tables[0].roles == ("seq", "name", "responsible", "lead_official", "due")
    assert [r.due for r in result.rows] == [
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 31),
    ]
    assert result.rows[0].lead_official == "王晓明副区长"


def test_total_investment_in_ten_thousands(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path,
        [
            ["序号", "项目名称", "总投资(万元)", "建设内容", "责任单位"],
            [1, "城南污水处理厂扩建", 12000, "新增日处理能力2万吨", "县城投集团"],
        ],
    )
    (row,) = read_register(path, plan_year=2026).rows
    assert (row.value, row.unit) == (120_000_000, "元")
    assert row.extra == (("建设内容", "新增日处理能力2万吨"),)


def test_leader_named_in_a_section_row(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path,
        [
            ["序号", "重点工作", "责任单位"],
            ["一、张建国副县长牵头工作"],
            [1, "抓好春耕生产", "县农业农村局"],
        ],
        ("A2:C2",),
    )
    (row,) = read_register(path, plan_year=2026).rows
    assert row.lead_official == "张建国"


def test_a_word_table_with_spaced_header_and_heading_above(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("2026年市政府重点工作分工方案")
    document.add_paragraph("一、稳住经济大盘")
    table = document.add_table(rows=4, cols=3)
    for r, cells in enumerate(
        [["序号", "主 要 任 务", "责 任 单 位"], ["1", "外贸进出口增长5%", "*市商务局、市海关"],
         ["2", "培育专精特新企业", "市经信局(市中小企业局)、 市科技局"], ["3", "", ""]]
    ):  # fmt: skip
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    table.cell(3, 0).merge(table.cell(3, 2)).text = "二、改善民生"
    path = tmp_path / "t.docx"
    document.save(str(path))
    result = read_register(path)
    assert result.problems == [] and result.year == 2026
    first, second = result.rows
    assert (first.area, first.lead_units, first.coop_units) == (
        "一、稳住经济大盘", ("市商务局",), ("市海关",)
    )  # fmt: skip
    assert second.units == ("市经信局(市中小企业局)", "市科技局")


def test_csv_in_gbk(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(
        "序号,重点任务,牵头单位,完成时限\n1,建成便民服务中心,街道办,上半年\n".encode("gbk")
    )
    (row,) = read_register(path, plan_year=2026).rows
    assert (row.name, row.units, row.due) == ("建成便民服务中心", ("街道办",), date(2026, 6, 30))


def test_every_task_table_in_a_workbook_is_read(tmp_path: Path) -> None:
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "说明"
    first.append(["填表说明：请按月报送"])
    for name in ("经济", "民生"):
        ws = wb.create_sheet(name)
        ws.append(["序号", "任务", "责任单位"])
        ws.append([1, f"{name}任务", "区发改局"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    result = read_register(path)
    assert [t.sheet for t in result.tables] == ["经济", "民生"]
    assert [r.name for r in result.rows] == ["经济任务", "民生任务"]


@pytest.mark.parametrize(
    ("cell", "leads", "names"),
    [
        ("区财政局*、区发改局", ["区财政局"], ["区财政局", "区发改局"]),
        ("各县、市、区政府,市财政局等。", [], ["各县、市、区政府", "市财政局"]),
        ("市委组织部(市委人才办)、市人社局", [], ["市委组织部(市委人才办)", "市人社局"]),
        ("区民政局\n区残联；区卫健委", [], ["区民政局", "区残联", "区卫健委"]),
        ("「甲、乙联合办」、区政府办", [], ["甲、乙联合办", "区政府办"]),
        ("区科技局、区工信局（牵头）", ["区工信局"], ["区科技局", "区工信局"]),
        ("区水务局(配合)、市政公司（主办）", ["市政公司"], ["区水务局", "市政公司"]),
        (
            "主办：区体育局；协办：区教育局、各街道",
            ["区体育局"],
            ["区体育局", "区教育局", "各街道"],
        ),
    ],
)
def test_unit_cells(cell: str, leads: list[str], names: list[str]) -> None:
    assert split_units(cell) == (leads, names)
    assert split_units(join_units(names))[1] == names


def test_leaders() -> None:
    assert split_leaders("陈志刚副区长、林芳") == ["陈志刚", "林芳"]


@pytest.mark.parametrize(
    ("written", "due", "ongoing"),
    [
        ("6月底前", date(2026, 6, 30), False), ("年底前", date(2026, 12, 31), False),
        ("12月", date(2026, 12, 31), False), ("2025年12月", date(2025, 12, 31), False),
        ("上半年", date(2026, 6, 30), False), ("三季度末", date(2026, 9, 30), False),
        ("9月投入使用", date(2026, 9, 30), False), ("5月底前动工", date(2026, 5, 31), False),
        ("2026.01-2026.12", date(2026, 12, 31), False), ("全年", date(2026, 12, 31), False),
        ("长期坚持", None, True), ("持续推进", None, True), ("常态化", None, True),
        ("十月底", date(2026, 10, 31), False), ("每季度", None, True), ("每月", None, True),
        ("2026年第三季度", date(2026, 9, 30), False), ("2026.6", date(2026, 6, 30), False),
    ],
)  # fmt: skip
def test_deadlines(written: str, due: date | None, ongoing: bool) -> None:
    deadline = parse_deadline(written, 2026)
    assert (deadline.due, deadline.ongoing, deadline.problem) == (due, ongoing, "")


# -- bad input


def test_not_a_task_table_names_the_sheets(tmp_path: Path) -> None:
    path = xlsx(tmp_path, [["会议纪要"], ["今天讨论了三件事"]], title="纪要")
    (problem,) = read_register(path).problems
    assert "不是任务分解表" in problem.message and "「纪要」" in problem.message


def test_a_huge_sheet_is_refused_quickly(tmp_path: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("大表")
    ws.append(["序号", "任务", "责任单位"])
    for i in range(100_000):
        ws.append([i, "任务", "区发改局"])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    start = time.monotonic()
    (problem,) = read_register(path).problems
    assert time.monotonic() - start < 10
    assert "超过" in problem.message and "行" in problem.message
    assert "「大表」" in problem.message  # the sheet as Excel names it, not its part in the file


def test_a_megabyte_cell_is_cut_and_reported(tmp_path: Path) -> None:
    path = xlsx(tmp_path, [["序号", "任务", "责任单位"], [1, "甲" * 2**20, "区发改局"]])
    result = read_register(path)
    assert any("过长" in p.message for p in result.problems)
    assert len(result.rows[0].name) <= 10_000


def test_an_encrypted_or_broken_xls_says_so() -> None:
    data = io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    (problem,) = read_register(data).problems
    assert ".xls" in problem.message


def test_a_password_protected_workbook_says_so() -> None:
    # what Excel writes for a workbook with a password: an OLE file holding EncryptedPackage
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptedPackage".encode("utf-16-le")
    (problem,) = read_register(io.BytesIO(data)).problems
    assert "已加密" in problem.message


@pytest.mark.parametrize(
    ("name", "kind"),
    [("湖塘镇", "place"), ("西林街道办事处", "place"), ("各村（社区）", "place"),
     ("高新区", "place"), ("镇农经站", "department"), ("区交通运输局", "department"),
     ("街道综治办", "department")],
)  # fmt: skip
def test_unit_kind_from_the_name(name: str, kind: str) -> None:
    assert unit_kind(name) == kind


def test_section_numbered_in_the_seq_column(tmp_path: Path) -> None:
    """一 | 经济发展 merged across is a section; so is 3 | 城市更新 when 3.1, 3.2 follow it,
    while 4 | 深化改革 with nothing after it is a task; 合计 rows are no task."""
    path = xlsx(
        tmp_path,
        [
            ["序号", "工作内容", "责任单位", "完成时限"],
            ["一", "经济发展", "经济发展", "经济发展"],
            [1, "培育规上企业", "区工信局", "年底前"],
            ["3", "城市更新"],
            ["3.1", "改造燃气管网", "区住建局", "9月底前"],
            ["3.2", "整治背街小巷", "区城管局", "年底前"],
            ["4", "深化改革"],
            ["合 计", "4项"],
        ],
        ("B2:D2",),
    )
    result = read_register(path, plan_year=2026)
    assert result.problems == []
    assert [(r.area, r.name) for r in result.rows] == [
        ("一、经济发展", "培育规上企业"),
        ("一、经济发展 > 3、城市更新", "改造燃气管网"),
        ("一、经济发展 > 3、城市更新", "整治背街小巷"),
        ("一、经济发展", "深化改革"),
    ]


def test_a_target_in_the_task_text_when_the_table_has_no_target_column(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path,
        [
            ["序号", "重点任务", "牵头单位"],
            [1, "全年接待游客突破800万人次", "区文旅局"],
            [2, "城镇调查失业率控制在5%以内", "区人社局"],
            [3, "棚户区改造开工1200套、基本建成900套", "区住建局"],
            [4, "创建国家卫生城市", "区卫健委"],
        ],
    )
    rows = read_register(path, plan_year=2026).rows
    assert [(r.value, r.unit, r.comparator, r.target_text) for r in rows] == [
        (8_000_000, "人次", ">=", ""),
        (5, "%", "<=", ""),
        (None, "", "=", ""),  # two numbers: a person reads them
        (None, "", "=", ""),
    ]
