"""The record the extractor returns: one quantified indicator and its evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Comparator = Literal["=", ">=", "<=", "~"]
Measure = Literal["level", "growth", "ratio"]
Kind = Literal["target", "actual", "forecast"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One indicator mention (spec: docs/indicators.md §3).

    ``start``/``end`` are offsets into the text as given to ``extract``;
    ``text`` is that slice, so the value is always kept with its evidence.
    """

    start: int
    end: int
    text: str
    value: float
    unit: str
    comparator: Comparator
    measure: Measure
    kind: Kind
    year: int | None
    indicator: str
    sentence: str
    section: str
    topic: str = ""  # the lead sentence of its paragraph, when it has one (an area of work)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if float(self.value).is_integer() and abs(self.value) < 2**53:
            d["value"] = int(self.value)
        return d


@dataclass(frozen=True, slots=True)
class Milestone:
    """A commitment without a number: a dated outcome (保障理想三基地明年投产), or with
    ``task`` a work item of a plan's goal-setting passage (深化镇域综合执法改革)."""

    start: int
    end: int
    text: str
    year: int | None
    sentence: str
    section: str
    topic: str = ""
    task: bool = False  # a qualitative work item rather than a dated outcome
    deadline: str = ""  # as written: 年底前, 上半年 …
