"""luoshi (落实): turn a Chinese government's plan into targets that get carried out."""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .extract import Mention, extract, iter_extract

__all__ = ["Mention", "__version__", "extract", "iter_extract"]

_FROM_EXTRACT = ("Mention", "extract", "iter_extract")


def __getattr__(name: str) -> Any:
    if name == "__version__":  # one source of truth: the version in pyproject.toml
        from importlib.metadata import version

        return version(__name__)
    # the extractor (its tables and patterns) loads on first use, not with every command
    if name in _FROM_EXTRACT:
        value = getattr(import_module(".extract", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(ModuleType):
    """``luoshi.extract`` names the function, as ``from .extract import extract`` made it:
    the import system binds the subpackage to that name when it loads it, and gets the
    function instead."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "extract" and isinstance(value, ModuleType):
            value = value.extract
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
