"""`luoshi --help` and `luoshi extract` load no database, spreadsheet or web library.

The time itself is measured by benchmarks/startup.py; this guards the cause: a command
module that imports SQLAlchemy, Alembic, openpyxl or FastAPI at its top costs every
command two seconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "alembic", "openpyxl", "fastapi", "argon2", "matplotlib")
SEED = Path(__file__).resolve().parent.parent / "data" / "seed.txt"

PROBE = """
import sys
from click.testing import CliRunner
from luoshi.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
assert result.exit_code == 0, result.output
print(" ".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


@pytest.mark.parametrize("args", [["--help"], ["extract", str(SEED)]], ids=["help", "extract"])
def test_light_commands_load_no_heavy_library(args: list[str]) -> None:
    out = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == ""
