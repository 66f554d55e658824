"""From the seed document to a draft plan: every numeric target and the milestones, by area."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from luoshi.cli import main
from luoshi.register.plan_import import draft_plan, save_plan
from luoshi.store import Database
from luoshi.store.models import AuditEvent, Plan, Target
from luoshi.store.repo import StoreError

SEED = Path(__file__).resolve().parent.parent / "data" / "seed.txt"

AREAS = [
    "以新型工业化牵引，推动产业结构更加高端",
    "以新质生产力为导向，推动创新引擎更加强劲",
    "以“两湖”创新区为引领，推动城乡发展更加协调",
    "以可持续发展为路径，推动生态环境更加优美",
    "以群众获得感为目标，推动民生事业更加厚实",
]


def test_draft_of_the_seed() -> None:
    text = SEED.read_text(encoding="utf-8")
    draft = draft_plan(text, 2024, "seed.txt", tasks=True)
    numeric = [t for t in draft.targets if not t.milestone]
    assert len(numeric) == 18
    # names as a register needs them: no 明年 / 力争 / 确保
    assert [t.name for t in draft.targets if t.milestone and not t.task] == [
        "保障理想三基地投产",
        "南医大常州校区、江苏理工学院武进绿建区协同创新园、华师大附属西太湖学校全面出形态",
        "武进医院南院二期投入运行",
    ]
    # every area's work items, the sixth (qualitative only) included
    tasks = [t for t in draft.targets if t.task]
    assert "深化镇域综合执法改革" in [t.name for t in tasks]
    assert all(t.sentence and t.source_text in t.sentence for t in tasks)
    assert draft.areas() == [*AREAS, "以治理现代化为保障，推动社会大局更加安定"]
    jobs = next(t for t in numeric if t.name == "城镇新增就业")
    assert (jobs.value, jobs.unit, jobs.area) == (26000, "人", AREAS[4])
    assert text[jobs.start_offset : jobs.end_offset] == "2.6万人"
    assert "城镇新增就业2.6万人" in jobs.sentence
    # the 2023 results of the same page are not 2024 targets
    assert not any(t.name == "新增城镇就业" for t in draft.targets)


def test_draft_for_a_year_without_targets_is_empty() -> None:
    assert draft_plan(SEED.read_text(encoding="utf-8"), 2030, "seed.txt").targets == []


def test_save_links_targets_to_their_source(db: Database) -> None:
    draft = draft_plan(SEED.read_text(encoding="utf-8"), 2024, "seed.txt", tasks=True)
    with db.transaction() as s:
        plan_id = save_plan(s, draft, "admin").id
    with db.transaction() as s:
        targets = s.scalars(
            select(Target).where(Target.plan_id == plan_id).order_by(Target.seq)
        ).all()
        assert len(targets) == 21 + 37  # numbers and milestones, and the qualitative tasks
        t = next(t for t in targets if t.name == "新增学位")
        assert t.document is not None
        assert t.document.text[t.source_start : t.source_end] == "8190个"  # type: ignore[index]
        assert s.scalar(select(Plan).where(Plan.id == plan_id)).status == "draft"  # type: ignore[union-attr]
        assert len(s.scalars(select(AuditEvent)).all()) == 1 + 21 + 37  # the plan and each target
    with pytest.raises(StoreError, match="已有"), db.transaction() as s:
        save_plan(s, draft, "admin")


def test_cli_import(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    result = CliRunner().invoke(main, ["--db", url, "plan", "import", str(SEED), "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "18 个数值指标、3 个里程碑、37 项工作任务，分属 6 个领域" in result.output
    again = CliRunner().invoke(main, ["--db", url, "plan", "import", str(SEED), "--year", "2024"])
    assert again.exit_code == 2 and "已有" in again.stderr and "Traceback" not in again.output
    shown = CliRunner().invoke(main, ["--db", url, "plan", "show", "1"])
    assert "【以群众获得感为目标，推动民生事业更加厚实】" in shown.output
    assert "【以治理现代化为保障，推动社会大局更加安定】" in shown.output
    assert "2.6万人" in shown.output and "e+" not in shown.output


UNDATED_PLAN = (
    "某县重点工作安排\n"
    "以共同富裕为方向,推动城乡发展更加均衡。城镇新增就业3200人,新建学校2所。"
    "深化农村集体产权制度改革,年底前建成投运县城污水处理厂,持续推进美丽乡村建设。\n"
)


def test_year_reaches_an_undated_plan() -> None:
    draft = draft_plan(UNDATED_PLAN, 2024, "plan.txt", tasks=True)
    numbers = [(t.name, t.source_text) for t in draft.targets if not t.milestone]
    assert numbers == [("城镇新增就业", "3200人"), ("新建学校", "2所")]
    tasks = [(t.name, t.deadline) for t in draft.targets if t.task]
    assert ("深化农村集体产权制度改革", "") in tasks
    assert ("持续推进美丽乡村建设", "") in tasks
    milestone = next(t for t in draft.targets if t.milestone and not t.task)
    assert "建成投运县城污水处理厂" in milestone.name and not milestone.name.startswith("年底前")
    assert {t.area for t in draft.targets} == {"以共同富裕为方向，推动城乡发展更加均衡"}


def test_a_plan_naming_its_year_imports_for_it() -> None:
    text = (
        "发布时间:2024-12-20\n收官之年各项工作圆满完成。\n"
        "会议明确2024年全县主要预期目标:城镇新增就业3000人,新增高新技术企业20家。\n"
    )
    draft = draft_plan(text, 2024, "plan.txt")
    assert [t.source_text for t in draft.targets if not t.milestone] == ["3000人", "20家"]


def test_cli_prints_lead_suggestions_and_assigns_none(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    doc = tmp_path / "plan.txt"
    doc.write_text(UNDATED_PLAN, encoding="utf-8")
    run = CliRunner().invoke
    result = run(main, ["--db", url, "plan", "import", str(doc), "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "还没有单位名单，未建议牵头单位" in result.output
    units = tmp_path / "units.csv"
    units.write_text("单位名称\n某县人力资源和社会保障局\n某县教育局\n", encoding="utf-8")
    assert run(main, ["--db", url, "units", "import", str(units)]).exit_code == 0
    jobs = next(i for i, t in enumerate(draft_plan(UNDATED_PLAN, 2024, "x", tasks=True).targets,
                                         start=1) if t.name == "城镇新增就业")  # fmt: skip
    assert run(main, ["--db", url, "assign", str(jobs), "某县教育局"]).exit_code == 0
    # the undated plan again, as next year's (it names no year of its own)
    result = run(main, ["--db", url, "plan", "import", str(doc), "--year", "2025"])
    assert result.exit_code == 0, result.output
    # 城镇新增就业: the office's own choice last year (教育局, however odd); 新建学校: topic
    assert "牵头单位建议 2 项（按以往分工 1 项、按任务内容 1 项）" in result.output
    db = Database(url)
    with db.transaction() as s:
        plan = s.scalars(select(Plan).where(Plan.year == 2025)).one()
        assert all(not t.assignments for t in plan.targets)  # suggested, never assigned
    db.dispose()
