"""Reconcile a review with a plan: the dev document whose table holds both 预期目标 and 实际完成."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from luoshi.extract import extract
from luoshi.register.plan_import import draft_plan, save_plan
from luoshi.register.reconcile import accept, propose, similarity
from luoshi.register.verdicts import find_plan, register_verdicts
from luoshi.store import Database
from luoshi.store.models import Target

SEED = Path(__file__).resolve().parent.parent / "data" / "seed.txt"


def _plan_from(db: Database, path: Path, year: int) -> list[Target]:
    with db.transaction() as s:
        plan_id = save_plan(
            s, draft_plan(path.read_text(encoding="utf-8"), year, path.name), "a"
        ).id
    with db.transaction() as s:
        return list(s.scalars(select(Target).where(Target.plan_id == plan_id).order_by(Target.seq)))


def test_plan_meets_its_results(db: Database, corpus: Path) -> None:
    doc = corpus / "dev" / "tongxiang-2024-plan-execution.txt"
    targets = _plan_from(db, doc, 2024)
    assert [(t.name, t.value, t.unit, t.measure) for t in targets] == [
        ("地区生产总值", 6.5, "%", "growth"),
        ("全员劳动生产率", 205000, "元", "level"),
        ("一般公共预算收入", 5, "%", "growth"),
        ("固定资产投资", 8, "%", "growth"),
    ]
    matches = propose(targets, extract(doc.read_text(encoding="utf-8"), name_hint=doc.name), 2024)
    assert [(m.target_name, m.result.value) for m in matches] == [
        ("地区生产总值", 4.8), ("全员劳动生产率", 205000), ("一般公共预算收入", -4.6),
        ("固定资产投资", 2.7),
    ]  # fmt: skip
    assert all(m.result.kind == "actual" for m in matches)
    with db.transaction() as s:
        assert accept(s, matches, doc.name, "office") == 4
    with db.transaction() as s:
        rows = {r.name: r for r in register_verdicts(s, find_plan(s, 2024), date(2024, 12, 31))}
    assert rows["全员劳动生产率"].judgement.verdict.label == "已完成"
    assert rows["地区生产总值"].latest == 4.8


def test_results_of_another_year_do_not_match(db: Database) -> None:
    """The seed's 2023 results must not be taken for its 2024 targets."""
    targets = _plan_from(db, SEED, 2024)
    results = extract(SEED.read_text(encoding="utf-8"))
    assert any(m.indicator == "新增学位" and m.year == 2023 for m in results)
    assert propose(targets, results, 2024) == []


def test_similarity_reads_both_scripts() -> None:
    assert similarity("地區生產總值", "地区生产总值") == 1.0
    assert similarity("城镇新增就业", "新增城镇就业") > 0.5
    assert similarity("新增学位", "固定资产投资") == 0.0
