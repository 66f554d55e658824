"""Reporting discipline (报送情况): which periods came in on time, late, empty or not at all."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from luoshi.domain import Frequency, TargetSpec
from luoshi.register.assign import assign, import_units, read_unit_list
from luoshi.register.plan_import import draft_plan, save_plan
from luoshi.register.progress import record_progress
from luoshi.register.split import split_target
from luoshi.reports.discipline import PeriodState, Tally, check_periods, tally, target_tally
from luoshi.reports.facts import Submission, gather
from luoshi.store import Database
from luoshi.store.models import Plan, Target
from report_fixtures import SEED, UNITS

MONTHLY = TargetSpec.for_year(2024, 100.0, "个")
MILESTONE = TargetSpec.for_year(2024, None, "", frequency=Frequency.QUARTERLY)
ANNUAL = TargetSpec.for_year(2024, 5.0, "%", frequency=Frequency.ANNUAL)


def sub(as_of: date, value: float | None = 1.0, received: date | None = None, *,
        done: bool | None = None, note: str | None = None) -> Submission:  # fmt: skip
    return Submission(as_of, 1, value, done, received or as_of, note, None, None)


def states(spec: TargetSpec, subs: list[Submission], as_of: date, days: int = 5) -> list[str]:
    return [c.state.value for c in check_periods(spec, subs, as_of, days)]


CASES = [
    # (id, spec, submissions, as-of, expected states of the owed periods)
    ("nothing owed before the first deadline", MONTHLY, [], date(2024, 2, 5), []),
    ("January owed once its deadline passed", MONTHLY, [], date(2024, 2, 6), ["missing"]),
    ("on time by the deadline", MONTHLY, [sub(date(2024, 1, 31), received=date(2024, 2, 5))],
     date(2024, 3, 1), ["on_time"]),
    ("a day late", MONTHLY, [sub(date(2024, 1, 31), received=date(2024, 2, 6))],
     date(2024, 3, 1), ["late"]),
    ("a figure-less report is empty", MONTHLY, [sub(date(2024, 1, 31), None)], date(2024, 3, 1),
     ["empty"]),
    ("a mid-month report covers its month", MONTHLY, [sub(date(2024, 2, 15))],
     date(2024, 3, 31), ["missing", "on_time"]),
    ("a reconciled actual is never late", MONTHLY,
     [sub(date(2024, 1, 31), received=date(2025, 1, 20), note="年终核对:总结「…」")],
     date(2024, 3, 1), ["on_time"]),
    ("a milestone's not-done report has its figure", MILESTONE,
     [sub(date(2024, 3, 31), None, done=False)], date(2024, 4, 30), ["on_time"]),
    ("a milestone's report without done is empty", MILESTONE, [sub(date(2024, 3, 31), None)],
     date(2024, 4, 30), ["empty"]),
    ("an annual figure is owed on its release", ANNUAL, [], date(2025, 1, 31), []),
    ("an annual figure is missing after its release", ANNUAL, [], date(2025, 2, 1), ["missing"]),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "subs", "as_of", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_period_states(
    spec: TargetSpec, subs: list[Submission], as_of: date, expected: list[str]
) -> None:
    assert states(spec, subs, as_of) == expected


def test_the_first_version_decides_lateness() -> None:
    # sent on time, corrected later: the gather step gives the first version's arrival day
    on_time = sub(date(2024, 1, 31), 5.0, received=date(2024, 2, 3))
    assert states(MONTHLY, [on_time], date(2024, 2, 29)) == ["on_time"]


def test_tally_adds_up() -> None:
    subs = [sub(date(2024, 1, 31), received=date(2024, 2, 20)), sub(date(2024, 3, 31), None)]
    checks = check_periods(MONTHLY, subs, date(2024, 6, 30), 5)
    t = tally(checks)
    assert t == Tally(owed=5, on_time=0, late=1, empty=1, missing=3)
    assert t.faults == 5
    assert t + t == Tally(10, 0, 2, 2, 6)
    assert {c.state for c in checks} == {PeriodState.LATE, PeriodState.EMPTY, PeriodState.MISSING}


def test_a_split_target_reports_through_its_shares(db: Database) -> None:
    with db.transaction() as s:
        plan = save_plan(
            s, draft_plan(SEED.read_text(encoding="utf-8"), 2024, "seed.txt", tasks=False), "x"
        )
        import_units(s, read_unit_list(UNITS), "x")
        land = s.scalars(select(Target.id).where(Target.name == "盘活低效用地")).one()
        assign(s, land, ["区自然资源和规划局"], "x")
        shares = [t.id for t in split_target(s, land, {"湖塘镇": 2000, "礼嘉镇": 2100}, "x")]
        plan_id = plan.id
    with db.transaction() as s:
        for share, town in zip(shares, ("湖塘镇", "礼嘉镇"), strict=True):
            record_progress(s, share, date(2024, 1, 31), 200, "t", unit=town)
    with db.transaction() as s:
        plan = s.get(Plan, plan_id)
        assert plan is not None
        facts = {t.row.target_id: t for t in gather(s, plan, date(2024, 3, 1)).targets}
    assert facts[land].split and target_tally(facts[land], date(2024, 3, 1), 5) == Tally()
    # the shares' reports came in "now" (the test's clock): late for January, not missing
    assert [target_tally(facts[i], date(2024, 3, 1), 5).late for i in shares] == [1, 1]
