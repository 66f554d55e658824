"""Terminal width of Chinese text: a CJK character takes two columns."""

from __future__ import annotations

from unicodedata import east_asian_width


def width(s: str) -> int:
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in s)


def fit(s: str, cols: int) -> str:
    """Cut ``s`` to at most ``cols`` columns, marking the cut with …."""
    if width(s) <= cols:
        return s
    out, used = [], 0
    for ch in s:
        w = 2 if east_asian_width(ch) in "WF" else 1
        if used + w > cols - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(s: str, cols: int) -> str:
    return s + " " * max(0, cols - width(s))
