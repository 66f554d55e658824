from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The read-only ../shared folder every developer and CI run has beside the repo."""
    candidates = [os.environ.get("LUOSHI_SHARED", ""), str(REPO.parent / "shared"), "/work/shared"]
    for c in candidates:
        if c and (Path(c) / "tools" / "score_indicators.py").is_file():
            return Path(c)
    raise FileNotFoundError(
        "../shared (annotated documents and scorer) not found; set LUOSHI_SHARED to its path"
    )


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_dir()
