"""Which unit should lead a newly imported target (牵头单位): a suggestion the clerk confirms.

Two sources, the office's own record first:
1. **Past assignments**: a target of an earlier plan with a similar name (the bigram Dice of
   ``reconcile.similarity``) and the unit that led it.
2. **Topic words** (``lead_topics.toml``): 就业 → the 人社 unit, 学位 → the 教育 unit …, matched
   against the units that exist by the words their names hold (区人社局, 人力资源和社会保障局).

Pure: units and past assignments come in as plain values; nothing here reads the database.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .reconcile import similarity

__all__ = ["MIN_SIMILARITY", "PastLead", "Suggestion", "Topic", "UnitChoice", "suggest", "topics"]

# below this, two names share words rather than a task (新增学位 vs 新增就业: 0.33)
MIN_SIMILARITY = 0.6


@dataclass(frozen=True, slots=True)
class UnitChoice:
    """A unit that may lead; places (towns, parks) are never suggested by topic."""

    id: int
    name: str
    place: bool = False


@dataclass(frozen=True, slots=True)
class PastLead:
    """A target of an existing plan and the unit that led it."""

    name: str
    year: int
    unit_id: int
    unit: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    unit_id: int
    unit: str
    reason: str  # for the clerk, in Chinese
    source: str  # "past" or "topic"


@dataclass(frozen=True, slots=True)
class Topic:
    label: str
    unit_words: tuple[str, ...]
    words: tuple[str, ...]


@cache
def topics() -> tuple[Topic, ...]:
    with (Path(__file__).parent / "lead_topics.toml").open("rb") as f:
        data = tomllib.load(f)
    return tuple(
        Topic(k["label"], tuple(k["unit"]), tuple(k["topics"])) for k in data.get("kind", ())
    )


def _from_past(name: str, year: int, past: Sequence[PastLead]) -> Suggestion | None:
    scored = [(similarity(name, p.name), p.year, p) for p in past]
    scored = [s for s in scored if s[0] >= MIN_SIMILARITY]
    if not scored:
        return None
    _, _, best = max(scored, key=lambda s: (s[0], s[1]))  # most similar, then most recent
    when = "往年" if best.year < year else "已有计划中"
    same = "" if best.name == name else f"「{best.name}」"
    return Suggestion(best.unit_id, best.unit, f"{when}同类任务{same}由{best.unit}牵头", "past")


def _unit_of(topic: Topic, units: Sequence[UnitChoice]) -> UnitChoice | None:
    """The department whose name holds the topic's unit word; the shortest name if several."""
    found = [u for u in units if not u.place and any(w in u.name for w in topic.unit_words)]
    return min(found, key=lambda u: (len(u.name), u.id)) if found else None


def _from_topic(
    name: str, units: Sequence[UnitChoice], table: Sequence[Topic]
) -> Suggestion | None:
    hits = sorted(
        (name.find(w), -len(w), i, w) for i, t in enumerate(table) for w in t.words if w in name
    )
    for _, _, i, word in hits:  # the first word in the name whose kind of unit exists here
        unit = _unit_of(table[i], units)
        if unit is not None:
            return Suggestion(unit.id, unit.name, f"涉及{word}", "topic")
    return None


def suggest(
    name: str,
    year: int,
    units: Sequence[UnitChoice],
    past: Sequence[PastLead] = (),
    table: Sequence[Topic] | None = None,
) -> Suggestion | None:
    """The unit to propose as lead of a target named ``name`` in a plan for ``year``."""
    return _from_past(name, year, past) or _from_topic(
        name, units, topics() if table is None else table
    )
