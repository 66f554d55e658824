"""What every register command needs: the database, the actor, clean errors."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ..store import Database

F = TypeVar("F", bound=Callable[..., Any])
_DB = "luoshi.database"


def database(ctx: click.Context) -> Database:
    from ..store import Database

    # One database per invocation, kept in the invocation's own ``meta`` (not in ``obj``,
    # which a caller may pass to several invocations): its connections close with the
    # command, not whenever the garbage collector gets to them.
    root = ctx.find_root()
    db: Database | None = root.meta.get(_DB)
    if db is None:
        db = root.meta[_DB] = Database(ctx.ensure_object(dict).get("db_url"))
        root.call_on_close(db.dispose)
    return db


def actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "cli"


def fail(message: str) -> None:
    click.echo(f"luoshi: {message}", err=True)
    sys.exit(2)


def user_errors(fn: F) -> F:
    """Turn the errors a user can cause into one line and exit status 2, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # imported when a command runs, not when --help lists it
        from sqlalchemy.exc import SQLAlchemyError

        from ..ingest import IngestError
        from ..store.repo import StoreError

        try:
            return fn(*args, **kwargs)
        except (StoreError, IngestError) as e:
            fail(str(e))
        except SQLAlchemyError as e:
            fail(f"database error: {str(e.orig if hasattr(e, 'orig') else e).splitlines()[0]}")

    return wrapper  # type: ignore[return-value]
