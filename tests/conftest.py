from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Passwords in tests are hashed with argon2's cheapest parameters (configuration, read by
# luoshi.accounts): the default costs ~50 ms a hash, about half of the web tests' time.
os.environ.setdefault("LUOSHI_PASSWORD_HASHING", "cheapest")


CORPUS = REPO / "data" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The annotated documents and task tables kept in the repository (data/corpus)."""
    return CORPUS


POSTGRES_ENV = "LUOSHI_TEST_POSTGRES_URL"


def _fresh_postgres(url: str) -> str:
    """Empty the test database: each test starts from a schema made by the migrations."""
    from sqlalchemy import text

    from luoshi.store.db import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """A database of this test run's own on the server, so parallel runs cannot collide."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        yield None
        return
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from luoshi.store.db import make_engine

    name = f"luoshi_test_{os.getpid()}"
    admin = make_engine(url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str | None) -> str:
    """Every storage test runs on the embedded default and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'luoshi.sqlite3'}"
    if not postgres_url:
        if os.environ.get("LUOSHI_SKIP_POSTGRES") == "1":
            pytest.skip("LUOSHI_SKIP_POSTGRES=1")
        pytest.fail(
            f"{POSTGRES_ENV} is not set: run the tests with `make test`, which starts PostgreSQL"
        )
    return _fresh_postgres(postgres_url)


@pytest.fixture
def db(db_url: str):  # type: ignore[no-untyped-def]
    from luoshi.store import Database

    database = Database(db_url)
    yield database
    database.dispose()
