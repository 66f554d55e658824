"""How fast the ``luoshi`` command starts: whole processes, as a user runs them.

    uv run python benchmarks/startup.py              # 7 runs of each
    uv run python benchmarks/startup.py --repeat 15

Each command runs as a fresh process with ``PYTHONDONTWRITEBYTECODE=1`` (no
bytecode written, as CI runs), its output thrown away. Measured, in one run:

- ``python -c pass``: the interpreter alone, the floor nothing can go below;
- ``luoshi --help``: the command group and every command's help;
- ``luoshi extract data/seed.txt``: read the seed (17,000 characters) and print
  its 61 indicators as a table.

For each: the median and the best wall-clock time, and the median CPU time
(user + system) of the process, which a busy machine inflates less than wall
time. Goals (issue 11), on the median wall clock: ``--help`` ≤ 0.3 s,
``extract`` ≤ 0.6 s (PASS/MISS is printed; the run never fails).
The load average is printed: on a shared 2-core machine a load above 2 means
every figure waits for a core.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "seed.txt"
PY = sys.executable


@dataclass(frozen=True)
class Case:
    name: str
    argv: list[str]
    goal: float | None


CASES = [
    Case("python -c pass (baseline)", [PY, "-c", "pass"], None),
    Case("luoshi --help", [PY, "-m", "luoshi", "--help"], 0.3),
    Case("luoshi extract data/seed.txt", [PY, "-m", "luoshi", "extract", str(SEED)], 0.6),
]


def run_once(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True, cwd=REPO)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--repeat", type=int, default=7, help="runs of each command (7)")
    args = ap.parse_args()
    load = os.getloadavg()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.repeat} runs each")  # fmt: skip
    print(f"{'command':<32}{'median':>9}{'best':>9}{'cpu':>9}   goal")
    for case in CASES:
        run_once(case.argv)  # warm the file cache
        walls, cpus = zip(*(run_once(case.argv) for _ in range(args.repeat)), strict=True)
        median = statistics.median(walls)
        verdict = ""
        if case.goal is not None:
            ok = median <= case.goal
            verdict = f"≤ {case.goal:.1f} s  {'PASS' if ok else 'MISS'}"
        print(f"{case.name:<32}{median:>8.3f}s{min(walls):>8.3f}s"
              f"{statistics.median(cpus):>8.3f}s   {verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
