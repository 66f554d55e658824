"""Parallel and repeated submissions of one report leave one current report (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from luoshi.register.plan_import import draft_plan, save_plan
from luoshi.store import Database
from luoshi.store.db import is_busy
from luoshi.store.models import ProgressReport, Target
from luoshi.store.repo import ConflictError, add_progress, current_reports

SEED = Path(__file__).resolve().parent.parent / "data" / "seed.txt"
WHEN = date(2024, 3, 31)


def _target(db: Database) -> int:
    with db.transaction() as s:
        save_plan(s, draft_plan(SEED.read_text(encoding="utf-8"), 2024, "seed.txt"), "admin")
        return s.scalars(select(Target.id).where(Target.value.is_not(None)).limit(1)).one()


def _rows(db: Database, tid: int) -> tuple[int, int]:
    with db.transaction() as s:
        total = s.scalar(select(func.count()).select_from(ProgressReport)) or 0
        current = len(current_reports(s, [tid], WHEN)[tid])
        return total, current


def test_the_same_form_sent_twice_is_one_report(db: Database) -> None:
    tid = _target(db)
    for _ in range(2):
        with db.transaction(write=True) as s:
            add_progress(s, tid, WHEN, 100.0, "a", note="第一季度")
    assert _rows(db, tid) == (1, 1)
    with db.transaction(write=True) as s:  # a real correction is still a correction
        assert add_progress(s, tid, WHEN, 120.0, "a", note="更正").revision == 2
    assert _rows(db, tid) == (2, 1)


def test_parallel_first_reports_leave_one_current_report(db: Database) -> None:
    tid = _target(db)
    trials, writers = 5, 4
    outcomes: list[str] = []
    for trial in range(trials):
        when = date(2024, 1 + trial, 28)
        barrier = threading.Barrier(writers)

        def submit(value: float, when: date = when, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                with db.transaction(write=True) as s:
                    add_progress(s, tid, when, value, "a")
                outcomes.append("ok")
            except ConflictError:
                outcomes.append("conflict")
            except Exception as e:  # a busy database is an answer too, never a second row
                assert is_busy(e), e
                outcomes.append("busy")

        threads = [threading.Thread(target=submit, args=(100.0 + i,)) for i in range(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with db.transaction() as s:
            first = s.scalars(select(ProgressReport).where(
                ProgressReport.as_of == when, ProgressReport.supersedes_id.is_(None))).all()  # fmt: skip
            assert len(first) == 1, trial
            rows = s.scalars(select(ProgressReport).where(ProgressReport.as_of == when)).all()
            superseded = {r.supersedes_id for r in rows}
            assert sum(r.id not in superseded for r in rows) == 1  # one current report
    assert outcomes.count("ok") >= trials
