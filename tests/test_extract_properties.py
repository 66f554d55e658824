"""Properties that hold for any text: no crash, spans point at what they say, chunking is invisible."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi import extract, iter_extract

SEED = Path(__file__).resolve().parent.parent / "data" / "seed.txt"
ALPHABET = st.sampled_from(
    list(
        "0123456789.,%万亿千百十一二两三四五六七八九零个家元人亩增长下降预计力争明年今年去年以上超近约"
    )
    + list("“”《》()、,。;:\n 第届次年月日累计分别目标是为达到PMG")
    + ["个百分点", "\n\n"]
)


@given(st.lists(ALPHABET, max_size=80).map("".join), st.one_of(st.none(), st.integers(1990, 2100)))
@settings(max_examples=300, deadline=None)
def test_never_raises_and_spans_hold(text: str, year: int | None) -> None:
    for m in extract(text, base_year=year):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.comparator in ("=", ">=", "<=", "~")
        assert m.kind in ("target", "actual", "forecast")
        assert m.measure in ("level", "growth", "ratio")


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_never_raises_on_any_unicode(text: str) -> None:
    extract(text)


def test_chunked_equals_whole() -> None:
    text = SEED.read_text(encoding="utf-8")
    long = "\n\n".join([text] * 4)
    whole = extract(long, base_year=2023)
    pieces = [long[i : i + 997] for i in range(0, len(long), 997)]
    chunked = list(iter_extract(pieces, base_year=2023))
    assert [(m.start, m.end, m.value, m.kind, m.year, m.indicator) for m in chunked] == [
        (m.start, m.end, m.value, m.kind, m.year, m.indicator) for m in whole
    ]
    assert len(whole) == 4 * len(extract(text, base_year=2023))


# Pieces that, repeated, once made extraction quadratic: digits, numerals, thousands
# groups, spaces after a number, a list of quantities or of class thresholds in one
# sentence, short header-like lines.
RUN_PIECES = ["1", "万", "一", "亿", ",000", " ", "5个、", "1亿元以上、", "指标名称\n", "增长5%,",
              "十", "0.", "|"]  # fmt: skip


@given(st.lists(st.sampled_from(RUN_PIECES), min_size=1, max_size=3), st.text(max_size=20))
@settings(max_examples=8, deadline=None)
def test_time_is_linear_in_long_adversarial_runs(pieces: list[str], around: str) -> None:
    """12× the input may take about 12× the time (never 144×, as a quadratic scan did)."""

    def seconds(chars: int) -> float:
        unit = "".join(pieces)
        text = around + unit * (chars // len(unit)) + around
        best = float("inf")
        for _ in range(2):  # best of two: a busy machine only ever slows a run down
            t = time.perf_counter()
            extract(text)
            best = min(best, time.perf_counter() - t)
        return best

    small, large = seconds(1_000), seconds(12_000)
    assert large <= 40 * small + 0.3, (pieces, small, large)
