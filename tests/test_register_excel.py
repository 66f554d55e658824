"""The task table (任务分解表) in Excel: written for people, read back from anyone.

Every test writes a real .xlsx under tmp_path and opens it again.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from luoshi.ingest import workbook
from luoshi.register.excel import (
    HEADERS,
    LIGHT_FILLS,
    SHEET,
    Problem,
    RegisterImport,
    RegisterRow,
    read_register,
    write_register,
)

TITLE = "2024年度重点工作目标任务分解表"
AS_OF = date(2024, 6, 30)

ROWS = [
    RegisterRow(
        seq=1,
        area="经济发展",
        name="地区生产总值",
        value=322_000_000_000.0,
        unit="元",
        comparator=">=",
        lead_official="张三",
        units=("区发改委", "区统计局", "区财政局"),
        due=date(2024, 12, 31),
        frequency="quarterly",
        latest=150_000_000_000.0,
        latest_as_of=AS_OF,
        completion=0.466,
        time_progress=0.5,
        status="滞后",
        light="yellow",
        target_id=7,
    ),
    RegisterRow(
        2, "民生保障", "城镇新增就业", 29_000.0, "人", "~", units=("区人社局",), target_id=8
    ),
    RegisterRow(3, "民生保障", "居民人均可支配收入增长", 6.0, "%", "=", frequency="annual"),
    RegisterRow(
        seq=4,
        area="民生保障",
        name="建成区级养老服务中心",
        value=None,
        unit="",
        comparator="=",
        due=date(2024, 9, 30),
        latest_as_of=date(2024, 5, 31),  # not the table's date: kept in a comment
        status="未报送",
        light="grey",
        target_id=9,
    ),
    RegisterRow(5, "财政", "一般公共预算支出", 12_345.678, "元", "<=", latest=1.5, completion=1.2),
]


def write(tmp_path: Path, rows: list[RegisterRow] = ROWS, as_of: date | None = AS_OF) -> Path:
    path = tmp_path / "register.xlsx"
    write_register(rows, path, title=TITLE, as_of=as_of)
    return path


def sheet(path: Path) -> Worksheet:
    ws = load_workbook(path)[SHEET]
    assert isinstance(ws, Worksheet)
    return ws


# ---------------------------------------------------------------------------
# Round trip


def test_round_trip_gives_the_same_rows(tmp_path: Path) -> None:
    result = read_register(write(tmp_path), plan_year=2024)
    assert result.problems == []
    assert result.rows == ROWS
    assert (result.sheet, result.title, result.as_of) == (SHEET, TITLE, AS_OF)


def test_round_trip_through_a_stream() -> None:
    buffer = io.BytesIO()
    write_register(ROWS, buffer, title=TITLE, as_of=None)
    result = read_register(io.BytesIO(buffer.getvalue()))
    assert result.ok
    assert [r.latest_as_of for r in result.rows] == [AS_OF, None, None, date(2024, 5, 31), None]


FORMULA_LIKE = [
    pytest.param('=HYPERLINK("http://x","y")', id="hyperlink"),
    pytest.param("+1", id="plus"),
    pytest.param("@SUM(A1)", id="at-sum"),
    pytest.param("-2+3", id="minus"),
    pytest.param("\tcmd", id="tab"),
    pytest.param("'=already quoted", id="apostrophe"),
    pytest.param("#N/A", id="error-code"),
]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_comes_back_exactly(tmp_path: Path, text: str) -> None:
    row = RegisterRow(1, text, text, 5.0, "个", ">=", lead_official=text, status=text)
    result = read_register(write(tmp_path, [row]))
    assert result.problems == []
    assert result.rows == [row]


def test_formula_like_unit_names_come_back_exactly(tmp_path: Path) -> None:
    # 配合单位 are split at 、,;/ and spaces, so unit names are tested without them
    units = ("=区发改委", "+1", "@SUM(A1)", "-区统计局", "'=区财政局")
    row = RegisterRow(1, "", "指标", 5.0, "个", ">=", units=units)
    assert read_register(write(tmp_path, [row])).rows == [row]


@pytest.mark.parametrize("text", FORMULA_LIKE[:5])
def test_formula_like_text_is_stored_as_quoted_text(tmp_path: Path, text: str) -> None:
    row = RegisterRow(1, "领域", text, 5.0, "个", ">=")
    cell = sheet(write(tmp_path, [row])).cell(4, 3)
    assert cell.data_type == "s"
    assert cell.value == "'" + text


# ---------------------------------------------------------------------------
# Layout


def test_layout_of_the_written_table(tmp_path: Path) -> None:
    ws = sheet(write(tmp_path))
    assert [c.value for c in ws[3]] == list(HEADERS)
    assert list(HEADERS) == [
        "序号", "领域", "任务内容/指标", "目标值", "单位", "比较", "指标类型", "分值", "牵头领导",
        "牵头单位", "配合单位", "完成时限", "填报频次", "最新进度", "完成率", "序时进度", "状态",
        "备注", "ID",
    ]  # fmt: skip
    assert ws["A1"].value == TITLE
    assert "A1:R1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "截至2024年6月30日"
    assert ws.freeze_panes == "D4"
    assert ws.auto_filter.ref == "A3:R8"
    assert all(ws.cell(3, c).font.b for c in range(1, 20))
    assert ws.column_dimensions["S"].hidden
    assert ws.column_dimensions["C"].width >= 30
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_cells_show_readable_values(tmp_path: Path) -> None:
    ws = sheet(write(tmp_path))
    first = {h: ws.cell(4, c).value for c, h in enumerate(HEADERS, start=1)}
    assert first["目标值"] == 3220
    assert first["单位"] == "亿元"
    assert first["比较"] == "≥"
    assert first["牵头单位"] == "区发改委"
    assert first["配合单位"] == "区统计局、区财政局"
    assert first["填报频次"] == "每季"
    assert first["最新进度"] == 1500
    assert first["ID"] == 7
    assert ws["D4"].number_format == "#,##0"
    assert ws["D8"].number_format == "#,##0.0000000"  # 1.2345678 万元
    assert ws["O4"].number_format == ws["P4"].number_format == "0.0%"
    assert ws["N7"].comment is not None and "2024年5月31日" in ws["N7"].comment.text


@pytest.mark.parametrize(
    ("value", "unit", "shown", "shown_unit"),
    [
        pytest.param(322_000_000_000.0, "元", 3220, "亿元", id="yi-yuan"),
        pytest.param(29_000.0, "元", 2.9, "万元", id="wan-yuan"),
        pytest.param(500.0, "元", 500, "元", id="small-yuan"),
        pytest.param(2_000_000.0, "美元", 200, "万美元", id="dollars"),
        pytest.param(29_000.0, "人", 29_000, "人", id="people-stay"),
        pytest.param(6.0, "%", 6, "%", id="percent"),
    ],
)
def test_money_is_shown_in_wan_or_yi(
    tmp_path: Path, value: float, unit: str, shown: float, shown_unit: str
) -> None:
    ws = sheet(write(tmp_path, [RegisterRow(1, "", "指标", value, unit, ">=")]))
    assert (ws["D4"].value, ws["E4"].value) == (shown, shown_unit)


@pytest.mark.parametrize("light", list(LIGHT_FILLS))
def test_status_cell_is_filled_with_the_light(tmp_path: Path, light: str) -> None:
    row = RegisterRow(1, "", "指标", 1.0, "个", ">=", status="状态", light=light)
    fill = sheet(write(tmp_path, [row]))["Q4"].fill
    assert fill.fill_type == "solid"
    assert fill.fgColor.rgb.endswith(LIGHT_FILLS[light])


# ---------------------------------------------------------------------------
# Tables made by others


def foreign(tmp_path: Path, lines: list[list[object]], name: str = "foreign.xlsx") -> Path:
    """A hand-made workbook: one list per row, from row 1."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = "Sheet1"
    for line in lines:
        ws.append(line)
    path = tmp_path / name
    wb.save(path)
    return path


