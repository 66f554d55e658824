"""Progress and status on the register, on SQLite and PostgreSQL: the office's monthly cycle."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from luoshi.cli import main
from luoshi.domain import Verdict
from luoshi.register.assign import assign, import_units, read_unit_list
from luoshi.register.plan_import import draft_plan, save_plan
from luoshi.register.progress import record_progress
from luoshi.register.split import split_target
from luoshi.register.verdicts import find_plan, register_verdicts
from luoshi.store import Database
from luoshi.store.models import Target
from luoshi.store.repo import StoreError, report_history

SEED = Path(__file__).resolve().parent.parent / "data" / "seed.txt"


@pytest.fixture
def seeded(db: Database, tmp_path: Path) -> Database:
    units = tmp_path / "units.csv"
    units.write_text("单位名称\n区人社局\n区资源规划局\n湖塘镇\n礼嘉镇\n", encoding="utf-8")
    with db.transaction() as s:
        save_plan(
            s, draft_plan(SEED.read_text(encoding="utf-8"), 2024, "seed.txt", tasks=False), "admin"
        )
        import_units(s, read_unit_list(units), "admin")
    return db


def _tid(db: Database, name: str) -> int:
    with db.transaction() as s:
        return s.scalars(select(Target.id).where(Target.name == name)).one()


def _status(db: Database, as_of: date, **kw: str) -> dict[str, Verdict]:
    with db.transaction() as s:
        rows = register_verdicts(s, find_plan(s, 2024), as_of, **kw)
        return {r.name: r.judgement.verdict for r in rows}


def test_monthly_cycle(seeded: Database) -> None:
    jobs = _tid(seeded, "城镇新增就业")  # 26000 人
    with seeded.transaction() as s:
        assign(s, jobs, ["区人社局", "湖塘镇"], "admin")
    assert _status(seeded, date(2024, 4, 15))["城镇新增就业"] is Verdict.NOT_REPORTED
    with seeded.transaction() as s:
        _, verdict = record_progress(s, jobs, date(2024, 3, 31), 7000, "rs", unit="区人社局")
    assert verdict is Verdict.ON_TRACK  # 26.9% against 25%
    # by mid-year only 8000: lagging, so the report must say why and what next
    with pytest.raises(StoreError, match="滞后原因"), seeded.transaction() as s:
        record_progress(s, jobs, date(2024, 6, 30), 8000, "rs", unit="区人社局")
    with seeded.transaction() as s:
        record_progress(s, jobs, date(2024, 6, 30), 8000, "rs", unit="区人社局",
                        lag_reason="企业招工放缓", corrective_action="7月举办专场招聘会")  # fmt: skip
    assert _status(seeded, date(2024, 6, 30))["城镇新增就业"] is Verdict.SERIOUSLY_LAGGING
    assert _status(seeded, date(2024, 6, 30), unit="湖塘镇") == {
        "城镇新增就业": Verdict.SERIOUSLY_LAGGING
    }
    # a correction is a new version; the old one stays readable
    with seeded.transaction() as s:
        record_progress(s, jobs, date(2024, 6, 30), 13500, "rs", unit="区人社局")
        assert [r.value for r in report_history(s, jobs)] == [7000, 8000, 13500]
    assert _status(seeded, date(2024, 6, 30))["城镇新增就业"] is Verdict.ON_TRACK
    assert _status(seeded, date(2024, 3, 31))["城镇新增就业"] is Verdict.ON_TRACK  # history holds


def test_reports_are_checked(seeded: Database) -> None:
    jobs = _tid(seeded, "城镇新增就业")
    milestone = _tid(seeded, "保障理想三基地投产")
    with seeded.transaction() as s:
        assign(s, jobs, ["区人社局"], "admin")
    cases = [
        (jobs, date(2025, 1, 15), 100.0, "区人社局", "outside target"),
        (jobs, date(2024, 5, 31), 100.0, "礼嘉镇", "not assigned"),
        (jobs, date(2024, 5, 31), -5.0, "区人社局", "cannot be negative"),
        (jobs, date(2024, 5, 31), None, "区人社局", "needs a value"),
        (milestone, date(2024, 5, 31), 1.0, None, "milestone"),
    ]
    for tid, when, value, unit, message in cases:
        with pytest.raises(StoreError, match=message), seeded.transaction() as s:
            record_progress(s, tid, when, value, "x", unit=unit)
    with seeded.transaction() as s:
        _, verdict = record_progress(s, milestone, date(2024, 9, 30), None, "x", done=True)
    assert verdict is Verdict.DONE


def test_split_rolls_up(seeded: Database) -> None:
    land = _tid(seeded, "盘活低效用地")  # 4100 亩
    with pytest.raises(StoreError, match="少100亩"), seeded.transaction() as s:
        split_target(s, land, {"湖塘镇": 2000, "礼嘉镇": 2000}, "admin")
    with seeded.transaction() as s:
        kids = split_target(s, land, {"湖塘镇": 2000, "礼嘉镇": 2100}, "admin")
        ids = [k.id for k in kids]
    with seeded.transaction() as s:
        record_progress(s, ids[0], date(2024, 6, 30), 1100, "ht", unit="湖塘镇")
        record_progress(s, ids[1], date(2024, 6, 30), 900, "lj", unit="礼嘉镇",
                        lag_reason="拆迁", corrective_action="加快")  # fmt: skip
    with seeded.transaction() as s:
        rows = {r.name: r for r in register_verdicts(s, find_plan(s, 2024), date(2024, 6, 30))}
    assert rows["盘活低效用地"].latest == 2000
    assert rows["盘活低效用地（湖塘镇）"].judgement.verdict is Verdict.ON_TRACK
    assert rows["盘活低效用地（礼嘉镇）"].judgement.verdict is Verdict.LAGGING


def test_status_cli(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    run = CliRunner().invoke
    assert run(main, ["--db", url, "plan", "import", str(SEED), "--year", "2024"]).exit_code == 0
    out = run(main, ["--db", url, "status", "--plan", "2024", "--as-of", "2024-06-30"]).output
    assert "序时" in out and "50.0%" in out and "未报送" in out
    lagging = run(main, ["--db", url, "status", "--as-of", "2024-06-30", "--lagging",
                         "--format", "json"])  # fmt: skip
    # nothing reported yet: every due target is 未报送, which is pending, not lagging
    assert lagging.exit_code == 0 and json.loads(lagging.output) == []
    bad = run(main, ["--db", url, "progress", "add", "999", "--as-of", "2024-06-30",
                     "--value", "1"])  # fmt: skip
    assert bad.exit_code == 2 and "no target with id 999" in bad.stderr


def test_activate_and_carry_over(seeded: Database) -> None:
    from luoshi.register.carry import activate, carry_over

    land = _tid(seeded, "盘活低效用地")  # 4100 亩
    with seeded.transaction() as s:
        plan = find_plan(s, 2024)
        activate(s, plan.id, "admin")
        assign(s, land, ["湖塘镇"], "admin")
        record_progress(s, land, date(2024, 12, 31), 3100, "ht", unit="湖塘镇",
                        lag_reason="拆迁未完成", corrective_action="转入明年")  # fmt: skip
    with seeded.transaction() as s:
        assert all(t.status == "active" for t in find_plan(s, 2024).targets)
        new = carry_over(s, land, 2025, "admin")
        new_id = new.id
    with seeded.transaction() as s:
        t = s.get(Target, new_id)
        assert t is not None
        assert (t.value, t.carried_from_id, t.due) == (1000, land, date(2025, 12, 31))
        assert [a.unit.name for a in t.assignments] == ["湖塘镇"]
        assert find_plan(s, 2025).status == "draft"
    with pytest.raises(StoreError, match="later year"), seeded.transaction() as s:
        carry_over(s, land, 2024, "admin")


def test_edit_with_schedule_and_conflict(seeded: Database) -> None:
    from luoshi.register.targets import edit_target, target_trail
    from luoshi.store.repo import ConflictError

    jobs = _tid(seeded, "城镇新增就业")  # 26000 人
    with seeded.transaction() as s:
        t = edit_target(s, jobs, 1, "admin", changes={"frequency": "quarterly"},
                        schedule_amounts=[2000, 8000, 8000, 8000])  # fmt: skip
        assert t.version == 2
    with pytest.raises(ConflictError), seeded.transaction() as s:
        edit_target(s, jobs, 1, "bob", changes={"value": 30000})
    with pytest.raises(StoreError, match="short"), seeded.transaction() as s:
        edit_target(s, jobs, 2, "admin", schedule_amounts=[1, 2, 3, 4])
    with pytest.raises(StoreError), seeded.transaction() as s:  # the schedule would not end at it
        edit_target(s, jobs, 2, "admin", changes={"value": 30000})
    # with a schedule, 序时进度 follows it: 2000 of 26000 due by Q1 end, not 25%
    with seeded.transaction() as s:
        assign(s, jobs, ["区人社局"], "admin")
        record_progress(s, jobs, date(2024, 3, 31), 2100, "rs", unit="区人社局")
    with seeded.transaction() as s:
        row = next(r for r in register_verdicts(s, find_plan(s, 2024), date(2024, 3, 31))
                   if r.target_id == jobs)  # fmt: skip
        assert round(row.judgement.time_progress, 4) == round(2000 / 26000, 4)
        assert row.judgement.verdict is Verdict.ON_TRACK
        target, reports, events = target_trail(s, jobs)
        assert target.version == 2 and len(reports) == 1
        assert [e.action for e in events] == ["create", "update", "assign"]
