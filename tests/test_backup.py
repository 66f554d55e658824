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
    with pytest.raises(StoreError, match="no such backup"):
        restore(db.engine, tmp_path / "missing.bak")
