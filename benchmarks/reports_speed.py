"""How fast the office's documents are made: 督查通报 for a synthetic city, on SQLite.

    uv run python benchmarks/reports_speed.py            # 10 districts × 300 targets
    uv run python benchmarks/reports_speed.py --quick    # 2 districts × 60 targets

The city is ``register_scale.build_district``'s (each district a plan of 300
targets, 50 units, a cumulative report per target and month, some units
behind the calendar). Measured, each from the register to a file on disk,
judged at 30 June:

- the bulletin of one district as .docx, .pdf and .html (median of 3);
- the bulletins of the whole city: one .docx per district, back to back;
- the year-end assessment (.xlsx) and 数说 (.html) of one district.

Goals (issue 5): one district's bulletin < 5 s, the whole city's < 30 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from luoshi.reports import (
    ReportConfig,
    load_rules,
    publish_assessment,
    publish_bulletin,
    publish_numbers,
)
from luoshi.store import Database
from luoshi.store.models import Plan
from register_scale import build_district

AS_OF = date(2024, 6, 30)
YEAR_END = date(2025, 1, 31)


def timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--districts", type=int, default=10)
    ap.add_argument("--targets", type=int, default=300)
    ap.add_argument("--units", type=int, default=50)
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="2 districts × 60 targets, a smoke run")
    args = ap.parse_args()
    if args.quick:
        args.districts, args.targets, args.units, args.repeat = 2, 60, 10, 1
    print(f"python {platform.python_version()}  {platform.platform()}  cpus {os.cpu_count()}")
    print(f"loadavg {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        "reproduce: uv run python benchmarks/reports_speed.py" + (" --quick" if args.quick else "")
    )
    config = ReportConfig(issue=6, issued=date(2024, 7, 5))
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'city.sqlite3'}")
        t0 = time.perf_counter()
        plan_ids = [build_district(db, d, args.targets, args.units, args.months)
                    for d in range(args.districts)]  # fmt: skip
        print(f"\n== SQLite: {args.districts} districts × {args.targets} targets, {args.units} "
              f"units each; built in {time.perf_counter() - t0:.1f} s ==")  # fmt: skip

        def bulletin(plan_id: int, out: Path) -> None:
            with db.transaction() as s:
                plan = s.get(Plan, plan_id)
                assert plan is not None
                publish_bulletin(s, plan, AS_OF, out, config)

        first = plan_ids[0]
        # the first document pays for imports and font discovery once: time it apart
        t_first = timed(lambda: bulletin(first, Path(tmp) / "first.docx"), 1)
        print(f"first bulletin in a fresh process (imports, fonts)      {t_first:8.2f} s")
        results: dict[str, float] = {}
        for ext in ("docx", "pdf", "html"):
            out = Path(tmp) / f"district.{ext}"
            results[ext] = timed(lambda out=out: bulletin(first, out), args.repeat)  # type: ignore[misc]
            size = out.stat().st_size / 1e6
            print(f"bulletin of one district ({args.targets} targets) .{ext:<4} "
                  f"median of {args.repeat}   {results[ext]:8.2f} s   {size:5.1f} MB")  # fmt: skip
        worst = max(results.values())
        print(f"goal < 5 s for one district:  {'PASS' if worst < 5 else 'MISS'} "
              f"(slowest format {worst:.2f} s)")  # fmt: skip
        t0 = time.perf_counter()
        for i, plan_id in enumerate(plan_ids):
            bulletin(plan_id, Path(tmp) / f"city-{i + 1}.docx")
        t_city = time.perf_counter() - t0
        print(f"bulletins of the whole city ({args.districts} × .docx)              "
              f"{t_city:8.2f} s   goal < 30 s: {'PASS' if t_city < 30 else 'MISS'}")  # fmt: skip

        rules = load_rules()
        with db.transaction() as s:
            plan = s.get(Plan, first)
            assert plan is not None
            t0 = time.perf_counter()
            publish_assessment(s, plan, YEAR_END, Path(tmp) / "a.xlsx", config, rules)
            t_assess = time.perf_counter() - t0
            t0 = time.perf_counter()
            publish_numbers(s, plan, YEAR_END, Path(tmp) / "n.html")
            t_numbers = time.perf_counter() - t0
        print(f"year-end assessment of one district (.xlsx)               {t_assess:8.2f} s")
        print(f"数说 of one district (.html)                               {t_numbers:8.2f} s")
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
