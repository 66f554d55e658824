"""The task table as an Excel workbook: kept importable from here (see ``register.tasktable``)."""

from __future__ import annotations

from .tasktable import (
    FIELDS,
    HEADERS,
    LABELS,
    SHEET,
    Problem,
    RegisterImport,
    RegisterRow,
    read_register,
    set_text_cell,
    write_register,
)
from .tasktable.schema import LIGHT_FILLS

__all__ = [
    "FIELDS",
    "HEADERS",
    "LABELS",
    "LIGHT_FILLS",
    "SHEET",
    "Problem",
    "RegisterImport",
    "RegisterRow",
    "read_register",
    "set_text_cell",
    "write_register",
]
