"""How the register scales: a synthetic city on SQLite and on PostgreSQL.

    uv run python benchmarks/register_scale.py            # 10 districts × 300 targets
    uv run python benchmarks/register_scale.py --quick    # 2 districts × 60 targets

The city: D districts, each a plan of T targets in six areas with U units of
its own (every target led by one unit, some with responsible units too), and
a cumulative report per target at the end of each of 12 months — 36,000
reports at full size, some units falling behind the calendar. Measured:

- import: plans with their targets (each audited), units, assignments, reports
  (``add_progress_many``, each audited) — one transaction per district;
- ``status`` of one district and of the whole city at 30 June (median of 5);
- export of the whole city's register to one .xlsx task table.

Goals (issue 3): one district < 0.5 s and the city < 3 s on SQLite.
PostgreSQL uses $LUOSHI_TEST_POSTGRES_URL, else scripts/test-postgres.sh.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select, text

from luoshi.register.assign import UnitRow, import_units
from luoshi.register.plan_import import PlanDraft, TargetDraft, save_plan
from luoshi.register.verdicts import register_verdicts
from luoshi.store import Database
from luoshi.store.models import Assignment, Plan, Target, Unit
from luoshi.store.repo import NewReport, add_progress_many

REPO = Path(__file__).resolve().parent.parent
AREAS = ["产业强区", "创新驱动", "城乡融合", "生态优先", "民生保障", "社会治理"]
INDICATORS = [("新增规上工业企业", "家", 120), ("招引亿元以上项目", "个", 40),
              ("城镇新增就业", "人", 26000), ("完成固定资产投资", "元", 4.5e10),
              ("新增学位", "个", 8000), ("盘活低效用地", "亩", 4000),
              ("新建改造农村公路", "公里", 120), ("新增高新技术企业", "家", 200)]  # fmt: skip
MONTH_ENDS = [
    date(2024, m, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31) for m in range(1, 13)
]


def draft_for(d: int, n_targets: int) -> PlanDraft:
    draft = PlanDraft(2024, f"第{d + 1}区2024年度重点工作目标", f"district-{d + 1}.txt", "", 2023)
    for i in range(n_targets):
        name, unit, base = INDICATORS[i % len(INDICATORS)]
        draft.targets.append(TargetDraft(
            area=AREAS[i % len(AREAS)], name=f"{name}(第{i + 1}项)", value=float(base),
            unit=unit, comparator=">=", measure="level", frequency="monthly",
            due=date(2024, 12, 31), start_offset=0, end_offset=0, source_text="",
            sentence=f"力争{name}{base:g}{unit}。",
        ))  # fmt: skip
    return draft


def build_district(db: Database, d: int, n_targets: int, n_units: int, months: int) -> int:
    rng = random.Random(d)
    with db.transaction() as s:
        plan = save_plan(s, draft_for(d, n_targets), "benchmark")
        import_units(s, [UnitRow(i, f"第{d + 1}区单位{i + 1}", "department", None, None, None)
                         for i in range(n_units)], "benchmark")  # fmt: skip
        units = list(s.scalars(select(Unit).where(Unit.name.like(f"第{d + 1}区单位%"))))
        unit_ids = [u.id for u in units]
        targets = list(s.scalars(select(Target).where(Target.plan_id == plan.id)))
        tids = [t.id for t in targets]
        s.add_all(
            Assignment(target_id=tid, unit_id=uid, role="lead" if k == 0 else "responsible",
                       position=k)
            for i, tid in enumerate(tids)
            for k, uid in enumerate(dict.fromkeys(
                [unit_ids[i % n_units], *rng.sample(unit_ids, rng.randint(0, 2))]))
        )  # fmt: skip
        pace = {tid: rng.uniform(0.6, 1.25) for tid in tids}  # some units fall behind
        values = {t.id: t.value for t in targets}
        reports = [
            NewReport(tid, MONTH_ENDS[m], round(values[tid] * min(1.0, pace[tid] * (m + 1) / 12), 2),
                      unit_id=unit_ids[i % n_units],
                      lag_reason="进度滞后" if pace[tid] < 0.9 else None,
                      corrective_action="加快推进" if pace[tid] < 0.9 else None)
            for i, tid in enumerate(tids)
            for m in range(months)
        ]  # fmt: skip
        add_progress_many(s, reports, "benchmark")
        return plan.id


def timed(fn: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def postgres_url() -> str | None:
    """A database of its own on the test server, so a test run cannot pull it away."""
    url = os.environ.get("LUOSHI_TEST_POSTGRES_URL")
    if not url:
        script = str(REPO / "scripts" / "test-postgres.sh")
        url = subprocess.run([script], capture_output=True, text=True).stdout.strip()
    if not url:
        return None
    from sqlalchemy.engine import make_url

    from luoshi.store.db import make_engine

    engine = make_engine(url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = 'luoshi_bench'"))
        if not exists.scalar():
            conn.execute(text("CREATE DATABASE luoshi_bench"))
    engine.dispose()
    return make_url(url).set(database="luoshi_bench").render_as_string(hide_password=False)


def empty_database(url: str) -> Database:
    """A migrated, empty database at ``url`` (PostgreSQL's schema is dropped first)."""
    if url.startswith("postgresql"):
        from luoshi.store.db import make_engine

        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    return Database(url)


def each_database(which: str, run: Callable[[str, str], object]) -> None:
    """``run(label, url)`` on a fresh SQLite file and/or the benchmark's PostgreSQL database."""
    with tempfile.TemporaryDirectory() as tmp:
        if which in ("sqlite", "both"):
            run("SQLite", f"sqlite:///{Path(tmp) / 'city.sqlite3'}")
        if which in ("postgresql", "both"):
            url = postgres_url()
            if url is None:
                print("\nPostgreSQL: skipped (no server: set LUOSHI_TEST_POSTGRES_URL)")
            else:
                run("PostgreSQL", url)


def run_one(label: str, url: str, args: argparse.Namespace) -> dict[str, float]:
    db = empty_database(url)
    t0 = time.perf_counter()
    plan_ids = [build_district(db, d, args.targets, args.units, args.months)
                for d in range(args.districts)]  # fmt: skip
    t_import = time.perf_counter() - t0
    n_reports = args.districts * args.targets * args.months
    as_of = date(2024, 6, 30)

    def district() -> int:
        with db.transaction() as s:
            return len(register_verdicts(s, s.get(Plan, plan_ids[0]), as_of))  # type: ignore[arg-type]

    def city() -> int:
        with db.transaction() as s:
            return sum(len(register_verdicts(s, s.get(Plan, p), as_of)) for p in plan_ids)  # type: ignore[arg-type]

    t_district, n_d = timed(district)
    t_city, n_c = timed(city)
    out = {"import": t_import, "district": t_district, "city": t_city}
    print(f"\n== {label}: {args.districts} districts × {args.targets} targets, "
          f"{args.units} units each, {n_reports:,} reports ==")  # fmt: skip
    print(f"import (plans, units, assignments, reports; all audited)  {t_import:8.2f} s"
          f"   ({n_reports / t_import:,.0f} reports/s)")  # fmt: skip
    print(f"status of one district ({n_d} targets, median of 5)          {t_district:8.3f} s"
          f"   goal < 0.5 s: {'PASS' if t_district < 0.5 else 'MISS'}")  # fmt: skip
    print(f"status of the whole city ({n_c} targets, median of 5)       {t_city:8.3f} s"
          f"   goal < 3 s:   {'PASS' if t_city < 3 else 'MISS'}")  # fmt: skip
    try:
        from luoshi.register.export import export_register
    except ImportError:
        print("export to .xlsx: skipped (luoshi.register.export not available)")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "city.xlsx"
            t0 = time.perf_counter()
            with db.transaction() as s:
                rows = export_register(s, [s.get(Plan, p) for p in plan_ids], as_of, path)  # type: ignore[misc]
            out["export"] = time.perf_counter() - t0
            print(f"export of the whole register to .xlsx ({rows} rows, "
                  f"{path.stat().st_size / 1e6:.1f} MB)      {out['export']:8.2f} s")  # fmt: skip
    db.dispose()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--districts", type=int, default=10)
    ap.add_argument("--targets", type=int, default=300)
    ap.add_argument("--units", type=int, default=50)
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--quick", action="store_true", help="2 districts × 60 targets, a smoke run")
    args = ap.parse_args()
    if args.quick:
        args.districts, args.targets, args.units = 2, 60, 10
    print(f"python {platform.python_version()}  {platform.platform()}  cpus {os.cpu_count()}")
    print(f"loadavg {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        "reproduce: uv run python benchmarks/register_scale.py" + (" --quick" if args.quick else "")
    )
    each_database(args.db, lambda label, url: run_one(label, url, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