def test_foreign_table_with_synonyms_and_title_rows(tmp_path: Path) -> None:
    path = foreign(
        tmp_path,
        [
            ["2024年全区重点工作目标任务分解表"],
            ["填报单位:区政府督查室", None, None, "截至2024年3月31日"],
            [],
            ["编号", "指标名称", "工作\n领域", "年度目标\n（2024年）", "计量单位", "责任单位",
             "备注", "时限", "报送频次", "责任领导"],
            ["一、经济发展"],
            [1, "新增就业", None, "2.9万人", None, "区人社局、区财政局", "x", "年底", "季度", "李四"],
            [2, "新增高新技术企业", "科技创新", "≥130个", "", "区科技局", None, "2024年12月", "每月", None],
            [3, "固定资产投资", "经济发展", "3220亿元", "亿元", "区发改委", None, datetime(2024, 11, 30), "按年", None],
            [4, "城镇居民收入增长", None, "6%左右", None, "区统计局", None, "12月底", None, None],
            [5, "社会消费品零售总额", None, 1.5, "万亿元", "区商务局", None, None, None, None],
            [6, "建成智慧城市平台", None, None, None, "区数据局", None, "9月", None, None],
            ["注:本表由区政府督查室负责解释。"],
        ],
    )  # fmt: skip
    result = read_register(path, plan_year=2024)
    assert result.problems == []
    assert result.rows[0].note == "x"
    assert result.as_of == date(2024, 3, 31)
    got = {r.name: r for r in result.rows}
    assert list(got) == [
        "新增就业", "新增高新技术企业", "固定资产投资", "城镇居民收入增长", "社会消费品零售总额",
        "建成智慧城市平台",
    ]  # fmt: skip
    jobs = got["新增就业"]
    assert (jobs.value, jobs.unit, jobs.comparator, jobs.area) == (
        29_000,
        "人",
        "=",
        "一、经济发展",
    )
    assert jobs.units == ("区人社局", "区财政局")  # 责任单位: the first leads
    assert (jobs.due, jobs.frequency, jobs.lead_official) == (
        date(2024, 12, 31),
        "quarterly",
        "李四",
    )
    firms = got["新增高新技术企业"]
    assert (firms.value, firms.unit, firms.comparator, firms.area) == (130, "个", ">=", "科技创新")
    assert (firms.due, firms.frequency) == (date(2024, 12, 31), "monthly")
    invest = got["固定资产投资"]
    assert (invest.value, invest.unit, invest.due) == (322_000_000_000, "元", date(2024, 11, 30))
    assert invest.frequency == "annual"
    income = got["城镇居民收入增长"]
    assert (income.value, income.unit, income.comparator) == (6, "%", "~")
    assert got["社会消费品零售总额"].value == 1.5e12
    milestone = got["建成智慧城市平台"]
    assert (milestone.value, milestone.due) == (None, date(2024, 9, 30))
    assert [r.seq for r in result.rows] == [1, 2, 3, 4, 5, 6]


