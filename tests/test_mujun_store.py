"""亩均评价 in the database (SQLite and PostgreSQL): saved, recomputed as made, turned into tasks."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from luoshi.mujun import Enterprise, evaluate, indicator_averages, load_method, parse_method
from luoshi.mujun.storage import class_history, d_class_tasks, recompute, save_evaluation
from luoshi.mujun.summary import class_changes
from luoshi.mujun.synthetic import synthetic_district
from luoshi.store import Database
from luoshi.store.models import AuditEvent, MujunResult, Target


def _two_years(db: Database) -> tuple[int, int]:
    method = load_method("huaian-2024")
    last = synthetic_district(120, seed=1, year=2023)
    # the same enterprises a year on, their taxes moved (×0.5 to ×1.83), so some classes change
    now = [Enterprise(e.code, e.name, {**e.values, "tax": float(e.values["tax"]) * (0.5 + (i % 5) / 3)})  # type: ignore[arg-type]
           for i, e in enumerate(last)]  # fmt: skip
    with db.transaction() as s:
        ev23 = evaluate(method, last, 2023)
        first = save_evaluation(s, ev23, {}, "office").id
        prev = indicator_averages(method, last, 2023)
        second = save_evaluation(s, evaluate(method, now, 2024, prev), prev, "office").id
    return first, second


def test_saved_with_class_changes_and_history(db: Database) -> None:
    first, second = _two_years(db)
    with db.transaction() as s:
        results = s.scalars(select(MujunResult).where(MujunResult.evaluation_id == second)).all()
        assert len(results) == 120
        moved = [r for r in results if r.previous_class and r.previous_class != r.klass]
        assert moved, "taxes moved: some classes must change"
        again = recompute(s, second)
        last = recompute(s, first)
        changes = class_changes(again, {r.code: r.klass for r in last.results})
        assert {(c.code, c.after) for c in changes} == {(r.enterprise.code, r.klass) for r in moved}
        who = moved[0].enterprise.code
        history = class_history(s, who)
        assert [h.year for h in history] == [2023, 2024]
        assert history[1].klass == moved[0].klass and history[0].klass == moved[0].previous_class
        audit = s.scalars(select(AuditEvent).where(AuditEvent.entity == "mujun_evaluation")).all()
        assert [a.after["method"] for a in audit] == ["huaian-2024.1", "huaian-2024.1"]


def test_recomputed_as_it_was_made_whatever_the_method_says_now(db: Database) -> None:
    # last year's method gave 亩均税收 60 points: the stored text keeps that rule
    text = load_method("huaian-2024").text.replace(
        "weights = { tax_per_mu = 45, sales_per_mu = 35, tax_per_energy = 20 }",
        "weights = { tax_per_mu = 60, sales_per_mu = 20, tax_per_energy = 20 }",
    )
    old = parse_method(text)
    ents = synthetic_district(60, seed=3, year=2023)
    made = evaluate(old, ents, 2023)
    with db.transaction() as s:
        eid = save_evaluation(s, made, {}, "office").id
    with db.transaction() as s:
        again = recompute(s, eid)
    assert dict(again.method.groups[0].weights)["tax_per_mu"] == 60
    assert [(r.code, r.klass) for r in again.results] == [(r.code, r.klass) for r in made.results]
    assert [r.score for r in again.results] == pytest.approx([r.score for r in made.results])


def test_d_class_list_becomes_tasks_led_by_the_town(db: Database) -> None:
    _, second = _two_years(db)
    with db.transaction() as s:
        plan = d_class_tasks(s, second, date(2025, 6, 30), "office")
        targets = s.scalars(select(Target).where(Target.plan_id == plan.id)).all()
        d_count = s.scalar(select(func.count()).select_from(MujunResult)
                           .where(MujunResult.evaluation_id == second, MujunResult.klass == "D"))  # fmt: skip
        assert len(targets) == d_count > 0
        t = targets[0]
        assert (
            t.value is None and t.due == date(2025, 6, 30) and t.area == "亩均评价D类企业整治提升"
        )
        assert t.name.endswith("整治提升")
        lead = t.assignments[0]
        assert lead.role == "lead" and lead.unit.kind == "place"
        assert lead.unit.name in t.source_sentence
        assert "2025年6月30日前完成" in t.source_sentence
        assert plan.name == "2024年度亩均评价D类企业整治提升任务"
