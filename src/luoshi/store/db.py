"""Where the register lives: a SQLite file by default, PostgreSQL by URL.

``LUOSHI_DATABASE_URL`` (an SQLAlchemy URL) chooses the database; without it,
``$LUOSHI_HOME/luoshi.sqlite3`` (default ``~/.local/share/luoshi``). A new
database is created and migrated to the latest schema on first use.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ..settings import ENV_HOME, ENV_URL, default_url, home

__all__ = ["ENV_HOME", "ENV_URL", "Database", "default_url", "home", "make_engine", "upgrade"]


SQLITE_BUSY_MS = 10_000


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")  # SQLite retries with backoff meanwhile
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


# More connections than the web server's worker threads (anyio's default is 40): a
# request holds its connection until its dependency's teardown runs in a worker thread,
# so a smaller pool can leave every thread waiting for a connection none can free.
POOL: dict[str, int] = {"pool_size": 10, "max_overflow": 50, "pool_timeout": 30}


def make_engine(url: str | None = None) -> Engine:
    url = url or default_url()
    if url.startswith("sqlite"):
        path = make_url(url).database or ":memory:"
        in_memory = path == ":memory:"  # one connection, no pool to size
        if not in_memory:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url) if in_memory else create_engine(url, **POOL)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, **POOL)


# SQLite: locked/busy; PostgreSQL: serialization failure, deadlock, lock not available
_BUSY_STATES = frozenset({"40001", "40P01", "55P03"})


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means "another writer is in the way; try again"."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) in _BUSY_STATES:
        return True
    text = str(orig).lower()
    return "database is locked" in text or "database is busy" in text


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "luoshi.store:migrations")
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (all migrations run in one transaction each)."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


class Database:
    """An engine plus a session factory; every unit of work is one transaction."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = url or default_url()
        self.engine = make_engine(self.url)
        if migrate:
            try:
                upgrade(self.engine)
            except BaseException:
                self.engine.dispose()  # no caller holds it to close: do it before the error
                raise
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[Session]:
        """A session whose changes all land on success, or none on any error.

        ``write``: on SQLite, take the write lock first (``BEGIN IMMEDIATE``) so the
        transaction waits for other writers instead of failing when it starts to write.
        """
        with self._sessions() as session, session.begin():
            if write and self.engine.dialect.name == "sqlite":
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session

    def session(self) -> Session:
        return self._sessions()

    def dispose(self) -> None:
        self.engine.dispose()
