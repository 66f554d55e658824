"""The store on SQLite and on a real PostgreSQL server (the ``db`` fixture runs both)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from luoshi.store import Database
from luoshi.store.db import current_revision
from luoshi.store.models import AuditEvent, Plan, ProgressReport, Target, Unit
from luoshi.store.repo import (
    ConflictError,
    add_progress,
    audit,
    current_report,
    current_reports,
    report_history,
    update_target,
)


def _plan(db: Database) -> int:
    with db.transaction() as s:
        plan = Plan(year=2024, name="2024年度重点工作目标")
        s.add(plan)
        s.flush()
        t = Target(plan_id=plan.id, name="城镇新增就业", value=26000, unit="人",
                   start=date(2024, 1, 1), due=date(2024, 12, 31))  # fmt: skip
        s.add(t)
        audit(s, "admin", "create", t)
        return t.id


def test_fresh_database_is_migrated(db: Database) -> None:
    from alembic.script import ScriptDirectory

    from luoshi.store.db import alembic_config

    heads = ScriptDirectory.from_config(alembic_config(db.engine)).get_heads()
    assert len(heads) == 1 and current_revision(db.engine) == heads[0]  # one line of migrations
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 0


def test_transaction_lands_whole_or_not_at_all(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as s:
        s.add(Unit(name="区科技局"))
        s.flush()
        raise RuntimeError("the import failed half-way")
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 0


def test_edit_is_audited_with_before_and_after(db: Database) -> None:
    tid = _plan(db)
    with db.transaction() as s:
        update_target(s, tid, 1, {"value": 28000}, "admin")
    with db.transaction() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == ["create", "update"]
        assert events[1].before == {"value": 26000, "version": 1}
        assert events[1].after == {"value": 28000, "version": 2}
        assert events[1].actor == "admin" and events[1].entity == "target"


def test_stale_edit_is_a_conflict_not_an_overwrite(db: Database) -> None:
    tid = _plan(db)
    with db.transaction() as s:
        update_target(s, tid, 1, {"value": 27000}, "alice")
    with pytest.raises(ConflictError, match="已被他人修改"), db.transaction() as s:
        update_target(s, tid, 1, {"value": 30000}, "bob")  # bob still saw version 1
    with db.transaction() as s:
        assert s.get(Target, tid).value == 27000  # type: ignore[union-attr]


def test_concurrent_edits_one_wins(db: Database) -> None:
    """Two sessions read version 1 and save at once: exactly one lands."""
    tid = _plan(db)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(who: str, value: float) -> None:
        try:
            with db.transaction() as s:
                target = s.get(Target, tid)
                assert target is not None
                barrier.wait(timeout=10)
                target.value = value
                s.flush()
            outcomes.append("saved")
        except Exception as e:  # the loser: StaleDataError/OperationalError wrapped or raw
            outcomes.append(type(e).__name__)

    threads = [threading.Thread(target=edit, args=("a", 1.0)),
               threading.Thread(target=edit, args=("b", 2.0))]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("saved") == 1, outcomes
    with db.transaction() as s:
        target = s.get(Target, tid)
        assert target is not None and target.version == 2


def test_progress_is_append_only(db: Database) -> None:
    tid = _plan(db)
    with db.transaction() as s:
        add_progress(s, tid, date(2024, 3, 31), 6000, "unit-a", note="一季度")
    with db.transaction() as s:
        fixed = add_progress(s, tid, date(2024, 3, 31), 6500, "unit-a", note="更正")
        assert fixed.revision == 2
    with db.transaction() as s:
        history = report_history(s, tid)
        assert [(r.value, r.revision) for r in history] == [(6000, 1), (6500, 2)]
        current = current_report(s, tid, None, date(2024, 3, 31))
        assert current is not None and current.value == 6500
        assert [r.value for r in current_reports(s, [tid], date(2024, 6, 30))[tid]] == [6500]
        assert current_reports(s, [tid], date(2024, 3, 30))[tid] == []
        assert s.scalar(select(func.count()).select_from(ProgressReport)) == 2


def test_second_correction_of_the_same_report_conflicts(db: Database) -> None:
    tid = _plan(db)
    with db.transaction() as s:
        first = add_progress(s, tid, date(2024, 3, 31), 6000, "unit-a")
        first_id = first.id
    with db.transaction() as s:
        s.add(ProgressReport(target_id=tid, as_of=date(2024, 3, 31), value=1, revision=2,
                             supersedes_id=first_id, reported_by="x"))  # fmt: skip
    with pytest.raises(IntegrityError, match=r"(?i)unique|duplicate"), db.transaction() as s:
        s.add(ProgressReport(target_id=tid, as_of=date(2024, 3, 31), value=2, revision=2,
                             supersedes_id=first_id, reported_by="y"))  # fmt: skip
        s.flush()


def test_batch_of_reports(db: Database) -> None:
    from luoshi.store.repo import NewReport, StoreError, add_progress_many

    tid = _plan(db)
    with db.transaction() as s:
        add_progress(s, tid, date(2024, 1, 31), 1000, "a")
    batch = [NewReport(tid, date(2024, m, 28), 1000.0 * m) for m in range(1, 7)]
    with db.transaction() as s:
        assert add_progress_many(s, batch, "import") == 6
    with db.transaction() as s:
        history = report_history(s, tid)
        assert len(history) == 7
        jan = current_report(s, tid, None, date(2024, 1, 28))
        assert jan is not None and jan.revision == 1
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 1 + 1 + 6
    with pytest.raises(StoreError, match="同一批中有两条"), db.transaction() as s:
        add_progress_many(s, [batch[0], batch[0]], "import")