def test_merged_area_cells_apply_to_every_row(tmp_path: Path) -> None:
    path = foreign(
        tmp_path,
        [
            ["领域", "任务", "目标值", "单位"],
            ["科技创新", "高新技术企业", 130, "家"],
            [None, "研发投入", 3.5, "%"],
        ],
    )
    wb = load_workbook(path)
    wb.active.merge_cells("A2:A3")  # type: ignore[union-attr]
    wb.save(path)
    result = read_register(path)
    assert result.ok
    assert [r.area for r in result.rows] == ["科技创新", "科技创新"]


@pytest.mark.parametrize(
    ("value", "unit", "expected", "expected_unit", "comparator"),
    [
        pytest.param("2.9万", "人", 29_000, "人", "=", id="wan-in-cell"),
        pytest.param(2.9, "万人", 29_000, "人", "=", id="wan-in-unit"),
        pytest.param("2.9万元", "亿元", 29_000, "元", "=", id="wan-yuan-under-yi-yuan"),
        pytest.param("3220亿元", None, 322_000_000_000, "元", "=", id="yi-yuan"),
        pytest.param("≥130", "个", 130, "个", ">=", id="ge-symbol"),
        pytest.param("130以上", "个", 130, "个", ">=", id="yishang"),
        pytest.param("5以内", "%", 5, "%", "<=", id="yinei"),
        pytest.param("6%左右", None, 6, "%", "~", id="zuoyou"),
        pytest.param("8190", "户", 8190, "户", "=", id="number-as-text"),
        pytest.param("8,190", "户", 8190, "户", "=", id="thousands"),
        pytest.param("５０万千瓦", None, 500_000, "千瓦", "=", id="fullwidth-wan-kw"),
        pytest.param(12, "萬畝", 120_000, "亩", "=", id="traditional"),
        pytest.param(5, "万株", 50_000, "株", "=", id="extractor-unit"),
        pytest.param(None, "个", None, "个", "=", id="milestone"),
    ],
)
def test_values_are_read_in_canonical_units(
    tmp_path: Path,
    value: object,
    unit: str | None,
    expected: float | None,
    expected_unit: str,
    comparator: str,
) -> None:
    path = foreign(tmp_path, [["指标", "目标值", "单位"], ["某指标", value, unit]])
    result = read_register(path)
    assert result.problems == []
    (row,) = result.rows
    assert (row.value, row.unit, row.comparator) == (expected, expected_unit, comparator)


