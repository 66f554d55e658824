"""Column roles from header words: the words live in roles.toml, the matching here."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["ROLES", "header_key", "role_of_header", "vocabulary"]

# Every role a column can have; "other" keeps a column as written, "" is an empty column.
ROLES: tuple[str, ...] = (
    "seq", "area", "name", "content", "value", "unit", "comparator", "measure", "weight",
    "lead_official", "lead_unit", "coop_units", "responsible", "due", "frequency", "schedule",
    "latest", "completion", "time_progress", "status", "note", "id", "other",
)  # fmt: skip

_BRACKETS = r"[(\[【〔]([^)\]】〕]*)[)\]】〕]"
_YEAR_TARGET = re.compile(r"(?:\d{4}年度?|年度|全年)目标值?")


@cache
def vocabulary() -> dict[str, Any]:
    with (Path(__file__).parent / "roles.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def _exact() -> dict[str, str]:
    return {word: role for role, words in vocabulary()["exact"].items() for word in words}


def header_key(text: str) -> tuple[str, str]:
    """(name, bracket content) of a header cell: ``目标值\\n（亿元）`` → (目标值, 亿元)."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
    inside = "".join(re.findall(_BRACKETS, s))
    return re.sub(r"[/、.:·_\-*]", "", re.sub(_BRACKETS, "", s)), inside


def role_of_header(key: str) -> str | None:
    """The role a header names, or None when no word of it is known."""
    if key in _exact():
        return _exact()[key]
    if _YEAR_TARGET.fullmatch(key):
        return "value"
    if not key or len(key) > 16:
        return None  # a sentence is not a header
    for rule in vocabulary()["contains"]:
        if any(word in key for word in rule["words"]):
            return str(rule["role"])
    return None
