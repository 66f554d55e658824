"""How fast task tables are read, and how fast bad ones are refused.

    uv run python benchmarks/tasktable_read.py           # 5,000-row table, bad inputs
    uv run python benchmarks/tasktable_read.py --rows 20000

Measured (best of 3, one thread): ``read_register`` on a made-up office table of
N rows (title rows, a two-row header, a section row every 50 rows, merged lead
cells, deadlines in words), and the time and peak memory to refuse a
100,000-row sheet and to read a table with a 1 MB cell. Figures are printed,
never asserted: a shared 2-core machine is noisy (the load average is printed).
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from luoshi.register.excel import read_register


def office_table(path: Path, rows: int) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["某区2026年重点工作任务分解表"])
    ws.append(["序号", "重点工作任务", "责任分工", None, "完成时限"])
    ws.append([None, None, "牵头单位", "配合单位", None])
    ws.merge_cells("C2:D2")
    for i in range(rows):
        if i % 50 == 0:
            ws.append([f"{'一二三四五六七八九十'[i // 50 % 10]}、第{i // 50 + 1}组工作"])
        ws.append([i + 1, f"推进第{i + 1}项重点工作，年内完成投资{i % 90 + 10}亿元。",
                   "区发改局", "区财政局、各街道", ("6月底前", "年底前", "三季度末")[i % 3]])  # fmt: skip
    wb.save(path)


def best_of(n: int, f) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "table.xlsx"
        office_table(table, args.rows)
        result = read_register(table)
        seconds = best_of(3, lambda: read_register(table))
        print(f"read {len(result.rows)} rows ({len(result.problems)} problems): {seconds:.2f} s, "
              f"{len(result.rows) / seconds:,.0f} rows/s")  # fmt: skip
        big = Path(tmp) / "big.xlsx"
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("大表")
        ws.append(["序号", "任务", "责任单位"])
        for i in range(100_000):
            ws.append([i, "任务", "区发改局"])
        wb.save(big)
        start = time.perf_counter()
        (problem,) = read_register(big).problems
        print(
            f"100,000-row sheet refused in {time.perf_counter() - start:.2f} s: {problem.message}"
        )
        cell = Path(tmp) / "cell.xlsx"
        wb2 = Workbook()
        ws2 = wb2.active
        assert ws2 is not None
        ws2.append(["序号", "任务", "责任单位"])
        ws2.append([1, "甲" * 2**20, "区发改局"])
        wb2.save(cell)
        start = time.perf_counter()
        problems = read_register(cell).problems
        print(f"1 MB cell read in {time.perf_counter() - start:.2f} s: {problems[0]}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