@pytest.mark.parametrize(
    ("lines", "value", "unit"),
    [
        pytest.param(
            [["指标", "目标值（亿元）"], ["投资", 3220]], 322_000_000_000, "元", id="header-bracket"
        ),
        pytest.param(
            [["单位:万元"], ["指标", "目标值"], ["投资", 12]], 120_000, "元", id="note-above"
        ),
        pytest.param(
            [["单位:万元"], ["指标", "目标值"], ["就业", "2.9万人"]],
            29_000,
            "人",
            id="cell-beats-note",
        ),
    ],
)
def test_unit_from_the_header_or_a_note_above(
    tmp_path: Path, lines: list[list[object]], value: float, unit: str
) -> None:
    result = read_register(foreign(tmp_path, lines))
    assert result.problems == []
    assert (result.rows[0].value, result.rows[0].unit) == (value, unit)


def test_percent_formatted_value_cell(tmp_path: Path) -> None:
    path = foreign(tmp_path, [["指标", "目标值", "单位"], ["研发投入强度", 0.035, "%"]])
    wb = load_workbook(path)
    wb.active["B2"].number_format = "0.0%"  # type: ignore[index]
    wb.save(path)
    assert read_register(path).rows[0].value == 3.5


def test_headings_and_blank_areas(tmp_path: Path) -> None:
    path = foreign(
        tmp_path,
        [
            ["任务", "领域", "目标值"],
            ["一、科技创新"],
            ["高新技术企业", None, 130],
            ["研发投入", "创新投入", 3.5],
            ["专利授权", None, 900],
            ["合计", None, None],
        ],
    )
    result = read_register(path)
    assert result.problems == []
    assert [(r.name, r.area) for r in result.rows] == [
        ("高新技术企业", "一、科技创新"),
        ("研发投入", "创新投入"),
        ("专利授权", "创新投入"),
    ]


def test_two_level_header(tmp_path: Path) -> None:
    path = foreign(
        tmp_path,
        [
            ["2024年任务表"],
            ["序号", "任务", "目标值", "责任单位", None],
            [None, None, None, "牵头单位", "配合单位"],
            [1, "新增就业", 5, "区人社局", "区财政局、区统计局"],
        ],
    )
    wb = load_workbook(path)
    for merged in ("A2:A3", "B2:B3", "C2:C3", "D2:E2"):
        wb.active.merge_cells(merged)  # type: ignore[union-attr]
    wb.save(path)
    result = read_register(path)
    assert result.problems == []
    assert result.rows[0].units == ("区人社局", "区财政局", "区统计局")


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        pytest.param(datetime(2024, 12, 31), date(2024, 12, 31), id="excel-date"),
        pytest.param("2024-12-31", date(2024, 12, 31), id="iso"),
        pytest.param("2024年12月", date(2024, 12, 31), id="year-month"),
        pytest.param("2024年6月", date(2024, 6, 30), id="month-end"),
        pytest.param("2024年12月31日前", date(2024, 12, 31), id="before"),
        pytest.param("年底", date(2024, 12, 31), id="year-end"),
        pytest.param("12月底", date(2024, 12, 31), id="month-end-word"),
        pytest.param("2月", date(2024, 2, 29), id="leap-february"),
        pytest.param("上半年", date(2024, 6, 30), id="half-year"),
        pytest.param(45657, date(2024, 12, 31), id="serial-number"),
        pytest.param("持续推进", None, id="ongoing"),
    ],
)
def test_due_dates(tmp_path: Path, due: object, expected: date | None) -> None:
    path = foreign(tmp_path, [["指标", "完成时限"], ["某任务", due]])
    result = read_register(path, plan_year=2024)
    assert result.problems == []
    assert result.rows[0].due == expected


@pytest.mark.parametrize(
    ("word", "frequency"),
    [
        pytest.param("每月", "monthly", id="meiyue"),
        pytest.param("按月", "monthly", id="anyue"),
        pytest.param("季度", "quarterly", id="jidu"),
        pytest.param("每季", "quarterly", id="meiji"),
        pytest.param("年报", "annual", id="nianbao"),
        pytest.param("Annual", "annual", id="english"),
        pytest.param(None, "monthly", id="default"),
    ],
)
def test_frequency_words(tmp_path: Path, word: str | None, frequency: str) -> None:
    path = foreign(tmp_path, [["指标", "填报频次"], ["某任务", word]])
    assert read_register(path).rows[0].frequency == frequency


