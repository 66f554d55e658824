"""How alike two names are: the Dice coefficient of their character bigrams.

One measure for the extraction scorer (a predicted indicator name against the gold
one) and for reconciling a review's results with a plan's targets. Callers fold
what their texts need first (traditional characters, pinyin glosses); whitespace
never counts.
"""

from __future__ import annotations

__all__ = ["bigrams", "dice"]


def bigrams(s: str) -> set[str]:
    """The character pairs of ``s`` without whitespace; a one-character name is its own pair."""
    s = "".join(s.split())
    return {s[i : i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def dice(a: str, b: str) -> float:
    """2·|shared bigrams| ÷ (|bigrams of a| + |bigrams of b|): 1 for the same name, 0 for none shared."""
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0
