"""Properties that hold for any text: no crash, spans point at what they say, chunking is invisible."""

from __future__ import annotations

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
