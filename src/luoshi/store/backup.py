"""Consistent online copies of the register, and putting one back.

SQLite: the backup API copies pages while other connections keep working.
PostgreSQL: ``pg_dump``'s custom format (a snapshot), restored by ``pg_restore``.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from .repo import StoreError


def _sqlite_path(engine: Engine) -> str:
    path = engine.url.database
    if not path or path == ":memory:":
        raise StoreError("an in-memory database has nothing to back up")
    return path


def _libpq_url(engine: Engine) -> str:
    url = make_url(engine.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise StoreError(
            f"{name} not found: install the PostgreSQL client (Debian: postgresql-client)"
        )
    return found


def backup(engine: Engine, target: Path) -> Path:
    """Write a consistent copy of the database to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        src = sqlite3.connect(_sqlite_path(engine))
        dst = sqlite3.connect(target)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
            src.close()
        return target
    if engine.dialect.name == "postgresql":
        run = subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}",
             f"--dbname={_libpq_url(engine)}"],
            capture_output=True, text=True,
        )  # fmt: skip
        if run.returncode != 0:
            raise StoreError(f"pg_dump failed: {run.stderr.strip().splitlines()[-1:]}")
        return target
    raise StoreError(f"backup of {engine.dialect.name} databases is not supported")


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's contents with the backup in ``source``."""
    if not source.is_file():
        raise StoreError(f"{source}: no such backup file")
    engine.dispose()  # no pooled connection may hold the old contents
    if engine.dialect.name == "sqlite":
        with source.open("rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                raise StoreError(f"{source}: not a SQLite backup")
        src = sqlite3.connect(source)
        dst = sqlite3.connect(_sqlite_path(engine))
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
            src.close()
        return
    if engine.dialect.name == "postgresql":
        run = subprocess.run(
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--dbname={_libpq_url(engine)}", str(source)],
            capture_output=True, text=True,
        )  # fmt: skip
        if run.returncode != 0:
            raise StoreError(f"pg_restore failed: {run.stderr.strip().splitlines()[-1:]}")
        return
    raise StoreError(f"restore of {engine.dialect.name} databases is not supported")
