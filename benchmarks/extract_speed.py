"""How fast is ``luoshi.extract``, and does streaming keep memory flat?

What is measured, all in one run on one machine so the numbers compare:

1. Input: the annotated documents (every ``*.txt`` under
   ``data/corpus/seed`` and ``data/corpus/dev``, blank lines between),
   repeated until the text is at least ``--mb`` MB of UTF-8. Real government
   prose, so the extractor meets the same density of numbers it meets in use.
2. Speed, single-threaded, best of ``--repeat`` runs (``time.perf_counter``,
   ``gc.collect()`` before each run, GC left on because it is part of the cost):

   * ``luoshi.extract`` on the whole text: the subject.
   * one ``re.finditer`` pass of a number+unit pattern, matches materialised
     into a list: the practical ceiling for anything that looks at every number.
   * where installed (``uv run --group bench``): ``cn2an.transform(line,
     "cn2an")`` and ``jionlp.ner.extract_money(line)``, line by line (how they
     are meant to be called; jionlp re-slices the rest of its input after every
     match, which is quadratic on one huge string). They are slow, so they are
     timed on the first ``--slow-mb`` MB only; MB/s is a rate, so it carries
     over, and the output says so.

   Goals (reported, never enforced): ``luoshi.extract`` ≥ 1 MB/s, and at most 4×
   slower than the plain regex.
3. Memory: files of ``--stream-small-mb`` and ``--stream-mb`` MB (same repeated
   text) are written to a temp dir; a fresh subprocess for each streams the file
   through ``luoshi.iter_extract`` over ``luoshi.ingest.read_text_stream``
   chunks, counting mentions without keeping them, and reports its peak RSS
   (``ru_maxrss``). Flat memory means the two peaks are about equal. The
   children run before this process builds the timed text, because Linux
   carries a parent's peak RSS into the child's ``ru_maxrss`` across exec;
   ``VmHWM`` from /proc, which does not inherit it, is printed as a cross-check.

Run: ``uv run --group bench python benchmarks/extract_speed.py [--quick]``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import platform
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MB = 1_000_000
REPO = Path(__file__).resolve().parents[1]
DATA_DIRS = (REPO / "data" / "corpus",)
SUBSETS = ("seed", "dev")
BASELINE_PATTERN = re.compile(
    r"[0-9]+(?:\.[0-9]+)?[万亿]?(?:元|个|家|项|人|%|亩|套|件|所|条|户|批)"
)
GOAL_MBPS = 1.0
GOAL_REGEX_RATIO = 4.0


@dataclass(frozen=True)
class Timing:
    """The best of several runs of one contender."""

    name: str
    seconds: float
    nbytes: int
    nchars: int
    found: int | None
    note: str = ""

    @property
    def mbps(self) -> float:
        return self.nbytes / MB / self.seconds

    @property
    def chars_per_s(self) -> float:
        return self.nchars / self.seconds


# --- input -------------------------------------------------------------------


def find_data_dir() -> Path:
    for root in DATA_DIRS:
        if any((root / sub).glob("*.txt") for sub in SUBSETS):
            return root.resolve()
    raise SystemExit(f"no annotated documents found under any of {[str(d) for d in DATA_DIRS]}")


def load_base_text(root: Path) -> tuple[str, int]:
    """All annotated documents, blank lines between; and how many there were."""
    files = [f for sub in SUBSETS for f in sorted((root / sub).glob("*.txt"))]
    docs = [f.read_text(encoding="utf-8").strip("\n") for f in files]
    return "\n\n".join(docs) + "\n\n", len(files)


def repeat_to(base: str, nbytes: int) -> str:
    """``base`` repeated until it is at least ``nbytes`` of UTF-8."""
    copies = -(-nbytes // len(base.encode("utf-8")))
    return base * max(copies, 1)


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def head_lines(text: str, nbytes: int) -> str:
    """The first whole lines of ``text`` adding up to about ``nbytes``."""
    out: list[str] = []
    size = 0
    for line in text.splitlines(keepends=True):
        if size >= nbytes:
            break
        out.append(line)
        size += utf8_len(line)
    return "".join(out)


# --- timing ------------------------------------------------------------------


def best_of(repeat: int, run: Callable[[], int | None]) -> tuple[float, int | None]:
    best = float("inf")
    found: int | None = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        found = run()
        best = min(best, time.perf_counter() - start)
    return best, found


def time_luoshi(text: str, repeat: int) -> Timing:
    import luoshi

    seconds, found = best_of(repeat, lambda: len(luoshi.extract(text)))
    return Timing("luoshi.extract", seconds, utf8_len(text), len(text), found)


def time_regex(text: str, repeat: int) -> Timing:
    seconds, found = best_of(repeat, lambda: len(list(BASELINE_PATTERN.finditer(text))))
    return Timing("regex baseline", seconds, utf8_len(text), len(text), found)


def per_line(func: Callable[[str], object], lines: list[str]) -> Callable[[], int]:
    """Call ``func`` on each line; count the items of the lists it returns."""

    def run() -> int:
        found = 0
        for line in lines:
            result = func(line)
            if isinstance(result, list):
                found += len(result)
        return found

    return run


def time_cn2an(text: str, repeat: int, note: str) -> Timing | str:
    try:
        import cn2an
    except Exception as exc:  # an offline or broken install fails in many ways
        return f"cn2an skipped: {type(exc).__name__}: {exc}; install with `uv sync --group bench`"
    lines = [line for line in text.splitlines() if line]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns on every 万/亿 it cannot convert
        seconds, _ = best_of(repeat, per_line(lambda s: cn2an.transform(s, "cn2an"), lines))
    return Timing("cn2an.transform", seconds, utf8_len(text), len(text), None, note)


def import_jionlp() -> Any:
    with contextlib.redirect_stdout(io.StringIO()):  # it prints a banner on import
        import jionlp
    return jionlp


def time_jionlp(text: str, repeat: int, note: str) -> Timing | str:
    try:
        jionlp = import_jionlp()
        extract_money = jionlp.ner.extract_money
    except Exception as exc:  # an offline or broken install fails in many ways
        return f"jionlp skipped: {type(exc).__name__}: {exc}; install with `uv sync --group bench`"
    lines = [line for line in text.splitlines() if line]
    seconds, found = best_of(repeat, per_line(extract_money, lines))
    return Timing("jionlp extract_money", seconds, utf8_len(text), len(text), found, note)


# --- report ------------------------------------------------------------------


def print_table(rows: list[Timing], regex: Timing, subject: Timing) -> None:
    head = f"{'name':<22}{'MB/s':>9}{'chars/s':>13}{'found':>9}{'÷regex':>9}{'÷luoshi':>9}  note"
    print(head)
    print("-" * len(head))
    for t in rows:
        found = "-" if t.found is None else str(t.found)
        print(
            f"{t.name:<22}{t.mbps:>9.2f}{t.chars_per_s:>13,.0f}{found:>9}"
            f"{t.mbps / regex.mbps:>9.3f}{t.mbps / subject.mbps:>9.2f}  {t.note}"
        )
    print("(÷regex, ÷luoshi: this row's MB/s divided by that row's MB/s)")


def print_goals(regex: Timing, subject: Timing) -> None:
    slower = regex.mbps / subject.mbps
    ok_speed = subject.mbps >= GOAL_MBPS
    ok_ratio = slower <= GOAL_REGEX_RATIO
    print(
        f"goal 1: luoshi.extract >= {GOAL_MBPS:g} MB/s: {subject.mbps:.2f} MB/s"
        f" -> {'PASS' if ok_speed else 'MISS'}"
    )
    print(
        f"goal 2: luoshi.extract within {GOAL_REGEX_RATIO:g}x of the plain regex:"
        f" it is {slower:.1f}x slower ({regex.mbps:.1f} vs {subject.mbps:.2f} MB/s)"
        f" -> {'PASS' if ok_ratio else 'MISS'}"
    )


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def print_environment() -> None:
    print(f"python   {sys.version.split()[0]} ({platform.python_implementation()})")
    print(f"platform {platform.platform()}")
    print(f"cpu      {cpu_model()}, {os.cpu_count()} logical CPUs (benchmark uses one)")
    with contextlib.suppress(OSError):
        print(f"loadavg  {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min)")


# --- streaming memory (the child runs this same file) -------------------------


def own_chunks(path: Path, chunk_bytes: int = 1 << 20) -> Iterator[str]:
    """Fallback reader: UTF-8 text in ~1 MB chunks ending at line breaks."""
    with path.open(encoding="utf-8") as f:
        while True:
            lines = f.readlines(chunk_bytes)
            if not lines:
                return
            yield "".join(lines)


def stream_chunks(path: Path) -> tuple[Iterable[str], str]:
    """``read_text_stream`` chunks if it works, else our own; and which it was."""
    try:
        from luoshi.ingest import read_text_stream

        chunks = iter(read_text_stream(path))
        first = next(chunks)
        if not isinstance(first, str):
            raise TypeError(f"yields {type(first).__name__}, not str")
    except Exception as exc:
        return own_chunks(path), f"own 1 MB reader (read_text_stream: {type(exc).__name__}: {exc})"
    return _prepend(first, chunks), "luoshi.ingest.read_text_stream"


def _prepend(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def stream_child(path: Path) -> None:
    import luoshi

    rss_start = vm_hwm_kb()  # not ru_maxrss: that may still hold the parent's peak
    start = time.perf_counter()
    chunks, reader = stream_chunks(path)
    chars = 0

    def counted(chunks: Iterable[str]) -> Iterator[str]:
        nonlocal chars
        for chunk in chunks:
            chars += len(chunk)
            yield chunk

    found = sum(1 for _ in luoshi.iter_extract(counted(chunks)))
    seconds = time.perf_counter() - start
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {"found": found, "chars": chars, "seconds": seconds, "reader": reader}
    rss = {"rss_start_kb": rss_start, "rss_peak_kb": rss_peak, "hwm_kb": vm_hwm_kb()}
    print(json.dumps(result | rss))


def vm_hwm_kb() -> int:
    """This process's own peak RSS from /proc (0 where there is none)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def write_repeated(path: Path, base: str, nbytes: int) -> int:
    """Write ``base`` repeated to at least ``nbytes``, as ``repeat_to`` does."""
    unit = base.encode("utf-8")
    copies = max(-(-nbytes // len(unit)), 1)
    with path.open("wb") as f:
        for _ in range(copies):
            f.write(unit)
    return copies * len(unit)


@dataclass(frozen=True)
class StreamResult:
    """What one streaming child reported (RSS figures in KiB)."""

    nbytes: int
    found: int
    chars: int
    seconds: float
    reader: str
    rss_start_kb: int  # VmHWM once luoshi is imported
    rss_peak_kb: int  # ru_maxrss at the end
    hwm_kb: int  # VmHWM at the end


def run_stream_child(path: Path) -> StreamResult | str:
    """Stream ``path`` in a fresh interpreter; its result, or why it failed."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stream-child", str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:]
        return tail[0] if tail else f"exit status {proc.returncode}"
    fields = json.loads(proc.stdout.strip().splitlines()[-1])
    return StreamResult(nbytes=path.stat().st_size, **fields)


@dataclass(frozen=True)
class MemoryRun:
    """Both streaming children, and this process's own peak when it started them."""

    results: list[StreamResult | str]
    parent_peak_kb: int


def collect_memory(base: str, sizes_mb: tuple[float, float]) -> MemoryRun:
    """Run the streaming children. Call this while this process is still small:
    Linux carries a parent's peak RSS into the child's ``ru_maxrss`` across exec."""
    parent_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results: list[StreamResult | str] = []
    with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as tmp:
        for size_mb in sizes_mb:
            path = Path(tmp) / f"stream-{size_mb:g}mb.txt"
            nbytes = write_repeated(path, base, int(size_mb * MB))
            r = run_stream_child(path)
            path.unlink()
            results.append(r if isinstance(r, StreamResult) else f"{nbytes / MB:.1f} MB: {r}")
    return MemoryRun(results, parent_peak)


def print_stream_result(r: StreamResult) -> None:
    print(
        f"{r.nbytes / MB:8.1f} MB: peak RSS {r.rss_peak_kb / 1024:7.1f} MiB"
        f" (VmHWM {r.hwm_kb / 1024:.1f}; after import {r.rss_start_kb / 1024:.1f}),"
        f" {r.chars:,} chars, {r.found:,} mentions, {r.nbytes / MB / r.seconds:.2f} MB/s,"
        f" reader: {r.reader}"
    )


def report_memory(run: MemoryRun, extract_found: int | None) -> None:
    print("\n== memory: iter_extract over read_text_stream, a fresh subprocess per file ==")
    print(
        f"(children ran first, while this process peaked at {run.parent_peak_kb / 1024:.1f} MiB;"
        " peak RSS is the child's ru_maxrss, VmHWM the same from /proc as a cross-check)"
    )
    done = [r for r in run.results if isinstance(r, StreamResult)]
    for r in run.results:
        if isinstance(r, StreamResult):
            print_stream_result(r)
        else:
            print(f"child failed: {r}")
    if done and extract_found is not None and done[0] is run.results[0]:
        same = "yes" if done[0].found == extract_found else f"no ({extract_found:,})"
        print(f"{'':10}first file is the timed text; same count as luoshi.extract: {same}")
    if len(done) == 2:
        small, large = done
        ratio = large.rss_peak_kb / small.rss_peak_kb
        print(
            f"peak RSS ratio {large.nbytes / MB:.0f} MB / {small.nbytes / MB:.0f} MB file:"
            f" {ratio:.2f} for {large.nbytes / small.nbytes:.1f}x the input"
            f" -> {'flat' if ratio < 1.5 else 'NOT flat'}"
        )


# --- profiling (optional) -----------------------------------------------------


def profile_extract(text: str, top: int = 10) -> None:
    import cProfile
    import pstats

    import luoshi

    print(f"\n== cProfile: luoshi.extract on {utf8_len(text) / MB:.2f} MB, top {top} by cumtime ==")
    prof = cProfile.Profile()
    prof.runcall(luoshi.extract, text)
    pstats.Stats(prof, stream=sys.stdout).strip_dirs().sort_stats("cumulative").print_stats(top)


# --- main --------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    p.add_argument("--mb", type=float, default=10.0, help="size of the timed text (default 10)")
    p.add_argument("--slow-mb", type=float, default=1.0, help="slice for cn2an/jionlp (1)")
    p.add_argument("--stream-mb", type=float, default=100.0, help="large streamed file (100)")
    p.add_argument("--stream-small-mb", type=float, default=10.0, help="small streamed file (10)")
    p.add_argument("--repeat", type=int, default=3, help="runs per contender, best kept (3)")
    p.add_argument("--quick", action="store_true", help="smoke run: 1 MB timed, 1/5 MB streamed")
    p.add_argument("--no-memory", action="store_true", help="skip the streaming memory part")
    p.add_argument("--profile", action="store_true", help="also cProfile extract on --slow-mb")
    p.add_argument("--stream-child", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.mb, args.slow_mb, args.stream_small_mb, args.stream_mb = 1.0, 1.0, 1.0, 5.0
    return args


def run_speed(text: str, args: argparse.Namespace) -> Timing:
    print(f"\n== speed: best of {args.repeat}, single thread ==")
    regex = time_regex(text, args.repeat)
    subject = time_luoshi(text, args.repeat)
    slow_text = head_lines(text, int(args.slow_mb * MB))
    note = f"rate on first {utf8_len(slow_text) / MB:.2f} MB, line by line"
    rows = [subject, regex]
    for result in (
        time_cn2an(slow_text, args.repeat, note),
        time_jionlp(slow_text, args.repeat, note),
    ):
        if isinstance(result, str):
            print(result)
        else:
            rows.append(result)
    print_table(rows, regex, subject)
    print_goals(regex, subject)
    return subject


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.stream_child is not None:
        stream_child(args.stream_child)
        return
    print_environment()
    cmd = ["uv", "run", "--group", "bench", "python", "benchmarks/extract_speed.py", *sys.argv[1:]]
    print(f"reproduce: {shlex.join(cmd)}")
    root = find_data_dir()
    base, ndocs = load_base_text(root)
    sizes = (args.stream_small_mb, args.stream_mb)
    memory = None if args.no_memory else collect_memory(base, sizes)
    text = repeat_to(base, int(args.mb * MB))
    print(
        f"input    {ndocs} documents from {root} ({utf8_len(base):,} bytes) repeated"
        f" -> {utf8_len(text) / MB:.2f} MB UTF-8, {len(text):,} characters"
    )
    subject = run_speed(text, args)
    if memory is not None:
        report_memory(memory, subject.found if args.stream_small_mb == args.mb else None)
    if args.profile:
        profile_extract(head_lines(text, int(args.slow_mb * MB)))


if __name__ == "__main__":
    main()
