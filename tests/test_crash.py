"""kill -9 in the middle of writes and imports: the database stays whole, every write the
command acknowledged is there, and an import lands entirely or not at all."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from luoshi.register.demo import build_demo
from luoshi.store import Database
from luoshi.store.models import Assignment, ProgressReport, Target, Unit


def _luoshi(db: Database, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "luoshi", "--db", db.url, *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def _kill_after(proc: subprocess.Popen[bytes], seconds: float) -> int:
    time.sleep(seconds)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    return proc.wait()


def _whole(db: Database) -> None:
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_killed_writers_lose_no_acknowledged_write(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        build_demo(s)
        tid = s.scalars(select(Target.id).where(Target.value.is_not(None), Target.assignments.any())
                        .order_by(Target.id).limit(1)).one()  # fmt: skip
        assert s.scalar(select(Assignment.unit_id).where(Assignment.target_id == tid))
    rnd, acked = random.Random(13), []
    for i in range(5):
        value = 7_000_000.0 + i
        proc = _luoshi(db, "progress", "add", str(tid), "--as-of", f"2024-0{1 + i}-15",
                       "--value", str(value), "--reason", "原因", "--action", "措施")  # fmt: skip
        if _kill_after(proc, rnd.uniform(0.5, 3.0)) == 0:
            acked.append(value)
    _whole(db)
    with db.transaction() as s:
        have = set(s.scalars(select(ProgressReport.value).where(ProgressReport.target_id == tid)))
    assert set(acked) <= have


def test_a_killed_import_lands_whole_or_not_at_all(db: Database, tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text(
        "单位名称\n" + "".join(f"测试单位{i:04d}\n" for i in range(3000)), encoding="utf-8"
    )
    rnd = random.Random(5)
    for _ in range(3):
        code = _kill_after(_luoshi(db, "units", "import", str(units)), rnd.uniform(1.0, 4.0))
        _whole(db)
        with db.transaction() as s:
            n = s.scalar(select(func.count()).select_from(Unit).where(Unit.name.like("测试单位%")))
        assert n in (0, 3000), n  # never a part of the list
        if code == 0:
            assert n == 3000
