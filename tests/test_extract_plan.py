"""What a plan import needs beyond mentions: areas of work and dated milestones."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.extract import extract_plan

SEED = Path(__file__).resolve().parent.parent / "data" / "seed.txt"


def test_seed_milestones_and_areas() -> None:
    mentions, milestones, cal = extract_plan(SEED.read_text(encoding="utf-8"))
    assert cal is not None and (cal.base, cal.review, cal.plan) == (2023, 2023, 2024)
    assert [m.text for m in milestones] == [
        "保障理想三基地明年投产",
        "力争明年南医大常州校区、江苏理工学院武进绿建区协同创新园、华师大附属西太湖学校全面出形态",
        "确保明年武进医院南院二期投入运行",
    ]
    assert {m.year for m in milestones} == {2024}
    targets = [m for m in mentions if m.kind == "target"]
    assert len(targets) == 18
    assert {m.topic for m in targets} == {
        "以新型工业化牵引,推动产业结构更加高端",
        "以新质生产力为导向,推动创新引擎更加强劲",
        "以可持续发展为路径,推动生态环境更加优美",
        "以群众获得感为目标,推动民生事业更加厚实",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "明年重点工作。确保新区医院年底前建成投用,推进智慧城市建设。",
            ["确保新区医院年底前建成投用"],
        ),
        ("2025年工作安排。力争地铁2号线2026年通车。", ["力争地铁2号线2026年通车"]),
        ("过去一年,新区医院建成投用。", []),  # a result, not a commitment
        ("明年新建学校6所并投入使用。", []),  # has a number: a numeric target, not a milestone
        ("明年要深化改革,优化营商环境。", []),  # no outcome to check
    ],
)
def test_milestone_rules(text: str, expected: list[str]) -> None:
    _, milestones, _ = extract_plan(text, base_year=2024)
    assert [m.text for m in milestones] == expected
