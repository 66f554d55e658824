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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise StoreError(f"{target}：这是一个目录，请给出备份文件的名字")
        if engine.dialect.name == "sqlite":
            src = sqlite3.connect(_sqlite_path(engine))
            try:
                dst = sqlite3.connect(target)
                try:
                    with dst:
                        src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
            return target
    except (OSError, sqlite3.Error) as e:
        raise StoreError(f"无法写入备份文件 {target}：{_reason(e)}") from None
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


def _reason(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        return {13: "没有写入权限", 2: "目录不存在", 28: "磁盘已满", 30: "只读文件系统"}.get(
            e.errno or 0, e.strerror
        )
    return str(e).splitlines()[0] if str(e) else type(e).__name__


def known_revisions() -> set[str]:
    """Every schema version this luoshi knows (its migration scripts)."""
    from alembic.script import ScriptDirectory

    from .db import alembic_config

    script = ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type]
    return {rev.revision for rev in script.walk_revisions()}


def check_sqlite_backup(source: Path) -> str:
    """The backup's schema version, after checking it is a whole luoshi database."""
    with source.open("rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise StoreError(f"{source}：不是落实系统的 SQLite 备份文件")
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise StoreError(f"{source}：备份文件已损坏或不完整（可能被截断），未做任何改动")
            has = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'")
            row = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if (has.fetchone())
                else None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise StoreError(f"{source}：备份文件已损坏或不完整（可能被截断），未做任何改动") from None
    if row is None:
        raise StoreError(f"{source}：这不是落实系统的数据库备份，未做任何改动")
    if row[0] not in known_revisions():
        raise StoreError(
            f"{source}：备份的数据库版本（{row[0]}）本程序不认识（可能来自更新的版本），未做任何改动"
        )
    return str(row[0])


def check_pg_backup(source: Path) -> str:
    """The schema version inside a pg_dump archive, after checking it is luoshi's."""
    run = subprocess.run(
        [_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(source)],
        capture_output=True, text=True,
    )  # fmt: skip
    if run.returncode != 0:
        raise StoreError(
            f"{source}：不是完整的 PostgreSQL 备份（pg_dump 自定义格式），未做任何改动"
        )
    lines = run.stdout.splitlines()
    start = next(
        (i for i, x in enumerate(lines) if x.startswith("COPY ") and "alembic_version" in x), None
    )
    version = lines[start + 1].strip() if start is not None and start + 1 < len(lines) else ""
    if not version or version == "\\.":
        raise StoreError(f"{source}：这不是落实系统的数据库备份，未做任何改动")
    if version not in known_revisions():
        raise StoreError(
            f"{source}：备份的数据库版本（{version}）本程序不认识（可能来自更新的版本），未做任何改动"
        )
    return version


def _no_writers(path: str, force: bool) -> None:
    """Refuse while another program holds or is taking the write lock (unless forced)."""
    conn = sqlite3.connect(path, timeout=30 if force else 0.2, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError:
        raise StoreError(
            "有其他程序（网页服务或导入）正在写入数据库：请先停止它们再恢复，或加 --force 强制恢复"
        ) from None
    finally:
        conn.close()


def restore(engine: Engine, source: Path, *, force: bool = False) -> None:
    """Replace the database's contents with the backup in ``source``.

    The backup is checked first (a whole SQLite file, a luoshi schema of a known
    version); nothing is replaced otherwise. The restored database is then migrated
    to this version's schema.
    """
    if not source.is_file():
        raise StoreError(f"{source}：没有这个备份文件")
    if engine.dialect.name == "sqlite":
        check_sqlite_backup(source)
        target = _sqlite_path(engine)
        engine.dispose()  # no pooled connection may hold the old contents
        _no_writers(target, force)
        src = sqlite3.connect(source)
        dst = sqlite3.connect(target)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
            src.close()
        _upgrade(engine)
        return
    engine.dispose()
    if engine.dialect.name == "postgresql":
        check_pg_backup(source)
        run = subprocess.run(
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--dbname={_libpq_url(engine)}", str(source)],
            capture_output=True, text=True,
        )  # fmt: skip
        if run.returncode != 0:
            raise StoreError(f"pg_restore failed: {run.stderr.strip().splitlines()[-1:]}")
        _upgrade(engine)
        return
    raise StoreError(f"restore of {engine.dialect.name} databases is not supported")


def _upgrade(engine: Engine) -> None:
    from .db import upgrade

    upgrade(engine)  # a backup of an older known version gets this version's schema
    engine.dispose()
