"""What a plan import needs beyond mentions: areas of work and dated milestones."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.extract import extract_plan

SEED = Path(__file__).resolve().parent.parent / "data" / "seed.txt"


def test_seed_milestones_and_areas() -> None:
    mentions, milestones, cal = extract_plan(SEED.read_text(encoding="utf-8"))
    assert cal is not None and (cal.base, cal.review, cal.plan) == (2023, 2023, 2024)
    assert [m.text for m in milestones if not m.task] == [
        "保障理想三基地明年投产",
        "力争明年南医大常州校区、江苏理工学院武进绿建区协同创新园、华师大附属西太湖学校全面出形态",
        "确保明年武进医院南院二期投入运行",
    ]
    assert {m.year for m in milestones} == {2024}
    # the work items of the six areas, the qualitative sixth included
    tasks = [m for m in milestones if m.task]
    assert "深化镇域综合执法改革" in [m.text for m in tasks]
    assert "以治理现代化为保障,推动社会大局更加安定" in {m.topic for m in tasks}
    assert not any(m.text.startswith("要坚持") for m in tasks)  # a speech's exhortation
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
    assert [m.text for m in milestones if not m.task] == expected


@pytest.mark.parametrize(
    ("text", "tasks"),
    [
        # a goal-setting passage: each clause led by an action is a work item
        (
            "明年重点工作。深化医药卫生体制改革,全面推进城乡供水一体化,守护一方平安。",
            ["深化医药卫生体制改革", "全面推进城乡供水一体化"],
        ),
        # with its deadline
        (
            "2025年工作安排。年底前完成老旧小区改造扫尾,打造一批特色街区。",
            ["年底前完成老旧小区改造扫尾", "打造一批特色街区"],
        ),
        ("过去一年,我们深化医药卫生体制改革。", []),  # a review, not a plan
    ],
)
def test_task_rules(text: str, tasks: list[str]) -> None:
    _, milestones, _ = extract_plan(text, base_year=2024)
    assert [m.text for m in milestones if m.task] == tasks
