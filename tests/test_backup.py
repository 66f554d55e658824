"""Backup and restore on SQLite (backup API) and PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from luoshi.store import Database
from luoshi.store.backup import backup, restore
from luoshi.store.models import Unit
from luoshi.store.repo import StoreError


def _names(db: Database) -> list[str]:
    with db.transaction() as s:
        return sorted(s.scalars(select(Unit.name)))


def test_backup_then_restore(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        s.add_all([Unit(name="区发改委"), Unit(name="湖塘镇", kind="place")])
    copy = backup(db.engine, tmp_path / "backups" / "luoshi.bak")
    assert copy.stat().st_size > 0
    with db.transaction() as s:
        s.add(Unit(name="after the backup"))
        s.execute(Unit.__table__.delete().where(Unit.name == "区发改委"))
    assert _names(db) == ["after the backup", "湖塘镇"]
    restore(db.engine, copy)
    assert _names(db) == ["区发改委", "湖塘镇"]
    with db.transaction() as s:  # the restored database still takes writes
        s.add(Unit(name="区科技局"))
        assert s.scalar(select(func.count()).select_from(Unit)) == 3


def test_restore_refuses_a_wrong_file(db: Database, tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-backup.bak"
    bogus.write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError):
        restore(db.engine, bogus)
    with pytest.raises(StoreError, match="没有这个备份文件"):
        restore(db.engine, tmp_path / "missing.bak")


def test_restore_checks_the_backup_before_replacing_anything(db: Database, tmp_path: Path) -> None:
    import sqlite3

    with db.transaction() as s:
        s.add(Unit(name="区发改委"))
    copy = backup(db.engine, tmp_path / "luoshi.bak")
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:  # a SQLite file of some other program
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    truncated = tmp_path / "truncated.bak"
    truncated.write_bytes(copy.read_bytes()[: copy.stat().st_size // 3])
    if db.engine.dialect.name == "sqlite":
        future = tmp_path / "future.bak"
        future.write_bytes(copy.read_bytes())
        with sqlite3.connect(future) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999'")
        cases = {foreign: "不是落实系统的数据库备份", truncated: "不完整", future: "9999"}
    else:  # a SQLite file is no pg_dump archive, whole or not
        cases = {foreign: "不是完整的 PostgreSQL 备份", truncated: "不是完整的 PostgreSQL 备份"}
    for bad, why in cases.items():
        with pytest.raises(StoreError, match=why):
            restore(db.engine, bad)
        assert _names(db) == ["区发改委"]  # nothing replaced


def test_backup_to_a_bad_path_is_one_line(db: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="无法写入备份文件"):
        backup(db.engine, blocker / "sub" / "luoshi.bak")


def test_restore_refuses_while_a_writer_holds_the_database(tmp_path: Path) -> None:
    import sqlite3

    db = Database(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    copy = backup(db.engine, tmp_path / "live.bak")
    writer = sqlite3.connect(tmp_path / "live.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="--force"):
            restore(db.engine, copy)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    restore(db.engine, copy)  # once the writer is gone
    db.dispose()
