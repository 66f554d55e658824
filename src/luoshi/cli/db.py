"""``luoshi db``: create and migrate the database."""

from __future__ import annotations

from pathlib import Path

import click

from .common import user_errors


@click.group()
def db() -> None:
    """The register's database (SQLite by default, PostgreSQL by URL)."""


@db.command("upgrade")
@click.pass_context
@user_errors
def db_upgrade(ctx: click.Context) -> None:
    """Create the database or migrate it to the latest schema."""
    from ..store.db import current_revision, default_url, make_engine, upgrade

    url = ctx.obj.get("db_url") or default_url()
    engine = make_engine(url)
    try:  # closed on a refusal too: a pooled connection must not wait for the collector
        before = current_revision(engine)
        upgrade(engine)
        after = current_revision(engine)
    finally:
        engine.dispose()
    shown = engine.url.render_as_string(hide_password=True)
    click.echo(f"{shown}: {before or 'empty'} → {after}")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
@user_errors
def backup_cmd(ctx: click.Context, path: Path) -> None:
    """Take a consistent online copy of the database (SQLite backup API, or pg_dump)."""
    from ..store.backup import backup
    from ..store.db import default_url, make_engine

    engine = make_engine(ctx.obj.get("db_url") or default_url())
    try:
        backup(engine, path)
    finally:
        engine.dispose()
    click.echo(f"backup written to {path}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@click.option("--force", is_flag=True, help="Restore even while another program is writing.")
@click.pass_context
@user_errors
def restore_cmd(ctx: click.Context, path: Path, yes: bool, force: bool) -> None:
    """Replace the database's contents with the backup in PATH."""
    from ..store.backup import restore
    from ..store.db import default_url, make_engine

    engine = make_engine(ctx.obj.get("db_url") or default_url())
    shown = engine.url.render_as_string(hide_password=True)
    try:
        if not yes:
            click.confirm(f"replace everything in {shown} with {path}?", abort=True)
        restore(engine, path, force=force)
    finally:
        engine.dispose()
    click.echo(f"{shown} restored from {path}")
