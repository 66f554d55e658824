"""Reliability figures: hostile files, double submission, mixed CLI + web load, kill -9.

    uv run python benchmarks/reliability.py            # SQLite, and PostgreSQL when reachable
    uv run python benchmarks/reliability.py --quick    # fewer rounds

PostgreSQL: ``LUOSHI_TEST_POSTGRES_URL`` (``scripts/test-postgres.sh`` prints one).
Prints, per kind of test and database, attempts and failures:

- hostile files: each file of tests/hostile.py × each reader; a failure is an exception
  other than the reader's one-line refusal, or more than 15 s;
- double submit: rounds of 4 parallel first reports of one target, unit and date; a
  failure is a round leaving more than one current report;
- load: web writers (the API, in threads) and CLI writers (``luoshi progress add``
  processes) at once; failures are 5xx answers, CLI tracebacks, and acknowledged writes
  missing afterwards;
- crash: CLI writers killed with SIGKILL mid-write; failures are a database failing its
  integrity check or an acknowledged write missing.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import URL, make_url  # noqa: E402

import hostile  # noqa: E402
from luoshi.ingest import IngestError, read_document  # noqa: E402
from luoshi.ingest.workbook import PROGRESS_FORM, UNIT_LIST, open_workbook, read_sheet  # noqa: E402
from luoshi.register.assign import read_unit_list  # noqa: E402
from luoshi.store import Database  # noqa: E402
from luoshi.store.db import is_busy  # noqa: E402
from luoshi.store.models import Assignment, ProgressReport, Target  # noqa: E402
from luoshi.store.repo import ConflictError, StoreError, add_progress  # noqa: E402

BENCH_DATABASES: list[tuple[URL, str]] = []


def drop_bench_databases() -> None:
    for base, own in BENCH_DATABASES:
        engine = create_engine(base, isolation_level="AUTOCOMMIT")
        with engine.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)'))
        engine.dispose()


def row(kind: str, db: str, attempts: int, failures: int, note: str = "") -> None:
    print(
        f"{kind:<16} {db:<11} attempts {attempts:>6}   failures {failures:>4}   {note}", flush=True
    )


def hostile_files() -> None:
    readers = {
        "sheet/unit": lambda d, p: read_sheet(io.BytesIO(d), limits=UNIT_LIST),
        "sheet/form": lambda d, p: read_sheet(io.BytesIO(d), limits=PROGRESS_FORM),
        "workbook": lambda d, p: open_workbook(io.BytesIO(d)).close(),
        "unit list": lambda d, p: (p.write_bytes(d), read_unit_list(p)),
    }
    attempts = failures = 0
    slowest = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in {**hostile.WORKBOOKS, **hostile.TEXTS}.items():
            data = make()
            for reader, call in readers.items():
                path = Path(tmp) / ("u.csv" if name in hostile.TEXTS else "u.xlsx")
                attempts += 1
                start = time.monotonic()
                try:
                    call(data, path)
                except (IngestError, StoreError):
                    pass
                except Exception as e:
                    failures += 1
                    print(f"  {name} × {reader}: {type(e).__name__}: {e}")
                took = time.monotonic() - start
                slowest = max(slowest, took)
                if took > 15:
                    failures += 1
                    print(f"  {name} × {reader}: {took:.1f} s")
        for name, make in hostile.DOCUMENTS.items():
            path = Path(tmp) / ("d.pdf" if name.startswith("pdf") else "d.docx")
            path.write_bytes(make())
            attempts += 1
            start = time.monotonic()
            try:
                read_document(path)
                failures += 1  # every one of these must be refused
            except IngestError:
                pass
            slowest = max(slowest, time.monotonic() - start)
    row("hostile files", "-", attempts, failures, f"slowest {slowest:.1f} s")


def fresh(url: str | None, tmp: Path, name: str) -> tuple[Database, int, str]:
    """A demo register; returns it, a numeric target and its lead unit."""
    from luoshi.register.demo import build_demo

    if url is None:
        url = f"sqlite:///{tmp / (name + '.sqlite3')}"
    else:  # a database of the benchmark's own beside the given one, made afresh
        base = make_url(url.replace("postgresql://", "postgresql+psycopg://"))
        own = f"luoshi_bench_{name}_{os.getpid()}"
        engine = create_engine(base, isolation_level="AUTOCOMMIT")
        with engine.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)'))
            c.execute(text(f'CREATE DATABASE "{own}"'))
        engine.dispose()
        url = base.set(database=own).render_as_string(hide_password=False)
        BENCH_DATABASES.append((base, own))
    db = Database(url)
    with db.transaction() as s:
        build_demo(s)
        t = s.scalars(select(Target).where(Target.value.is_not(None), Target.assignments.any())
                      .order_by(Target.id)).first()  # fmt: skip
        assert t is not None
        unit = s.scalars(select(Assignment).where(Assignment.target_id == t.id)).first()
        assert unit is not None
        return db, t.id, unit.unit.name


def double_submit(url: str | None, label: str, rounds: int, tmp: Path) -> None:
    db, tid, _ = fresh(url, tmp, "double")
    failures = 0
    for r in range(rounds):
        when = date(2024, 1, 1) + timedelta(days=r)
        barrier = threading.Barrier(4)

        def submit(v: float, when: date = when, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                with db.transaction(write=True) as s:
                    add_progress(s, tid, when, v, "bench", lag_reason="r", corrective_action="a")
            except ConflictError:
                pass
            except Exception as e:
                if not is_busy(e):
                    raise

        threads = [threading.Thread(target=submit, args=(float(i),)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with db.transaction() as s:
            rows = s.scalars(select(ProgressReport).where(ProgressReport.as_of == when)).all()
            superseded = {x.supersedes_id for x in rows}
            failures += sum(x.id not in superseded for x in rows) != 1
    row("double submit", label, rounds, failures, "rounds of 4 parallel first reports")
    db.dispose()


def _cli(url: str, tid: int, when: date, value: float) -> list[str]:
    return [sys.executable, "-m", "luoshi", "--db", url, "progress", "add", str(tid),
            "--as-of", when.isoformat(), "--value", str(value), "--reason", "r", "--action", "a"]  # fmt: skip


def _present(db: Database, tid: int, writes: list[tuple[date, float]]) -> int:
    with db.transaction() as s:
        have = {(r.as_of, r.value) for r in s.scalars(select(ProgressReport).where(
            ProgressReport.target_id == tid))}  # fmt: skip
    return sum(w not in have for w in writes)


def load(url: str | None, label: str, web_writes: int, cli_writes: int, tmp: Path) -> None:
    from fastapi.testclient import TestClient

    from luoshi.accounts import issue_token
    from luoshi.settings import Settings
    from luoshi.store.models import User
    from luoshi.web.app import create_app

    db, tid, _ = fresh(url, tmp, "load")
    with db.transaction() as s:
        admin = s.scalars(select(User).where(User.username == "admin")).one()
        token = issue_token(s, admin, "bench", "bench")
    app = create_app(db, Settings(secret_key="bench"))
    acked: list[tuple[date, float]] = []
    errors = {"5xx": 0, "busy 503": 0, "cli traceback": 0}
    lock = threading.Lock()
    start_day = date(2024, 1, 1)

    def web(worker: int) -> None:
        client = TestClient(app)
        for i in range(web_writes):
            when, value = start_day + timedelta(days=(worker * 997 + i) % 300), 1000.0 * worker + i
            r = client.post(f"/api/targets/{tid}/progress", json={
                "as_of": when.isoformat(), "value": value, "lag_reason": "r",
                "corrective_action": "a"}, headers={"Authorization": f"Bearer {token}"})  # fmt: skip
            with lock:
                if r.status_code == 201:
                    acked.append((when, value))
                elif r.status_code == 503:
                    errors["busy 503"] += 1
                elif r.status_code >= 500:
                    errors["5xx"] += 1
            client.get("/api/status", headers={"Authorization": f"Bearer {token}"})

    def cli(worker: int) -> None:
        for i in range(cli_writes):
            when, value = (
                start_day + timedelta(days=(worker * 31 + i * 7) % 300),
                1e6 + 1000.0 * worker + i,
            )
            run = subprocess.run(_cli(db.url, tid, when, value), capture_output=True, text=True)
            with lock:
                if run.returncode == 0:
                    acked.append((when, value))
                elif "Traceback" in run.stderr:
                    errors["cli traceback"] += 1

    threads = [threading.Thread(target=web, args=(w,)) for w in range(4)]
    threads += [threading.Thread(target=cli, args=(w,)) for w in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lost = _present(db, tid, acked)
    attempts = 4 * web_writes + 2 * cli_writes
    row(
        "load",
        label,
        attempts,
        errors["5xx"] + errors["cli traceback"] + lost,
        f"acknowledged {len(acked)}, lost {lost}, 503 {errors['busy 503']}, "
        f"5xx {errors['5xx']}, CLI tracebacks {errors['cli traceback']}",
    )
    db.dispose()


def crash(url: str | None, label: str, kills: int, tmp: Path) -> None:
    db, tid, _ = fresh(url, tmp, "crash")
    acked: list[tuple[date, float]] = []
    rnd = random.Random(9)
    for i in range(kills):
        when, value = date(2024, 1, 1) + timedelta(days=i % 300), 5e6 + i
        proc = subprocess.Popen(_cli(db.url, tid, when, value), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)  # fmt: skip
        time.sleep(rnd.uniform(0.5, 8.0))  # import, connect, write: somewhere in there
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        if proc.returncode == 0:
            acked.append((when, value))
    bad = 0
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as c:
            bad = c.exec_driver_sql("PRAGMA integrity_check").scalar() != "ok"
    lost = _present(db, tid, acked)
    row(
        "crash (kill -9)",
        label,
        kills,
        int(bad) + lost,
        f"acknowledged {len(acked)} before the kill, lost {lost}, integrity {'bad' if bad else 'ok'}",
    )
    db.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    rounds, web_writes, cli_writes, kills = (10, 15, 4, 8) if args.quick else (40, 60, 15, 30)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    hostile_files()
    pg = os.environ.get("LUOSHI_TEST_POSTGRES_URL")
    with tempfile.TemporaryDirectory() as tmp:
        for url, label in ((None, "SQLite"), (pg, "PostgreSQL")):
            if label == "PostgreSQL" and not pg:
                print("PostgreSQL: LUOSHI_TEST_POSTGRES_URL not set, skipped")
                continue
            double_submit(url, label, rounds, Path(tmp))
            load(url, label, web_writes, cli_writes, Path(tmp))
            crash(url, label, kills, Path(tmp))
    drop_bench_databases()


if __name__ == "__main__":
    main()