@pytest.mark.parametrize(
    ("rgb", "light"),
    [
        pytest.param("FFC7CE", "red", id="excel-bad"),
        pytest.param("FF0000", "red", id="pure-red"),
        pytest.param("FFEB9C", "yellow", id="excel-neutral"),
        pytest.param("FFC000", "yellow", id="orange"),
        pytest.param("C6EFCE", "green", id="excel-good"),
        pytest.param("BFBFBF", "grey", id="grey"),
        pytest.param("FFFFFF", "", id="white"),
    ],
)
def test_light_from_a_foreign_fill(tmp_path: Path, rgb: str, light: str) -> None:
    path = foreign(tmp_path, [["指标", "状态"], ["某任务", "看颜色"]])
    wb = load_workbook(path)
    wb.active["B2"].fill = PatternFill("solid", fgColor=rgb)  # type: ignore[index]
    wb.save(path)
    assert read_register(path).rows[0].light == light


def test_formula_in_a_foreign_file_gives_its_cached_value(tmp_path: Path) -> None:
    path = foreign(tmp_path, [["指标", "目标值", "单位"], ["某指标", "=40+2", "个"]])
    # openpyxl writes no cached value; put one in as Excel would.
    patched = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>40+2</f><v></v>", b"<f>40+2</f><v>42</v>")
                assert b"<v>42</v>" in data
            dst.writestr(item, data)
    result = read_register(patched)
    assert result.problems == []
    assert result.rows[0].value == 42


# ---------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Bad:
    """One mistake in an otherwise good table, and the one problem it must give."""

    edits: dict[str, object]  # cell → new content
    row: int
    column: str
    header: str
    message: str


# Header in row 3 (A 序号, B 领域, C 指标名称, D 目标值, E 单位, F 责任单位, G 时限); data in rows 4–5.
GOOD = [
    ["2024年重点工作任务分解表"],
    ["截至2024年6月30日"],
    ["序号", "领域", "指标名称", "目标值", "单位", "责任单位", "时限"],
    [1, "经济", "规上工业增加值", 8190, "亿元", "区工信局、区统计局", "2024年12月"],
    [2, "民生", "新增就业", "2.9万", "人", "区人社局", "年底"],
]
BAD = [
    pytest.param(Bad({"E4": "头牛"}, 4, "E", "单位", "单位「头牛」无法识别"), id="unknown-unit"),
    pytest.param(
        Bad({"D4": "5头牛", "E4": None}, 4, "D", "目标值", "单位「头牛」无法识别"),
        id="unknown-unit-in-value",
    ),
    pytest.param(
        Bad({"D4": "29000人", "E4": "元"}, 4, "D", "目标值", "单位不一致：「人」与「元」"),
        id="people-against-money",
    ),
    pytest.param(
        Bad({"B5": "经济", "C5": "规上工业增加值"}, 5, "C", "指标名称", "与第4行重复"),
        id="duplicate-row",
    ),
    pytest.param(
        Bad({"H3": "ID", "H4": 7, "H5": 7}, 5, "H", "ID", "ID 7 与第4行重复"), id="duplicate-id"
    ),
    pytest.param(Bad({"G5": "下个月"}, 5, "G", "时限", "完成时限「下个月」不是日期"), id="not-a-date"),
    pytest.param(Bad({"C4": None}, 4, "C", "指标名称", "指标名称为空"), id="empty-name"),
    pytest.param(Bad({"H3": "频次", "H4": "半年"}, 4, "H", "频次", "填报频次「半年」无法识别"), id="bad-frequency"),
]  # fmt: skip


def table(tmp_path: Path, edits: dict[str, object]) -> Path:
    path = foreign(tmp_path, [list(line) for line in GOOD])
    wb = load_workbook(path)
    ws = wb.active
    assert isinstance(ws, Worksheet)
    for ref, value in edits.items():
        ws[ref] = value
    wb.save(path)
    return path


def test_the_good_table_has_no_problem(tmp_path: Path) -> None:
    result = read_register(table(tmp_path, {}), plan_year=2024)
    assert result.problems == []
    assert [(r.value, r.unit, r.units) for r in result.rows] == [
        (819_000_000_000, "元", ("区工信局", "区统计局")),
        (29_000, "人", ("区人社局",)),
    ]


