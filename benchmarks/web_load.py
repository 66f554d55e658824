"""Web pages under load: p50/p95 of the dashboard, register and target pages.

    uv run python benchmarks/web_load.py              # the synthetic city, SQLite and PostgreSQL
    uv run python benchmarks/web_load.py --quick      # 2 districts, 10 s per level

Builds the city of ``register_scale.py`` (10 districts × 300 targets, 36,000
reports), starts ``luoshi serve`` on a free local port in its own process,
logs N virtual users in (each its own session) and has them browse for a
fixed time — dashboard, a register page, a target page, a unit's page, in turn, pausing
0.5–1.5 s between pages as a person does (``--think``; 0 hammers the server
with no pause, to show where it saturates) — with an async client (httpx)
from this process. The data holds what an office's year does: reports approved, some
waiting or sent back, evidence files on a quarter of June's reports. Reported per page and
level: p50, p95, requests and errors, with the load average (the machine may be shared).
Goal (issue 10): p95 < 100 ms for every page at 100 users, no errors, on SQLite and
PostgreSQL, on this 2-core machine (client and server share it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from luoshi.accounts import create_user
from luoshi.store import Database
from luoshi.store.models import Target, Unit
from register_scale import build_district, each_database, empty_database

PASSWORD = "benchmark-pass"
FAILURES: dict[str, int] = {}  # status code or exception → count, printed per level


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# a one-pixel PNG: evidence is stored in the database with its report
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")  # fmt: skip


def review_and_evidence(db: Database, plan_id: int) -> tuple[int, int, int]:
    """What an office's year looks like: reports approved by the office, the last month of
    some targets waiting (待审核) or sent back (退回, with a reason), evidence on a quarter of
    the reports of June. Returns (approved, waiting or returned, attachments)."""
    from sqlalchemy import select, update

    from luoshi.register.review import Evidence, attach
    from luoshi.store.models import ProgressReport

    when = datetime(2024, 7, 3, 2, 0, tzinfo=UTC)
    with db.transaction() as s:
        in_plan = select(Target.id).where(Target.plan_id == plan_id)
        ours = ProgressReport.target_id.in_(in_plan)
        approved = s.execute(update(ProgressReport).where(ours).values(
            reviewed_by="bench", reviewed_at=when)).rowcount  # fmt: skip
        june = list(s.scalars(select(ProgressReport).where(ours, ProgressReport.as_of
                                                            == date(2024, 6, 30))))  # fmt: skip
        held = 0
        for k, r in enumerate(june):
            if k % 4 == 0:
                attach(s, r, [Evidence(f"现场照片{k}.png", PNG)], "benchmark")
            if k % 10 == 1:
                r.review, r.reviewed_by, r.reviewed_at = "pending", None, None
                held += 1
            elif k % 10 == 2:
                r.review, r.review_note = "returned", "佐证材料不足，请补充"
                held += 1
    return approved - held, held, (len(june) + 3) // 4


def build(url: str, districts: int, targets: int) -> tuple[list[int], list[int], list[int]]:
    db = empty_database(url)
    plans = [build_district(db, d, targets, 50, 12) for d in range(districts)]
    totals = [review_and_evidence(db, p) for p in plans]
    with db.transaction() as s:
        create_user(s, "bench", PASSWORD, "admin", "benchmark")
        ids = [t for (t,) in s.execute(Target.__table__.select().with_only_columns(Target.id))]
        units = [u for (u,) in s.execute(Unit.__table__.select().with_only_columns(Unit.id))]
    db.dispose()
    ok, held, files = (sum(t[i] for t in totals) for i in range(3))
    print(f"data: {len(ids):,} targets, {ok:,} approved reports, {held:,} waiting or sent back, "
          f"{files:,} attachments")  # fmt: skip
    return plans, ids, units


def start_server(url: str, port: int, workers_log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "LUOSHI_SECRET_KEY": "benchmark", "LUOSHI_HOME": str(workers_log.parent)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "luoshi", "--db", url, "serve", "--port", str(port),
         "--as-of", "2024-06-30"],
        stdout=workers_log.open("wb"), stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 180  # a shared machine may take a while to import
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start:\n{workers_log.read_text(errors='replace')}")


async def login(client: httpx.AsyncClient) -> None:
    for _ in range(5):  # a busy server says so (503 and Retry-After): a browser tries again
        page = await client.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token
        r = await client.post("/login", data={"username": "bench", "password": PASSWORD,
                                              "csrf": token.group(1), "next": "/dashboard"})  # fmt: skip
        if r.status_code in (200, 303):
            return
        if r.status_code != 503:
            break
        await asyncio.sleep(float(r.headers.get("retry-after", "1")))
    raise SystemExit(f"login failed: {r.status_code}")


async def user(client: httpx.AsyncClient, data: tuple[list[int], list[int], list[int]],
               until: float, think: float, samples: dict[str, list[float]],
               errors: dict[str, int], seed: int) -> None:  # fmt: skip
    rng = random.Random(seed)
    plans, ids, units = data
    pages = [("dashboard", lambda: f"/dashboard?plan={rng.choice(plans)}"),
             ("register", lambda: f"/register?plan={rng.choice(plans)}&page={rng.randint(1, 6)}"),
             ("target", lambda: f"/targets/{rng.choice(ids)}"),
             ("unit", lambda: f"/units/{rng.choice(units)}")]  # fmt: skip
    i = seed
    while time.monotonic() < until:
        name, path = pages[i % len(pages)]
        i += 1
        t0 = time.perf_counter()
        try:
            r = await client.get(path())
            ok = r.status_code == 200
            why = str(r.status_code)
        except httpx.HTTPError as e:
            ok, why = False, type(e).__name__
        samples[name].append(time.perf_counter() - t0)
        if not ok:
            errors[name] += 1
            FAILURES[why] = FAILURES.get(why, 0) + 1
        if think:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)


def pct(xs: list[float], q: float) -> float:
    return statistics.quantiles(xs, n=100)[int(q) - 1] if len(xs) >= 2 else (xs[0] if xs else 0.0)


async def level(base: str, data: tuple[list[int], list[int], list[int]], users: int,
                seconds: float, think: float) -> None:  # fmt: skip
    samples: dict[str, list[float]] = {"dashboard": [], "register": [], "target": [], "unit": []}
    errors = dict.fromkeys(samples, 0)
    clients = [httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=True)
               for _ in range(users)]  # fmt: skip
    # everyone logs in first (argon2 is slow on purpose), then the measured browsing starts
    gate = asyncio.Semaphore(4)

    async def sign_in(c: httpx.AsyncClient) -> None:
        async with gate:
            await login(c)

    await asyncio.gather(*(sign_in(c) for c in clients))
    until = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(*(user(c, data, until, think, samples, errors, n)
                           for n, c in enumerate(clients)))  # fmt: skip
    for c in clients:
        await c.aclose()
    rate = sum(len(xs) for xs in samples.values()) / (time.monotonic() - started)
    failures = ", ".join(f"{k}×{v}" for k, v in FAILURES.items()) or "none"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"  {users:>3} users, think {think:g} s: {rate:.0f} requests/s; failures: {failures}; "
          f"loadavg {load}")  # fmt: skip
    FAILURES.clear()
    for name, xs in samples.items():
        p95 = pct(xs, 95) * 1000
        verdict = "goal p95 < 100 ms, no errors: " + (
            "PASS" if p95 < 100 and errors[name] == 0 else "MISS"
        )
        print(f"  {users:>3} users  {name:<9}  p50 {pct(xs, 50) * 1000:7.1f} ms  p95 {p95:7.1f} ms"
              f"  {len(xs):>5} requests  {errors[name]} errors  {verdict}")  # fmt: skip


def run(label: str, url: str, args: argparse.Namespace) -> None:
    data = build(url, args.districts, args.targets)
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        log = Path(tmp) / "server.log"
        proc = start_server(url, port, log)
        try:
            print(f"\n== {label}: {args.districts} districts × {args.targets} targets, "
                  f"server on 127.0.0.1:{port} (one process) ==")  # fmt: skip
            for users in args.users:
                asyncio.run(level(f"http://127.0.0.1:{port}", data, users, args.seconds,
                                  args.think))  # fmt: skip
            if args.saturate:
                asyncio.run(level(f"http://127.0.0.1:{port}", data, 20, args.seconds, 0.0))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # idle keep-alive connections hold it open
                proc.kill()
                proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--districts", type=int, default=10)
    ap.add_argument("--targets", type=int, default=300)
    ap.add_argument("--users", type=int, nargs="+", default=[20, 100])
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--think", type=float, default=1.0, help="mean pause between pages (s)")
    ap.add_argument("--saturate", action="store_true", help="also 20 users with no pause")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.districts, args.seconds = 2, 10.0
    print(f"cpus {os.cpu_count()}  loadavg {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("reproduce: uv run python benchmarks/web_load.py" + (" --quick" if args.quick else ""))
    each_database(args.db, lambda label, url: run(label, url, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
