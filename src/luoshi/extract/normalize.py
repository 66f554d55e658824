"""A simplified, ASCII-digit copy of the text, with a map back to the original.

Cues and units are matched on this copy; spans and names are always cut from
the original, so traditional text keeps its script and offsets stay exact.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .t2s_table import SIMPLIFIED, TRADITIONAL

_FULLWIDTH = "０１２３４５６７８９％．，；：（）！？＋－／～　"
_ASCII = "0123456789%.,;:()!?+-/~ "
_T2S = str.maketrans(TRADITIONAL, SIMPLIFIED)
_TABLE = str.maketrans(TRADITIONAL + _FULLWIDTH + "﹪", SIMPLIFIED + _ASCII + "%")


def simplified(s: str) -> str:
    """Traditional characters folded to simplified, one to one (the one place this is done):
    the result has the length of ``s``, so positions found in it are positions in ``s``."""
    return s.translate(_T2S)


# Pinyin that some sites insert after each character: 報(bào)告 → 報告.
_PINYIN_NOISE = re.compile(
    r"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,7}\)"
)


@dataclass(frozen=True, slots=True)
class Normalized:
    """``text`` is the normalised copy; ``to_original`` maps its offsets back."""

    text: str
    # offsets in ``text`` after which characters were removed, and how many in all
    _cuts: tuple[int, ...] = ()
    _removed: tuple[int, ...] = ()

    def to_original(self, pos: int) -> int:
        i = bisect_right(self._cuts, pos)
        return pos + (self._removed[i - 1] if i else 0)


# A single space that PDF layout puts between characters of one phrase: 增长 6.0%,
# 2019 年, 公 顷, 369 亿元. Dropped from the copy; two numbers side by side keep theirs.
_LAYOUT_SPACE = r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff0-9])|(?<=[0-9%]) (?=[\u4e00-\u9fff])"
# A page number that PDF extraction left inside a sentence: 增\n- 7 -\n长, 增 - 12 - 长
_PAGE_NUMBER = (
    r"(?<=[\u4e00-\u9fff,、])[ \t\u3000]*\n?[ \t\u3000]*(?:[-—–][ \t\u3000]*[0-9]{1,4}[ \t\u3000]*[-—–]"
    r"|第[ \t\u3000]*[0-9]{1,4}[ \t\u3000]*页)[ \t\u3000]*\n?[ \t\u3000]*(?=[\u4e00-\u9fff0-9])"
)
# A footnote mark after a number: 4.53*万人, 18.62※万人
_FOOTNOTE = r"(?<=[0-9])[*※](?=[ \t]?[\u4e00-\u9fff%])"
_DROPPED = re.compile(f"{_PINYIN_NOISE.pattern}|{_PAGE_NUMBER}|{_FOOTNOTE}|{_LAYOUT_SPACE}")


def normalize(text: str) -> Normalized:
    simple = text.translate(_TABLE)
    cuts: list[int] = []
    removed: list[int] = []
    pieces: list[str] = []
    last = total = 0
    for m in _DROPPED.finditer(simple):
        pieces.append(simple[last : m.start()])
        total += m.end() - m.start()
        cuts.append(m.start() - (total - (m.end() - m.start())))
        removed.append(total)
        last = m.end()
    if not cuts:
        return Normalized(simple)
    pieces.append(simple[last:])
    return Normalized("".join(pieces), tuple(cuts), tuple(removed))