@pytest.mark.parametrize("bad", BAD)
def test_each_mistake_gives_one_problem(tmp_path: Path, bad: Bad) -> None:
    result = read_register(table(tmp_path, bad.edits), plan_year=2024)
    assert [(p.sheet, p.row, p.column, p.header, p.level) for p in result.problems] == [
        ("Sheet1", bad.row, bad.column, bad.header, "error")
    ]
    assert bad.message in result.problems[0].message
    assert not result.ok


def test_a_doubtful_row_is_kept_and_flagged(tmp_path: Path) -> None:
    result = read_register(table(tmp_path, {"G5": "下个月"}), plan_year=2024)
    assert [r.name for r in result.rows] == ["规上工业增加值", "新增就业"]
    assert [bool(r.review) for r in result.rows] == [False, True]
    assert result.rows[1].due is None and result.rows[1].due_text == "下个月"


def test_words_in_the_target_column_make_a_milestone(tmp_path: Path) -> None:
    result = read_register(table(tmp_path, {"D5": "全面完成"}), plan_year=2024)
    assert result.problems == []
    assert (result.rows[1].value, result.rows[1].target_text) == (None, "全面完成")


def test_a_date_outside_the_plan_year_warns(tmp_path: Path) -> None:
    result = read_register(table(tmp_path, {"G4": "2025-03-01"}), plan_year=2024)
    assert [(p.row, p.column, p.level) for p in result.problems] == [(4, "G", "warning")]


def test_problem_reads_like_an_excel_reference() -> None:
    problem = Problem(SHEET, 12, "H", "单位「xx」无法识别", header="牵头单位")
    assert str(problem) == "任务分解表!H12 (牵头单位): 单位「xx」无法识别"
    warning = Problem(SHEET, 3, "Q", "未识别的列「备注」,已忽略", "warning", "备注")
    assert str(warning) == "任务分解表!Q3 (备注): 警告:未识别的列「备注」,已忽略"
    assert RegisterImport(problems=[warning]).ok


# ---------------------------------------------------------------------------
# Files that are not task tables


def real_xlsx() -> bytes:
    buffer = io.BytesIO()
    write_register(ROWS, buffer, title=TITLE, as_of=AS_OF)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_member(name: str, data: bytes) -> bytes:
    """A real workbook with one more part: what a zip bomb looks like from outside."""
    buffer = io.BytesIO(real_xlsx())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("会议,纪要\n今天,开会\n".encode(), "不是任务分解表", id="csv-not-a-table"),
        pytest.param(b"", "文件是空的", id="empty"),
        pytest.param(real_xlsx()[:2000], "文件已损坏", id="truncated-zip"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), ".xls", id="old-xls"),
        pytest.param(zip_of({"word/document.xml": b"<w/>"}), "无法读取 Word 文件", id="docx"),
        pytest.param(
            zip_of({"xl/workbook.xml": b"not xml", "[Content_Types].xml": b"<x/>"}),
            "无法读取工作簿",
            id="broken-parts",
        ),
        pytest.param(
            with_member("xl/media/bomb.bin", bytes(20 * 2**20)), "压缩炸弹", id="zip-bomb"
        ),
    ],
)
def test_not_a_task_table_gives_one_clear_problem(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "upload.xlsx"
    path.write_bytes(content)
    result = read_register(path)
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.sheet, problem.row, problem.level) == ("", 0, "error")
    assert message in problem.message
    assert result.rows == []


def test_uncompressed_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED", 10_000)
    result = read_register(io.BytesIO(real_xlsx()))
    (problem,) = result.problems
    assert "解压后超过" in problem.message and "压缩炸弹" in problem.message


def test_sheet_without_a_header(tmp_path: Path) -> None:
    path = foreign(tmp_path, [["会议纪要"], ["今天开会"]])
    (problem,) = read_register(path).problems
    assert (problem.sheet, problem.row) == ("", 0)
    assert "未找到任务分解表的表头" in problem.message


def test_first_sheet_with_a_header_is_read(tmp_path: Path) -> None:
    path = table(tmp_path, {})
    wb = load_workbook(path)
    wb.create_sheet("说明", 0)["A1"] = "填表说明:请按月报送"
    wb.save(path)
    result = read_register(path)
    assert (result.sheet, len(result.rows)) == ("Sheet1", 2)


def test_rows_keep_their_order_and_ids(tmp_path: Path) -> None:
    rows = [replace(ROWS[1], seq=i, name=f"指标{i}", target_id=100 + i) for i in range(1, 30)]
    result = read_register(write(tmp_path, rows))
    assert [(r.seq, r.target_id) for r in result.rows] == [(i, 100 + i) for i in range(1, 30)]
