"""``luoshi mujun``: from the synthetic district's bureau files to the class list and the workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from luoshi.cli import main
from luoshi.mujun.synthetic import synthetic_district


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mujun")
    r = CliRunner().invoke(main, ["mujun", "demo", str(folder), "--enterprises", "300"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in folder.iterdir()) == ["2023", "2024"]
    return folder


def test_evaluate_the_synthetic_district(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "结果.xlsx"
    who = synthetic_district(300, seed=2024)[0]
    r = CliRunner().invoke(main, [
        "mujun", "evaluate", str(district / "2024"), "--year", "2024",
        "--last-year", str(district / "2023"), "--out", str(out), "--explain", who.code,
    ])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "2024年度亩均评价（淮安市" in r.output and "300家企业" in r.output
    assert "请核实：不在文件中" in r.output
    assert f"{who.name}（{who.code}）" in r.output
    assert "上年全区平均值" in r.output  # last year's files set the benchmarks
    wb = load_workbook(out)
    assert wb.sheetnames == ["评价结果", "镇街汇总", "评价办法"]
    rows = list(wb["评价结果"].iter_rows(min_row=3, values_only=True))
    header = next(wb["评价结果"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert len(rows) == 300
    col = {h: i for i, h in enumerate(header)}
    classes = [row[col["类别"]] for row in rows]
    rated = [row for row in rows if row[col["总分"]] is not None]
    assert {c[:1] for c in classes} <= {"A", "B", "C", "D", "T", "不"}
    # the published total is the sum of its parts
    points = [h for h in header if str(h).endswith("得分")]
    for row in rated:
        parts = sum(row[col[h]] or 0 for h in points) + row[col["加分"]] - row[col["减分"]]
        assert row[col["总分"]] == pytest.approx(parts, abs=0.03)
    towns = list(wb["镇街汇总"].iter_rows(min_row=3, values_only=True))
    assert len(towns) == 15
    listing = tmp_path / "结果-核实清单.txt"
    assert listing.read_text(encoding="utf-8").startswith("【请核实】")


def test_a_bad_bureau_file_stops_everything(district: Path, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "企业名称", "实缴税收（万元）"])
    ws.append(["91320999MA0000001X", "某公司", "待核"])
    bad = tmp_path / "补充税收.xlsx"
    wb.save(bad)
    out = tmp_path / "结果.xlsx"
    r = CliRunner().invoke(main, ["mujun", "evaluate", str(district / "2024"), str(bad),
                                  "--year", "2024", "--out", str(out)])  # fmt: skip
    assert r.exit_code == 2
    assert "《补充税收.xlsx》第2行「实缴税收（万元）」列：“待核”不是数字" in r.output
    assert "评价未进行，没有写出任何文件" in r.output
    assert "Traceback" not in r.output and not out.exists()


def test_methods_are_listed_with_their_sources() -> None:
    r = CliRunner().invoke(main, ["mujun", "methods"])
    assert r.exit_code == 0
    assert "huaian-2024" in r.output and "亩均税收45" in r.output and "依据：" in r.output


def test_an_unknown_method_is_a_clear_error(district: Path) -> None:
    r = CliRunner().invoke(main, ["mujun", "evaluate", str(district / "2024"), "--year", "2024",
                                  "--method", "nowhere.toml"])  # fmt: skip
    assert r.exit_code == 2 and "无法读取评价办法文件" in r.output and "huaian-2024" in r.output


def test_save_two_years_then_history_and_tasks(district: Path, tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'l.sqlite3'}"]
    run = CliRunner().invoke
    r = run(main, [*db, "mujun", "evaluate", str(district / "2023"), "--year", "2023", "--save"])
    assert r.exit_code == 0, r.output
    assert "已保存为第1号亩均评价（2023年度" in r.output
    assert "没有上年平均值" in r.output  # the first year: said, not hidden
    r = run(main, [*db, "mujun", "evaluate", str(district / "2024"), "--year", "2024", "--save"])
    assert r.exit_code == 0, r.output
    assert "没有上年平均值" not in r.output  # 2023's saved evaluation set the benchmarks
    who = synthetic_district(300, seed=2024)[0].code
    r = run(main, [*db, "mujun", "history", who])
    assert r.exit_code == 0 and r.output.startswith("2023年：") and "2024年：" in r.output
    r = run(main, [*db, "mujun", "tasks", "--year", "2024", "--due", "2025-06-30"])
    assert r.exit_code == 0, r.output
    assert "项整治提升任务，由所在镇（街道）牵头" in r.output
    r = run(main, [*db, "mujun", "tasks", "--year", "2022", "--due", "2025-06-30"])
    assert r.exit_code == 2 and "没有已保存的2022年度亩均评价" in r.output


def test_report_card_town_summary_and_policies(district: Path, tmp_path: Path) -> None:
    from docx import Document as Docx
    from pypdfium2 import PdfDocument

    db = ["--db", f"sqlite:///{tmp_path / 'l.sqlite3'}"]
    run = CliRunner().invoke
    r = run(main, [*db, "mujun", "evaluate", str(district / "2024"), "--year", "2024", "--save"])
    assert r.exit_code == 0, r.output
    who = synthetic_district(300, seed=2024)[0]
    for ext in (".docx", ".pdf"):
        out = tmp_path / f"画像{ext}"
        r = run(main, [*db, "mujun", "card", who.code, "--year", "2024", "--out", str(out)])
        assert r.exit_code == 0, r.output
    text = "\n".join(p.text for p in Docx(str(tmp_path / "画像.docx")).paragraphs)
    assert f"企业画像：{who.name}" in text and "高于" in text and "的参评企业，列为" in text
    pdf = PdfDocument(str(tmp_path / "画像.pdf"))
    assert len(pdf) == 1, "the card is one page"
    page = pdf[0].get_textpage().get_text_range()
    assert who.name in page and "综合得分" in page
    towns, policies = tmp_path / "镇街.docx", tmp_path / "政策.pdf"
    r = run(main, [*db, "mujun", "report", "--year", "2024", "--out", str(towns),
                   "--policies", str(policies)])  # fmt: skip
    assert r.exit_code == 0, r.output
    d = Docx(str(towns))
    assert len(d.inline_shapes) == 2  # two charts
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert "东湖镇" in cells and "亩均税收（万元/亩）" in cells
    page = PdfDocument(str(policies))[0].get_textpage().get_text_range()
    assert "差别化政策清单" in page and "D类" in page
